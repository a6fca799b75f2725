"""A thesis is untrusted input (issue 12): every attack ends in a one-line located error or a
correct build. Organised by the guarantee each test defends (see naskah/sandbox/):

1. no command runs (every template is sandboxed);
2. nothing outside the project is read (paths confined: links, FIFOs, hidden files, SVG refs);
3. nothing outside the output folder is written (``output:``);
4. no machine is exhausted (YAML, Jinja, Markdown bombs, impossible formats) — the bombs run in
   a subprocess under a 1 GB address-space limit and a 60 s timeout;
5. all or nothing (a failed build leaves both previous outputs byte-identical);
6. the command line survives (closed pipes, ``new`` under a file, ``watch``).

A small project (one chapter) keeps the whole module fast; each class of attack is tried from at
least two directions.
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import naskah.fsutil
from naskah.cli import main

OLD_PDF = b"%PDF-1.7 previous good build"
OLD_DOCX = b"PK\x03\x04 previous good docx"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ONE_GB = 1 << 30
CYCLER = '{% set _ = cycler.__init__.__globals__.os.system("touch PWNED") %}'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """One chapter, a previous good build/thesis.pdf and build/thesis.docx."""
    proj = tmp_path / "thesis"
    (proj / "chapters").mkdir(parents=True)
    (proj / "figures").mkdir()
    (proj / "thesis.yaml").write_text("title: Judul\nauthor: Nama\n", "utf-8")
    (proj / "chapters" / "01-pendahuluan.md").write_text(
        "# Pendahuluan\n\nTeks bab pertama.\n", "utf-8")
    (proj / "references.bib").write_text("", "utf-8")
    (proj / "build").mkdir()
    (proj / "build" / "thesis.pdf").write_bytes(OLD_PDF)
    (proj / "build" / "thesis.docx").write_bytes(OLD_DOCX)
    return proj


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    """naskah in this process: exit status and what it printed (``check`` prints to stdout)."""
    code = main([*(args or ("build",)), "--project", str(project), "-q"])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def refused(project: Path, code: int, err: str, *expected: str) -> None:
    """Exit 1, one located line per problem, no traceback, old outputs byte-identical."""
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err, err
    for text in expected:
        assert text in err, err
    assert (project / "build" / "thesis.pdf").read_bytes() == OLD_PDF
    assert (project / "build" / "thesis.docx").read_bytes() == OLD_DOCX
    assert sorted(p.name for p in (project / "build").iterdir()) == ["thesis.docx", "thesis.pdf"]
    assert not (project / "PWNED").exists()


def yaml_add(project: Path, text: str) -> None:
    with (project / "thesis.yaml").open("a", encoding="utf-8") as handle:
        handle.write(text)


def chapter(project: Path, text: str, name: str = "01-pendahuluan.md") -> Path:
    path = project / "chapters" / name
    path.write_text(text, "utf-8")
    return path


# --- 1. no command runs -------------------------------------------------------------------------

def test_typst_skeleton_override_is_sandboxed(project: Path, capsys):
    skeleton = project / "templates" / "typst" / "thesis.typ.j2"
    skeleton.parent.mkdir(parents=True)
    attack = CYCLER.replace("{%", "<%").replace("%}", "%>")  # the skeleton's delimiters
    skeleton.write_text(f"#set page(paper: \"a4\")\n{attack}\nisi\n", "utf-8")
    code, err = run(project, capsys, "pdf")
    refused(project, code, err, "unsafe")


def test_notes_override_is_sandboxed_and_the_builtin_used(project: Path, capsys):
    notes = project / "templates" / "notes"
    notes.mkdir(parents=True)
    (notes / "book.full.j2").write_text(CYCLER + "{{ author }}", "utf-8")
    (project / "references.bib").write_text(
        "@book{a, author = {Budi Santoso}, title = {Buku}, publisher = {P}, address = {Jakarta},"
        " year = {2020}}\n", "utf-8")
    chapter(project, "# Pendahuluan\n\nTeks [@a, 4].\n")
    code, err = run(project, capsys, "notes")
    assert code == 0, err
    assert "templates/notes/book.full.j2:1: warning: note template book.full.j2:" in err
    assert "built-in one is used" in err
    assert not (project / "PWNED").exists()


def test_chapter_and_purpose_templates_are_sandboxed(project: Path, capsys):
    chapter(project, f"# Pendahuluan\n\n{CYCLER}\n")
    code, err = run(project, capsys)
    refused(project, code, err, "chapters/01-pendahuluan.md:3: error: template: not allowed")


# --- 2. nothing outside the project is read ------------------------------------------------------

@pytest.mark.parametrize("where", ["svg-link", "svg-absolute", "svg-url", "svg-entity"])
def test_svg_cannot_pull_in_an_outside_file(project: Path, capsys, where: str):
    (project / "root").symlink_to("/")
    href = {"svg-link": "../root/etc/hostname", "svg-absolute": "/etc/hostname",
            "svg-url": "file:///etc/hostname", "svg-entity": "#x"}[where]
    entity = ('<!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
              if where == "svg-entity" else "")
    (project / "figures" / "d.svg").write_text(
        f'<?xml version="1.0"?>{entity}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">'
        f'<image xlink:href="{href}" width="10" height="10"/></svg>', "utf-8")
    chapter(project, "# Pendahuluan\n\n![Diagram](figures/d.svg)\n")
    code, err = run(project, capsys)
    refused(project, code, err, "chapters/01-pendahuluan.md:3: error: image 'figures/d.svg' ")


def test_hidden_files_in_chapters_are_not_sources(project: Path, capsys):
    (project / "chapters" / ".#01-pendahuluan.md").write_text("bukan bab", "utf-8")
    (project / "chapters" / "._01-pendahuluan.md").write_bytes(b"\x00\x05\x16\x07\xff\xfe")
    code, err = run(project, capsys, "pdf")
    assert code == 0, err
    assert err == ""


@pytest.mark.parametrize("kind", ["fifo-chapter", "fifo-figure", "device-chapter"])
def test_fifos_and_devices_are_refused_not_read(project: Path, capsys, kind: str):
    if kind == "fifo-chapter":
        os.mkfifo(project / "chapters" / "02-pipa.md")
        expected = "chapters/02-pipa.md: error: is not a regular file"
    elif kind == "fifo-figure":
        os.mkfifo(project / "figures" / "pipa.png")
        chapter(project, "# Pendahuluan\n\n![Pipa](figures/pipa.png)\n")
        expected = "chapters/01-pendahuluan.md:3: error: image 'figures/pipa.png' is not a regular"
    else:
        (project / "chapters" / "02-nol.md").symlink_to("/dev/zero")
        expected = "chapters/02-nol.md: error: is a link to a file outside the project"
    code, err = run(project, capsys)
    refused(project, code, err, expected)


@pytest.mark.parametrize("where", ["figures/data.txt", "lampiran/pipa"])
def test_raw_typst_cannot_read_a_fifo_in_the_project(project: Path, capsys, where: str):
    """Typst may read any file under the project; a FIFO would hang the build for ever."""
    (project / where).parent.mkdir(exist_ok=True)
    os.mkfifo(project / where)
    chapter(project, "# Pendahuluan\n\n```{=typst}\n#read(\"/" + where + "\")\n```\n")
    code, err = run(project, capsys)
    refused(project, code, err, f"{where}: error: a device, FIFO or socket, which Typst")


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("citations: {style: csl, csl: /etc/passwd}", "", "CSL style must be relative"),
    ("citations: {style: csl, csl: ../../../etc/passwd}", "", "CSL style is outside"),
    ("bibliography: {file: /etc/passwd}", "", "outside the project folder"),
    ("logo: ../../../etc/hostname", "", "is outside the project folder"),
])
def test_files_named_in_thesis_yaml_stay_inside(project: Path, capsys, key, value, expected):
    yaml_add(project, key + "\n")
    code, err = run(project, capsys)
    refused(project, code, err, expected)


@pytest.mark.parametrize("spelling", [
    '<link rel = "independent-parent" href="http://x/p"/>',
    '<link href="http://x/p" rel="&#105;ndependent-parent"/>',
    "<!-- c --><link rel='independent-parent ' href='http://x/p'/>",
])
def test_dependent_csl_however_spelt_is_refused(project: Path, capsys, spelling: str):
    (project / "gaya.csl").write_text(
        '<?xml version="1.0"?><style xmlns="http://purl.org/net/xbiblio/csl" version="1.0">'
        f"<info>{spelling}</info></style>", "utf-8")
    yaml_add(project, "citations: {style: csl, csl: gaya.csl}\n")
    code, err = run(project, capsys)
    refused(project, code, err, "thesis.yaml: error: gaya.csl is a dependent CSL style")


def test_template_override_through_a_link_out_is_refused(project: Path, capsys, tmp_path):
    secret = tmp_path / "secret.typ.j2"
    secret.write_text("RAHASIA", "utf-8")
    (project / "templates" / "typst").mkdir(parents=True)
    (project / "templates" / "typst" / "thesis.typ.j2").symlink_to(secret)
    code, err = run(project, capsys, "pdf")
    refused(project, code, err, "templates/typst/thesis.typ.j2")
    assert "outside the project folder" in err


# --- 3. nothing outside the output folder is written --------------------------------------------

@pytest.mark.parametrize("stem", ["../../../x", "/tmp/naskah-hostile-x", "../figures/diagram",
                                  "sub/x", ".."])
def test_output_names_a_file_in_build_only(project: Path, capsys, stem: str):
    yaml_add(project, f"output: {stem}\n")
    code, err = run(project, capsys)
    refused(project, code, err, "thesis.yaml:3:9: error: 'output' must be a file name")
    assert not Path("/tmp/naskah-hostile-x.pdf").exists()
    assert not (project / "figures" / "diagram.pdf").exists()


# --- 4. no machine exhausted ---------------------------------------------------------------------

LAUGHS = "a: &a [x,x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{b}: &{b} [{', '.join(['*' + a] * 10)}]\n"
    for a, b in zip("abcdefghi", "bcdefghij", strict=True))


def bounded(project: Path, *args: str) -> tuple[int, str]:
    """naskah in a subprocess that may use at most 1 GB of address space and 60 s."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ONE_GB, ONE_GB))

    proc = subprocess.run([sys.executable, "-m", "naskah", *args, "--project", str(project),
                           "-q"], capture_output=True, text=True, timeout=60, preexec_fn=limit)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.mark.parametrize("command", ["check", "build"])
def test_yaml_alias_bomb_is_a_located_error(project: Path, command: str):
    yaml_add(project, LAUGHS)
    code, err = bounded(project, command)
    assert code == 1 and "thesis.yaml:" in err and "aliases expand to more than" in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(("text", "expected"), [
    ("keywords: !!python/name:os.system x\n", "thesis.yaml:3:11: error: refused: the tag"),
    ("format: !!python/object/apply:os.system [id]\n", "thesis.yaml:3:9: error: refused: the tag"),
    ("keywords: &k [a, *k]\n", "thesis.yaml:3:11: error: refused: an alias refers to the value"),
    ("abbreviations: " + "[" * 300 + "]" * 300 + "\n", "nested more than 50 levels deep"),
])
def test_yaml_tags_cycles_and_depth_are_located(project: Path, capsys, text, expected):
    yaml_add(project, text)
    code, err = run(project, capsys)
    refused(project, code, err, expected)


@pytest.mark.parametrize(("template", "expected"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
     "range() of 100,000 items"),
    ("{% for i in range(9000) %}{% for j in range(9000) %}{% endfor %}{% endfor %}",
     "the template runs more than 2,000,000 steps"),
    ('{{ "x" * 2000000000 }}', "a repeated text or list would be longer than 1,000,000"),
    ('{% set ns = namespace(s="x") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}'
     "{% endfor %}{{ ns.s }}", "a concatenation (~) would be longer"),
    ('{{ "%2000000000s" % 1 }}{{ "{:>2000000000}".format(1) }}', "a format width"),
])
def test_jinja_bombs_stop_in_bounds(project: Path, template: str, expected: str):
    chapter(project, f"# Pendahuluan\n\n{template}\n")
    code, err = bounded(project, "pdf")
    assert code == 1, err
    assert f"chapters/01-pendahuluan.md:3: error: template: not allowed in a thesis: {expected}" \
        in err, err


@pytest.mark.parametrize("nesting", ["> " * 300 + "kutipan", "".join(
    "  " * i + "- butir\n" for i in range(300))])
def test_deep_markdown_is_a_located_error(project: Path, capsys, nesting: str):
    chapter(project, f"# Pendahuluan\n\nTeks.\n\n{nesting}\n")
    code, err = run(project, capsys)
    refused(project, code, err, "chapters/01-pendahuluan.md:5: error: nested more than 64 levels")


def test_ten_thousand_headings_are_located_in_linear_time(project: Path):
    from naskah.config import Thesis
    from naskah.diagnostics import Report
    from naskah.reader import read_document

    sections = "".join(f"## Bagian {i}\n\nIsi {i}.\n\n" for i in range(10_000))
    chapter(project, "# Pendahuluan\n\n" + sections)
    report = Report()
    doc = read_document(project, Thesis(title="t", author="a"), report)
    assert not report.items
    lines = [b["_line"] for b in doc.chapters[0].blocks if b["t"] == "Header"]
    assert lines[1] == 3 and lines[-1] == 3 + 4 * 9_999


@pytest.mark.parametrize(("text", "expected"), [
    ("format: {font_size: .inf}\n", "'format.font_size' must be between 8 and 16, not inf"),
    ("format: {font_size: 0}\n", "'format.font_size' must be between 8 and 16, not 0"),
    ("format: {font_size: -12}\n", "'format.font_size' must be between 8 and 16, not -12"),
    ("format: {line_spacing: .nan}\n", "'format.line_spacing' must be between 1 and 3, not nan"),
    ("format: {margins: {top: 0cm}}\n", "'format.margins.top' must be between 0.5cm and 8cm"),
    ("format: {margins: {left: 1e9cm}}\n", "'format.margins.left' must be a length"),
])
@pytest.mark.parametrize("command", ["build", "check"])
def test_impossible_formats_are_located_in_build_and_check(project: Path, capsys, text,
                                                            expected, command):
    yaml_add(project, text)
    code, err = run(project, capsys, command)
    assert code == 1, err
    assert "thesis.yaml:3:" in err and expected in err, err
    assert "no problems found" not in err


# --- 5. all or nothing ---------------------------------------------------------------------------

def test_docx_path_is_a_folder_pdf_untouched(project: Path, capsys):
    (project / "build" / "thesis.docx").unlink()
    (project / "build" / "thesis.docx").mkdir()
    code, err = run(project, capsys)
    assert code == 1
    assert err.strip() == ("build/thesis.docx: error: is a folder where the output file goes: "
                           "remove or rename it")
    assert (project / "build" / "thesis.pdf").read_bytes() == OLD_PDF


def test_disk_full_while_writing_the_docx_keeps_both(project: Path, capsys, monkeypatch):
    real = naskah.fsutil._write_temp

    def full(path: Path, data: bytes) -> str:
        if path.suffix == ".docx":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(path, data)

    monkeypatch.setattr(naskah.fsutil, "_write_temp", full)
    code, err = run(project, capsys)
    refused(project, code, err, "build/thesis.docx: error: cannot write: the disk is full")


def test_build_folder_is_a_file(project: Path, capsys):
    out = project / "keluaran"
    out.write_text("bukan folder", "utf-8")
    code = main(["build", "--project", str(project), "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == "keluaran: error: is a file, not a folder: outputs cannot be " \
                          "written into it"
    assert out.read_text("utf-8") == "bukan folder"


@pytest.mark.skipif(IS_ROOT, reason="root writes whatever the permissions")
def test_read_only_build_folder(project: Path, capsys):
    (project / "build").chmod(0o555)
    try:
        code, err = run(project, capsys)
    finally:
        (project / "build").chmod(0o755)
    refused(project, code, err, "build/thesis.pdf: error: cannot write: Permission denied")


def test_stale_temp_files_of_a_killed_build_are_removed(project: Path, capsys):
    (project / "build" / ".thesis.pdf.k1ll3d.tmp").write_bytes(b"half a pdf")
    (project / "build" / ".thesis.docx.k1ll3d.tmp").write_bytes(b"half a docx")
    code, err = run(project, capsys)
    assert code == 0, err
    assert sorted(p.name for p in (project / "build").iterdir()) == ["thesis.docx", "thesis.pdf"]
    assert (project / "build" / "thesis.pdf").read_bytes()[:5] == b"%PDF-"
    assert zipfile.ZipFile(project / "build" / "thesis.docx").testzip() is None


# --- 6. the command line survives ----------------------------------------------------------------

def test_pandoc_docx_warning_is_one_located_line(project: Path, capsys):
    chapter(project, "# Pendahuluan\n\nTeks.\n\nRumus $\\begin{foo} x$ di sini.\n\n"
            "Catatan.^[Lihat $\\argmin_x f$ di sini.]\n\n$$\\argmin_y g$$ {#eq:satu}\n\n"
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n: Tabel $\\foo{z}$ {#tbl:t}\n")
    code, err = run(project, capsys, "docx")
    assert code == 0, err
    # one located line for each formula Pandoc cannot convert (the pipeline's, at its line),
    # not Pandoc's multi-line message, and not again for its copies (the numbered equation is
    # handed over as \displaystyle …, the caption again in the Daftar Tabel)
    lines = err.strip().split("\n")
    where = "chapters/01-pendahuluan.md"
    assert [line.split(": warning: TeX that Pandoc cannot convert would print raw: ")
            for line in lines] == [[f"{where}:5:8", "'\\begin{foo} x' (use standard LaTeX math "
                                    "commands)"],
                                   [f"{where}:7:18", "'\\argmin_x f' (use standard LaTeX math "
                                    "commands)"],
                                   [f"{where}:9:3", "'\\argmin_y g' (use standard LaTeX math "
                                    "commands)"],
                                   [f"{where}:15:10", "'\\foo{z}' (use standard LaTeX math "
                                    "commands)"]], err


def test_pandoc_warnings_are_located_at_what_they_name(tmp_path: Path) -> None:
    """Pandoc's own messages (real ones: it is asked for a file it cannot fetch and for a
    language it has no words for) become one line each, at the line and column of what they
    name, or at thesis.yaml when they name nothing in the sources."""
    from naskah.diagnostics import Report
    from naskah.document import Part
    from naskah.reader import parse_parts
    from naskah.sandbox import pandoc
    from naskah.writers.docx_warnings import report_docx_warnings

    long = "figures/" + "peta-" * 80 + ".png"
    text = f"# Satu\n\nTeks.\n\nLihat ![peta](figures/peta.png) dan\n![x]({long}).\n"
    part = Part(kind="chapter", name="01-satu", file="chapters/01-satu.md", source=text,
                text=text, line_map=list(range(1, text.count("\n") + 2)))
    parse_parts([part], Report(), None)
    run = pandoc(["-f", "markdown", "-t", "docx", "-o", "-", "-M", "lang=xx"],
                 text.encode("utf-8"))
    assert len(run.warnings) >= 3
    report = Report()
    report_docx_warnings(run.warnings, [part], report)
    lines = [d.format() for d in report.items]
    assert len(lines) == len(run.warnings) and all("\n" not in line for line in lines)
    assert lines[0].startswith("thesis.yaml: warning: Pandoc (DOCX): Could not load "
                               "translations for xx data file translations/xx.yaml"), lines
    fetch = [line for line in lines if "Could not fetch resource" in line]
    assert fetch[0].startswith("chapters/01-satu.md:5:15: warning: Pandoc (DOCX): Could not "
                               "fetch resource figures/peta.png"), fetch
    assert fetch[1].startswith("chapters/01-satu.md:6:6: warning:") and len(fetch[1]) < 400
    assert fetch[1].endswith("…")


def test_notes_into_a_closed_pipe_exits_quietly(project: Path):
    body = "".join(f"Kalimat {i}.^[Catatan {i}.]\n\n" for i in range(3000))
    chapter(project, "# Pendahuluan\n\n" + body)
    notes = subprocess.Popen([sys.executable, "-m", "naskah", "notes", "--project", str(project)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert notes.stdout is not None
    notes.stdout.readline()
    notes.stdout.close()  # what `| head -1` does
    _, err = notes.communicate(timeout=60)
    assert notes.returncode == 0, err
    assert err == b""


def test_new_under_a_file_is_a_clean_error(tmp_path: Path, capsys):
    (tmp_path / "berkas").write_text("x", "utf-8")
    code = main(["new", str(tmp_path / "berkas" / "skripsi")])
    err = capsys.readouterr().err
    assert code == 1
    assert err.strip() == f"{tmp_path / 'berkas'}: error: is a file, so no folder can be made " \
                          "inside it"


def test_watch_sees_rename_saves_and_survives_errors(project: Path):
    """Editors and ``sed -i`` save by writing a new file and renaming it over the old one; watch
    must see every such save, report a broken one and keep the last good PDF."""
    import queue
    import signal
    import threading

    def save(path: Path, text: str) -> None:  # as `sed -i` does
        tmp = path.with_name(f"sed{path.name}")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)

    proc = subprocess.Popen([sys.executable, "-m", "naskah", "watch", "--project", str(project)],
                            stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    assert proc.stderr is not None
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stderr], daemon=True).start()

    def until(text: str, wait: float = 60) -> str | None:
        try:
            while True:
                line = lines.get(timeout=wait)
                if text in line:
                    return line
        except queue.Empty:
            return None

    def saved(path: Path, content: str, answer: str) -> str:
        """Save until watch answers: it starts watching a moment after it says so."""
        for _ in range(30):
            save(path, content)
            line = until(answer, 2)
            if line is not None:
                return line
        raise AssertionError(f"watch never answered {answer!r}")

    try:
        until("watching")
        good = (project / "build" / "thesis.pdf").read_bytes()
        assert good[:5] == b"%PDF-"
        config = project / "thesis.yaml"
        broken = saved(config, "title: Judul\nauthor: Nama\nformat: {font_size: 0}\n", "error")
        assert broken.startswith("thesis.yaml:3:21: error: 'format.font_size' must be between")
        assert (project / "build" / "thesis.pdf").read_bytes() == good
        for title in ("Judul Kedua", "Judul Ketiga"):
            saved(config, f"title: {title}\nauthor: Nama\n", "built in")
        assert proc.poll() is None
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)


def test_docx_parts_are_refused_before_a_zip_bomb_inflates(tmp_path: Path):
    """The policy ``comments`` reads a supervisor's DOCX with (naskah.sandbox.zip_part)."""
    import io

    from naskah.sandbox import Refused, zip_part

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * 200_000_000)  # 200 MB in 0.2 MB
        archive.writestr("word/comments.xml", b"<w:comments/>")
    archive = zipfile.ZipFile(buffer)
    assert zip_part(archive, "word/comments.xml") == b"<w:comments/>"
    with pytest.raises(Refused, match="would expand to 200,000,000 bytes"):
        zip_part(archive, "word/document.xml")
    with pytest.raises(Refused, match="has no word/styles.xml: not a Word document"):
        zip_part(archive, "word/styles.xml")


def test_pdf_image_in_the_docx_is_a_located_warning(project: Path, capsys):
    """Word cannot show a PDF image: the DOCX keeps the caption, and the warning is one line at
    the line and column of its path."""
    (project / "figures" / "peta.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    chapter(project, "# Pendahuluan\n\nTeks.\n\n![Peta wilayah](figures/peta.pdf)\n")
    code, err = run(project, capsys, "docx")
    assert code == 0, err
    assert err.strip().split("\n") == [
        "chapters/01-pendahuluan.md:5:17: warning: image 'figures/peta.pdf' is a PDF, which Word "
        "cannot show: the DOCX has its caption only (use PNG or SVG)"], err
