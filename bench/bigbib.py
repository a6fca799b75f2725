"""A thesis citing a big library whole: notes + PDF time and peak memory (issue 13).

Generates ~2,400 sources of every entry type (bench/make_thesis.py's generator) and five
chapters that cite each of them about twice (a full note, then an *Ibid.* or a short note; some
inside footnotes after "Lihat", some in two-source notes) — about 4,800 notes, the Daftar Pustaka
listing all of them. Builds the PDF in a fresh process and prints the stages, the wall time,
the CPU seconds of the build process and the machine's load average (on a busy machine the wall
time says little), and two peaks of resident memory:

- ``peak_mb``: the build process's own (VmHWM, exact): Python, and Typst, which compiles
  in-process;
- ``tree_peak_mb``: the build's whole footprint, the largest *sum* of the resident memory of
  the build process and of every process it started at that moment (sampled every 5 ms from
  /proc; see :func:`tree_rss_kb`). The Pandoc readers (up to four at once, during ``read``)
  overlap in time with each other and with the build process, so they are added up, not
  maxed; they have exited before Typst starts. At least ``peak_mb``: a sample can miss the
  build process's own last spike.

Not a timed test: run it and read the numbers.

    python bench/bigbib.py [--sources 2400] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.make_thesis import bib_entry, sentence  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def make(out: Path, sources: int, seed: int = 13) -> Path:
    """Write the thesis into ``out``."""
    rng = random.Random(seed)
    (out / "chapters").mkdir(parents=True, exist_ok=True)
    (out / "references.bib").write_text(
        "\n\n".join(bib_entry(i, rng) for i in range(sources)) + "\n", encoding="utf-8")
    (out / "thesis.yaml").write_text(
        "title: Tesis dengan Pustaka Besar\nauthor: Penulis Uji\nyear: 2026\n"
        "nocite: ['*']\n", encoding="utf-8")
    keys = [f"src{i:03d}" for i in range(sources)]
    per = len(keys) // 5 + 1
    for c in range(5):
        lines = [f"# Bab {c + 1}", ""]
        for j, key in enumerate(keys[c * per:(c + 1) * per]):
            text = sentence(rng, 14)
            page = rng.randint(1, 300)
            lines.append(f"{text} [@{key}, {page}]. {sentence(rng, 10)}"
                         + (f"^[Lihat [@{key}, {page + 2}] untuk rinciannya.]" if j % 3 == 0
                            else f" [@{key}, {page + 1}; @{keys[j - 1]}]" if j % 3 == 1
                            else f" [@{key}]."))
            lines.append("")
        (out / "chapters" / f"{c + 1:02d}-bab.md").write_text("\n".join(lines), "utf-8")
    return out


CODE = """
import json, re, time
from pathlib import Path
from naskah.build import build
from naskah.diagnostics import Report
report = Report()
t0 = time.perf_counter()
result = build(Path({project!r}), Path({out!r}), ("pdf",), report)
wall = time.perf_counter() - t0
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) / 1024
import resource
ru = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({{"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "peak_mb": peak,
                  "timings": result.timings, "errors": len(report.errors)}}))
"""


def tree_rss_kb(pid: int) -> int:
    """Resident memory (kB) of process ``pid`` and of all its descendants right now.

    Each process's own pages (RssAnon, RssShmem) are added up; pages of files (RssFile: the
    program and its libraries) are shared by the processes of one program, so they count once
    per program, as much as its largest process has (four Pandoc readers map one 160 MB binary,
    and run the same code: what one touched and the largest did not is all this leaves out).
    """
    own, files, todo = 0, {}, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            exe = os.readlink(f"/proc/{p}/exe")
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except OSError:  # it exited meanwhile
            continue
        kb = {k: int(v) for k, v in re.findall(r"(Rss\w+):\s+(\d+)", status)}
        own += kb.get("RssAnon", 0) + kb.get("RssShmem", 0)
        files[exe] = max(files.get(exe, 0), kb.get("RssFile", 0))
    return own + sum(files.values())


def run_once(project: Path, out: Path) -> dict:
    """One build in a fresh process, its process tree's memory sampled while it runs."""
    with tempfile.TemporaryFile() as output:  # files, not pipes: nothing blocks the build
        proc = subprocess.Popen(
            [sys.executable, "-c", CODE.format(project=str(project), out=str(out))],
            stdout=output, stderr=subprocess.STDOUT, cwd=ROOT)
        tree_peak = 0
        while proc.poll() is None:
            tree_peak = max(tree_peak, tree_rss_kb(proc.pid))
            time.sleep(0.005)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if proc.returncode:
        sys.exit(f"the build failed:\n{text}")
    result = json.loads(text.strip().splitlines()[-1])
    # Sampling can miss the build process's last spike; its own peak is exact.
    return {**result, "tree_peak_mb": max(tree_peak / 1024, result["peak_mb"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sources", type=int, default=2400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = make(Path(tmp) / "thesis", args.sources)
        results = [run_once(project, Path(tmp) / "build") for _ in range(args.runs)]
        import pdfplumber  # only to count pages
        with pdfplumber.open(Path(tmp) / "build" / "thesis.pdf") as pdf:
            pages = len(pdf.pages)
        sys.path.insert(0, str(ROOT))
        from naskah.build import prepare
        from naskah.diagnostics import Report
        doc = prepare(project, Report())
    wall = statistics.median(r["wall"] for r in results)
    cpu = statistics.median(r["cpu"] for r in results)
    peak = max(r["peak_mb"] for r in results)
    tree_peak = max(r["tree_peak_mb"] for r in results)
    stages = {k: round(statistics.median(r["timings"].get(k, 0) for r in results), 2)
              for k in results[0]["timings"]}
    print(json.dumps({"sources": args.sources, "notes": len(doc.footnotes), "pages": pages,
                      "notes+pdf_s": round(wall, 2), "cpu_s": round(cpu, 2),
                      "load": round(os.getloadavg()[0], 1), "peak_mb": round(peak),
                      "tree_peak_mb": round(tree_peak),
                      "stages_s": stages, "errors": results[0]["errors"]}, indent=2))


if __name__ == "__main__":
    main()
