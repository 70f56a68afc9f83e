"""Checks across files: ids that must exist, keys that must be unique, gaps in the data."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import partial

from ..load.entry_types import entry_type
from ..load.schema import OUTPUT_RECOMMENDED, PROGRAMME_RECOMMENDED
from ..model import Entry, Output, Problem, Programme, Severity, Site, Source
from ..text.doi import is_doi

PEOPLE_FILE = "content/people.yml"
GAP_EXPLANATIONS = {
    "title": "the title is incomplete as given in the source",
    "programmes": "it is not linked to any programme",
}


def check_unique_ids(site: Site) -> Iterable[Problem]:
    groups = (("entry key", [(e.key, e.source) for e in site.entries]),
              ("programme id", [(p.id, p.source) for p in site.programmes]),
              ("output id", [(o.id, o.source) for o in site.outputs]),
              ("person id", [(p.id, p.source) for p in site.people]))
    for what, items in groups:
        first: dict[str, Source] = {}
        for key, source in items:
            if key in first:
                yield Problem(source, f"{what} '{key}' is already used at {first[key]}; "
                              "each must be unique")
            first.setdefault(key, source)


def check_references(site: Site) -> Iterable[Problem]:
    known = {"programme": {p.id for p in site.programmes}, "person": {p.id for p in site.people}}
    check = partial(unknown_ids, known=known, unreadable=site.unreadable)
    for entry in site.entries:
        yield from check(entry.programmes, "programme", f"entry '{entry.key}'",
                         Source(entry.source.path, entry.line_of("programmes")))
    for output in site.outputs:
        owner = f"output '{output.id}'"
        yield from check(output.programmes, "programme", owner, line_source(output, "programmes"))
        yield from check(output.people, "person", owner, line_source(output, "people"))
    for programme in site.programmes:
        for field in ("leads", "people"):
            yield from check(getattr(programme, field), "person", f"programme '{programme.id}'",
                             line_source(programme, field))


def unknown_ids(used: Iterable[str], what: str, owner: str, source: Source, *,
                known: dict[str, set[str]], unreadable: tuple[str, ...]) -> Iterable[Problem]:
    """A problem per id defined nowhere. An id that a content file in error may define is
    left out: that file's own error says what is wrong, and this would only follow from it."""
    for item in used:
        if item not in known[what] and not set(defining_files(what, item)) & set(unreadable):
            choices = ", ".join(sorted(known[what])) or "none are defined"
            close = difflib.get_close_matches(item, sorted(known[what]), n=1)
            guess = f"; did you mean '{close[0]}'?" if close else ""
            yield Problem(source, f"{owner} names the {what} '{item}', which does not exist"
                          f"{guess} (known {what} ids: {choices})")


def defining_files(what: str, item: str) -> tuple[str, ...]:
    """The content files where the id ``item`` of a ``what`` would be defined."""
    if what == "person":
        return (PEOPLE_FILE,)
    return (f"content/programmes/{item}.yml", f"content/programmes/{item}.yaml")


def line_source(record: Programme | Output, field: str) -> Source:
    return Source(record.source.path, dict(record.field_lines).get(field, record.source.line))


def check_entries(entries: Iterable[Entry]) -> Iterable[Problem]:
    for entry in entries:
        where = Source(entry.source.path, entry.source.line)
        if not entry.title:
            yield Problem(where, f"entry '{entry.key}' needs the field 'title'")
        if not entry.authors and not entry.editors:
            yield Problem(where, f"entry '{entry.key}' has no 'author'", Severity.WARNING)
        doi = entry.get("doi")
        if doi and not is_doi(doi):
            yield Problem(Source(where.path, entry.line_of("doi")),
                          f"entry '{entry.key}': field 'doi' must look like 10.1234/abc, "
                          f"found '{doi}'")
        yield from gap_problems(f"entry '{entry.key}'", entry_gaps(entry), entry.known_gaps,
                                where, Source(where.path, entry.line_of("known_gaps")))


def entry_gaps(entry: Entry) -> dict[str, bool]:
    """Gap name -> whether the field is missing, for the gaps this kind of entry can have."""
    gaps = {"programmes": not entry.programmes, "title": False, "year": entry.year is None}
    if entry.kind == "presentation":
        gaps["eventtitle"] = not entry.get("eventtitle")
    else:
        for gap, fields in entry_type(entry.bibtype).gaps:
            gaps[gap] = not any(entry.get(field) for field in fields)
    return gaps


def check_programme_gaps(programmes: Iterable[Programme]) -> Iterable[Problem]:
    for programme in programmes:
        gaps = {name: not getattr(programme, name) for name in PROGRAMME_RECOMMENDED}
        yield from gap_problems(f"programme '{programme.id}'", gaps, programme.known_gaps,
                                programme.source, line_source(programme, "known_gaps"))


def check_output_gaps(outputs: Iterable[Output]) -> Iterable[Problem]:
    for output in outputs:
        gaps = {name: getattr(output, name) in (None, ()) for name in OUTPUT_RECOMMENDED}
        yield from gap_problems(f"output '{output.id}'", gaps, output.known_gaps, output.source,
                                line_source(output, "known_gaps"))


def gap_problems(owner: str, gaps: dict[str, bool], acknowledged: Iterable[str],
                 source: Source, gaps_source: Source) -> Iterable[Problem]:
    """A warning per unacknowledged gap; a note per acknowledged one; a warning per stale one.

    Warnings about `known_gaps` itself point at its line, where the fix is made.
    """
    acknowledged = tuple(acknowledged)
    for name in acknowledged:
        if name not in gaps:
            yield Problem(gaps_source, f"{owner}: known_gaps names '{name}', which is not a field "
                          f"that can be missing here (one of: {', '.join(sorted(gaps))})",
                          Severity.WARNING)
        elif name == "title" or gaps[name]:
            reason = GAP_EXPLANATIONS.get(name, f"it has no '{name}'")
            yield Problem(source, f"{owner}: {reason} (acknowledged in known_gaps)",
                          Severity.NOTE)
        else:
            yield Problem(gaps_source, f"{owner}: known_gaps names '{name}', but the field is "
                          "there now; remove it from known_gaps", Severity.WARNING)
    for name, missing in sorted(gaps.items()):
        if missing and name not in acknowledged:
            reason = GAP_EXPLANATIONS.get(name, f"it has no '{name}'")
            yield Problem(source, f"{owner}: {reason}; add it, or if the source does not give "
                          f"it, add '{name}' to known_gaps", Severity.WARNING)
