"""Citing every entry of a real library in every position, and a linter over what prints.

Used by ``tests/test_notes_corpus.py`` (the libraries of ``../shared/corpus/bib/``) and by
``bench/``. The notes engine is driven directly on a Pandoc AST built here (no Markdown
reading, no PDF), so a library of 800 entries takes about a second.

Each entry gets a chapter of its own (positions restart per chapter) with these notes:
first with a page; the same page (*Ibid.*); another page (*Ibid., 4*); a note without a
citation; the short note; ``Lihat`` + the citation inside a footnote (*ibid.* after a prefix);
a two-source note (a neighbouring entry first); the short note without a page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from naskah.config import Thesis
from naskah.diagnostics import Report
from naskah.document import Document, Part
from naskah.notes import apply_notes
from naskah.notes.bibtex import Library, Source, plain
from naskah.notes.shorttitle import candidates
from naskah.pandoc_ast import Note, Para, Space, Str, stringify

POSITIONS = ("first", "ibid", "ibid-page", "plain", "short", "lihat", "two", "short-nopage")


def _cite(key: str, page: str | None, prefix: str = "") -> dict[str, Any]:
    suffix = [Str(","), Space(), Str(page)] if page else []
    pre = [Str(prefix)] if prefix else []
    return {"citationId": key, "citationPrefix": pre, "citationSuffix": suffix,
            "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0, "citationHash": 0}


def _cite_el(*cits: dict[str, Any]) -> dict[str, Any]:
    return {"t": "Cite", "c": [list(cits), [Str("[@x]")]]}


def chapter_blocks(key: str, other: str) -> list[dict[str, Any]]:
    """The notes of one entry's chapter, as body text with citations."""
    words = [Str("Kalimat"), Space()]
    inlines: list[dict[str, Any]] = []
    inlines += [*words, _cite_el(_cite(key, "3")), Str(".")]
    inlines += [Space(), *words, _cite_el(_cite(key, "3")), Str(".")]
    inlines += [Space(), *words, _cite_el(_cite(key, "4")), Str(".")]
    inlines += [Space(), *words, Note([Para([Str("Catatan.")])])]
    inlines += [Space(), *words, _cite_el(_cite(key, "5")), Str(".")]
    inlines += [Space(), *words, Note([Para([Str("Lihat"), Space(), _cite_el(_cite(key, "6")),
                                            Space(), Str("untuk"), Space(), Str("data.")])])]
    inlines += [Space(), *words, _cite_el(_cite(other, "7"), _cite(key, "8")), Str(".")]
    inlines += [Space(), *words, _cite_el(_cite(key, None)), Str(".")]
    return [{"t": "Header", "c": [1, ["", [], []], [Str("Bab")]]}, Para(inlines)]


@dataclass
class Cited:
    """What a library printed when every entry was cited."""

    doc: Document
    report: Report
    notes: dict[str, list[str]]
    """Per key, its chapter's footnotes in order (see :data:`POSITIONS`)."""
    forms: dict[str, list[str]]
    """Per key, the form the engine chose for that key in each footnote ('' when not cited)."""
    bibliography: list[str]


def cite_all(lib: Library, language: str = "id", style: str = "chicago") -> Cited:
    """Every entry of ``lib`` cited in every position; the notes and the Daftar Pustaka."""
    cfg = Thesis(title="T", author="A")
    cfg.language = language
    cfg.citations.style = style
    cfg.nocite = []
    doc = Document(Path("/nonexistent-project"), cfg)
    keys = list(lib.entries)
    doc.chapters = []
    for i, key in enumerate(keys):
        other = keys[i - 1] if len(keys) > 1 else key
        name = f"{i + 1:04d}-bab"
        doc.chapters.append(Part("chapter", name, f"chapters/{name}.md", "", "",
                                 chapter_blocks(key, other), number=i + 1))
    report = Report()
    apply_notes(doc, report, lib)
    notes: dict[str, list[str]] = {key: [] for key in keys}
    forms: dict[str, list[str]] = {key: [] for key in keys}
    for f in doc.footnotes:
        key = keys[(f.chapter or 1) - 1]
        notes[key].append(f.text)
        forms[key].append(next((c.form for c in reversed(f.citations) if c.key == key), ""))
    bib = [stringify(e) for g in doc.bibliography for e in g.entries]
    return Cited(doc, report, notes, forms, bib)


# -- the linter ------------------------------------------------------------------------------

ABBREVIATION = re.compile(
    r"(?i)(?:\b(?:dkk|al|ed|eds|terj|trans|jr|sr|inc|ltd|co|corp|st|dr|prof|no|vol|ibid|cit|"
    r"t\.t|t\.p|t\.tp|n\.d|n\.p|hlm|pp|p|etc|bros|mr|mrs|ms|u\.s|univ|dept|cie|verl|diss)"
    r"|\b[^\W\d_]|\.\.|…)\.?,$")
"""Words whose period may stand before a comma (``dkk.,``, ``Inc.,``, an initial, ``...,``)."""

DEFECTS: list[tuple[str, re.Pattern[str], bool]] = [
    # (class, pattern, whether the bibliography's own text may legitimately contain it)
    ("raw LaTeX", re.compile(r"\\[A-Za-z]+|\$[<>]\$|\{|\}"), False),
    ("doubled punctuation", re.compile(r"(?<![.…])\.\.(?!\.)|,,|;;|::|,\s*,|\.\s+\.(?!\.)|"
                                       r"”\.”|,\.|;\.|:\.|,\s*;|:\s*,|,\s*:"), True),
    ("space before punctuation", re.compile(r"\s[,.;:](?![\d.])"), True),
    ("empty quotes or brackets", re.compile(r"“\s*[.,]?\s*”|\(\s*\)|‘\s*’|\[\s*\]"), False),
    ("empty container", re.compile(r"\b(?:dalam|in|Dalam|In)\s*[.,(;:]|\b(?:dalam|Dalam)$"),
     True),
    ("doubled quotes", re.compile(r"“[^”]*“|””|““|\"\""), False),
    ("TeX quotes", re.compile(r"``|''"), False),
    ("raw name parts", re.compile(r"\b(?:family|given|prefix|useprefix|suffix)\s*=", re.I),
     False),
    ("others", re.compile(r"\b(?:dan|and) others\b"), False),
    ("raw date", re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{8}\b|\b\d{4}-\d{2}(?:-\d{2})?\b"),
     True),
]


def lint(text: str, protect: tuple[str, ...] = ()) -> list[str]:
    """The defect classes found in one printed note or Daftar Pustaka entry.

    ``protect``: the entry's own field values (title, journal, …). Classes that a title may
    legitimately contain (``2017-11-01`` in a title, an abbreviated journal's ``Wiss.,``) are
    judged with those values masked; raw LaTeX, braces, empty containers and name parts never.
    """
    masked = text
    for value in sorted(protect, key=len, reverse=True):
        if len(value) >= 3:
            masked = masked.replace(value, "X")
    body = re.sub(r"https?://\S+", "URL", text)
    masked = re.sub(r"https?://\S+", "URL", masked)
    found = []
    for name, pattern, maskable in DEFECTS:
        if pattern.search(masked if maskable else body):
            found.append(name)
    for m in re.finditer(r"\S+\.,", masked):
        if not ABBREVIATION.search(m.group()):
            found.append("period before comma")
            break
    return found


def lint_names(src: Source) -> list[str]:
    """Raw name parts and initials without a period in an entry's names, as read."""
    found = []
    for n in src.authors + src.editors + src.translators:
        if n.corporate or n.others:
            continue
        if re.search(r"(?<![\w.’'-])[A-Z](?=\s|$)", n.given):
            found.append("initial without period")
        if "=" in n.natural():
            found.append("raw name parts")
    return found


def protected(src: Source) -> tuple[str, ...]:
    """The values of an entry that print as written (masked by :func:`lint`)."""
    values = [plain(v) for k, v in src.fields.items()
              if k not in ("date", "year", "urldate", "month", "day") and v]
    values += [plain(c) for c in candidates(src.get("title"))]
    for quoted in list(values):
        values.append(quoted.replace("“", "‘").replace("”", "’"))
    return tuple(values)
