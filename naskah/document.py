"""The thesis as the pipeline sees it: parts (front matter, chapters, appendices) of Pandoc AST.

Reading fills these objects; the notes engine and cross-referencing change ``blocks`` in place;
every writer receives the same :class:`Document`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .config import Thesis
from .pandoc_ast import Block

PartKind = Literal["front", "chapter", "appendix"]


@dataclass
class Part:
    """One source file after Jinja and Pandoc."""

    kind: PartKind
    name: str
    """File stem: ``01-pendahuluan``, ``kata-pengantar``, ``abstrak``, ``a-kuesioner``."""
    file: str
    """Path relative to the project folder, with forward slashes (used in diagnostics)."""
    source: str
    """The file's text as written (after BOM/CRLF normalisation)."""
    text: str
    """The text after Jinja (what Pandoc read)."""
    blocks: list[Block] = field(default_factory=list)
    number: int | None = None
    """1-based chapter number for chapters, 1-based appendix index for appendices."""
    title: str = ""
    """The chapter's or appendix's title (its level-1 heading), as plain text."""
    label: str = ""
    """Printed number: ``I`` for BAB I, ``A`` for Lampiran A; empty for front matter."""
    line_map: list[int] = field(default_factory=list)
    """line_map[i] = source line of rendered line i+1 (Jinja may add or remove lines)."""

    def source_line(self, rendered_line: int) -> int:
        """The source line of a line of the rendered text."""
        if 0 < rendered_line <= len(self.line_map):
            return self.line_map[rendered_line - 1]
        return rendered_line

    def position(self, line: int | None, text: str) -> tuple[int | None, int | None]:
        """``(line, column)`` where the source has ``text`` (its first line) at or after source
        line ``line``, the start of the block holding it; ``(line, None)`` when it is not there
        as written (Jinja wrote it, or Pandoc normalised it)."""
        needle = text.strip().split("\n", 1)[0].strip()
        if line and needle:
            lines = self.source.split("\n")
            for n in range(line - 1, len(lines)):
                col = lines[n].find(needle)
                if col >= 0:
                    return n + 1, col + 1
        return line, None


@dataclass
class TocEntry:
    """A line of the Daftar Isi / Daftar Tabel / Daftar Gambar."""

    kind: Literal["heading", "figure", "table", "appendix", "page"]
    level: int
    number: str
    """Printed number: ``BAB I``, ``1.1.``, ``Gambar 2.1``, ``Lampiran A``; may be empty."""
    text: str
    label: str
    """The anchor id the entry points to (a Typst label, a Word bookmark)."""


@dataclass
class Document:
    """The whole thesis: configuration, parts and everything computed from them."""

    project: Path
    config: Thesis
    front: dict[str, Part] = field(default_factory=dict)
    """Front-matter parts by name: ``kata-pengantar``, ``abstrak``, ``abstract``, …"""
    chapters: list[Part] = field(default_factory=list)
    appendices: list[Part] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    figures: list[TocEntry] = field(default_factory=list)
    tables: list[TocEntry] = field(default_factory=list)
    bibliography: list[Any] = field(default_factory=list)
    """The Daftar Pustaka: a list of :class:`naskah.notes.BibGroup` (from the notes engine)."""
    footnotes: list[Any] = field(default_factory=list)
    """Every footnote as printed: :class:`naskah.notes.FootnoteInfo`, in document order."""

    @property
    def parts(self) -> list[Part]:
        """All parts in reading order."""
        return [*self.front.values(), *self.chapters, *self.appendices]
