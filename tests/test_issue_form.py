"""A filed "Add a publication" issue -> `showcase add`: the bodies in tests/fixtures/issues/
(see its README) read by generator/edit/issue_form.py, and the workflow that runs it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator.cli import main as showcase
from generator.edit.issue_form import LABELS, Request, add_request, form_values, main

REPO = Path(__file__).resolve().parent.parent
ISSUES = REPO / "tests" / "fixtures" / "issues"
FORM = REPO / ".github" / "ISSUE_TEMPLATE" / "add-publication.yml"
WORKFLOW = REPO / ".github" / "workflows" / "add-from-issue.yml"


def body(name: str) -> str:
    return (ISSUES / name).read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("content", "bibliography"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def test_the_labels_are_the_forms() -> None:
    form = {item["id"]: item["attributes"]["label"]
            for item in yaml.safe_load(FORM.read_text(encoding="utf-8"))["body"]
            if "id" in item}
    assert {field: form[field] for field in LABELS} == LABELS


def test_answers_are_read_under_their_headings() -> None:
    values = form_values(body("pasted-ris.md"))
    assert values["doi"] == values["pmid"] == ""
    assert values["export"].startswith("TY  - JOUR\nAU  - Peng, A\n")
    assert values["export"].endswith("ER  - ")
    assert values["programmes"] == "watcch, ukmacs"


@pytest.mark.parametrize(("name", "expected"), [
    ("doi.md", Request(("10.1146/annurev-statistics-031017-100045", "--programme",
                        "watcch"))),
    ("pasted-medline.md", ("--from", "{file}")),
    ("pasted-ris.md", ("--from", "{file}", "--programme", "watcch", "--programme", "ukmacs")),
    ("nothing-to-add.md", "the issue gives no DOI, no PubMed ID and no pasted reference; edit "
     "it to add one"),
    ("not-a-doi.md", "the DOI 'bmj.m966' is not one; correct it"),
])
def test_what_each_issue_asks_for(name: str, expected) -> None:
    found = add_request(body(name))
    assert (found.arguments if isinstance(expected, tuple) else found) == expected


@pytest.mark.parametrize(("name", "key"), [("pasted-ris.md", "peng2011greatwall"),
                                           ("pasted-medline.md", "sereno2022spinosaurus")])
def test_a_pasted_reference_becomes_an_entry(name: str, key: str, project: Path, capsys,
                                             monkeypatch) -> None:
    monkeypatch.setenv("ISSUE_BODY", body(name))
    pasted = project / "pasted.txt"
    assert main([str(pasted)]) == 0
    arguments = capsys.readouterr().out.splitlines()
    assert arguments[:2] == ["--from", str(pasted)]
    assert showcase(["add", *arguments, "--root", str(project)]) == 0
    assert f"added '{key}' to bibliography/publications.bib:" in capsys.readouterr().out


def test_an_issue_with_nothing_to_add_says_so(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("ISSUE_BODY", body("nothing-to-add.md"))
    assert main([str(tmp_path / "pasted.txt")]) == 1
    assert capsys.readouterr().err.startswith("issue form: the issue gives no DOI")
    assert not (tmp_path / "pasted.txt").exists()


def test_the_workflow_reads_the_issue_only_from_the_environment() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    job = workflow["jobs"]["pull-request"]
    runs = [step.get("run", "") for step in job["steps"]]
    assert all("github.event" not in run for run in runs)
    assert "python -m generator.edit.issue_form" in runs[3]
    assert 'showcase add "${arguments[@]}"' in runs[3]
    assert job["steps"][3]["env"] == {"ISSUE_BODY": "${{ github.event.issue.body }}"}
    assert "gh pr create" in runs[4]
    assert job["if"] == "contains(github.event.issue.labels.*.name, 'publication')"
    assert "publication" in yaml.safe_load(FORM.read_text(encoding="utf-8"))["labels"]
