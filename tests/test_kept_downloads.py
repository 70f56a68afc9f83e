"""Downloads are written by the plugin, one file at a time, and a build links the files of
the site it replaces whose signature (what they are made from) and size and time of change
are as written: those, and only those, are not made again (generator/site/exports.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_atomic import edit, snapshot
from test_site import copy_tiny, mkdocs_build

from generator.site import output_dir
from generator.site.exports import WRITTEN

OWN = "presentations/talk2023/talk2023"  # the edited entry's own downloads
OTHER = "publications/person2022/person2022"  # an entry left as it was


def cached_tiny(tmp_path: Path) -> Path:
    project = copy_tiny(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace('cache_dir: ""', "cache_dir: .cache/showcase"))
    return project


def build(project: Path, site: Path) -> None:
    result = mkdocs_build(project / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr


def fresh(project: Path, tmp_path: Path) -> dict:
    """The site a build with no cache and no site before it makes."""
    copy = tmp_path / "fresh"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache"))
    build(copy, tmp_path / "fresh-site")
    return snapshot(tmp_path / "fresh-site")


def same_file(site: Path, path: str) -> bool:
    return (site / path).stat().st_ino == (output_dir.retired_dir(site) / path).stat().st_ino


def test_unchanged_downloads_are_linked_and_changed_ones_written(tmp_path):
    project, site = cached_tiny(tmp_path), tmp_path / "site"
    build(project, site)
    assert (project / ".cache" / "showcase" / WRITTEN).is_file()
    # The same size: only the signature tells the old file from the new one.
    edit(project / "bibliography" / "tiny.bib", "A talk about tests", "A talk about bests")
    build(project, site)
    assert all(same_file(site, f"{OTHER}.{extension}") for extension in ("bib", "ris", "json"))
    for extension in ("bib", "ris", "json"):
        assert not same_file(site, f"{OWN}.{extension}")
        assert "A talk about bests" in (site / f"{OWN}.{extension}").read_text()
    site_wide = next(path for path in (site / "downloads").iterdir() if path.suffix == ".bib")
    assert "A talk about bests" in site_wide.read_text()
    assert snapshot(site) == fresh(project, tmp_path)


def test_a_download_changed_in_the_site_folder_is_written_again(tmp_path):
    project, site = cached_tiny(tmp_path), tmp_path / "site"
    build(project, site)
    with (site / f"{OTHER}.bib").open("a") as download:
        download.write("% changed by hand\n")
    build(project, site)
    assert "changed by hand" not in (site / f"{OTHER}.bib").read_text()
    assert same_file(site, f"{OTHER}.ris")
    assert snapshot(site) == fresh(project, tmp_path)


def test_a_site_folder_the_cache_does_not_describe_is_written_whole(tmp_path):
    project, site = cached_tiny(tmp_path), tmp_path / "site"
    build(project, site)
    build(project, tmp_path / "elsewhere")  # the cache now describes another folder
    build(project, site)
    assert not same_file(site, f"{OTHER}.bib")
    assert snapshot(site) == fresh(project, tmp_path)
