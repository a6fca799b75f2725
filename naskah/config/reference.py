"""The thesis.yaml reference, generated from the schema's field docs (README and `new` use it).

Run ``python -m naskah.config.reference`` to print it; a test keeps the README's copy current.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterator

from ..diagnostics import Report
from .loader import parse_config, unwrap
from .schema import LengthRange, Range, Thesis


def _type_name(hint: typing.Any) -> str:
    hint, _ = unwrap(hint)
    origin = typing.get_origin(hint)
    if origin is typing.Literal:
        return "text"
    if origin is list:
        return f"list of {_type_name(typing.get_args(hint)[0])}"
    if origin is dict:
        return "mapping"
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(hint) if a is not type(None))
    if dataclasses.is_dataclass(hint):
        return "section"
    return {str: "text", int: "number", float: "number", bool: "true/false"}.get(hint, str(hint))


def _choices(hint: typing.Any) -> str:
    """The choices or bounds the schema declares on a field, as a sentence ('' if none)."""
    hint, bound = unwrap(hint)
    if typing.get_origin(hint) is list:
        hint, bound = unwrap(typing.get_args(hint)[0])
    if typing.get_origin(hint) is typing.Literal:
        return f" One of: {', '.join(typing.get_args(hint))}."
    if isinstance(bound, Range):
        return f" From {bound.low:g} to {bound.high:g}."
    if isinstance(bound, LengthRange):
        return f" From {bound.low_cm:g}cm to {bound.high_cm:g}cm."
    return ""


def fields(cls: type = Thesis, prefix: str = "", defaults: typing.Any = None
           ) -> Iterator[tuple[str, str, str, str]]:
    """(dotted key, type, default, doc) for every field, depth first."""
    hints = typing.get_type_hints(cls, include_extras=True)
    instance = defaults if defaults is not None else cls()
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        key = f"{prefix}{f.name}"
        value = getattr(instance, f.name)
        doc = f.metadata.get("doc", "") + _choices(hint)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
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
