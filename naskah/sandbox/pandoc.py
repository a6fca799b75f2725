"""The one way naskah runs Pandoc: ``--sandbox``, a timeout, located errors, and its warnings
one line each (the DOCX writer locates them: :mod:`naskah.writers.docx_warnings`)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import BuildError, Diagnostic
from .limits import PANDOC_SECONDS


@dataclass
class PandocRun:
    """What one Pandoc run gave: its output and its warnings, one line each."""

    output: bytes
    warnings: list[str]


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc(args: list[str], data: bytes = b"", *, what: str = "Pandoc",
           file: str | None = None, timeout: float = PANDOC_SECONDS,
           files: dict[str, bytes] | None = None) -> PandocRun:
    """Run Pandoc sandboxed (``--sandbox``: it reads and fetches nothing itself).

    ``files`` are written to a private temporary folder first, and ``{name}`` in ``args`` is
    replaced by its path there (a reference DOCX, a bibliography, a CSL style). Failure and
    timeout raise :class:`BuildError` located at ``file``.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="naskah-pandoc-") as tmp:
        paths = {}
        for name, content in (files or {}).items():
            target = Path(tmp) / name
            target.write_bytes(content)
            paths[name] = str(target)
        for key, value in paths.items():
            args = [a.replace(f"{{{key}}}", value) for a in args]
        argv = [pandoc_path(), "--sandbox", *args]
        try:
            proc = subprocess.run(argv, input=data, capture_output=True, check=False,
                                  timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise BuildError(Diagnostic("error", f"{what}: no result after {timeout:g} s", file,
                                    rule="build")) from None
    messages = warning_lines(proc.stderr.decode("utf-8", "replace"))
    if proc.returncode != 0:
        detail = "; ".join(messages) or f"exit status {proc.returncode}"
        raise BuildError(Diagnostic("error", f"{what} failed: {detail}", file, rule="build"))
    return PandocRun(proc.stdout, messages)


def warning_lines(stderr: str) -> list[str]:
    """Pandoc's messages, one line each (its continuation lines joined, ``[WARNING]`` cut)."""
    out: list[str] = []
    for line in stderr.splitlines():
        if not line.strip():
            continue
        if line[:1].isspace() and out:
            out[-1] += " " + line.strip()
        else:
            out.append(re.sub(r"^\[(WARNING|INFO|ERROR)\]\s*", "", line.strip()))
    return out
