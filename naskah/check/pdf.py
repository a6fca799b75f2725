"""Rules over a built PDF (pdfplumber): page size, margins, fonts, footnotes, page numbers and
the front-matter order, measured against the thesis's format profile.

The PDF is read once into :class:`PageText` (words with font and size, horizontal rules); every
rule works on that. Page numbers live in the header and footer bands by design, so the margin
rule leaves them to the page-number rule. A problem on many pages is reported once, with the
pages listed, so a wrong margin gives one line, not eighty.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config.schema import Format
from ..crossref import roman
from ..document import Document
from ..frontmatter import front_matter, leading_title_pages
from .rules import Checker, rules

PT_PER_MM = 72 / 25.4
UNITS = {"pt": 1.0, "mm": PT_PER_MM, "cm": 10 * PT_PER_MM, "in": 72.0}
NUMBER = re.compile(r"^(\d+|[ivxlcdm]+|[IVXLCDM]+)$")
INSIDE = 4.0
"""pt a word may cross a margin: hanging punctuation and glyph overshoot, not a layout fault."""
REACH = 8.5
"""pt (3 mm): text that never comes this close to a margin means the margin is too wide."""
PLACE = 6.0
"""pt of slack when deciding where a page number sits."""
SIZE = 0.3
"""pt of slack on font sizes."""
BUNDLED = ("libertinusserif",)
"""The serif the PDF falls back to when none of the profile's fonts is installed."""


def to_pt(length: str) -> float | None:
    """``4cm`` / ``30mm`` / ``1in`` / ``72pt`` in points (None when not a length)."""
    m = re.fullmatch(r"\s*([\d.]+)\s*(pt|mm|cm|in)\s*", str(length))
    return float(m.group(1)) * UNITS[m.group(2)] if m else None


def cm(points: float) -> str:
    return f"{points / UNITS['cm']:.1f} cm"


@dataclass
class PageText:
    """What the rules need of one page."""

    index: int
    width: float
    height: float
    words: list[dict[str, Any]]
    rules: list[dict[str, Any]]
    """Horizontal line objects (footnote separators, table rules)."""


def read_pdf(path: Path) -> list[PageText]:
    """Every page's words (with font name and size) and horizontal lines.

    Reading is most of a PDF check's time (pdfminer parses every glyph), so the result is kept
    per file version: checking one PDF against several profiles reads it once.
    """
    stat = path.stat()
    return _read_pdf(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4)
def _read_pdf(path: str, mtime: int, size: int) -> list[PageText]:
    import pdfplumber

    pages = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, 1):
            words = page.extract_words(extra_attrs=["fontname", "size"])
            lines = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]
            pages.append(PageText(i, float(page.width), float(page.height), words, lines))
            page.flush_cache()
    return pages


@dataclass
class Box:
    """The text area the profile asks for, in PDF points."""

    left: float
    top: float
    right: float
    bottom: float
    margins: dict[str, float]
    marks: frozenset[str] = frozenset()
    """The words of the profile's footer line (``format.footer.text``)."""

    @classmethod
    def of(cls, fmt: Format, page: PageText) -> Box:
        m = {side: to_pt(getattr(fmt.margins, side)) or 0.0
             for side in ("top", "left", "bottom", "right")}
        if fmt.two_sided and page.index % 2 == 0:  # mirrored: the binding side is on the right
            m["left"], m["right"] = m["right"], m["left"]
        return cls(m["left"], m["top"], page.width - m["right"], page.height - m["bottom"], m,
                   frozenset(fmt.footer.text.split()))

    def is_number(self, w: dict[str, Any]) -> bool:
        """A page number: a number alone in the header or footer band."""
        banded = w["bottom"] <= self.top + INSIDE or w["top"] >= self.bottom - INSIDE
        return banded and bool(NUMBER.match(w["text"]))

    def is_furniture(self, w: dict[str, Any]) -> bool:
        """A page number, or a word of the footer line in the footer band (UI's mark)."""
        return self.is_number(w) or (w["top"] >= self.bottom - INSIDE and w["text"] in self.marks)


def pages_text(pages: list[int]) -> str:
    """``3–5, 9`` for pages [3, 4, 5, 9]."""
    runs: list[list[int]] = []
    for p in sorted(set(pages)):
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def where(pages: list[int]) -> str:
    return f"page {pages[0]}" if len(set(pages)) == 1 else f"pages {pages_text(pages)}"


# --- rules -------------------------------------------------------------------------------------

def check_page_size(pages: list[PageText], fmt: Format, checker: Checker, file: str) -> None:
    papers = rules()["pdf-page-size"].data.get("papers", {})
    want = papers.get(fmt.paper.lower())
    if not want:
        return
    wrong: dict[tuple[int, int], list[int]] = {}
    for p in pages:
        mm = (round(p.width / PT_PER_MM), round(p.height / PT_PER_MM))
        if abs(mm[0] - want[0]) > 1 or abs(mm[1] - want[1]) > 1:
            wrong.setdefault(mm, []).append(p.index)
    for (w, h), found in wrong.items():
        checker.emit("pdf-page-size", "size", file, where=where(found), width=w, height=h,
                     paper=fmt.paper.upper(), want_width=want[0], want_height=want[1])


def check_margins(pages: list[PageText], fmt: Format, checker: Checker, file: str) -> None:
    outside: dict[str, list[tuple[int, float, str]]] = {}
    reach = {"left": float("inf"), "top": float("inf"), "right": float("inf")}
    for p in pages:
        box = Box.of(fmt, p)
        worst: dict[str, tuple[float, str]] = {}
        for w in p.words:
            if box.is_furniture(w):
                continue
            over = {"left": box.left - w["x0"], "right": w["x1"] - box.right,
                    "top": box.top - w["top"], "bottom": w["bottom"] - box.bottom}
            for side, amount in over.items():
                if amount > INSIDE and amount > worst.get(side, (0.0, ""))[0]:
                    worst[side] = (amount, w["text"])
            reach["left"] = min(reach["left"], w["x0"] - box.left)
            reach["right"] = min(reach["right"], box.right - w["x1"])
            reach["top"] = min(reach["top"], w["top"] - box.top)
        for side, (amount, text) in worst.items():
            outside.setdefault(side, []).append((p.index, amount, text))
    m = Box.of(fmt, pages[0]).margins if pages else {}
    for side, found in outside.items():
        if len(found) <= 3:
            for page, amount, text in found:
                checker.emit("pdf-margins", "outside", file, where=f"page {page}",
                             amount=cm(amount), side=side, margin=cm(m[side]),
                             sample=f": “{text[:40]}”")
        else:
            page, amount, text = max(found, key=lambda f: f[1])
            checker.emit("pdf-margins", "outside", file, where=where([f[0] for f in found]),
                         amount=f"up to {cm(amount)}", side=side, margin=cm(m[side]),
                         sample=f", e.g. “{text[:40]}” on page {page}")
    if len(pages) >= 3:
        for side, gap in reach.items():
            if gap > REACH and gap != float("inf") and side not in outside:
                checker.emit("pdf-margins", "wide", file, side=side, actual=cm(m[side] + gap),
                             margin=cm(m[side]))


def _family(fontname: str) -> str:
    """``ABCDEF+TimesNewRomanPS-BoldMT`` → ``timesnewromanps-boldmt`` (for prefix matching)."""
    return re.sub(r"^[A-Z]{6}\+", "", fontname).lower().replace(" ", "").replace("_", "")


def _shown(fontname: str) -> str:
    return re.split(r"[-,]", re.sub(r"^[A-Z]{6}\+", "", fontname))[0]


def check_fonts(pages: list[PageText], fmt: Format, checker: Checker, file: str) -> None:
    """The body face and size: the ones most characters are set in."""
    families: Counter[str] = Counter()
    sizes: Counter[float] = Counter()
    for p in pages:
        for w in p.words:
            families[_shown(w.get("fontname", ""))] += len(w["text"])
            sizes[round(float(w.get("size", 0)), 1)] += len(w["text"])
    if not families:
        return
    found = families.most_common(1)[0][0]
    aliases = rules()["pdf-font"].data.get("aliases") or {}
    wanted = [f.lower().replace(" ", "") for f in fmt.fonts]
    wanted += [aliases[f].lower() for f in fmt.fonts if f in aliases]
    if not any(_family(found).startswith(f) for f in wanted):
        names = ", ".join(fmt.fonts)
        if any(_family(found).startswith(b) for b in BUNDLED):
            checker.emit("pdf-font-fallback", "fallback", file, wanted=names, found=found)
        else:
            checker.emit("pdf-font", "family", file, found=found, wanted=names)
    size = sizes.most_common(1)[0][0]
    if abs(size - fmt.font_size) > SIZE:
        checker.emit("pdf-font", "size", file, found=f"{size:g}", wanted=f"{fmt.font_size:g}")


def check_footnotes(pages: list[PageText], fmt: Format, checker: Checker, file: str) -> None:
    """Footnote text: what lies under the short rule at the foot of a page."""
    for p in pages:
        box = Box.of(fmt, p)
        texts = [w for w in p.words if not box.is_furniture(w)]
        if not texts:
            continue
        left = min(w["x0"] for w in texts)
        width = max(w["x1"] for w in texts) - left
        rules_ = [r for r in p.rules if abs(r["x0"] - left) < 3 and 20 < r["x1"] - r["x0"] < 0.6
                  * width and r["top"] > p.height / 2]
        if not rules_:
            continue
        rule_top = max(r["top"] for r in rules_)
        below: Counter[float] = Counter()
        for w in texts:
            if w["top"] > rule_top:
                below[round(float(w.get("size", 0)), 1)] += len(w["text"])
        if not below:
            continue
        biggest = max(below)
        body = Counter({s: n for s, n in below.items() if s >= 0.8 * biggest})
        size = body.most_common(1)[0][0]
        if abs(size - fmt.footnote_size) > SIZE:
            checker.emit("pdf-footnote-size", "size", file, found=f"{size:g}",
                         wanted=f"{fmt.footnote_size:g}", page=p.index)
            return


# --- page roles: front matter, openings, body ---------------------------------------------------

def first_line(page: PageText, box: Box) -> str:
    words = [w for w in page.words if not box.is_furniture(w)]
    if not words:
        return ""
    top = min(w["top"] for w in words)
    line = sorted((w for w in words if abs(w["top"] - top) < 2), key=lambda w: w["x0"])
    return " ".join(w["text"] for w in line)


def _norm(text: str) -> str:
    return " ".join(text.upper().split())


@dataclass
class Roles:
    """Which page is which: the first body page and the opening pages (chapter, Daftar
    Pustaka, lampiran), found by their first line."""

    body: int | None
    openings: set[int]
    firsts: dict[int, str]


def page_roles(pages: list[PageText], fmt: Format) -> Roles:
    t = fmt.titles
    chapter = re.compile(r"^([IVXLC]+|\d+) \S" if fmt.chapter_label == "one-line"
                         else rf"^{re.escape(_norm(t.chapter))} ([IVXLC]+|\d+)$")
    appendix = re.compile(rf"^{re.escape(_norm(t.appendix))} [A-Z]+$")
    firsts = {p.index: _norm(first_line(p, Box.of(fmt, p))) for p in pages}
    body = next((i for i, f in firsts.items() if chapter.match(f)), None)
    openings = {i for i, f in firsts.items() if body and i >= body and (
        chapter.match(f) or appendix.match(f) or f in (_norm(t.bibliography), _norm(t.cv)))}
    return Roles(body, openings, firsts)


def _placement(w: dict[str, Any], box: Box, page: PageText) -> str:
    vertical = "top" if w["bottom"] <= box.top + INSIDE else "bottom"
    centre = (w["x0"] + w["x1"]) / 2
    if abs(centre - (box.left + box.right) / 2) < PLACE or abs(centre - page.width / 2) < PLACE:
        return f"{vertical}-centre"
    if abs(w["x1"] - box.right) < PLACE:
        return f"{vertical}-right"
    if abs(w["x0"] - box.left) < PLACE:
        return f"{vertical}-left"
    return f"{vertical}, {cm(centre)} from the left edge"


def check_page_numbers(pages: list[PageText], fmt: Format, roles: Roles, checker: Checker,
                       file: str) -> None:
    if roles.body is None:
        return
    problems: dict[str, list[tuple[int, str]]] = {}
    blank = _norm(fmt.blank_page_text)
    covers = leading_title_pages(fmt)  # the title page, and its English twin (ITS, UNPAR)
    for p in pages:
        if fmt.chapter_opens == "right" and roles.firsts.get(p.index, "") in ("", blank):
            continue  # left blank before a right-hand opening (or with the guide's filler)
        box = Box.of(fmt, p)
        numbers = [w for w in p.words if box.is_number(w)]
        shown = [(w["text"], _placement(w, box, p)) for w in numbers]
        places: tuple[str, ...]
        if p.index <= covers:
            want, places = None, ()
        elif p.index < roles.body:
            want, places = roman(p.index).lower(), ("bottom-centre",)
        else:
            want = str(p.index - roles.body + 1)
            rule: str = fmt.page_numbers.body
            if p.index in roles.openings and fmt.page_numbers.chapter != "same":
                rule = fmt.page_numbers.chapter
            if rule == "hidden":
                want = None
            places = {"top-right": ("top-right",), "bottom-centre": ("bottom-centre",),
                      "bottom-outer": ("bottom-right" if p.index % 2 else "bottom-left",),
                      "top-outer": ("top-right" if p.index % 2 else "top-left",)}.get(
                rule, ())
            if p.index in roles.openings and fmt.page_numbers.chapter == "same":
                places = ()
        if want is None and shown:
            kind = "the title page shows a number" if p.index <= covers else "a hidden number shows"
            problems.setdefault(kind, []).append((p.index, f"'{shown[0][0]}'"))
        elif want is not None and not shown:
            problems.setdefault(f"no page number (expected {' / '.join(places) or 'one'})",
                                []).append((p.index, f"'{want}'"))
        elif want is not None:
            text, place = shown[0]
            if text != want:
                problems.setdefault("wrong page number", []).append(
                    (p.index, f"'{text}' where '{want}' belongs"))
            if places and place not in places:
                problems.setdefault(f"the number is at {place}, the format wants {places[0]}",
                                    []).append((p.index, f"'{text}'"))
    for kind, found in problems.items():
        pages_ = [f[0] for f in found]
        detail = found[0][1] if len(found) == 1 else f"first {found[0][1]} on page {pages_[0]}"
        checker.emit("pdf-page-numbers", "wrong", file, where=where(pages_),
                     problem=f"{kind} ({detail})")


def check_front_order(pages: list[PageText], fmt: Format, roles: Roles, doc: Document | None,
                      checker: Checker, file: str) -> None:
    t = fmt.titles
    if roles.body is None:
        first = f"{t.chapter} I"
        if fmt.chapter_label == "one-line":  # IPB: the numeral and the title on one line
            first = f"I {doc.chapters[0].title.upper() if doc and doc.chapters else '…'}"
        checker.emit("pdf-front-order", "no-body", file, first=first)
        return
    fm = front_matter(doc) if doc is not None else None
    kind = fm.kind if fm is not None else ""
    if kind and pages and kind.upper() not in _norm(" ".join(w["text"] for w in pages[0].words)):
        checker.emit("pdf-front-order", "title-page", file, kind=kind)
    if fm is not None:
        expected = [_norm(p.title) for p in fm.pages if p.in_toc]
    else:
        expected = [_norm(getattr(t, k)) for k in fmt.front_matter if hasattr(t, k)]
    found = [title for i in range(2, roles.body)
             if (title := _title_of(roles.firsts.get(i, ""), expected))]
    for title in expected:
        if doc is not None and title not in found:
            checker.emit("pdf-front-order", "missing", file, title=title)
    present = [e for e in expected if e in found]
    seen = list(dict.fromkeys(found))
    if seen != present:
        checker.emit("pdf-front-order", "order", file, found=", ".join(seen),
                     wanted=", ".join(present))


def _title_of(first: str, titles: list[str]) -> str | None:
    """The page title a page's first line shows; a long title may wrap after its first line
    (IPB's PERNYATAAN MENGENAI SKRIPSI DAN SUMBER / INFORMASI)."""
    if first in titles:
        return first
    return next((t for t in titles if len(first) >= 20 and t.startswith(first + " ")), None)


def check_pdf(path: Path, shown: str, doc: Document | None, fmt: Format,
              checker: Checker) -> None:
    """Every PDF rule that is not off, on the PDF at ``path`` (``shown`` in diagnostics)."""
    scope = [r for r, rule in rules().items() if rule.scope == "pdf"]
    if not checker.enabled(*scope):
        return
    try:
        pages = read_pdf(path)
    except FileNotFoundError:
        checker.emit("unreadable-file", "missing", shown, what=shown)
        return
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        checker.emit("unreadable-file", "unreadable", shown, what="the PDF",
                     reason=f"{type(exc).__name__}: {exc}")
        return
    check_page_size(pages, fmt, checker, shown)
    check_margins(pages, fmt, checker, shown)
    check_fonts(pages, fmt, checker, shown)
    check_footnotes(pages, fmt, checker, shown)
    roles = page_roles(pages, fmt)
    check_page_numbers(pages, fmt, roles, checker, shown)
    check_front_order(pages, fmt, roles, doc, checker, shown)
