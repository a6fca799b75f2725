"""The command line: options are parsed here and handed to the build; no logic of its own.

Exit status: 0 done; 1 the thesis has errors (bad input, failed check); 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import commands
from .diagnostics import BuildError, Report, print_internal_error, print_report


def parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."),
                        help="the thesis project folder (default: current folder)")
    common.add_argument("--out", type=Path, default=None,
                        help="output folder (default: PROJECT/build)")
    common.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    common.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    p = argparse.ArgumentParser(prog="naskah",
                                description="Build an Indonesian thesis from Markdown and BibTeX.",
                                epilog="Without a command: build. Common options go after the "
                                       "command: naskah pdf --project DIR")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("build", parents=[common], help="PDF and DOCX into build/ (the default)")
    sub.add_parser("pdf", parents=[common], help="the PDF only")
    docx = sub.add_parser("docx", parents=[common], help="the DOCX only")
    docx.add_argument("--since", metavar="REV", default=None,
                      help="instead write build/thesis-changes.docx: every change since git "
                           "revision REV (a tag, a commit, HEAD~3) as Word tracked changes")
    notes = sub.add_parser("notes", parents=[common], help="every footnote as it will print")
    notes.add_argument("--json", action="store_true", help="as a JSON list")
    for module in commands.available().values():
        module.register(sub, common)
    return p


class Progress:
    """A progress line on builds longer than a second (stage and elapsed time), on stderr."""

    def __init__(self, quiet: bool):
        self.quiet = quiet or not sys.stderr.isatty()
        self.shown = False

    def __call__(self, stage: str, elapsed: float) -> None:
        if self.quiet or elapsed < 1.0:
            return
        self.shown = True
        print(f"\r{stage} … {elapsed:.1f} s", end="", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.shown:
            print("\r\033[K", end="", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = parser()
    names = {name for action in p._actions  # noqa: SLF001 - argparse has no API for this
             if isinstance(action, argparse._SubParsersAction) for name in action.choices}
    # The command may come anywhere (`--project X pdf`); without one, build.
    at = next((i for i, a in enumerate(argv)
               if a in names and (i == 0 or argv[i - 1] not in ("--project", "--out"))), None)
    if at is not None:
        argv.insert(0, argv.pop(at))
    elif not {"-h", "--help"} & set(argv):
        argv.insert(0, "build")
    args = p.parse_args(argv)
    command = args.command
    report = Report()
    try:
        return run(command, args, report)
    except BuildError as exc:
        print_report(exc.report if exc.report.items else report)
        if exc.report is not report:
            for d in report.warnings:
                print(d.format(), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `naskah notes | head`: the reader has all it wanted
        quiet_stdout()
        return 0
    except Exception as exc:  # noqa: BLE001 - one line instead of a traceback
        print_internal_error(exc, args.debug)
        return 1


def quiet_stdout() -> None:
    """Point stdout at /dev/null, so Python's flush at exit does not fail on the closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run(command: str, args: argparse.Namespace, report: Report) -> int:
    from .build import build, prepare

    project: Path = args.project
    extra = commands.available()
    if command in extra:
        return extra[command].run(args, report)
    if command == "notes":
        from .notes import format_footnotes

        doc = prepare(project.resolve(), report)
        print_report(report)
        print(format_footnotes(doc.footnotes, as_json=args.json))
        return 0
    if command == "docx" and args.since:
        from . import since

        return since.run(args, report)
    targets = {"build": ("pdf", "docx"), "pdf": ("pdf",), "docx": ("docx",)}[command]
    progress = Progress(args.quiet)
    t0 = time.perf_counter()
    try:
        result = build(project, args.out, targets, report, progress)
    finally:
        progress.done()
    print_report(report)
    if not args.quiet:
        for path in result.outputs.values():
            print(f"wrote {_shown(path)}", file=sys.stderr)
        print(f"done in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
