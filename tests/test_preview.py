"""A preview that survives a mistake: under `mkdocs serve`, content with errors still
gives a site, with what has errors left out and a banner listing them on every page;
`mkdocs build` still fails on the same content."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from test_site import copy_tiny, mkdocs_build

from generator.plugin import wait_for_index

BROKEN = ("  eventtitle = {Testing Conference},\n", "  eventtitle = {Testing Conference}\n"
          "  year       = {2023},\n")  # a missing comma: the entry cannot be read


def break_talk(project: Path) -> None:
    bib = project / "bibliography" / "tiny.bib"
    text = bib.read_text(encoding="utf-8")
    assert BROKEN[0] in text
    bib.write_text(text.replace(BROKEN[0], BROKEN[1], 1), encoding="utf-8")


def serve_build(project: Path, site: Path) -> None:
    """What `mkdocs serve` does on each save: the plugins learn the command, then build."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)


def test_a_preview_is_built_with_the_error_shown_on_every_page(tmp_path: Path) -> None:
    project = copy_tiny(tmp_path)
    break_talk(project)
    serve_build(project, tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "This preview leaves out what has errors." in home
    assert "bibliography/tiny.bib:" in home and "error:" in home
    assert (tmp_path / "site" / "publications" / "hostile2024" / "index.html").is_file()
    assert not (tmp_path / "site" / "presentations" / "talk2023").exists()
    about = (tmp_path / "site" / "about" / "index.html").read_text(encoding="utf-8")
    assert "This preview leaves out what has errors." in about


def test_a_clean_preview_has_no_banner(tmp_path: Path) -> None:
    project = copy_tiny(tmp_path)
    serve_build(project, tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "showcase-preview-errors" not in home


def test_a_build_of_the_same_content_still_fails(tmp_path: Path) -> None:
    project = copy_tiny(tmp_path)
    break_talk(project)
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "nothing was built" in result.stderr
    assert not (tmp_path / "site").exists()


def test_the_preview_search_is_indexed_after_its_pages(tmp_path: Path) -> None:
    """Under serve, the build returns once the pages are written (the browser reloads
    then); the search index follows in the background, one at a time."""
    project = copy_tiny(tmp_path)
    site = tmp_path / "site"
    serve_build(project, site)
    assert (site / "index.html").is_file()
    wait_for_index()
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    first = (site / "pagefind" / "pagefind-entry.json").read_bytes()
    serve_build(project, site)  # a second save: its index waits for the first
    wait_for_index()
    assert (site / "pagefind" / "pagefind-entry.json").read_bytes() == first
