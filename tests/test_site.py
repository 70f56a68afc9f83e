"""End to end: build real sites with `mkdocs build` and read the pages a visitor would see."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from generator.load.bibtex import load_bibliography
from generator.load.content import load_outputs, load_people, load_programmes
from generator.site.plan import slug

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "sites" / "tiny"


def mkdocs_build(config: Path, site_dir: Path, *extra: str,
                 env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config),
                           "-d", str(site_dir), *extra], env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=120)


class Page(HTMLParser):
    """One built page: its source, its links (resolved to site URLs) and the text of its h1."""

    def __init__(self, site: Path, url: str):
        super().__init__()
        self.url, self.links, self.h1, self._in_h1 = url, set(), "", False
        self.source = (site / url / "index.html").read_text(encoding="utf-8")
        self.feed(self.source)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.links.add(urljoin("/" + self.url, dict(attrs)["href"]).split("#")[0])
        self._in_h1 = tag == "h1" or self._in_h1

    def handle_endtag(self, tag):
        self._in_h1 = False if tag == "h1" else self._in_h1

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


@pytest.fixture(scope="module")
def default_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return site


def entry_url(kind: str, key: str) -> str:
    return f"/{kind}s/{slug(key)}/"


def test_the_default_content_loads_whole():
    """Every entry of every .bib file and every content file becomes a record, so the tests
    below, which walk the loaded records, walk all of the content."""
    written = [key for path in (ROOT / "bibliography").glob("*.bib")
               for key in re.findall(r"^@(?!string|comment|preamble)\w+\{([^,\s]+),",
                                     path.read_text(), re.MULTILINE | re.IGNORECASE)]
    assert sorted(entry.key for entry in load_bibliography(ROOT)[0]) == sorted(written)
    for load, folder in ((load_programmes, "programmes"), (load_outputs, "outputs")):
        ids = [yaml.safe_load(path.read_text())["id"]
               for path in (ROOT / "content" / folder).glob("*.yml")]
        assert sorted(record.id for record in load(ROOT)[0]) == sorted(ids), folder
    people = yaml.safe_load((ROOT / "content" / "people.yml").read_text())["people"]
    assert [p.id for p in load_people(ROOT)[0]] == [p["id"] for p in people]


def test_every_entry_is_on_its_list_its_programmes_and_its_own_page(default_site):
    entries, _ = load_bibliography(ROOT)
    lists = {kind: Page(default_site, f"{kind}s/") for kind in ("publication", "presentation")}
    for entry in entries:
        url = entry_url(entry.kind, entry.key)
        assert url in lists[entry.kind].links, f"{entry.key} missing from its list"
        for programme in entry.programmes:
            assert url in Page(default_site, f"programmes/{programme}/").links, \
                f"{entry.key} missing from programme {programme}"
        assert Page(default_site, url.strip("/") + "/").h1.strip() == entry.title


def test_every_output_is_on_the_outputs_page_its_programmes_and_its_own_page(default_site):
    listing = Page(default_site, "outputs/")
    for output in load_outputs(ROOT)[0]:
        url = f"/outputs/{slug(output.id)}/"
        assert url in listing.links
        for programme in output.programmes:
            assert url in Page(default_site, f"programmes/{programme}/").links
        assert Page(default_site, url.strip("/") + "/").h1.strip() == output.title


def test_every_programme_has_a_page_reached_from_home_and_the_programmes_list(default_site):
    home, listing = Page(default_site, ""), Page(default_site, "programmes/")
    for programme in load_programmes(ROOT)[0]:
        url = f"/programmes/{programme.id}/"
        assert url in home.links and url in listing.links
        assert Page(default_site, url.strip("/") + "/").h1.strip() == programme.title


def test_citation_reads_like_the_groups_own_list(default_site):
    listing = Page(default_site, "publications/dutta2022watcch/").source
    assert ('<strong class="showcase-member">Dutta N</strong>, Scott K, Horsburgh J, et al. '
            "WATCCH: a multiprofessional approach to "
            "widening participation in healthcare careers. Education for Primary Care. "
            "2022;33(2):102-8.") in listing
    assert '<a href="https://doi.org/10.1136/bmj.m966">' in Page(
        default_site, "publications/fyfe2020widening/").source


def test_lists_are_grouped_by_year_newest_first(default_site):
    entries, _ = load_bibliography(ROOT)
    for kind in ("publication", "presentation"):
        mine = [entry for entry in entries if entry.kind == kind]
        source = Page(default_site, f"{kind}s/").source
        headings = re.findall(r'<h2 id="year-([^"]+)"', source)
        years = sorted({entry.year for entry in mine if entry.year}, reverse=True)
        undated = ["undated"] if any(entry.year is None for entry in mine) else []
        assert headings == [*map(str, years), *undated], kind
        sections = dict(zip(headings, source.split('<h2 id="year-')[1:], strict=True))
        for entry in mine:
            assert f'href="{slug(entry.key)}/"' in sections[str(entry.year or "undated")], \
                f"{entry.key} is not under its year"


def test_entry_pages_are_kept_out_of_the_nav(default_site):
    source = Page(default_site, "").source
    nav = source.split('class="md-nav md-nav--primary')[1].split("</nav>")[0]
    assert 'href="publications/"' in nav
    entries, _ = load_bibliography(ROOT)
    assert [e.key for e in entries if f'{e.kind}s/{slug(e.key)}/"' in nav] == []


def test_hostile_titles_are_shown_as_text(tmp_path):
    result = mkdocs_build(TINY / "mkdocs.yml", tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    for page in tmp_path.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text, page
        assert "Tiny <Lab>" not in text, page
    entry = (tmp_path / "publications" / "hostile2024" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <i>Homo sapiens</i>" in entry


def test_a_doi_stored_as_an_address_warns_and_is_linked_bare(tmp_path):
    project = copy_tiny(tmp_path)
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text().replace("{10.1234/tiny.1}", "{https://doi.org/10.1234/tiny.1}"))
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert ("bibliography/tiny.bib:6: warning: entry 'hostile2024': field 'doi' is stored as "
            "'https://doi.org/10.1234/tiny.1'") in result.stderr
    entry = (tmp_path / "site" / "publications" / "hostile2024" / "index.html").read_text()
    assert '<a href="https://doi.org/10.1234/tiny.1">' in entry
    assert "doi.org/https" not in entry


def copy_tiny(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(TINY, project)
    (project / "mkdocs.yml").write_text((TINY / "mkdocs.yml").read_text().replace(
        "../../../theme", str(ROOT / "theme")))
    return project


def test_an_unacknowledged_gap_fails_strict_builds_only(tmp_path):
    project = copy_tiny(tmp_path)
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text().replace("  eventtitle = {Testing Conference},\n", ""))
    relaxed = mkdocs_build(project / "mkdocs.yml", tmp_path / "a")
    strict = mkdocs_build(project / "mkdocs.yml", tmp_path / "b", "--strict")
    message = ("bibliography/tiny.bib:10: warning: entry 'talk2023': it has no 'venue'; add "
               "it, or if the source does not give it, add 'venue' to known_gaps")
    assert relaxed.returncode == 0 and message in relaxed.stderr
    assert strict.returncode == 1 and message in strict.stderr
    assert "Traceback" not in strict.stderr


def test_errors_are_all_reported_and_stop_the_build_without_a_traceback(tmp_path):
    project = copy_tiny(tmp_path)
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text().replace("{2023}", "{23}").replace("{demo}", "{nope}"))
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert ("bibliography/tiny.bib:14: error: entry 'talk2023': field 'year' must be a "
            "4-digit year, found '23'") in result.stderr
    assert "bibliography/tiny.bib:7: error: entry 'hostile2024' names the programme 'nope'" \
        in result.stderr


def test_escaped_titles_in_text_match(default_site):
    entries, _ = load_bibliography(ROOT)
    listing = Page(default_site, "publications/").source
    for entry in (e for e in entries if e.kind == "publication"):
        assert html.escape(entry.title, quote=False) in listing, entry.key


def test_entries_programmes_and_site_offer_downloads_and_a_copy_button(default_site):
    entries, _ = load_bibliography(ROOT)
    pages = [Page(default_site, entry_url(e.kind, e.key).strip("/") + "/") for e in entries]
    with_entries = sorted({programme for entry in entries for programme in entry.programmes})
    pages += [Page(default_site, f"programmes/{programme}/") for programme in with_entries]
    pages += [Page(default_site, ""), Page(default_site, "publications/")]
    for page in pages:
        downloads = {link for link in page.links if link.endswith((".bib", ".ris", ".json"))}
        assert len(downloads) == 3, page.url
        assert all((default_site / link.lstrip("/")).is_file() for link in downloads)
    watcch = Page(default_site, "publications/dutta2022watcch/").source
    assert ('data-copy-text="Dutta N, Scott K, Horsburgh J, et al. WATCCH: a multiprofessional '
            'approach to widening participation in healthcare careers. Education for Primary '
            'Care. 2022;33(2):102-8."') in watcch
    assert (default_site / "assets" / "showcase-cite.js").is_file()


def broken_links(site: Path, base: str = "/") -> list[str]:
    """Every local link of every generated page that leads to no file; ``base`` is the path
    of the site's address (404.html's links start with it)."""
    broken = []
    for page in site.rglob("*.html"):
        relative = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]+)', text):
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue
            target = urljoin("/" + relative, href).split("?")[0]
            target = target.removeprefix(base) if target.startswith(base) else target.lstrip("/")
            path = site / target
            if not (path.is_file() or (path / "index.html").is_file()):
                broken.append(f"{relative} -> {href}")
    return broken


def test_every_local_link_resolves(default_site):
    assert broken_links(default_site) == []


def test_links_resolve_without_directory_urls(tmp_path):
    project = copy_tiny(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    result = mkdocs_build(config, tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "publications" / "hostile2024.html").is_file()
    assert broken_links(tmp_path / "site", "/tiny/") == []


def test_two_builds_are_byte_identical(default_site, tmp_path):
    """Deterministic output: review diffs of the built site mean something. Pagefind's index
    is included: generator/site/search_index.py settles what Pagefind leaves to chance."""
    again = tmp_path / "again"
    assert mkdocs_build(ROOT / "mkdocs.yml", again, "--strict").returncode == 0

    def files(site: Path) -> dict[str, bytes]:
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file()}

    first, second = files(default_site), files(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
