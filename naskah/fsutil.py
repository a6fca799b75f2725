"""Reading sources and writing outputs.

Sources are read one way everywhere (UTF-8, a BOM is fine, CRLF normalised, a bad byte located);
outputs are written so that a reader never sees half a file and a failed build loses nothing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .diagnostics import Report


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_text(path: Path, rel: str, report: Report, lenient: bool = False) -> str | None:
    """A source file as text: UTF-8 (a BOM is fine), CRLF normalised; errors located.

    ``lenient``: after reporting a bad byte, go on with it replaced (a library's other entries
    stay usable) instead of giving up on the file.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        report.error(f"cannot read: {exc.strerror}", rel, rule="unreadable-file")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error("not valid UTF-8 (save the file as UTF-8)", rel, line, col,
                     rule="unreadable-file")
        if not lenient:
            return None
        text = raw.decode("utf-8-sig", "replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")
