"""`build.py docx --since REV`: every change since an earlier draft as a Word tracked change.

A git repository whose thesis lives in a subfolder: draft 1 (tag ``draft-1``) is the seed's
BAB I and a short BAB II with a hand-written footnote; draft 2 changes one word in a body
paragraph, adds one to a heading, one in the hand-written footnote, rewraps a paragraph (no
change), and makes a citation repeat the previous source, so its note turns from a full note
into *Ibid.* and the source it cited leaves the Daftar Pustaka. The changes DOCX must mark
exactly those words; accepting every change must give the current thesis's DOCX text,
rejecting every change the old one's.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from naskah.changes import Differ
from naskah.cli import main
from naskah.pandoc_ast import Space, Str

from .docxread import W

FIXTURES = Path(__file__).parent / "fixtures" / "notes"
AUTHOR = "Penulis Uji"
EPOCH = 1780272000  # 2026-06-01T00:00:00Z
DATE = "2026-06-01T00:00:00Z"
CH2 = """# Metode Penelitian

## Desain Penelitian

Penelitian ini memakai pendekatan kualitatif
dengan wawancara mendalam.[^a]

[^a]: Wawancara dilakukan pada bulan Maret di Kupang.

Data dianalisis secara tematik.
"""
EDITS = [  # (file, old, new) for draft 2
    ("chapters/01-pendahuluan.md", "## Latar Belakang", "## Latar Belakang Masalah"),
    ("chapters/01-pendahuluan.md", "Paragraf uji kedua membahas",
     "Paragraf uji kedua menguraikan"),
    ("chapters/01-pendahuluan.md", "negara berkembang [@afd-challenges]",
     "negara berkembang [@ilo-history]"),
    ("chapters/02-metode.md", "bulan Maret di", "bulan April di"),
    ("chapters/02-metode.md", "Data dianalisis secara", "Data dianalisis\nsecara"),  # rewrapped
]


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True,
                          text=True).stdout


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """mtime and size of every file of the repository except build output."""
    return {str(p.relative_to(root)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in root.rglob("*") if p.is_file() and "build" not in p.parts}


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("changes") / "repo"
    project = root / "skripsi"
    (project / "chapters").mkdir(parents=True)
    git(root, "init", "-q")
    (root / ".gitignore").write_text("build/\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "empty")
    git(root, "tag", "empty")
    (project / "thesis.yaml").write_text(f"title: Kemiskinan di NTT\nauthor: {AUTHOR}\n",
                                         encoding="utf-8")
    (project / "chapters" / "01-pendahuluan.md").write_text("Tanpa judul bab.\n", "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "broken")
    git(root, "tag", "broken")
    shutil.copy(FIXTURES / "seed-bab1.md", project / "chapters" / "01-pendahuluan.md")
    shutil.copy(FIXTURES / "seed-bab1.bib", project / "references.bib")
    (project / "chapters" / "02-metode.md").write_text(CH2, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "draft 1")
    git(root, "tag", "draft-1")
    for file, old, new in EDITS:
        path = project / file
        text = path.read_text("utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "draft 2")

    before = snapshot(root)
    leftovers = root.parent / "tmp"
    leftovers.mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        mp.setattr(tempfile, "tempdir", str(leftovers))
        code, _, err = run(["docx", "--since", "draft-1", "--project", str(project), "-q"])
    assert code == 0, err
    after = snapshot(root)
    status = git(root, "status", "--porcelain")
    code, _, err = run(["docx", "--project", str(project), "--out", str(root.parent / "plain"),
                        "-q"])
    assert code == 0, err
    old = root.parent / "old"  # draft 1 built from a copy, for "reject every change"
    shutil.copytree(project, old)
    for file, before_text, after_text in EDITS:
        path = old / file
        path.write_text(path.read_text("utf-8").replace(after_text, before_text), "utf-8")
    code, _, err = run(["docx", "--project", str(old), "--out", str(old / "build"), "-q"])
    assert code == 0, err
    return {"root": root, "project": project, "changes": project / "build" /
            "thesis-changes.docx", "plain": root.parent / "plain" / "thesis.docx",
            "old": old / "build" / "thesis.docx", "before": before, "after": after,
            "status": status, "leftovers": sorted(leftovers.iterdir())}


def parts(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as z:
        return {name: etree.fromstring(z.read(name))
                for name in ("word/document.xml", "word/footnotes.xml")}


def revisions(root: Any) -> list[tuple[str, str]]:
    """What is marked, paragraph by paragraph: ("ins"|"del", text) for each stretch of tracked
    text (Word's pieces of one stretch joined), ("ins¶"|"del¶", "") for a tracked mark."""
    out: list[tuple[str, str]] = []
    for p in root.iter(f"{W}p"):
        for el in p.findall(f"{W}pPr/{W}rPr/*"):
            if el.tag in (f"{W}ins", f"{W}del"):
                out.append((etree.QName(el).localname + "¶", ""))
        runs: list[list[Any]] = []
        for t in p.iter(f"{W}t", f"{W}delText"):
            rev = next(t.iterancestors(f"{W}ins", f"{W}del"), None)
            kind = etree.QName(rev).localname if rev is not None else None
            if runs and runs[-1][0] == kind:
                runs[-1][1] += t.text or ""
            else:
                runs.append([kind, t.text or ""])
        out += [(kind, text) for kind, text in runs if kind]
    return out


def kept_text(p: Any, accept: bool) -> str:
    """The text of a paragraph that stays once its changes are accepted (or rejected)."""
    if accept:
        texts = list(p.iter(f"{W}t"))
    else:
        texts = [t for t in p.iter(f"{W}t", f"{W}delText")
                 if t.tag == f"{W}delText" or next(t.iterancestors(f"{W}ins"), None) is None]
    return "".join(t.text or "" for t in texts)


def settle(root: Any, accept: bool) -> Any:
    """Accept (or reject) every tracked change, the way Word does."""
    drop, keep = (f"{W}del", f"{W}ins") if accept else (f"{W}ins", f"{W}del")
    for el in list(root.iter(drop)):
        parent = el.getparent()
        if parent.tag == f"{W}rPr":  # a tracked paragraph mark: the paragraph goes
            p = next(el.iterancestors(f"{W}p"))
            assert not kept_text(p, accept).strip()  # else Word would merge, not drop, it
            p.getparent().remove(p)
        else:
            parent.remove(el)
    for el in list(root.iter(keep)):
        parent = el.getparent()
        if parent.tag == f"{W}rPr":
            parent.remove(el)
            continue
        for child in list(el):
            el.addprevious(child)
        parent.remove(el)
    for t in root.iter(f"{W}delText"):
        t.tag = f"{W}t"
    return root


def paragraphs(root: Any, skip_toc: bool = False) -> list[str]:
    """Each paragraph's words; a field's cached result (a Daftar Isi page number, which the
    plain build takes from its PDF) left out."""
    out = []
    for p in root.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if skip_toc and style is not None and style.get(f"{W}val", "").startswith("TOC"):
            continue
        words, in_result = [], 0
        for el in p.iter(f"{W}t", f"{W}fldChar"):
            kind = el.get(f"{W}fldCharType")
            if kind == "separate":
                in_result += 1
            elif kind == "end":
                in_result = max(0, in_result - 1)
            elif el.tag == f"{W}t" and not in_result:
                words.append(el.text or "")
        out.append(" ".join("".join(words).split()))
    return out


def test_exactly_the_changed_words_are_tracked(repo):
    doc, notes = parts(repo["changes"]).values()
    body = revisions(doc)
    assert body[:3] == [("ins", " Masalah"), ("del", "membahas"), ("ins", "menguraikan")]
    # the source that is no longer cited leaves the Daftar Pustaka: one deleted paragraph
    assert [k for k, _ in body[3:]] == ["del¶", "del"]
    assert body[4][1].startswith("“5 Challenges for Employment in Developing Countries.”")
    foot = revisions(notes)
    assert [k for k, _ in foot] == ["del", "ins", "del", "ins"]
    assert foot[0][1].startswith("“5 Challenges for Employment") and foot[1][1] == "Ibid"
    assert foot[2:] == [("del", "Maret"), ("ins", "April")]
    for root in (doc, notes):
        for el in root.iter(f"{W}ins", f"{W}del"):
            assert (el.get(f"{W}author"), el.get(f"{W}date")) == (AUTHOR, DATE)
    ids = [el.get(f"{W}id") for root in (doc, notes) for el in root.iter(f"{W}ins", f"{W}del")]
    assert len(set(ids)) == len(ids)
    for root in (doc, notes):  # the schema allows hyperlink/del, not del/hyperlink
        assert not root.findall(f".//{W}del/{W}hyperlink") + root.findall(f".//{W}ins/{W}hyperlink")
        assert root.findall(f".//{W}hyperlink/{W}del")


def test_accepting_gives_the_current_thesis_and_rejecting_the_old_one(repo):
    changes = parts(repo["changes"])
    plain, old = parts(repo["plain"]), parts(repo["old"])
    for name in changes:
        accepted = paragraphs(settle(changes[name], accept=True))
        assert accepted == paragraphs(plain[name]), name
    changes = parts(repo["changes"])
    for name in changes:  # the Daftar Isi is filled in with the current headings
        rejected = paragraphs(settle(changes[name], accept=False), skip_toc=True)
        assert rejected == paragraphs(old[name], skip_toc=True), name


def test_the_working_tree_is_untouched(repo):
    assert repo["after"] == repo["before"]
    assert repo["status"] == ""
    assert repo["leftovers"] == []  # the old version's temporary folder is gone


def test_comments_lists_the_changes_with_their_source_lines(repo):
    project = repo["project"]
    code, out, err = run(["comments", str(repo["changes"]), "--format", "json",
                          "--project", str(project)])
    assert code == 0, err
    remarks = json.loads(out)
    ch1 = (project / "chapters" / "01-pendahuluan.md").read_text("utf-8").splitlines()
    ch2 = (project / "chapters" / "02-metode.md").read_text("utf-8").splitlines()

    def line(lines: list[str], words: str) -> int:
        return next(n for n, text in enumerate(lines, 1) if words in text)

    where = {r["text"]: (r["file"], r["line"]) for r in remarks}
    assert where["inserted “ Masalah”"] == ("chapters/01-pendahuluan.md",
                                            line(ch1, "Latar Belakang Masalah"))
    assert where["inserted “menguraikan”"] == ("chapters/01-pendahuluan.md",
                                               line(ch1, "menguraikan"))
    assert where["deleted “membahas”"][0] == "chapters/01-pendahuluan.md"
    assert where["inserted “Ibid”"] == ("chapters/01-pendahuluan.md",
                                        line(ch1, "berkembang [@ilo-history]"))
    assert where["inserted “April”"] == ("chapters/02-metode.md", line(ch2, "mendalam.[^a]"))
    bib = [r for r in remarks if r["text"].startswith("deleted ““5 Challenges")]
    assert {r["file"] for r in bib} == {"chapters/01-pendahuluan.md", "references.bib"}
    assert all(r["author"] == AUTHOR and r["date"] == DATE for r in remarks)


@pytest.mark.parametrize("rev, message", [
    ("no-such-draft", "unknown revision 'no-such-draft'"),
    ("empty", "'skripsi' has no files at that revision"),
    ("broken", "the version at broken does not build: chapters/01-pendahuluan.md:1"),
])
def test_revision_errors_are_one_line(repo, rev, message):
    code, _, err = run(["docx", "--since", rev, "--project", str(repo["project"]), "-q"])
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and message in err, err


def test_not_a_git_repository(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    project = tmp_path / "skripsi"
    (project / "chapters").mkdir(parents=True)
    (project / "thesis.yaml").write_text("title: T\nauthor: A\n", encoding="utf-8")
    (project / "chapters" / "01-bab.md").write_text("# Bab\n\nTeks.\n", encoding="utf-8")
    code, _, err = run(["docx", "--since", "HEAD~1", "--project", str(project), "-q"])
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and "not in a git repository" in err, err
    assert not (project / "build").exists()


def words(text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, w in enumerate(text.split(" ")):
        out += ([Space()] if i else []) + [Str(w)]
    return out


def flat(inlines: list[dict[str, Any]]) -> str:
    """Inlines as text with [-deleted-] and {+inserted+} runs."""
    out = []
    for el in inlines:
        if el["t"] == "Span" and el["c"][0][1] in (["insertion"], ["deletion"]):
            inner = flat(el["c"][1])
            out.append(f"{{+{inner}+}}" if el["c"][0][1] == ["insertion"] else f"[-{inner}-]")
        else:
            out.append(el["c"] if el["t"] == "Str" else " ")
    return "".join(out)


@pytest.mark.parametrize("old, new, expected", [
    ("di Kupang.", "di Kupang dan Ende.", "di Kupang{+ dan Ende+}."),
    ("satu dua tiga empat", "satu lima enam empat", "satu [-dua tiga-]{+lima enam+} empat"),
    ("sama saja", "sama saja", "sama saja"),
    ("tahun 2022.", "tahun 2023.", "tahun [-2022-]{+2023+}."),
])
def test_word_diff(old, new, expected):
    assert flat(Differ(AUTHOR, DATE).inlines(words(old), words(new))) == expected


def test_any_revision_name_and_out_folder(repo, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    code, _, err = run(["docx", "--since", "HEAD~1", "--project", str(repo["project"]),
                        "--out", str(tmp_path), "-q"])
    assert code == 0, err
    again = parts(tmp_path / "thesis-changes.docx")
    for name, root in parts(repo["changes"]).items():
        assert revisions(again[name]) == revisions(root)
