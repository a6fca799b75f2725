"""Benchmark naskah against the floor (plain Pandoc Markdown→Typst plus a Typst compile).

Builds the synthetic thesis of bench/make_thesis.py several times and prints medians side by
side: our PDF, our DOCX, both, the floor, the ratio to the floor, the time of each stage, the
peak memory of a full build, a rebuild after a one-paragraph edit (as `watch` does it), and the
growth from scale 1.0 to 2.0.

    python bench/run.py [--scale 1.0] [--runs 5] [--no-growth]
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import typst

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_thesis import make  # noqa: E402
from naskah.build import build  # noqa: E402
from naskah.cache import BuildCache  # noqa: E402
from naskah.diagnostics import Report  # noqa: E402
from naskah.sandbox import pandoc_path  # noqa: E402

FLOOR_PREAMBLE = ('#set page(paper: "a4", margin: (top: 4cm, left: 4cm, bottom: 3cm, right: 3cm))\n'
                  '#set text(size: 12pt)\n#set par(justify: true, leading: 0.9em)\n')


def timed(fn, runs: int) -> tuple[float, list]:
    times, results = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        results.append(fn())
        times.append(time.perf_counter() - t0)
    return statistics.median(times), results


def floor(project: Path) -> None:
    """Plain Pandoc Markdown→Typst and a Typst compile of the same chapters, citations as notes."""
    text = "\n\n".join(p.read_text("utf-8") for p in sorted((project / "chapters").glob("*.md")))
    text = re.sub(r"\[(?:[^\[\]]*?)@src\d+[^\[\]]*\]", "^[Catatan sumber.]", text)
    proc = subprocess.run([pandoc_path(), "-f", "markdown", "-t", "typst"],
                          input=text.encode(), capture_output=True, check=True)
    typst.compile((FLOOR_PREAMBLE + proc.stdout.decode()).encode(), root=str(project))


def our_build(project: Path, out: Path, targets: tuple[str, ...]) -> dict[str, float]:
    return build(project, out, targets, Report()).timings


def peak_memory_mb(project: Path, out: Path) -> float:
    """Peak resident memory of a full build (PDF + DOCX) in its own process."""
    # VmHWM, not ru_maxrss: after fork+exec, ru_maxrss still counts the parent's pages.
    code = ("import re; from pathlib import Path; from naskah.build import build; "
            "from naskah.diagnostics import Report; "
            f"build(Path({str(project)!r}), Path({str(out)!r}), ('pdf', 'docx'), Report()); "
            "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parent.parent)
    return int(proc.stdout.strip().splitlines()[-1]) / 1024


def incremental(project: Path, out: Path, runs: int) -> tuple[float, dict[str, float]]:
    """Median rebuild time of the PDF after editing one paragraph, with a warm cache, and the
    median time of each stage of those rebuilds."""
    cache = BuildCache()
    build(project, out, ("pdf",), Report(), cache=cache)
    chapter = sorted((project / "chapters").glob("*.md"))[2]
    original = chapter.read_text("utf-8")
    times, stages = [], []
    for i in range(runs):
        edited = original.replace("\n\n", f"\n\nParagraf suntingan nomor {i} ditambahkan.\n\n", 3)
        chapter.write_text(edited, "utf-8")
        t0 = time.perf_counter()
        stages.append(build(project, out, ("pdf",), Report(), cache=cache).timings)
        times.append(time.perf_counter() - t0)
    chapter.write_text(original, "utf-8")
    return statistics.median(times), {k: statistics.median(t.get(k, 0.0) for t in stages)
                                      for k in stages[0]}


def incremental_fresh_process(project: Path, out: Path, runs: int
                              ) -> tuple[float, dict[str, float]]:
    """:func:`incremental` in a process of its own, as ``watch`` runs: a process that already
    compiled other documents carries Typst's memo caches of all of them."""
    code = ("import json, sys; from pathlib import Path; from bench.run import incremental; "
            f"print(json.dumps(incremental(Path({str(project)!r}), Path({str(out)!r}), {runs})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parent.parent)
    median, stages = json.loads(proc.stdout.strip().splitlines()[-1])
    return median, stages


def measure(scale: float, runs: int, work: Path, full: bool = True) -> dict[str, float]:
    project = make(work / f"thesis-{scale}", scale)
    out = project / "build"
    our_build(project, out, ("pdf",))  # warm-up: imports, font discovery, disk cache
    result: dict[str, float] = {}
    result["pdf"], timings = timed(lambda: our_build(project, out, ("pdf",)), runs)
    result["floor"], _ = timed(lambda: floor(project), runs)
    if full:
        result["docx"], _ = timed(lambda: our_build(project, out, ("docx",)), runs)
        result["both"], _ = timed(lambda: our_build(project, out, ("pdf", "docx")), runs)
        result["peak_mb"] = peak_memory_mb(project, out)
        result["rebuild"], rebuild_stages = incremental_fresh_process(project, out, runs)
        result.update({f"rebuild:{k}": v for k, v in rebuild_stages.items()})
        stages = {k: statistics.median(t.get(k, 0.0) for t in timings) for k in timings[0]}
        result.update({f"stage:{k}": v for k, v in stages.items()})
    pages = len(re.findall(rb"/Type\s*/Page\b", (out / "thesis.pdf").read_bytes()))
    result["pages"] = pages
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-growth", action="store_true", help="skip the scale 2.0 run")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pdf-only", action="store_true", help="only the PDF and the floor")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        r = measure(args.scale, args.runs, Path(tmp), full=not args.pdf_only)
    growth = None
    if not args.no_growth:
        # In a process of its own, like every build: Typst's memo caches outlive a compile.
        proc = subprocess.run([sys.executable, __file__, "--scale", str(args.scale * 2),
                               "--runs", str(max(3, args.runs // 2)), "--no-growth",
                               "--pdf-only", "--json"], capture_output=True, text=True, check=True)
        growth = json.loads(proc.stdout)["pdf"] / r["pdf"]
    if args.json or args.pdf_only:
        print(json.dumps({**r, "growth": growth}, indent=2))
        return
    print(f"machine: {platform.machine()}, {platform.python_implementation()} "
          f"{platform.python_version()}, {__import__('os').cpu_count()} cores")
    print(f"synthetic thesis at scale {args.scale}: {r['pages']} pages; median of {args.runs}")
    print(f"  PDF            {r['pdf']:6.2f} s   (target ≤ 1.25 × floor)")
    print(f"  floor          {r['floor']:6.2f} s   (Pandoc Markdown→Typst + Typst compile)")
    print(f"  PDF / floor    {r['pdf'] / r['floor']:6.2f}")
    print(f"  DOCX           {r['docx']:6.2f} s")
    print(f"  PDF + DOCX     {r['both']:6.2f} s   ({r['both'] / r['pdf']:.2f} × PDF; target ≤ 1.5)")
    print(f"  rebuild        {r['rebuild']:6.2f} s   (one-paragraph edit, warm; target ≤ 0.5)")
    print(f"  peak memory    {r['peak_mb']:6.0f} MB  (target ≤ 500)")
    if growth is not None:
        print(f"  scale 2 / 1    {growth:6.2f}     (target ≤ 2.2)")
    print("  stages of the PDF build, and of a rebuild:")
    for key, value in r.items():
        if key.startswith("stage:"):
            again = r.get(f"rebuild:{key[6:]}", 0.0)
            print(f"    {key[6:]:<14} {value:6.3f} s   {again:6.3f} s")


if __name__ == "__main__":
    main()
