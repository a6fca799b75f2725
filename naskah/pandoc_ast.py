"""Small helpers over Pandoc's JSON AST, kept as plain dicts and lists.

Every stage (notes, cross-references, writers) works on the same AST. Elements are dicts
``{"t": type, "c": content}``. naskah adds its own keys, which Pandoc's JSON reader ignores:

- ``"_line"`` on top-level blocks, ``"_pos": [line, col]`` on ``Note`` inlines and on each
  citation object inside ``Cite``: where the element is written in the part's source file.

One traversal for every stage, so none writes its own recursion (all are built on
:func:`tree`, which does not recurse either):

- :func:`walk` calls a visitor on every element (pre-order), not descending into the types
  given as ``skip`` (``walk(note, visit, skip={"Code", "Cite"})``);
- :func:`find` lists the elements of some types with the list holding each (to replace them
  in place), fast because words are never visited;
- :func:`elements` yields them lazily, for a search that stops at the first hit;
- :func:`tree` also yields the holding list and a context each element's ancestors gave;
- :func:`walk_context` hands each visit the context its ancestors gave (the note a citation
  is in, the line of its block);
- :func:`strings` yields every string inside (words, formulas, URLs, attribute values);
- :func:`map_inlines` / :func:`map_blocks_inlines` replace inlines by what a function returns.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Container, Iterator, Mapping
from typing import Any

Inline = dict[str, Any]
Block = dict[str, Any]

API_VERSION = [1, 23, 1, 1]


SHARED_SPACE: Inline = {"t": "Space"}
"""The one Space of every AST (:func:`loads`, :func:`Space`): a thesis has a Space after nearly
every word, a quarter of its AST's memory as dicts of their own. So nothing changes a Space in
place (a stage replaces it in its list instead)."""


def _share_space(obj: dict[str, Any]) -> dict[str, Any]:
    return SHARED_SPACE if len(obj) == 1 and obj.get("t") == "Space" else obj


def loads(data: str | bytes) -> Any:
    """Pandoc's JSON (or an AST naskah stored as JSON) as Python lists and dicts."""
    return json.loads(data, object_hook=_share_space)


def Str(text: str) -> Inline:  # noqa: N802 - named after the Pandoc constructor
    return {"t": "Str", "c": text}


def Space() -> Inline:  # noqa: N802
    return SHARED_SPACE


def Emph(inlines: list[Inline]) -> Inline:  # noqa: N802
    return {"t": "Emph", "c": inlines}


def Link(inlines: list[Inline], url: str, ident: str = "") -> Inline:  # noqa: N802
    return {"t": "Link", "c": [[ident, [], []], inlines, [url, ""]]}


def Para(inlines: list[Inline]) -> Block:  # noqa: N802
    return {"t": "Para", "c": inlines}


def Note(blocks: list[Block]) -> Inline:  # noqa: N802
    return {"t": "Note", "c": blocks}


def Span(inlines: list[Inline], ident: str = "", classes: list[str] | None = None,
         attrs: list[list[str]] | None = None) -> Inline:  # noqa: N802
    return {"t": "Span", "c": [[ident, classes or [], attrs or []], inlines]}


def RawBlock(fmt: str, text: str) -> Block:  # noqa: N802
    return {"t": "RawBlock", "c": [fmt, text]}


def RawInline(fmt: str, text: str) -> Inline:  # noqa: N802
    return {"t": "RawInline", "c": [fmt, text]}


def Div(blocks: list[Block], ident: str = "", classes: list[str] | None = None,
        attrs: list[list[str]] | None = None) -> Block:  # noqa: N802
    return {"t": "Div", "c": [[ident, classes or [], attrs or []], blocks]}


def text_inlines(text: str) -> list[Inline]:
    """Plain text as Str/Space inlines (Pandoc's own tokenisation)."""
    out: list[Inline] = []
    for i, word in enumerate(re.split(r"[ \t\n]+", text)):
        if i:
            out.append(Space())
        if word:
            out.append(Str(word))
    return [x for j, x in enumerate(out) if x.get("t") != "Space" or (0 < j < len(out) - 1)]


def document(blocks: list[Block], meta: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"pandoc-api-version": API_VERSION, "meta": meta or {}, "blocks": blocks}


LEAVES = frozenset({"Str", "Space", "SoftBreak", "LineBreak", "Code", "Math", "RawInline",
                    "RawBlock", "CodeBlock", "HorizontalRule"})
"""Elements with nothing inside; most of a thesis is words and spaces."""

Order = Mapping[str, tuple[int, ...]]
"""Element type → the indices of its content, in the order to visit them (others left out)."""

SOURCE_ORDER: Order = {"Table": (3, 4, 5, 1)}
"""The order of the Markdown source: a table's caption after its rows (Pandoc puts it first)."""

Enter = Callable[[dict[str, Any], list[Any], Any], Any]
"""``enter(element, holding list, context)``: the context for what is inside, None to skip it."""


def tree(value: Any, types: Container[str] | None = None, skip: Container[str] = (),
         enter: Enter | None = None, context: Any = None, order: Order | None = None,
         ) -> Iterator[tuple[dict[str, Any], list[Any], Any]]:
    """The one traversal: ``(element, holding list, context)`` for each element of ``types``
    (every element when None), pre-order, in document order, lazily (stop when found).

    Not recursive, so no thesis can use up Python's stack. Nothing is entered below an element
    of a ``skip`` type, nor below a leaf (nothing is there), nor where ``enter`` (called on
    each element of ``types`` after it is yielded) gives None; otherwise what is inside an
    element gets the context ``enter`` gave it. ``order`` visits the contents of some types in
    another order than Pandoc's (:data:`SOURCE_ORDER`).
    """
    top = value if type(value) is list else [value]
    stack: list[tuple[list[Any], Iterator[Any], Any]] = [(top, iter(top), context)]
    while stack:
        items, rest, ctx = stack[-1]
        for item in rest:
            if type(item) is list:
                stack.append((item, iter(item), ctx))
                break
            if type(item) is not dict:
                continue
            t = item.get("t")
            inner = ctx
            if t is not None and (types is None or t in types):
                yield item, items, ctx
                if enter is not None:
                    inner = enter(item, items, ctx)
                    if inner is None:
                        continue
            if t in LEAVES or t in skip:
                continue
            content = item.get("c")
            if type(content) is list:
                if order is not None and t is not None and t in order:
                    content = [content[i] for i in order[t]]
                stack.append((content, iter(content), inner))
                break
        else:
            stack.pop()


def elements(value: Any, types: Container[str] | None = None, skip: Container[str] = (),
             order: Order | None = None) -> Iterator[dict[str, Any]]:
    """The elements of ``types`` (all when None) at and below ``value``, pre-order, lazily: a
    search that stops at the first hit. Below a ``skip`` type nothing is visited; ``order``:
    the contents of some types in another order (:data:`SOURCE_ORDER`)."""
    for el, _, _ in tree(value, types, skip, order=order):
        yield el


def walk(value: Any, fn: Callable[[dict[str, Any]], None], skip: Container[str] = ()) -> None:
    """Call ``fn`` on every element at and below ``value``, pre-order; ``fn`` sees an element
    of a ``skip`` type but not what is inside it."""
    for el, _, _ in tree(value, skip=skip):
        fn(el)


def walk_context(value: Any, types: Container[str], enter: Enter, context: Any) -> None:
    """Call ``enter(element, holding list, context)`` on each element of ``types``, pre-order;
    what it returns is the context of the elements inside (None: do not go in). A visitor that
    must know what it is inside (a note, a line) gets it without a recursion of its own."""
    for _ in tree(value, types, enter=enter, context=context):
        pass


def strings(value: Any) -> Iterator[str]:
    """Every string in the elements at and below ``value``: words, formulas, URLs, attribute
    values (what a message may name), element by element in document order."""
    for el in elements(value):
        yield from _own_strings(el.get("c"))


def _own_strings(content: Any) -> Iterator[str]:
    """The strings of an element's content that are not inside an element of their own."""
    if isinstance(content, str):
        yield content
    elif isinstance(content, list):
        for item in content:
            if not isinstance(item, dict):
                yield from _own_strings(item)


def find(value: Any, types: Container[str]) -> list[tuple[dict[str, Any], list[Any]]]:
    """Every element of one of ``types`` with the list that holds it (to replace it in place),
    in document order. Fast for a few kinds of element: words are passed over, not visited."""
    return [(el, holder) for el, holder, _ in tree(value, types)]


def map_inlines(inlines: list[Inline], fn: Callable[[Inline], list[Inline] | None]
                ) -> list[Inline]:
    """Replace each inline by ``fn(inline)`` (None keeps it); recurses into containers first."""
    out: list[Inline] = []
    for el in inlines:
        _map_children(el, fn)
        new = fn(el)
        out.extend([el] if new is None else new)
    return out


def map_blocks_inlines(blocks: list[Block], fn: Callable[[Inline], list[Inline] | None]) -> None:
    """Apply :func:`map_inlines` to every inline list inside ``blocks``, in place."""
    for block in blocks:
        _map_children(block, fn)


def _map_children(el: Any, fn: Callable[[Inline], list[Inline] | None]) -> None:
    if not isinstance(el, dict) or "c" not in el:
        return
    _map_any(el["c"], fn)


def _map_any(value: Any, fn: Callable[[Inline], list[Inline] | None]) -> None:
    if isinstance(value, list):
        if value and all(isinstance(v, dict) and "t" in v for v in value) and _is_inline(value[0]):
            value[:] = map_inlines(value, fn)
            return
        for item in value:
            if isinstance(item, dict) and "t" in item:
                _map_children(item, fn)
            elif isinstance(item, list | dict):
                _map_any(item, fn)
    elif isinstance(value, dict):
        if "t" in value:
            _map_children(value, fn)
        else:
            for v in value.values():
                _map_any(v, fn)


INLINE_TYPES = {
    "Str", "Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps",
    "Quoted", "Cite", "Code", "Space", "SoftBreak", "LineBreak", "Math", "RawInline", "Link",
    "Image", "Note", "Span",
}


BLOCK_TYPES = {
    "Plain", "Para", "LineBlock", "CodeBlock", "RawBlock", "BlockQuote", "OrderedList",
    "BulletList", "DefinitionList", "Header", "HorizontalRule", "Table", "Figure", "Div",
}

NESTING = frozenset(INLINE_TYPES | BLOCK_TYPES) - {"Str", "Space", "SoftBreak", "LineBreak"}
"""The elements whose content is a list (of elements, or attributes and text)."""


def _is_inline(el: dict[str, Any]) -> bool:
    return el.get("t") in INLINE_TYPES


def stringify(el: Any, quotes: tuple[str, str, str, str] = ("“", "”", "‘", "’")) -> str:
    """Plain text of an element or list, as printed (curly quotes; notes left out)."""
    parts: list[str] = []

    def go(x: Any) -> None:
        if isinstance(x, list):
            for i in x:
                go(i)
            return
        if not isinstance(x, dict):
            return
        t = x.get("t")
        c: Any = x.get("c")
        if t == "Str":
            parts.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif t in ("Code", "Math"):
            parts.append(c[1])
        elif t == "Note":
            return
        elif t == "Quoted":
            double = c[0]["t"] == "DoubleQuote"
            o, e = (quotes[0], quotes[1]) if double else (quotes[2], quotes[3])
            parts.append(o)
            go(c[1])
            parts.append(e)
        elif t == "Cite":
            go(c[1])
        elif t in ("Link", "Image"):
            go(c[1])
        elif t == "Span" or t == "Div":
            go(c[1])
        elif t in ("Para", "Plain", "Header"):
            go(c[-1] if t == "Header" else c)
            if t != "Header":
                parts.append("\n")
        elif t == "RawInline" or t == "RawBlock":
            return
        elif isinstance(c, list):
            go(c)

    go(el)
    return re.sub(r"[ \t]+", " ", "".join(parts)).strip()
