"""YAML a thesis writes (thesis.yaml, terms overrides), composed safely: no tags but plain
types, no alias cycles, bounded size, depth and alias expansion."""

from __future__ import annotations

from typing import Any

MAX_YAML_CHARS = 1_000_000
MAX_YAML_DEPTH = 50
MAX_YAML_NODES = 100_000
"""Nodes a YAML document may hold once its aliases are expanded (ten lines of nested aliases
would otherwise expand to billions: the "billion laughs")."""
YAML_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in (
    "str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge", "value"))


class YamlRefused(Exception):
    """A YAML text naskah will not read, with the line and column of the cause."""

    def __init__(self, message: str, mark: Any = None) -> None:
        super().__init__(message)
        self.line = mark.line + 1 if mark is not None else None
        self.column = mark.column + 1 if mark is not None else None


def compose_yaml(text: str) -> Any:
    """The YAML node tree of ``text`` (None when empty), safe to walk however it is walked.

    Refused with :class:`YamlRefused`: more than MAX_YAML_CHARS, nesting deeper than
    MAX_YAML_DEPTH, more than MAX_YAML_NODES nodes with aliases expanded, an alias inside
    itself, any tag but YAML's plain types (``!!python/name:…``). Malformed YAML raises
    ``yaml.YAMLError`` as usual.
    """
    import yaml

    if len(text) > MAX_YAML_CHARS:
        raise YamlRefused(f"longer than {MAX_YAML_CHARS:,} characters")
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):  # the parser does not recurse
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise YamlRefused(f"nested more than {MAX_YAML_DEPTH} levels deep",
                                  event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        _check_yaml_graph(root)
    return root


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` after :func:`compose_yaml`'s checks (same exceptions)."""
    import yaml

    node = compose_yaml(text)
    if node is None:
        return None
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: Any) -> list[Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_yaml_graph(root: Any) -> None:
    """Tags, cycles and the expanded size, in one iterative walk (each node sized once)."""
    size: dict[int, int] = {}
    active: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            active.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            if size[key] > MAX_YAML_NODES:
                raise YamlRefused(f"its aliases expand to more than {MAX_YAML_NODES:,} values "
                                  "(write the values out, or use fewer nested aliases)",
                                  node.start_mark)
            continue
        if key in size:
            continue
        if node.tag not in YAML_TAGS:
            raise YamlRefused(f"the tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is "
                              "not allowed (only text, numbers, true/false, lists and "
                              "mappings)", node.start_mark)
        active.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in active:
                raise YamlRefused("an alias refers to the value that contains it",
                                  child.start_mark)
            if id(child) not in size:
                stack.append((child, False))
