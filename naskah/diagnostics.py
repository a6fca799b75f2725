"""Diagnostics: every problem the user can cause, with its location.

Errors are collected, never raised one at a time, so a student sees every problem of a build in
one run. A stage appends to a :class:`Report`; when a stage cannot go on it raises
:class:`BuildError` carrying the report. The CLI prints ``file:line:col: severity: message``
(the typst/GCC form, which editors can jump to) and exits with status 1.

Every diagnostic names its rule where it is raised, one of the ids of
``naskah/data/check/rules.yaml``::

    report.error(f"unknown citation key '{key}'", part.file, line, col, rule="unknown-citation")
    report.warning("this figure has no caption", part.file, line, rule="caption-missing")
    raise BuildError("Pandoc's DOCX writer failed: …")            # rule "build"

``rule`` is required (keyword-only): ``check`` files the problem under that id, so a thesis's
``check.rules`` overrides follow the problem, never its wording. Use ``"config"`` for
thesis.yaml, ``"build"`` for anything that only stops a build, or add a rule to the YAML file
(``tests/test_rules_table.py`` fails on an id the table does not have).
"""

from __future__ import annotations

import sys
import traceback
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One problem, located in a project file (paths are relative to the project folder)."""

    severity: Severity
    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    rule: str = "build"
    """The id in ``naskah/data/check/rules.yaml`` this problem belongs to."""

    def format(self, with_rule: bool = False) -> str:
        """``file:line:col: severity: message``, omitting what is unknown; ``with_rule`` adds
        `` [rule]`` (what ``check`` prints: the id a thesis can switch off)."""
        where = ""
        if self.file:
            where = self.file
            if self.line:
                where += f":{self.line}"
                if self.column:
                    where += f":{self.column}"
            where += ": "
        rule = f" [{self.rule}]" if with_rule and self.rule else ""
        return f"{where}{self.severity}: {self.message}{rule}"


@dataclass
class Report:
    """The diagnostics of one build, in the order they were found."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, file: str | None = None, line: int | None = None,
              column: int | None = None, *, rule: str) -> None:
        self.items.append(Diagnostic("error", message, file, line, column, rule))

    def warning(self, message: str, file: str | None = None, line: int | None = None,
                column: int | None = None, *, rule: str) -> None:
        self.items.append(Diagnostic("warning", message, file, line, column, rule))

    def extend(self, other: Report) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        """Stop the build when this stage found errors (warnings never stop it)."""
        if self.errors:
            raise BuildError(self)


class BuildError(Exception):
    """The thesis has errors; the report says which. Exit status 1, no traceback."""

    def __init__(self, report: Report | Diagnostic | str, *, rule: str = "build"):
        if isinstance(report, str):
            report = Diagnostic("error", report, rule=rule)
        if isinstance(report, Diagnostic):
            report = Report([report])
        self.report = report
        super().__init__("\n".join(d.format() for d in report.items))


def print_report(report: Report) -> None:
    """Every diagnostic on stderr, one line each, in the order found."""
    for d in report.items:
        print(d.format(), file=sys.stderr)


def print_internal_error(exc: BaseException, debug: bool) -> None:
    """An internal bug as one line asking for a report (``--debug``: the traceback)."""
    if debug:
        traceback.print_exception(exc)
        return
    message = " ".join(str(exc).split())  # one line, whatever the exception says
    print(f"naskah: internal error: {type(exc).__name__}: {message} — please report this "
          "with the thesis files if you can (run with --debug for details)", file=sys.stderr)
