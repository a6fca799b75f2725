"""The benchmark scripts stay runnable: the README's performance figures are reproduced with
them, and a function moved to another module once broke ``bench/run.py`` unnoticed. Each is
loaded as a module (its imports resolved, its benchmark not run)."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT

SCRIPTS = sorted(p for p in (ROOT / "bench").glob("*.py") if p.name != "__init__.py")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_bench_script_loads(script, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "path", [str(script.parent), *sys.path])
    spec = importlib.util.spec_from_file_location(f"bench_{script.stem}", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(getattr(module, "main", None)) or hasattr(module, "make")
