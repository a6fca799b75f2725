"""``naskah check`` on the sources: a copy of the sample thesis broken in every way the rules
know, each problem asserted by rule id, file, line and severity in all three output formats.

One copy carries every breakage (each in its own place), so the check runs once per format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from naskah.check import Checker, check_project, rules

from .conftest import ROOT, copy_sample
from .test_check_support import FORMATS, append, line_of, run_check

BIB_ADDITIONS = """\
@book{morgenthau1948,
  title = {Kunci yang sama untuk kedua kalinya}
}

@article{tanpa-jurnal,
  author = {Penulis, Anonim},
  title = {Artikel tanpa nama jurnal},
  date = {2020}
}

@online{tanpa-akses,
  title = {Halaman tanpa tanggal akses},
  url = {https://example.org/halaman}
}

@book{tak-dikutip,
  title = {Buku yang tidak pernah dikutip}
}
"""


@dataclass
class Broken:
    project: Path
    expected: list[tuple[str, str | None, int | None, str]]
    columns: dict[str, int]


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Broken:
    """The sample thesis with one instance of every source problem."""
    p = copy_sample(tmp_path_factory.mktemp("broken"))
    ch1, ch2 = p / "chapters/01-pendahuluan.md", p / "chapters/02-tinjauan-pustaka.md"
    expected: list[tuple[str, str | None, int | None, str]] = []
    columns: dict[str, int] = {}

    def add(rule: str, file: str | None, line: int | None) -> None:
        expected.append((rule, file, line, rules()[rule].severity))

    # A sixth chapter whose file name says 7, with a second level-1 heading.
    (p / "chapters/07-tambahan.md").write_text("# Tambahan\n\nTeks tambahan.\n\n# Judul Kedua\n\n"
                                               "Teks.\n", encoding="utf-8")
    add("chapter-count", "chapters", None)
    add("chapter-order", "chapters/07-tambahan.md", None)
    add("chapter-heading", "chapters/07-tambahan.md", 5)

    ch1.write_text(ch1.read_text("utf-8").replace("## Tujuan Penelitian", "## Sasaran Kajian"),
                   encoding="utf-8")
    add("required-section", "chapters/01-pendahuluan.md", 1)

    at = append(ch2, "## 2.9 Subbab Bernomor\n\n"
                     "Kunci yang tidak ada [@kunci-tidak-ada, 12].\n\n"
                     "Catatan yang diketik sendiri.^[Ibid., 45.]\n\n"
                     "![](figures/alur.png)\n\n"
                     "![Gambar yang hilang](figures/tidak-ada.png)\n\n"
                     "Lihat @fig:tidak-ada.\n\n"
                     "Kutipan [@tanpa-jurnal, 3] dan [@tanpa-akses].\n\n"
                     "| a | b |\n|---|---|\n| 1 | 2 |\n")
    f2 = "chapters/02-tinjauan-pustaka.md"
    add("manual-numbering", f2, at)
    add("unknown-citation", f2, at + 2)
    columns["unknown-citation"] = len("Kunci yang tidak ada [") + 1
    add("manual-ibid", f2, at + 4)
    columns["manual-ibid"] = len("Catatan yang diketik sendiri.^[") + 1
    add("caption-missing", f2, at + 6)
    add("image-missing", f2, at + 8)
    add("broken-reference", f2, at + 10)
    add("caption-missing", f2, at + 12)

    (p / "front/abstract.md").write_text("An abstract far too short.\n", encoding="utf-8")
    add("abstract-length", "front/abstract.md", 1)

    yaml_path = p / "thesis.yaml"
    yaml_path.write_text(yaml_path.read_text("utf-8").replace(
        "keywords: [skripsi, Markdown, catatan kaki, Pandoc, Typst]", "keywords: [satu, dua]"),
        encoding="utf-8")
    add("keyword-count", "thesis.yaml", line_of(yaml_path, "keywords: [satu, dua]"))

    bib = p / "references.bib"
    start = append(bib, BIB_ADDITIONS)
    add("duplicate-key", "references.bib", start)
    add("missing-field", "references.bib", start + 4)
    add("online-urldate", "references.bib", start + 10)
    add("uncited-source", "references.bib", start + 15)

    (p / "appendices").mkdir(exist_ok=True)
    (p / "appendices/z-rusak.md").write_bytes(b"# Rusak\n\nTeks \xff\xfe rusak.\n")
    add("unreadable-file", "appendices/z-rusak.md", 3)
    return Broken(p, expected, columns)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_source_rule_is_reported(broken: Broken, fmt: str, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(broken.project)  # GitHub paths are relative to the repository root
    status, found, out = run_check(capsys, broken.project, fmt)
    assert status == 1
    keys = {f.key for f in found}
    missing = [e for e in broken.expected if e not in keys]
    assert not missing, f"not reported: {missing}\n{out}"
    by_rule = {f.rule: f for f in found}
    for rule, column in broken.columns.items():
        assert by_rule[rule].column == column, out
    if fmt == "plain":
        errors = sum(f.severity == "error" for f in found)
        assert f"{errors} error" in out.splitlines()[-1]


def test_messages_say_what_to_do(broken: Broken) -> None:
    checker = check_project(broken.project)
    text = "\n".join(d.format() for d in checker.items)
    assert "BAB I has no section 'Tujuan Penelitian'" in text
    assert "the key 'morgenthau1948' is used twice (first at line" in text
    assert "heading numbered by hand ('2.9')" in text
    assert "unknown citation key 'kunci-tidak-ada'" in text


def test_sample_thesis_passes_with_no_warning(capsys: pytest.CaptureFixture[str]) -> None:
    for fmt in FORMATS:
        status, found, out = run_check(capsys, ROOT, fmt)
        assert status == 0 and not found, out
    assert out.strip() == "[]"


@pytest.fixture()
def warned(tmp_path: Path) -> Path:
    """A copy of the sample whose only problems are warnings (an uncited entry, an Ibid.)."""
    p = copy_sample(tmp_path / "warned")
    append(p / "references.bib", "@book{tak-dikutip,\n  title = {Tidak dikutip}\n}\n")
    append(p / "chapters/03-metode.md", "Catatan.^[Ibid.]\n")
    return p


def test_warnings_pass_unless_strict(warned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, found, out = run_check(capsys, warned)
    assert status == 0, out
    assert {f.rule for f in found} == {"uncited-source", "manual-ibid"}
    assert out.splitlines()[-1] == "check: 2 warnings"
    status, _, _ = run_check(capsys, warned, "json", "--strict")
    assert status == 1


def test_github_paths_are_relative_to_the_workspace(warned: Path, capsys, monkeypatch) -> None:
    """Annotations land on the file when the thesis is a subfolder of the repository (the
    workflow's GITHUB_WORKSPACE) and --project is absolute; without it, relative to the cwd."""
    monkeypatch.setenv("GITHUB_WORKSPACE", str(warned.parent))
    monkeypatch.chdir(warned / "chapters")
    _, found, _ = run_check(capsys, warned.resolve(), "github")
    assert {f.file for f in found} == {"warned/references.bib", "warned/chapters/03-metode.md"}
    monkeypatch.delenv("GITHUB_WORKSPACE")
    monkeypatch.chdir(warned)
    _, found, _ = run_check(capsys, warned.resolve(), "github")
    assert {f.file for f in found} == {"references.bib", "chapters/03-metode.md"}


def test_thesis_yaml_changes_severities(warned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    yaml_path = warned / "thesis.yaml"
    append(yaml_path, "check:\n  rules:\n    uncited-source: error\n    manual-ibid: off\n"
                      "    no-such-rule: warning\n    pdf-margins: sometimes\n    build: off\n")
    status, found, out = run_check(capsys, warned, "json")
    assert status == 1
    by_rule: dict[str, list] = {}
    for f in found:
        by_rule.setdefault(f.rule, []).append(f)
    assert "manual-ibid" not in by_rule
    assert by_rule["uncited-source"][0].severity == "error"
    config = {(f.line, f.severity) for f in by_rule["config"]}
    assert (line_of(yaml_path, "no-such-rule"), "warning") in config
    assert (line_of(yaml_path, "pdf-margins: sometimes"), "error") in config
    assert (line_of(yaml_path, "build: off"), "warning") in config


def test_rules_table_is_complete() -> None:
    table = rules()
    for rule in ("chapter-count", "chapter-heading", "required-section", "unknown-citation",
                 "uncited-source", "duplicate-key", "missing-field", "online-urldate",
                 "manual-ibid", "manual-numbering", "abstract-length", "keyword-count",
                 "caption-missing", "image-missing", "broken-reference", "unreadable-file",
                 "pdf-page-size", "pdf-margins", "pdf-font", "pdf-footnote-size",
                 "pdf-page-numbers", "pdf-front-order", "docx-page-setup", "docx-margins",
                 "docx-styles"):
        assert rule in table and table[rule].severity in ("error", "warning")
        assert table[rule].summary


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    from naskah.cli import main

    assert main(["check", "--rules", "--project", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert all(rule in out for rule in rules())


def test_missing_bibliography_and_config(tmp_path: Path) -> None:
    p = copy_sample(tmp_path / "nobib")
    (p / "references.bib").unlink()
    found = {(d.rule, d.file) for d in check_project(p).items}
    assert ("unreadable-file", "references.bib") in found
    assert any(r == "unknown-citation" for r, _ in found)
    (p / "thesis.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    checker = Checker()
    check_project(p, checker=checker)
    assert [(d.rule, d.file, d.severity) for d in checker.items] == [
        ("config", "thesis.yaml", "error")]
