"""Synthetic projects for benchmarks/site_benchmark.py: the default site plus N generated items.

``make_project(folder, size)`` copies this repository's mkdocs.yml, content/, bibliography/
and theme/ into ``folder`` and adds ``size`` items, the same ones on every run (a fixed
seed): 55% journal articles, 25% talks (@misc with eventtitle), 12% book chapters
(@incollection) in bibliography/synthetic.bib, and 8% outputs (content/outputs/synth-*.yml);
programmes in content/programmes/synth-*.yml and people appended to content/people.yml,
whose variants are written into some author lists. Authors number 1 to 21, with particles,
names outside ASCII and LaTeX; some titles and abstracts hold LaTeX; abstracts are 1-3 KB.
Every field the checks ask for is given or acknowledged in known_gaps, so `--strict` passes.
``write_hugo`` and ``write_material`` write minimal Hugo and Material sites of as many pages.
"""

from __future__ import annotations

import random
import shutil
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261201
COPIED = ("content", "bibliography", "theme")

FAMILIES = ["Dutta", "Kumar", "Scott", "Horsburgh", "Afolabi", "Forrest", "Golding", "Brown",
            "Patel", "Jones", "Williams", "Taylor", "Davies", "Okafor", "Iqbal", "Nguyen",
            "Ødegaard", "Løvås", "Hervé", "Kowalski", "Wójcik", "Łukasiewicz", "Müller",
            "M{\\\"u}ller", "Schr{\\\"o}der", "Andr\\'e", "García", "O'Connor", "Zhang"]
GIVEN = ["A.", "B. J.", "Nina", "Sonia", "Kate", "Faisal", "Rufaro", "Femi", "Amali", "Nour",
         "Łucja", "Zoë", "José", "Søren", "Héloïse", "M. E. L.", "Wei", "Thị Minh"]
PARTICLES = ["van der", "de", "van", "de la"]
SINGLE = ["{王芳}", "{李明}", "{محمد الهاشمي}", "{فاطمة الزهراء}", "{World Health Organization}"]
VOCABULARY = ("medical students belonging widening participation primary care community teaching "
         "assessment feedback simulation mentoring curriculum general practice inclusion "
         "diversity placements careers outreach wellbeing professionalism education clinical "
         "reflection learning tutors patients rural urban qualitative study evaluation cohort "
         "equity identity experience support programme")
WORDS = VOCABULARY.split()
LATEX_BITS = ["Sch{\\\"o}n's reflective practitioner", "caf\\'e conversations", "1990--2020",
              "teaching {\\&} learning", "$\\alpha$ reliability", "{GP} tutors", "r{\\^o}le play"]
JOURNALS = ["Education for Primary Care", "Medical Education", "Medical Teacher", "BMJ Open",
            "The Clinical Teacher", "BMC Medical Education", "Academic Medicine"]
EVENTS = ["ASME", "AMEE", "RCGP Annual Conference", "SAPC Annual Conference", "DEMEC"]
PUBLISHERS = ["Oxford University Press", "Wiley-Blackwell", "Routledge", "Springer"]
OUTPUT_KINDS = ["video", "support-pack", "workshop", "leaflet", "poster", "website", "other"]
KINDS = [("article", 55), ("talk", 25), ("chapter", 12), ("output", 8)]
PROGRAMMES = 8
PEOPLE = [("Ødegaard", "Kari"), ("Hervé", "Marie"), ("van der Berg", "Anouk"),
          ("de Souza", "Mariana"), ("Łukasiewicz", "Jan"), ("Okafor", "Chidi"),
          ("Zhang", "Wei"), ("Al-Hashimi", "Layla"), ("Patel", "Priya"), ("Byrne", "Siobhán"),
          ("Nguyen", "Thị Minh"), ("García", "José")]


@dataclass(frozen=True)
class Project:
    folder: Path
    config: Path
    edit_key: str  # an article whose title the benchmark edits
    entries: int  # BibTeX entries added
    outputs: int  # outputs added


def make_project(folder: Path, size: int) -> Project:
    """A copy of the default site with ``size`` synthetic items added (``size`` 0: none)."""
    folder.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    for name in COPIED:
        shutil.copytree(ROOT / name, folder / name)
    rng = random.Random(SEED)
    kinds = [kind for kind, weight in KINDS for _ in range(weight)]
    chosen = [rng.choice(kinds) for _ in range(size)]
    entries = [bibtex_entry(rng, n, kind) for n, kind in enumerate(chosen) if kind != "output"]
    outputs = [output(rng, n) for n, kind in enumerate(chosen) if kind == "output"]
    if size:
        (folder / "bibliography" / "synthetic.bib").write_text("\n".join(entries),
                                                               encoding="utf-8")
        write_content(folder / "content", rng, outputs)
    edit = next((f"synth{n:05d}" for n, kind in enumerate(chosen) if kind == "article"), "")
    return Project(folder, folder / "mkdocs.yml", edit, len(entries), len(outputs))


def write_content(content: Path, rng: random.Random, outputs: list[tuple[str, str]]) -> None:
    for number in range(PROGRAMMES):
        (content / "programmes" / f"synth-{number}.yml").write_text(programme(rng, number),
                                                                    encoding="utf-8")
    for name, text in outputs:
        (content / "outputs" / f"{name}.yml").write_text(text, encoding="utf-8")
    with (content / "people.yml").open("a", encoding="utf-8") as people:
        people.write("".join(person(n) for n in range(len(PEOPLE))))


# ---- BibTeX -------------------------------------------------------------------------------

def bibtex_entry(rng: random.Random, number: int, kind: str) -> str:
    key = f"synth{number:05d}"
    fields = [("author", authors(rng, number)), ("title", title(rng, number)),
              ("year", str(rng.randint(1995, 2025))), ("abstract", abstract(rng)),
              ("programmes", ", ".join(programme_ids(rng)))]
    fields += {"article": article, "talk": talk, "chapter": chapter}[kind](rng, number)
    bibtype = {"article": "article", "talk": "misc", "chapter": "incollection"}[kind]
    body = ",\n".join(f"  {name:<11}= {{{value}}}" for name, value in fields)
    return f"@{bibtype}{{{key},\n{body},\n}}\n"


def article(rng: random.Random, number: int) -> list[tuple[str, str]]:
    first = rng.randint(1, 900)
    fields = [("journal", rng.choice(JOURNALS)), ("volume", str(rng.randint(1, 60))),
              ("number", str(rng.randint(1, 12))),
              ("pages", f"{first}--{first + rng.randint(2, 12)}")]
    if rng.random() < 0.8:
        return fields + [("doi", f"10.5555/synth.{number}")]
    return fields + [("known_gaps", "doi")]


def talk(rng: random.Random, number: int) -> list[tuple[str, str]]:
    return [("eventtitle", rng.choice(EVENTS)), ("type", "presentation")]


def chapter(rng: random.Random, number: int) -> list[tuple[str, str]]:
    return [("booktitle", f"Handbook of {rng.choice(WORDS)} {rng.choice(WORDS)}"),
            ("editor", f"{rng.choice(FAMILIES)}, {rng.choice(GIVEN)}"),
            ("publisher", rng.choice(PUBLISHERS)), ("pages", f"{rng.randint(1, 300)}--310"),
            ("doi", f"10.5555/synth.{number}")]


def authors(rng: random.Random, number: int) -> str:
    names = [author(rng) for _ in range(rng.choice([1, 1, 2, 3, 3, 4, 5, 6, 8, 12, 21]))]
    if number % 3 == 0:  # a synthetic person, every person at least once
        family, given = PEOPLE[(number // 3) % len(PEOPLE)]
        names.insert(rng.randrange(len(names) + 1), f"{family}, {given}")
    return " and ".join(names)


def author(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        return rng.choice(SINGLE)
    family = rng.choice(FAMILIES)
    if roll < 0.12:
        family = f"{rng.choice(PARTICLES)} {family}"
    return f"{family}, {rng.choice(GIVEN)}"


def title(rng: random.Random, number: int) -> str:
    text = " ".join(rng.sample(WORDS, rng.randint(5, 11))).capitalize()
    if rng.random() < 0.3:
        text += f": {rng.choice(LATEX_BITS)}"
    return f"{text} {number}"  # unique, so the duplicate-title check stays quiet


def abstract(rng: random.Random) -> str:
    """1 to 3 KB of sentences, some with LaTeX."""
    target, sentences = rng.randint(1000, 3000), []
    while sum(len(s) + 1 for s in sentences) < target:
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))).capitalize()
        bit = f" ({rng.choice(LATEX_BITS)})" if rng.random() < 0.15 else ""
        sentences.append(f"{words}{bit}.")
    return " ".join(sentences)


def programme_ids(rng: random.Random) -> list[str]:
    return [f"synth-{n}" for n in sorted(rng.sample(range(PROGRAMMES), rng.randint(1, 2)))]


# ---- YAML content -------------------------------------------------------------------------

def person_id(number: int) -> str:
    family, given = PEOPLE[number]
    decomposed = unicodedata.normalize("NFKD", f"{given} {family}")
    ascii_name = decomposed.encode("ascii", "ignore").decode().lower()
    return f"synth-{number}-" + "-".join(ascii_name.split())


def person(number: int) -> str:
    family, given = PEOPLE[number]
    return (f"\n  - id: {person_id(number)}\n    name: {given} {family}\n"
            f'    variants: ["{family}, {given}", "{family}, {given[0]}."]\n'
            f"    role: Synthetic person {number} of the site benchmark\n")


def programme(rng: random.Random, number: int) -> str:
    lead = person_id(number % len(PEOPLE))
    return (f"id: synth-{number}\ntitle: Synthetic programme {number}\n"
            f"summary: {' '.join(rng.sample(WORDS, 12)).capitalize()}.\n"
            f"description: |\n  {abstract(rng)[:600]}\nstatus: active\norder: {100 + number}\n"
            f"leads: [{lead}]\npeople: []\npartners: []\nlinks: []\nknown_gaps: []\n")


def output(rng: random.Random, number: int) -> tuple[str, str]:
    name = f"synth-output-{number}"
    people = f"[{person_id(number % len(PEOPLE))}]" if number % 2 else "[]"
    text = (f"id: {name}\ntitle: {' '.join(rng.sample(WORDS, 6)).capitalize()} {number}\n"
            f"kind: {rng.choice(OUTPUT_KINDS)}\nsummary: >-\n  {abstract(rng)[:800]}\n"
            f"programmes: [{', '.join(programme_ids(rng))}]\nyear: {rng.randint(2010, 2025)}\n"
            f"partners:\n  - Community partner {number % 17}\nlanguages: [English]\n"
            f"people: {people}\nlinks: []\nknown_gaps: []\n")
    return name, text


# ---- Hugo and plain Material: the same titles and abstracts as pages -----------------------

HUGO_CONFIG = ('baseURL = "http://localhost/"\ntitle = "Benchmark"\n'
               'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
HUGO_SINGLE = ("<!doctype html><html><head><title>{{ .Title }}</title></head>\n"
               "<body><h1>{{ .Title }}</h1><p>{{ .Date.Format \"2006\" }}</p>\n"
               "{{ .Content }}</body></html>\n")
HUGO_LIST = ("<!doctype html><html><head><title>{{ .Title }}</title></head><body>\n"
             "<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href=\"{{ .RelPermalink }}\">"
             "{{ .Title }}</a></li>{{ end }}</ul></body></html>\n")
MATERIAL_CONFIG = ("site_name: Plain Material\ntheme:\n  name: material\nplugins: []\n"
                   "nav:\n  - index.md\nnot_in_nav: |\n  /entries/*.md\n")


def pages_text(count: int):
    """(title, year, abstract) for ``count`` pages, from the synthetic generator."""
    rng = random.Random(SEED)
    for number in range(count):
        yield title(rng, number).replace("\\", "").replace('"', ""), \
            rng.randint(1995, 2025), abstract(rng)


def write_hugo(folder: Path, pages: int) -> None:
    """A home page, one section list and ``pages - 2`` entries: ``pages`` HTML pages."""
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "content" / "entries").mkdir(parents=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG)
    (folder / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE)
    (folder / "layouts" / "_default" / "list.html").write_text(HUGO_LIST)
    for number, (text, year, body) in enumerate(pages_text(max(pages - 2, 0))):
        (folder / "content" / "entries" / f"e{number:05d}.md").write_text(
            f'---\ntitle: "{text}"\ndate: {year}-01-01\n---\n\n{body}\n', encoding="utf-8")


def write_material(folder: Path, pages: int) -> None:
    """index.md and ``pages - 1`` entry pages outside the nav: ``pages`` HTML pages."""
    (folder / "docs" / "entries").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(MATERIAL_CONFIG)
    (folder / "docs" / "index.md").write_text("# Plain Material\n")
    for number, (text, year, body) in enumerate(pages_text(max(pages - 1, 0))):
        (folder / "docs" / "entries" / f"e{number:05d}.md").write_text(
            f"# {text}\n\n{year}\n\n{body}\n", encoding="utf-8")
