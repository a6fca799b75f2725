"""The footnote rule of the DOCX: its paragraph's height, and a mark that makes LibreOffice draw
it in every chapter.

LibreOffice's DOCX import (7.4 and later, writerfilter) reads ``footnotes.xml`` once, at the
first note of the document, and gives a page style the footnote rule only if a separator mark
(``w:separator``) went by while its section was read; every later section with notes gets a rule
of width 0, so the rule showed in BAB I only. Each section therefore carries one hidden separator
mark in its last paragraph: ECMA-376 allows the mark in any run (17.11.23), ``w:vanish`` hides
it from display and print in Word (17.3.2.41), and LibreOffice inserts nothing for it.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .docx_reference import NSDECL, W

SEPARATOR_TWIPS = 160
"""The height of the footnote rule's paragraph: 8 pt, the PDF's ``footnote.entry`` clearance."""

HIDDEN_MARK = f"<w:r {NSDECL}><w:rPr><w:vanish/></w:rPr><w:separator/></w:r>"


def mark_section(p: Any) -> None:
    """Close section paragraph ``p`` with the hidden separator mark (see the module's text)."""
    p.append(etree.fromstring(HIDDEN_MARK))


def separators(notes: Any, size: float) -> None:
    """The footnote rule's paragraph as the PDF's clearance, not a 1.5-spaced body line (Word
    makes the gap above the notes this paragraph's height; LibreOffice leaves about as much)."""
    half_points = round(size * 2)
    rpr = (f'<w:rPr {NSDECL}><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
           "</w:rPr>")
    for note in notes.iter(f"{W}footnote"):
        if note.get(f"{W}type") not in ("separator", "continuationSeparator"):
            continue
        for p in note.iter(f"{W}p"):
            old = p.find(f"{W}pPr")
            if old is not None:
                p.remove(old)
            ppr = etree.fromstring(
                f'<w:pPr {NSDECL}><w:spacing w:before="0" w:after="0" '
                f'w:line="{SEPARATOR_TWIPS}" w:lineRule="exact"/><w:ind w:firstLine="0"/>'
                '</w:pPr>')
            ppr.append(etree.fromstring(rpr))
            p.insert(0, ppr)
            for r in p.findall(f"{W}r"):
                if r.find(f"{W}rPr") is None:
                    r.insert(0, etree.fromstring(rpr))
