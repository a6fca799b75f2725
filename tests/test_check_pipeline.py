"""``check --built`` runs the one build pipeline once: each source file goes through Pandoc's
reader once, the DOCX through Pandoc's writer once, and the rules see that run's results."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

import naskah.check.docx
import naskah.check.pdf
from naskah.check import check_project
from naskah.cli import main


def test_check_built_runs_the_pipeline_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "skripsi"
    assert main(["new", str(project), "-q"]) == 0
    capsys.readouterr()
    runs: list[list[str]] = []
    real = subprocess.Popen

    class Counting(real):  # type: ignore[misc, valid-type]
        def __init__(self, args: Any, *rest: Any, **kw: Any) -> None:
            if isinstance(args, list | tuple) and "pandoc" in Path(str(args[0])).name:
                runs.append([str(a) for a in args])
            super().__init__(args, *rest, **kw)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    checked: list[Path] = []
    for module, name in ((naskah.check.pdf, "check_pdf"), (naskah.check.docx, "check_docx")):
        real_rule = getattr(module, name)

        def spy(path: Path, *args: Any, real_rule: Any = real_rule) -> None:
            checked.append(path)
            real_rule(path, *args)

        monkeypatch.setattr(module, name, spy)
    checker = check_project(project, built=True, out=tmp_path / "out")

    assert not checker.errors, [d.format() for d in checker.errors]
    assert set(checker.outputs) == {"pdf", "docx"}
    assert all(p.stat().st_size > 0 for p in checker.outputs.values())
    assert sorted(checked) == sorted(checker.outputs.values())  # the rules read what was built
    sources = sorted(p for p in project.rglob("*.md") if ".github" not in p.parts)
    reads = [r for r in runs if r[-4:] == ["-f", "markdown", "-t", "json"]]
    writes = [r for r in runs if r[2:6] == ["-f", "json", "-t", "docx"]]
    assert len(reads) == len(sources)
    assert len(writes) == 1
