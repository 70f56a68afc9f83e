"""Pages filled from one theme shell per section are the pages the theme would have rendered.

The tiny site is built by MkDocs twice, with shells (the default) and without (every page
through Material), and every file is compared byte for byte: as it is, with URLs that are
files, and with entries whose text holds what could trip a shell (its tokens, an <h1>,
an empty abstract).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from test_site import TINY, mkdocs_build
from test_snapshot import built_files, snapshot_report

from generator.pipeline import Options, build
from generator.site import shells

THEME = Path(__file__).resolve().parent.parent / "theme"
TRICKY = r"""
@article{tricky1,
  author = {Token, Tess},
  title = {zq7showcaseshelltitlezq7showcaseshell and zq7showcaseshellbodyzq7showcaseshell},
  journal = {<h1>Journal</h1>},
  year = {2021},
  abstract = {An abstract with <h1>a heading</h1> and zq7showcaseshellslugzq7showcaseshell0.},
  programmes = {demo},
  known_gaps = {doi},
}

@article{tricky2,
  author = {Token, Tess},
  title = {A title with \& and "quotes" <b>bold</b>},
  journal = {Journal},
  year = {2020},
  programmes = {demo},
  known_gaps = {doi},
}
"""


def project(tmp_path: Path, tricky: bool, directory_urls: bool) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(TINY, folder)
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(THEME)
    config["use_directory_urls"] = directory_urls
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    if tricky:
        with (folder / "bibliography" / "tiny.bib").open("a", encoding="utf-8") as bib:
            bib.write(TRICKY)
    return folder


def with_shells(folder: Path, on: bool) -> Path:
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"showcase": {"cache_dir": "", "shells": on}}]
    path = folder / f"mkdocs-{'shells' if on else 'theme'}.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def groups(folder: Path) -> dict[str, list[str]]:
    """Shell path -> the pages planned to be filled from it."""
    result = build(Options.of_project(folder))
    assert result.rendered, [str(p) for p in result.errors]
    planned = shells.plan_shells((page.path, page.template, *shells.split(
        result.rendered[page.path])) for page in result.pages)
    found: dict[str, list[str]] = {}
    for path, shell in planned.items():
        found.setdefault(shell.path, []).append(path)
    return found


@pytest.mark.parametrize(("tricky", "directory_urls"),
                         [(False, True), (False, False), (True, True)])
def test_filled_pages_are_the_pages_the_theme_renders(tmp_path, tricky, directory_urls):
    folder = project(tmp_path, tricky, directory_urls)
    planned = groups(folder)
    assert sum(map(len, planned.values())) >= 4, planned  # the site exercises shells
    sites = {}
    for on in (True, False):
        site = tmp_path / f"site-{on}"
        built = mkdocs_build(with_shells(folder, on), site, "--strict")
        assert built.returncode == 0, built.stderr
        sites[on] = built_files(site)
    assert not snapshot_report(sites[False], sites[True])
    assert not any(shells.TOKEN.encode() in content and b"zq7showcaseshell and" not in content
                   and b"shellslugzq7" not in content for content in sites[True].values())


def test_a_page_of_another_shape_is_not_filled():
    body = "<p>text</p>"
    one = shells.shape_of("publications/a.md", "publication.md.j2",
                          {"title": "A", "description": "d", "showcase_head": "h"}, body)
    empty = shells.shape_of("publications/b.md", "publication.md.j2",
                            {"title": "B", "description": "", "showcase_head": "h"}, body)
    heading = shells.shape_of("publications/c.md", "publication.md.j2",
                              {"title": "C", "description": "d", "showcase_head": "h"},
                              "<h1>x</h1>")
    elsewhere = shells.shape_of("people/a.md", "publication.md.j2",
                                {"title": "A", "description": "d", "showcase_head": "h"}, body)
    assert len({one, empty, heading, elsewhere}) == 4


def test_values_are_filled_in_one_pass():
    shell = shells.Shell(shells.shape_of("x/a.md", "f", {}, ""), "x/" + shells.SLUG + "0.md",
                         "")
    html = (f"<title>{shells.token('title')}</title><a href='/x/{shells.SLUG}0/'>"
            f"<main>{shells.BODY}{shells.HEADING_MARK}</main>")
    meta = {"title": shells.token("description"), "description": "never shown"}
    filled = shells.fill(html, shell.path, "x/key.md", meta, shells.token("title"))
    assert filled == (f"<title>{shells.token('description')}</title><a href='/x/key/'>"
                      f"<main>{shells.token('title')}</main>")


def test_front_matter_kept_between_builds_reads_as_yaml_reads_it(tmp_path, monkeypatch):
    pages = {path: text for path, text in build(Options.of_project(TINY)).rendered.items()
             if path.endswith(".md")}
    pages |= {"dated.md": "---\ntitle: A\ndate: 2021-02-03\n---\n\nbody\n",  # not JSON
              "keys.md": "---\n1: one\n---\nbody\n",  # a key that is not text
              "plain.md": "no front matter\n", "broken.md": "---\ntitle: [\n---\nbody\n"}
    expected = {path: found for path, text in pages.items() if (found := shells.split(text))}
    assert {"dated.md", "keys.md"} <= expected.keys() and len(expected) == len(pages) - 2
    kept = tmp_path / "front-matter.json"
    assert shells.split_pages(pages.items(), kept) == expected
    assert kept.is_file()
    reads = []
    real = yaml.load
    monkeypatch.setattr(shells.yaml, "load", lambda *a, **k: (reads.append(1), real(*a, **k))[1])
    assert shells.split_pages(pages.items(), kept) == expected
    assert len(reads) == 3  # read again: what JSON does not hold (2) and the broken page
    edited = dict(pages, **{"dated.md": pages["dated.md"].replace("title: A", "title: B")})
    assert shells.split_pages(edited.items(), kept)["dated.md"][0]["title"] == "B"
    twin = pages["keys.md"].replace("1:", "k:")
    shells.split_pages([("a.md", twin)], kept)
    twins = shells.split_pages([("a.md", twin), ("b.md", twin)], kept)  # both kept
    assert twins["a.md"] == twins["b.md"] and twins["a.md"][0] is not twins["b.md"][0]
    kept.write_text('{"damaged', encoding="utf-8")
    assert shells.split_pages(pages.items(), kept) == expected
