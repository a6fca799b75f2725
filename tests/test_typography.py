"""Typography a programme's reviewer checks, on the sample's PDF and DOCX: a table or figure
stays on one page with its caption and its Sumber line, "Tabel 4.1" never breaks, and a URL
breaks only where CMOS 14.18 allows."""

from __future__ import annotations

import re
from pathlib import Path

from naskah.build import build
from naskah.diagnostics import Report
from naskah.pandoc_ast import find

from .conftest import SampleBuild
from .docxread import Docx, W
from .pdfread import CM, Pdf

WORDS = ("Tabel", "Gambar", "Subbab", "Persamaan", "BAB", "Kode")
BEFORE = ".-_?#=~%&"
"""CMOS 14.18: a URL breaks after ``/`` or ``//`` or before one of these (never after ``-``)."""


def _body_start(pdf: Pdf, sample: SampleBuild) -> int:
    fmt = sample.doc.config.format
    return pdf.first_page_starting(f"{fmt.titles.chapter} {sample.doc.chapters[0].label}")


def _main_lines(pdf: Pdf, page: int, size: float) -> list:
    """The page's lines in the body size (no footnotes, no page number)."""
    return [ln for ln in pdf.lines[page] if abs(ln.size - size) < 0.6
            and not ln.text.strip().isdigit()]


def test_caption_table_and_source_line_share_a_page(sample_build: SampleBuild,
                                                    sample_pdf: Pdf) -> None:
    pdf = sample_pdf
    fmt = sample_build.doc.config.format
    first = _body_start(pdf, sample_build)
    entries = sample_build.doc.tables + sample_build.doc.figures
    assert entries
    for entry in entries:
        number = entry.number.replace("\u00a0", " ")
        hits = [(p, i, ln) for p in range(first, len(pdf.lines))
                for i, ln in enumerate(pdf.lines[p])
                if ln.text.replace("\u00a0", " ").startswith(number + " ")
                and ln.x0 > pdf.width * 0.15]
        assert hits, f"caption {number} not found"
        page, i, line = hits[0]
        lines = pdf.lines[page]
        if entry.kind == "table":  # caption above: the table's rows follow on the same page
            below = [ln for ln in lines[i + 1:] if ln.size >= fmt.font_size - 2.5]
            assert below, f"{number}: the caption is alone at the foot of page {page + 1}"
        else:  # caption below the image: the image is on the same page, above it
            images = [im for im in pdf.images[page] if im["bottom"] <= line.top + 1] \
                if hasattr(pdf, "images") else [1]
            assert images, f"{number}: the image is not on the caption's page"
    for page in range(first, len(pdf.lines)):
        body = _main_lines(pdf, page, fmt.footnote_size) + _main_lines(pdf, page, fmt.font_size)
        body.sort(key=lambda ln: ln.top)
        centre = (4 * CM + pdf.width - 3 * CM) / 2
        if body and abs((body[0].x0 + body[0].x1) / 2 - centre) < 5:  # a Sumber line is centred
            assert not body[0].text.startswith(f"{fmt.titles.source}:"), \
                f"page {page + 1} starts with a {fmt.titles.source}: line"


def test_no_line_ends_between_word_and_number(sample_build: SampleBuild, sample_pdf: Pdf) -> None:
    pdf = sample_pdf
    first = _body_start(pdf, sample_build)
    word_end = re.compile(r"\b(" + "|".join(WORDS) + r")$")
    number_start = re.compile(r"^(\(?\d+(\.\d+)*\)?|[IVXL]+)\b")
    ends = [f"{a.text} / {b.text}" for p in range(first, len(pdf.lines))
            for a, b in zip(pdf.lines[p], pdf.lines[p][1:], strict=False)
            if word_end.search(a.text.strip()) and number_start.match(b.text.strip())]
    assert not ends, ends[:3]
    docx = Docx(sample_build.docx)
    links = ["".join(t.text or "" for t in h.iter(f"{W}t"))
             for h in docx.body.iter(f"{W}hyperlink")]
    refs = [t for t in links if re.fullmatch(r"(Tabel|Gambar|Subbab|Persamaan) \(?[\d.]+\)?",
                                             t.replace("\u00a0", " "))]  # references in the text
    assert refs and all("\u00a0" in t for t in refs), refs[:3]


def _page_titled(pdf: Pdf, title: str) -> int:
    return next(i for i, lines in enumerate(pdf.lines) if any(ln.text.strip() == title
                                                              for ln in lines))


def test_signature_and_closing_blocks_are_aligned_right(sample_build: SampleBuild,
                                                        sample_pdf: Pdf) -> None:
    pdf = sample_pdf
    cfg = sample_build.doc.config
    page = _page_titled(pdf, cfg.format.titles.statement)
    lines = pdf.lines[page]
    signer = next(i for i, ln in enumerate(lines) if ln.text.strip() == "Yang menyatakan,")
    block = [lines[signer - 1], lines[signer],
             next(ln for ln in lines[signer + 1:] if ln.text.strip() == cfg.author)]
    assert max(ln.x0 for ln in block) - min(ln.x0 for ln in block) < 1, [
        (ln.text, ln.x0) for ln in block]
    assert block[0].x0 > pdf.width / 2 - 1 * CM
    closing = [ln for p in range(page, page + 6) for ln in pdf.lines[p]
               if ln.text.strip() == cfg.author or ln.text.startswith(f"{cfg.city},")]
    assert len(closing) >= 2 + 1  # statement (place, name) and the Kata Pengantar's closing
    preface = closing[-2:]
    assert abs(preface[0].x0 - preface[1].x0) < 1
    assert preface[0].x0 > pdf.width / 2 - 1 * CM, "the closing is a right-hand block"


def test_docx_closing_is_a_right_hand_block(sample_build: SampleBuild) -> None:
    docx = Docx(sample_build.docx)
    cfg = sample_build.doc.config
    closing = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in docx.body.iter(f"{W}p")
               if p.find(f"{W}pPr/{W}pStyle[@{W}val='Closing']") is not None]
    assert closing and closing[-1] == cfg.author and closing[0].startswith(cfg.city)
    left = int(docx.prop("Closing", "w:pPr/w:ind", "left") or 0)
    assert left > 4 * 567, "indented to the right half of the text block"


def test_the_closing_never_stands_alone_on_a_page(sample_build: SampleBuild,
                                                  sample_pdf: Pdf) -> None:
    """The Kata Pengantar's closing shares its page with (the end of) the last paragraph: in
    the sample the Kata Pengantar runs over a page, which once left the closing alone there."""
    pdf = sample_pdf
    cfg = sample_build.doc.config
    start = _page_titled(pdf, cfg.format.titles.preface)
    page = next(p for p in range(start, start + 4)
                if any(ln.text.startswith(f"{cfg.city},") for ln in pdf.lines[p]))
    lines = _main_lines(pdf, page, cfg.format.font_size)
    first = next(i for i, ln in enumerate(lines) if ln.text.startswith(f"{cfg.city},"))
    assert first >= 1, "the closing opens its page alone"
    assert lines[first - 1].x0 < pdf.width / 2 - 2 * CM, "a line of the last paragraph before it"


def test_docx_keeps_the_closing_with_the_last_paragraph(sample_build: SampleBuild) -> None:
    docx = Docx(sample_build.docx)
    paragraphs = list(docx.body.iter(f"{W}p"))
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in paragraphs]
    names = [s.get(f"{W}val") if s is not None else None for s in styles]
    first = names.index("Closing")
    assert names[first - 1] == "ClosingLead"
    lead = "".join(t.text or "" for t in paragraphs[first - 1].iter(f"{W}t"))
    assert len(lead) > 60, "the last paragraph of the text, not a closing line"
    for style in ("ClosingLead", "Closing"):
        assert docx.style(style).find(f"{W}pPr/{W}keepNext") is not None, style


def _url_breaks(stream: str, url: str) -> list[list[int]]:
    """Each printing of ``url`` in ``stream`` (lines joined by newlines): the positions in the
    URL where a line ends. The URL must print exactly as written, a line break aside."""
    out = []
    for m in re.finditer("\n?".join(re.escape(c) for c in url), stream):
        printed = m.group()
        out.append([i - printed[:i].count("\n") for i, c in enumerate(printed) if c == "\n"])
    return out


def test_urls_break_only_where_cmos_allows(sample_build: SampleBuild, sample_pdf: Pdf) -> None:
    """In the notes and in the Daftar Pustaka a URL breaks after a slash or before a period,
    hyphen, underscore …, never after a hyphen and never inside a word (no hyphenation); the
    reader's copy of the URL is the URL (no invisible characters)."""
    pdf = sample_pdf
    fmt = sample_build.doc.config.format
    first = _body_start(pdf, sample_build)
    bib_page = _page_titled(pdf, fmt.titles.bibliography)
    notes = "\n".join(ln.text for p in range(first, bib_page) for ln in pdf.lines[p]
                       if abs(ln.size - fmt.footnote_size) < 0.6)
    bib = "\n".join(ln.text for p in range(bib_page, len(pdf.lines)) for ln in pdf.lines[p]
                     if not _is_page_number(ln.text))
    urls = {el["c"][2][0] for group in sample_build.doc.bibliography for entry in group.entries
            for el, _ in find(entry, {"Link"})}
    assert len(urls) >= 5
    breaks = {"notes": [], "bib": []}
    for url in urls:
        for name, stream in (("notes", notes), ("bib", bib)):
            found = _url_breaks(stream, url)
            assert found or name == "notes", f"{url} is not printed whole in the Daftar Pustaka"
            breaks[name] += [(url, k) for printing in found for k in printing]
    assert breaks["notes"] and breaks["bib"], "the sample has no URL broken over two lines"
    bad = [f"{url[:k]} | {url[k:]}" for url, k in breaks["notes"] + breaks["bib"]
           if not ((url[k - 1] == "/" and url[k] != "/")
                   or (url[k] in BEFORE and url[k - 1] != "-"))]
    assert not bad, bad


def _is_page_number(text: str) -> bool:
    return text.strip().isdigit() or re.fullmatch(r"[ivxlc]+", text.strip()) is not None


LONG_TABLES = range(41, 47)
"""Row counts of the long tables: each ends one row lower than the one before, so the next
caption falls at a different height of its page; in the default layout one caption would
fall at the very foot of a page, alone (the first rows on the next)."""


def test_a_long_tables_caption_goes_with_its_first_rows(tmp_path: Path) -> None:
    """Tables too long for a page break, but never between caption and first row; the header
    row repeats on every page the table runs over (PDF), and in the DOCX the caption and header
    are kept with the next row (keepNext) and the header repeats (tblHeader)."""
    parts = ["# Hasil\n", "Paragraf pembuka bab ini.\n"]
    for n in LONG_TABLES:
        rows = "\n".join(f"| Baris {i} dari {n} | {i * 3} |" for i in range(1, n + 1))
        parts.append(f"Teks sebelum tabel {n}.\n\n| Nama | Nilai |\n|---|---:|\n{rows}\n\n"
                     f": Tabel panjang {n} {{#tbl:t{n}}}\n")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "01-hasil.md").write_text("\n".join(parts), encoding="utf-8")
    (tmp_path / "thesis.yaml").write_text("title: Tabel Panjang\nauthor: A\n", encoding="utf-8")
    result = build(tmp_path, tmp_path / "build", ["pdf", "docx"], Report())
    pdf = Pdf(result.outputs["pdf"])
    body = [[ln for ln in lines if not _is_page_number(ln.text)] for lines in pdf.lines]
    pushed = 0
    for n in LONG_TABLES:
        caption = next((p, i) for p, lines in enumerate(body) for i, ln in enumerate(lines)
                       if ln.text.replace("\u00a0", " ").endswith(f" Tabel panjang {n}")
                       and ln.text.startswith("Tabel 1."))
        first_row = next(p for p, lines in enumerate(body) for ln in lines
                         if ln.text.startswith(f"Baris 1 dari {n} "))
        assert caption[0] == first_row, f"Tabel panjang {n}: caption on page {caption[0] + 1}, " \
                                        f"its first row on page {first_row + 1}"
        last_row = next(p for p, lines in enumerate(body) for ln in lines
                        if ln.text.startswith(f"Baris {n} dari {n} "))
        assert all(body[p][0].text == "Nama Nilai" for p in range(first_row + 1, last_row + 1))
        room = pdf.height - 3 * CM - body[caption[0] - 1][-1].bottom
        if caption[1] == 0 and room > 2 * (body[caption[0]][0].bottom - body[caption[0]][0].top):
            pushed += 1  # the caption alone would have fitted on the page before
    assert pushed, "no caption fell at a page's foot: the test no longer tests anything"
    docx = Docx(result.outputs["docx"])
    assert docx.style("TableCaption").find(f"{W}pPr/{W}keepNext") is not None
    tables = list(docx.body.iter(f"{W}tbl"))[-len(LONG_TABLES):]
    for tbl in tables:
        header = tbl.find(f"{W}tr")
        assert header.find(f"{W}trPr/{W}tblHeader") is not None
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in header.iter(f"{W}p"))
