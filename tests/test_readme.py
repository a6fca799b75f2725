"""The README's promises: the quick start, and a thesis.yaml reference matching the schema."""

from __future__ import annotations

import re

from naskah.config.reference import markdown

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_reference_table_is_current():
    block = README.split("<!-- reference:start -->\n", 1)[1].split("<!-- reference:end -->")[0]
    assert block == markdown(), "run: python -m naskah.config.reference, paste into README.md"


def test_quick_start_is_two_commands_matching_ci():
    block = README.split("## Quick start", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line for line in block.strip().split("\n") if line.strip()]
    assert len(commands) == 2
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for command in commands:
        assert command in ci
    assert re.search(r"python build\.py", commands[0])
    assert "pytest" in commands[1]
