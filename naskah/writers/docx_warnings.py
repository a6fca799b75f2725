"""Pandoc's own warnings while it writes the DOCX, each one line located at what it names.

Pandoc reads naskah's AST, not the files, so its warnings name a thing (``Could not fetch
resource figures/a.png``, a TeX formula, a quoted name) but not where it is. The thing is looked
up in the parts' ASTs, whose top-level blocks carry their source line, and then in the source
text from that line on, for the column. A warning that names nothing in the sources is put at
thesis.yaml, which configures the build; none is printed as Pandoc's multi-line text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..config import CONFIG_NAME
from ..diagnostics import Report
from ..document import Part
from ..pandoc_ast import find

UNCONVERTED_MATH = re.compile(r"Could not convert TeX math (.{1,2000}?), rendering as TeX")
NAMED = (UNCONVERTED_MATH,
         re.compile(r"resource (\S{1,2000}?): "),
         re.compile(r"""['"‘“]([^'"’”\n]{2,200})['"’”]"""))
"""Where Pandoc's warnings name what they are about: TeX math, a resource, anything quoted."""
DISPLAY = "\\displaystyle "
"""What the DOCX writer puts before a numbered equation's TeX (:func:`.docx.equation_paragraph`)."""
LONGEST = 300
"""Characters of Pandoc's message kept on the line (a long name or formula is cut)."""


def _strings(value: Any) -> Iterator[str]:
    """Every string in an AST value: words, formulas, URLs, attribute values."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        yield from _strings(value.get("c"))


def locate(name: str, parts: list[Part]) -> tuple[str, int | None, int | None] | None:
    """``(file, line, column)`` of ``name`` in the first top-level block that holds it."""
    for part in parts:
        for block in part.blocks:
            if any(name in s for s in _strings(block)):
                return part.file, *part.position(block.get("_line"), name)
    return None


def one_line(message: str) -> str:
    """Pandoc's message on one short line: whitespace collapsed, the end cut if long."""
    text = " ".join(message.split())
    return text if len(text) <= LONGEST else text[:LONGEST - 1] + "…"


def report_docx_warnings(warnings: list[str], parts: list[Part], report: Report) -> None:
    """Each of Pandoc's DOCX-writer ``warnings`` as one located warning in ``report``.

    A formula of the sources that Pandoc cannot convert is a warning of the pipeline already,
    at its line (:mod:`naskah.dropped`); Pandoc's own message about it is not repeated.
    """
    formulas = {" ".join(el["c"][1].split()) for part in parts
                for el, _ in find(part.blocks, {"Math"})}
    for message in warnings:
        tex = UNCONVERTED_MATH.search(message)
        if tex and " ".join(tex[1].split()).removeprefix(DISPLAY) in formulas:
            continue
        names = [name for pattern in NAMED for name in pattern.findall(message)]
        where = next((w for w in (locate(n, parts) for n in names) if w), None)
        file, line, col = where or (CONFIG_NAME, None, None)
        report.warning(f"Pandoc (DOCX): {one_line(message)}", file, line, col, rule="build")
