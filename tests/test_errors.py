"""Bad input: one line naming the file and line, exit status 1, no traceback, old PDF intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.cli import main

from .conftest import copy_sample

OLD_PDF = b"%PDF-1.7 previous good build"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    proj = copy_sample(tmp_path / "thesis")
    (proj / "build").mkdir()
    (proj / "build" / "thesis.pdf").write_bytes(OLD_PDF)
    return proj


def chapter_file(project: Path, index: int) -> Path:
    return sorted((project / "chapters").glob("*.md"))[index]


def insert(chapter: Path, at: int, *lines: str) -> None:
    """Insert ``lines`` so that the first becomes line ``at + 1`` of ``chapter``."""
    text = chapter.read_text().split("\n")
    text[at:at] = list(lines)
    chapter.write_text("\n".join(text))


def run(project: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["pdf", "--project", str(project), "-q", *args])
    err = capsys.readouterr().err
    return code, err


def assert_failed(project: Path, code: int, err: str, expected: str) -> None:
    assert code == 1
    assert "Traceback" not in err
    assert expected in err, err
    assert (project / "build" / "thesis.pdf").read_bytes() == OLD_PDF
    leftovers = [p.name for p in (project / "build").iterdir() if p.name != "thesis.pdf"]
    assert leftovers == []


def test_missing_thesis_yaml(project: Path, capsys):
    (project / "thesis.yaml").unlink()
    code, err = run(project, capsys)
    assert_failed(project, code, err, "thesis.yaml: error: no thesis.yaml")


def test_malformed_yaml_names_line(project: Path, capsys):
    text = (project / "thesis.yaml").read_text().split("\n")
    text.insert(2, "keywords: [unclosed")
    (project / "thesis.yaml").write_text("\n".join(text))
    code, err = run(project, capsys)
    assert_failed(project, code, err, "thesis.yaml:")
    assert "malformed YAML" in err


def test_all_config_problems_reported_together(project: Path, capsys):
    (project / "thesis.yaml").write_text(
        "author: A\nformat:\n  line_spacing: dua\ncitations:\n  style: klasik\nfoo: 1\n")
    code, err = run(project, capsys)
    assert_failed(project, code, err, "thesis.yaml:1: error: 'title' is required")
    assert "thesis.yaml:3:17: error: 'format.line_spacing' must be a number" in err
    assert "thesis.yaml:5:10: error: 'citations.style' must be one of" in err
    assert "thesis.yaml:6:1: warning: unknown key 'foo'" in err


def test_missing_chapters_folder(project: Path, capsys):
    import shutil
    shutil.rmtree(project / "chapters")
    code, err = run(project, capsys)
    assert_failed(project, code, err, "chapters/: error: no chapters/ folder")


def test_undefined_jinja_variable(project: Path, capsys):
    chapter = chapter_file(project, 1)
    insert(chapter, 4, "Nama pembimbing: {{ pembimbing_utama }}.")
    code, err = run(project, capsys)
    assert_failed(project, code, err, f"chapters/{chapter.name}:5: error: template: "
                                      "'pembimbing_utama' is undefined")


def test_jinja_syntax_error(project: Path, capsys):
    chapter = chapter_file(project, 0)
    insert(chapter, 6, "{% if title %} tanpa penutup")
    code, err = run(project, capsys)
    assert_failed(project, code, err, f"chapters/{chapter.name}:")
    assert "template syntax" in err


def test_jinja_sandbox_blocks_python_internals(project: Path, capsys):
    chapter = chapter_file(project, 0)
    chapter.write_text(chapter.read_text() + "\n{{ title.__class__.__mro__ }}\n")
    code, err = run(project, capsys)
    assert code == 1
    assert "Traceback" not in err and "<class" not in err


def test_missing_image(project: Path, capsys):
    chapter = chapter_file(project, 2)
    insert(chapter, 6, "", "![Tidak ada](figures/tidak-ada.png){#fig:tidak-ada}", "")
    code, err = run(project, capsys)
    assert_failed(project, code, err,
                  f"chapters/{chapter.name}:8: error: image 'figures/tidak-ada.png' not found")


def test_image_outside_project_refused(project: Path, capsys):
    chapter = chapter_file(project, 2)
    chapter.write_text(chapter.read_text() + "\n\n![x](../../etc/passwd.png)\n")
    code, err = run(project, capsys)
    assert_failed(project, code, err, "is outside the project folder")


def test_chapter_without_heading(project: Path, capsys):
    chapter = chapter_file(project, 3)
    text = chapter.read_text()
    chapter.write_text(text[text.index("\n") + 1:].lstrip("\n"))
    code, err = run(project, capsys)
    assert_failed(project, code, err, f"chapters/{chapter.name}:1: error: a chapter must start "
                                      "with a level-1 heading")


def test_invalid_utf8(project: Path, capsys):
    chapter = chapter_file(project, 0)
    chapter.write_bytes(b"# Pendahuluan\n\nBaris dua\n\nKata \xff rusak.\n")
    code, err = run(project, capsys)
    assert_failed(project, code, err, f"chapters/{chapter.name}:5:6: error: not valid UTF-8")


def test_unknown_cross_reference(project: Path, capsys):
    chapter = chapter_file(project, 1)
    insert(chapter, 2, "Lihat @fig:tidak-ada di sini.")
    code, err = run(project, capsys)
    assert_failed(project, code, err,
                  f"chapters/{chapter.name}:3:7: error: unknown cross-reference '@fig:tidak-ada'")


def test_raw_typst_error_is_located(project: Path, capsys):
    chapter = chapter_file(project, 1)
    insert(chapter, 4, "", "```{=typst}", "#rusak(", "```", "")
    code, err = run(project, capsys)
    assert_failed(project, code, err, f"chapters/{chapter.name}:7: error: Typst could not")


def test_raw_typst_cannot_read_outside_project(project: Path, capsys):
    chapter = chapter_file(project, 1)
    chapter.write_text(chapter.read_text() + '\n\n```{=typst}\n#read("/../../etc/passwd")\n```\n')
    code, err = run(project, capsys)
    assert_failed(project, code, err, "escape the project root")


def test_bom_and_crlf_just_work(project: Path, capsys):
    for chapter in (project / "chapters").glob("*.md"):
        text = chapter.read_text()
        chapter.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    code, err = run(project, capsys)
    assert code == 0, err
    assert (project / "build" / "thesis.pdf").read_bytes()[:5] == b"%PDF-"


def test_empty_chapter_title(project: Path, capsys):
    chapter = chapter_file(project, 4)
    text = chapter.read_text()
    chapter.write_text("# \n" + text[text.index("\n") + 1:])
    code, err = run(project, capsys)
    assert_failed(project, code, err, f"chapters/{chapter.name}:1: error: the chapter's title "
                                      "is empty")


def test_front_matter_without_supervisors_has_no_empty_approval_page(tmp_path: Path, capsys):
    proj = copy_sample(tmp_path / "minimal")
    (proj / "thesis.yaml").write_text("title: Judul Saja\nauthor: Penulis Saja\n")
    (proj / "front" / "kata-pengantar.md").unlink()  # it names the supervisors
    assert main(["pdf", "--project", str(proj), "-q"]) == 0
    import pypdf

    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(proj / "build" / "thesis.pdf").pages)
    assert "LEMBAR PENGESAHAN" not in text and "Disetujui oleh" not in text
    assert "LEMBAR PERNYATAAN" in text and "NPM :" not in text and "(NPM" not in text
