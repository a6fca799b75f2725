"""Sub-commands beyond building (check, comments, new, …), one module each.

Each module defines ``register(sub, common)`` (adds its argparse sub-parser, with
``parents=[common]``) and ``run(args, report) -> int`` (the exit status). ``naskah.cli`` finds
them through :data:`MODULES`, so adding a command never means editing the CLI's logic.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = ("check", "comments", "new", "profiles", "watch")


def available() -> dict[str, ModuleType]:
    """The command modules by command name."""
    return {name: importlib.import_module(f"{__name__}.{name}") for name in MODULES}
