"""Every Jinja template a thesis can write or override runs here: Jinja's sandbox (no Python
internals) plus limits on time, steps, ``range``, the size of what one operation makes and of
the output."""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..diagnostics import BuildError, Diagnostic
from .limits import MAX_OUTPUT, MAX_RANGE, MAX_VALUE, RENDER_SECONDS, RENDER_STEPS
from .paths import Refused, read_bytes


class TemplateLimit(SecurityError):
    """A template went over one of the limits above (reported as a located error)."""


# --- templates -------------------------------------------------------------------------------

class _CodeGenerator(CodeGenerator):
    """Jinja's code generator with ``~`` (concatenation) checked for size like ``*``."""

    def visit_Concat(self, node: Any, frame: Any) -> None:  # noqa: N802 - Jinja's name
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        else:
            join = "markup_join" if frame.eval_ctx.autoescape else "str_join"
        self.write(f"environment.checked_join({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | bytes | list | tuple) else 0


def _too_big(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what} would be longer than {MAX_VALUE:,} characters")


WIDTH = re.compile(r"(\d{7,})")
"""A field width or precision of seven digits or more in a format string (``%9999999s``)."""


def _check_format(spec: Any) -> None:
    if isinstance(spec, str) and WIDTH.search(spec):
        raise TemplateLimit("a format width above 999,999 characters")


def _limited_range(*args: int) -> range:
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise TemplateLimit(f"range() of {len(rng):,} items (at most {MAX_RANGE:,})")
    return rng


def _limited_lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
    from jinja2.utils import generate_lorem_ipsum

    if n > 100 or max > 1000:
        raise TemplateLimit("lipsum() of more than 100 paragraphs of 1,000 words")
    return generate_lorem_ipsum(n, html, min, max)


def _checked_filter(fn: Callable[..., Any]) -> Callable[..., Any]:
    """A built-in filter that refuses huge numeric arguments and huge results."""
    @functools.wraps(fn)
    def checked(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_VALUE:
                raise TemplateLimit(f"the number {arg} is too large for a filter")
        if fn.__name__ in ("do_format", "format"):
            _check_format(args[0] if args else None)
        result = fn(*args, **kwargs)
        if _size(result) > MAX_VALUE:
            raise _too_big("a filter's result")
        return result

    return checked


class _Guard:
    """Per-thread render budget, enforced by a line tracer on template code only."""

    local = threading.local()

    @classmethod
    @contextmanager
    def active(cls) -> Iterator[None]:
        if getattr(cls.local, "depth", 0):  # a template rendering another: one budget
            cls.local.depth += 1
            try:
                yield
            finally:
                cls.local.depth -= 1
            return
        cls.local.depth = 1
        cls.local.deadline = time.monotonic() + RENDER_SECONDS
        cls.local.steps = 0
        previous = sys.gettrace()
        sys.settrace(cls._call)
        try:
            yield
        finally:
            sys.settrace(previous)
            cls.local.depth = 0

    @classmethod
    def _call(cls, frame: Any, event: str, arg: Any) -> Any:
        if isinstance(frame.f_globals.get("environment"), LimitedEnvironment):
            return cls._line
        return None

    @classmethod
    def _line(cls, frame: Any, event: str, arg: Any) -> Any:
        local = cls.local
        local.steps += 1
        if local.steps & 1023 == 0:
            if local.steps > RENDER_STEPS:
                raise TemplateLimit(f"the template runs more than {RENDER_STEPS:,} steps "
                                    "(a loop too long)")
            if time.monotonic() > local.deadline:
                raise TemplateLimit(f"the template took longer than {RENDER_SECONDS:g} s")
        return cls._line


REPEATS = (nodes.For, nodes.Macro, nodes.CallBlock, nodes.Include, nodes.Import,
           nodes.FromImport, nodes.Extends)
"""What lets a template run longer than its own length: only these need the step tracer."""
LOOPS_FLAG = "__naskah_repeats__"


class LimitedTemplate(jinja2.Template):
    """A template whose every render runs under the budget of :class:`_Guard` when it can
    repeat anything (a template without loops, macros or includes runs in time bounded by its
    own length, and the tracer would make the many small notes templates four times slower)."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        if not self.root_render_func.__globals__.get(LOOPS_FLAG, True):
            return super().render(*args, **kwargs)
        with _Guard.active():
            return super().render(*args, **kwargs)


class LimitedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox (no Python internals) plus size, step and time limits."""

    code_generator_class = _CodeGenerator
    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

    def _generate(self, source: nodes.Template, name: str | None, filename: str | None,
                  defer_init: bool = False) -> str:
        code = super()._generate(source, name, filename, defer_init)
        repeats = next(source.find_all(REPEATS), None) is not None
        return f"{code}\n{LOOPS_FLAG} = {repeats}\n"

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.globals["lipsum"] = _limited_lipsum
        self.globals["range"] = _limited_range
        self.filters = {name: _checked_filter(fn) for name, fn in self.filters.items()}

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            count = right if isinstance(left, str | list | tuple) else left
            item = left if isinstance(left, str | list | tuple) else right
            if isinstance(count, int) and _size(item) * count > MAX_VALUE:
                raise _too_big("a repeated text or list")
        elif operator == "**":
            if (isinstance(left, int) and isinstance(right, int) and abs(left) > 1
                    and right * max(abs(left).bit_length(), 1) > 64 * 1024):
                raise TemplateLimit("a power too large")
        elif operator == "%":
            _check_format(left)
        elif operator == "+" and _size(left) + _size(right) > MAX_VALUE:
            raise _too_big("a concatenation")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        _check_format(getattr(value, "__self__", None))
        return super().wrap_str_format(value)

    def checked_join(self, join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
        result = join(items)
        if len(result) > MAX_VALUE:
            raise _too_big("a concatenation (~)")
        return result

    def concat(self, chunks: Iterable[str]) -> str:  # type: ignore[override]
        out, total = [], 0
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise TemplateLimit(f"the template's output is over {MAX_OUTPUT:,} characters")
            out.append(chunk)
        return "".join(out)


def template_line(exc: BaseException) -> int | None:
    """The template line in a Jinja traceback (Jinja rewrites frames to template lines)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name == "<template>" or name.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render_template(env: jinja2.Environment, name: str, context: dict[str, Any],
                    shown: str) -> str:
    """Render template ``name`` of a loader-backed environment; any failure (syntax, sandbox,
    limits, a bug in an override) is a :class:`BuildError` at ``shown``:line."""
    line: int | None
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as exc:
        message, line = f"template syntax: {exc.message}", exc.lineno
    except SecurityError as exc:
        message, line = f"template: not allowed in a thesis: {exc}", template_line(exc)
    except Exception as exc:  # noqa: BLE001 - an override may fail in any way
        message, line = f"template: {type(exc).__name__}: {exc}", template_line(exc)
    raise BuildError(Diagnostic("error", message, shown, line, rule="build"))


def environment(**options: Any) -> LimitedEnvironment:
    """The one way naskah makes a Jinja environment for anything a thesis can write."""
    return LimitedEnvironment(**options)


class ProjectLoader(jinja2.BaseLoader):
    """Templates from a folder of the project (``templates/``), through :func:`read_text`."""

    def __init__(self, project: Path, folder: str) -> None:
        self.project = project
        self.folder = folder

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        rel = f"{self.folder}/{template}"
        path = self.project / rel
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        try:
            data = read_bytes(self.project, rel)
        except Refused as exc:
            raise SecurityError(f"{rel}: {exc}") from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SecurityError(f"{rel}: not valid UTF-8") from None
        mtime = path.stat().st_mtime
        return text, str(path), lambda: path.exists() and path.stat().st_mtime == mtime
