"""`showcase check` and the build report the same problems, from the same options.

Only the checks in ``checks.CHECK_ONLY`` (they depend on today's date) are `check`'s alone.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from test_bad_input import CASES, case_id
from test_site import copy_tiny, mkdocs_build

from generator.checks import CHECK_ONLY, Context, run_checks
from generator.pipeline import Options, build, check


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_build_reports_what_check_reports(case: Path) -> None:
    site, checked = check(case)
    options = replace(Options.of_project(case), cache_dir=None)  # leave the case as it is
    check_only = set(run_checks(CHECK_ONLY, Context(site))) if site else set()
    assert build(options).problems == [p for p in checked if p not in check_only]


def test_check_only_checks_are_those_that_need_today() -> None:
    assert [name for name, _ in CHECK_ONLY] == ["dates in the future"]


def test_a_duplicate_doi_fails_a_strict_mkdocs_build(tmp_path: Path) -> None:
    project = copy_tiny(tmp_path)
    bib = project / "bibliography" / "tiny.bib"
    text = bib.read_text(encoding="utf-8")
    doi = next(line for line in text.splitlines() if line.strip().startswith("doi"))
    bib.write_text(text + "\n@article{copy2024,\n  author = {Other, Ann},\n"
                   "  title = {A different paper},\n  journal = {J},\n  year = {2024},\n"
                   f"{doi}\n  programmes = {{demo}},\n}}\n", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", "--strict")
    assert result.returncode == 1
    assert "entry 'copy2024' has the same DOI" in result.stderr


def test_check_reads_the_pages_and_theme_folders_from_mkdocs_yml(tmp_path: Path) -> None:
    project = copy_tiny(tmp_path)
    (project / "content" / "pages").rename(project / "pages")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: content/pages", "docs_dir: pages"))
    options = Options.of_project(project)
    assert options.static_dir == project / "pages"
    assert options.theme_dirs and options.theme_dirs[0].resolve() == \
        (Path(__file__).resolve().parent.parent / "theme")
    outputs = project / "content" / "outputs"
    outputs.mkdir(exist_ok=True)
    (project / "pages" / "images").mkdir(exist_ok=True)
    (project / "pages" / "images" / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (outputs / "poster.yml").write_text(
        "id: poster\ntitle: A poster\nkind: poster\nyear: 2024\nlanguages: [English]\n"
        "image:\n  src: images/picture.png\n  alt: A picture\n", encoding="utf-8")
    _, problems = check(project)
    assert not [p for p in problems if "image" in p.message]
    (project / "pages" / "images" / "picture.png").unlink()
    _, problems = check(project)
    assert [p.message for p in problems if "image" in p.message] == [
        "output 'poster': image 'images/picture.png' was not found in the pages folder "
        "(pages/); put the file there, e.g. in images/, and give its path from there"]
