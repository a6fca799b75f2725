"""``naskah check --docx``: page setup, margins and styles of a DOCX against the profile.

python-docx's own blank document (US Letter, 1-inch margins, Cambria/Calibri 11 pt) fails every
rule; the sample's DOCX with one margin and the body font changed fails exactly those.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.shared import Cm

from .conftest import SampleBuild
from .test_check_support import FORMATS, run_check


def test_blank_word_document_fails(sample_build: SampleBuild, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "blank.docx"
    docx.Document().save(str(path))
    for fmt in FORMATS:
        status, found, out = run_check(capsys, sample_build.project, fmt, "--docx", str(path))
        assert status == 1
        rules = {f.rule for f in found}
        assert rules == {"docx-page-setup", "docx-margins", "docx-styles"}, out
        assert all(f.file == path.resolve().as_posix() and f.line is None for f in found)
    messages = [f.message for f in found]
    assert "section 1: the page is 216 × 279 mm; the format wants A4 (210 × 297 mm)" in messages
    assert "section 1: the left margin is 3.17 cm; the format wants 4cm" in messages
    assert "style 'Normal' is 11 pt; the format wants 12 pt" in messages


def test_changed_sample_docx_fails_on_the_change(sample_build: SampleBuild, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    if sample_build.docx is None:
        pytest.skip("the DOCX writer is not installed")
    document = docx.Document(str(sample_build.docx))
    document.sections[-1].right_margin = Cm(2)
    document.styles["Normal"].font.name = "Arial"
    path = tmp_path / "changed.docx"
    document.save(str(path))
    status, found, out = run_check(capsys, sample_build.project, "json", "--docx", str(path))
    assert status == 1
    assert {(f.rule, f.message) for f in found} >= {
        ("docx-margins", f"section {len(document.sections)}: the right margin is 2.00 cm; "
                         "the format wants 3cm"),
        ("docx-styles", "style 'Normal' uses the font Arial; the format wants Times New Roman, "
                        "Liberation Serif, TeX Gyre Termes, Tinos, Nimbus Roman"),
    }, out
    assert {f.rule for f in found} == {"docx-margins", "docx-styles"}
