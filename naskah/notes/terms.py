"""The words and dates of notes per language: ``naskah/data/terms/{id,en}.yaml``.

A thesis changes a word without touching code by writing only that key in
``templates/notes/terms.{language}.yaml`` (merged over the built-in file, nested maps too).
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..diagnostics import Report
from ..sandbox import Refused, YamlRefused, load_yaml, read_bytes
from .bibtex import Date

Terms = dict[str, Any]


def load_terms(language: str, override_dir: Path | None = None,
               report: Report | None = None) -> Terms:
    """Built-in terms of ``language`` with the project's overrides merged in."""
    text = resources.files("naskah.data.terms").joinpath(f"{language}.yaml").read_text("utf-8")
    terms: Terms = yaml.safe_load(text)
    if override_dir is not None:
        path = override_dir / f"terms.{language}.yaml"
        if os.path.lexists(path):
            project = override_dir.parents[1]
            try:
                data = read_bytes(project, path.relative_to(project))
                extra = load_yaml(data.decode("utf-8-sig")) or {}
            except (yaml.YAMLError, UnicodeDecodeError, Refused, YamlRefused) as exc:
                if report is not None:
                    line = getattr(getattr(exc, "problem_mark", None), "line", None)
                    line = line + 1 if line is not None else getattr(exc, "line", None)
                    report.error(f"cannot read terms: {exc}", f"templates/notes/{path.name}",
                                 line, rule="unreadable-file")
                extra = {}
            _merge(terms, extra if isinstance(extra, dict) else {})
    return terms


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value


def format_date(date: Date, terms: Terms, precision: str = "day") -> str:
    """``18 November 2014`` / ``November 18, 2014``; ``Februari 2022``; ``2019``.

    ``precision`` caps what is printed: ``day`` (all that is known), ``month`` or ``year``.
    """
    if not date:
        return ""
    if date.year is None:
        return date.literal
    month = terms["months"][date.month - 1] if date.month else ""
    if month and date.day and precision == "day":
        return terms["date"].format(day=date.day, month=month, year=date.year)
    if month and precision in ("day", "month"):
        return terms["month_year"].format(month=month, year=date.year)
    return str(date.year)


_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
          "tenth"]


def ordinal(n: str, terms: Terms, language: str) -> str:
    """An edition: ``edisi ke-2`` / ``2nd ed.`` from ``2``, ``2nd``, ``2nd ed.``, ``second``;
    any other edition (``Revised``) is printed as written."""
    m = re.fullmatch(r"(?i)\s*(\d+)\s*(?:st|nd|rd|th|e|\.)?\s*(?:ed(?:ition|\.)?|edisi)?\s*",
                     n)
    word = n.strip().lower().split(" ")[0] if n.strip() else ""
    if m:
        n = m[1]
    elif word in _WORDS and re.fullmatch(r"(?i)\s*\w+\s*(?:ed(?:ition|\.)?)?\s*", n):
        n = str(_WORDS.index(word) + 1)
    else:
        return n
    if language == "en":
        k = int(n)
        suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
        n = f"{k}{suffix}"
    return terms["edition"].format(n=n)
