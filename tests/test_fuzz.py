"""Random Markdown, BibTeX and YAML through the pipeline: a PDF or a clean error, nothing else.

Bounded (30 examples per test, 6 tests, small projects) so the suite stays fast; the strategies
lean on the characters that matter to Markdown, Jinja, BibTeX, YAML, Typst and OpenXML. Two
tests build the DOCX as well: a thesis mixing valid Markdown constructs, and random raw OpenXML
(which must never reach Word unless well-formed and self-contained).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from naskah.build import build
from naskah.diagnostics import BuildError, Report
from naskah.writers.docx import OPENXML_NAMESPACES, SAFE_FIELDS

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

W = OPENXML_NAMESPACES["w"]
FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
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
        first = code.split()[0] if code.split() else ""
        assert not first or first.upper() in SAFE_FIELDS or first[0] in '\\"=', code
        assert not any(v.startswith("file:") for v in el.attrib.values())


def _outcome(root: Path, targets: tuple[str, ...] = ("pdf",)) -> str:
    """'built' or 'error'; anything else (an exception escaping) fails the test."""
    try:
        result = build(root, root / "build", targets, Report())
        assert result.outputs["pdf"].read_bytes()[:5] == b"%PDF-"
        if "docx" in targets:
            data = result.outputs["docx"].read_bytes()
            with zipfile.ZipFile(BytesIO(data)) as docx:
                assert docx.testzip() is None
                _fetches_nothing(docx.read("word/document.xml"))
        return "built"
    except BuildError as exc:
        assert exc.report.errors, "a BuildError always carries at least one error"
        for d in exc.report.items:
            assert "\n" not in d.message.strip() or d.message.count("\n") < 20
        return "error"
    finally:
        shutil.rmtree(root, ignore_errors=True)


@FUZZ
@given(st.lists(st.sampled_from(MD_TOKENS), max_size=40))
def test_random_markdown(tokens: list[str]):
    _outcome(_project("# Bab Uji\n\n" + "".join(tokens) + "\n"))


@FUZZ
@given(st.text(max_size=200))
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


@st.composite
def thesis_markdown(draw) -> str:
    """A chapter of valid Markdown constructs in random order, with random inline content; the
    targets of its cross-references come first, so every example must build."""
    blocks = ["## Dasar {#sec:b}", "![Gambar](figures/x.png){#fig:a}"]
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            blocks.append(" ".join(draw(st.lists(st.sampled_from(INLINES), min_size=1,
                                                 max_size=8))))
        else:
            blocks.append(draw(st.sampled_from(BLOCKS)))
    return "# Bab Uji\n\n" + "\n\n".join(blocks) + "\n"


@FUZZ
@given(thesis_markdown())
def test_random_valid_constructs_build_pdf_and_docx(chapter: str):
    assert _outcome(_project(chapter, figure=True), ("pdf", "docx")) == "built"


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
