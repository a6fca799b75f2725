"""The PDF writer: the shared AST → Typst markup → one book (Jinja skeleton) → PDF.

:mod:`naskah.writers.typst_markup` writes each part's content; this module adds what only the
book knows: chapter openings
(``BAB I`` / title, page marks, footnote restart), source lines, root-relative image paths.
The skeleton ``templates/typst/thesis.typ.j2`` (overridable from the thesis's ``templates/``)
holds the page setup, front matter, lists and back matter. The ``typst`` package compiles it
in-process with the project folder as root, so nothing outside the project can be read.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import typst

from ..cache import BuildCache
from ..config.schema import Format
from ..crossref import chapter_prefix, upper_title
from ..diagnostics import BuildError, Report
from ..document import Document, Part, TocEntry
from ..frontmatter import FrontMatter, closing_start, front_matter, toc_entries
from ..pandoc_ast import Block, Inline, Para, RawBlock, find, stringify
from ..sandbox import (
    ProjectLoader,
    Refused,
    environment,
    read_bytes,
    render_template,
    typst_reach_problems,
)
from . import KEPT_ROWS, typst_escape
from .typst_markup import TypstWriter, link_targets

SKELETON = "typst/thesis.typ.j2"
SOURCE_MARK = "// naskah-source: "


def tstr(value: Any) -> str:
    """A Typst string literal (code mode)."""
    return typst_escape.string(str(value))


def tmark(value: Any) -> str:
    """Text placed in Typst markup."""
    return typst_escape.markup(str(value))


def tlabel(value: Any) -> str:
    """A label literal for an id (``<name>``, also a value in code mode)."""
    return typst_escape.label(str(value))


def tbool(value: Any) -> str:
    return "true" if value else "false"


def skeleton_environment(project: Path) -> jinja2.Environment:
    """Jinja for Typst: ``<< >>`` / ``<% %>`` / ``<# #>``; the thesis's templates/ first.

    A thesis can override the skeleton, so it runs in the sandbox like every template."""
    loader = jinja2.ChoiceLoader([
        ProjectLoader(project, "templates"),
        jinja2.PackageLoader("naskah", "templates"),
    ])
    env = environment(
        loader=loader, variable_start_string="<<", variable_end_string=">>",
        block_start_string="<%", block_end_string="%>", comment_start_string="<#",
        comment_end_string="#>", trim_blocks=True, lstrip_blocks=True,
        undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True)
    env.filters.update(tstr=tstr, tm=tmark, tbool=tbool, tlabel=tlabel)
    return env


# --- AST → Typst text ----------------------------------------------------------------------------

def _chapter_heading(part: Part, block: Block, fmt: Format) -> list[Block]:
    """``BAB I`` + title (or IPB's ``I PENDAHULUAN``) as one level-1 heading (bookmarked), on
    a new, marked page."""
    ident = block["c"][1][0]
    title = stringify(block["c"][2])
    if upper_title(fmt, part):
        title = title.upper()
    prefix, two_lines = chapter_prefix(fmt, part)
    body = f"{tmark(prefix)} {'#linebreak() ' if two_lines else ''}{tmark(title)}"
    return [RawBlock("typst", f"#chapter-start()\n#heading(level: 1)[{body}] {tlabel(ident)}\n")]


def _rows(block: Block) -> int:
    if block["t"] == "Figure":
        content = block["c"][2]
        if len(content) == 1 and content[0]["t"] == "Table":
            return _rows(content[0])
        return 0
    _, _, _, head, bodies, foot = block["c"]
    return len(head[1]) + sum(len(b[2]) + len(b[3]) for b in bodies) + len(foot[1])


def prepare_blocks(part: Part, doc: Document) -> list[Block]:
    """The part's top-level blocks with the Typst-only ones swapped in (the AST is not changed).

    A figure, or a table that fits a page, is set in one unbreakable block with its caption
    and its Sumber line, so neither is left alone at a page's foot or head.
    """
    out: list[Block] = []
    keep_open = False
    closing = closing_start(part.blocks) if part.name == "kata-pengantar" else None
    for i, block in enumerate(part.blocks):
        if i == closing:  # place, date and name: one block at the right, as the guides show
            out.append(RawBlock("typst", "#align(right, block(width: 7cm, breakable: false, "
                                         "align(left)[\n#set par(first-line-indent: 0pt, "
                                         "justify: false)"))
        t = block["t"]
        is_source = t == "Div" and "source" in block["c"][0][1]
        if keep_open and not is_source:
            out.append(RawBlock("typst", "]"))
            keep_open = False
        # A marker comment per block lets a Typst error be traced back to its source line.
        out.append(RawBlock("typst", typst_escape.comment(
            f"{SOURCE_MARK}{part.file}:{block.get('_line', 1)}")))
        if t == "Header" and block["c"][0] == 1 and part.kind in ("chapter", "appendix"):
            out += _chapter_heading(part, block, doc.config.format)
        elif is_source:
            out += [RawBlock("typst", "#source-line["), *block["c"][1], RawBlock("typst", "]")]
            if keep_open:
                out.append(RawBlock("typst", "]"))
                keep_open = False
        elif t in ("Figure", "Table") and _rows(block) <= KEPT_ROWS:
            bare = t == "Table" and not block["c"][1][1] and not block["c"][0][0]
            out += [RawBlock("typst", "#block(breakable: false, width: 100%)[" if bare
                             else "#kept-figure["), block]
            keep_open = True
        elif closing is not None and i == closing - 1 and t == "Para":
            # The closing never stands alone on a page: the paragraph before it goes along
            # (Word: keepNext on the ClosingLead style). In a block of its own the paragraph
            # would lose a first-line indent that follows a paragraph, so it is kept explicitly.
            indent = "all: true" if i > 0 else "all: false"
            out += [RawBlock("typst", "#block(sticky: true)[#set par(first-line-indent: "
                                      f"(amount: {doc.config.format.first_line_indent}, "
                                      f"{indent}))\n"),
                    block, RawBlock("typst", "]")]
        else:
            out.append(block)
    if keep_open:
        out.append(RawBlock("typst", "]"))
    if closing is not None:
        out.append(RawBlock("typst", "]))"))
    return out




def bibliography_blocks(doc: Document) -> list[Block]:
    out: list[Block] = []
    for group in doc.bibliography:
        if group.title:
            title = tmark(group.title)
            out.append(RawBlock("typst", f"#heading(level: 2, outlined: false)[{title}]"))
        out += [Para(entry) for entry in group.entries]
    return out


def to_typst(chunks: dict[str, list[Block]], sources: list[list[Block]] | None = None,
             restart_notes: bool = True) -> dict[str, str]:
    """Typst markup of each chunk (naskah's writer; TeX math by Pandoc, in one call).

    ``sources`` are the blocks as read (chapter headings included) whose ids links may reach.
    Image paths are made root-relative (``/figures/x.png``): the project folder is Typst's root.
    ``restart_notes``: footnotes are expected to count from 1 in each chunk (the skeleton
    restarts the count at each chapter), else on through the chunks
    (see :func:`.typst_markup.note_numbering`).
    """
    reserved, targets = link_targets(sources if sources is not None else list(chunks.values()))
    writer = TypstWriter(image_root="/", targets=targets, reserved=reserved)
    texts = {}
    for name, blocks in chunks.items():
        if restart_notes:
            writer.notes = 0
        texts[name] = writer.blocks(blocks)
    return writer.finish(texts)


def list_captions(doc: Document) -> dict[str, list[Inline]]:
    """Each figure's and table's caption for the Daftar Gambar / Tabel: rendered as under the
    figure (citations, math, emphasis), without its number (a column of its own) or notes."""
    out: dict[str, list[Inline]] = {}
    for part in doc.parts:
        for el, _ in find(part.blocks, {"Figure", "Table"}):
            body = el["c"][1][1]
            if not el["c"][0][0] or not body or body[0]["t"] not in ("Plain", "Para"):
                continue
            inlines = copy.deepcopy([x for x in body[0]["c"] if not (
                x["t"] == "Span" and "caption-label" in x["c"][0][1])])
            for note, holder in reversed(find(inlines, {"Note"})):
                holder.remove(note)
            while inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
                inlines.pop(0)
            out[el["c"][0][0]] = inlines
    return out


@dataclass
class TocLine:
    """A Daftar Isi line as the skeleton draws it."""

    indent: str
    number: str
    width: str
    text: str
    label: str
    bold: bool


def toc_lines(entries: list[TocEntry]) -> list[TocLine]:
    lines = []
    for e in entries:
        if e.kind == "page":
            lines.append(TocLine("0cm", "", "0cm", e.text, e.label, True))
        elif e.level == 1:
            width = "3cm" if e.kind == "appendix" else "2cm" if e.number else "0cm"
            lines.append(TocLine("0cm", e.number, width,
                                 e.text, e.label, True))
        else:
            indent = f"{0.9 * (e.level - 1):.1f}cm"
            width = f"{0.6 + 0.45 * (e.level - 1):.2f}cm" if e.number else "0cm"
            lines.append(TocLine(indent, e.number, width, e.text, e.label, False))
    return lines


def render_source(doc: Document, cache: BuildCache | None = None,
                  fm: FrontMatter | None = None) -> str:
    """The whole book as Typst source."""
    check_user_typst(doc)
    fm = fm or front_matter(doc)
    chunks: dict[str, list[Block]] = {}
    for name, part in doc.front.items():
        chunks[f"front:{name}"] = prepare_blocks(part, doc)
    for part in doc.chapters:
        chunks[f"chapter:{part.name}"] = prepare_blocks(part, doc)
    for part in doc.appendices:
        chunks[f"appendix:{part.name}"] = prepare_blocks(part, doc)
    chunks["bibliography"] = bibliography_blocks(doc)
    for ident, inlines in list_captions(doc).items():
        chunks[f"list:{ident}"] = [{"t": "Plain", "c": inlines}]
    texts = to_typst(chunks, [part.blocks for part in doc.parts],
                     doc.config.format.footnote_restart == "chapter")
    env = skeleton_environment(doc.project)
    context = dict(
        c=doc.config, fmt=doc.config.format, fm=fm, parts=texts,
        chapters=doc.chapters, appendices=doc.appendices,
        toc=toc_lines(toc_entries(doc, fm)), tables=doc.tables, figures=doc.figures,
        appendices_toc=[e for e in doc.toc if e.kind == "appendix"])
    own = (doc.project / "templates" / SKELETON).exists()
    return render_template(env, SKELETON, context,
                           f"templates/{SKELETON}" if own else f"naskah/templates/{SKELETON}")


PACKAGE = re.compile(r"""["']@[\w-]+/""")
"""A Typst package import (``"@preview/cetz:0.2.2"``), which Typst would download."""

NO_PACKAGES = "Typst packages are downloaded from the network, which a thesis build does not do"


def check_user_typst(doc: Document) -> None:
    """Typst written in the thesis may not download packages nor read through a link out.

    Images and the logo are checked before (resolved, links included); only Typst written in
    the thesis (raw blocks, a ``templates/typst/`` skeleton) can name any other file, and
    Typst follows links, so then no link in the project may point outside it.
    """
    report = Report()
    raw = False
    for part in doc.parts:
        for block in part.blocks:
            for el, _ in find(block, {"RawBlock", "RawInline"}):
                if el["c"][0] == "typst":
                    raw = True
                    if PACKAGE.search(el["c"][1]):
                        report.error(NO_PACKAGES, part.file, block.get("_line"), rule="build")
    root = doc.project.resolve()
    skeleton = root / "templates" / "typst"
    for path in sorted(skeleton.rglob("*")) if skeleton.is_dir() else []:
        if path.is_dir():
            continue
        rel = path.relative_to(root).as_posix()
        try:
            text = read_bytes(root, rel).decode("utf-8", "replace")
        except Refused as exc:
            report.error(str(exc), rel, rule="build")
            continue
        if PACKAGE.search(text):
            report.error(NO_PACKAGES, rel, rule="build")
    if raw or skeleton.is_dir():
        for rel, problem in typst_reach_problems(root):
            report.error(problem, rel, rule="build")
    report.raise_if_errors()


# --- compile ------------------------------------------------------------------------------

def font_paths() -> list[str]:
    """naskah's own fonts: Liberation Serif (SIL OFL), metric-compatible with Times New Roman,
    so the PDF paginates like Word's DOCX on every machine, installed fonts or not."""
    return [str(resources.files("naskah.data").joinpath("fonts"))]


def compile_pdf(source: str, project: Path, report: Report,
                cache: BuildCache | None = None) -> bytes:
    """Compile in-process, reproducibly (SOURCE_DATE_EPOCH), with the project as root.

    With a cache, one ``typst.Compiler`` is kept, so Typst reuses its work between builds.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    timestamp = int(epoch) if epoch and epoch.isdigit() else None
    root = str(project.resolve())
    try:
        if cache is not None:
            if cache.compiler is None:
                cache.compiler = typst.Compiler(root=root, font_paths=font_paths())
            pdf, warnings = cache.compiler.compile_with_warnings(
                input=source.encode("utf-8"), timestamp=timestamp)
        else:
            pdf, warnings = typst.compile_with_warnings(
                source.encode("utf-8"), root=root, timestamp=timestamp, font_paths=font_paths())
    except typst.TypstError as exc:
        raise BuildError(_typst_error(exc, source)) from None
    for w in warnings or []:
        message = getattr(w, "message", str(w))
        if "unknown font family" in message:
            continue
        report.warning(f"Typst: {message}", rule="build")
    return pdf


def _typst_error(exc: typst.TypstError, source: str) -> Report:
    """Typst's first error, located at the Markdown line whose content produced it."""
    report = Report()
    message = getattr(exc, "message", None) or str(exc)
    hints = "; ".join(getattr(exc, "hints", None) or [])
    if hints:
        message += f" (hint: {hints})"
    diagnostic = getattr(exc, "diagnostic", "") or ""
    # The error's own location: the diagnostic may list warnings (and theirs) before it.
    error_at = re.search(r"(?m)^error:", diagnostic)
    match = re.compile(r"__typst_py_bytes__\.typ:(\d+):\d+").search(
        diagnostic, error_at.start() if error_at else 0)
    file = line = None
    if match:
        lines = source.split("\n")
        for n in range(min(int(match.group(1)), len(lines)) - 1, -1, -1):
            if lines[n].startswith(SOURCE_MARK):
                file, _, ln = lines[n][len(SOURCE_MARK):].rpartition(":")
                line = int(ln) if ln.isdigit() else None
                break
    report.error(f"Typst could not typeset this: {message}", file, line, rule="build")
    return report
