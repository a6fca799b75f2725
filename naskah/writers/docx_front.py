"""The DOCX front matter: the same pages and words as the PDF (``thesis.typ.j2``), in Word.

Wording and order come from :func:`naskah.frontmatter.front_matter`; the layout mirrors the
Typst skeleton: a centred title page whose flexible gaps are computed (Word has no vertical
fill), the statement with its fields and a signature block on the right, the approval with the
supervisors' (and examiners') signature grid, Kata Pengantar, Abstrak / Abstract single-spaced
with their keywords, the Daftar Isi and lists (fields, filled in by :mod:`.docx_post`).
Generated text is bookmarked to the ``thesis.yaml`` key it comes from.
"""

from __future__ import annotations

from typing import Any, Protocol
from xml.sax.saxutils import escape

from ..config.schema import Format, Person, Thesis
from ..document import Document, Part
from ..frontmatter import BASE_LANG, FrontMatter, Wording
from ..pandoc_ast import Block, Div, RawBlock
from ..sandbox import MAX_ASSET_BYTES, Refused, read_bytes
from .docx_reference import LANGS, TITLE_PAGE, Page, line_twips


class Book(Protocol):
    """What the front pages use of :class:`naskah.writers.docx.Book` (named here, so this
    module does not import the writer that imports it)."""

    doc: Document
    cfg: Thesis
    fmt: Format
    fm: FrontMatter
    page: Page
    map: Any
    """The writer's source map: ``key(*names)`` and ``bookmark(where)``."""

    def marker(self, name: str) -> Block: ...

    def section_break(self) -> Block: ...

    def page_title(self, title: str, label: str, where: tuple[str, int] = ("", 0)) -> Block: ...

    def part_blocks(self, part: Part) -> list[Block]: ...

    def estimate_lines(self, text: str, size: float, width: float = 0.5) -> int: ...

CM = 567  # twips


# --- raw OpenXML for what Markdown has no words for -------------------------------------------

def run(text: str, bold: bool = False, underline: bool = False, size: float | None = None,
        lang: str | None = None) -> str:
    """A ``w:r`` with direct formatting (generated pages only; content keeps its styles)."""
    props = ("<w:b/><w:bCs/>" if bold else "") + (
        f'<w:sz w:val="{round(size * 2)}"/><w:szCs w:val="{round(size * 2)}"/>' if size else ""
    ) + ('<w:u w:val="single"/>' if underline else "") + (
        f'<w:lang w:val="{lang}"/>' if lang else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(content: str, style: str = TITLE_PAGE, jc: str | None = None, before: int = 0,
         after: int = 0, left: int | None = None, first: int | None = None,
         mark: str = "", keep: bool = False) -> Block:
    """A raw ``w:p`` for the generated pages, where the PDF sets spacing by hand."""
    ind = ""
    if left is not None or first is not None:
        ind = f'<w:ind w:left="{left or 0}" w:firstLine="{first or 0}"/>'
    spacing = f'<w:spacing w:before="{before}" w:after="{after}"/>' if before or after else ""
    ppr = (f'<w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep else "") + spacing + ind
           + (f'<w:jc w:val="{jc}"/>' if jc else ""))
    return RawBlock("openxml", f"<w:p><w:pPr>{ppr}</w:pPr>{mark}{content}</w:p>")


def spacer(height: int) -> Block:
    """An empty paragraph exactly ``height`` twips high (Word has no vertical fill)."""
    height = max(20, min(height, 31680))
    return RawBlock("openxml", f'<w:p><w:pPr><w:pStyle w:val="{TITLE_PAGE}"/><w:spacing '
                               f'w:before="0" w:after="0" w:line="{height}" w:lineRule="exact"/>'
                               '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p>')


def table(rows: list[list[str]], widths: list[int]) -> Block:
    """A borderless layout table; each cell is already a run of ``<w:p>`` elements."""
    nil = "".join(f'<w:{s} w:val="nil"/>' for s in
                  ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    body = "".join("<w:tr>" + "".join(
        f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>{cell or "<w:p/>"}</w:tc>'
        for cell, w in zip(row, widths, strict=True)) + "</w:tr>" for row in rows)
    return RawBlock("openxml", f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
                               f'<w:jc w:val="left"/><w:tblBorders>{nil}</w:tblBorders>'
                               '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" '
                               'w:type="dxa"/><w:right w:w="113" w:type="dxa"/></w:tblCellMar>'
                               f'<w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
                               f"{body}</w:tbl>")


def xml_of(block: Block) -> str:
    """The OpenXML of a raw block, to nest paragraphs in table cells."""
    return block["c"][1]


def front_pages(book: Book) -> list[Block]:
    """Every page before BAB I, in order."""
    out: list[Block] = []
    for fp in book.fm.pages:
        words = book.fm.words[fp.lang]
        if fp.page == "title":
            if out:  # a section of its own, so that its page shows no number either
                out.append(book.section_break())
            out += title_page(book, words)
            continue
        if fp.key in ("preface", "abstract_id", "abstract_en") or fp.key.startswith("extra:"):
            name = {"preface": "kata-pengantar", "abstract_id": "abstrak",
                    "abstract_en": "abstract"}.get(fp.key, fp.key[6:])
            part = book.doc.front[name]
            out.append(book.page_title(fp.title, fp.label, (part.file, 0)))
            blocks = book.part_blocks(part)
            if fp.key.startswith("abstract"):
                out += abstract(book, fp.key, blocks)
            else:
                out += blocks
            continue
        out.append(book.page_title(fp.title, fp.label))
        if fp.page == "statement":
            out += statement(book, words)
        elif fp.page == "approval":
            out += approval(book, words)
        elif fp.key == "abbreviations":
            out += abbreviations(book)
        else:  # contents, tables, figures, appendices: a field, filled in after Pandoc
            out.append(book.marker({"contents": "toc"}.get(fp.key, fp.key)))
    return out


def title_page(book: Book, w: Wording) -> list[Block]:
    """Halaman Judul (in ``w``'s language): centred lines with the PDF's fixed gaps and computed
    flexible ones."""
    c, m = book.cfg, book.map
    lang = _lang(w)
    big = book.fmt.chapter_title_size
    size = book.fmt.font_size
    line = line_twips(size)
    items: list[tuple[int | str, Block | None, int]] = []  # (gap before, block, height)

    def add(gap: int | str, text: str, key: tuple[str, ...], bold: bool = False,
            pt: float | None = None) -> None:
        pt = pt or size
        lines = book.estimate_lines(text, pt, 0.68 if bold else 0.5)
        items.append((gap, para(run(text, bold=bold, size=pt if pt != size else None, lang=lang),
                                mark=m.bookmark(m.key(*key))), line_twips(pt, lines)))

    add(round(0.5 * CM), w.title.upper(), w.key("title"), True, big)
    if w.subtitle:
        add(round(0.3 * CM), w.subtitle, w.key("subtitle"), True)
    add(round(1.2 * CM), w.kind, ("kind",), True)
    add(round(0.6 * CM), w.purpose, ("purpose", *w.key("degree")))
    if c.logo:
        logo = Div([{"t": "Para", "c": [m.span(*m.key("logo")), {"t": "Image", "c": [
            ["", [], [["width", "4cm"]]], [], [c.logo.lstrip("/"), ""]]}]}],
            attrs=[["custom-style", "Title Page"]])
        items.append(("fr", logo, _logo_height(book, c.logo)))
    add("fr", w.by, ("author",))
    add(0, c.author, ("author",), True)
    if c.student_id:
        add(0, f"{c.student_id_label} {c.student_id}", ("student_id",))
    gap: int | str = "fr"
    for value, key in w.institution:
        add(gap, value.upper(), w.key(key), True)
        gap = 0
    fixed = sum(h + (g if isinstance(g, int) else 0) for g, _, h in items)
    flex = sum(1 for g, _, _ in items if g == "fr")
    fr = max(line, (book.page.text_height - fixed - 2 * line) // max(flex, 1))
    out: list[Block] = []
    for g, block, _ in items:
        height = fr if g == "fr" else g
        if height:
            out.append(spacer(int(height)))
        if block is not None:
            out.append(block)
    return out


def _lang(w: Wording) -> str | None:
    """The Word language of a page in ``w``'s language (None: the document's own)."""
    return LANGS[w.lang] if w.lang != BASE_LANG else None


def _logo_height(book: Book, src: str) -> int:
    """Height of the 4 cm wide logo (PNG and JPEG sizes are read; else assume square)."""
    try:
        data = read_bytes(book.doc.project, src.lstrip("/"), max_bytes=MAX_ASSET_BYTES)[:65536]
    except Refused:
        return 4 * CM
    w = h = 0
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    elif data[:2] == b"\xff\xd8":
        i = 2
        while i + 9 < len(data):
            marker, length = data[i + 1], int.from_bytes(data[i + 2:i + 4], "big")
            if marker in (0xC0, 0xC1, 0xC2):
                h, w = int.from_bytes(data[i + 5:i + 7], "big"), int.from_bytes(data[i + 7:i + 9],
                                                                                  "big")
                break
            i += 2 + length
    return round(4 * CM * h / w) if w and h else 4 * CM


def statement(book: Book, w: Wording) -> list[Block]:
    """Lembar Pernyataan (in ``w``'s language): intro, Nama/NPM/Program Studi, the statement,
    the signature."""
    m, lang = book.map, _lang(w)
    title = m.key(*w.key("title"))
    out = [para(run(w.statement[0], lang=lang), style="BodyText", first=0, after=120,
                mark=m.bookmark(title))]
    keys = (("author",), ("student_id",), w.key("programme"))
    rows = [[_cell(name, lang=lang), _cell(":"), _cell(value, mark=m.bookmark(m.key(*key)))]
            for (name, value), key in zip(w.statement_fields, keys, strict=True) if value]
    widths = [round(3.5 * CM), round(0.5 * CM)]
    out.append(table(rows, [*widths, book.page.text_width - sum(widths)]))
    out += [para(run(p, lang=lang), style="BodyText", mark=m.bookmark(title),
                 before=120 if i == 0 else 0) for i, p in enumerate(w.statement[1:])]
    out.append(spacer(CM))
    out += signature(book, [(w.signature_place, ("city", "date")), (w.signer, ())],
                     (book.cfg.author, ("author",)), lang)
    return out


def signature(book: Book, lines: list[tuple[str, tuple[str, ...]]],
              name: tuple[str, tuple[str, ...]], lang: str | None = None) -> list[Block]:
    """A 7 cm signature block at the right margin, as in the PDF."""
    m = book.map
    left = book.page.text_width - 7 * CM
    out = [para(run(text, lang=lang), jc="left", left=left,
                mark=m.bookmark(m.key(*key) if key else None)) for text, key in lines]
    out.append(spacer(round(2.5 * CM)))
    out.append(para(run(name[0]), jc="left", left=left, mark=m.bookmark(m.key(*name[1]))))
    return out


def _cell(text: str, bold: bool = False, underline: bool = False, after: int = 120,
          jc: str = "left", mark: str = "", lang: str | None = None) -> str:
    return xml_of(para(run(text, bold=bold, underline=underline, lang=lang), jc=jc, after=after,
                       mark=mark))


def approval(book: Book, w: Wording) -> list[Block]:
    """Lembar Pengesahan (in ``w``'s language): the approval text, then who signs."""
    m, c, lang = book.map, book.cfg, _lang(w)
    out = [para(run(p, lang=lang), style="BodyText", mark=m.bookmark(m.key(*w.key("title"))))
           for p in w.approval]
    out += [spacer(round(0.5 * CM)), para(run(w.approved_by, lang=lang), jc="center",
                                          mark=m.bookmark(m.key("supervisors")))]
    out += [spacer(round(0.5 * CM)), *people(book, w, c.supervisors, "supervisors")]
    if c.examiners:
        out += [spacer(round(0.8 * CM)), para(run(w.examined_by, lang=lang), jc="center",
                                              mark=m.bookmark(m.key("examiners")))]
        out += [spacer(round(0.5 * CM)), *people(book, w, c.examiners, "examiners")]
    return out


def people(book: Book, w: Wording, persons: list[Person], key: str) -> list[Block]:
    """Signature grid: two columns, role / space to sign / underlined name / staff number."""
    m = book.map
    cols = max(1, min(2, len(persons)))
    width = book.page.text_width // cols
    cells = []
    for p in persons:
        cell = _cell(w.role(p, key), jc="center", after=0, mark=m.bookmark(m.key(key)))
        cell += xml_of(spacer(round(2.5 * CM)))
        cell += _cell(p.name, underline=True, jc="center", after=0 if p.id else 567)
        if p.id:
            cell += _cell(p.id, jc="center", after=567)
        cells.append(cell)
    rows = [cells[i:i + cols] + [""] * (cols - len(cells[i:i + cols]))
            for i in range(0, len(cells), cols)]
    return [table(rows, [width] * cols)] if rows else []


def abstract(book: Book, key: str, blocks: list[Block]) -> list[Block]:
    """Abstrak / Abstract: single-spaced paragraphs, then the keywords line."""
    c, titles, m = book.cfg, book.fmt.titles, book.map
    english = key == "abstract_en"
    lang = LANGS["en"] if english else None
    attrs = [["custom-style", "Abstract"]] + ([["lang", lang]] if lang else [])
    out: list[Block] = [Div(blocks, attrs=attrs)]
    words = c.keywords_en if english else c.keywords
    if words:
        label = titles.keywords_en if english else titles.keywords_id
        content = run(f"{label}:", bold=True, lang=lang) + run(" " + ", ".join(words), lang=lang)
        out.append(para(content, style="Abstract", first=0, left=0,
                        mark=m.bookmark(m.key("keywords_en" if english else "keywords"))))
    return out


def abbreviations(book: Book) -> list[Block]:
    """Daftar Singkatan: abbreviation and meaning in two columns, sorted."""
    m = book.map
    rows = [[_cell(k, after=216, mark=m.bookmark(m.key("abbreviations"))), _cell(v, after=216)]
            for k, v in sorted(book.cfg.abbreviations.items(), key=lambda kv: kv[0].lower())]
    first = 3 * CM
    return [table(rows, [first, book.page.text_width - first])] if rows else []

