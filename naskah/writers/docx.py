"""The DOCX writer: the shared AST → one Pandoc document → Pandoc's DOCX writer → post-processing.

The book is assembled as Pandoc AST in reading order: the front-matter pages (worded by
:func:`naskah.frontmatter.front_matter`, laid out like the PDF with raw OpenXML where Markdown
has no words for it), the chapters, the Daftar Pustaka and the lampiran, with marker paragraphs
where sections break and where the Daftar Isi and lists go. Pandoc (``--sandbox``; images are
handed over as data URIs, so it reads nothing) writes the DOCX against a reference document
generated from the profile (:mod:`.docx_reference`); :mod:`.docx_post` adds what Pandoc cannot
express. Every paragraph and footnote carries a source-map bookmark (see :mod:`.docx_post`), the
way ``build.py comments`` finds the Markdown line a supervisor commented on.
"""

from __future__ import annotations

import base64
import copy
import json
import math
import mimetypes
import re
from collections.abc import Callable
from typing import Any

from ..config.loader import CONFIG_NAME, config_positions
from ..crossref import chapter_prefix, upper_title
from ..diagnostics import BuildError, Diagnostic, Report
from ..document import Document, Part
from ..frontmatter import CV_FILE, FrontMatter, closing_start, front_matter, toc_entries
from ..pandoc_ast import (
    Block,
    Div,
    Inline,
    Para,
    RawBlock,
    RawInline,
    Space,
    Span,
    Str,
    document,
    elements,
    find,
    map_blocks_inlines,
    text_inlines,
    walk,
)
from ..sandbox import MAX_ASSET_BYTES, Refused, pandoc, read_bytes
from .docx_front import front_pages
from .docx_plan import Plan
from .docx_post import MARK, finish, trace_name
from .docx_reference import PAPERS_MM, SINGLE_LINE, Page, page, reference_docx, twips
from .docx_warnings import DISPLAY, locate, report_docx_warnings
from .pdf_pages import Anchor, anchor_pages, page_heads


class SourceMap:
    """Names the source-map bookmarks: which file and line each paragraph and note came from."""

    def __init__(self, doc: Document):
        self.files: list[str] = ["", CONFIG_NAME]
        self.serial = 0
        self.notes = list(doc.footnotes)
        self.note_index = 0
        self.keys: dict[str, int] = {key: line for key, (line, _) in
                                     config_positions(doc.project).items() if "." not in key}

    def name(self, file: str, line: int | None) -> str:
        if file not in self.files:
            self.files.append(file)
        self.serial += 1
        return trace_name(self.files.index(file), int(line or 0), self.serial)

    def span(self, file: str, line: int | None) -> Inline:
        return Span([], ident=self.name(file, line))

    def key(self, *names: str) -> tuple[str, int]:
        """thesis.yaml and the line of the first of ``names`` written there."""
        return CONFIG_NAME, next((self.keys[n] for n in names if n in self.keys), 0)

    def bookmark(self, where: tuple[str, int] | None) -> str:
        """A raw bookmark for generated paragraphs (ids far above Pandoc's own)."""
        if where is None:
            where = ("", 0)
        name = self.name(*where)
        return (f'<w:bookmarkStart w:id="{100000 + self.serial}" w:name="{name}"/>'
                f'<w:bookmarkEnd w:id="{100000 + self.serial}"/>')

    def mark(self, block: Block, file: str, line: int | None) -> Block:
        """Put a bookmark at the start of the block's first paragraph (or around the block)."""
        inlines = first_inlines(block)
        if inlines is None:
            return Div([block], ident=self.name(file, line))
        inlines.insert(0, self.span(file, line))
        return block

    def mark_notes(self, blocks: list[Block], file: str) -> None:
        """Bookmark each footnote with the line of its mark or citation in the text.

        The notes engine's list (``doc.footnotes``, in document order) knows the line of notes
        it made from citations; a hand-written note knows its own (``_pos``).
        """
        for el in elements(blocks, {"Note"}):
            info = self.notes[self.note_index] if self.note_index < len(self.notes) else None
            self.note_index += 1
            line = info.line if info is not None else (el.get("_pos") or [0])[0]
            target = first_inlines(el["c"][0]) if el["c"] else None
            if target is not None:
                target.insert(0, self.span(info.file if info is not None else file, line))


def equation_paragraph(div: Block) -> Block:
    """A numbered formula as one Equation-style paragraph: tab, formula, tab, ``(2.1)``
    (the style's centre and right tab stops place them; OMML inline in display style)."""
    attr = div["c"][0]
    maths = [el for el, _ in find(div["c"][1], {"Math"})]
    number = dict(attr[2]).get("number", "")
    tab = RawInline("openxml", "<w:r><w:tab/></w:r>")
    inlines: list[Inline] = [tab]
    for el in maths:
        inlines.append({"t": "Math", "c": [{"t": "InlineMath"}, DISPLAY + el["c"][1]]})
    inlines += [tab, Str(number)]
    return Div([Para(inlines)], ident=attr[0], attrs=[["custom-style", "Equation"]])


WORD_ORDER = {"Figure": (2, 1)}
"""A figure's image before its caption, as Word prints them (Pandoc keeps the caption first)."""


def first_inlines(block: Block) -> list[Inline] | None:
    """The inline list where the block's first Word paragraph starts (never inside a note)."""
    for el in elements(block, ("Para", "Plain", "Header", "LineBlock"), skip=("Span", "Note"),
                       order=WORD_ORDER):
        c = el["c"]
        if el["t"] == "Header":
            return c[2]
        if el["t"] != "LineBlock":
            return c
        if c:
            return c[0]
    return None


def opening_label(part: Part) -> str:
    """The id of a chapter's or lampiran's title: where the PDF opens it."""
    return next((b["c"][1][0] for b in part.blocks if b["t"] == "Header" and b["c"][0] == 1), "")


def blank_pages_before(openings: list[str], anchors: dict[str, Anchor]) -> set[int]:
    """The section breaks (by index) whose part opens right after a page the PDF left blank
    (``naskah-blank-N`` on the page before the opening's)."""
    blank = {int(k.rpartition("-")[2]) - 1 for k in anchors if k.startswith("naskah-blank-")}
    return {i for i, label in enumerate(openings)
            if label in anchors and anchors[label].page - 1 in blank}


# --- the book ---------------------------------------------------------------------------------

class Book:
    """The whole thesis as one list of Pandoc blocks, in the order of the PDF."""

    def __init__(self, doc: Document, fm: FrontMatter, report: Report):
        self.doc, self.fm, self.report = doc, fm, report
        self.cfg = doc.config
        self.fmt = doc.config.format
        self.page: Page = page(self.fmt)
        self.map = SourceMap(doc)
        self.openings: list[str] = []
        """The label of the part after each section break (its PDF named destination)."""
        self.front_sections = 1
        """The sections of the front matter: one, and one more for each title page after the
        first (the sections are one more than the breaks)."""
        self.images: dict[str, str | None] = {}

    def blocks(self) -> list[Block]:
        out = front_pages(self)
        self.front_sections = len(self.openings) + 1
        for part in self.doc.chapters:
            out += [self.section_break(opening_label(part)), *self.part_blocks(part)]
        out += [self.section_break("page-bibliography"), *self.bibliography()]
        for part in self.doc.appendices:
            out += [self.section_break(opening_label(part)), *self.part_blocks(part)]
        cv = self.doc.front.get(CV_FILE)
        if cv is not None:  # after the lampiran
            out += [self.section_break("page-cv"), self.page_title(self.fmt.titles.cv, "page-cv",
                                                          (cv.file, 1)), *self.part_blocks(cv)]
        map_blocks_inlines(out, self._image)
        return out

    def section_break(self, opening: str = "") -> Block:
        self.openings.append(opening)
        return RawBlock("openxml", f"<w:p><w:r><w:t>{MARK.format('section')}</w:t></w:r></w:p>")

    def marker(self, name: str) -> Block:
        return RawBlock("openxml", f"<w:p><w:r><w:t>{MARK.format(name)}</w:t></w:r></w:p>")

    def page_title(self, title: str, label: str, where: tuple[str, int] = ("", 0)) -> Block:
        return {"t": "Header", "c": [1, [label, [], []],
                                     [self.map.span(*where), *text_inlines(title)]]}

    def part_blocks(self, part: Part) -> list[Block]:
        """A part's blocks, copied, with chapter openings, source lines and the source map."""
        out: list[Block] = []
        closing = closing_start(part.blocks) if part.name == "kata-pengantar" else None
        for i, block in enumerate(copy.deepcopy(part.blocks)):
            if closing is not None and i >= closing:  # the right-hand closing block
                block = Div([block], attrs=[["custom-style", "Closing"]])
            elif closing is not None and i == closing - 1 and block["t"] == "Para":
                block = Div([block], attrs=[["custom-style", "Closing Lead"]])
            line = block.get("_line")
            if block["t"] == "Header" and block["c"][0] == 1 and part.kind != "front":
                inlines = block["c"][2]
                if upper_title(self.fmt, part):
                    inlines = _upper(inlines)
                prefix, two_lines = chapter_prefix(self.fmt, part)
                block["c"][2] = [*text_inlines(prefix),
                                 {"t": "LineBreak"} if two_lines else Space(), *inlines]
            elif block["t"] == "Div" and "source" in block["c"][0][1]:
                block["c"][0][2].append(["custom-style", "Source Line"])
            elif block["t"] == "Div" and "listing" in block["c"][0][1]:
                block["c"][1][:1] = [Div(block["c"][1][:1],
                                         attrs=[["custom-style", "Table Caption"]])]
            elif block["t"] == "Div" and "equation" in block["c"][0][1]:
                block = equation_paragraph(block)
            for el, _ in find(block, {"RawBlock", "RawInline"}):
                check_openxml(el, part.file, line, self.report)
            out.append(self.map.mark(block, part.file, line))
        self.map.mark_notes(out, part.file)
        return out

    def bibliography(self) -> list[Block]:
        bib = self.cfg.bibliography.file
        out: list[Block] = [self.page_title(self.fmt.titles.bibliography, "page-bibliography",
                                            (bib, 0))]
        for group in self.doc.bibliography:
            if group.title:
                out.append(Div([Para([self.map.span(bib, 0), *text_inlines(group.title)])],
                               attrs=[["custom-style", "Bibliography Heading"]]))
            lines = group.lines if len(group.lines) == len(group.entries) else \
                [0] * len(group.entries)  # each entry at its .bib line, when known
            entries = [Para([self.map.span(bib, line), *copy.deepcopy(e)])
                       for e, line in zip(group.entries, lines, strict=True)]
            out.append(Div(entries, attrs=[["custom-style", "Bibliography"]]))
        return out

    def _image(self, el: Inline) -> list[Inline] | None:
        """Images go to Pandoc as data URIs: in its sandbox it may read no file."""
        if el["t"] != "Image":
            return None
        src = el["c"][2][0]
        if src.startswith("data:"):
            return None
        if src not in self.images:
            self.images[src] = self._data_uri(src)
        uri = self.images[src]
        if uri is None:
            return [Span(el["c"][1])]
        el["c"][2][0] = uri
        el["c"][0][2] = [[k, self._absolute(k, v)] for k, v in el["c"][0][2]]
        return None

    def _absolute(self, key: str, value: str) -> str:
        """``width=40%`` means 40 % of the text width in the PDF; Pandoc's DOCX ignores it."""
        if key in ("width", "height") and value.endswith("%"):
            try:
                share = float(value[:-1]) / 100
            except ValueError:
                return value
            base = self.page.text_width if key == "width" else self.page.text_height
            return f"{share * base / 567:.2f}cm"
        return value

    def _data_uri(self, src: str) -> str | None:
        path = (self.doc.project / src.lstrip("/")).resolve()

        def where() -> tuple[str | None, int | None, int | None]:  # only for a warning: slow
            return locate(src, self.doc.parts) or (None, None, None)

        if path.suffix.lower() == ".pdf":
            self.report.warning(f"image '{src}' is a PDF, which Word cannot show: the DOCX has "
                                "its caption only (use PNG or SVG)", *where(),
                                rule="image-missing")
            return None
        try:
            data = read_bytes(self.doc.project, src.lstrip("/"), max_bytes=MAX_ASSET_BYTES)
        except Refused:
            self.report.warning(f"image '{src}' could not be read for the DOCX", *where(),
                                rule="image-missing")
            return None
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"

    def estimate_lines(self, text: str, size: float, width: float = 0.5) -> int:
        """Rough line count of centred text (for the title page's vertical spacing)."""
        per_line = self.page.text_width / (size * 20 * width)
        return max(1, math.ceil(len(text) / max(per_line, 1)))


OPENXML_NAMESPACES = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "o": "urn:schemas-microsoft-com:office:office", "v": "urn:schemas-microsoft-com:vml",
    "w10": "urn:schemas-microsoft-com:office:word",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"}
"""The prefixes Pandoc declares in document.xml: all a raw OpenXML block may use."""
SAFE_FIELDS = frozenset(
    "PAGE NUMPAGES SECTIONPAGES SECTION SEQ REF PAGEREF NOTEREF STYLEREF TOC TC XE INDEX "
    "HYPERLINK DATE TIME CREATEDATE SAVEDATE PRINTDATE AUTHOR TITLE SUBJECT KEYWORDS "
    "DOCPROPERTY NUMWORDS NUMCHARS QUOTE SYMBOL EQ ADVANCE LISTNUM AUTONUM AUTONUMLGL "
    "AUTONUMOUT BIBLIOGRAPHY CITATION IF COMPARE SET =".split())
"""Word fields a raw block may hold: none of them reads a file, an address or a program
(INCLUDEPICTURE, INCLUDETEXT, LINK, DDE/DDEAUTO, IMPORT, … are refused)."""
EXTERNAL_ELEMENTS = frozenset({"altChunk", "subDoc", "OLEObject", "control", "objectLink"})
OUTSIDE = re.compile(r"^\s*(?:(?:file|https?|ftps?|smb|nfs|dav|mhtml|ms-[a-z-]+):|\\\\|/|"
                     r"[a-z]:[\\/])", re.I)


def check_openxml(el: dict[str, Any], file: str, line: int | None, report: Report) -> None:
    """A raw OpenXML block or inline: well-formed, and reaching no file or address outside.

    Word would fetch what a field such as INCLUDEPICTURE names, an embedded part from elsewhere
    or an image linked by address when the document is opened; such markup is refused (an
    error at the block's line), everything else is kept as written.
    """
    if el["t"] not in ("RawBlock", "RawInline") or el["c"][0] != "openxml":
        return
    from lxml import etree

    w, r = OPENXML_NAMESPACES["w"], OPENXML_NAMESPACES["r"]
    xmlns = " ".join(f'xmlns:{k}="{v}"' for k, v in OPENXML_NAMESPACES.items())
    try:
        root = etree.fromstring(f"<naskah {xmlns}>{el['c'][1]}</naskah>".encode(),
                                etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        message = re.sub(r",? line \d+, column \d+$", "", exc.msg)  # of naskah's wrapper
        report.error(f"raw OpenXML is not well-formed: {message}", file, line, rule="build")
        return
    # Comments and processing instructions carry no field code for Word, but they would split
    # one (`<!-- x -->INCLUDEPICTURE` leaves the name in a comment's tail): drop them before
    # reading the codes, so a field's text is read as Word reads it.
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    bad = None
    for node in root.iter(etree.Element):
        name = etree.QName(node).localname
        # Every piece of a field's code must start with a safe field's name, a switch or an
        # argument: a fetching field cannot be spelled across pieces either.
        code = node.get(f"{{{w}}}instr") if name == "fldSimple" else (
            node.text if name == "instrText" else None)
        first = (code or "").split(None, 1)[0] if (code or "").strip() else ""
        if first and first.upper() not in SAFE_FIELDS and first[0] not in '\\"=':
            bad = f"the field {first.upper()}"
        elif name in EXTERNAL_ELEMENTS or node.get(f"{{{r}}}link"):
            bad = f"<{name}>"
        else:
            bad = next((f"'{v}'" for a, v in node.attrib.items()
                        if etree.QName(a).localname not in ("val", "instr") and OUTSIDE.match(v)),
                       None)
        if bad:
            report.error(f"raw OpenXML may not refer to anything outside the document "
                         f"({bad})", file, line, rule="build")
            return


OPENERS = " ([{“‘\u2014\u2013-/"
"""After these (or at a word's start) a straight single quote opens a quotation."""


def curly_apostrophes(blocks: list[Block]) -> None:
    """Straight single quotes as the PDF prints them (Typst's smart quotes): ‘ where a quotation
    opens, ’ elsewhere (``User’s``). Code and raw markup keep theirs."""
    for el, holder in find(blocks, {"Str"}):
        text = el["c"]
        if "'" not in text:
            continue
        i = next(n for n, item in enumerate(holder) if item is el)
        starts_word = i == 0 or holder[i - 1].get("t") in ("Space", "SoftBreak", "LineBreak")
        out = []
        for n, ch in enumerate(text):
            if ch == "'":
                before = text[n - 1] if n else (" " if starts_word else "x")
                opens = before in OPENERS and n + 1 < len(text)
                ch = "‘" if opens else "’"
            out.append(ch)
        el["c"] = "".join(out)


def _upper(inlines: list[Inline]) -> list[Inline]:
    """Chapter titles print in capitals (notes inside them keep their case)."""
    out = copy.deepcopy(inlines)

    def upper(el: dict[str, Any]) -> None:
        if el["t"] == "Str":
            el["c"] = el["c"].upper()

    walk(out, upper, skip={"Note"})
    return out


def run_pandoc(blocks: list[Block], reference: bytes, report: Report,
               parts: list[Part] | None = None) -> bytes:
    """Pandoc's DOCX writer in its sandbox, with the generated reference document; each of
    its warnings one line, located in ``parts`` at what it names (:mod:`.docx_warnings`)."""
    run = pandoc(["-f", "json", "-t", "docx", "--reference-doc={reference.docx}", "-o", "-"],
                 json.dumps(document(blocks)).encode("utf-8"), what="Pandoc's DOCX writer",
                 files={"reference.docx": reference})
    if not run.output:
        raise BuildError(Diagnostic("error", "Pandoc's DOCX writer gave an empty file",
                                    rule="build"))
    report_docx_warnings(run.warnings, parts or [], report)
    return run.output


def write_docx(doc: Document, report: Report,
               pdf: Callable[[], bytes | None] | None = None) -> bytes:
    """The thesis as DOCX bytes (the caller writes them atomically). ``pdf`` gives the same
    book's PDF: its page numbers are cached in the DOCX's Daftar Isi and lists."""
    fmt = doc.config.format
    try:
        twips(fmt.first_line_indent)
        for side in ("top", "left", "bottom", "right"):
            twips(getattr(fmt.margins, side))
    except BuildError as exc:
        report.extend(exc.report)
        raise BuildError(report) from None
    if fmt.paper.lower() not in PAPERS_MM:
        report.warning(f"format: paper '{fmt.paper}' is not known to the DOCX writer; the DOCX "
                       f"is A4 (known: {', '.join(PAPERS_MM)})", CONFIG_NAME, rule="build")
    fm = front_matter(doc)
    book = Book(doc, fm, report)
    blocks = book.blocks()
    curly_apostrophes(blocks)
    report.raise_if_errors()  # a raw OpenXML block refused: Pandoc would write a broken file
    data = run_pandoc(blocks, reference_docx(fmt, doc.config.language), report, doc.parts)
    pdf_bytes = pdf() if pdf is not None else None  # asked only now: it is typeset meanwhile
    anchors = anchor_pages(pdf_bytes) if pdf_bytes else {}
    plan = Plan(fmt=fmt, page=book.page, sections=len(book.openings) + 1,
                front_sections=book.front_sections, toc=toc_entries(doc, fm),
                tables=doc.tables, figures=doc.figures,
                appendices=[e for e in doc.toc if e.kind == "appendix"],
                sources=book.map.files, title=doc.config.title, author=doc.config.author,
                anchors=anchors,
                page_heads=page_heads(pdf_bytes, book.page.top / 20, fmt.font_size * (
                    1 + 2 * SINGLE_LINE * fmt.line_spacing)) if pdf_bytes else {},
                blank_before=blank_pages_before(book.openings, anchors))
    return finish(data, plan)

