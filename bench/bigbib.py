"""A thesis citing a big library whole: notes + PDF time and peak memory (issue 13).

Generates ~2,400 sources of every entry type (bench/make_thesis.py's generator) and five
chapters that cite each of them about twice (a full note, then an *Ibid.* or a short note; some
inside footnotes after "Lihat", some in two-source notes) — about 4,800 notes, the Daftar Pustaka
listing all of them. Builds the PDF in a fresh process and prints the stages, the wall time and
the peak resident memory (VmHWM), with the CPU seconds of the build process and the machine's
load average (on a busy machine the wall time says little). Not a timed test: run it and read
the numbers.

    python bench/bigbib.py [--sources 2400] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
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


def run_once(project: Path, out: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CODE.format(project=str(project), out=str(out))],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


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
    stages = {k: round(statistics.median(r["timings"].get(k, 0) for r in results), 2)
              for k in results[0]["timings"]}
    print(json.dumps({"sources": args.sources, "notes": len(doc.footnotes), "pages": pages,
                      "notes+pdf_s": round(wall, 2), "cpu_s": round(cpu, 2),
                      "load": round(os.getloadavg()[0], 1), "peak_mb": round(peak),
                      "stages_s": stages, "errors": results[0]["errors"]}, indent=2))


if __name__ == "__main__":
    main()
