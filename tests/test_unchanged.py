"""A build whose every input is as the last good build's leaves that site as it is
(site/unchanged.py); anything changed, or anything it cannot tell, is a whole build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from mkdocs.config import load_config
from test_site import copy_tiny, mkdocs_build

from generator import plugin
from generator.site import unchanged

LEFT = "the site is left as it is"


@pytest.fixture
def project(tmp_path) -> Path:
    """The tiny site, with its cache folder on (as in a new project)."""
    project = copy_tiny(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace('cache_dir: ""', "cache_dir: .cache/showcase"))
    return project


def build(project: Path, *extra: str) -> str:
    result = mkdocs_build(project / "mkdocs.yml", project / "site", *extra)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


def timeless(log: str) -> list[str]:
    return [line for line in log.splitlines() if "Documentation built in" not in line]


def identity(project: Path) -> tuple[int, int]:
    """The home page's inode and time of change: a whole build writes a new file."""
    stat = (project / "site" / "index.html").stat()
    return stat.st_ino, stat.st_mtime_ns


def test_a_build_with_nothing_changed_leaves_the_site_and_reports_the_same_notes(project):
    first = build(project, "--strict")
    assert LEFT not in first
    before = identity(project)
    files = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    second = build(project, "--strict")
    assert LEFT in second
    assert identity(project) == before
    assert sorted(p.relative_to(project / "site")
                  for p in (project / "site").rglob("*")) == files
    assert not any(p.name.startswith("site.") for p in project.iterdir())  # nothing left aside
    notes = [line for line in first.splitlines() if ": note: " in line]
    assert notes == [line for line in second.splitlines() if ": note: " in line]
    assert notes
    assert timeless(build(project, "--strict")) == timeless(second)  # and again


@pytest.mark.parametrize("edit", ["entry", "person", "programme", "template", "style",
                                  "page", "config", "site file gone", "site file edited",
                                  "cache gone"])
def test_any_change_to_what_a_build_reads_or_left_is_a_whole_build(project, edit):
    build(project, "--strict")
    before = identity(project)
    change(project, edit)
    after = build(project, "--strict")
    assert LEFT not in after
    assert identity(project) != before
    assert LEFT in build(project, "--strict")  # recorded again


def change(project: Path, edit: str) -> None:
    site = project / "site"
    if edit == "site file gone":
        (site / "404.html").unlink()
    elif edit == "site file edited":
        page = site / "index.html"
        page.write_text(page.read_text() + "\n")
    elif edit == "cache gone":
        shutil.rmtree(project / ".cache")
    else:
        path, old, new = {
            "entry": ("bibliography/tiny.bib", "Testing Conference", "Tested Conference"),
            "person": ("content/people.yml", "name:", "name: "),
            "programme": (next(p.relative_to(project).as_posix()
                               for p in (project / "content" / "programmes").glob("*.yml")),
                          "title:", "title: "),
            "template": ("theme/fragments/_entry.html.j2", "", "{# edited #}\n"),
            "style": ("theme/csl/medic-vancouver.csl", "", "\n"),
            "page": (next(p.relative_to(project).as_posix()
                          for p in (project / "content" / "pages").glob("*.md")), "", "\n"),
            "config": ("mkdocs.yml", "site_name:", "copyright: Edited\nsite_name:"),
        }[edit]
        if edit in ("template", "style"):  # the site's own theme folder, over showcase's
            source = plugin.PACKAGE_THEME / path.removeprefix("theme/")
            target = project / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text() + new)
            return
        file = project / path
        text = file.read_text()
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1) if old else text + new)


def test_a_build_that_warned_is_never_left_as_it_is(project):
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text().replace("  eventtitle = {Testing Conference},\n", ""))
    first = build(project)  # not --strict: the warning does not stop it
    assert "WARNING" in first and "no 'venue'" in first
    second = build(project)
    assert LEFT not in second and "no 'venue'" in second


@pytest.mark.parametrize("how", ["option off", "another plugin", "dirty"])
def test_what_the_record_cannot_answer_for_is_always_a_whole_build(project, how):
    config = project / "mkdocs.yml"
    if how == "option off":
        config.write_text(config.read_text().replace("cache_dir: .cache/showcase",
                                                     "skip_unchanged: false"))
    elif how == "another plugin":
        config.write_text(config.read_text().replace("\nnav:", "\n  - search\nnav:"))
    extra = ("--dirty",) if how == "dirty" else ()
    build(project, *extra)
    before = identity(project)
    assert LEFT not in build(project, *extra)
    if how != "dirty":  # a dirty build writes into the site folder itself
        assert identity(project) != before


def test_the_record_is_read_as_data_and_a_damaged_one_is_no_record(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("x")
    unchanged.remember(tmp_path, "inputs", site, [(20, "a note")])
    assert unchanged.unchanged(tmp_path, "inputs", site) == [(20, "a note")]
    assert unchanged.unchanged(tmp_path, "other inputs", site) is None
    (site / "more.html").write_text("y")
    assert unchanged.unchanged(tmp_path, "inputs", site) is None
    record = tmp_path / unchanged.RECORD
    for damaged in ("{", json.dumps({"inputs": "inputs"}), json.dumps([1]), ""):
        record.write_text(damaged)
        assert unchanged.unchanged(tmp_path, "inputs", site) is None


def test_settings_it_cannot_tell_apart_leave_nothing_to_compare(project):
    config = load_config(str(project / "mkdocs.yml"))
    options = config.plugins["showcase"].options(config)
    assert plugin.build_inputs(config, options) is not None
    config.extra["opaque"] = object()  # what another tool could have put there
    assert plugin.build_inputs(config, options) is None


def test_the_inputs_digest_reads_contents_not_times(tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.yml").write_text("a: 1\n")
    first = unchanged.inputs_digest([folder, tmp_path / "missing"], "settings")
    (folder / "a.yml").touch()
    assert unchanged.inputs_digest([folder, tmp_path / "missing"], "settings") == first
    (folder / "a.yml").write_text("a: 2\n")
    assert unchanged.inputs_digest([folder, tmp_path / "missing"], "settings") != first
    assert unchanged.inputs_digest([folder], "other settings") != first


def test_a_build_during_which_a_file_it_read_changed_is_not_recorded(project, monkeypatch):
    from mkdocs.commands.build import build as mkdocs_build_here

    bib = project / "bibliography" / "tiny.bib"
    real = plugin.build

    def edited_while_building(options, later=None):
        result = real(options, later)
        bib.write_text(bib.read_text().replace("Testing Conference", "Tested Conference"))
        return result
    monkeypatch.setattr(plugin, "build", edited_while_building)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build_here(config)
    assert (project / "site" / "index.html").is_file()
    assert not (project / ".cache" / "showcase" / unchanged.RECORD).exists()
    monkeypatch.undo()
    assert LEFT not in build(project, "--strict")  # the edit is built, then recorded
    assert LEFT in build(project, "--strict")


def test_what_cannot_be_read_is_never_the_same(tmp_path, monkeypatch):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.yml").write_text("a: 1\n")

    def unreadable(path):
        raise PermissionError(path)
    monkeypatch.setattr(Path, "read_bytes", unreadable)
    assert unchanged.inputs_digest([folder], "settings") is None
    monkeypatch.setattr(unchanged, "folder_digest", unreadable)
    assert unchanged.site_digest(folder) is None
