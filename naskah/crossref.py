"""Numbering and cross-references, computed once so the PDF and the DOCX print the same numbers.

- Chapters get ``number`` (``I``) and the class ``chapter``; appendices ``A``, ``B``, …
- Section headings get their number written into the heading (``1.1.``, ``1.1.1.`` or the
  letter scheme ``A.``/``1.``/``a.``) and kept as the attribute ``number``; ``{-}`` and
  ``.unnumbered`` headings, and those deeper than ``format.section_depth``, get none.
- Figures and tables in a chapter are numbered per chapter (``Gambar 2.1``); the label is
  written at the start of the caption.
- ``@fig:id`` / ``@tbl:id`` / ``@sec:id`` / ``@eq:id`` become links printing ``Gambar 2.1``,
  ``Tabel 2.1``, ``Subbab 2.3`` (``BAB II`` for a chapter).
- A paragraph right after a figure or table that starts with ``Sumber:`` becomes a
  ``Div.source`` (the 10 pt source line).
- Every heading, figure and table gets a unique id (the anchor of the Daftar Isi and lists).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from .config import CONFIG_NAME
from .config.loader import config_positions
from .config.schema import Format
from .diagnostics import Report
from .document import Document, Part, TocEntry
from .pandoc_ast import Div, Link, Para, Space, Span, Str, find, stringify, text_inlines
from .sandbox import MAX_ASSET_BYTES, Refused, confine, svg_problems

FloatKind = Literal["figure", "table"]

REF_PREFIXES = ("fig:", "tbl:", "sec:", "eq:", "lst:")
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".pdf"}


def roman(n: int) -> str:
    table = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
             (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in table:
        while n >= value:
            out += letters
            n -= value
    return out


def letter(n: int, upper: bool = True) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr((65 if upper else 97) + rem) + out
    return out


def chapter_prefix(fmt: Format, part: Part) -> tuple[str, bool]:
    """What precedes a chapter's (or lampiran's) title, and whether the title goes on the next
    line: ``("BAB I", True)``, ``("Bab 1", True)``, or IPB's one-line ``("I", False)``."""
    if part.kind == "chapter" and fmt.chapter_label == "one-line":
        return part.label, False
    word = fmt.titles.chapter if part.kind == "chapter" else fmt.titles.appendix
    return f"{word} {part.label}", True


def upper_title(fmt: Format, part: Part) -> bool:
    """Whether the chapter title prints in capitals (lampiran titles never change case)."""
    return part.kind == "chapter" and fmt.chapter_title_case == "upper"


class Numberer:
    """Walks the parts in order, numbering and collecting anchors; then resolves references."""

    def __init__(self, doc: Document, report: Report):
        self.doc = doc
        self.fmt = doc.config.format
        self.report = report
        self.targets: dict[str, str] = {}
        """id -> printed reference text (``Gambar 2.1``)."""
        self.defined_at: dict[str, tuple[str, int]] = {}
        self.used_ids: set[str] = set()
        self.continuous = {"figure": 0, "table": 0}
        """Figure and table counts through the whole thesis (``float_numbering: continuous``)."""

    # -- pass 1: numbers and anchors ------------------------------------------------------------
    def number(self) -> None:
        for part in self.doc.front.values():
            self._ids_only(part)
        for part in self.doc.chapters:
            self._chapter(part)
        for part in self.doc.appendices:
            self._chapter(part)

    def _unique(self, ident: str, part: Part, line: int, explicit: bool) -> str:
        if not ident:
            ident = "x"
        if ident in self.used_ids:
            if explicit and ident in self.defined_at:
                f, ln = self.defined_at[ident]
                self.report.error(f"the id '{ident}' is used twice (first at {f}:{ln})",
                                  part.file, line, rule="broken-reference")
            base, n = ident, 2
            while f"{base}-{n}" in self.used_ids:
                n += 1
            ident = f"{base}-{n}"
        self.used_ids.add(ident)
        self.defined_at[ident] = (part.file, line)
        return ident

    def _ids_only(self, part: Part) -> None:
        for block in part.blocks:
            if block["t"] == "Header":
                attr = block["c"][1]
                attr[0] = self._unique(attr[0], part, block.get("_line", 1), True)

    def _chapter(self, part: Part) -> None:
        """A chapter or lampiran: its label, anchors, sections, figures and tables."""
        assert part.number is not None
        chapter = part.kind == "chapter"
        part.label = chapter_numeral(self.fmt, part.number) if chapter else letter(part.number)
        word = self.fmt.titles.chapter if chapter else self.fmt.titles.appendix
        # Gambar 2.1 / Gambar I.1 (roman section numbers) / Gambar A.1 in a lampiran
        prefix = self.section_chapter(part.number) if chapter else part.label
        counters = [0] * 8
        floats = {"figure": 0, "table": 0}
        equations = listings = 0
        part.blocks[:] = split_equations(part.blocks)
        for block in part.blocks:
            line = block.get("_line", 1)
            if block["t"] == "Header":
                level, attr, inlines = block["c"]
                explicit = bool(attr[0]) and not _auto_id(attr[0], inlines)
                fallback = f"bab-{part.number}" if chapter else f"lampiran-{part.label}"
                attr[0] = self._unique(attr[0] or fallback, part, line, explicit)
                if level == 1:
                    _set_attr(attr, "number", part.label)
                    attr[1].append(part.kind)
                    self.targets[attr[0]] = f"{word} {part.label}"
                    one_line = chapter and self.fmt.chapter_label == "one-line"
                    self.doc.toc.append(TocEntry("heading" if chapter else "appendix", 1,
                                                 part.label if one_line else
                                                 f"{word} {part.label}",
                                                 self.chapter_title(part.title) if chapter
                                                 else part.title, attr[0]))
                elif chapter:
                    self._section(part, block, counters)
                    if level == 2 and self.fmt.float_numbering == "section":
                        floats = {"figure": 0, "table": 0}
            elif block["t"] == "Table" or (block["t"] == "Figure"
                                           and not is_table_figure(block)):
                kind: FloatKind = "table" if block["t"] == "Table" else "figure"
                self._caption(part, block, self._float_number(chapter, prefix, counters, floats,
                                                              kind), kind)
            elif block["t"] == "CodeBlock" and block["c"][0][0].startswith("lst:"):
                listings += 1
                self._listing(part, block, f"{prefix}.{listings}")
            elif block["t"] == "Div" and "equation" in block["c"][0][1]:
                equations += 1
                self._equation(part, block, f"({prefix}.{equations})")

    def chapter_title(self, title: str) -> str:
        """A chapter title as the heading prints it (capitals unless the guide says not)."""
        return title.upper() if self.fmt.chapter_title_case == "upper" else title

    def section_chapter(self, n: int) -> str:
        """The chapter part of a section or float number: ``2`` or ``II`` (ITB's ``II.1``)."""
        return roman(n) if self.fmt.section_numerals == "roman" else str(n)

    def _float_number(self, chapter: bool, prefix: str, counters: list[int],
                      floats: dict[str, int], kind: str) -> str:
        """``2.1`` per chapter, ``2.1.1`` per section, ``1`` continuous (lampiran: ``A.1``)."""
        mode = self.fmt.float_numbering if chapter else "chapter"
        if mode == "continuous":
            self.continuous[kind] += 1
            return str(self.continuous[kind])
        floats[kind] += 1
        if mode == "section" and counters[1]:
            return f"{prefix}.{counters[1]}.{floats[kind]}"
        return f"{prefix}.{floats[kind]}"

    def _section(self, part: Part, block: dict[str, Any], counters: list[int]) -> None:
        level, attr, inlines = block["c"]
        unnumbered = "unnumbered" in attr[1]
        depth = level - 1
        number = ""
        if not unnumbered and depth <= self.fmt.section_depth:
            counters[depth] += 1
            for i in range(depth + 1, len(counters)):
                counters[i] = 0
            number = self._section_number(part.number or 0, counters, depth)
            _set_attr(attr, "number", number)
            block["c"][2] = [Span([Str(number)], classes=["section-number"]), Space(), *inlines]
            self.targets[attr[0]] = f"{self.fmt.titles.section} {number.rstrip('.')}"
        if level <= 3:
            self.doc.toc.append(TocEntry("heading", level, number,
                                         stringify(inlines), attr[0]))

    def _section_number(self, chapter: int, counters: list[int], depth: int) -> str:
        if self.fmt.section_scheme == "letters":
            n = counters[depth]
            return {1: f"{letter(n)}.", 2: f"{n}.", 3: f"{letter(n, False)}."}.get(depth, f"{n}.")
        number = ".".join([self.section_chapter(chapter), *map(str, counters[1:depth + 1])])
        return number + ("." if self.fmt.section_trailing_dot else "")

    def _caption(self, part: Part, block: dict[str, Any], number: str, kind: FloatKind
                 ) -> None:
        attr = block["c"][0]
        caption = block["c"][1]
        _label_from_caption(attr, caption[1])
        line = block.get("_line", 1)
        word = self.fmt.titles.figure if kind == "figure" else self.fmt.titles.table
        explicit = bool(attr[0])
        attr[0] = self._unique(attr[0] or f"{kind}-{number}", part, line, explicit)
        label = f"{word} {number}"
        _set_attr(attr, "number", label)
        body = caption[1]
        text = stringify(body)
        if not text:
            self.report.warning(f"this {'figure' if kind == 'figure' else 'table'} has no "
                                "caption", part.file, line, rule="caption-missing")
        prefix = [self._caption_label(f"{word}{NBSP}{number}")]
        if body and body[0]["t"] in ("Plain", "Para"):
            body[0]["c"] = [*prefix, Space(), *body[0]["c"]]
        else:
            body.insert(0, {"t": "Plain", "c": prefix})
        self.targets[attr[0]] = label
        entry = TocEntry(kind, 1, label, text, attr[0])
        (self.doc.figures if kind == "figure" else self.doc.tables).append(entry)

    def _caption_label(self, text: str) -> dict[str, Any]:
        """``Gambar 2.1`` at the head of a caption, bold where the guide wants it
        (``format.caption_label``): the PDF and the DOCX print the same span."""
        inner = [Str(text)]
        if self.fmt.caption_label == "bold":
            inner = [{"t": "Strong", "c": inner}]
        return Span(inner, classes=["caption-label"])

    def _listing(self, part: Part, block: dict[str, Any], number: str) -> None:
        """A ``{#lst:x caption="…"}`` code block (pandoc-crossref) as a ``Div.listing``:
        ``Kode 3.1 Judul`` above the code."""
        (ident, classes, kvs), code = block["c"]
        caption = dict(kvs).get("caption", "")
        label = f"{self.fmt.titles.listing} {number}"
        ident = self._unique(ident, part, block.get("_line", 1), True)
        self.targets[ident] = label
        head = [self._caption_label(label.replace(" ", NBSP))]
        if caption:
            head += [Space(), *text_inlines(caption)]
        inner = {"t": "CodeBlock", "c": [["", classes, [kv for kv in kvs if kv[0] != "caption"]],
                                         code]}
        line = block.get("_line")
        block.clear()
        block.update(Div([{"t": "Plain", "c": head}, inner], ident=ident,
                         classes=["listing"], attrs=[["number", label]]))
        block["_line"] = line

    def _equation(self, part: Part, block: dict[str, Any], number: str) -> None:
        """A labelled display formula: its number ``(2.1)`` and the reference text."""
        attr = block["c"][0]
        attr[0] = self._unique(attr[0], part, block.get("_line", 1), True)
        _set_attr(attr, "number", number)
        self.targets[attr[0]] = f"{self.fmt.titles.equation} {number}"

    # -- pass 2: references and source lines ---------------------------------------------------
    def resolve(self) -> None:
        t = self.fmt.titles
        words = {t.chapter, t.appendix, t.figure, t.table, t.section, t.equation, t.listing}
        for part in self.doc.parts:
            self._resolve_part(part)
            glue_numbers(part.blocks, words)
            part.blocks[:] = _source_lines(part.blocks, self.fmt.titles.source)

    def _resolve_part(self, part: Part) -> None:
        lists = {id(lst): lst for el, lst in find(part.blocks, {"Cite"})
                 if any(c["citationId"].startswith(REF_PREFIXES) for c in el["c"][0])}
        for inlines in lists.values():
            out: list[dict[str, Any]] = []
            for el in inlines:
                refs = el["t"] == "Cite" and any(
                    c["citationId"].startswith(REF_PREFIXES) for c in el["c"][0])
                out.extend(self._reference(part, el) if refs else [el])
            inlines[:] = out

    def _reference(self, part: Part, el: dict[str, Any]) -> list[dict[str, Any]]:
        """``@fig:x`` (and ``[@fig:x; @tbl:y]``) as links printing the targets' labels."""
        out: list[dict[str, Any]] = []
        for i, c in enumerate(el["c"][0]):
            key = c["citationId"]
            line, col = c.get("_pos", [None, None])
            if not key.startswith(REF_PREFIXES):
                self.report.error(f"'{key}' cannot be cited together with a "
                                  "cross-reference", part.file, line, col, rule="broken-reference")
                continue
            if i:
                out += [Str(","), Space()]
            out += c.get("citationPrefix", [])
            if c.get("citationPrefix"):
                out.append(Space())
            text = self.targets.get(key)
            if text is None:
                self.report.error(f"unknown cross-reference '@{key}'", part.file, line, col,
                                  rule="broken-reference")
                text = f"??{key}"
            # "Tabel 4.1" never breaks between the word and the number
            out.append(Link([Str(text.replace(" ", NBSP))], f"#{key}"))
            out += c.get("citationSuffix", [])
        return out


NBSP = "\u00a0"


def _label_from_caption(attr: list[Any], body: list[dict[str, Any]]) -> None:
    """pandoc-crossref's ``: Judul []{#tbl:x}``: the empty span's id becomes the table's."""
    if attr[0] or not body or body[-1]["t"] not in ("Plain", "Para"):
        return
    inlines = body[-1]["c"]
    if inlines and inlines[-1]["t"] == "Span" and not inlines[-1]["c"][1] \
            and inlines[-1]["c"][0][0].startswith(("tbl:", "fig:")):
        attr[0] = inlines.pop()["c"][0][0]
        while inlines and inlines[-1]["t"] in ("Space", "SoftBreak"):
            inlines.pop()


NUMBER_START = re.compile(r"^\(?([0-9]|[IVXLC]+\b|[A-Z]\b)")


def glue_numbers(blocks: list[dict[str, Any]], words: set[str]) -> None:
    """A hand-typed "Tabel 4.1", "BAB II", "Persamaan (2.1)" never breaks between word and
    number: the space becomes a non-breaking one (the references naskah writes are already)."""
    ends = re.compile(r"(?:^|\W)(?:" + "|".join(re.escape(w) for w in words if w) + r")$")
    holders = {id(h): h for _, h in find(blocks, {"Space"})}
    for inlines in holders.values():
        for i in range(1, len(inlines) - 1):
            before, el, after = inlines[i - 1], inlines[i], inlines[i + 1]
            if el.get("t") == "Space" and before.get("t") == "Str" and after.get("t") == "Str" \
                    and ends.search(before["c"]) and NUMBER_START.match(after["c"]):
                inlines[i] = Str(NBSP)


EQ_LABEL = re.compile(r"^\{#(eq:[^}\s]+)\}$")


def split_equations(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``$$ … $$ {#eq:x}`` (pandoc-crossref's form) as a ``Div.equation`` of its own.

    Text before or after the formula in the same paragraph stays in paragraphs around it.
    """
    out: list[dict[str, Any]] = []
    for block in blocks:
        if block["t"] != "Para":
            out.append(block)
            continue
        inlines = block["c"]
        rest: list[dict[str, Any]] = []
        pieces: list[dict[str, Any]] = []
        i = 0
        while i < len(inlines):
            el = inlines[i]
            j = i + 1
            if j < len(inlines) and inlines[j]["t"] in ("Space", "SoftBreak"):
                j += 1
            m = (el["t"] == "Math" and el["c"][0]["t"] == "DisplayMath" and j < len(inlines)
                 and inlines[j]["t"] == "Str" and EQ_LABEL.match(inlines[j]["c"]))
            if m:
                if _has_text(rest):
                    pieces.append({**block, "c": _trim(rest)})
                div = Div([Para([el])], ident=m.group(1), classes=["equation"])
                div["_line"] = block.get("_line")
                pieces.append(div)
                rest, i = [], j + 1
            else:
                rest.append(el)
                i += 1
        if not pieces:
            out.append(block)
            continue
        if _has_text(rest):
            pieces.append({**block, "c": _trim(rest)})
        out += pieces
    return out


def _has_text(inlines: list[dict[str, Any]]) -> bool:
    return any(el["t"] not in ("Space", "SoftBreak") for el in inlines)


def _trim(inlines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    while inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    while inlines and inlines[-1]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[:-1]
    return inlines


def _source_lines(blocks: list[dict[str, Any]], word: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (block["t"] == "Para" and prev is not None and prev["t"] in ("Figure", "Table")
                and stringify(block).startswith(f"{word}:")):
            div = Div([block], classes=["source"])
            div["_line"] = block.get("_line")
            out.append(div)
        else:
            out.append(block)
    return out


def is_table_figure(block: dict[str, Any]) -> bool:
    """Whether a Figure block only wraps a table (Pandoc's reader makes one of a captioned
    table with an id): numbered and listed as a table, not a figure."""
    content = block["c"][2]
    return len(content) == 1 and content[0]["t"] == "Table"


def chapter_numeral(fmt: Format, n: int) -> str:
    """A chapter's number as the format prints it: ``IV`` or ``4``."""
    return roman(n) if fmt.chapter_numerals == "roman" else str(n)


def _auto_id(ident: str, inlines: list[dict[str, Any]]) -> bool:
    """Whether ``ident`` is Pandoc's automatic id for this heading (not written by the user)."""
    text = stringify(inlines).lower()
    auto = re.sub(r"[^\w\s-]", "", text)
    auto = re.sub(r"\s+", "-", auto.strip())
    return ident == auto or ident.startswith(auto + "-") or ident.startswith("section")


def _set_attr(attr: list[Any], key: str, value: str) -> None:
    attr[2] = [kv for kv in attr[2] if kv[0] != key] + [[key, value]]


def check_images(doc: Document, report: Report) -> None:
    """Every image exists, is inside the project and is of a kind both writers can place."""
    root = doc.project.resolve()

    def check(src: str, file: str, line: int | None) -> None:
        if re.match(r"^[a-z][a-z0-9+.-]*://", src, re.I):
            report.error(f"image '{src}' is on the network; put it in figures/", file, line,
                         rule="image-missing")
            return
        if Path(src).is_absolute():
            report.error(f"image '{src}' is outside the project folder", file, line,
                         rule="image-missing")
            return
        try:
            path = confine(root, src, max_bytes=MAX_ASSET_BYTES)
        except Refused as exc:
            report.error(f"image '{src}' {exc}", file, line, rule="image-missing")
            return
        if path.suffix.lower() not in IMAGE_TYPES:
            report.error(f"image '{src}': unsupported type '{path.suffix}' "
                         f"(use PNG, JPEG, GIF, SVG or WebP)", file, line, rule="image-missing")
        elif path.suffix.lower() == ".svg":
            for problem in svg_problems(root, path):
                report.error(f"image '{src}' {problem}", file, line, rule="image-missing")

    for part in doc.parts:
        for block in part.blocks:
            for image, _ in find(block, {"Image"}):
                check(image["c"][2][0], part.file, block.get("_line"))
    if doc.config.logo:  # the title page's image, named in thesis.yaml
        at = config_positions(doc.project).get("logo")
        check(doc.config.logo, CONFIG_NAME, at[0] if at else None)


ANCHORED = frozenset({"Header", "Figure", "Table", "Div", "Span", "CodeBlock"})
"""The elements whose id a ``[x](#id)`` link can reach."""
BOOKDOWN_REF = re.compile(r"@ref\(([^)\s]*)\)")


def attr_id(el: dict[str, Any]) -> str:
    """The id of an element that has an Attr (one of :data:`ANCHORED`)."""
    c = el["c"]
    return c[1][0] if el["t"] == "Header" else c[0][0]


def check_links(doc: Document, report: Report) -> None:
    """Every internal link reaches an id; bookdown's ``\\@ref(…)`` is named, not printed raw."""
    ids = {attr_id(el) for part in doc.parts for el, _ in find(part.blocks, ANCHORED)}
    for part in doc.parts:
        for block in part.blocks:
            line = block.get("_line")
            for el, _ in find(block, {"Link", "Str"}):
                if el["t"] == "Str":
                    m = BOOKDOWN_REF.search(el["c"])
                    if m:
                        report.warning(f"'\\@ref({m.group(1)})' is bookdown's cross-reference, "
                                       f"which naskah does not support: write @{m.group(1)}",
                                       part.file, line, rule="unsupported-syntax")
                    continue
                url = el["c"][2][0]
                if url.startswith("#") and url[1:] not in ids and \
                        not stringify(el["c"][1]).startswith("??"):  # reported as a reference
                    report.error(f"the link target '{url}' is not an id in the thesis "
                                 "(write the id of a heading, figure or table)", part.file, line,
                                 rule="broken-reference")


def number_and_resolve(doc: Document, report: Report) -> None:
    """Run both passes over the document, then check the internal links."""
    numberer = Numberer(doc, report)
    numberer.number()
    numberer.resolve()
    check_links(doc, report)
