"""Random Markdown, BibTeX and YAML through the pipeline: a PDF or a clean error, nothing else.

Bounded (a few dozen examples, small projects) so the suite stays fast; the strategies lean on
the characters that matter to Markdown, Jinja, BibTeX, YAML and Typst.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naskah.build import build
from naskah.diagnostics import BuildError, Report

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
              "morgenthau1948", "é", "@comment{"]
YAML_TOKENS = ["title: ", "author: ", "format:\n  ", "margins: ", "{top: 3cm}", "line_spacing: ",
               "1.5", "dua", "citations: ", "{style: classic}", "{style: x}", "[", "]", "{", "}",
               "\n", "  ", "- ", ": ", "'", "\"", "&a", "*a", "!!python/object:os.system", "é",
               "language: en", "nocite: ['*']", "keywords: a, b"]

FUZZ = settings(max_examples=30, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _project(chapter: str, bib: str = BIB, yaml: str = YAML) -> Path:
    root = Path(tempfile.mkdtemp(prefix="naskah-fuzz-"))
    (root / "chapters").mkdir()
    (root / "chapters" / "01-bab.md").write_text(chapter, encoding="utf-8", errors="replace")
    (root / "references.bib").write_text(bib, encoding="utf-8", errors="replace")
    (root / "thesis.yaml").write_text(yaml, encoding="utf-8", errors="replace")
    return root


def _outcome(root: Path) -> str:
    """'pdf' or 'error'; anything else (an exception escaping) fails the test."""
    try:
        result = build(root, root / "build", ("pdf",), Report())
        assert result.outputs["pdf"].read_bytes()[:5] == b"%PDF-"
        return "pdf"
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
