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
import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import latexcodec  # noqa: F401 - registers the "ulatex" codec
from pybtex.database import Person
from pybtex.database.input.bibtex import (
    LowLevelParser,
    UndefinedMacro,
    month_names,
    split_name_list,
)
from pybtex.scanner import PrematureEOF, PybtexError
from pybtex.utils import CaseInsensitiveDict

from ..diagnostics import Report
from ..fsutil import read_text

ITALIC_ON, ITALIC_OFF = "\x01", "\x02"
"""Markers of italics inside decoded field values (``\\emph{}``), turned into ``<i>`` later."""

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
MONTHS = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
MONTHS |= {"mei": 5, "agu": 8, "agt": 8, "okt": 10, "des": 12}


@dataclass(frozen=True)
class Name:
    """One person (or organisation) of an author/editor/translator list."""

    given: str = ""
    family: str = ""
    """With its particle: ``van der Berg``."""
    suffix: str = ""
    corporate: bool = False

    def natural(self) -> str:
        return " ".join(p for p in (self.given, self.family, self.suffix) if p)

    def inverted(self) -> str:
        if self.corporate or not self.given:
            return " ".join(p for p in (self.family, self.suffix) if p)
        return ", ".join(p for p in (self.family, self.given, self.suffix) if p)


@dataclass(frozen=True)
class Date:
    """A date as far as it is known; ``literal`` when it could not be parsed."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    literal: str = ""

    def __bool__(self) -> bool:
        return bool(self.year or self.literal)


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
    return lib


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
            lib.entries[key] = _make_source(key, command, fields, line)
            lib.entries[key].column = column
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
    for name, parts in raw_fields:
        name = name.lower()
        if name not in raw:
            raw[name] = re.sub(r"\s+", " ", "".join(parts)).strip()
    fields = {k: (_url(v) if k in URL_FIELDS else decode_latex(v)) for k, v in raw.items()
              if k not in NAME_FIELDS}
    for old, new in ALIASES.items():
        if old in fields and new not in fields:
            fields[new] = fields[old]
    if re.match(r"https?://", _url(raw.get("howpublished", ""))):
        fields.setdefault("url", _url(raw["howpublished"]))
        fields.pop("howpublished")
    etype = entry_type.lower()
    src = Source(key, etype, _kind(etype, fields), fields, line=line,
                 authors=parse_names(raw.get("author", "")),
                 editors=parse_names(raw.get("editor", "")),
                 translators=parse_names(raw.get("translator", "")))
    src.date = _entry_date(fields)
    src.urldate = parse_date(fields.get("urldate", ""))
    return src


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


def parse_names(value: str) -> list[Name]:
    """An author/editor field → names; a name wholly in braces is corporate."""
    names = []
    for item in split_name_list(value) if value.strip() else []:
        item = item.strip()
        if _wholly_braced(item):
            names.append(Name(family=decode_latex(item), corporate=True))
            continue
        try:
            p = Person(item)
        except PybtexError:
            names.append(Name(family=decode_latex(item)))
            continue
        given = " ".join(p.first_names + p.middle_names)
        family = " ".join(p.prelast_names + p.last_names)
        names.append(Name(decode_latex(given), decode_latex(family),
                          decode_latex(" ".join(p.lineage_names))))
    return names


def _wholly_braced(s: str) -> bool:
    if not (s.startswith("{") and s.endswith("}")):
        return False
    depth = 0
    for i, ch in enumerate(s):
        depth += ch == "{"
        depth -= ch == "}"
        if depth == 0 and i < len(s) - 1:
            return False
    return True


def _entry_date(fields: dict[str, str]) -> Date:
    if fields.get("date"):
        return parse_date(fields["date"])
    year = fields.get("year", "")
    if not year:
        return Date()
    date = parse_date(year)
    month = _month(fields.get("month", ""))
    day = fields.get("day", "")
    if date.year and month:
        return Date(date.year, month, int(day) if day.isdigit() else None)
    return date


def _month(value: str) -> int | None:
    value = value.strip().lower()
    if value.isdigit() and 1 <= int(value) <= 12:
        return int(value)
    return MONTHS.get(value[:3]) if value else None


def parse_date(value: str) -> Date:
    """``2014-11-18``, ``2014-11``, ``2014``, ``18 November 2014``, ``November 18, 2014``."""
    value = value.strip()
    if not value:
        return Date()
    value = re.split(r"/(?=\d)", value)[0]  # a range: its start
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:T.*)?", value)
    if m:
        mon = int(m[2]) if m[2] else None
        day = int(m[3]) if m[3] else None
        if mon is not None and not 1 <= mon <= 12:
            return Date(literal=value)
        return Date(int(m[1]), mon, day)
    m = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})", value) or re.fullmatch(
        r"([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})", value)
    if m:
        day_s, mon_s = (m[1], m[2]) if m[1].isdigit() else (m[2], m[1])
        mon = _month(mon_s)
        if mon:
            return Date(int(m[3]), mon, int(day_s))
    m = re.fullmatch(r"([A-Za-z]+)\.?,?\s+(\d{4})", value)
    if m and _month(m[1]):
        return Date(int(m[2]), _month(m[1]))
    return Date(literal=value)


def _url(value: str) -> str:
    """A URL field: ``\\url{…}`` unwrapped and TeX escapes undone, nothing else touched."""
    value = value.strip()
    m = re.fullmatch(r"\\(?:url|href)\s*\{(.*?)\}(?:\{.*\})?", value)
    if m:
        value = m[1]
    value = re.sub(r"\\([_%#&~$])", r"\1", value)
    return value.strip("{}")


_SIMPLE = {r"\i": "i", r"\j": "j", r"\$": "$", r"\textendash": "–", r"\textemdash": "—",
           r"\textquotedblleft": "“", r"\textquotedblright": "”", r"\textquoteleft": "‘",
           r"\textquoteright": "’", r"\ldots": "…", r"\dots": "…", r"\textellipsis": "…"}
_ITALIC_CMDS = ("emph", "textit", "mkbibemph", "textsl", "mkbibitalic")
_PLAIN_CMDS = ("textbf", "textsc", "textrm", "textnormal", "textup", "mkbibbold", "url",
               "nocase", "textsuperscript", "mbox", "text", "hbox")


def decode_latex(value: str) -> str:
    """BibTeX field text → Unicode; ``\\emph{x}`` → italic markers; braces dropped."""
    if not value:
        return ""
    if "\\" in value:
        value = _known_latex(value)
        value = re.sub(r"\\[A-Za-z]+\s*", "", value)  # commands nobody decoded
        value = re.sub(r"\\(.)", r"\1", value)
    elif "--" in value or "~" in value or "``" in value:
        value = value.replace("---", "—").replace("--", "–").replace("~", " ")
        value = value.replace("``", "“").replace("''", "”")
    value = value.replace("{", "").replace("}", "").replace("\xa0", " ")
    return re.sub(r"\s+", " ", value).strip()


def _known_latex(value: str) -> str:
    """The LaTeX commands naskah understands replaced; any others left as written."""
    value = _commands(value)
    for cmd, rep in _SIMPLE.items():
        value = re.sub(re.escape(cmd) + r"(?![A-Za-z])(?:\{\})?\s?", rep, value)
    try:
        value = codecs.decode(value, "ulatex")
    except (ValueError, UnicodeError):
        pass
    return value


def undecoded_latex(value: str) -> list[str]:
    """The LaTeX commands and accents in a field that :func:`decode_latex` would drop."""
    if "\\" not in value:
        return []
    found = re.findall(r"(?<!\\)\\(?:[A-Za-z]+|['\"^`~=.])", _known_latex(value))
    return list(dict.fromkeys(found))


def _commands(value: str) -> str:
    """Replace ``\\cmd{arg}`` for italic and plain formatting commands (nesting allowed)."""
    pattern = re.compile(r"\\(" + "|".join(_ITALIC_CMDS + _PLAIN_CMDS) + r")\s*\{")
    for _ in range(20):
        m = pattern.search(value)
        if not m:
            break
        depth, end = 1, m.end()
        while end < len(value) and depth:
            depth += {"{": 1, "}": -1}.get(value[end], 0)
            end += 1
        inner = value[m.end():end - 1]
        if m[1] in _ITALIC_CMDS:
            inner = ITALIC_ON + inner + ITALIC_OFF
        value = value[:m.start()] + inner + value[end:]
    value = re.sub(r"\\mkbibquote\s*\{([^{}]*)\}", r"“\1”", value)
    return value


def plain(value: str) -> str:
    """A decoded field without its italic markers (for sorting and short titles)."""
    return value.replace(ITALIC_ON, "").replace(ITALIC_OFF, "")
