"""``watch``: rebuild the PDF on every save, reusing unchanged work (see naskah.cache).

Errors are printed as ``file:line`` and watching goes on, whatever went wrong (an internal
error too); the last good PDF stays, replaced atomically, so a viewer that reloads on change
never reads half a file. The project folder is watched, not single files, so a save by rename
(``sed -i``, Emacs, many editors) is seen every time. Stop with Ctrl+C.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..build import build
from ..cache import BuildCache
from ..diagnostics import BuildError, Report, print_internal_error
from ..sandbox import hidden

IGNORED = (".git", ".venv", "__pycache__", "node_modules")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("watch", parents=[common], help="rebuild the PDF on every save")
    p.add_argument("--docx", action="store_true", help="rebuild the DOCX too")


def rebuild(project: Path, out: Path | None, targets: tuple[str, ...], cache: BuildCache,
            debug: bool = False) -> bool:
    """One rebuild; prints its outcome. False when the thesis has errors."""
    report = Report()
    t0 = time.perf_counter()
    try:
        build(project, out, targets, report, cache=cache)
    except BuildError as exc:
        for d in exc.report.items:
            print(d.format(), file=sys.stderr)
        return False
    except Exception as exc:  # noqa: BLE001 - a bug must not end watching
        print_internal_error(exc, debug)
        return False
    for d in report.items:
        print(d.format(), file=sys.stderr)
    print(f"[{time.strftime('%H:%M:%S')}] built in {time.perf_counter() - t0:.2f} s",
          file=sys.stderr)
    return True


def run(args: argparse.Namespace, report: Report) -> int:
    from watchfiles import watch

    project: Path = args.project.resolve()
    out = args.out.resolve() if args.out else project / "build"
    targets = ("pdf", "docx") if args.docx else ("pdf",)
    cache = BuildCache()
    debug = bool(getattr(args, "debug", False))
    rebuild(project, out, targets, cache, debug)
    print(f"watching {project} (Ctrl+C stops)", file=sys.stderr)
    try:
        for changes in watch(project, debounce=150, step=50,
                             watch_filter=lambda _, path: relevant(Path(path), project, out)):
            if changes:
                rebuild(project, out, targets, cache, debug)
    except KeyboardInterrupt:
        pass
    return 0


def relevant(path: Path, project: Path, out: Path) -> bool:
    """A change that can alter the outputs: not in the output folder, .git or a virtual
    environment, not an editor's lock, backup or temporary file."""
    if path.is_relative_to(out):
        return False
    rel = path.relative_to(project).parts if path.is_relative_to(project) else path.parts
    if any(part in IGNORED for part in rel):
        return False
    name = path.name
    return not (hidden(name) or name.endswith((".swp", ".swx", ".tmp")) or name.startswith("#"))
