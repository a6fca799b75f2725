"""Jinja over the thesis's Markdown, in a sandbox, with thesis.yaml as variables.

Markdown needs ``{#id}`` for heading and figure ids, which is Jinja's comment syntax, so Jinja
comments are written ``{%# … #%}`` here. Variables (``{{ author }}``) and statements
(``{% if … %}``) are as usual. An undefined variable is an error with its file and line.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

import jinja2

from .config import Thesis
from .diagnostics import Report
from .sandbox import LimitedEnvironment, environment, template_line

COMMENT_START, COMMENT_END = "{%#", "#%}"


def make_environment() -> LimitedEnvironment:
    """The sandboxed environment (:mod:`naskah.sandbox`) used for every Markdown source."""
    return environment(
        undefined=jinja2.StrictUndefined,
        comment_start_string=COMMENT_START,
        comment_end_string=COMMENT_END,
        keep_trailing_newline=True,
        autoescape=False,
    )


def variables(config: Thesis) -> dict[str, Any]:
    """thesis.yaml as template variables: every top-level key, and ``thesis`` for all of it."""
    data = dataclasses.asdict(config)
    return {**data, "thesis": data}


def render(env: LimitedEnvironment, text: str, file: str, context: dict[str, Any],
           report: Report) -> str | None:
    """Render one source; None (with an error in ``report``) when Jinja fails."""
    if "{{" not in text and "{%" not in text:
        return text
    try:
        template = env.from_string(text)
    except jinja2.TemplateSyntaxError as exc:
        report.error(f"template syntax: {exc.message}", file, exc.lineno, rule="build")
        return None
    try:
        return template.render(context)
    except jinja2.UndefinedError as exc:
        report.error(f"template: {exc.message}", file, template_line(exc), rule="build")
    except jinja2.exceptions.SecurityError as exc:
        report.error(f"template: not allowed in a thesis: {exc}", file, template_line(exc),
                     rule="build")
    except jinja2.TemplateError as exc:
        report.error(f"template: {exc}", file, template_line(exc), rule="build")
    except Exception as exc:  # noqa: BLE001 - any failure inside a template is the user's
        report.error(f"template: {type(exc).__name__}: {exc}", file, template_line(exc),
                     rule="build")
    return None


def line_map(source: str, rendered: str) -> list[int]:
    """For each rendered line, the source line it came from (1-based)."""
    src, out = source.split("\n"), rendered.split("\n")
    if len(src) == len(out):
        return list(range(1, len(out) + 1))
    mapping = [0] * len(out)
    matcher = difflib.SequenceMatcher(None, src, out, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for j in range(j1, j2):
            mapping[j] = i1 + 1 + (j - j1 if tag == "equal" else min(j - j1, max(i2 - i1 - 1, 0)))
    return mapping
