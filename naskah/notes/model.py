"""What the notes engine hands to the rest of the pipeline (writers, ``notes``, ``check``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CitationInfo:
    """One citation of a footnote and the rule that wrote it."""

    key: str
    form: str
    """first | ibid | short | op-cit | loc-cit (``csl`` under ``style: csl``)."""


@dataclass
class FootnoteInfo:
    """One footnote as it prints, for ``build.py notes`` and the tests."""

    chapter: int | None
    """1-based chapter number; None in front matter and appendices."""
    number: int
    """As printed (restarts per part when ``format.footnote_restart`` is ``chapter``)."""
    file: str
    line: int
    text: str
    """Plain text as printed: no markup, curly quotes and en dashes as printed."""
    citations: list[CitationInfo] = field(default_factory=list)


@dataclass
class BibGroup:
    """A section of the Daftar Pustaka (``title`` None when not grouped by type)."""

    title: str | None
    entries: list[list[dict[str, Any]]] = field(default_factory=list)
    """Each entry: Pandoc inlines, in printed order."""
