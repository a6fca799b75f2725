"""The decision pass: which form each citation takes (NOTES.md, "Which form each citation takes").

Input: the notes of one *scope* in order, each note being the list of its citations (a note may
have none: a hand-written footnote). A citation is *first* when its source has not been cited
before in the scope. Otherwise:

===========================  =========  ====================  ==========
case                         chicago    classic               short
===========================  =========  ====================  ==========
previous note cites only     ``Ibid.``  ``Ibid.``             short
this source, this note too   (+ page    (+ ``, hlm. page``
                             if other)  if other)
any other case               short      op. cit. / loc. cit.  short
===========================  =========  ====================  ==========

- The previous note is the nearest earlier note of the scope, with or without citations; a
  note citing two or more sources, or none, never leads to *Ibid.*
- No *Ibid.* when the previous citation had a locator and this one has none.
- classic: *loc. cit.* when this citation has a locator equal to this source's previous one,
  else *op. cit.*; when the first author has two or more works cited in the document
  (``ambiguous``), the short note instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from .cite import Cit, Locator


def decide(notes: Iterable[Sequence[Cit]], style: str = "chicago",
           ambiguous: frozenset[str] | set[str] = frozenset()) -> None:
    """Set ``form`` and ``show_locator`` of every known citation of one scope, in place."""
    previous: dict[str, Locator | None] = {}
    """Locator of each source's latest citation in this scope."""
    prev_keys: set[str] = set()
    for note in notes:
        known = [c for c in note if c.known]
        keys = {c.key for c in known}
        for cit in known:
            cit.form, cit.show_locator = _form(cit, keys, prev_keys, previous, style, ambiguous)
            previous[cit.key] = cit.locator
        prev_keys = keys


def _form(cit: Cit, keys: set[str], prev_keys: set[str],
          previous: dict[str, Locator | None], style: str,
          ambiguous: frozenset[str] | set[str]) -> tuple[str, bool]:
    if cit.key not in previous:
        return "first", True
    before = previous[cit.key]
    if style != "short" and prev_keys == {cit.key} and keys == {cit.key}:
        if not (before is not None and cit.locator is None):
            return "ibid", cit.locator != before
    if style == "classic" and cit.key not in ambiguous:
        if cit.locator is not None and cit.locator == before:
            return "loc-cit", False
        return "op-cit", True
    return "short", True


def ambiguous_keys(keys_by_author: Iterable[tuple[str, str]]) -> frozenset[str]:
    """Keys whose first author (``(key, author)`` pairs; empty author: none) has 2+ works."""
    works: dict[str, set[str]] = defaultdict(set)
    for key, author in keys_by_author:
        if author:
            works[author].add(key)
    return frozenset(k for keys in works.values() if len(keys) > 1 for k in keys)
