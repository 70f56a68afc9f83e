"""Site -> the pages to build: path, title, template and the data it shows. No MkDocs here."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import groupby

from ..load.bibtex_fields import FieldError, name_of
from ..load.people import name_key, people_index
from ..model import Entry, Formatted, Name, Output, Person, Programme, Site
from .chart import year_chart
from .members import mark_members

LIST_PAGES = (("publications", "Publications"), ("presentations", "Presentations"),
              ("outputs", "Student and community outputs"))


@dataclass(frozen=True)
class Page:
    path: str  # source path of the generated page, like "publications/dutta2022watcch.md"
    title: str
    template: str
    context: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """Anything listed on a page: an entry or an output, with where its own page lives."""

    key: str
    kind: str  # publication, presentation or output
    title: str
    year: int | None
    sort_key: tuple
    path: str
    record: Entry | Output
    citation: Formatted | None = None
    people: tuple[Person, ...] = ()
    programmes: tuple[Programme, ...] = ()
    author_people: tuple[Person | None, ...] = ()  # the person each author is, if any


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-") or "entry"


def url_of(path: str, directory_urls: bool) -> str:
    """The URL MkDocs gives the page built from ``path``, relative to the site root."""
    stem = path[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")] if directory_urls else f"{stem}.html"
    return f"{stem}/" if directory_urls else f"{stem}.html"


def link_from(from_path: str, target: str, directory_urls: bool) -> str:
    """Relative link from the page built from ``from_path`` to a site URL (file or folder)."""
    here = url_of(from_path, directory_urls)
    folder = here.rsplit("/", 1)[0] if "/" in here else ""
    link = posixpath.relpath(target or ".", folder or ".")
    if link == ".":
        return "./"
    return f"{link}/" if target == "" or target.endswith("/") else link


def relative_url(from_path: str, to_path: str, directory_urls: bool) -> str:
    return link_from(from_path, url_of(to_path, directory_urls), directory_urls)





def date_sort_key(date: tuple[int, ...], title: str) -> tuple:
    """Newest first; undated last; then by title."""
    if not date:
        return (1, 0, 0, 0, title.casefold())
    year, month, day = (*date, 0, 0)[:3]
    return (0, -year, -month, -day, title.casefold())


def person_path(person: Person) -> str:
    return f"people/{slug(person.id)}.md"


def entry_item(entry: Entry, path: str, citation: Formatted | None,
               index: Mapping[tuple[str, str], Person], programmes: Mapping) -> Item:
    """An entry as listed: its authors matched to people, the group's own marked."""
    authors = tuple(index.get(name_key(name)) for name in entry.authors)
    members = [name for name, p in zip(entry.authors, authors, strict=True) if p and p.member]
    return Item(entry.key, entry.kind, entry.title, entry.year,
                date_sort_key(entry.date, entry.title), path, entry,
                mark_members(citation, members), tuple(dict.fromkeys(p for p in authors if p)),
                tuple(programmes[p] for p in entry.programmes if p in programmes), authors)


def make_items(site: Site, citations: Mapping[str, Formatted]) -> list[Item]:
    programmes = {p.id: p for p in site.programmes}
    index = people_index(site.people)
    items, used = [], set()
    for entry in site.entries:
        path = unique_path(f"{entry.kind}s/{slug(entry.key)}.md", used)
        items.append(entry_item(entry, path, citations.get(entry.key), index, programmes))
    people_by_id = {p.id: p for p in site.people}
    for output in site.outputs:
        path = unique_path(f"outputs/{slug(output.id)}.md", used)
        items.append(Item(output.id, "output", output.title, output.year,
                          date_sort_key((output.year,) if output.year else (), output.title),
                          path, output, None,
                          tuple(people_by_id[p] for p in output.people if p in people_by_id),
                          tuple(programmes[p] for p in output.programmes if p in programmes)))
    return sorted(items, key=lambda item: item.sort_key)


def unique_path(path: str, used: set[str]) -> str:
    candidate, number = path, 2
    while candidate in used or candidate.endswith("/index.md"):
        candidate, number = f"{path[:-3]}-{number}.md", number + 1
    used.add(candidate)
    return candidate


def by_year(items: Iterable[Item]) -> list[tuple[int | None, list[Item]]]:
    """Items (already newest first) grouped by year; the undated group last."""
    return [(year, list(group)) for year, group in groupby(items, key=lambda i: i.year)]


def download_stem(path: str) -> str:
    """Where a page's citation downloads live: 'publications/x.md' -> 'publications/x/x'."""
    stem = path[: -len(".md")]
    return f"{stem}/{posixpath.basename(stem)}"


def site_download_stem(site: Site) -> str:
    return f"downloads/{slug(site.settings.title)}"


def download_sets(site: Site) -> list[tuple[str, list[Entry]]]:
    """(stem, entries) for every set of citations offered as BibTeX, RIS and CSL-JSON."""
    items = make_items(site, {})
    entries = [i.record for i in items if isinstance(i.record, Entry)]
    sets = [(site_download_stem(site), entries)]
    for programme in sorted(site.programmes, key=lambda p: p.id):
        mine = [e for e in entries if programme.id in e.programmes]
        if mine:
            sets.append((download_stem(f"programmes/{slug(programme.id)}.md"), mine))
    for item_people, person in ((people_of(items, p), p) for p in site.people):
        if mine := [i.record for i in item_people if isinstance(i.record, Entry)]:
            sets.append((download_stem(person_path(person)), mine))
    sets += [(download_stem(i.path), [i.record]) for i in items if isinstance(i.record, Entry)]
    return sets


def plan_pages(site: Site, citations: Mapping[str, Formatted]) -> list[Page]:
    """Every page of the site, in a stable order."""
    items = make_items(site, citations)
    programmes = sorted(site.programmes, key=lambda p: (p.order, p.title.casefold()))
    people = {p.id: p for p in site.people}
    downloads = site_download_stem(site) if site.entries else ""
    pages = [Page("index.md", site.settings.title, "home.md.j2", {
        "programmes": programmes, "downloads": downloads,
        "chart": year_chart(items, "Publications, presentations and outputs per year"),
        "outputs": [i for i in items if i.kind == "output"][:6],
        "publications": [i for i in items if i.kind == "publication"][:5]})]
    pages.append(Page("programmes/index.md", "Programmes", "programmes.md.j2",
                      {"programmes": programmes}))
    for programme in programmes:
        pages.append(programme_page(programme, items, people))
    for kind, title in LIST_PAGES:
        mine = [i for i in items if i.kind == kind.rstrip("s")]
        pages.append(Page(f"{kind}/index.md", title, "list.md.j2",
                          {"kind": kind.rstrip("s"), "groups": by_year(mine), "count": len(mine),
                           "downloads": downloads if kind != "outputs" else ""}))
    pages.append(Page("people/index.md", "People", "people.md.j2", {
        "members": [p for p in site.people if p.member],
        "partners": [p for p in site.people if not p.member]}))
    pages += [person_page(person, items, programmes) for person in site.people]
    pages += [Page(item.path, item.title, f"{item.kind}.md.j2",
                   {"item": item, "downloads": download_stem(item.path)
                    if isinstance(item.record, Entry) else ""})
              for item in items]
    return pages


def programme_page(programme: Programme, items: list[Item],
                   people: Mapping[str, Person]) -> Page:
    mine = [i for i in items if programme in i.programmes]
    path = f"programmes/{slug(programme.id)}.md"
    has_entries = any(isinstance(i.record, Entry) for i in mine)
    return Page(path, programme.title, "programme.md.j2", {
        "programme": programme, "downloads": download_stem(path) if has_entries else "",
        "chart": year_chart(mine, f"{programme.label}: publications, presentations and "
                                  "outputs per year"),
        "leads": [people[p] for p in programme.leads if p in people],
        "people": [people[p] for p in programme.people if p in people],
        "publications": [i for i in mine if i.kind == "publication"],
        "presentations": [i for i in mine if i.kind == "presentation"],
        "outputs": [i for i in mine if i.kind == "output"],
    })


def people_of(items: list[Item], person: Person) -> list[Item]:
    return [i for i in items if person in i.people]


def person_page(person: Person, items: list[Item], programmes: list[Programme]) -> Page:
    mine, path = people_of(items, person), person_path(person)
    has_entries = any(isinstance(i.record, Entry) for i in mine)
    return Page(path, person.name, "person.md.j2", {
        "person": person, "downloads": download_stem(path) if has_entries else "",
        "leads": [p for p in programmes if person.id in p.leads],
        "programmes": [p for p in programmes if person.id in p.people
                       and person.id not in p.leads],
        "publications": [i for i in mine if i.kind == "publication"],
        "presentations": [i for i in mine if i.kind == "presentation"],
        "outputs": [i for i in mine if i.kind == "output"],
    })
