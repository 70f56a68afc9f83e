"""A cache never serves a stale page: with the caches on (parsed BibTeX, citations), an
edit to an entry, a person, a programme, a template or a style shows in the next build,
and deleting the cache folder changes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_kept_downloads import build as build_with_mkdocs
from test_kept_downloads import cached_tiny
from test_site import mkdocs_build

from generator.load import bibtex, parse_cache
from generator.pipeline import Options, build, keep
from generator.site import render

TINY = Path(__file__).resolve().parent / "sites" / "tiny"
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(TINY, tmp_path / "project")
    shutil.copytree(ROOT / "theme", tmp_path / "project" / "theme")  # a theme of its own
    return tmp_path / "project"


# How the pipeline is run: by `mkdocs build` (one build per process, no feeds without a
# site address), and by `mkdocs serve` (builds again and again in one process, keeping what
# it read in memory too, and with an address, so with feeds).
MODES = {"build": {}, "serve": {"site_url": "http://127.0.0.1:8000/", "preview": True}}


def rendered(project: Path, mode: str = "build", cache: bool = True,
             put_off: bool = False) -> dict[str, str]:
    """The build's pages and downloads; ``put_off``: the build puts off keeping what it read
    and made (as `mkdocs build` does until its pages are written), kept here once it is done."""
    later = [] if put_off else None
    result = build(Options(project, cache_dir=project / ".cache" / "showcase" if cache else None,
                           theme_dirs=(project / "theme",), **MODES[mode]), later)
    assert not result.errors, result.errors
    made = {**result.rendered, **{path: result.downloads.text(path)
                                  for path in result.downloads.paths}}
    keep(later)
    return made


def kept_files(project: Path, kind: str) -> set[str]:
    folder = project / ".cache" / "showcase" / kind
    return {file.name for file in folder.iterdir()} if folder.is_dir() else set()


def test_a_build_that_puts_off_keeping_writes_nothing_until_asked(project: Path,
                                                                  monkeypatch) -> None:
    before = rendered(project, cache=False)
    later = []
    result = build(Options(project, cache_dir=project / ".cache" / "showcase",
                           theme_dirs=(project / "theme",)), later)
    assert result.rendered and not result.errors
    assert later and kept_files(project, "bibtex") == kept_files(project, "pages") == set()
    keep(later)
    assert later == []
    assert kept_files(project, "bibtex") and kept_files(project, "pages")
    # What was kept serves the next build: nothing read or rendered again, nothing changed.
    calls = []
    for module, name in ((bibtex, "make_entry"), (render, "render_page")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, real=real, **k: (calls.append(a),
                                                                       real(*a, **k))[1])
    assert rendered(project) == before
    assert calls == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


EDITS = {
    "an entry": ("bibliography/tiny.bib", "A talk about tests", "A talk, edited"),
    "a person": ("content/people.yml", "name: Another Tester", "name: Another Editor"),
    "a programme": ("content/programmes/demo.yml", "title: Demo programme",
                    "title: Edited programme"),
    "a template": ("theme/fragments/_downloads.html.j2", ">BibTeX<", ">BibTeX (edited)<"),
    "a style": ("theme/csl/medic-vancouver.csl", 'delimiter=", "', 'delimiter=" + "'),
}
SHOWN = {"an entry": "A talk, edited", "a person": "Another Editor",
         "a programme": "Edited programme", "a template": "BibTeX (edited)",
         "a style": " + "}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("what", list(EDITS))
def test_an_edit_shows_in_the_next_build(project: Path, what: str, mode: str) -> None:
    before = rendered(project, mode)
    again = rendered(project, mode)  # from the caches
    assert again == before
    path, old, new = EDITS[what]
    edit(project / path, old, new)
    after = rendered(project, mode)
    assert after != before
    assert any(SHOWN[what] in page for page in after.values())
    assert after == rendered(project, mode, cache=False)  # what a build without caches makes
    if mode == "serve" and what in ("an entry", "a style"):
        assert SHOWN[what] in after["feed.xml"]  # the feeds are kept, and made again


def test_deleting_the_cache_folder_changes_nothing(project: Path) -> None:
    before = rendered(project)
    assert list((project / ".cache" / "showcase" / "bibtex").glob("*.json"))
    shutil.rmtree(project / ".cache")
    assert rendered(project) == before


def test_a_damaged_or_foreign_cache_file_is_read_again(project: Path) -> None:
    before = rendered(project)
    for file in (project / ".cache" / "showcase" / "bibtex").glob("*.json"):
        file.write_text('{"key": "not this one", "entries": [], "problems": []}')
    assert rendered(project) == before
    for file in (project / ".cache" / "showcase" / "bibtex").glob("*.json"):
        file.write_text("not json")
    assert rendered(project) == before


def test_a_change_to_the_loader_code_reads_files_again(project: Path, monkeypatch) -> None:
    before = rendered(project)
    calls = []
    real = parse_cache.cached_load.__globals__["write_kept"]
    monkeypatch.setattr(parse_cache, "write_kept", lambda *a: (calls.append(a), real(*a)))
    rendered(project)
    assert calls == []  # nothing read afresh
    monkeypatch.setattr(parse_cache, "code_digest", lambda: "other code")
    assert rendered(project) == before
    assert calls  # read afresh under the new code's key


def test_pages_and_downloads_come_from_the_cache_when_nothing_changed(project: Path,
                                                                     monkeypatch) -> None:
    before = rendered(project)
    kept = project / ".cache" / "showcase"
    assert list((kept / "pages").iterdir()) and list((kept / "downloads").iterdir())
    calls = []
    real = render.render_page
    monkeypatch.setattr(render, "render_page", lambda *a, **k: (calls.append(a), real(*a, **k))[1])
    assert rendered(project) == before
    assert calls == []  # every page from the cache
    edit(project / "bibliography" / "tiny.bib", "A talk about tests", "A talk, edited")
    after = rendered(project)
    assert {page.path for _, page in calls} >= {"presentations/talk2023.md",
                                                "presentations/index.md"}
    assert "publications/hostile2024.md" not in {page.path for _, page in calls}
    assert after["presentations/talk2023.md"] != before["presentations/talk2023.md"]


def test_a_damaged_page_in_the_cache_is_made_again(project: Path) -> None:
    before = rendered(project)
    for file in (project / ".cache" / "showcase" / "pages").iterdir():
        file.write_text(file.read_text(encoding="utf-8").replace("<", "&lt;"), encoding="utf-8")
    for file in (project / ".cache" / "showcase" / "downloads").iterdir():
        file.write_text(file.read_text(encoding="utf-8")[:-20], encoding="utf-8")
    assert rendered(project) == before


def test_what_a_build_did_not_use_is_removed(project: Path) -> None:
    rendered(project)
    pages = project / ".cache" / "showcase" / "pages"
    (pages / "left-over").write_text("x\ny", encoding="utf-8")
    count = len(list(pages.iterdir()))
    edit(project / "bibliography" / "tiny.bib", "A talk about tests", "A talk, edited")
    rendered(project)
    assert not (pages / "left-over").exists()
    assert len(list(pages.iterdir())) == count - 1  # the edited pages replace their old ones


@pytest.mark.parametrize("put_off", [False, True], ids=["kept at once", "kept later"])
def test_an_edited_file_reads_only_its_edited_entry_afresh(project: Path, monkeypatch,
                                                           put_off: bool) -> None:
    before = rendered(project, put_off=put_off)
    made = []
    real = bibtex.make_entry
    monkeypatch.setattr(bibtex, "make_entry", lambda block, *a: (made.append(block.key),
                                                                  real(block, *a))[1])
    edit(project / "bibliography" / "tiny.bib", "A talk about tests", "A talk, edited")
    after = rendered(project, put_off=put_off)
    assert made == ["talk2023"]  # the other entries of the file come from the cache
    assert after["presentations/talk2023.md"] != before["presentations/talk2023.md"]
    made.clear()
    edit(project / "bibliography" / "tiny.bib", "A talk, edited", "A talk, edited twice")
    after = rendered(project, put_off=put_off)
    assert made == ["talk2023"]  # and again: what was kept is kept as it was read
    shutil.rmtree(project / ".cache")
    assert rendered(project) == after  # the same as reading every entry afresh


def test_mkdocs_build_keeps_what_it_read_and_made_even_when_the_content_has_errors(tmp_path):
    """`mkdocs build` puts off keeping until its pages are written; one that stops on an
    error in the content keeps what it read all the same, for the build after the fix."""
    project, site = cached_tiny(tmp_path), tmp_path / "site"
    build_with_mkdocs(project, site)
    assert kept_files(project, "bibtex") and kept_files(project, "pages")
    shutil.rmtree(project / ".cache")
    edit(project / "bibliography" / "tiny.bib", "{2023}", "{23}")
    stopped = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert stopped.returncode == 1 and "must be a 4-digit year" in stopped.stderr
    assert kept_files(project, "bibtex") and not kept_files(project, "pages")
