"""Every entry of every real library in ../shared/corpus/bib/, cited in every position, in id
and en, and a linter over what prints (issue 13).

The positions (see ``corpus_support.POSITIONS``): first note, *Ibid.*, *Ibid.* with another
page, the short note, ``Lihat`` + the citation inside a footnote, a two-source note, the short
note without a page; then the Daftar Pustaka. The linter fails on raw LaTeX or braces, doubled
or misplaced punctuation, empty containers and quotes, raw name parts, "others", raw dates,
initials without periods, and short titles that are cut after a function word, inside brackets
or quotes, or shared by two works of one author. Skipped only when ../shared is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from naskah.diagnostics import Report
from naskah.notes import load_bibliography
from naskah.notes.bibliography import entry_key
from naskah.notes.bibtex import Library, plain
from naskah.notes.shorttitle import _opens, is_function_word

from .corpus_support import POSITIONS, cite_all, lint, lint_names, protected

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bib"
LIBRARIES = sorted(CORPUS.glob("*.bib")) if CORPUS.is_dir() else []
JUDGED: dict[str, int] = {}
EXPECTED_FORMS = ["first", "ibid", "ibid", "", "short", "ibid", "short", "short"]
"""The form of each position (NOTES.md): the Ibid./short-note decisions, for every entry."""

pytestmark = pytest.mark.skipif(not LIBRARIES, reason="../shared/corpus/bib is absent")


def _library(path: Path) -> Library:
    report = Report()
    lib = load_bibliography(path, report, path.name)
    assert not report.errors, [d.format() for d in report.errors]
    return lib


def _short_title_findings(lib: Library, shorts: dict[str, str]) -> list[str]:
    """Cut or shared short titles: the short notes (without a page) of one library."""
    found = []
    by_text: dict[str, set[str]] = {}
    for key, text in shorts.items():
        by_text.setdefault(text, set()).add(plain(lib[key].get("title")).casefold())
        if lib[key].get("shorttitle"):
            continue
        last = text.rstrip(".”’*,").split(" ")[-1] if text else ""
        if is_function_word(last) and text.count(" ") > 1:
            found.append(f"{key}: short title ends on a function word: {text}")
        if _opens(text.split(", ", 1)[-1]):
            found.append(f"{key}: short title cut inside brackets or quotes: {text}")
    for text, titles in by_text.items():
        if len(titles) > 1:
            found.append(f"one short note for {len(titles)} different works: {text}")
    return found


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("path", LIBRARIES, ids=[p.name for p in LIBRARIES])
def test_every_entry_in_every_position(path: Path, language: str,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    lib = _library(path)
    cited = cite_all(lib, language)
    assert not cited.report.errors, [d.format() for d in cited.report.errors[:5]]
    findings: list[str] = []
    keys = list(lib.entries)
    shorts: dict[str, str] = {}
    for i, key in enumerate(keys):
        src = lib[key]
        notes = cited.notes[key]
        assert len(notes) == len(POSITIONS), (key, notes)
        assert cited.forms[key] == EXPECTED_FORMS, (key, cited.forms[key])
        findings += [f"{key}: {d}" for d in lint_names(src)]
        keep = protected(src) + protected(lib[keys[i - 1]])
        for position, text in zip(POSITIONS, notes, strict=True):
            findings += [f"{key} ({position}): {d}: {text}" for d in lint(text, keep)]
        shorts[key] = notes[POSITIONS.index("short-nopage")]
    entries = sorted(lib.entries.values(), key=entry_key)
    assert len(cited.bibliography) == len(entries)
    for src, text in zip(entries, cited.bibliography, strict=True):
        findings += [f"{src.key} (Daftar Pustaka): {d}: {text}"
                     for d in lint(text, protected(src))]
    findings += _short_title_findings(lib, shorts)
    JUDGED[f"{path.name}/{language}"] = len(keys)
    with capsys.disabled():
        print(f"\n{path.name} [{language}]: {len(keys)} entries judged, "
              f"{len(keys) * len(POSITIONS) + len(entries)} notes and entries linted, "
              f"{len(findings)} findings")
    assert not findings, "\n".join(findings[:40])


def test_linter_finds_each_defect_class() -> None:
    """The linter itself: one bad string per defect class of the issue, one good one."""
    bad = {
        "raw LaTeX": "Satu, “Judul {$<$} \\textbar,” 3.",
        "doubled punctuation": "Satu, Judul,, 3.",
        "empty container": "Satu, “Bab,” dalam (Kota: P, 2000).",
        "empty quotes or brackets": "Satu, “,” *Jurnal* 1 (2000).",
        "doubled quotes": "Satu, ““Value Grabbing”,” 3.",
        "TeX quotes": "Satu, “``Neural'' Computation,” 3.",
        "raw name parts": "Family=Dijk, given=Marten dkk., *Judul*.",
        "others": "Dirk Merkel dan others, “Docker,” 3.",
        "raw date": "“Judul,” modifikasi terakhir 4/10/2015.",
        "period before comma": "Satu, “Judul.,” 3.",
    }
    for name, text in bad.items():
        assert name in lint(text), (name, text)
    assert lint("Robert O. Keohane dkk., “International Institutions,” *International Studies "
                "Quarterly* 32, no. 4 (1988): 380, https://doi.org/10.2307/2600589.") == []
