"""The sample thesis built in every university profile, each read back for what makes its guide
distinct: margins, line pitch, chapter label, section numbers, citation form, bibliography title
(the PDF, with pdfplumber) and the matching settings of the DOCX. Each profile is built once."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree

from naskah.build import build
from naskah.check import check_project
from naskah.config import profiles
from naskah.diagnostics import Report

from .conftest import copy_sample

CM = 72 / 2.54
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class Built:
    project: Path
    pages: list[str]
    """The text of every page."""
    pdf: pdfplumber.PDF
    docx: zipfile.ZipFile | None

    def first_page(self, pattern: str, after: int = 0) -> int:
        """Index of the first page (from ``after``) whose first line matches ``pattern``."""
        return next(i for i, t in enumerate(self.pages)
                    if i >= after and re.match(pattern, t.split("\n")[0]))

    def lines(self, index: int) -> list[dict]:
        """The text lines of a page, top to bottom, with their boxes and sizes."""
        words = self.pdf.pages[index].extract_words(extra_attrs=["size"])
        rows: list[list[dict]] = []
        for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
            if rows and abs(rows[-1][0]["top"] - w["top"]) < 2:
                rows[-1].append(w)
            else:
                rows.append([w])
        return [{"text": " ".join(w["text"] for w in r), "x0": r[0]["x0"],
                 "x1": r[-1]["x1"], "top": r[0]["top"], "bottom": max(w["bottom"] for w in r),
                 "size": r[0]["size"]} for r in rows]

    def xml(self, part: str) -> etree._Element:
        return etree.fromstring(self.docx.read(part))

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.pages))


@pytest.fixture(scope="session")
def profile_build(tmp_path_factory: pytest.TempPathFactory):
    """The sample thesis with ``profile: NAME`` (its own `citations.style` removed, the values
    ``naskah new`` writes for the profile set, e.g. ITS's kind), built once per profile and
    session into PDF and DOCX."""
    built: dict[str, Built] = {}

    def get(name: str, docx: bool = True, files: dict[str, str] | None = None) -> Built:
        if name not in built:
            project = copy_sample(tmp_path_factory.mktemp(name))
            for rel, text in (files or {}).items():
                (project / rel).write_text(text, encoding="utf-8")
            text = (project / "thesis.yaml").read_text("utf-8").replace("  style: chicago", "")
            for key, value in (profiles.builtin(name).data.get("new") or {}).get("values",
                                                                               {}).items():
                text = re.sub(rf"(?m)^{key}:.*$", f"{key}: {value}", text)  # as `new` writes
            (project / "thesis.yaml").write_text(f"profile: {name}\n{text}", encoding="utf-8")
            result = build(project, project / "build", ["pdf", "docx"] if docx else ["pdf"],
                           Report())
            pdf = pdfplumber.open(result.outputs["pdf"])
            built[name] = Built(project, [p.extract_text() or "" for p in pdf.pages], pdf,
                                zipfile.ZipFile(result.outputs["docx"]) if docx else None)
        return built[name]

    yield get
    for b in built.values():
        b.pdf.close()


def body_pitch(b: Built, page: int) -> float:
    """The most common baseline-to-baseline distance of body lines on a page."""
    lines = [ln for ln in b.lines(page) if 11 < ln["size"] < 13]
    gaps = [round(n["bottom"] - p["bottom"], 1) for p, n in zip(lines, lines[1:], strict=False)]
    return max(set(gaps), key=gaps.count)


def margins_of(b: Built, page: int) -> tuple[float, float]:
    """Top of the first text line and left edge of the text on a page, in cm."""
    lines = [ln for ln in b.lines(page) if not re.fullmatch(r"\d+", ln["text"])]
    return lines[0]["top"] / CM, min(ln["x0"] for ln in lines) / CM


def docx_margins(b: Built) -> dict[str, float]:
    mar = b.xml("word/document.xml").find(f".//{W}sectPr/{W}pgMar")
    return {k: int(mar.get(f"{W}{k}")) / 1440 * 2.54 for k in ("top", "left", "bottom", "right")}


def style_ppr(b: Built, style: str) -> etree._Element:
    styles = b.xml("word/styles.xml")
    el = styles.find(f"{W}style[@{W}styleId='{style}']/{W}pPr")
    assert el is not None, style
    return el


def heading1_texts(b: Built) -> list[str]:
    """Chapter headings of the DOCX as Word shows them (a line break as ' / ')."""
    out = []
    for p in b.xml("word/document.xml").iter(f"{W}p"):
        st = p.find(f"{W}pPr/{W}pStyle")
        if st is not None and st.get(f"{W}val") == "Heading1":
            text = "".join(" / " if el.tag == f"{W}br" else (el.text or "")
                           for el in p.iter(f"{W}t", f"{W}br"))
            out.append(text.strip())
    return out


def passes_check(b: Built) -> list[str]:
    """The format check of the built files against the profile: the findings' rules."""
    checker = check_project(b.project, pdf=b.project / "build" / "thesis.pdf",
                            docx=b.project / "build" / "thesis.docx" if b.docx else None)
    return sorted({f"{d.rule}: {d.message}" for d in checker.sorted() if d.severity == "error"})


def test_ipb_ppki4(profile_build) -> None:
    b = profile_build("ipb-ppki4", files={"front/riwayat-hidup.md": "Penulis lahir di Bogor "
                                                                   "pada 12 Maret 2004.\n"})
    bab1 = b.first_page(r"I PENDAHULUAN$")
    first = b.lines(bab1)[0]
    assert first["text"] == "I PENDAHULUAN"  # numeral and title on one line
    assert abs((first["x0"] + first["x1"]) / 2 - (4 + (21 - 4 - 3) / 2) * CM) < 3  # centred
    assert round(first["size"]) == 14
    top, left = margins_of(b, bab1 + 1)
    assert abs(left - 4) < 0.05 and abs(top - 3) < 0.4
    assert abs(body_pitch(b, bab1 + 1) - 13.8) < 0.3  # single spacing, Word's measure
    assert "(Keohane dan Nye 1977)" in b.text
    assert re.search(r"\bGambar 1 ", b.text) and re.search(r"\bTabel 2 ", b.text)  # continuous
    assert "Tabel 2.1" not in b.text
    dp = b.first_page(r"DAFTAR PUSTAKA$", bab1)
    lines = [ln for ln in b.lines(dp)[1:] if not re.fullmatch(r"\d+", ln["text"])]
    pitches = {round(n["bottom"] - p["bottom"], 1) for p, n in zip(lines, lines[1:], strict=False)}
    assert max(pitches) < 14.2  # single-spaced, no blank line between entries
    # PRAKATA, and the abstracts before the approval page (PPKI Bab III)
    order = [t.split("\n")[0] for t in b.pages[:bab1]]
    assert order.index("ABSTRAK") < order.index("LEMBAR PENGESAHAN") < order.index("PRAKATA")
    # the DOCX: same margins, single spacing, the one-line chapter heading
    assert {k: round(v, 2) for k, v in docx_margins(b).items()} == {
        "top": 3.0, "left": 4.0, "bottom": 3.0, "right": 3.0}
    assert style_ppr(b, "Normal").find(f"{W}spacing").get(f"{W}line") == "240"
    assert "I PENDAHULUAN" in heading1_texts(b)
    # RIWAYAT HIDUP after the lampiran (PPKI Lampiran 14), in the PDF and the DOCX
    cv = b.first_page(r"RIWAYAT HIDUP$")
    assert cv > b.first_page(r"Lampiran A$") and "lahir di Bogor" in b.pages[cv]
    assert heading1_texts(b)[-1] == "RIWAYAT HIDUP"


def test_ui_2017(profile_build) -> None:
    b = profile_build("ui-2017")
    bab1 = b.first_page(r"BAB 1$")
    assert b.pages[bab1].split("\n")[1] == "PENDAHULUAN"
    assert "(Knuth, 1984, hlm. vii)" in b.text
    ref = b.first_page(r"DAFTAR REFERENSI$", bab1)
    assert "Knuth, D. E. (1984). The TeXbook." in re.sub(r"\s+", " ", b.pages[ref + 1]
                                                         + b.pages[ref])
    top, left = margins_of(b, bab1 + 1)
    assert abs(left - 3) < 0.05 and abs(top - 3) < 0.4
    assert abs(body_pitch(b, bab1 + 1) - 20.7) < 0.3  # 1.5 lines
    # outer page numbers: right on odd pages, left on even ones (two-sided)
    for i in (bab1 + 1, bab1 + 2):
        number = next(ln for ln in b.lines(i) if re.fullmatch(r"\d+", ln["text"]))
        assert number["top"] < 3 * CM
        assert (number["x0"] > 15 * CM) == (i % 2 == 0), i  # index 0-based: even index = odd page
    settings = b.xml("word/settings.xml")
    assert settings.find(f"{W}mirrorMargins") is not None
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    assert "BAB 1 / PENDAHULUAN" in heading1_texts(b)
    assert passes_check(b) == []


def test_itb_sps(profile_build) -> None:
    b = profile_build("itb-sps")
    bab1 = b.first_page(r"Bab I$")
    assert b.pages[bab1].split("\n")[1] == "Pendahuluan"
    assert re.search(r"^I\.1 Latar Belakang$", b.pages[bab1], re.M)
    assert re.search(r"^II\.1 \S", "\n".join(b.pages[bab1:]), re.M)
    # block paragraphs: every line starts at the margin, a blank line between paragraphs
    lines = [ln for ln in b.lines(bab1 + 1) if 11 < ln["size"] < 13
             and not re.fullmatch(r"\d+", ln["text"])]
    assert {round(ln["x0"] / CM, 1) for ln in lines} == {4.0}
    gaps = sorted({round(n["bottom"] - p["bottom"]) for p, n in zip(lines, lines[1:],
                                                                     strict=False)})
    assert gaps[0] == 21 and {41, 42} & set(gaps)  # 1.5 spacing; a blank line = one more line
    assert "(Universitas Indonesia 2008, 5–12)" in b.text  # author-year
    assert re.search(r"\bGambar [IV]+\.\d+\.\d+ ", b.text)  # figures per section
    normal = style_ppr(b, "Normal")
    assert normal.find(f"{W}ind").get(f"{W}firstLine") == "0"
    assert int(normal.find(f"{W}spacing").get(f"{W}after")) > 0
    assert "Bab I / Pendahuluan" in heading1_texts(b)
    assert passes_check(b) == []


def test_ugm_dteti(profile_build) -> None:
    b = profile_build("ugm-dteti", docx=False)
    bab1 = b.first_page(r"BAB I$")
    assert re.search(r"\[1\]", "\n".join(b.pages[bab1:bab1 + 2]))
    dp = b.first_page(r"DAFTAR PUSTAKA$", bab1)
    entries = re.findall(r"^\[(\d+)\] ", "\n".join(b.pages[dp:dp + 3]), re.M)
    assert entries[:5] == ["1", "2", "3", "4", "5"]  # IEEE: numbered list in citation order
    order = [t.split("\n")[0] for t in b.pages[:bab1]]
    assert order.index("DAFTAR ISI") < order.index("INTISARI") < order.index("ABSTRACT")
    assert abs(body_pitch(b, bab1 + 1) - 20.7) < 0.3


def test_its_2022(profile_build) -> None:
    b = profile_build("its-2022")
    bab1 = b.first_page(r"BAB I$")
    assert abs(body_pitch(b, bab1 + 1) - 13.8) < 0.3
    assert re.search(r"\((Booth|Mittelbach) dkk\., \d{4}", b.text)  # APA in Indonesian
    number = [ln for ln in b.lines(bab1 + 1) if re.fullmatch(r"\d+", ln["text"])][-1]
    assert number["top"] > 25 * CM and number["x1"] < 5 * CM  # bottom outer corner (even page)
    # two-sided: every chapter on a right-hand page, the blank versos saying so
    openings = [i for i, t in enumerate(b.pages) if re.match(r"BAB [IVX]+$", t.split("\n")[0])]
    assert all(i % 2 == 0 for i in openings)
    blanks = [i for i, t in enumerate(b.pages) if t.strip() == "[Halaman ini sengaja dikosongkan]"]
    assert blanks and all(i % 2 == 1 and re.match(r"BAB [IVX]+$|DAFTAR PUSTAKA$|Lampiran [A-Z]$",
                                                  b.pages[i + 1].split("\n")[0]) for i in blanks)
    assert passes_check(b) == []


def english_names(b: Built) -> dict[str, str]:
    """The sample's own names in thesis.yaml (the English pages print them)."""
    data = yaml.safe_load((b.project / "thesis.yaml").read_text("utf-8"))
    return {k: str(v) for k, v in data.items() if isinstance(v, str | int)}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def docx_front(b: Built) -> list[tuple[str, str, etree._Element]]:
    """The DOCX body before BAB I: (style, text, paragraph) of each paragraph, in order."""
    out = []
    for p in b.xml("word/document.xml").iter(f"{W}p"):
        st = p.find(f"{W}pPr/{W}pStyle")
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        if st is not None and st.get(f"{W}val") == "Heading1" and re.match(r"BAB ", text):
            break
        out.append((st.get(f"{W}val") if st is not None else "", text, p))
    return out


def test_its_2022_prints_its_pages_in_both_languages(profile_build) -> None:
    """ITS-T1's order: title page in Indonesian, then in English; LEMBAR PENGESAHAN, APPROVAL
    SHEET; PERNYATAAN ORISINALITAS, STATEMENT OF ORIGINALITY; ABSTRAK, ABSTRACT. The English
    pages carry thesis.yaml's English title; a title page shows no page number."""
    b = profile_build("its-2022")
    names = english_names(b)
    bab1 = b.first_page(r"BAB I$")
    firsts = [t.split("\n")[0] for t in b.pages[:bab1]]
    assert firsts[:2] == [names["title"].upper(), names["title_en"].upper()]
    wanted = ["LEMBAR PENGESAHAN", "APPROVAL SHEET", "PERNYATAAN ORISINALITAS",
              "STATEMENT OF ORIGINALITY", "ABSTRAK", "ABSTRACT", "KATA PENGANTAR", "DAFTAR ISI"]
    assert [f for f in firsts if f in wanted] == wanted
    cover_en = flat(b.pages[1])
    kind_lines = [[ln.strip() for ln in b.pages[i].split("\n") if ln.strip() in (
        "SKRIPSI", "TUGAS AKHIR", "UNDERGRADUATE THESIS", "FINAL PROJECT")] for i in (0, 1)]
    assert names["kind"] == "tugas-akhir" and kind_lines == [["TUGAS AKHIR"], ["FINAL PROJECT"]]
    assert names["subtitle_en"] in cover_en
    assert names["university_en"].upper() in cover_en and names["degree_en"] in cover_en
    assert not re.search(r"\b[ivx]+$", b.pages[1].strip())  # no page number on a title page
    approval = flat(b.pages[firsts.index("APPROVAL SHEET")])
    statement = flat(b.pages[firsts.index("STATEMENT OF ORIGINALITY")])
    for page in (approval, statement):
        assert f"“{names['title_en']}: {names['subtitle_en']}”" in page
        assert names["title"] not in page
    assert names["programme_en"] in statement
    assert names["date"] == "15 Juni 2026" and "Jakarta, June 15, 2026" in statement
    # the DOCX: the same pages in the same order; the English title page opens a front-matter
    # section of its own whose first page shows no number, numbering going on (no restart)
    front = docx_front(b)
    texts = [t for _, t, _ in front]
    title_en = next(i for i, t in enumerate(texts) if t == names["title_en"].upper())
    assert texts.index(names["title"].upper()) < title_en
    assert texts.index("TUGAS AKHIR") < title_en < texts.index("FINAL PROJECT")
    assert "SKRIPSI" not in texts and "UNDERGRADUATE THESIS" not in texts
    headings = [t for s, t, _ in front if s == "Heading1"]
    assert [h for h in headings if h in wanted] == wanted
    assert title_en < texts.index("LEMBAR PENGESAHAN")
    breaks = [i for i, (_, _, p) in enumerate(front) if p.find(f"{W}pPr/{W}sectPr") is not None]
    assert len(breaks) == 2 and breaks[0] < title_en < breaks[1]  # 2nd: before BAB I
    first, second = (front[i][2].find(f"{W}pPr/{W}sectPr") for i in breaks)
    assert first.find(f"{W}pgNumType").get(f"{W}start") == "1"
    assert second.find(f"{W}titlePg") is not None  # its first page: the English title page
    assert second.find(f"{W}pgNumType").get(f"{W}start") is None  # ii, iii … go on
    runs = front[title_en][2].findall(f".//{W}lang")
    assert runs and {r.get(f"{W}val") for r in runs} == {"en-US"}
    assert "APPROVAL SHEET" in headings and any(
        f"“{names['title_en']}: {names['subtitle_en']}”" in t for t in texts)


def test_english_title_is_required_by_a_bilingual_profile(profile_build) -> None:
    """Without `title_en` (and `subtitle_en`) the ITS thesis fails `check`, at `title:`."""
    b = profile_build("its-2022")
    path = b.project / "thesis.yaml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"(?m)^(sub)?title_en:.*\n", "", text), encoding="utf-8")
    try:
        found = [d for d in check_project(b.project).sorted() if d.rule == "english-title"]
    finally:
        path.write_text(text, encoding="utf-8")
    lines = path.read_text("utf-8").split("\n")
    assert [(d.severity, d.line, d.file) for d in found] == [
        ("error", lines.index(next(ln for ln in lines if ln.startswith(k + ":"))) + 1,
         "thesis.yaml") for k in ("title", "subtitle")]
    assert "'title_en:'" in found[0].message and "'subtitle_en:'" in found[1].message


def test_unpar_ftis_chapters_open_on_the_right(profile_build) -> None:
    b = profile_build("unpar-ftis")
    openings = [i for i, t in enumerate(b.pages) if re.match(r"BAB \d$", t.split("\n")[0])]
    assert len(openings) == 5 and all(i % 2 == 0 for i in openings)  # odd page numbers
    assert b.first_page(r"DAFTAR REFERENSI$")
    assert re.search(r"\[\d+ hlm\. vii\]", b.text)  # numeric, order of appearance
    odd = [ln for ln in b.lines(openings[0] + 2) if 10 < ln["size"] < 12]
    assert odd and round(odd[0]["size"]) == 11
    section = b.xml("word/document.xml").findall(f".//{W}sectPr/{W}type")
    assert any(t.get(f"{W}val") == "oddPage" for t in section)
    # UNPAR-T1: the cover in Indonesian, then in English; the approval page in Indonesian only
    names = english_names(b)
    firsts = [t.split("\n")[0] for t in b.pages[:openings[0]]]
    assert firsts[:3] == [names["title"].upper(), names["title_en"].upper(), "LEMBAR PENGESAHAN"]
    assert "APPROVAL SHEET" not in b.text and "STATEMENT OF ORIGINALITY" not in b.text
    texts = [t for _, t, _ in docx_front(b)]
    assert texts.index(names["title"].upper()) < texts.index(names["title_en"].upper()) \
        < texts.index("LEMBAR PENGESAHAN")


def test_ugm_fmipa(profile_build) -> None:
    b = profile_build("ugm-fmipa", docx=False)
    bab1 = b.first_page(r"BAB I$")
    order = [t.split("\n")[0] for t in b.pages[:bab1]]
    assert "PRAKATA" in order and order.index("DAFTAR ISI") < order.index("INTISARI")
    assert "(Keohane dan Nye 1977)" in b.text


def test_check_measures_a_thesis_against_its_profile(profile_build) -> None:
    """The UI-2017 build checked as if the thesis followed IPB's PPKI: its margins, chapter
    labels and front matter are IPB's errors, each named by its rule."""
    b = profile_build("ui-2017")
    text = (b.project / "thesis.yaml").read_text("utf-8")
    (b.project / "thesis.yaml").write_text(text.replace("profile: ui-2017", "profile: ipb-ppki4"),
                                           encoding="utf-8")
    try:
        found = passes_check(b)
    finally:
        (b.project / "thesis.yaml").write_text(text, encoding="utf-8")
    rules = {f.split(":")[0] for f in found}
    assert {"pdf-margins", "pdf-front-order"} <= rules, found
    assert any("into the left margin (4.0 cm)" in f for f in found), found
    assert any("'I PENDAHULUAN'" in f for f in found), found



def caption_labels(b: Built) -> list[tuple[str, bool, bool]]:
    """Each ``Gambar 2.1`` / ``Tabel 2.1`` in the PDF that heads a line of a body page: the
    label, whether it is bold, whether the word after it is bold."""
    out = []
    for page in b.pdf.pages[b.first_page(r"(BAB|Bab) (1|I)$|I PENDAHULUAN$"):]:
        words = page.extract_words(extra_attrs=["fontname"])
        for w, n, after in zip(words, words[1:], words[2:], strict=False):
            if w["text"] in ("Gambar", "Tabel") and re.fullmatch(r"\d+(\.\d+)?", n["text"]):
                out.append((f"{w['text']} {n['text']}", "Bold" in w["fontname"],
                            "Bold" in after["fontname"]))
    return out


def docx_caption_runs(b: Built) -> list[tuple[str, bool]]:
    """The first run of every table and figure caption in the DOCX: its text, bold or not."""
    out = []
    for p in b.xml("word/document.xml").iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val") in ("TableCaption", "ImageCaption"):
            run = p.find(f"{W}r")
            out.append(("".join(run.itertext()), run.find(f"{W}rPr/{W}b") is not None))
    return out


def test_caption_labels_bold_where_the_guide_wants_them(profile_build) -> None:
    """UI's templates set "Gambar 2.1" in bold before a regular title (format.caption_label);
    IPB's do not. The PDF and the DOCX agree."""
    ui, ipb = profile_build("ui-2017"), profile_build("ipb-ppki4")
    bold = [(label, after) for label, is_bold, after in caption_labels(ui) if is_bold]
    assert len(bold) >= 5 and not any(after for _, after in bold), bold  # the title: regular
    assert {label.split()[0] for label, _ in bold} == {"Gambar", "Tabel"}
    assert not any(is_bold for _, is_bold, _ in caption_labels(ipb))
    runs = docx_caption_runs(ui)
    assert len(runs) == len(bold) and all(is_bold and re.fullmatch(r"(Gambar|Tabel)\xa0\d\.\d+",
                                                                  text) for text, is_bold in runs)
    assert docx_caption_runs(ipb) and not any(is_bold for _, is_bold in docx_caption_runs(ipb))


def test_ipb_keywords_in_alphabetical_order(profile_build) -> None:
    """PPKI wants the keywords sorted (format.keyword_order): `check` names the first one out
    of order at its place in thesis.yaml; sorted, nothing is found. The default profile leaves
    the order to the author."""
    b = profile_build("ipb-ppki4")
    path = b.project / "thesis.yaml"
    text = path.read_text("utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("keywords:"))

    def order_findings() -> list:
        return [d for d in check_project(b.project).sorted() if d.rule == "keyword-order"]

    found = order_findings()
    lines = text.splitlines()
    assert [(d.file, d.line, d.column) for d in found] == [
        ("thesis.yaml", n, lines[n - 1].index("Markdown") + 1) for n in (line, line + 1)]
    assert "'Markdown' comes before 'skripsi'" in found[0].message
    assert "catatan kaki, Markdown, Pandoc, skripsi, Typst" in found[0].message
    try:
        path.write_text(text.replace("[skripsi, Markdown, catatan kaki, Pandoc, Typst]",
                                     "[catatan kaki, Markdown, Pandoc, skripsi, Typst]")
                        .replace("[undergraduate thesis, Markdown, footnotes, Pandoc, Typst]",
                                 "[footnotes, Markdown, Pandoc, Typst, undergraduate thesis]"),
                        "utf-8")
        assert order_findings() == []
        path.write_text(text.replace("profile: ipb-ppki4", "profile: default"), "utf-8")
        assert order_findings() == []
    finally:
        path.write_text(text, encoding="utf-8")


R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def footer_parts(b: Built, sect: etree._Element) -> dict[str, etree._Element]:
    """The footer parts a DOCX section refers to, by type (default, first, even)."""
    rels = {r.get("Id"): r.get("Target") for r in b.xml("word/_rels/document.xml.rels")}
    return {ref.get(f"{W}type"): b.xml("word/" + rels[ref.get(f"{R}id")])
            for ref in sect.findall(f"{W}footerReference")}


def test_ui_footer_line_on_every_page_but_the_title_page(profile_build) -> None:
    """UI's templates print "Universitas Indonesia" at the bottom right in bold sans 10 pt
    (format.footer): on every page after the Halaman Judul, besides the page number, in the
    PDF and in every footer of the DOCX; not on the pages left blank."""
    b = profile_build("ui-2017")
    marked = []
    for i, page in enumerate(b.pdf.pages):
        foot = [w for w in page.extract_words(extra_attrs=["fontname", "size"])
                if w["top"] > 29.7 * CM - 3 * CM]
        mark = [w for w in foot if w["text"] in ("Universitas", "Indonesia")]
        if " ".join(w["text"] for w in mark) == "Universitas Indonesia":
            assert all("Sans" in w["fontname"] and "Bold" in w["fontname"]
                       and round(w["size"]) == 10 for w in mark), mark
            assert abs(mark[-1]["x1"] - (21 - 3) * CM) < 1  # at the right margin
            marked.append(i)
    blank = [i for i, t in enumerate(b.pages) if t.strip() == "Halaman ini sengaja dikosongkan."]
    assert blank and marked == [i for i in range(1, len(b.pages)) if i not in blank]
    # the DOCX: the same line in every footer but the title page's and the blank pages'
    sections = b.xml("word/document.xml").findall(f".//{W}sectPr")
    width = None
    for n, sect in enumerate(sections):
        mar = sect.find(f"{W}pgMar")
        width = int(sect.find(f"{W}pgSz").get(f"{W}w")) - int(mar.get(f"{W}left")) - int(
            mar.get(f"{W}right"))
        filler = sect.find(f"{W}vAlign") is not None
        for kind, part in footer_parts(b, sect).items():
            runs = [r for r in part.iter(f"{W}r") if "".join(r.itertext()) ==
                    "Universitas Indonesia"]
            if filler or (n == 0 and kind == "first"):
                assert runs == [] and "".join(part.itertext()) == "", (n, kind)
                continue
            assert len(runs) == 1 and runs[0].find(f"{W}rPr/{W}b") is not None, (n, kind)
            assert runs[0].find(f"{W}rPr/{W}sz").get(f"{W}val") == "20"
            right = part.find(f".//{W}tab[@{W}val='right']")
            assert int(right.get(f"{W}pos")) == width  # at the right margin
    assert width is not None


def test_docx_blank_pages_carry_the_guides_text(profile_build) -> None:
    """Two-sided with chapters on the right: where the PDF leaves a page blank before a
    chapter, with the guide's text, the DOCX has that page too — the text in a section of its
    own (vertically centred, no page number) — before the same chapter."""
    b = profile_build("ui-2017")
    text = "Halaman ini sengaja dikosongkan."
    in_pdf = [b.pages[i + 1].split("\n")[0] for i, t in enumerate(b.pages) if t.strip() == text]
    assert len(in_pdf) >= 2 and all(re.fullmatch(r"BAB \d", t) for t in in_pdf), in_pdf
    paras = list(b.xml("word/document.xml").iter(f"{W}p"))
    in_docx = []
    for i, p in enumerate(paras):
        if "".join(p.itertext()) != text:
            continue
        sect = p.find(f"{W}pPr/{W}sectPr")
        assert sect is not None and sect.find(f"{W}vAlign").get(f"{W}val") == "center"
        assert not any("".join(part.itertext()) for part in footer_parts(b, sect).values())
        nxt = paras[i + 1]
        assert nxt.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"
        in_docx.append(re.match(r"BAB \d+", "".join(nxt.itertext())).group(0))
    assert in_docx == in_pdf
