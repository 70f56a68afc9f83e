"""Under `mkdocs serve`, a save that changed only content rewrites only the files it changed
(generator/site/refresh.py), and the site is then the one a whole build makes, file by file.
Where a save reaches further (a page added, a hand-written page, the engine's settings, a
new error), the whole site is built instead."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_atomic import edit, snapshot
from test_shells import TRICKY, project

from generator.plugin import wait_for_index


def serve_build(folder: Path, site: Path):
    """A whole build as `mkdocs serve` makes it; the plugin, which serve keeps from build to
    build, as it is after it."""
    config = load_config(str(folder / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")
    wait_for_index()
    return config.plugins["showcase"]


EDITS = {
    "an entry's title and abstract": lambda p: edit(
        p / "bibliography" / "tiny.bib", "A fictional article with every field the page shows",
        "An edited article & its <i>new</i> title"),
    "an entry that is filled from its shell": lambda p: edit(
        p / "bibliography" / "tiny.bib", r"A title with \& and", r"A retitled entry with \& and"),
    "a person's name": lambda p: edit(p / "content" / "people.yml", "name: Test Person",
                                          "name: Test Personne"),
    "a programme's description": lambda p: edit(
        p / "content" / "programmes" / "demo.yml", "description:", "description: Edited."),
}


@pytest.mark.parametrize("change", list(EDITS))
def test_a_refreshed_site_is_the_site_a_whole_build_makes(tmp_path, change):
    folder = project(tmp_path, tricky=True, directory_urls=True)
    plugin = serve_build(folder, tmp_path / "served")
    EDITS[change](folder)
    assert plugin.refresh(), "the edit was not refreshed"
    wait_for_index()
    refreshed = snapshot(tmp_path / "served")
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    serve_build(folder, tmp_path / "whole")
    assert refreshed == snapshot(tmp_path / "whole")


WIDER = {
    "a new entry (a page added)": lambda p: (p / "bibliography" / "tiny.bib").open("a").write(
        TRICKY.replace("tricky1", "tricky3").replace("tricky2", "tricky4")),
    "a hand-written page": lambda p: edit(
        p / "content" / "pages" / "about.md", "A tiny site", "A changed tiny site"),
    "the engine's settings": lambda p: edit(p / "mkdocs.yml", "site_name:", "site_name: X\n#"),
    "an entry that no longer reads (a new error)": lambda p: edit(
        p / "bibliography" / "tiny.bib", "  eventtitle = {Testing Conference},\n",
        "  eventtitle = {Testing Conference}\n  year = {2023},\n"),
}


@pytest.mark.parametrize("change", list(WIDER))
def test_a_wider_change_is_left_to_a_whole_build(tmp_path, change):
    folder = project(tmp_path, tricky=True, directory_urls=True)
    plugin = serve_build(folder, tmp_path / "served")
    before = snapshot(tmp_path / "served")
    WIDER[change](folder)
    assert not plugin.refresh()
    assert snapshot(tmp_path / "served") == before  # nothing written


def test_a_refresh_follows_a_refresh(tmp_path):
    folder = project(tmp_path, tricky=True, directory_urls=True)
    plugin = serve_build(folder, tmp_path / "served")
    for title in ("First edit", "Second edit"):
        (folder / "bibliography" / "tiny.bib").write_text(
            (folder / "bibliography" / "tiny.bib").read_text(encoding="utf-8").replace(
                "A fictional article" if title == "First edit" else "First edit", title),
            encoding="utf-8")
        assert plugin.refresh()
    wait_for_index()
    page = (tmp_path / "served" / "publications" / "person2022" / "index.html").read_text()
    assert "Second edit" in page and "First edit" not in page
    refreshed = snapshot(tmp_path / "served")
    serve_build(folder, tmp_path / "whole")
    assert refreshed == snapshot(tmp_path / "whole")
