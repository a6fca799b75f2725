"""What the DOCX writer decided about the document, for the post-processor to carry out:
sections, lists and their cached page numbers, blank pages (a module of its own so that
:mod:`.docx_post` and :mod:`.docx_sections` both read it without importing each other)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..config.schema import Format
from ..document import TocEntry
from .docx_reference import Page
from .pdf_pages import Anchor


@dataclass
class Plan:
    """What the writer decided and the post-processor carries out."""

    fmt: Format
    page: Page
    sections: int
    """Number of sections: the front matter, then one per chapter, Daftar Pustaka, lampiran."""
    front_sections: int = 1
    """How many of them are front matter: one more for each title page after the first (the
    English one), whose number a section's different first page hides."""
    toc: list[TocEntry] = field(default_factory=list)
    tables: list[TocEntry] = field(default_factory=list)
    figures: list[TocEntry] = field(default_factory=list)
    appendices: list[TocEntry] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    title: str = ""
    author: str = ""
    anchors: dict[str, Anchor] = field(default_factory=dict)
    """Label → where the PDF prints it: the page numbers are the fields' cached results
    (empty: Word fills them)."""
    page_heads: dict[int, tuple[str, str]] = field(default_factory=dict)
    """Page → the letters of its first two lines in the PDF (:mod:`.docx_widows`)."""
    blank_before: set[int] = field(default_factory=set)
    """The section markers after which the PDF has a blank page with the blank-page text."""
