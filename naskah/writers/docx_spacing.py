"""Vertical space around tables and figures in the DOCX, as the PDF leaves it.

A Word table has no spacing of its own: the paragraph after it carries the space; a figure is
the picture's paragraph (Pandoc's one-cell ``FigureTable`` taken away) and its caption. Typst
puts between two blocks the larger of the first one's space below and the second one's space
above, where a figure's, heading's or caption's space above is the body line's leading plus its
own space before. So the paragraph after a table gets the larger of one single line and that.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .docx_reference import W, next_block, paragraph_property, style_of

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


def _first_paragraph(el: Any) -> Any:
    return el if el.tag == f"{W}p" else next(el.iter(f"{W}p"), None)


def figure_paragraphs(body: Any) -> None:
    """The picture in each figure's cell takes the Figure style instead of Pandoc's Compact,
    and a one-cell figure table gives way to its paragraph: the Figure style keeps it with the
    caption below (keepNext), which word processors honour on a paragraph but not reliably on
    a table (LibreOffice left a picture at a page's foot and its caption on the next)."""
    for tbl in list(body.iter(f"{W}tbl")):
        if style_of(tbl) != "FigureTable":
            continue
        for p in tbl.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            if style is not None and p.find(f".//{W}drawing") is not None:
                style.set(f"{W}val", FIGURE_STYLE)
        cells = tbl.findall(f"{W}tr/{W}tc")
        if len(cells) != 1 or tbl.getparent() is None:
            continue  # several pictures side by side stay a table
        content = [c for c in cells[0] if c.tag != f"{W}tcPr"]
        if all(c.tag == f"{W}p" for c in content):  # not a table in a figure, say
            for p in content:
                tbl.addprevious(p)
            tbl.getparent().remove(tbl)


def after_tables(body: Any, line: int, leading: int, before: dict[str, int]) -> None:
    """The space above whatever follows a table: the larger of one single ``line``
    (a table's space below in the PDF) and the next block's own space above (``leading`` plus
    its style's space before, as Typst sets it after a body line)."""
    for tbl in body.findall(f"{W}tbl"):
        if style_of(tbl) != "Table":
            continue  # a figure's caption follows it; front pages' tables have their own space
        nxt = next_block(tbl)
        if nxt is None:
            continue
        if nxt.tag == f"{W}tbl" and style_of(nxt) != "FigureTable":
            continue
        p = _first_paragraph(nxt)
        if p is None:
            continue
        own = before.get(style_of(p) or "Normal", 0)
        gap = max(line, leading + own if own else 0)
        paragraph_property(p, "spacing").set(f"{W}before", str(gap))
