"""The generated front-matter pages and which of them a thesis has (FORMAT.md, in that order).

Both writers take their wording and their order from :func:`front_matter`, so the PDF and the
DOCX have the same pages with the same words. Texts come from ``naskah/data/pages.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import yaml

from .config.schema import Person
from .document import Document, TocEntry
from .sandbox import environment
from .templating import variables

CV_FILE = "riwayat-hidup"
FRONT_FILES = ("kata-pengantar", "abstrak", "abstract", "persembahan", CV_FILE)
"""front/*.md files with a page of their own (the rest are extra pages, titled by their file);
``riwayat-hidup`` is printed after the lampiran (IPB's RIWAYAT HIDUP, ITS's BIOGRAFI PENULIS)."""
DEFAULT_ORDER = ("statement", "approval", "dedication", "preface", "abstract_id", "abstract_en",
                 "contents", "tables", "figures", "abbreviations", "appendices")


@dataclass
class FrontPage:
    """One page before BAB I: ``key`` names it for the writers, ``label`` is its anchor."""

    key: str
    title: str
    label: str
    in_toc: bool = True


@dataclass
class FrontMatter:
    """Everything the writers print before BAB I, already worded."""

    kind: str
    purpose: str
    by: str
    statement: list[str]
    statement_fields: list[tuple[str, str]]
    approval: list[str]
    signature_place: str
    signer: str
    approved_by: str
    examined_by: str
    default_roles: dict[str, str] = field(default_factory=dict)
    pages: list[FrontPage] = field(default_factory=list)

    def role(self, person: Person, group: str) -> str:
        """The role printed above a signature ("" when it would repeat the grid's heading)."""
        role = person.role or self.default_roles.get(group, "")
        heading = self.approved_by if group == "supervisors" else self.examined_by
        same = " ".join(role.split()).casefold() == " ".join(heading.split()).rstrip(":").casefold()
        return "" if same else role

    def has(self, key: str) -> bool:
        return any(p.key == key for p in self.pages)

    def title(self, key: str) -> str:
        return next(p.title for p in self.pages if p.key == key)


def _texts() -> dict:
    return yaml.safe_load(resources.files("naskah.data").joinpath("pages.yaml").read_text("utf-8"))


def front_matter(doc: Document) -> FrontMatter:
    """The front matter of ``doc`` and, as a side effect, its entries at the top of the TOC."""
    cfg = doc.config
    titles = cfg.format.titles
    texts = _texts()
    env = environment()
    ctx = variables(cfg)
    ctx["full_title"] = f"{cfg.title}: {cfg.subtitle}" if cfg.subtitle else cfg.title

    def fill(s: str) -> str:
        return env.from_string(s).render(ctx).strip()

    fm = FrontMatter(
        kind=texts["kind_names"].get(cfg.kind, cfg.kind.upper()),
        purpose=fill(cfg.purpose or texts["purpose"]),
        by=texts["by"],
        statement=[fill(s) for s in texts["statement"]],
        statement_fields=list(zip([fill(s) for s in texts["statement_fields"]],
                                  [cfg.author, cfg.student_id, cfg.programme], strict=True)),
        approval=[fill(s) for s in texts["approval"]],
        signature_place=fill(texts["signature_place"]),
        signer=texts["signer"],
        approved_by=texts["approved_by"],
        examined_by=texts["examined_by"],
        default_roles=texts.get("default_roles", {}),
    )
    found: dict[str, FrontPage] = {
        "statement": FrontPage("statement", titles.statement, "page-statement")}
    if cfg.supervisors or cfg.examiners:  # a page only when it has content (FORMAT.md)
        found["approval"] = FrontPage("approval", titles.approval, "page-approval")
    for key, name, title in (("preface", "kata-pengantar", titles.preface),
                             ("abstract_id", "abstrak", titles.abstract_id),
                             ("abstract_en", "abstract", titles.abstract_en),
                             ("dedication", "persembahan", titles.dedication)):
        if name in doc.front:
            found[key] = FrontPage(key if key != "dedication" else f"extra:{name}", title,
                                   f"page-{key.replace('_', '-')}" if key != "dedication"
                                   else f"page-{name}")
    extras = [FrontPage(f"extra:{name}", part.title or name.replace("-", " ").upper(),
                        f"page-{name}")
              for name, part in doc.front.items() if name not in FRONT_FILES]
    found["contents"] = FrontPage("contents", titles.contents, "page-contents")
    if doc.tables:
        found["tables"] = FrontPage("tables", titles.tables, "page-tables")
    if doc.figures:
        found["figures"] = FrontPage("figures", titles.figures, "page-figures")
    if cfg.abbreviations:
        found["abbreviations"] = FrontPage("abbreviations", titles.abbreviations,
                                           "page-abbreviations")
    if doc.appendices:
        found["appendices"] = FrontPage("appendices", titles.appendices, "page-appendices")
    # The profile's order; pages it does not name keep the default's place, and front/*.md
    # pages of the thesis's own come just before the Daftar Isi.
    order = list(dict.fromkeys([*cfg.format.front_matter, *DEFAULT_ORDER]))
    pages = [FrontPage("title", titles.title_page, "page-title", in_toc=False)]
    for key in order:
        if key == "contents":
            pages += extras
        if key in found:
            pages.append(found[key])
    fm.pages = pages
    return fm


def toc_entries(doc: Document, fm: FrontMatter) -> list[TocEntry]:
    """The whole Daftar Isi: front pages, chapters and sections, Daftar Pustaka, lampiran."""
    titles = doc.config.format.titles
    front = [TocEntry("page", 0, "", p.title, p.label) for p in fm.pages if p.in_toc]
    body = [e for e in doc.toc if e.kind == "heading"]
    back = [TocEntry("page", 0, "", titles.bibliography, "page-bibliography")]
    appendix = [e for e in doc.toc if e.kind == "appendix"]
    cv = [TocEntry("page", 0, "", titles.cv, "page-cv")] if CV_FILE in doc.front else []
    return [*front, *body, *back, *appendix, *cv]
