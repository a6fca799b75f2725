"""``watch``: rebuild the PDF on every save, reusing unchanged work (see naskah.cache).

Errors are printed as ``file:line`` and watching goes on; the PDF is replaced atomically, so a
viewer that reloads on change never reads half a file. Stop with Ctrl+C.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..build import build
from ..cache import BuildCache
from ..diagnostics import BuildError, Report

WATCHED = ("thesis.yaml", "references.bib", "chapters", "front", "appendices", "figures",
           "templates")


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("watch", parents=[common], help="rebuild the PDF on every save")
    p.add_argument("--docx", action="store_true", help="rebuild the DOCX too")


def rebuild(project: Path, out: Path | None, targets: tuple[str, ...], cache: BuildCache) -> bool:
    """One rebuild; prints its outcome. False when the thesis has errors."""
    report = Report()
    t0 = time.perf_counter()
    try:
        build(project, out, targets, report, cache=cache)
    except BuildError as exc:
        for d in exc.report.items:
            print(d.format(), file=sys.stderr)
        return False
    for d in report.items:
        print(d.format(), file=sys.stderr)
    print(f"[{time.strftime('%H:%M:%S')}] built in {time.perf_counter() - t0:.2f} s",
          file=sys.stderr)
    return True


def run(args: argparse.Namespace, report: Report) -> int:
    try:
        from watchfiles import watch
    except ImportError:
        report.error("watch needs the watchfiles package: pip install watchfiles", rule="build")
        raise BuildError(report) from None
    project: Path = args.project.resolve()
    out = args.out.resolve() if args.out else project / "build"
    targets = ("pdf", "docx") if args.docx else ("pdf",)
    cache = BuildCache()
    rebuild(project, out, targets, cache)
    paths = [project / name for name in WATCHED if (project / name).exists()]
    print(f"watching {project} (Ctrl+C stops)", file=sys.stderr)
    try:
        for changes in watch(*paths, debounce=150, step=50):
            if any(not Path(path).is_relative_to(out) for _, path in changes):
                rebuild(project, out, targets, cache)
    except KeyboardInterrupt:
        pass
    return 0
