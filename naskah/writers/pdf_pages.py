"""What the DOCX writer learns from the PDF: the page, as printed, of every Daftar Isi / Tabel /
Gambar / Lampiran entry, and which paragraphs' last lines open a page.

Typst gives every heading label a PDF named destination; a figure or table leaves an invisible
heading ``naskah-page-LABEL`` where it stands (see the skeleton's figure rule). The PDF's page
labels (``iv``, ``23``) then say how each page is numbered. The DOCX writer caches these numbers
in its fields, so the DOCX shows the PDF's page numbers before any field update. And the first
two lines of each page tell it which paragraph's last line Typst set alone at the head of a
page (:mod:`.docx_widows`).
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

ANCHOR = "naskah-page-"
MAX_NODES = 100_000


@dataclass(frozen=True)
class Anchor:
    """Where a named destination points."""

    page: int
    """The physical page, from 0."""
    printed: str
    """The page's number as printed (``iv``, ``23``)."""


def anchor_pages(pdf: bytes) -> dict[str, Anchor]:
    """Label → where it is; empty when the PDF cannot be read for them. A blank page the
    skeleton left before a right-hand chapter opening is ``naskah-blank-N`` (N: its physical
    page from 1)."""
    try:
        return _read(pdf)
    except Exception:  # a PDF from a broken or overridden skeleton: no cached numbers
        return {}


def letters(text: str) -> str:
    """The letters of a text, case-folded: what a line of the PDF and the paragraph it ends
    have in common (no spaces, hyphens, quotes or note numbers, which differ)."""
    return "".join(c for c in text if c.isalpha()).casefold()


def page_heads(pdf: bytes, text_top: float, band: float) -> dict[int, tuple[str, str]]:
    """Page (from 0) → the :func:`letters` of the first two lines of its text area, for each
    page that has two there (``text_top``: the area's distance from the page's top edge;
    ``band``: a height that holds two lines, in pt; the page number above has no letters).
    Empty when PDFium cannot read the PDF: the DOCX is then written without this."""
    heads: dict[int, tuple[str, str]] = {}
    try:
        doc = pdfium.PdfDocument(pdf)
        try:
            for n, page in enumerate(doc):
                top = page.get_height() - text_top
                text = page.get_textpage().get_text_bounded(top=top + 2, bottom=top - band)
                lines = [x for x in map(letters, text.splitlines()) if x]
                if len(lines) >= 2:
                    heads[n] = (lines[0], lines[1])
        finally:
            doc.close()
    except Exception:  # a PDF PDFium cannot read (an overridden skeleton's): nothing learnt
        return {}
    return heads


def _read(pdf: bytes) -> dict[str, Anchor]:
    doc = PDFDocument(PDFParser(io.BytesIO(pdf)))
    pages = {page.pageid: n for n, page in enumerate(PDFPage.create_pages(doc))}
    try:
        labels = list(itertools.islice(doc.get_page_labels(), len(pages)))
    except Exception:
        labels = []
    if len(labels) < len(pages):
        labels = [str(n + 1) for n in range(len(pages))]
    names = resolve1(doc.catalog.get("Names") or {})
    dests = resolve1(names.get("Dests")) if isinstance(names, dict) else None
    out: dict[str, Anchor] = {}
    stack: list[Any] = [dests] if dests else []
    seen = 0
    while stack and seen < MAX_NODES:
        node = resolve1(stack.pop())
        seen += 1
        if not isinstance(node, dict):
            continue
        flat = resolve1(node.get("Names") or [])
        for name, dest in zip(flat[::2], flat[1::2], strict=False):
            where = resolve1(dest)
            if isinstance(where, dict):
                where = resolve1(where.get("D"))
            page = pages.get(getattr(where[0], "objid", None)) if where else None
            if page is None:
                continue
            text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
            out[text.removeprefix(ANCHOR)] = Anchor(page, labels[page])
        stack.extend(resolve1(node.get("Kids") or []))
    return out
