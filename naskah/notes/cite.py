"""One citation as the writer wrote it: key, prefix, locator, suffix, where (NOTES.md).

The locator is read from the start of Pandoc's citation suffix (``[@key, 45, tabel 2]`` has the
suffix ``, 45, tabel 2``):

- a leading number, range or list (``45``, ``45-47``, ``45–47``, ``45, 47``, ``xii``) is the
  page; a leading ``hlm.``, ``hal.``, ``h.``, ``p.`` or ``pp.`` is dropped and the page kept;
  ranges print with an en dash. What follows (``, tabel 2``) stays a suffix, printed after it.
- any other text after the comma (``Pasal 5``, ``bab 3``) is a locator kept as written.
- a suffix without a leading comma is no locator, only text (except for ``@key [45]``, whose
  bracket holds nothing but the locator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..pandoc_ast import Inline, Str, stringify, text_inlines

_ROMAN = r"(?=[ivx])x{0,3}(?:ix|iv|v?i{0,3})"
_NUM = rf"(?:[a-z]?\d+[a-z]?|{_ROMAN})"
_RANGE = rf"{_NUM}(?:\s*[-–—]+\s*{_NUM})?"
_LIST = rf"{_RANGE}(?:\s*,\s*\d+(?:\s*[-–—]+\s*\d+)?(?=$|[\s,;.:]))*"
_PAGE_WORD = r"(?:(?:hlm|hal|h|pp|p)\.\s*|(?:hlm|hal|pp)\s+)"
_PAGE = re.compile(rf"{_PAGE_WORD}?({_LIST})(?=$|[\s,;.:])", re.IGNORECASE)


@dataclass(frozen=True)
class Locator:
    """Where in the source: a page (range, list) or another locator kept as written."""

    text: str
    """As printed: ``45–47``, ``xii``, ``Pasal 5``."""
    page: bool


@dataclass
class Cit:
    """One citation of a source at one place, with the form the engine decided for it."""

    key: str
    mode: str = "NormalCitation"
    """Pandoc's citation mode: NormalCitation | AuthorInText | SuppressAuthor."""
    prefix: list[Inline] = field(default_factory=list)
    locator: Locator | None = None
    suffix: list[Inline] = field(default_factory=list)
    """The suffix after the locator (``, tabel 2``), printed after the formatted citation."""
    line: int | None = None
    column: int | None = None
    known: bool = True
    form: str = "first"
    """first | ibid | short | op-cit | loc-cit (the decision pass sets it)."""
    show_locator: bool = True
    """False for an *Ibid.* at the same page as the note before (which prints no page)."""


def from_pandoc(citation: dict[str, Any]) -> Cit:
    """A Pandoc citation object (inside a ``Cite``) → :class:`Cit`."""
    mode = citation.get("citationMode", {}).get("t", "NormalCitation")
    suffix = citation.get("citationSuffix", [])
    locator, rest = split_locator(suffix, bare=mode == "AuthorInText")
    pos = citation.get("_pos") or [None, None]
    return Cit(citation["citationId"], mode, citation.get("citationPrefix", []), locator, rest,
               pos[0], pos[1] if len(pos) > 1 else None)


def split_locator(suffix: list[Inline], bare: bool = False) -> tuple[Locator | None,
                                                                    list[Inline]]:
    """The locator at the start of a suffix and the rest of the suffix."""
    text = stringify(suffix)
    if not suffix or not text:
        return None, []
    raw = _raw_text(suffix)
    lead = re.match(r"\s*(,?)\s*", raw)
    assert lead is not None
    body = raw[lead.end():]
    if not body:
        return None, []
    m = _PAGE.match(body)
    if m:
        page = re.sub(r"\s*[-–—]+\s*", "–", m[1])
        page = re.sub(r"\s*,\s*", ", ", page)
        return Locator(page, True), _drop(suffix, lead.end() + m.end())
    if lead[1] or bare:
        return Locator(re.sub(r"\s+", " ", body).strip(), False), []
    return None, suffix


def parse_locator(text: str) -> Locator | None:
    """A locator written as plain text (``45-47``, ``hlm. 45``, ``Pasal 5``)."""
    loc, _ = split_locator(text_inlines(text), bare=True)
    return loc


def _raw_text(inlines: list[Inline]) -> str:
    """Text of a suffix with one character per character of its leading Str/Space run."""
    parts = []
    for el in inlines:
        if el["t"] == "Str":
            parts.append(el["c"])
        elif el["t"] in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        else:
            parts.append("\x00" + stringify(el))
            break
    return "".join(parts)


def _drop(inlines: list[Inline], n: int) -> list[Inline]:
    """``inlines`` without their first ``n`` characters (only Str/Space are ever cut)."""
    out = list(inlines)
    while n > 0 and out:
        el = out[0]
        if el["t"] == "Str":
            if len(el["c"]) <= n:
                n -= len(el["c"])
                out.pop(0)
            else:
                out[0] = Str(el["c"][n:])
                n = 0
        elif el["t"] in ("Space", "SoftBreak", "LineBreak"):
            n -= 1
            out.pop(0)
        else:
            break
    return out
