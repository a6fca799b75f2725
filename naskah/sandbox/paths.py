"""Every file a thesis names resolves inside the project (links included), is a regular file
(no device, FIFO or socket), is not hidden and is below a size cap; outputs are file names."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

from ..pandoc_ast import NESTING, tree
from .limits import MAX_ASSET_BYTES, MAX_DEPTH, MAX_SOURCE_BYTES, MAX_ZIP_PART, MAX_ZIP_RATIO


class Refused(Exception):
    """A path the thesis may not use; the message says why, for a located error."""


def hidden(name: str) -> bool:
    """Editor lock and backup files, macOS resource forks, dotfiles: never sources."""
    return name.startswith((".", "_.")) or name.endswith("~")


def confine(project: Path, name: str | os.PathLike[str], *, max_bytes: int = MAX_SOURCE_BYTES,
            must_exist: bool = True) -> Path:
    """The resolved path of ``name`` (relative to ``project``), or :class:`Refused`.

    Refused: an absolute path or a URL, anything that resolves (links included) outside the
    project, a hidden file, a device, FIFO or socket, a folder, a file over ``max_bytes``.
    """
    text = os.fspath(name)
    if "://" in text or text.startswith(("file:", "data:")):
        raise Refused("must be a file in the project folder, not a URL")
    if os.path.isabs(text) or text.startswith("~"):
        raise Refused("must be relative to the project folder, not an absolute path")
    root = project.resolve()
    path = (root / text)
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):
        raise Refused("is a link that loops") from None
    if not real.is_relative_to(root):
        raise Refused("is outside the project folder (through '..' or a link); "
                      "copy the file into the project")
    if not must_exist and not os.path.lexists(real):
        return real
    try:
        info = real.stat()
    except FileNotFoundError:
        if os.path.islink(path):
            raise Refused("cannot read: No such file (a link to nothing)") from None
        raise Refused("not found") from None
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Refused("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("is not a regular file (a device, FIFO or socket)")
    if info.st_size > max_bytes:
        raise Refused(f"is larger than {max_bytes // 1_000_000} MB")
    return real


def read_bytes(project: Path, name: str | os.PathLike[str], *,
               max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a project file after :func:`confine`; never more than ``max_bytes``.

    Opened without blocking and checked again once open, so a file swapped for a FIFO or a
    device between the check and the read cannot hang or flood the build.
    """
    real = confine(project, name, max_bytes=max_bytes)
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(real, flags)
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused("is not a regular file (a device, FIFO or socket)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused(f"is larger than {max_bytes // 1_000_000} MB")
    return data


def listing(project: Path, folder: str, pattern: str = "*.md") -> list[Path]:
    """The visible files of a project folder matching ``pattern``, sorted (hidden ones skipped)."""
    base = project / folder
    return sorted(p for p in base.glob(pattern) if not hidden(p.name))


def typst_reach_problems(project: Path) -> list[tuple[str, str]]:
    """What Typst written in the thesis could misuse: ``(path, problem)`` for every link that
    leads out of the project and every device, FIFO or socket in it (reading a FIFO hangs the
    build, a device never ends). Typst may read any file under its root, so when a thesis holds
    Typst of its own the whole project is checked, not only the files the thesis names."""
    root = project.resolve()
    found = []
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                try:
                    outside = not path.resolve().is_relative_to(root)
                except (OSError, RuntimeError):
                    outside = True
                if outside and not _venv_interpreter(path):
                    found.append((rel, "a link to outside the project folder, which Typst in "
                                       "the thesis could read: remove it or copy the file in"))
                continue
            try:
                mode = path.lstat().st_mode
            except OSError:
                continue
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
                found.append((rel, "a device, FIFO or socket, which Typst in the thesis could "
                                   "read forever: remove it from the project folder"))
    return found


def _venv_interpreter(path: Path) -> bool:
    """A virtual environment's ``bin/python*`` link to its base interpreter (the README
    suggests a ``.venv`` in the thesis folder): a program file, nothing a thesis could leak."""
    return (path.parent.name in ("bin", "Scripts") and path.name.startswith("python")
            and (path.parent.parent / "pyvenv.cfg").is_file())


HREF = re.compile(rb"""(?:href|src)\s*=\s*["']\s*([^"']*)["']|url\(\s*["']?([^)"']*)""", re.I)


def svg_problems(project: Path, svg: Path) -> list[str]:
    """What an SVG in the project names that a build may not read (Typst would embed it).

    Fragments (``#id``) and ``data:`` URIs are fine; a relative file must itself pass
    :func:`confine` from the SVG's folder; URLs, absolute paths and external entities not.
    """
    data = read_bytes(project, svg.relative_to(project.resolve()), max_bytes=MAX_ASSET_BYTES)
    problems = []
    if re.search(rb"<!ENTITY[^>]*(SYSTEM|PUBLIC)", data):
        problems.append("declares an external entity")
    folder = svg.parent.relative_to(project.resolve())
    for match in HREF.finditer(data):
        ref = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace").strip()
        if not ref or ref.startswith(("#", "data:")):
            continue
        try:
            confine(project, (folder / ref).as_posix() if "://" not in ref
                    and not os.path.isabs(ref) else ref, max_bytes=MAX_ASSET_BYTES)
        except Refused as exc:
            problems.append(f"refers to '{ref}', which {exc}")
    return problems


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether Pandoc AST ``value`` nests more than ``limit`` elements deep (an element counts
    when its content is a list); :func:`~naskah.pandoc_ast.tree` does not recurse, and runs over
    every parsed file, so words are passed over unvisited."""
    return any(depth >= limit and type(el.get("c")) is list
               for el, _, depth in tree(value, NESTING, enter=_deeper, context=0))


def _deeper(el: dict[str, Any], holder: list[Any], depth: int) -> int:
    return depth + 1


def zip_part(archive: Any, name: str, *, max_bytes: int = MAX_ZIP_PART) -> bytes:
    """One member of an open ``zipfile.ZipFile``, refused (:class:`Refused`) before it is
    inflated when its declared size or compression ratio is a bomb's, and cut off if it
    inflates past ``max_bytes`` anyway (a lying header). Missing: :class:`Refused` too."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise Refused(f"has no {name}: not a Word document") from None
    if info.file_size > max_bytes or (
            info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO
            and info.file_size > 1_000_000):
        raise Refused(f"{name} would expand to {info.file_size:,} bytes (a zip bomb?)")
    with archive.open(info) as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused(f"{name} expands past {max_bytes:,} bytes (a zip bomb?)")
    return data


STEM = re.compile(r"^[^/\\\x00]+$")


def output_stem(value: str) -> str | None:
    """Why ``value`` cannot be the file stem of the outputs (None when it can).

    ``output:`` names files inside the output folder only: ``../x``, ``/tmp/x`` and
    ``figures/x`` would write (or overwrite) elsewhere.
    """
    if not value.strip():
        return "must not be empty"
    if not STEM.match(value) or value in (".", ".."):
        return "must be a file name without folders (the outputs go into build/)"
    if value.startswith("."):
        return "must not start with '.' (hidden files)"
    if len(value) > 200:
        return "is too long for a file name"
    return None
