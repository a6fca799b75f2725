"""The GitHub workflows: the repository's own (.github/workflows/thesis.yml, on the sample
thesis) and the one ``naskah new`` gives a thesis repository.

Their ``run:`` steps are run here, in order, as the runner would (bash, in the checkout), on a
copy of the sample thesis and on a new project. Install steps (pip, apt-get) are the only ones
skipped: they need the network, and this test runs the naskah being tested instead (the
interpreter's own folder first on PATH, the repository on PYTHONPATH). The artifacts the upload
steps name must then exist. The install steps themselves run in .ci/run (.ci/workflow.py): naskah
installed with no extras in a fresh venv, then every step of a new thesis's workflow.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from naskah.cli import main

from .conftest import ROOT, copy_sample

ROOT_WORKFLOW = ROOT / ".github" / "workflows" / "thesis.yml"
NEW_WORKFLOW = ROOT / "naskah" / "data" / "new" / "files" / "github" / "workflows" / "thesis.yml"
INSTALLER = re.compile(r"^(sudo\s+)?(apt-get|apt|(python3?\s+-m\s+)?pip3?)\s+(install|update)\b")


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    return job["steps"]


def commands(script: str) -> list[str]:
    return [c.strip() for line in script.splitlines() for c in line.split("&&") if c.strip()]


def run_steps(workflow: dict[str, Any], cwd: Path) -> tuple[list[str], str]:
    """Run every ``run:`` step in order; the skipped install commands and all stdout."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env["GITHUB_ACTIONS"] = "true"
    skipped: list[str] = []
    output = ""
    for step in steps(workflow):
        if "run" not in step:
            continue
        cmds = commands(step["run"])
        if all(INSTALLER.match(c) for c in cmds):
            skipped += cmds
            continue
        proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]], cwd=cwd,
                              env={**env, **step.get("env", {})}, capture_output=True,
                              text=True, timeout=300, check=False)
        output += proc.stdout
        assert proc.returncode == 0, f"step {step.get('name')!r} failed:\n{proc.stdout}\n" \
                                     f"{proc.stderr}"
    return skipped, output


def uploads(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in steps(workflow) if str(s.get("uses", "")).startswith(
        "actions/upload-artifact@")]


@pytest.mark.parametrize("path", [ROOT_WORKFLOW, NEW_WORKFLOW], ids=["repository", "new"])
def test_workflow_shape(path: Path) -> None:
    workflow = load(path)
    assert "push" in workflow["on"]
    all_steps = steps(workflow)
    setup = [s for s in all_steps if str(s.get("uses", "")).startswith("actions/setup-python@")]
    assert setup and str(setup[0]["with"]["python-version"]) == "3.11"
    runs = [c for s in all_steps if "run" in s for c in commands(s["run"])]
    install = "python -m pip install ." if path == ROOT_WORKFLOW else \
        "python -m pip install -r requirements.txt"
    assert install in runs
    assert any(c.startswith("python build.py check") and "--format github" in c for c in runs)
    assert any("--built" in c for c in runs)  # builds the PDF and DOCX, then checks them
    paths = {s["with"]["path"] for s in uploads(workflow)}
    assert paths == {"build/*.pdf", "build/*.docx"}
    assert all(s.get("if") == "always()" for s in uploads(workflow))


def _artifacts(workflow: dict[str, Any], project: Path) -> None:
    has_docx = (ROOT / "naskah" / "writers" / "docx.py").is_file()
    for step in uploads(workflow):
        pattern = step["with"]["path"]
        if pattern.endswith(".docx") and not has_docx:
            continue
        assert list(project.glob(pattern)), f"no artifact for {pattern}"


def test_repository_workflow_runs_on_the_sample(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "repo")
    shutil.copy2(ROOT / "build.py", project / "build.py")
    workflow = load(ROOT_WORKFLOW)
    skipped, output = run_steps(workflow, project)
    assert "python -m pip install ." in skipped
    assert not [line for line in output.splitlines() if line.startswith("::")], output
    assert output.strip().endswith("check: no problems found")
    _artifacts(workflow, project)


def test_new_project_workflow_runs(tmp_path: Path) -> None:
    project = tmp_path / "skripsi"
    assert main(["new", str(project), "--naskah", "naskah==0.1.0"]) == 0
    workflow = load(project / ".github" / "workflows" / "thesis.yml")
    skipped, output = run_steps(workflow, project)
    assert "python -m pip install -r requirements.txt" in skipped
    assert "naskah==0.1.0" in (project / "requirements.txt").read_text("utf-8")
    assert output.strip().endswith("check: no problems found"), output
    _artifacts(workflow, project)
