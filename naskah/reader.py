"""Read the thesis project: files → Jinja → Pandoc AST, every element knowing its source line.

Pandoc's Markdown reader has no source positions, so they are recovered here, cheaply and in
order: footnote markers (``^[`` and ``[^x]``) and citation keys (``@key``) are found in the
rendered text and matched to the AST's Notes and Cites in document order; each top-level block
is located by its first word. Lines are then mapped back through Jinja to the file as written.
"""

from __future__ import annotations

import bisect
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .cache import BuildCache, digest
from .config import Thesis
from .diagnostics import BuildError, Report
from .document import Document, Part, PartKind
from .fsutil import read_text
from .pandoc_ast import SOURCE_ORDER, Block, elements, find, loads, stringify
from .sandbox import MAX_BLOCKS, MAX_DEPTH, listing, pandoc, too_deep
from .templating import line_map, make_environment, render, variables

FRONT_ORDER = ("kata-pengantar", "abstrak", "abstract")
"""Front-matter files naskah places on their own pages; any other front/*.md follows them."""

PANDOC_READER = "markdown"
NOTE_MARK = re.compile(r"\^\[|\[\^([^\]\s]+)\](?!:)")
CITE_KEY = re.compile(r"(?<![\w@])@(?:\{([^}]+)\}|([\w][\w:.#$%&\-+?<>~/]*))")
FENCE = re.compile(r"^\s*(```|~~~)")
PANDOC_TIMEOUT = 60.0
"""Seconds Pandoc may take over one file: its Markdown reader is exponential on some inputs
(two dozen unclosed ``[``, jgm/pandoc#1735), which must not hang a build or a CI job."""


def discover(project: Path, report: Report) -> list[tuple[PartKind, Path]]:
    """The source files in reading order (PRODUCT.md's layout)."""
    chapters_dir = project / "chapters"
    if not chapters_dir.is_dir():
        report.error("no chapters/ folder: write one Markdown file per chapter there",
                     "chapters/", rule="chapter-count")
        return []
    # Not only regular files: a broken link or an unreadable file must be reported, not skipped.
    chapters = [p for p in listing(project, "chapters") if not p.is_dir()]
    if not chapters:
        report.error("chapters/ has no .md files", "chapters/", rule="chapter-count")
    front = listing(project, "front")
    front.sort(key=lambda p: (FRONT_ORDER.index(p.stem) if p.stem in FRONT_ORDER
                              else len(FRONT_ORDER), p.name))
    appendices = listing(project, "appendices")
    return ([("front", p) for p in front] + [("chapter", p) for p in chapters]
            + [("appendix", p) for p in appendices])


def parse_markdown(texts: list[str]) -> list[list[Block] | str]:
    """Pandoc's Markdown reader on each text, in parallel; an error message instead of blocks."""

    def one(text: str) -> list[Block] | str:
        try:
            run = pandoc(["-f", PANDOC_READER, "-t", "json"], text.encode("utf-8"),
                         what="Pandoc", timeout=PANDOC_TIMEOUT)
        except BuildError as exc:
            message = exc.report.items[0].message.removeprefix("Pandoc").lstrip(": ")
            if message.startswith("no result"):
                message += (" (many unclosed '[' make Pandoc exponentially slow: close them "
                            "or write '\\[')")
            return message
        try:
            return loads(run.output)["blocks"]
        except RecursionError:
            return f"nested more than {MAX_DEPTH} levels deep (lists, quotes, brackets)"

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(one, texts))


SPLIT_UNSAFE = re.compile(r"^ {0,3}\[[^\]]+\]:|^---\s*$|\(@|^:{3,}|^<[a-zA-Z]", re.M)
"""What ties one section of a file to another for Pandoc: note and link definitions, metadata
blocks, example lists, fenced divs, HTML blocks. A file with any of these is parsed whole."""
HEADING = re.compile(r"#{1,6}\s")


def sections(text: str) -> list[str]:
    """The text cut before each heading that follows a blank line (outside code fences)."""
    if SPLIT_UNSAFE.search(text):
        return [text]
    lines = text.split("\n")
    starts, fenced = [0], False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and i and HEADING.match(line) and not lines[i - 1].strip():
            starts.append(i)
    ends = [*starts[1:], len(lines)]
    return ["\n".join(lines[a:b]) for a, b in zip(starts, ends, strict=True)]


def parse_cached(texts: list[str], cache: BuildCache) -> list[list[Block] | str]:
    """Like :func:`parse_markdown`, re-parsing only the sections whose text changed.

    After a one-paragraph edit Pandoc reads one section, not the whole chapter: the largest
    saving of a ``watch`` rebuild. Only with a cache; a plain build parses each file whole.
    """
    pieces = [sections(t) for t in texts]
    wanted = sorted({p for ps in pieces for p in ps if cache.sections.get(digest(p)) is None})
    for piece, parsed in zip(wanted, parse_markdown(wanted), strict=True):
        cache.sections.put(digest(piece), json.dumps(parsed, ensure_ascii=False)
                           if not isinstance(parsed, str) else parsed)
    out: list[list[Block] | str] = []
    for ps in pieces:
        hits = [cache.sections.get(digest(piece)) for piece in ps]
        error = next((hit for hit in hits if not hit.startswith("[")), None)  # Pandoc's message
        out.append(error if error is not None else [b for hit in hits for b in loads(hit)])
    return out


def parse_parts(parts: list[Part], report: Report, cache: BuildCache | None) -> list[Part]:
    """Parse and position every part; with a cache, only parts whose text changed."""
    keys = [digest(f"{p.file}\0{p.source}\0{p.text}") for p in parts]
    cached = [cache.parsed.get(k) if cache is not None else None for k in keys]
    misses = [i for i, hit in enumerate(cached) if hit is None]
    texts = [parts[i].text for i in misses]
    parsed = parse_cached(texts, cache) if cache is not None else parse_markdown(texts)
    for i, blocks in zip(misses, parsed, strict=True):
        if isinstance(blocks, str):
            report.error(f"Pandoc could not read this file: {blocks}", parts[i].file,
                         rule="unreadable-file")
            continue
        parts[i].blocks = blocks
        if not _within_limits(parts[i], report):
            parts[i].blocks = []
            continue
        attach_positions(parts[i])
        if cache is not None:
            cache.parsed.put(keys[i], json.dumps(blocks, ensure_ascii=False))
    for part, hit in zip(parts, cached, strict=True):
        if hit is not None:
            part.blocks = loads(hit)  # a fresh AST: later stages change it in place
    return [p for i, p in enumerate(parts) if cached[i] is not None or p.blocks]


def read_document(project: Path, config: Thesis, report: Report,
                  cache: BuildCache | None = None) -> Document:
    """Every part of the thesis, parsed, positioned, in reading order."""
    doc = Document(project=project, config=config)
    env = make_environment()
    context = variables(config)
    parts: list[Part] = []
    for kind, path in discover(project, report):
        rel = path.relative_to(project).as_posix()
        if not path.resolve().is_relative_to(project.resolve()):
            report.error("is a link to a file outside the project folder; copy the file in",
                         rel, rule="build")
            continue
        source = read_text(path, rel, report)
        if source is None:
            continue
        text = render(env, source, rel, context, report)
        if text is None:
            continue
        parts.append(Part(kind=kind, name=path.stem, file=rel, source=source, text=text,
                          line_map=line_map(source, text)))
    for part in parse_parts(parts, report, cache):
        if part.kind == "front":
            doc.front[part.name] = part
        elif part.kind == "chapter":
            doc.chapters.append(part)
        else:
            doc.appendices.append(part)
    for index, part in enumerate(doc.chapters, 1):
        part.number = index
        _take_title(part, report, "chapter")
    for index, part in enumerate(doc.appendices, 1):
        part.number = index
        _take_title(part, report, "appendix")
    return doc


def _take_title(part: Part, report: Report, what: str) -> None:
    first = part.blocks[0] if part.blocks else None
    if not first or first["t"] != "Header" or first["c"][0] != 1:
        line = first.get("_line", 1) if first else 1
        report.error(f"a {what} must start with a level-1 heading, its title "
                     f"('# Pendahuluan')", part.file, line, rule="chapter-heading")
        return
    part.title = stringify(first["c"][2])
    if not part.title:
        report.error(f"the {what}'s title is empty: write it after '# '", part.file,
                     first.get("_line", 1), rule="chapter-heading")
    for block in part.blocks[1:]:
        if block["t"] == "Header" and block["c"][0] == 1:
            report.error("only the title may be a level-1 heading here; write sections "
                         "with '##'", part.file, block.get("_line"), rule="chapter-heading")


# --- positions -------------------------------------------------------------------------------

def _code_free_lines(text: str) -> list[str]:
    """The rendered lines with fenced code blocks blanked (markers there are not markers)."""
    lines = text.split("\n")
    inside = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            inside = not inside
            lines[i] = ""
        elif inside:
            lines[i] = ""
    return lines


def attach_positions(part: Part) -> None:
    """Set ``_line`` on top-level blocks and ``_pos`` on Notes and citations (source lines)."""
    lines = _code_free_lines(part.text)
    _locate_blocks(part, lines)
    notes = [(n + 1, m.start() + 1) for n, line in enumerate(lines)
             for m in NOTE_MARK.finditer(line) if not line.lstrip().startswith(f"[^{m.group(1)}]:")]
    keys: dict[str, list[tuple[int, int]]] = {}
    for n, line in enumerate(lines):
        for m in CITE_KEY.finditer(line):
            key = (m.group(1) or m.group(2)).rstrip(".:,;?!/-")
            keys.setdefault(key, []).append((n + 1, m.start() + 1))

    note_iter = iter(notes)
    for block in part.blocks:
        fallback = (block.get("_line", 1), 1)
        for el, _ in find(block, {"Note", "Cite"}):  # in document order, as in the text
            if el["t"] == "Note":
                pos = next(note_iter, fallback)
                el["_pos"] = [part.source_line(pos[0]), pos[1]]
            else:
                for citation in el["c"][0]:
                    queue = keys.get(citation["citationId"])
                    pos = queue.pop(0) if queue else fallback
                    citation["_pos"] = [part.source_line(pos[0]), pos[1]]
    for block in part.blocks:
        block["_line"] = part.source_line(block.get("_line", 1))


def _first_word(block: Block) -> str | None:
    """The first distinctive text of a block (a word, an image path, a code or formula line),
    in the order of the source (a table's caption after its rows)."""
    for el in elements(block, ("Str", "Image", "CodeBlock", "RawBlock", "Math"),
                       order=SOURCE_ORDER):
        t, c = el["t"], el["c"]
        if t == "Str" and len(c) > 1:
            return c
        if t == "Image":
            return c[2][0]
        if t in ("CodeBlock", "RawBlock", "Math") and len(
                line := c[1].strip().split("\n", 1)[0].strip()) > 1:
            return line
    return None


def _within_limits(part: Part, report: Report) -> bool:
    """A file of at most MAX_BLOCKS blocks, none nested deeper than MAX_DEPTH (else located
    errors): every later stage walks the AST, and Python's stack is not a thesis's to use up."""
    if len(part.blocks) > MAX_BLOCKS:
        report.error(f"more than {MAX_BLOCKS:,} paragraphs and headings in one file: split it",
                     part.file, rule="build")
        return False
    deep = next((b for b in part.blocks if too_deep(b)), None)
    if deep is None:
        return True
    _locate_blocks(part, [])
    report.error(f"nested more than {MAX_DEPTH} levels deep (lists in quotes in lists …)",
                 part.file, part.source_line(deep.get("_line", 1)), rule="build")
    return False


LOCATE_WINDOW = 2000
"""Lines a block's first word is looked for past the previous block before the first hit is
taken, so locating stays linear in the file (10,000 headings: not 10,000 full scans)."""


def _locate_blocks(part: Part, lines: list[str]) -> None:
    """Find each top-level block's first rendered line, moving forward through the text.

    The line preferred is the first that holds the block's first word and starts a paragraph
    (after a blank line); failing that, the first that holds it.
    """
    text = part.text
    raw_lines = text.split("\n")
    starts = [0]
    for line in raw_lines:
        starts.append(starts[-1] + len(line) + 1)
    cursor = -1
    for block in part.blocks:
        word = _first_word(block) or ""
        start = max(cursor, 0)
        found = first = None
        at = text.find(word, starts[start]) if word else -1
        while at >= 0:
            n = bisect.bisect_right(starts, at) - 1
            if first is None:
                first = n
            if n > cursor and (n == 0 or not raw_lines[n - 1].strip()):
                found = n
                break
            if n - start > LOCATE_WINDOW:
                break
            at = text.find(word, starts[n + 1])
        found = found if found is not None else first
        if found is not None:
            cursor = found
        block["_line"] = max(cursor, 0) + 1
