"""On a phone-sized screen: nothing is wider than the screen, and search works by touch."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from test_accessibility import PAGES, PHONE, path_of


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_is_wider_than_the_screen(open_page, catalogue, kind):
    page = open_page(path_of(kind, catalogue), **PHONE)
    if kind.startswith("search"):
        page.wait_for_selector("#showcase-search[open]:not([aria-busy]) .showcase-search__result")
    wide = page.evaluate("""() => {
      const width = document.documentElement.clientWidth;
      const over = [...document.querySelectorAll('body *')].filter(e => {
        const box = e.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && getComputedStyle(e).position !== 'fixed'
          && !e.closest('.md-sidebar, .md-nav, [hidden], pre, .md-typeset__scrollwrap');
      });
      return [document.documentElement.scrollWidth - width,
              over.slice(0, 5).map(e => e.outerHTML.slice(0, 100))];
    }""")
    assert wide == [0, []], f"wider than the screen by {wide[0]}px: {wide[1]}"


def test_search_by_touch_finds_a_title_and_opens_its_page(open_page, catalogue):
    entry = next(item for item in catalogue if item.kind == "presentation")
    page = open_page(**PHONE)
    button = page.get_by_role("button", name="Search")
    box = button.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24  # WCAG 2.5.8 target size
    button.tap()
    search = page.get_by_role("searchbox")
    search.fill(entry.title)
    result = page.get_by_role("link", name=entry.title, exact=True)
    result_box = result.bounding_box()
    assert result_box["x"] >= 0 and result_box["x"] + result_box["width"] <= 390
    result.tap()
    page.wait_for_url(f"**{entry.url}")
    assert urlsplit(page.url).path == entry.url
