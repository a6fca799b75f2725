"""Capitalising the first letter of a note whose first words come from the writer's text."""

from __future__ import annotations

from ..pandoc_ast import Inline

_OPEN = "“‘\"'([¿¡"


def capfirst(inlines: list[Inline]) -> list[Inline]:
    """Capitalise the first letter of the first word (after opening quotes), in place."""
    for el in inlines:
        if el["t"] == "Str":
            text = el["c"]
            i = 0
            while i < len(text) and text[i] in _OPEN:
                i += 1
            if i < len(text):
                el["c"] = text[:i] + text[i].upper() + text[i + 1:]
            return inlines
        if el["t"] == "Emph":
            capfirst(el["c"])
            return inlines
        if el["t"] != "Space":
            return inlines
    return inlines
