"""Short titles for short notes, as CMOS 14.30 reads them (how short titles are made).

The short title is the key words of the main title: the subtitle (after a colon) dropped, an
initial *A*/*An*/*The* dropped, a title of four words or fewer kept whole. A longer one is cut at
the phrase boundary nearest to four words — after a word followed by a function word, a comma or
a bracket — so it never ends on a function word (``dan``, ``of``: lists in
``naskah/data/terms/function-words.yaml``) and never cuts inside brackets or quotation marks.
Two works of one author that would share a short title are lengthened word by word, then to the
whole title, until they differ. A ``shorttitle`` field wins over all of this; only when two works
of one author carry the same ``shorttitle`` (Zotero fills it in) are they lengthened too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

import yaml

from .bibtex import Library, Source
from .latex import ITALIC_OFF, ITALIC_ON, plain

_ORDER = (4, 3, 5, 6, 2, 7)
"""Cut lengths tried, nearest to CMOS's "four words or fewer" first."""


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    text = resources.files("naskah.data.terms").joinpath("function-words.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    function = frozenset(str(w).lower() for ws in data["function_words"].values() for w in ws)
    return frozenset(str(a).lower() for a in data["initial_articles"]), function


@cache
def _bare(word: str) -> str:
    """A word as the function-word lists hold it; an acronym (``OR``, ``IT``) is none."""
    bare = re.sub(r"^[\W_]+|[\W_]+$", "", plain(word))
    return "" if len(bare) > 1 and bare.isupper() else bare.lower()


def is_function_word(word: str) -> bool:
    return _bare(word) in _words()[1]


def _opens(text: str) -> bool:
    """Whether ``text`` leaves a bracket or quotation open."""
    text = plain(text)
    if text.count("(") > text.count(")") or text.count("[") > text.count("]"):
        return True
    if text.count("“") > text.count("”"):
        return True
    apostrophes = len(re.findall(r"(?<=[A-Za-z])’(?=[A-Za-z])", text))
    singles = text.count("‘") - (text.count("’") - apostrophes)
    return singles > 0 or text.count('"') % 2 == 1


def main_title(title: str) -> str:
    """The title before its subtitle (the first colon outside brackets and quotes)."""
    for m in re.finditer(r"[:.?!]\s|\s[–—]\s", title):
        head = title[:m.start() + (1 if m.group()[0] in "?!" else 0)]
        if m.group()[0] == "." and len(plain(head).split(" ")[-1]) <= 4:
            continue  # an abbreviation (``Art. 963``, ``Vol. 2``), not the end of the title
        if not _opens(head) and head.strip():
            return head.strip()
    return title.strip()


def candidates(title: str) -> list[str]:
    """Short titles of ``title``, shortest first (later ones tell more works apart)."""
    return list(_candidates(title))


@cache
def _candidates(title: str) -> tuple[str, ...]:
    articles, function = _words()
    head = main_title(title)
    words = head.split()
    if len(words) > 1 and _bare(words[0]) in articles:
        words = words[1:]
    if len(words) <= 4:
        out = [" ".join(words)]
    else:
        def good(n: int) -> bool:
            if _bare(words[n - 1]) in function or _opens(" ".join(words[:n])):
                return False
            if n == len(words) or plain(words[n - 1])[-1:] in ",;":
                return True
            nxt = plain(words[n])
            return _bare(nxt) in function or nxt[:1] in "([“‘–—"

        cuts = [n for n in _ORDER if n <= len(words) and good(n)]
        longer = [n for n in range(4, len(words) + 1) if good(n) or n == len(words)]
        first = cuts[0] if cuts else longer[0]
        out = [" ".join(words[:n]) for n in [first, *(n for n in longer if n > first)]]
    out.append(title.strip())
    return tuple(_tidy(c) for c in dict.fromkeys(out) if c)


def _tidy(text: str) -> str:
    text = text.rstrip(" ,;:–—-")
    opened = text.count(ITALIC_ON) - text.count(ITALIC_OFF)
    return text + ITALIC_OFF * max(0, opened)


def short_title(title: str) -> str:
    """The CMOS short title of one title (without telling works apart)."""
    found = candidates(title)
    return found[0] if found else ""


class ShortTitles:
    """Short titles of a library, unique among each author's works (computed per author)."""

    def __init__(self, lib: Library, author_of: Callable[[Source], str]) -> None:
        self.lib = lib
        self.author_of = author_of
        self._groups: dict[str, list[Source]] | None = None
        self._chosen: dict[str, str] = {}

    def get(self, src: Source) -> str:
        if src.key not in self._chosen:
            if self._groups is None:
                self._groups = {}
                for other in self.lib.entries.values():
                    self._groups.setdefault(self.author_of(other), []).append(other)
            group = self._groups.get(self.author_of(src), [src])
            self._chosen.update(_unique(group))
        return self._chosen.get(src.key, src.get("shorttitle") or short_title(src.get("title")))


def _unique(group: list[Source]) -> dict[str, str]:
    """Each work's shortest candidate that no other work of the group also prints (a
    ``shorttitle`` is the first candidate, lengthened only when two works share it)."""
    options: dict[str, list[str]] = {}
    for s in group:
        found = candidates(s.get("title")) or [""]
        given = s.get("shorttitle")
        if given:
            found = [given] + [c for c in found if len(plain(c)) > len(plain(given))]
        options[s.key] = found
    level = dict.fromkeys(options, 0)
    titles = {s.key: plain(s.get("title")).casefold() for s in group}
    chosen: dict[str, str] = {}
    for _ in range(12):
        chosen = {k: opts[min(level[k], len(opts) - 1)] for k, opts in options.items()}
        seen: dict[str, list[str]] = {}
        for k, short in chosen.items():
            seen.setdefault(plain(short).casefold(), []).append(k)
        clash = False
        for keys in seen.values():
            if len({titles[k] for k in keys}) > 1:
                for k in keys:
                    if level[k] < len(options[k]) - 1:
                        level[k] += 1
                        clash = True
        if not clash:
            break
    return chosen
