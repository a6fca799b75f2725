"""Reading: Jinja with thesis.yaml, Pandoc's AST, and every element's source line."""

from __future__ import annotations

from pathlib import Path

from naskah.config import parse_config
from naskah.crossref import number_and_resolve
from naskah.diagnostics import Report
from naskah.pandoc_ast import stringify, walk
from naskah.reader import read_document

CHAPTER = """# Pendahuluan

## Latar Belakang {#sec:lb}

{%# komentar Jinja, tidak tercetak #%}
Skripsi ini ditulis oleh {{ author }} di {{ university }}.

{% if kind == "skripsi" %}
Baris bersyarat yang menambah
dua baris.
{% endif %}

Kalimat dengan kutipan [@morgenthau1948, 25] dan catatan.^[Catatan
dengan kutipan [@keohane1988, 380].]

Rujukan ke @sec:lb dan @tbl:data, lalu [^a].

[^a]: Catatan bernomor [@waltz1979].

| Tahun | Jumlah |
|---|---|
| 2020 | 12 |

: Data contoh {#tbl:data}

### Sub {-}

Teks terakhir @hardum2014.
"""


def project(tmp_path: Path) -> Path:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "01-pendahuluan.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "chapters" / "02-kedua.md").write_text(
        "# Tinjauan\n\n## Latar Belakang\n\nLihat @sec:lb.\n", encoding="utf-8")
    return tmp_path


def read(tmp_path: Path):
    report = Report()
    config = parse_config("title: T\nauthor: Ani\nuniversity: Universitas X\n", report)
    doc = read_document(project(tmp_path), config, report)
    return doc, report


def cites(part) -> list[tuple[str, int, int]]:
    found = []

    def visit(el):
        if el["t"] == "Cite":
            for c in el["c"][0]:
                found.append((c["citationId"], *c["_pos"]))

    walk(part.blocks, visit)
    return found


def test_jinja_variables_and_comments(tmp_path: Path):
    doc, report = read(tmp_path)
    assert report.items == []
    text = stringify(doc.chapters[0].blocks)
    assert "ditulis oleh Ani di Universitas X." in text
    assert "komentar" not in text and "Baris bersyarat" in text


def test_citation_positions_are_source_lines(tmp_path: Path):
    doc, _ = read(tmp_path)
    assert cites(doc.chapters[0]) == [
        ("morgenthau1948", 13, 25), ("keohane1988", 14, 17), ("sec:lb", 16, 12),
        ("tbl:data", 16, 24), ("waltz1979", 18, 25), ("hardum2014", 28, 15)]


def test_note_positions(tmp_path: Path):
    doc, _ = read(tmp_path)
    notes = []
    walk(doc.chapters[0].blocks, lambda el: notes.append(el["_pos"]) if el["t"] == "Note" else 0)
    assert notes == [[13, 58], [16, 40]]


def test_block_lines(tmp_path: Path):
    doc, _ = read(tmp_path)
    lines = [(b["t"], b["_line"]) for b in doc.chapters[0].blocks]
    assert lines[0] == ("Header", 1)
    assert ("Header", 3) in lines
    assert ("Table", 20) in lines  # where its rows start, not its caption (line 24)
    assert lines[-1] == ("Para", 28)


def test_numbers_and_cross_references(tmp_path: Path):
    doc, _ = read(tmp_path)
    report = Report()
    number_and_resolve(doc, report)
    assert report.items == []
    first, second = doc.chapters
    assert first.label == "I" and second.label == "II"
    headers = [b for b in first.blocks if b["t"] == "Header"]
    assert stringify(headers[1]) == "1.1. Latar Belakang"
    assert stringify(headers[2]) == "Sub"
    # a reference is one word: its number never starts a line ("Subbab\u00a01.1")
    assert "Rujukan ke Subbab\u00a01.1 dan Tabel\u00a01.1, lalu" in stringify(first.blocks)
    assert "Lihat Subbab\u00a01.1." in stringify(second.blocks)
    # Same heading text in two chapters: unique anchors.
    ids = [b["c"][1][0] for p in doc.chapters for b in p.blocks if b["t"] == "Header"]
    assert len(ids) == len(set(ids))
    assert [e.number for e in doc.tables] == ["Tabel 1.1"]
