"""axe-core finds no WCAG 2.2 AA violations, nor breaches of its best practices, on any kind
of page and in every state of the search and filters, in light and dark palettes, on a
desktop and on a 360 px phone."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pytest

from generator.load.content import load_people, load_programmes

ROOT = Path(__file__).resolve().parents[2]

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
PAGES = ("home", "programmes", "programme", "publications", "presentations", "outputs",
         "publication", "presentation", "output", "hand-written page", "people", "person",
         "partner", "404", "opened search", "search with results", "search with filters open",
         "search with facets", "filtered list")


def path_of(kind: str, catalogue) -> str:
    """A page of each kind, chosen from the content (a filter or a query too, where needed)."""
    first = {item.kind: item for item in reversed(catalogue)}
    programme = sorted(load_programmes(ROOT)[0], key=lambda p: p.id)[0]
    paths = {"home": "", "programmes": "programmes/", "programme": f"programmes/{programme.id}/",
             "hand-written page": hand_written_page(),
             "404": "404.html", "opened search": "?q=",
             "search with results": "?" + urlencode({"q": programme.id}),
             "search with filters open": "?" + urlencode({"q": programme.id}),
             "search with facets": "?" + urlencode({"q": "", "programme": programme.label}),
             "filtered list": "publications/?" + urlencode({"programme": programme.label}),
             "people": "people/"}
    people = load_people(ROOT)[0]
    paths["person"] = f"people/{next(p.id for p in people if p.member)}/"
    paths["partner"] = f"people/{next(p.id for p in people if not p.member)}/"
    paths |= {f"{k}s": f"{k}s/" for k in ("publication", "presentation", "output")}
    paths |= {k: item.url.lstrip("/") for k, item in first.items()}
    return paths[kind]


def hand_written_page() -> str:
    pages = ROOT / "content" / "pages"
    first = min(p for p in pages.rglob("*.md") if p.name != "index.md")
    return first.relative_to(pages).with_suffix("").as_posix() + "/"


def describe(violations: list[dict]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n" + "\n".join(
        f"    {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in violations)


PHONE = {"viewport": {"width": 360, "height": 800}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module", params=["light", "dark", "phone light", "phone dark"])
def scheme_context(request, context_in):
    """One browser context per palette, on a desktop and on a phone, shared by the pages
    checked in it."""
    scheme = request.param.split()[-1]
    context = context_in(scheme, **(PHONE if request.param.startswith("phone") else {}))
    yield scheme, context
    context.close()


@pytest.fixture
def open_in_scheme(scheme_context, site_url):
    """Open a page in the palette's context; scripts that fail in it fail the test."""
    errors, pages = [], []

    def open_page(path: str):
        pages.append(scheme_context[1].new_page())
        pages[-1].on("pageerror", lambda error: errors.append(error))
        pages[-1].goto(site_url + path)
        return pages[-1]

    yield open_page
    for page in pages:
        page.close()
    assert not errors, f"scripts failed in the page: {errors}"


@pytest.mark.parametrize("kind", PAGES)
def test_no_axe_violations(open_in_scheme, scheme_context, axe_source, catalogue, kind):
    page = open_in_scheme(path_of(kind, catalogue))
    expected = "slate" if scheme_context[0] == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    if kind == "opened search":  # empty: no results yet
        page.wait_for_selector("#showcase-search[open]:not([aria-busy])")
    if kind.startswith("search"):
        page.wait_for_selector("#showcase-search[open]:not([aria-busy]) .showcase-search__result")
    if kind == "search with filters open":
        page.get_by_role("button", name="Filters").click()
    if kind in ("search with filters open", "search with facets"):
        page.wait_for_selector("#showcase-search-facets select option:nth-child(2)",
                               state="attached")
        page.wait_for_selector("#showcase-search[open]:not([aria-busy])")
    if kind == "filtered list":
        page.wait_for_selector(".showcase-filters:not([hidden]) select")
    page.evaluate(axe_source)  # as the debugger would: an inline <script> breaks the CSP
    results = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    assert not results["violations"], describe(results["violations"])


FOCUS_LOOK = """element => {
  const shown = element.matches('input.md-option') ? element.nextElementSibling : element;
  const style = getComputedStyle(shown);
  return [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow,
          style.backgroundColor, style.color, style.textDecorationLine].join('|');
}"""


@pytest.mark.parametrize("kind", ["filtered list", "publication", "search with facets"])
def test_focus_is_always_visible(open_page, catalogue, kind):
    """Tab through the page: every stop looks different while it has focus."""
    page = open_page(path_of(kind, catalogue))
    page.wait_for_selector("[data-showcase-filters]:not([hidden]), .showcase-copy:not([hidden]),"
                           " .showcase-search__result")
    seen = 0
    for _ in range(50):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if focused.evaluate("e => e === document.body"):
            continue
        seen += 1
        look = focused.evaluate(FOCUS_LOOK)
        focused.evaluate("e => e.blur()")
        unfocused = focused.evaluate(FOCUS_LOOK)
        name = focused.evaluate("e => e.outerHTML.slice(0, 120)")
        assert look != unfocused, f"no visible focus on {name}"
        focused.evaluate("e => e.focus()")
    assert seen > 10
