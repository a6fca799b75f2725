"""Notes and Daftar Pustaka entries written by hand from CMOS 17 (chapter 14), per entry type.

The sources (tests/fixtures/notes/cmos.bib) are written the way real exports write them:
particles, initials without periods, biblatex's extended names, ``and others``, TeX quotes,
a DOI, an ACM-style ``address`` + ``location``, a non-ISO date, ``edition = {3rd}``.
"""

from __future__ import annotations

from functools import cache

import pytest

from naskah.diagnostics import Report
from naskah.notes import load_bibliography, parse_bibliography
from naskah.notes.bibtex import Library

from .test_notes_support import FIXTURES, md, note_texts, run


@cache
def cmos() -> Library:
    report = Report()
    lib = load_bibliography(FIXTURES / "cmos.bib", report, "references.bib")
    # The one date that cannot be read for certain is a warning at its line.
    assert [(d.line, d.severity) for d in report.items] == [(52, "warning")]
    return lib


def notes(text: str, language: str = "en") -> list[str]:
    doc, report = run(text, lib=cmos(), language=language)
    assert not report.errors
    return note_texts(doc)


def bib(keys: list[str], language: str = "en", **kw: object) -> list[str]:
    doc, _ = run("# Bab\n\n" + " ".join(f"[@{k}]" for k in keys) + "\n", lib=cmos(),
                 language=language, **kw)  # type: ignore[arg-type]
    return [md(e) for g in doc.bibliography for e in g.entries]


FIRST_EN = [
    ("degaulle1960", "45", "Charles de Gaulle, *The Edge of the Sword*, trans. Gerard Hopkins "
     "(New York: Criterion Books, 1960), 45."),
    ("satterfield2016", "170", "Susan Satterfield, “Livy and the *Pax Deum*,” *Classical "
     "Philology* 111, no. 2 (2016): 170, https://doi.org/10.1086/685505."),
    ("gilmore1998", "74", "Glenda Gilmore, “Murder, Memory, and the Flight of the Incubus,” in "
     "*Democracy Betrayed: The Wilmington Race Riot of 1898 and Its Legacy*, ed. David S. "
     "Cecelski and Timothy B. Tyson (Chapel Hill: University of North Carolina Press, 1998), 74."),
    ("levin2010", "101", "Dana S. Levin, “Let's Talk about Sex: Exploring Youth Perspectives” "
     "(PhD diss., University of Michigan, 2010), 101."),
    ("borras2012", "850", "Saturnino M. Borras et al., “On ‘Value Grabbing’: A Review,” *Journal "
     "of Peasant Studies* 39, no. 3 (2012): 850."),
    ("kaiser1969", "12", "Ernest Kaiser, *The Politics of Pure Theory in the Social Sciences*, "
     "3rd ed. (New York: Freedom, 1969), 12."),
    ("dijk2010", "30", "Marten van Dijk and Craig Gentry, “Fully Homomorphic Encryption over the "
     "Integers,” in *Advances in Cryptology* (Berlin: Springer, 2010), 30."),
    ("why2020", "3", "Joseph S. Nye, “Why Now?” *Foreign Affairs* 99 (2020): 3."),
]


@pytest.mark.parametrize(("key", "page", "expected"), FIRST_EN)
def test_first_note(key: str, page: str, expected: str) -> None:
    assert notes(f"# Bab\n\nA [@{key}, {page}].\n")[0] == expected


def test_short_notes_and_ibid_after_a_prefix() -> None:
    got = notes("# Bab\n\nA [@degaulle1960, 45]. B [@kaiser1969, 3]. C [@degaulle1960, 47]. "
                "D [lihat @degaulle1960, 48]. E [@borras2012]. F [@kaiser1969, 5]. "
                "G [@satterfield2016, 170; @why2020].\n")
    assert got[2:] == [
        "De Gaulle, *Edge of the Sword*, 47.",  # CMOS 8.5: capital at the start of a note
        "Lihat ibid., 48.",
        "Saturnino M. Borras et al., “On ‘Value Grabbing’: A Review,” *Journal of Peasant "
        "Studies* 39, no. 3 (2012): 845–872.",
        "Kaiser, *Politics of Pure Theory*, 5.",
        "Susan Satterfield, “Livy and the *Pax Deum*,” *Classical Philology* 111, no. 2 (2016): "
        "170, https://doi.org/10.1086/685505; Joseph S. Nye, “Why Now?” *Foreign Affairs* 99 "
        "(2020).",
    ]


def test_online_locator_before_the_access_date() -> None:
    """Issue 17, CMOS 14.206: a locator comes before the access date, never after it."""
    assert notes("# Bab\n\nA [@hardum2014, 3].\n", "id") == [
        "Siprianus Hardum, “Kerja Sama Dengan Indonesia, ILO Prioritaskan 3 Hal Penting,” Berita "
        "Satu, modifikasi terakhir 18 November 2014, 3, diakses pada 25 Februari 2022, "
        "https://www.beritasatu.com/nasional/225951."]


def test_indonesian_edition_and_et_al() -> None:
    got = notes("# Bab\n\nA [@kaiser1969, 12]. B [@borras2012, 850].\n", "id")
    assert got == [
        "Ernest Kaiser, *The Politics of Pure Theory in the Social Sciences*, edisi ke-3 "
        "(New York: Freedom, 1969), 12.",
        "Saturnino M. Borras dkk., “On ‘Value Grabbing’: A Review,” *Journal of Peasant "
        "Studies* 39, no. 3 (2012): 850."]


def test_bibliography_entries() -> None:
    assert bib(["degaulle1960", "gilmore1998", "levin2010", "satterfield2016", "dijk2010"]) == [
        "Gaulle, Charles de. *The Edge of the Sword*. Translated by Gerard Hopkins. New York: "
        "Criterion Books, 1960.",
        "Gilmore, Glenda. “Murder, Memory, and the Flight of the Incubus.” In *Democracy "
        "Betrayed: The Wilmington Race Riot of 1898 and Its Legacy*, edited by David S. Cecelski "
        "and Timothy B. Tyson, 73–93. Chapel Hill: University of North Carolina Press, 1998.",
        "Levin, Dana S. “Let's Talk about Sex: Exploring Youth Perspectives.” PhD diss., "
        "University of Michigan, 2010.",
        "Satterfield, Susan. “Livy and the *Pax Deum*.” *Classical Philology* 111, no. 2 (2016): "
        "165–176. https://doi.org/10.1086/685505.",
        # useprefix=true keeps the particle in front, and sorts by it (under V).
        "van Dijk, Marten, and Craig Gentry. “Fully Homomorphic Encryption over the Integers.” "
        "In *Advances in Cryptology*. Berlin: Springer, 2010.",
    ]


def test_bibliography_cmos_order_and_dash() -> None:
    """CMOS 14.68: a single author's works before those written with others."""
    order = parse_bibliography(
        "@book{kn, author = {Nye, Joseph S. and Keohane, Robert O.}, title = {Power and "
        "Interdependence}, publisher = {Little, Brown}, address = {Boston}, year = 1977}\n"
        "@book{n2, author = {Nye, Joseph S.}, title = {Soft Power}, publisher = {PublicAffairs},"
        " address = {New York}, year = 2004}\n"
        "@article{n1, author = {Nye, Joseph S.}, title = {Why Now?}, journal = {Foreign Affairs},"
        " volume = 99, year = 2020}\n"
        "@book{g, author = {de Gaulle, Charles}, title = {Memoirs}, publisher = {P}, "
        "address = {Paris}, year = 1970}\n", Report())
    text = "# Bab\n\n[@kn] [@n1] [@n2] [@g]\n"
    doc, _ = run(text, lib=order, language="en")
    plain = [md(e) for g in doc.bibliography for e in g.entries]
    assert [p.split(".")[0] for p in plain] == [
        "Gaulle, Charles de", "Nye, Joseph S", "Nye, Joseph S", "Nye, Joseph S"]
    assert plain[1].startswith("Nye, Joseph S. *Soft Power*")
    assert plain[2].startswith("Nye, Joseph S. “Why Now?”")
    assert plain[3].startswith("Nye, Joseph S., and Robert O. Keohane.")
    doc, _ = run(text, lib=order, language="en", repeat_dash=True)
    dashed = [md(e) for g in doc.bibliography for e in g.entries]
    assert [d[:4] for d in dashed] == ["Gaul", "Nye,", "———.", "Nye,"]


def test_sample_daftar_pustaka_in_cmos_order(sample_build: object) -> None:
    """The sample thesis itself: Keohane alone before Keohane and Nye, Knuth alone before
    Knuth and Plass, and *The Chicago Manual of Style* under C (the article ignored)."""
    doc = sample_build.doc  # type: ignore[attr-defined]
    entries = [md(e) for g in doc.bibliography for e in g.entries]
    starts = [e[:30] for e in entries]

    def at(prefix: str) -> int:
        return next(i for i, s in enumerate(starts) if s.startswith(prefix))

    assert at("Keohane, Robert O. “") < at("Keohane, Robert O., dan") < at("Knuth, Donald E. *")
    assert at("Knuth, Donald E. *") < at("Knuth, Donald E., dan")
    assert at("Booth") < at("*The Chicago Manual") < at("Cox")
