"""Nothing from elsewhere: every request a page makes, as it loads and while the search is
used on it, goes to the site's own host (no web fonts, no CDN, no analytics)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.load.content import load_people, load_programmes

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("home", "programmes", "programme", "publications", "presentations", "outputs",
         "publication", "presentation", "output", "people", "person", "partner",
         "hand-written page", "404")
LOCAL_SCHEMES = {"data", "blob", "about"}  # no network
HINT = re.compile(r'<link\b[^>]*\brel="(?:preconnect|dns-prefetch|preload|prefetch|modulepreload)"'
                  r'[^>]*>', re.IGNORECASE)


def path_of(kind: str, catalogue) -> str:
    """A page of each kind, chosen from the content."""
    first = {item.kind: item for item in reversed(catalogue)}
    programme = sorted(load_programmes(ROOT)[0], key=lambda p: p.id)[0]
    people = load_people(ROOT)[0]
    pages = ROOT / "content" / "pages"
    written = min(p for p in pages.rglob("*.md") if p.name != "index.md")
    paths = {"home": "", "programmes": "programmes/", "programme": f"programmes/{programme.id}/",
             "people": "people/", "404": "404.html",
             "person": f"people/{next(p.id for p in people if p.member)}/",
             "partner": f"people/{next(p.id for p in people if not p.member)}/",
             "hand-written page": written.relative_to(pages).with_suffix("").as_posix() + "/"}
    paths |= {f"{k}s": f"{k}s/" for k in ("publication", "presentation", "output")}
    paths |= {k: item.url.lstrip("/") for k, item in first.items()}
    return paths[kind]


def foreign(requests: list[str], site_url: str) -> list[str]:
    own = urlsplit(site_url).netloc
    return [url for url in requests
            if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != own]


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_and_its_search_ask_only_the_site_itself(context_in, site_url, catalogue, kind):
    context = context_in()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.goto(site_url + path_of(kind, catalogue))
    page.wait_for_load_state("networkidle")
    loaded = len(requests)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("searchbox").fill("community")
    page.get_by_role("button", name="Filters").click()
    page.wait_for_selector("#showcase-search-facets select")
    page.wait_for_selector("#showcase-search[open]:not([aria-busy]) .showcase-search__result")
    page.wait_for_load_state("networkidle")
    context.close()
    assert any("pagefind" in url for url in requests[loaded:]), "the search asked for nothing"
    assert foreign(requests, site_url) == [], f"{kind}: requests to other hosts"


def test_no_page_hints_a_connection_to_another_host(built_site):
    """<link rel=preconnect> and the like open connections without a request event."""
    for html_file in sorted(built_site.rglob("*.html")):
        html = html_file.read_text(encoding="utf-8")
        hints = [hint for hint in HINT.findall(html) if re.search(r'href="(https?:)?//', hint)]
        assert hints == [], f"{html_file.relative_to(built_site)}: {hints}"
