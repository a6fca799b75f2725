"""What Pandoc's DOCX cannot express, added by editing the package XML (lxml) after Pandoc.

Pandoc writes one section with the reference document's settings. naskah then
- turns each ``[[naskah:section]]`` marker paragraph into a section break
  (:mod:`naskah.writers.docx_sections`): the front matter
  numbered i, ii, … at the bottom centre (the title page shows none: a different, empty first
  page), the body from BAB I numbered 1, 2, … (restarting) at the top right, each opening page
  (chapter, Daftar Pustaka, lampiran) numbered at the bottom centre (``w:titlePg``), footnotes
  restarting per section when the profile says so (see :func:`_settings` for where), each
  section ending in a hidden separator mark so LibreOffice draws the footnote rule in it too
  (:mod:`naskah.writers.docx_footnote_rule`);
- replaces ``[[naskah:toc]]`` / ``tables`` / ``figures`` / ``appendices`` markers by the Daftar
  Isi (a ``TOC`` field), the Daftar Tabel / Gambar (``TOC \\t`` fields over the caption styles)
  and the Daftar Lampiran (``PAGEREF`` lines), their page numbers cached from the PDF's layout
  (:func:`naskah.writers.pdf_pages.anchor_pages`) so they read right before Word updates them, with
  no "update fields?" question on opening (``w:updateFields`` only when none could be cached);
- renames the source-map bookmarks to hidden ones and stores the list of source files.

Source map: every top-level paragraph and every footnote carries a zero-length bookmark
``_nks{S}_{L}_{N}`` (S: index into the custom document property ``naskah-sources``, a JSON list
of project-relative files, "" meaning generated text; L: source line, 0 if unknown; N: serial,
for uniqueness). Bookmarks whose names start with ``_`` are Word's hidden bookmarks: they survive
editing and saving in Word and LibreOffice, and do not clutter the Bookmark dialog.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from ..config.schema import Format
from ..document import TocEntry
from ..docx_package import Package
from . import KEPT_ROWS
from .docx_footnote_rule import separators
from .docx_plan import Plan
from .docx_reference import (
    NSDECL,
    SOURCE_LINE,
    W,
    line_twips,
    next_block,
    paragraph_property,
    style_of,
)
from .docx_sections import (
    CT_NS,
    MARK,
    PKG_RELS,
    R_NS,
    HeadersFooters,
    _el,
    _field,
    _run,
    _text,
    apply_sections,
)
from .docx_spacing import after_tables, figure_paragraphs, style_space_before
from .docx_widows import mark_lone_last_lines
from .pdf_pages import Anchor

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
PAGEREF = "PAGEREF {} \\h"
SOURCES_PROPERTY = "naskah-sources"
TRACE_RE = re.compile(r"^_?nks(\d+)_(\d+)_(\d+)(?:_Copy_\d+)?$")  # LibreOffice adds _Copy_N
# CT_Settings children in schema order (Word rejects settings out of order).
SETTINGS_ORDER = (
    "writeProtection view zoom removePersonalInformation removeDateAndTime "
    "doNotDisplayPageBoundaries displayBackgroundShape printPostScriptOverText "
    "printFractionalCharacterWidth printFormsData embedTrueTypeFonts embedSystemFonts "
    "saveSubsetFonts saveFormsData mirrorMargins alignBordersAndEdges bordersDoNotSurroundHeader "
    "bordersDoNotSurroundFooter gutterAtTop hideSpellingErrors hideGrammaticalErrors "
    "activeWritingStyle proofState formsDesign attachedTemplate linkStyles stylePaneFormatFilter "
    "stylePaneSortMethod documentType mailMerge revisionView trackRevisions doNotTrackMoves "
    "doNotTrackFormatting documentProtection autoFormatOverride styleLockTheme styleLockQFSet "
    "defaultTabStop autoHyphenation consecutiveHyphenLimit hyphenationZone doNotHyphenateCaps "
    "showEnvelope summaryLength clickAndTypeStyle defaultTableStyle evenAndOddHeaders "
    "bookFoldRevPrinting bookFoldPrinting bookFoldPrintingSheets drawingGridHorizontalSpacing "
    "drawingGridVerticalSpacing displayHorizontalDrawingGridEvery "
    "displayVerticalDrawingGridEvery doNotUseMarginsForDrawingGridOrigin "
    "drawingGridHorizontalOrigin drawingGridVerticalOrigin doNotShadeFormData "
    "noPunctuationKerning characterSpacingControl printTwoOnOne strictFirstAndLastChars "
    "noLineBreaksAfter noLineBreaksBefore savePreviewPicture doNotValidateAgainstSchema "
    "saveInvalidXml ignoreMixedContent alwaysShowPlaceholderText doNotDemarcateInvalidXml "
    "saveXmlDataOnly useXSLTWhenSaving saveThroughXslt showXMLTags alwaysMergeEmptyNamespace "
    "updateFields hdrShapeDefaults footnotePr endnotePr compat docVars rsids mathPr "
    "attachedSchema themeFontLang clrSchemeMapping doNotIncludeSubdocsInStats "
    "doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "schemaLibrary shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator").split()


def trace_name(source: int, line: int, serial: int) -> str:
    """The bookmark the writer puts through Pandoc (renamed to the hidden ``_nks…`` here)."""
    return f"nks{source}_{line}_{serial}"


def parse_trace(name: str) -> tuple[int, int] | None:
    """(source index, line) of a source-map bookmark name, else None."""
    m = TRACE_RE.match(name or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


def bookmark_name(ident: str) -> str:
    """The bookmark Pandoc writes for an element id (it hashes ids Word would not accept)."""
    if ident[:1].isalpha() and len(ident) <= 40:
        return ident
    return "X" + hashlib.sha1(ident.encode("utf-8")).hexdigest()[1:]


def field_argument(text: str) -> str:
    """One argument of a Word field code, quoted: an id with spaces, quotes or backslashes
    cannot add switches to the field (``PAGEREF "a b" \\h``)."""
    if re.fullmatch(r"[\w.:-]+", text):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# --- Daftar Isi, Daftar Tabel / Gambar / Lampiran ------------------------------------------------

def _entry_text(e: TocEntry) -> str:
    return f"{e.number} {e.text}".strip() if e.kind != "page" else e.text


def _toc_style(e: TocEntry) -> str:
    return f"TOC{max(1, e.level)}"


def field_block(instr: str | None, entries: list[TocEntry], list_style: str | None,
                anchors: dict[str, Anchor] | None = None) -> list[Any]:
    """Paragraphs of a TOC field (or plain PAGEREF lines when ``instr`` is None), each page
    number's cached result from ``anchors`` (the PDF's), so it reads right before any update."""
    paras: list[tuple[str, str]] = []
    for e in entries:
        bm = bookmark_name(e.label)
        at = (anchors or {}).get(e.label)
        shown = at.printed if at is not None else ""
        link = (f'<w:hyperlink w:anchor={quoteattr(bm)} w:history="1">{_run(_entry_text(e))}'
                f'<w:r><w:tab/></w:r>{_field(PAGEREF.format(field_argument(bm)), shown)}'
                "</w:hyperlink>")
        paras.append((list_style or _toc_style(e), link))
    if not paras:
        paras = [(list_style or "TOC1", "")]
    begin = (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
             f'xml:space="preserve"> {escape(instr or "")} </w:instrText></w:r><w:r><w:fldChar '
             'w:fldCharType="separate"/></w:r>') if instr else ""
    if instr:  # as Word does: the field ends in a paragraph of its own, after the entries
        paras.append((paras[-1][0], '<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    return [_el(f'<w:p {NSDECL}><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
                f'{begin if i == 0 else ""}{body}</w:p>') for i, (style, body) in enumerate(paras)]


def _fields(body: Any, plan: Plan) -> None:
    lists = {
        "toc": ('TOC \\o "1-3" \\h \\z \\u', plan.toc, None),
        "tables": ('TOC \\h \\z \\t "Table Caption,4"', plan.tables, "TOC4"),
        "figures": ('TOC \\h \\z \\t "Image Caption,4"', plan.figures, "TOC4"),
        "appendices": (None, plan.appendices, "TOC4"),
    }
    for p in list(body.iter(f"{W}p")):
        text = _text(p)
        for key, (instr, entries, style) in lists.items():
            if text == MARK.format(key):
                for new in field_block(instr, entries, style, plan.anchors):
                    p.addprevious(new)
                p.getparent().remove(p)


# --- the rest: settings, properties, clean-ups --------------------------------------------------

def _settings(xml: bytes, plan: Plan) -> bytes:
    root = etree.fromstring(xml)
    # Word asks "update the fields?" on every open while updateFields is set: only when the
    # page numbers are not cached (the book did not compile for them).
    wanted = {"updateFields": f'<w:updateFields w:val="{"false" if plan.anchors else "true"}"/>',
              "compat": '<w:compat><w:compatSetting w:name="compatibilityMode" '
                        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'}
    if plan.fmt.page_numbers.body in ("bottom-outer", "top-outer"):
        wanted["evenAndOddHeaders"] = "<w:evenAndOddHeaders/>"
    if plan.fmt.two_sided:  # left/right margins become inside/outside
        wanted["mirrorMargins"] = "<w:mirrorMargins/>"
    # Footnotes restart per section: said once, document-wide (a section without its own
    # footnotePr takes it, ECMA-376 17.11.11), and again on the last section, which is where
    # LibreOffice reads it. Repeating it on every section would be valid too, but LibreOffice
    # (7.4) then numbers the first note of each later chapter 0.
    if plan.fmt.footnote_restart == "chapter":
        wanted["footnotePr"] = ('<w:footnotePr><w:numRestart w:val="eachSect"/><w:footnote '
                                'w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>')
    if plan.fmt.hyphenate:
        wanted["autoHyphenation"] = "<w:autoHyphenation/>"
    for name, xml_el in wanted.items():
        for old in root.findall(f"{W}{name}"):
            root.remove(old)
        new = _el(xml_el.replace(f"<w:{name}", f"<w:{name} {NSDECL}", 1))
        rank = SETTINGS_ORDER.index(name)
        after = [c for c in root if isinstance(c.tag, str) and
                 SETTINGS_ORDER.index(etree.QName(c).localname) > rank
                 if etree.QName(c).localname in SETTINGS_ORDER]
        if after:
            after[0].addprevious(new)
        else:
            root.append(new)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _custom_properties(xml: bytes | None, sources: list[str]) -> bytes:
    root = etree.fromstring(xml) if xml else etree.Element(f"{{{CUSTOM_NS}}}Properties",
                                                           nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for old in root.findall(f"{{{CUSTOM_NS}}}property[@name='{SOURCES_PROPERTY}']"):
        root.remove(old)
    pid = max([int(p.get("pid", "1")) for p in root] + [1]) + 1
    prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property",
                            fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}", pid=str(pid),
                            name=SOURCES_PROPERTY)
    etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = json.dumps(sources, ensure_ascii=False)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_time() -> str:
    """When the file was made, as core.xml says it: ``SOURCE_DATE_EPOCH`` (reproducible
    builds) or now — not Pandoc's 1970, which Word shows as the document's creation date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    when = (datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit()
            else datetime.now(UTC))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _core(xml: bytes, plan: Plan) -> bytes:
    root = etree.fromstring(xml)
    for tag, value in (("title", plan.title), ("creator", plan.author)):
        el = root.find(f"{{{DC_NS}}}{tag}")
        if el is None:
            el = etree.SubElement(root, f"{{{DC_NS}}}{tag}")
        el.text = value
    stamp = build_time()
    for tag in ("created", "modified"):
        el = root.find(f"{{{DCTERMS_NS}}}{tag}")
        if el is None:
            el = etree.SubElement(root, f"{{{DCTERMS_NS}}}{tag}")
            el.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
        el.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _cleanups(root: Any) -> None:
    """Hidden source-map bookmarks; no data: URIs in image descriptions; table text style."""
    for bm in root.iter(f"{W}bookmarkStart"):
        name = bm.get(f"{W}name", "")
        if TRACE_RE.match(name) and not name.startswith("_"):
            bm.set(f"{W}name", "_" + name)
    for el in root.iter():
        if isinstance(el.tag, str) and (el.get("descr") or "").startswith("data:"):
            el.set("descr", "")
    for tbl in root.iter(f"{W}tbl"):
        if style_of(tbl) != "Table":
            continue
        for p in tbl.iter(f"{W}p"):
            ps = p.find(f"{W}pPr/{W}pStyle")
            if ps is not None and ps.get(f"{W}val") in ("Compact", "BodyText", "FirstParagraph"):
                ps.set(f"{W}val", "TableText")
        rows = tbl.findall(f"{W}tr")
        if len(rows) <= KEPT_ROWS:
            _keep_together(tbl, rows)
        for row in rows:
            if row.find(f"{W}trPr/{W}tblHeader") is not None:
                _keep_with_next(row)
    for p in root.iter(f"{W}p"):  # a figure's caption stays with its Sumber line, as in the PDF
        if style_of(p) == "ImageCaption" and style_of(next_block(p)) == SOURCE_LINE:
            paragraph_property(p, "keepNext")


def _keep_together(tbl: Any, rows: list[Any]) -> None:
    """A table that fits a page stays on one page with its Sumber line, as in the PDF: every
    row is kept with the next (Word's way to keep a table together), and the last row with the
    Sumber line when one follows."""
    sourced = style_of(next_block(tbl)) == SOURCE_LINE
    for row in rows if sourced else rows[:-1]:
        _keep_with_next(row)


def _keep_with_next(row: Any) -> None:
    """The row goes with the next one (keepNext on its paragraphs). A long table's header row
    goes with the first body row, as the caption goes with the header (the Table Caption
    style): Word never leaves either at a page's foot; the header repeats on every page
    (``tblHeader``, from Pandoc)."""
    for p in row.iter(f"{W}p"):
        paragraph_property(p, "keepNext")


def _list_indents(xml: bytes, fmt: Format) -> bytes:
    """List items indented as in the PDF (``list``/``enum`` with ``indent: 0pt, body-indent:
    0.6em``): the marker at the parent's text, the text a marker's width plus 0.6 em further
    (a bullet about 0.35 em wide, a number with its dot about 0.75 em), not Pandoc's 0.5 inch."""
    root = etree.fromstring(xml)
    em = fmt.font_size * 20
    for abstract in root.iter(f"{W}abstractNum"):
        left = 0
        for lvl in sorted(abstract.findall(f"{W}lvl"), key=lambda e: int(e.get(f"{W}ilvl"))):
            fmt_el = lvl.find(f"{W}numFmt")
            bullet = fmt_el is not None and fmt_el.get(f"{W}val") == "bullet"
            width = round(em * ((0.35 if bullet else 0.75) + 0.6))
            left += width
            ind = lvl.find(f"{W}pPr/{W}ind")
            if ind is not None:
                ind.set(f"{W}left", str(left))
                ind.set(f"{W}hanging", str(width))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def finish(data: bytes, plan: Plan) -> bytes:
    """The final DOCX: Pandoc's package with sections, fields, settings and the source map."""
    pkg = Package.open(data)
    files = pkg.parts
    doc = etree.fromstring(files["word/document.xml"])
    rels = etree.fromstring(files["word/_rels/document.xml.rels"])
    types = etree.fromstring(files["[Content_Types].xml"])
    body = doc.find(f"{W}body")
    hf = HeadersFooters(files, rels, types, plan)
    _cleanups(doc)
    line = line_twips(plan.fmt.font_size)
    figure_paragraphs(body)
    after_tables(body, line, round((plan.fmt.line_spacing - 1) * line),
                 style_space_before(files["word/styles.xml"]))
    _fields(body, plan)
    mark_lone_last_lines(body, plan.page_heads, {k: at.page for k, at in plan.anchors.items()})
    apply_sections(body, plan, hf)
    files["word/document.xml"] = etree.tostring(doc, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    if "word/footnotes.xml" in files:
        notes = etree.fromstring(files["word/footnotes.xml"])
        _cleanups(notes)
        separators(notes, plan.fmt.footnote_size)
        files["word/footnotes.xml"] = etree.tostring(notes, xml_declaration=True,
                                                     encoding="UTF-8", standalone=True)
    if "word/numbering.xml" in files:
        files["word/numbering.xml"] = _list_indents(files["word/numbering.xml"], plan.fmt)
    files["word/settings.xml"] = _settings(files["word/settings.xml"], plan)
    files["docProps/custom.xml"] = _custom_properties(files.get("docProps/custom.xml"),
                                                      plan.sources)
    if "docProps/core.xml" in files:
        files["docProps/core.xml"] = _core(files["docProps/core.xml"], plan)
    _ensure_custom_rel(files, types)
    files["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True,
                                                           encoding="UTF-8", standalone=True)
    files["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8",
                                                  standalone=True)
    return pkg.to_bytes()


def _ensure_custom_rel(files: dict[str, bytes], types: Any) -> None:
    """Pandoc links docProps/custom.xml already; make sure, for older Pandocs."""
    rels = etree.fromstring(files["_rels/.rels"])
    kind = f"{R_NS}/custom-properties"
    if not any(r.get("Type") == kind for r in rels):
        etree.SubElement(rels, f"{{{PKG_RELS}}}Relationship", Id="rIdNaskahCustom",
                         Type=kind, Target="docProps/custom.xml")
        files["_rels/.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8")
    if not any(o.get("PartName") == "/docProps/custom.xml" for o in types):
        etree.SubElement(types, f"{{{CT_NS}}}Override", PartName="/docProps/custom.xml",
                         ContentType="application/vnd.openxmlformats-officedocument."
                                     "custom-properties+xml")
