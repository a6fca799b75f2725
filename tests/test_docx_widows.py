"""Which DOCX paragraphs lose widow control (:mod:`naskah.writers.docx_widows`), and which
figure tables give way to their paragraph — on small hand-made bodies, where a wrong match
is easy to set up (the benchmark test in test_docx_pagination shows the effect in
LibreOffice)."""

from __future__ import annotations

from lxml import etree

from naskah.writers.docx_reference import NSDECL, W
from naskah.writers.docx_spacing import figure_paragraphs
from naskah.writers.docx_widows import mark_lone_last_lines


def body(xml: str):
    return etree.fromstring(f"<w:body {NSDECL}>{xml}</w:body>")


def para(text: str, label: str = "") -> str:
    mark = f'<w:bookmarkStart w:id="1" w:name="{label}"/><w:bookmarkEnd w:id="1"/>' if label else ""
    return f"<w:p>{mark}<w:r><w:t>{text}</w:t></w:r></w:p>"


def unguarded(b) -> list[str]:
    """The text of each paragraph with widow control off."""
    return ["".join(t.text for t in p.iter(f"{W}t")) for p in b.iter(f"{W}p")
            if p.find(f"{W}pPr/{W}widowControl[@{W}val='0']") is not None]


LONG = "Kajian ini membahas kebijakan pangan daerah dan dampaknya bagi petani "


def test_the_paragraph_whose_last_line_heads_a_page_loses_widow_control() -> None:
    b = body(para("BAB I", "bab-1") + para(LONG + "di desa pelatihan.") + para("Hasil kajian.")
             + para("2.1 Tinjauan", "tinjauan") + para(LONG + "pelatihan.")
             + para("Hasil lain."))
    # Page 3 opens with "pelatihan." and then "Hasil kajian.": the first body paragraph (on
    # pages 1-4, before the label of page 5), not the second, which ends alike.
    mark_lone_last_lines(b, {3: ("pelatihan", "hasil")}, {"bab-1": 1, "tinjauan": 5})
    assert unguarded(b) == [LONG + "di desa pelatihan."]


def test_a_line_two_paragraphs_of_its_pages_could_end_with_changes_nothing() -> None:
    b = body(para("BAB I", "bab-1") + para(LONG + "pelatihan.") + para("Hasil kajian.")
             + para(LONG + "pelatihan.") + para("Hasil kajian."))
    mark_lone_last_lines(b, {3: ("pelatihan", "hasil")}, {"bab-1": 1})
    assert unguarded(b) == []


def test_a_paragraph_that_is_the_whole_line_or_not_followed_by_the_second_keeps_it() -> None:
    b = body(para("Pelatihan.") + para("Hasil.") + para(LONG + "pelatihan.") + para("Tabel 1"))
    mark_lone_last_lines(b, {0: ("pelatihan", "hasil"), 1: ("pelatihan", "hasil")}, {})
    assert unguarded(b) == []


def test_without_the_pdf_nothing_is_marked() -> None:
    b = body(para(LONG + "pelatihan.") + para("Hasil."))
    mark_lone_last_lines(b, {}, {})
    assert unguarded(b) == []


def figure(cell: str, cells: int = 1) -> str:
    tcs = "".join(f"<w:tc><w:tcPr/>{cell}</w:tc>" for _ in range(cells))
    return (f'<w:tbl><w:tblPr><w:tblStyle w:val="FigureTable"/></w:tblPr><w:tr>{tcs}</w:tr>'
            "</w:tbl>")


PICTURE = '<w:p><w:pPr><w:pStyle w:val="Compact"/></w:pPr><w:r><w:drawing/></w:r></w:p>'


def test_a_one_picture_figure_table_gives_way_to_its_paragraph() -> None:
    b = body(figure(PICTURE) + para("Gambar 1.1 Peta"))
    figure_paragraphs(b)
    assert [c.tag for c in b] == [f"{W}p", f"{W}p"]
    assert b[0].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Figure"


def test_a_figure_table_with_more_than_paragraphs_or_cells_stays() -> None:
    nested = figure(PICTURE).replace("FigureTable", "Table")
    for xml in (figure(PICTURE, cells=2), figure(nested + "<w:p/>")):
        b = body(xml)
        figure_paragraphs(b)
        assert b[0].tag == f"{W}tbl"
        assert len(list(b.iter(f"{W}drawing"))) == xml.count("<w:drawing/>")
