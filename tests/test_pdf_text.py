"""The sample's PDF holds every sentence of its chapters, chapter by chapter.

The expected sentences come from the AST (paragraphs, list items and quotes of each chapter,
footnotes left out); the PDF's text of a chapter is its body-size characters inside the
margins of the pages from its ``BAB`` heading to the next one. Spaces and hyphens are ignored
on both sides (justification and hyphenation move them), nothing else.
"""

from __future__ import annotations

import re
from typing import Any

from .conftest import SampleBuild
from .pdfread import CM, Pdf

SKIP = {"Note", "Code", "Math", "Superscript", "Subscript", "Image", "RawInline"}
"""Inlines set in another size or font (their sentences are left out, not their chapters)."""


def _text(inlines: list[dict[str, Any]]) -> str | None:
    """Plain text of inlines; notes dropped; None when the paragraph has a skipped element."""
    out = []
    for el in inlines:
        t, c = el["t"], el.get("c")
        if t == "Note":
            continue
        if t in SKIP:
            return None
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t == "Quoted":
            inner = _text(c[1])
            if inner is None:
                return None
            out.append(("“%s”" if c[0]["t"] == "DoubleQuote" else "‘%s’") % inner)
        elif t in ("Link", "Span", "Cite", "Emph", "Strong", "Underline", "Strikeout",
                   "SmallCaps"):
            inner = _text(c[1] if t in ("Link", "Span", "Cite") else c)
            if inner is None:
                return None
            out.append(inner)
    return "".join(out)


def _paragraphs(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for b in blocks:
        if b["t"] == "Para":
            text = _text(b["c"])
            if text:
                out.append(text)
        elif b["t"] == "BlockQuote":
            out += _paragraphs(b["c"])
        elif b["t"] in ("BulletList", "OrderedList"):
            items = b["c"] if b["t"] == "BulletList" else b["c"][1]
            for item in items:
                out += _paragraphs([{"t": "Para", "c": x["c"]} if x["t"] == "Plain" else x
                                    for x in item])
    return out


def _squash(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def _body_text(pdf: Pdf, page: int, top: float, bottom: float, size: float) -> str:
    chars = [c for c in pdf.chars[page]
             if top <= c["top"] and c["bottom"] <= pdf.height - bottom
             and abs(c["size"] - size) < 0.6]
    return "".join(c["text"] for c in chars)


def test_every_sentence_of_every_chapter_is_in_the_pdf(sample_build: SampleBuild,
                                                       sample_pdf: Pdf) -> None:
    pdf = sample_pdf
    fmt = sample_build.doc.config.format
    top = float(fmt.margins.top.removesuffix("cm")) * CM - 2
    bottom = float(fmt.margins.bottom.removesuffix("cm")) * CM - 2
    starts = []
    page = 0
    for part in sample_build.doc.chapters:
        page = pdf.first_page_starting(f"{fmt.titles.chapter} {part.label}", page)
        starts.append(page)
    ends = [*starts[1:], len(pdf.lines)]
    checked = 0
    for part, first, last in zip(sample_build.doc.chapters, starts, ends, strict=True):
        body = _squash("".join(_body_text(pdf, p, top, bottom, fmt.font_size)
                               for p in range(first, last)))
        missing = []
        for paragraph in _paragraphs(part.blocks):
            for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
                checked += 1
                if _squash(sentence) not in body:
                    missing.append(sentence)
        assert not missing, f"{part.file}: not in the PDF: {missing[:3]}"
    assert checked > 100
