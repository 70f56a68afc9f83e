"""Site builds at scale: showcase's `mkdocs build` and `mkdocs serve` against Hugo and Material.

    .venv/bin/python benchmarks/site_benchmark.py [--sizes 1000,5000,10000] [--cold-runs 3]
                                                  [--write]

For the default site and for each size, writes copies of this repository's site with that
many synthetic items added (benchmarks/synthetic.py: a fixed seed), then measures, each in
a fresh process: a cold `mkdocs build --strict` (no .cache/, no site/) of each copy, all
sizes' before any other build (the median is shown), then in the first copy the same build again
with nothing changed, a build after one entry's title changed, and the seconds from saving a
`.bib` edit under `mkdocs serve` until the entry's page shows it. Beside them, Hugo (Debian's
`hugo`) and plain mkdocs-material build the same number of pages from minimal templates.
Peak memory is the largest process's peak resident set (`ru_maxrss` of RUSAGE_CHILDREN).
Prints a Markdown table; `--write` puts it in docs/benchmarks.md, section "Site builds".
Not part of pytest: it reports the targets of "Fast at 10,000 entries", it does not assert.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

from synthetic import make_project, write_hugo, write_material

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Site builds"
MKDOCS = [sys.executable, "-m", "mkdocs"]
SERVE_LIMIT = 300.0  # seconds to wait for an edit to show under serve
START_LIMIT = 3600.0  # seconds to wait for `mkdocs serve` to build and answer
RETRIES = 3  # other work may break the build for a minute; try again before giving up


# ---- One command in a fresh process -------------------------------------------------------

def run_timed(command: list[str]) -> dict:
    """Run in the wrapper process: the command's wall time and its largest process's peak."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN)
            .ru_maxrss / 1024, "returncode": result.returncode, "stderr": result.stderr[-3000:]}


def timed(command: list[str]) -> dict:
    """``command`` run by a fresh wrapper process, retried if it fails."""
    for attempt in range(RETRIES):
        output = subprocess.run([sys.executable, __file__, "--timed", json.dumps(command)],
                                capture_output=True, text=True, check=True).stdout
        result = json.loads(output)
        if result["returncode"] == 0:
            return result
        print(f"site_benchmark: failed (attempt {attempt + 1}): {' '.join(command[-4:])}\n"
              f"{result['stderr']}", file=sys.stderr, flush=True)
        time.sleep(60)
    raise SystemExit(f"site_benchmark: {' '.join(command)} failed {RETRIES} times")


def mkdocs_build(config: Path, strict: bool = True) -> dict:
    return timed(MKDOCS + ["build", "-q", *(["--strict"] if strict else []), "-f", str(config)])


def whole_rebuild(config: Path) -> dict:
    """The warm build again with the plugin's `skip_unchanged: false`: what a build with
    nothing changed costs when it makes the whole site again from its caches."""
    text = config.read_text(encoding="utf-8")
    plugin = "plugins:\n  - showcase\n"
    if plugin not in text:
        raise SystemExit(f"site_benchmark: {config} does not list the plugin as {plugin!r}")
    config.write_text(text.replace(plugin, "plugins:\n  - showcase:\n"
                                   "      skip_unchanged: false\n"), encoding="utf-8")
    try:
        return mkdocs_build(config)
    finally:
        config.write_text(text, encoding="utf-8")


def clear(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


# ---- showcase -------------------------------------------------------------------------------

def retitle(bib: Path, key: str, text: str) -> None:
    """Replace the title of entry ``key`` in ``bib``."""
    source = bib.read_text(encoding="utf-8")
    pattern = re.compile(rf"(@\w+\{{{re.escape(key)},\n(?:[^@].*\n)*?  title\s*= \{{)[^\n]*"
                         rf"(\}},\n)")
    changed, count = pattern.subn(lambda m: f"{m[1]}{text}{m[2]}", source, count=1)
    assert count == 1, f"no title for {key} in {bib}"
    bib.write_text(changed, encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return ""


def serve_seconds(project, log: Path) -> list[float | None]:
    """Seconds from saving a title edit until `mkdocs serve` shows it, for the first edit
    and for a second one after it; None past the limit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/publications/{project.edit_key}/"  # the key is its slug
    bib = project.folder / "bibliography" / "synthetic.bib"
    source = bib.read_text(encoding="utf-8")
    with log.open("w") as output:
        server = subprocess.Popen(MKDOCS + ["serve", "-a", f"127.0.0.1:{port}", "-f",
                                            str(project.config)], stdout=output, stderr=output,
                                  start_new_session=True)
    try:
        return [edit_shown(server, url, bib, project.edit_key, log) for _ in range(2)]
    finally:
        stop(server)
        bib.write_text(source, encoding="utf-8")


def edit_shown(server: subprocess.Popen, url: str, bib: Path, key: str,
               log: Path) -> float | None:
    deadline = time.monotonic() + START_LIMIT
    while "</html>" not in fetch(url):
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"site_benchmark: mkdocs serve did not answer:\n"
                             f"{log.read_text()[-3000:]}")
        time.sleep(0.5)
    marker = f"servemarker{time.time_ns()}"
    start = time.perf_counter()
    retitle(bib, key, f"Edited under serve {marker}")
    while time.perf_counter() - start < SERVE_LIMIT:
        if marker in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    return None


def stop(server: subprocess.Popen) -> None:
    """End the server's process group: SIGTERM, then SIGKILL after 30 s."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def cold_builds(size: int, workdir: Path, runs: int) -> dict:
    """``runs`` cold builds, each of its own fresh copy of the project, before any other
    build: ext4 without a journal (these machines) is slow to create files for a minute
    or more after many were deleted, and the later builds delete whole sites (each
    replaces the one before). The median is the cold time; peak memory is the largest."""
    projects = [make_project(workdir / f"showcase-{size}-{n}", size) for n in range(runs)]
    builds = [mkdocs_build(project.config) for project in projects]
    median = sorted(builds, key=lambda build: build["seconds"])[runs // 2]  # even: the upper
    return {"size": size, "project": projects[0],
            "cold": {"seconds": median["seconds"],
                     "peak_mb": max(build["peak_mb"] for build in builds)},
            "colds": [build["seconds"] for build in builds]}


def measure_showcase(result: dict) -> dict:
    """The builds after the first cold one, in its project: its site and caches are there."""
    project = result.pop("project")
    pages = sum(1 for _ in (project.folder / "site").rglob("index.html"))
    result |= {"pages": pages, "warm": mkdocs_build(project.config),
               "whole": whole_rebuild(project.config)}
    if project.edit_key:
        bib = project.folder / "bibliography" / "synthetic.bib"
        retitle(bib, project.edit_key, "An edited title for the rebuild")
        result["changed"] = mkdocs_build(project.config)
        result["serve"] = serve_seconds(project, project.folder.parent /
                                        f"serve-{result['size']}.log")
    return result


# ---- Hugo and plain Material: the same number of pages --------------------------------------

def measure_others(pages: int, workdir: Path) -> dict:
    hugo, material = workdir / f"hugo-{pages}", workdir / f"material-{pages}"
    write_hugo(hugo, pages)
    write_material(material, pages)
    hugo_run = timed(["hugo", "--quiet", "-s", str(hugo), "-d", str(hugo / "public")])
    material_run = mkdocs_build(material / "mkdocs.yml", strict=False)
    counts = [sum(1 for _ in (folder).rglob("index.html"))
              for folder in (hugo / "public", material / "site")]
    return {"hugo": hugo_run, "material": material_run, "counts": counts}


# ---- The report ------------------------------------------------------------------------------

def seconds(value: float | None) -> str:
    """A serve measurement: None is one that gave up."""
    return f"> {SERVE_LIMIT:.0f}" if value is None else f"{value:.1f}"


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(top: float | None, bottom: float | None) -> str:
    return "–" if top is None or not bottom else f"{top / bottom:.1f}×"


def rows(results: list[dict]) -> list[str]:
    first = next((r["cold"]["seconds"] for r in results if r["size"] == 1000), None)
    lines = ["| entries | pages (showcase / Hugo / Material) | cold s (median) | cold runs s "
             "| warm s | warm, whole "
             "site s | one entry changed s | serve: edit shown s (first / next) | peak MB "
             "(cold) | Hugo s | plain Material s | cold / Hugo | warm / Hugo | warm, whole / "
             "Hugo | cold / Material | t / t(1k) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        cold, warm, whole = (r[k]["seconds"] for k in ("cold", "warm", "whole"))
        hugo, material = (r[k]["seconds"] if k in r else None for k in ("hugo", "material"))
        label = f"{r['size']:,} + default" if r["size"] else "default site"
        counts = " / ".join(f"{c:,}" for c in [r["pages"], *r.get("counts", [])])
        lines.append(
            f"| {label} | {counts} "
            f"| {cold:.1f} | {', '.join(f'{run:.1f}' for run in r['colds'])} "
            f"| {warm:.1f} | {whole:.1f} | "
            f"{number(r.get('changed', {}).get('seconds'))} | "
            f"{' / '.join(map(seconds, r['serve'])) if 'serve' in r else '–'} | "
            f"{r['cold']['peak_mb']:.0f} | "
            f"{number(hugo)} | {number(material)} | {ratio(cold, hugo)} | {ratio(warm, hugo)} "
            f"| {ratio(whole, hugo)} | {ratio(cold, material)} "
            f"| {ratio(cold, first) if r['size'] else '–'} |")
    return lines


def target(name: str, ran: bool, value: float | None, limit: float, shown: str) -> str:
    if not ran:
        return f"| {name} | not run | – |"
    met = value is not None and value <= limit
    return f"| {name} | {shown} | {'met' if met else 'missed'} |"


def targets(results: list[dict]) -> list[str]:
    at = {r["size"]: r for r in results}
    big, small, five, default = (at.get(s) for s in (10000, 1000, 5000, 0))
    cold, peak = (big["cold"]["seconds"], big["cold"]["peak_mb"]) if big else (None, None)
    growth = cold / small["cold"]["seconds"] if big and small else None
    warm_hugo = big["warm"]["seconds"] / big["hugo"]["seconds"] if big else None
    serve = five["serve"][0] if five and "serve" in five else None
    return ["| target | measured | |", "|---|---:|---|",
            target("cold build at 10,000 entries ≤ 60 s", bool(big), cold, 60,
                   f"{number(cold)} s"),
            target("t(10k) / t(1k) ≤ 11", growth is not None, growth, 11, number(growth)),
            target("warm rebuild at 10,000 ≤ 3× Hugo", bool(big), warm_hugo, 3,
                   f"{number(warm_hugo)}×"),
            target("serve: edit shown at 5,000 ≤ 2 s", bool(five), serve, 2,
                   f"{seconds(serve)} s"),
            target("peak memory at 10,000 ≤ 1 GB", bool(big), peak, 1024, f"{number(peak, 0)} MB"),
            *(target(f"default site, {kind} build ≤ 2 s", True, default[kind]["seconds"], 2,
                     f"{default[kind]['seconds']:.1f} s") for kind in ("cold", "warm"))]


def machine(load_start: float) -> str:
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()
    return (f"Machine: {len(os.sched_getaffinity(0))} CPUs (`nproc`), Python "
            f"{platform.python_version()}, {platform.system()} {platform.machine()}, Hugo "
            f"{hugo[1].split('+')[0] if len(hugo) > 1 else '?'}; load average "
            f"{load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end. "
            f"Date: {date.today().isoformat()}.")


INTRO = """\
How long a site takes to build and to show an edit at 1,000, 5,000 and 10,000 entries,
beside Hugo and plain Material building as many pages."""
METHOD = """\
```sh
.venv/bin/python benchmarks/site_benchmark.py            # --sizes 1000,5000,10000 --write
```

Each project is a copy of this repository's site (mkdocs.yml, content/, bibliography/,
theme/) with N synthetic items added, the same on every run (a fixed seed,
`benchmarks/synthetic.py`): 55% journal articles, 25% talks (@misc with eventtitle), 12% book
chapters (@incollection) and 8% outputs, with 1 to 21 authors (particles, names in
Norwegian, French, Polish, Chinese and Arabic, LaTeX accents), LaTeX in some titles and
abstracts, abstracts of 1–3 KB, 8 programmes and 12 people whose variants match some
authors; "N + default" is the default site's entries and N more. Every gap is
acknowledged, so each build is `mkdocs build --strict`. Each measurement is a fresh
process: **cold** with no `.cache/` and no site folder, each of its own fresh copy of the
project, three per size (`--cold-runs`), every size's before any other build: the median is
shown, and each run beside it. (Nothing is deleted before them: on these machines' ext4,
which has no journal, making files is slow for a minute or more after many were deleted —
10,000 folders of four files took 1.0 s of system time in a fresh folder and 13.6 s just
after deleting a tree like it — and each later build replaces a whole site.)
**warm** the same command again, in the first copy
(nothing read has changed, so the site is left as it is: `generator/site/unchanged.py`);
**warm, whole site** the same again with the plugin's `skip_unchanged: false`, which makes
the whole site again from the caches;
**one entry changed** after one article's title is edited; **serve** from saving a title
edit in `synthetic.bib` under `mkdocs serve` (loopback) until that entry's page, polled
every 50 ms, holds it (given up after 300 s), for the first edit after the server started
and for the next one. Peak memory is the largest process's peak
resident set in the cold builds. Hugo (minimal `single.html` and `list.html`) and plain
mkdocs-material (`plugins: []`, pages not in the nav) build as many HTML pages from the
same titles and abstracts, cold. Compare ratios: the machines are shared and noisy."""


def section(results: list[dict], sizes: list[int], minutes: float, load: float,
            note: str) -> str:
    ran = " and ".join(", ".join(f"{s:,}" for s in sizes).rsplit(", ", 1))
    took = f"{minutes:.0f} minutes" if minutes >= 1.5 else "about a minute"
    parts = [HEADING, "", INTRO, "", METHOD, "",
             *rows(results), "", "Targets of “Fast at 10,000 entries” (reported, not asserted):",
             "", *targets(results), "", machine(load), "",
             f"This run measured the default site and {ran} entries and took {took}."
             + (f" {note}" if note else "")]
    return "\n".join(parts) + "\n"


def write_section(text: str) -> None:
    """Replace the "Site builds" section of docs/benchmarks.md (add it at the end if absent)."""
    source = DOCS.read_text(encoding="utf-8")
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(source):
        source = pattern.sub(lambda _: text + "\n", source, count=1).rstrip("\n") + "\n"
    else:
        source = source.rstrip("\n") + "\n\n" + text
    DOCS.write_text(source, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000", help="entries, comma-separated")
    parser.add_argument("--write", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument("--note", default="", help="a sentence added under the table")
    parser.add_argument("--cold-runs", type=int, default=3,
                        help="cold builds per size, each of a fresh copy (median shown)")
    parser.add_argument("--timed", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.timed:
        print(json.dumps(run_timed(json.loads(arguments.timed))))
        return 0
    if shutil.which("hugo") is None:
        print("site_benchmark: hugo is missing; `apt-get install -y hugo`", file=sys.stderr)
        return 2
    sizes = [int(size) for size in arguments.sizes.split(",")]
    start, load = time.monotonic(), os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="site-benchmark-") as name:
        colds = [cold_builds(size, Path(name), max(arguments.cold_runs, 1))
                 for size in [0, *sizes]]
        for result in colds:
            result = measure_showcase(result)
            if result["size"]:
                result |= measure_others(result["pages"], Path(name))
            results.append(result)
            print(rows(results[-1:])[-1], flush=True)
    text = section(results, sizes, (time.monotonic() - start) / 60, load, arguments.note)
    print("\n" + text)
    if arguments.write:
        write_section(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
