"""Bad input, as golden data: every folder in golden/bad_input/ is a tiny project.

Each holds only the files its case needs and `expected.txt`, the lines `showcase check`
prints for it (one problem per line, in the order `pipeline.check` returns them). Folders
named `good-*` are awkward but valid data and must produce no problem at all.

Run with UPDATE_GOLDEN=1 to rewrite the expected files; read every changed line before
keeping it: it must name the right file and line and say what was expected and found.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.pipeline import check

REPO = Path(__file__).resolve().parent.parent
CASES_DIR = Path(__file__).resolve().parent / "golden" / "bad_input"
CASES = sorted(path for path in CASES_DIR.iterdir() if path.is_dir())
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def case_id(case: Path) -> str:
    return case.name


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text(encoding="utf-8").splitlines()


def exit_code_wanted(case: Path, strict: bool) -> int:
    """1 if any expected problem fails the check: errors always, warnings under --strict."""
    severities = {line.split(": ")[1] for line in expected_lines(case)}
    return int("error" in severities or (strict and "warning" in severities))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_check_reports_the_expected_problems(case: Path) -> None:
    _, problems = check(case)
    found = [str(problem) for problem in problems]
    if UPDATE:
        (case / "expected.txt").write_text("".join(f"{line}\n" for line in found),
                                           encoding="utf-8")
    assert found == expected_lines(case)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_bad_cases_fail_and_good_cases_pass(case: Path) -> None:
    if case.name.startswith("good-"):
        assert expected_lines(case) == []
    else:
        assert exit_code_wanted(case, strict=True) == 1


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_cli_prints_the_problems_without_a_traceback(case: Path, strict: bool,
                                                     capsys: pytest.CaptureFixture) -> None:
    code = main(["check", "--root", str(case), *(["--strict"] if strict else [])])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert out.splitlines()[:-1] == expected_lines(case)
    assert out.splitlines()[-1].startswith("showcase check: ")
    assert code == exit_code_wanted(case, strict)


@pytest.mark.parametrize("name", ["bib-unbalanced-brace", "bib-extra-closing-brace"])
def test_entries_after_a_broken_one_are_still_read(name: str) -> None:
    site, _ = check(CASES_DIR / name)
    assert [entry.key for entry in site.entries] == ["good2021"]


def test_a_hostile_title_is_data_kept_as_written() -> None:
    site, problems = check(CASES_DIR / "good-hostile-title")
    assert problems == []
    assert [entry.title for entry in site.entries] == ["<script>alert(1)</script>"]


def test_mkdocs_build_of_a_broken_project_fails_cleanly(tmp_path: Path) -> None:
    case = CASES_DIR / "bib-year-two-digits"
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({
        "site_name": "Bad input",
        "docs_dir": str(tmp_path / "docs"),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material", "custom_dir": str(REPO / "theme")},
        "plugins": [{"showcase": {"root": str(case), "cache_dir": str(tmp_path / "cache")}}],
    }), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config)],
                         capture_output=True, text=True, timeout=60, check=False)
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "Traceback" not in output
    assert expected_lines(case)[0] in output
    assert not (tmp_path / "site" / "index.html").exists()
