"""The notes engine: footnote citations written by rule, and the Daftar Pustaka (NOTES.md).

``apply_notes(doc, report)`` runs after reading and cross-referencing: every ``Cite`` left in
the AST is a bibliography citation. It replaces them in place, so every writer receives the same
notes, and fills ``doc.footnotes`` (:class:`FootnoteInfo`, for ``build.py notes``) and
``doc.bibliography`` (:class:`BibGroup`).

Options (``thesis.yaml``):

- ``citations.style``: ``chicago`` (default; ``Ibid.`` and short notes), ``classic``
  (*Ibid.*, *op. cit.*, *loc. cit.*, pages as ``hlm. 45``), ``short`` (short notes only), ``csl``
  (Pandoc citeproc with ``citations.csl``; see :mod:`naskah.notes.csl`).
- ``citations.reset``: ``chapter`` (default) — positions restart in every part: each chapter,
  each appendix and each front-matter file is a scope of its own (no *Ibid.* reaches back into
  another part); ``document`` — one scope over all parts in reading order.
- ``format.footnote_restart``: ``chapter`` — printed numbers restart at 1 in every part
  (chapter, appendix, front-matter file); ``document`` — one count over all parts.
- ``language``: ``id`` | ``en`` — words and dates from ``naskah/data/terms/{id,en}.yaml``.
- ``bibliography.file`` (``references.bib``), ``bibliography.group_by_type``, ``nocite``
  (keys, ``"*"`` for all).

A university's variant is data, not code. ``templates/notes/`` in the thesis folder is searched
before the built-in ``naskah/templates/notes/``: a file there with a built-in name replaces it.
Names: ``{kind}.full.j2``, ``{kind}.short.j2``, ``{kind}.bib.j2`` for each kind (book, article,
newspaper, incollection, report, thesis, online, legislation, interview, misc — see
:mod:`naskah.notes.bibtex` for which entry types map to which) and ``ibid.j2``,
``op-cit.j2``, ``loc-cit.j2``. Words are overridden key by key in
``templates/notes/terms.id.yaml`` / ``terms.en.yaml``. Template variables are listed in
:mod:`naskah.notes.format`; the parts they build a note from (``join``, ``sentence``,
``quote``…: a missing field vanishes with its punctuation) in :mod:`naskah.notes.parts`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..diagnostics import Report
from ..document import Document
from .bibtex import Library, Source, load_bibliography, parse_bibliography
from .csl import apply_csl, uses_citeproc
from .engine import NotesEngine
from .format import Environments
from .model import BibGroup, CitationInfo, FootnoteInfo

__all__ = ["BibGroup", "CitationInfo", "FootnoteInfo", "Library", "NotesEngine", "Source",
           "apply_notes", "format_footnotes", "load_bibliography", "parse_bibliography"]


def apply_notes(doc: Document, report: Report, lib: Library | None = None,
                environments: Environments | None = None) -> None:
    """Write every citation of ``doc`` as NOTES.md says; fill footnotes and bibliography.

    ``lib`` is read from ``bibliography.file`` when not given. A missing file is an error only
    when something is cited (or listed in ``nocite``). ``environments``: the note templates
    compiled by an earlier build, kept by the caller.
    """
    cfg = doc.config
    relname = cfg.bibliography.file
    path = Path(doc.project) / relname
    if lib is None and path.is_file():
        lib = load_bibliography(path, report, relname)
    engine = NotesEngine(doc, lib or Library(relname), report, environments)
    engine.collect(report_unknown=lib is not None)
    if lib is None:
        if any(n.cites for n in engine.notes) or cfg.nocite:
            report.error("bibliography file not found (bibliography.file in thesis.yaml)",
                         relname, rule="unreadable-file")
            return
    if uses_citeproc(cfg.citations.style):
        if lib is not None:
            apply_csl(doc, path, report)
        return
    engine.run()


def format_footnotes(footnotes: list[FootnoteInfo], as_json: bool = False) -> str:
    """What ``build.py notes`` prints: one block per footnote, or the JSON list."""
    if as_json:
        return json.dumps([asdict(f) for f in footnotes], ensure_ascii=False, indent=2)
    lines = []
    for f in footnotes:
        lines.append(f"{f.file}:{f.line}: {f.number}. {f.text}")
        if f.citations:
            lines.append("    [" + "; ".join(f"{c.key}: {c.form}" for c in f.citations) + "]")
    return "\n".join(lines)
