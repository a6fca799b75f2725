"""`build.py comments`: a supervisor's Word comments and tracked changes back at their source lines.

The reviewed copy is made the way Word would leave it: python-docx 1.2's comments API on a
sentence in the middle of a wrapped paragraph, on a section heading and on a footnote, plus a
tracked insertion and deletion written with lxml, then saved by python-docx (a full round trip
of the package).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.text.run import Run
from lxml import etree

from naskah.cli import main
from naskah.docx_package import Package

from .docxread import W, text

KEYS = ["author", "date", "quote", "text", "file", "line", "id", "parent", "resolved"]


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


def comment_on_footnote(d, index: int, comment: str, author: str, run: int = 0) -> None:
    """A Word comment on a text run (``run``: its position) of the document's ``index``-th
    footnote: python-docx comments only body runs, so the footnotes part is edited."""
    part = next(pt for pt in d.part.package.parts if str(pt.partname) == "/word/footnotes.xml")
    root = parse_xml(part.blob)
    notes = [n for n in root.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    runs = [r for r in notes[index].iter(f"{W}r") if "".join(r.itertext()).strip()]
    d.add_comment(Run(runs[run], None), text=comment, author=author)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


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
    comment_on_footnote(d, index, "Halaman dicek lagi.", "Andi")
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
    # 5. a tracked insertion in the middle of a wrapped paragraph: the line of the words after it
    for p in paras[3:]:
        later = [r for r in p.runs[1:] if len(r.text.split()) >= 4]
        line = source_line(project, ch3.file, " ".join(later[0].text.split()[:4])) if later \
            else None
        first = source_line(project, ch3.file, " ".join(p.runs[0].text.split()[:4]))
        if line and first and line > first:
            ins = etree.fromstring(f'<w:ins xmlns:w="{W[1:-1]}" w:id="9020" w:author="Andi" '
                                   'w:date="2026-06-01T10:05:00Z"><w:r><w:t xml:space='
                                   '"preserve">amat </w:t></w:r></w:ins>')
            later[0]._r.addprevious(ins)
            expect["inserted “amat ”"] = (ch3.file, line)
            break
    assert "inserted “amat ”" in expect

    # 6. a table cell, and a Daftar Pustaka entry (its .bib entry's line)
    cell = next(c for t in d.tables for row in t.rows[1:] for c in row.cells
                if len(c.text) > 8 and source_line(project, ch1.file, c.text))
    d.add_comment(cell.paragraphs[0].runs, text="Isi sel ini dicek.", author="Dr. Ratna")
    expect["Isi sel ini dicek."] = (ch1.file, source_line(project, ch1.file, cell.text))
    entry = next(p for p in d.paragraphs if style(p) == "Bibliography" and "TeXbook" in p.text)
    d.add_comment(entry.runs, text="Tahun terbit?", author="Dr. Ratna")
    bib = (project / "references.bib").read_text("utf-8").splitlines()
    at = next(n for n, line in enumerate(bib) if "TeXbook" in line)
    start = next(n for n in range(at, -1, -1) if bib[n].lstrip().startswith("@"))
    expect["Tahun terbit?"] = ("references.bib", start + 1)

    # 7. a whole paragraph deleted, its runs one by one (a note reference among them): one remark
    ch4 = doc.chapters[3]
    target = first_words = None
    for p in chapter_paragraphs(d, ch4.label, doc.chapters[4].label):
        if (style(p).startswith(("Body Text", "First Paragraph")) and len(p.runs) >= 3
                and p._p.find(f".//{W}footnoteReference") is not None):
            first_words = " ".join(p.runs[0].text.split()[:4])
            if len(first_words) > 15 and source_line(project, ch4.file, first_words):
                target = p
                break
    assert target is not None, "no paragraph with a note in BAB IV"
    expect[f"deleted “{target.text}”"] = (ch4.file, source_line(project, ch4.file, first_words))
    for n, r in enumerate(list(target._p.iter(f"{W}r"))):
        wrapper = etree.Element(f"{W}del", {f"{W}id": str(9100 + n), f"{W}author": "Andi",
                                            f"{W}date": "2026-06-01T11:00:00Z"})
        r.addprevious(wrapper)
        wrapper.append(r)
        for t in r.iter(f"{W}t"):
            t.tag = f"{W}delText"
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
    # the deleted paragraph is one remark, not one per run
    assert sum(r["date"] == "2026-06-01T11:00:00Z" for r in remarks) == 1


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
                        "text": "Komentar.", "file": None, "line": None,
                        "id": remarks[0]["id"], "parent": None, "resolved": False}]


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


# --- round trips as supervisors make them -------------------------------------------------------

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def with_reply(path: Path, dest: Path) -> Path:
    """``path`` with a reply to its first comment and that comment resolved, written the way
    Word writes them: ``w14:paraId`` on the comments' paragraphs, ``commentsExtended.xml``."""
    pkg = Package.open(path)
    comments = pkg.xml("word/comments.xml")
    first = comments.find(f"{W}comment")
    for n, p in enumerate(comments.iter(f"{W}p")):
        p.set(f"{{{W14}}}paraId", f"{n + 1:08X}")
    reply = etree.SubElement(comments, f"{W}comment", {
        f"{W}id": "777", f"{W}author": "Nadia", f"{W}date": "2026-06-02T08:00:00Z"})
    etree.SubElement(etree.SubElement(etree.SubElement(reply, f"{W}p", {
        f"{{{W14}}}paraId": "0000ABCD"}), f"{W}r"), f"{W}t").text = "Sudah saya tambahkan."
    pkg.write_xml("word/comments.xml", comments)
    parent_para = list(first.iter(f"{W}p"))[-1].get(f"{{{W14}}}paraId")
    pkg.write("word/commentsExtended.xml", (
        f'<w15:commentsEx xmlns:w15="{W15}"><w15:commentEx w15:paraId="{parent_para}" '
        'w15:done="1"/><w15:commentEx w15:paraId="0000ABCD" '
        f'w15:paraIdParent="{parent_para}" w15:done="0"/></w15:commentsEx>').encode())
    types = pkg.xml("[Content_Types].xml")
    etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}"
                     "Override", PartName="/word/commentsExtended.xml",
                     ContentType="application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.commentsExtended+xml")
    pkg.write_xml("[Content_Types].xml", types)
    rels = pkg.xml("word/_rels/document.xml.rels")
    etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}"
                     "Relationship", Id="rIdExt1", Target="commentsExtended.xml",
                     Type="http://schemas.microsoft.com/office/2011/relationships/"
                          "commentsExtended")
    pkg.write_xml("word/_rels/document.xml.rels", rels)
    pkg.save(dest)
    return dest


def test_replies_and_resolved_state(reviewed, sample_build, tmp_path, capsys):
    path, expect = reviewed
    remarks = run_json(capsys, str(with_reply(path, tmp_path / "dibalas.docx")),
                       "--project", str(sample_build.project))
    first = next(r for r in remarks if r["id"] and r["parent"] is None and r["resolved"])
    reply = next(r for r in remarks if r["text"] == "Sudah saya tambahkan.")
    assert reply["parent"] == first["id"] and not reply["resolved"]
    assert (reply["file"], reply["line"]) == (first["file"], first["line"])
    assert (first["file"], first["line"]) == expect[first["text"]]
    assert all(r["parent"] is None for r in remarks if r is not reply)


def test_author_filters(reviewed, sample_build, capsys):
    path, _ = reviewed
    everyone = run_json(capsys, str(path), "--project", str(sample_build.project))
    andi = run_json(capsys, str(path), "--author", "andi", "--project",
                    str(sample_build.project))
    others = run_json(capsys, str(path), "--exclude-author", "Andi", "--project",
                      str(sample_build.project))
    assert andi and others and {r["author"] for r in andi} == {"Andi"}
    assert "Andi" not in {r["author"] for r in others}
    assert len(andi) + len(others) == len(everyone)


@pytest.fixture(scope="module")
def saved_by_libreoffice(sample_build, tmp_path_factory) -> Path:
    """The sample's DOCX opened and saved again by LibreOffice, as a supervisor without Word
    sends it back (LibreOffice renames the footnotes' bookmarks ``…_Copy_1``)."""
    out = tmp_path_factory.mktemp("lo-saved")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing; .ci/run installs it")
        pytest.skip("LibreOffice is not installed")
    proc = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{out}/lo",
                           "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out / "x"),
                           str(sample_build.docx)], capture_output=True, timeout=300,
                          check=False)
    saved = out / "x" / sample_build.docx.name
    assert proc.returncode == 0 and saved.is_file(), proc.stderr.decode()
    return saved


def test_a_libreoffice_saved_copy_maps_alike(saved_by_libreoffice, sample_build, tmp_path,
                                             capsys):
    names = [b.get(f"{W}name") for b in Package.open(saved_by_libreoffice).xml(
        "word/footnotes.xml").iter(f"{W}bookmarkStart")]
    assert any(n.endswith("_Copy_1") for n in names)  # what LibreOffice does to them
    doc = sample_build.doc
    d = docx.Document(str(saved_by_libreoffice))
    index, info = next((i, f) for i, f in enumerate(doc.footnotes)
                       if f.chapter == 3 and f.citations)
    comment_on_footnote(d, index, "Cek catatan ini.", "Dr. Ratna", run=-1)
    head = next(p for p in chapter_paragraphs(d, doc.chapters[1].label, doc.chapters[2].label)
                if style(p).startswith("Heading 2"))
    d.add_comment(head.runs, text="Subbab ini.", author="Dr. Ratna")
    title = re.sub(r"^\S+\s+", "", head.text)
    d.save(str(tmp_path / "lo-reviewed.docx"))
    remarks = run_json(capsys, str(tmp_path / "lo-reviewed.docx"), "--project",
                       str(sample_build.project))
    by_text = {r["text"]: r for r in remarks}
    assert (by_text["Cek catatan ini."]["file"], by_text["Cek catatan ini."]["line"]) == \
        (info.file, info.line)
    ch2 = doc.chapters[1].file
    assert (by_text["Subbab ini."]["file"], by_text["Subbab ini."]["line"]) == \
        (ch2, source_line(sample_build.project, ch2, f"## {title}"))


def test_source_names_stay_inside_the_project(reviewed, sample_build, tmp_path, capsys):
    """A DOCX names its sources; ``comments`` reads only such files inside the project."""
    path, _ = reviewed
    pkg = Package.open(path)
    custom = pkg.read("docProps/custom.xml").decode()
    hostile = re.sub(r"chapters/01-[\w-]+\.md", "/etc/passwd", custom, count=1)
    assert hostile != custom
    pkg.write("docProps/custom.xml", hostile.encode())
    pkg.save(tmp_path / "jahat.docx")
    remarks = run_json(capsys, str(tmp_path / "jahat.docx"), "--project",
                       str(sample_build.project))
    assert remarks and not any("root:" in r["quote"] + r["text"] for r in remarks)


def test_not_word_and_zip_bombs_are_one_line(tmp_path, capsys):
    import zipfile

    plain = tmp_path / "bukan-word.docx"
    with zipfile.ZipFile(plain, "w") as z:
        z.writestr("isi.txt", "halo")
    assert main(["comments", str(plain)]) == 1
    err = capsys.readouterr().err
    assert "not a Word document: the package has no word/document.xml" in err
    bomb = tmp_path / "bom.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * 50_000_000 + b"</a>")
    assert main(["comments", str(bomb)]) == 1
    err = capsys.readouterr().err
    assert "zip bomb" in err and "Traceback" not in err and len(err.splitlines()) == 1
