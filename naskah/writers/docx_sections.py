"""The DOCX's sections: page numbering, headers and footers, and the pages left blank.

Each ``[[naskah:section]]`` marker paragraph becomes a section break (see
:mod:`naskah.writers.docx_post`). A section's header and footer parts hold the page number where
the profile puts it and, with ``format.footer.text``, the university's line at the bottom right
(UI's "Universitas Indonesia"), as the PDF prints them.

A chapter that must open on a right-hand page (``format.chapter_opens: right``) starts an
``oddPage`` section, and Word leaves the page before it blank when needed. Word cannot print
anything on a page it leaves blank, so where the PDF has a blank page with
``format.blank_page_text``, the DOCX has that page itself: a section of one page with the text
in its middle and no page number, after which the chapter's section starts on an odd page
anyway. Which chapters have one is read from the PDF (the skeleton marks each blank page), so
the two agree where the DOCX paginates like the PDF; elsewhere Word adds a blank page of its own.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from .docx_footnote_rule import mark_section
from .docx_plan import Plan
from .docx_reference import NSDECL, W, paragraph_properties, section_properties

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
MARK = "[[naskah:{}]]"


def _el(xml: str) -> Any:
    return etree.fromstring(xml)


def _text(p: Any) -> str:
    return "".join(p.itertext())


def _run(text: str, rpr: str = "") -> str:
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instr: str, result: str = "") -> str:
    """A Word field (``PAGE``, ``PAGEREF x``) showing ``result`` until Word updates it."""
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space='
            f'"preserve"> {escape(instr)} </w:instrText></w:r><w:r><w:fldChar '
            f'w:fldCharType="separate"/></w:r>{_run(result)}<w:r><w:fldChar '
            f'w:fldCharType="end"/></w:r>')


def page_field() -> str:
    return _field("PAGE", "1")


class HeadersFooters:
    """Header/footer parts, made once each and shared by every section that shows them."""

    def __init__(self, files: dict[str, bytes], rels: Any, types: Any, plan: Plan | None = None):
        self.files, self.rels, self.types = files, rels, types
        self.made: dict[tuple[str, str, bool], str] = {}
        self.plan = plan

    def ref(self, kind: str, align: str | None, mark: bool = False) -> str:
        """The relationship id of a header or footer with the page number at ``align`` (none:
        no number) and, with ``mark``, the profile's footer line at the right."""
        mark = mark and kind == "footer" and self.plan is not None and bool(
            self.plan.fmt.footer.text)
        key = (kind, align or "none", mark)
        if key not in self.made:
            n = len(self.made) + 1
            name = f"naskah-{kind}{n}.xml"
            tag = "hdr" if kind == "header" else "ftr"
            style = "Header" if kind == "header" else "Footer"
            body = self._with_mark(align) if mark else (
                (f'<w:jc w:val="{align}"/>' if align else "", page_field() if align else ""))
            xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{tag} {NSDECL} '
                   f'xmlns:r="{R_NS}"><w:p><w:pPr><w:pStyle w:val="{style}"/>{body[0]}</w:pPr>'
                   f"{body[1]}</w:p></w:{tag}>")
            self.files[f"word/{name}"] = xml.encode("utf-8")
            rid = f"rIdNaskah{n}"
            etree.SubElement(self.rels, f"{{{PKG_RELS}}}Relationship", Id=rid, Target=name,
                             Type=f"{R_NS}/{kind}")
            etree.SubElement(self.types, f"{{{CT_NS}}}Override", PartName=f"/word/{name}",
                             ContentType="application/vnd.openxmlformats-officedocument."
                                         f"wordprocessingml.{kind}+xml")
            self.made[key] = rid
        return self.made[key]

    def _with_mark(self, align: str | None) -> tuple[str, str]:
        """(paragraph properties, runs): the number at the left, centre or right tab stop and
        the footer line at the right margin, as the PDF places them."""
        assert self.plan is not None
        footer = self.plan.fmt.footer
        width = self.plan.page.text_width
        tabs = (f'<w:tabs><w:tab w:val="center" w:pos="{width // 2}"/>'
                f'<w:tab w:val="right" w:pos="{width}"/></w:tabs>')
        font = escape(footer.fonts[0]) if footer.fonts else ""
        half = round(footer.size * 2)
        rpr = ((f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>'
                if font else "<w:rPr>") + ("<w:b/><w:bCs/>" if footer.bold else "")
               + f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr>')
        tab = "<w:r><w:tab/></w:r>"
        mark = _run(footer.text, rpr)
        runs = {"left": page_field() + tab + tab + mark, "center": tab + page_field() + tab + mark,
                "right": tab + tab + mark + _run("\u2003") + page_field()}.get(
            align or "", tab + tab + mark)
        return tabs, runs


def section(plan: Plan, index: int, hf: HeadersFooters) -> Any:
    """The ``w:sectPr`` of section ``index`` (the front matter's, then body sections)."""
    numbers = plan.fmt.page_numbers
    outer = numbers.body in ("bottom-outer", "top-outer")
    refs: list[tuple[str, str, str | None]] = []
    front = index < plan.front_sections
    if front:  # each opens with a title page, which shows no number
        refs = [("header", "default", None), ("footer", "default", "center"),
                ("header", "first", None), ("footer", "first", None)]
        if outer:
            refs += [("header", "even", None), ("footer", "even", "center")]
        start = ' w:start="1"' if index == 0 else ""
        extra = '<w:type w:val="nextPage"/>' if index else ""
        numfmt, title_page = f'<w:pgNumType w:fmt="lowerRoman"{start}/>', True
    else:
        body = {"top-right": (("right", None)), "bottom-centre": (None, "center"),
                "bottom-outer": (None, "right"), "top-outer": ("right", None)}[numbers.body]
        refs = [("header", "default", body[0]), ("footer", "default", body[1])]
        if outer:  # odd pages right (default), even pages left
            refs += [("header", "even", "left" if body[0] else None),
                     ("footer", "even", "left" if body[1] else None)]
        title_page = numbers.chapter != "same"
        if title_page:
            refs += [("header", "first", None),
                     ("footer", "first", "center" if numbers.chapter == "bottom-centre" else None)]
        start = ' w:start="1"' if index == plan.front_sections else ""
        kind = "oddPage" if plan.fmt.chapter_opens == "right" else "nextPage"
        extra, numfmt = f'<w:type w:val="{kind}"/>', f'<w:pgNumType w:fmt="decimal"{start}/>'
    # the footer line on every page but a title page (a front section's first page)
    xml = "".join(f'<w:{kind}Reference w:type="{t}" r:id="'
                  f'{hf.ref(kind, align, not (front and t == "first"))}"/>'
                  for kind, t, align in refs)
    restart = plan.fmt.footnote_restart == "chapter" and index == plan.sections - 1
    xml += section_properties(plan.page, extra, restart)
    xml += numfmt + ("<w:titlePg/>" if title_page else "")
    return _el(f'<w:sectPr {NSDECL} xmlns:r="{R_NS}">{xml}</w:sectPr>')


def blank_page(plan: Plan, hf: HeadersFooters) -> Any:
    """A page of its own with ``format.blank_page_text`` in its middle and no header or
    footer: the page the PDF leaves blank before a chapter that opens on the right."""
    refs = "".join(f'<w:{kind}Reference w:type="{t}" r:id="{hf.ref(kind, None)}"/>'
                   for kind in ("header", "footer") for t in ("default", "even", "first"))
    props = section_properties(plan.page, '<w:type w:val="nextPage"/>', False)
    sect = f'<w:sectPr>{refs}{props}<w:vAlign w:val="center"/></w:sectPr>'
    return _el(f'<w:p {NSDECL} xmlns:r="{R_NS}"><w:pPr><w:pStyle w:val="Normal"/>'
               f'<w:ind w:firstLine="0"/><w:jc w:val="center"/>{sect}</w:pPr>'
               f"{_run(plan.fmt.blank_page_text)}</w:p>")


def _no_second_break(holder: Any) -> None:
    """The next section starts on a new page already; Heading 1 need not break again."""
    nxt = holder.getnext()
    while nxt is not None and nxt.tag != f"{W}p":
        nxt = nxt.getnext()
    style = nxt.find(f"{W}pPr/{W}pStyle") if nxt is not None else None
    if style is not None and style.get(f"{W}val") == "Heading1":
        style.addnext(_el(f'<w:pageBreakBefore {NSDECL} w:val="0"/>'))


def apply_sections(body: Any, plan: Plan, hf: HeadersFooters) -> None:
    """Every section marker made a section break; a blank page with its text after the
    markers in ``plan.blank_before``."""
    markers = [p for p in body.iter(f"{W}p") if _text(p) == MARK.format("section")]
    for index, marker in enumerate(markers):
        sect = section(plan, index, hf)
        prev = marker.getprevious()
        while prev is not None and prev.tag in (f"{W}bookmarkStart", f"{W}bookmarkEnd"):
            prev = prev.getprevious()
        holder = marker
        if prev is not None and prev.tag == f"{W}p" and prev.find(f"{W}pPr/{W}sectPr") is None:
            holder = prev
            marker.getparent().remove(marker)
        else:
            for child in list(marker):
                marker.remove(child)
        paragraph_properties(holder).append(sect)
        mark_section(holder)
        if index in plan.blank_before and plan.fmt.blank_page_text:
            filler = blank_page(plan, hf)
            holder.addnext(filler)
            holder = filler
            mark_section(holder)
        _no_second_break(holder)
    for old in body.findall(f"{W}sectPr"):
        body.remove(old)
    last = body.findall(f"{W}p")
    if last:
        mark_section(last[-1])
    body.append(section(plan, len(markers), hf))
