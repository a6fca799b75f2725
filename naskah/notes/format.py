"""Formatting a source through its Jinja template into a note or Daftar Pustaka entry.

Templates (``naskah/templates/notes/``, overridable per thesis in ``templates/notes/``):

- ``{kind}.full.j2``, ``{kind}.short.j2``, ``{kind}.bib.j2`` for every kind of
  :data:`naskah.notes.bibtex.KINDS` (book, article, newspaper, incollection, report, thesis,
  online, legislation, interview, misc);
- ``ibid.j2``, ``op-cit.j2``, ``loc-cit.j2`` for the repeated forms.

A template builds the note from parts with the functions of :mod:`naskah.notes.parts`
(``join``, ``words``, ``sentence``, ``labeled``, ``italic``, ``quote``, ``paren``, ``cap``,
``lead``, ``link``); a missing field is an empty part and vanishes with its punctuation. No
closing period: the engine adds it. Variables (all parts; empty when missing): ``e`` (every
decoded field: ``e.title``, ``e.note``…), ``t`` (the terms, plain words), ``style``,
``language``, ``kind``, ``author``/``editor``/``names`` (names as this form prints them:
natural in full notes, family names in short notes, first inverted in the bibliography;
``names`` = authors, else editors), ``editor_natural``, ``translator``, ``ed``
(``ed.``/``eds.``), ``title``, ``short_title``, ``has_shorttitle``, ``journal``, ``booktitle``,
``site``, ``place``, ``publisher``, ``year`` (with ``t.tp.``/``t.p.``/``t.t.`` when missing;
``*_raw`` without), ``date``, ``urldate``, ``url`` and ``doi`` (links; ``link`` = the DOI as
``https://doi.org/…``, else the URL), ``pages``, ``volume``, ``number``, ``edition``,
``thesis_type``, ``institution``, ``name`` (in ibid/op-cit/loc-cit: the author label), and the
locator ``page`` (``45``; in classic ``hlm. 45`` and other locators such as ``Pasal 5`` with
``, `` before them whatever the joiner) and ``pages_page`` (the article's pages as a locator).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, PackageLoader, Template, TemplateError

from ..diagnostics import Report
from ..sandbox import LimitedEnvironment, ProjectLoader, environment, template_line
from .bibtex import Library, Name, Source, plain
from .cite import Cit, Locator, parse_locator
from .parts import EMPTY, FUNCTIONS, Collect, LinkPart, Part, Runs, Text, lead, render
from .shorttitle import ShortTitles
from .terms import Terms, format_date, load_terms, ordinal

BOOKLIKE = {"book", "report", "misc", "online", "thesis"}
"""Kinds whose editors stand in for missing authors (``Nama, ed.``)."""


Environments = dict[str | None, LimitedEnvironment]
"""Jinja environments by override folder (None: the built-in templates only). A caller that
builds again (``watch``, through :class:`~naskah.cache.BuildCache`) keeps one, so templates
compile once; Jinja re-reads a template whose file changed."""


def _environment(override: str | None, environments: Environments) -> LimitedEnvironment:
    env = environments.get(override)
    if env is None:
        loaders: list[Any] = [PackageLoader("naskah", "templates/notes")]
        if override is not None:
            loaders.insert(0, ProjectLoader(Path(override).parents[1], "templates/notes"))
        env = environment(loader=ChoiceLoader(loaders), autoescape=True)
        env.globals.update(FUNCTIONS)
        environments[override] = env
    return env


class Formatter:
    """Renders sources; templates are compiled once and notes cached per (key, form, locator)."""

    def __init__(self, lib: Library, style: str = "chicago", language: str = "id",
                 project: Path | None = None, report: Report | None = None,
                 environments: Environments | None = None) -> None:
        self.lib = lib
        self.style = style
        self.language = language
        self.report = report or Report()
        override = project / "templates" / "notes" if project else None
        self._override = override
        self.terms: Terms = load_terms(language, override, self.report)
        folder = str(override) if override is not None and override.is_dir() else None
        environments = {} if environments is None else environments
        self.env = _environment(folder, environments)
        self._builtin = _environment(None, environments)
        self._templates: dict[str, Template] = {}
        self._contexts: dict[tuple[str, str], dict[str, Any]] = {}
        self._notes: dict[tuple[Any, ...], Runs] = {}
        self._broken: set[str] = set()
        self.short_titles = ShortTitles(lib, self._label_key)

    # -- public -------------------------------------------------------------------------

    def note(self, cit: Cit) -> Runs:
        """One citation in its decided form (no closing period, no affixes); a fresh copy."""
        key = (cit.key, cit.form, cit.locator, cit.show_locator)
        if key not in self._notes:
            src = self.lib[cit.key]
            loc = cit.locator if cit.show_locator else None
            if cit.form in ("ibid", "op-cit", "loc-cit"):
                ctx = {**self._base(src, "short"), "name": self.label_part(src)}
                tree = self._render(f"{cit.form}.j2", ctx, loc)
            else:
                form = "full" if cit.form == "first" else "short"
                tree = self._render(f"{src.kind}.{form}.j2", self._base(src, form), loc)
            self._notes[key] = render(tree)
        return self._notes[key].copy()

    def label(self, src: Source) -> Runs:
        """How the text names a source: family names, else its short title (quoted/italic)."""
        return render(self.label_part(src))

    def label_part(self, src: Source) -> Part:
        ctx = self._base(src, "short")
        if ctx["names"]:
            return ctx["names"]  # type: ignore[no-any-return]
        return self._render(f"{src.kind}.short.j2", ctx, None)

    def bib(self, src: Source, repeated: bool = False) -> Runs:
        """The Daftar Pustaka entry of a source (no closing period); ``repeated``: its names
        are those of the entry above, printed as the 3-em dash (CMOS 14.67)."""
        ctx = self._base(src, "bib")
        if repeated:
            dash = Text("———")
            ctx = {**ctx, "author": dash if ctx["author"] else ctx["author"],
                   "editor": dash if ctx["editor"] else ctx["editor"],
                   "names": dash if ctx["names"] else ctx["names"]}
        return render(self._render(f"{src.kind}.bib.j2", ctx, None))

    # -- rendering ----------------------------------------------------------------------

    def _render(self, name: str, ctx: dict[str, Any], loc: Locator | None) -> Part:
        ctx = {**ctx, **self._locators(loc, ctx)}
        with Collect() as parts:
            try:
                return parts.tree(self._template(name).render(ctx))
            except Exception as exc:  # a thesis's own template may fail in any way
                tpl = self._templates.get(name)
                if tpl is None or not tpl.filename or self._override is None or \
                        Path(tpl.filename).parent != self._override:
                    raise
                if name not in self._broken:
                    self._broken.add(name)
                    self.report.warning(f"note template {name}: {exc}; the built-in one is "
                                        "used", f"templates/notes/{name}", template_line(exc),
                                        rule="build")
                return parts.tree(self._builtin.get_template(name).render(ctx))

    def _template(self, name: str) -> Template:
        tpl = self._templates.get(name)
        if tpl is None:
            try:
                tpl = self.env.get_template(name)
            except (TemplateError, UnicodeDecodeError) as exc:
                line = getattr(exc, "lineno", None)
                self.report.warning(f"note template: {getattr(exc, 'message', exc)}; the "
                                    "built-in one is used", f"templates/notes/{name}", line,
                                    rule="build")
                tpl = self._builtin.get_template(name)
            self._templates[name] = tpl
        return tpl

    def _locators(self, loc: Locator | None, ctx: dict[str, Any]) -> dict[str, Part]:
        """``page`` (the citation's locator) and ``pages_page`` (an article's own pages)."""
        pages = ctx.get("pages_text", "")

        def pg(sep: str = ", ", value: str | None = None) -> Part:
            """The locator with ``sep`` before it (the templates of naskah 0.1 call this)."""
            the = self._locator(parse_locator(value) if value else loc)
            return lead(sep, the) if the and the.lead is None else the

        return {"page": self._locator(loc), "pg": pg,  # type: ignore[dict-item]
                "pages_page": self._locator(Locator(pages, True) if pages else None)}

    def _locator(self, loc: Locator | None) -> Part:
        if loc is None:
            return EMPTY
        if not loc.page:
            return lead(", ", loc.text)
        if self.style == "classic":
            many = bool(re.search(r"[–,]", loc.text))
            return lead(", ", f"{self.terms['pages' if many else 'page']} {loc.text}")
        return Text(loc.text)

    # -- the variables of a source ------------------------------------------------------

    def _base(self, src: Source, form: str) -> dict[str, Any]:
        cached = self._contexts.get((src.key, form))
        if cached is not None:
            return cached
        t = self.terms
        f = src.fields
        primary = src.authors or (src.editors if src.kind in BOOKLIKE else [])
        thesis = {"phdthesis": "doctor", "mastersthesis": "master"}.get(src.type, "bachelor")
        raw_type = f.get("type", "")
        mapped = {"phdthesis": "doctor", "phd": "doctor", "mathesis": "master",
                  "mastersthesis": "master", "masters": "master", "bathesis": "bachelor"}
        if raw_type.lower() in mapped:
            thesis, raw_type = mapped[raw_type.lower()], ""
        title = f.get("title", "")
        doi = _doi(f.get("doi", ""))
        pages = re.sub(r"\s*[-–—]+\s*", "–", f.get("pages", ""))
        year = str(src.date.year or "")
        ctx: dict[str, Any] = {
            "e": _Fields(f),
            "t": t, "style": self.style, "language": self.language, "kind": src.kind,
            "key": src.key, "type": src.type,
            "author": Text(self._names(src.authors, form)),
            "editor": Text(self._names(src.editors, form)),
            "names": Text(self._names(primary, form)),
            "editor_natural": Text(self._names(src.editors, "full")),
            "translator": Text(self._names(src.translators, "full")),
            "ed": Text(t["ed"] if len(src.editors) == 1 else t["eds"]),
            "title": Text(title),
            "short_title": Text(self.short_titles.get(src)),
            "has_shorttitle": bool(f.get("shorttitle")),
            "journal": Text(f.get("journaltitle", "")),
            "booktitle": Text(f.get("booktitle", "")),
            "site": Text(_site(f)),
            "place_raw": Text(f.get("location", "")),
            "place": Text(f.get("location") or t["no_place"]),
            "publisher_raw": Text(_publisher(src)),
            "publisher": Text(_publisher(src) or t["no_publisher"]),
            "year_raw": Text(year), "year": Text(year or t["no_date"]),
            "date": Text(format_date(src.date, t)), "urldate": Text(format_date(src.urldate, t)),
            "url": LinkPart(f.get("url", "")),
            "doi": LinkPart(doi),
            "link": LinkPart(doi or f.get("url", "")),
            "pages": Text(pages), "pages_text": pages,
            "volume": Text(f.get("volume", "")), "number": Text(f.get("number", "")),
            "edition": Text(ordinal(f["edition"], t, self.language) if f.get("edition") else ""),
            "thesis_type": Text(raw_type or t["thesis"][thesis]),
            "institution": Text(f.get("institution", "") or f.get("publisher", "")),
        }
        # Kept for the short form only, which a source is cited in again and again; the full
        # note and the Daftar Pustaka entry are written about once per source (keeping all
        # three held 20 MB more on a 2,400-source library, for no speed).
        if form == "short":
            self._contexts[(src.key, form)] = ctx
        return ctx

    def _label_key(self, src: Source) -> str:
        """Whose works a short title must tell apart: the short-note names."""
        primary = src.authors or (src.editors if src.kind in BOOKLIKE else [])
        return self._names(primary, "short")

    def _names(self, names: list[Name], form: str) -> str:
        """A name list as a form prints it (NOTES.md: two ``A dan B``, four+ ``A dkk.``)."""
        if not names:
            return ""
        t = self.terms
        others = names[-1].others
        names = [n for n in names if not n.others]
        if not names:
            return ""
        if form == "bib":
            shown = names if len(names) <= 10 else names[:7]
            parts = [shown[0].inverted()] + [n.natural() for n in shown[1:]]
            if len(names) > 10 or others:
                return ", ".join(parts) + ", " + t["et_al"]
            if len(parts) == 1:
                return parts[0]
            return ", ".join(parts[:-1]) + f", {t['and_word']} " + parts[-1]
        parts = [n.natural() if form == "full" else n.surname for n in names]
        if others:
            return f"{parts[0]} {t['et_al']}"
        if len(parts) == 1:
            return parts[0]
        if len(parts) == 2:
            return f"{parts[0]} {t['and_word']} {parts[1]}"
        if len(parts) == 3:
            return f"{parts[0]}, {parts[1]}, {t['and_word']} {parts[2]}"
        return f"{parts[0]} {t['et_al']}"


class _Fields(dict[str, str]):
    """``e``: every decoded field, each a part when a template reads it (not before)."""

    def __getitem__(self, key: str) -> Text:
        return Text(dict.__getitem__(self, key))

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return self[key] if key in self else default


def first_author_key(src: Source) -> str:
    """Who the classic op. cit. would name: the first author's (or editor's) family name."""
    names = src.authors or src.editors
    return plain(names[0].surname).casefold() if names else ""


def _doi(value: str) -> str:
    """A DOI as the link CMOS 14.175 prefers: ``https://doi.org/10.…``."""
    m = re.search(r"10\.\d{4,9}/\S+", value)
    return f"https://doi.org/{m.group()}" if m else ""


def _site(f: dict[str, str]) -> str:
    for name in ("organization", "publisher", "howpublished", "journaltitle", "booktitle"):
        if f.get(name):
            return f[name]
    return ""


def _publisher(src: Source) -> str:
    f = src.fields
    if src.kind == "report":
        return f.get("institution") or f.get("publisher") or f.get("organization", "")
    return f.get("publisher") or f.get("organization", "")
