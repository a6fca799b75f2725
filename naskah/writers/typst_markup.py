"""Pandoc AST → Typst markup, in Python.

Pandoc's own Typst writer costs a second per 45,000 words (JSON in, Typst out, in a process of
its own) and is the largest cost of a build after Typst itself; this writer does the same in a
few tens of milliseconds and lets a rebuild touch only the parts that changed. It follows the
forms of Pandoc's writer (``#emph[…]``, ``#figure(…) <label>``, ``#footnote[…]``); every piece of
the thesis goes through one function of :mod:`.typst_escape` for its context (markup text,
string literal, label), so text after an embedded call never continues the call.
TeX math is the one thing converted by Pandoc, all formulas of a build in one call.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from typing import Any

from ..crossref import ANCHORED, attr_id
from ..notes.parts import URL
from ..pandoc_ast import Block, Inline, find
from .typst_escape import label, markup, raw, string, url

ENUM_STYLES = {"Decimal": "1", "LowerAlpha": "a", "UpperAlpha": "A", "LowerRoman": "i",
               "UpperRoman": "I", "DefaultStyle": "1", "Example": "1"}
ENUM_DELIMS = {"Period": "{}.", "OneParen": "{})", "TwoParens": "({})", "DefaultDelim": "{}."}
ALIGN = {"AlignLeft": "left", "AlignRight": "right", "AlignCenter": "center",
         "AlignDefault": "auto"}


def length(value: str) -> str | None:
    """A Pandoc image dimension as a Typst length (``50%``, ``2cm``, ``300px`` → pt)."""
    m = re.fullmatch(r"\s*([0-9.]+)\s*(%|cm|mm|in|pt|px|em)?\s*", value)
    if not m:
        return None
    number, unit = m.group(1), m.group(2) or "px"
    if unit == "px":
        return f"{float(number) * 0.75:g}pt"
    return f"{number}{unit}"


def note_numbering(expected: int) -> str:
    """A footnote's numbering: Typst's own count, and ``expected`` while Typst has none yet.

    Typst lays a document out until its counters settle; in the first pass every footnote
    counts 0, so with the plain ``"1"`` each paragraph holding a note is laid out once with 0s
    and again with the true numbers, and Typst keeps both layouts until the compile ends (on
    a 600-page thesis with 4,800 notes about 130 MB). With the number this writer expects in
    place of the 0, the first pass already sets the paragraphs as printed. The printed number
    is always Typst's count (a wrong expectation only costs that memory again): a footnote
    counts at least 1 once the count has settled.
    """
    return f"n => str(if n == 0 {{ {expected} }} else {{ n }})"


def link_targets(chunks: list[list[Block]]) -> tuple[set[str], set[str]]:
    """(ids of headings, figures and tables; every id a link can reach) of the whole book.

    A ``[x](#id)`` to anything else prints as plain text (``check`` reports it), so Typst never
    fails on a missing label.
    """
    reserved: set[str] = set()
    targets: set[str] = set()
    for blocks in chunks:
        for el, _ in find(blocks, ANCHORED):
            ident = attr_id(el)
            if ident:
                targets.add(ident)
                if el["t"] in ("Header", "Figure", "Table"):
                    reserved.add(ident)
    return reserved, targets


class TypstWriter:
    """Renders blocks; ``math`` converts TeX formulas (called once per build, batched)."""

    def __init__(self, math: Callable[[list[tuple[str, str]]], list[str]] | None = None,
                 image_root: str = "", targets: set[str] | None = None,
                 reserved: set[str] | None = None):
        self.math_converter = math or convert_math
        self.image_root = image_root
        self.math_pending: list[tuple[str, str]] = []
        self.targets = targets if targets is not None else set()
        """Ids a ``[x](#id)`` link may point to (see :func:`link_targets`)."""
        self.reserved = reserved or set()
        """Labels the book sets itself (chapter headings): never given to a span."""
        self.labels: set[str] = set()
        self.notes = 0
        """Footnotes written so far (the caller resets it where Typst restarts the count)."""

    # --- blocks ------------------------------------------------------------------------------
    def blocks(self, blocks: list[Block], sep: str = "\n\n") -> str:
        return sep.join(s for s in (self.block(b) for b in blocks) if s)

    def block(self, b: Block) -> str:
        t, c = b["t"], b.get("c", [])
        if t == "Para":
            return self.paragraph(c)
        if t == "Plain":
            return self.paragraph(c)
        if t == "Header":
            level, attr, inlines = c
            label = self.label(attr[0])
            outlined = "" if "unlisted" not in attr[1] else ", outlined: false"
            return f"#heading(level: {level}{outlined})[{self.inlines(inlines)}]{label}"
        if t == "BulletList":
            return self._list("list", c, "")
        if t == "OrderedList":
            (start, style, delim), items = c
            pattern = ENUM_DELIMS.get(delim["t"], "{}.").format(ENUM_STYLES.get(style["t"], "1"))
            return self._list("enum", items, f"start: {start}, numbering: {string(pattern)}, ")
        if t == "DefinitionList":
            items = [f"terms.item[{self.inlines(term)}]"
                     f"[{self.blocks([x for d in defs for x in d])}]" for term, defs in c]
            return f"#terms({', '.join(items)})"
        if t == "BlockQuote":
            return f"#quote(block: true)[\n{self.blocks(c)}\n]"
        if t == "CodeBlock":
            (ident, classes, _), code = c
            return self.anchor(ident) + raw(code, classes[0] if classes else "", block=True)
        if t == "RawBlock":
            return c[1] if c[0] == "typst" else ""
        if t == "HorizontalRule":
            return "#line(length: 100%, stroke: 0.5pt)"
        if t == "LineBlock":
            return " #linebreak()\n".join(self.inlines(line) for line in c)
        if t == "Table":
            return self.table(c)
        if t == "Figure":
            return self.figure(c)
        if t == "Div" and "listing" in c[0][1]:  # caption (Kode 3.1 …), then the code
            cap, body = self.blocks(c[1][:1]), self.blocks(c[1][1:])
            return f"#figure([{body}], caption: [{cap}], kind: raw){self.label(c[0][0])}"
        if t == "Div" and "equation" in c[0][1]:
            return self.anchor(c[0][0]) + self.equation(c[1], dict(c[0][2]).get("number", ""))
        if t == "Div":
            return f"{self.anchor(c[0][0])}#block[\n{self.blocks(c[1])}\n]"
        return ""

    def paragraph(self, inlines: list[Inline]) -> str:
        """Inline text (a heading or list marker cannot start it: markup() escapes them)."""
        return self.inlines(inlines)

    def label(self, ident: str) -> str:
        """`` <label>`` after an element with an id (remembered: links may point to it)."""
        if not ident:
            return ""
        self.labels.add(ident)
        return " " + label(ident)

    def anchor(self, ident: str) -> str:
        """A link target for a span, div or code block id that is not taken yet."""
        if not ident or ident in self.labels or ident in self.reserved:
            return ""
        self.labels.add(ident)
        return f"#metadata(none){label(ident)}"

    def equation(self, body: list[Block], number: str) -> str:
        """A display formula centred, its number ``(2.1)`` at the right margin."""
        return (f"#block(inset: (y: 0.4em), grid(columns: (1fr, auto, 1fr), [], "
                f"[{self.blocks(body)}], align(right + horizon)[{markup(number)}]))")

    def _list(self, func: str, items: list[list[Block]], options: str) -> str:
        tight = all(len(item) <= 1 and (not item or item[0]["t"] == "Plain") for item in items)
        body = ", ".join(f"[{self.blocks(item)}]" for item in items)
        return f"#{func}({options}tight: {'true' if tight else 'false'}, {body})"

    def figure(self, c: list[Any]) -> str:
        attr, caption, content = c
        label = self.label(attr[0])
        cap = self.blocks(caption[1], " ")
        if len(content) == 1 and content[0]["t"] in ("Plain", "Para") and \
                len(content[0]["c"]) == 1 and content[0]["c"][0]["t"] == "Image":
            body = self.image(content[0]["c"][0], inline=False)
        elif len(content) == 1 and content[0]["t"] == "Table":
            return self.table(content[0]["c"], caption_override=cap, label_override=label)
        else:
            body = f"[{self.blocks(content)}]"
        return f"#figure({body}, caption: [{cap}]){label}"

    def table(self, c: list[Any], caption_override: str | None = None,
              label_override: str | None = None) -> str:
        attr, caption, colspecs, head, bodies, foot = c
        widths = [w for _, w in colspecs]
        if all(w["t"] == "ColWidth" for w in widths):
            cols = "(" + ", ".join(f"{w['c'] * 100:.1f}%" for w in widths) + ",)"
        else:
            cols = str(len(colspecs))
        aligns = "(" + ", ".join(ALIGN[a["t"]] for a, _ in colspecs) + ",)"
        cells: list[str] = []
        head_rows = head[1]
        if head_rows:
            cells.append("table.header(" + ", ".join(self._row(r) for r in head_rows) + ")")
            cells.append("table.hline()")
        for body in bodies:
            for row in [*body[2], *body[3]]:
                cells.append(self._row(row))
        for row in foot[1]:
            cells.append(self._row(row))
        table = f"#table(columns: {cols}, align: {aligns}, " + ", ".join(cells) + ")"
        cap = caption_override if caption_override is not None else self.blocks(caption[1], " ")
        label = label_override if label_override is not None else self.label(attr[0])
        if not cap and not label:
            return f"#align(center, {table[1:]})"
        return f"#figure(align(center, {table[1:]}), caption: [{cap}], kind: table){label}"

    def _row(self, row: list[Any]) -> str:
        out = []
        for cell in row[1]:
            _, _, rowspan, colspan, blocks = cell
            body = f"[{self.blocks(blocks)}]"
            if rowspan > 1 or colspan > 1:
                body = f"table.cell(rowspan: {rowspan}, colspan: {colspan}, {body})"
            out.append(body)
        return ", ".join(out)

    # --- inlines ------------------------------------------------------------------------------
    def inlines(self, inlines: list[Inline]) -> str:
        return "".join(self.inline(el) for el in inlines)

    def inline(self, el: Inline) -> str:
        t, c = el["t"], el.get("c", [])
        if t == "Str":
            return text(c)
        if t in ("Space", "SoftBreak"):
            return " "
        if t == "LineBreak":
            return "#linebreak() "
        simple = {"Emph": "emph", "Strong": "strong", "Underline": "underline",
                  "Strikeout": "strike", "Superscript": "super", "Subscript": "sub",
                  "SmallCaps": "smallcaps"}
        if t in simple:
            return f"#{simple[t]}[{self.inlines(c)}]"
        if t == "Quoted":
            o, e = ("“", "”") if c[0]["t"] == "DoubleQuote" else ("‘", "’")
            return f"{o}{self.inlines(c[1])}{e}"
        if t == "Code":
            return raw(c[1])
        if t == "Math":
            self.math_pending.append((c[0]["t"], c[1]))
            return f"\x00MATH{len(self.math_pending) - 1}\x00"
        if t == "RawInline":
            return c[1] if c[0] == "typst" else ""
        if t == "Link":
            url = c[2][0]
            if url.startswith("#") and url[1:] not in self.targets:
                return self.inlines(c[1])  # a broken internal link: `check` reports it
            target = label(url[1:]) if url.startswith("#") else string(url)
            return f"#link({target})[{self.inlines(c[1])}]"
        if t == "Image":
            return self.image(el, inline=True)
        if t == "Note":
            self.notes += 1
            # A note reads number, word space, text, as Word writes it (and the DOCX does): the
            # entry puts 0.05 em after the number, this the rest of a 0.25 em space, so a note's
            # lines break where the DOCX's do. (A show rule on footnote.entry would do it too,
            # at 20 KB a note.)
            gap = "#h(0.2em)" if c and c[0]["t"] in ("Para", "Plain") else ""
            return f"#footnote(numbering: {note_numbering(self.notes)})[{gap}{self.blocks(c)}]"
        if t == "Span":
            return self.anchor(c[0][0]) + self.inlines(c[1])
        if t == "Cite":
            return self.inlines(c[1])
        return ""

    def image(self, el: Inline, inline: bool) -> str:
        attr, _, (src, _) = el["c"]
        opts = "".join(f", {k}: {v}" for k, v in
                       ((k, length(v)) for k, v in attr[2] if k in ("width", "height")) if v)
        if self.image_root and not src.startswith("/"):
            src = self.image_root + posixpath.normpath(src)
        image = f"image({string(src)}{opts})"
        return f"#box({image})" if inline else image

    # --- math, resolved once for the whole build -----------------------------------------------
    def finish(self, texts: dict[str, str]) -> dict[str, str]:
        """Replace the math placeholders in every rendered text (one Pandoc call in all)."""
        if not self.math_pending:
            return texts
        converted = self.math_converter(self.math_pending)

        def put(m: re.Match[str]) -> str:
            return converted[int(m.group(1))]

        return {k: re.sub("\x00MATH(\\d+)\x00", put, v) for k, v in texts.items()}


def text(words: str) -> str:
    """A word of the text; a URL in it (a link's text, a bare URL) breaks only where CMOS
    14.18 allows."""
    if "://" not in words:
        return markup(words)
    out, pos = [], 0
    for m in URL.finditer(words):
        out += [markup(words[pos:m.start()]), url(m.group())]
        pos = m.end()
    return "".join(out) + markup(words[pos:])


def convert_math(formulas: list[tuple[str, str]]) -> list[str]:
    """TeX formulas → Typst math, by Pandoc's converter (all formulas in one call).

    The same set of formulas is converted once per process, whoever asks first (the check of
    what Pandoc cannot convert, then the writer).
    """
    unique = tuple(sorted(set(formulas)))
    done = dict(zip(unique, _convert(unique), strict=True))
    return [done[f] for f in formulas]


def converted(typst_math: str) -> bool:
    """Whether Pandoc converted a formula (it writes one it cannot read as escaped TeX text)."""
    return typst_math.startswith("$")


@functools.lru_cache(maxsize=4)
def _convert(formulas: tuple[tuple[str, str], ...]) -> list[str]:
    from ..diagnostics import BuildError
    from ..sandbox import pandoc

    if not formulas:
        return []
    sep = "\n\nNASKAHMATHSEP\n\n"
    source = sep.join(f"$${tex}$$" if kind == "DisplayMath" else f"${tex}$"
                      for kind, tex in formulas)
    try:
        output = pandoc(["-f", "markdown", "-t", "typst", "--wrap=none"],
                        source.encode("utf-8"), what="Pandoc (TeX math)").output
    except BuildError:
        output = b""
    parts = output.decode("utf-8").split("NASKAHMATHSEP")
    if len(parts) != len(formulas):
        return [raw(tex) for _, tex in formulas]
    return [p.strip() for p in parts]
