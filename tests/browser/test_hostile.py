"""The known payloads, built into the tiny site with MkDocs and opened in Chromium.

Every page of the hostile build is loaded with a listener that fails on any dialog
(`alert(1)` is what each payload would run), and every link and image is read as the
browser resolved it: none may have a `javascript:` or `data:` address.
"""

from __future__ import annotations

import functools
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import QuietHandler, new_context

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_injection import make_hostile  # noqa: E402
from test_site import copy_tiny, mkdocs_build  # noqa: E402

RESOLVED_URLS = """() => [
  ...Array.from(document.querySelectorAll('a[href]'), a => a.protocol),
  ...Array.from(document.querySelectorAll('img[src], iframe[src], embed[src]'),
                e => new URL(e.getAttribute('src'), document.baseURI).protocol),
]"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[str, list[str]]:
    folder = tmp_path_factory.mktemp("hostile")
    project = copy_tiny(folder)
    make_hostile(project)
    result = mkdocs_build(project / "mkdocs.yml", folder / "site", "--strict")
    assert result.returncode == 0, result.stderr
    site = folder / "site"
    pages = sorted(str(p.relative_to(site).parent).replace(".", "") for p in
                   site.rglob("index.html"))
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", pages
    server.shutdown()
    server.server_close()


def test_no_page_of_the_hostile_site_runs_a_payload(browser, hostile_site) -> None:
    url, pages = hostile_site
    context = new_context(browser, url)
    dialogs = []
    try:
        for path in pages:
            page = context.new_page()
            page.on("dialog", lambda dialog, path=path: (dialogs.append(path), dialog.dismiss()))
            page.goto(url + (f"{path}/" if path else ""))
            page.wait_for_load_state("load")
            protocols = set(page.evaluate(RESOLVED_URLS))
            assert protocols <= {"http:", "https:", "mailto:"}, (path, protocols)
            page.close()
    finally:
        context.close()
    assert len(pages) > 10 and dialogs == []
