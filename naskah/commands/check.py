"""``naskah check``: the format check, printed for a person, for GitHub or for a program.

    plain   file:line:col: error|warning: message [rule-id], then a summary line
    github  ::error file=…,line=…,col=…,title=rule-id::message — annotations on the pull
            request (paths relative to the current folder, i.e. the repository root in CI)
    json    a list of {file, line, column, severity, rule, message}

Everything goes to stdout (it is the command's output, not a side remark). Exit status 1 when
there is an error, or with ``--strict`` a warning; 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from ..check import Checker, check_project, rules
from ..diagnostics import Diagnostic, Report

FORMATS = ("plain", "github", "json")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("check", parents=[common],
                       help="format check of the sources (and of built files with --pdf/--docx)",
                       description="Check the thesis against the university format. Rule "
                                   "severities can be changed in thesis.yaml: "
                                   "check: {rules: {RULE-ID: error | warning | off}}.")
    p.add_argument("--pdf", type=Path, metavar="FILE", help="also check this built PDF")
    p.add_argument("--docx", type=Path, metavar="FILE", help="also check this built DOCX")
    p.add_argument("--built", action="store_true",
                   help="build the PDF and DOCX first (into --out) and check them too")
    p.add_argument("--format", choices=FORMATS, default="plain", dest="output_format",
                   help="plain (default), github (workflow annotations) or json")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--rules", action="store_true", dest="list_rules",
                   help="list the rules with their severities and exit")


def run(args: argparse.Namespace, report: Report) -> int:
    project: Path = args.project
    if args.list_rules:
        return list_rules(project)
    checker = check_project(project, pdf=args.pdf, docx=args.docx, built=args.built,
                            out=args.out)
    if not args.quiet:
        for path in checker.outputs.values():
            print(f"wrote {path}", file=sys.stderr)
    items = checker.sorted()
    fmt = args.output_format
    if fmt == "json":
        print(json.dumps([as_json(d) for d in items], ensure_ascii=False, indent=2))
    else:
        for d in items:
            print(github(d, project) if fmt == "github" else d.format(with_rule=True))
        print(summary(checker))
    failed = bool(checker.errors) or (args.strict and bool(checker.warnings))
    sys.stdout.flush()
    return 1 if failed else 0


def as_json(d: Diagnostic) -> dict[str, Any]:
    return {"file": d.file, "line": d.line, "column": d.column, "severity": d.severity,
            "rule": d.rule, "message": d.message}


def summary(checker: Checker) -> str:
    errors, warnings = len(checker.errors), len(checker.warnings)
    if not errors and not warnings:
        return "check: no problems found"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return "check: " + ", ".join(parts)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_path(file: str, project: Path) -> str:
    """A project-relative path as GitHub wants it: relative to the repository root, which is
    ``GITHUB_WORKSPACE`` in a workflow (the thesis may be a subfolder, ``--project`` absolute),
    else the current folder."""
    path = (project / file).resolve()
    root = os.environ.get("GITHUB_WORKSPACE") or str(Path.cwd())
    try:
        return path.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def github(d: Diagnostic, project: Path) -> str:
    """One workflow command: ``::error file=…,line=…,col=…,title=…::message``."""
    props = []
    if d.file:
        props.append(f"file={_escape_property(github_path(d.file, project))}")
    if d.line:
        props.append(f"line={d.line}")
    if d.column:
        props.append(f"col={d.column}")
    if d.rule:
        props.append(f"title={_escape_property(d.rule)}")
    rule = f" [{d.rule}]" if d.rule else ""
    head = d.severity + (" " + ",".join(props) if props else "")
    return f"::{head}::{_escape_data(d.message + rule)}"


def list_rules(project: Path) -> int:
    """The rule table with this thesis's severities (``check --rules``)."""
    from ..config import load_config

    config = load_config(project.resolve(), Report()) if (project / "thesis.yaml").is_file() \
        else None
    checker = Checker()
    if config is not None:
        checker.set_overrides(config.check.rules)
    width = max(len(r) for r in rules())
    for rid, rule in rules().items():
        if rule.fixed:
            severity = "fixed"
        else:
            severity = checker.severity(rid)
            if severity != rule.severity:
                severity += f" (default {rule.severity})"
        print(f"{rid:<{width}}  {severity:<20}  {rule.scope:<7}  {rule.summary}")
    return 0
