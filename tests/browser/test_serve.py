"""Under `mkdocs serve`, a saved edit reaches the pages open in the browser by itself: the
edited entry's page at once, and the lists once the rest of the site has followed. The
pages' Content-Security-Policy does not run MkDocs' inline live-reload script, so a script
of the site's own does its work (theme/serve/showcase-livereload.js)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import new_context

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "sites" / "tiny"
OLD, NEW = "A fictional article with every field the page shows", "Retitled while served"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return b"</html>" in response.read()
    except OSError:
        return False


@pytest.fixture
def served(tmp_path):
    """The tiny site's copy under `mkdocs serve`: its address, its folder, the server's."""
    project = tmp_path / "project"
    copy_tiny(project)
    address = f"127.0.0.1:{free_port()}"
    # serve mounts the site at its site_url's path
    mount = urlsplit(yaml.safe_load((TINY / "mkdocs.yml").read_text())["site_url"]).path
    url = f"http://{address}{mount}"
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", address, "-f",
                               str(project / "mkdocs.yml")], stdout=log, stderr=log,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not answers(url + "publications/person2022/"):
            assert server.poll() is None and time.monotonic() < deadline, \
                (tmp_path / "serve.log").read_text()
            time.sleep(0.3)
        yield url, project, f"http://{address}/"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def copy_tiny(target: Path) -> None:
    shutil.copytree(TINY, target)
    config = target / "mkdocs.yml"
    config.write_text(config.read_text().replace("../../../theme", str(ROOT / "theme")))


def test_a_saved_edit_reloads_the_pages_open_in_the_browser(browser, served):
    url, project, origin = served
    context = new_context(browser, origin)  # the live-reload requests go to /livereload/
    entry, listing = context.new_page(), context.new_page()
    entry.goto(url + "publications/person2022/")
    listing.goto(url + "publications/")
    assert OLD in entry.title() and OLD in listing.content()
    time.sleep(1)  # both pages poll the server for a newer build
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    for page, shown in ((entry, page_title), (listing, page_text)):
        deadline = time.monotonic() + 60
        while NEW not in shown(page):
            assert time.monotonic() < deadline, f"{page.url} did not reload with the edit"
            time.sleep(0.1)
    context.close()


def page_title(page) -> str:
    try:
        return page.title()
    except Exception:  # noqa: BLE001 - the page is reloading
        return ""


def page_text(page) -> str:
    try:
        return page.content()
    except Exception:  # noqa: BLE001 - the page is reloading
        return ""
