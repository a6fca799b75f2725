"""Author, editor and translator lists → :class:`Name` (how names are read).

- BibTeX's forms: ``Family, Given``, ``Given Family``, ``von Family, Jr, Given`` (pybtex).
- biblatex's extended name format, Better BibLaTeX's default:
  ``family=Dijk, given=Marten, prefix=van, useprefix=true``.
- A name wholly in braces (``{International Labour Organization}``) is corporate: printed as
  written, never inverted.
- ``and others`` ends the list with *dkk.* / *et al.*
- Initials exported without periods (Mendeley: ``Janet L Wiener``) get them: ``Janet L.``.
- A lowercase particle (``de``, ``van der``) prints before the family name in notes and after
  the given name in the inverted form, as CMOS 8.5 does (``Gaulle, Charles de``); with
  ``useprefix=true`` it stays in front (``van Dijk, Marten``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pybtex.database import Person
from pybtex.database.input.bibtex import split_name_list
from pybtex.scanner import PybtexError

from .latex import decode_latex


@dataclass(frozen=True)
class Name:
    """One person (or organisation) of an author/editor/translator list."""

    given: str = ""
    family: str = ""
    """Without its particle: ``Berg``."""
    suffix: str = ""
    corporate: bool = False
    particle: str = ""
    """``van der``, ``de``: before the family name in notes."""
    useprefix: bool = False
    """The particle stays in front in the inverted form (biblatex ``useprefix``)."""
    others: bool = False
    """``and others``: the list goes on (printed *dkk.* / *et al.*)."""

    @property
    def surname(self) -> str:
        """The family name as notes print it: with its particle (``van der Berg``)."""
        return " ".join(p for p in (self.particle, self.family) if p)

    def natural(self) -> str:
        return " ".join(p for p in (self.given, self.surname, self.suffix) if p)

    def inverted(self) -> str:
        if self.corporate or not self.given:
            return " ".join(p for p in (self.surname, self.suffix) if p)
        if self.useprefix or not self.particle:
            return ", ".join(p for p in (self.surname, self.given, self.suffix) if p)
        given = f"{self.given} {self.particle}"
        return ", ".join(p for p in (self.family, given, self.suffix) if p)


def parse_names(value: str) -> list[Name]:
    """An author/editor field → names; a name wholly in braces is corporate."""
    names: list[Name] = []
    for item in split_name_list(value) if value.strip() else []:
        item = item.strip()
        if item.lower() == "others":
            if names:
                names.append(Name(others=True))
            continue
        if _wholly_braced(item):
            names.append(Name(family=decode_latex(item), corporate=True))
        elif re.match(r"(?i)\s*(?:family|given|prefix|suffix)\s*=", item):
            names.append(_extended(item))
        else:
            names.append(_bibtex_name(item))
    return names


def _bibtex_name(item: str) -> Name:
    try:
        p = Person(item)
    except PybtexError:
        return Name(family=decode_latex(item))
    given = _initials(decode_latex(" ".join(p.first_names + p.middle_names)))
    family = decode_latex(" ".join(p.last_names))
    particle = decode_latex(" ".join(p.prelast_names))
    if not family and particle:
        family, particle = particle, ""
    return Name(given, family, decode_latex(" ".join(p.lineage_names)), particle=particle)


def _extended(item: str) -> Name:
    """biblatex ``family=…, given=…, prefix=…, suffix=…, useprefix=…`` (values may be braced)."""
    parts: dict[str, str] = {}
    depth, start = 0, 0
    pieces = []
    for i, ch in enumerate(item):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            pieces.append(item[start:i])
            start = i + 1
    pieces.append(item[start:])
    for piece in pieces:
        key, _, val = piece.partition("=")
        parts[key.strip().lower()] = val.strip()
    given = _initials(decode_latex(parts.get("given", "")))
    return Name(given, decode_latex(parts.get("family", "")), decode_latex(parts.get("suffix", "")),
                particle=decode_latex(parts.get("prefix", "")),
                useprefix=parts.get("useprefix", "").lower() == "true")


def _initials(given: str) -> str:
    """``Janet L`` → ``Janet L.``; ``J R R`` → ``J. R. R.``; ``JL`` stays (may be a name)."""
    return re.sub(r"(?<![\w.’'-])([A-Z])(?=\s|$)", r"\1.", given)


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
