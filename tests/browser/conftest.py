"""Browser tests: the default site, built once and served over HTTP, driven in Chromium.

They use Debian's chromium (Playwright cannot download browsers here) and axe-core from
tests/js (`npm ci --prefix tests/js`). Where either is missing the tests are skipped, unless
SHOWCASE_REQUIRE_BROWSER=1 (CI sets it), when they fail instead.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.load.bibtex import load_bibliography
from generator.load.content import load_outputs, load_people, load_programmes
from generator.load.people import name_key, people_index
from generator.site import labels
from generator.site.plan import slug

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def require(condition: bool, reason: str) -> None:
    """Skip when something the browser tests need is missing; fail instead under CI."""
    if condition:
        return
    if os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SHOWCASE_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("browser-site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                             str(ROOT / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert (site / "pagefind" / "pagefind.js").is_file(), "the build wrote no search index"
    return site


@pytest.fixture(scope="session")
def site_url(built_site) -> Iterator[str]:
    """The built site served on 127.0.0.1 at a free port, for the whole session."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    require(CHROMIUM.is_file(), f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def expect(browser):
    """Playwright's retrying assertions (imported once the browser is known to be there)."""
    from playwright.sync_api import expect

    return expect


@pytest.fixture(scope="session")
def axe_source() -> str:
    require(AXE.is_file(), f"axe-core not found at {AXE.relative_to(ROOT)}: "
                           "run `npm ci --prefix tests/js`")
    return AXE.read_text(encoding="utf-8")


def new_context(browser, site_url: str, scheme: str = "light", **options):
    """A browser context in a colour scheme. Requests leaving the local server are refused,
    so that tests never wait on the network (test_csp.py checks that pages make none)."""
    options.setdefault("viewport", {"width": 1280, "height": 900})
    context = browser.new_context(color_scheme=scheme, **options)
    context.route(re.compile(r"^(?!" + re.escape(site_url) + ")"), lambda route: route.abort())
    context.set_default_timeout(10_000)
    return context


@pytest.fixture(scope="session")
def context_in(browser, site_url):
    """`context_in(scheme, **options)`: a new browser context on the served site."""
    return functools.partial(new_context, browser, site_url)


@pytest.fixture
def open_page(browser, site_url):
    """Open pages in fresh browser contexts: `open_page(path, scheme="dark", **options)`.
    Scripts that fail in the page fail the test."""
    contexts, errors = [], []

    def open_page(path: str = "", scheme: str = "light", **options):
        contexts.append(new_context(browser, site_url, scheme, **options))
        page = contexts[-1].new_page()
        page.on("pageerror", lambda error: errors.append(error))
        page.goto(site_url + path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not errors, f"scripts failed in the page: {errors}"


@dataclass(frozen=True)
class Listed:
    """An entry or output as the loaders give it: its page and its facet values."""

    url: str  # site path, like "/publications/dutta2022watcch/"
    kind: str  # publication, presentation or output
    title: str
    facets: dict  # facet key -> frozenset of values


@pytest.fixture(scope="session")
def press_until_focused():
    """Press a key until ``target`` has the focus; fail, naming ``what``, if it never does."""

    def press(page, target, what: str, key: str = "Tab", tries: int = 60) -> None:
        for _ in range(tries):
            page.keyboard.press(key)
            if target.evaluate("element => element === document.activeElement"):
                return
        pytest.fail(f"{what} is not reached with {key}")

    return press


@pytest.fixture(scope="session")
def catalogue() -> list[Listed]:
    """Every entry and output with the facets the site should give it, from the loaders."""
    entries, _ = load_bibliography(ROOT)
    programmes = {p.id: p.label for p in load_programmes(ROOT)[0]}
    people = load_people(ROOT)[0]
    authors = people_index(people)
    names = {p.id: p.name for p in people}
    listed = []
    for entry in entries:
        linked = {authors[name_key(a)].name for a in entry.authors if name_key(a) in authors}
        listed.append(Listed(f"/{entry.kind}s/{slug(entry.key)}/", entry.kind, entry.title, {
            "programme": frozenset(programmes[p] for p in entry.programmes),
            "type": frozenset({entry.kind.capitalize()}), "person": frozenset(linked),
            "year": frozenset({str(entry.year)} if entry.year else ())}))
    for output in load_outputs(ROOT)[0]:
        listed.append(Listed(f"/outputs/{slug(output.id)}/", "output", output.title, {
            "programme": frozenset(programmes[p] for p in output.programmes),
            "type": frozenset({labels.output_kind(output.kind)}),
            "person": frozenset(names[p] for p in output.people),
            "year": frozenset({str(output.year)} if output.year else ())}))
    return listed
