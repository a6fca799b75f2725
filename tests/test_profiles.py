"""University profiles as data (`profile:` in thesis.yaml) and the citation systems they choose."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from naskah.build import prepare
from naskah.cli import main
from naskah.commands.new import create
from naskah.config import parse_config, profiles
from naskah.config.loader import load_config
from naskah.diagnostics import Report
from naskah.pandoc_ast import stringify

from .conftest import copy_sample

NAMES = ("default", "ui-2017", "itb-sps", "ipb-ppki4", "its-2022", "ugm-fmipa", "ugm-dteti",
         "unpar-ftis")


def config(text: str, project: Path | None = None):
    report = Report()
    cfg = parse_config(text, report, project=project)
    return cfg, [d.format() for d in report.items]


def test_every_profile_loads_cleanly_and_names_its_sources() -> None:
    assert set(profiles.builtin_names()) == set(NAMES)
    research = Path("/work/shared/spec/profiles-research.md")
    for name in NAMES:
        cfg, problems = config(f"profile: {name}\ntitle: t\nauthor: a\n")
        assert cfg is not None and not problems, (name, problems)
        profile = profiles.builtin(name)
        assert profile.sources, name
        text = (Path(profiles.__file__).parent.parent / "data" / "profiles"
                / f"{name}.yaml").read_text("utf-8")
        # every format/citations value line carries a source code with its grade
        for line in text.split("\n"):
            if name != "default" and re.match(r"^  [a-z_]+: ", line):
                assert re.search(r"#.*\b[A-Z]+-[PTS]\d+ \([PTS]\)", line) or "titles" in line, \
                    (name, line)
        for code in profile.sources:
            if research.exists() and code not in ("FORMAT", "COMMON"):
                assert code in research.read_text("utf-8"), code


def test_profile_values_and_overrides() -> None:
    cfg, _ = config("profile: ipb-ppki4\ntitle: t\nauthor: a\n")
    assert (cfg.format.margins.top, cfg.format.margins.left, cfg.format.margins.bottom,
            cfg.format.margins.right) == ("3cm", "4cm", "3cm", "3cm")
    assert cfg.format.line_spacing == 1.0 and cfg.format.chapter_label == "one-line"
    assert cfg.citations.style == "name-year" and cfg.format.titles.preface == "PRAKATA"
    # single knobs still override; the rest of the profile stays
    cfg, _ = config("profile: ipb-ppki4\ntitle: t\nauthor: a\nformat: {line_spacing: 2.0, "
                    "titles: {preface: KATA PENGANTAR}}\ncitations: {style: apa}\n")
    assert cfg.format.line_spacing == 2.0 and cfg.format.margins.left == "4cm"
    assert cfg.format.titles.preface == "KATA PENGANTAR"
    assert cfg.format.titles.bibliography == "DAFTAR PUSTAKA"
    assert cfg.citations.style == "apa"
    cfg, _ = config("title: t\nauthor: a\n")
    assert cfg.format.margins.left == "4cm" and cfg.citations.style == "chicago"


def test_unknown_profile_is_an_error_at_its_line() -> None:
    _, problems = config("title: t\nauthor: a\nprofile: ipb\n")
    assert problems and problems[0].startswith("thesis.yaml:3:10: error: unknown profile 'ipb'")


def test_a_thesis_ships_its_own_profile_file(tmp_path: Path) -> None:
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "fh.yaml").write_text(
        "name: fh\nguide: Pedoman FH\ncitations: {style: classic}\n"
        "format:\n  line_spacing: 2.0\n  margins: {left: 5cm}\n  chapter_label: sideways\n",
        encoding="utf-8")
    cfg, problems = config("profile: profiles/fh.yaml\ntitle: t\nauthor: a\n", tmp_path)
    assert cfg.format.line_spacing == 2.0 and cfg.format.margins.left == "5cm"
    assert cfg.format.margins.top == "4cm" and cfg.citations.style == "classic"
    assert problems == ["profiles/fh.yaml:7:18: error: 'format.chapter_label' must be one of "
                        "two-line, one-line, not 'sideways'"]
    _, problems = config("profile: ../elsewhere.yaml\ntitle: t\nauthor: a\n", tmp_path)
    assert problems == ["thesis.yaml:1:10: error: profile file '../elsewhere.yaml' is outside "
                        "the project folder"]
    _, problems = config("profile: profiles/none.yaml\ntitle: t\nauthor: a\n", tmp_path)
    assert problems == ["thesis.yaml:1:10: error: profile file 'profiles/none.yaml' not found"]


def test_profiles_command_lists_each_profile_with_sources(capsys) -> None:
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for name in NAMES:
        assert re.search(rf"^{re.escape(name)} ", out, re.M), name
    assert "UI-P1 (P):" in out and "IPB-T2 (T):" in out and "[citations: ieee]" in out


def test_new_project_in_a_profile(tmp_path: Path) -> None:
    create(tmp_path / "t", "naskah", "ipb-ppki4")
    text = (tmp_path / "t" / "thesis.yaml").read_text("utf-8")
    assert "\nprofile: ipb-ppki4\n" in text
    data = yaml.safe_load(text)
    assert "format" not in data and "citations" not in data  # shown, commented, not pinned
    report = Report()
    cfg = load_config(tmp_path / "t", report)
    assert not report.items and cfg.citations.style == "name-year"
    first = (tmp_path / "t" / "chapters" / "05-penutup.md").read_text("utf-8").split("\n")[0]
    assert first == "# Simpulan dan Saran"


@pytest.fixture(scope="module")
def cited(tmp_path_factory: pytest.TempPathFactory):
    """The sample's chapters cited in each citation system (citeproc, no PDF)."""
    def run(profile: str, language: str = "id") -> tuple[str, list[str]]:
        project = copy_sample(tmp_path_factory.mktemp(profile))
        text = (project / "thesis.yaml").read_text("utf-8").replace("  style: chicago", "")
        text = text.replace("language: id", f"language: {language}")
        (project / "thesis.yaml").write_text(f"profile: {profile}\n{text}", encoding="utf-8")
        doc = prepare(project, Report())
        body = " ".join(stringify(p.blocks) for p in doc.chapters)
        entries = [stringify(e) for g in doc.bibliography for e in g.entries]
        return re.sub(r"\s+", " ", body), entries
    return run


def test_name_year_in_indonesian(cited) -> None:
    body, entries = cited("ipb-ppki4")
    assert "(Keohane dan Nye 1977" in body
    assert not re.search(r"\(\w+,? et al\.,", body)
    booth = next(e for e in entries if e.startswith("Booth"))
    assert booth.startswith("Booth WC, Colomb GG, Williams JM. 2008.") and "edisi ke-3" in booth
    assert entries == sorted(entries, key=str.casefold) or entries[0][0].isdigit()


def test_apa_in_indonesian_and_english(cited) -> None:
    body, entries = cited("ui-2017")
    assert "(Knuth, 1984, hlm. vii)" in body
    assert re.search(r"\(\w+ dkk\., \d{4}", body) and not re.search(r"\w+ et al\., \d{4}", body)
    maedje = next(e for e in entries if e.startswith("Mädje"))
    assert "[Tesis]" in maedje and "Mathesis" not in maedje
    assert any("(edisi ke-3)" in e for e in entries) and not any(" ed.)" in e for e in entries)
    body, entries = cited("ui-2017", "en")
    assert "(Knuth, 1984, p. vii)" in body and re.search(r"\(\w+ et al\., \d{4}", body)
    assert any("(3rd ed.)" in e for e in entries)


def test_ieee_numbers_in_order_of_appearance(cited) -> None:
    body, entries = cited("ugm-dteti")
    numbers = [int(n) for n in re.findall(r"\[(\d+)[\],]", body)]
    assert numbers and numbers[0] == 1
    firsts = list(dict.fromkeys(numbers))
    assert firsts[:11] == list(range(1, 12))  # each new source takes the next number
    assert all(e.startswith(f"[{i}]") for i, e in enumerate(entries, 1))
    assert "(Knuth" not in body
