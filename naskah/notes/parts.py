"""A note as a tree of parts joined by structure (the model is pybtex's template language).

Templates build the tree with functions (:data:`FUNCTIONS`); :func:`render` turns it into runs
of text and the runs into Pandoc inlines. A part that is empty — a missing field — disappears
together with the separator that would have joined it, so ``.,``, ``,,``, an empty ``dalam``
or ``“”`` cannot be produced. Punctuation is applied once, where parts meet:

- a comma or period after a closing quotation mark goes inside it (``“Judul,”``);
- ``?`` and ``!`` absorb a following comma or period; a period after a period is written once;
- quotation marks inside a quoted title turn single (``“On ‘Value Grabbing’”``);
- ``cap()`` capitalises the first letter (sentences of the Daftar Pustaka).

Functions (all skip empty arguments): ``join(sep, *parts)``, ``words(*parts)`` (joined by a
space), ``sentence(*parts)`` (joined by ``. ``), ``labeled(label, part)`` (``label part``, or
nothing when the part is empty), ``italic(p)``, ``quote(p)``, ``paren(p)``, ``cap(p)``,
``lead(sep, p)`` (``p`` with the separator it wants before it, whatever ``join`` says).
"""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup

from ..pandoc_ast import Emph, Inline, Link, Space, Str
from .latex import ITALIC_OFF, ITALIC_ON

URL = re.compile(r"https?://\S*[^\s.,;:)\]”’]")
_CLOSERS = "”’"
_OPENERS = "“‘\"'([¿¡"


class Part:
    """A piece of a note; false when it prints nothing."""

    lead: str | None = None
    """The separator this part wants before it (overrides the joiner's)."""

    def runs(self, out: Runs, italic: bool) -> None:
        raise NotImplementedError

    def __bool__(self) -> bool:
        probe = Runs()
        self.runs(probe, False)
        return bool(probe.text())

    def __html__(self) -> str:
        return _register(self)

    def __str__(self) -> str:
        return _register(self)


class Text(str, Part):
    """Literal text (may hold italic markers from ``\\emph``); URLs in it become links.

    A ``str``, so Jinja filters work on field values (``{{ author|upper }}``)."""

    @property
    def value(self) -> str:
        return str.__str__(self)

    def runs(self, out: Runs, italic: bool) -> None:
        value = self.value
        for i, piece in enumerate(re.split(f"[{ITALIC_ON}{ITALIC_OFF}]", value)):
            if piece:
                out.add(piece, italic != bool(i % 2) if ITALIC_ON in value else italic)

    def __bool__(self) -> bool:
        return bool(self.value.replace(ITALIC_ON, "").replace(ITALIC_OFF, "").strip())

    def __str__(self) -> str:
        return self.value


@dataclass(eq=False)
class LinkPart(Part):
    url: str

    def runs(self, out: Runs, italic: bool) -> None:
        if self.url:
            out.add(self.url, italic, self.url)

    def __bool__(self) -> bool:
        return bool(self.url)


@dataclass(eq=False)
class Join(Part):
    sep: str
    parts: list[Part]

    def runs(self, out: Runs, italic: bool) -> None:
        first = True
        for part in self.parts:
            if not part:
                continue
            if not first:
                out.punct(part.lead if part.lead is not None else self.sep)
            part.runs(out, italic)
            first = False

    def __post_init__(self) -> None:
        self._full = any(self.parts)  # parts never change once built

    def __bool__(self) -> bool:
        return self._full


@dataclass(eq=False)
class Wrap(Part):
    """A part between an opening and a closing mark; ``kind`` italic, quote, paren, cap."""

    kind: str
    part: Part
    lead: str | None = None

    def runs(self, out: Runs, italic: bool) -> None:
        if not self.part:
            return
        if self.kind == "italic":
            self.part.runs(out, not italic)
        elif self.kind == "quote":
            inner = Runs()
            self.part.runs(inner, italic)
            out.add("“", italic)
            out.extend(inner.single_quotes())
            out.add("”", italic)
        elif self.kind == "paren":
            out.add("(", False)
            self.part.runs(out, italic)
            out.add(")", False)
        elif self.kind == "lead":
            self.part.runs(out, italic)
        else:  # cap
            inner = Runs()
            self.part.runs(inner, italic)
            inner.capitalise()
            out.extend(inner)

    def __post_init__(self) -> None:
        self._full = bool(self.part)

    def __bool__(self) -> bool:
        return self._full


EMPTY = Text("")


@dataclass
class Runs:
    """Text runs ``[text, italic, url]`` as they print; :meth:`punct` is the one joiner."""

    items: list[list[Any]] = field(default_factory=list)

    def add(self, text: str, italic: bool, url: str | None = None) -> None:
        if not text:
            return
        last = self.items[-1] if self.items else None
        if last is not None and last[1] == italic and last[2] is None and url is None:
            last[0] += text
        else:
            self.items.append([text, italic, url])

    def extend(self, other: Runs) -> None:
        for text, italic, url in other.items:
            self.add(text, italic, url)

    def text(self) -> str:
        return "".join(r[0] for r in self.items)

    def copy(self) -> Runs:
        return Runs([list(r) for r in self.items])

    def punct(self, sep: str) -> None:
        """Join what comes next with ``sep`` (``, ``, ``. ``, ``: ``, `` ``, ``; ``…)."""
        if not sep:
            return
        mark, space = sep.rstrip(), sep[len(sep.rstrip()):]
        text = self.text().rstrip()
        while self.items and not self.items[-1][0].strip():
            self.items.pop()
        if self.items:
            self.items[-1][0] = self.items[-1][0].rstrip()
        bare = text.rstrip(_CLOSERS)
        last = bare[-1:] if bare else ""
        if mark in (",", ".") and last in "?!" and last:
            mark = ""
        elif mark == "." and last == ".":
            mark = ""
        if mark and mark in ",." and len(bare) < len(text) and self.items:
            # inside the closing quotation marks: “Judul,”
            closers = len(text) - len(bare)
            run = self.items[-1]
            if run[2] is None and len(run[0]) >= closers:
                run[0] = run[0][:-closers] + mark + run[0][-closers:]
                mark = ""
        if mark:
            self.add(mark, False)
        if space:
            self.add(space, False)

    def close(self) -> Runs:
        """The closing period of a note or entry (inside quotes, never doubled)."""
        self.punct(".")
        return self

    def single_quotes(self) -> Runs:
        for run in self.items:
            if run[2] is None:
                run[0] = run[0].replace("“", "‘").replace("”", "’")
        return self

    def capitalise(self) -> None:
        for run in self.items:
            text = run[0]
            i = 0
            while i < len(text) and (text[i] in _OPENERS or text[i].isspace()):
                i += 1
            if i < len(text):
                run[0] = text[:i] + text[i].upper() + text[i + 1:]
                return

    def lower_first(self) -> None:
        """``Ibid.`` after a prefix (``Lihat ibid., 45``)."""
        for run in self.items:
            if run[0].strip():
                run[0] = run[0][:1].lower() + run[0][1:]
                return

    def inlines(self) -> list[Inline]:
        out: list[Inline] = []
        for text, italic, url in self.items:
            if url:
                inl: list[Inline] = [Link([Str(url)], url)]
            else:
                inl = _words(text)
            if not italic:
                out.extend(inl)
            elif out and out[-1]["t"] == "Emph":
                out[-1]["c"].extend(inl)
            else:
                out.append(Emph(inl))
        return out


def _words(text: str) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in URL.finditer(text):
        out.extend(_plain_words(text[pos:m.start()]))
        out.append(Link([Str(m.group())], m.group()))
        pos = m.end()
    out.extend(_plain_words(text[pos:]))
    return out


def _plain_words(text: str) -> list[Inline]:
    out: list[Inline] = []
    words = text.split()
    if text[:1].isspace():
        out.append(Space())
    for i, w in enumerate(words):
        if i:
            out.append(Space())
        out.append(Str(w))
    if words and text[-1:].isspace():
        out.append(Space())
    return out


# -- what templates call ---------------------------------------------------------------------

def part(value: Any) -> Part:
    """Anything a template passes → a part (strings are literal text)."""
    if isinstance(value, Part):
        return value
    if value is None or value is False or isinstance(value, Undefined):
        return EMPTY
    return Text(str(value))


def _parts(values: Iterable[Any]) -> list[Part]:
    return [part(v) for v in values]


def join(sep: str, *values: Any) -> Part:
    return Join(str(sep), _parts(values))


def words(*values: Any) -> Part:
    return Join(" ", _parts(values))


def sentence(*values: Any) -> Part:
    return Join(". ", _parts(values))


def labeled(label: Any, value: Any, sep: str = " ") -> Part:
    p = part(value)
    return Join(str(sep), [part(label), p]) if p else EMPTY


def lead(sep: str, value: Any) -> Part:
    p = part(value)
    return Wrap("lead", Join("", [p]), lead=str(sep)) if p else EMPTY


def italic(value: Any) -> Part:
    return Wrap("italic", part(value))


def quote(value: Any) -> Part:
    return Wrap("quote", part(value))


def paren(value: Any) -> Part:
    return Wrap("paren", part(value))


def cap(value: Any) -> Part:
    return Wrap("cap", part(value))


def link(url: Any) -> Part:
    return LinkPart(str(url or ""))


FUNCTIONS = {"join": join, "words": words, "sentence": sentence, "labeled": labeled,
             "lead": lead, "italic": italic, "quote": quote, "paren": paren, "cap": cap,
             "link": link}


# -- from a rendered template back to its tree -----------------------------------------------

class _Registry(threading.local):
    """The parts printed by the templates being rendered, per thread (builds may run side by
    side: ``docx --since`` builds the old and the new version at once)."""

    def __init__(self) -> None:
        self.stack: list[list[Part]] = []


_REGISTRY = _Registry()


def _register(p: Part) -> str:
    if not _REGISTRY.stack:
        return Markup("")
    reg = _REGISTRY.stack[-1]
    reg.append(p)
    return Markup(f"\x03{len(reg) - 1}\x03")


class Collect:
    """``with Collect() as c: out = template.render(…)``; then ``c.tree(out)``."""

    def __enter__(self) -> Collect:
        self.parts: list[Part] = []
        _REGISTRY.stack.append(self.parts)
        return self

    def __exit__(self, *exc: object) -> None:
        _REGISTRY.stack.pop()

    def tree(self, rendered: str) -> Part:
        """The parts the template printed, in order; literal text between them kept as text
        (``<i>…</i>`` around text and parts is italics), whitespace collapsed."""
        rendered = re.sub(r"\s+", " ", rendered).strip()
        stack: list[list[Part]] = [[]]
        for piece in re.split(r"(\x03\d+\x03|</?i>)", rendered):
            if piece == "<i>":
                stack.append([])
            elif piece == "</i>":
                if len(stack) > 1:
                    inner = stack.pop()
                    stack[-1].append(Wrap("italic", Join("", inner)))
            elif piece.startswith("\x03") and piece.endswith("\x03") and len(piece) > 2:
                stack[-1].append(self.parts[int(piece[1:-1])])
            elif piece:
                stack[-1].append(Text(html.unescape(piece)))
        while len(stack) > 1:
            inner = stack.pop()
            stack[-1].append(Wrap("italic", Join("", inner)))
        pieces = stack[0]
        return pieces[0] if len(pieces) == 1 else Join("", pieces)


def render(p: Part, closing: bool = False) -> Runs:
    out = Runs()
    p.runs(out, False)
    if out.items:
        out.items[-1][0] = out.items[-1][0].rstrip()
        out.items[0][0] = out.items[0][0].lstrip()
    return out.close() if closing and out.items else out
