"""Rebuilds that reuse work (``watch``): the same output as a fresh build, errors don't stop it."""

from __future__ import annotations

from pathlib import Path

import pypdf

from naskah.build import build, prepare
from naskah.cache import BuildCache
from naskah.commands.watch import rebuild
from naskah.diagnostics import Report

from .conftest import copy_sample


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_cached_rebuild_equals_fresh_build(tmp_path: Path):
    project = copy_sample(tmp_path / "thesis")
    cache = BuildCache()
    build(project, project / "build", ("pdf",), Report(), cache=cache)
    chapter = sorted((project / "chapters").glob("*.md"))[1]
    text = chapter.read_text()
    added = "\n\nKalimat sisipan baru [@morgenthau1948, 12].\n\n"
    chapter.write_text(text.replace("\n\n", added, 1))
    build(project, project / "build", ("pdf",), Report(), cache=cache)
    build(project, tmp_path / "fresh", ("pdf",), Report())
    cached = pdf_text(project / "build" / "thesis.pdf")
    fresh = pdf_text(tmp_path / "fresh" / "thesis.pdf")
    assert "Kalimat sisipan baru" in cached
    assert cached == fresh
    assert prepare(project, Report()).footnotes == prepare(project, Report(), cache=cache).footnotes


def test_watch_rebuild_reports_errors_and_goes_on(tmp_path: Path, capsys):
    project = copy_sample(tmp_path / "thesis")
    out = project / "build"
    cache = BuildCache()
    assert rebuild(project, out, ("pdf",), cache)
    good = (out / "thesis.pdf").read_bytes()
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    original = chapter.read_text()
    chapter.write_text(original + "\n\nRujukan [@tidak-ada-kunci].\n")
    assert not rebuild(project, out, ("pdf",), cache)
    err = capsys.readouterr().err
    assert f"chapters/{chapter.name}:" in err and "unknown citation key 'tidak-ada-kunci'" in err
    assert (out / "thesis.pdf").read_bytes() == good
    chapter.write_text(original)
    assert rebuild(project, out, ("pdf",), cache)


def test_rebuild_that_reparses_one_section_equals_fresh_build(tmp_path: Path):
    """A file without note definitions is re-read section by section; same result."""
    from bench.make_thesis import make
    from naskah.reader import sections

    project = make(tmp_path / "synthetic", scale=0.1)
    chapter = sorted((project / "chapters").glob("*.md"))[1]
    assert len(sections(chapter.read_text())) > 3
    cache = BuildCache()
    build(project, project / "build", ("pdf",), Report(), cache=cache)
    text = chapter.read_text()
    at = text.index("\n## ", text.index("\n## ") + 1)
    chapter.write_text(text[:at] + "\n\nParagraf baru dengan kutipan [@src001, 5].\n" + text[at:])
    build(project, project / "build", ("pdf",), Report(), cache=cache)
    build(project, tmp_path / "fresh", ("pdf",), Report())
    cached = pdf_text(project / "build" / "thesis.pdf")
    assert "Paragraf baru dengan kutipan" in cached
    assert cached == pdf_text(tmp_path / "fresh" / "thesis.pdf")
    with_cache = prepare(project, Report(), cache=cache)
    assert with_cache.footnotes == prepare(project, Report()).footnotes
