"""pandoc-crossref's syntax, a broken internal link, bookdown's ``\\@ref`` and the signature
roles of the Lembar Pengesahan, on one small thesis built once (PDF and DOCX)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from naskah.build import build
from naskah.diagnostics import Report

from .docxread import Docx, W, text
from .pdfread import Pdf
from .test_check_support import run_check

YAML = """title: Judul Uji
author: Penulis Uji
supervisors:
  - name: Dr. Satu Pembimbing
examiners:
  - name: Prof. Dua Penguji
    role: Penguji
  - name: Tiga Penguji
    role: Penguji II
"""
CHAPTER = """# Satu

Teks pembuka bab.

| a | b |
|---|---|
| 1 | 2 |

: Data uji *miring* $x^2$ []{#tbl:uji}

```{#lst:kode .python caption="Contoh kode"}
x = 1
```

Lihat @tbl:uji; @lst:kode dan [@tbl:uji; @lst:kode].

Gaya bookdown \\@ref(tbl:uji) tidak dipakai.

\\newpage

Rumus $\\argmin_x f(x)$ tidak dikenal.
"""


@dataclass
class Built:
    project: Path
    pdf: Pdf
    docx: Docx
    report: Report


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = tmp_path_factory.mktemp("crossref")
    (project / "chapters").mkdir()
    (project / "thesis.yaml").write_text(YAML, encoding="utf-8")
    (project / "chapters" / "01-satu.md").write_text(CHAPTER, encoding="utf-8")
    report = Report()
    result = build(project, project / "build", ["pdf", "docx"], report)
    return Built(project, Pdf(result.outputs["pdf"]), Docx(result.outputs["docx"]), report)


def _plain(s: str) -> str:
    return " ".join(s.replace("\u00a0", " ").split())


def _body(pdf: Pdf) -> str:
    return _plain(" ".join(pdf.text(i) for i in range(len(pdf.lines))))


def test_table_label_span_listing_and_grouped_references_in_the_pdf(built: Built) -> None:
    body = _body(built.pdf)
    assert "Tabel 1.1 Data uji miring" in body
    assert "Kode 1.1 Contoh kode" in body
    assert "Lihat Tabel 1.1; Kode 1.1 dan Tabel 1.1, Kode 1.1." in body
    assert "tbl:uji" not in body.replace("@ref(tbl:uji)", "")


def test_listing_caption_is_above_the_code(built: Built) -> None:
    for lines in built.pdf.lines:
        caption = [ln for ln in lines if _plain(ln.text).startswith("Kode 1.1")]
        code = [ln for ln in lines if ln.text.strip() == "x = 1"]
        if caption and code:
            assert caption[0].bottom <= code[0].top
            return
    raise AssertionError("listing caption and code not found on one page")


def test_same_in_the_docx(built: Built) -> None:
    body = _plain(text(built.docx.body))
    assert "Tabel 1.1 Data uji miring" in body and "Kode 1.1 Contoh kode" in body
    assert "Lihat Tabel 1.1; Kode 1.1 dan Tabel 1.1, Kode 1.1." in body
    anchors = {h.get(f"{W}anchor") for h in built.docx.body.iter(f"{W}hyperlink")}
    assert {"tbl:uji", "lst:kode"} <= anchors


def test_bookdown_ref_is_a_located_warning(built: Built) -> None:
    found = [d for d in built.report.items if "@ref(tbl:uji)" in d.message]
    assert found and found[0].file == "chapters/01-satu.md" and found[0].line == 17
    assert "not support" in found[0].message


def test_a_role_that_repeats_the_heading_prints_once(built: Built) -> None:
    page = next(i for i, lines in enumerate(built.pdf.lines)
                if any(ln.text.strip() == "LEMBAR PENGESAHAN" for ln in lines))
    lines = [ln.text.strip() for ln in built.pdf.lines[page]]
    assert lines.count("Penguji:") == 1
    assert not any(ln == "Penguji" or ln.startswith("Penguji Penguji") for ln in lines)
    assert any("Penguji II" in ln for ln in lines), "a role that differs is printed"
    docx = _plain(text(built.docx.body))
    assert docx.count("Penguji II") == 1
    assert "Penguji: Penguji" not in docx and " Penguji Prof. Dua" not in docx


def test_broken_internal_link_is_a_located_check_error(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "thesis.yaml").write_text("title: T\nauthor: A\n", encoding="utf-8")
    (tmp_path / "chapters" / "01-satu.md").write_text(
        "# Satu\n\nLihat [bagian lain](#tidak-ada).\n", encoding="utf-8")
    status, found, out = run_check(capsys, tmp_path)
    assert status == 1, out
    hits = [f for f in found if "#tidak-ada" in f.message]
    assert hits and hits[0].file == "chapters/01-satu.md" and hits[0].line == 3
    assert hits[0].severity == "error"


def test_list_of_tables_shows_the_caption_as_under_the_table(built: Built) -> None:
    page = next(i for i, lines in enumerate(built.pdf.lines)
                if any(ln.text.strip() == "DAFTAR TABEL" for ln in lines))
    entry = next(ln.text for ln in built.pdf.lines[page] if ln.text.startswith("Tabel 1.1"))
    assert "$" not in entry and "^" not in entry and "miring" in entry, entry
    italic = [c for c in built.pdf.chars[page] if c["text"] == "m" and "Italic" in c["fontname"]]
    assert italic, "emphasis in the caption is kept in the list"


def test_raw_latex_and_unconvertible_tex_are_located_warnings(built: Built) -> None:
    def at(word: str) -> tuple[str | None, int | None]:
        d = next(d for d in built.report.items if word in d.message)
        assert d.severity == "warning"
        return d.file, d.line

    assert at("newpage") == ("chapters/01-satu.md", 19)
    assert at("argmin") == ("chapters/01-satu.md", 21)
