"""Helpers of the notes tests (imported by the other test_notes_* modules), and their tests.

Documents are built here from Markdown with Pandoc's reader, the way ``naskah.reader`` does,
with the ``_pos`` of every citation and footnote found in the text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pypandoc

from naskah.config import Thesis
from naskah.diagnostics import Report
from naskah.document import Document, Part
from naskah.notes import apply_notes, load_bibliography
from naskah.notes.bibtex import Library
from naskah.notes.cite import Cit, parse_locator
from naskah.notes.format import Environments, Formatter
from naskah.notes.markup import capfirst
from naskah.pandoc_ast import stringify

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
ENVIRONMENTS: Environments = {}
"""The built-in note templates compiled once for the helpers (as ``watch`` keeps them)."""


@cache
def nations() -> Library:
    """tests/fixtures/notes/nations.bib (every NOTES.md example source)."""
    report = Report()
    lib = load_bibliography(FIXTURES / "nations.bib", report, "references.bib")
    assert not report.items, [d.format() for d in report.items]
    return lib


def parse_md(text: str) -> list[dict[str, Any]]:
    """Pandoc's Markdown reader, plus ``_pos`` (found in ``text``) on citations and notes."""
    blocks = json.loads(pypandoc.convert_text(text, "json", format="markdown"))["blocks"]
    lines = [0]
    for m in re.finditer("\n", text):
        lines.append(m.end())
    cursor = [0]

    def pos(offset: int) -> list[int]:
        line = max(i for i, start in enumerate(lines) if start <= offset)
        return [line + 1, offset - lines[line] + 1]

    def find(needle: str) -> int:
        at = text.find(needle, cursor[0])
        if at < 0:
            at = text.find(needle)
        if at >= 0:
            cursor[0] = at + len(needle)
        return at

    def walk(el: Any) -> None:
        if isinstance(el, list):
            for item in el:
                walk(item)
        elif isinstance(el, dict):
            if el.get("t") == "Cite":
                for c in el["c"][0]:
                    at = find("@" + c["citationId"])
                    if at >= 0:
                        c["_pos"] = pos(at)
                return
            if el.get("t") == "Note":
                starts = [i for i in (text.find("^[", cursor[0]), text.find("[^", cursor[0]))
                          if i >= 0]
                if starts:
                    cursor[0] = min(starts) + 2
                    el["_pos"] = pos(min(starts))
            if isinstance(el.get("c"), list | dict):
                walk(el["c"])

    walk(blocks)
    return blocks


def part(text: str, kind: str = "chapter", number: int | None = 1,
         name: str | None = None) -> Part:
    folder = {"chapter": "chapters", "front": "front", "appendix": "appendices"}[kind]
    name = name or (f"{number:02d}-bab" if kind == "chapter" else kind)
    return Part(kind, name, f"{folder}/{name}.md", text, text, parse_md(text), number=number)  # type: ignore[arg-type]


def make_doc(*chapters: str, style: str = "chicago", reset: str = "chapter",
             language: str = "id", restart: str = "chapter", nocite: list[str] | None = None,
             group: bool = False, front: dict[str, str] | None = None,
             appendices: list[str] | None = None, project: Path | None = None,
             repeat_dash: bool = False) -> Document:
    cfg = Thesis(title="T", author="A")
    cfg.citations.style = style
    cfg.citations.reset = reset
    cfg.language = language
    cfg.format.footnote_restart = restart
    cfg.nocite = list(nocite or [])
    cfg.bibliography.group_by_type = group
    cfg.bibliography.repeat_dash = repeat_dash
    doc = Document(project or FIXTURES, cfg)
    doc.chapters = [part(t, number=i) for i, t in enumerate(chapters, 1)]
    for name, text in (front or {}).items():
        doc.front[name] = part(text, "front", None, name)
    doc.appendices = [part(t, "appendix", i, f"lampiran-{i}")
                      for i, t in enumerate(appendices or [], 1)]
    return doc


def run(*chapters: str, lib: Library | None = None, **kw: Any) -> tuple[Document, Report]:
    doc = make_doc(*chapters, **kw)
    report = Report()
    apply_notes(doc, report, lib if lib is not None else nations(), ENVIRONMENTS)
    return doc, report


def md(inlines: Any) -> str:
    """Inlines as NOTES.md writes them: ``*x*`` for italics, everything else as printed."""
    out: list[str] = []

    def go(x: Any) -> None:
        if isinstance(x, list):
            for i in x:
                go(i)
        elif isinstance(x, dict):
            t = x.get("t")
            if t == "Emph":
                out.append("*")
                go(x["c"])
                out.append("*")
            elif t == "Str":
                out.append(x["c"])
            elif t in ("Space", "SoftBreak"):
                out.append(" ")
            elif t == "Link":
                go(x["c"][1])
            elif t in ("Para", "Plain"):
                go(x["c"])
            elif t == "Note":
                return
            else:
                out.append(stringify(x))

    go(inlines)
    return "".join(out).strip()


def note_texts(doc: Document) -> list[str]:
    """Every footnote of ``doc`` in NOTES.md notation."""
    notes: list[str] = []

    def walk(el: Any) -> None:
        if isinstance(el, list):
            for i in el:
                walk(i)
        elif isinstance(el, dict):
            if el.get("t") == "Note":
                notes.append(md(el["c"]))
                return
            if isinstance(el.get("c"), list | dict):
                walk(el["c"])

    for p in doc.parts:
        walk(p.blocks)
    return notes


def one(key: str, form: str = "first", locator: str | None = None, style: str = "chicago",
        language: str = "id", lib: Library | None = None) -> list[dict[str, Any]]:
    """One citation as a closed body note, straight from the formatter."""
    fmt = Formatter(lib or nations(), style, language, environments=ENVIRONMENTS)
    cit = Cit(key, form=form, locator=parse_locator(locator) if locator else None)
    return capfirst(fmt.note(cit).close().inlines())


# -- tests of the helpers --------------------------------------------------------------------


def test_parse_md_positions() -> None:
    blocks = parse_md("# Bab\n\nSatu [@a, 4].\n\nDua ^[Catatan @b.]\n")
    cite = blocks[1]["c"][2]["c"][0][0]
    assert cite["_pos"] == [3, 7]
    note = blocks[2]["c"][2]
    assert note["t"] == "Note" and note["_pos"] == [5, 5]


def test_md_marks_italics() -> None:
    assert md([{"t": "Str", "c": "A"}, {"t": "Space"},
               {"t": "Emph", "c": [{"t": "Str", "c": "b"}, {"t": "Space"}, {"t": "Str", "c": "c"}]},
               {"t": "Str", "c": ","}, {"t": "Space"}, {"t": "Str", "c": "d"}]) == "A *b c*, d"
