"""Rules over the bibliography: unknown and uncited keys, duplicates, required fields, urldate.

The rules read the :class:`~naskah.notes.Library` the build's notes stage parsed (the
``notes`` event of :mod:`naskah.hooks`), so the check sees the very entries, kinds, fields and
places the notes are printed from, and references.bib is read once.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ..crossref import REF_PREFIXES
from ..document import Document
from ..notes import Library, Source
from ..pandoc_ast import elements
from .rules import Checker, rules


@dataclass
class Citation:
    """A key as cited in a source file."""

    key: str
    file: str
    line: int | None
    column: int | None


def citations(doc: Document) -> list[Citation]:
    """Every citation of a bibliography key, in reading order (cross-references left out)."""
    found: list[Citation] = []
    for part in doc.parts:
        for block in part.blocks:
            for el in elements(block, {"Cite"}):
                for c in el["c"][0]:
                    key = c["citationId"]
                    if key.startswith(REF_PREFIXES):
                        continue
                    line, col = c.get("_pos") or [block.get("_line"), None]
                    found.append(Citation(key, part.file, line, col))
    return found


def check_bibliography(doc: Document, lib: Library | None, cited: list[Citation],
                       checker: Checker) -> None:
    """All bibliography rules over the parsed library and the citations found when read."""
    rel = doc.config.bibliography.file or "references.bib"
    nocite = list(doc.config.nocite or [])
    if lib is None:
        if cited:
            checker.emit("unreadable-file", "missing", rel, what=rel)
            for c in cited:
                checker.emit("unknown-citation", "key", c.file, c.line, c.column, key=c.key,
                             bib=rel, hint="")
        return
    for key, again, column in lib.duplicates:
        checker.emit("duplicate-key", "key", rel, again, column, key=key,
                     first=lib.entries[key].line)

    keys = list(lib.entries)
    for c in cited:
        if c.key not in lib:
            close = difflib.get_close_matches(c.key, keys, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            checker.emit("unknown-citation", "key", c.file, c.line, c.column, key=c.key,
                         bib=rel, hint=hint)

    everything = "*" in nocite
    printed = {c.key for c in cited} | set(nocite)
    written = {name.lower() for s in lib.entries.values() for name in s.written.values()}

    def dialect(name: str, src: Source) -> str:
        """A missing field named as the entry (else the file) writes its others: BibTeX's
        ``journal`` beside ``year``, biblatex's ``journaltitle`` beside ``date`` (likewise
        address/location, school/institution)."""
        bibtex = {"journaltitle": "journal", "location": "address", "date": "year",
                  "institution": "school" if src.kind == "thesis" else "institution"}
        if name not in bibtex:
            return name
        own = {w.lower() for w in src.written.values()}
        if own & {"journaltitle", "location", "date"}:
            return name
        if own & {"journal", "address", "year", "school"} or name not in written:
            return bibtex[name]
        return name

    needs = rules()["missing-field"].data.get("fields", {})
    for key, src in lib.entries.items():
        line, col = src.line or None, src.column
        if key not in printed and not everything:
            checker.emit("uncited-source", "entry", rel, line, col, key=key)
            continue
        for spec in needs.get(src.kind, needs.get("default", [])):
            options = spec.split("|")
            if not any(_has(src, o) for o in options):
                checker.emit("missing-field", "field", rel, line, col, type=src.type, key=key,
                             field=" or ".join(dialect(o, src) for o in options))
        _corporate(src, rel, line, col, checker)
        if src.kind == "online" and not src.urldate:
            checker.emit("online-urldate", "entry", rel, line, col, key=key)


def _corporate(src: Source, rel: str, line: int | None, col: int | None,
               checker: Checker) -> None:
    """An organisation written as a person's name (``Docker inc.`` printed ``inc., Docker``)."""
    words = {str(w).lower().rstrip(".") for w in rules()["corporate-author"].data["words"]}
    for field, names in (("author", src.authors), ("editor", src.editors)):
        for name in names:
            if name.corporate or name.others:
                continue
            tokens = re.findall(r"\w+", f"{name.given} {name.particle} {name.family}".lower())
            if any(t in words for t in tokens):
                checker.emit("corporate-author", "name", rel, line, col, type=src.type,
                             key=src.key, name=name.inverted(),
                             field=src.written.get(field, field), written=name.natural())


def _has(src: Source, name: str) -> bool:
    """Whether an entry has a field, names and dates counted as the engine reads them."""
    if name in ("author", "editor", "translator"):
        return bool(getattr(src, f"{name}s"))
    if name == "date":
        return bool(src.date)
    return bool(src.get(name).strip())
