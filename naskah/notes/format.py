"""Formatting a source through its Jinja template into note/bibliography markup.

Templates (``naskah/templates/notes/``, overridable per thesis in ``templates/notes/``):

- ``{kind}.full.j2``, ``{kind}.short.j2``, ``{kind}.bib.j2`` for every kind of
  :data:`naskah.notes.bibtex.KINDS` (book, article, newspaper, incollection, report, thesis,
  online, legislation, interview, misc);
- ``ibid.j2``, ``op-cit.j2``, ``loc-cit.j2`` for the repeated forms.

Each renders without the closing period (the engine adds it). Variables: ``e`` (every decoded
field: ``e.title``, ``e.note``…), ``t`` (the terms), ``style``, ``language``, ``kind``,
``author``/``editor``/``names`` (names as this form prints them: natural in full notes, family
names in short notes, first inverted in the bibliography; ``names`` = authors, else editors),
``editor_natural``, ``translator``, ``ed`` (``ed.``/``eds.`` by number of editors), ``title``,
``short_title``, ``has_shorttitle``, ``journal``, ``booktitle``, ``site``, ``place``,
``publisher``, ``year`` (with ``t.tp.``/``t.p.``/``t.t.`` when missing; ``*_raw`` without),
``date`` (full), ``urldate``, ``url``, ``pages``, ``volume``, ``number``, ``edition``,
``thesis_type``, ``institution``, ``name`` (in ibid/op-cit/loc-cit: the author label) and
``pg(sep=", ", value=None)``, which prints the locator: ``sep`` + page in chicago and short,
``, hlm. 45`` in classic, ``, Pasal 5`` for a non-page locator, nothing when there is none.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..diagnostics import Report
from .bibtex import ITALIC_OFF, ITALIC_ON, Library, Name, Source, plain
from .cite import Cit, Locator, parse_locator
from .markup import normalize
from .terms import Terms, format_date, load_terms, ordinal

BOOKLIKE = {"book", "report", "misc", "online", "thesis"}
"""Kinds whose editors stand in for missing authors (``Nama, ed.``)."""


_ENVIRONMENTS: dict[str | None, SandboxedEnvironment] = {}


def _environment(override: str | None) -> SandboxedEnvironment:
    """One environment per override folder, kept across builds so templates compile once
    (Jinja re-reads a template whose file changed, which ``watch`` relies on)."""
    env = _ENVIRONMENTS.get(override)
    if env is None:
        loaders: list[Any] = [PackageLoader("naskah", "templates/notes")]
        if override is not None:
            loaders.insert(0, FileSystemLoader(override))
        env = SandboxedEnvironment(loader=ChoiceLoader(loaders), autoescape=True)
        env.filters["capfirst"] = lambda s: (s[:1].upper() + s[1:]) if s else s
        _ENVIRONMENTS[override] = env
    return env


class Formatter:
    """Renders sources; templates are compiled once and notes cached per (key, form, locator)."""

    def __init__(self, lib: Library, style: str = "chicago", language: str = "id",
                 project: Path | None = None, report: Report | None = None) -> None:
        self.lib = lib
        self.style = style
        self.language = language
        self.report = report or Report()
        override = project / "templates" / "notes" if project else None
        self._override = override
        self.terms: Terms = load_terms(language, override, self.report)
        folder = str(override) if override is not None and override.is_dir() else None
        self.env = _environment(folder)
        self._builtin = _environment(None)
        self._templates: dict[str, Template] = {}
        self._contexts: dict[tuple[str, str], dict[str, Any]] = {}
        self._notes: dict[tuple[Any, ...], str] = {}
        self._broken: set[str] = set()

    # -- public -------------------------------------------------------------------------

    def note(self, cit: Cit) -> str:
        """The markup of one citation in its decided form (no closing period, no affixes)."""
        key = (cit.key, cit.form, cit.locator, cit.show_locator)
        if key not in self._notes:
            src = self.lib[cit.key]
            loc = cit.locator if cit.show_locator else None
            if cit.form in ("ibid", "op-cit", "loc-cit"):
                ctx = {**self._base(src, "short"), "name": self.label(src)}
                out = self._render(f"{cit.form}.j2", ctx, loc)
            else:
                form = "full" if cit.form == "first" else "short"
                out = self._render(f"{src.kind}.{form}.j2", self._base(src, form), loc)
            self._notes[key] = normalize(out)
        return self._notes[key]

    def label(self, src: Source) -> Markup:
        """How the text names a source: family names, else its short title (quoted/italic)."""
        ctx = self._base(src, "short")
        if ctx["names"]:
            return Markup(escape(ctx["names"]))
        return Markup(normalize(self._render(f"{src.kind}.short.j2", ctx, None)))

    def bib(self, src: Source) -> str:
        """The Daftar Pustaka markup of a source (no closing period)."""
        return normalize(self._render(f"{src.kind}.bib.j2", self._base(src, "bib"), None))

    # -- rendering ----------------------------------------------------------------------

    def _render(self, name: str, ctx: dict[str, Any], loc: Locator | None) -> str:
        ctx = {**ctx, "pg": self._pg(loc)}
        try:
            return self._template(name).render(ctx)
        except Exception as exc:  # a thesis's own template may fail in any way
            tpl = self._templates.get(name)
            if tpl is None or not tpl.filename or self._override is None or \
                    Path(tpl.filename).parent != self._override:
                raise
            if name not in self._broken:
                self._broken.add(name)
                self.report.error(f"note template {name}: {exc}", f"templates/notes/{name}",
                                  rule="build")
            return self._builtin.get_template(name).render(ctx)

    def _template(self, name: str) -> Template:
        tpl = self._templates.get(name)
        if tpl is None:
            try:
                tpl = self.env.get_template(name)
            except (TemplateError, UnicodeDecodeError) as exc:
                line = getattr(exc, "lineno", None)
                self.report.error(f"note template: {getattr(exc, 'message', exc)}",
                                  f"templates/notes/{name}", line, rule="build")
                tpl = self._builtin.get_template(name)
            self._templates[name] = tpl
        return tpl

    def _pg(self, loc: Locator | None) -> Callable[..., str]:
        style, terms = self.style, self.terms

        def pg(sep: str = ", ", value: str | None = None) -> str:
            the = parse_locator(value) if value else loc
            if the is None:
                return ""
            if not the.page:
                return ", " + the.text
            if style == "classic":
                many = bool(re.search(r"[–,]", the.text))
                return f", {terms['pages' if many else 'page']} {the.text}"
            return sep + the.text

        return pg

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
        ctx: dict[str, Any] = {
            "e": {k: _markup(v) for k, v in f.items()},
            "t": t, "style": self.style, "language": self.language, "kind": src.kind,
            "key": src.key, "type": src.type,
            "author": self._names(src.authors, form),
            "editor": self._names(src.editors, form),
            "names": self._names(primary, form),
            "editor_natural": self._names(src.editors, "full"),
            "translator": self._names(src.translators, "full"),
            "ed": t["ed"] if len(src.editors) == 1 else t["eds"],
            "title": _markup(title),
            "short_title": _markup(f.get("shorttitle") or short_title(title)),
            "has_shorttitle": bool(f.get("shorttitle")),
            "journal": _markup(f.get("journaltitle", "")),
            "booktitle": _markup(f.get("booktitle", "")),
            "site": _markup(_site(f)),
            "place_raw": f.get("location", ""), "place": f.get("location") or t["no_place"],
            "publisher_raw": _publisher(src),
            "publisher": _publisher(src) or t["no_publisher"],
            "year_raw": str(src.date.year or src.date.literal or ""),
            "year": str(src.date.year or src.date.literal or t["no_date"]),
            "date": format_date(src.date, t), "urldate": format_date(src.urldate, t),
            "url": f.get("url", ""),
            "pages": re.sub(r"\s*-+\s*", "–", f.get("pages", "")),
            "volume": f.get("volume", ""), "number": f.get("number", ""),
            "edition": ordinal(f["edition"], t, self.language) if f.get("edition") else "",
            "thesis_type": raw_type or t["thesis"][thesis],
            "institution": _markup(f.get("institution", "") or f.get("publisher", "")),
        }
        self._contexts[(src.key, form)] = ctx
        return ctx

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


def short_title(title: str) -> str:
    """The title up to its first colon, cut to its first four words if longer."""
    head = title.split(":", 1)[0].strip()
    words = head.split()
    if len(words) > 4:
        head = " ".join(words[:4])
    head = head.rstrip(" ,;:–—-")
    opened = head.count(ITALIC_ON) - head.count(ITALIC_OFF)
    return head + ITALIC_OFF * max(0, opened)


def first_author_key(src: Source) -> str:
    """Who the classic op. cit. would name: the first author's (or editor's) family name."""
    names = src.authors or src.editors
    return plain(names[0].surname).casefold() if names else ""


def _markup(value: str) -> Markup:
    """A decoded field as template markup (escaped, its italics as ``<i>``)."""
    text = str(escape(value))
    if ITALIC_ON in text:
        text = text.replace(ITALIC_ON, "<i>").replace(ITALIC_OFF, "</i>")
    return Markup(text)


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
