"""Lighthouse on every page type of a built site, with mobile defaults, served locally.

    .venv/bin/mkdocs build --strict
    .venv/bin/python benchmarks/lighthouse.py [--site site] [--runs 3] [--json-dir DIR]

Serves the built site on 127.0.0.1 the way a static host such as GitHub Pages does (text
files gzip-compressed when the browser asks for it; the 404 page read at its own address),
then runs Lighthouse from tests/js (`npm ci --prefix tests/js`) once per page type: home,
programmes index, a programme, each list, an entry of each kind, the people index, a person
and the 404 page. Lighthouse drives Debian's chromium (`$CHROME_PATH`, /usr/bin/chromium by
default) headless, with its default mobile emulation and simulated throttling. Each page is
measured `--runs` times and the run with the median performance score is reported, as
Lighthouse's own docs advise: its total blocking time varies with what else the machine does.

Prints a Markdown table for docs/lighthouse.md: the four category scores of each page, its
first and largest contentful paint, total blocking time and cumulative layout shift, then,
for every category under 95, the audits that hold it down. Exits 1 when any category of
any page is under 95. Not part of pytest (a run takes a few minutes).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "tests" / "js" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time",
           "cumulative-layout-shift")
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")
LEAST = 95


class StaticHost(SimpleHTTPRequestHandler):
    """Files as a static host serves them: text gzip-compressed when asked, no log lines."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def log_message(self, format, *args):  # noqa: A002 - the name http.server uses
        pass


class _Body:
    """What send_head returns: a file-like object that copyfile reads and closes."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def first_page(site: Path, folder: str) -> str | None:
    """The first page, by name, in a folder of the site (an entry, programme or person)."""
    pages = sorted(p.parent.name for p in (site / folder).glob("*/index.html"))
    return f"{folder}/{pages[0]}/" if pages else None


def page_types(site: Path) -> list[tuple[str, str]]:
    """(page type, path) for each page type the site has."""
    candidates = [("Home", ""), ("Programmes", "programmes/"),
                  ("Programme", first_page(site, "programmes")),
                  ("Publications", "publications/"), ("Presentations", "presentations/"),
                  ("Outputs", "outputs/"), ("Publication", first_page(site, "publications")),
                  ("Presentation", first_page(site, "presentations")),
                  ("Output", first_page(site, "outputs")), ("People", "people/"),
                  ("Person", first_page(site, "people")), ("404", "404.html")]
    return [(name, path) for name, path in candidates
            if path is not None and (site / path / "index.html" if not path.endswith(".html")
                                     else site / path).is_file()]


def run_lighthouse(url: str, report: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=" + ",".join(CATEGORIES),
               "--chrome-flags=--headless=new --no-sandbox"]
    subprocess.run(command, env=env, check=True, timeout=300)
    return json.loads(report.read_text(encoding="utf-8"))


def median_run(url: str, folder: Path, name: str, runs: int) -> dict:
    results = [run_lighthouse(url, folder / f"{name}-{n}.json") for n in range(runs)]
    results.sort(key=lambda result: result["categories"]["performance"]["score"])
    return results[len(results) // 2]


def scores(result: dict) -> dict[str, int]:
    return {key: round(result["categories"][key]["score"] * 100) for key in CATEGORIES}


def holding_down(result: dict, category: str) -> list[str]:
    """The audits of a category that lost points, heaviest first, with what they found."""
    refs = [r for r in result["categories"][category]["auditRefs"] if r["weight"] > 0]
    found = []
    for ref in sorted(refs, key=lambda r: -r["weight"]):
        audit = result["audits"][ref["id"]]
        if audit["score"] is not None and audit["score"] < 1:
            value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
            found.append(f"{audit['title']}{value}")
    return found


def table(rows: list[tuple[str, str, dict]]) -> list[str]:
    lines = ["| Page type | Path | Performance | Accessibility | Best practices | SEO "
             "| FCP | LCP | TBT | CLS |", "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for name, path, result in rows:
        score = scores(result)
        metrics = [result["audits"][m]["displayValue"] for m in METRICS]
        lines.append(f"| {name} | `/{path}` | " + " | ".join(str(score[c]) for c in CATEGORIES)
                     + " | " + " | ".join(metrics) + " |")
    return lines


def shortfalls(rows: list[tuple[str, str, dict]]) -> list[str]:
    lines = []
    for name, _, result in rows:
        for category, value in scores(result).items():
            if value < LEAST:
                audits = "; ".join(holding_down(result, category)) or "no single audit"
                lines.append(f"- {name}, {category} {value}: {audits}")
    return lines


def serve(site: Path) -> ThreadingHTTPServer:
    handler = functools.partial(StaticHost, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--runs", type=int, default=3, help="runs per page (the median is kept)")
    parser.add_argument("--json-dir", type=Path, help="keep each page's Lighthouse report here")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.is_file():
        print("Lighthouse not found: run `npm ci --prefix tests/js`", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site (run `mkdocs build --strict` first)", file=sys.stderr)
        return 2
    server = serve(args.site.resolve())
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.json_dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for name, path in page_types(args.site):
            rows.append((name, path, median_run(base + path, folder, name.lower(), args.runs)))
            print(f"{name}: {scores(rows[-1][2])}", file=sys.stderr)
    server.shutdown()
    print("\n".join(table(rows)))
    low = shortfalls(rows)
    if low:
        print("\nUnder 95:\n" + "\n".join(low))
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
