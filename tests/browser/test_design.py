"""The site as a visitor meets it: a skip link that moves the focus, headings in order, no
empty sidebars, list items led by their title, a way back from every page; without
JavaScript no dead buttons; on paper the content, the site's name and the address only."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from conftest import ROOT, new_context
from test_accessibility import PHONE, path_of

from generator.load.content import load_settings

KINDS = ("home", "programmes", "programme", "publications", "presentations", "outputs",
         "publication", "presentation", "output", "hand-written page", "people", "person")
LISTS = ("publications", "presentations", "outputs")
SITE_TITLE = load_settings(ROOT)[0].title


@pytest.mark.parametrize("kind", KINDS)
def test_the_skip_link_is_first_and_moves_the_focus_to_the_content(open_page, expect, catalogue,
                                                                   kind):
    page = open_page(path_of(kind, catalogue))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_have_css("opacity", "1")  # shown once it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "showcase-content"
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.md-content')"), \
        "the next Tab after skipping leaves the content"


@pytest.mark.parametrize("kind", KINDS)
def test_headings_run_in_order_and_no_sidebar_is_shown(open_page, catalogue, kind):
    page = open_page(path_of(kind, catalogue))
    levels = page.locator(".md-content :is(h1, h2, h3, h4, h5, h6):visible").evaluate_all(
        "hs => hs.map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1, levels
    jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert not jumps, f"{kind}: headings jump {jumps}"
    assert page.locator(".md-sidebar:visible").count() == 0, f"{kind}: a sidebar is shown"


def test_the_404_page_says_what_happened_and_leads_on(open_page, expect):
    page = open_page("404.html")
    expect(page.locator("h1")).to_have_text("Page not found")
    assert page.locator(".md-content a").count() >= 5
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "showcase-content"


def test_the_home_page_is_named_once_and_says_where_the_group_is(open_page):
    page = open_page()
    assert page.title() == SITE_TITLE
    intro = page.locator(".showcase-intro")
    assert "Imperial College London" in intro.inner_text()
    assert page.locator(".showcase-card").first.is_visible()


def test_the_home_page_and_the_programmes_index_lay_cards_out_alike(open_page):
    columns = []
    for path in ("", "programmes/"):
        page = open_page(path)
        tops = page.locator(".showcase-card").evaluate_all(
            "cards => cards.map(c => Math.round(c.getBoundingClientRect().top))")
        columns.append(tops.count(tops[0]))
    assert columns[0] == columns[1] >= 2, columns


@pytest.mark.parametrize("kind", LISTS)
def test_list_items_lead_with_their_title_linked_to_their_page(open_page, catalogue, kind):
    mine = {item.url: item for item in catalogue if f"{item.kind}s" == kind}
    page = open_page(f"{kind}/")
    firsts = page.locator("li.showcase-item").evaluate_all("""items => items.map(li => {
        const first = li.firstElementChild, link = first.querySelector('a');
        return [first.tagName, link ? link.href : '', first.textContent.trim()];
    })""")
    assert len(firsts) == len(mine)
    for tag, href, text in firsts:
        item = mine[urlsplit(href).path]
        assert (tag, text) == ("H3", item.title)


def test_an_outputs_line_does_not_repeat_its_partner(open_page):
    page = open_page("outputs/")
    for text in page.locator("li.showcase-item").all_inner_texts():
        assert text.count("Health Forum") <= 1 and text.count("Rangers") <= 1, text


@pytest.mark.parametrize("kind", ["publication", "presentation", "output", "programme",
                                  "person"])
def test_pages_outside_the_tabs_lead_back_to_their_list(open_page, site_url, catalogue, kind):
    page = open_page(path_of(kind, catalogue))
    crumbs = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link")
    hrefs = [urlsplit(urljoin(page.url, h)).path
             for h in crumbs.evaluate_all("links => links.map(a => a.getAttribute('href'))")]
    section = urlsplit(page.url).path.strip("/").split("/")[0]
    assert hrefs == ["/", f"/{section}/"]
    tab = page.locator(".md-tabs__item--active a").get_attribute("href")
    assert urlsplit(urljoin(page.url, tab)).path == f"/{section}/", "no tab marks the section"


def test_on_a_phone_the_first_list_item_is_on_the_first_screen(open_page):
    page = open_page("publications/", **PHONE)
    page.wait_for_selector("[data-showcase-filters]:not([hidden])")
    box = page.locator("li.showcase-item .showcase-item__title").first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["viewport"]["height"], box


def test_without_javascript_there_is_no_copy_button_and_the_citation_is_text(
        browser, site_url, catalogue):
    context = new_context(browser, site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        entry = next(item for item in catalogue if item.kind == "publication")
        page.goto(site_url + entry.url.lstrip("/"))
        assert page.locator(".showcase-copy").count() == 1
        assert not page.locator(".showcase-copy").is_visible()
        assert page.locator(".showcase-cite .showcase-citation").inner_text().strip()
        page.goto(site_url + "publications/")
        assert page.locator(".showcase-count").is_visible()
    finally:
        context.close()


CONTROLS = (".md-header", ".md-tabs", ".md-footer", ".showcase-copy", ".showcase-downloads",
            ".showcase-filters", ".showcase-years", ".showcase-crumbs", ".showcase-feeds",
            ".md-skip")


@pytest.mark.parametrize("kind", ["publication", "publications", "hand-written page"])
def test_on_paper_the_content_the_address_and_the_site_only(open_page, catalogue, kind):
    page = open_page(path_of(kind, catalogue))
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    shown = [s for s in CONTROLS if page.locator(s).and_(page.locator(":visible")).count()]
    assert not shown, f"printed: {shown}"
    assert page.locator("h1").is_visible()
    footer = page.locator(".showcase-print-address")
    assert footer.is_visible()
    assert footer.inner_text().strip() == f"{SITE_TITLE}: {page.url}"
    page.emulate_media(media="screen")
    assert not footer.is_visible()
