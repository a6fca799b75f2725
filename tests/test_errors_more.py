"""Bad and hostile input (issue 6), through ``naskah build``: one located line, exit status 1, no
traceback, and the last good PDF *and* DOCX byte for byte as they were; then nothing lost (two
builds at once, no write outside the output folder) and nothing leaked (sandboxes, no network).

Decisions recorded here:

- LaTeX in references.bib that does not decode (``\\foo{x}``, ``\\'{ab}``) is a *warning* at the
  field's line: the entry still prints, without the command, and the build goes on.
- A duplicate citation key is a *warning* in the build naming both lines (the first entry is
  used, as BibTeX and biber do) and an *error* in ``naskah check`` (rule ``duplicate-key``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import naskah.build
import naskah.reader
from naskah.cli import main

from .conftest import ROOT, copy_sample
from .test_errors import chapter_file, insert

OLD_PDF = b"%PDF-1.7 previous good build"
OLD_DOCX = b"PK\x03\x04 previous good docx"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample thesis with a previous good build/thesis.pdf and build/thesis.docx."""
    proj = copy_sample(tmp_path / "thesis")
    (proj / "build").mkdir()
    (proj / "build" / "thesis.pdf").write_bytes(OLD_PDF)
    (proj / "build" / "thesis.docx").write_bytes(OLD_DOCX)
    return proj


def build(project: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["build", "--project", str(project), "-q", *args])
    return code, capsys.readouterr().err


def assert_failed(project: Path, code: int, err: str, *expected: str) -> None:
    """Exit 1, each expected text in stderr, no traceback, old outputs intact, no leftovers."""
    assert code == 1, err
    assert "Traceback" not in err
    for text in expected:
        assert text in err, err
    assert (project / "build" / "thesis.pdf").read_bytes() == OLD_PDF
    assert (project / "build" / "thesis.docx").read_bytes() == OLD_DOCX
    assert sorted(p.name for p in (project / "build").iterdir()) == ["thesis.docx", "thesis.pdf"]


def assert_built(project: Path, code: int, err: str) -> None:
    """Exit 0 and both outputs replaced by real files."""
    assert code == 0, err
    assert (project / "build" / "thesis.pdf").read_bytes()[:5] == b"%PDF-"
    assert zipfile.ZipFile(project / "build" / "thesis.docx").testzip() is None


def append_bib(project: Path, text: str) -> int:
    """Append ``text`` after a blank line; the line number its first line gets."""
    bib = project / "references.bib"
    old = bib.read_text()
    bib.write_text(old + "\n" + text)
    return old.count("\n") + 2


def cite_in_chapter(project: Path, key: str) -> None:
    chapter = chapter_file(project, 0)
    chapter.write_text(chapter.read_text() + f"\n\nKalimat yang mengutip [@{key}, 12].\n")


# --- 1. every failure a user can cause: file:line:col, exit 1, no traceback, outputs kept ---------

def test_bibtex_unbalanced_braces(project: Path, capsys):
    line = append_bib(project, "@book{rusak2020,\n  title = {Judul {tanpa tutup},\n"
                               "  year = {2020}\n\n@book{sesudah2021,\n  author = {Sesudah, A.},\n"
                               "  title = {Entri Sesudahnya},\n  year = {2021}\n}\n")
    cite_in_chapter(project, "sesudah2021")  # the entry after the broken one still counts
    code, err = build(project, capsys)
    assert_failed(project, code, err,
                  f"references.bib:{line}: error: entry not closed (unbalanced braces or quotes?)")
    assert "unknown citation key 'sesudah2021'" not in err


def test_bibtex_bad_field_syntax(project: Path, capsys):
    line = append_bib(project, "@book{rusak2020,\n  author = {A, B},\n  title {Judul},\n"
                               "  year = {2020}\n}\n")
    code, err = build(project, capsys)
    assert_failed(project, code, err, f"references.bib:{line + 2}: error: BibTeX syntax: "
                                      "'=' expected")


def test_bibtex_invalid_utf8_located_and_other_keys_still_known(project: Path, capsys):
    bib = project / "references.bib"
    old = bib.read_bytes()
    bib.write_bytes(old + b"\n@book{latin1,\n  title = {Caf\xe9 Noir},\n  year = {2020}\n}\n")
    line = old.count(b"\n") + 3
    code, err = build(project, capsys)
    assert_failed(project, code, err,
                  f"references.bib:{line}:15: error: not valid UTF-8 (save the file as UTF-8)")
    assert "unknown citation key" not in err  # one error, not one per citation in the thesis


def test_bibtex_latex_that_does_not_decode_is_a_warning_at_its_line(project: Path, capsys):
    line = append_bib(project, "@book{lateks2020,\n  author = {Penulis, Ana},\n"
                               "  title = {Judul \\foo{Aneh} dan Caf\\'{e} \\'{ab}},\n"
                               "  year = {2020}\n}\n")
    cite_in_chapter(project, "lateks2020")
    code, err = build(project, capsys)
    assert_built(project, code, err)
    assert (f"references.bib:{line + 2}: warning: 'lateks2020': LaTeX \\foo, \\' in title not "
            "understood, printed without it") in err
    assert "Traceback" not in err


def test_duplicate_key_warns_naming_both_lines_and_check_fails(project: Path, capsys):
    line = append_bib(project, "@book{morgenthau1948,\n  author = {Lain, Orang},\n"
                               "  title = {Buku Lain},\n  year = {1999}\n}\n")
    code, err = build(project, capsys)
    assert_built(project, code, err)
    assert (f"references.bib:{line}: warning: duplicate citation key 'morgenthau1948' "
            "(the first one, at line 8, is used)") in err
    code = main(["check", "--project", str(project)])
    out = capsys.readouterr()
    assert code == 1
    assert (f"references.bib:{line}:7: error: the key 'morgenthau1948' is used twice "
            "(first at line 8)") in out.out + out.err


def test_unknown_citation_key(project: Path, capsys):
    insert(chapter_file(project, 1), 2, "Menurut [@tidakada2020, 5] di sini.", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/02-tinjauan-pustaka.md:3:10: error: unknown "
                                      "citation key 'tidakada2020'")


def test_empty_chapters_folder(project: Path, capsys):
    for chapter in (project / "chapters").glob("*.md"):
        chapter.unlink()
    (project / "chapters" / "catatan.txt").write_text("bukan bab\n")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/: error: chapters/ has no .md files")


@pytest.mark.skipif(IS_ROOT, reason="root reads a file whatever its permissions")
def test_unreadable_chapter(project: Path, capsys):
    chapter = chapter_file(project, 1)
    chapter.chmod(0)
    try:
        code, err = build(project, capsys)
    finally:
        chapter.chmod(0o644)
    assert_failed(project, code, err, f"chapters/{chapter.name}: error: cannot read: "
                                      "Permission denied")


def test_chapter_that_cannot_be_read_is_reported_not_skipped(project: Path, capsys):
    """A broken link stands for an unreadable chapter (as root, chmod 000 reads fine)."""
    (project / "chapters" / "06-hilang.md").symlink_to(project / "tidak-ada.md")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/06-hilang.md: error: cannot read: No such file")


@pytest.mark.parametrize("name", ["peta.bmp", "peta.tiff"])
def test_unsupported_image_type(project: Path, capsys, name: str):
    (project / "figures" / name).write_bytes(b"BM" + bytes(64))
    insert(chapter_file(project, 2), 4, f"![Peta]({'figures/' + name})", "")
    code, err = build(project, capsys)
    suffix = name.rsplit(".", 1)[1]
    assert_failed(project, code, err, f"chapters/03-metode.md:5: error: image 'figures/{name}': "
                                      f"unsupported type '.{suffix}'")


def test_image_that_is_not_an_image_is_located(project: Path, capsys):
    (project / "figures" / "rusak.png").write_bytes(b"bukan gambar PNG sama sekali")
    insert(chapter_file(project, 2), 4, "![Rusak](figures/rusak.png){#fig:rusak}", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/03-metode.md:5: error: Typst could not typeset "
                                      "this: failed to decode image")


@pytest.mark.skipif(IS_ROOT, reason="root reads a file whatever its permissions")
def test_unreadable_image_is_located(project: Path, capsys):
    image = project / "figures" / "terkunci.png"
    shutil.copy(next((project / "figures").glob("*.png")), image)
    image.chmod(0)
    insert(chapter_file(project, 2), 4, "![Terkunci](figures/terkunci.png)", "")
    try:
        code, err = build(project, capsys)
    finally:
        image.chmod(0o644)
    assert_failed(project, code, err, "chapters/03-metode.md:5: error: Typst could not typeset")


def test_pandoc_that_does_not_finish_is_located(project: Path, capsys, monkeypatch):
    """Pandoc's Markdown reader is exponential on unclosed brackets (jgm/pandoc#1735)."""
    monkeypatch.setattr(naskah.reader, "PANDOC_TIMEOUT", 1.5)
    insert(chapter_file(project, 0), 4, "Kurung " + "[" * 30 + " tidak ditutup.", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/01-pendahuluan.md: error: Pandoc could not read "
                                      "this file: no result after 1.5 s")


def test_internal_bug_is_one_line_and_debug_shows_traceback(project: Path, capsys, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("rusak di dalam\nbaris kedua")

    monkeypatch.setattr(naskah.build, "number_and_resolve", broken)
    code, err = build(project, capsys)
    assert_failed(project, code, err)
    assert err.strip().count("\n") == 0, err
    assert err.startswith("naskah: internal error: RuntimeError: rusak di dalam baris kedua")
    assert "please report this" in err and "--debug" in err
    code, err = build(project, capsys, "--debug")
    assert code == 1
    assert "Traceback (most recent call last)" in err and "RuntimeError: rusak di dalam" in err
    assert (project / "build" / "thesis.pdf").read_bytes() == OLD_PDF


# --- 2. nothing lost -----------------------------------------------------------------------------

def test_two_builds_at_once_leave_valid_outputs(project: Path):
    from pypdf import PdfReader

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "naskah", "build", "--project", str(project), "-q"]
    procs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (_, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
    out = project / "build"
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx", "thesis.pdf"]  # no temp
    assert len(PdfReader(out / "thesis.pdf").pages) > 20
    with zipfile.ZipFile(out / "thesis.docx") as docx:
        assert docx.testzip() is None
        assert b"<w:body>" in docx.read("word/document.xml")


def _tree(root: Path, skip: Path | None = None) -> dict[str, tuple[int, str]]:
    """Every file and link below ``root``: its mtime and content hash (a link: its target)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if skip is not None and path.is_relative_to(skip):
            continue
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            found[rel] = (0, os.readlink(path))
        elif path.is_file():
            found[rel] = (path.stat().st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest())
        else:
            found[rel + "/"] = (0, "")
    return found


def test_build_writes_only_into_its_output_folder(tmp_path: Path, capsys, monkeypatch):
    project = copy_sample(tmp_path / "thesis")
    out, home, cwd = tmp_path / "keluaran", tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    cwd.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.chdir(cwd)
    before = _tree(tmp_path, skip=out)
    code = main(["build", "--project", str(project), "--out", str(out), "-q"])
    assert code == 0, capsys.readouterr().err
    assert _tree(tmp_path, skip=out) == before  # no source changed, nothing written beside
    assert sorted(p.name for p in out.iterdir()) == ["thesis.docx", "thesis.pdf"]


def test_failed_build_keeps_outputs_and_sources(project: Path, capsys):
    insert(chapter_file(project, 1), 2, "Lihat @fig:tidak-ada.", "")
    before = _tree(project)
    code, err = build(project, capsys)
    assert_failed(project, code, err, "unknown cross-reference")
    assert _tree(project) == before


# --- 3. nothing leaked ---------------------------------------------------------------------------

@pytest.mark.parametrize("src", ["/etc/passwd.png", "../../../../etc/passwd.png",
                                 "figures/../../luar.png", "figures/tautan.png"])
def test_image_paths_out_of_the_project_refused(project: Path, capsys, src: str):
    outside = project.parent / "luar.png"
    shutil.copy(next((project / "figures").glob("*.png")), outside)
    (project / "figures" / "tautan.png").symlink_to(outside)  # a link out is refused too
    insert(chapter_file(project, 2), 4, f"![Luar]({src})", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, f"chapters/03-metode.md:5: error: image '{src}' is outside "
                                      "the project folder")


def test_logo_out_of_the_project_refused(project: Path, capsys):
    outside = project.parent / "logo.png"
    shutil.copy(next((project / "figures").glob("*.png")), outside)
    config = project / "thesis.yaml"
    config.write_text(config.read_text() + "logo: ../logo.png\n")
    line = config.read_text().count("\n")
    code, err = build(project, capsys)
    assert_failed(project, code, err, f"thesis.yaml:{line}: error: image '../logo.png' is "
                                      "outside the project folder")


def test_chapter_linked_from_out_of_the_project_refused(project: Path, capsys):
    outside = project.parent / "rahasia.md"
    outside.write_text("# Rahasia\n\nRAHASIA-LUAR\n")
    (project / "chapters" / "06-rahasia.md").symlink_to(outside)
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/06-rahasia.md: error: is a link to a file outside "
                                      "the project folder")


def test_bibliography_out_of_the_project_refused(project: Path, capsys):
    shutil.copy(project / "references.bib", project.parent / "luar.bib")
    config = project / "thesis.yaml"
    config.write_text(config.read_text().replace("bibliography:\n",
                                                 "bibliography:\n  file: ../luar.bib\n"))
    code, err = build(project, capsys)
    assert_failed(project, code, err, "../luar.bib: error: the bibliography file is outside the "
                                      "project folder")


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os.popen('id').read() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ ''|attr('__class__') }}",
    "{{ '{0.__class__.__mro__}'.format(title) }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
])
def test_jinja_sandbox_refuses_python_internals(project: Path, capsys, attack: str):
    insert(chapter_file(project, 0), 4, attack, "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/01-pendahuluan.md:5: error: template: ")
    assert "unsafe" in err
    assert "<class" not in err and "uid=" not in err


def test_raw_openxml_keeps_working_in_the_docx(project: Path, capsys):
    insert(chapter_file(project, 0), 4, "```{=openxml}",
           '<w:p><w:r><w:t xml:space="preserve">MENTAH-OPENXML</w:t></w:r></w:p>', "```", "",
           "Teks `<w:r><w:t>SEBARIS-OPENXML</w:t></w:r>`{=openxml} di tengah.", "")
    code, err = build(project, capsys)
    assert_built(project, code, err)
    with zipfile.ZipFile(project / "build" / "thesis.docx") as docx:
        body = docx.read("word/document.xml")
    assert b"MENTAH-OPENXML" in body and b"SEBARIS-OPENXML" in body


@pytest.mark.parametrize(("xml", "named"), [
    ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> INCLUDEPICTURE '
     '"http://contoh.id/x.png" \\d</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
     '</w:r></w:p>', "the field INCLUDEPICTURE"),
    ('<w:p><w:fldSimple w:instr=\'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"\'>'
     '<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>', "the field DDEAUTO"),
    ('<w:p><w:r><w:instrText>INCLUDE</w:instrText></w:r><w:r><w:instrText>TEXT "/etc/passwd"'
     '</w:instrText></w:r></w:p>', "the field INCLUDE"),
    ('<w:p><w:r><w:pict><v:shape style="width:9pt;height:9pt"><v:imagedata '
     'o:href="file:///etc/passwd"/></v:shape></w:pict></w:r></w:p>', "'file:///etc/passwd'"),
    ('<w:altChunk r:id="rId1"/>', "<altChunk>"),
    ('<w:p><w:r><w:instrText><!-- x -->INCLUDEPICTURE "http://contoh.id/x.png"</w:instrText>'
     '</w:r></w:p>', "the field INCLUDEPICTURE"),
    ('<w:p><w:r><w:instrText><?x y?> INCLUDETEXT "/etc/passwd"</w:instrText></w:r></w:p>',
     "the field INCLUDETEXT"),
])
def test_raw_openxml_cannot_reach_outside(project: Path, capsys, xml: str, named: str):
    insert(chapter_file(project, 0), 4, "```{=openxml}", xml, "```", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/01-pendahuluan.md:6: error: raw OpenXML may not "
                                      f"refer to anything outside the document ({named})")


def test_malformed_raw_openxml_is_located(project: Path, capsys):
    insert(chapter_file(project, 0), 4, "```{=openxml}", "<w:p><w:r><w:t>x</w:r></w:p>", "```",
           "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/01-pendahuluan.md:6: error: raw OpenXML is not "
                                      "well-formed: Opening and ending tag mismatch")


def test_raw_typst_cannot_read_through_a_link_out(project: Path, capsys):
    (project.parent / "rahasia.txt").write_text("RAHASIA-LUAR\n")
    (project / "figures" / "data.txt").symlink_to(project.parent / "rahasia.txt")
    insert(chapter_file(project, 1), 4, "```{=typst}", '#read("/figures/data.txt")', "```", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "figures/data.txt: error: a link to outside the project "
                                      "folder, which Typst in the thesis could read")


def test_a_venv_in_the_thesis_folder_does_not_break_raw_typst(project: Path, capsys):
    """The README suggests ``python3 -m venv .venv``; its ``bin/python`` links out of the
    project, yet the build with a raw Typst block goes on — while a planted link still fails."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(project / ".venv")],
                   check=True)
    assert any(p.is_symlink() for p in (project / ".venv" / "bin").iterdir())
    insert(chapter_file(project, 1), 4, "```{=typst}", "#text[dari Typst]", "```", "")
    code, err = main(["pdf", "--project", str(project), "-q"]), capsys.readouterr().err
    assert code == 0, err
    (project / ".venv" / "bin" / "rahasia").symlink_to("/etc/hostname")
    code, err = main(["pdf", "--project", str(project), "-q"]), capsys.readouterr().err
    assert code == 1 and ".venv/bin/rahasia: error: a link to outside" in err, err


def test_no_network_image(project: Path, capsys):
    insert(chapter_file(project, 2), 4, "![Jaringan](https://contoh.id/gambar.png)", "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/03-metode.md:5: error: image "
                                      "'https://contoh.id/gambar.png' is on the network")


def test_no_network_typst_package(project: Path, capsys):
    insert(chapter_file(project, 1), 4, "```{=typst}", '#import "@preview/cetz:0.2.2"', "```",
           "")
    code, err = build(project, capsys)
    assert_failed(project, code, err, "chapters/02-tinjauan-pustaka.md:6: error: Typst packages "
                                      "are downloaded from the network")


def test_no_network_dependent_csl_style(project: Path, capsys):
    (project / "gaya.csl").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<style xmlns="http://purl.org/net/xbiblio/csl" '
        'version="1.0"><info><title>Turunan</title><id>x</id><link rel="independent-parent" '
        'href="http://www.zotero.org/styles/apa"/></info></style>\n')
    config = project / "thesis.yaml"
    config.write_text(config.read_text().replace("  style: chicago", "  style: csl\n"
                                                 "  csl: gaya.csl"))
    code, err = build(project, capsys)
    assert_failed(project, code, err, "thesis.yaml: error: gaya.csl is a dependent CSL style")


def test_every_pandoc_run_is_sandboxed(project: Path, capsys, monkeypatch):
    calls: list[list[str]] = []
    real = subprocess.run

    def recording(args, *rest, **kwargs):
        calls.append([str(a) for a in args])
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", recording)
    code, err = build(project, capsys)
    assert_built(project, code, err)
    pandoc = [c for c in calls if Path(c[0]).name.startswith("pandoc")]
    assert len(pandoc) >= 6  # each source file read, and the DOCX written
    assert all("--sandbox" in c for c in pandoc), pandoc
