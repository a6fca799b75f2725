"""Named events of the one build pipeline, for code that watches the build without changing it.

Modelled on mkdocs' plugin events: :func:`naskah.build.prepare` and :func:`naskah.build.build`
call :meth:`Hooks.run` after each stage, and a *plugin* is any object with ``on_<event>``
methods (or a function registered with :meth:`Hooks.on`). The format check
(:class:`naskah.check.CheckRules`) is such a plugin, so ``check`` and ``check --built`` run the
same stages the build does, once.

=========  ==========================================  =========================================
event      arguments                                   the state of the document
=========  ==========================================  =========================================
config     ``project: Path, config: Thesis``            thesis.yaml read and validated
read       ``doc: Document``                            sources parsed, positioned, not numbered
crossref   ``doc``                                      numbered, cross-references resolved
notes      ``doc, lib: Library | None``                 footnotes and Daftar Pustaka written;
                                                        ``lib`` is the parsed references.bib
pdf        ``doc, path: Path``                          the PDF written to ``path``
docx       ``doc, path: Path``                          the DOCX written to ``path``
=========  ==========================================  =========================================

A handler reports problems to its own report; it must not change ``doc``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

EVENTS = ("config", "read", "crossref", "notes", "pdf", "docx")


class Hooks:
    """The handlers of each event, called in the order they were added."""

    def __init__(self, *plugins: object):
        self._handlers: dict[str, list[Callable[..., Any]]] = defaultdict(list)
        for plugin in plugins:
            self.add(plugin)

    def on(self, event: str, handler: Callable[..., Any]) -> None:
        """Call ``handler`` at ``event``."""
        if event not in EVENTS:
            raise ValueError(f"unknown pipeline event '{event}' (one of {', '.join(EVENTS)})")
        self._handlers[event].append(handler)

    def add(self, plugin: object) -> None:
        """Subscribe every ``on_<event>`` method of ``plugin``."""
        for event in EVENTS:
            handler = getattr(plugin, f"on_{event}", None)
            if handler is not None:
                self.on(event, handler)

    def run(self, event: str, *args: Any) -> None:
        for handler in self._handlers.get(event, ()):
            handler(*args)
