"""Random Markdown, BibTeX and YAML through the pipeline, checked for what a student sees.

Every build ends in a PDF or in errors, and

- an error names a file of the project and, when it gives a line, a line that file has;
- a thesis of valid Markdown constructs builds, and every word written in it is in the PDF's
  text and in the DOCX's text;
- random raw OpenXML never reaches Word as a field that reads a file or address (the list of
  such fields is Word's, written here, not taken from naskah).

Fresh random examples on every run (no ``derandomize``): each CI run tries new inputs. A failure
found once stays as an ``@example`` below, so it is tried on every run from then on. Bounded
(a few dozen small projects per test) so the suite stays fast; the strategies lean on the
characters that matter to Markdown, Jinja, BibTeX, YAML, Typst and OpenXML. To hunt for more:
``NASKAH_FUZZ_EXAMPLES=500 python -m pytest tests/test_fuzz.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

import pypdf
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from naskah.build import build
from naskah.diagnostics import BuildError, Report

from .conftest import ROOT

BIB = """@book{morgenthau1948,
  author = {Morgenthau, Hans J.},
  title = {Politics Among Nations: The Struggle for Power and Peace},
  publisher = {Alfred A. Knopf},
  address = {New York},
  year = {1948}
}
"""
YAML = "title: Judul Uji\nauthor: Penulis Uji\n"
MD_TOKENS = ["# ", "## ", "### ", "- ", "1. ", "> ", "\n", "\n\n", "*", "_", "`", "```", "[", "]",
             "(", ")", "{", "}", "{{", "}}", "{%", "%}", "{#", "#}", "@", "@morgenthau1948",
             "[@morgenthau1948, 45]", "[@tidakada]", "^[", "[^1]", "[^1]: ", "|", "|---|", ": ",
             "#", "$", "\\", "<", ">", "=", "~", "\"", "'", "—", "é", "ñ", "日本", "\t", "kata ",
             "teks biasa ", "![g](figures/x.png)", "{#fig:a}", "@fig:a", "@sec:x", "{-}",
             "```{=typst}\n#text(red)[x]\n```", "```{=typst}\n#read(\"/etc/passwd\")\n```",
             "<!-- -->", "\u0000", "\ufeff", "\r\n"]
BIB_TOKENS = ["@book{", "@article{", "@online{", "@misc{", "key", ",", "}", "{", " = ", "author",
              "title", "year", "date", "url", "urldate", "{\\'e}", "\\", "\"", "#", "%", "\n",
              "Nama, A. and B, C", "2020", "2020-13-45", "{International Labour Organization}",
              "morgenthau1948", "é", "@comment{", "\\foo{", "\\'", "\\emph{", "\\\"{o}",
              "\\c{c}", "--", "~"]
YAML_TOKENS = ["title: ", "author: ", "format:\n  ", "margins: ", "{top: 3cm}", "line_spacing: ",
               "1.5", "dua", "citations: ", "{style: classic}", "{style: x}", "[", "]", "{", "}",
               "\n", "  ", "- ", ": ", "'", "\"", "&a", "*a", "!!python/object:os.system", "é",
               "language: en", "nocite: ['*']", "keywords: a, b"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FETCHING_FIELDS = {"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "LINK", "DDE", "DDEAUTO",
                   "IMPORT", "DATABASE", "HYPERLINK", "AUTOTEXT", "AUTOTEXTLIST", "RD", "TOA"}
"""Word fields that read a file, an address or another program (ECMA-376 Part 1, 17.16.5)."""
FUZZ = settings(max_examples=int(os.environ.get("NASKAH_FUZZ_EXAMPLES", "25")), deadline=None,
                database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _project(chapter: str, bib: str = BIB, yaml: str = YAML, figure: bool = False) -> Path:
    root = Path(tempfile.mkdtemp(prefix="naskah-fuzz-"))
    (root / "chapters").mkdir()
    (root / "chapters" / "01-bab.md").write_text(chapter, encoding="utf-8", errors="replace")
    (root / "references.bib").write_text(bib, encoding="utf-8", errors="replace")
    (root / "thesis.yaml").write_text(yaml, encoding="utf-8", errors="replace")
    if figure:
        (root / "figures").mkdir()
        shutil.copy(ROOT / "figures" / "alur.png", root / "figures" / "x.png")
    return root


def _fetches_nothing(xml: bytes) -> None:
    """No Word field in the document reads a file or address, no attribute names one."""
    for el in etree.fromstring(xml).iter(etree.Element):
        name = etree.QName(el).localname
        code = (el.get(f"{{{W}}}instr") if name == "fldSimple"
                else el.text if name == "instrText" else None) or ""
        first = code.split()[0].upper() if code.split() else ""
        assert first not in FETCHING_FIELDS, code
        assert not any(v.startswith("file:") for v in el.attrib.values())


def _letters(text: str) -> str:
    """Only the letters, lowercased: line breaks, hyphenation and spacing set aside."""
    return "".join(ch for ch in text.casefold() if ch.isalpha())


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() or "" for page in pypdf.PdfReader(BytesIO(data)).pages)


def _docx_text(xml: bytes) -> str:
    return "".join(t.text or "" for t in etree.fromstring(xml).iter(f"{{{W}}}t"))


def _located(root: Path, report: Report) -> None:
    """Each error names a file or folder of the project, and a line that file has."""
    for d in report.errors:
        assert d.file, d.format()
        path = root / d.file
        assert path.exists(), d.format()
        if d.line is not None:
            assert path.is_file(), d.format()
            # line ends as the reader (fsutil) and editors count them: a lone CR ends a line
            lines = len(re.split(rb"\r\n|\r|\n", path.read_bytes()))
            assert 1 <= d.line <= lines, f"{d.format()} (the file has {lines} lines)"


def _outcome(root: Path, targets: tuple[str, ...] = ("pdf",), words: list[str] = ()) -> str:
    """'built' or 'error'; anything else (an exception escaping) fails the test. ``words``
    must all be in the PDF (and DOCX) of a build."""
    try:
        result = build(root, root / "build", targets, Report())
        pdf = result.outputs["pdf"].read_bytes()
        assert pdf[:5] == b"%PDF-"
        pdf_text = _letters(_pdf_text(pdf))
        assert [w for w in words if _letters(w) not in pdf_text] == []
        if "docx" in targets:
            data = result.outputs["docx"].read_bytes()
            with zipfile.ZipFile(BytesIO(data)) as docx:
                assert docx.testzip() is None
                xml = docx.read("word/document.xml")
            _fetches_nothing(xml)
            docx_text = _letters(_docx_text(xml))
            assert [w for w in words if _letters(w) not in docx_text] == []
        return "built"
    except BuildError as exc:
        assert exc.report.errors, "a BuildError always carries at least one error"
        _located(root, exc.report)
        return "error"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@FUZZ
@given(st.lists(st.sampled_from(MD_TOKENS), max_size=40))
def test_random_markdown(tokens: list[str]):
    _outcome(_project("# Bab Uji\n\n" + "".join(tokens) + "\n"))


@FUZZ
@given(st.text(max_size=200))
@example("\r00")  # a lone CR ends line 1 (found by a fresh run: the error is at line 2)
def test_random_text_chapter(text: str):
    _outcome(_project(text))


@FUZZ
@given(st.lists(st.sampled_from(BIB_TOKENS), max_size=40))
def test_random_bibtex(tokens: list[str]):
    _outcome(_project("# Bab\n\nTeks [@morgenthau1948, 3].\n", bib=BIB + "".join(tokens)))


@FUZZ
@given(st.lists(st.sampled_from(YAML_TOKENS), max_size=25))
def test_random_yaml(tokens: list[str]):
    _outcome(_project("# Bab\n\nTeks.\n", yaml=YAML + "".join(tokens)))


INLINES = ["kata", "kalimat biasa", "*miring*", "**tebal**", "`kode`", "[@morgenthau1948, 45]",
           "[@morgenthau1948]", "@morgenthau1948 [12]", "^[Catatan kaki.]", "$x^2$", "H~2~O",
           "<https://contoh.id>", "[tautan](https://contoh.id)", "lihat @fig:a di atas",
           "pada @sec:b ini", "{{ title }}",
           "—", "é 日本", "\\*", "[teks]{.smallcaps}", "~~coret~~", "\"kutip\"", "50%", "#1",
           "a_b", "C:\\x", "<b>", "&amp;", "$", "@", "100 $", "`#emph[x]`{=typst}"]
BLOCKS = ["## Subbab", "### Sub-subbab", "## Tanpa Nomor {-}", "- butir\n- butir",
          "1. satu\n2. dua", "> kutipan panjang", "| A | B |\n|---|---|\n| 1 | 2 |\n\n: Tabel",
          "![Gambar lain](figures/x.png)", "Sumber: data olahan", "```\nkode\n```", "$$x+y$$",
          "```{=typst}\n#text(red)[merah]\n```",
          "```{=openxml}\n<w:p><w:r><w:t>mentah</w:t></w:r></w:p>\n```",
          "::: {.catatan}\nisi\n:::", "Term\n:   definisi", "* * *", "[^c]: Catatan bernama.",
          "Kalimat dengan catatan[^c].", "<!-- komentar -->", "Baris\\\nbaru"]


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéñ", min_size=3, max_size=12)


@st.composite
def thesis_markdown(draw) -> tuple[str, list[str]]:
    """A chapter of valid Markdown constructs in random order, with random inline content and
    random words among them; the targets of its cross-references come first, so every example
    must build. Returns the chapter and its random words."""
    blocks = ["## Dasar {#sec:b}", "![Gambar](figures/x.png){#fig:a}"]
    words: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from(["inlines", "block", "words"]))
        if kind == "inlines":
            blocks.append(" ".join(draw(st.lists(st.sampled_from(INLINES), min_size=1,
                                                 max_size=8))))
        elif kind == "block":
            blocks.append(draw(st.sampled_from(BLOCKS)))
        else:
            some = draw(st.lists(WORDS, min_size=1, max_size=6))
            words += some
            blocks.append(" ".join(some))
    return "# Bab Uji\n\n" + "\n\n".join(blocks) + "\n", words


@FUZZ
@given(thesis_markdown())
@example(("# Bab Uji\n\n## Dasar {#sec:b}\n\n![Gambar](figures/x.png){#fig:a}\n\n"
          "kata sebelum tabel\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n: Tabel\n\nsesudah\n",
          ["kata", "sebelum", "tabel", "sesudah"]))
def test_random_valid_constructs_build_pdf_and_docx(case: tuple[str, list[str]]):
    chapter, words = case
    assert _outcome(_project(chapter, figure=True), ("pdf", "docx"), words) == "built"


OPENXML_TOKENS = ["<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "teks", "&amp;", "&",
                  "<", ">", "\"", "<w:br/>", "<w:instrText>", "</w:instrText>", " PAGE ",
                  " INCLUDEPICTURE \"x.png\" ", "INCLUDE", "TEXT \"/etc/passwd\"",
                  "<w:fldSimple w:instr=\"DDEAUTO cmd\">", "</w:fldSimple>", "<x:y/>",
                  "<v:imagedata o:href=\"file:///etc/passwd\"/>", "<!-- -->", "<![CDATA[x]]>",
                  "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;",
                  "<w:altChunk r:id=\"rId1\"/>", "\n"]


@FUZZ
@given(st.lists(st.sampled_from(OPENXML_TOKENS), max_size=20), st.booleans())
def test_random_raw_openxml(tokens: list[str], inline: bool):
    xml = "".join(tokens)
    body = (f"Teks `{xml.replace(chr(10), ' ').replace('`', '')}`{{=openxml}}." if inline
            else f"```{{=openxml}}\n{xml}\n```")
    _outcome(_project(f"# Bab Uji\n\n{body}\n"), ("pdf", "docx"))
