"""Shared fixtures: the sample thesis at the repository root, built once per test session."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from naskah.build import build, prepare
from naskah.diagnostics import Report
from naskah.document import Document

from .pdfread import Pdf

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_FILES = ("thesis.yaml", "references.bib", "chapters", "front", "appendices", "figures",
                "templates")


def copy_sample(dest: Path) -> Path:
    """A copy of the sample thesis (sources only) in ``dest``, for tests that change it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SAMPLE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        elif src.exists():
            shutil.copy2(src, dest / name)
    return dest


@dataclass
class SampleBuild:
    """The sample thesis built into a temporary folder."""

    project: Path
    out: Path
    pdf: Path
    docx: Path
    doc: Document
    report: Report


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> SampleBuild:
    """PDF and DOCX of the repository's sample thesis, built once."""
    project = copy_sample(tmp_path_factory.mktemp("sample"))
    out = project / "build"
    report = Report()
    result = build(project, out, ["pdf", "docx"], report)
    doc = prepare(project, Report())
    return SampleBuild(project, out, result.outputs["pdf"], result.outputs.get("docx"), doc,
                       report)


@pytest.fixture(scope="session")
def sample_pdf(sample_build: SampleBuild) -> Pdf:
    """The sample's PDF as pdfplumber reads it, read once (a read takes seconds)."""
    return Pdf(sample_build.pdf)


def libreoffice_pdf(docx: Path, outdir: Path) -> Path:
    """``docx`` rendered to PDF by LibreOffice (headless, its own profile folder), as a
    supervisor's word processor lays it out. Skips where LibreOffice is missing, except in CI
    (.ci/run installs it)."""
    import os
    import subprocess

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing; .ci/run installs it")
        pytest.skip("LibreOffice is not installed")
    outdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{outdir}/lo",
                           "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                          capture_output=True, timeout=300, check=False)
    out = outdir / (docx.stem + ".pdf")
    assert proc.returncode == 0 and out.is_file(), proc.stderr.decode()
    return out


@pytest.fixture(scope="session")
def sample_libreoffice(sample_build: SampleBuild,
                      tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's DOCX as LibreOffice prints it, converted once per session."""
    return libreoffice_pdf(sample_build.docx, tmp_path_factory.mktemp("libreoffice"))
