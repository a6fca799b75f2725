"""Numbered equations: ``$$ … $$ {#eq:x}`` prints ``(4.1)`` at the right margin and
``@eq:x`` prints ``Persamaan (4.1)``, in the PDF and in the DOCX (OMML with the number)."""

from __future__ import annotations

import re
from pathlib import Path

from naskah.build import prepare
from naskah.diagnostics import Report
from naskah.pandoc_ast import find

from .conftest import SampleBuild
from .docxread import Docx, W, text
from .pdfread import CM, Pdf

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def _plain(s: str) -> str:
    return s.replace("\u00a0", " ")


def test_pdf_number_at_the_right_margin_and_reference(sample_build: SampleBuild,
                                                      sample_pdf: Pdf) -> None:
    pdf = sample_pdf
    right = pdf.width - float(sample_build.doc.config.format.margins.right.removesuffix("cm")) * CM
    numbers = [(i, ln) for i, lines in enumerate(pdf.lines) for ln in lines
               if re.fullmatch(r".*\(4\.1\)", _plain(ln.text))
               and not _plain(ln.text).startswith("Persamaan")]
    assert numbers, "no line ends with the equation number (4.1)"
    page, line = numbers[0]
    assert abs(line.x1 - right) < 2, (line.x1, right)
    chars = sorted((c for c in pdf.chars[page] if abs(c["top"] - line.top) < 8
                    and c["x0"] > line.x0 - 1), key=lambda c: c["x0"])
    opening = next(c for c in reversed(chars) if c["text"] == "(")
    formula_end = max(c["x1"] for c in chars if c["x1"] <= opening["x0"])
    assert opening["x0"] - formula_end > 3 * CM, "the number stands apart, at the right margin"
    body = " ".join(_plain(pdf.text(i)) for i in range(len(pdf.lines)))
    assert "sebagai Persamaan (4.1)." in " ".join(body.split())


def test_docx_equation_paragraph_has_omml_and_number(sample_build: SampleBuild) -> None:
    assert sample_build.docx is not None
    docx = Docx(sample_build.docx)
    paras = [p for p in docx.body.iter(f"{W}p")
             if p.find(f"{W}pPr/{W}pStyle[@{W}val='Equation']") is not None]
    assert len(paras) == 1
    p = paras[0]
    assert p.find(f"{M}oMath") is not None
    assert _plain(text(p)).endswith("(4.1)")
    tabs = docx.style("Equation").findall(f"{W}pPr/{W}tabs/{W}tab")
    assert [t.get(f"{W}val") for t in tabs] == ["center", "right"]
    links = [h for h in docx.body.iter(f"{W}hyperlink") if h.get(f"{W}anchor") == "eq:rerata"]
    assert links and _plain(text(links[0])) == "Persamaan (4.1)"
    names = {b.get(f"{W}name") for b in docx.body.iter(f"{W}bookmarkStart")}
    assert "eq:rerata" in names


def test_numbered_per_chapter(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "thesis.yaml").write_text("title: T\nauthor: A\n", encoding="utf-8")
    (tmp_path / "chapters" / "01-a.md").write_text(
        "# Satu\n\nTeks $$a$$ {#eq:a} lanjut.\n\n$$b$$\n\n$$c$$ {#eq:c}\n", encoding="utf-8")
    (tmp_path / "chapters" / "02-b.md").write_text(
        "# Dua\n\nLihat @eq:a, @eq:c dan @eq:d.\n\n$$d$$ {#eq:d}\n", encoding="utf-8")
    doc = prepare(tmp_path, Report())
    ch1, ch2 = doc.chapters
    numbers = [dict(b["c"][0][2])["number"] for b in ch1.blocks + ch2.blocks
               if b["t"] == "Div" and "equation" in b["c"][0][1]]
    assert numbers == ["(1.1)", "(1.2)", "(2.1)"]
    assert [b["t"] for b in ch1.blocks[1:4]] == ["Para", "Div", "Para"]
    words = [el["c"] for el, _ in find(ch2.blocks[1], {"Str"})]
    assert _plain(" ".join(words)).count("Persamaan") == 3
