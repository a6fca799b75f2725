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
from typing import Any

from .config import CONFIG_NAME
from .config.loader import config_positions
from .config.schema import Format
from .diagnostics import Report
from .document import Document, Part, TocEntry
from .pandoc_ast import Div, Link, Space, Span, Str, find, stringify
from .sandbox import MAX_ASSET_BYTES, Refused, confine, svg_problems

REF_PREFIXES = ("fig:", "tbl:", "sec:", "eq:")
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
                kind = "table" if block["t"] == "Table" else "figure"
                self._caption(part, block, self._float_number(chapter, prefix, counters, floats,
                                                              kind), kind)

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

    def _caption(self, part: Part, block: dict[str, Any], number: str, kind: str) -> None:
        attr = block["c"][0]
        caption = block["c"][1]
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
        prefix = [Span([Str(word), Space(), Str(number)], classes=["caption-label"])]
        if body and body[0]["t"] in ("Plain", "Para"):
            body[0]["c"] = [*prefix, Space(), *body[0]["c"]]
        else:
            body.insert(0, {"t": "Plain", "c": prefix})
        self.targets[attr[0]] = label
        entry = TocEntry(kind, 1, label, text, attr[0])
        (self.doc.figures if kind == "figure" else self.doc.tables).append(entry)

    # -- pass 2: references and source lines ---------------------------------------------------
    def resolve(self) -> None:
        for part in self.doc.parts:
            self._resolve_part(part)
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
            words: list[dict[str, Any]] = []
            for j, w in enumerate(text.split(" ")):
                if j:
                    words.append(Space())
                words.append(Str(w))
            out.append(Link(words, f"#{key}"))
            out += c.get("citationSuffix", [])
        return out


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


def number_and_resolve(doc: Document, report: Report) -> None:
    """Run both passes over the document."""
    numberer = Numberer(doc, report)
    numberer.number()
    numberer.resolve()
