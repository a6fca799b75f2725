"""Vertical space around tables and figures in the DOCX, as the PDF leaves it.

A Word table has no spacing of its own: the paragraph after it carries the space, and a
figure is a one-cell table (Pandoc's ``FigureTable``) holding the picture's paragraph. Typst
puts between two blocks the larger of the first one's space below and the second one's space
above, where a figure's, heading's or caption's space above is the body line's leading plus its
own space before. So the paragraph after a table gets the larger of one single line and that.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .docx_reference import W, paragraph_property

FIGURE_STYLE = "Figure"
"""The picture's paragraph: single-spaced (in a 1.5-spaced paragraph Word makes the picture's
line 1.5 times its height; LibreOffice does not), centred, a single line above."""


def style_space_before(styles_xml: bytes) -> dict[str, int]:
    """Each paragraph style's space before, in twips, following ``basedOn``."""
    root = etree.fromstring(styles_xml)
    own: dict[str, int | None] = {}
    based: dict[str, str] = {}
    for style in root.iter(f"{W}style"):
        if style.get(f"{W}type") != "paragraph":
            continue
        ident = style.get(f"{W}styleId") or ""
        spacing = style.find(f"{W}pPr/{W}spacing")
        value = spacing.get(f"{W}before") if spacing is not None else None
        own[ident] = int(value) if value is not None else None
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based[ident] = parent.get(f"{W}val") or ""

    def resolve(ident: str, depth: int = 0) -> int:
        value = own.get(ident)
        if value is not None or depth > 20 or ident not in based:
            return value or 0
        return resolve(based[ident], depth + 1)

    return {ident: resolve(ident) for ident in own}


def _table_style(tbl: Any) -> str:
    style = tbl.find(f"{W}tblPr/{W}tblStyle")
    return style.get(f"{W}val") if style is not None else ""


def _first_paragraph(el: Any) -> Any:
    return el if el.tag == f"{W}p" else next(el.iter(f"{W}p"), None)


def figure_paragraphs(body: Any) -> None:
    """The picture in each figure's cell takes the Figure style instead of Pandoc's Compact."""
    for tbl in body.iter(f"{W}tbl"):
        if _table_style(tbl) != "FigureTable":
            continue
        for p in tbl.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and p.find(f".//{W}drawing") is not None:
                style.set(f"{W}val", FIGURE_STYLE)


def after_tables(body: Any, line: int, leading: int, before: dict[str, int]) -> None:
    """The space above whatever follows a table: the larger of one single ``line``
    (a table's space below in the PDF) and the next block's own space above (``leading`` plus
    its style's space before, as Typst sets it after a body line)."""
    for tbl in body.findall(f"{W}tbl"):
        if _table_style(tbl) != "Table":
            continue  # a figure's caption follows it; front pages' tables have their own space
        nxt = tbl.getnext()
        while nxt is not None and nxt.tag in (f"{W}bookmarkStart", f"{W}bookmarkEnd"):
            nxt = nxt.getnext()
        if nxt is None or nxt.tag not in (f"{W}p", f"{W}tbl"):
            continue
        if nxt.tag == f"{W}tbl" and _table_style(nxt) != "FigureTable":
            continue
        p = _first_paragraph(nxt)
        if p is None:
            continue
        style = p.find(f"{W}pPr/{W}pStyle")
        own = before.get(style.get(f"{W}val") if style is not None else "Normal", 0)
        gap = max(line, leading + own if own else 0)
        paragraph_property(p, "spacing").set(f"{W}before", str(gap))
