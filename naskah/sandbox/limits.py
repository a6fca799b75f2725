"""Every limit a thesis build keeps to, in one place (see :mod:`naskah.sandbox`)."""

from __future__ import annotations

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

MAX_ZIP_PART = 50_000_000
"""Bytes one part of a DOCX may expand to (a 2 MB zip bomb expands to gigabytes)."""
MAX_ZIP_RATIO = 200
"""Expansion ratio above which a large zip member is a bomb."""
