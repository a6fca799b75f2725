"""Reading sources and writing outputs.

Sources are read one way everywhere (UTF-8, a BOM is fine, CRLF normalised, a bad byte located);
outputs are written so that a reader never sees half a file and a failed build loses nothing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from .diagnostics import BuildError, Report

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
    tmp = _write_temp(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _label(path: Path, project: Path | None) -> str:
    """A path as diagnostics show it: relative to the project when inside it."""
    if project is not None and path.is_relative_to(project):
        return path.relative_to(project).as_posix() or "."
    return str(path)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    return exc.strerror or str(exc)


@contextlib.contextmanager
def _writing(folder: Path) -> Iterator[None]:
    """Hold the output folder's lock: one build writes at a time, so any temporary file found
    while holding it is a killed build's and can go."""
    try:
        import fcntl
    except ImportError:  # no flock (Windows): writes are still atomic, stale files stay
        yield
        return
    fd = os.open(folder, os.O_RDONLY)  # the folder itself is locked: no lock file
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for stale in folder.glob(".*.tmp"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_all(outputs: dict[Path, bytes], project: Path | None = None) -> None:
    """Write every output or none: all go to temporary files beside their targets first and
    are renamed into place only when all were written, so a failure (a full disk, a folder
    where a file should be, a read-only folder) leaves every previous output as it was.
    Problems are a :class:`BuildError` naming the path."""
    report = Report()
    folders = sorted({path.parent for path in outputs})
    for folder in folders:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            report.error("is a file, not a folder: outputs cannot be written into it",
                         _label(folder, project), rule="build")
        except OSError as exc:
            report.error(f"cannot create the output folder: {_reason(exc)}",
                         _label(folder, project), rule="build")
    for path in outputs:
        if path.is_dir():
            report.error("is a folder where the output file goes: remove or rename it",
                         _label(path, project), rule="build")
    report.raise_if_errors()
    with contextlib.ExitStack() as stack:
        for folder in folders:
            try:
                stack.enter_context(_writing(folder))
            except OSError as exc:
                raise BuildError(report_one(f"cannot write here: {_reason(exc)}",
                                            _label(folder, project))) from None
        temps: dict[Path, Path] = {}
        try:
            for path, data in outputs.items():
                try:
                    temps[path] = _write_temp(path, data)
                except OSError as exc:
                    raise BuildError(report_one(f"cannot write: {_reason(exc)}",
                                                _label(path, project))) from None
            for path, tmp in temps.items():
                os.replace(tmp, path)
        finally:
            for tmp in temps.values():
                Path(tmp).unlink(missing_ok=True)


def report_one(message: str, file: str) -> Report:
    report = Report()
    report.error(message, file, rule="build")
    return report


def _write_temp(path: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``path`` (flushed to disk); its name."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    tmp, fd = beside(path, lambda p: os.open(p, flags, 0o666))
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def read_text(path: Path, rel: str, report: Report, lenient: bool = False) -> str | None:
    """A source file as text: UTF-8 (a BOM is fine), CRLF normalised; errors located.

    ``lenient``: after reporting a bad byte, go on with it replaced (a library's other entries
    stay usable) instead of giving up on the file.
    """
    from . import sandbox

    parts = Path(rel).parts
    if not parts or ".." in parts or Path(rel).is_absolute():
        report.error("is outside the project folder; copy the file into the project", rel,
                     rule="unreadable-file")
        return None
    root = path.parents[len(parts) - 1]  # path is PROJECT/rel: confined to PROJECT
    try:
        raw = sandbox.read_bytes(root, path.relative_to(root))
    except sandbox.Refused as exc:
        report.error(str(exc), rel, rule="unreadable-file")
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
