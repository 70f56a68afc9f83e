"""Checks of records: duplicates across files, identifiers (DOI, PMID, ORCID), people
nobody refers to, dates in the future, link schemes.

Each check takes what it needs of the loaded site and yields Problems; the lists in
``checks/__init__.py`` say which run when. "today" is a parameter so that tests can fix it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from ..load.people import name_key, people_index
from ..load.quiet import quiet_parsers
from ..model import Entry, Problem, Severity, Site, Source
from ..text.dates import iso_date
from ..text.doi import doi_key, has_doi_prefix

PMID_PATTERN = re.compile(r"^\d{1,9}$")
WEB_SCHEMES = ("http://", "https://")
# biblatex's `pubstate` values for a work not published yet, which may be dated ahead.
PUBSTATES = {"forthcoming", "inpress", "submitted", "prepublished", "inpreparation"}
# The identifiers two entries must not share, each compared in its own normal form.
IDENTIFIERS = (("doi", doi_key), ("pmid", str.strip))


def duplicate_dois(entries: Iterable[Entry]) -> Iterable[Problem]:
    return duplicate_identifiers(entries, "doi", "DOI", doi_key)


def duplicate_pmids(entries: Iterable[Entry]) -> Iterable[Problem]:
    return duplicate_identifiers(entries, "pmid", "PubMed ID", str.strip)


def field_source(entry: Entry, name: str) -> Source:
    return Source(entry.source.path, entry.line_of(name))


def normalised_title(title: str) -> str:
    """Case, punctuation and spacing left out: 'A Title!' and 'a title' are the same."""
    return re.sub(r"[\W_]+", "", title.casefold())


def duplicate_identifiers(entries: Iterable[Entry], name: str, label: str,
                          normalise: Callable[[str], str]) -> Iterable[Problem]:
    first: dict[str, Entry] = {}
    for entry in entries:
        value = normalise(entry.get(name))
        if not value:
            continue
        if value in first:
            other = first[value]
            yield Problem(field_source(entry, name), f"entry '{entry.key}' has the same {label} "
                          f"({entry.get(name)}) as entry '{other.key}' at {other.source}; "
                          "keep only one of them")
        first.setdefault(value, entry)


def duplicate_titles(entries: Iterable[Entry]) -> Iterable[Problem]:
    """Same kind, nearly the same title: a talk and the paper after it may share a title."""
    first: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        title = normalised_title(entry.title)
        if not title:
            continue
        other = first.setdefault((entry.kind, title), entry)
        if other is not entry and not same_identifier(entry, other):
            yield Problem(entry.source, f"entry '{entry.key}' has nearly the same title as "
                          f"entry '{other.key}' at {other.source}; if they are the same "
                          f"{entry.kind}, keep only one of them", Severity.WARNING)


def same_identifier(one: Entry, other: Entry) -> bool:
    """Already reported as a duplicate DOI or PMID, so the title need not be reported too."""
    return any(normalise(one.get(name)) and normalise(one.get(name)) ==
               normalise(other.get(name)) for name, normalise in IDENTIFIERS)


# A `doi` field whose value may start with what has_doi_prefix finds; a file without one is
# not parsed again (parsing is most of this check's time on a large bibliography).
MAYBE_PREFIXED_DOI = re.compile(r"\bdoi\s*=\s*[{\"\s]*(?:doi\b|https?:|(?:dx\.|www\.)?doi\.org/)",
                                re.IGNORECASE)


def raw_dois(path: Path) -> dict[str, str]:
    """Entry key -> the `doi` value as written in the file (enclosing braces removed)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    if not MAYBE_PREFIXED_DOI.search(text):
        return {}  # nothing to find: the file need not be parsed again
    found = {}
    with quiet_parsers():  # the loader has reported the blocks bibtexparser cannot read
        blocks = bibtexparser.parse_string(text, parse_stack=[]).blocks
    for block in blocks:
        if isinstance(block, bib.Entry):
            for field in block.fields:
                if field.key.lower() == "doi":
                    found[block.key] = str(field.value).strip().strip('{}"').strip()
    return found


def dois_stored_as_urls(entries: Iterable[Entry], root: Path | None) -> Iterable[Problem]:
    if root is None:
        return
    files: dict[str, dict[str, str]] = {}
    for entry in entries:
        if not entry.get("doi"):
            continue
        if entry.source.path not in files:
            files[entry.source.path] = raw_dois(root / entry.source.path)
        raw = files[entry.source.path].get(entry.key, "")
        if has_doi_prefix(raw):
            yield Problem(field_source(entry, "doi"), f"entry '{entry.key}': field 'doi' is "
                          f"stored as '{raw}'; store the bare DOI: doi = {{{entry.get('doi')}}}",
                          Severity.WARNING)


def pmid_syntax(entries: Iterable[Entry]) -> Iterable[Problem]:
    for entry in entries:
        pmid = entry.get("pmid")
        if pmid and not PMID_PATTERN.match(pmid):
            yield Problem(field_source(entry, "pmid"), f"entry '{entry.key}': field 'pmid' must "
                          f"be a PubMed ID of digits only, like 12345678; found '{pmid}'")


def entry_url_schemes(entries: Iterable[Entry]) -> Iterable[Problem]:
    for entry in entries:
        url = entry.get("url")
        if url and not url.lower().startswith(WEB_SCHEMES):
            yield Problem(field_source(entry, "url"), f"entry '{entry.key}': field 'url' must "
                          f"be a web address starting with http:// or https://; found '{url}'")


def orcid_check_digit(digits: str) -> str:
    """The last character of an ORCID iD, from the 15 digits before it (ISO 7064 11-2)."""
    total = 0
    for digit in digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def orcid_checksums(site: Site) -> Iterable[Problem]:
    for person in site.people:
        digits = person.orcid.replace("-", "")
        if len(digits) == 16 and digits[:15].isdigit():
            expected = orcid_check_digit(digits[:15])
            if digits[15] != expected:
                yield Problem(person.source, f"person '{person.id}': the ORCID iD "
                              f"'{person.orcid}' is not valid (its last character should be "
                              f"'{expected}'); copy the iD from the person's orcid.org page")


def referenced_people(site: Site) -> set[str]:
    """Ids of people a programme, an output or an author list refers to."""
    ids = {i for p in site.programmes for i in (*p.leads, *p.people)}
    ids |= {i for output in site.outputs for i in output.people}
    index = people_index(site.people)
    for entry in site.entries:
        ids |= {index[k].id for k in map(name_key, (*entry.authors, *entry.editors))
                if k in index}
    return ids


def unreferenced_people(site: Site) -> Iterable[Problem]:
    used = referenced_people(site)
    for person in site.people:
        if person.id not in used:
            yield Problem(person.source, f"person '{person.id}' is not referred to anywhere: no "
                          "programme lists them in 'leads' or 'people', no output in 'people', "
                          "and no author in the .bib files matches their 'variants'; add them "
                          "where they belong, or remove them", Severity.WARNING)


def future_dates(site: Site, today: date) -> Iterable[Problem]:
    """A warning per date after today, but for an entry whose `pubstate` says it is not out
    yet (forthcoming, in press …) and for a presentation, which is then upcoming."""
    now = (today.year, today.month, today.day)
    for entry in site.entries:
        expected = entry.kind == "presentation" or entry.get("pubstate").lower() in PUBSTATES
        if entry.date and entry.date > now[:len(entry.date)] and not expected:
            shown = iso_date(entry.date)
            where = field_source(entry, "date" if "date" in dict(entry.field_lines) else "year")
            yield Problem(where, f"entry '{entry.key}': its date {shown} is in the future; "
                          "check it, or add the entry once it has happened", Severity.WARNING)
    for output in site.outputs:
        if output.year and output.year > today.year:
            line = dict(output.field_lines).get("year", output.source.line)
            yield Problem(Source(output.source.path, line), f"output '{output.id}': its year "
                          f"{output.year} is in the future; check it", Severity.WARNING)
