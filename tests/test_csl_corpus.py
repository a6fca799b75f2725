"""The real libraries of ../shared/corpus/bib/ cited in the author-date and numeric systems: the
notes linter of issue 13 over every Daftar Pustaka entry citeproc prints, and no English left in
the Indonesian output (Pandoc's stock locale prints "n.d.", "3 ed.", "Mathesis", "et al.")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from naskah.build import prepare
from naskah.diagnostics import Report
from naskah.notes import load_bibliography
from naskah.pandoc_ast import stringify

from .corpus_support import lint, protected

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bib"
LIBRARIES = [CORPUS / name for name in ("itb-kube.bib", "jdh-zotero.bib")
             if (CORPUS / name).is_file()]
ENGLISH = re.compile(r"\bn\.d\.|\bRetrieved\b|\bAccessed\b|athesis|Master’s thesis|PhD thesis|"
                     r"\d+(st|nd|rd|th)? ed\.\)|\bAvailable\b")

pytestmark = pytest.mark.skipif(not LIBRARIES, reason="../shared/corpus/bib is absent")


CASES = [(p, s) for p in LIBRARIES for s in ("apa", "name-year")] + [(p, "ieee")
                                                                    for p in LIBRARIES[:1]]


@pytest.mark.parametrize(("path", "style"), CASES, ids=[f"{p.stem}-{s}" for p, s in CASES])
def test_corpus_in_the_text_systems(path: Path, style: str, tmp_path: Path) -> None:
    lib = load_bibliography(path, Report(), path.name)
    keys = [k for k in lib.entries if re.fullmatch(r"[\w-]+", k)]
    (tmp_path / "chapters").mkdir()
    (tmp_path / "references.bib").write_bytes(path.read_bytes())
    (tmp_path / "thesis.yaml").write_text(
        f"title: T\nauthor: A\ncitations: {{style: {style}}}\n", encoding="utf-8")
    body = "\n\n".join(f"Kalimat [@{k}, 12]." for k in keys)
    (tmp_path / "chapters" / "01-bab.md").write_text(f"# Bab\n\n{body}\n", encoding="utf-8")
    doc = prepare(tmp_path, Report())
    entries = [re.sub(r"\s+", " ", stringify(e)) for g in doc.bibliography for e in g.entries]
    assert len(entries) == len(keys)
    text = " ".join(stringify(p.blocks) for p in doc.chapters)
    keep = tuple(v for k in keys for v in protected(lib[k]))
    findings = []
    for entry in entries:
        # IPB's "Di dalam:" is a label before the book, not an empty container; a title with
        # quotes of its own nests them, as CSL alternates double and single quotes.
        found = set(lint(entry.replace("Di dalam: ", "Di dalam "), keep))
        if "‘" in entry:
            found.discard("doubled quotes")
        findings += [f"{sorted(found)}: {entry}"] if found else []
        if ENGLISH.search(entry):
            findings.append(f"English term: {entry}")
    assert not findings, findings[:5]
    if style == "apa":
        assert not re.search(r"\bet al\.", text + " ".join(entries))
