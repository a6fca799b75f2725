"""What the notes engine hands to the rest of the pipeline (writers, ``notes``, ``check``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..document import Document, Part
from ..pandoc_ast import stringify


@dataclass
class CitationInfo:
    """One citation of a footnote and the rule that wrote it."""

    key: str
    form: str
    """first | ibid | short | op-cit | loc-cit (``csl`` under ``style: csl``)."""


@dataclass
class FootnoteInfo:
    """One footnote as it prints, for ``build.py notes`` and the tests."""

    chapter: int | None
    """1-based chapter number; None in front matter and appendices."""
    number: int
    """As printed (restarts per part when ``format.footnote_restart`` is ``chapter``)."""
    file: str
    line: int
    text: str
    """Plain text as printed: no markup, curly quotes and en dashes as printed."""
    citations: list[CitationInfo] = field(default_factory=list)


@dataclass
class BibGroup:
    """A section of the Daftar Pustaka (``title`` None when not grouped by type)."""

    title: str | None
    entries: list[list[dict[str, Any]]] = field(default_factory=list)
    """Each entry: Pandoc inlines, in printed order."""
    lines: list[int] = field(default_factory=list)
    """Each entry's line in the .bib file (0: unknown), for the DOCX's source map."""


def number_footnotes(doc: Document, notes: Iterable[tuple[Part, int, Any, list[CitationInfo]]]
                     ) -> list[FootnoteInfo]:
    """The footnotes as printed, from (part, source line, note content, citations) in reading
    order: numbered through the thesis, or afresh in each part under
    ``format.footnote_restart: chapter``; the text as plain words."""
    restart = doc.config.format.footnote_restart == "chapter"
    out: list[FootnoteInfo] = []
    number = 0
    current: Part | None = None
    for part, line, content, citations in notes:
        if part is not current:
            current = part
            number = 0 if restart else number
        number += 1
        text = re.sub(r"\s+", " ", stringify(content)).strip()
        out.append(FootnoteInfo(part.number if part.kind == "chapter" else None, number,
                                part.file, line, text, citations))
    return out
