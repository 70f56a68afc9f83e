"""Browsing without typing: the list pages narrow by the same facets, in the URL too."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

LISTS = ("publication", "presentation", "output")
FACETS = ("programme", "type", "year", "person")


def shown_paths(page) -> set[str]:
    """Paths of the items left visible (each item's title links to its page)."""
    hrefs = page.locator("li.showcase-item:visible .showcase-item__title a").evaluate_all(
        "links => links.map(a => a.href)")
    return {urlsplit(href).path for href in hrefs}


def assert_years_follow_items(page) -> None:
    """A year's heading and its link are shown exactly when it has items shown."""
    sections = page.locator("section[aria-labelledby^='year-']").all()
    assert page.locator(".showcase-years").count() == (len(sections) > 1)  # links if 2 or more
    for section in sections:
        has_items = section.locator("li.showcase-item:visible").count() > 0
        assert section.is_visible() == has_items
        year = section.get_attribute("aria-labelledby")
        if len(sections) > 1:
            assert page.locator(f".showcase-years a[href='#{year}']").is_visible() == has_items


@pytest.mark.parametrize("kind", LISTS)
def test_each_facet_narrows_a_list_to_exactly_its_entries(open_page, expect, catalogue, kind):
    mine = [item for item in catalogue if item.kind == kind]
    page = open_page(f"{kind}s/")
    assert shown_paths(page) == {item.url for item in mine}
    for key in FACETS:
        values = {value for item in mine for value in item.facets[key]}
        select = page.locator(f"#showcase-filter-{key}")
        if all(item.facets[key] == values for item in mine):  # choosing would hide nothing
            assert select.is_hidden(), f"{kind}s: {key} offered, but it cannot narrow"
            continue
        options = select.locator("option").evaluate_all("os => os.map(o => o.value)")
        assert set(options) == values | {""}
        for value in sorted(values):
            select.select_option(value)
            expected = {item.url for item in mine if value in item.facets[key]}
            assert shown_paths(page) == expected, f"{kind}s: {key}={value}"
            assert_years_follow_items(page)
            expect(page.locator(".showcase-filters__status")).to_have_text(
                f"Showing {len(expected)} of {len(mine)} {kind}s." if len(expected) < len(mine)
                else f"Showing all {len(mine)} {kind}{'s' if len(mine) != 1 else ''}.")
        select.select_option("")
        assert shown_paths(page) == {item.url for item in mine}


def test_a_filtered_list_round_trips_through_the_url(open_page, catalogue):
    mine = [item for item in catalogue if item.kind == "publication"]
    item = next(i for i in mine if i.facets["programme"] and i.facets["year"])
    programme, year = min(item.facets["programme"]), min(item.facets["year"])
    page = open_page("publications/?" + urlencode({"programme": programme, "year": year}))

    def expect_state(programme: str, year: str) -> None:
        assert page.locator("#showcase-filter-programme").input_value() == programme
        assert page.locator("#showcase-filter-year").input_value() == year
        assert shown_paths(page) == {i.url for i in mine
                                     if (not programme or programme in i.facets["programme"])
                                     and (not year or year in i.facets["year"])}

    expect_state(programme, year)
    page.locator("#showcase-filter-year").select_option("")
    assert parse_qs(urlsplit(page.url).query) == {"programme": [programme]}
    expect_state(programme, "")
    page.go_back()
    expect_state(programme, year)
    page.go_forward()
    expect_state(programme, "")
    page.get_by_role("button", name="Clear filters").click()
    assert urlsplit(page.url).query == ""
    expect_state("", "")


def test_without_javascript_lists_are_complete_and_have_no_controls(open_page, catalogue):
    page = open_page("publications/?programme=nothing", java_script_enabled=False)
    assert shown_paths(page) == {i.url for i in catalogue if i.kind == "publication"}
    assert page.locator(".showcase-filters").is_hidden()
    assert page.locator("select").count() == 0
    assert page.locator(".showcase-search-button").count() == 0


def test_filters_are_operable_by_keyboard_and_announce_counts(open_page, expect, catalogue,
                                                              press_until_focused):
    mine = [item for item in catalogue if item.kind == "presentation"]
    value = sorted({p for item in mine for p in item.facets["programme"]})[0]
    page = open_page("presentations/")
    select = page.locator("#showcase-filter-programme")
    press_until_focused(page, select, "the programme filter")
    page.keyboard.press("ArrowDown")  # the first programme, in a closed select
    expect(select).to_have_value(value)
    status = page.get_by_role("status").filter(has_text="Showing")
    expected = sum(value in item.facets["programme"] for item in mine)
    expect(status).to_have_text(f"Showing {expected} of {len(mine)} presentations.")
    assert status.get_attribute("aria-live") == "polite"
