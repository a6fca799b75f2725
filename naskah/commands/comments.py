"""``build.py comments REVIEWED.docx``: the supervisor's Word comments, each at its source line.

The DOCX that naskah writes carries a source map (see :mod:`naskah.writers.docx_post`): hidden
bookmarks ``_nks{S}_{L}_{N}`` at the start of every paragraph and footnote, and the custom
document property ``naskah-sources`` listing the files. Both survive Word's round trip, so a
reviewed copy still knows where each paragraph came from. This command reads every comment and
every tracked insertion or deletion, finds the paragraph (or footnote) it starts in, takes that
paragraph's bookmark, and, when the project's sources are at hand, narrows the line down to the
one where the commented words are written (paragraphs are often wrapped over several lines).
For text in a footnote the line is that of the footnote or citation in the text.

Output: ``file:line: author: text`` per remark (editors jump to it), or ``--format json``: a
list of objects with exactly the keys ``author, date, quote, text, file, line, id, parent,
resolved`` — ``id`` a comment's own, ``parent`` the comment a reply answers, ``resolved`` Word's
"done" mark (both from ``commentsExtended.xml``; tracked changes have no id). ``--author`` and
``--exclude-author`` keep or drop one reviewer's remarks (repeatable).

The package is opened with limits (:mod:`naskah.docx_package`) and the sources named in it are
read only inside the project (:func:`naskah.sandbox.read_bytes`): a reviewed DOCX comes back from
anyone. LibreOffice renames bookmarks it copies (``…_Copy_1``); those are read too.
"""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ..config.loader import CONFIG_NAME
from ..diagnostics import BuildError, Report
from ..docx_package import Package, PackageError
from ..sandbox import Refused, read_bytes
from ..writers.docx_post import CUSTOM_NS, SOURCES_PROPERTY, parse_trace

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
W14 = "{http://schemas.microsoft.com/office/word/2010/wordml}"
W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
PARTS = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")
CHANGES = {f"{W}ins": "inserted", f"{W}del": "deleted", f"{W}moveTo": "moved here",
           f"{W}moveFrom": "moved away"}
QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "\u00a0": " "})


@dataclass
class Remark:
    """One comment or tracked change, located in the sources. Field order = the JSON keys."""

    author: str
    date: str
    quote: str
    text: str
    file: str | None
    line: int | None
    id: str | None = None
    parent: str | None = None
    resolved: bool = False


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("comments", parents=[common],
                       help="the supervisor's Word comments, each with the source file:line")
    p.add_argument("docx", type=Path, help="the reviewed DOCX (written by naskah)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text: file:line: author: text (default); json: a list of objects")
    p.add_argument("--author", action="append", metavar="NAME", default=[],
                   help="only this reviewer's comments and changes (repeatable)")
    p.add_argument("--exclude-author", action="append", metavar="NAME", default=[],
                   help="leave out this author's comments and changes, e.g. your own tracked "
                        "changes in thesis-changes.docx (repeatable)")


def run(args: argparse.Namespace, report: Report) -> int:
    path: Path = args.docx
    if not path.is_file():
        report.error("no such file", str(path), rule="unreadable-file")
        raise BuildError(report)
    try:
        remarks = read_remarks(path, args.project.resolve())
    except PackageError as exc:
        report.error(str(exc), str(path), rule="unreadable-file")
        raise BuildError(report) from None
    remarks = by_author(remarks, args.author, args.exclude_author)
    if args.format == "json":
        print(json.dumps([asdict(r) for r in remarks], ensure_ascii=False, indent=2))
        return 0
    for r in remarks:
        where = f"{r.file}:{r.line}" if r.file and r.line else (r.file or path.name)
        who = f"{r.author} (reply)" if r.parent else r.author
        done = " [resolved]" if r.resolved else ""
        print(f"{where}: {who}: {' '.join(r.text.split())}{done}")
    return 0


def by_author(remarks: list[Remark], only: list[str], exclude: list[str]) -> list[Remark]:
    """The remarks of the ``only`` authors (all when empty) less those of ``exclude``; names
    compared without case or surrounding spaces."""
    def key(name: str) -> str:
        return " ".join(name.split()).casefold()

    keep, drop = {key(n) for n in only}, {key(n) for n in exclude}
    return [r for r in remarks if (not keep or key(r.author) in keep)
            and key(r.author) not in drop]


# --- reading the package --------------------------------------------------------------------------

def read_remarks(path: Path, project: Path | None = None) -> list[Remark]:
    """Every comment and tracked change of a DOCX, in source order."""
    pkg = Package.open(path)
    sources = _sources(pkg)
    comments = _comments(pkg)
    roots = [(name, pkg.xml(name)) for name in PARTS if name in pkg]
    found: list[Found] = []
    body_lines: dict[int, set[int]] = {}
    for name, root in roots:
        traces = _paragraph_traces(root)
        if name == "word/document.xml":
            for src, line in traces.values():
                body_lines.setdefault(src, set()).add(line)
        found += _comment_remarks(root, traces, comments)
        found += _change_remarks(root, traces)
    found += _unanchored_replies(found, comments)
    refiner = Refiner(project, sources, body_lines)
    out: list[tuple[tuple[int, int, int], Remark]] = []
    for seq, (trace, remark, in_note, hint) in enumerate(found):
        if trace is not None and trace[0] < len(sources) and sources[trace[0]]:
            remark.file = sources[trace[0]]
            line = trace[1] if in_note else refiner.line(trace[0], trace[1], hint)
            remark.line = line or None
        out.append(((trace[0] if trace else len(sources), trace[1] if trace else 0, seq), remark))
    out.sort(key=lambda item: item[0])
    return [r for _, r in out]


def _unanchored_replies(found: list[Found], comments: dict[str, Comment]) -> list[Found]:
    """Replies Word keeps without a range of their own: at the place of what they answer."""
    at = {r.id: (trace, in_note, hint) for trace, r, in_note, hint in found if r.id}
    out: list[Found] = []
    for cid, c in comments.items():
        if cid in at or c.parent not in at:
            continue
        trace, in_note, hint = at[c.parent]
        out.append((trace, Remark(c.author, c.date, "", c.text, None, None, cid, c.parent,
                                  c.resolved), in_note, hint))
    return out


def _sources(pkg: Package) -> list[str]:
    if "docProps/custom.xml" not in pkg:
        return []
    root = pkg.xml("docProps/custom.xml")
    for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
        if prop.get("name") == SOURCES_PROPERTY and len(prop):
            try:
                value = json.loads(prop[0].text or "[]")
            except ValueError:
                return []
            return [str(v) for v in value] if isinstance(value, list) else []
    return []


Found = tuple[tuple[int, int] | None, Remark, bool, str]
"""(source-map trace, the remark, whether it is in a note, the words to find its line by)."""


@dataclass
class Comment:
    author: str
    date: str
    text: str
    parent: str | None = None
    resolved: bool = False


def _comments(pkg: Package) -> dict[str, Comment]:
    """Comment id → the comment: author, date, its paragraphs joined by newlines, and from
    ``commentsExtended.xml`` (keyed by the comment's last paragraph's ``w14:paraId``) the
    comment it replies to and whether it is resolved."""
    if "word/comments.xml" not in pkg:
        return {}
    out: dict[str, Comment] = {}
    para_of: dict[str, str] = {}
    for c in pkg.xml("word/comments.xml").iter(f"{W}comment"):
        paras = list(c.iter(f"{W}p"))
        cid = c.get(f"{W}id") or ""
        out[cid] = Comment(c.get(f"{W}author", ""), c.get(f"{W}date", ""),
                           "\n".join(t for t in (_plain(p) for p in paras) if t).strip())
        if paras and paras[-1].get(f"{W14}paraId"):
            para_of[paras[-1].get(f"{W14}paraId")] = cid
    if "word/commentsExtended.xml" in pkg:
        for ex in pkg.xml("word/commentsExtended.xml").iter(f"{W15}commentEx"):
            cid = para_of.get(ex.get(f"{W15}paraId") or "")
            if cid is None:
                continue
            out[cid].resolved = ex.get(f"{W15}done") in ("1", "true")
            out[cid].parent = para_of.get(ex.get(f"{W15}paraIdParent") or "")
    return out


def _plain(el: Any) -> str:
    parts = []
    for node in el.iter(f"{W}t", f"{W}delText", f"{W}tab", f"{W}br"):
        parts.append((node.text or "") if node.tag in (f"{W}t", f"{W}delText") else " ")
    return "".join(parts)


def _paragraph_traces(root: Any) -> dict[Any, tuple[int, int]]:
    """Each paragraph → the source-map bookmark it carries or, failing that, the last before it."""
    out: dict[Any, tuple[int, int]] = {}
    last: tuple[int, int] | None = None
    for el in root.iter(f"{W}p", f"{W}bookmarkStart", f"{W}footnote", f"{W}endnote"):
        if el.tag in (f"{W}footnote", f"{W}endnote"):
            last = None
        elif el.tag == f"{W}bookmarkStart":
            last = parse_trace(el.get(f"{W}name", "")) or last
        else:
            own = next((t for t in (parse_trace(b.get(f"{W}name", ""))
                                    for b in el.iter(f"{W}bookmarkStart")) if t), None)
            last = own or last
            if last is not None:
                out[el] = last
    return out


def _paragraph_of(el: Any) -> Any:
    """The paragraph an element is in; for one between paragraphs, the next paragraph."""
    node = el
    while node is not None and node.tag != f"{W}p":
        node = node.getparent()
    if node is not None:
        return node
    nxt = el.getnext()
    while nxt is not None and nxt.tag != f"{W}p":
        found = next(nxt.iter(f"{W}p"), None)
        if found is not None:
            return found
        nxt = nxt.getnext()
    return nxt


def _in_note(el: Any) -> bool:
    return any(a.tag in (f"{W}footnote", f"{W}endnote") for a in el.iterancestors())


def _comment_remarks(root: Any, traces: dict[Any, tuple[int, int]],
                     comments: dict[str, Comment]) -> list[Found]:
    starts: dict[str, Any] = {}
    quotes: dict[str, list[str]] = {}
    open_ids: set[str] = set()
    for el in root.iter():
        if el.tag == f"{W}commentRangeStart":
            cid = el.get(f"{W}id")
            starts.setdefault(cid, el)
            open_ids.add(cid)
            quotes.setdefault(cid, [])
        elif el.tag == f"{W}commentRangeEnd":
            open_ids.discard(el.get(f"{W}id"))
        elif el.tag == f"{W}commentReference":
            starts.setdefault(el.get(f"{W}id"), el)
        elif el.tag in (f"{W}t", f"{W}tab", f"{W}br") or el.tag == f"{W}p":
            piece = (el.text or "") if el.tag == f"{W}t" else " "
            for cid in open_ids:
                quotes[cid].append(piece)
    out = []
    for cid, anchor in starts.items():
        if cid not in comments:
            continue
        c = comments[cid]
        quote = " ".join("".join(quotes.get(cid, [])).split())
        trace = traces.get(_paragraph_of(anchor))
        out.append((trace, Remark(c.author, c.date, quote, c.text, None, None, cid, c.parent,
                                  c.resolved), _in_note(anchor), quote))
    return out


def _change_remarks(root: Any, traces: dict[Any, tuple[int, int]]
                    ) -> list[Found]:
    """Tracked insertions and deletions; Word's adjacent pieces of one edit are merged."""
    out: list[Found] = []
    previous: Any = None
    for el in root.iter(*CHANGES):
        if el.getparent() is not None and el.getparent().tag in (f"{W}rPr", f"{W}trPr"):
            continue  # a changed paragraph mark or table row: no words of its own
        text = _plain(el)
        kind = CHANGES[el.tag]
        author, date = el.get(f"{W}author", ""), el.get(f"{W}date", "")
        same = (previous is not None and _adjacent(previous, el) and previous.tag == el.tag
                and previous.get(f"{W}author", "") == author
                and previous.get(f"{W}date", "") == date)
        if not text.strip() and not (same and text):
            # a deleted note reference or field between pieces of one edit: no words, but
            # the edit goes on through it (a deleted paragraph is one remark)
            previous = el if same else previous
            continue
        if same and out:
            remark = out[-1][1]
            remark.quote += text
            remark.text = f"{kind} “{remark.quote}”"
        else:
            trace = traces.get(_paragraph_of(el))
            hint = _context(el) if el.tag in (f"{W}ins", f"{W}moveTo") else text
            out.append((trace, Remark(author, date, text, f"{kind} “{text}”", None, None),
                        _in_note(el), hint))
        previous = el
    return out


def _context(el: Any) -> str:
    """The paragraph's own words just after an insertion (else just before it): where the
    inserted words go in the source, which does not have them yet."""
    para = _paragraph_of(el)
    if para is None:
        return ""
    inside = set(el.iter())
    before: list[str] = []
    after: list[str] = []
    passed = False
    for node in para.iter(f"{W}t"):
        if node in inside:
            passed = True
            continue
        if any(a.tag in CHANGES for a in node.iterancestors()):
            continue
        (after if passed else before).append(node.text or "")
    following = " ".join("".join(after).split())
    return following[:60] if following.strip() else " ".join("".join(before).split())[-30:]


IGNORABLE = (f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}proofErr",
             f"{W}commentRangeStart", f"{W}commentRangeEnd")


def _adjacent(a: Any, b: Any) -> bool:
    """Whether ``b`` follows ``a`` with nothing printed between (a hyperlink is looked into:
    one change that spans a link is written as pieces outside and inside it)."""
    node = a.getnext()
    if node is None and a.getparent() is not None and a.getparent().tag == f"{W}hyperlink":
        node = a.getparent().getnext()
    while node is not None:
        if node.tag in IGNORABLE:
            node = node.getnext()
        elif node.tag == f"{W}hyperlink" and node is not b.getparent() and len(node):
            node = node[0]
        else:
            break
    return node is b or (node is not None and node.tag == f"{W}hyperlink" and len(node) > 0
                         and node[0] is b)


# --- from a paragraph's first line to the line of the words ---------------------------------------

def _normal(text: str) -> str:
    text = text.translate(QUOTES).replace("---", "—").replace("--", "–")
    text = re.sub(r"[*_`\\#>\[\]{}]", "", text)
    return " ".join(text.split()).casefold()


class Refiner:
    """Narrows a paragraph's first line to the line where the quoted words are written."""

    def __init__(self, project: Path | None, sources: list[str], body: dict[int, set[int]]):
        self.project, self.sources = project, sources
        self.body = {src: sorted(lines) for src, lines in body.items()}
        self.cache: dict[int, list[str] | None] = {}

    def _lines(self, src: int) -> list[str] | None:
        if src not in self.cache:
            self.cache[src] = None
            name = self.sources[src]
            if self.project is not None and name and name != CONFIG_NAME:
                try:  # a name the DOCX gives: read only inside the project, size-capped
                    self.cache[src] = (read_bytes(self.project, name).decode("utf-8-sig")
                                       .splitlines())
                except (Refused, UnicodeDecodeError):
                    pass
        return self.cache[src]

    def line(self, src: int, line: int, quote: str) -> int:
        lines = self._lines(src)
        if lines is None or not quote.strip():
            return line
        starts = self.body.get(src, [])
        end = next((n for n in starts if n > line), len(lines) + 1) if line else len(lines) + 1
        first = max(line, 1)
        window = lines[first - 1:end - 1]
        joined, offsets = "", []
        for i, text in enumerate(window):
            offsets.append((len(joined), first + i))
            joined += _normal(text) + " "
        for variant in (quote, re.sub(r"^\S*\d[\d.]*\.?\s+", "", quote)):
            needle = _normal(variant)[:60].strip()
            if len(needle) < 4:
                continue
            at = joined.find(needle)
            if at < 0:
                at = joined.find(needle[:25].strip())
            if at >= 0:
                return max(n for pos, n in offsets if pos <= at)
        return line
