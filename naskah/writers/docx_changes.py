"""The changes DOCX: the merged Document of :mod:`naskah.changes` through the DOCX writer.

Pandoc turns the ``insertion`` / ``deletion`` Spans into ``w:ins`` / ``w:del`` runs, but it
has no words for a tracked paragraph mark, and it numbers its revisions from 1 in every part
(the body and the footnotes share ids, sometimes an insertion and a deletion too). After the
normal writer and its post-processing (which leave revisions alone), this module

- turns each marker bookmark ``nkschgins…`` / ``nkschgdel…`` into a tracked paragraph mark
  (``w:pPr/w:rPr/w:ins`` or ``w:del``), so accepting a deleted paragraph removes it and
  rejecting an inserted one leaves no empty paragraph; a paragraph that carries a section break,
  or that ends a table cell or a footnote (Word keeps those marks), keeps its mark untracked;
- moves a revision that Pandoc wrapped around a hyperlink (``w:del/w:hyperlink``, which the
  schema forbids and Word reports as unreadable content) inside it (``w:hyperlink/w:del``);
- gives every revision a unique id above the bookmarks' ids (ids of annotations share one
  space in WordprocessingML).
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from ..changes import MARK_PREFIX
from ..diagnostics import Report
from ..document import Document
from ..docx_package import Package
from .docx import write_docx
from .docx_reference import W, paragraph_property

PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
REVISIONS = (f"{W}ins", f"{W}del")
PARAGRAPH_CONTENT = (f"{W}hyperlink", f"{W}fldSimple", f"{W}smartTag", f"{W}customXml")
"""Children of a paragraph that may hold revisions but not stand inside one."""


def write_changes_docx(doc: Document, report: Report, author: str, date: str) -> bytes:
    """The merged thesis as DOCX bytes, with tracked paragraph marks and unique revision ids."""
    return track_marks(write_docx(doc, report), author, date)


def _keeps_mark(p: Any) -> bool:
    """Paragraph marks Word will not delete: a section's last, a cell's or a note's last."""
    if p.find(f"{W}pPr/{W}sectPr") is not None:
        return True
    parent = p.getparent()
    return parent is not None and parent.tag in (f"{W}tc", f"{W}footnote", f"{W}endnote") \
        and p.getnext() is None


def _mark_paragraph(p: Any, tag: str, author: str, date: str) -> None:
    rpr = paragraph_property(p, "rPr")
    if rpr.find(f"{W}ins") is None and rpr.find(f"{W}del") is None:
        rpr.insert(0, etree.Element(tag, {f"{W}id": "0", f"{W}author": author,
                                          f"{W}date": date}))


def _paragraph_marks(root: Any, author: str, date: str) -> None:
    ends = {e.get(f"{W}id"): e for e in root.iter(f"{W}bookmarkEnd")}
    for bm in list(root.iter(f"{W}bookmarkStart")):
        name = bm.get(f"{W}name", "")
        if not name.startswith(MARK_PREFIX):
            continue
        p = next((a for a in bm.iterancestors(f"{W}p")), None)
        end = ends.get(bm.get(f"{W}id"))
        for el in (bm, end):
            if el is not None and el.getparent() is not None:
                el.getparent().remove(el)
        if p is not None and not _keeps_mark(p):
            kind = name[len(MARK_PREFIX):len(MARK_PREFIX) + 3]
            _mark_paragraph(p, f"{W}{'ins' if kind == 'ins' else 'del'}", author, date)


def _unnest(root: Any) -> None:
    """``w:del[r, hyperlink[r], r]`` → ``w:del[r], hyperlink[w:del[r]], w:del[r]``."""
    for rev in list(root.iter(*REVISIONS)):
        if not any(child.tag in PARAGRAPH_CONTENT for child in rev):
            continue
        pieces: list[Any] = []
        current = None
        for child in list(rev):
            if child.tag in PARAGRAPH_CONTENT:
                inner = etree.Element(rev.tag, dict(rev.attrib))
                inner.extend(list(child))
                child.append(inner)
                pieces.append(child)
                current = None
            else:
                if current is None:
                    current = etree.Element(rev.tag, dict(rev.attrib))
                    pieces.append(current)
                current.append(child)
        for piece in pieces:
            rev.addprevious(piece)
        rev.getparent().remove(rev)


def track_marks(data: bytes, author: str, date: str) -> bytes:
    """Tracked paragraph marks for the markers; unique revision ids across the package."""
    pkg = Package.open(data)
    roots = {name: pkg.xml(name) for name in PARTS if name in pkg}
    for root in roots.values():
        _paragraph_marks(root, author, date)
        _unnest(root)
    taken = [int(b.get(f"{W}id", "0")) for root in roots.values()
             for b in root.iter(f"{W}bookmarkStart", f"{W}commentRangeStart")
             if (b.get(f"{W}id") or "").isdigit()]
    serial = max(taken, default=0) + 1
    for root in roots.values():
        for el in root.iter(*REVISIONS):
            el.set(f"{W}id", str(serial))
            serial += 1
    for name, root in roots.items():
        pkg.write_xml(name, root)
    return pkg.to_bytes()
