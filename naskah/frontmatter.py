"""The generated front-matter pages and which of them a thesis has (FORMAT.md, in that order).

Both writers take their wording and their order from :func:`front_matter`, so the PDF and the
DOCX have the same pages with the same words. Texts come from ``naskah/data/pages.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .config.schema import Format, Person, Thesis, Titles
from .document import Document, TocEntry
from .notes.dates import Date
from .notes.terms import format_date, load_terms
from .pandoc_ast import stringify
from .sandbox import environment
from .templating import variables

CV_FILE = "riwayat-hidup"
FRONT_FILES = ("kata-pengantar", "abstrak", "abstract", "persembahan", CV_FILE)
"""front/*.md files with a page of their own (the rest are extra pages, titled by their file);
``riwayat-hidup`` is printed after the lampiran (IPB's RIWAYAT HIDUP, ITS's BIOGRAFI PENULIS)."""
DEFAULT_ORDER = ("title", "statement", "approval", "dedication", "preface", "abstract_id",
                 "abstract_en", "contents", "tables", "figures", "abbreviations", "appendices")
GENERATED = ("title", "statement", "approval")
"""Pages naskah words itself; ``KEY_LANG`` in ``format.front_matter`` (``approval_en``) is the
same page in another language of ``pages.yaml``."""
TRANSLATED = ("title", "subtitle", "degree", "programme", "faculty", "university")
"""thesis.yaml fields with a ``_LANG`` twin (``title_en``) for the pages in that language."""
BASE_LANG = "id"


@dataclass
class FrontPage:
    """One page before BAB I: ``key`` names it for the writers, ``label`` is its anchor;
    ``page`` is the kind of page and ``lang`` its language (``approval_en``: approval, en)."""

    key: str
    title: str
    label: str
    in_toc: bool = True
    page: str = ""
    lang: str = BASE_LANG


@dataclass
class Wording:
    """The generated pages' words in one language, already filled in from thesis.yaml."""

    lang: str
    title: str
    subtitle: str
    kind: str
    purpose: str
    by: str
    institution: list[tuple[str, str]]
    """The title page's closing lines (programme … year) with the thesis.yaml key of each."""
    statement: list[str]
    statement_fields: list[tuple[str, str]]
    approval: list[str]
    signature_place: str
    signer: str
    approved_by: str
    examined_by: str
    default_roles: dict[str, str] = field(default_factory=dict)

    def role(self, person: Person, group: str) -> str:
        """The role printed above a signature ("" when it would repeat the grid's heading)."""
        role = person.role or self.default_roles.get(group, "")
        heading = self.approved_by if group == "supervisors" else self.examined_by
        same = " ".join(role.split()).casefold() == " ".join(heading.split()).rstrip(":").casefold()
        return "" if same else role

    def key(self, name: str) -> tuple[str, ...]:
        """The thesis.yaml keys a value of this language comes from, its own twin first."""
        return (f"{name}_{self.lang}", name) if self.lang != BASE_LANG else (name,)


@dataclass
class FrontMatter:
    """Everything the writers print before BAB I, already worded, in each language it uses."""

    words: dict[str, Wording]
    pages: list[FrontPage] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.words[BASE_LANG].kind


@cache
def _texts() -> dict:
    return yaml.safe_load(resources.files("naskah.data").joinpath("pages.yaml").read_text("utf-8"))


def languages() -> tuple[str, ...]:
    """The languages pages.yaml words the generated pages in (Indonesian first)."""
    return (BASE_LANG, *(_texts().get("translations") or {}))


def split_key(key: str) -> tuple[str, str]:
    """``approval_en`` → (approval, en); ``approval`` → (approval, id); other keys as they are."""
    base, _, lang = key.rpartition("_")
    if base in GENERATED and lang in languages():
        return base, lang
    return key, BASE_LANG


def wording(cfg: Thesis, lang: str) -> Wording:
    """The generated pages' words in ``lang``: pages.yaml's Indonesian texts with that
    language's section over them, filled in with thesis.yaml (its ``*_LANG`` fields first)."""
    texts = _texts()
    if lang != BASE_LANG:
        texts = {**texts, **texts["translations"][lang]}
    env = environment()
    ctx = variables(cfg)
    if lang != BASE_LANG:
        for name in TRANSLATED:
            ctx[name] = getattr(cfg, f"{name}_{lang}", "") or getattr(cfg, name)
        ctx["date"] = translated_date(cfg.date, lang)
    ctx["kind"] = texts.get("kind_words", {}).get(cfg.kind, cfg.kind)
    ctx["full_title"] = f"{ctx['title']}: {ctx['subtitle']}" if ctx["subtitle"] else ctx["title"]

    def fill(s: str) -> str:
        return env.from_string(s).render(ctx).strip()

    own_purpose = cfg.purpose if lang == BASE_LANG else ""
    return Wording(
        lang=lang, title=ctx["title"], subtitle=ctx["subtitle"],
        kind=texts["kind_names"].get(cfg.kind, cfg.kind.upper()),
        purpose=fill(own_purpose or texts["purpose"]),
        by=texts["by"],
        institution=[(str(ctx[k]), k) for k in ("programme", "faculty", "university", "city",
                                                 "year") if ctx[k]],
        statement=[fill(s) for s in texts["statement"]],
        statement_fields=list(zip([fill(s) for s in texts["statement_fields"]],
                                  [cfg.author, cfg.student_id, ctx["programme"]], strict=True)),
        approval=[fill(s) for s in texts["approval"]],
        signature_place=fill(texts["signature_place"]),
        signer=texts["signer"],
        approved_by=texts["approved_by"],
        examined_by=texts["examined_by"],
        default_roles=texts.get("default_roles", {}),
    )


def translated_date(text: str, lang: str) -> str:
    """thesis.yaml's ``date`` (``15 Juni 2026``) in ``lang``'s words and order (``June 15,
    2026``: the notes' terms files); a date in another form is kept as written."""
    match = re.fullmatch(r"\s*(\d{1,2})\s+(\w+)\s+(\d{4})\s*", text)
    months = [m.casefold() for m in load_terms(BASE_LANG)["months"]]
    if not match or match.group(2).casefold() not in months:
        return text
    date = Date(int(match.group(3)), months.index(match.group(2).casefold()) + 1,
                int(match.group(1)))
    return format_date(date, load_terms(lang))


def page_title(titles: Titles, page: str, lang: str) -> str:
    """A generated page's title in ``lang`` (``format.titles.approval_en``)."""
    name = "title_page" if page == "title" else page
    return getattr(titles, name if lang == BASE_LANG else f"{name}_{lang}")


def page_order(fmt: Format) -> list[str]:
    """Every front-matter key in the profile's order: the pages it does not name follow in the
    default's order, the Halaman Judul first unless placed."""
    order = list(dict.fromkeys([*fmt.front_matter, *DEFAULT_ORDER]))
    if "title" not in fmt.front_matter:
        order.remove("title")
        order.insert(0, "title")
    return order


def leading_title_pages(fmt: Format) -> int:
    """How many title pages (in each language) open the book, before any other page."""
    order = page_order(fmt)
    return next((i for i, key in enumerate(order) if split_key(key)[0] != "title"), len(order))


def front_matter(doc: Document) -> FrontMatter:
    """The front matter of ``doc`` and, as a side effect, its entries at the top of the TOC."""
    cfg = doc.config
    titles = cfg.format.titles
    order = page_order(cfg.format)
    found: dict[str, FrontPage] = {}
    langs: set[str] = {BASE_LANG}
    for key in order:
        page, lang = split_key(key)
        if page not in GENERATED or (page == "approval" and not (cfg.supervisors or
                                                                 cfg.examiners)):
            continue  # the approval page only when it has content (FORMAT.md)
        label = "page-" + key.replace("_", "-")
        found[key] = FrontPage(key, page_title(titles, page, lang), label,
                               in_toc=page != "title", page=page, lang=lang)
        langs.add(lang)
    for key, name, title in (("preface", "kata-pengantar", titles.preface),
                             ("abstract_id", "abstrak", titles.abstract_id),
                             ("abstract_en", "abstract", titles.abstract_en),
                             ("dedication", "persembahan", titles.dedication)):
        if name in doc.front:
            found[key] = FrontPage(key if key != "dedication" else f"extra:{name}", title,
                                   f"page-{key.replace('_', '-')}" if key != "dedication"
                                   else f"page-{name}", page=key)
    extras = [FrontPage(f"extra:{name}", part.title or name.replace("-", " ").upper(),
                        f"page-{name}", page="extra")
              for name, part in doc.front.items() if name not in FRONT_FILES]
    found["contents"] = FrontPage("contents", titles.contents, "page-contents", page="contents")
    for key, present in (("tables", doc.tables), ("figures", doc.figures),
                         ("abbreviations", cfg.abbreviations), ("appendices", doc.appendices)):
        if present:
            found[key] = FrontPage(key, getattr(titles, key), f"page-{key}", page=key)
    # front/*.md pages of the thesis's own come just before the Daftar Isi.
    pages: list[FrontPage] = []
    for key in order:
        if key == "contents":
            pages += extras
        if key in found:
            pages.append(found[key])
    return FrontMatter({lang: wording(cfg, lang) for lang in sorted(langs)}, pages)


def toc_entries(doc: Document, fm: FrontMatter) -> list[TocEntry]:
    """The whole Daftar Isi: front pages, chapters and sections, Daftar Pustaka, lampiran."""
    titles = doc.config.format.titles
    front = [TocEntry("page", 0, "", p.title, p.label) for p in fm.pages if p.in_toc]
    body = [e for e in doc.toc if e.kind == "heading"]
    back = [TocEntry("page", 0, "", titles.bibliography, "page-bibliography")]
    appendix = [e for e in doc.toc if e.kind == "appendix"]
    cv = [TocEntry("page", 0, "", titles.cv, "page-cv")] if CV_FILE in doc.front else []
    return [*front, *body, *back, *appendix, *cv]


CLOSING_CHARS = 60
"""A Kata Pengantar's closing lines (place and date, "Penulis", the name) are short."""


def closing_start(blocks: list[dict[str, Any]]) -> int | None:
    """Where the Kata Pengantar's closing starts: its last one to four short paragraphs."""
    start = len(blocks)
    while start > 0 and len(blocks) - start < 4 and blocks[start - 1]["t"] == "Para" and \
            len(stringify(blocks[start - 1])) <= CLOSING_CHARS:
        start -= 1
    return start if 0 < start < len(blocks) else None
