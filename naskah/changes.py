"""What changed between two drafts, as one Document whose changed words are tracked changes.

``docx --since REV`` builds the old and the current thesis with :func:`naskah.build.prepare`
(so both went through cross-referencing and the notes engine: a note that became *Ibid.* is a
change like any other) and merges them here, word by word, over the Pandoc ASTs. What counts
as "the same" (fingerprints, tokens, pairing) is decided in :mod:`naskah.astdiff`; this module
builds the result:

- the top-level blocks of each part (parts matched by file) are aligned over fingerprints; in a
  run of replaced blocks, edits of one another are paired (:func:`naskah.astdiff.pairs`) and
  diffed inside, the rest are deleted or inserted whole;
- inline lists are aligned token by token (words, punctuation, spaces, containers by kind); a
  container whose content differs is diffed inside, so a footnote changes word by word;
- inserted tokens are wrapped in a ``Span`` of class ``insertion``, deleted ones (taken from
  the old AST) in class ``deletion``, with ``author`` and ``date``: Pandoc's DOCX writer turns
  these into ``w:ins`` / ``w:del``. A block inserted or deleted whole also gets an empty
  marker Span (a bookmark named ``nkschgins…`` / ``nkschgdel…`` after Pandoc) so that
  :mod:`naskah.writers.docx_changes` can track its paragraph mark too: accepting a deleted
  paragraph then removes it rather than leaving it empty;
- the Daftar Pustaka is diffed entry by entry within groups of the same title;
- the footnote list the DOCX source map reads (``doc.footnotes``) is rebuilt in the merged
  order, a deleted note placed at the current line of its paragraph.

The merged Document is the current one with its blocks, footnote list and bibliography
replaced; everything else (numbers, lists of contents, front matter pages) is the current
version's.
"""

from __future__ import annotations

import copy
import dataclasses
from difflib import SequenceMatcher
from typing import Any

from .astdiff import (
    PLAIN_CONTAINERS,
    block_kind,
    fingerprint,
    join_words,
    pairs,
    readable,
    shape,
    split_words,
    table_cells,
    table_rows,
    words_of,
)
from .document import Document, Part
from .pandoc_ast import Block, Div, Inline, Para, Span, elements, walk

MARK_PREFIX = "nkschg"
INS, DEL = "insertion", "deletion"
SIMILAR = 0.3
"""Paired paragraphs sharing fewer words than this are shown as deleted and inserted whole…"""
LONG = 8
"""… when both have at least this many words (short ones are diffed word by word)."""


class Differ:
    """Merges an old and a new AST into one with tracked-change Spans."""

    def __init__(self, author: str, date: str):
        self.attrs = [["author", author], ["date", date]]
        self.serial = 0

    # --- marking whole runs ---------------------------------------------------------------

    def span(self, kind: str, inlines: list[Inline]) -> Inline:
        """``inlines`` as one tracked change; footnotes inside are marked whole as well."""
        def visit(el: dict[str, Any]) -> None:
            if el["t"] == "Note":
                el["c"] = self.mark_blocks(el["c"], kind)

        for el in inlines:
            walk(el, visit)
        return Span(join_words(inlines), classes=[kind], attrs=[list(a) for a in self.attrs])

    def end(self, kind: str) -> Inline:
        """The marker that makes the paragraph mark of a whole block a tracked change too."""
        self.serial += 1
        return Span([], ident=f"{MARK_PREFIX}{kind[:3]}{self.serial}")

    def mark_inlines(self, inlines: list[Inline], kind: str) -> list[Inline]:
        """A whole paragraph's inlines, and its paragraph mark, as one change."""
        return ([self.span(kind, inlines)] if inlines else []) + [self.end(kind)]

    def mark_blocks(self, blocks: list[Block], kind: str) -> list[Block]:
        return [out for b in blocks for out in self.mark_block(b, kind)]

    def mark_block(self, block: Block, kind: str) -> list[Block]:
        """A block inserted or deleted whole (its nested paragraphs, captions and cells)."""
        t, c = block.get("t"), block["c"] if "c" in block else []
        if t in ("Para", "Plain"):
            block["c"] = self.mark_inlines(c, kind)
        elif t == "Header":
            c[2] = self.mark_inlines(c[2], kind)
        elif t == "LineBlock":
            block["c"] = [[self.span(kind, line)] for line in c]
        elif t in ("Div", "Figure"):
            c[-1] = self.mark_blocks(c[-1], kind)
            if t == "Figure":
                c[1][1] = self.mark_blocks(c[1][1], kind)
        elif t == "BlockQuote":
            block["c"] = self.mark_blocks(c, kind)
        elif t in ("BulletList", "OrderedList"):
            items = c if t == "BulletList" else c[1]
            items[:] = [self.mark_blocks(item, kind) for item in items]
        elif t == "DefinitionList":
            block["c"] = [[[self.span(kind, term)], [self.mark_blocks(d, kind) for d in defs]]
                          for term, defs in c]
        elif t == "Table":
            c[1][1] = self.mark_blocks(c[1][1], kind)
            for cell in table_cells(block):
                cell[4] = self.mark_blocks(cell[4], kind)
        elif t == "CodeBlock":
            lines = c[1].split("\n")
            return [Div([Para(self.mark_inlines([{"t": "Code", "c": [["", [], []], line]}],
                                                kind)) for line in lines],
                        attrs=[["custom-style", "Source Code"]])]
        else:  # RawBlock, HorizontalRule: no words; a deleted one is left out
            return [] if kind == DEL else [block]
        return [block]

    # --- inline diff ----------------------------------------------------------------------

    def inlines(self, old: list[Inline], new: list[Inline]) -> list[Inline]:
        """The merged inline list: unchanged tokens from ``new``, changes as tracked Spans."""
        old, new = split_words(old), split_words(new)
        matcher = SequenceMatcher(None, [shape(x) for x in old], [shape(x) for x in new],
                                  autojunk=False)
        out: list[Inline] = []
        for tag, i1, i2, j1, j2 in readable(matcher.get_opcodes(), new):
            if tag == "equal":
                for a, b in zip(old[i1:i2], new[j1:j2], strict=True):
                    out.extend(self._same_shape(a, b))
                continue
            if i2 > i1:
                out.append(self.span(DEL, old[i1:i2]))
            if j2 > j1:
                out.append(self.span(INS, new[j1:j2]))
        return join_words(out)

    def _same_shape(self, a: Inline, b: Inline) -> list[Inline]:
        """Two aligned tokens: equal, or containers of one kind whose content is diffed."""
        t = b["t"]
        if t in ("Space", "SoftBreak", "Str") or fingerprint(a) == fingerprint(b):
            return [b]
        if t == "Note":
            b["c"] = self.blocks(a["c"], b["c"])
        elif t in PLAIN_CONTAINERS:
            b["c"] = self.inlines(a["c"], b["c"])
        elif t in ("Quoted", "Span", "Link"):
            b["c"][1] = self.inlines(a["c"][1], b["c"][1])
        else:
            return [self.span(DEL, [a]), self.span(INS, [b])]
        return [b]

    # --- block diff -----------------------------------------------------------------------

    def blocks(self, old: list[Block], new: list[Block]) -> list[Block]:
        """The merged block list: aligned by fingerprint, replaced runs paired by kind."""
        matcher = SequenceMatcher(None, [fingerprint(b) for b in old],
                                  [fingerprint(b) for b in new], autojunk=False)
        out: list[Block] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out += new[j1:j2]
            else:
                out += self._replace(old[i1:i2], new[j1:j2])
        return out

    def _replace(self, old: list[Block], new: list[Block]) -> list[Block]:
        out: list[Block] = []
        for i, j in pairs(old, new, block_kind):
            if i is not None and j is not None:
                out += self.pair(old[i], new[j])
            elif i is not None:
                out += [gone(x) for x in self.mark_block(old[i], DEL)]
            elif j is not None:
                out += self.mark_block(new[j], INS)
        return out

    def pair(self, a: Block, b: Block) -> list[Block]:
        """Two blocks of one kind: diffed inside, or deleted and inserted whole."""
        t, ca, cb = b["t"], a["c"], b["c"]
        if fingerprint(a) == fingerprint(b):
            return [b]
        if t in ("Para", "Plain", "Header", "LineBlock"):
            wa, wb = words_of(a), words_of(b)
            if (min(len(wa), len(wb)) >= LONG
                    and SequenceMatcher(None, wa, wb, autojunk=False).ratio() < SIMILAR):
                return self._whole(a, b)
        if t in ("Para", "Plain"):
            b["c"] = self.inlines(ca, cb)
        elif t == "Header":
            cb[2] = self.inlines(ca[2], cb[2])
        elif t == "Div":
            cb[1] = self.blocks(ca[1], cb[1])
        elif t == "BlockQuote":
            b["c"] = self.blocks(ca, cb)
        elif t in ("BulletList", "OrderedList"):
            items = cb if t == "BulletList" else cb[1]
            items[:] = self.items(ca if t == "BulletList" else ca[1], items)
        elif t == "Figure":
            cb[1][1] = self.blocks(ca[1][1], cb[1][1])
            cb[2] = self.blocks(ca[2], cb[2])
        elif t == "Table" and [len(r) for r in table_rows(a)] == [len(r) for r in table_rows(b)]:
            cb[1][1] = self.blocks(ca[1][1], cb[1][1])
            for x, y in zip(table_cells(a), table_cells(b), strict=True):
                y[4] = self.blocks(x[4], y[4])
        elif t == "LineBlock" and len(ca) == len(cb):
            b["c"] = [self.inlines(x, y) for x, y in zip(ca, cb, strict=True)]
        else:
            return self._whole(a, b)
        return [b]

    def _whole(self, a: Block, b: Block) -> list[Block]:
        return [gone(x) for x in self.mark_block(a, DEL)] + self.mark_block(b, INS)

    def items(self, old: list[list[Block]], new: list[list[Block]]) -> list[list[Block]]:
        """List items (and bibliography entries): aligned and paired like blocks."""
        matcher = SequenceMatcher(None, [fingerprint(i) for i in old],
                                  [fingerprint(i) for i in new], autojunk=False)
        out: list[list[Block]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            olds, news = old[i1:i2], new[j1:j2]
            if tag == "equal":
                out += news
                continue
            for i, j in pairs(olds, news, lambda _: ""):
                if i is not None and j is not None:
                    out.append(self.blocks(olds[i], news[j]))
                elif i is not None:
                    out.append(self.mark_blocks(olds[i], DEL))
                elif j is not None:
                    out.append(self.mark_blocks(news[j], INS))
        return out


def gone(block: Block) -> Block:
    """Flag a deleted top-level block: its line is an old one (see :func:`_settle_lines`)."""
    block["_gone"] = True
    return block


# --- the document -------------------------------------------------------------------------

def _tag_notes(doc: Document, tag: str) -> None:
    """Number each Note in reading order (``_fn``), to find its FootnoteInfo after merging."""
    notes = (note for part in doc.parts for note in elements(part.blocks, {"Note"}))
    for count, note in enumerate(notes):
        note["_fn"] = [tag, count]


def _footnotes(merged: Document, old: Document, new: Document) -> list[Any]:
    """The merged footnote list in reading order; a deleted note takes its block's new line."""
    out: list[Any] = []
    for part in merged.parts:
        for block in part.blocks:
            for note in _notes(block):
                tag, index = note.pop("_fn", ["", -1])
                source = old.footnotes if tag == "old" else new.footnotes
                info = source[index] if 0 <= index < len(source) else None
                if tag == "old" and info is not None:
                    info = dataclasses.replace(info, file=part.file,
                                               line=block.get("_line") or info.line)
                out.append(info)
    return out


def _notes(block: Block) -> list[dict[str, Any]]:
    return list(elements(block, {"Note"}))


def _settle_lines(blocks: list[Block]) -> None:
    """Deleted blocks take the current line of the next (else previous) surviving block."""
    lines = [None if b.get("_gone") else b.get("_line") for b in blocks]
    for i, b in enumerate(blocks):
        if b.pop("_gone", None):
            after = next((n for n in lines[i:] if n), None)
            before = next((n for n in reversed(lines[:i]) if n), None)
            b["_line"] = after or before or 1


def merge(old: Document, new: Document, author: str, date: str) -> Document:
    """The current Document with every change since ``old`` as tracked-change Spans.

    Both Documents are consumed (their ASTs are reused in the result).
    """
    differ = Differ(author, date)
    _tag_notes(old, "old")
    _tag_notes(new, "new")
    merged = copy.copy(new)
    parts: dict[str, Part] = {}
    for part in new.parts:
        parts[part.file] = dataclasses.replace(part, blocks=list(part.blocks))
    old_files = {p.file for p in old.parts}
    orphans: dict[str | None, list[Block]] = {}
    host: str | None = None
    for part in old.parts:
        if part.file in parts:
            host = part.file
            mine = parts[part.file]
            mine.blocks = differ.blocks(part.blocks, mine.blocks)
        else:  # a file that is gone: its text, deleted, follows the part before it
            for b in part.blocks:
                if b["t"] == "Header" and b["c"][0] == 1:
                    b.update(Para(b["c"][2]))
            orphans.setdefault(host, []).extend(
                gone(x) for b in part.blocks for x in differ.mark_block(b, DEL))
    for file, part in parts.items():
        if file not in old_files:
            part.blocks = differ.mark_blocks(part.blocks, INS)
    for host, blocks in orphans.items():
        target = parts[host] if host is not None else (next(iter(parts.values()), None))
        if target is not None:
            target.blocks = (target.blocks + blocks if host is not None
                             else blocks + target.blocks)
    for part in parts.values():
        _settle_lines(part.blocks)
    merged.front = {k: parts[p.file] for k, p in new.front.items()}
    merged.chapters = [parts[p.file] for p in new.chapters]
    merged.appendices = [parts[p.file] for p in new.appendices]
    merged.footnotes = _footnotes(merged, old, new)
    merged.bibliography = _bibliography(differ, old.bibliography, new.bibliography)
    return merged


def _bibliography(differ: Differ, old: list[Any], new: list[Any]) -> list[Any]:
    """The Daftar Pustaka entry by entry, groups matched by title.

    A group that is gone keeps its deleted entries under no heading (a heading is a plain
    string to the writers, which cannot carry a tracked change).
    """
    olds = {g.title: g for g in old}
    out = []
    for group in new:
        before = olds.pop(group.title, None)
        entries = [[Para(e)] for e in group.entries]
        merged = (differ.items([[Para(e)] for e in before.entries], entries)
                  if before is not None else [differ.mark_blocks(e, INS) for e in entries])
        out.append(dataclasses.replace(group, entries=[b["c"] for item in merged for b in item],
                                       lines=[]))  # old and new entries: .bib lines unknown
    for group in olds.values():
        out.append(dataclasses.replace(group, title=None, lines=[], entries=[
            differ.mark_inlines(e, DEL) for e in group.entries]))
    return out
