"""One site, three engines: tests/sites/tiny built by MkDocs, ProperDocs and Zensical
(`showcase build --engine NAME`) has the same pages, each entry page the same citation and
Scholar tags, the same links and the same downloads; and the plain tree of `showcase export`
is what an engine without plugins can build.

ProperDocs and Zensical each live in a virtual environment of their own, beside `.venv`
(`showcase build --engine NAME --install-only` makes one). Where one is missing these tests
are skipped, or, with SHOWCASE_REQUIRE_ENGINES=1 (CI sets it, .ci/engines), fail.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
import yaml
from html_safety import ActiveParts
from lxml import html
from test_site import copy_tiny

from generator.cli import main
from generator.site.engines import ENGINES
from generator.site.export_tree import (
    engine_neutral,
    plain_config,
    plain_page,
    source_link,
    without_own_keys,
)

TINY = Path(__file__).resolve().parent / "sites" / "tiny"
DOWNLOADS = (".bib", ".ris", ".json", ".xml", ".txt", ".svg")
NOT_OURS = ("assets/javascripts/", "assets/stylesheets/", "assets/images/", "pagefind/")
OWN_TO = {"zensical": {"search.json"}, "mkdocs": {"sitemap.xml.gz"},
          "properdocs": {"sitemap.xml.gz"}}  # each engine's own extras, not the site's


def require(engine: str) -> None:
    program = ENGINES[engine].program
    if program.exists():
        return
    reason = (f"engine {engine} is not installed ({program} is missing): run "
              f"`showcase build --engine {engine} --install-only`")
    if os.environ.get("SHOWCASE_REQUIRE_ENGINES") == "1":
        pytest.fail(f"{reason} (SHOWCASE_REQUIRE_ENGINES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """engine -> the tiny site it built, each built once for the module."""
    sites: dict[str, Path] = {}

    def site(engine: str) -> Path:
        if engine not in sites:
            require(engine)
            folder = tmp_path_factory.mktemp(engine) / "site"
            code = main(["build", "--engine", engine, "--strict", "--root", str(TINY),
                         "--site-dir", str(folder)])
            assert code == 0, f"engine {engine}: `showcase build` exited {code}"
            sites[engine] = folder
        return sites[engine]
    return site


def files(site: Path, engine: str) -> set[str]:
    paths = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    return {p for p in paths if not p.startswith(NOT_OURS)} - OWN_TO[engine]


def page(site: Path, path: str):
    return html.fromstring((site / path).read_bytes())


def head_tags(tree) -> list[str]:
    """The citation_* tags and JSON-LD of a page, as text."""
    metas = [f"{m.get('name')}={m.get('content')}" for m in
             tree.xpath("//head/meta[starts-with(@name, 'citation_')]")]
    return metas + [s.text for s in tree.xpath("//head/script[@type='application/ld+json']")]


def citation(tree) -> str:
    return "".join(html.tostring(p, encoding="unicode")
                   for p in tree.xpath("//*[contains(@class, 'showcase-citation')]"))


def link_targets(tree, path: str) -> list[str]:
    """Where each link and image in a generated page's body leads, from the site's root
    (a hand-written page's body is the engine's Markdown: Zensical adds heading anchors)."""
    here = posixpath.dirname(path)
    targets = []
    for body in tree.xpath("//*[@data-pagefind-body][contains(concat(' ', @class, ' '), "
                           "' showcase ')]"):
        for element in body.xpath(".//*[@href or @src]"):
            value = element.get("href") or element.get("src")
            if "://" in value or value.startswith(("mailto:", "#", "/")):
                targets.append(value)
            else:
                targets.append(posixpath.normpath(posixpath.join(here, value.split("#")[0])))
    return targets


def entry_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix()
                  for kind in ("publications", "presentations", "outputs")
                  for p in (site / kind).glob("*/index.html"))


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_every_engine_builds_the_same_pages_and_files(built, engine):
    reference, other = built("mkdocs"), built(engine)
    assert files(other, engine) == files(reference, "mkdocs"), f"engine {engine}"
    assert len(entry_pages(reference)) >= 8


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_each_entry_page_has_the_same_citation_and_scholar_tags(built, engine):
    reference, other = built("mkdocs"), built(engine)
    for path in entry_pages(reference):
        expected, found = page(reference, path), page(other, path)
        assert citation(found) == citation(expected), f"engine {engine}: {path}"
        assert head_tags(found) == head_tags(expected), f"engine {engine}: {path}"
    tags = head_tags(page(other, "publications/person2022/index.html"))
    assert "citation_title=A fictional article with every field the page shows" in tags


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_every_link_leads_where_it_does_under_mkdocs(built, engine):
    reference, other = built("mkdocs"), built(engine)
    for path in sorted(p for p in files(reference, "mkdocs") if p.endswith(".html")):
        expected = link_targets(page(reference, path), path)
        assert link_targets(page(other, path), path) == expected, f"engine {engine}: {path}"
        for target in expected:
            if "://" not in target and not target.startswith(("mailto:", "#", "/")):
                assert (reference / target).exists(), f"{path} links to {target}"


@pytest.mark.parametrize("engine", ["properdocs", "zensical"])
def test_downloads_and_feeds_are_byte_for_byte_the_same(built, engine):
    reference, other = built("mkdocs"), built(engine)
    downloads = sorted(p for p in files(reference, "mkdocs") if p.endswith(DOWNLOADS)
                       and p != "sitemap.xml")
    assert any(p.endswith("feed.xml") for p in downloads)
    for path in downloads:
        assert (other / path).read_bytes() == (reference / path).read_bytes(), path


def test_zensical_site_is_searchable_and_keeps_the_security_policy(built):
    site = built("zensical")
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    home = page(site, "index.html")
    assert home.xpath("//meta[@http-equiv='Content-Security-Policy']")
    assert home.xpath("//dialog[@id='showcase-search']")  # the search dialog of the theme
    about = page(site, "about/index.html")
    assert len(about.xpath("//*[@data-pagefind-body]")) == 1


def active_parts(file: Path) -> list[str]:
    parser = ActiveParts(allowed_tags=set())
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.found


def test_a_hand_written_page_keeps_no_raw_html_that_runs_under_zensical(built, tmp_path):
    clean = built("zensical")
    project = copy_tiny(tmp_path)
    page_file = project / "content" / "pages" / "about.md"
    page_file.write_text("---\nshowcase_generated: true\nshowcase_head: '<script>x()</script>'"
                         "\n---\n" + page_file.read_text(encoding="utf-8") +
                         "\n<script>alert(1)</script>\n\n</div><script>alert(2)</script>\n\n"
                         "<img src=x onerror=alert(1)> [x](javascript:alert(1)) **kept**\n",
                         encoding="utf-8")
    site = tmp_path / "site"
    assert main(["build", "--engine", "zensical", "--root", str(project),
                 "--site-dir", str(site)]) == 0
    about = site / "about" / "index.html"
    assert active_parts(about) == active_parts(clean / "about" / "index.html")
    assert "<strong>kept</strong>" in about.read_text(encoding="utf-8")


# ---- the plain tree ------------------------------------------------------------------------


def test_export_writes_a_tree_without_plugins(tmp_path):
    assert main(["export", str(tmp_path / "tree"), "--root", str(TINY)]) == 0
    tree = tmp_path / "tree"
    config = yaml.safe_load((tree / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["plugins"] == [{"search": {"enabled": False}}]
    assert (config["docs_dir"], config["theme"]["custom_dir"]) == ("docs", "overrides")
    assert config["site_name"] == "Tiny &lt;Lab&gt;"
    entry = (tree / "docs" / "publications" / "person2022.md").read_text(encoding="utf-8")
    assert entry.startswith("---\nshowcase_generated: true\n")
    assert (tree / "docs" / "publications" / "person2022" / "person2022.bib").is_file()
    assert (tree / "docs" / "about.md").is_file() and (tree / "docs" / "images").is_dir()
    assert not (tree / "overrides" / "fragments").exists()
    assert not (tree / "overrides" / "sitemap.xml").exists()  # Zensical writes its own
    assert "generated_by" not in (tree / "overrides" / "main.html").read_text(encoding="utf-8")


def test_an_extension_that_cannot_be_loaded_is_named(tmp_path, capsys):
    project = copy_tiny(tmp_path)
    with (project / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("markdown_extensions:\n  - no_such_extension\n")
    assert main(["export", str(tmp_path / "tree"), "--root", str(project)]) == 1
    assert "showcase export: mkdocs.yml: markdown_extensions: cannot render the hand-written " \
        "pages with them: No module named 'no_such_extension'" in capsys.readouterr().err


def test_export_refuses_the_project_folder_itself():
    assert main(["export", str(TINY), "--root", str(TINY)]) == 2


def test_plain_config_leaves_out_plugins_and_hooks():
    project = {"site_name": "x", "plugins": ["showcase"], "hooks": ["h.py"],
               "theme": {"name": "material", "custom_dir": "theme"}, "nav": ["index.md"]}
    config = plain_config(project, "Name", "About", "https://example.org/", ENGINES["mkdocs"])
    assert config["plugins"] == [] and "hooks" not in config
    assert config["theme"] == {"name": "material", "custom_dir": "overrides"}
    assert (config["site_name"], config["site_url"], config["nav"]) == \
        ("Name", "https://example.org/", ["index.md"])
    assert config["extra"] == {"showcase_export": True}


SOURCE_LINKS = [  # (link from the page's address, the same link from its source folder)
    ("person2022.bib", "person2022/person2022.bib"),
    ("../", "./"),
    ("../../people/test-person/", "../people/test-person/"),
    ("../../people/test-person/#work", "../people/test-person/#work"),
    ("../../images/test.svg", "../images/test.svg"),
    ("https://doi.org/10.1/x", "https://doi.org/10.1/x"),
    ("#details", "#details"),
    ("mailto:a@example.org", "mailto:a@example.org"),
]


@pytest.mark.parametrize(("link", "expected"), SOURCE_LINKS)
def test_a_link_is_written_from_the_source_folder_for_zensical(link, expected):
    assert source_link(link, "publications/person2022.md") == expected


def test_only_non_index_pages_of_zensical_have_their_links_moved():
    text = '---\ntitle: "x"\n---\n\n<a href="../">All</a> <img src="a.png">\n'
    zensical, mkdocs = ENGINES["zensical"], ENGINES["mkdocs"]
    assert plain_page("people/p.md", text, zensical).endswith(
        '<a href="./">All</a> <img src="p/a.png">\n')
    assert plain_page("people/index.md", text, zensical).endswith(
        '<a href="../">All</a> <img src="a.png">\n')
    assert plain_page("people/p.md", text, mkdocs) == text.replace(
        "---\n", "---\nshowcase_generated: true\n", 1)
    assert plain_page("people/p.bib", "@misc{x}", zensical) == "@misc{x}"


def test_a_hand_written_page_cannot_pose_as_a_generated_one():
    page_text = ("---\ntitle: About\nshowcase_generated: true\n"
                 "showcase_head: '<script>alert(1)</script>'\n---\n# About\n")
    assert without_own_keys(page_text) == "---\ntitle: About\n---\n# About\n"
    assert without_own_keys("# No front matter\n") == "# No front matter\n"


def test_the_theme_test_for_a_generated_page_reads_the_front_matter():
    assert engine_neutral("{% if page and page.file and page.file.generated_by %}") == \
        "{% if page and (page.meta and page.meta.showcase_generated) %}"
    assert engine_neutral("{% if page.file.generated_by %}") == \
        "{% if (page.meta and page.meta.showcase_generated) %}"
