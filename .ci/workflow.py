"""Run a GitHub workflow's ``run:`` steps in order, as the runner would, install steps included.

Used by .ci/run on the workflow ``naskah new`` writes, in a fresh virtual environment that has
naskah installed with no extras: what a new thesis repository's CI does on its first push.
``sudo`` is provided as a pass-through when it is missing and we are root (CI containers).
Usage: python .ci/workflow.py WORKFLOW.yml PROJECT_DIR
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml


def main(workflow: Path, project: Path) -> int:
    data = yaml.safe_load(workflow.read_text("utf-8"))
    (job,) = data["jobs"].values()
    env = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(project))
    with tempfile.TemporaryDirectory() as shims:
        if shutil.which("sudo") is None and os.geteuid() == 0:
            sudo = Path(shims) / "sudo"
            sudo.write_text('#!/bin/sh\nexec "$@"\n', encoding="utf-8")
            sudo.chmod(0o755)
            env["PATH"] = os.pathsep.join([shims, env.get("PATH", "")])
        for step in job["steps"]:
            if "run" not in step:
                continue
            print(f"--- step: {step.get('name', step['run'])}", flush=True)
            proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", step["run"]],
                                  cwd=project, env={**env, **step.get("env", {})}, check=False)
            if proc.returncode != 0:
                print(f"step {step.get('name')!r} failed with status {proc.returncode}",
                      file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
