"""The page, as printed, of every Daftar Isi / Tabel / Gambar / Lampiran entry, read from the PDF.

Typst gives every heading label a PDF named destination; a figure or table leaves an invisible
heading ``naskah-page-LABEL`` where it stands (see the skeleton's figure rule). The PDF's page
labels (``iv``, ``23``) then say how each page is numbered. The DOCX writer caches these numbers
in its fields, so the DOCX shows the PDF's page numbers before any field update.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

ANCHOR = "naskah-page-"
MAX_NODES = 100_000


def anchor_pages(pdf: bytes) -> dict[str, tuple[int, str]]:
    """Label → (physical page index from 0, printed page number); empty when the PDF cannot
    be read for them. A blank page the skeleton left before a right-hand chapter opening is
    ``naskah-blank-N`` (N: its physical page from 1)."""
    try:
        return _read(pdf)
    except Exception:  # a PDF from a broken or overridden skeleton: no cached numbers
        return {}


def _read(pdf: bytes) -> dict[str, tuple[int, str]]:
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
    out: dict[str, tuple[int, str]] = {}
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
            out[text.removeprefix(ANCHOR)] = (page, labels[page])
        stack.extend(resolve1(node.get("Kids") or []))
    return out
