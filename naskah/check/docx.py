"""Rules over a built DOCX (python-docx + lxml): page setup, margins and the body and footnote
styles, measured against the thesis's format profile.

Word resolves a paragraph's look through its style, the styles it is based on, the document
defaults and the theme fonts; the style rule follows the same chain, so a font set only in the
defaults (as Pandoc's reference documents do) counts as set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from ..config.schema import Format
from .pdf import PT_PER_MM, to_pt
from .rules import Checker, rules

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"w": W, "a": A}
EMU_PER_MM = 36000
MARGIN_SLACK_MM = 0.5
BODY_STYLES = ("Normal", "Body Text", "First Paragraph")
FOOTNOTE_STYLE = "Footnote Text"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


class Styles:
    """The styles part with Word's inheritance: style → basedOn … → document defaults."""

    def __init__(self, document: Any):
        self.root = document.styles.element
        # Word's built-in styles are stored lowercase ("footnote text"), others as shown.
        self.by_name = {s.find("w:name", NS).get(_w("val")).lower(): s
                        for s in self.root.findall("w:style", NS) if s.find("w:name", NS)
                        is not None}
        self.by_id = {s.get(_w("styleId")): s for s in self.root.findall("w:style", NS)}
        self.theme = _theme_fonts(document)

    def chain(self, name: str) -> list[Any]:
        style = self.by_name.get(name.lower())
        out: list[Any] = []
        while style is not None and style not in out:
            out.append(style)
            based = style.find("w:basedOn", NS)
            style = self.by_id.get(based.get(_w("val"))) if based is not None else None
        defaults = self.root.find("w:docDefaults", NS)
        if defaults is not None:
            out.append(defaults)
        return out

    def _first(self, name: str, path: str) -> Any:
        for el in self.chain(name):
            found = el.find(path, NS)
            if found is not None:
                return found
        return None

    def font(self, name: str) -> str | None:
        for el in self.chain(name):
            fonts = el.find(".//w:rPr/w:rFonts", NS)
            if fonts is None:
                continue
            if fonts.get(_w("ascii")):
                return fonts.get(_w("ascii"))
            theme = fonts.get(_w("asciiTheme"))
            if theme:
                return self.theme.get("major" if theme.startswith("major") else "minor")
        return None

    def size(self, name: str) -> float | None:
        sz = self._first(name, ".//w:rPr/w:sz")
        return int(sz.get(_w("val"))) / 2 if sz is not None else None

    def spacing(self, name: str, font_size: float) -> float | None:
        """Line spacing as a factor of single spacing (Word's measure, FORMAT.md)."""
        for el in self.chain(name):
            sp = el.find(".//w:pPr/w:spacing", NS)
            if sp is None or sp.get(_w("line")) is None:
                continue
            line = int(sp.get(_w("line")))
            if sp.get(_w("lineRule"), "auto") == "auto":
                return line / 240
            return (line / 20) / (1.15 * font_size)
        return 1.0


def _theme_fonts(document: Any) -> dict[str, str]:
    for part in document.part.package.iter_parts():
        if str(part.partname).startswith("/word/theme/"):
            root = etree.fromstring(part.blob)
            out = {}
            for kind in ("major", "minor"):
                latin = root.find(f".//a:{kind}Font/a:latin", NS)
                if latin is not None:
                    out[kind] = latin.get("typeface")
            return out
    return {}


def check_page_setup(document: Any, fmt: Format, checker: Checker, file: str) -> None:
    want = rules()["pdf-page-size"].data.get("papers", {}).get(fmt.paper.lower())
    margins = {side: to_pt(getattr(fmt.margins, side)) for side in
               ("top", "left", "bottom", "right")}
    for n, section in enumerate(document.sections, 1):
        width = (section.page_width or 0) / EMU_PER_MM
        height = (section.page_height or 0) / EMU_PER_MM
        if want and (abs(width - want[0]) > 1 or abs(height - want[1]) > 1):
            checker.emit("docx-page-setup", "size", file, section=n, width=round(width),
                         height=round(height), paper=fmt.paper.upper(), want_width=want[0],
                         want_height=want[1])
        for side, wanted in margins.items():
            value = getattr(section, f"{side}_margin")
            if wanted is None or value is None:
                continue
            mm = value / EMU_PER_MM
            if abs(mm - wanted / PT_PER_MM) > MARGIN_SLACK_MM:
                checker.emit("docx-margins", "margin", file, section=n, side=side,
                             found=f"{mm / 10:.2f} cm", wanted=getattr(fmt.margins, side))


def check_styles(document: Any, fmt: Format, checker: Checker, file: str) -> None:
    styles = Styles(document)
    wanted = [f.lower() for f in fmt.fonts]
    present = [s for s in BODY_STYLES if s.lower() in styles.by_name]
    if "normal" not in styles.by_name:
        checker.emit("docx-styles", "missing", file, style="Normal")
    for name in present:
        font = styles.font(name)
        if font is None or font.lower() not in wanted:
            checker.emit("docx-styles", "font", file, style=name, found=font or "Word's default",
                         wanted=", ".join(fmt.fonts))
        size = styles.size(name)
        if size is None or abs(size - fmt.font_size) > 0.25:
            checker.emit("docx-styles", "size", file, style=name,
                         found=f"{size:g}" if size else "Word's default",
                         wanted=f"{fmt.font_size:g}")
    for name in [s for s in present if s != "Normal"] or present:
        spacing = styles.spacing(name, fmt.font_size)
        if spacing is not None and abs(spacing - fmt.line_spacing) > 0.05:
            checker.emit("docx-styles", "spacing", file, style=name, found=f"{spacing:.2f}",
                         wanted=f"{fmt.line_spacing:g}")
    if FOOTNOTE_STYLE.lower() in styles.by_name:
        size = styles.size(FOOTNOTE_STYLE)
        if size is None or abs(size - fmt.footnote_size) > 0.25:
            checker.emit("docx-styles", "size", file, style=FOOTNOTE_STYLE,
                         found=f"{size:g}" if size else "Word's default",
                         wanted=f"{fmt.footnote_size:g}")


def check_docx(path: Path, shown: str, fmt: Format, checker: Checker) -> None:
    """Every DOCX rule that is not off, on the DOCX at ``path`` (``shown`` in diagnostics)."""
    if not checker.enabled("docx-page-setup", "docx-margins", "docx-styles"):
        return
    import docx

    if not path.is_file():
        checker.emit("unreadable-file", "missing", shown, what=shown)
        return
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - a damaged or foreign file fails in many ways
        checker.emit("unreadable-file", "unreadable", shown, what="the DOCX",
                     reason=f"{type(exc).__name__}: {exc}")
        return
    check_page_setup(document, fmt, checker, shown)
    check_styles(document, fmt, checker, shown)
