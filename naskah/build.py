"""The build: one function per stage, in order; everything is read before anything is written.

    prepare():  thesis.yaml → sources → Jinja → Pandoc AST → numbers and cross-references
                → notes (citations, footnotes, Daftar Pustaka)
    build():    prepare() → the writers (PDF, DOCX) → atomic writes into the output folder

A stage that finds errors stops the build with :class:`~naskah.diagnostics.BuildError`
before any output is touched, so the last good PDF and DOCX stay as they were.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import BuildCache, digest
from .config import load_config
from .crossref import check_images, number_and_resolve
from .diagnostics import BuildError, Report
from .document import Document
from .dropped import check_dropped
from .fsutil import write_all
from .hooks import Hooks
from .reader import read_document
from .sandbox import Refused, read_bytes

if TYPE_CHECKING:
    from .notes import Library

TARGETS = ("pdf", "docx")


@dataclass
class BuildResult:
    """What a build wrote and how long each stage took."""

    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


class Stopwatch:
    """Times the stages of one build; ``progress`` (if given) hears each stage start."""

    def __init__(self, progress: Callable[[str, float], None] | None = None):
        self.start = time.perf_counter()
        self.timings: dict[str, float] = {}
        self.progress = progress

    def run(self, name: str, fn, *args, **kwargs):
        if self.progress:
            self.progress(name, time.perf_counter() - self.start)
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            self.timings[name] = self.timings.get(name, 0.0) + time.perf_counter() - t0


def prepare(project: Path, report: Report, watch: Stopwatch | None = None,
            cache: BuildCache | None = None, hooks: Hooks | None = None,
            keep_going: bool = False) -> Document:
    """Read and process the whole thesis; raise BuildError when the sources have errors.

    After each stage the ``hooks`` of its event run (:mod:`naskah.hooks`). ``keep_going``
    (the format check) runs every stage even after errors, so one run reports them all; only
    an unusable thesis.yaml stops it.
    """
    watch = watch or Stopwatch()
    hooks = hooks or Hooks()

    def stage_done(event: str, *args: object) -> None:
        if not keep_going:
            report.raise_if_errors()
        hooks.run(event, *args)

    config = watch.run("config", load_config, project, report)
    if config is None:
        raise BuildError(report)
    stage_done("config", project, config)
    doc = watch.run("read", read_document, project, config, report, cache)
    stage_done("read", doc)
    watch.run("crossref", number_and_resolve, doc, report)
    check_images(doc, report)
    watch.run("crossref", check_dropped, doc, report)  # math converted once, for the writers too
    stage_done("crossref", doc)
    from .notes import apply_notes

    lib = _library(doc, report, cache)
    watch.run("notes", apply_notes, doc, report, lib, cache.templates if cache else None)
    stage_done("notes", doc, lib)
    return doc


def _library(doc: Document, report: Report, cache: BuildCache | None) -> Library | None:
    """The parsed references.bib (None when there is no such file), reused while its bytes
    are unchanged when there is a cache (``watch``)."""
    from .notes import load_bibliography

    relname = doc.config.bibliography.file
    path = doc.project / relname
    if not path.is_file():
        return None
    if cache is None:
        return load_bibliography(path, report, relname)
    try:
        key = digest(read_bytes(doc.project, relname))
    except Refused:  # reported by load_bibliography
        return load_bibliography(path, report, relname)
    hit = cache.library.get(key)
    if hit is None:
        own = Report()
        hit = (load_bibliography(path, own, relname), own.items)
        cache.library.put(key, hit)
    lib, diagnostics = hit
    report.items.extend(diagnostics)
    return lib


def output_paths(doc: Document, out: Path) -> dict[str, Path]:
    stem = doc.config.output or "thesis"
    return {"pdf": out / f"{stem}.pdf", "docx": out / f"{stem}.docx"}


def _pdf(doc: Document, report: Report, watch: Stopwatch, cache: BuildCache | None) -> bytes:
    from .writers.typst import compile_pdf, render_source

    source = watch.run("typst-source", render_source, doc, cache)
    return watch.run("typst-compile", compile_pdf, source, doc.project, report, cache)


def _docx(doc: Document, report: Report, watch: Stopwatch, cache: BuildCache | None,
          pdf: Callable[[], bytes | None]) -> bytes:
    from .writers.docx import write_docx

    return watch.run("docx", write_docx, doc, report, pdf)


def _pdf_for_pages(doc: Document, watch: Stopwatch, cache: BuildCache | None,
                   future: Future[bytes] | None) -> bytes | None:
    """The PDF the DOCX takes its page numbers from: the one being built, or (a DOCX-only
    build) one typeset for the purpose; None when it cannot be had."""
    try:
        return future.result() if future is not None else _pdf(doc, Report(), watch, cache)
    except BuildError:
        return None


def build(project: Path, out: Path | None, targets: Iterable[str], report: Report,
          progress: Callable[[str, float], None] | None = None,
          cache: BuildCache | None = None, hooks: Hooks | None = None,
          keep_going: bool = False) -> BuildResult:
    """Build the requested outputs; nothing is written unless every target succeeded.

    ``hooks`` and ``keep_going`` are :func:`prepare`'s; the writers run only when the sources
    have no errors, and each output's hook runs once it is written.

    The AST is made once; the writers then run concurrently (each mostly waits on Pandoc or
    Typst, which do not hold Python's lock).
    """
    hooks = hooks or Hooks()
    watch = Stopwatch(progress)
    project = project.resolve()
    out = (out or project / "build").resolve()
    doc = prepare(project, report, watch, cache, hooks, keep_going)
    report.raise_if_errors()
    paths = output_paths(doc, out)
    wanted = [t for t in TARGETS if t in targets]
    reports = {t: Report() for t in wanted}
    with ThreadPoolExecutor(max_workers=len(wanted) or 1) as pool:
        futures: dict[str, Future[bytes]] = {}
        if "pdf" in wanted:
            futures["pdf"] = pool.submit(_pdf, doc, reports["pdf"], watch, cache)
        if "docx" in wanted:
            pdf = functools.partial(_pdf_for_pages, doc, watch, cache, futures.get("pdf"))
            futures["docx"] = pool.submit(_docx, doc, reports["docx"], watch, cache, pdf)
        data = {t: futures[t].result() for t in wanted}
    for t in wanted:
        report.extend(reports[t])
    report.raise_if_errors()
    if cache is not None:
        cache.next_round()
    result = BuildResult(timings=watch.timings)
    watch.run("write", write_all, {paths[t]: payload for t, payload in data.items()}, project)
    result.outputs = {t: paths[t] for t in data}
    for target, path in result.outputs.items():
        hooks.run(target, doc, path)
    return result
