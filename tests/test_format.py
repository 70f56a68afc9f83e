"""`showcase format`: one canonical style, idempotent, and never a change of fact."""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.edit.bibtex_writer import UnformattableError, format_bibtex, same_facts
from generator.edit.yaml_writer import format_yaml
from generator.model import Source
from generator.pipeline import load_site

REPO = Path(__file__).resolve().parent.parent
SAMPLES = sorted((REPO / "tests" / "golden" / "bibtex").glob("*.bib"))
FORMATTED = REPO / "tests" / "fixtures" / "format"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("content", "bibliography"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def fmt(*args: str) -> int:
    return main(["format", *args])


def facts(root: Path):
    """Everything the site is made from, without the lines records were found on."""
    site, problems = load_site(root)
    strip = {"source": Source("")}

    def plain(record):
        extra = {"field_lines": ()} if hasattr(record, "field_lines") else {}
        return dataclasses.replace(record, **strip, **extra)

    return (site.settings, [plain(p) for p in site.people], [plain(p) for p in site.programmes],
            [plain(o) for o in site.outputs], [plain(e) for e in site.entries],
            sorted(p.message for p in problems))


# ---- the default content ---------------------------------------------------------------


def test_formatting_the_default_content_changes_no_fact(project: Path, capsys) -> None:
    before = facts(project)
    assert fmt("--root", str(project)) == 0
    assert facts(project) == before
    assert capsys.readouterr().out.splitlines()[-1].startswith("showcase format: ")


def test_formatting_twice_changes_nothing(project: Path, capsys) -> None:
    fmt("--root", str(project))
    texts = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert fmt("--root", str(project)) == 0
    assert capsys.readouterr().out.startswith("showcase format: 0 files formatted, ")
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == texts
    assert fmt("--check", "--root", str(project)) == 0


def test_the_default_bibliography_is_formatted_already() -> None:
    for path in sorted((REPO / "bibliography").glob("*.bib")):
        text = path.read_text(encoding="utf-8")
        assert format_bibtex(text) == text, path.name


def test_check_lists_files_and_writes_nothing(project: Path, capsys) -> None:
    path = project / "content" / "programmes" / "watcch.yml"
    text = path.read_text(encoding="utf-8")
    messy = text.replace("status: active\n", "").replace("id: watcch\n", "id: watcch\n"
                                                         "status:   'active'\n")
    path.write_text(messy, encoding="utf-8")
    capsys.readouterr()
    assert fmt("--check", "--root", str(project)) == 1
    out = capsys.readouterr().out
    assert f"would reformat: {project.as_posix()}/content/programmes/watcch.yml\n" in out
    assert path.read_text(encoding="utf-8") == messy
    assert fmt(str(path)) == 0
    assert path.read_text(encoding="utf-8") == text


# ---- BibTeX ----------------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_bibtex_samples_keep_their_facts_and_are_stable(sample: Path) -> None:
    text = sample.read_text(encoding="utf-8")
    once = format_bibtex(text)
    assert same_facts(text, once)
    assert format_bibtex(once) == once
    expected = FORMATTED / sample.name
    if UPDATE:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(once, encoding="utf-8")
    assert once == expected.read_text(encoding="utf-8")


def test_bibtex_style() -> None:
    text = ('% A comment about the entry below\n@Article{Key1, Year = 2020, title = "A {B} c",'
            '\n  journal = efpc, author={Smith, A.}}\n\n\n@string{efpc = {Education}}\n'
            '@preamble{"x"}\n')
    assert format_bibtex(text) == (
        "% A comment about the entry below\n"
        "@article{Key1,\n"
        "  author  = {Smith, A.},\n"
        "  title   = {A {B} c},\n"
        "  journal = efpc,\n"
        "  year    = {2020},\n"
        "}\n\n"
        "@string{efpc = {Education}}\n\n"
        '@preamble{"x"}\n')


def test_raw_latex_is_kept() -> None:
    text = "@article{k,\n  title = {M{\\\"u}ller \\& {UK} -- 50\\%},\n  note = a # { b},\n}\n"
    assert "  title = {M{\\\"u}ller \\& {UK} -- 50\\%},\n" in format_bibtex(text)
    assert "  note  = a # { b},\n" in format_bibtex(text)


@pytest.mark.parametrize(("case", "line"), [
    ("bib-unbalanced-brace", 1), ("bib-duplicate-field", 1), ("bib-name-unbalanced-braces", 2),
])
def test_unreadable_bibtex_is_left_alone(case: str, line: int, capsys) -> None:
    path = REPO / "tests" / "golden" / "bad_input" / case / "bibliography" / "publications.bib"
    with pytest.raises(UnformattableError) as error:
        format_bibtex(path.read_text(encoding="utf-8"))
    assert error.value.line == line
    before = path.read_bytes()
    assert fmt(str(path)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{path.as_posix()}:{line}: this ")
    assert path.read_bytes() == before


def test_a_file_that_is_not_utf8_is_left_alone(capsys) -> None:
    path = REPO / "tests" / "golden" / "bad_input" / "bib-not-utf8" / "bibliography" / \
        "publications.bib"
    assert fmt(str(path)) == 1
    assert capsys.readouterr().err == (f"{path.as_posix()}:1: the file is not UTF-8 text; "
                                       "save it as UTF-8 first\n")


# ---- YAML ------------------------------------------------------------------------------


MESSY_PROGRAMME = """\
# A programme file.
title:   'Alpha: the first'   # the name
id: alpha
links:
  - {title: Project page, url: "https://example.org/a"}  # main
  # the second link
  - url: https://example.org/b
    title: "Second"

# people involved
people: [ann-smith,   bob]
description: |
    Para one,
    still one.

    # not a comment: text
    Para two.
summary: "Plain enough"
known_gaps: []   # none
partners:
  - name: "Org, with comma"
    url: https://org.example
order: 3
status: active
"""

TIDY_PROGRAMME = """\
# A programme file.
id: alpha
title: "Alpha: the first"  # the name
summary: Plain enough
description: |
  Para one,
  still one.

  # not a comment: text
  Para two.
status: active
order: 3

# people involved
people: [ann-smith, bob]
partners:
  - name: Org, with comma
    url: https://org.example
links:
  - title: Project page  # main
    url: https://example.org/a
  # the second link
  - title: Second
    url: https://example.org/b
known_gaps: []  # none
"""


def test_yaml_style_keeps_comments_and_values() -> None:
    assert format_yaml(MESSY_PROGRAMME, "programme") == TIDY_PROGRAMME
    assert yaml.safe_load(TIDY_PROGRAMME) == yaml.safe_load(MESSY_PROGRAMME)
    assert format_yaml(TIDY_PROGRAMME, "programme") == TIDY_PROGRAMME


def test_people_keep_their_blank_lines_and_quotes_where_needed() -> None:
    text = ('people:\n  - name: "Ann Smith"\n    id: ann\n    variants: ["Smith, A."]\n\n'
            '  # Bob\n  - {id: bob, name: Bob}\n')
    assert format_yaml(text, "people") == (
        'people:\n  - id: ann\n    name: Ann Smith\n    variants: ["Smith, A."]\n\n'
        '  # Bob\n  - id: bob\n    name: Bob\n')


@pytest.mark.parametrize(("value", "written"), [
    ("2021", '"2021"'), ("yes", '"yes"'), ("a: b", '"a: b"'), ("#tag", '"#tag"'),
    ("[x]", '"[x]"'), ("plain text", "plain text"), ("Queen’s Park", "Queen’s Park"),
    ("", '""'),
])
def test_text_is_quoted_only_where_yaml_needs_it(value: str, written: str) -> None:
    text = f"id: alpha\ntitle: {yaml.safe_dump(value, allow_unicode=True).splitlines()[0]}\n"
    assert format_yaml(text, "programme") == f"id: alpha\ntitle: {written}\n"


def test_a_comment_that_cannot_be_kept_leaves_the_file_alone() -> None:
    text = 'id: alpha\npeople: [ann,  # the lead\n  bob]\n'
    with pytest.raises(UnformattableError):
        format_yaml(text, "programme")


@pytest.mark.parametrize(("case", "line"), [
    ("yaml-tab", 6), ("yaml-duplicate-key", 5), ("yaml-impossible-date", 3),
    ("yaml-unclosed-quote", 5),
])
def test_invalid_yaml_is_left_alone(case: str, line: int) -> None:
    path = REPO / "tests" / "golden" / "bad_input" / case / "content" / "programmes" / \
        "alpha.yml"
    with pytest.raises(UnformattableError) as error:
        format_yaml(path.read_text(encoding="utf-8"), "programme")
    assert error.value.line == line


@pytest.mark.parametrize("name", ["README.md", "mkdocs.yml", "missing.bib"])
def test_files_of_other_kinds_are_a_usage_error(name: str, capsys) -> None:
    assert fmt(str(REPO / name)) == 2
    assert capsys.readouterr().err.startswith("showcase format: ")


def test_a_folder_without_content_is_a_usage_error(tmp_path: Path, capsys) -> None:
    assert fmt("--root", str(tmp_path)) == 2
    assert "has no content/ or bibliography/ folder" in capsys.readouterr().err
