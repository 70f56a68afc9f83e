"""Every page carries one Content-Security-Policy that lets only the site's own files in; no
page breaks it, none asks for anything from another host, and the site still works under it."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from generator.load.content import load_programmes

ROOT = Path(__file__).resolve().parents[2]

POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
          "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
SCRIPT_TYPE = re.compile(r'\btype="([^"]*)"')
RUNS = {"", "text/javascript", "application/javascript", "module"}  # others are data (JSON)
PAGES = ("home", "programmes", "programme", "publications", "presentations", "outputs",
         "publication", "presentation", "output", "hand-written page", "404")
RECORD_VIOLATIONS = """
  window.__violations = [];
  document.addEventListener("securitypolicyviolation", function (event) {
    window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") +
                             " at " + event.sourceFile + ":" + event.lineNumber);
  });
"""


def path_of(kind: str, catalogue) -> str:
    """A page of each kind, chosen from the content."""
    first = {item.kind: item for item in reversed(catalogue)}
    programme = sorted(load_programmes(ROOT)[0], key=lambda p: p.id)[0]
    pages = ROOT / "content" / "pages"
    written = min(p for p in pages.rglob("*.md") if p.name != "index.md")
    paths = {"home": "", "programmes": "programmes/", "programme": f"programmes/{programme.id}/",
             "hand-written page": written.relative_to(pages).with_suffix("").as_posix() + "/",
             "404": "404.html"}
    paths |= {f"{k}s": f"{k}s/" for k in ("publication", "presentation", "output")}
    paths |= {k: item.url.lstrip("/") for k, item in first.items()}
    return paths[kind]


def test_every_built_page_has_one_policy_and_no_inline_script(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[:html.index("</head>")]
        name = page.relative_to(built_site).as_posix()
        assert CSP_META.findall(html) == [POLICY], f"{name}: not one CSP meta with the policy"
        first_load = re.search(r"<(?:script|link rel=\"stylesheet\"|style)\b", head)
        assert CSP_META.search(head).start() < first_load.start(), \
            f"{name}: the policy comes after a style or script, which it then does not cover"
        inline = [attributes for attributes in SCRIPT.findall(html) if "src=" not in attributes
                  and (SCRIPT_TYPE.findall(attributes) or [""])[0].lower() in RUNS]
        assert inline == [], f"{name}: inline scripts, which the policy blocks: {inline}"


@pytest.fixture
def open_under_policy(site_url, context_in):
    """`open_under_policy(path, scheme)`: a page opened with its CSP violations recorded
    (as events and console messages); at the end, any violation or script error fails."""
    contexts, problems = [], []

    def open_under_policy(path: str, scheme: str = "light", init_script: str | None = None):
        contexts.append(context_in(scheme))
        contexts[-1].add_init_script(RECORD_VIOLATIONS + (init_script or ""))
        page = contexts[-1].new_page()
        page.on("pageerror", lambda error: problems.append(f"{path}: script error {error}"))
        page.on("console", lambda message: problems.append(f"{path}: {message.text}")
                if "Content Security Policy" in message.text else None)
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        page.violations = lambda: page.evaluate("window.__violations")
        return page

    yield open_under_policy
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_breaks_the_policy(open_under_policy, catalogue, kind):
    page = open_under_policy(path_of(kind, catalogue))
    assert page.evaluate("typeof __md_get") == "function", "Material's globals are missing"
    assert page.violations() == []


@pytest.mark.parametrize("worker", [True, False], ids=["in a worker", "without workers"])
def test_search_opens_and_finds_under_the_policy(open_under_policy, catalogue, worker):
    """Pagefind runs its WebAssembly in a worker, or in the page where there are no workers
    (which needs 'wasm-unsafe-eval')."""
    entry = next(item for item in catalogue if item.kind == "publication")
    page = open_under_policy("", init_script=None if worker else "delete window.Worker;")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("searchbox").fill(entry.title)
    result = page.get_by_role("link", name=entry.title, exact=True)
    assert urlsplit(result.get_attribute("href")).path == entry.url
    page.get_by_role("button", name="Filters").click()
    page.wait_for_selector("#showcase-search-facets select")
    assert page.violations() == []


def test_a_list_facet_filters_under_the_policy(open_under_policy, expect, catalogue):
    mine = [item for item in catalogue if item.kind == "publication"]
    year = sorted({value for item in mine for value in item.facets["year"]})[0]
    page = open_under_policy("publications/")
    page.locator("#showcase-filter-year").select_option(year)
    shown = sum(year in item.facets["year"] for item in mine)
    expect(page.locator("li.showcase-item:visible")).to_have_count(shown)
    assert page.violations() == []


def test_copy_citation_works_under_the_policy(open_under_policy, expect, site_url, catalogue):
    entry = next(item for item in catalogue if item.kind == "presentation")
    page = open_under_policy(entry.url.lstrip("/"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url[:-1])
    button = page.get_by_role("button", name="Copy citation")
    button.click()
    expect(page.get_by_role("status").filter(has_text="copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == button.get_attribute(
        "data-copy-text")
    assert page.violations() == []


def test_the_palette_toggle_works_and_is_kept_under_the_policy(open_under_policy, expect):
    page = open_under_policy("programmes/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    page.locator("label[for='__palette_1']").click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.goto(urlsplit(page.url)._replace(path="/").geturl())  # the choice is kept (localStorage)
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    assert page.violations() == []


def test_materials_icons_load_under_the_policy(open_under_policy):
    """Material draws its icons (admonitions, copy buttons, navigation) from data: SVGs in
    its CSS, which img-src must allow; hand-written pages may use admonitions."""
    page = open_under_policy(path_of("hand-written page", []))
    page.locator("article.md-content__inner").evaluate("""article => article.insertAdjacentHTML(
        "beforeend", '<div class="admonition note"><p class="admonition-title">Note</p></div>')""")
    icon = page.locator(".admonition-title").evaluate(
        "title => getComputedStyle(title, '::before').maskImage")
    assert icon.startswith('url("data:image/svg+xml')
    page.locator(".admonition").screenshot()  # painted, so the icon is fetched
    page.wait_for_timeout(100)
    assert page.violations() == []


@pytest.mark.parametrize("kind", PAGES)
def test_no_page_asks_another_host_for_anything(context_in, site_url, catalogue, kind):
    """With the policy bypassed, so that what the markup itself asks for is seen: nothing
    from another host (web fonts, a CDN). The search is opened too, to load Pagefind."""
    context = context_in("light", bypass_csp=True)
    requested, errors = [], []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(error))
    page.goto(site_url + path_of(kind, catalogue) + "?" + urlencode({"q": "community"}))
    page.wait_for_selector("#showcase-search[open]:not([aria-busy])")
    page.wait_for_load_state("networkidle")
    context.close()
    local = urlsplit(site_url).netloc
    elsewhere = [url for url in requested
                 if urlsplit(url).netloc != local and not url.startswith(("data:", "blob:"))]
    assert elsewhere == [] and not errors
    assert any("/pagefind/" in url for url in requested), "the search was not loaded"
