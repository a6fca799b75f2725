"""Rules over the bibliography: unknown and uncited keys, duplicates, required fields, urldate.

The entries are read by the notes engine's own parser (``naskah.notes.parse_bibliography``), so
the check sees the kinds and fields the notes will be printed from; a small line scanner adds
where each entry starts, which also finds a key defined twice together with its first line.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..crossref import REF_PREFIXES
from ..diagnostics import Report
from ..document import Document
from ..notes import Source, parse_bibliography
from ..pandoc_ast import walk
from ..reader import read_text
from .rules import Checker, rules

ENTRY = re.compile(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)
NOT_ENTRIES = {"comment", "string", "preamble"}


@dataclass
class Citation:
    """A key as cited in a source file."""

    key: str
    file: str
    line: int | None
    column: int | None


@dataclass
class EntryPlace:
    """Where an entry starts in the .bib file."""

    type: str
    key: str
    line: int
    column: int


def citations(doc: Document) -> list[Citation]:
    """Every citation of a bibliography key, in reading order (cross-references left out)."""
    found: list[Citation] = []
    for part in doc.parts:
        for block in part.blocks:
            def visit(el: dict[str, Any], block: dict[str, Any] = block, file: str = part.file
                      ) -> None:
                if el["t"] != "Cite":
                    return
                for c in el["c"][0]:
                    key = c["citationId"]
                    if key.startswith(REF_PREFIXES):
                        continue
                    line, col = c.get("_pos") or [block.get("_line"), None]
                    found.append(Citation(key, file, line, col))

            walk(block, visit)
    return found


def scan_entries(text: str) -> list[EntryPlace]:
    """The entries of a .bib text with their line and the column of their key."""
    out = []
    for m in ENTRY.finditer(text):
        kind = m.group(1).lower()
        if kind in NOT_ENTRIES:
            continue
        line = text.count("\n", 0, m.start()) + 1
        col = m.start(2) - (text.rfind("\n", 0, m.start(2)) + 1) + 1
        out.append(EntryPlace(kind, m.group(2), line, col))
    return out


def check_bibliography(doc: Document, checker: Checker) -> None:
    """All bibliography rules over the project's .bib and the document's citations."""
    rel = doc.config.bibliography.file or "references.bib"
    path: Path = doc.project / rel
    cited = citations(doc)
    nocite = list(doc.config.nocite or [])
    if not path.is_file():
        if cited:
            checker.emit("unreadable-file", "missing", rel, what=rel)
            for c in cited:
                checker.emit("unknown-citation", "key", c.file, c.line, c.column, key=c.key,
                             bib=rel, hint="")
        return
    found = Report()
    text = read_text(path, rel, found)
    if text is None:
        checker.absorb(found)
        return
    # The notes engine's own reading: the same entries, kinds and fields it will print from.
    # Its syntax errors are kept for the end (absorbed with the pipeline's) so the check
    # rules' words come first at each place.
    lib = parse_bibliography(text, found, rel)
    places = scan_entries(text)

    first: dict[str, EntryPlace] = {}
    for place in places:
        if place.key in first:
            checker.emit("duplicate-key", "key", rel, place.line, place.column, key=place.key,
                         first=first[place.key].line)
        else:
            first[place.key] = place

    keys = list(first)
    for c in cited:
        if c.key not in lib and c.key not in first:
            close = difflib.get_close_matches(c.key, keys, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            checker.emit("unknown-citation", "key", c.file, c.line, c.column, key=c.key,
                         bib=rel, hint=hint)

    cited_keys = {c.key for c in cited}
    everything = "*" in nocite
    printed = cited_keys | set(nocite)
    for key, place in first.items():
        if key not in printed and not everything:
            checker.emit("uncited-source", "entry", rel, place.line, place.column, key=key)

    needs = rules()["missing-field"].data.get("fields", {})
    for key, src in lib.entries.items():
        if not (everything or key in printed):
            continue
        place = first.get(key)
        line, col = (place.line, place.column) if place else (src.line or None, None)
        for spec in needs.get(src.kind, needs.get("default", [])):
            options = spec.split("|")
            if not any(_has(src, o) for o in options):
                checker.emit("missing-field", "field", rel, line, col, type=src.type, key=key,
                             field=" or ".join(options))
        if src.kind == "online" and not src.urldate:
            checker.emit("online-urldate", "entry", rel, line, col, key=key)
    checker.absorb(found)


def _has(src: Source, name: str) -> bool:
    """Whether an entry has a field, names and dates counted as the engine reads them."""
    if name in ("author", "editor", "translator"):
        return bool(getattr(src, f"{name}s"))
    if name == "date":
        return bool(src.date)
    return bool(src.get(name).strip())
