"""The thesis.yaml reference, generated from the schema's field docs (README and `new` use it).

Run ``python -m naskah.config.reference`` to print it; a test keeps the README's copy current.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator

from ..diagnostics import Report
from .loader import ENUMS, parse_config
from .schema import Thesis


def _type_name(hint: typing.Any) -> str:
    origin = typing.get_origin(hint)
    if origin is list:
        return f"list of {_type_name(typing.get_args(hint)[0])}"
    if origin is dict:
        return "mapping"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(hint) if a is not type(None))
    if dataclasses.is_dataclass(hint):
        return "section"
    return {str: "text", int: "number", float: "number", bool: "true/false"}.get(hint, str(hint))


def fields(cls: type = Thesis, prefix: str = "", defaults: typing.Any = None
           ) -> Iterator[tuple[str, str, str, str]]:
    """(dotted key, type, default, doc) for every field, depth first."""
    hints = typing.get_type_hints(cls)
    instance = defaults if defaults is not None else cls()
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        key = f"{prefix}{f.name}"
        value = getattr(instance, f.name)
        doc = f.metadata.get("doc", "")
        allowed = ENUMS.get((cls.__name__, f.name))
        if allowed:
            doc += f" One of: {', '.join(allowed)}."
        if dataclasses.is_dataclass(hint):
            yield key, "section", "", doc
            yield from fields(hint, key + ".", value)
        else:
            shown = "" if value in ("", None, [], {}) else repr(value).replace("'", "")
            if isinstance(value, bool):
                shown = str(value).lower()
            if len(shown) > 40:
                shown = shown[:37] + "…"
            yield key, _type_name(hint), shown, doc


def markdown() -> str:
    """The reference as a Markdown table, with the built-in profile's values as defaults."""
    thesis = parse_config("title: x\nauthor: y\n", Report())
    rows = ["| key | type | default | meaning |", "|---|---|---|---|"]
    for key, kind, default, doc in fields(Thesis, "", thesis):
        if key in ("title", "author"):
            default = "(required)"
        rows.append(f"| `{key}` | {kind} | {default.replace('|', '/')} | {doc.replace('|', '/')} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
