"""Every example string of NOTES.md, verbatim, and the formatting rules around them.

``*x*`` in an expected string means the words must be an ``Emph`` (see ``md``); each test also
checks the plain text (``stringify``) against the same string without the asterisks.
"""

from __future__ import annotations

import pytest

from naskah.diagnostics import Report
from naskah.notes import parse_bibliography
from naskah.pandoc_ast import stringify

from .test_notes_support import md, nations, note_texts, one, run

HARDUM_URL = ("https://www.beritasatu.com/nasional/225951/"
              "kerja-sama-dengan-indonesia-ilo-prioritaskan-3-hal-penting")
ILO_URL = "https://www.ilo.org/global/about-the-ilo/history/lang--en/index.htm"
AFD_URL = "https://www.afd.fr/en/actualites/5-challenges-employment-developing-countries"

FULL_NOTES = [
    ("morgenthau1948", "25", "Hans J. Morgenthau, *Politics Among Nations: The Struggle for Power "
     "and Peace* (New York: Alfred A. Knopf, 1948), 25."),
    ("keohane1988", "380", "Robert O. Keohane, “International Institutions: Two Approaches,” "
     "*International Studies Quarterly* 32, no. 4 (1988): 380."),
    ("keohane1988", None, "Robert O. Keohane, “International Institutions: Two Approaches,” "
     "*International Studies Quarterly* 32, no. 4 (1988): 379–396."),
    ("santoso2023", "4", "Budi Santoso, “Harga Jagung Naik,” *Kompas*, 12 Januari 2023, 4."),
    ("penulis2019", "45", "Nama Penulis, “Judul Bab,” dalam *Judul Buku*, ed. Nama Editor "
     "(Kota: Penerbit, 2019), 45."),
    ("ilo2018", "5", "International Labour Organization, *World Employment and Social Outlook: "
     "Trends 2018* (Geneva: International Labour Office, 2018), 5."),
    ("penulis2022", "12", "Nama Penulis, “Judul” (Skripsi, Universitas Katolik Parahyangan, "
     "2022), 12."),
    ("hardum2014", None, "Siprianus Hardum, “Kerja Sama Dengan Indonesia, ILO Prioritaskan 3 Hal "
     "Penting,” Berita Satu, modifikasi terakhir 18 November 2014, diakses pada 25 Februari "
     f"2022, {HARDUM_URL}."),
    ("ilohistory", None, "“History of the ILO,” International Labour Organization, modifikasi "
     f"terakhir 2019, diakses pada 5 April 2022, {ILO_URL}."),
    ("afd2022", None, "“5 Challenges for Employment in Developing Countries,” diakses pada "
     f"15 Agustus 2022, {AFD_URL}."),
    ("uu13", "Pasal 5", "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan, Pasal 5."),
    ("bria2022", None, "Wawancara dengan Yohanes Bria, Ketua Kelompok Tani, Kupang, "
     "3 Maret 2022."),
]


@pytest.mark.parametrize(("key", "locator", "expected"), FULL_NOTES)
def test_full_note_examples(key: str, locator: str | None, expected: str) -> None:
    inlines = one(key, "first", locator)
    assert md(inlines) == expected
    assert stringify(inlines) == expected.replace("*", "")


def test_full_note_italics_are_emph() -> None:
    inlines = one("morgenthau1948", "first", "25")
    emph = [stringify(el["c"]) for el in inlines if el["t"] == "Emph"]
    assert emph == ["Politics Among Nations: The Struggle for Power and Peace"]


def test_url_is_a_link() -> None:
    inlines = one("hardum2014")
    links = [el for el in inlines if el["t"] == "Link"]
    assert [link["c"][2][0] for link in links] == [HARDUM_URL]
    assert stringify(inlines).endswith(HARDUM_URL + ".")


SHORT_NOTES = [
    ("morgenthau1948", "30", "Morgenthau, *Politics Among Nations*, 30."),
    ("keohane1988", "385", "Keohane, “International Institutions,” 385."),
    ("hardum2014", None, "Hardum, “Kerja Sama Dengan Indonesia.”"),
    ("ilohistory", None, "“History of the ILO.”"),
    ("keohanenye1977", "5", "Keohane dan Nye, *Power and Interdependence*, 5."),
    ("fourauthors", None, "Smith dkk., *Buku Empat Penulis*."),
    ("threeauthors", "2", "Satu, Dua, dan Tiga, *Buku Tiga Penulis*, 2."),
    ("ilo2018", "7",
     "International Labour Organization, *World Employment and Social Outlook*, 7."),
    ("uu13", "Pasal 6", "UU Ketenagakerjaan, Pasal 6."),
    ("bria2022", None, "Wawancara dengan Bria, 3 Maret 2022."),
]


@pytest.mark.parametrize(("key", "locator", "expected"), SHORT_NOTES)
def test_short_note_examples(key: str, locator: str | None, expected: str) -> None:
    inlines = one(key, "short", locator)
    assert md(inlines) == expected
    assert stringify(inlines) == expected.replace("*", "")


def bib_lines(doc_keys: list[str], **kw: object) -> list[str]:
    text = "# Bab\n\n" + " ".join(f"[@{k}]" for k in doc_keys) + "\n"
    doc, report = run(text, **kw)  # type: ignore[arg-type]
    assert not report.errors
    return [md(entry) for group in doc.bibliography for entry in group.entries]


def test_daftar_pustaka_examples_sorted() -> None:
    lines = bib_lines(["morgenthau1948", "keohane1988", "hardum2014", "ilohistory"])
    assert lines == [
        "Hardum, Siprianus. “Kerja Sama Dengan Indonesia, ILO Prioritaskan 3 Hal Penting.” "
        "Berita Satu. Modifikasi terakhir 18 November 2014. Diakses pada 25 Februari 2022. "
        f"{HARDUM_URL}.",
        f"“History of the ILO.” International Labour Organization. Modifikasi terakhir 2019. "
        f"Diakses pada 5 April 2022. {ILO_URL}.",
        "Keohane, Robert O. “International Institutions: Two Approaches.” *International "
        "Studies Quarterly* 32, no. 4 (1988): 379–396.",
        "Morgenthau, Hans J. *Politics Among Nations: The Struggle for Power and Peace*. "
        "New York: Alfred A. Knopf, 1948.",
    ]


def test_daftar_pustaka_two_three_and_many_authors() -> None:
    lines = bib_lines(["keohanenye1977", "threeauthors", "manyauthors"])
    assert lines[0].startswith("A1, Nama, Nama A2, Nama A3, Nama A4, Nama A5, Nama A6, "
                               "Nama A7, dkk. *Buku Sebelas Penulis*.")
    assert lines[1] == ("Keohane, Robert O., dan Joseph S. Nye. *Power and Interdependence: "
                        "World Politics in Transition*. Boston: Little, Brown, 1977.")
    assert lines[2].startswith("Satu, Ahmad, Budi Dua, dan Citra Tiga. *Buku Tiga Penulis*.")


def test_daftar_pustaka_other_kinds() -> None:
    lines = bib_lines(["penulis2019", "penulis2022", "santoso2023", "ilo2018", "uu13",
                       "bria2022", "edited", "translated", "nodata", "afd2022"])
    assert lines == [
        f"“5 Challenges for Employment in Developing Countries.” Diakses pada 15 Agustus 2022. "
        f"{AFD_URL}.",
        "Anonim, Penulis. *Buku Tanpa Data*. T.tp.: t.p., t.t.",
        "Bria, Yohanes, Ketua Kelompok Tani. Wawancara oleh penulis. Kupang, 3 Maret 2022.",
        "International Labour Organization. *World Employment and Social Outlook: Trends "
        "2018*. Geneva: International Labour Office, 2018.",
        "Nama, Editor, ed. *Kumpulan Esai*. Yogyakarta: Kanisius, 2010.",
        # one author's works by title, word by word (CMOS 14.69): “Judul” before “Judul Bab”
        "Penulis, Nama. “Judul.” Skripsi, Universitas Katolik Parahyangan, 2022.",
        "Penulis, Nama. “Judul Bab.” Dalam *Judul Buku*, disunting oleh Nama Editor, 45–67. "
        "Kota: Penerbit, 2019.",
        "Said, Edward W. *Orientalisme*. Diterjemahkan oleh Achmad Fawaid Hasan. Yogyakarta: "
        "Pustaka Pelajar, 2010.",
        "Santoso, Budi. “Harga Jagung Naik.” *Kompas*, 12 Januari 2023.",
        "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan.",
    ]


# -- authors, editors, translators, missing data --------------------------------------------


@pytest.mark.parametrize(("key", "expected"), [
    ("keohanenye1977", "Robert O. Keohane dan Joseph S. Nye, *Power and Interdependence: World "
     "Politics in Transition* (Boston: Little, Brown, 1977)."),
    ("threeauthors", "Ahmad Satu, Budi Dua, dan Citra Tiga, *Buku Tiga Penulis* (Jakarta: "
     "Gramedia, 2015)."),
    ("fourauthors", "John Smith dkk., *Buku Empat Penulis* (Jakarta: Gramedia, 2016)."),
    ("edited", "Editor Nama, ed., *Kumpulan Esai* (Yogyakarta: Kanisius, 2010)."),
    ("translated", "Edward W. Said, *Orientalisme*, terj. Achmad Fawaid Hasan (Yogyakarta: "
     "Pustaka Pelajar, 2010)."),
    ("nodata", "Penulis Anonim, *Buku Tanpa Data* (t.tp.: t.p., t.t.)."),
    ("accents", "Gabriel García Márquez dan Jan Škoda, *Café Society: Über Größe* (Paris: "
     "Éditions du Seuil, 1999)."),
])
def test_names_and_missing_data(key: str, expected: str) -> None:
    assert md(one(key)) == expected


def test_missing_year_publisher_city_each() -> None:
    lib = parse_bibliography("""
@book{noyear, author = {A, B}, title = {T}, publisher = {P}, address = {K}}
@book{nopub, author = {A, B}, title = {T}, address = {K}, year = 2000}
@book{nocity, author = {A, B}, title = {T}, publisher = {P}, year = 2000}
@techreport{rep, author = {{Bank Dunia}}, title = {Laporan}, institution = {Bank Dunia}}
""", Report())
    assert md(one("noyear", lib=lib)) == "B. A, *T* (K: P, t.t.)."
    assert md(one("nopub", lib=lib)) == "B. A, *T* (K: t.p., 2000)."
    assert md(one("nocity", lib=lib)) == "B. A, *T* (t.tp.: P, 2000)."
    assert md(one("rep", lib=lib)) == "Bank Dunia, *Laporan* (t.tp.: Bank Dunia, t.t.)."
    assert md(one("noyear", lib=lib, language="en")) == "B. A, *T* (K: P, n.d.)."
    assert md(one("nocity", lib=lib, language="en")) == "B. A, *T* (n.p.: P, 2000)."


# -- titles ending in ? or ! -----------------------------------------------------------------


def test_question_mark_absorbs_comma_and_period() -> None:
    assert md(one("why", "first", "3")) == "Ahli Pertanyaan, “Why War?” *Jurnal Tanya* 2 (2001): 3."
    assert md(one("why", "short")) == "Pertanyaan, “Why War?”"
    assert md(one("why", "short", "3")) == "Pertanyaan, “Why War?” 3."
    assert md(one("budiman2005", "short", "5")) == "Budiman, *Apa Itu Demokrasi?* 5."
    assert md(one("budiman2005", "short")) == "Budiman, *Apa Itu Demokrasi?*"
    assert bib_lines(["why"]) == ["Pertanyaan, Ahli. “Why War?” *Jurnal Tanya* 2 (2001): 1–20."]


# -- locators --------------------------------------------------------------------------------


@pytest.mark.parametrize(("locator", "chicago", "classic"), [
    ("45", ", 45.", ", hlm. 45."),
    ("45-47", ", 45–47.", ", hlm. 45–47."),
    ("45--47", ", 45–47.", ", hlm. 45–47."),
    ("45–47", ", 45–47.", ", hlm. 45–47."),
    ("hlm. 45", ", 45.", ", hlm. 45."),
    ("h. 45", ", 45.", ", hlm. 45."),
    ("p. 45", ", 45.", ", hlm. 45."),
    ("pp. 45-47", ", 45–47.", ", hlm. 45–47."),
    ("xii", ", xii.", ", hlm. xii."),
    ("Pasal 5", ", Pasal 5.", ", Pasal 5."),
    ("bab 3", ", bab 3.", ", bab 3."),
    ("e112", ", e112.", ", hlm. e112."),
    ("45f", ", 45f.", ", hlm. 45f."),
    ("45ff", ", 45ff.", ", 45ff."),
])
def test_locators(locator: str, chicago: str, classic: str) -> None:
    head = "Morgenthau, Politics Among Nations"
    assert stringify(one("morgenthau1948", "short", locator)) == head + chicago
    assert stringify(one("morgenthau1948", "short", locator, style="classic")) == head + classic


def test_locators_in_markdown_with_prefix_and_suffix() -> None:
    doc, _ = run("# Bab\n\nA [lihat @morgenthau1948, 45, tabel 2]. B [@waltz1979, hlm. 45-47]. "
                 "C [@uu13, Pasal 5]. D [bandingkan @waltz1979, p. 9, dan seterusnya].\n")
    notes = note_texts(doc)
    assert notes[0] == ("Lihat Hans J. Morgenthau, *Politics Among Nations: The Struggle for "
                        "Power and Peace* (New York: Alfred A. Knopf, 1948), 45, tabel 2.")
    assert notes[1] == ("Kenneth N. Waltz, *Theory of International Politics* (Reading: "
                        "Addison-Wesley, 1979), 45–47.")
    assert notes[2] == "Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan, Pasal 5."
    assert notes[3] == "Bandingkan Waltz, *Theory of International Politics*, 9, dan seterusnya."


# -- classic page placement, language en -----------------------------------------------------


def test_classic_article_page_last() -> None:
    assert stringify(one("keohane1988", "first", "380", style="classic")) == (
        "Robert O. Keohane, “International Institutions: Two Approaches,” International Studies "
        "Quarterly 32, no. 4 (1988), hlm. 380.")


@pytest.mark.parametrize(("key", "form", "locator", "expected"), [
    ("keohanenye1977", "first", "5", "Robert O. Keohane and Joseph S. Nye, *Power and "
     "Interdependence: World Politics in Transition* (Boston: Little, Brown, 1977), 5."),
    ("fourauthors", "short", None, "Smith et al., *Buku Empat Penulis*."),
    ("edited", "first", None, "Editor Nama, ed., *Kumpulan Esai* (Yogyakarta: Kanisius, 2010)."),
    ("translated", "first", None, "Edward W. Said, *Orientalisme*, trans. Achmad Fawaid Hasan "
     "(Yogyakarta: Pustaka Pelajar, 2010)."),
    ("penulis2019", "first", "45", "Nama Penulis, “Judul Bab,” in *Judul Buku*, ed. Nama Editor "
     "(Kota: Penerbit, 2019), 45."),
    ("hardum2014", "first", None, "Siprianus Hardum, “Kerja Sama Dengan Indonesia, ILO "
     "Prioritaskan 3 Hal Penting,” Berita Satu, last modified November 18, 2014, accessed "
     f"February 25, 2022, {HARDUM_URL}."),
    ("santoso2023", "first", None, "Budi Santoso, “Harga Jagung Naik,” *Kompas*, January 12, "
     "2023."),
])
def test_language_en(key: str, form: str, locator: str | None, expected: str) -> None:
    assert md(one(key, form, locator, language="en")) == expected


def test_language_en_classic_keeps_latin_and_uses_p() -> None:
    assert md(one("waltz1979", "ibid", "30", style="classic", language="en")) == "*Ibid.*, p. 30."
    assert md(one("waltz1979", "op-cit", "30-32", style="classic", language="en")) == \
        "Waltz, *op. cit.*, pp. 30–32."
    assert md(one("waltz1979", "loc-cit", style="classic", language="en")) == "Waltz, *loc. cit.*"
    assert md(one("waltz1979", "ibid", "30", language="en")) == "Ibid., 30."


def test_language_en_bibliography() -> None:
    lines = bib_lines(["keohanenye1977", "hardum2014"], language="en")
    assert lines[0] == ("Hardum, Siprianus. “Kerja Sama Dengan Indonesia, ILO Prioritaskan 3 "
                        "Hal Penting.” Berita Satu. Last modified November 18, 2014. Accessed "
                        f"February 25, 2022. {HARDUM_URL}.")
    assert lines[1].startswith("Keohane, Robert O., and Joseph S. Nye.")


def test_dates_month_year_and_thesis_kinds() -> None:
    lib = parse_bibliography("""
@online{m, title = {Halaman}, date = {2022-02}, url = {https://a.id}, urldate = {2022-03-01}}
@mastersthesis{t, author = {M, N}, title = {Tesis Saya}, school = {UI}, year = 2021}
@phdthesis{d, author = {M, N}, title = {Disertasi Saya}, school = {UGM}, year = 2020}
""", Report())
    assert md(one("m", lib=lib)) == ("“Halaman,” modifikasi terakhir Februari 2022, diakses pada "
                                     "1 Maret 2022, https://a.id.")
    assert md(one("t", lib=lib)) == "N. M, “Tesis Saya” (Tesis, UI, 2021)."
    assert md(one("d", lib=lib)) == "N. M, “Disertasi Saya” (Disertasi, UGM, 2020)."


def test_corporate_author_never_inverted() -> None:
    lines = bib_lines(["ilo2018"])
    assert lines[0].startswith("International Labour Organization. *World")
    src = nations()["ilo2018"]
    assert src.authors[0].corporate and src.authors[0].family == "International Labour Organization"
