"""The sample thesis's PDF, read as a programme office would measure it (FORMAT.md)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from .pdfread import CM, Pdf

SERIF = ("Times", "LiberationSerif", "TeXGyreTermes", "Tinos", "NimbusRom", "Libertinus")
CHAPTERS = ["I", "II", "III", "IV", "V"]
LEADER = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*){3,}\s*(?P<page>\d+|[ivxlcdm]+)$")


@pytest.fixture(scope="module")
def pdf(sample_pdf: Pdf) -> Pdf:
    return sample_pdf


@pytest.fixture(scope="module")
def body_start(pdf: Pdf) -> int:
    contents = pdf.first_page_starting("DAFTAR ISI")
    return pdf.first_page_starting("BAB I", contents + 1)


def test_a4_every_page(pdf: Pdf):
    for width, height in pdf.sizes:
        assert width == pytest.approx(21 * CM, abs=0.5)
        assert height == pytest.approx(29.7 * CM, abs=0.5)


def test_at_least_25_pages(pdf: Pdf):
    assert len(pdf.lines) >= 25


def test_body_text_inside_margins(pdf: Pdf, body_start: int):
    """All text but the page number lies inside 4 cm top/left and 3 cm bottom/right."""
    tol = 1.0
    for page in range(len(pdf.lines)):
        number = pdf.printed_numbers[page]
        for ch in pdf.chars[page]:
            if not ch["text"].strip():
                continue
            inside = (ch["x0"] >= 4 * CM - tol and ch["x1"] <= pdf.width - 3 * CM + tol
                      and ch["top"] >= 4 * CM - tol and ch["bottom"] <= pdf.height - 3 * CM + tol)
            if not inside:
                assert number is not None and ch["text"] in number[0], (
                    f"page {page + 1}: {ch['text']!r} at x={ch['x0']:.1f}, top={ch['top']:.1f} "
                    "is outside the margins")


def test_body_is_12pt_serif(pdf: Pdf, body_start: int):
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    for page in range(body_start, body_start + 6):
        for ch in pdf.chars[page]:
            sizes[round(ch["size"], 1)] += 1
            fonts[ch["fontname"].split("+")[-1]] += 1
    assert sizes.most_common(1)[0][0] == 12.0
    main_font = fonts.most_common(1)[0][0]
    assert any(name in main_font for name in SERIF), main_font


def test_line_spacing_is_word_one_and_a_half(pdf: Pdf, body_start: int):
    """Baseline to baseline 1.5 × 13.8 pt = 20.7 pt inside a body paragraph."""
    gaps: Counter[float] = Counter()
    for page in range(body_start, body_start + 6):
        lines = [ln for ln in pdf.lines[page] if ln.size == 12.0]
        for a, b in zip(lines, lines[1:], strict=False):
            gaps[round(b.bottom - a.bottom, 1)] += 1
    assert gaps.most_common(1)[0][0] == pytest.approx(20.7, abs=0.3)


def test_footnotes_are_10pt(pdf: Pdf, body_start: int):
    sizes = {ln.size for page in range(body_start, len(pdf.lines)) for ln in pdf.lines[page]
             if ln.top > pdf.height / 2 and re.match(r"^\d+\s?\S", ln.text) and ln.size < 12}
    assert 10.0 in sizes


def test_chapter_opening_pages(pdf: Pdf, body_start: int):
    page = body_start
    for numeral in CHAPTERS:
        page = pdf.first_page_starting(f"BAB {numeral}", page)
        first, second = pdf.lines[page][0], pdf.lines[page][1]
        assert first.text == f"BAB {numeral}"
        assert second.text.isupper()
        for ln in (first, second):
            assert abs((ln.x0 + ln.x1) / 2 - (4 * CM + (pdf.width - 3 * CM)) / 2) < 3
            assert ln.size == 14.0


def test_front_matter_numbers_roman_bottom_centre(pdf: Pdf, body_start: int):
    assert pdf.printed_numbers[0] is None, "the title page shows no number"
    romans = ["ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv"]
    for page in range(1, body_start):
        assert pdf.printed_numbers[page] == (romans[page - 1], "bottom-centre"), page + 1


def test_body_numbers(pdf: Pdf, body_start: int):
    assert pdf.printed_numbers[body_start] == ("1", "bottom-centre")
    assert pdf.printed_numbers[body_start + 1] == ("2", "top-right")
    openings = {pdf.first_page_starting(f"BAB {n}", body_start) for n in CHAPTERS}
    for page in range(body_start, len(pdf.lines)):
        number, where = pdf.printed_numbers[page]
        assert number == str(page - body_start + 1)
        if page in openings:
            assert where == "bottom-centre"


def _toc(pdf: Pdf) -> list[tuple[str, str]]:
    start = pdf.first_page_starting("DAFTAR ISI")
    entries, pending = [], ""
    page = start
    while True:
        for ln in pdf.lines[page][(1 if page == start else 0):]:
            if pdf.printed_numbers[page] and ln.text == pdf.printed_numbers[page][0]:
                continue
            m = LEADER.match(ln.text)
            if m:
                entries.append(((pending + " " + m["title"]).strip(), m["page"]))
                pending = ""
            else:
                pending = (pending + " " + ln.text).strip()
        page += 1
        if not pdf.lines[page] or not LEADER.match(pdf.lines[page][0].text):
            return entries


def _page_of(pdf: Pdf, title: str, after: int) -> int:
    chapter = re.match(r"^(BAB [IVX]+|Lampiran [A-Z]) (.*)$", title)
    for page in range(after, len(pdf.lines)):
        texts = [ln.text for ln in pdf.lines[page]]
        if chapter and texts[:2] == [chapter[1], chapter[2]]:
            return page
        if not chapter and (title in texts or f"{title}." in texts):  # a leader ate the dot
            return page
    raise AssertionError(f"heading {title!r} not found after page {after + 1}")


def test_daftar_isi_page_numbers_match(pdf: Pdf, body_start: int):
    entries = _toc(pdf)
    assert len(entries) >= 15
    contents = pdf.first_page_starting("DAFTAR ISI")
    checked = 0
    for title, printed in entries:
        if title.startswith(("LEMBAR", "KATA", "ABSTRA", "DAFTAR ISI")):
            page = _page_of(pdf, title, 1)
        else:
            page = _page_of(pdf, title, contents + 1 if title.startswith("DAFTAR") else body_start)
        assert pdf.printed_numbers[page][0] == printed, f"{title}: TOC says {printed}"
        checked += 1
    assert checked == len(entries)


def test_title_page_is_the_first_bookmark_and_prints_no_title(sample_build, pdf: Pdf):
    """format.titles.title_page names the title page in the PDF's bookmarks, not on the page."""
    from pypdf import PdfReader

    reader = PdfReader(sample_build.pdf)
    first = reader.outline[0]
    assert first.title == "HALAMAN JUDUL"
    assert reader.get_destination_page_number(first) == 0
    assert "HALAMAN JUDUL" not in pdf.text(0)
