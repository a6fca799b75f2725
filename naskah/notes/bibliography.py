"""The Daftar Pustaka: every cited source once plus ``nocite``, sorted, optionally grouped.

Sorted as CMOS 14.68 says (:func:`entry_key`), ignoring quotation marks, accents and case.
With ``bibliography.group_by_type`` the entries go under the group names of the terms file,
in this order: Buku (book, incollection), Artikel Jurnal (article; a newspaper article
without URL), Laporan dan Dokumen (report, misc), Peraturan (legislation), Skripsi dan Tesis
(thesis), Wawancara (interview), Situs Web (online; a newspaper article with a URL). Empty
groups are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..diagnostics import Report
from .bibtex import Library, Name, Source, plain
from .format import Formatter
from .model import BibGroup

GROUP_OF = {"book": "book", "incollection": "book", "article": "article", "report": "report",
            "misc": "report", "legislation": "legislation", "thesis": "thesis",
            "interview": "interview", "online": "online"}


def build_bibliography(lib: Library, fmt: Formatter, cited: Iterable[str], nocite: list[str],
                       group_by_type: bool, report: Report,
                       repeat_dash: bool = False) -> list[BibGroup]:
    """The groups of the Daftar Pustaka (one untitled group when not grouped), in CMOS order;
    with ``repeat_dash`` a name list repeated from the entry before prints as ``———``."""
    keys = [k for k in dict.fromkeys(cited) if k in lib]
    if "*" in nocite:
        keys += list(lib.entries)
    for key in nocite:
        if key == "*":
            continue
        if key in lib:
            keys.append(key)
        else:
            report.error(f"unknown citation key '{key}' in nocite", "thesis.yaml",
                         rule="unknown-citation")
    sources = sorted((lib[k] for k in dict.fromkeys(keys)), key=entry_key)
    names = fmt.terms["groups"]
    groups = [None] if not group_by_type else [g for g in names
                                                if any(group_of(s) == g for s in sources)]
    out = []
    for g in groups:
        rows: list[list[dict[str, Any]]] = []
        lines: list[int] = []
        previous: tuple[str, ...] | None = None
        for src in sources:
            if g is not None and group_of(src) != g:
                continue
            who = _who(src)
            rows.append(fmt.bib(src, repeated=repeat_dash and bool(who) and who == previous)
                        .close().inlines())
            lines.append(src.line)
            previous = who
        if rows:
            out.append(BibGroup(names[g] if g else None, rows, lines))
    return out


def _who(src: Source) -> tuple[str, ...]:
    """The names an entry starts with, as printed (for the 3-em dash)."""
    names = src.authors or src.editors
    return tuple(n.natural() for n in names) + (("eds",) if not src.authors else ())


def entry_key(src: Source) -> tuple[Any, ...]:
    """CMOS 14.68–69 order: by the first name (family name, particle after the given name as
    CMOS 8.5 sorts it; a corporate name or, without one, the title); a single author's works
    before the works that author wrote with others, these by the co-authors' names; then by
    title (an initial A/An/The ignored) and year."""
    names = [n for n in (src.authors or src.editors) if not n.others]
    title = _title_key(src.get("title"))
    if not names:
        return (title, 0, (), title, src.date.year or 0, src.key)
    first = names[0]
    rest = tuple(_name_key(n) for n in names[1:])
    return (_name_key(first), 1 if rest or names != (src.authors or src.editors) else 0,
            rest, title, src.date.year or 0, src.key)


def _name_key(name: Name) -> str:
    if name.corporate:
        return sort_key(plain(name.family))
    family = name.surname if name.useprefix else name.family
    return sort_key(plain(f"{family} {name.given}"))


def _title_key(title: str) -> str:
    key = sort_key(plain(title))
    return re.sub(r"^(?:the|an|a) ", "", key)


def group_of(src: Source) -> str:
    if src.kind == "newspaper":
        return "online" if src.get("url") else "article"
    return GROUP_OF.get(src.kind, "report")


def sort_key(text: str) -> str:
    """Sort text: word by word, punctuation and accents dropped, case folded.

    Punctuation would otherwise decide between a title and a longer one it begins
    (“Judul.” before “Judul Bab.”, as a reader looks them up).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", plain))
