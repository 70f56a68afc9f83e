"""Citation formatting speed: showcase's CitationFormatter against pandoc's citeproc.

    .venv/bin/python benchmarks/cite_benchmark.py [--items 2000] [--style medic-vancouver]

Makes N synthetic CSL-JSON items (the same N on every run: a fixed seed, realistic shapes),
then formats all of them, each measurement in a fresh process:

- showcase, cold: `showcase cite`'s path (CSL-JSON -> Entries -> CitationFormatter.format)
  with an empty cache, then the cache written; the time is that of the whole process,
  Python's start and imports included;
- showcase, warm: the same, in a new process, with the cache from the cold run;
- pandoc: `pandoc --citeproc --csl theme/csl/<style>.csl --bibliography items.json` with
  the same items, making the bibliography of all items from a document that holds only
  `nocite: '@*'`; run twice (pandoc has no cache, so its second run
  repeats the work with the files in the operating system's cache).

Prints a Markdown table for docs/benchmarks.md. Peak memory is the peak resident set size
of the process that did the work (`resource.getrusage`, `ru_maxrss`). Not part of pytest.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20240601

FAMILIES = ["Dutta", "Kumar", "Scott", "Horsburgh", "Jamil", "Chandauka", "Meiring", "Maini",
            "Afolabi", "Forrest", "Golding", "Woolf", "Fyfe", "Lokugamage", "Houbby", "Smith",
            "Müller", "Ødegaard", "Çelik", "Nguyễn", "García Márquez", "O’Connor", "Zhang",
            "Korede-Salami", "Brown", "Patel", "Jones", "Williams", "Taylor", "Davies"]
GIVEN = ["Nina", "Sonia", "Kate", "Jo", "Faisal", "Rufaro", "S. J.", "Arti", "Femi", "Ben",
         "Katherine", "Molly", "Amali", "Nour", "M. E. L.", "Jürgen", "Ayşe", "Thị Minh", "Wei"]
PARTICLES = ["van", "van der", "de la", "von"]
CORPORATE = ["World Health Organization", "General Medical Council",
             "Medical Schools Council", "Royal College of General Practitioners"]
WORDS = ["medical", "students", "belonging", "widening", "participation", "primary", "care",
         "community", "teaching", "assessment", "feedback", "simulation", "mentoring",
         "curriculum", "general", "practice", "inclusion", "diversity", "placements", "careers",
         "outreach", "wellbeing", "professionalism", "education", "clinical", "reflection",
         "learning", "tutors", "patients", "rural", "urban", "qualitative", "study", "evaluation"]
JOURNALS = ["Education for Primary Care", "Medical Education", "Medical Teacher", "BMJ Open",
            "The Clinical Teacher", "BMC Medical Education", "Academic Medicine", "BJGP Open"]
PUBLISHERS = [("Oxford University Press", "Oxford"), ("Wiley-Blackwell", "Chichester"),
              ("Routledge", "Abingdon"), ("Springer", "Cham"), ("Elsevier", "Edinburgh")]
EVENTS = [("AMEE", "Glasgow"), ("ASME Annual Scholarship Meeting", "Edinburgh"),
          ("RCGP Annual Conference", "Liverpool"), ("SAPC Annual Conference", "Exeter")]
DOI_SHAPES = ["{}", "doi:{}", "https://doi.org/{}", "http://dx.doi.org/{}"]
TYPES = [("article-journal", 60), ("chapter", 8), ("book", 6), ("speech", 12), ("report", 5),
         ("thesis", 3), ("post-weblog", 3), ("article", 3)]


def make_items(count: int) -> list[dict]:
    rng = random.Random(SEED)
    kinds = [kind for kind, weight in TYPES for _ in range(weight)]
    return [make_item(rng, n, rng.choice(kinds)) for n in range(count)]


def make_item(rng: random.Random, number: int, kind: str) -> dict:
    item = {"id": f"item-{number:05d}", "type": kind, "title": title(rng),
            "author": authors(rng),
            "issued": {"date-parts": [[rng.randint(2005, 2024), rng.randint(1, 12)]]}}
    if rng.random() < 0.5:
        item["DOI"] = rng.choice(DOI_SHAPES).format(f"10.{rng.randint(1000, 9999)}/x{number}")
    item.update(SHAPES[kind](rng))
    return item


def title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(4, 12))
    text = " ".join(words).capitalize()
    return text + rng.choice(["", "", "", ": a qualitative study", "?", ": the “next” step"])


def authors(rng: random.Random) -> list[dict]:
    if rng.random() < 0.05:
        return [{"literal": rng.choice(CORPORATE)}]
    count = rng.choice([1, 1, 2, 3, 3, 4, 5, 6, 7, 12, 21])
    names = []
    for _ in range(count):
        name = {"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)}
        if rng.random() < 0.05:
            name["non-dropping-particle"] = rng.choice(PARTICLES)
        names.append(name)
    return names


def pages(rng: random.Random) -> str:
    first = rng.randint(1, 1500)
    return rng.choice([f"{first}-{first + rng.randint(1, 20)}", f"e0{rng.randint(10000, 99999)}",
                       f"{first}-{(first + rng.randint(1, 9)) % 10}", f"S{first % 50}"])


def publisher(rng: random.Random) -> dict:
    name, place = rng.choice(PUBLISHERS)
    return {"publisher": name, "publisher-place": place}


SHAPES = {
    "article-journal": lambda rng: {"container-title": rng.choice(JOURNALS),
                                    "volume": str(rng.randint(1, 60)),
                                    "issue": str(rng.randint(1, 12)), "page": pages(rng)},
    "chapter": lambda rng: {"container-title": title(rng), "page": pages(rng),
                            "editor": authors(rng)[:2], **publisher(rng)},
    "book": lambda rng: {"edition": str(rng.randint(1, 5)), **publisher(rng)},
    "speech": lambda rng: dict(zip(("event-title", "event-place"), rng.choice(EVENTS), strict=True),
                               genre=rng.choice(["Presentation", "Poster", "Workshop"])),
    "report": lambda rng: {"number": f"R{rng.randint(1, 99)}", **publisher(rng)},
    "thesis": lambda rng: {"genre": "PhD thesis", **publisher(rng)},
    "post-weblog": lambda rng: {"container-title": "The BMJ Opinion",
                                "URL": "https://blogs.bmj.com/bmj/"},
    "article": lambda rng: {"container-title": rng.choice(["medRxiv", "Research Square"])},
}


# Measurements, each run in a fresh process -------------------------------------------------

def measure_showcase(folder: Path, style_name: str) -> dict:
    from generator.cite.formatter import CitationFormatter
    from generator.commands.cite import find_style
    from generator.load.csl_json import load_csl_json_file

    entries, problems = load_csl_json_file(folder / "items.json", "items.json")
    formatter = CitationFormatter(find_style(style_name, ROOT), "en-GB",
                                  folder / "citations.json")
    citations, trouble = formatter.format(entries)
    formatter.write_cache()
    assert len(citations) == len(entries) and not [p for p in problems + trouble
                                                   if p.severity.value == "error"]
    return {"peak_mb": peak_mb(resource.RUSAGE_SELF)}


def measure_pandoc(folder: Path, style_name: str) -> dict:
    command = ["pandoc", "--citeproc", "--csl", str(ROOT / "theme" / "csl" / f"{style_name}.csl"),
               "--metadata", "lang=en-GB", "--bibliography", str(folder / "items.json"),
               "-f", "markdown", "-t", "plain", "--wrap=none"]
    start = time.perf_counter()
    result = subprocess.run(command, input=NOCITE_ALL, capture_output=True, text=True,
                            check=True)
    seconds = time.perf_counter() - start
    entries = [line for line in result.stdout.splitlines() if line.strip()]
    return {"seconds": seconds, "peak_mb": peak_mb(resource.RUSAGE_CHILDREN),
            "entries": len(entries)}


def peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


# An empty document whose bibliography holds every item (`--metadata nocite=@*` would be
# read as a string, not as a citation).
NOCITE_ALL = "---\nnocite: '@*'\n---\n"
MEASURES = {"showcase": measure_showcase, "pandoc": measure_pandoc}


def in_fresh_process(what: str, folder: Path, style_name: str) -> dict:
    """The measurement's result; for showcase, with the wall time of the whole process
    (interpreter start and imports included, as pandoc's time includes its start)."""
    start = time.perf_counter()
    output = subprocess.run([sys.executable, __file__, "--measure", what, "--folder",
                             str(folder), "--style", style_name],
                            capture_output=True, text=True, check=True).stdout
    return {"seconds": time.perf_counter() - start, **json.loads(output)}


# The report -----------------------------------------------------------------------------

def run(count: int, style_name: str) -> str:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        text = json.dumps(make_items(count), ensure_ascii=False, indent=1)
        (folder / "items.json").write_text(text, encoding="utf-8")
        cold = in_fresh_process("showcase", folder, style_name)
        warm = in_fresh_process("showcase", folder, style_name)
        pandoc = [in_fresh_process("pandoc", folder, style_name) for _ in range(2)]
    return report(count, style_name, cold, warm, pandoc)


def report(count: int, style_name: str, cold: dict, warm: dict, pandoc: list[dict]) -> str:
    version = subprocess.run(["pandoc", "--version"], capture_output=True, text=True,
                             check=True).stdout.splitlines()[0]
    rows = [
        ("showcase (citeproc-py 0.11.1 + corrections)", cold, warm),
        (f"{version} --citeproc", pandoc[0], pandoc[1]),
    ]
    lines = [f"Style `{style_name}`, locale en-GB, {count} synthetic items. "
             f"pandoc printed {pandoc[0]['entries']} entries.", "",
             "| items | tool | cold s | warm s | items/s (cold) | peak memory MB (cold / warm) |",
             "|---:|---|---:|---:|---:|---:|"]
    for tool, first, second in rows:
        lines.append(f"| {count} | {tool} | {first['seconds']:.2f} | {second['seconds']:.2f} | "
                     f"{count / first['seconds']:.0f} | "
                     f"{first['peak_mb']:.0f} / {second['peak_mb']:.0f} |")
    lines += ["", f"Machine: {os.cpu_count()} CPUs (nproc {nproc()}), Python "
              f"{platform.python_version()}, {platform.system()} {platform.machine()}, "
              f"load average {os.getloadavg()[0]:.1f} at the end. "
              f"Date: {date.today().isoformat()}."]
    return "\n".join(lines)


def nproc() -> str:
    found = shutil.which("nproc")
    return subprocess.run([found], capture_output=True, text=True).stdout.strip() if found \
        else "?"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--style", default="medic-vancouver")
    parser.add_argument("--measure", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(MEASURES[arguments.measure](arguments.folder, arguments.style)))
        return 0
    if shutil.which("pandoc") is None:
        print("cite_benchmark: pandoc is missing; install it with `apt-get install -y pandoc`",
              file=sys.stderr)
        return 2
    print(run(arguments.items, arguments.style))
    return 0


if __name__ == "__main__":
    sys.exit(main())
