"""A deterministic synthetic thesis in the project layout, for benchmarks.

At scale 1.0: five chapters of about 9,000 words each (~45,000 words, ~150 pages), 300 citation
groups (some inside footnotes, some citing two sources), 150 sources of every entry type,
10 tables and 10 figures. The same scale always gives the same files.

    python bench/make_thesis.py OUT_DIR [--scale 1.0]
"""

from __future__ import annotations

import argparse
import random
import shutil
import struct
import zlib
from pathlib import Path

WORDS = ("kerja sama organisasi internasional kemiskinan pekerja program daerah penelitian "
         "pemerintah kebijakan pembangunan masyarakat desa pangan pertanian jagung ternak "
         "pendapatan produktivitas pelatihan kewirausahaan tenaga lapangan data analisis "
         "wawancara dokumen laporan hasil tujuan manfaat teori konsep kerangka").split()
CHAPTERS = ["Pendahuluan", "Tinjauan Pustaka", "Metode Penelitian", "Hasil dan Pembahasan",
            "Penutup"]
TYPES = ["book", "article", "newspaper", "incollection", "techreport", "thesis", "online",
         "online-noauthor", "legislation", "interview"]
SURNAMES = ["Santoso", "Hardum", "Keohane", "Morgenthau", "Waltz", "Wibowo", "Sembiring",
            "Muhid", "Pratama", "Lestari", "Nugroho", "Siregar", "Halim", "Putri", "Kusuma"]
GIVEN = ["Budi", "Siprianus", "Robert O.", "Hans J.", "Kenneth", "Ani", "Lidya", "Hendrik",
         "Rizki", "Dewi", "Agus", "Maria", "Yohanes", "Sari", "Teguh"]


def png(width: int = 40, height: int = 20) -> bytes:
    """A small valid RGB PNG (a gradient), made without any imaging library."""
    row = bytes(v for x in range(width) for v in (x * 6 % 256, 120, 200))
    raw = b"".join(b"\x00" + row for _ in range(height))

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + tag + data
                + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def bib_entry(i: int, rng: random.Random) -> str:
    kind = TYPES[i % len(TYPES)]
    key = f"src{i:03d}"
    author = f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
    if i % 7 == 0:
        author += f" and {rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
    title = sentence(rng, 5).rstrip(".").title()
    year = 1990 + i % 33
    fields = {
        "book": f"@book{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                f"  publisher = {{Penerbit {i}}},\n  address = {{Jakarta}},\n  year = {{{year}}}\n}}",
        "article": f"@article{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                   f"  journal = {{Jurnal Ilmu Sosial}},\n  volume = {{{i % 40}}},\n"
                   f"  number = {{{i % 4 + 1}}},\n  pages = {{{i}--{i + 20}}},\n  year = {{{year}}}\n}}",
        "newspaper": f"@article{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                     f"  journaltitle = {{Kompas}},\n  date = {{{year}-03-12}},\n"
                     f"  entrysubtype = {{newspaper}}\n}}",
        "incollection": f"@incollection{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                        f"  booktitle = {{Bunga Rampai {i}}},\n  editor = {{Halim, Agus}},\n"
                        f"  publisher = {{Pustaka}},\n  address = {{Bandung}},\n  year = {{{year}}}\n}}",
        "techreport": f"@techreport{{{key},\n  author = {{{{International Labour Organization}}}},\n"
                      f"  title = {{{title}}},\n  institution = {{International Labour Office}},\n"
                      f"  address = {{Geneva}},\n  year = {{{year}}}\n}}",
        "thesis": f"@thesis{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                  f"  type = {{Skripsi}},\n  institution = {{Universitas Nusantara}},\n"
                  f"  year = {{{year}}}\n}}",
        "online": f"@online{{{key},\n  author = {{{author}}},\n  title = {{{title}}},\n"
                  f"  organization = {{Berita Satu}},\n  date = {{{year}-11-18}},\n"
                  f"  urldate = {{2022-02-25}},\n  url = {{https://example.org/{key}}}\n}}",
        "online-noauthor": f"@online{{{key},\n  title = {{{title}}},\n"
                           f"  organization = {{International Labour Organization}},\n"
                           f"  year = {{{year}}},\n  urldate = {{2022-04-05}},\n"
                           f"  url = {{https://example.org/{key}}}\n}}",
        "legislation": f"@misc{{{key},\n  title = {{Undang-Undang Nomor {i} Tahun {year} tentang "
                       f"{title}}},\n  entrysubtype = {{legislation}},\n  year = {{{year}}}\n}}",
        "interview": f"@misc{{{key},\n  author = {{{author}}},\n  entrysubtype = {{interview}},\n"
                     f"  note = {{Ketua Kelompok Tani}},\n  address = {{Kupang}},\n"
                     f"  date = {{2022-03-03}}\n}}",
    }
    return fields[kind]


def make(out: Path, scale: float = 1.0, seed: int = 7) -> Path:
    """Write the synthetic thesis into ``out`` (replaced if it exists)."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    for sub in ("chapters", "front", "figures"):
        (out / sub).mkdir(parents=True)
    (out / "figures" / "plot.png").write_bytes(png())
    n_sources = max(10, int(150 * scale))
    (out / "references.bib").write_text(
        "\n\n".join(bib_entry(i, rng) for i in range(n_sources)) + "\n", encoding="utf-8")
    (out / "thesis.yaml").write_text(
        "title: Tesis Sintetis untuk Mengukur Kecepatan\nauthor: Penulis Uji\n"
        "student_id: '0001'\nuniversity: Universitas Uji\ncity: Bandung\nyear: 2026\n"
        "keywords: [satu, dua, tiga]\nkeywords_en: [one, two, three]\n", encoding="utf-8")
    (out / "front" / "abstrak.md").write_text(sentence(rng, 200) + "\n", encoding="utf-8")
    (out / "front" / "abstract.md").write_text(sentence(rng, 200) + "\n", encoding="utf-8")
    words_per_chapter = int(9000 * scale)
    groups_per_chapter = max(1, int(60 * scale))
    tables_figures = max(1, int(2 * scale))
    for c, title in enumerate(CHAPTERS, 1):
        lines = [f"# {title}", ""]
        paragraphs = max(4, words_per_chapter // 100)
        cite_every = max(1, paragraphs // groups_per_chapter)
        done = 0
        for p in range(paragraphs):
            if p % max(1, paragraphs // 6) == 0:
                lines += [f"## Bagian {p // max(1, paragraphs // 6) + 1}", ""]
            text = " ".join(sentence(rng, rng.randint(12, 22)) for _ in range(6))
            if p % cite_every == 0 and done < groups_per_chapter:
                key = f"src{rng.randrange(n_sources):03d}"
                page = rng.randint(1, 300)
                kind = done % 4
                if kind == 0:
                    text += f" [@{key}, {page}]"
                elif kind == 1:
                    other = f"src{rng.randrange(n_sources):03d}"
                    text += f" [@{key}, {page}; @{other}]"
                elif kind == 2:
                    text += f"^[Lihat [@{key}, {page}-{page + 3}] untuk rinciannya.]"
                else:
                    text += f" [@{key}]"
                done += 1
            lines += [text, ""]
            if p % max(1, paragraphs // tables_figures) == 1:
                n = p
                lines += ["| Tahun | Nilai |", "|---|---|", f"| 20{n % 30:02d} | {n} |", "",
                          f": Tabel sintetis {n} {{#tbl:c{c}t{n}}}", "",
                          f"![Gambar sintetis {n}](figures/plot.png){{#fig:c{c}f{n} width=30%}}",
                          ""]
        (out / "chapters" / f"{c:02d}-{title.lower().replace(' ', '-')}.md").write_text(
            "\n".join(lines), encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    make(args.out, args.scale)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
