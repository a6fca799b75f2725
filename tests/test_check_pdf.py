"""``naskah check --pdf``: the built PDF measured against the format profile.

The sample's PDF (built once per session) passes. A copy built with a 2 cm left margin and
DejaVu Sans, checked against the default profile, fails on both. The sample's own PDF checked
against a project whose thesis.yaml asks for something else (US letter, 11 pt, …) fails on
each rule — the PDF is read once and reused, so these checks cost only the source check.
Page roles (front matter, openings) are also tested on synthetic pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from naskah.build import build
from naskah.check import Checker
from naskah.check.pdf import PageText, check_front_order, check_page_numbers, page_roles
from naskah.config import parse_config
from naskah.diagnostics import Report

from .conftest import SampleBuild, copy_sample
from .test_check_support import FORMATS, run_check


def set_format(project: Path, **values: Any) -> None:
    """Merge ``values`` into the ``format:`` section of a project's thesis.yaml."""
    path = project / "thesis.yaml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.setdefault("format", {}).update(values)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def wrong_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built with a 2 cm left margin and a sans-serif body font."""
    project = copy_sample(tmp_path_factory.mktemp("wrong"))
    set_format(project, margins={"left": "2cm"}, fonts=["DejaVu Sans"])
    return build(project, project / "build", ["pdf"], Report()).outputs["pdf"]


def test_sample_outputs_pass(sample_build: SampleBuild, capsys: pytest.CaptureFixture[str]
                             ) -> None:
    """No finding at all, whatever fonts the machine has: naskah ships Liberation Serif, one
    of the profile's fonts, so the body is never set in a fallback."""
    extra = ["--pdf", str(sample_build.pdf), "--docx", str(sample_build.docx)]
    for fmt in FORMATS:
        status, found, out = run_check(capsys, sample_build.project, fmt, *extra)
        assert (status, found) == (0, []), out


@pytest.mark.parametrize("fmt", FORMATS)
def test_wrong_margin_and_font_are_caught(wrong_pdf: Path, sample_build: SampleBuild, fmt: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    # The PDF comes from a project asking for 2 cm and DejaVu Sans; the project it is checked
    # against (the sample) keeps the default profile: 4 cm, Times New Roman or its equivalents.
    status, found, out = run_check(capsys, sample_build.project, fmt, "--pdf", str(wrong_pdf))
    assert status == 1
    shown = wrong_pdf.resolve().as_posix()
    by_rule = {f.rule: f for f in found}
    margins, font = by_rule["pdf-margins"], by_rule["pdf-font"]
    assert (margins.file, margins.line, margins.severity) == (shown, None, "error")
    assert "left margin (4.0 cm)" in margins.message and "up to 2.0 cm" in margins.message
    assert (font.file, font.severity) == (shown, "error")
    assert "DejaVuSans" in font.message and "Times New Roman" in font.message
    assert "pdf-page-size" not in by_rule and "pdf-footnote-size" not in by_rule


def test_profile_mismatches(sample_build: SampleBuild, tmp_path: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_sample(tmp_path / "other")
    set_format(project, paper="us-letter", font_size=11, footnote_size=9,
               margins={"left": "3cm"}, page_numbers={"body": "bottom-centre"},
               titles={"preface": "PRAKATA"})
    status, found, out = run_check(capsys, project, "json", "--pdf", str(sample_build.pdf))
    assert status == 1
    messages = {f.rule: [] for f in found}
    for f in found:
        messages[f.rule].append(f.message)
    assert set(messages) == {"pdf-page-size", "pdf-margins", "pdf-font", "pdf-footnote-size",
                             "pdf-page-numbers", "pdf-front-order"}, out
    assert "210 × 297 mm; the format wants US-LETTER" in messages["pdf-page-size"][0]
    assert messages["pdf-margins"] == [
        "the left margin looks 4.0 cm, the format wants 3.0 cm (the text never reaches it)"]
    assert messages["pdf-font"] == ["the body text is 12 pt; the format wants 11 pt"]
    assert messages["pdf-footnote-size"][0].startswith("footnotes are 10 pt")
    assert any("the format wants bottom-centre" in m and "top-right" in m
               for m in messages["pdf-page-numbers"]), out
    assert messages["pdf-front-order"] == ["no PRAKATA page before BAB I"]


def test_unreadable_pdf(sample_build: SampleBuild, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a PDF", encoding="utf-8")
    status, found, _ = run_check(capsys, sample_build.project, "plain", "--pdf", str(bad),
                                 "--pdf", str(tmp_path / "missing.pdf"))
    assert status == 1
    assert [f.rule for f in found] == ["unreadable-file"]
    assert "not found" in found[0].message


# --- synthetic pages: page roles, numbers and the front-matter order ----------------------------

A4 = (595.28, 841.89)
FMT = parse_config("title: x\nauthor: y\n", Report()).format  # type: ignore[union-attr]


def word(text: str, x0: float, top: float, size: float = 12) -> dict[str, Any]:
    width = 6.0 * len(text)
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size,
            "size": size, "fontname": "ABCDEF+LiberationSerif"}


def page(index: int, first: str, number: str | None = None, place: str = "bottom-centre"
         ) -> PageText:
    words = [word(w, 200 + 40 * i, 120) for i, w in enumerate(first.split())]
    words.append(word("isi", 113.4, 140))
    if number:
        width = 6.0 * len(number)
        x0 = {"bottom-centre": (113.4 + 510.2) / 2 - width / 2, "top-right": 510.2 - width,
              "bottom-right": 510.2 - width}[place]
        words.append(word(number, x0, 66.9 if place.startswith("top") else 783.6))
    return PageText(index, *A4, words, [])


def book(order: list[str]) -> list[PageText]:
    pages = [page(1, "JUDUL SKRIPSI")]
    roman = ["ii", "iii", "iv", "v", "vi", "vii"]
    for i, title in enumerate(order):
        pages.append(page(i + 2, title, roman[i]))
    n = len(pages)
    pages += [page(n + 1, "BAB I", "1"), page(n + 2, "Lanjutan bab", "2", "top-right"),
              page(n + 3, "BAB II", "3"), page(n + 4, "DAFTAR PUSTAKA", "4")]
    return pages


def test_page_roles_and_numbers_on_a_good_book() -> None:
    pages = book(["LEMBAR PERNYATAAN", "LEMBAR PENGESAHAN", "DAFTAR ISI"])
    roles = page_roles(pages, FMT)
    assert roles.body == 5 and roles.openings == {5, 7, 8}
    checker = Checker()
    check_page_numbers(pages, FMT, roles, checker, "t.pdf")
    check_front_order(pages, FMT, roles, None, checker, "t.pdf")
    assert not checker.items


def test_front_matter_out_of_order() -> None:
    pages = book(["LEMBAR PENGESAHAN", "LEMBAR PERNYATAAN", "DAFTAR ISI"])
    checker = Checker()
    check_front_order(pages, FMT, page_roles(pages, FMT), None, checker, "t.pdf")
    assert [(d.rule, d.message) for d in checker.items] == [(
        "pdf-front-order", "the front matter is in the order LEMBAR PENGESAHAN, LEMBAR "
        "PERNYATAAN, DAFTAR ISI; the format wants LEMBAR PERNYATAAN, LEMBAR PENGESAHAN, "
        "DAFTAR ISI")]


def test_wrong_page_numbers() -> None:
    pages = book(["LEMBAR PERNYATAAN", "LEMBAR PENGESAHAN", "DAFTAR ISI"])
    pages[0] = page(1, "JUDUL SKRIPSI", "i")                      # title page shows a number
    pages[2] = page(3, "LEMBAR PENGESAHAN", "3")                  # Arabic in the front matter
    pages[5] = page(6, "Lanjutan bab", "2", "bottom-right")       # body number misplaced
    pages[6] = page(7, "BAB II")                                  # chapter page without number
    checker = Checker()
    check_page_numbers(pages, FMT, page_roles(pages, FMT), checker, "t.pdf")
    messages = sorted(d.message for d in checker.items)
    assert messages == [
        "page 1: the title page shows a number ('i')",
        "page 3: wrong page number ('3' where 'iii' belongs)",
        "page 6: the number is at bottom-right, the format wants top-right ('2')",
        "page 7: no page number (expected bottom-centre) ('3')",
    ]


def test_no_chapter_page() -> None:
    pages = [page(1, "JUDUL"), page(2, "DAFTAR ISI", "ii")]
    checker = Checker()
    roles = page_roles(pages, FMT)
    check_page_numbers(pages, FMT, roles, checker, "t.pdf")
    check_front_order(pages, FMT, roles, None, checker, "t.pdf")
    assert [d.message for d in checker.items] == [
        "no page opens with 'BAB I': cannot tell the front matter from the body"]
