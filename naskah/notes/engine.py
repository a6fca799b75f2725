"""The note engine: collect every citation in document order, decide its form, write it.

One :class:`NotesEngine` holds the state of a run; its passes are

1. *collect*: walk every part's blocks in reading order. A ``Cite`` in body text opens a note
   of its own (a group ``[@a; @b]`` is one note); a ``Note`` (``^[…]``, ``[^n]``) is a note
   whose citations are the ``Cite`` elements inside it. Notes without citations count too:
   they break *Ibid.* Unknown keys are reported with file, line and column.
2. *decide*: :func:`naskah.notes.positions.decide` per scope.
3. *write*: a body ``Cite`` becomes a ``Note`` at that point (the space before it dropped, a
   following ``.``/``,``/``;``/``:``/``?``/``!`` moved before it); its text is the citations
   joined by ``; `` with a closing period and a capital first letter. ``@key`` in body text
   prints the author's family name(s) (or the short title) and then the note. A citation
   inside a footnote is written in place, without closing period. Then ``doc.footnotes`` and
   ``doc.bibliography`` are filled.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Report
from ..document import Document, Part
from ..pandoc_ast import Inline, Note, Para, Space, Str, stringify, walk_context
from .bibliography import build_bibliography
from .bibtex import Library
from .cite import Cit, from_pandoc
from .format import Environments, Formatter, first_author_key
from .markup import capfirst
from .model import CitationInfo, FootnoteInfo, number_footnotes
from .positions import ambiguous_keys, decide

_PUNCT = re.compile(r"^[.,;:!?]+")


class _Note:
    """A footnote in the making: where it is and what it cites."""

    __slots__ = ("part", "cites", "element", "line")

    def __init__(self, part: Part, element: dict[str, Any] | None, line: int | None) -> None:
        self.part = part
        self.cites: list[Cit] = []
        self.element = element
        """The ``Note`` inline (a hand-written footnote, or the one made for a body Cite)."""
        self.line = line


class NotesEngine:
    """State of one run over a document; call :meth:`run`."""

    def __init__(self, doc: Document, lib: Library, report: Report,
                 environments: Environments | None = None) -> None:
        cfg = doc.config
        self.doc = doc
        self.lib = lib
        self.report = report
        self.style = cfg.citations.style
        self.fmt = Formatter(lib, self.style, cfg.language, doc.project, report, environments)
        self.notes: list[_Note] = []
        self._cites: dict[int, tuple[_Note, list[Cit], bool]] = {}
        """id(Cite element) → its note, its citations, whether it is inside a footnote."""
        self._initial: set[int] = set()
        """ids of Cite elements that open a footnote (written with a capital letter)."""
        self.unknown: list[tuple[Cit, Part, int | None]] = []
        self._cite_lists: dict[int, list[Inline]] = {}
        """The inline lists that hold a Cite, by id: pass 3 rewrites only these."""
        self._collected = False

    def collect(self, report_unknown: bool = True) -> None:
        """Pass 1 (idempotent); unknown keys are errors unless ``report_unknown`` is False."""
        if self._collected:
            return
        self._collected = True
        for part in self.doc.parts:
            self._collect(part.blocks, part)
        if report_unknown:
            for cit, part, line in self.unknown:
                self.report.error(f"unknown citation key '{cit.key}'", file=part.file,
                                  line=cit.line or line, column=cit.column, rule="unknown-citation")

    def run(self) -> None:
        """All passes: collect, decide, write; then footnotes and bibliography."""
        self.collect()
        self._decide()
        # Only the lists that hold a citation change; each is rewritten on its own (a Cite in a
        # footnote sits in the Note's own list), so the rest of the AST is never walked again.
        for inlines in self._cite_lists.values():
            inlines[:] = self._rewrite_inlines(inlines)
        self.doc.footnotes = self._footnotes()
        cited = [c.key for n in self.notes for c in n.cites if c.known]
        cfg = self.doc.config
        self.doc.bibliography = build_bibliography(
            self.lib, self.fmt, cited, list(cfg.nocite), cfg.bibliography.group_by_type,
            self.report, cfg.bibliography.repeat_dash)

    # -- 1. collect ---------------------------------------------------------------------

    def _collect(self, blocks: list[Any], part: Part) -> None:
        for block in blocks:
            walk_context(block, ("Cite", "Note"), self._visit, (part, None, block.get("_line")))

    def _visit(self, el: dict[str, Any], holder: list[Inline],
               context: tuple[Part, _Note | None, int | None]) -> Any:
        """A Cite joins the note it is in or opens one of its own; a Note is a note whose
        citations are inside it (the context of what is within). Nothing is inside a Cite."""
        part, note, line = context
        if el["t"] == "Note":
            pos = el.get("_pos")
            new = _Note(part, el, pos[0] if pos else line)
            self.notes.append(new)
            first = _first_inline(el["c"])
            if first is not None and first.get("t") == "Cite":
                self._initial.add(id(first))
            return part, new, line
        self._cite_lists[id(holder)] = holder
        cits = [from_pandoc(c) for c in el["c"][0]]
        for cit in cits:
            self._check(cit, part, line)
        if note is None:
            body = _Note(part, None, cits[0].line or line if cits else line)
            self.notes.append(body)
            body.cites.extend(cits)
            self._cites[id(el)] = (body, cits, False)
        else:
            note.cites.extend(cits)
            self._cites[id(el)] = (note, cits, True)
        return None

    def _check(self, cit: Cit, part: Part, line: int | None) -> None:
        if cit.key not in self.lib:
            cit.known = False
            self.unknown.append((cit, part, line))

    # -- 2. decide ----------------------------------------------------------------------

    def _decide(self) -> None:
        ambiguous: frozenset[str] = frozenset()
        if self.style == "classic":
            keys = {c.key for n in self.notes for c in n.cites if c.known}
            ambiguous = ambiguous_keys((k, first_author_key(self.lib[k])) for k in keys)
        scopes: dict[int, list[list[Cit]]] = {}
        per_part = self.doc.config.citations.reset == "chapter"
        for note in self.notes:
            scopes.setdefault(id(note.part) if per_part else 0, []).append(note.cites)
        for notes in scopes.values():
            decide(notes, self.style, ambiguous)

    # -- 3. write -----------------------------------------------------------------------

    def _rewrite_inlines(self, inlines: list[Inline]) -> list[Inline]:
        out: list[Inline] = []
        items: list[Inline | None] = list(inlines)
        for i, el in enumerate(items):
            if el is None:
                continue
            entry = self._cites.get(id(el)) if el.get("t") == "Cite" else None
            if entry is None:
                out.append(el)
                continue
            note, cits, in_note = entry
            if in_note:
                out.extend(self.render(cits, closing=False, capital=id(el) in self._initial))
                continue
            if cits and cits[0].mode == "AuthorInText":
                out.extend(self._in_text(cits[0]))
            elif out and out[-1].get("t") in ("Space", "SoftBreak"):
                out.pop()
            nxt = items[i + 1] if i + 1 < len(items) else None
            if nxt is not None and nxt.get("t") == "Str":
                m = _PUNCT.match(nxt["c"])
                if m:
                    rest = nxt["c"][m.end():]
                    items[i + 1] = Str(rest) if rest else None
                    _append_punct(out, m.group())
            element = Note([Para(self.render(cits, closing=True, capital=True))])
            if note.line:
                # Where the citation is written: writers map a footnote back to its source.
                element["_pos"] = [note.line, cits[0].column if cits and cits[0].column else 1]
            note.element = element
            out.append(element)
        return out

    def render(self, cits: list[Cit], closing: bool, capital: bool) -> list[Inline]:
        """The inlines of a citation group: ``A; B`` (+ ``.`` when ``closing``).

        *Ibid.* not at the start of the note (after a prefix, or inside a footnote's own text)
        is written lowercase: ``Lihat ibid., 45``.
        """
        out: list[Inline] = []
        for i, cit in enumerate(cits):
            last = i == len(cits) - 1
            if i:
                out += [Str(";"), Space()]
            if cit.prefix:
                out += [*cit.prefix, Space()]
            if cit.known:
                runs = self.fmt.note(cit)
                if cit.form == "ibid" and (cit.prefix or i or not capital):
                    runs.lower_first()
                if last and closing and not cit.suffix:
                    runs.close()
                out += runs.inlines()
            else:
                out.append(Str(f"?{cit.key}?"))
            out += cit.suffix
            if last and closing and (cit.suffix or not cit.known):
                text = stringify(out)
                if not text.endswith((".", "?", "!")):
                    out.append(Str("."))
        out = _join_str(out)
        return capfirst(out) if capital else out

    def _in_text(self, cit: Cit) -> list[Inline]:
        """``@key`` in body text: the author's name (or the short title) as text."""
        if not cit.known:
            return [Str(f"?{cit.key}?")]
        return self.fmt.label(self.lib[cit.key]).inlines()

    # -- results ------------------------------------------------------------------------

    def _footnotes(self) -> list[FootnoteInfo]:
        return number_footnotes(self.doc, (
            (note.part, note.line or 0, note.element["c"] if note.element else [],
             [CitationInfo(c.key, c.form) for c in note.cites if c.known])
            for note in self.notes))


def _append_punct(out: list[Inline], punct: str) -> None:
    """Punctuation moved before a note, onto the text it follows (``dkk.`` + ``.`` once)."""
    if punct[0] == "." and out and stringify(out[-1]).endswith("."):
        punct = punct[1:]
    if not punct:
        return
    if out and out[-1].get("t") == "Str":
        out[-1] = Str(out[-1]["c"] + punct)
    else:
        out.append(Str(punct))


def _first_inline(blocks: list[Any]) -> dict[str, Any] | None:
    if blocks and isinstance(blocks[0], dict) and blocks[0].get("t") in ("Para", "Plain"):
        content = blocks[0]["c"]
        return content[0] if content else None
    return None


def _join_str(inlines: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for el in inlines:
        if out and el.get("t") == "Str" and out[-1].get("t") == "Str":
            out[-1] = Str(out[-1]["c"] + el["c"])
        else:
            out.append(el)
    return out
