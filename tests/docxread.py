"""Reading a DOCX package in tests: its XML parts, styles, sections and header/footer texts."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS = {"w": W_NS}


def text(el: Any) -> str:
    """Visible text of an element, whitespace collapsed (fields' instructions left out)."""
    return " ".join("".join(t.text or "" for t in el.iter(f"{W}t")).split())


class Docx:
    """The parts of one DOCX, parsed once."""

    def __init__(self, path: Path | bytes):
        source = path if isinstance(path, Path) else __import__("io").BytesIO(path)
        with zipfile.ZipFile(source) as z:
            self.files = {n: z.read(n) for n in z.namelist()}
        self.document = self.xml("word/document.xml")
        self.body = self.document.find(f"{W}body")
        self.styles = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")
        rels = self.xml("word/_rels/document.xml.rels")
        self.targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}

    def xml(self, name: str) -> Any:
        return etree.fromstring(self.files[name])

    def style(self, ident: str) -> Any:
        found = self.styles.find(f"{W}style[@{W}styleId='{ident}']")
        assert found is not None, f"no style {ident}"
        return found

    def prop(self, ident: str, path: str, attr: str = "val") -> str | None:
        """An attribute of a style's property, following basedOn (``pPr/w:spacing``, ``line``)."""
        style = self.style(ident)
        while style is not None:
            el = style.find(path.replace("w:", W))
            if el is not None and el.get(f"{W}{attr}") is not None:
                return el.get(f"{W}{attr}")
            based = style.find(f"{W}basedOn")
            style = self.style(based.get(f"{W}val")) if based is not None else None
        return None

    @property
    def sections(self) -> list[Any]:
        return list(self.body.iter(f"{W}sectPr"))

    def part_text(self, sect: Any, kind: str, which: str) -> tuple[str, str | None, bool]:
        """(text, alignment, has a PAGE field) of a section's header or footer of one type."""
        ref = sect.find(f"{W}{kind}Reference[@{W}type='{which}']")
        assert ref is not None, f"no {which} {kind}"
        root = self.xml(self.targets[ref.get(f"{R}id")])
        jc = root.find(f".//{W}jc")
        instr = " ".join(i.text or "" for i in root.iter(f"{W}instrText"))
        return text(root), jc.get(f"{W}val") if jc is not None else None, "PAGE" in instr

    def footnotes(self) -> list[Any]:
        root = self.xml("word/footnotes.xml")
        return [n for n in root.iter(f"{W}footnote") if n.get(f"{W}type") is None]

    def instructions(self) -> list[str]:
        return [" ".join((i.text or "").split()) for i in self.body.iter(f"{W}instrText")]
