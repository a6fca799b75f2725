"""Rules over the Markdown sources: chapters, headings, sections, notes, abstracts, captions.

They read the :class:`~naskah.document.Document` as the reader left it (before numbering), so a
heading's text is what the student wrote and every diagnostic points at the line to edit.
"""

from __future__ import annotations

import re
from typing import Any

from ..crossref import chapter_numeral, is_table_figure
from ..document import Document, Part
from ..frontmatter import BASE_LANG, split_key
from ..pandoc_ast import find, stringify, walk
from .rules import Checker

MANUAL_NUMBER = re.compile(
    r"^\s*(?:(?:BAB|Bab|bab|CHAPTER|Chapter)\s+(?:[IVXLC]+|\d+)\b[.:]?"
    r"|\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\."
    r"|[IVX]{1,4}\."
    r"|[A-Za-z]\.(?=\s)"
    r"|\(?[a-z\d]\)(?=\s))")
"""A heading that starts with a number typed by hand: ``1.1``, ``2.``, ``A.``, ``BAB I``."""

LATIN_NOTE = re.compile(r"(?<![\w.])(ibid(?:em)?\.?|op\.\s?cit\.?|loc\.\s?cit\.?)(?![\w])",
                        re.IGNORECASE)
HAND_NOTE = re.compile(r"^\W*(ibid(?:em)?\b\.?)|^[^.!?]{0,80}?,\s*((?:op|loc)\.\s?cit\b\.?)",
                       re.IGNORECASE)
"""A note (or a ``;``-separated part of one) that *is* a hand-typed Ibid. / op. cit. /
loc. cit. — not a note that merely mentions the words, as a guide to citing may."""
WORD = re.compile(r"[^\W_][\w'’\-]*")
FILE_NUMBER = re.compile(r"^(\d+)")


def chapter_label(doc: Document, number: int) -> str:
    """``BAB I`` (or ``BAB 1``), as the format prints it."""
    fmt = doc.config.format
    return f"{fmt.titles.chapter} {chapter_numeral(fmt, number)}"


def _title_line(part: Part) -> int:
    return part.blocks[0].get("_line", 1) if part.blocks else 1


# --- the English pages ---------------------------------------------------------------------------

def check_english_title(doc: Document, checker: Checker,
                        where: dict[str, tuple[int, int]]) -> None:
    """A profile that prints pages in English (ITS, UNPAR FTIS) needs the title in English;
    without it they would repeat the Indonesian one. Located at ``title:`` (``subtitle:``)."""
    cfg = doc.config
    english = [key for key in cfg.format.front_matter if split_key(key) != (key, BASE_LANG)]
    if not english:
        return
    for name, what in (("title", "title"), ("subtitle", "subtitle")):
        if getattr(cfg, name) and not getattr(cfg, f"{name}_en"):
            line, col = where.get(name, (1, None))
            checker.emit("english-title", "missing", "thesis.yaml", line, col,
                         pages=", ".join(english), what=what, key=f"{name}_en")


# --- chapters --------------------------------------------------------------------------------

def check_chapters(doc: Document, checker: Checker) -> None:
    """As many chapters as the format wants, their files numbered in order."""
    expected = doc.config.format.chapters
    found = len(doc.chapters)
    if expected and found != expected and found:
        checker.emit("chapter-count", "count", "chapters/", expected=expected, found=found)
    for position, part in enumerate(doc.chapters, 1):
        name = part.file.rsplit("/", 1)[-1]
        m = FILE_NUMBER.match(name)
        if m is None:
            checker.emit("chapter-order", "unnumbered", part.file, name=name)
        elif int(m.group(1)) != position:
            checker.emit("chapter-order", "order", part.file, name=name, position=position,
                         number=int(m.group(1)))


# --- headings ---------------------------------------------------------------------------------

def _column(part: Part, line: int, text: str) -> int | None:
    lines = part.source.split("\n")
    if 0 < line <= len(lines):
        at = lines[line - 1].find(text)
        if at >= 0:
            return at + 1
    return None


def check_headings(doc: Document, checker: Checker) -> None:
    """No hand-typed heading numbers; the required sections present in each chapter."""
    for part in doc.parts:
        for block in part.blocks:
            if block["t"] != "Header":
                continue
            text = stringify(block["c"][2]).strip()
            m = MANUAL_NUMBER.match(text)
            if m:
                line = block.get("_line", 1)
                number = m.group(0).strip()
                rest = text[m.end():].strip() or "…"
                checker.emit("manual-numbering", "heading", part.file, line,
                             _column(part, line, number), number=number,
                             hashes="#" * block["c"][0], rest=rest)
    required = doc.config.format.required_sections or {}
    for part in doc.chapters:
        wanted = required.get(str(part.number)) or []
        if not wanted:
            continue
        have = {_normal(stringify(b["c"][2])) for b in part.blocks
                if b["t"] == "Header" and b["c"][0] > 1}
        for names in wanted:
            if not names or any(_normal(n) in have for n in names):
                continue
            others = names[1:]
            synonyms = f" (or: {', '.join(others)})" if others else ""
            checker.emit("required-section", "missing", part.file, _title_line(part),
                         chapter=chapter_label(doc, part.number or 0), name=names[0],
                         synonyms=synonyms)


def _normal(title: str) -> str:
    """A heading's words for matching: no hand numbering, case, spacing or final stop."""
    title = MANUAL_NUMBER.sub("", title)
    return " ".join(title.lower().replace("\u00a0", " ").split()).rstrip(".:")


# --- captions -----------------------------------------------------------------------------------

def check_captions(doc: Document, checker: Checker) -> None:
    """Figures and tables with a caption; an image alone in a paragraph counts as a figure."""
    for part in doc.parts:
        for block in part.blocks:
            line = block.get("_line", 1)
            t = block["t"]
            if t == "Figure" and not is_table_figure(block) and not stringify(block["c"][1][1]):
                checker.emit("caption-missing", "figure", part.file, line)
            elif t == "Table" and not stringify(block["c"][1][1]):
                checker.emit("caption-missing", "table", part.file, line)
            elif t == "Figure" and is_table_figure(block):
                inner = block["c"][2][0]
                if not stringify(block["c"][1][1]) and not stringify(inner["c"][1][1]):
                    checker.emit("caption-missing", "table", part.file, line)
            elif (t == "Para" and len(block["c"]) == 1 and block["c"][0]["t"] == "Image"
                  and not stringify(block["c"][0]["c"][1])):
                checker.emit("caption-missing", "figure", part.file, line)


# --- footnotes ----------------------------------------------------------------------------------

def check_latin_notes(doc: Document, checker: Checker) -> None:
    """Footnotes typed as Ibid. / op. cit. / loc. cit. (not running text or notes that discuss
    the words: a thesis may, as the sample's BAB I and II do)."""
    for part in doc.parts:
        lines = part.source.split("\n")
        for block in part.blocks:
            for note, _ in find(block, {"Note"}):
                found = [m for seg in _note_text(note).split(";") if (m := HAND_NOTE.match(seg))]
                if not found:
                    continue
                word = found[0].group(1) or found[0].group(2)
                pos = note.get("_pos") or [block.get("_line", 1), 1]
                line, col = _find(lines, LATIN_NOTE, pos[0], pos[1]) or (pos[0], pos[1])
                checker.emit("manual-ibid", "note", part.file, line, col, word=word)


def _note_text(note: dict[str, Any]) -> str:
    parts: list[str] = []

    def visit(el: dict[str, Any]) -> None:
        if el["t"] == "Str":
            parts.append(el["c"])
        elif el["t"] in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif el["t"] in ("Code", "Cite"):
            parts.append(" ")  # quoted code and @keys are not typed note text

    walk(note["c"], visit, skip={"Code", "CodeBlock", "Cite", "Note"})
    return "".join(parts)


def _find(lines: list[str], pattern: re.Pattern[str], line: int, col: int
          ) -> tuple[int, int] | None:
    """The first match at or after (line, col) in the source; else anywhere."""
    for n in range(max(line, 1), len(lines) + 1):
        start = col - 1 if n == line else 0
        m = pattern.search(lines[n - 1], max(start, 0))
        if m:
            return n, m.start() + 1
    for n, text in enumerate(lines, 1):
        m = pattern.search(text)
        if m:
            return n, m.start() + 1
    return None


# --- abstracts and keywords ----------------------------------------------------------------------

ABSTRACTS = (("abstrak", "Abstrak", "keywords"), ("abstract", "Abstract", "keywords_en"))


def check_abstracts(doc: Document, checker: Checker, where: dict[str, tuple[int, int]]) -> None:
    """Word counts of front/abstrak.md and front/abstract.md; keyword counts in thesis.yaml
    (``where``: the positions of its keys, :func:`~naskah.config.yaml_positions`)."""
    fmt = doc.config.format
    low, high = (list(fmt.abstract_words) + [0, 0])[:2]
    klow, khigh = (list(fmt.keyword_count) + [0, 0])[:2]
    for name, which, key in ABSTRACTS:
        part = doc.front.get(name)
        if part is None:
            continue
        body = [b for b in part.blocks if b["t"] != "Header"]
        words = len(WORD.findall(stringify(body)))
        if not low <= words <= high:
            line = body[0].get("_line", 1) if body else 1
            checker.emit("abstract-length", "length", part.file, line, which=which,
                         words=words, low=low, high=high)
        listed = list(getattr(doc.config, key) or [])
        if not klow <= len(listed) <= khigh:
            line, col = where.get(key, (None, None))
            checker.emit("keyword-count", "count", "thesis.yaml", line, col, key=key,
                         count=len(listed), low=klow, high=khigh)
        if fmt.keyword_order == "alphabetical":
            check_keyword_order(key, listed, checker, where)


def check_keyword_order(key: str, words: list[str], checker: Checker,
                        where: dict[str, tuple[int, int]]) -> None:
    """The first keyword that sorts before the one above it, located at that keyword in
    thesis.yaml (IPB's PPKI: keywords in alphabetical order)."""
    order = [w.casefold() for w in words]
    for i in range(1, len(words)):
        if order[i] < order[i - 1]:
            line, col = where.get(f"{key}[{i}]", where.get(key, (None, None)))
            checker.emit("keyword-order", "order", "thesis.yaml", line, col, key=key,
                         word=words[i], previous=words[i - 1],
                         wanted=", ".join(sorted(words, key=str.casefold)))
            return


