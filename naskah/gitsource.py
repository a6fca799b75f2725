"""An earlier revision of the thesis, read from git's objects into a temporary folder.

``docx --since REV`` needs the old sources without disturbing the student's work: no checkout,
no stash, nothing written into the working tree or the index. Git's object database has every
file of every commit; ``git ls-tree`` lists the project folder's files at REV and one
``git cat-file --batch`` process hands over their contents, which are written into a temporary
folder outside the repository (deleted when the ``with`` block ends). The project may be a
subfolder of the repository (``git rev-parse --show-prefix``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from .diagnostics import BuildError


def _git(project: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """One git command in the project folder; a missing git binary is a clear error."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(["git", "-C", str(project), *args], input=stdin,
                              capture_output=True, check=False, env=env)
    except FileNotFoundError:
        raise BuildError("docx --since needs git, which is not installed (or not on PATH)"
                         ) from None


def resolve(project: Path, rev: str) -> tuple[str, str]:
    """(commit id, project prefix inside the repository) of ``rev``, or a one-line BuildError."""
    proc = _git(project, "rev-parse", "--show-prefix")
    if proc.returncode != 0:
        raise BuildError(f"docx --since {rev}: {project} is not in a git repository")
    prefix = proc.stdout.decode("utf-8", "replace").strip()
    if rev.startswith("-"):  # never let a revision be read as an option
        raise BuildError(f"docx --since: unknown revision '{rev}'")
    proc = _git(project, "rev-parse", "--verify", "--quiet", "--end-of-options",
                f"{rev}^{{commit}}")
    if proc.returncode != 0:
        raise BuildError(f"docx --since: unknown revision '{rev}' (a tag, a commit or a name "
                         "like HEAD~3 that this repository knows)")
    return proc.stdout.decode("ascii").strip(), prefix


def _tree(project: Path, commit: str, prefix: str) -> list[tuple[str, str, str]]:
    """(mode, object id, path inside the project) of every file of the project at ``commit``."""
    proc = _git(project, "ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".")
    if proc.returncode != 0:
        raise BuildError(f"docx --since: git could not list {commit[:12]}: "
                         f"{proc.stderr.decode('utf-8', 'replace').strip()}")
    out = []
    for entry in proc.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, oid = meta.split()
        if kind == "blob" and path.startswith(prefix):
            out.append((mode, oid, path[len(prefix):]))
    return out


def _blobs(project: Path, oids: list[str]) -> list[bytes]:
    """The contents of the blobs, in order, from one ``git cat-file --batch``."""
    proc = _git(project, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode())
    if proc.returncode != 0:
        raise BuildError("docx --since: git could not read the old files: "
                         f"{proc.stderr.decode('utf-8', 'replace').strip()}")
    data, at, out = proc.stdout, 0, []
    for oid in oids:
        end = data.index(b"\n", at)
        header = data[at:end].split()
        if len(header) != 3:
            raise BuildError(f"docx --since: git could not read object {oid}")
        size = int(header[2])
        out.append(data[end + 1:end + 1 + size])
        at = end + 1 + size + 1
    return out


@contextmanager
def revision_tree(project: Path, rev: str) -> Iterator[Path]:
    """The project folder as it was at ``rev``, in a temporary folder removed afterwards."""
    project = project.resolve()
    commit, prefix = resolve(project, rev)
    files = _tree(project, commit, prefix)
    if not files:
        where = f"'{prefix.rstrip('/')}'" if prefix else "the project"
        raise BuildError(f"docx --since {rev}: {where} has no files at that revision")
    tmp = Path(tempfile.mkdtemp(prefix="naskah-since-"))
    try:
        root = tmp / "project"
        root.mkdir()
        # Symbolic links are left out (the old version gets no such file), and so is any path
        # that would climb out of the folder.
        wanted = [(oid, rel) for mode, oid, rel in files
                  if mode != "120000" and ".." not in PurePosixPath(rel).parts]
        for (_, rel), data in zip(wanted, _blobs(project, [oid for oid, _ in wanted]),
                                  strict=True):
            path = root / PurePosixPath(rel)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        yield root
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
