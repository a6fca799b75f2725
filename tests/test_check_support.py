"""Helpers of the check tests: run ``naskah check`` in-process and read its three formats back.

Each format is parsed into the same :class:`Found` tuples, so one expectation (rule, file, line,
severity) is asserted against plain, GitHub and JSON output alike.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from naskah.cli import main

FORMATS = ("plain", "github", "json")
PLAIN = re.compile(r"^(?P<file>[^:\n]+?)(?::(?P<line>\d+))?(?::(?P<col>\d+))?: "
                   r"(?P<severity>error|warning): (?P<message>.*) \[(?P<rule>[\w-]+)\]$")
GITHUB = re.compile(r"^::(?P<severity>error|warning)(?: (?P<props>[^:]*))?::(?P<message>.*)$")


@dataclass(frozen=True)
class Found:
    """One diagnostic as printed, whatever the format."""

    rule: str
    file: str | None
    line: int | None
    severity: str
    column: int | None = None
    message: str = ""

    @property
    def key(self) -> tuple[str, str | None, int | None, str]:
        return (self.rule, self.file, self.line, self.severity)


def _unescape(text: str) -> str:
    for code, char in (("%0A", "\n"), ("%0D", "\r"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse(output: str, fmt: str) -> list[Found]:
    """The diagnostics of ``check`` output in one of the three formats."""
    if fmt == "json":
        return [Found(d["rule"], _norm(d["file"]), d["line"], d["severity"], d["column"],
                      d["message"]) for d in json.loads(output)]
    found = []
    for line in output.splitlines():
        if fmt == "plain":
            m = PLAIN.match(line)
            if m:
                found.append(Found(m["rule"], _norm(m["file"]), _int(m["line"]), m["severity"],
                                   _int(m["col"]), m["message"]))
            continue
        m = GITHUB.match(line)
        if not m:
            continue
        props = dict(p.split("=", 1) for p in (m["props"] or "").split(",") if p)
        message = _unescape(m["message"])
        rule = re.search(r" \[([\w-]+)\]$", message)
        assert props.get("title") == (rule.group(1) if rule else None)
        found.append(Found(_unescape(props["title"]), _norm(_unescape(props.get("file", ""))),
                           _int(props.get("line")), m["severity"], _int(props.get("col")),
                           message[: rule.start()] if rule else message))
    return found


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _norm(file: str | None) -> str | None:
    return file.rstrip("/") if file else None


def run_check(capsys: pytest.CaptureFixture[str], project: Path, fmt: str = "plain",
              *extra: str) -> tuple[int, list[Found], str]:
    """Exit status, diagnostics and raw stdout of ``naskah check`` on ``project``."""
    capsys.readouterr()
    status = main(["check", "--project", str(project), "--format", fmt, *extra])
    out = capsys.readouterr().out
    return status, parse(out, fmt), out


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first occurrence of ``text`` in a file."""
    for n, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if text in line:
            return n
    raise AssertionError(f"{text!r} not in {path}")


def append(path: Path, text: str) -> int:
    """Append ``text`` (after a blank line) to a file; the line its first line lands on."""
    current = path.read_text("utf-8")
    if not current.endswith("\n"):
        current += "\n"
    start = current.count("\n") + 2
    path.write_text(current + "\n" + text, encoding="utf-8")
    return start
