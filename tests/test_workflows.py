"""The GitHub workflows, issue forms and their promises: valid against the schemas vendored
in check-jsonschema, actions pinned to commits, least privilege, chromium where tests run."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.load import schema
from generator.load.bibtex_fields import PRESENTATION_WORDS
from generator.plugin import ShowcaseConfig

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
FORMS = sorted((REPO / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def steps(workflow: dict):
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield name, job, step


def validate(schema_name: str, paths: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           schema_name, *map(str, paths)], capture_output=True, text=True,
                          timeout=120, check=False)


def test_there_are_workflows_and_forms() -> None:
    assert {p.name for p in WORKFLOWS} >= {"pull-request.yml", "deploy.yml", "tests.yml"}
    assert {p.name for p in FORMS} == {"add-publication.yml", "add-presentation.yml",
                                       "add-student-output.yml"}


def test_workflows_match_the_github_workflow_schema() -> None:
    run = validate("vendor.github-workflows", WORKFLOWS)
    assert run.returncode == 0, run.stdout + run.stderr


def test_issue_forms_match_the_github_issue_forms_schema() -> None:
    run = validate("vendor.github-issue-forms", FORMS)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_the_version_beside_it(path: Path) -> None:
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*(?:- )?uses: (\S+)(.*)$", line)
        if match and not match.group(1).startswith("./"):
            assert PINNED.match(match.group(1)), line
            assert re.fullmatch(r" # v\d+\.\d+\.\d+", match.group(2)), line


# The jobs that write, and what: deploying Pages; a pull request from an issue (its branch,
# the pull request, a comment on the issue).
WRITES = {("deploy.yml", "deploy"): {"pages", "id-token"},
          ("add-from-issue.yml", "pull-request"): {"contents", "pull-requests", "issues"}}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path: Path) -> None:
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        expected = WRITES.get((path.name, name), set())
        assert writes == expected, name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_chromium_comes_from_debian_wherever_tests_run(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        commands = "\n".join(step.get("run", "") for step in job.get("steps", []))
        if "pytest" in commands:
            assert str(job.get("container", "")).startswith("debian:"), name
            assert re.search(r"apt-get install[^\n]*(?:\\\n[^\n]*)*\bchromium\b", commands)
            assert job["env"]["SHOWCASE_REQUIRE_BROWSER"] == "1"


def test_pull_requests_are_checked_built_previewed_and_tested() -> None:
    workflow = load(REPO / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in triggers(workflow)
    runs = [step.get("run", "") for _, _, step in steps(workflow)]
    assert "showcase check --strict --format github" in runs
    assert "mkdocs build --strict" in runs
    uploads = [step for _, _, step in steps(workflow)
               if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert [step["with"]["path"] for step in uploads] == ["site/"]
    assert workflow["jobs"]["tests"]["uses"] == "./.github/workflows/tests.yml"


def test_deploys_use_the_pages_actions_one_at_a_time() -> None:
    workflow = load(REPO / ".github" / "workflows" / "deploy.yml")
    assert triggers(workflow) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    used = [step.get("uses", "").split("@")[0] for _, _, step in steps(workflow)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        assert action in used
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert workflow["jobs"]["build"]["needs"] == "tests"


@pytest.mark.parametrize("name", ["deploy.yml", "pull-request.yml"])
def test_site_builds_keep_the_cache_folder_between_runs(name: str) -> None:
    """The cache folder the plugin uses (mkdocs.yml's cache_dir, its default) is restored
    before the build, under a key each run makes anew, from the newest run's."""
    workflow = load(REPO / ".github" / "workflows" / name)
    found = [step.get("uses", "").split("@")[0] if "uses" in step else step.get("run", "")
             for _, _, step in steps(workflow)]
    caches = [step for _, _, step in steps(workflow)
              if step.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1 and found.index("actions/cache") < found.index(
        "mkdocs build --strict")
    cache_dir = dict(ShowcaseConfig._schema)["cache_dir"].default
    assert caches[0]["with"]["path"] == cache_dir
    assert "github.run_id" in caches[0]["with"]["key"]
    assert caches[0]["with"]["key"].startswith(caches[0]["with"]["restore-keys"])
    project = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    plugin = next(p for p in project["plugins"]
                  if p == "showcase" or isinstance(p, dict) and "showcase" in p)
    options = (plugin["showcase"] if isinstance(plugin, dict) else None) or {}
    assert options.get("cache_dir", cache_dir) == cache_dir


def test_the_tests_run_the_readme_quick_start() -> None:
    workflow = load(REPO / ".github" / "workflows" / "tests.yml")
    assert set(triggers(workflow)) == {"workflow_call"}
    runs = "\n".join(step.get("run", "") for _, _, step in steps(workflow))
    for command in ("python3 -m venv .venv",
                    ".venv/bin/pip install --require-hashes -r requirements/test.txt",
                    ".venv/bin/pip install --no-deps --no-build-isolation -e .",
                    "npm ci --prefix tests/js", ".venv/bin/pytest", ".venv/bin/ruff check ."):
        assert command in runs


# ---- issue forms ask for what the content needs ----------------------------------------


def fields(form: Path) -> dict[str, dict]:
    return {item["id"]: item for item in load(form)["body"] if item["type"] != "markdown"}


def required(form: Path) -> set[str]:
    return {i for i, item in fields(form).items() if item.get("validations", {}).get("required")}


def programme_ids() -> set[str]:
    return {path.stem for path in (REPO / "content" / "programmes").glob("*.yml")}


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_programme_choices_are_programme_ids(form: Path) -> None:
    options = fields(form)["programmes"]["attributes"]["options"]
    assert set(options) - {"Not known"} <= programme_ids()


def test_the_output_form_asks_for_the_output_fields() -> None:
    form = REPO / ".github" / "ISSUE_TEMPLATE" / "add-student-output.yml"
    asked = set(fields(form)) - {"image_alt"}  # image is a picture and its description
    assert asked == set(schema.OUTPUT)
    assert required(form) == {name for name, option in schema.OUTPUT.items() if option.required}
    assert fields(form)["kind"]["attributes"]["options"] == list(schema.OUTPUT_KINDS)


# BibTeX has no schema file: a field is required in a form when leaving it out makes the
# entry an error (`title`), or a warning that known_gaps cannot acknowledge (`author`), or
# changes what the entry is (the type of a publication; the kind of a presentation).
BIBTEX_FORMS = {
    "add-publication.yml": ({"doi", "pmid", "export", "bibtype", "author", "title", "venue", "year",
                             "volume", "number", "pages", "url", "programmes", "note",
                             "known_gaps"}, {"bibtype", "author", "title"}),
    "add-presentation.yml": ({"type", "author", "title", "eventtitle", "venue", "year", "url",
                              "programmes", "note", "known_gaps"}, {"type", "author", "title"}),
}


@pytest.mark.parametrize("name", sorted(BIBTEX_FORMS))
def test_the_bibtex_forms_ask_for_the_entry_fields(name: str) -> None:
    form = REPO / ".github" / "ISSUE_TEMPLATE" / name
    asked, needed = BIBTEX_FORMS[name]
    assert (set(fields(form)), required(form)) == (asked, needed)


def test_presentation_kinds_are_the_ones_the_build_recognises() -> None:
    form = REPO / ".github" / "ISSUE_TEMPLATE" / "add-presentation.yml"
    assert set(fields(form)["type"]["attributes"]["options"]) <= PRESENTATION_WORDS
