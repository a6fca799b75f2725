"""``naskah new DIR``: a project with every thesis.yaml field, that checks clean and builds."""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from naskah.cli import main
from naskah.commands import new
from naskah.config import parse_config, yaml_positions
from naskah.config.schema import Person, Thesis
from naskah.diagnostics import Report
from naskah.frontmatter import wording

from .test_check_support import run_check

SPEC = "naskah @ git+https://example.org/naskah.git@0123abcd"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("new") / "skripsi-saya"
    assert main(["new", str(target), "--naskah", SPEC]) == 0
    return target


def test_new_creates_the_layout(project: Path) -> None:
    for name in ("thesis.yaml", "references.bib", "requirements.txt", "build.py", ".gitignore",
                 ".github/workflows/thesis.yml", "front/kata-pengantar.md", "front/abstrak.md",
                 "front/abstract.md", "figures/.gitkeep"):
        assert (project / name).is_file(), name
    chapters = sorted(p.name for p in (project / "chapters").glob("*.md"))
    assert len(chapters) == 5 and chapters[0] == "01-pendahuluan.md"
    assert "build/" in (project / ".gitignore").read_text("utf-8").split("\n")
    assert SPEC in (project / "requirements.txt").read_text("utf-8").split("\n")
    assert "@" not in (project / "references.bib").read_text("utf-8")


def test_new_then_check_then_pdf(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, found, out = run_check(capsys, project, "json")
    assert (status, found) == (0, []), out
    assert main(["pdf", "--project", str(project), "-q"]) == 0
    pdf = project / "build" / "thesis.pdf"
    assert pdf.is_file()
    status, found, out = run_check(capsys, project, "plain", "--pdf", str(pdf))
    assert (status, found) == (0, []), out
    assert out.strip() == "check: no problems found"


def _paths(cls: type, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for f in dataclasses.fields(cls):
        dotted = f"{prefix}{f.name}"
        out.append((dotted, f))
        hint = f.default_factory() if f.default_factory is not dataclasses.MISSING else None  # type: ignore[misc]
        if dataclasses.is_dataclass(hint):
            out += _paths(type(hint), dotted + ".")
    return out


def test_thesis_yaml_has_every_field_commented_in_indonesian(project: Path) -> None:
    text = (project / "thesis.yaml").read_text("utf-8")
    where = yaml_positions(text)
    comments = new._fields_data()["comments"]
    lines = text.split("\n")
    for dotted, _ in _paths(Thesis):
        assert dotted in where, f"{dotted} missing from thesis.yaml"
        assert dotted in comments, f"{dotted} has no Indonesian comment in fields.yaml"
        line = where[dotted][0]
        assert lines[line - 2].lstrip().startswith("#"), f"{dotted} is not commented"
    for f in dataclasses.fields(Person):
        assert f"supervisors.{f.name}" in comments
        assert f"{f.name}: " in text


def test_thesis_yaml_loads_cleanly_with_the_profile_defaults(project: Path) -> None:
    report = Report()
    config = parse_config((project / "thesis.yaml").read_text("utf-8"), report)
    assert config is not None and not report.items, [d.format() for d in report.items]
    defaults = parse_config("title: x\nauthor: y\n", Report())
    assert defaults is not None
    assert config.format == defaults.format
    assert config.citations == defaults.citations and config.check == defaults.check
    assert config.keywords and config.supervisors[0].role == "Pembimbing I"


def test_new_refuses_a_non_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    target = tmp_path / "ada-isinya"
    target.mkdir()
    (target / "catatan.txt").write_text("jangan ditimpa", encoding="utf-8")
    assert main(["new", str(target)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in target.iterdir()] == ["catatan.txt"]
    (tmp_path / "berkas").write_text("x", encoding="utf-8")
    assert main(["new", str(tmp_path / "berkas")]) == 1
    empty = tmp_path / "kosong"
    empty.mkdir()
    assert main(["new", str(empty), "--naskah", SPEC]) == 0
    assert (empty / "thesis.yaml").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


class FakeDist:
    version = "0.1.0"

    def __init__(self, direct_url: dict[str, Any] | None):
        self.direct_url = direct_url

    def read_text(self, name: str) -> str | None:
        return json.dumps(self.direct_url) if self.direct_url and name == "direct_url.json" \
            else None


def test_install_requirement(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    dist = FakeDist({"url": "https://github.com/someone/naskah",
                     "vcs_info": {"vcs": "git", "commit_id": "deadbeef"}})
    monkeypatch.setattr(new.importlib.metadata, "distribution", lambda name: dist)
    assert new.install_requirement() == ("naskah @ git+https://github.com/someone/naskah@deadbeef",
                                         True)
    dist.direct_url = None  # installed from a package index
    assert new.install_requirement() == ("naskah==0.1.0", True)

    def missing(name: str) -> None:
        raise new.importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(new.importlib.metadata, "distribution", missing)
    monkeypatch.setattr(new, "git_origin", lambda root: None)
    assert new.install_requirement() == (new.PLACEHOLDER, False)


def test_git_origin_of_a_cloned_checkout(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    assert new.git_origin(tmp_path) is None
    git("init", "-q")
    assert new.git_origin(tmp_path) is None  # no origin remote
    git("remote", "add", "origin", "git@github.com:someone/naskah.git")
    assert new.git_origin(tmp_path) == "naskah @ git+https://github.com/someone/naskah.git"
    (tmp_path / "f").write_text("x", encoding="utf-8")
    git("add", "f")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "x")
    head = subprocess.run(["git", "-C", str(tmp_path), "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    assert new.git_origin(tmp_path) == f"naskah @ git+https://github.com/someone/naskah.git@{head}"


@pytest.mark.parametrize("profile", ["default", "ui-2017", "itb-sps", "ipb-ppki4", "its-2022",
                                     "ugm-fmipa", "ugm-dteti", "unpar-ftis"])
def test_new_in_every_profile_checks_clean(profile: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A thesis fresh from ``new --profile`` has nothing for ``check`` to say in its profile:
    the guide's chapter names, its English title where pages are bilingual, keywords in the
    order IPB asks for."""
    target = tmp_path / "skripsi"
    assert main(["new", str(target), "--profile", profile, "--naskah", SPEC, "-q"]) == 0
    assert f"profile: {profile}" in (target / "thesis.yaml").read_text("utf-8") or \
        profile == "default"
    status, found, out = run_check(capsys, target, "json")
    assert (status, found) == (0, []), out


def test_new_its_thesis_is_a_tugas_akhir() -> None:
    """ITS calls the work a tugas akhir: ``new --profile its-2022`` writes ``kind: tugas-akhir``
    (the default profile keeps skripsi), and the pages say TUGAS AKHIR / FINAL PROJECT, with
    the word in the statement and approval texts in each language."""
    cfgs = {p: parse_config(new.thesis_yaml(p), Report()) for p in ("default", "its-2022")}
    assert cfgs["default"].kind == "skripsi" and cfgs["its-2022"].kind == "tugas-akhir"
    id_, en = (wording(cfgs["its-2022"], lang) for lang in ("id", "en"))
    assert (id_.kind, en.kind) == ("TUGAS AKHIR", "FINAL PROJECT")
    assert "menyatakan bahwa tugas akhir dengan judul" in " ".join(id_.statement)
    assert id_.approval[0].startswith("Tugas akhir dengan judul")
    assert "the final project with the title" in " ".join(en.statement)
    assert en.approval[0].startswith("The final project with the title")
