"""BibTeX field text → Unicode (how TeX in a field is read).

LaTeX accents (``{\\'e}``, ``\\"{o}``) through latexcodec; ``--``/``---``; TeX quotes
(````…''`` and ```…'``) to curly quotes; ``{$<$}``, ``\\textless``, ``\\textbar``; spacing
commands (``\\hspace{0pt}``, ``\\,``) dropped; ``\\emph{…}``/``\\textit{…}`` become italic
markers; protective braces dropped. Commands nobody knows are dropped (and reported by the
parser with :func:`undecoded_latex`).
"""

from __future__ import annotations

import re

from latexcodec.codec import UnicodeLatexIncrementalDecoder

ITALIC_ON, ITALIC_OFF = "\x01", "\x02"
"""Markers of italics inside decoded field values (``\\emph{}``)."""

_SIMPLE = {r"\i": "i", r"\j": "j", r"\$": "$", r"\textendash": "–", r"\textemdash": "—",
           r"\textquotedblleft": "“", r"\textquotedblright": "”", r"\textquoteleft": "‘",
           r"\textquoteright": "’", r"\ldots": "…", r"\dots": "…", r"\textellipsis": "…",
           r"\textbar": "|", r"\textless": "<", r"\textgreater": ">", r"\textasciitilde": "~",
           r"\textbackslash": "\\", r"\textunderscore": "_", r"\textasciicircum": "^",
           r"\textperiodcentered": "·", r"\textbullet": "•", r"\textdegree": "°"}
_ITALIC_CMDS = ("emph", "textit", "mkbibemph", "textsl", "mkbibitalic")
_PLAIN_CMDS = ("textbf", "textsc", "textrm", "textnormal", "textup", "mkbibbold", "url",
               "nocase", "textsuperscript", "textsubscript", "mbox", "text", "hbox",
               "mathrm", "mathit", "mathbf", "ensuremath", "enquote", "uppercase", "texttt",
               "textsf")
_DROP_WITH_ARG = re.compile(r"\\(?:hspace|vspace|kern|hskip|label|index)\*?\s*\{[^{}]*\}")
_SPACING = re.compile(r"\\[,;:! ]|\\(?:allowbreak|relax|break|linebreak|newline|"
                      r"noindent|xspace|/)(?![A-Za-z])")
_MATH = re.compile(r"\$([^$]*)\$")


def decode_latex(value: str) -> str:
    """BibTeX field text → Unicode; ``\\emph{x}`` → italic markers; braces dropped."""
    if not value:
        return ""
    if "$" in value:
        value = _MATH.sub(lambda m: _math(m[1]), value)
    if "\\" in value:
        value = _known_latex(value)
        value = re.sub(r"\\[A-Za-z]+\*?\s*", "", value)  # commands nobody decoded
        value = re.sub(r"\\(.)", r"\1", value)
    value = value.replace("---", "—").replace("--", "–").replace("~", " ")
    value = value.replace("{", "").replace("}", "").replace("\xa0", " ")
    value = _tex_quotes(value)
    return re.sub(r"\s+", " ", value).strip()


def _math(inner: str) -> str:
    """Inline math in a title: ``$<$`` → ``<``, ``$\\alpha$`` → α, ``$x^2$`` → ``x2``."""
    inner = inner.strip()
    if "\\" in inner:
        try:
            inner = _ulatex(f"${inner}$").strip("$")
        except (ValueError, UnicodeError):
            pass
        inner = _known_latex(inner)
    inner = re.sub(r"[\^_]\{?([^{}]*)\}?", r"\1", inner)
    return inner


def _tex_quotes(value: str) -> str:
    """````a''`` → “a”, ```a'`` → ‘a’, ``"a"`` → “a” (straight quotes in pairs only)."""
    value = value.replace("``", "“").replace("''", "”")
    value = re.sub(r"`([^`']*)'", r"‘\1’", value)
    value = value.replace("`", "‘")
    if value.count('"') % 2 == 0:
        value = re.sub(r'"([^"]*)"', r"“\1”", value)
    return value


def _known_latex(value: str) -> str:
    """The LaTeX commands naskah understands replaced; any others left as written."""
    value = _DROP_WITH_ARG.sub("", value)
    value = _SPACING.sub(lambda m: " " if m.group() in ("\\ ", "\\,", "\\;") else "", value)
    value = _commands(value)
    for cmd, rep in _SIMPLE.items():
        value = re.sub(re.escape(cmd) + r"(?![A-Za-z])(?:\{\}|\s?)", rep.replace("\\", r"\\"),
                       value)
    try:
        value = _ulatex(value)
    except (ValueError, UnicodeError):
        pass
    return value


def _ulatex(value: str) -> str:
    """latexcodec's "ulatex" decoding (accents and symbols to Unicode), called directly: the
    decoder takes text, which ``codecs.decode`` is typed to refuse."""
    return UnicodeLatexIncrementalDecoder().decode(value, final=True)


def undecoded_latex(value: str) -> list[str]:
    """The LaTeX commands and accents in a field that :func:`decode_latex` would drop."""
    if "\\" not in value:
        return []
    value = _MATH.sub(lambda m: _math(m[1]), value)
    found = re.findall(r"(?<!\\)\\(?:[A-Za-z]+|['\"^`~=.])", _known_latex(value))
    return list(dict.fromkeys(found))


def _commands(value: str) -> str:
    """Replace ``\\cmd{arg}`` for italic and plain formatting commands (nesting allowed)."""
    pattern = re.compile(r"\\(" + "|".join(_ITALIC_CMDS + _PLAIN_CMDS) + r")\s*\{")
    for _ in range(50):
        m = pattern.search(value)
        if not m:
            break
        depth, end = 1, m.end()
        while end < len(value) and depth:
            depth += {"{": 1, "}": -1}.get(value[end], 0)
            end += 1
        inner = value[m.end():end - 1]
        if m[1] in _ITALIC_CMDS:
            inner = ITALIC_ON + inner + ITALIC_OFF
        elif m[1] == "enquote":
            inner = "“" + inner + "”"
        value = value[:m.start()] + inner + value[end:]
    value = re.sub(r"\\mkbibquote\s*\{([^{}]*)\}", r"“\1”", value)
    return value


def plain(value: str) -> str:
    """A decoded field without its italic markers (for sorting and short titles)."""
    return value.replace(ITALIC_ON, "").replace(ITALIC_OFF, "")
