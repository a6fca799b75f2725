"""`check` on real-export mistakes in references.bib (issue 13): the field named as the file
names it, an organisation written as a person, an entry without a title, an unreadable date."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import copy_sample
from .test_check_support import line_of, run_check

BIB = """
@misc{container,
  author = {Docker inc.},
  title = {Docker container},
  year = {2023},
  url = {https://www.docker.com/resources/what-container/},
  urldate = {2023-12-01}
}

@article{nojournal,
  author = {Satu, Ahmad},
  title = {Judul Artikel},
  year = {4/10/2015}
}

@book{notitle,
  author = {Dua, Budi},
  publisher = {Penerbit},
  year = 2000
}
"""


def test_bibliography_entry_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = copy_sample(tmp_path / "t")
    bib = project / "references.bib"
    bib.write_text(bib.read_text("utf-8") + BIB, "utf-8")
    chapter = sorted((project / "chapters").glob("*.md"))[0]
    chapter.write_text(chapter.read_text("utf-8")
                       + "\nSatu [@container]. Dua [@nojournal, 3]. Tiga [@notitle].\n", "utf-8")
    _, found, out = run_check(capsys, project)
    mine = sorted((f.rule, f.line, f.severity, f.message) for f in found
                  if f.file == "references.bib")
    rules = [(rule, line, severity) for rule, line, severity, _ in mine]
    assert rules == sorted([
        ("corporate-author", line_of(bib, "@misc{container"), "warning"),
        ("missing-field", line_of(bib, "@article{nojournal"), "error"),
        ("unreadable-date", line_of(bib, "year = {4/10/2015}"), "warning"),
        ("missing-field", line_of(bib, "@book{notitle"), "error"),
    ]), out
    messages = " | ".join(m for *_, m in mine)
    # The sample's library is BibTeX-style: the field is `journal`, as the file writes it.
    assert "has no journal" in messages and "journaltitle" not in messages
    assert "has no title" in messages
    assert "'inc., Docker' in author looks like an organisation" in messages
    assert "author = {{Docker inc.}}" in messages
    assert "only the year 2015 is printed" in messages
