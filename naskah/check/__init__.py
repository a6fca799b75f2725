"""``naskah check``: the university format checked on the sources and on the built files.

The check is a plugin of the one build pipeline (:mod:`naskah.hooks`): :class:`CheckRules`
subscribes each rule to the stage whose result it reads, and :func:`check_project` runs the
pipeline once — :func:`~naskah.build.prepare` for the sources, :func:`~naskah.build.build` with
``built`` — with ``keep_going``, so every problem that would stop a build is reported too::

    config    check.rules overrides
    read      chapters, headings, sections, captions, hand-typed Ibid., abstracts, citations
    notes     the bibliography rules, over the library the notes engine parsed
    pdf/docx  the rules over the written files (also for --pdf FILE / --docx FILE)

Every rule reports to one :class:`~naskah.check.rules.Checker`, which applies the thesis's
severity overrides; the pipeline's own diagnostics join it under the rule they were raised with.
Nothing here writes a file except the build that ``built`` asks for.
"""

from __future__ import annotations

from pathlib import Path

from ..config import Thesis, config_positions
from ..diagnostics import BuildError, Report
from ..document import Document
from ..hooks import Hooks
from ..notes import Library
from .bib import Citation, check_bibliography, citations
from .rules import Checker, rules
from .sources import (
    check_abstracts,
    check_captions,
    check_chapters,
    check_english_title,
    check_headings,
    check_latin_notes,
)

__all__ = ["CheckRules", "Checker", "check_project", "rules"]


class CheckRules:
    """The check's rules as a pipeline plugin; ``doc`` is the document once read."""

    def __init__(self, checker: Checker):
        self.checker = checker
        self.project = Path()
        self.doc: Document | None = None
        self.cited: list[Citation] = []
        self.where: dict[str, tuple[int, int]] = {}

    def on_config(self, project: Path, config: Thesis) -> None:
        self.project = project
        self.where = config_positions(project)
        self.checker.set_overrides(config.check.rules, {
            key.split(".", 2)[2]: pos for key, pos in self.where.items()
            if key.startswith("check.rules.") and key.count(".") >= 2})

    def on_read(self, doc: Document) -> None:
        self.doc = doc
        check_chapters(doc, self.checker)
        check_headings(doc, self.checker)
        check_captions(doc, self.checker)
        check_latin_notes(doc, self.checker)
        check_abstracts(doc, self.checker, self.where)
        check_english_title(doc, self.checker, self.where)
        self.cited = citations(doc)  # before the notes engine replaces the citations

    def on_notes(self, doc: Document, lib: Library | None) -> None:
        check_bibliography(doc, lib, self.cited, self.checker)

    def on_pdf(self, doc: Document, path: Path) -> None:
        from .pdf import check_pdf

        check_pdf(path, shown_path(path, self.project), doc, doc.config.format, self.checker)

    def on_docx(self, doc: Document, path: Path) -> None:
        from .docx import check_docx

        check_docx(path, shown_path(path, self.project), doc.config.format, self.checker)


def shown_path(path: Path, project: Path) -> str:
    """How a checked output is named in diagnostics: relative to the project when inside it."""
    path = path.resolve()
    for base in (project.resolve(), Path.cwd()):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()


def check_project(project: Path, *, pdf: Path | None = None, docx: Path | None = None,
                  built: bool = False, out: Path | None = None,
                  checker: Checker | None = None) -> Checker:
    """Check a thesis project; with ``built`` build it (into ``out``) and check the outputs;
    ``pdf`` / ``docx`` name outputs built earlier."""
    from ..build import TARGETS, build, prepare

    checker = checker or Checker()
    plugin = CheckRules(checker)
    hooks = Hooks(plugin)
    found = Report()
    try:
        if built:
            checker.outputs = dict(build(project.resolve(), out, TARGETS, found, hooks=hooks,
                                         keep_going=True).outputs)
        else:
            prepare(project.resolve(), found, hooks=hooks, keep_going=True)
    except BuildError as exc:
        if exc.report is not found:
            found.extend(exc.report)
    checker.absorb(found)
    if plugin.doc is not None:
        if pdf is not None:
            plugin.on_pdf(plugin.doc, pdf)
        if docx is not None:
            plugin.on_docx(plugin.doc, docx)
    return checker
