"""The one pagination decision the DOCX takes from the PDF: which paragraphs' last lines stand
alone at the head of a page.

Typst sets a paragraph's last line alone there when the note it carries cannot begin under it:
the line goes over with its note. Word and LibreOffice would take the line before it too
(widow control), and from there on every page of the chapter would break a line earlier than
the PDF's. So such a paragraph has widow control off in the DOCX, and the word processor does
as Typst did.

The PDF says which paragraphs (:func:`.pdf_pages.page_heads`): a page whose first line is the
end of a paragraph, and whose second line is the start of the next one. A line is known by its
letters only, so a short line could match many paragraphs; a page's line is matched only with
the paragraphs that can be on that page (between the labels the PDF places on pages before
and after it: headings, figures, tables), and only when exactly one matches.
"""

from __future__ import annotations

from typing import Any

from .docx_reference import W, paragraph_property
from .pdf_pages import letters


def mark_lone_last_lines(body: Any, heads: dict[int, tuple[str, str]],
                         label_pages: dict[str, int]) -> None:
    """Widow control off on each body paragraph whose last line heads a page of the PDF.

    ``heads``: page (from 0) → the letters of its first two lines; ``label_pages``: bookmark
    name → the page the PDF prints that label on.
    """
    if not heads:
        return
    last_page = max(heads)
    paragraphs: list[tuple[Any, int, int]] = []  # (paragraph, lowest page, highest page)
    low = 0
    pending: list[int] = []  # paragraphs whose next label is still ahead
    for child in body:
        pages = [label_pages[b.get(f"{W}name")] for b in child.iter(f"{W}bookmarkStart")
                 if b.get(f"{W}name") in label_pages]
        if pages:
            low = max(low, *pages)
            for i in pending:  # the paragraphs since the last label end before this one
                p, lo, _ = paragraphs[i]
                paragraphs[i] = (p, lo, min(pages))
            pending = []
        if child.tag == f"{W}p":
            pending.append(len(paragraphs))
            paragraphs.append((child, low, last_page))
    texts = [letters("".join(t.text or "" for t in p.iter(f"{W}t"))) for p, _, _ in paragraphs]
    found: dict[int, list[Any]] = {}
    for (p, lo, hi), own, after in zip(paragraphs, texts, texts[1:], strict=False):
        for page in range(lo, hi + 1):
            first, second = heads.get(page, ("", ""))
            if first and len(own) > len(first) and own.endswith(first) \
                    and after.startswith(second):
                found.setdefault(page, []).append(p)
    for matches in found.values():
        if len(matches) == 1:
            paragraph_property(matches[0], "widowControl").set(f"{W}val", "0")
