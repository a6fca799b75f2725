"""Helpers of the round-trip tests: what a reader should see of a Pandoc AST, and what the PDF
and the DOCX show of it.

The expected text is computed from the AST alone (never from a writer): words, spaces, code
and math as written, quotation marks as “ ” ‘ ’, a note as «its text» (the test's Typst shows
notes inline, so each note's text can be compared where it stands).
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pdfplumber
import typst
from lxml import etree

from naskah.writers.typst import font_paths
from naskah.writers.typst_markup import TypstWriter

PREAMBLE = """#set page(width: 40cm, height: auto, margin: 1cm)
#set text(font: "Liberation Serif", size: 11pt, hyphenate: false)
#set par(justify: false)
#set quote(quotes: false)
#show footnote: it => [«#it.body»]
#show footnote.entry: it => none
#show super: it => it.body
#show sub: it => it.body
#show smallcaps: it => it.body
#show heading: it => block(it.body)
"""


def expected(blocks: list[dict[str, Any]], notes_inline: bool = True) -> str:
    """The text a reader should see, whitespace collapsed."""
    notes: list[str] = []
    text = _blocks(blocks, notes, notes_inline)
    return normalise(" ".join([text, *notes]))


def normalise(text: str) -> str:
    return " ".join(text.split())


def _blocks(blocks: list[dict[str, Any]], notes: list[str], inline: bool,
            bullets: bool = True) -> str:
    out = []
    for b in blocks:
        t, c = b["t"], b.get("c")
        if t in ("Para", "Plain"):
            out.append(_inlines(c, notes, inline))
        elif t == "Header":
            out.append(_inlines(c[2], notes, inline))
        elif t == "BulletList":
            out += [("• " if bullets and inline else "") + _blocks(item, notes, inline)
                    for item in c]
        elif t == "BlockQuote":
            out.append(_blocks(c, notes, inline))
        elif t == "Div":
            out.append(_blocks(c[1], notes, inline))
        elif t == "CodeBlock":
            out.append(c[1])
    return "\n".join(out)


def _inlines(inlines: list[dict[str, Any]], notes: list[str], inline: bool) -> str:
    out = []
    for el in inlines:
        t, c = el["t"], el.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak"):
            out.append(" ")
        elif t == "LineBreak":
            out.append("\n")
        elif t in ("Code", "Math"):
            out.append(c[1])
        elif t == "Quoted":
            o, e = ("“", "”") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
            out.append(o + _inlines(c[1], notes, inline) + e)
        elif t in ("Link", "Span", "Cite"):
            out.append(_inlines(c[1], notes, inline))
        elif t == "Note":
            text = _blocks(c, notes, inline)
            if inline:
                out.append(f"«{text}»")
            else:
                notes.append(text)
        elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                   "SmallCaps"):
            out.append(_inlines(c, notes, inline))
    return "".join(out)


def typst_source(blocks: list[dict[str, Any]]) -> str:
    """naskah's Typst of the blocks (math passed through: the test writes digits only)."""
    writer = TypstWriter(math=lambda formulas: [f"${tex}$" for _, tex in formulas])
    ids = {b["c"][1][0] for b in blocks if b["t"] == "Header" and b["c"][1][0]}
    writer.targets |= ids
    writer.reserved |= ids
    return writer.finish({"body": writer.blocks(blocks)})["body"]


def pdf_text(blocks: list[dict[str, Any]]) -> str:
    pdf = typst.compile((PREAMBLE + typst_source(blocks)).encode("utf-8"),
                        font_paths=font_paths())
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return normalise(" ".join(p.extract_text() or "" for p in doc.pages))


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def docx_text(data: bytes) -> str:
    """Body text then footnote texts of a DOCX (w:t, w:tab, m:t, line breaks as spaces)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = [z.read("word/document.xml")]
        if "word/footnotes.xml" in z.namelist():
            parts.append(z.read("word/footnotes.xml"))
    out = []
    for xml in parts:
        root = etree.fromstring(xml)
        for p in root.iter(f"{W}p"):
            if p.getparent() is not None and p.getparent().tag == f"{W}footnote" and \
                    p.getparent().get(f"{W}type") in ("separator", "continuationSeparator"):
                continue
            words = []
            for el in p.iter(f"{W}t", f"{M}t", f"{W}br", f"{W}tab"):
                words.append(el.text or "" if el.tag in (f"{W}t", f"{M}t") else " ")
            out.append("".join(words))
    return normalise(re.sub(r"\s+", " ", " ".join(out)))
