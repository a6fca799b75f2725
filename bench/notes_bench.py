"""How long the notes engine takes for a thesis with 300 citations over 150 sources.

Not a timed test: run ``python bench/notes_bench.py`` and read the numbers. The Markdown is
parsed by Pandoc before the clock starts (reading is not the engine's cost); the engine is
timed with the library already loaded and, separately, with references.bib read by pybtex.
Target (issue 3): the engine adds less than 0.3 s.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

import pypandoc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from naskah.config import Thesis  # noqa: E402
from naskah.diagnostics import Report  # noqa: E402
from naskah.document import Document, Part  # noqa: E402
from naskah.notes import apply_notes, load_bibliography  # noqa: E402

SOURCES = 150
GROUPS = 300
CHAPTERS = 5


def bib_text() -> str:
    kinds = [
        "@book{{s{i}, author = {{Penulis{i}, Nama and Kedua{i}, Budi}}, title = {{Judul Buku "
        "Nomor {i}: Sebuah Kajian}}, publisher = {{Penerbit {i}}}, address = {{Jakarta}}, "
        "year = {{{y}}}}}",
        "@article{{s{i}, author = {{Jurnalis{i}, Ani}}, title = {{Artikel {{Nomor}} {i}}}, "
        "journaltitle = {{Jurnal Hubungan Internasional}}, volume = {{{i}}}, number = {{2}}, "
        "pages = {{10--30}}, date = {{{y}-03-01}}}}",
        "@online{{s{i}, author = {{Situs{i}, Nama}}, title = {{Berita Nomor {i} Tentang "
        "Kerja Sama}}, organization = {{Berita Satu}}, date = {{{y}-11-18}}, "
        "url = {{https://contoh.id/berita/{i}}}, urldate = {{2022-02-25}}}}",
        "@techreport{{s{i}, author = {{{{International Labour Organization}}}}, title = {{Laporan "
        "{i}: Tren}}, institution = {{International Labour Office}}, location = {{Geneva}}, "
        "date = {{{y}}}}}",
    ]
    return "\n".join(kinds[i % 4].format(i=i, y=1990 + i % 30) for i in range(SOURCES))


def chapters(rng: random.Random) -> list[str]:
    per = GROUPS // CHAPTERS
    out = []
    for c in range(CHAPTERS):
        lines = [f"# Bab {c + 1}", ""]
        for g in range(per):
            keys = rng.sample(range(SOURCES), 2 if g % 10 == 0 else 1)
            cite = "; ".join(f"@s{k}, {rng.randint(1, 40)}" for k in keys)
            if g % 7 == 0:
                lines.append(f"Kalimat {g} dengan catatan.^[Lihat [{cite}] untuk rincian.]")
            elif g % 3 == 0 and len(keys) == 1:
                lines.append(f"Kalimat {g} mengulang [@s{keys[0]}].")
            else:
                lines.append(f"Kalimat {g} mengutip sumber [{cite}].")
            lines.append("")
        out.append("\n".join(lines))
    return out


def make_doc(project: Path, texts: list[str], style: str) -> Document:
    cfg = Thesis(title="Bench", author="Bench")
    cfg.citations.style = style
    doc = Document(project, cfg)
    for i, text in enumerate(texts, 1):
        blocks = json.loads(pypandoc.convert_text(text, "json", format="markdown"))["blocks"]
        doc.chapters.append(Part("chapter", f"{i:02d}", f"chapters/{i:02d}.md", text, text,
                                 blocks, number=i))
    return doc


def main() -> None:
    rng = random.Random(1)
    texts = chapters(rng)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "references.bib").write_text(bib_text(), "utf-8")
        t0 = time.perf_counter()
        lib = load_bibliography(project / "references.bib", Report(), "references.bib")
        t_bib = time.perf_counter() - t0
        for style in ("chicago", "classic"):
            best = best_full = float("inf")
            for _ in range(5):
                doc = make_doc(project, texts, style)
                report = Report()
                t0 = time.perf_counter()
                apply_notes(doc, report, lib)
                best = min(best, time.perf_counter() - t0)
                doc = make_doc(project, texts, style)
                t0 = time.perf_counter()
                apply_notes(doc, Report())
                best_full = min(best_full, time.perf_counter() - t0)
            assert not report.errors, report.errors
            cites = sum(len(f.citations) for f in doc.footnotes)
            print(f"{style:8s} {len(doc.footnotes)} notes, {cites} citations, "
                  f"{sum(len(g.entries) for g in doc.bibliography)} bibliography entries: "
                  f"engine {best * 1000:.0f} ms; with reading references.bib "
                  f"{best_full * 1000:.0f} ms")
        print(f"references.bib alone ({len(lib.entries)} entries): {t_bib * 1000:.0f} ms")


if __name__ == "__main__":
    main()
