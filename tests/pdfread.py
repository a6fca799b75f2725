"""Reading a built PDF as a reader sees it: page texts, printed page numbers, positions."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pdfplumber

CM = 72 / 2.54
ROMAN = re.compile(r"^[ivxlcdm]+$")


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


class Pdf:
    """The pages of a PDF with their lines, loaded once."""

    def __init__(self, path: Path):
        self.path = path
        with pdfplumber.open(path) as pdf:
            self.width = float(pdf.pages[0].width)
            self.height = float(pdf.pages[0].height)
            self.sizes = [(float(p.width), float(p.height)) for p in pdf.pages]
            self.chars = [p.chars for p in pdf.pages]
            self.lines = [self._lines(p) for p in pdf.pages]

    @staticmethod
    def _lines(page) -> list[Line]:
        out = []
        for ln in page.extract_text_lines(return_chars=True, strip=True):
            sizes = Counter(round(c["size"], 1) for c in ln["chars"])
            out.append(Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"],
                            sizes.most_common(1)[0][0]))
        return out

    def text(self, page: int) -> str:
        return "\n".join(line.text for line in self.lines[page])

    @cached_property
    def printed_numbers(self) -> list[tuple[str, str] | None]:
        """Per page: (number as printed, where: 'top-right' | 'bottom-centre' | …) or None."""
        out: list[tuple[str, str] | None] = []
        for lines in self.lines:
            found = None
            for ln in lines:
                token = ln.text.strip()
                if not (token.isdigit() or ROMAN.match(token)):
                    continue
                centre = (ln.x0 + ln.x1) / 2
                if ln.bottom < 4 * CM - 2:
                    vertical = "top"
                elif ln.top > self.height - 3 * CM + 2:
                    vertical = "bottom"
                else:
                    continue
                if abs(centre - self.width / 2) < 1 * CM:
                    horizontal = "centre"
                elif centre > self.width - 5 * CM:
                    horizontal = "right"
                else:
                    horizontal = "left"
                found = (token, f"{vertical}-{horizontal}")
            out.append(found)
        return out

    def first_page_starting(self, text: str, start: int = 0) -> int:
        for i in range(start, len(self.lines)):
            body = [ln.text for ln in self.lines[i] if not _is_number_line(ln.text)]
            if body and body[0].strip() == text:
                return i
        raise AssertionError(f"no page starts with {text!r}")


def _is_number_line(text: str) -> bool:
    t = text.strip()
    return t.isdigit() or bool(ROMAN.match(t))
