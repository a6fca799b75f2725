"""What one build can hand to the next: parsed files by content, and a Typst compiler.

``watch`` keeps one :class:`BuildCache` alive, so a rebuild after an edit re-parses only the
edited file (Pandoc's reader is the costly step before Typst), and lets Typst's own incremental
compilation reuse the layout of unchanged pages. Entries not used by the latest
build are dropped, so memory stays bounded by one thesis.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def digest(data: str | bytes) -> str:
    return hashlib.blake2b(data.encode("utf-8") if isinstance(data, str) else data,
                           digest_size=16).hexdigest()


@dataclass
class Memo:
    """A content-keyed memo that forgets what the last round did not use."""

    entries: dict[str, Any] = field(default_factory=dict)
    used: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str) -> Any:
        value = self.entries.get(key)
        if value is not None:
            self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        self.entries[key] = value
        self.used[key] = value

    def next_round(self) -> None:
        self.entries, self.used = self.used, {}


@dataclass
class BuildCache:
    """Kept between builds of one project by ``watch`` (and the benchmark)."""

    parsed: Memo = field(default_factory=Memo)
    """sha(file, text) -> its positioned AST as JSON (loading it gives a fresh, mutable AST)."""
    sections: Memo = field(default_factory=Memo)
    """sha(a section of a file) -> Pandoc's blocks as JSON, or Pandoc's error message."""
    library: Memo = field(default_factory=Memo)
    """sha(references.bib bytes) -> (the parsed library, the diagnostics of reading it)."""
    compiler: Any = None
    """A ``typst.Compiler`` kept alive for incremental compilation."""
    templates: dict[Any, Any] = field(default_factory=dict)
    """The notes engine's Jinja environments (:data:`naskah.notes.format.Environments`)."""

    def next_round(self) -> None:
        self.parsed.next_round()
        self.sections.next_round()
        self.library.next_round()
