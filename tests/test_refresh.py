"""Under `mkdocs serve`, a save that changed only content rewrites only the files it changed
(generator/site/refresh.py), and the site is then the one a whole build makes, file by file.
Where a save reaches further (a page added, a hand-written page, the engine's settings, a
new error), the whole site is built instead."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_atomic import edit, snapshot
from test_shells import TRICKY, project

from generator import preview
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


def declined(tmp_path, change, answer: str) -> None:
    """``answer`` (the plugin's refresh, or its first answer) gives none for ``change``,
    and writes nothing."""
    folder = project(tmp_path, tricky=True, directory_urls=True)
    plugin = serve_build(folder, tmp_path / "served")
    before = snapshot(tmp_path / "served")
    change(folder)
    assert not getattr(plugin, answer)()
    assert snapshot(tmp_path / "served") == before  # nothing written


@pytest.mark.parametrize("change", list(WIDER))
def test_a_wider_change_is_left_to_a_whole_build(tmp_path, change):
    declined(tmp_path, WIDER[change], "refresh")


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


# The first answer to a save that edited entries: their pages alone (generator/preview.py),
# then, in the background, the refresh above.

BIB_EDITS = [name for name in EDITS if name.startswith("an entry")]
ENTRY_PAGE = "publications/person2022/index.html"


@pytest.mark.parametrize("change", BIB_EDITS)
def test_an_edited_entry_is_shown_first_as_a_whole_build_shows_it(tmp_path, change):
    folder = project(tmp_path, tricky=True, directory_urls=True)
    plugin = serve_build(folder, tmp_path / "served")
    before = snapshot(tmp_path / "served")
    EDITS[change](folder)
    assert plugin.preview_first(), "the edited entry's page was not written first"
    shown = snapshot(tmp_path / "served")
    written = [path for path in shown if shown[path] != before.get(path)]
    assert len(written) == 1 and written[0].endswith("/index.html")
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    serve_build(folder, tmp_path / "whole")
    assert shown[written[0]] == snapshot(tmp_path / "whole")[written[0]]


FIRST_DECLINED = {
    "a person's name": EDITS["a person's name"],
    "a programme's description": EDITS["a programme's description"],
    **WIDER,
    "an entry's key": lambda p: edit(p / "bibliography" / "tiny.bib", "{person2022,",
                                     "{person2023,"),
}


@pytest.mark.parametrize("change", list(FIRST_DECLINED))
def test_what_cannot_be_shown_first_is_left_to_the_refresh(tmp_path, change):
    declined(tmp_path, FIRST_DECLINED[change], "preview_first")


def no_whole_build() -> None:
    raise AssertionError("a whole build was run where a refresh could answer")


def serve_plugin(tmp_path):
    folder = project(tmp_path, tricky=True, directory_urls=True)
    plugin = serve_build(folder, tmp_path / "served")
    plugin.signals = tmp_path / "signals"
    plugin.signals.mkdir()
    return folder, plugin


def whole_site(folder: Path, tmp_path: Path) -> dict:
    shutil.rmtree(folder / ".cache", ignore_errors=True)
    serve_build(folder, tmp_path / "whole")
    return snapshot(tmp_path / "whole")


def test_a_save_is_answered_first_then_in_full_then_the_browsers_reload(tmp_path):
    folder, plugin = serve_plugin(tmp_path)
    EDITS[BIB_EDITS[0]](folder)
    plugin.rebuild(no_whole_build)
    assert "An edited article" in (tmp_path / "served" / ENTRY_PAGE).read_text()
    plugin.follower.join()
    wait_for_index()
    assert (plugin.signals / "answered").read_text() == str(plugin.saves)
    assert snapshot(tmp_path / "served") == whole_site(folder, tmp_path)
    # The signal's own call: nothing changed since the answer began, nothing to do.
    saves, follower = plugin.saves, plugin.follower
    plugin.rebuild(no_whole_build)
    assert (plugin.saves, plugin.follower) == (saves, follower)


def test_a_later_save_takes_over_from_an_earlier_one(tmp_path, monkeypatch):
    folder, plugin = serve_plugin(tmp_path)
    refreshes, refresh = [], plugin.refresh
    monkeypatch.setattr(plugin, "refresh", lambda save=None: refreshes.append(save) or
                        refresh(save))
    held = threading.Event()
    plugin.follower = threading.Thread(target=held.wait)  # an answer still at work
    plugin.follower.start()
    bib = folder / "bibliography" / "tiny.bib"
    for old, new in (("A fictional article", "First edit"), ("First edit", "Second edit")):
        edit(bib, old, new)
        plugin.rebuild(no_whole_build)
        page = (tmp_path / "served" / ENTRY_PAGE).read_text()
        assert new in page and old not in page  # shown at once, though an answer is at work
    held.set()
    plugin.follower.join()  # the second save's answer, after the first's
    wait_for_index()
    assert refreshes == [plugin.saves]  # the first's gave way to it
    assert (plugin.signals / "answered").read_text() == str(plugin.saves)
    assert snapshot(tmp_path / "served") == whole_site(folder, tmp_path)


def test_an_answer_the_refresh_cannot_give_is_a_whole_build_on_the_signal(tmp_path,
                                                                          monkeypatch):
    """Where the refresh behind a first answer cannot answer, the whole build runs where
    MkDocs runs its builds: in the call the signal makes (requests wait for it)."""
    folder, plugin = serve_plugin(tmp_path)
    EDITS[BIB_EDITS[0]](folder)
    monkeypatch.setattr(plugin, "refresh", lambda save=None: False)
    built = []
    plugin.rebuild(lambda: built.append(threading.current_thread()))
    plugin.follower.join()
    assert built == [] and (plugin.signals / "answered").exists()
    plugin.rebuild(lambda: built.append(threading.current_thread()))
    assert built == [threading.current_thread()]
    plugin.rebuild(lambda: built.append(threading.current_thread()))
    assert len(built) == 1  # wanted once


def test_a_first_answer_that_fails_leaves_the_save_to_the_refresh(tmp_path, monkeypatch):
    """The first answer is never the only one: an error in it is logged, and the refresh
    answers the save in full, in the serve loop."""
    folder, plugin = serve_plugin(tmp_path)
    EDITS[BIB_EDITS[0]](folder)

    def broken(*args):
        raise RuntimeError("a bug in the first answer")
    monkeypatch.setattr(preview, "edited_pages", broken)
    plugin.rebuild(no_whole_build)
    wait_for_index()
    assert "An edited article" in (tmp_path / "served" / ENTRY_PAGE).read_text()
    assert snapshot(tmp_path / "served") == whole_site(folder, tmp_path)
