"""What the DOCX writer learns from the PDF: the page, as printed, of every Daftar Isi / Tabel /
Gambar / Lampiran entry, and where a paragraph's last line fell.

Typst gives every heading label a PDF named destination (a page and a point on it); a figure or
table leaves an invisible heading ``naskah-page-LABEL`` where it stands (see the skeleton's
figure rule), a paragraph with a note one ``naskah-end-FILE:LINE`` at its end (``par-end``).
The PDF's page labels (``iv``, ``23``) then say how each page is numbered. The DOCX writer
caches these numbers in its fields, so the DOCX shows the PDF's page numbers before any field
update; and a paragraph whose last line Typst set alone at the head of a page (its note did
not fit under it) lets Word do the same, so the two files go on paging alike.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

ANCHOR = "naskah-page-"
PAR_END = "naskah-end-"
MAX_NODES = 100_000


@dataclass(frozen=True)
class Anchor:
    """Where a named destination points."""

    page: int
    """The physical page, from 0."""
    printed: str
    """The page's number as printed (``iv``, ``23``)."""
    top: float
    """The point's distance from the page's top edge, in pt."""


def paragraph_key(file: str, line: int | None) -> str:
    """The name a paragraph's ``par-end`` mark carries: its source file and line."""
    return f"{file}:{int(line or 0)}"


def anchor_pages(pdf: bytes) -> dict[str, Anchor]:
    """Label → where it is; empty when the PDF cannot be read for them. A blank page the
    skeleton left before a right-hand chapter opening is ``naskah-blank-N`` (N: its physical
    page from 1)."""
    try:
        return _read(pdf)
    except Exception:  # a PDF from a broken or overridden skeleton: no cached numbers
        return {}


def lone_last_lines(anchors: dict[str, Anchor], first_baseline: float,
                    pitch: float) -> set[str]:
    """The :func:`paragraph_key` of each paragraph whose last line is a page's first line (its
    mark sits on the first baseline, not a line below it): Typst moved that line alone to the
    page where its note begins, where a word processor's widow control would move two."""
    return {name.removeprefix(PAR_END) for name, at in anchors.items()
            if name.startswith(PAR_END) and at.top < first_baseline + pitch / 2}


def _read(pdf: bytes) -> dict[str, Anchor]:
    doc = PDFDocument(PDFParser(io.BytesIO(pdf)))
    pages, heights = {}, []
    for n, page in enumerate(PDFPage.create_pages(doc)):
        pages[page.pageid] = n
        heights.append(float(page.mediabox[3]))
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
            y = where[3] if len(where) > 3 and isinstance(where[3], int | float) else 0
            out[text.removeprefix(ANCHOR)] = Anchor(page, labels[page], heights[page] - y)
        stack.extend(resolve1(node.get("Kids") or []))
    return out
