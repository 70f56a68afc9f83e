"""A page per person: who they are, their programmes and their work newest first, their
downloads; partners shown apart; the group's own authors marked in every citation."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from test_site import ROOT, TINY, Page, mkdocs_build

from generator.load.bibtex import load_bibliography
from generator.load.content import load_outputs, load_people
from generator.load.people import name_key, people_index
from generator.site.plan import date_sort_key, slug

MEMBER = re.compile(r'<strong class="showcase-member">([^<]+)</strong>')


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tiny")
    result = mkdocs_build(TINY / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def medic_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("medic")
    result = mkdocs_build(ROOT / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def works_of(root: Path, person) -> list[tuple[tuple, str]]:
    """(sort key, page URL) of every entry and output of ``person``, as the test reads them."""
    index = people_index(load_people(root)[0])
    works = [(date_sort_key(e.date, e.title), f"/{e.kind}s/{slug(e.key)}/")
             for e in load_bibliography(root)[0]
             if any(index.get(name_key(n)) == person for n in e.authors)]
    works += [(date_sort_key((o.year,) if o.year else (), o.title), f"/outputs/{slug(o.id)}/")
              for o in load_outputs(root)[0] if person.id in o.people]
    return works


@pytest.mark.parametrize("which", ["tiny", "medic"])
def test_every_person_has_a_page_with_their_work_newest_first(which, tiny_site, medic_site):
    root, site = (TINY, tiny_site) if which == "tiny" else (ROOT, medic_site)
    index = Page(site, "people/")
    for person in load_people(root)[0]:
        url = f"/people/{slug(person.id)}/"
        assert url in index.links
        page = Page(site, url.strip("/") + "/")
        assert page.h1.strip() == person.name
        if person.orcid:
            assert f"https://orcid.org/{person.orcid}" in page.links
        found = re.findall(r'<h3 class="showcase-item__title"><a href="([^"]+)">', page.source)
        urls = [re.sub(r"^(\.\./)+", "/", u) for u in found]
        for kind in ("publications", "presentations", "outputs"):
            expected = [u for _, u in sorted(works_of(root, person)) if u.startswith(f"/{kind}/")]
            assert [u for u in urls if u.startswith(f"/{kind}/")] == expected, (person.id, kind)


def test_a_persons_programmes_and_downloads_are_on_their_page(tiny_site):
    page = Page(tiny_site, "people/test-person/")
    assert "/programmes/demo/" in page.links
    assert re.search(r"Demo programme</a> <span class=\"showcase-role\">\(lead\)", page.source)
    keys = {entry["id"] for entry in json.loads(
        (tiny_site / "people" / "test-person" / "test-person.json").read_text())}
    assert keys == {"person2022", "person2021chapter", "tester2019report", "person2018paper"}
    for suffix in ("bib", "ris", "json"):
        assert f"/people/test-person/test-person.{suffix}" in page.links


def test_people_link_to_their_pages_wherever_they_appear(tiny_site):
    programme = Page(tiny_site, "programmes/demo/")
    assert {"/people/test-person/", "/people/another-tester/"} <= programme.links
    entry = Page(tiny_site, "publications/person2022/")
    assert {"/people/test-person/", "/people/another-tester/"} <= entry.links
    assert "/people/test-person/" in Page(tiny_site, "outputs/test-video/").links


def test_partners_are_declared_and_shown_apart(tiny_site, medic_site):
    people = {p.id: p for p in load_people(ROOT)[0]}
    assert people["katherine-woolf"].affiliation == "UCL"  # the seed: "Dr Katherine Woolf at UCL"
    assert [p.id for p in people.values() if not p.member] == ["katherine-woolf"]
    listing = Page(medic_site, "people/").source
    partners = listing.split('id="partners"')[1]
    assert "Dr Katherine Woolf" in partners and "Dr Nina Dutta" not in partners
    tiny = Page(tiny_site, "people/").source.split('id="partners"')[1]
    assert "Eve Evil" in tiny and "Example &lt;Org&gt; &amp; Co" in tiny


def test_the_groups_own_authors_are_marked_and_partners_are_not(tiny_site):
    listing = Page(tiny_site, "publications/").source
    marked = set(MEMBER.findall(listing))
    assert {"Person T", "Tester A"} <= marked
    assert not [m for m in marked if "Evil" in m]  # a partner, not one of the group


def test_a_change_of_people_shows_though_citations_are_cached(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(TINY, project)
    config = project / "mkdocs.yml"
    config.write_text((TINY / "mkdocs.yml").read_text()
                      .replace("../../../theme", str(ROOT / "theme"))
                      .replace('cache_dir: ""', 'cache_dir: ".cache"'))
    assert mkdocs_build(config, tmp_path / "one").returncode == 0
    assert "Tester A" in MEMBER.findall(Page(tmp_path / "one", "publications/").source)
    people = project / "content" / "people.yml"
    people.write_text(people.read_text().replace('variants: ["Tester, Another"]',
                                                 'variants: ["Tester, Another"]\n'
                                                 '    affiliation: Elsewhere'))
    assert (project / ".cache").is_dir()
    assert mkdocs_build(config, tmp_path / "two").returncode == 0
    assert "Tester A" not in MEMBER.findall(Page(tmp_path / "two", "publications/").source)


def test_search_offers_everyone_with_work_on_the_site(medic_site):
    offered = set()
    for page in medic_site.rglob("index.html"):
        offered |= set(re.findall(r'data-pagefind-filter="person">([^<]+)<',
                                  page.read_text(encoding="utf-8")))
    root = ROOT
    with_work = {p.name for p in load_people(root)[0] if works_of(root, p)}
    assert with_work and offered == with_work
    assert "Dr Katherine Woolf" in offered
