"""A thesis is untrusted input: the whole policy that keeps a build inside its box.

Programme offices build hundreds of students' repositories in CI, and a student's own CI runs
with their secrets, so whatever a thesis contains may not run a command, read a file or secret
outside the project, write outside the output folder, or exhaust the machine. Three doors lead
out, and each has one keeper here:

- **Templates** (:func:`environment`): every Jinja template a thesis can write or override
  (chapters, ``templates/typst/thesis.typ.j2``, ``templates/notes/*.j2``, front-matter
  wording) runs in Jinja's sandbox, with limits on render time, steps (loop iterations),
  ``range`` size, the size of any one string or list an operation makes, and output size.
- **Paths** (:func:`confine`, :func:`read_bytes`, :func:`listing`, :func:`output_stem`): every
  file a thesis names resolves inside the project (links included), is a regular file (no
  device, FIFO or socket), is not hidden (``.#x.md``, ``._x.md``) and is below a size cap.
- **Pandoc** (:func:`pandoc`): always ``--sandbox`` (no file or network access of its own),
  with a timeout; failures and warnings become located one-line diagnostics.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from .diagnostics import BuildError, Diagnostic, Report

# --- limits ----------------------------------------------------------------------------------

RENDER_SECONDS = 10.0
"""Wall time one template render may take."""
RENDER_STEPS = 2_000_000
"""Lines of template code one render may run (each loop iteration is at least one)."""
MAX_RANGE = 10_000
"""Items ``range()`` may produce in a template."""
MAX_VALUE = 1_000_000
"""Characters (or items) one template operation may make: ``*``, ``~``, ``%``, a filter."""
MAX_OUTPUT = 64_000_000
"""Characters one render may output (the whole book's Typst source is a few MB)."""
MAX_SOURCE_BYTES = 20_000_000
"""Bytes of one Markdown, YAML, BibTeX, CSL or template file."""
MAX_ASSET_BYTES = 100_000_000
"""Bytes of one image (figure, logo)."""
MAX_DEPTH = 64
"""Levels a document may nest (lists in quotes in notes …); deeper ones would exhaust
Python's stack in every walker. Counted in Pandoc AST elements, not JSON levels."""
MAX_BLOCKS = 100_000
"""Top-level blocks (paragraphs, headings, …) of one file."""
PANDOC_SECONDS = 60.0
"""Seconds one Pandoc run may take: its Markdown reader is exponential on some inputs (two
dozen unclosed ``[``, jgm/pandoc#1735), which must not hang a build or a CI job."""


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
    import functools

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


class LimitedTemplate(jinja2.Template):
    """A template whose every render runs under the budget of :class:`_Guard`."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        with _Guard.active():
            return super().render(*args, **kwargs)


class LimitedEnvironment(SandboxedEnvironment):
    """Jinja's sandbox (no Python internals) plus size, step and time limits."""

    code_generator_class = _CodeGenerator
    template_class = LimitedTemplate
    intercepted_binops = frozenset({"*", "**", "%", "+"})

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


# --- paths -----------------------------------------------------------------------------------

class Refused(Exception):
    """A path the thesis may not use; the message says why, for a located error."""


def hidden(name: str) -> bool:
    """Editor lock and backup files, macOS resource forks, dotfiles: never sources."""
    return name.startswith((".", "_.")) or name.endswith("~")


def confine(project: Path, name: str | os.PathLike[str], *, max_bytes: int = MAX_SOURCE_BYTES,
            must_exist: bool = True) -> Path:
    """The resolved path of ``name`` (relative to ``project``), or :class:`Refused`.

    Refused: an absolute path or a URL, anything that resolves (links included) outside the
    project, a hidden file, a device, FIFO or socket, a folder, a file over ``max_bytes``.
    """
    text = os.fspath(name)
    if "://" in text or text.startswith(("file:", "data:")):
        raise Refused("must be a file in the project folder, not a URL")
    if os.path.isabs(text) or text.startswith("~"):
        raise Refused("must be relative to the project folder, not an absolute path")
    root = project.resolve()
    path = (root / text)
    try:
        real = path.resolve(strict=False)
    except (OSError, RuntimeError):
        raise Refused("is a link that loops") from None
    if not real.is_relative_to(root):
        raise Refused("is outside the project folder (through '..' or a link); "
                      "copy the file into the project")
    if not must_exist and not os.path.lexists(real):
        return real
    try:
        info = real.stat()
    except FileNotFoundError:
        if os.path.islink(path):
            raise Refused("cannot read: No such file (a link to nothing)") from None
        raise Refused("not found") from None
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise Refused("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise Refused("is not a regular file (a device, FIFO or socket)")
    if info.st_size > max_bytes:
        raise Refused(f"is larger than {max_bytes // 1_000_000} MB")
    return real


def read_bytes(project: Path, name: str | os.PathLike[str], *,
               max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a project file after :func:`confine`; never more than ``max_bytes``.

    Opened without blocking and checked again once open, so a file swapped for a FIFO or a
    device between the check and the read cannot hang or flood the build.
    """
    real = confine(project, name, max_bytes=max_bytes)
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(real, flags)
    except OSError as exc:
        raise Refused(f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused("is not a regular file (a device, FIFO or socket)")
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Refused(f"is larger than {max_bytes // 1_000_000} MB")
    return data


def listing(project: Path, folder: str, pattern: str = "*.md") -> list[Path]:
    """The visible files of a project folder matching ``pattern``, sorted (hidden ones skipped)."""
    base = project / folder
    return sorted(p for p in base.glob(pattern) if not hidden(p.name))


HREF = re.compile(rb"""(?:href|src)\s*=\s*["']\s*([^"']*)["']|url\(\s*["']?([^)"']*)""", re.I)


def svg_problems(project: Path, svg: Path) -> list[str]:
    """What an SVG in the project names that a build may not read (Typst would embed it).

    Fragments (``#id``) and ``data:`` URIs are fine; a relative file must itself pass
    :func:`confine` from the SVG's folder; URLs, absolute paths and external entities not.
    """
    data = read_bytes(project, svg.relative_to(project.resolve()), max_bytes=MAX_ASSET_BYTES)
    problems = []
    if re.search(rb"<!ENTITY[^>]*(SYSTEM|PUBLIC)", data):
        problems.append("declares an external entity")
    folder = svg.parent.relative_to(project.resolve())
    for match in HREF.finditer(data):
        ref = (match.group(1) or match.group(2) or b"").decode("utf-8", "replace").strip()
        if not ref or ref.startswith(("#", "data:")):
            continue
        try:
            confine(project, (folder / ref).as_posix() if "://" not in ref
                    and not os.path.isabs(ref) else ref, max_bytes=MAX_ASSET_BYTES)
        except Refused as exc:
            problems.append(f"refers to '{ref}', which {exc}")
    return problems


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether Pandoc AST ``value`` nests more than ``limit`` elements deep (no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            if "t" in item:
                depth += 1
                if depth > limit:
                    return True
            stack.extend((v, depth) for v in item.values() if isinstance(v, list | dict))
        elif isinstance(item, list):
            stack.extend((v, depth) for v in item if isinstance(v, list | dict))
    return False


STEM = re.compile(r"^[^/\\\x00]+$")


def output_stem(value: str) -> str | None:
    """Why ``value`` cannot be the file stem of the outputs (None when it can).

    ``output:`` names files inside the output folder only: ``../x``, ``/tmp/x`` and
    ``figures/x`` would write (or overwrite) elsewhere.
    """
    if not value.strip():
        return "must not be empty"
    if not STEM.match(value) or value in (".", ".."):
        return "must be a file name without folders (the outputs go into build/)"
    if value.startswith("."):
        return "must not start with '.' (hidden files)"
    if len(value) > 200:
        return "is too long for a file name"
    return None


# --- YAML ----------------------------------------------------------------------------------

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


# --- Pandoc ----------------------------------------------------------------------------------

@dataclass
class PandocRun:
    """What one Pandoc run gave: its output and its warnings, one line each."""

    output: bytes
    warnings: list[str]


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc(args: list[str], data: bytes = b"", *, what: str = "Pandoc",
           file: str | None = None, timeout: float = PANDOC_SECONDS,
           files: dict[str, bytes] | None = None) -> PandocRun:
    """Run Pandoc sandboxed (``--sandbox``: it reads and fetches nothing itself).

    ``files`` are written to a private temporary folder first, and ``{name}`` in ``args`` is
    replaced by its path there (a reference DOCX, a bibliography, a CSL style). Failure and
    timeout raise :class:`BuildError` located at ``file``.
    """
    import tempfile

    with tempfile.TemporaryDirectory(prefix="naskah-pandoc-") as tmp:
        paths = {}
        for name, content in (files or {}).items():
            target = Path(tmp) / name
            target.write_bytes(content)
            paths[name] = str(target)
        for key, value in paths.items():
            args = [a.replace(f"{{{key}}}", value) for a in args]
        argv = [pandoc_path(), "--sandbox", *args]
        try:
            proc = subprocess.run(argv, input=data, capture_output=True, check=False,
                                  timeout=timeout, cwd=tmp)
        except subprocess.TimeoutExpired:
            raise BuildError(Diagnostic("error", f"{what}: no result after {timeout:g} s", file,
                                    rule="build")) from None
    messages = warning_lines(proc.stderr.decode("utf-8", "replace"))
    if proc.returncode != 0:
        detail = "; ".join(messages) or f"exit status {proc.returncode}"
        raise BuildError(Diagnostic("error", f"{what} failed: {detail}", file, rule="build"))
    return PandocRun(proc.stdout, messages)


def warning_lines(stderr: str) -> list[str]:
    """Pandoc's messages, one line each (its continuation lines joined, ``[WARNING]`` cut)."""
    out: list[str] = []
    for line in stderr.splitlines():
        if not line.strip():
            continue
        if line[:1].isspace() and out:
            out[-1] += " " + line.strip()
        else:
            out.append(re.sub(r"^\[(WARNING|INFO|ERROR)\]\s*", "", line.strip()))
    return out


NAMED = (re.compile(r"TeX math (.{1,200}?), rendering as TeX"),
         re.compile(r"""['"‘“]([^'"’”\n]{2,200})['"’”]"""))
"""Where Pandoc's warnings name what they are about: TeX math, then anything quoted."""


def locate_warning(message: str,
                   sources: Iterable[tuple[str, str]]) -> tuple[str | None, int | None]:
    """The first ``(file, line)`` whose source text holds a name quoted in ``message``.

    Pandoc's warnings name what they are about (``Could not fetch resource 'x.png'``) but not
    where it is, since it reads naskah's AST, not the files; this finds it in the sources.
    """
    names = [name for pattern in NAMED for name in pattern.findall(message)]
    for name in names:
        for file, text in sources:
            index = text.find(name)
            if index >= 0:
                return file, text.count("\n", 0, index) + 1
    return None, None


def report_warnings(run: PandocRun, report: Report, what: str,
                    sources: Iterable[tuple[str, str]] = ()) -> None:
    """Each warning of ``run`` as one located warning line in ``report``."""
    sources = list(sources)
    for message in run.warnings:
        file, line = locate_warning(message, sources)
        report.warning(f"{what}: {message}", file, line, rule="build")
