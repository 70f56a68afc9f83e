"""`showcase check --format text|github|json`, and the exit codes of every format."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.model import Problem, Severity, Source
from generator.pipeline import check
from generator.report import as_json, github_annotation, github_lines

REPO = Path(__file__).resolve().parent.parent
CASES = REPO / "tests" / "golden" / "bad_input"
SYNTAX = CASES / "bib-doi-pmid-url-syntax"


def run_check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_github_annotations_escape_data_and_properties() -> None:
    problem = Problem(Source("bibliography/a,b:c.bib", 7), "50% done\r\nnext: line, more",
                      Severity.WARNING)
    assert github_annotation(problem, "site/bibliography/a,b:c.bib") == (
        "::warning file=site/bibliography/a%2Cb%3Ac.bib,line=7,title=showcase::"
        "50%25 done%0D%0Anext: line, more")


def test_github_severities_and_a_problem_without_a_line() -> None:
    problems = [Problem(Source("content/site.yml"), "missing"),
                Problem(Source("x.bib", 2), "gap", Severity.NOTE),
                Problem(Source("x.bib", 1), "warn", Severity.WARNING)]
    assert github_lines(problems) == [
        "::error file=content/site.yml,title=showcase::missing",
        "::warning file=x.bib,line=1,title=showcase::warn",
        "::notice file=x.bib,line=2,title=showcase::gap"]


def test_github_format_of_a_project(capsys, monkeypatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run_check(capsys, "--format", "github", "--root",
                               "tests/golden/bad_input/bib-doi-pmid-url-syntax")
    prefix = "file=tests/golden/bad_input/bib-doi-pmid-url-syntax/bibliography/publications.bib"
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"::notice {prefix},line=1,title=showcase::entry 'smith2020address': it is not "
        "linked to any programme (acknowledged in known_gaps)",
        f"::warning {prefix},line=6,title=showcase::entry 'smith2020address': field 'doi' is "
        "stored as 'https://doi.org/10.1000/example.1'; store the bare DOI: "
        "doi = {10.1000/example.1}",
        f"::notice {prefix},line=10,title=showcase::entry 'smith2020pmid': it is not linked "
        "to any programme (acknowledged in known_gaps)",
        f"::error {prefix},line=16,title=showcase::entry 'smith2020pmid': field 'pmid' must "
        "be a PubMed ID of digits only, like 12345678; found 'PMID: 1234'",
        f"::notice {prefix},line=20,title=showcase::entry 'smith2020script': it is not "
        "linked to any programme (acknowledged in known_gaps)",
        f"::error {prefix},line=25,title=showcase::entry 'smith2020script': field 'url' must "
        "be a web address starting with http:// or https://; found 'javascript:alert(1)'",
        "showcase check: 2 errors, 1 warning, 3 notes",
    ]


def test_github_paths_are_relative_to_where_the_check_runs(capsys, monkeypatch) -> None:
    monkeypatch.chdir(SYNTAX / "bibliography")
    code, out, _ = run_check(capsys, "--format", "github", "--root", "..")
    assert out.splitlines()[0].startswith("::notice file=../bibliography/publications.bib,")
    monkeypatch.chdir(SYNTAX)
    code, out, _ = run_check(capsys, "--format", "github")
    assert out.splitlines()[0].startswith("::notice file=bibliography/publications.bib,")


def test_json_format(capsys) -> None:
    code, out, err = run_check(capsys, "--format", "json", "--root", str(SYNTAX))
    assert (code, err) == (1, "")
    records = json.loads(out)
    _, problems = check(SYNTAX)
    assert records == [{"file": p.source.path, "line": p.source.line,
                        "severity": p.severity.value, "message": p.message} for p in problems]
    assert records[3] == {"file": "bibliography/publications.bib", "line": 16,
                          "severity": "error", "message": "entry 'smith2020pmid': field 'pmid' "
                          "must be a PubMed ID of digits only, like 12345678; found 'PMID: "
                          "1234'"}


def test_json_of_a_problem_without_a_line() -> None:
    assert json.loads(as_json([Problem(Source("content/site.yml"), "é")])) == [
        {"file": "content/site.yml", "line": None, "severity": "error", "message": "é"}]


def test_json_of_a_clean_project(capsys) -> None:
    code, out, _ = run_check(capsys, "--format", "json", "--root",
                             str(CASES / "good-hostile-title"))
    assert (code, json.loads(out)) == (0, [])


@pytest.mark.parametrize("form", ["text", "github", "json"])
@pytest.mark.parametrize(("case", "strict", "code"), [
    ("good-hostile-title", True, 0),
    ("person-unreferenced", False, 0),
    ("person-unreferenced", True, 1),
    ("bib-doi-pmid-url-syntax", False, 1),
])
def test_exit_codes_are_the_same_in_every_format(capsys, form: str, case: str, strict: bool,
                                                 code: int) -> None:
    args = ["--format", form, "--root", str(CASES / case), *(["--strict"] if strict else [])]
    assert run_check(capsys, *args)[0] == code


@pytest.mark.parametrize("args", [["--format", "xml"], ["--root", "/nonexistent-folder"],
                                  ["--no-such-option"]])
def test_usage_errors_exit_2(capsys, args: list[str]) -> None:
    assert run_check(capsys, *args)[0] == 2


def test_the_help_names_the_exit_codes() -> None:
    env = {**os.environ, "COLUMNS": "200"}
    for args in (["--help"], ["check", "--help"]):
        run = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                             text=True, cwd=REPO, env=env, check=False, timeout=60)
        assert run.returncode == 0
        assert "0" in run.stdout and "1" in run.stdout and "2" in run.stdout
        assert "Exit codes: 0 " in run.stdout


@pytest.mark.parametrize("inside", ["bibliography", "content/outputs"])
def test_check_from_inside_the_project_finds_its_folder(capsys, monkeypatch, tmp_path,
                                                         inside) -> None:
    shutil.copytree(SYNTAX, tmp_path / "project")
    (tmp_path / "project" / "content" / "outputs").mkdir()
    monkeypatch.chdir(tmp_path / "project")
    expected = run_check(capsys)
    assert expected[0] == 1 and "smith2020address" in expected[1]
    monkeypatch.chdir(tmp_path / "project" / inside)
    assert run_check(capsys) == expected


def test_check_outside_any_project_is_a_usage_error(capsys, monkeypatch, tmp_path) -> None:
    monkeypatch.chdir(tmp_path)
    assert run_check(capsys) == (2, "", "showcase: . has no content/ or bibliography/ "
                                 "folder\n")
