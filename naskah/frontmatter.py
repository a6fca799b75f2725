"""The generated front-matter pages and which of them a thesis has (FORMAT.md, in that order).

Both writers take their wording and their order from :func:`front_matter`, so the PDF and the
DOCX have the same pages with the same words. Texts come from ``naskah/data/pages.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

import yaml

from .document import Document, TocEntry
from .sandbox import environment
from .templating import variables


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
    pages: list[FrontPage] = field(default_factory=list)

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
    )
    pages = [FrontPage("title", titles.title_page, "page-title", in_toc=False),
             FrontPage("statement", titles.statement, "page-statement")]
    if cfg.supervisors or cfg.examiners:  # a page only when it has content (FORMAT.md)
        pages.append(FrontPage("approval", titles.approval, "page-approval"))
    if "kata-pengantar" in doc.front:
        pages.append(FrontPage("preface", titles.preface, "page-preface"))
    if "abstrak" in doc.front:
        pages.append(FrontPage("abstract_id", titles.abstract_id, "page-abstract-id"))
    if "abstract" in doc.front:
        pages.append(FrontPage("abstract_en", titles.abstract_en, "page-abstract-en"))
    for name, part in doc.front.items():
        if name not in ("kata-pengantar", "abstrak", "abstract"):
            title = part.title or name.replace("-", " ").upper()
            pages.append(FrontPage(f"extra:{name}", title, f"page-{name}"))
    pages.append(FrontPage("contents", titles.contents, "page-contents"))
    if doc.tables:
        pages.append(FrontPage("tables", titles.tables, "page-tables"))
    if doc.figures:
        pages.append(FrontPage("figures", titles.figures, "page-figures"))
    if cfg.abbreviations:
        pages.append(FrontPage("abbreviations", titles.abbreviations, "page-abbreviations"))
    if doc.appendices:
        pages.append(FrontPage("appendices", titles.appendices, "page-appendices"))
    fm.pages = pages
    return fm


def toc_entries(doc: Document, fm: FrontMatter) -> list[TocEntry]:
    """The whole Daftar Isi: front pages, chapters and sections, Daftar Pustaka, lampiran."""
    titles = doc.config.format.titles
    front = [TocEntry("page", 0, "", p.title, p.label) for p in fm.pages if p.in_toc]
    body = [e for e in doc.toc if e.kind == "heading"]
    back = [TocEntry("page", 0, "", titles.bibliography, "page-bibliography")]
    appendix = [e for e in doc.toc if e.kind == "appendix"]
    return [*front, *body, *back, *appendix]
