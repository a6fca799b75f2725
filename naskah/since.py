"""``build.py docx --since REV``: the current thesis with every change since REV tracked.

The glue of three small pieces: :mod:`naskah.gitsource` puts the project as it was at REV into
a temporary folder (from git's objects; the working tree is never touched),
:func:`naskah.build.prepare` builds both versions (concurrently: each mostly waits on Pandoc),
:mod:`naskah.changes` merges them word by word and :mod:`naskah.writers.docx_changes` writes
``build/<output>-changes.docx``. Revisions carry thesis.yaml's ``author`` and the build's time
(``SOURCE_DATE_EPOCH`` when set, for reproducible files).
"""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from .build import prepare
from .changes import merge
from .diagnostics import BuildError, Report, print_report
from .document import Document
from .fsutil import atomic_write
from .gitsource import revision_tree


def revision_date() -> str:
    """The date of the tracked changes: SOURCE_DATE_EPOCH if set, else now (UTC, ISO 8601)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    try:
        when = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    except (ValueError, OverflowError, OSError):
        raise BuildError(f"SOURCE_DATE_EPOCH is not a number of seconds: '{epoch}'") from None
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _old(root: Path, rev: str) -> Document:
    """The thesis at ``rev``; its errors become one line that says which version failed."""
    report = Report()
    try:
        return prepare(root, report)
    except BuildError as exc:
        first = (exc.report.errors or report.errors or exc.report.items)
        detail = first[0].format() if first else str(exc)
        more = len(exc.report.errors) - 1
        extra = f" (and {more} more error{'s' if more > 1 else ''})" if more > 0 else ""
        raise BuildError(f"docx --since {rev}: the version at {rev} does not build: "
                         f"{detail}{extra}") from None


def changes_docx(project: Path, rev: str, out: Path | None, report: Report) -> Path:
    """Write the changes DOCX of ``project`` since ``rev``; return its path."""
    from .writers.docx_changes import write_changes_docx

    project = project.resolve()
    date = revision_date()
    with revision_tree(project, rev) as old_root, ThreadPoolExecutor(max_workers=2) as pool:
        old_job = pool.submit(_old, old_root, rev)
        new_job = pool.submit(prepare, project, report)
        new = new_job.result()
        old = old_job.result()
    path = (out or project / "build").resolve() / f"{new.config.output or 'thesis'}-changes.docx"
    author = new.config.author
    data = write_changes_docx(merge(old, new, author, date), report, author, date)
    report.raise_if_errors()
    atomic_write(path, data)
    return path


def run(args: argparse.Namespace, report: Report) -> int:
    """The CLI's ``docx --since REV``: exit status 0, or BuildError (status 1)."""
    path = changes_docx(args.project, args.since, args.out, report)
    print_report(report)
    if not args.quiet:
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        print(f"wrote {shown}", file=sys.stderr)
    return 0
