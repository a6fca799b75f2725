"""A thesis is untrusted input: the whole policy that keeps a build inside its box.

Programme offices build hundreds of students' repositories in CI, and a student's own CI runs
with their secrets, so whatever a thesis contains may not run a command, read a file or secret
outside the project, write outside the output folder, or exhaust the machine. Each door out
has one keeper here, every limit is a number in :mod:`.limits`, and the rest of naskah imports
them from this package:

- **Templates** (:func:`environment`, :mod:`.templates`): every Jinja template a thesis can
  write or override (chapters, ``templates/typst/thesis.typ.j2``, ``templates/notes/*.j2``,
  front-matter wording) runs in Jinja's sandbox, with limits on render time, steps (loop
  iterations), ``range`` size, the size of any one string or list an operation makes, and
  the output's size.
- **Paths** (:func:`confine`, :func:`read_bytes`, :func:`listing`, :func:`output_stem`,
  :mod:`.paths`): every file a thesis names resolves inside the project (links included), is
  a regular file (no device, FIFO or socket), is not hidden (``.#x.md``, ``._x.md``) and is
  below a size cap.
- **Archives** (:func:`zip_part`): a DOCX handed back by a supervisor is read part by part,
  each refused before it is inflated when it is a zip bomb.
- **YAML** (:func:`compose_yaml`, :mod:`.yamlsafe`): no tags but plain types, no alias
  cycles, bounded alias expansion, size and depth.
- **Pandoc** (:func:`pandoc`, :mod:`.pandoc`): always ``--sandbox`` (no file or network
  access of its own), with a timeout; failures and warnings become located one-line
  diagnostics.
"""

from .limits import (
    MAX_ASSET_BYTES,
    MAX_BLOCKS,
    MAX_DEPTH,
    MAX_OUTPUT,
    MAX_RANGE,
    MAX_SOURCE_BYTES,
    MAX_VALUE,
    PANDOC_SECONDS,
    RENDER_SECONDS,
    RENDER_STEPS,
)
from .pandoc import PandocRun, pandoc, pandoc_path, warning_lines
from .paths import (
    Refused,
    confine,
    hidden,
    listing,
    output_stem,
    read_bytes,
    svg_problems,
    too_deep,
    typst_reach_problems,
    zip_part,
)
from .templates import (
    LimitedEnvironment,
    LimitedTemplate,
    ProjectLoader,
    TemplateLimit,
    environment,
    render_template,
    template_line,
)
from .yamlsafe import YamlRefused, compose_yaml, load_yaml

__all__ = [
    "MAX_ASSET_BYTES", "MAX_BLOCKS", "MAX_DEPTH", "MAX_OUTPUT", "MAX_RANGE", "MAX_SOURCE_BYTES",
    "MAX_VALUE", "PANDOC_SECONDS", "RENDER_SECONDS", "RENDER_STEPS", "LimitedEnvironment",
    "LimitedTemplate", "PandocRun", "ProjectLoader", "Refused", "TemplateLimit", "YamlRefused",
    "compose_yaml", "confine", "environment", "hidden", "listing", "load_yaml",
    "output_stem", "pandoc", "pandoc_path", "read_bytes", "render_template",
    "svg_problems", "template_line", "too_deep", "typst_reach_problems", "warning_lines",
    "zip_part",
]
