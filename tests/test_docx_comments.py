"""`build.py comments`: a supervisor's Word comments and tracked changes back at their source lines.

The reviewed copy is made the way Word would leave it: python-docx 1.2's comments API on a
sentence in the middle of a wrapped paragraph, on a section heading and on a footnote, plus a
tracked insertion and deletion written with lxml, then saved by python-docx (a full round trip
of the package).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.text.run import Run
from lxml import etree

from naskah.cli import main

from .docxread import W, text

KEYS = ["author", "date", "quote", "text", "file", "line"]


def source_line(project: Path, file: str, words: str) -> int | None:
    """The one line of a source file where ``words`` are written, else None."""
    lines = (project / file).read_text("utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if words in line.replace("*", "")]
    return hits[0] if len(hits) == 1 else None


def style(p) -> str:
    return p.style.name if p.style is not None else ""


def chapter_paragraphs(d, label: str, next_label: str | None) -> list:
    """python-docx paragraphs between ``BAB label`` and the next chapter heading."""
    out, inside = [], False
    for p in d.paragraphs:
        if style(p).startswith("Heading 1"):
            t = p.text.replace("\n", " ")
            if t.startswith(f"BAB {label} ") or t == f"BAB {label}":
                inside = True
                continue
            if inside and (next_label is None or t.startswith(f"BAB {next_label}")
                           or not t.startswith("BAB")):
                break
        if inside:
            out.append(p)
    return out


@pytest.fixture(scope="module")
def reviewed(sample_build, tmp_path_factory) -> tuple[Path, dict[str, tuple[str, int]]]:
    """A commented, change-tracked copy of the sample's DOCX and where each remark belongs."""
    project, doc = sample_build.project, sample_build.doc
    d = docx.Document(str(sample_build.docx))
    expect: dict[str, tuple[str, int]] = {}
    ch1, ch2, ch3 = doc.chapters[0], doc.chapters[1], doc.chapters[2]

    # 1. a sentence in the middle of a paragraph wrapped over several source lines
    done = False
    for p in chapter_paragraphs(d, ch1.label, ch2.label):
        if not style(p).startswith(("Body Text", "First Paragraph")) or len(p.runs) < 3:
            continue
        for run in p.runs[1:]:
            words = " ".join(run.text.split()[:4])
            line = source_line(project, ch1.file, words) if len(words) > 15 else None
            first = source_line(project, ch1.file, " ".join(p.runs[0].text.split()[:4]))
            if line and first and line > first:
                d.add_comment(run, text="Perlu sumber untuk kalimat ini.", author="Dr. Ratna")
                expect["Perlu sumber untuk kalimat ini."] = (ch1.file, line)
                done = True
                break
        if done:
            break
    assert done, "no wrapped paragraph with a later run in BAB I"

    # 2. a section heading
    head = next(p for p in chapter_paragraphs(d, ch2.label, ch3.label)
                if style(p).startswith("Heading 2"))
    title = re.sub(r"^\S+\s+", "", head.text)
    d.add_comment(head.runs, text="Judul subbab kurang jelas.", author="Dr. Ratna")
    expect["Judul subbab kurang jelas."] = (ch2.file, source_line(project, ch2.file,
                                                                   f"## {title}"))

    # 3. a footnote made from a citation (Word allows comments in footnotes)
    index, info = next((i, f) for i, f in enumerate(doc.footnotes)
                       if f.chapter == 2 and f.citations)
    part = next(pt for pt in d.part.package.parts if str(pt.partname) == "/word/footnotes.xml")
    root = parse_xml(part.blob)
    notes = [n for n in root.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    runs = [r for r in notes[index].iter(f"{W}r") if "".join(r.itertext()).strip()]
    d.add_comment(Run(runs[0], None), text="Halaman dicek lagi.", author="Andi")
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    expect["Halaman dicek lagi."] = (info.file, info.line)

    # 4. tracked changes: an insertion at a paragraph's start, a deletion of a later run
    paras = [p for p in chapter_paragraphs(d, ch3.label, doc.chapters[3].label)
             if style(p).startswith(("Body Text", "First Paragraph"))]
    p = paras[1]
    line = source_line(project, ch3.file, " ".join(p.runs[0].text.split()[:4]))
    for n, words in enumerate(("Secara ", "ringkas, ")):  # Word splits one edit in pieces
        ins = etree.fromstring(f'<w:ins xmlns:w="{W[1:-1]}" w:id="{9001 + n}" w:author="Andi" '
                               'w:date="2026-06-01T10:00:00Z"><w:r><w:t xml:space="preserve">'
                               f"{words}</w:t></w:r></w:ins>")
        p.runs[0]._r.addprevious(ins)
    expect["inserted “Secara ringkas, ”"] = (ch3.file, line)
    for p in paras[2:]:
        later = [r for r in p.runs[1:] if len(r.text.split()) >= 4]
        line = source_line(project, ch3.file, " ".join(later[0].text.split()[:4])) if later \
            else None
        if line:
            r = later[0]._r
            deleted = r.find(f"{W}t").text
            wrapper = etree.SubElement(r.getparent(), f"{W}del", {
                f"{W}id": "9009", f"{W}author": "Andi", f"{W}date": "2026-06-01T10:01:00Z"})
            r.addprevious(wrapper)
            wrapper.append(r)
            r.find(f"{W}t").tag = f"{W}delText"
            expect[f"deleted “{deleted}”"] = (ch3.file, line)
            break
    dest = tmp_path_factory.mktemp("reviewed") / "thesis-reviewed.docx"
    d.save(str(dest))
    return dest, expect


def run_json(capsys, *args: str) -> list[dict]:
    assert main(["comments", *args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_each_comment_and_change_maps_to_its_file_and_line(reviewed, sample_build, capsys):
    path, expect = reviewed
    remarks = run_json(capsys, str(path), "--project", str(sample_build.project))
    assert all(list(r) == KEYS for r in remarks)
    by_text = {r["text"]: r for r in remarks}
    assert set(expect) <= set(by_text), sorted(by_text)
    for key, (file, line) in expect.items():
        assert line is not None
        assert (by_text[key]["file"], by_text[key]["line"]) == (file, line), key
    assert by_text["Perlu sumber untuk kalimat ini."]["author"] == "Dr. Ratna"
    assert by_text["Perlu sumber untuk kalimat ini."]["date"]
    heading = by_text["Judul subbab kurang jelas."]["quote"]
    assert re.match(r"^2\.\d+\. \S", heading)
    assert by_text["inserted “Secara ringkas, ”"]["quote"] == "Secara ringkas, "
    assert by_text["inserted “Secara ringkas, ”"]["date"] == "2026-06-01T10:00:00Z"
    assert not any(t.startswith(("inserted “Secara ”", "inserted “ringkas")) for t in by_text)


def test_plain_output_is_file_line_author_text(reviewed, sample_build, capsys):
    path, expect = reviewed
    assert main(["comments", str(path), "--project", str(sample_build.project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    for file, line in expect.values():
        assert f"{file}:{line}: " in "\n".join(lines)
    assert any(re.fullmatch(r"chapters/\S+\.md:\d+: Dr\. Ratna: Perlu sumber untuk kalimat ini\.",
                            x) for x in lines)


def test_without_the_sources_the_paragraphs_first_line_is_given(reviewed, tmp_path, capsys):
    path, expect = reviewed
    remarks = run_json(capsys, str(path), "--project", str(tmp_path))
    got = next(r for r in remarks if r["text"] == "Perlu sumber untuk kalimat ini.")
    file, line = expect["Perlu sumber untuk kalimat ini."]
    assert got["file"] == file and got["line"] < line


def test_a_docx_from_elsewhere_lists_comments_without_a_source(tmp_path, capsys):
    d = docx.Document()
    para = d.add_paragraph("Teks biasa.")
    d.add_comment(para.runs, text="Komentar.", author="X")
    path = tmp_path / "lain.docx"
    d.save(str(path))
    remarks = run_json(capsys, str(path))
    assert remarks == [{"author": "X", "date": remarks[0]["date"], "quote": "Teks biasa.",
                        "text": "Komentar.", "file": None, "line": None}]


def test_bad_arguments(tmp_path, capsys):
    assert main(["comments", str(tmp_path / "tidak-ada.docx")]) == 1
    junk = tmp_path / "rusak.docx"
    junk.write_bytes(b"not a zip")
    assert main(["comments", str(junk)]) == 1
    assert "not a readable DOCX" in capsys.readouterr().err


def test_bookmarks_survive_the_round_trip(reviewed):
    path, _ = reviewed
    d = docx.Document(str(path))
    names = [b.get(f"{W}name") for b in d.element.body.iter(f"{W}bookmarkStart")]
    assert sum(n.startswith("_nks") for n in names) > 100
    assert text(d.element.body)
