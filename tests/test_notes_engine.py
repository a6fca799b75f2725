"""The engine over whole documents: where notes go, footnote list, Daftar Pustaka, overrides."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from naskah.diagnostics import Report
from naskah.notes import apply_notes, format_footnotes, load_bibliography, parse_bibliography
from naskah.pandoc_ast import stringify

from .test_notes_support import FIXTURES, make_doc, md, note_texts, run

M = "morgenthau1948"


def body(doc: object, index: int = 1) -> list[dict]:
    return doc.chapters[0].blocks[index]["c"]  # type: ignore[attr-defined,no-any-return]


def test_body_note_after_punctuation_without_space() -> None:
    doc, _ = run(f"# Bab\n\nKeadilan sosial [@{M}, 25]. Lalu [@{M}, 26], dan [@{M}, 27]\n")
    inl = body(doc)
    assert [el["t"] for el in inl[:5]] == ["Str", "Space", "Str", "Note", "Space"]
    assert inl[2] == {"t": "Str", "c": "sosial."}
    assert stringify(inl) == "Keadilan sosial. Lalu, dan"
    assert inl[-1]["t"] == "Note"


def test_group_is_one_note_joined_by_semicolon() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}, 12; @waltz1979, 30; @uu13, Pasal 2].\n")
    assert note_texts(doc) == [
        "Hans J. Morgenthau, *Politics Among Nations: The Struggle for Power and Peace* (New "
        "York: Alfred A. Knopf, 1948), 12; Kenneth N. Waltz, *Theory of International Politics* "
        "(Reading: Addison-Wesley, 1979), 30; Undang-Undang Nomor 13 Tahun 2003 tentang "
        "Ketenagakerjaan, Pasal 2."]
    assert [c.key for c in doc.footnotes[0].citations] == [M, "waltz1979", "uu13"]


def test_author_in_text_prints_name_and_adds_note() -> None:
    doc, _ = run("# Bab\n\nMenurut @keohanenye1977 [5], kerja sama penting. "
                 "Lihat juga @ilohistory dan @fourauthors.\n")
    inl = body(doc)
    assert stringify(inl) == ("Menurut Keohane dan Nye, kerja sama penting. Lihat juga "
                              "“History of the ILO” dan Smith dkk.")
    assert note_texts(doc)[0].endswith("(Boston: Little, Brown, 1977), 5.")
    assert [f.citations[0].form for f in doc.footnotes] == ["first", "first", "first"]


def test_citation_in_footnote_in_place_and_capitalised_at_start() -> None:
    lib = parse_bibliography("@book{vdb, author = {van der Berg, Jan}, title = {Buku}, "
                             "year = 2000, publisher = {P}, address = {K}}", Report())
    doc, _ = run("# Bab\n\nA.^[[@vdb, 3]; lihat juga bab 2.] B.^[Menurut [@vdb, 4], ya.] "
                 "C [lihat @vdb]. D.^[Catatan.] E [@vdb]. F.^[[@vdb] dan lainnya.]\n", lib=lib)
    assert note_texts(doc) == ["Jan van der Berg, *Buku* (K: P, 2000), 3; lihat juga bab 2.",
                               "Menurut ibid., 4, ya.",
                               "Lihat van der Berg, *Buku*.",
                               "Catatan.",
                               "Van der Berg, *Buku*.",
                               "Ibid. dan lainnya."]


def test_unknown_key_is_an_error_with_file_line_column() -> None:
    doc, report = run("# Bab\n\nSatu.\n\nDua [@nope, 4] dan ^[Catatan [@nada].]\n")
    errors = [d.format() for d in report.errors]
    assert errors == ["chapters/01-bab.md:5:6: error: unknown citation key 'nope'",
                      "chapters/01-bab.md:5:31: error: unknown citation key 'nada'"]
    assert [f.citations for f in doc.footnotes] == [[], []]
    assert "?nope?" in note_texts(doc)[0]


def test_footnote_list_and_json() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}, 45-47].\n\nB[^n] C ^[Hanya “teks” 1–2.]\n\n"
                 "[^n]: Catatan *rujukan*.\n", f"# Dua\n\nD [@{M}].\n")
    f = doc.footnotes
    assert [(x.chapter, x.number, x.file, x.line) for x in f] == [
        (1, 1, "chapters/01-bab.md", 3), (1, 2, "chapters/01-bab.md", 5),
        (1, 3, "chapters/01-bab.md", 5), (2, 1, "chapters/02-bab.md", 3)]
    assert f[0].text == ("Hans J. Morgenthau, Politics Among Nations: The Struggle for Power "
                         "and Peace (New York: Alfred A. Knopf, 1948), 45–47.")
    assert [x.text for x in f[1:]] == ["Catatan rujukan.", "Hanya “teks” 1–2.",
                                       f[0].text.replace("45–47", "").rstrip(", .") + "."]
    data = json.loads(format_footnotes(f, as_json=True))
    assert data[0] == {"chapter": 1, "number": 1, "file": "chapters/01-bab.md", "line": 3,
                       "text": f[0].text, "citations": [{"key": M, "form": "first"}]}
    assert data[1]["citations"] == []
    listing = format_footnotes(f)
    assert listing.splitlines()[0].startswith("chapters/01-bab.md:3: 1. Hans J. Morgenthau")
    assert f"[{M}: first]" in listing


def test_bibliography_cited_once_plus_nocite() -> None:
    text = f"# Bab\n\n[@{M}] [@{M}, 2] [@waltz1979].\n"
    doc, report = run(text, nocite=["uu13", "nope"])
    lines = [md(e) for g in doc.bibliography for e in g.entries]
    assert [x.split(".")[0] for x in lines] == ["Morgenthau, Hans J", "Undang-Undang Nomor 13 "
                                                "Tahun 2003 tentang Ketenagakerjaan",
                                                "Waltz, Kenneth N"]
    assert [d.message for d in report.errors] == ["unknown citation key 'nope' in nocite"]
    doc, _ = run("# Bab\n\nTanpa kutipan.\n", nocite=["*"])
    assert sum(len(g.entries) for g in doc.bibliography) == len(load_bibliography(
        FIXTURES / "nations.bib", Report(), "x").entries)


def test_bibliography_grouped_by_type() -> None:
    keys = ["hardum2014", M, "keohane1988", "ilo2018", "uu13", "penulis2022", "bria2022",
            "penulis2019", "santoso2023"]
    doc, _ = run("# Bab\n\n" + " ".join(f"[@{k}]" for k in keys) + "\n", group=True)
    groups = [(g.title, [stringify(e).split(".")[0] for e in g.entries]) for g in doc.bibliography]
    assert groups == [
        ("Buku", ["Morgenthau, Hans J", "Penulis, Nama"]),
        ("Artikel Jurnal", ["Keohane, Robert O", "Santoso, Budi"]),
        ("Laporan dan Dokumen", ["International Labour Organization"]),
        ("Peraturan", ["Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan"]),
        ("Skripsi dan Tesis", ["Penulis, Nama"]),
        ("Wawancara", ["Bria, Yohanes, Ketua Kelompok Tani"]),
        ("Situs Web", ["Hardum, Siprianus"]),
    ]
    doc, _ = run("# Bab\n\n[@uu13]\n", group=True, language="en")
    assert doc.bibliography[0].title == "Regulations"


def test_sort_ignores_quotes_case_and_accents() -> None:
    lib = parse_bibliography("""
@online{q, title = {zebra}, url = {https://z.id}, urldate = {2020-01-01}}
@book{e, author = {{Élan Institute}}, title = {B}, year = 2000}
@book{d, author = {Dani, A}, title = {C}, year = 2000}
@online{a, title = {Apa}, url = {https://a.id}, urldate = {2020-01-01}}
""", Report())
    doc, _ = run("# Bab\n\n[@q] [@e] [@d] [@a]\n", lib=lib)
    firsts = [stringify(e)[:6] for g in doc.bibliography for e in g.entries]
    assert firsts == ["“Apa.”", "Dani, ", "Élan I", "“zebra"]


def test_template_and_terms_override(tmp_path: Path) -> None:
    notes = tmp_path / "templates" / "notes"
    notes.mkdir(parents=True)
    (notes / "book.full.j2").write_text(
        "{{ author|upper }}, <i>{{ title }}</i>, {{ place }}, {{ publisher }}, {{ year }}"
        "{{ pg() }}", "utf-8")
    (notes / "terms.id.yaml").write_text("ibid: Idem.\n", "utf-8")
    doc, report = run(f"# Bab\n\nA [@{M}, 4]. B [@{M}, 4]. C [@keohane1988, 1].\n",
                      project=tmp_path)
    assert not report.items
    assert note_texts(doc)[:2] == [
        "HANS J. MORGENTHAU, *Politics Among Nations: The Struggle for Power and Peace*, New "
        "York, Alfred A. Knopf, 1948, 4.", "Idem."]
    assert note_texts(doc)[2].startswith("Robert O. Keohane, “International")


def test_broken_template_is_reported_and_builtin_used(tmp_path: Path) -> None:
    notes = tmp_path / "templates" / "notes"
    notes.mkdir(parents=True)
    (notes / "book.full.j2").write_text("{{ author }\n", "utf-8")
    doc, report = run(f"# Bab\n\nA [@{M}, 4].\n", project=tmp_path)
    assert [(d.file, d.severity) for d in report.items] == [
        ("templates/notes/book.full.j2", "warning")]
    assert note_texts(doc)[0].startswith("Hans J. Morgenthau, *Politics")


def test_missing_bibliography_file(tmp_path: Path) -> None:
    doc = make_doc(f"# Bab\n\nA [@{M}].\n", project=tmp_path)
    report = Report()
    apply_notes(doc, report)
    assert [d.format() for d in report.items] == [
        "references.bib: error: bibliography file not found (bibliography.file in thesis.yaml)"]
    doc = make_doc("# Bab\n\nTanpa kutipan^[Catatan.].\n", project=tmp_path)
    report = Report()
    apply_notes(doc, report)
    assert not report.items and len(doc.footnotes) == 1 and doc.bibliography == []


def test_malformed_bib_reported_and_good_entries_used(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "broken.bib", tmp_path / "references.bib")
    doc = make_doc("# Bab\n\nA [@good2]. B [@unclosed].\n", project=tmp_path)
    report = Report()
    apply_notes(doc, report)
    assert [(d.severity, d.line, d.message) for d in report.items] == [
        ("error", 7, "entry not closed (unbalanced braces or quotes?)"),
        ("error", 18, "BibTeX syntax: '}' expected"),
        ("warning", 20, "duplicate citation key 'good1' (the first one, at line 1, is used)"),
        ("warning", 24, "undefined @string macro 'undefinedmacro'"),
        ("error", 3, "unknown citation key 'unclosed'"),
    ]
    assert note_texts(doc)[0] == "Citra Tiga, *Buku Baik Lagi* (t.tp.: t.p., 2002)."


def test_seed_bab1_note_sequence() -> None:
    """The seed chapter's 13 notes from its bibliographic facts; 2, 6 and 9 are Ibid."""
    lib = load_bibliography(FIXTURES / "seed-bab1.bib", Report(), "references.bib")
    text = (FIXTURES / "seed-bab1.md").read_text("utf-8")
    doc, report = run(text, lib=lib)
    assert not report.items
    expected = json.loads((FIXTURES / "seed-bab1.expected.json").read_text("utf-8"))
    assert note_texts(doc) == expected
    assert [f.number for f in doc.footnotes] == list(range(1, 14))
    assert [i for i, f in enumerate(doc.footnotes, 1) if f.citations[0].form == "ibid"] == [
        2, 6, 9]
    assert [f.text for f in doc.footnotes] == [e.replace("*", "") for e in expected]


def test_csl_style_uses_citeproc(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "nations.bib", tmp_path / "references.bib")
    doc = make_doc(f"# Bab\n\nTeks [@{M}, 25].^[Catatan.]\n\nLagi [@nope].\n", style="csl",
                   project=tmp_path, nocite=["uu13"])
    for i, block in enumerate(doc.chapters[0].blocks):
        block["_line"] = 1 + 2 * i
    report = Report()
    apply_notes(doc, report)
    assert [d.message for d in report.errors] == ["unknown citation key 'nope'"]
    text = stringify(doc.chapters[0].blocks)
    assert "(Morgenthau 1948, 25)" in text
    assert not any('"Cite"' in json.dumps(p.blocks) for p in doc.parts)
    entries = [stringify(e) for g in doc.bibliography for e in g.entries]
    assert len(entries) == 2 and entries[0].startswith("Morgenthau, Hans J. 1948.")
    assert [(f.text, f.citations) for f in doc.footnotes] == [("Catatan.", [])]
    assert doc.chapters[0].blocks[1].get("_line") == 3


def test_notes_md_footnote_example_first_citation_in_place() -> None:
    doc, _ = run(f"# Bab\n\nTeks.^[Lihat [@{M}, 45] untuk data 2020.]\n")
    assert note_texts(doc) == [
        "Lihat Hans J. Morgenthau, *Politics Among Nations: The Struggle for Power and Peace* "
        "(New York: Alfred A. Knopf, 1948), 45 untuk data 2020."]
    assert doc.footnotes[0].citations[0].form == "first"


def test_csl_style_with_a_csl_file(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "nations.bib", tmp_path / "references.bib")
    shutil.copy(FIXTURES / "minimal.csl", tmp_path / "gaya.csl")
    doc = make_doc(f"# Bab\n\nTeks [@{M}; @waltz1979].\n", style="csl", project=tmp_path)
    doc.config.citations.csl = "gaya.csl"
    report = Report()
    apply_notes(doc, report)
    assert not report.items
    assert stringify(doc.chapters[0].blocks[1]) == "Teks [Morgenthau 1948; Waltz 1979]."
    assert [md(e) for g in doc.bibliography for e in g.entries] == [
        "Morgenthau, Hans J. (1948) *Politics Among Nations: The Struggle for Power and "
        "Peace*.", "Waltz, Kenneth N. (1979) *Theory of International Politics*."]
    doc2 = make_doc("# Bab\n\n[@waltz1979]\n", style="csl", project=tmp_path)
    doc2.config.citations.csl = "tidak-ada.csl"
    report = Report()
    apply_notes(doc2, report)
    assert [d.format() for d in report.items] == [
        "thesis.yaml: error: CSL style not found: tidak-ada.csl"]


def test_template_failing_at_render_time_is_reported(tmp_path: Path) -> None:
    notes = tmp_path / "templates" / "notes"
    notes.mkdir(parents=True)
    (notes / "book.short.j2").write_text("{{ names }}, {{ 1 + title }}", "utf-8")
    doc, report = run(f"# Bab\n\nA [@{M}, 4]. B [@waltz1979]. C [@{M}, 5].\n", project=tmp_path)
    assert [(d.file, d.message.split(":")[0]) for d in report.items] == [
        ("templates/notes/book.short.j2", "note template book.short.j2")]
    assert note_texts(doc)[2] == "Morgenthau, *Politics Among Nations*, 5."
