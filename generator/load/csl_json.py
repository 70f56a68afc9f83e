"""CSL-JSON -> Entries + Problems, each with its file and 1-based line.

CSL-JSON items become the same ``Entry`` records that BibTeX gives, so they are formatted
through the same path: ``csl_json.to_csl`` (escaping, bare DOIs) -> citeproc-py ->
corrections. The tables below are the inverse of csl_json's: each CSL type and variable
goes to the BibTeX type and field that csl_json maps back to it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..model import Entry, Name, Problem, Severity, Source
from ..text.dates import iso_date
from . import entry_types
from .files import read_text

# CSL variable -> Entry field; where two variables share a field, the first one given wins.
FIELDS = {
    "container-title": "journal", "volume": "volume", "issue": "number", "number": "number",
    "page": "pages", "DOI": "doi", "URL": "url", "PMID": "pmid", "abstract": "abstract",
    "publisher": "publisher", "publisher-place": "address", "edition": "edition",
    "collection-title": "series", "ISBN": "isbn", "note": "note", "genre": "type",
    "event-title": "eventtitle", "event": "eventtitle", "event-place": "venue",
    "keyword": "keywords", "medium": "medium", "version": "version",
    "container-title-short": "shortjournal", "section": "section", "language": "language",
    "number-of-pages": "pagetotal", "status": "pubstate", "archive": "archive",
    "PMCID": "pmcid", "title-short": "shorttitle", "journalAbbreviation": "shortjournal",
    "chapter-number": "chapter", "source": "source", "collection-number": "seriesnumber",
}

# Where a CSL type's variable comes back from another field than FIELDS gives.
TYPE_FIELDS = {
    "chapter": {"container-title": "booktitle"},
    "paper-conference": {"container-title": "booktitle"},
    "webpage": {"container-title": "booktitle"},  # a web page's site, not a blog's name
    "post-weblog": {"container-title": "organization"},
    "article-journal": {"number": "eid"},  # an article number; `issue` is BibTeX's number
    "entry-encyclopedia": {"container-title": "booktitle"},
    "entry-dictionary": {"container-title": "booktitle"},
    "post": {"container-title": "booktitle"},
}
for kind in ("book", "chapter", "paper-conference"):  # biblatex: `number` in a series
    TYPE_FIELDS[kind] = {**TYPE_FIELDS.get(kind, {}), "collection-number": "number",
                         "issue": "issue"}  # an abstract in a journal's supplement

# Read by their own step, or carry no citation data.
STRUCTURED = {"id", "type", "title", "author", "editor", "translator", "issued", "accessed",
              "event-date"}
BETWEEN_ITEMS = re.compile(r"[\s,]*")
NAME_PARTS = {"family": "family", "given": "given", "non-dropping-particle": "particle",
              "dropping-particle": "dropping", "suffix": "suffix", "literal": "literal"}


def load_csl_json_file(path: Path, shown_as: str) -> tuple[list[Entry], list[Problem]]:
    text, problems = read_text(path, shown_as)
    if text is None:
        return [], problems
    return load_csl_json_text(text, shown_as)


def load_csl_json_text(text: str, shown_as: str) -> tuple[list[Entry], list[Problem]]:
    """Every item of a CSL-JSON array; an item that cannot be read is a problem."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(Source(shown_as, error.lineno),
                            f"this is not valid JSON: {error.msg}")]
    if not isinstance(data, list):
        return [], [Problem(Source(shown_as, 1), "CSL-JSON must be a list of items "
                            "([{\"id\": …, \"type\": …}, …]), found a "
                            f"{type(data).__name__}")]
    entries, problems = [], []
    for item, line in zip(data, item_lines(text), strict=True):
        entry, trouble = make_entry(item, Source(shown_as, line))
        entries += [entry] if entry else []
        problems += trouble
    return entries, problems


def item_lines(text: str) -> list[int]:
    """The 1-based line on which each item of a valid JSON array starts."""
    decoder, lines = json.JSONDecoder(), []
    index, line, counted = text.index("[") + 1, 1, 0
    while True:
        index = BETWEEN_ITEMS.match(text, index).end()
        if text[index] == "]":
            return lines
        line, counted = line + text.count("\n", counted, index), index
        lines.append(line)
        index = decoder.raw_decode(text, index)[1]


def make_entry(item: object, source: Source) -> tuple[Entry | None, list[Problem]]:
    if not isinstance(item, dict) or not isinstance(item.get("id"), (str, int)):
        return None, [Problem(source, "a CSL-JSON item must be an object with an 'id'")]
    key, csl_type = str(item["id"]), item.get("type", "")
    found = entry_types.from_csl(csl_type)
    if found is None:
        return None, [Problem(source, f"item '{key}': type '{csl_type}' is not one showcase "
                              f"formats; give one of {', '.join(entry_types.CSL_NAMES)}")]
    authors, problems = names(item, "author", source)
    editors, more = names(item, "editor", source)
    translators, also = names(item, "translator", source)
    literal = item.get("issued", {}).get("literal", "") if isinstance(
        item.get("issued"), dict) and "date-parts" not in item["issued"] else ""
    date, still = issued(item, source) if not literal else ((), [])
    date_end = range_end(item, date)
    fields, last = text_fields(item, source)
    seen, later = item_date(item, "accessed", source)
    if seen:
        fields = tuple(sorted((*fields, ("urldate", iso_date(seen)))))
    held = event_dates(item)
    if held:
        fields = tuple(sorted((*fields, ("eventdate", held))))
    bibtype, subtype = found
    if subtype:
        fields = tuple(sorted({**dict(fields), "entrysubtype": subtype}.items()))
    return Entry(key=key, bibtype=bibtype,
                 kind="presentation" if csl_type == "speech" else "publication",
                 title=text_value(item.get("title", "")), authors=authors, editors=editors,
                 translators=translators,
                 year=date[0] if date else None, date=date, date_end=date_end,
                 date_literal=text_value(literal), fields=fields,
                 source=source), problems + more + also + still + last + later


def names(item: dict, variable: str, source: Source) -> tuple[tuple[Name, ...], list[Problem]]:
    found, problems = [], []
    given = item.get(variable, [])
    if not isinstance(given, list) or not all(isinstance(name, dict) for name in given):
        return (), [Problem(source, f"item '{item['id']}': '{variable}' must be a list of names "
                            'like {"family": "Dutta", "given": "N."}; left out',
                            Severity.WARNING)]
    for name in given:
        parts = {NAME_PARTS[k]: text_value(v) for k, v in name.items() if k in NAME_PARTS}
        left_out = sorted(set(name) - set(NAME_PARTS))
        if left_out:
            problems.append(left_out_problem(item, source, f"{variable} name part",
                                             left_out))
        found.append(Name(**parts))
    return tuple(found), problems


def issued(item: dict, source: Source) -> tuple[tuple[int, ...], list[Problem]]:
    return item_date(item, "issued", source)


def event_dates(item: dict) -> str:
    """`event-date` as biblatex writes it: 2023-08-26, or 2023-08-26/2023-08-30."""
    try:
        dates = [[int(part) for part in date[:3]]
                 for date in item["event-date"]["date-parts"][:2]]
    except (KeyError, IndexError, TypeError, ValueError):
        return ""
    return "/".join(iso_date(date) for date in dates if date)


def range_end(item: dict, start: tuple[int, ...]) -> tuple[int, ...]:
    """The second date of `issued` (a range), when it is a date of the same precision."""
    try:
        end = tuple(int(part) for part in item["issued"]["date-parts"][1][:3])
    except (KeyError, IndexError, TypeError, ValueError):
        return ()
    return end if len(end) == len(start) and end > start else ()


def item_date(item: dict, variable: str, source: Source) -> tuple[tuple[int, ...],
                                                                    list[Problem]]:
    """(year[, month[, day]]) from `date-parts`; the first date of a range."""
    date = item.get(variable)
    if not date:
        return (), []
    try:
        return tuple(int(part) for part in date["date-parts"][0][:3]), []
    except (KeyError, IndexError, TypeError, ValueError):
        return (), [Problem(source, f"item '{item['id']}': '{variable}' must have 'date-parts' "
                            "like [[2022, 9, 19]]; the date was left out", Severity.WARNING)]


def text_fields(item: dict, source: Source) -> tuple[tuple[tuple[str, str], ...],
                                                     list[Problem]]:
    table = {**FIELDS, **TYPE_FIELDS.get(item["type"], {})}
    fields: dict[str, str] = {}
    for variable, field in table.items():
        if text_value(item.get(variable, "")):
            fields.setdefault(field, text_value(item[variable]))
    left_out = sorted(set(item) - set(table) - STRUCTURED)
    problems = [left_out_problem(item, source, "variable", left_out)] if left_out else []
    return tuple(sorted(fields.items())), problems


def text_value(value: object) -> str:
    return str(value).strip() if isinstance(value, (str, int, float)) else ""


def left_out_problem(item: dict, source: Source, what: str, left_out: list[str]) -> Problem:
    return Problem(source, f"item '{item['id']}': showcase does not use the {what}"
                   f"{'s' if len(left_out) > 1 else ''} {', '.join(left_out)}; left out",
                   Severity.WARNING)
