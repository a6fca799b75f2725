"""End to end: the seed's BAB I notes, rebuilt from its bibliographic facts, in the built PDF.

The chapter text is our own placeholder prose; the citations follow the seed's order, so notes
2, 6 and 9 must come out as Ibid. and every note must print exactly as NOTES.md says.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from naskah.cli import main

from .pdfread import Pdf

FIXTURES = Path(__file__).parent / "fixtures" / "notes"


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("seed")
    (root / "chapters").mkdir()
    shutil.copy(FIXTURES / "seed-bab1.md", root / "chapters" / "01-pendahuluan.md")
    shutil.copy(FIXTURES / "seed-bab1.bib", root / "references.bib")
    (root / "thesis.yaml").write_text("title: Kemiskinan di Nusa Tenggara Timur\n"
                                      "author: Penulis Uji\n", encoding="utf-8")
    assert main(["pdf", "--project", str(root), "-q"]) == 0
    return root


@pytest.fixture(scope="module")
def notes(seed_project: Path, capsys_module) -> list[dict]:
    return capsys_module(["notes", "--json", "--project", str(seed_project)])


@pytest.fixture(scope="module")
def capsys_module():
    import contextlib
    import io

    def run(argv: list[str]) -> list[dict]:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert main(argv) == 0
        return json.loads(out.getvalue())

    return run


def plain(markdownish: str) -> str:
    return markdownish.replace("*", "")


def test_note_forms_follow_the_seed(notes: list[dict]):
    assert len(notes) == 13
    ibid = [n["number"] for n in notes if n["citations"][0]["form"] == "ibid"]
    assert ibid == [2, 6, 9]
    assert all(n["chapter"] == 1 and n["file"] == "chapters/01-pendahuluan.md" for n in notes)
    assert [n["number"] for n in notes] == list(range(1, 14))


def test_note_texts_are_notes_md(notes: list[dict]):
    expected = json.loads((FIXTURES / "seed-bab1.expected.json").read_text(encoding="utf-8"))
    assert [n["text"] for n in notes] == [plain(e) for e in expected]


def test_notes_json_lines_point_at_citations(notes: list[dict], seed_project: Path):
    source = (seed_project / "chapters" / "01-pendahuluan.md").read_text().split("\n")
    for note in notes:
        key = note["citations"][0]["key"]
        assert f"@{key}" in source[note["line"] - 1], (note["line"], key)


def test_every_note_is_printed_in_the_pdf(notes: list[dict], seed_project: Path):
    pdf = Pdf(seed_project / "build" / "thesis.pdf")
    text = re.sub(r"\s+", "", "".join(pdf.text(i) for i in range(len(pdf.lines))))
    for note in notes:
        printed = f"{note['number']}{note['text']}"
        assert re.sub(r"\s+", "", printed) in text, printed
