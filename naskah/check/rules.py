"""The rule table (``naskah/data/check/rules.yaml``) and the :class:`Checker` every rule reports to.

Rules are data: their ids, default severities and the words of their messages live in the YAML
file so a rule's wording or default can change without touching the code that finds problems,
and ``check --rules`` can list them. A thesis changes severities in ``thesis.yaml``
(``check: {rules: {ID: error | warning | off}}``); the Checker applies that once, at emission.

Problems found by the build pipeline itself (reader, cross-references, notes engine) carry the
rule id they were raised with (see :mod:`naskah.diagnostics`); :meth:`Checker.absorb` files them
under it, so the student sees one list with one set of ids whatever stage found the problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Diagnostic, Report, Severity

SEVERITIES = ("error", "warning", "off")


@dataclass(frozen=True)
class Rule:
    """One rule of the table."""

    id: str
    severity: Severity
    scope: str
    summary: str
    messages: dict[str, str] = field(default_factory=dict)
    fixed: bool = False
    data: dict[str, Any] = field(default_factory=dict)
    """Any further keys of the rule's entry (e.g. the fields each entry type needs)."""


STANDARD_KEYS = {"severity", "scope", "summary", "messages", "fixed"}


@cache
def rules() -> dict[str, Rule]:
    """Every rule by id, in the order of the data file."""
    text = resources.files("naskah.data").joinpath("check/rules.yaml").read_text("utf-8")
    out: dict[str, Rule] = {}
    for rid, data in yaml.safe_load(text).items():
        out[rid] = Rule(id=rid, severity=data["severity"], scope=data["scope"],
                        summary=data["summary"], messages=dict(data.get("messages") or {}),
                        fixed=bool(data.get("fixed")),
                        data={k: v for k, v in data.items() if k not in STANDARD_KEYS})
    return out


class Checker(Report):
    """A report whose diagnostics carry rule ids, with the thesis's severity overrides."""

    def __init__(self, overrides: dict[str, str] | None = None):
        super().__init__()
        self.overrides: dict[str, str] = {}
        self._seen: set[tuple[Any, ...]] = set()
        self._own: set[tuple[str, str | None, int | None]] = set()
        self.outputs: dict[str, Path] = {}
        """What ``check --built`` wrote, by target."""
        if overrides:
            self.set_overrides(overrides)

    # -- configuration ---------------------------------------------------------------------------
    def set_overrides(self, overrides: dict[str, str], where: dict[str, tuple[int, int]] | None
                      = None) -> None:
        """Take ``check.rules`` from thesis.yaml; report unknown ids and bad values there."""
        where = where or {}
        table = rules()
        for rid, raw in overrides.items():
            line, col = where.get(rid, (None, None))
            # YAML 1.1 reads an unquoted `off` as false: that is what the student meant.
            value = "off" if str(raw).lower() in ("false", "off", "no") else str(raw).lower()
            if rid not in table:
                close = [r for r in table if r.replace("-", "") == rid.replace("-", "").replace(
                    "_", "").lower()]
                hint = f" (did you mean '{close[0]}'?)" if close else " (see 'check --rules')"
                self.emit("config", "unknown-rule", "thesis.yaml", line, col,
                          severity="warning", rule=rid, hint=hint)
            elif value not in SEVERITIES:
                self.emit("config", "bad-severity", "thesis.yaml", line, col, rule=rid,
                          value=raw)
            elif table[rid].fixed:
                self.emit("config", "fixed", "thesis.yaml", line, col, severity="warning",
                          rule=rid)
            else:
                self.overrides[rid] = value

    def severity(self, rule_id: str) -> str:
        """The effective severity of a rule for this thesis: error, warning or off."""
        return self.overrides.get(rule_id, rules()[rule_id].severity)

    def enabled(self, *rule_ids: str) -> bool:
        """Whether any of these rules reports at all (lets a rule skip costly work)."""
        return any(self.severity(r) != "off" for r in rule_ids)

    # -- reporting ---------------------------------------------------------------------------------
    def emit(self, rule_id: str, message_key: str, file: str | None = None,
             line: int | None = None, column: int | None = None, *,
             severity: str | None = None, **words: Any) -> None:
        """Report a problem with the rule's wording ``message_key`` filled from ``words``."""
        template = rules()[rule_id].messages[message_key]
        self.add(rule_id, template.format(**words), file, line, column, severity=severity)
        self._own.add((rule_id, file, line))

    def add(self, rule_id: str, message: str, file: str | None = None, line: int | None = None,
            column: int | None = None, *, severity: str | None = None) -> None:
        """Report a problem with a ready message (``severity`` only for fixed rules or to
        soften one finding to a warning); an exact repeat is dropped."""
        level = self.severity(rule_id)
        if level == "off":
            return
        if severity == "warning" or (severity and rules()[rule_id].fixed):
            level = severity
        key = (rule_id, file, line, column, message)
        if key in self._seen:
            return
        self._seen.add(key)
        self.items.append(Diagnostic(level, message, file, line, column, rule_id))  # type: ignore[arg-type]

    def absorb(self, report: Report) -> None:
        """Take the pipeline's diagnostics, each under the rule it was raised with.

        A problem a check rule has already reported at the same place (the rule and the
        pipeline may both see an unknown key) is not repeated in the pipeline's words.
        """
        for d in report.items:
            rule_id = d.rule if d.rule in rules() else "build"
            if (rule_id, d.file, d.line) in self._own:
                continue
            fixed = rules()[rule_id].fixed
            self.add(rule_id, d.message, d.file, d.line, d.column,
                     severity=d.severity if fixed else None)

    # -- results -----------------------------------------------------------------------------------
    def sorted(self) -> list[Diagnostic]:
        """By file and line, the sources before the checked PDF and DOCX (an editor's error
        list reads top to bottom), problems without a file last."""
        def key(d: Diagnostic) -> tuple[Any, ...]:
            output = (d.file or "").endswith((".pdf", ".docx"))
            return (d.file is None, output, d.file or "", d.line or 0, d.column or 0)
        return sorted(self.items, key=key)

