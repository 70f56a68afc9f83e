"""The header search: Pagefind finds entries, facets narrow the results exactly, and the
state lives in the URL."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from conftest import QuietHandler, new_context

from generator.load.content import load_outputs, load_programmes

ROOT = Path(__file__).resolve().parents[2]
FACETS = ("programme", "type", "year", "person")


def open_search(open_page, query: str = "", **filters: str):
    """A page with the search open on `query` and `filters`, loaded from its URL."""
    page = open_page("?" + urlencode({"q": query, **filters}))
    wait_for_results(page)
    return page


def show_facets(page) -> None:
    """Open the facets, which a plain search leaves closed."""
    toggle = page.get_by_role("button", name="Filters")
    if toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.wait_for_selector("#showcase-search-facets select")


def wait_for_results(page) -> None:
    page.wait_for_selector("#showcase-search[open]:not([aria-busy])")


def result_paths(page) -> set[str]:
    """Every result's path, after asking for more until there are no more."""
    more = page.locator("[data-showcase-more]")
    while more.is_visible():
        count = page.locator(".showcase-search__result").count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.showcase-search__result').length > n", arg=count)
    hrefs = page.locator(".showcase-search__link").evaluate_all("links => links.map(a => a.href)")
    return {urlsplit(href).path for href in hrefs}


def facet_values(catalogue, key: str) -> set[str]:
    return {value for item in catalogue for value in item.facets[key]}


def test_a_title_is_found_and_its_result_leads_to_its_page(open_page, catalogue):
    entry = next(item for item in catalogue if item.kind == "publication")
    page = open_page()
    page.get_by_role("button", name="Search").click()
    page.get_by_role("searchbox").fill(entry.title)
    result = page.get_by_role("link", name=entry.title, exact=True)
    assert urlsplit(result.get_attribute("href")).path == entry.url
    citation = result.locator("xpath=..").locator(".showcase-search__citation").text_content()
    result.click()
    page.wait_for_url(f"**{entry.url}")
    assert page.locator("h1").first.text_content().strip() == entry.title
    assert citation == " ".join(page.locator(".showcase-citation").text_content().split())


@pytest.mark.parametrize("key", FACETS)
def test_each_facet_narrows_the_results_to_exactly_its_entries(open_page, catalogue, key):
    page = open_search(open_page)
    show_facets(page)
    select = page.locator(f"#showcase-search-{key}")
    options = select.locator("option").evaluate_all("os => os.map(o => o.value).filter(Boolean)")
    assert set(options) == facet_values(catalogue, key)
    for value in sorted(facet_values(catalogue, key)):
        select.select_option(value)
        wait_for_results(page)
        expected = {item.url for item in catalogue if value in item.facets[key]}
        assert result_paths(page) == expected, f"{key}={value}"
        assert parse_qs(urlsplit(page.url).query)[key] == [value]


def test_facets_and_a_term_combine(open_page, catalogue):
    programme = max(sorted(facet_values(catalogue, "programme")),  # by name among equals
                    key=lambda p: sum(p in i.facets["programme"] for i in catalogue))
    page = open_search(open_page, "", programme=programme, type="Publication")
    expected = {i.url for i in catalogue
                if programme in i.facets["programme"] and "Publication" in i.facets["type"]}
    assert expected and result_paths(page) == expected
    assert page.locator("#showcase-search-status").text_content() == \
        f"{len(expected)} result{'s' if len(expected) != 1 else ''}"


def test_the_url_state_round_trips_and_back_and_forward_restore_it(open_page, catalogue):
    item = next(i for i in catalogue if i.facets["programme"] and i.facets["year"])
    programme, year = min(item.facets["programme"]), min(item.facets["year"])
    word = max(item.title.split(), key=len).strip(":,.")
    page = open_search(open_page, word, programme=programme)
    assert page.get_by_role("searchbox").input_value() == word
    assert page.locator("#showcase-search-programme").input_value() == programme
    assert item.url in result_paths(page)

    page.locator("#showcase-search-year").select_option(year)
    wait_for_results(page)
    state = parse_qs(urlsplit(page.url).query)
    assert state == {"q": [word], "programme": [programme], "year": [year]}

    page.go_back()
    wait_for_results(page)
    assert "year" not in parse_qs(urlsplit(page.url).query)
    assert page.locator("#showcase-search-year").input_value() == ""
    assert page.locator("#showcase-search-programme").input_value() == programme

    page.go_forward()
    wait_for_results(page)
    assert page.locator("#showcase-search-year").input_value() == year

    page.keyboard.press("Escape")
    page.wait_for_selector("#showcase-search:not([open])", state="attached")
    # the dialog's "close" event, which writes the address, comes a task after it closes
    page.wait_for_function("() => !new URLSearchParams(location.search).has('q')",
                           timeout=5000)
    assert "q" not in parse_qs(urlsplit(page.url).query)
    page.go_back()
    wait_for_results(page)
    assert page.get_by_role("searchbox").input_value() == word


def test_search_is_operable_by_keyboard_alone(
        open_page, expect, catalogue, press_until_focused):
    entry = next(item for item in catalogue if item.kind == "presentation")
    page = open_page()
    button = page.get_by_role("button", name="Search")
    press_until_focused(page, button, "the search button", tries=40)
    page.keyboard.press("Enter")
    expect(page.get_by_role("searchbox")).to_be_focused()
    page.keyboard.type(entry.title)
    link = page.get_by_role("link", name=entry.title, exact=True)
    link.wait_for()
    # the arrow keys move from the search box through the results
    press_until_focused(page, link, "the result", key="ArrowDown", tries=10)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{entry.url}")
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Search")).to_be_focused()


def test_facets_open_and_apply_from_the_keyboard(
        open_page, expect, catalogue, press_until_focused):
    first = sorted(facet_values(catalogue, "programme"))[0]
    page = open_page()
    page.keyboard.press("/")
    toggle = page.get_by_role("button", name="Filters")
    press_until_focused(page, toggle, "the Filters button", tries=5)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    programme = page.locator("#showcase-search-programme")
    programme.wait_for()
    page.keyboard.press("Tab")
    expect(programme).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(programme).to_have_value(first)
    wait_for_results(page)
    assert parse_qs(urlsplit(page.url).query)["programme"] == [first]
    expect(toggle).to_contain_text("(1)")


INDEXED_TEXT = """async ([root, term]) => {
  const pagefind = await import(root + "pagefind/pagefind.js");
  const found = await pagefind.search(term);
  return Promise.all(found.results.map(async r => [(await r.data()).url,
                                                  (await r.data()).content]));
}"""


def test_hand_written_pages_are_found_but_never_the_header_nav_or_footer(open_page, site_url):
    pages = ROOT / "content" / "pages"
    for source in sorted(pages.rglob("*.md")):
        title = next(line for line in source.read_text(encoding="utf-8").splitlines()
                     if line.startswith("# "))[2:].strip()  # after any front matter
        page = open_search(open_page, title)
        url = "/" + source.relative_to(pages).with_suffix("").as_posix() + "/"
        assert url in result_paths(page), f"{source.name} not found by its title"
        footer = " ".join(page.locator(".md-copyright").text_content().split())
        tabs = page.locator(".md-tabs__link").all_text_contents()
        assert footer and tabs
        for found, content in page.evaluate(INDEXED_TEXT, [site_url, title]):
            assert footer not in content, f"the footer is indexed on {found}"
            assert " ".join(t.strip() for t in tabs) not in content, f"nav indexed on {found}"


def test_result_counts_are_announced(open_page, catalogue):
    word = min(sorted(facet_values(catalogue, "programme")), key=len)
    page = open_search(open_page, word)
    status = page.locator("#showcase-search-status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    assert re.fullmatch(r"\d+ results?|No results", status.text_content())
    searchbox = page.get_by_role("searchbox")
    assert searchbox.get_attribute("aria-describedby") == "showcase-search-status"


def first_result(page) -> str:
    return urlsplit(page.locator(".showcase-search__link").first.get_attribute("href")).path


def type_query(page, query: str) -> None:
    """Type into the open search, as a visitor would, and wait for its results. The address
    takes the query in the same step as the search starts (and the dialog is busy)."""
    page.get_by_role("searchbox").fill(query)
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=query)
    wait_for_results(page)


@pytest.mark.parametrize("name", ["title", "label"])
def test_a_programme_s_own_page_comes_first_for_its_name(open_page, name):
    """By its full name, and by its short one ("WATCCH"), which the titles of its works
    may repeat: the programme's page comes before them."""
    page = open_search(open_page)
    for programme in load_programmes(ROOT)[0]:
        type_query(page, getattr(programme, name))
        assert first_result(page) == f"/programmes/{programme.id}/", getattr(programme, name)


def test_a_short_title_shared_with_works_still_puts_the_programme_first(open_page, catalogue):
    """The case the rule is for: works whose titles hold the programme's short title."""
    programme = next(p for p in load_programmes(ROOT)[0] if p.short_title and any(
        p.short_title in item.title for item in catalogue))
    page = open_search(open_page, programme.short_title)
    paths = [urlsplit(a).path for a in page.locator(".showcase-search__link").evaluate_all(
        "links => links.map(a => a.href)")]
    assert paths[0] == f"/programmes/{programme.id}/"
    assert {i.url for i in catalogue if programme.short_title in i.title} <= set(paths[1:])


def pages_holding(built_site, catalogue, text: str) -> set[str]:
    return {item.url for item in catalogue
            if text in (built_site / item.url.strip("/") / "index.html").read_text("utf-8")}


def test_a_year_finds_the_work_of_that_year_and_nothing_else(open_page, built_site, catalogue):
    # the trap: a 2023 paper's DOI holds "2022" (10.1136/bmjopen-2022-070508)
    assert pages_holding(built_site, catalogue, "2022") - {
        item.url for item in catalogue if "2022" in item.facets["year"]}
    page = open_search(open_page)
    for year in sorted(facet_values(catalogue, "year")):
        type_query(page, year)
        assert result_paths(page) == {i.url for i in catalogue if year in i.facets["year"]}


def test_a_year_and_a_word_narrow_each_other(open_page, catalogue):
    item = next(i for i in catalogue if i.facets["year"] and "WATCCH" in i.title)
    year = min(item.facets["year"])
    page = open_search(open_page, f"WATCCH {year}")
    found = result_paths(page)
    assert item.url in found
    assert found <= {i.url for i in catalogue if year in i.facets["year"]}
    type_query(page, "2021 2022")  # two years at once: nothing is of both
    assert result_paths(page) == set()
    assert page.locator("#showcase-search-status").text_content() == "No results"


def test_a_chosen_facet_and_a_typed_year_must_agree(open_page, catalogue):
    years = sorted(facet_values(catalogue, "year"))
    page = open_search(open_page, years[0], year=years[1])
    assert result_paths(page) == set()
    page = open_search(open_page, years[0], year=years[0])
    assert result_paths(page) == {i.url for i in catalogue if years[0] in i.facets["year"]}


def enabled_options(select) -> set[str]:
    return set(select.locator("option:not([disabled])").evaluate_all(
        "os => os.map(o => o.value).filter(Boolean)"))


def test_facet_options_that_would_find_nothing_are_disabled(open_page, catalogue):
    """With a programme chosen, only the years, types and people of its work are offered;
    all of them again once it is cleared."""
    def work_of(programme: str) -> list:
        return [i for i in catalogue if programme in i.facets["programme"]]

    def leaves_some_out(programme: str) -> bool:  # so that some options must be disabled
        return all({v for i in work_of(programme) for v in i.facets[key]}
                   < facet_values(catalogue, key) for key in ("year", "person"))

    # The programme with the least work that leaves some years and people out; by name
    # among equals (a set's order changes from run to run).
    candidates = sorted(filter(leaves_some_out, facet_values(catalogue, "programme")))
    assert candidates, "the default content has no programme to test this with"
    programme = min(candidates, key=lambda p: len(work_of(p)))
    mine = work_of(programme)
    page = open_search(open_page, "", programme=programme)
    show_facets(page)
    wait_for_results(page)
    for key in ("type", "year", "person"):
        select = page.locator(f"#showcase-search-{key}")
        expected = {value for item in mine for value in item.facets[key]}
        assert enabled_options(select) == expected, key
        assert expected < facet_values(catalogue, key) or key == "type", key
    # the chosen facet's own values stay open: choosing another replaces it
    assert enabled_options(page.locator("#showcase-search-programme")) == \
        facet_values(catalogue, "programme")


def test_list_facet_options_that_would_show_nothing_are_disabled(open_page, catalogue):
    mine = [i for i in catalogue if i.kind == "publication"]
    programme = min({p for i in mine for p in i.facets["programme"]})
    page = open_page("publications/?" + urlencode({"programme": programme}))
    year = page.locator("#showcase-filter-year")
    year.wait_for()
    expected = {y for i in mine if programme in i.facets["programme"] for y in i.facets["year"]}
    assert enabled_options(year) == expected
    assert expected < {y for i in mine for y in i.facets["year"]}
    assert page.get_by_role("button", name="Clear filters").is_visible()
    page.get_by_role("button", name="Clear filters").click()
    assert enabled_options(year) == {y for i in mine for y in i.facets["year"]}
    assert page.get_by_role("button", name="Clear filters").is_hidden()


@pytest.fixture(scope="module")
def short_name_site(tmp_path_factory):
    """The default site, built with one partner's short name declared (the source does not
    give "QPR", so the published content does not say it): its URL and the partner."""
    root = tmp_path_factory.mktemp("short-name-site")
    for folder in ("bibliography", "content", "theme"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    programme = root / "content" / "programmes" / "community-action-project.yml"
    text = programme.read_text(encoding="utf-8")
    partner = "Queen’s Park Rangers Community Trust"
    assert f"  - name: {partner}\n" in text
    programme.write_text(text.replace(f"  - name: {partner}\n",
                                      f"  - name: {partner}\n    short_name: QPR\n"), "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(root / "mkdocs.yml"), "-d", str(root / "site")],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(root / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", partner
    server.shutdown()
    server.server_close()


def test_a_partner_s_short_name_finds_the_outputs_made_with_it(browser, short_name_site):
    """"QPR" finds the work made with the Queen's Park Rangers Community Trust once the
    content declares that short name, although no page shows it; and only that work."""
    url, partner = short_name_site
    outputs = {f"/outputs/{o.id}/" for o in load_outputs(ROOT)[0] if partner in o.partners}
    context = new_context(browser, url)
    page = context.new_page()
    page.goto(url + "?" + urlencode({"q": "QPR"}))
    wait_for_results(page)
    assert outputs and result_paths(page) == outputs
    context.close()

