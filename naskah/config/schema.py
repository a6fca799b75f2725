"""The typed schema of ``thesis.yaml``.

Each section is a dataclass; each field carries its documentation in ``metadata["doc"]`` so the
README's reference and ``build.py new``'s commented thesis.yaml come from one place. Defaults
of the ``format`` section come from the built-in profile (``naskah/data/profiles/default.yaml``),
not from this file: a university's variant is data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any, Literal


@dataclass(frozen=True)
class Range:
    """The bounds of a number field (inclusive): a value outside them is a located error."""

    low: float
    high: float


@dataclass(frozen=True)
class LengthRange:
    """A length with a unit (``4cm``, ``30mm``, ``1in``, ``12pt``) within bounds, in cm."""

    low_cm: float
    high_cm: float


@dataclass(frozen=True)
class FileName:
    """A file name alone, no folders: it names an output inside the output folder."""


Margin = Annotated[str, LengthRange(0.5, 8)]
Indent = Annotated[str, LengthRange(0, 5)]
PointSize = Annotated[float, Range(8, 16)]


def doc(text: str, default: Any = None, factory: Any = None) -> Any:
    """A dataclass field with its documentation attached."""
    if factory is not None:
        return field(default_factory=factory, metadata={"doc": text})
    return field(default=default, metadata={"doc": text})


@dataclass
class Person:
    """A supervisor or examiner on the Lembar Pengesahan."""

    name: str = doc("Full name with academic titles, e.g. 'Dr. Siti Rahma, M.Si.'.", "")
    id: str = doc("Staff number (NIDN / NIP), printed under the name when given.", "")
    role: str = doc("Role printed above the signature, e.g. 'Pembimbing I'.", "")


@dataclass
class Margins:
    """Page margins, each a length with a unit (``4cm``, ``30mm``, ``1in``)."""

    top: Margin = doc("Top margin.", "4cm")
    left: Margin = doc("Left (binding) margin.", "4cm")
    bottom: Margin = doc("Bottom margin.", "3cm")
    right: Margin = doc("Right margin.", "3cm")


@dataclass
class PageNumbers:
    """Where page numbers print in the body (front matter is always bottom centre, Roman)."""

    body: Literal["top-right", "top-outer", "bottom-centre", "bottom-outer"] = doc(
        "Ordinary body pages: top-right | top-outer | bottom-centre | bottom-outer "
        "(outer: right on odd pages, left on even ones).", "top-right")
    chapter: Literal["bottom-centre", "hidden", "same"] = doc(
        "First page of a chapter, the Daftar Pustaka and each lampiran: "
        "bottom-centre | hidden | same.", "bottom-centre")


@dataclass
class Footer:
    """A line of text at the bottom right of every page after the Halaman Judul, besides the
    page number: the university's mark that UI's templates print ("Universitas Indonesia")."""

    text: str = doc("The text (empty: no footer line).", "")
    fonts: list[str] = doc("Its font families, first installed wins (else the body font).",
                           factory=lambda: ["Arial", "Liberation Sans", "Helvetica",
                                            "Nimbus Sans"])
    size: Annotated[float, Range(6, 14)] = doc("Its size in pt.", 10)
    bold: bool = doc("Bold.", True)


@dataclass
class Titles:
    """Wording of the page titles (INTISARI for ABSTRAK, PRAKATA for KATA PENGANTAR, …)."""

    title_page: str = doc("Halaman Judul (not printed: the title page's PDF bookmark).",
                          "HALAMAN JUDUL")
    title_page_en: str = doc("The English title page (`title_en` in `front_matter`; not printed: "
                             "its PDF bookmark).", "TITLE PAGE")
    statement: str = doc("Originality statement page.", "LEMBAR PERNYATAAN")
    statement_en: str = doc("The statement page in English (`statement_en`).",
                            "STATEMENT OF ORIGINALITY")
    approval: str = doc("Approval page.", "LEMBAR PENGESAHAN")
    approval_en: str = doc("The approval page in English (`approval_en`).", "APPROVAL SHEET")
    preface: str = doc("Preface page.", "KATA PENGANTAR")
    abstract_id: str = doc("Indonesian abstract page.", "ABSTRAK")
    abstract_en: str = doc("English abstract page.", "ABSTRACT")
    contents: str = doc("Table of contents.", "DAFTAR ISI")
    tables: str = doc("List of tables.", "DAFTAR TABEL")
    figures: str = doc("List of figures.", "DAFTAR GAMBAR")
    abbreviations: str = doc("List of abbreviations.", "DAFTAR SINGKATAN")
    appendices: str = doc("List of appendices.", "DAFTAR LAMPIRAN")
    bibliography: str = doc("Bibliography.", "DAFTAR PUSTAKA")
    appendix: str = doc("Word before an appendix letter (`Lampiran A`).", "Lampiran")
    chapter: str = doc("Word before a chapter numeral (`BAB I`).", "BAB")
    figure: str = doc("Caption label of figures (`Gambar 2.1`).", "Gambar")
    table: str = doc("Caption label of tables (`Tabel 2.1`).", "Tabel")
    section: str = doc("Word for a cross-reference to a section (`Subbab 2.3`).", "Subbab")
    equation: str = doc("Word for a cross-reference to an equation (`Persamaan (2.1)`).",
                        "Persamaan")
    listing: str = doc("Word for a cross-reference to a code listing (`Kode 3.1`).", "Kode")
    keywords_id: str = doc("Label before the Indonesian keywords.", "Kata kunci")
    keywords_en: str = doc("Label before the English keywords.", "Keywords")
    source: str = doc("Label of a source line under a table or figure.", "Sumber")
    dedication: str = doc("Dedication page (front/persembahan.md).", "HALAMAN PERSEMBAHAN")
    cv: str = doc("Curriculum vitae after the lampiran (back/riwayat-hidup.md).", "RIWAYAT HIDUP")


Spacing_ = Annotated[float, Range(1, 3)]


@dataclass
class Spacing:
    """Line spacing of the parts that differ from the body (1.0 single, 1.5, 2.0)."""

    abstract: Spacing_ = doc("Abstrak and Abstract.", 1.0)
    bibliography: Spacing_ = doc("Entries of the Daftar Pustaka.", 1.0)
    captions: Spacing_ = doc("Figure and table captions.", 1.0)
    footnotes: Spacing_ = doc("Footnotes.", 1.0)
    tables: Spacing_ = doc("Table contents.", 1.0)
    bibliography_gap: Annotated[float, Range(0, 24)] = doc(
        "Blank space between Daftar Pustaka entries, in pt (0: none).", 12)


@dataclass
class Format:
    """The university format: every knob of FORMAT.md. Defaults: the built-in profile."""

    paper: str = doc("Paper size (Typst paper name).", "a4")
    margins: Margins = doc("Page margins.", factory=Margins)
    fonts: list[str] = doc("Body font families, first installed wins.", factory=lambda: [
        "Times New Roman", "Liberation Serif", "TeX Gyre Termes", "Tinos", "Nimbus Roman"])
    font_size: PointSize = doc("Body font size in pt.", 12)
    line_spacing: Annotated[float, Range(1, 3)] = doc(
        "Body line spacing as Word measures it: 1.0, 1.5 or 2.0.", 1.5)
    first_line_indent: Indent = doc("First-line indent of body paragraphs.", "1.27cm")
    indent_first_paragraph: bool = doc("Indent the first paragraph after a heading too.", True)
    justify: bool = doc("Justify body text.", True)
    hyphenate: bool = doc("Hyphenate body text (Word does not by default).", False)
    footnote_size: Annotated[float, Range(6, 14)] = doc("Footnote font size in pt.", 10)
    footnote_restart: Literal["chapter", "document"] = doc(
        "Footnote numbers restart: chapter | document.", "chapter")
    chapter_numerals: Literal["roman", "arabic"] = doc(
        "Chapter numerals: roman (BAB I) | arabic (BAB 1).", "roman")
    chapter_title_size: Annotated[float, Range(8, 28)] = doc("Chapter heading size in pt.", 14)
    chapter_label: Literal["two-line", "one-line"] = doc(
        "two-line (BAB I over the title) | one-line (I PENDAHULUAN: the numeral and the title, "
        "no word).", "two-line")
    chapter_title_case: Literal["upper", "as-written"] = doc(
        "upper (PENDAHULUAN) | as-written (Pendahuluan).", "upper")
    chapter_opens: Literal["any", "right"] = doc(
        "any | right: a chapter starts on an odd (right-hand) page.", "any")
    section_trailing_dot: bool = doc("`1.1.` (true) or `1.1` (false).", True)
    section_depth: Annotated[int, Range(0, 4)] = doc(
        "How many heading levels below the chapter are numbered.", 2)
    section_scheme: Literal["decimal", "letters"] = doc(
        "decimal (1.1., 1.1.1.) | letters (A., 1., a.).", "decimal")
    section_numerals: Literal["arabic", "roman"] = doc(
        "The chapter in a section number: arabic (1.1) | roman (I.1).", "arabic")
    float_numbering: Literal["chapter", "section", "continuous"] = doc(
        "Figure and table numbers: chapter (2.1) | section (2.1.1) | continuous (1, 2, …).",
        "chapter")
    caption_label: Literal["regular", "bold"] = doc(
        "Weight of the label of a figure, table or code caption: regular (Gambar 2.1 Judul) | "
        "bold (**Gambar 2.1** Judul).", "regular")
    paragraph_style: Literal["indent", "block"] = doc(
        "indent (first-line indent) | block (no indent, a blank line between paragraphs).",
        "indent")
    spacing: Spacing = doc("Line spacing of the parts that differ from the body.",
                           factory=Spacing)
    two_sided: bool = doc("Two-sided printing: left/right margins become inside/outside, "
                          "mirrored on even pages.", False)
    blank_page_text: str = doc("Text on a page left blank before a right-hand chapter opening "
                               "(two-sided).", "")
    front_matter: list[Literal["title", "title_en", "statement", "statement_en", "approval",
                               "approval_en", "dedication", "preface", "abstract_id",
                               "abstract_en", "contents", "tables", "figures", "abbreviations",
                               "appendices"]] = doc(
        "Order of the front-matter pages (each printed only when it has content; the Halaman "
        "Judul first unless placed). `title_en`, `statement_en`, `approval_en`: the same page "
        "in English, from thesis.yaml's `*_en` fields.",
        factory=lambda: ["statement", "approval", "preface", "abstract_id", "abstract_en",
                         "contents", "tables", "figures", "abbreviations", "appendices"])
    page_numbers: PageNumbers = doc("Page-number placement.", factory=PageNumbers)
    footer: Footer = doc("A line of text in the footer of every page (UI: Universitas Indonesia).",
                         factory=Footer)
    titles: Titles = doc("Wording of page titles and labels.", factory=Titles)
    chapters: Annotated[int, Range(1, 20)] = doc(
        "Number of chapters the format expects (checked by `check`).", 5)
    abstract_words: list[Annotated[int, Range(0, 10000)]] = doc(
        "Allowed abstract length in words [min, max].",
        factory=lambda: [150, 250])
    keyword_count: list[Annotated[int, Range(0, 100)]] = doc(
        "Allowed number of keywords [min, max].",
        factory=lambda: [3, 5])
    keyword_order: Literal["as-written", "alphabetical"] = doc(
        "as-written | alphabetical: `check` wants each abstract's keywords in alphabetical "
        "order.", "as-written")
    required_sections: dict[str, list[list[str]]] = doc(
        "Per chapter number, the sections it must have; each a list of accepted names.",
        factory=dict)


@dataclass
class Citations:
    """How citations are written (NOTES.md)."""

    style: Literal["chicago", "classic", "short", "apa", "name-year", "author-year", "ieee",
                   "numeric", "csl"] = doc(
        "Footnotes: chicago | classic | short. In the text: apa | name-year | author-year "
        "(author-date), ieee | numeric (numbers in order of appearance). csl: the CSL file in "
        "`citations.csl`.", "chicago")
    reset: Literal["chapter", "document"] = doc(
        "Positions (Ibid., short notes) restart per: chapter | document.", "chapter")
    csl: str | None = doc("CSL file for `style: csl` (Pandoc's built-in style when empty).", None)


@dataclass
class Bibliography:
    """The Daftar Pustaka."""

    file: str = doc("The BibTeX / BibLaTeX library.", "references.bib")
    group_by_type: bool = doc("Group entries under Buku, Artikel Jurnal, … headings.", False)
    repeat_dash: bool = doc("Print a name list repeated from the entry above as ——— "
                            "(CMOS 14.67; most Indonesian guides repeat the name).", False)


@dataclass
class Check:
    """Settings of `build.py check`."""

    rules: dict[str, str] = doc("Severity per rule id: error | warning | off.", factory=dict)


@dataclass
class Thesis:
    """thesis.yaml: title-page metadata and settings. Only `title` and `author` are required."""

    profile: str = doc("The university guide: default | ui-2017 | itb-sps | ipb-ppki4 | its-2022 "
                       "| ugm-fmipa | ugm-dteti | unpar-ftis (`naskah profiles`), or a profile "
                       "file in the project (profiles/my-guide.yaml).", "default")
    title: str = doc("Title of the thesis (printed in capitals on the title page).", "")
    author: str = doc("Author's full name.", "")
    subtitle: str = doc("Subtitle, printed under the title.", "")
    title_en: str = doc("The title in English, for the English pages a profile prints "
                        "(`title_en`, `approval_en`, `statement_en` in `format.front_matter`).", "")
    subtitle_en: str = doc("The subtitle in English.", "")
    student_id: str = doc("Student number.", "")
    student_id_label: str = doc("Label of the student number: NPM | NIM | …", "NPM")
    kind: Literal["skripsi", "tugas-akhir", "tesis", "disertasi"] = doc(
        "Kind of work: skripsi | tugas-akhir (ITS: TUGAS AKHIR, FINAL PROJECT) | tesis | "
        "disertasi.", "skripsi")
    degree: str = doc("Degree sought, e.g. 'Sarjana Ilmu Hubungan Internasional'.", "")
    purpose: str = doc("Purpose line on the title page; built from `degree` when empty.", "")
    programme: str = doc("Study programme (Program Studi).", "")
    faculty: str = doc("Faculty (Fakultas).", "")
    university: str = doc("University.", "")
    degree_en: str = doc("The degree in English, on the English pages (empty: `degree`).", "")
    programme_en: str = doc("The study programme in English (empty: `programme`).", "")
    faculty_en: str = doc("The faculty in English (empty: `faculty`).", "")
    university_en: str = doc("The university in English (empty: `university`).", "")
    city: str = doc("City of the university.", "")
    year: str = doc("Year of submission.", "")
    date: str = doc("Date of the statement page, e.g. '12 Juni 2026' (empty: leave blank).", "")
    supervisors: list[Person] = doc("Supervisors (Pembimbing), in order.", factory=list)
    examiners: list[Person] = doc("Examiners (Penguji), optional.", factory=list)
    logo: str = doc("University logo image, relative to the project folder.", "")
    keywords: list[str] = doc("Kata kunci under the Abstrak.", factory=list)
    keywords_en: list[str] = doc("Keywords under the Abstract.", factory=list)
    abbreviations: dict[str, str] = doc("Daftar Singkatan: abbreviation -> meaning.",
                                        factory=dict)
    language: Literal["id", "en"] = doc("Language of notes and dates: id | en.", "id")
    output: Annotated[str, FileName()] = doc(
        "File stem of the outputs in build/ (thesis.pdf, thesis.docx).", "thesis")
    nocite: list[str] = doc("Keys listed in the Daftar Pustaka without a citation ('*': all).",
                            factory=list)
    format: Format = doc("Overrides of the university format profile.", factory=Format)
    citations: Citations = doc("Citation style.", factory=Citations)
    bibliography: Bibliography = doc("Daftar Pustaka settings.", factory=Bibliography)
    check: Check = doc("Format-check settings.", factory=Check)
