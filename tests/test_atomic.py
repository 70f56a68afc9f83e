"""Atomic output: a build that fails for any reason leaves the last good site exactly as it
was, and leaves no folder of its own behind; a build that succeeds replaces the site whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_site import ROOT, copy_tiny, mkdocs_build

from generator.site import output_dir


def own_theme(project: Path) -> Path:
    """The tiny project with a theme folder of its own, so a test can break a template."""
    shutil.copytree(ROOT / "theme", project / "theme")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"custom_dir: {ROOT / 'theme'}",
                                                 "custom_dir: theme"))
    return project


def snapshot(site: Path) -> dict[str, bytes | None]:
    """Every file's bytes and every folder (None) under `site`."""
    return {p.relative_to(site).as_posix(): None if p.is_dir() else p.read_bytes()
            for p in sorted(site.rglob("*"))}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKAGES = {
    "a content error": lambda p: edit(p / "bibliography" / "tiny.bib", "{2023}", "{23}"),
    "a fragment with a Jinja syntax error": lambda p: edit(
        p / "theme" / "fragments" / "home.md.j2", "{", "{% if %}{"),
    "a fragment with an undefined variable": lambda p: edit(
        p / "theme" / "fragments" / "home.md.j2", "{", "{{ no_such_variable }}{"),
    "a theme template with a Jinja syntax error": lambda p: edit(
        p / "theme" / "main.html", "{%", "{% if %}{%"),
    "a MkDocs warning under --strict": lambda p: edit(
        p / "content" / "pages" / "about.md", "A tiny site", "[Gone](missing.md). A tiny site"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """A tiny project with a theme of its own, and a site built from it."""
    folder = tmp_path_factory.mktemp("atomic")
    project = own_theme(copy_tiny(folder))
    result = mkdocs_build(project / "mkdocs.yml", folder / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return project, folder / "site"


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(site.name + "."))


@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_a_failed_build_leaves_the_last_good_site_as_it_was(built, tmp_path, breakage):
    project, site = built
    broken = tmp_path / "project"
    shutil.copytree(project, broken)
    BREAKAGES[breakage](broken)
    before = snapshot(site)
    result = mkdocs_build(broken / "mkdocs.yml", site, "--strict")
    assert result.returncode != 0, result.stderr
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_a_good_build_replaces_the_site_whole_and_keeps_its_hidden_files(built, tmp_path):
    project, site = built
    changed = tmp_path / "project"
    shutil.copytree(project, changed)
    edit(changed / "content" / "pages" / "about.md", "A tiny site", "A changed tiny site")
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("kept\n")
    (site / "stale.html").write_text("from an older build")
    result = mkdocs_build(changed / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "A changed tiny site" in (site / "about" / "index.html").read_text(encoding="utf-8")
    assert not (site / "stale.html").exists()
    assert (site / ".git" / "HEAD").read_text() == "kept\n"
    # The site it replaced waits beside it, for the next build to remove.
    assert leftovers(site) == ["site.showcase-old"]
    assert (site.parent / "site.showcase-old" / "stale.html").exists()


def test_the_site_a_swap_replaced_is_removed_by_the_next_build(tmp_path):
    site = tmp_path / "site"
    for text in ("first", "second", "third"):
        (output_dir.start(site) / "index.html").write_text(text)
        output_dir.finish(site)
        assert (site / "index.html").read_text() == text
    output_dir.wait_for_removals()
    assert leftovers(site) == ["site.showcase-old"]
    assert (tmp_path / "site.showcase-old" / "index.html").read_text() == "second"
    output_dir.start(site)
    output_dir.abandon(site)  # a failed build: the last good site alone is left
    output_dir.wait_for_removals()
    assert leftovers(site) == []
    assert (site / "index.html").read_text() == "third"


def test_a_site_left_aside_by_a_stopped_build_is_removed_by_the_next(tmp_path):
    site = tmp_path / "site"
    (output_dir.start(site) / "index.html").write_text("first")
    output_dir.finish(site)
    (tmp_path / "site.showcase-old-0123456789ab").mkdir()
    (tmp_path / "site.showcase-old-0123456789ab" / "index.html").write_text("older")
    (output_dir.start(site) / "index.html").write_text("second")
    output_dir.finish(site)
    output_dir.wait_for_removals()
    assert leftovers(site) == ["site.showcase-old"]


def test_a_folder_left_by_a_stopped_build_is_cleared_before_the_next(tmp_path):
    site = tmp_path / "site"
    (tmp_path / "site.showcase-tmp").mkdir()
    (tmp_path / "site.showcase-tmp" / "half.html").write_text("half written")
    staging = output_dir.start(site)
    assert staging == tmp_path / "site.showcase-tmp" and list(staging.iterdir()) == []


def test_the_first_build_makes_the_site_folder(tmp_path):
    site = tmp_path / "out" / "site"
    (output_dir.start(site) / "index.html").write_text("new")
    output_dir.finish(site)
    assert snapshot(site.parent) == {"site": None, "site/index.html": b"new"}


def test_a_site_folder_behind_a_symbolic_link_is_filled_in_place(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "old.html").write_text("old")
    (tmp_path / "real" / ".hidden").write_text("kept")
    site = tmp_path / "site"
    site.symlink_to(tmp_path / "real")
    (output_dir.start(site) / "index.html").write_text("new")
    output_dir.finish(site)
    assert site.is_symlink()
    assert snapshot(tmp_path / "real") == {".hidden": b"kept", "index.html": b"new"}
    assert leftovers(site) == []


@pytest.mark.parametrize(("breakage", "message"), [
    ("a fragment with a Jinja syntax error", "theme/fragments/home.md.j2:1: error: the template "
     "could not be rendered: Expected an expression, got 'end of statement block'"),
    ("a fragment with an undefined variable", "theme/fragments/home.md.j2:1: error: the "
     "template could not be rendered: 'no_such_variable' is undefined"),
], ids=["syntax", "undefined"])
def test_a_broken_fragment_is_named_with_its_line_not_a_traceback(built, tmp_path, breakage,
                                                                   message):
    project, _ = built
    broken = tmp_path / "project"
    shutil.copytree(project, broken)
    BREAKAGES[breakage](broken)
    result = mkdocs_build(broken / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr
