"""Every page's <head> read back as a crawler reads it: Google Scholar's citation_* tags,
OpenGraph, schema.org JSON-LD and the site's address (canonical links, sitemap, robots.txt),
compared with the entries, outputs, people and programmes they were made from."""

from __future__ import annotations

import http.server
import io
import json
import re
import shutil
import threading
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from test_site import ROOT, TINY, mkdocs_build

from generator.load.bibtex import load_bibliography
from generator.load.content import load_outputs, load_people, load_programmes
from generator.site.plan import slug

TINY_URL = "https://example.org/tiny/"
CONTAINER_TAGS = {  # @type -> (Scholar tag, the field it comes from), read from the guidelines
    "article": ("citation_journal_title", "journal"),
    "incollection": ("citation_book_title", "booktitle"),
    "inproceedings": ("citation_conference_title", "booktitle"),
    "phdthesis": ("citation_dissertation_institution", "school"),
    "techreport": ("citation_technical_report_institution", "organization"),
}
SCHEMA_TYPES = {"article": "ScholarlyArticle", "incollection": "Chapter",
                "inproceedings": "ScholarlyArticle", "phdthesis": "Thesis",
                "techreport": "Report", "online": "CreativeWork", "misc": "CreativeWork"}


class Head(HTMLParser):
    """The <head> tags of one built page, and its JSON-LD as text and as data."""

    def __init__(self, path: Path | None = None, text: str = ""):
        super().__init__()
        self.meta, self.links, self.scripts, self._in_ld = [], [], [], False
        self.script_sources = []
        self.source = path.read_text(encoding="utf-8") if path else text
        self.feed(self.source)

    @classmethod
    def of_text(cls, text: str) -> Head:
        return cls(text=text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("name" in attrs or "property" in attrs):
            self.meta.append((attrs.get("name") or attrs["property"], attrs.get("content")))
        if tag == "link":
            self.links.append(attrs)
        self._in_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if tag == "script" and attrs.get("src"):
            self.script_sources.append(attrs["src"])

    def handle_endtag(self, tag):
        self._in_ld = False

    def handle_data(self, data):
        if self._in_ld:
            self.scripts.append(data)

    def all(self, name: str) -> list[str]:
        return [content for key, content in self.meta if key == name]

    def one(self, name: str) -> str | None:
        values = self.all(name)
        assert len(values) <= 1, (name, values)
        return values[0] if values else None

    @property
    def json_ld(self) -> dict:
        assert len(self.scripts) == 1, self.scripts
        return json.loads(self.scripts[0])


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tiny")
    result = mkdocs_build(TINY / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def default_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("default")
    result = mkdocs_build(ROOT / "mkdocs.yml", site, "--strict", env={"SHOWCASE_SITE_URL": ""})
    assert result.returncode == 0, result.stderr
    return site


def plain(title: str) -> str:
    return re.sub(r"</?(?:i|b|sub|sup)>", "", title)


def scholar_author(name) -> str:
    family = f"{name.particle} {name.family}".strip()
    return name.literal or (f"{family}, {name.given}" if name.given else family)


def entry_pages(root: Path, site: Path):
    for entry in load_bibliography(root)[0]:
        yield entry, Head(site / f"{entry.kind}s" / slug(entry.key) / "index.html")


def check_scholar_tags(entry, head: Head, url: str) -> None:
    assert head.one("citation_title") == plain(entry.title)
    assert head.all("citation_author") == [scholar_author(n) for n in entry.authors]
    date = head.one("citation_publication_date")
    assert date is None if not entry.date else \
        re.fullmatch(r"\d{4}(/\d{2}/\d{2})?", date) and date.startswith(str(entry.year))
    if entry.bibtype in CONTAINER_TAGS:
        tag, field = CONTAINER_TAGS[entry.bibtype]
        assert head.one(tag) == (plain(entry.get(field)) or None), tag
    for field, tag in (("volume", "citation_volume"), ("doi", "citation_doi"),
                       ("pmid", "citation_pmid")):
        assert head.one(tag) == (entry.get(field) or None), tag
    if entry.get("pages"):
        first, *last = re.split(r"[-–]+", entry.get("pages"))
        assert (head.one("citation_firstpage"), head.one("citation_lastpage")) == \
            (first, last[-1] if last else None)
    assert head.one("citation_abstract_html_url") == (url or None)


def check_entry_json_ld(entry, head: Head, url: str) -> None:
    data = head.json_ld
    expected = "PresentationDigitalDocument" if entry.kind == "presentation" else \
        SCHEMA_TYPES[entry.bibtype]
    assert (data["@context"], data["@type"], data["name"]) == \
        ("https://schema.org", expected, plain(entry.title))
    assert len(data["author"]) == len(entry.authors)
    assert data.get("datePublished", "").startswith(str(entry.year or ""))
    assert data.get("url") == (url or None)
    if entry.get("doi"):
        assert data["sameAs"] == f"https://doi.org/{entry.get('doi')}"


@pytest.mark.parametrize("which", ["tiny", "default"])
def test_every_entry_page_is_a_scholarly_page(which, tiny_site, default_site):
    root, site, base = (TINY, tiny_site, TINY_URL) if which == "tiny" else \
        (ROOT, default_site, "")
    seen = set()
    for entry, head in entry_pages(root, site):
        url = f"{base}{entry.kind}s/{slug(entry.key)}/" if base else ""
        check_scholar_tags(entry, head, url)
        check_entry_json_ld(entry, head, url)
        seen.add(entry.bibtype)
    assert seen >= ({"article", "misc", "incollection", "inproceedings", "phdthesis",
                     "techreport"} if which == "tiny" else {"article", "misc", "online"})


def test_a_pdf_link_is_offered_to_scholar(tiny_site):
    chapter = Head(tiny_site / "publications" / "person2021chapter" / "index.html")
    assert chapter.one("citation_pdf_url") == \
        "https://example.org/chapters/person2021chapter.pdf"
    article = Head(tiny_site / "publications" / "person2022" / "index.html")
    assert article.one("citation_pdf_url") is None
    assert article.one("citation_publication_date") == "2022/09/19"
    assert article.one("citation_issue") == "3"


def test_a_hostile_title_stays_text_in_every_head_tag(tiny_site):
    head = Head(tiny_site / "publications" / "hostile2024" / "index.html")
    assert head.one("citation_title") == "<script>alert(1)</script> & Homo sapiens"
    assert head.one("og:title") == "<script>alert(1)</script> & Homo sapiens"
    assert head.all("citation_author") == ["Evil, Eve", "Acme <Corp>"]
    assert not re.search("[<>&]", head.scripts[0])  # nothing in it can end the script
    assert head.json_ld["name"] == "<script>alert(1)</script> & Homo sapiens"
    assert "<script>alert" not in head.source


def built_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "pagefind" not in p.parts)


@pytest.mark.parametrize("which", ["tiny", "default"])
def test_every_page_has_opengraph_and_a_description_of_its_own(which, tiny_site, default_site):
    site, base = (tiny_site, TINY_URL) if which == "tiny" else (default_site, "")
    descriptions = {}
    for path in built_pages(site):
        head, url = Head(path), base + path.parent.relative_to(site).as_posix() + "/"
        url = url.replace("/./", "/")
        for tag in ("og:title", "og:type", "og:description", "og:site_name"):
            assert head.one(tag), (path, tag)
        assert head.one("og:url") == (url if base else None), path
        assert head.one("description") == head.one("og:description"), path
        descriptions[path] = head.one("description")
    generated = [d for p, d in descriptions.items() if "about" not in p.parts
                 and "accessibility" not in p.parts]
    assert len(set(generated)) == len(generated)  # each page says what is on it


def test_people_and_programmes_are_described_for_schema_org(tiny_site):
    for person in load_people(TINY)[0]:
        data = Head(tiny_site / "people" / person.id / "index.html").json_ld
        assert (data["@type"], data["name"]) == ("Person", person.name)
        if person.orcid:
            assert f"https://orcid.org/{person.orcid}" in data["sameAs"]
        assert ("affiliation" in data) == bool(person.affiliation)
        assert ("memberOf" in data) == (not person.affiliation)
    for programme in load_programmes(TINY)[0]:
        data = Head(tiny_site / "programmes" / programme.id / "index.html").json_ld
        assert (data["@type"], data["name"]) == ("ResearchProject", programme.title)
    for output in load_outputs(TINY)[0]:
        data = Head(tiny_site / "outputs" / output.id / "index.html").json_ld
        assert data["@type"] == ("VideoObject" if output.kind == "video" else "CreativeWork")
        assert [p["name"] for p in data.get("contributor", [])] == list(output.partners)


def test_with_an_address_every_page_is_in_the_sitemap_and_canonical(tiny_site):
    sitemap = (tiny_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>([^<]+)</loc>", sitemap))
    for path in built_pages(tiny_site):
        folder = path.parent.relative_to(tiny_site).as_posix()
        url = TINY_URL + ("" if folder == "." else folder + "/")
        assert url in listed, url
        assert {"rel": "canonical", "href": url} in Head(path).links
    assert f"{TINY_URL}publications/person2022/" in listed  # entry pages: not in the nav
    assert f"{TINY_URL}people/test-person/" in listed
    robots = (tiny_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {TINY_URL}sitemap.xml" in robots.splitlines()


def test_without_an_address_the_site_builds_strict_and_says_so_once(tmp_path):
    site = tmp_path / "site"
    result = mkdocs_build(ROOT / "mkdocs.yml", site, "--strict", env={"SHOWCASE_SITE_URL": ""})
    assert result.returncode == 0, result.stderr  # a note, not a warning
    assert result.stderr.count("no site_url in mkdocs.yml") == 1
    assert "<loc>" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "Sitemap:" not in (site / "robots.txt").read_text(encoding="utf-8")
    assert not [link for link in Head(site / "index.html").links
                if link.get("rel") == "canonical"]


def test_the_pages_deploy_supplies_the_address(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(TINY, project)
    config = (TINY / "mkdocs.yml").read_text().replace("../../../theme", str(ROOT / "theme"))
    (project / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url:.*\n", "", config))
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site", "--strict",
                          env={"SHOWCASE_SITE_URL": "https://fork.example.org/repo"})
    assert result.returncode == 0, result.stderr
    assert "no site_url" not in result.stderr
    head = Head(tmp_path / "site" / "publications" / "person2022" / "index.html")
    assert head.one("citation_abstract_html_url") == \
        "https://fork.example.org/repo/publications/person2022/"


class SubPath(http.server.SimpleHTTPRequestHandler):
    """The site served as GitHub Pages serves a project: under /tiny/, 404.html for a miss."""

    def translate_path(self, path: str) -> str:
        site = self.server.site  # type: ignore[attr-defined]
        inside = urlsplit(path).path.removeprefix("/tiny/")
        return str(site / inside) if path.startswith("/tiny/") else str(site / "missing")

    def send_head(self):
        if Path(self.translate_path(self.path)).exists():
            return super().send_head()
        body = (self.server.site / "404.html").read_bytes()  # type: ignore[attr-defined]
        self.send_response(404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args):
        pass


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_the_404_page_works_under_a_sub_path(tiny_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), SubPath)
    server.site = tiny_site
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        missing = f"http://127.0.0.1:{server.server_port}/tiny/no/such/page/"
        status, body = fetch(missing)
        assert status == 404
        head = Head.of_text(body.decode("utf-8"))
        assets = [link["href"] for link in head.links if link.get("rel") == "stylesheet"]
        assets += head.script_sources
        assert len(assets) >= 3
        for asset in assets:
            assert fetch(urljoin(missing, asset))[0] == 200, asset
    finally:
        server.shutdown()


def test_the_deploy_builds_with_the_address_pages_gives():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text())
    build = workflow["jobs"]["build"]
    steps = {step.get("id"): step for step in build["steps"]}
    assert steps["pages"]["uses"].startswith("actions/configure-pages@")
    built = next(s for s in build["steps"] if s.get("run") == "mkdocs build --strict")
    assert built["env"]["SHOWCASE_SITE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert build["permissions"]["pages"] == "read"
