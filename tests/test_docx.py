"""The supervisor's DOCX, read from its XML: page setup, styles, notes, sections, fields."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from naskah.build import prepare
from naskah.diagnostics import Report
from naskah.writers.docx import write_docx
from naskah.writers.docx_post import parse_trace
from naskah.writers.docx_reference import reference_docx, twips

from .docxread import NS, Docx, W, text

TIMES = "Times New Roman"


@pytest.fixture(scope="module")
def pkg(sample_build) -> Docx:
    return Docx(sample_build.docx)


def squash(s: str) -> str:
    return " ".join(s.split())


# --- page and styles ----------------------------------------------------------------------------

def test_a4_and_profile_margins_in_every_section(pkg: Docx):
    assert len(pkg.sections) >= 7
    for sect in pkg.sections:
        size, mar = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
        assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")  # 210 × 297 mm
        got = {k: mar.get(f"{W}{k}") for k in ("top", "left", "bottom", "right")}
        assert got == {"top": "2268", "left": "2268", "bottom": "1701", "right": "1701"}


def test_normal_is_times_12_justified_one_and_a_half_indented(pkg: Docx):
    fonts = pkg.style("Normal").find("w:rPr/w:rFonts", NS)
    assert fonts.get(f"{W}ascii") == TIMES and fonts.get(f"{W}hAnsi") == TIMES
    assert pkg.prop("Normal", "w:rPr/w:sz") == "24"
    assert pkg.prop("Normal", "w:pPr/w:spacing", "line") == "360"  # Word's "1.5 lines"
    assert pkg.prop("Normal", "w:pPr/w:spacing", "lineRule") == "auto"
    assert pkg.prop("Normal", "w:pPr/w:spacing", "after") == "0"
    assert pkg.prop("Normal", "w:pPr/w:ind", "firstLine") == "720"  # 1.27 cm
    assert pkg.prop("Normal", "w:pPr/w:jc") == "both"
    # Pandoc's paragraph styles inherit it all, with no blank line between paragraphs.
    for ident in ("BodyText", "FirstParagraph"):
        assert pkg.prop(ident, "w:pPr/w:spacing", "line") == "360"
        assert pkg.prop(ident, "w:pPr/w:spacing", "before") == "0"
        assert pkg.prop(ident, "w:pPr/w:ind", "firstLine") == "720"


def test_headings(pkg: Docx):
    h1 = pkg.style("Heading1")
    assert h1.find("w:pPr/w:jc", NS).get(f"{W}val") == "center"
    assert h1.find("w:pPr/w:pageBreakBefore", NS) is not None
    assert h1.find("w:rPr/w:b", NS) is not None
    assert pkg.prop("Heading1", "w:rPr/w:sz") == "28"
    assert pkg.prop("Heading1", "w:pPr/w:outlineLvl") == "0"  # in the navigation pane
    for n in (2, 3):
        ident = f"Heading{n}"
        assert pkg.style(ident).find("w:rPr/w:b", NS) is not None
        assert pkg.prop(ident, "w:rPr/w:sz") == "24"
        assert pkg.prop(ident, "w:pPr/w:jc") == "left"
        assert pkg.prop(ident, "w:pPr/w:ind", "firstLine") == "0"
        assert pkg.prop(ident, "w:pPr/w:outlineLvl") == str(n - 1)
        assert pkg.style(ident).find(".//w:color", NS) is None


def test_notes_quotes_captions_bibliography_toc_styles(pkg: Docx):
    assert pkg.prop("FootnoteText", "w:rPr/w:sz") == "20"
    assert pkg.prop("FootnoteText", "w:pPr/w:spacing", "line") == "240"
    assert pkg.prop("BlockText", "w:pPr/w:ind", "left") == "720"
    assert pkg.prop("BlockText", "w:pPr/w:spacing", "line") == "240"
    for ident in ("Caption", "TableCaption", "ImageCaption"):
        assert pkg.prop(ident, "w:pPr/w:jc") == "center"
        assert pkg.style(ident).find(".//w:i", NS) is None
    assert pkg.prop("Bibliography", "w:pPr/w:ind", "hanging") == "720"
    assert pkg.prop("Bibliography", "w:pPr/w:ind", "left") == "720"
    assert pkg.prop("Bibliography", "w:pPr/w:spacing", "line") == "240"
    assert pkg.prop("Bibliography", "w:pPr/w:spacing", "after") == "240"
    for ident in ("TOC1", "TOC2", "TOC3", "TOC4"):
        tab = pkg.style(ident).find("w:pPr/w:tabs/w:tab", NS)
        assert (tab.get(f"{W}val"), tab.get(f"{W}leader")) == ("right", "dot")
        assert tab.get(f"{W}pos") == str(11906 - 2268 - 1701)


def test_no_theme_fonts_or_italics_left_from_pandoc(pkg: Docx):
    for fonts in pkg.styles.iter(f"{W}rFonts"):
        assert not any("heme" in k for k in fonts.attrib)


# --- content ------------------------------------------------------------------------------------

def test_footnotes_are_the_notes_engine_notes(pkg: Docx, sample_build):
    got = [squash(text(n)) for n in pkg.footnotes()]
    # apostrophes curled as the PDF prints them (User’s)
    assert got == [squash(re.sub(r"(?<=\w)'", "’", f.text)) for f in sample_build.doc.footnotes]
    assert len(got) > 10


def test_chapters_are_heading_1_with_bab_line_and_capital_title(pkg: Docx, sample_build):
    heads = [p for p in pkg.body.iter(f"{W}p")
             if (s := p.find("w:pPr/w:pStyle", NS)) is not None and s.get(f"{W}val") == "Heading1"]
    titles = [text(p) for p in heads]
    for ch in sample_build.doc.chapters:
        want = f"BAB {ch.label}{ch.title.upper()}"
        match = [p for p, t in zip(heads, titles, strict=True) if t.replace(" ", "") ==
                 want.replace(" ", "")]
        assert match, f"no Heading 1 '{want}' in {titles}"
        assert match[0].find(f".//{W}br") is not None  # BAB I, then the title on line 2
    for ap in sample_build.doc.appendices:
        assert any(t.startswith(f"Lampiran {ap.label}") for t in titles)
    assert "DAFTAR PUSTAKA" in titles and "DAFTAR ISI" in titles


def test_section_numbers_in_headings_and_captions(pkg: Docx, sample_build):
    body = text(pkg.body)
    assert "[[naskah:" not in body  # every marker was replaced
    for e in sample_build.doc.toc:
        if e.level == 2 and e.number:
            assert f"{e.number} {e.text}" in body
    for e in sample_build.doc.tables + sample_build.doc.figures:
        assert e.number in body


# --- sections and page numbers ------------------------------------------------------------------

def test_sections_roman_front_then_arabic_body_with_chapter_first_pages(pkg: Docx, sample_build):
    doc = sample_build.doc
    sections = pkg.sections
    assert len(sections) == 1 + len(doc.chapters) + 1 + len(doc.appendices)
    front, first, *rest = sections
    num = front.find("w:pgNumType", NS)
    assert (num.get(f"{W}fmt"), num.get(f"{W}start")) == ("lowerRoman", "1")
    assert front.find("w:titlePg", NS) is not None
    assert pkg.part_text(front, "footer", "first") == ("", None, False)  # title page: no number
    assert pkg.part_text(front, "footer", "default")[1:] == ("center", True)
    assert not pkg.part_text(front, "header", "default")[2]
    num = first.find("w:pgNumType", NS)
    assert (num.get(f"{W}fmt"), num.get(f"{W}start")) == ("decimal", "1")
    for sect in [first, *rest]:
        assert sect.find("w:type", NS).get(f"{W}val") == "nextPage"
        assert sect.find("w:pgNumType", NS).get(f"{W}fmt") == "decimal"
        assert sect.find("w:titlePg", NS) is not None
        assert pkg.part_text(sect, "header", "default")[1:] == ("right", True)
        assert not pkg.part_text(sect, "footer", "default")[2]
        assert pkg.part_text(sect, "footer", "first")[1:] == ("center", True)
        assert not pkg.part_text(sect, "header", "first")[2]
    for sect in rest:
        assert sect.find("w:pgNumType", NS).get(f"{W}start") is None  # numbering continues


def test_footnotes_restart_per_section(pkg: Docx):
    """Document-wide (every section without its own setting) and on the last section."""
    restart = pkg.settings.find("w:footnotePr/w:numRestart", NS)
    assert restart is not None and restart.get(f"{W}val") == "eachSect"
    last = pkg.sections[-1].find("w:footnotePr/w:numRestart", NS)
    assert last is not None and last.get(f"{W}val") == "eachSect"
    for sect in pkg.sections:
        own = sect.find("w:footnotePr/w:numRestart", NS)
        assert own is None or own.get(f"{W}val") == "eachSect"


def test_each_chapter_section_begins_with_its_heading(pkg: Docx):
    paras = list(pkg.body.iter(f"{W}p"))
    breaks = [i for i, p in enumerate(paras) if p.find("w:pPr/w:sectPr", NS) is not None]
    for i in breaks:
        nxt = paras[i + 1]
        assert nxt.find("w:pPr/w:pStyle", NS).get(f"{W}val") == "Heading1"
        assert text(nxt).startswith(("BAB", "DAFTAR PUSTAKA", "Lampiran"))


# --- fields -------------------------------------------------------------------------------------

def test_toc_and_list_fields_and_update_on_open(pkg: Docx, sample_build):
    instr = pkg.instructions()
    assert 'TOC \\o "1-3" \\h \\z \\u' in instr
    if sample_build.doc.tables:
        assert 'TOC \\h \\z \\t "Table Caption,4"' in instr
    if sample_build.doc.figures:
        assert 'TOC \\h \\z \\t "Image Caption,4"' in instr
    # The sample fixture's DOCX is built with its PDF: page numbers cached, so Word does not ask
    # to update the fields on every open (write_docx without a PDF: test_docx_pagination).
    update = pkg.settings.find("w:updateFields", NS)
    assert update is None or update.get(f"{W}val") == "false"
    # Pre-filled entries link to bookmarks that exist, with a PAGEREF each.
    names = {b.get(f"{W}name") for b in pkg.body.iter(f"{W}bookmarkStart")}
    anchors = [h.get(f"{W}anchor") for h in pkg.body.iter(f"{W}hyperlink")
               if h.find(f".//{W}instrText") is not None]
    assert len(anchors) >= len(sample_build.doc.toc)
    assert set(anchors) <= names
    assert sum(i.startswith("PAGEREF") for i in instr) == len(anchors)


def test_front_matter_pages_in_order_with_their_words(pkg: Docx, sample_build):
    body = text(pkg.body)
    cfg = sample_build.doc.config
    before_bab = body[: body.index("BAB I")]
    for words in (cfg.title.upper(), cfg.author, cfg.student_id, cfg.university.upper(),
                  "LEMBAR PERNYATAAN", "LEMBAR PENGESAHAN", "KATA PENGANTAR", "ABSTRAK",
                  "ABSTRACT", "DAFTAR ISI", *(s.name for s in cfg.supervisors)):
        assert words in before_bab, words
    order = [before_bab.index(w) for w in ("LEMBAR PERNYATAAN", "LEMBAR PENGESAHAN",
                                           "KATA PENGANTAR", "ABSTRAK", "ABSTRACT", "DAFTAR ISI")]
    assert order == sorted(order)
    if cfg.keywords:
        assert f"Kata kunci: {', '.join(cfg.keywords)}" in before_bab


# --- source map ---------------------------------------------------------------------------------

def test_every_paragraph_and_footnote_is_mapped_to_its_source(pkg: Docx, sample_build):
    doc = sample_build.doc
    files = {p.file for p in doc.parts}
    body_paras = [p for p in pkg.body.iter(f"{W}p")
                  if (s := p.find("w:pPr/w:pStyle", NS)) is not None
                  and s.get(f"{W}val") in ("BodyText", "FirstParagraph", "Heading2")]
    assert body_paras
    for p in body_paras:
        names = [b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart")]
        assert any(n.startswith("_nks") and parse_trace(n) for n in names), text(p)[:60]
    for note, info in zip(pkg.footnotes(), doc.footnotes, strict=True):
        traces = [parse_trace(b.get(f"{W}name")) for b in note.iter(f"{W}bookmarkStart")]
        assert traces and traces[0] is not None and traces[0][1] == info.line
    custom = pkg.xml("docProps/custom.xml")
    listed = next(p for p in custom if p.get("name") == "naskah-sources")[0].text
    assert files <= set(__import__("json").loads(listed))


# --- performance, the reference document, knobs -------------------------------------------------

def test_reference_document_follows_the_profile(sample_build):
    fmt = sample_build.doc.config.format
    fmt = type(fmt)(**{**fmt.__dict__, "line_spacing": 2.0, "font_size": 11,
                       "fonts": ["Cambria"], "first_line_indent": "1cm"})
    ref = Docx(reference_docx(fmt))
    assert ref.prop("Normal", "w:pPr/w:spacing", "line") == "480"
    assert ref.prop("Normal", "w:rPr/w:sz") == "22"
    assert ref.prop("Normal", "w:rPr/w:rFonts", "ascii") == "Cambria"
    assert ref.prop("Normal", "w:pPr/w:ind", "firstLine") == str(twips("1cm")) == "567"
    assert ref.sections[-1].find("w:pgSz", NS).get(f"{W}w") == "11906"


def test_twips():
    assert twips("4cm") == 2268 and twips("30mm") == 1701 and twips("1in") == 1440
    assert twips("12pt") == 240


TINY_YAML = """title: Judul Kecil
author: Ani
student_id: "1"
logo: figures/logo.png
city: Bandung
format:
  margins: {top: 3cm, left: 3.5cm, bottom: 2.5cm, right: 2.5cm}
  line_spacing: 2.0
  footnote_restart: document
  page_numbers: {body: bottom-outer, chapter: hidden}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, sample_build) -> tuple[Docx, object]:
    """A small thesis with other knobs: margins, double spacing, no restart, outer numbers."""
    p = tmp_path_factory.mktemp("tiny")
    (p / "chapters").mkdir()
    (p / "figures").mkdir()
    logo = next(sample_build.project.glob("figures/*.png"))
    shutil.copy(logo, p / "figures" / "logo.png")
    (p / "thesis.yaml").write_text(TINY_YAML, encoding="utf-8")
    (p / "chapters" / "01-a.md").write_text("# Satu\n\nTeks.^[Catatan satu.]\n", "utf-8")
    (p / "chapters" / "02-b.md").write_text("# Dua\n\n## Bagian\n\nTeks dua.^[Catatan dua.]\n",
                                            "utf-8")
    doc = prepare(p, Report())
    return Docx(write_docx(doc, Report())), doc


def test_knobs_margins_spacing_restart_and_outer_numbers(tiny):
    pkg, _ = tiny
    for sect in pkg.sections:
        mar = sect.find(f"{W}pgMar")
        assert (mar.get(f"{W}top"), mar.get(f"{W}left")) == ("1701", "1984")
        assert sect.find("w:footnotePr/w:numRestart", NS) is None
    assert pkg.settings.find("w:footnotePr/w:numRestart", NS) is None
    assert pkg.prop("Normal", "w:pPr/w:spacing", "line") == "480"
    assert pkg.settings.find("w:evenAndOddHeaders", NS) is not None
    body = pkg.sections[1]
    assert pkg.part_text(body, "footer", "default")[1:] == ("right", True)
    assert pkg.part_text(body, "footer", "even")[1:] == ("left", True)
    assert pkg.part_text(body, "footer", "first") == ("", None, False)  # chapter: hidden
    assert not pkg.part_text(body, "header", "default")[2]


def test_title_page_has_the_logo_before_the_author(tiny):
    pkg, _ = tiny
    paras = list(pkg.body.iter(f"{W}p"))
    logo = next(i for i, p in enumerate(paras) if p.find(f".//{W}drawing") is not None)
    author = next(i for i, p in enumerate(paras) if text(p) == "Ani")
    title = next(i for i, p in enumerate(paras) if text(p) == "JUDUL KECIL")
    assert title < logo < author
    assert any(n.startswith("word/media/") for n in pkg.files)


def test_libreoffice_opens_and_converts_it(sample_build, sample_libreoffice):
    out = sample_libreoffice
    from pypdf import PdfReader

    pages = PdfReader(out).pages
    typst_pages = len(PdfReader(sample_build.pdf).pages)
    assert sample_build.doc.config.title.upper()[:20] in pages[0].extract_text()
    # Pagination alike only when LibreOffice has a font with Times New Roman's metrics.
    fonts = subprocess.run(["fc-list", ":family"], capture_output=True, text=True).stdout
    if any(f in fonts for f in ("Times New Roman", "Liberation Serif", "Tinos")):
        assert abs(len(pages) - typst_pages) <= max(3, typst_pages // 10)


@pytest.mark.parametrize(("body", "chapter", "header", "footer", "first"), [
    ("bottom-centre", "bottom-centre", None, "center", "center"),
    ("top-right", "hidden", "right", None, None),
    ("top-right", "same", "right", None, "no titlePg"),
])
def test_page_number_placement_knobs(sample_build, body, chapter, header, footer, first):
    from dataclasses import replace

    from lxml import etree

    from naskah.writers.docx_post import Plan
    from naskah.writers.docx_reference import page
    from naskah.writers.docx_sections import HeadersFooters
    from naskah.writers.docx_sections import section as _section

    fmt = sample_build.doc.config.format
    fmt = replace(fmt, page_numbers=replace(fmt.page_numbers, body=body, chapter=chapter))
    files: dict[str, bytes] = {}
    rels, types = etree.Element("Relationships"), etree.Element("Types")
    hf = HeadersFooters(files, rels, types)
    sect = _section(Plan(fmt=fmt, page=page(fmt), sections=3), 1, hf)
    parts = {r.get("Id"): etree.fromstring(files["word/" + r.get("Target")]) for r in rels}

    def where(kind: str, which: str) -> str | None:
        ref = sect.find(f"{W}{kind}Reference[@{W}type='{which}']")
        if ref is None:
            return "no titlePg" if which == "first" else None
        root = parts[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                             "relationships}id")]
        jc = root.find(f".//{W}jc")
        has_page = any("PAGE" in (i.text or "") for i in root.iter(f"{W}instrText"))
        return jc.get(f"{W}val") if has_page and jc is not None else None

    assert where("header", "default") == header
    assert where("footer", "default") == footer
    assert where("footer", "first") == first
    assert (sect.find(f"{W}titlePg") is not None) == (chapter != "same")
