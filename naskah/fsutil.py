"""Reading sources and writing outputs.

Sources are read one way everywhere (UTF-8, a BOM is fine, CRLF normalised, a bad byte located);
outputs are written so that a reader never sees half a file and a failed build loses nothing.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from .diagnostics import Report

T = TypeVar("T")


def beside(path: Path, make: Callable[[Path], T]) -> tuple[Path, T]:
    """``make`` a new, hidden name beside ``path`` (retried while the name is taken).

    The file or folder is created with an ordinary mode (0666 / 0777) that the kernel reduces
    by the umask, as for any new file: reading the umask would mean changing it, for every
    thread of the process.
    """
    for _ in range(100):
        candidate = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return candidate, make(candidate)
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    tmp, fd = beside(path, lambda p: os.open(p, flags, 0o666))
    try:
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
