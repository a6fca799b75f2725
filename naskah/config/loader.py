"""Load ``thesis.yaml`` into :class:`~naskah.config.schema.Thesis`, collecting every problem.

The YAML is composed into nodes (which know their line) rather than loaded into plain dicts, so
each type error, missing field and unknown key is reported as ``thesis.yaml:LINE``. The
``format:`` section is merged over the built-in profile before it is checked.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml

from ..diagnostics import Report
from ..fsutil import read_text
from ..sandbox import Refused, YamlRefused, compose_yaml, output_stem, read_bytes
from . import profiles, schema

CONFIG_NAME = "thesis.yaml"
REQUIRED = ("title", "author")
LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(cm|mm|in|pt)$")
CM_PER_UNIT = {"cm": 1.0, "mm": 0.1, "in": 2.54, "pt": 2.54 / 72}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Characters no DOCX (XML 1.0) may hold; in a YAML string only escapes can write them."""


@cache
def paper_names() -> frozenset[str]:
    """The paper names Typst knows (a data file)."""
    text = resources.files("naskah.data").joinpath("papers.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def load_profile(name: str = "default") -> dict[str, Any]:
    """The ``format:`` of a built-in profile, as plain data (without the default under it)."""
    return dict(profiles.builtin(name).data.get("format") or {})


def load_config(project: Path, report: Report) -> schema.Thesis | None:
    """Read PROJECT/thesis.yaml; problems go to ``report``. None when it cannot be used."""
    path = project / CONFIG_NAME
    if not path.exists():
        report.error(f"no {CONFIG_NAME} in this folder (is --project right?)", CONFIG_NAME,
                     rule="config")
        return None
    text = read_text(path, CONFIG_NAME, report)
    if text is None:
        return None
    return parse_config(text, report, project=project)


def parse_config(text: str, report: Report, file: str = CONFIG_NAME,
                 project: Path | None = None) -> schema.Thesis | None:
    """Parse the text of a thesis.yaml (``project``: where a profile file of its own is)."""
    try:
        node = compose_yaml(text)
    except YamlRefused as exc:
        report.error(f"refused: {exc}", file, exc.line, exc.column, rule="config")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        report.error(f"malformed YAML: {problem}", file,
                     mark.line + 1 if mark else None, mark.column + 1 if mark else None,
                     rule="config")
        return None
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, yaml.MappingNode):
        report.error("thesis.yaml must be a mapping of keys to values", file,
                     node.start_mark.line + 1, rule="config")
        return None
    # format and citations start from the default profile, then the chosen profile; the
    # student's keys override single knobs.
    converter = _Converter(report, file)
    defaults = _profile_defaults(node, converter, report, file, project)
    thesis = converter.convert(schema.Thesis, node, "", profile_defaults=defaults)
    given = {str(k.value) for k, _ in node.value}
    for key in REQUIRED:
        if not getattr(thesis, key) and key not in given:  # a wrong value was reported already
            report.error(f"'{key}' is required", file, 1, rule="config")
        elif not getattr(thesis, key) and key in given and key not in converter.refused:
            report.error(f"'{key}' must not be empty", file, _line_of(node, key), rule="config")
    return thesis


def _profile_defaults(node: yaml.MappingNode, converter: _Converter, report: Report, file: str,
                      project: Path | None) -> dict[str, Any]:
    """``format`` and ``citations`` of the default profile with the chosen profile over them."""
    base = profiles.builtin("default").data
    values = {"format": converter.from_plain(schema.Format, base["format"]),
              "citations": converter.from_plain(schema.Citations, base.get("citations") or {})}
    given = next((v for k, v in node.value if k.value == "profile"), None)
    if not isinstance(given, yaml.ScalarNode) or not given.value or given.value == "default":
        return values  # a wrong type is reported by the converter
    where = {"file": file, "line": given.start_mark.line + 1,
             "column": given.start_mark.column + 1}
    name = str(given.value)
    if profiles.is_file_reference(name):
        if project is None:
            report.error(f"profile file '{name}' needs the project folder", **where,
                         rule="config")
            return values
        path, problem = profiles.project_file(name, project)
        if path is None:
            report.error(problem, **where, rule="config")
            return values
        text = read_text(path, name, report)
        profile, problem, mark = profiles.parse_file(text or "", name)
        if profile is None:
            report.error(problem, name, mark.line + 1 if mark else None,
                         mark.column + 1 if mark else None, rule="config")
            return values
        own = _Converter(report, name)
        for key, sub in profile.node.value if profile.node else []:
            if sub is not None and key.value not in profiles.KEYS:
                report.warning(f"unknown key '{key.value}' in a profile is ignored",
                               **own._where(key), rule="config")
        for key, hint in (("format", schema.Format), ("citations", schema.Citations)):
            sub = profile.section(key)
            if sub is not None:
                value = own.value(hint, sub, key, "Thesis", key, values[key])
                if value is not _INVALID:
                    values[key] = value
        return values
    if name not in profiles.builtin_names():
        report.error(f"unknown profile '{name}' (one of {', '.join(profiles.builtin_names())}, "
                     "or a .yaml file in the project)", **where, rule="config")
        return values
    data = profiles.builtin(name).data
    for key, hint in (("format", schema.Format), ("citations", schema.Citations)):
        if data.get(key):
            sub = yaml.compose(yaml.safe_dump(data[key]))
            values[key] = converter.value(hint, sub, "profile", "Thesis", key, values[key])
    return values


class _Converter:
    """Turns YAML nodes into dataclass instances, reporting problems with their line."""

    def __init__(self, report: Report, file: str):
        self.report = report
        self.file = file
        self.refused: set[str] = set()
        """Dotted paths of the fields whose value was reported and left out."""

    def _where(self, node: yaml.Node) -> dict[str, Any]:
        return {"file": self.file, "line": node.start_mark.line + 1,
                "column": node.start_mark.column + 1}

    def convert(self, cls: type, node: yaml.Node, path: str,
                profile_defaults: dict[str, Any] | None = None) -> Any:
        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {f.name: f for f in dataclasses.fields(cls)}
        values: dict[str, Any] = {}
        # Defaults from the profile (plain data, trusted) before the student's values.
        for name, data in (profile_defaults or {}).items():
            values[name] = (data if dataclasses.is_dataclass(data)
                            else self.from_plain(hints[name], data))
        if not isinstance(node, yaml.MappingNode):
            self.report.error(f"'{path or 'thesis.yaml'}' must be a mapping", **self._where(node),
                              rule="config")
            return cls(**values)
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            dotted = f"{path}.{key}" if path else key
            if key in seen:
                self.report.error(f"'{dotted}' is given twice", **self._where(key_node),
                                  rule="config")
            seen.add(key)
            if key not in fields:
                close = [f for f in fields if f.replace("_", "") == key.replace("_", "").lower()]
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.report.warning(f"unknown key '{dotted}' is ignored{hint}",
                                    **self._where(key_node), rule="config")
                continue
            base = values.get(key)
            value = self.value(hints[key], value_node, dotted, cls.__name__, key, base)
            if value is _INVALID:
                self.refused.add(dotted)
            else:
                values[key] = value
        return cls(**values)

    def value(self, hint: Any, node: yaml.Node, path: str, owner: str, key: str,
              base: Any = None) -> Any:
        hint, bounds = unwrap(hint)
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):
            if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
                return None
            hint = next(a for a in args if a is not type(None))
            origin, args = typing.get_origin(hint), typing.get_args(hint)
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            if isinstance(node, yaml.MappingNode) and dataclasses.is_dataclass(base):
                merged = self.convert(hint, node, path)
                return _overlay(base, merged, node)
            return self.convert(hint, node, path)
        if origin is list:
            if not isinstance(node, yaml.SequenceNode):
                if isinstance(node, yaml.ScalarNode) and args[0] is str and node.value:
                    return [s.strip() for s in str(node.value).split(",") if s.strip()]
                self.report.error(f"'{path}' must be a list", **self._where(node), rule="config")
                return _INVALID
            items = [self.value(args[0], item, f"{path}[{i}]", owner, key)
                     for i, item in enumerate(node.value)]
            return [i for i in items if i is not _INVALID]
        if origin is dict:
            if not isinstance(node, yaml.MappingNode):
                self.report.error(f"'{path}' must be a mapping", **self._where(node), rule="config")
                return _INVALID
            out = dict(base or {})
            for k, v in node.value:
                item = self.value(args[1], v, f"{path}.{k.value}", owner, key)
                if item is not _INVALID:
                    out[str(k.value)] = item
            return out
        return self.scalar(hint, bounds, node, path, owner, key)

    def scalar(self, hint: Any, bounds: Any, node: yaml.Node, path: str, owner: str,
               key: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.report.error(f"'{path}' must be a single value", **self._where(node),
                              rule="config")
            return _INVALID
        data = _construct(node)
        if hint is bool:
            if not isinstance(data, bool):
                self.report.error(f"'{path}' must be true or false", **self._where(node),
                                  rule="config")
                return _INVALID
            return data
        if hint in (int, float):
            if isinstance(data, bool) or not isinstance(data, int | float):
                self.report.error(f"'{path}' must be a number", **self._where(node), rule="config")
                return _INVALID
            if isinstance(bounds, schema.Range) and not bounds.low <= data <= bounds.high:
                self.report.error(f"'{path}' must be between {bounds.low:g} and "
                                  f"{bounds.high:g}, not {data}", **self._where(node),
                                  rule="config")
                return _INVALID
            return hint(data)
        if typing.get_origin(hint) is Literal:
            allowed = typing.get_args(hint)
            value = "" if data is None else str(data)
            if value not in allowed:
                self.report.error(f"'{path}' must be one of {', '.join(allowed)}, not '{value}'",
                                  **self._where(node), rule="config")
                return _INVALID
            return value
        if hint is str:
            value = "" if data is None else str(data)
            control = CONTROL.search(value)
            if control:
                why = (" (in double quotes YAML reads \\a, \\b, \\f, \\v … as control "
                       "characters: put the value in single quotes)" if node.style == '"' else "")
                self.report.error(f"'{path}' contains the control character "
                                  f"U+{ord(control[0]):04X}{why}", **self._where(node),
                                  rule="config")
                return _INVALID
            if isinstance(bounds, schema.LengthRange):
                return self.length(value, bounds, node, path)
            if isinstance(bounds, schema.FileName) and output_stem(value):
                self.report.error(f"'{path}' {output_stem(value)}", **self._where(node),
                                  rule="config")
                return _INVALID
            if (owner, key) == ("Format", "paper") and value not in paper_names():
                self.report.error(f"'{path}': unknown paper '{value}' (a4, a5, us-letter, …: "
                                  "see naskah/data/papers.txt)", **self._where(node), rule="config")
                return _INVALID
            return value
        if isinstance(hint, type) and isinstance(data, hint):
            return data
        if isinstance(hint, typing.TypeVar) or hint is Any:
            return data
        return data

    def length(self, value: str, bounds: schema.LengthRange, node: yaml.Node, path: str) -> Any:
        """A length with its unit, inside its bounds; spaces dropped (``3.5 cm`` → ``3.5cm``)."""
        match = LENGTH.match(value.strip())
        if not match:
            self.report.error(f"'{path}' must be a length such as 4cm, 30mm, 1in or 12pt, "
                              f"not '{value}'", **self._where(node), rule="config")
            return _INVALID
        cm = float(match.group(1)) * CM_PER_UNIT[match.group(2)]
        if not bounds.low_cm <= cm <= bounds.high_cm:
            self.report.error(f"'{path}' must be between {bounds.low_cm:g}cm and "
                              f"{bounds.high_cm:g}cm, not '{value}'", **self._where(node),
                              rule="config")
            return _INVALID
        return re.sub(r"\s+", "", value)

    def from_plain(self, hint: Any, data: Any) -> Any:
        """Build a value of ``hint`` from trusted plain data (the built-in profile)."""
        node = yaml.compose(yaml.safe_dump(data))
        return self.value(hint, node, "profile", "", "")


def unwrap(hint: Any) -> tuple[Any, Any]:
    """``Annotated[T, bound]`` → (T, bound); any other hint → (hint, None)."""
    if typing.get_origin(hint) is Annotated:
        base, *meta = typing.get_args(hint)
        return base, meta[0] if meta else None
    return hint, None


def yaml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Dotted key → (line, column) of every mapping key in a YAML text (empty if malformed),
    and ``key[i]`` → the position of each item of a list of plain values (``keywords[2]``)."""
    try:
        node = compose_yaml(text)
    except (yaml.YAMLError, YamlRefused):
        return {}
    out: dict[str, tuple[int, int]] = {}

    def visit(n: yaml.Node, path: str) -> None:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                dotted = f"{path}.{k.value}" if path else str(k.value)
                out.setdefault(dotted, (k.start_mark.line + 1, k.start_mark.column + 1))
                visit(v, dotted)
        elif isinstance(n, yaml.SequenceNode):
            for i, item in enumerate(n.value):
                if isinstance(item, yaml.ScalarNode):
                    out.setdefault(f"{path}[{i}]", (item.start_mark.line + 1,
                                                    item.start_mark.column + 1))

    if node is not None:
        visit(node, "")
    return out


def config_positions(project: Path) -> dict[str, tuple[int, int]]:
    """:func:`yaml_positions` of the project's thesis.yaml (empty when it cannot be read)."""
    try:
        return yaml_positions(read_bytes(project, CONFIG_NAME).decode("utf-8-sig"))
    except (Refused, UnicodeError):
        return {}


def _line_of(node: yaml.MappingNode, key: str) -> int:
    return next(k.start_mark.line + 1 for k, _ in node.value if k.value == key)


def _construct(node: yaml.ScalarNode) -> Any:
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


def _overlay(base: Any, new: Any, node: yaml.MappingNode) -> Any:
    """``base`` with the fields the student wrote in ``node`` taken from ``new``."""
    given = {str(k.value) for k, _ in node.value}
    changes = {}
    for f in dataclasses.fields(base):
        if f.name in given:
            old, value = getattr(base, f.name), getattr(new, f.name)
            if dataclasses.is_dataclass(old):
                sub = next(v for k, v in node.value if k.value == f.name)
                value = _overlay(old, value, sub) if isinstance(sub, yaml.MappingNode) else old
            changes[f.name] = value
    return dataclasses.replace(base, **changes)


_INVALID = object()
