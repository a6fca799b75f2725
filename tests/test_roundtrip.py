"""Every character reaches the PDF (and the DOCX): generated Pandoc ASTs through the writers.

Hypothesis builds paragraphs, headings, lists, quotes, divs and code blocks out of every inline
type, with ids and classes, and puts Typst's and Markdown's specials (``; : . , ( ) [ ] { } #
$ @ < > = / \\ ~ _ * ' "``, shorthands such as ``--`` ``...`` ``//``) and non-ASCII letters right
before and after each element. The PDF's text must equal the text computed from the AST
(tests/roundtrip.py), never from the writer. Every case that ever failed is kept in
tests/fixtures/roundtrip-regressions.json and runs first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naskah.diagnostics import Report
from naskah.writers.docx import run_pandoc
from naskah.writers.docx_reference import reference_docx

from .conftest import ROOT
from .roundtrip import docx_text, expected, pdf_text, typst_source

REGRESSIONS = json.loads((ROOT / "tests" / "fixtures" / "roundtrip-regressions.json")
                         .read_text("utf-8"))
SETTINGS = dict(deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

SPECIALS = list(";:.,()[]{}#$@<>=/\\~_*'\"-+!?%&^|`") + [
    "--", "---", "-?", "...", "//", "/*", "*/", "1.", "http://a.b/c", "\\u{41}", "#raw",
    "<y>", "@key", "é", "ñ", "Ω", "—", "«", "\u00a0"]
WORD = st.one_of(st.sampled_from(SPECIALS),
                 st.text(alphabet="abXY09;.,(" + "[#é", min_size=1, max_size=5))
IDS = st.sampled_from(["", "a", "sec:x", "x> #raw(read(\"/etc/passwd\")) <y", "a_b", "é-1",
                       "1", "tbl:t.1", "<z>", 'q"q', "a b"])
CODE = st.text(alphabet="ab;#[]()\"\\`$ <>*_", min_size=0, max_size=6)


def _str(text: str) -> dict[str, Any]:
    return {"t": "Str", "c": text}


def _attr(ident: str, classes: list[str]) -> list[Any]:
    return [ident, classes, []]


LEAF = st.one_of(
    WORD.map(_str),
    st.just({"t": "Space"}),
    st.just({"t": "SoftBreak"}),
    st.just({"t": "LineBreak"}),
    CODE.filter(str.strip).map(lambda s: {"t": "Code", "c": [_attr("", []), s]}),
    st.integers(0, 99).map(lambda n: {"t": "Math", "c": [{"t": "InlineMath"}, str(n)]}),
)


def _containers(children: st.SearchStrategy[list[dict[str, Any]]]
                ) -> st.SearchStrategy[dict[str, Any]]:
    simple = st.sampled_from(["Emph", "Strong", "Underline", "Strikeout", "Superscript",
                              "Subscript", "SmallCaps"])
    return st.one_of(
        st.tuples(simple, children).map(lambda x: {"t": x[0], "c": x[1]}),
        st.tuples(st.sampled_from(["DoubleQuote", "SingleQuote"]), children).map(
            lambda x: {"t": "Quoted", "c": [{"t": x[0]}, x[1]]}),
        st.tuples(children, st.one_of(IDS.map(lambda i: "#" + i),
                                      st.sampled_from(["https://a.b/c?d=1#e", 'x"y\\z']))).map(
            lambda x: {"t": "Link", "c": [_attr("", []), x[0], [x[1], ""]]}),
        st.tuples(IDS, children).map(
            lambda x: {"t": "Span", "c": [_attr(x[0], ["c"]), x[1]]}),
        children.map(lambda x: {"t": "Cite", "c": [[{
            "citationId": "k", "citationPrefix": [], "citationSuffix": [],
            "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0,
            "citationHash": 0}], x]}),
    )


def _around(inner: dict[str, Any]) -> st.SearchStrategy[list[dict[str, Any]]]:
    """A special right before and after the element."""
    return st.tuples(WORD, WORD).map(lambda w: [_str(w[0]), inner, _str(w[1])])


INLINE = st.recursive(LEAF, lambda kids: _containers(st.lists(kids, max_size=3)),
                      max_leaves=6)
INLINES = st.lists(st.one_of(LEAF.map(lambda x: [x]), INLINE.flatmap(_around)),
                   min_size=1, max_size=5).map(lambda xs: [y for x in xs for y in x])
NOTE = INLINES.map(lambda x: {"t": "Note", "c": [{"t": "Para", "c": x}]})
PARA_INLINES = st.lists(st.one_of(INLINES, NOTE.flatmap(_around)), min_size=1, max_size=3).map(
    lambda xs: [y for x in xs for y in (x if isinstance(x, list) else [x])])
BLOCK = st.one_of(
    PARA_INLINES.map(lambda x: {"t": "Para", "c": x}),
    st.tuples(st.integers(2, 3), IDS, INLINES).map(
        lambda x: {"t": "Header", "c": [x[0], _attr(x[1], []), x[2]]}),
    st.lists(INLINES, min_size=1, max_size=2).map(
        lambda items: {"t": "BulletList", "c": [[{"t": "Plain", "c": i}] for i in items]}),
    PARA_INLINES.map(lambda x: {"t": "BlockQuote", "c": [{"t": "Para", "c": x}]}),
    st.tuples(IDS, PARA_INLINES).map(
        lambda x: {"t": "Div", "c": [_attr(x[0], ["d"]), [{"t": "Para", "c": x[1]}]]}),
    st.tuples(IDS, CODE.filter(str.strip)).map(
        lambda x: {"t": "CodeBlock", "c": [_attr(x[0], ["py"]), x[1]]}),
)
BLOCKS = st.lists(BLOCK, min_size=1, max_size=4)


def unique_heading_ids(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Heading ids made unique, as the numbering pass does before any writer runs."""
    seen: set[str] = set()
    for b in blocks:
        if b["t"] == "Header":
            ident = b["c"][1][0]
            while ident and ident in seen:
                ident += "-2"
            b["c"][1][0] = ident
            seen.add(ident)
    return blocks


def check_pdf(blocks: list[dict[str, Any]]) -> None:
    blocks = unique_heading_ids(blocks)
    want = expected(blocks)
    assert pdf_text(blocks) == want, typst_source(blocks)


@pytest.mark.parametrize("case", REGRESSIONS, ids=[c["why"] for c in REGRESSIONS])
def test_regressions_pdf(case: dict[str, Any]) -> None:
    check_pdf(case["blocks"])


@settings(max_examples=200, **SETTINGS)
@given(BLOCKS)
def test_pdf_text_is_the_ast_text(blocks: list[dict[str, Any]]) -> None:
    check_pdf(blocks)


@pytest.fixture(scope="module")
def reference() -> bytes:
    from naskah.config.schema import Format

    return reference_docx(Format(), "id")


def check_docx(blocks: list[dict[str, Any]], reference: bytes) -> None:
    blocks = unique_heading_ids(blocks)
    data = run_pandoc(blocks, reference, Report())
    assert docx_text(data) == expected(blocks, notes_inline=False)


def test_regressions_docx(reference: bytes) -> None:
    for case in REGRESSIONS:
        check_docx(case["blocks"], reference)


@settings(max_examples=25, **SETTINGS)
@given(st.lists(BLOCKS, min_size=1, max_size=3).map(lambda xs: [b for x in xs for b in x]))
def test_docx_text_is_the_ast_text(reference: bytes, blocks: list[dict[str, Any]]) -> None:
    check_docx(blocks, reference)


def test_heading_id_is_never_executed(tmp_path: Path) -> None:
    """A heading id written to break out of the label reads no file into the PDF."""
    ident = 'x> #raw(read("/thesis.yaml")) <y'
    blocks = [{"t": "Header", "c": [2, [ident, [], []], [_str("Judul")]]},
              {"t": "Para", "c": [{"t": "Link", "c": [_attr("", []), [_str("lihat")],
                                                     ["#" + ident, ""]]}, _str(";")]}]
    assert pdf_text(blocks) == "Judul lihat;"
