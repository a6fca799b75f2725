"""University profiles: one data file per writing guide (``naskah/data/profiles/NAME.yaml``).

A profile is the ``format:`` and ``citations:`` a guide asks for, plus where each value comes
from (``sources:``, graded P guide / T template / S secondary, as in the research file). Every
profile starts from ``default``; thesis.yaml's own ``format:`` / ``citations:`` override single
knobs on top. A thesis may name a profile file of its own inside the project
(``profile: profiles/my-guide.yaml``), in the same shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml

from ..sandbox import YamlRefused, compose_yaml

PACKAGE = "naskah.data.profiles"
KEYS = ("name", "guide", "sources", "citations", "format", "new")
"""The top-level keys a profile file may have."""


@dataclass
class Profile:
    """A profile file: its plain data and, for a thesis's own file, its YAML nodes (lines)."""

    name: str
    guide: str
    file: str
    data: dict[str, Any]
    node: yaml.MappingNode | None = None
    sources: dict[str, dict[str, str]] = field(default_factory=dict)

    def section(self, key: str) -> Any:
        """The YAML node of a top-level key (None when absent or the profile is built in)."""
        if self.node is None:
            return None
        return next((v for k, v in self.node.value if k.value == key), None)


@cache
def builtin_names() -> tuple[str, ...]:
    """The built-in profiles, ``default`` first."""
    names = sorted(p.name[:-5] for p in resources.files(PACKAGE).iterdir()
                   if p.name.endswith(".yaml"))
    return tuple(["default", *[n for n in names if n != "default"]])


@cache
def _builtin_data(name: str) -> dict[str, Any]:
    text = resources.files(PACKAGE).joinpath(f"{name}.yaml").read_text("utf-8")
    return yaml.safe_load(text) or {}


def builtin(name: str) -> Profile:
    """A built-in profile (trusted data)."""
    data = _builtin_data(name)
    return Profile(name, data.get("guide", ""), f"naskah/data/profiles/{name}.yaml", data,
                   sources=data.get("sources") or {})


def is_file_reference(value: str) -> bool:
    """``profile:`` names a file in the project rather than a built-in profile."""
    return value.endswith((".yaml", ".yml")) or "/" in value


def project_file(value: str, project: Path) -> tuple[Path | None, str]:
    """The project's own profile file, or None and why not (outside the project, missing)."""
    root = project.resolve()
    path = (project / value).resolve()
    if Path(value).is_absolute() or not path.is_relative_to(root):
        return None, f"profile file '{value}' is outside the project folder"
    if not path.is_file():
        return None, f"profile file '{value}' not found"
    return path, ""


def parse_file(text: str, file: str) -> tuple[Profile | None, str, Any]:
    """A thesis's own profile file: the Profile, or None, a message and the YAML mark."""
    try:
        node = compose_yaml(text)
    except YamlRefused as exc:
        return None, f"refused: {exc}", SimpleNamespace(line=(exc.line or 1) - 1,
                                                        column=(exc.column or 1) - 1)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, f"malformed YAML: {getattr(exc, 'problem', None) or exc}", mark
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
    if not isinstance(node, yaml.MappingNode):
        return None, "a profile must be a mapping (format:, citations:, …)", node.start_mark
    data = yaml.safe_load(text) or {}  # the same text compose_yaml has accepted
    name = str(data.get("name") or Path(file).stem)
    sources = data.get("sources")
    return Profile(name, str(data.get("guide") or ""), file, data, node,
                   sources if isinstance(sources, dict) else {}), "", None
