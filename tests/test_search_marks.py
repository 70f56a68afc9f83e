"""What an entry's or output's own page gives the search index: from theme/fragments/_facets
its facets as Pagefind filters and its partners' short names as searchable metadata; and
what the index leaves out (the labels of its details)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from test_site import ROOT, mkdocs_build

from generator.model import Output, Partner, Programme
from generator.site.pagefind_service import index_pages
from generator.site.plan import Item
from generator.site.render import make_environment
from generator.site.search_index import (
    MARKER,
    NOT_SEARCHED,
    html_pages,
    index_site,
    searched_part,
    settle_index,
)

FRAGMENTS = ROOT / "theme" / "fragments"
META = re.compile(r'<span data-pagefind-meta="partners">([^<]*)</span>')
FILTER = re.compile(r'<span data-pagefind-filter="(\w+)">([^<]*)</span>')

PROGRAMME = Programme(id="cap", title="Community Action Project", summary="s", partners=(
    Partner(name="Queen’s Park Rangers Community Trust", short_name="QPR"),
    Partner(name="BME (Black and Minority Ethnic) Health Forum", short_name="BME Health Forum"),
    Partner(name="A Partner Known By One Name")))


def page_marks(partners: tuple[str, ...], programmes=(PROGRAMME,), year=2021) -> str:
    output = Output(id="o", title="T", kind="video", programmes=("cap",), partners=partners,
                    year=year)
    item = Item(key="o", kind="output", title="T", year=year, sort_key=(), path="outputs/o.md",
                record=output, programmes=programmes)
    template = make_environment([FRAGMENTS]).from_string(
        '{% import "_facets.html.j2" as facets %}{{ facets.page_filters(item) }}')
    return template.render(item=item)


def test_an_output_is_marked_with_the_short_names_of_its_own_partners_only():
    html = page_marks(("Queen’s Park Rangers Community Trust", "A Partner Known By One Name"))
    assert META.findall(html) == ["QPR"]


def test_short_names_are_escaped_and_listed_once():
    hostile = Programme(id="x", title="X", summary="s", partners=(
        Partner(name="P", short_name="<b>P&amp;Q</b>"),))
    html = page_marks(("P",), programmes=(hostile, hostile))
    assert META.findall(html) == ["&lt;b&gt;P&amp;amp;Q&lt;/b&gt;"]


def test_without_short_names_there_is_no_partner_metadata():
    assert META.findall(page_marks(("A Partner Known By One Name",))) == []
    assert META.findall(page_marks(())) == []


def test_the_year_is_a_filter_and_an_undated_output_has_none():
    assert ("year", "2021") in FILTER.findall(page_marks(()))
    assert "year" not in dict(FILTER.findall(page_marks((), year=None)))


def indexed_content(site: Path) -> list[str]:
    """The text Pagefind keeps of each page (its fragments, which results show)."""
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    return [json.loads(gzip.decompress(f.read_bytes())[len(MARKER):])["content"]
            for f in fragments]


def test_detail_labels_are_left_out_of_the_index_and_their_values_kept(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html lang="en"><body><div class="showcase" data-pagefind-body><h1>Title</h1>'
        '<h2 id="details">Details</h2><dl class="showcase-details"><dt>Journal</dt>'
        '<dd>Zebra Review</dd></dl></div></body></html>', encoding="utf-8")
    index_site(tmp_path)
    assert indexed_content(tmp_path) == ["Title. Zebra Review."]


@pytest.fixture(scope="module")
def default_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    assert mkdocs_build(ROOT / "mkdocs.yml", site).returncode == 0
    return site


def test_pagefind_is_sent_only_what_it_reads_and_makes_the_same_index(default_site):
    pages = html_pages(default_site)
    parts = {page: searched_part(page.read_text(encoding="utf-8")) for page in pages}
    shortened = [page for page in pages if len(parts[page]) < page.stat().st_size]
    assert len(shortened) > len(pages) - 3  # all but pages with no body mark (404.html)
    whole = settle_index(index_pages(default_site, pages, NOT_SEARCHED))
    assert settle_index(index_pages(default_site, pages, NOT_SEARCHED, searched_part)) == whole


def test_what_pagefind_could_read_before_the_body_mark_keeps_the_page_whole():
    head, body = '<html lang="en"><head><title>T</title></head><body class="b">', \
        '<div data-pagefind-body><h1>Title</h1></div></body></html>'
    assert searched_part(f'{head}<nav>menu</nav>{body}') == head + body
    for readable in ('<h1>Site</h1>', '<img src="logo.png" alt="">',
                     '<span data-pagefind-filter="type">Page</span>'):
        assert searched_part(f'{head}<nav>{readable}</nav>{body}') == \
            f'{head}<nav>{readable}</nav>{body}'
    assert searched_part('<html><body><p>no mark</p></body></html>') == \
        '<html><body><p>no mark</p></body></html>'
