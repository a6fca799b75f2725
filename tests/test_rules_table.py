"""Every diagnostic names its rule where it is raised, and the rule is in the table.

``check`` files each problem under the id it was raised with (no pattern over its wording), so
an id the table lacks would silently become ``build``, which a thesis cannot switch off.
"""

from __future__ import annotations

import ast
from pathlib import Path

import naskah
from naskah.check import rules

SOURCE = Path(naskah.__file__).parent


def _raise_sites() -> list[tuple[str, int, ast.Call]]:
    """Every ``x.error(...)`` / ``x.warning(...)`` / ``BuildError(...)`` call in naskah."""
    out = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            f = node.func
            if (isinstance(f, ast.Attribute) and f.attr in ("error", "warning")) \
                    or (isinstance(f, ast.Name) and f.id == "BuildError"):
                out.append((path.relative_to(SOURCE).as_posix(), node.lineno, node))
    return out


def test_every_raise_site_names_a_known_rule() -> None:
    table = rules()
    bad = []
    sites = _raise_sites()
    for file, line, call in sites:
        rule = next((k.value for k in call.keywords if k.arg == "rule"), None)
        is_build_error = isinstance(call.func, ast.Name)
        if rule is None:
            if is_build_error:  # BuildError(report) re-raises diagnostics that have one
                continue
            bad.append(f"{file}:{line}: no rule=")
        elif not (isinstance(rule, ast.Constant) and rule.value in table):
            bad.append(f"{file}:{line}: rule={ast.unparse(rule)} is not in rules.yaml")
    assert len(sites) > 50  # the scan sees the pipeline's calls
    assert not bad, "\n".join(bad)
