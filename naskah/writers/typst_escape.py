"""Escaping for Typst, one function per context: markup text, string literal, label, comment.

Every piece of the thesis that reaches Typst source goes through exactly one of these, so
nothing the student writes (a word, a heading id, a file name) can be read as Typst code.

Why escaping *every* ASCII punctuation character in markup is enough (Typst's parser,
``typst-syntax``):

- Markup syntax starts only with ASCII punctuation: ``# $ * _ ` < > @ [ ] \\ ~ ' "``,
  ``= + - /`` at a line start (``/`` also opens ``//`` and ``/*`` comments), ``1.`` (the dot),
  shorthands ``-- --- -? ... -1``, and URLs (``https:``).
- An embedded expression ``#f(..)[..]`` continues with a directly following ``(`` or ``[``
  (more arguments), ``.`` + identifier (field access), and it swallows a directly following
  ``;`` (``embedded_code_expr`` and ``code_expr_prec`` with ``atomic = true``). All ASCII
  punctuation again.
- A backslash before any character other than whitespace (and ``u{``) is an escape printing
  that character.

So markup text with every ASCII punctuation character escaped starts no markup and continues no
expression, whatever precedes or follows it; letters, digits, spaces and non-ASCII characters
never do either. Line breaks become spaces (a blank line would end the paragraph).
"""

from __future__ import annotations

import re

PUNCTUATION = re.compile(r"[!-/:-@\[-`{-~]")
"""Every ASCII punctuation character."""
NEWLINES = re.compile("\r\n|[\n\x0b\x0c\r\x85\u2028\u2029]")
"""What Typst counts as a line break (``is_newline``)."""
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
LABEL_SAFE = re.compile(r"[A-Za-z0-9.:-]")
URL_BREAK = re.compile(r"(?<=/)(?=[^/])|(?<=[^-])(?=[.\-_?#=~%&])")
"""Where a printed URL may break (CMOS 14.18): after ``/`` or ``//``, before ``. - _ ? # = ~ %
&``, never right after a hyphen (a line ending in ``-`` would read as hyphenation)."""


def markup(text: str) -> str:
    """Text placed in Typst markup: prints exactly ``text`` (line breaks as spaces)."""
    text = CONTROL.sub("", NEWLINES.sub(" ", text))
    return PUNCTUATION.sub(r"\\\g<0>", text)


def url(text: str) -> str:
    """A URL printed in markup, breakable only at :data:`URL_BREAK`, never hyphenated.

    Each piece between two break points is an unbreakable ``#box``: Typst breaks a line between
    two inline boxes but not inside one (so neither its own URL breaks, after ``.`` or ``-``,
    nor hyphenation apply), and a box adds no character: the PDF's text is the URL as written.
    """
    return "".join(f"#box[{markup(piece)}]" for piece in URL_BREAK.split(text) if piece)


def string(text: str) -> str:
    """A Typst string literal (code mode) whose value is ``text``."""
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return '"' + CONTROL.sub(lambda m: f"\\u{{{ord(m.group()):x}}}", out) + '"'


def label_name(ident: str) -> str:
    """The Typst label name of a Pandoc id: ASCII letters, digits, ``.:-`` kept, every other
    character written ``_hex_`` (so the mapping is one-to-one and ``_`` itself is encoded)."""
    if not ident:
        return "_"
    return "".join(c if LABEL_SAFE.fullmatch(c) else f"_{ord(c):x}_" for c in ident)


def label(ident: str) -> str:
    """A label literal ``<name>`` (markup after an element, or a value in code mode)."""
    return f"<{label_name(ident)}>"


def comment(text: str) -> str:
    """Text inside a ``//`` line comment: it cannot end the comment."""
    return CONTROL.sub("", NEWLINES.sub(" ", text))


def raw(code: str, lang: str = "", block: bool = False) -> str:
    """Code printed verbatim (``#raw(...)``), its text and language as string literals."""
    opts = ("block: true, " if block else "") + (f"lang: {string(lang)}, " if lang else "")
    return f"#raw({opts}{string(code)})"
