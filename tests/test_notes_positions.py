"""Which form each citation takes (NOTES.md table) — through the whole engine, from Markdown."""

from __future__ import annotations

import pytest

from naskah.notes.cite import Cit, Locator
from naskah.notes.positions import ambiguous_keys, decide

from .test_notes_support import note_texts, run

M, W = "morgenthau1948", "waltz1979"
M_FULL = ("Hans J. Morgenthau, *Politics Among Nations: The Struggle for Power and Peace* "
          "(New York: Alfred A. Knopf, 1948)")
W_FULL = "Kenneth N. Waltz, *Theory of International Politics* (Reading: Addison-Wesley, 1979)"

# The worked example of format-sources.md: A = Morgenthau, B = Waltz.
WORKED = ("# Bab\n\n"
          f"Satu [@{M}, 25]. Dua [@{M}, 25]. Tiga [@{M}, 30]. Empat [@{W}, 88]. "
          f"Lima [@{M}, 40]. Enam [@{W}, 88]. Tujuh [@{W}, 91]. Delapan [@{M}, 40]. "
          f"Sembilan [@{M}, 41; @{W}, 92]. Sepuluh [@{W}, 92].\n")


def forms(doc: object) -> list[list[str]]:
    return [[c.form for c in f.citations] for f in doc.footnotes]  # type: ignore[attr-defined]


def test_worked_example_classic() -> None:
    doc, report = run(WORKED, style="classic")
    assert not report.items
    assert note_texts(doc) == [
        f"{M_FULL}, hlm. 25.",
        "*Ibid.*",
        "*Ibid.*, hlm. 30.",
        f"{W_FULL}, hlm. 88.",
        "Morgenthau, *op. cit.*, hlm. 40.",
        "Waltz, *loc. cit.*",
        "*Ibid.*, hlm. 91.",
        "Morgenthau, *loc. cit.*",
        "Morgenthau, *op. cit.*, hlm. 41; Waltz, *op. cit.*, hlm. 92.",
        "Waltz, *loc. cit.*",
    ]
    assert forms(doc) == [["first"], ["ibid"], ["ibid"], ["first"], ["op-cit"], ["loc-cit"],
                          ["ibid"], ["loc-cit"], ["op-cit", "op-cit"], ["loc-cit"]]


def test_worked_example_chicago() -> None:
    doc, _ = run(WORKED)
    assert note_texts(doc) == [
        f"{M_FULL}, 25.",
        "Ibid.",
        "Ibid., 30.",
        f"{W_FULL}, 88.",
        "Morgenthau, *Politics Among Nations*, 40.",
        "Waltz, *Theory of International Politics*, 88.",
        "Ibid., 91.",
        "Morgenthau, *Politics Among Nations*, 40.",
        "Morgenthau, *Politics Among Nations*, 41; Waltz, *Theory of International Politics*, 92.",
        "Waltz, *Theory of International Politics*, 92.",
    ]
    ibid = [el for el in doc.chapters[0].blocks[1]["c"] if el["t"] == "Note"][1]
    assert ibid["c"][0]["c"] == [{"t": "Str", "c": "Ibid."}]  # chicago: not italic


def test_worked_example_short_style_never_ibid() -> None:
    doc, _ = run(WORKED, style="short")
    assert forms(doc) == [["first"], ["short"], ["short"], ["first"], ["short"], ["short"],
                          ["short"], ["short"], ["short", "short"], ["short"]]
    assert note_texts(doc)[1] == "Morgenthau, *Politics Among Nations*, 25."


def test_note_without_citation_breaks_ibid() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}, 5]. B.^[Catatan penulis tanpa sumber.] C [@{M}, 5].\n")
    assert note_texts(doc) == [f"{M_FULL}, 5.", "Catatan penulis tanpa sumber.",
                               "Morgenthau, *Politics Among Nations*, 5."]
    assert forms(doc) == [["first"], [], ["short"]]


def test_reference_style_footnote_breaks_ibid_too() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}]. B[^1] C [@{M}].\n\n[^1]: Catatan biasa.\n",
                 style="classic")
    assert note_texts(doc)[1:] == ["Catatan biasa.", "Morgenthau, *op. cit.*"]


def test_no_ibid_after_a_two_source_note_nor_into_one() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}, 1; @{W}, 2]. B [@{W}, 2]. C [@{W}, 2; @{M}, 1].\n")
    assert forms(doc) == [["first", "first"], ["short"], ["short", "short"]]


def test_ibid_page_rules() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}]. B [@{M}]. C [@{M}, 30]. D [@{M}, 30]. E [@{M}]. "
                 f"F [@{M}, 31].\n")
    assert note_texts(doc)[1:] == [
        "Ibid.",                                        # both without page
        "Ibid., 30.",                                   # no page before, a page now
        "Ibid.",                                        # same page
        "Morgenthau, *Politics Among Nations*.",        # page before, none now: no Ibid.
        "Ibid., 31.",
    ]
    doc, _ = run(f"# Bab\n\nA [@{M}, 30]. B [@{M}].\n", style="classic")
    assert note_texts(doc)[1] == "Morgenthau, *op. cit.*"


def test_chapter_reset_and_document_scope() -> None:
    ch1 = f"# Satu\n\nA [@{M}, 3]. B [@{W}, 4].\n"
    ch2 = f"# Dua\n\nC [@{W}, 4]. D [@{W}, 4].\n"
    doc, _ = run(ch1, ch2)
    assert forms(doc) == [["first"], ["first"], ["first"], ["ibid"]]
    assert [f.number for f in doc.footnotes] == [1, 2, 1, 2]
    assert [f.chapter for f in doc.footnotes] == [1, 1, 2, 2]
    doc, _ = run(ch1, ch2, reset="document", restart="document")
    assert forms(doc) == [["first"], ["first"], ["ibid"], ["ibid"]]
    assert [f.number for f in doc.footnotes] == [1, 2, 3, 4]
    doc, _ = run(ch1, f"# Dua\n\nC [@{M}, 3].\n", reset="document")
    assert note_texts(doc)[2] == "Morgenthau, *Politics Among Nations*, 3."


def test_classic_same_first_author_two_works_uses_short_note() -> None:
    k1, k2 = "keohane1988", "keohanenye1977"
    doc, _ = run(f"# Bab\n\nA [@{k1}, 380]. B [@{k2}, 5]. C [@{k1}, 385]. D [@{k1}, 385]. "
                 f"E [@{k2}, 5]. F [@{M}, 1]. G [@{W}, 2]. H [@{M}, 1].\n", style="classic")
    texts = note_texts(doc)
    assert texts[2] == "Keohane, “International Institutions,” hlm. 385."
    assert texts[3] == "*Ibid.*"
    assert texts[4] == "Keohane dan Nye, *Power and Interdependence*, hlm. 5."
    assert texts[7] == "Morgenthau, *loc. cit.*"


def test_ambiguity_counts_the_whole_document_not_the_chapter() -> None:
    doc, _ = run(f"# Satu\n\n[@keohane1988, 1] [@{M}] [@keohane1988, 2].\n",
                 "# Dua\n\n[@keohanenye1977].\n", style="classic")
    assert note_texts(doc)[2] == "Keohane, “International Institutions,” hlm. 2."


def test_citation_inside_footnote_counts_as_that_note() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}, 45]. B.^[Lihat [@{M}, 45] untuk data 2020.] "
                 f"C.^[Data lain [@{W}].] D [@{W}].\n")
    assert note_texts(doc) == [
        f"{M_FULL}, 45.",
        "Lihat ibid. untuk data 2020.",
        f"Data lain {W_FULL}.",
        "Ibid.",
    ]


def test_front_matter_and_appendix_are_scopes_of_their_own() -> None:
    doc, _ = run(f"# Bab\n\nA [@{M}].\n", front={"kata-pengantar": f"Terima kasih [@{M}]."},
                 appendices=[f"# Lampiran\n\nB [@{M}]."])
    assert forms(doc) == [["first"], ["first"], ["first"]]
    assert [f.chapter for f in doc.footnotes] == [None, 1, None]
    assert [f.file for f in doc.footnotes] == ["front/kata-pengantar.md", "chapters/01-bab.md",
                                              "appendices/lampiran-1.md"]


def test_decide_directly() -> None:
    p5 = Locator("5", True)
    notes = [[Cit("a", locator=p5)], [], [Cit("a", locator=p5)], [Cit("a", locator=p5)],
             [Cit("b"), Cit("unknown", known=False)], [Cit("b")]]
    decide(notes, "chicago")
    assert [[c.form for c in n if c.known] for n in notes] == [
        ["first"], [], ["short"], ["ibid"], ["first"], ["ibid"]]
    assert notes[3][0].show_locator is False


@pytest.mark.parametrize(("pairs", "expected"), [
    ([("a", "keohane"), ("b", "keohane"), ("c", "waltz")], {"a", "b"}),
    ([("a", ""), ("b", "")], set()),
])
def test_ambiguous_keys(pairs: list[tuple[str, str]], expected: set[str]) -> None:
    assert ambiguous_keys(pairs) == expected
