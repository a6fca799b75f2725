"""How two versions of a Pandoc AST line up: fingerprints, tokens and pairing, for the diff.

:mod:`naskah.changes` builds the tracked-change AST; the decisions about what counts as the
same are here, in small pure functions:

- a block's :func:`fingerprint` is its JSON without naskah's own keys (``_line``, ``_pos``,
  note tags), a soft line break counting as a space: a paragraph that moved down or was
  rewrapped is unchanged;
- an inline's :func:`shape` is what the aligner compares: a word by its text, a space as a
  space, a container by its kind (Emph, a Link to the same URL, a Span with the same
  attributes, a Note), so that two containers line up and their content is diffed inside;
- :func:`split` makes punctuation a token of its own, :func:`readable` folds short unchanged
  filler between two changes into them (one change "a b → x y", not a·x b·y);
- :func:`pairs` decides which replaced blocks are edits of one another.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any

from .pandoc_ast import Block, Inline, Str, elements, stringify

PLAIN_CONTAINERS = {"Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                    "SmallCaps"}
WORD_RE = re.compile(r"\w+|[^\w\s]+|\s+")
WORD_CHAR_RE = re.compile(r"\w")
PAIR_SIMILARITY = 0.5
"""Share of words an old block must have in common with a new one to be its edit."""


def fingerprint(value: Any) -> str:
    """The element as JSON without naskah's own keys (source positions, note tags)."""
    return json.dumps(clean(value), ensure_ascii=False, sort_keys=True)


def clean(value: Any) -> Any:
    """The element without naskah's keys; a soft line break as a space."""
    if isinstance(value, dict) and value.get("t") == "SoftBreak":
        return {"t": "Space"}  # a rewrapped line is no change
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def shape(el: Inline) -> str:
    """How the aligner sees an inline: words by text, containers by kind (content diffed later)."""
    t = el.get("t")
    if t == "Str":
        return "S" + el["c"]
    if t in ("Space", "SoftBreak"):
        return " "
    if t == "Note" or t in PLAIN_CONTAINERS:
        return t
    if t == "Quoted":
        return t + el["c"][0]["t"]
    if t == "Span":
        return t + fingerprint(el["c"][0])
    if t == "Link":
        return t + fingerprint(el["c"][2])
    return fingerprint(el)


def block_kind(block: Block) -> str:
    """Which blocks may be paired and diffed inside: same type (and level, attributes)."""
    t = block.get("t", "")
    if t == "Header":
        return f"Header{block['c'][0]}"
    if t == "Div":
        return t + fingerprint(block["c"][0][1:])
    if t == "OrderedList":
        return t + fingerprint(block["c"][0])
    return t


def words_of(value: Any) -> list[str]:
    """The words of an element, notes' words included (for the similarity of two blocks)."""
    words = stringify(value).split()
    notes = [el["c"] for el in elements(value, {"Note"})]
    return words + [w for n in notes for w in stringify(n).split()]


def pairs(old: list[Any], new: list[Any], kind: Callable[[Any], str]
          ) -> list[tuple[int | None, int | None]]:
    """Which of a run of replaced blocks are edits of one another, in document order.

    An old block pairs with the first later new block of its kind that shares at least half
    its words (a paragraph inserted before an edited one does not steal the edit); then, in
    each gap between pairs, blocks of one kind left over in equal numbers pair in order
    (short headings and paragraphs whose every word changed). The rest are deleted (old) or
    inserted (new) whole.
    """
    old_words, new_words = [words_of(x) for x in old], [words_of(x) for x in new]

    def alike(i: int, j: int) -> bool:
        if kind(old[i]) != kind(new[j]):
            return False
        m = SequenceMatcher(None, old_words[i], new_words[j], autojunk=False)
        return m.real_quick_ratio() >= PAIR_SIMILARITY and m.ratio() >= PAIR_SIMILARITY

    matched: list[tuple[int, int]] = []
    at = 0
    for i in range(len(old)):
        j = next((j for j in range(at, len(new)) if alike(i, j)), None)
        if j is not None:
            matched.append((i, j))
            at = j + 1
    out: list[tuple[int | None, int | None]] = []
    last_i = last_j = -1
    for i, j in [*matched, (len(old), len(new))]:
        olds, news = range(last_i + 1, i), range(last_j + 1, j)
        if len(olds) == len(news) and all(kind(old[x]) == kind(new[y])
                                          for x, y in zip(olds, news, strict=True)):
            out += list(zip(olds, news, strict=True))
        else:
            out += [(x, None) for x in olds] + [(None, y) for y in news]
        if i < len(old):
            out.append((i, j))
        last_i, last_j = i, j
    return out


def split_words(inlines: list[Inline]) -> list[Inline]:
    """Words and the punctuation around them as tokens of their own ("Kupang." → "Kupang", ".").

    Pandoc keeps punctuation in the word's Str; split, "Kupang." → "Kupang dan Ende." marks
    " dan Ende" only. :func:`join_words` glues neighbouring Strs back together afterwards.
    """
    out: list[Inline] = []
    for el in inlines:
        pieces = WORD_RE.findall(el["c"]) if el.get("t") == "Str" else []
        out.extend([Str(p) for p in pieces] if len(pieces) > 1 else [el])
    return out


def join_words(inlines: list[Inline]) -> list[Inline]:
    """Neighbouring Strs as one again (the AST of unchanged text stays as Pandoc made it)."""
    out: list[Inline] = []
    for el in inlines:
        if el.get("t") == "Str" and out and out[-1].get("t") == "Str":
            out[-1] = Str(out[-1]["c"] + el["c"])
        else:
            out.append(el)
    return out


def filler(tokens: list[Inline]) -> bool:
    """A short unchanged run of spaces and punctuation, not worth breaking a change for."""
    return len(tokens) <= 3 and all(
        shape(t) == " " or (t.get("t") == "Str" and not WORD_CHAR_RE.search(t["c"]))
        for t in tokens)


def readable(opcodes: Sequence[tuple[str, int, int, int, int]], new: list[Inline]
             ) -> list[tuple[str, int, int, int, int]]:
    """Fold short unchanged filler between two changes into them: "~~a b~~ x y", not a·x b·y."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        out.append(op)
        while (len(out) >= 3 and out[-1][0] != "equal" and out[-2][0] == "equal"
               and out[-3][0] != "equal" and filler(new[out[-2][3]:out[-2][4]])):
            y, _, x = out.pop(), out.pop(), out.pop()
            out.append(("replace", x[1], y[2], x[3], y[4]))
    return out


def table_rows(table: Block) -> list[list[Any]]:
    """Every row of a Pandoc table: head, bodies (their head rows, then rows), foot."""
    c = table["c"]
    rows = list(c[3][1])
    for body in c[4]:
        rows += body[2] + body[3]
    rows += c[5][1]
    return [row[1] for row in rows]


def table_cells(table: Block) -> list[list[Any]]:
    """Every cell (``[attr, align, rowspan, colspan, blocks]``), row by row."""
    return [cell for row in table_rows(table) for cell in row]
