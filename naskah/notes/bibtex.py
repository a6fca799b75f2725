"""references.bib → :class:`Library`: the sources the notes engine formats.

Read with pybtex's low-level parser (so every syntax error is collected with its line instead
of stopping at the first one) and normalised for the Zotero Better BibTeX and Mendeley exports:

- BibLaTeX and BibTeX field names both work: ``date``/``year``+``month``+``day``, ``urldate``,
  ``journaltitle``/``journal``, ``location``/``address``, ``institution``/``school``,
  ``organization``, ``entrysubtype``, ``shorttitle``, ``translator``, ``howpublished``.
- LaTeX accents (``{\\'e}``, ``\\"{o}``), ``--``/``---`` and protective braces are decoded;
  ``\\emph{…}``/``\\textit{…}`` become italics; ``url``/``doi`` are kept verbatim.
- A name written whole in braces (``{International Labour Organization}``) is a corporate
  author: printed as written, never inverted.
- Every entry gets a *kind* that picks its templates: book, article, newspaper, incollection,
  report, thesis, online, legislation, interview, misc (see :data:`KINDS`). A ``@misc`` with a
  URL and an access date (how Mendeley and BibTeX-mode Better BibTeX export web pages) is
  *online*.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database.input.bibtex import LowLevelParser, UndefinedMacro, month_names
from pybtex.scanner import PrematureEOF, PybtexError
from pybtex.utils import CaseInsensitiveDict

from ..diagnostics import Report
from ..fsutil import read_text
from .dates import Date, month_number, parse_date
from .latex import ITALIC_OFF, ITALIC_ON, decode_latex, plain, undecoded_latex
from .names import Name, parse_names

__all__ = ["ITALIC_OFF", "ITALIC_ON", "KINDS", "Date", "Library", "Name", "Source",
           "decode_latex", "load_bibliography", "parse_bibliography", "parse_date",
           "parse_names", "plain"]

KINDS: dict[str, str] = {
    **dict.fromkeys(["book", "mvbook", "booklet", "collection", "mvcollection", "proceedings",
                     "mvproceedings", "manual", "reference", "mvreference"], "book"),
    **dict.fromkeys(["article", "periodical"], "article"),
    **dict.fromkeys(["incollection", "inbook", "inproceedings", "bookinbook", "inreference",
                     "suppbook", "suppcollection"], "incollection"),
    **dict.fromkeys(["techreport", "report"], "report"),
    **dict.fromkeys(["thesis", "mastersthesis", "phdthesis"], "thesis"),
    **dict.fromkeys(["online", "www", "webpage", "electronic"], "online"),
    **dict.fromkeys(["legislation", "legal", "law", "statute", "jurisdiction"], "legislation"),
    "interview": "interview",
}
"""BibTeX/BibLaTeX entry type → the kind whose templates format it (others: misc)."""

URL_FIELDS = {"url", "doi", "eprint", "file"}
NAME_FIELDS = ("author", "editor", "translator")
ALIASES = {"journal": "journaltitle", "address": "location", "school": "institution"}


@dataclass
class Source:
    """One entry of the library, decoded."""

    key: str
    type: str
    """The entry type as written, lowercased (``techreport``)."""
    kind: str
    """Which templates format it (:data:`KINDS`)."""
    fields: dict[str, str]
    """Decoded fields by lowercased name (BibTeX aliases filled in: journal → journaltitle)."""
    authors: list[Name] = field(default_factory=list)
    editors: list[Name] = field(default_factory=list)
    translators: list[Name] = field(default_factory=list)
    date: Date = field(default_factory=Date)
    urldate: Date = field(default_factory=Date)
    line: int = 0
    column: int | None = None
    """Where the key is written (the place a diagnostic about the entry points at)."""
    written: dict[str, str] = field(default_factory=dict)
    """Lowercased field name → the name as the file writes it (``journal``), for messages."""
    problems: list[tuple[str, str]] = field(default_factory=list)
    """(field as written, message): what could not be read whole, warned at the field's line."""

    def get(self, name: str) -> str:
        return self.fields.get(name, "")


@dataclass
class Library:
    """All entries of references.bib by key (first definition wins), plus where it is."""

    file: str = ""
    entries: dict[str, Source] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int | None]] = field(default_factory=list)
    """Each later definition of a key already defined: (key, line, column)."""

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def __getitem__(self, key: str) -> Source:
        return self.entries[key]


def load_bibliography(path: Path, report: Report, relname: str) -> Library:
    """Read ``path``; problems go to ``report`` as ``relname:line`` (never a traceback).

    ``path`` is the project folder joined with ``relname``; a file outside the project (through
    ``..``, an absolute path or a link) is refused, not read.
    """
    rel = Path(relname)
    if (rel.is_absolute() or ".." in rel.parts or not rel.parts
            or not path.resolve().is_relative_to(path.parents[len(rel.parts) - 1].resolve())):
        report.error("the bibliography file is outside the project folder "
                     "(bibliography.file in thesis.yaml)", relname, rule="unreadable-file")
        return Library(relname)
    if not path.exists():
        report.error("bibliography file not found", relname, rule="unreadable-file")
        return Library(relname)
    text = read_text(path, relname, report, lenient=True)  # a bad byte costs one entry only
    if text is None:
        return Library(relname)
    return parse_bibliography(text, report, relname)


def parse_bibliography(text: str, report: Report, relname: str = "references.bib") -> Library:
    """Parse BibTeX text; every syntax error is reported with its line, good entries kept.

    When the file has errors it is parsed again, cut before every line starting with ``@``
    and each piece on its own, so an entry with an unbalanced brace costs only that entry (as
    biber recovers), not the rest of the file. ``@string`` macros carry over between pieces.
    """
    text = text.replace("\r\n", "\n")
    whole = Report()
    lib = Library(relname)
    _parse_piece(text, 1, CaseInsensitiveDict(month_names), lib, whole)
    if not whole.errors:
        report.extend(whole)
        _inherit(lib)
        return lib
    lib = Library(relname)
    macros = CaseInsensitiveDict(month_names)
    starts = [0] + [m.start() for m in re.finditer(r"(?m)^[ \t]*@", text) if m.start()]
    first_line = 1
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        piece = text[start:end]
        _parse_piece(piece, first_line, macros, lib, report)
        first_line += piece.count("\n")
    _inherit(lib)
    return lib


def _inherit(lib: Library) -> None:
    """``crossref``: a child takes the fields it lacks from its parent (biblatex's defaults:
    the parent's title is the child's booktitle, its editors the child's editors)."""
    for src in lib.entries.values():
        parent = lib.entries.get(src.get("crossref"))
        if parent is None or parent is src:
            continue
        fields = dict(parent.fields)
        if "title" in fields:
            fields.setdefault("booktitle", fields.pop("title"))
        fields.pop("shorttitle", None)
        for name, value in fields.items():
            src.fields.setdefault(name, value)
        src.editors = src.editors or parent.editors
        src.authors = src.authors or (parent.authors if src.kind == "book" else [])
        if not src.date:
            src.date = parent.date


def _parse_piece(text: str, first_line: int, macros: CaseInsensitiveDict, lib: Library,
                 report: Report) -> None:
    relname = lib.file
    failed: list[int] = []
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return first_line + bisect.bisect_left(newlines, pos)

    def on_error(error: PybtexError) -> None:
        start = parser.command_start or 0
        entry_line = line_of(start)
        if isinstance(error, UndefinedMacro):
            report.warning(f"undefined @string macro '{error.args[0]}'", relname,
                           first_line + (error.lineno or 1) - 1, rule="build")
            return
        if isinstance(error, PrematureEOF):
            report.error("entry not closed (unbalanced braces or quotes?)", relname, entry_line,
                         rule="unreadable-file")
        else:
            line = first_line + (getattr(error, "lineno", None) or 1) - 1
            report.error(f"BibTeX syntax: {error.args[0] if error.args else error}", relname, line,
                         rule="unreadable-file")
        failed.append(start)

    parser = LowLevelParser(text, macros=macros, handle_error=on_error)
    try:
        for command, body in parser:
            start = parser.command_start or 0
            if (failed and failed[-1] == start) or command.lower() in ("string", "preamble"):
                continue
            line = line_of(start)
            key, fields = body
            at = text.find(key, start)
            column = at - text.rfind("\n", 0, at) if at >= 0 else None
            if key in lib.entries:
                lib.duplicates.append((key, line, column))
                report.warning(f"duplicate citation key '{key}' (the first one, at line "
                               f"{lib.entries[key].line}, is used)", relname, line,
                               rule="duplicate-key")
                continue
            src = lib.entries[key] = _make_source(key, command, fields, line)
            src.column = column
            for name, message in src.problems:
                m = re.compile(rf"(?i)\b{re.escape(name)}\s*=").search(text, start)
                report.warning(f"'{key}': {message}", relname, line_of(m.start()) if m else line,
                               rule="unreadable-date")
            for name, parts in fields:
                unknown = undecoded_latex("".join(parts)) if name.lower() not in URL_FIELDS \
                    else []
                if unknown:
                    m = re.compile(rf"(?i)\b{re.escape(name)}\s*=").search(text, start)
                    report.warning(f"'{key}': LaTeX {', '.join(unknown)} in {name.lower()} not "
                                   "understood, printed without it", relname,
                                   line_of(m.start()) if m else line, rule="build")
    except PybtexError as exc:  # pragma: no cover - the parser gave up on this piece
        report.error(f"BibTeX syntax: {exc}", relname, first_line, rule="unreadable-file")


def _make_source(key: str, entry_type: str, raw_fields: list[tuple[str, list[str]]],
                 line: int) -> Source:
    raw: dict[str, str] = {}
    written: dict[str, str] = {}
    for name, parts in raw_fields:
        low = name.lower()
        if low not in raw:
            raw[low] = re.sub(r"\s+", " ", "".join(parts)).strip()
            written[low] = name
    fields = {k: (_url(v) if k in URL_FIELDS else decode_latex(v)) for k, v in raw.items()
              if k not in NAME_FIELDS}
    if fields.get("address") and fields.get("location") and "venue" not in fields:
        # ACM-style BibTeX: address is the publisher's place, location the event's (venue).
        fields["venue"] = fields.pop("location")
    for old, new in ALIASES.items():
        if old in fields and new not in fields:
            fields[new] = fields[old]
            written.setdefault(new, written[old])
    if fields.get("title", "").endswith(".") and not fields["title"].endswith(".."):
        fields["title"] = fields["title"][:-1]  # a title's own period is the sentence's
    if re.match(r"https?://", _url(raw.get("howpublished", ""))):
        fields.setdefault("url", _url(raw["howpublished"]))
        fields.pop("howpublished")
    etype = entry_type.lower()
    src = Source(key, etype, _kind(etype, fields), fields, line=line,
                 authors=parse_names(raw.get("author", "")),
                 editors=parse_names(raw.get("editor", "")),
                 translators=parse_names(raw.get("translator", "")))
    src.written = written
    src.date = _entry_date(fields)
    src.urldate = parse_date(fields.get("urldate", ""))
    for name, date in (("date" if "date" in fields else "year", src.date),
                       ("urldate", src.urldate)):
        if date.problem:
            src.problems.append((written.get(name, name), date.problem))
    return src


def _entry_date(fields: dict[str, str]) -> Date:
    if fields.get("date"):
        return parse_date(fields["date"])
    year = fields.get("year", "")
    if not year:
        return Date()
    date = parse_date(year)
    month = month_number(fields.get("month", "")) if fields.get("month") else None
    day = fields.get("day", "")
    if date.year and month:
        return Date(date.year, month, int(day) if day.isdigit() and 1 <= int(day) <= 31
                    else None, problem=date.problem)
    return date


def _kind(etype: str, fields: dict[str, str]) -> str:
    sub = fields.get("entrysubtype", "").lower()
    if etype == "article" and sub in ("newspaper", "magazine"):
        return "newspaper"
    if etype == "misc":
        if sub in ("interview", "legislation", "online"):
            return sub
        if sub in ("law", "statute", "regulation"):
            return "legislation"
        if fields.get("url") and fields.get("urldate") and not sub:
            return "online"
    return KINDS.get(etype, "misc")


def _url(value: str) -> str:
    """A URL field: ``\\url{…}`` unwrapped and TeX escapes undone, nothing else touched."""
    value = value.strip()
    m = re.fullmatch(r"\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?", value)
    if m:
        value = m[1]
    value = re.sub(r"\\([_%#&~$])", r"\1", value)
    return value.strip("{}")
