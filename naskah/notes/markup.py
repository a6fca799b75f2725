"""The tiny markup templates write, and its conversion to Pandoc inlines.

Templates render to a one-line string: runs of whitespace (line breaks included) collapse to
one space, and a space before ``, . ; : ) ]`` or after ``( [`` is dropped, so a template can be
spread over lines and an ``{% if %}`` that prints nothing leaves no gap. In that string:

- ``<i>…</i>`` is italics (nested ``<i>`` switches back to roman, as a title inside a title);
- a URL (``http://``/``https://`` up to whitespace; a final ``.``/``,``/``;``/``:``/``)``
  is not part of it) becomes a link showing the URL;
- everything else is literal text: values from the bibliography are HTML-escaped by Jinja
  (autoescape), so ``<``, ``&`` in a title print as written.

Punctuation is normalised after rendering, so templates can be written naively:
``”,``/``”.`` move inside the closing double quote (``Title,”``), a ``?``/``!`` absorbs a following
comma or period, and a period after a period (``O..``, ``dkk..``) is written once.
"""

from __future__ import annotations

import html
import re

from ..pandoc_ast import Emph, Inline, Link, Space, Str

TAG = re.compile(r"(</?i>)")
URL = re.compile(r"https?://[^\s<>]*[^\s<>.,;:)\]”’]")
_MOVE = re.compile(r"(”)([,.])")
_ABSORB = re.compile(r"([?!])((?:</i>|[”’])*)[,.]")
_DOUBLE = re.compile(r"(?<!\.)\.((?:</i>|[”’])*)\.(?!\.)")
_SPACE_BEFORE = re.compile(r" (?=[,.;:)\]])")
_SPACE_AFTER = re.compile(r"([(\[]) ")
_OPEN = "“‘\"'([¿¡"


def normalize(markup: str) -> str:
    """Collapse whitespace and fix punctuation, leaving URLs untouched."""
    markup = re.sub(r"\s+", " ", markup).strip()
    out = []
    pos = 0
    for m in URL.finditer(markup):
        out.append(_punct(markup[pos:m.start()]))
        out.append(m.group())
        pos = m.end()
    out.append(_punct(markup[pos:]))
    return "".join(out)


def _punct(text: str) -> str:
    text = _SPACE_BEFORE.sub("", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    text = _MOVE.sub(r"\2\1", text)
    text = _ABSORB.sub(r"\1\2", text)
    return _DOUBLE.sub(r".\1", text)


def close(markup: str) -> str:
    """The markup with the note's closing period (moved inside quotes, never doubled)."""
    return normalize(markup + ".")


def to_inlines(markup: str) -> list[Inline]:
    """Markup → Pandoc inlines (Str/Space, Emph, Link)."""
    out: list[Inline] = []
    depth = 0
    for piece in TAG.split(markup):
        if piece == "<i>":
            depth += 1
        elif piece == "</i>":
            depth = max(0, depth - 1)
        elif piece:
            inl = _text(piece)
            if depth % 2 == 0:
                out.extend(inl)
            elif out and out[-1]["t"] == "Emph":
                out[-1]["c"].extend(inl)
            else:
                out.append(Emph(inl))
    return _merge(out)


def _text(text: str) -> list[Inline]:
    out: list[Inline] = []
    pos = 0
    for m in URL.finditer(text):
        out.extend(_words(html.unescape(text[pos:m.start()])))
        url = html.unescape(m.group())
        out.append(Link([Str(url)], url))
        pos = m.end()
    out.extend(_words(html.unescape(text[pos:])))
    return out


def _words(text: str) -> list[Inline]:
    return [Space() if w == " " else Str(w) for w in re.split(r"( )", text) if w]


def _merge(inlines: list[Inline]) -> list[Inline]:
    """Adjacent Str joined, Space runs collapsed (also inside Emph)."""
    out: list[Inline] = []
    for el in inlines:
        if el["t"] == "Emph":
            el["c"] = _merge(el["c"])
        if out and el["t"] == "Str" and out[-1]["t"] == "Str":
            out[-1] = Str(out[-1]["c"] + el["c"])
        elif out and el["t"] == "Space" and out[-1]["t"] == "Space":
            continue
        else:
            out.append(el)
    return out


def capfirst(inlines: list[Inline]) -> list[Inline]:
    """Capitalise the first letter of the first word (after opening quotes), in place."""
    for el in inlines:
        if el["t"] == "Str":
            text = el["c"]
            i = 0
            while i < len(text) and text[i] in _OPEN:
                i += 1
            if i < len(text):
                el["c"] = text[:i] + text[i].upper() + text[i + 1:]
            return inlines
        if el["t"] == "Emph":
            capfirst(el["c"])
            return inlines
        if el["t"] != "Space":
            return inlines
    return inlines

