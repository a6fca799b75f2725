"""``naskah check``: the university format checked on the sources and on the built files.

:func:`check_project` runs the build's own reading stages (so every problem that would stop a
build is reported too, under a rule id) and, between them, the check rules:

    thesis.yaml → sources (chapters, headings, sections, captions, notes, abstracts)
               → bibliography → numbering and cross-references, images → notes engine
               → [build, with ``built``] → PDF rules → DOCX rules

Every rule reports to one :class:`~naskah.check.rules.Checker`, which applies the thesis's
severity overrides. Nothing here writes a file except the build that ``built`` asks for.
"""

from __future__ import annotations

from pathlib import Path

from ..cache import BuildCache
from ..config import CONFIG_NAME, load_config
from ..crossref import check_images, number_and_resolve
from ..diagnostics import BuildError, Report
from ..document import Document
from ..reader import read_document
from .bib import check_bibliography
from .rules import Checker, rules
from .sources import (
    check_abstracts,
    check_captions,
    check_chapters,
    check_headings,
    check_latin_notes,
    yaml_positions,
)

__all__ = ["Checker", "check_project", "check_sources", "rules"]


def check_sources(project: Path, checker: Checker,
                  cache: BuildCache | None = None) -> Document | None:
    """The source rules and the build's reading stages; the document, numbered (None when
    thesis.yaml cannot be used). A ``cache`` keeps the parsed files for a build after it."""
    pipeline = Report()
    config = load_config(project, pipeline)
    config_text = _read(project / CONFIG_NAME)
    if config is None:
        checker.absorb(pipeline)
        return None
    where = yaml_positions(config_text or "")
    checker.set_overrides(config.check.rules, {
        key.split(".", 2)[2]: pos for key, pos in where.items()
        if key.startswith("check.rules.") and key.count(".") >= 2})
    doc = read_document(project, config, pipeline, cache)
    check_chapters(doc, checker)
    check_headings(doc, checker)
    check_captions(doc, checker)
    check_latin_notes(doc, checker)
    check_abstracts(doc, checker, config_text)
    check_bibliography(doc, checker)
    number_and_resolve(doc, pipeline)
    check_images(doc, pipeline)
    _notes(doc, pipeline)
    checker.absorb(pipeline)
    return doc


def _notes(doc: Document, report: Report) -> None:
    """The notes engine, when installed: it finds what only writing the notes reveals."""
    try:
        from ..notes import apply_notes
    except ImportError:
        return
    scratch = Report()
    try:
        apply_notes(doc, scratch)
    except BuildError as exc:
        if exc.report is not scratch:
            scratch.extend(exc.report)
    report.extend(scratch)


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


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
    """Check a thesis project; with ``built`` build it first (into ``out``) and check the
    outputs; ``pdf`` / ``docx`` name outputs built earlier."""
    checker = checker or Checker()
    project = project.resolve()
    cache = BuildCache() if built else None  # the build then reuses what the check parsed
    doc = check_sources(project, checker, cache)
    if doc is None:
        return checker
    if built:
        from ..build import TARGETS, build

        targets = [t for t in TARGETS if t != "docx" or _has_docx_writer()]
        found = Report()
        try:
            result = build(project, out, targets, found, cache=cache)
        except BuildError as exc:
            checker.absorb(found)
            if exc.report is not found:
                checker.absorb(exc.report)
        else:
            checker.absorb(found)
            checker.outputs = dict(result.outputs)
            pdf = pdf or result.outputs.get("pdf")
            docx = docx or result.outputs.get("docx")
    fmt = doc.config.format
    if pdf is not None:
        from .pdf import check_pdf

        check_pdf(pdf, shown_path(pdf, project), doc, fmt, checker)
    if docx is not None:
        from .docx import check_docx

        check_docx(docx, shown_path(docx, project), fmt, checker)
    return checker


def _has_docx_writer() -> bool:
    import importlib.util

    return importlib.util.find_spec("naskah.writers.docx") is not None
