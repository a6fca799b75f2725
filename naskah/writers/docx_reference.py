"""The DOCX reference document, generated from the format profile (no binary in the repository).

Pandoc takes page setup and styles from a reference DOCX. naskah starts from Pandoc's own default
(``pandoc --print-default-data-file reference.docx``, so it always matches the Pandoc in use) and
rewrites what the university format decides: A4 and the margins, Normal = the profile's first
font and size, justified, Word's line spacing (1.5 = ``w:line="360"``), first-line indent; the
headings, footnotes, captions, block quotes, Daftar Pustaka, tables and TOC styles. The writer
and the post-processor use the style ids defined here.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from lxml import etree

from ..config.schema import Format
from ..diagnostics import BuildError
from ..docx_package import Package
from ..sandbox import pandoc

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NSDECL = f'xmlns:w="{W_NS}"'

PAPERS_MM = {"a4": (210, 297), "a5": (148, 210), "b5": (176, 250), "us-letter": (215.9, 279.4),
             "us-legal": (215.9, 355.6), "f4": (215, 330), "folio": (215, 330)}
UNITS_TWIPS = {"cm": 1440 / 2.54, "mm": 144 / 2.54, "in": 1440.0, "pt": 20.0}
LANGS = {"id": "id-ID", "en": "en-US"}

# Style ids the writer and the post-processor refer to (Pandoc's own, plus naskah's).
TITLE_PAGE = "TitlePage"
TABLE_TEXT = "TableText"
SOURCE_LINE = "SourceLine"
BIB_HEADING = "BibliographyHeading"


PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
"""The order ECMA-376 gives a paragraph's properties (``CT_PPr``); Word refuses others."""


def paragraph_properties(p: etree._Element) -> etree._Element:
    """Paragraph ``p``'s ``w:pPr``, created as its first child when it has none."""
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    return ppr


def paragraph_property(p: etree._Element, name: str) -> etree._Element:
    """The ``w:NAME`` property of paragraph ``p``, created in the schema's order when missing:
    every DOCX step that sets one (keepNext, spacing, a tracked mark's rPr) goes through here."""
    ppr = paragraph_properties(p)
    found = ppr.find(f"{W}{name}")
    if found is not None:
        return found
    el = etree.Element(f"{W}{name}")
    rank = PPR_ORDER.index(name)
    later = next((c for c in ppr if isinstance(c.tag, str) and c.tag.startswith(W)
                  and c.tag[len(W):] in PPR_ORDER
                  and PPR_ORDER.index(c.tag[len(W):]) > rank), None)
    if later is not None:
        later.addprevious(el)
    else:
        ppr.append(el)
    return el


SINGLE_LINE = 1.15
"""Word's single line for Times New Roman, as a multiple of the font size (the skeleton's
``line-box``): what line spacing 1.5 multiplies."""


def line_twips(size: float, lines: float = 1) -> int:
    """The height of ``lines`` single lines of ``size`` pt text, in twips."""
    return round(lines * size * SINGLE_LINE * 20)


def style_of(el: etree._Element | None) -> str | None:
    """The style of a paragraph (``w:pStyle``) or a table (``w:tblStyle``), else None."""
    if el is None:
        return None
    style = el.find(f"{W}pPr/{W}pStyle" if el.tag == f"{W}p" else f"{W}tblPr/{W}tblStyle")
    return style.get(f"{W}val") if style is not None else None


def next_block(el: etree._Element) -> etree._Element | None:
    """The paragraph or table after ``el``, past the bookmarks between them (or None)."""
    after = el.getnext()
    while after is not None and after.tag not in (f"{W}p", f"{W}tbl"):
        after = after.getnext()
    return after


def twips(length: str) -> int:
    """``4cm``/``30mm``/``1in``/``12pt`` → twentieths of a point (Word's unit)."""
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(cm|mm|in|pt)\s*", str(length))
    if not m:
        raise BuildError(f"format: cannot read the length '{length}' (use cm, mm, in or pt)",
                         rule="config")
    return round(float(m.group(1)) * UNITS_TWIPS[m.group(2)])


@dataclass(frozen=True)
class Page:
    """Page geometry in twips, shared by the reference, the sections and the front pages."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def header(self) -> int:
        """Header distance from the edge, about where Typst puts it (30 % into the margin)."""
        return max(360, round(self.top * 0.7) - 280)

    @property
    def footer(self) -> int:
        return max(360, round(self.bottom * 0.7) - 280)


def page(fmt: Format) -> Page:
    w, h = PAPERS_MM.get(fmt.paper.lower(), PAPERS_MM["a4"])
    m = fmt.margins
    return Page(round(w * 1440 / 25.4), round(h * 1440 / 25.4), twips(m.top), twips(m.right),
                twips(m.bottom), twips(m.left))


def line_value(spacing: float) -> int:
    """Word's ``w:line`` for "multiple" spacing: single = 240, 1.5 lines = 360, double = 480."""
    return round(240 * spacing)


@functools.lru_cache(maxsize=1)
def pandoc_default_reference() -> bytes:
    return pandoc(["--print-default-data-file", "reference.docx"],
                  what="Pandoc's default reference.docx").output


def _style_specs(fmt: Format) -> list[tuple[str, str, str, str | None, str, str]]:
    """(type, id, name, basedOn, pPr, rPr) of every style naskah defines or redefines."""
    body = line_value(fmt.line_spacing)
    indent = twips(fmt.first_line_indent)
    line_box = line_twips(fmt.font_size)  # one single line, in twips
    size = round(fmt.font_size * 2)
    note = round(fmt.footnote_size * 2)
    pg = page(fmt)
    jc = "both" if fmt.justify else "left"
    single = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
    sp = fmt.spacing

    def spaced(factor: float, after: int = 0) -> str:
        return (f'<w:spacing w:before="0" w:after="{after}" w:line="{line_value(factor)}" '
                'w:lineRule="auto"/>')

    # Block paragraphs (ITB): no indent, one blank line at the body's spacing between them.
    block = fmt.paragraph_style == "block"
    indent_xml = (f'<w:ind w:firstLine="{indent}"/>' if not block else '<w:ind w:firstLine="0"/>')
    par_after = round(fmt.line_spacing * line_box) if block else 0
    no_ind = '<w:ind w:firstLine="0"/>'
    heading = (f'<w:keepNext/><w:keepLines/><w:spacing w:before="{line_box}" w:after="0" '
               f'w:line="{body}" w:lineRule="auto"/>{no_ind}<w:jc w:val="left"/>')
    bold = f'<w:b/><w:bCs/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
    first_par = "" if fmt.indent_first_paragraph else no_ind
    tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{pg.text_width}"/></w:tabs>'

    def toc(left: int) -> str:
        return (f'{tab}<w:spacing w:before="0" w:after="180" w:line="240" w:lineRule="auto"/>'
                f'<w:ind w:left="{left}" w:firstLine="0"/><w:jc w:val="left"/>')

    font = fmt.fonts[0] if fmt.fonts else "Times New Roman"
    mono = ('<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas" w:cs="Consolas"/>'
            f'<w:sz w:val="{note}"/><w:szCs w:val="{note}"/>')
    specs = [
        ("paragraph", "Normal", "Normal", None,
         # Widow and orphan control as Word's own Normal style (and Typst's text.costs): no
         # paragraph leaves a single line at the foot or the head of a page.
         f'<w:widowControl/><w:spacing w:before="0" w:after="{par_after}" w:line="{body}" '
         f'w:lineRule="auto"/>{indent_xml}<w:jc w:val="{jc}"/>',
         # Pair kerning, as the PDF sets it (Word's own default is off: lines would break
         # elsewhere).
         f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
         f'<w:kern w:val="2"/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'),
        ("paragraph", "BodyText", "Body Text", "Normal", "", ""),
        ("paragraph", "FirstParagraph", "First Paragraph", "BodyText", first_par, ""),
        ("paragraph", "Compact", "Compact", "BodyText", no_ind, ""),
        ("paragraph", "Heading1", "heading 1", "Normal",
         f'<w:keepNext/><w:keepLines/><w:pageBreakBefore/><w:spacing w:before="0" '
         f'w:after="{2 * line_box}" w:line="360" w:lineRule="auto"/>{no_ind}'
         f'<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
         f'<w:b/><w:bCs/><w:sz w:val="{round(fmt.chapter_title_size * 2)}"/>'
         f'<w:szCs w:val="{round(fmt.chapter_title_size * 2)}"/>'),
        *[("paragraph", f"Heading{n}", f"heading {n}", "Normal",
           f'{heading}<w:outlineLvl w:val="{n - 1}"/>', bold) for n in range(2, 10)],
        ("paragraph", "BlockText", "Block Text", "BodyText",
         f'<w:spacing w:before="{line_box}" w:after="{line_box}" w:line="240" '
         f'w:lineRule="auto"/><w:ind w:left="{indent}" w:right="0" w:firstLine="0"/>', ""),
        ("paragraph", "FootnoteText", "footnote text", "Normal",
         f'{spaced(sp.footnotes)}{no_ind}<w:jc w:val="{jc}"/>',
         f'<w:sz w:val="{note}"/><w:szCs w:val="{note}"/>'),
        ("paragraph", "Caption", "caption", "Normal",
         f'<w:spacing w:before="120" w:after="120" w:line="{line_value(sp.captions)}" '
         f'w:lineRule="auto"/>{no_ind}<w:jc w:val="center"/>', ""),
        ("paragraph", "TableCaption", "Table Caption", "Caption",
         f'<w:keepNext/><w:spacing w:before="{line_box}" w:after="120"/>', ""),
        ("paragraph", "ImageCaption", "Image Caption", "Caption",
         f'<w:spacing w:before="120" w:after="{line_box}"/>', ""),
        ("paragraph", "Figure", "Figure", "Normal",  # the image goes with its caption
         f'<w:keepNext/><w:spacing w:before="{line_box}" w:after="0" w:line="240" '
         'w:lineRule="auto"/>'
         f'{no_ind}<w:jc w:val="center"/>', ""),
        ("paragraph", "ClosingLead", "Closing Lead", "Normal",  # goes with the closing
         '<w:keepNext/>', ""),
        ("paragraph", "Closing", "Closing", "Normal",  # the Kata Pengantar's place, date, name
         f'<w:keepNext/><w:keepLines/><w:ind w:left="{max(0, pg.text_width - 3969)}" '
         'w:firstLine="0"/><w:jc w:val="left"/>', ""),
        ("paragraph", "Equation", "Equation", "Normal",
         f'<w:keepLines/><w:tabs><w:tab w:val="center" w:pos="{pg.text_width // 2}"/>'
         f'<w:tab w:val="right" w:pos="{pg.text_width}"/></w:tabs><w:spacing '
         f'w:before="{line_box // 2}" w:after="{line_box // 2}"/>{no_ind}<w:jc w:val="left"/>',
         ""),
        ("paragraph", SOURCE_LINE, "Source Line", "Normal",
         f'<w:spacing w:before="0" w:after="{line_box}" w:line="240" w:lineRule="auto"/>'
         f'{no_ind}<w:jc w:val="center"/>', f'<w:sz w:val="{note}"/><w:szCs w:val="{note}"/>'),
        ("paragraph", "Bibliography", "Bibliography", "Normal",
         f'{spaced(sp.bibliography, round(sp.bibliography_gap * 20))}'
         f'<w:ind w:left="{indent}" w:hanging="{indent}"/><w:jc w:val="left"/>', ""),
        ("paragraph", BIB_HEADING, "Bibliography Heading", "Normal",
         f'<w:keepNext/><w:spacing w:before="{line_box}" w:after="{line_box}" w:line="240" '
         f'w:lineRule="auto"/>{no_ind}<w:jc w:val="left"/>', "<w:b/><w:bCs/>"),
        ("paragraph", "Abstract", "Abstract", "Normal",
         f'{spaced(sp.abstract, line_box)}', ""),
        ("paragraph", TITLE_PAGE, "Title Page", "Normal",
         f'{single}{no_ind}<w:jc w:val="center"/>', ""),
        ("paragraph", TABLE_TEXT, "Table Text", "Normal",
         f'{spaced(sp.tables)}{no_ind}<w:jc w:val="left"/>', ""),
        ("paragraph", "Header", "header", "Normal", f"{single}{no_ind}", ""),
        ("paragraph", "Footer", "footer", "Normal", f"{single}{no_ind}", ""),
        ("paragraph", "TOC1", "toc 1", "Normal", toc(0), "<w:b/><w:bCs/>"),
        ("paragraph", "TOC2", "toc 2", "Normal", toc(510), ""),
        ("paragraph", "TOC3", "toc 3", "Normal", toc(1021), ""),
        ("paragraph", "TOC4", "toc 4", "Normal", toc(0), ""),  # Daftar Tabel/Gambar/Lampiran
        ("character", "Hyperlink", "Hyperlink", "DefaultParagraphFont", "", ""),
        ("paragraph", "SourceCode", "Source Code", "Normal",
         '<w:widowControl w:val="0"/>'  # code breaks at any line, as in the PDF
         '<w:shd w:val="clear" w:color="auto" w:fill="F5F5F5"/><w:wordWrap w:val="off"/>'
         # exact lines of 1.15 × the note size: the PDF's pitch, whatever mono font Word finds
         f'<w:spacing w:before="120" w:after="120" w:line="{round(fmt.footnote_size * 23)}" '
         'w:lineRule="exact"/><w:ind w:left="0" w:firstLine="0"/><w:jc w:val="left"/>', mono),
        ("character", "VerbatimChar", "Verbatim Char", "DefaultParagraphFont", "", mono),
    ]
    return specs


def _style_element(kind: str, ident: str, name: str, based: str | None, ppr: str,
                   rpr: str) -> etree._Element:
    parts = [f'<w:style {NSDECL} w:type="{kind}" w:styleId="{ident}"',
             ' w:default="1"' if ident == "Normal" else "",
             ' w:customStyle="1"' if ident in (TITLE_PAGE, TABLE_TEXT, SOURCE_LINE, BIB_HEADING,
                                               "FirstParagraph", "Compact", "TableCaption",
                                               "ImageCaption", "Figure", "Abstract") else "",
             f'><w:name w:val="{name}"/>']
    if based:
        parts.append(f'<w:basedOn w:val="{based}"/>')
    if ident.startswith("Heading") or ident == "Normal":
        parts.append('<w:next w:val="BodyText"/>' if ident != "Normal" else "")
    parts.append("<w:uiPriority w:val=\"9\"/><w:qFormat/>" if ident.startswith("Heading")
                 else "<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(f"<w:rPr>{rpr}</w:rPr>")
    parts.append("</w:style>")
    return etree.fromstring("".join(parts))


def _styles(xml: bytes, fmt: Format, language: str) -> bytes:
    root = etree.fromstring(xml)
    font = fmt.fonts[0] if fmt.fonts else "Times New Roman"
    size = round(fmt.font_size * 2)
    lang = LANGS.get(language, "id-ID")
    defaults = root.find(f"{W}docDefaults")
    defaults.getparent().remove(defaults)
    root.insert(0, etree.fromstring(
        f'<w:docDefaults {NSDECL}><w:rPrDefault><w:rPr><w:rFonts w:ascii="{font}" '
        f'w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/><w:sz w:val="{size}"/>'
        f'<w:szCs w:val="{size}"/><w:lang w:val="{lang}" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0"/></w:pPr>'
        "</w:pPrDefault></w:docDefaults>"))
    # Pandoc's look (theme fonts, blue headings, italic captions) has no place in a thesis.
    for el in list(root.iter(f"{W}rFonts", f"{W}color", f"{W}i", f"{W}iCs")):
        themed = any("heme" in k for k in el.attrib)
        if el.tag != f"{W}rFonts" or themed:
            el.getparent().remove(el)
    existing = {s.get(f"{W}styleId"): s for s in root.iter(f"{W}style")}
    for spec in _style_specs(fmt):
        new = _style_element(*spec)
        old = existing.get(spec[1])
        if old is not None:
            old.addprevious(new)
            old.getparent().remove(old)
        else:
            root.append(new)
    for style in list(root.iter(f"{W}style")):
        ident = style.get(f"{W}styleId") or ""
        if re.fullmatch(r"Heading\dChar", ident):
            root.remove(style)
        elif style.get(f"{W}type") == "character":
            for link in style.findall(f"{W}link"):
                style.remove(link)
    table = existing.get("Table")
    if table is not None:
        _table_style(table)
    if "FigureTable" not in existing:
        root.append(_figure_table_style())
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _table_style(style: etree._Element) -> None:
    """Tables as in the PDF: centred, a thin rule around every cell, 5 pt cell padding."""
    old = style.find(f"{W}tblPr")
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    margins = "".join(f'<w:{side} w:w="{w}" w:type="dxa"/>'
                      for side, w in (("top", 60), ("left", 100), ("bottom", 60), ("right", 100)))
    new = etree.fromstring(f'<w:tblPr {NSDECL}><w:jc w:val="center"/><w:tblInd w:w="0" '
                           f'w:type="dxa"/><w:tblBorders>{borders}</w:tblBorders>'
                           f"<w:tblCellMar>{margins}</w:tblCellMar></w:tblPr>")
    old.addprevious(new)
    style.remove(old)


def _figure_table_style() -> etree._Element:
    """The one-cell table Pandoc puts a figure in: no rules and no cell margins, so an image
    ``width=100%`` fits the text width instead of being cropped by the cell's padding."""
    zero = "".join(f'<w:{side} w:w="0" w:type="dxa"/>'
                   for side in ("top", "left", "bottom", "right"))
    none = "".join(f'<w:{side} w:val="nil"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return etree.fromstring(
        f'<w:style {NSDECL} w:type="table" w:customStyle="1" w:styleId="FigureTable">'
        '<w:name w:val="Figure Table"/><w:uiPriority w:val="99"/><w:tblPr><w:jc w:val="center"/>'
        f'<w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>{none}</w:tblBorders>'
        f"<w:tblCellMar>{zero}</w:tblCellMar></w:tblPr></w:style>")


def section_properties(pg: Page, extra: str = "", restart: bool = True) -> str:
    """The parts of a ``w:sectPr`` every section shares (page size, margins, notes)."""
    notes = ('<w:footnotePr><w:numStart w:val="1"/><w:numRestart w:val="eachSect"/>'
             "</w:footnotePr>") if restart else ""
    return (f'{notes}{extra}<w:pgSz w:w="{pg.width}" w:h="{pg.height}"/>'
            f'<w:pgMar w:top="{pg.top}" w:right="{pg.right}" w:bottom="{pg.bottom}" '
            f'w:left="{pg.left}" w:header="{pg.header}" w:footer="{pg.footer}" w:gutter="0"/>')


def _document(xml: bytes, fmt: Format) -> bytes:
    root = etree.fromstring(xml)
    body = root.find(f"{W}body")
    for old in body.findall(f"{W}sectPr"):
        body.remove(old)
    restart = fmt.footnote_restart == "chapter"
    body.append(etree.fromstring(
        f"<w:sectPr {NSDECL}>{section_properties(page(fmt), restart=restart)}</w:sectPr>"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def reference_docx(fmt: Format, language: str = "id") -> bytes:
    """The reference DOCX for this profile, as bytes."""
    pkg = Package.open(pandoc_default_reference())
    pkg.write("word/styles.xml", _styles(pkg.parts["word/styles.xml"], fmt, language))
    pkg.write("word/document.xml", _document(pkg.parts["word/document.xml"], fmt))
    return pkg.to_bytes()
