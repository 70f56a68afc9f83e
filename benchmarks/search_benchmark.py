"""Search at scale: build synthetic sites of 1,000 and 10,000 entries and measure Pagefind.

For each size it writes a project shaped like this repository (its mkdocs.yml, theme/ and
content/, with a generated bibliography), builds it with `mkdocs build --strict`, and reports:

- the Pagefind index size (the pagefind/ folder, without Pagefind's unused UI bundles),
- the time to index the built site (generator.site.search_index.index_site, timed alone),
- the bytes a visitor downloads for a first query, measured in Chromium: every pagefind/
  response from page load through the first results, as served (uncompressed) and as a
  gzip-compressing host would send it,
- and, for comparison, Material's lunr index (search/search_index.json), which its search
  downloads whole before the first query: the build also runs Material's search plugin.

    python benchmarks/search_benchmark.py [--sizes 1000 10000] [--query medical] [--keep DIR]

Not part of the test suite; the results go in docs/benchmarks.md, section Search.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from generator.site.search_index import index_site

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
UNUSED_UI = ("pagefind-ui.", "pagefind-component-ui.", "pagefind-modular-ui.",
             "pagefind-highlight.")
VOCABULARY = ("medical student education community health primary care widening participation "
         "access careers school outreach belonging discrimination curriculum general practice "
         "tutor mentor qualitative study evaluation cohort applicant diversity inclusion "
         "social accountability learning teaching undergraduate patient public engagement "
         "experience support programme assessment wellbeing identity professional reflective "
         "practice simulation placement rural urban equity ethnicity gender research")
WORDS = VOCABULARY.split()
JOURNALS = ("Medical Education", "BMJ Open", "Education for Primary Care", "Medical Teacher",
            "The Clinical Teacher", "BMC Medical Education", "Academic Medicine")
EVENTS = ("ASME", "AMEE", "RCGP Annual Conference", "SAPC conference", "DEMEC")
FAMILY_NAMES = ("Ahmed Brown Chen Davies Evans Fofanah Garcia Hughes Iqbal Jones Khan Lewis "
                "Morgan Nguyen Okafor Patel Quinn Roberts Singh Taylor Usman Vaughan Williams "
                "Xu Young Zaman")
FAMILIES = FAMILY_NAMES.split()


@dataclass(frozen=True)
class Measure:
    entries: int
    pages: int
    build_seconds: float
    index_seconds: float
    index_bytes: int
    index_files: int
    query_bytes: int
    query_bytes_gzip: int
    query_requests: int
    facets_bytes: int
    lunr_bytes: int
    lunr_bytes_gzip: int


# ---- A synthetic project --------------------------------------------------------------

def make_project(folder: Path, size: int) -> Path:
    """This repository's shape (mkdocs.yml, theme/, content/) with `size` generated entries."""
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copytree(ROOT / "content", folder / "content")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(config.replace("  - showcase\n",
                                                      "  - search\n  - showcase\n"))
    (folder / "bibliography").mkdir()
    publications, presentations = generate_bibtex(size, programme_ids())
    (folder / "bibliography" / "publications.bib").write_text(publications, encoding="utf-8")
    (folder / "bibliography" / "presentations.bib").write_text(presentations, encoding="utf-8")
    return folder / "mkdocs.yml"


def programme_ids() -> list[str]:
    return sorted(path.stem for path in (ROOT / "content" / "programmes").glob("*.yml"))


def generate_bibtex(size: int, programmes: list[str]) -> tuple[str, str]:
    """Deterministic entries: 60% journal articles, 40% presentations."""
    rng = random.Random(size)
    articles, talks = [], []
    for number in range(size):
        fields = common_fields(rng, number, programmes)
        if number % 5 < 3:
            articles.append(bibtex("article", f"a{number}", fields + article_fields(rng)))
        else:
            talks.append(bibtex("misc", f"p{number}", fields + [
                ("eventtitle", rng.choice(EVENTS)), ("type", "presentation")]))
    return "\n".join(articles), "\n".join(talks)


def common_fields(rng: random.Random, number: int, programmes: list[str]) -> list:
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 12))).capitalize()
    authors = [f"{rng.choice(FAMILIES)}, {chr(65 + rng.randrange(26))}."
               for _ in range(rng.randint(1, 6))]
    if number % 7 == 0:
        authors.insert(rng.randrange(len(authors) + 1),
                       rng.choice(("Dutta, N.", "Woolf, K.", "Powell, S.")))
    return [("author", " and ".join(authors)), ("title", f"{title} {number}"),
            ("year", str(rng.randint(1995, 2025))),
            ("programmes", ", ".join(rng.sample(programmes, rng.randint(1, 2))))]


def article_fields(rng: random.Random) -> list:
    first = rng.randint(1, 900)
    return [("journal", rng.choice(JOURNALS)), ("volume", str(rng.randint(1, 60))),
            ("pages", f"{first}--{first + rng.randint(2, 12)}"),
            ("doi", f"10.5555/bench.{rng.randrange(10**8)}")]


def bibtex(kind: str, key: str, fields: list) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{body},\n}}\n"


# ---- Build and index --------------------------------------------------------------------

def build(config: Path, site: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                             "-f", str(config), "-d", str(site)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the build of {config} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def timed_index(site: Path) -> float:
    start = time.perf_counter()
    index_site(site)
    return time.perf_counter() - start


def index_size(site: Path) -> tuple[int, int]:
    """Bytes and files of the index, leaving out the UI bundles this site does not load."""
    files = [p for p in (site / "pagefind").rglob("*")
             if p.is_file() and not p.name.startswith(UNUSED_UI)]
    return sum(p.stat().st_size for p in files), len(files)


# ---- The first query, in Chromium -------------------------------------------------------

class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


def first_query_bytes(site: Path, query: str) -> tuple[int, int, int, int]:
    """(bytes as served, bytes gzip-compressed, requests) under pagefind/ for a first query,
    then the bytes that opening the facets adds (their filter lists)."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    responses = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.route(re.compile(r"^(?!" + re.escape(url) + r")|/search/"),
                       lambda route: route.abort())  # web fonts; Material's lunr search
            page.on("response", lambda response: responses.append(response))
            page.goto(url)
            page.get_by_role("button", name="Search").click()
            page.get_by_role("searchbox").fill(query)
            page.wait_for_selector("#showcase-search:not([aria-busy]) .showcase-search__result",
                                   timeout=60_000)
            bodies = [r.body() for r in responses if "/pagefind/" in r.url]
            responses.clear()
            page.get_by_role("button", name="Filters").click()
            page.wait_for_selector("#showcase-search-facets select", timeout=60_000)
            facets = sum(len(r.body()) for r in responses if "/pagefind/" in r.url)
            browser.close()
    finally:
        server.shutdown()
    return (sum(map(len, bodies)), sum(min(len(b), len(gzip.compress(b))) for b in bodies),
            len(bodies), facets)


def lunr_size(site: Path) -> tuple[int, int]:
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data))


# ---- Report -----------------------------------------------------------------------------

def measure(size: int, workdir: Path, query: str) -> Measure:
    project = workdir / f"site-{size}"
    config = make_project(project, size)
    site = project / "site"
    build_seconds = build(config, site)
    index_seconds = timed_index(site)
    index_bytes, index_files = index_size(site)
    query = first_query_bytes(site, query)
    pages = sum(1 for _ in site.rglob("index.html"))
    return Measure(size, pages, build_seconds, index_seconds, index_bytes, index_files,
                   *query, *lunr_size(site))


def kb(size: int) -> str:
    return f"{size / 1024:,.0f} KB"


def table(measures: list[Measure], query: str) -> str:
    rows = ["| entries | pages | build (s) | index (s) | index size (files) | "
            f"first query “{query}”: as served / gzip (requests) | then opening Filters | "
            "lunr index: raw / gzip |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    rows += [f"| {m.entries:,} | {m.pages:,} | {m.build_seconds:.0f} | {m.index_seconds:.1f} "
             f"| {kb(m.index_bytes)} ({m.index_files:,}) | {kb(m.query_bytes)} / "
             f"{kb(m.query_bytes_gzip)} ({m.query_requests}) | +{kb(m.facets_bytes)} | "
             f"{kb(m.lunr_bytes)} / {kb(m.lunr_bytes_gzip)} |" for m in measures]
    return "\n".join(rows)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor()) if Path("/proc/cpuinfo").exists() else platform.processor()
    return (f"{cpu}, {len(os.sched_getaffinity(0))} CPUs, "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--query", default="medical")
    parser.add_argument("--keep", type=Path, help="build here and keep the sites")
    args = parser.parse_args(argv)
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="search-benchmark-"))
    try:
        measures = []
        for size in args.sizes:
            measures.append(measure(size, workdir, args.query))
            print(table(measures[-1:], args.query).splitlines()[-1], flush=True)
        print(f"\n{table(measures, args.query)}\n\n{machine()}; {time.strftime('%Y-%m-%d')}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
