"""references.bib: Better BibTeX / Mendeley fields, LaTeX decoding, names, errors with lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from naskah.diagnostics import Report
from naskah.notes import load_bibliography, parse_bibliography
from naskah.notes.bibtex import Date, decode_latex, parse_date, parse_names
from naskah.pandoc_ast import stringify

from .test_notes_support import FIXTURES, md, nations, note_texts, one, run


def test_better_biblatex_fields() -> None:
    lib = nations()
    hardum = lib["hardum2014"]
    assert hardum.kind == "online"
    assert hardum.date == Date(2014, 11, 18) and hardum.urldate == Date(2022, 2, 25)
    assert hardum.get("organization") == "Berita Satu"
    assert hardum.get("title") == "Kerja Sama Dengan Indonesia, ILO Prioritaskan 3 Hal Penting"
    assert lib["keohane1988"].get("journaltitle") == "International Studies Quarterly"
    assert lib["keohane1988"].get("pages") == "379–396"
    assert lib["morgenthau1948"].get("location") == "New York"
    assert lib["santoso2023"].kind == "newspaper"
    assert lib["uu13"].kind == "legislation" and lib["uu13"].get("shorttitle")
    assert lib["bria2022"].kind == "interview" and lib["bria2022"].date == Date(2022, 3, 3)
    assert lib["afd2022"].kind == "online"
    assert lib["afd2022"].get("url").endswith("5-challenges-employment-developing-countries")
    assert lib["penulis2022"].kind == "thesis" and lib["tesis2021"].kind == "thesis"
    assert lib["ilo2018"].kind == "report"
    assert lib["ilohistory"].line > 1


def test_mendeley_export() -> None:
    report = Report()
    lib = load_bibliography(FIXTURES / "mendeley.bib", report, "references.bib")
    assert not report.items
    assert lib["Hardum2014"].kind == "online" and lib["Hardum2014"].date == Date(2014, 11, 18)
    assert md(one("Hardum2014", lib=lib)).startswith(
        "Siprianus Hardum, “Kerja Sama Dengan Indonesia, ILO Prioritaskan 3 Hal Penting,” Berita "
        "Satu, modifikasi terakhir 18 November 2014, diakses pada 25 Februari 2022, https://")
    assert md(one("Caf2019", "first", "12", lib=lib)) == (
        "José Café dan Ayşe Öztürk, “Politik *Bebas Aktif* dan ASEAN,” *Jurnal Hubungan "
        "Internasional* 7, no. 2 (2019): 12, https://doi.org/10.1000/xyz_123.")
    assert lib["Caf2019"].get("doi") == "10.1000/xyz_123"
    assert md(one("ILO2010", lib=lib)) == ("International Labour Organization, *Pekerjaan Layak "
                                           "di Indonesia* (Jakarta: ILO Jakarta, 2010).")
    bappenas = lib["Bappenas2020"]
    assert bappenas.kind == "online" and bappenas.get("url") == (
        "https://www.bappenas.go.id/id/berita/rpjmn_2020")
    assert md(one("Bappenas2020", lib=lib)) == (
        "Kementerian PPN/Bappenas, “RPJMN 2020–2024,” diakses pada 1 Maret 2022, "
        "https://www.bappenas.go.id/id/berita/rpjmn_2020.")


def test_title_inside_italic_title_is_roman() -> None:
    lib = parse_bibliography(r"@book{b, author = {K, A}, title = {Membaca \emph{Hamlet} Hari Ini},"
                             " year = 2001, publisher = {P}, address = {K}}", Report())
    inlines = one("b", lib=lib)
    assert md(inlines) == "A. K, *Membaca *Hamlet* Hari Ini* (K: P, 2001)."
    assert [stringify(e["c"]) for e in inlines if e["t"] == "Emph"] == ["Membaca", "Hari Ini"]


@pytest.mark.parametrize(("raw", "decoded"), [
    (r"Caf{\'e}", "Café"),
    (r"{\'{e}}l{\`e}ve", "élève"),
    (r"G{\"o}del", "Gödel"),
    (r"\v{S}koda", "Škoda"),
    (r"Fran\c{c}ois", "François"),
    (r"Garc{\'\i}a", "García"),
    (r"{\ss}", "ß"),
    (r"{{Politics Among Nations}}", "Politics Among Nations"),
    (r"{ILO} and {UN}", "ILO and UN"),
    (r"Rock \& Roll", "Rock & Roll"),
    (r"50\% of 1990--2000 --- all", "50% of 1990–2000 — all"),
    (r"Tempo.Co", "Tempo.Co"),
    (r"``quoted''", "“quoted”"),
    (r"\textbf{Bold} and \textsc{caps}", "Bold and caps"),
])
def test_decode_latex(raw: str, decoded: str) -> None:
    assert decode_latex(raw) == decoded


def test_names() -> None:
    names = parse_names(r"{International Labour Organization} and van der Berg, Jan and "
                        r"King, Jr., Martin Luther and Sukarno and {Badan Pusat Statistik}")
    assert [(n.natural(), n.inverted(), n.surname, n.corporate) for n in names] == [
        ("International Labour Organization", "International Labour Organization",
         "International Labour Organization", True),
        ("Jan van der Berg", "Berg, Jan van der", "van der Berg", False),
        ("Martin Luther King Jr.", "King, Martin Luther, Jr.", "King", False),
        ("Sukarno", "Sukarno", "Sukarno", False),
        ("Badan Pusat Statistik", "Badan Pusat Statistik", "Badan Pusat Statistik", True),
    ]


@pytest.mark.parametrize(("raw", "date"), [
    ("2014-11-18", Date(2014, 11, 18)),
    ("2014-11", Date(2014, 11)),
    ("2014", Date(2014)),
    ("2014-11-18/2014-11-20", Date(2014, 11, 18)),
    ("18 November 2014", Date(2014, 11, 18)),
    ("November 18, 2014", Date(2014, 11, 18)),
    ("5 Agustus 2022", Date(2022, 8, 5)),
    ("Februari 2022", Date(2022, 2)),
    ("19900301", Date(1990, 3, 1)),
    ("13/01/2000", Date(2000, 1, 13)),
    ("01/13/2000", Date(2000, 1, 13)),
    ("2011-05-25~/2012-06-26", Date(2011, 5, 25)),
    ("1273?", Date(1273)),
])
def test_parse_date(raw: str, date: Date) -> None:
    assert parse_date(raw) == date


@pytest.mark.parametrize(("raw", "year"), [
    ("circa 1900", 1900), ("2014-13-01", 2014), ("07/01/2000", 2000), ("4/10/2015", 2015),
    ("2013-21", 2013), ("xx 1985", 1985), ("unknown", None)])
def test_unreadable_date_keeps_the_year_and_says_why(raw: str, year: int | None) -> None:
    date = parse_date(raw)
    assert (date.year, date.month, date.day) == (year, None, None)
    assert raw in date.problem


def test_unreadable_date_is_a_warning_at_its_line() -> None:
    report = Report()
    lib = parse_bibliography("@article{a,\n  title = {T},\n  date = {4/10/2015},\n}\n",
                             report)
    assert lib["a"].date.year == 2015
    assert [(d.line, d.severity) for d in report.items] == [(3, "warning")]
    assert "4/10/2015" in report.items[0].message


def test_biblatex_extended_names_others_and_initials() -> None:
    names = parse_names("family=Dijk, given=Marten, prefix=van, useprefix=true and "
                        "Wiener, Janet L and family=Gaulle, given=Charles, prefix=de and others")
    assert [n.natural() for n in names[:3]] == ["Marten van Dijk", "Janet L. Wiener",
                                                "Charles de Gaulle"]
    assert [n.inverted() for n in names[:3]] == ["van Dijk, Marten", "Wiener, Janet L.",
                                                 "Gaulle, Charles de"]
    assert names[3].others


def test_crossref_and_acm_address() -> None:
    lib = parse_bibliography(
        "@inproceedings{c, author = {A, Bee}, title = {Paper}, crossref = {p}, pages = {1--2}}\n"
        "@proceedings{p, title = {Proc. of X}, editor = {E, Dee}, year = 2010, "
        "publisher = {ACM}, address = {New York}, location = {Kyoto}}\n", Report())
    c = lib["c"]
    assert (c.get("booktitle"), c.get("publisher"), c.date.year) == ("Proc. of X", "ACM", 2010)
    assert c.get("location") == "New York" and c.get("venue") == "Kyoto"
    assert [e.surname for e in c.editors] == ["E"]


def test_month_macros_and_fields() -> None:
    lib = parse_bibliography("@online{a, title = {T}, year = 2021, month = feb, "
                             "url = {https://x.id/a\\_b}, urldate = {2022-01-05}}\n"
                             "@online{b, title = {T}, year = {2021}, month = {3}}", Report())
    assert lib["a"].date == Date(2021, 2) and lib["b"].date == Date(2021, 3)
    assert lib["a"].get("url") == "https://x.id/a_b"


def test_syntax_errors_reported_with_lines_and_good_entries_kept() -> None:
    report = Report()
    lib = load_bibliography(FIXTURES / "broken.bib", report, "references.bib")
    assert [d.format() for d in report.items] == [
        "references.bib:7: error: entry not closed (unbalanced braces or quotes?)",
        "references.bib:18: error: BibTeX syntax: '}' expected",
        "references.bib:20: warning: duplicate citation key 'good1' (the first one, at line 1, "
        "is used)",
        "references.bib:24: warning: undefined @string macro 'undefinedmacro'",
    ]
    assert sorted(lib.entries) == ["good1", "good2", "good3"]
    assert lib["good1"].get("title") == "Buku Baik"


def test_unreadable_files(tmp_path: Path) -> None:
    report = Report()
    lib = load_bibliography(tmp_path / "nope.bib", report, "refs.bib")
    assert not lib.entries and [d.format() for d in report.items] == [
        "refs.bib: error: bibliography file not found"]
    bad = tmp_path / "bad.bib"
    bad.write_bytes(b"@book{a, title = {\xff\xfe}}")
    report = Report()
    load_bibliography(bad, report, "bad.bib")
    assert [d.message for d in report.items] == ["not valid UTF-8 (save the file as UTF-8)"]


def test_string_macros_carry_over_and_comments_skipped() -> None:
    report = Report()
    lib = parse_bibliography('@string{kmp = "Kompas"}\n'
                             "@comment{jabref-meta: databaseType:biblatex;}\n"
                             "@article{a, title = {T}, journal = kmp # { Daily}, year = 2000}\n",
                             report)
    assert not report.items and list(lib.entries) == ["a"]
    assert lib["a"].get("journaltitle") == "Kompas Daily"


TOKENS = ["@book{", "@article{", "@online{", "@misc{", "@string{", "key", ",", "}", "{", " = ",
          "author", "title", "year", "date", "url", "urldate", "month", "jan", "{\\'e}", "\\",
          "\\emph{", '"', "#", "%", "\n", "Nama, A. and B, C", " and ", "2020", "2020-13-45",
          "{International Labour Organization}", "k1", "é", "@comment{", "entrysubtype",
          "interview", "newspaper", "(", ")", "--", "~", "$", "&", "<i>", "?", "!"]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_random_bibtex_never_raises(tokens: list[str]) -> None:
    text = "".join(tokens)
    report = Report()
    lib = parse_bibliography(text, report)
    keys = list(lib.entries)[:5]
    cites = " ".join(f"[@{k}, 3] [@{k}] @{k}" for k in keys if k.isidentifier())
    doc, _ = run(f"# Bab\n\nTeks {cites} [@k1].\n", lib=lib, style="classic", nocite=["*"])
    assert all(isinstance(t, str) for t in note_texts(doc))
    for d in report.items:
        assert d.file == "references.bib" and "Traceback" not in d.message
