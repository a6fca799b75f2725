"""style: csl keeps every footnote's source line (citeproc drops naskah's own keys)."""

from __future__ import annotations

import re
from pathlib import Path

from naskah.build import prepare
from naskah.diagnostics import Report

from .conftest import copy_sample


def test_csl_footnotes_keep_their_lines(tmp_path: Path, sample_build):
    project = copy_sample(tmp_path / "csl")
    config = project / "thesis.yaml"
    text = re.sub(r"(?m)^citations:.*\n(  .*\n)*", "citations: {style: csl}\n",
                  config.read_text(encoding="utf-8"))
    config.write_text(text, encoding="utf-8")
    csl = prepare(project, Report()).footnotes
    # The hand-written footnotes are the same under both styles: same file, line and text.
    chicago = {(n.file, n.line, n.text) for n in sample_build.doc.footnotes if not n.citations}
    written = [(n.file, n.line, n.text) for n in csl if not n.citations]
    assert written and set(written) <= chicago
    for note in csl:
        assert note.line > 1, note
