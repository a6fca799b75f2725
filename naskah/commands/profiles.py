"""``naskah profiles``: the university profiles, each with its guide and the sources of its values.

The list and the sources come from the profile files themselves (``naskah/data/profiles/``), so
a profile added as data is listed without touching this module.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..config import profiles
from ..diagnostics import Report


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("profiles", parents=[common], help="list the university profiles",
                       description="List the built-in university profiles (`profile:` in "
                                   "thesis.yaml) with their guide, citation style and sources "
                                   "(grade P: the guide, T: a template following it, S: "
                                   "secondary).")
    p.add_argument("--json", action="store_true", help="as JSON")


def summary(name: str) -> dict[str, Any]:
    """What is listed of one profile."""
    profile = profiles.builtin(name)
    style = (profile.data.get("citations") or {}).get("style") or "chicago"
    return {"name": name, "guide": profile.guide, "citations": style,
            "sources": {code: {k: str(v) for k, v in (src or {}).items()}
                        for code, src in profile.sources.items()}}


def run(args: argparse.Namespace, report: Report) -> int:
    rows = [summary(name) for name in profiles.builtin_names()]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        print(f"{row['name']:<12} {row['guide']}  [citations: {row['citations']}]")
        for code, src in row["sources"].items():
            where = f" <{src['where']}>" if src.get("where") else ""
            print(f"    {code} ({src.get('grade', '?')}): {src.get('what', '')}{where}")
    return 0
