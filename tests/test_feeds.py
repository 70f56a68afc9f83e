"""The Atom feeds read back with feedparser: valid, newest first, ids that are the pages'
own addresses, dates from the entries (never the build's), linked from <head> and pages."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from test_site import ROOT, TINY, Page, mkdocs_build

from generator.load.bibtex import load_bibliography
from generator.load.content import load_outputs, load_programmes

TINY_URL = "https://example.org/tiny/"


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tiny")
    result = mkdocs_build(TINY / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def read(site: Path, path: str):
    feed = feedparser.parse((site / path).read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "atom10"
    return feed


def dated_works(root: Path) -> dict[str, str]:
    """Page address -> YYYY-MM-DD of every dated entry and output of the site."""
    works = {f"{TINY_URL}{e.kind}s/{e.key}/": "-".join(f"{p:02d}" for p in (*e.date, 1, 1)[:3])
             for e in load_bibliography(root)[0] if e.date}
    works |= {f"{TINY_URL}outputs/{o.id}/": f"{o.year}-01-01"
              for o in load_outputs(root)[0] if o.year}
    return works


def test_the_site_feed_has_every_dated_work_newest_first(tiny_site):
    feed = read(tiny_site, "feed.xml")
    works = dated_works(TINY)
    ids = [entry.id for entry in feed.entries]
    assert set(ids) == set(works)
    assert f"{TINY_URL}outputs/undated-leaflet/" not in ids  # undated: left out
    dates = [entry.updated[:10] for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert all(works[entry.id] == entry.updated[:10] for entry in feed.entries)
    assert feed.feed.updated[:10] == max(works.values())  # the newest entry, not today
    assert feed.feed.id == f"{TINY_URL}feed.xml"
    for entry in feed.entries:
        assert entry.link == entry.id and entry.title


def test_a_hostile_title_is_text_in_the_feed(tiny_site):
    feed = read(tiny_site, "feed.xml")
    titles = [entry.title for entry in feed.entries]
    assert "<script>alert(1)</script> & Homo sapiens" in titles
    assert "<script>" not in (tiny_site / "feed.xml").read_text(encoding="utf-8")


def test_programmes_and_people_have_feeds_of_their_own_work(tiny_site):
    for programme in load_programmes(TINY)[0]:
        feed = read(tiny_site, f"programmes/{programme.id}/feed.xml")
        mine = {f"{TINY_URL}{e.kind}s/{e.key}/" for e in load_bibliography(TINY)[0]
                if programme.id in e.programmes and e.date}
        mine |= {f"{TINY_URL}outputs/{o.id}/" for o in load_outputs(TINY)[0]
                 if programme.id in o.programmes and o.year}
        assert {entry.id for entry in feed.entries} == mine
        assert feed.feed.link == f"{TINY_URL}programmes/{programme.id}/"
    person = read(tiny_site, "people/test-person/feed.xml")
    assert f"{TINY_URL}publications/person2022/" in {e.id for e in person.entries}
    assert f"{TINY_URL}publications/hostile2024/" not in {e.id for e in person.entries}


def test_feeds_are_linked_from_head_and_page(tiny_site):
    for url, feed in (("", "feed.xml"), ("programmes/demo/", "programmes/demo/feed.xml"),
                      ("people/test-person/", "people/test-person/feed.xml"),
                      ("publications/", "feed.xml")):
        source = Page(tiny_site, url).source
        assert re.search(rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" '
                         rf'href="{re.escape(TINY_URL + feed)}">', source), url
        assert f'<a href="{TINY_URL}{feed}" type="application/atom+xml">' in source, url


def test_two_builds_give_the_same_feeds(tiny_site, tmp_path):
    assert mkdocs_build(TINY / "mkdocs.yml", tmp_path / "again").returncode == 0
    for feed in tiny_site.rglob("feed.xml"):
        assert (tmp_path / "again" / feed.relative_to(tiny_site)).read_bytes() == \
            feed.read_bytes()


def test_without_an_address_no_feed_is_built(tmp_path):
    result = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "site", env={"SHOWCASE_SITE_URL": ""})
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "site").rglob("feed.xml"))
    assert "application/atom+xml" not in (tmp_path / "site" / "index.html").read_text()
