"""What would silently vanish or print raw: TeX math Pandoc cannot convert, raw LaTeX.

Run by the pipeline before either writer (so ``check`` and the build report the same, at the
Markdown line): a formula Pandoc cannot read would be printed as its raw TeX, and a raw LaTeX
block or inline (``\\newpage``, ``\\hfill``) is left out of both the PDF and the DOCX.
"""

from __future__ import annotations

from .diagnostics import Report
from .document import Document, Part
from .pandoc_ast import find
from .writers.typst_markup import convert_math, converted

PAGE_BREAKS = ("newpage", "pagebreak", "clearpage")


def check_dropped(doc: Document, report: Report) -> None:
    """A located warning for every formula Pandoc cannot convert and every raw LaTeX piece,
    each one line, at the line and column where the source has it."""
    formulas: list[tuple[str, str]] = []
    where: list[tuple[Part, int | None]] = []
    for part in doc.parts:
        for block in part.blocks:
            line = block.get("_line")
            for el, _ in find(block, {"Math", "RawBlock", "RawInline"}):
                if el["t"] == "Math":
                    formulas.append((el["c"][0]["t"], el["c"][1]))
                    where.append((part, line))
                elif el["c"][0] in ("tex", "latex"):
                    raw = " ".join(el["c"][1].split())
                    hint = (" (naskah starts chapters on a new page itself)"
                            if any(cmd in raw for cmd in PAGE_BREAKS) else "")
                    report.warning(f"raw LaTeX '{raw[:60]}' is left out of the PDF and the "
                                   f"DOCX{hint}", part.file, *part.position(line, raw),
                                   rule="unsupported-syntax")
    if not formulas:
        return
    for (_, tex), out, (part, line) in zip(formulas, convert_math(formulas), where, strict=True):
        if not converted(out):
            shown = " ".join(tex.split())
            report.warning(f"TeX that Pandoc cannot convert would print raw: '{shown[:60]}' "
                           "(use standard LaTeX math commands)", part.file,
                           *part.position(line, tex), rule="unsupported-syntax")
