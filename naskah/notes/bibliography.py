"""The Daftar Pustaka: every cited source once plus ``nocite``, sorted, optionally grouped.

Sorted by the first word printed (family name, corporate name or title), ignoring quotation
marks, accents and case. With ``bibliography.group_by_type`` the entries go under the group
names of the terms file, in this order: Buku (book, incollection), Artikel Jurnal (article;
a newspaper article without URL), Laporan dan Dokumen (report, misc), Peraturan
(legislation), Skripsi dan Tesis (thesis), Wawancara (interview), Situs Web (online; a
newspaper article with a URL). Empty groups are left out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..diagnostics import Report
from ..pandoc_ast import stringify
from .bibtex import Library, Source
from .format import Formatter
from .model import BibGroup

GROUP_OF = {"book": "book", "incollection": "book", "article": "article", "report": "report",
            "misc": "report", "legislation": "legislation", "thesis": "thesis",
            "interview": "interview", "online": "online"}


def build_bibliography(lib: Library, fmt: Formatter, cited: Iterable[str], nocite: list[str],
                       group_by_type: bool, report: Report) -> list[BibGroup]:
    """The groups of the Daftar Pustaka (one untitled group when not grouped)."""
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
    rows = []
    for key in dict.fromkeys(keys):
        src = lib[key]
        inlines = fmt.bib(src).close().inlines()
        text = stringify(inlines)
        rows.append((sort_key(text), text, group_of(src), inlines))
    rows.sort(key=lambda r: (r[0], r[1]))
    if not group_by_type:
        return [BibGroup(None, [r[3] for r in rows])] if rows else []
    names = fmt.terms["groups"]
    return [BibGroup(names[g], [r[3] for r in rows if r[2] == g])
            for g in names if any(r[2] == g for r in rows)]


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
