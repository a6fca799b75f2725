"""thesis.yaml: typed, every problem reported at once with its line, profile overrides merged."""

from __future__ import annotations

from naskah.config import parse_config
from naskah.diagnostics import Report


def load(text: str) -> tuple[object, list[str]]:
    report = Report()
    thesis = parse_config(text, report)
    return thesis, [d.format() for d in report.items]


def test_only_title_and_author_required():
    thesis, problems = load("title: Judul\nauthor: Nama\n")
    assert problems == []
    assert thesis.format.margins.left == "4cm"
    assert thesis.format.fonts[0] == "Times New Roman"
    assert thesis.citations.style == "chicago"


def test_missing_required_fields():
    _, problems = load("year: 2026\n")
    assert "thesis.yaml:1: error: 'title' is required" in problems
    assert "thesis.yaml:1: error: 'author' is required" in problems


def test_format_overrides_merge_with_profile():
    thesis, problems = load("title: T\nauthor: A\nformat:\n  margins: {top: 3cm}\n"
                            "  titles: {preface: PRAKATA}\n  page_numbers: {body: bottom-centre}\n")
    assert problems == []
    assert (thesis.format.margins.top, thesis.format.margins.left) == ("3cm", "4cm")
    assert thesis.format.titles.preface == "PRAKATA"
    assert thesis.format.titles.contents == "DAFTAR ISI"
    assert thesis.format.page_numbers.chapter == "bottom-centre"
    assert thesis.format.required_sections["1"][0][0] == "Latar Belakang"


def test_type_errors_enums_and_unknown_keys_all_reported():
    _, problems = load("title: T\nauthor: A\nyear: 2026\nformat:\n  font_size: besar\n"
                       "  justify: mungkin\ncitations:\n  reset: bab\nsupervisor: X\n"
                       "keywords: satu, dua\n")
    assert "thesis.yaml:5:14: error: 'format.font_size' must be a number" in problems
    assert "thesis.yaml:6:12: error: 'format.justify' must be true or false" in problems
    assert any(p.startswith("thesis.yaml:8:10: error: 'citations.reset' must be one of")
               for p in problems)
    assert any(p.startswith("thesis.yaml:9:1: warning: unknown key 'supervisor'") for p in problems)


def test_keywords_as_comma_text_become_a_list():
    thesis, _ = load("title: T\nauthor: A\nkeywords: satu, dua, tiga\n")
    assert thesis.keywords == ["satu", "dua", "tiga"]


def test_supervisors_are_typed():
    thesis, problems = load("title: T\nauthor: A\nsupervisors:\n  - name: Dr. B\n    id: 123\n"
                            "  - nama: C\n")
    assert thesis.supervisors[0].name == "Dr. B" and thesis.supervisors[0].id == "123"
    assert any("unknown key 'supervisors[1].nama'" in p for p in problems)


def test_malformed_yaml_located():
    _, problems = load("title: T\nauthor: [A\n")
    assert len(problems) == 1 and problems[0].startswith("thesis.yaml:")
    assert "malformed YAML" in problems[0]


def test_duplicate_key():
    _, problems = load("title: T\nauthor: A\ntitle: U\n")
    assert "thesis.yaml:3:1: error: 'title' is given twice" in problems


def test_lengths_and_paper_are_checked_not_passed_to_typst():
    thesis, problems = load("title: T\nauthor: A\nformat:\n  margins: {top: 4, left: 3.5 cm}\n"
                            "  paper: a7x\n  first_line_indent: '1cm) + text(red)[x]'\n")
    assert "thesis.yaml:4:18: error: 'format.margins.top' must be a length such as 4cm, 30mm, " \
           "1in or 12pt, not '4'" in problems
    assert any(p.startswith("thesis.yaml:5:10: error: 'format.paper': unknown paper 'a7x'")
               for p in problems)
    assert any(p.startswith("thesis.yaml:6:22: error: 'format.first_line_indent' must be a "
                            "length") for p in problems)
    assert thesis.format.margins.left == "3.5cm"
    assert thesis.format.margins.top == "4cm"  # the profile's, since the value was refused


def test_a_wrong_title_is_reported_once():
    _, problems = load("title: [1, 2]\nauthor: A\n")
    assert problems == ["thesis.yaml:1:8: error: 'title' must be a single value"]
    _, problems = load("title: ''\nauthor: A\n")
    assert problems == ["thesis.yaml:1: error: 'title' must not be empty"]


def test_a_control_character_from_double_quotes_is_located():
    # "\argmin" in double quotes is BEL + "rgmin" to YAML; the DOCX (XML) cannot hold it
    _, problems = load('title: "Analisis $\\argmin$"\nauthor: A\n'
                            'keywords: ["satu", "dua\\btiga"]\n')
    assert problems[0] == ("thesis.yaml:1:8: error: 'title' contains the control character "
                           "U+0007 (in double quotes YAML reads \\a, \\b, \\f, \\v … as control "
                           "characters: put the value in single quotes)")
    assert problems[1].startswith("thesis.yaml:3:20: error: 'keywords[1]' contains the "
                                  "control character U+0008"), problems
    assert len(problems) == 2
    thesis, problems = load("title: 'Analisis $\\argmin$'\nauthor: A\n")
    assert problems == [] and thesis.title == "Analisis $\\argmin$"
