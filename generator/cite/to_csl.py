"""Entry -> CSL-JSON, by tables rather than `if` chains (after citeproc-py's own sources).

``csl_item`` gives the item as plain text, as other programs read CSL-JSON (the site's
downloads); ``to_csl`` gives it for citeproc-py, its text passed through ``escape_text``:
citeproc-py copies field values into its HTML output as they are, so escaping must happen
before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..load import entry_types
from ..model import Entry, Name
from ..text.dates import ISO_DATE
from ..text.doi import bare_doi, has_doi_prefix
from ..text.markup import escape_text

# Entry field -> CSL variable, for plain text variables.
CSL_TEXT_FIELDS = {
    "journal": "container-title", "booktitle": "container-title", "volume": "volume",
    "number": "number", "pages": "page", "doi": "DOI", "url": "URL", "pmid": "PMID",
    "abstract": "abstract", "publisher": "publisher", "address": "publisher-place",
    "edition": "edition", "series": "collection-title", "isbn": "ISBN", "note": "note",
    "eventtitle": "event-title", "venue": "event-place", "keywords": "keyword",
    "school": "publisher", "organization": "publisher", "eid": "number",
    "medium": "medium", "version": "version", "shortjournal": "container-title-short",
    "section": "section", "language": "language", "pagetotal": "number-of-pages",
    "pubstate": "status", "seriesnumber": "collection-number", "archive": "archive",
    "pmcid": "PMCID", "shorttitle": "title-short", "chapter": "chapter-number",
    "source": "source", "issue": "issue",
}

# Where a CSL type wants a field in another variable than CSL_TEXT_FIELDS gives.
CSL_TYPE_FIELDS = {
    # BibTeX's `number` of a periodical's article is its issue; elsewhere it is a number
    # (a report's, a thesis's, a preprint's)
    **{kind: {"number": "issue"}
       for kind in ("article-journal", "article-magazine", "article-newspaper")},
    # a book's or chapter's `number` is its number in the series (biblatex)
    **{kind: {"number": "collection-number"} for kind in ("book", "chapter", "paper-conference")},
    "post-weblog": {"organization": "container-title"},  # the blog's name
}

# Genres that BibTeX gives as an @type (the table's), or biblatex as a `type` key.
GENRES = {**entry_types.GENRES, "mathesis": "Master’s thesis"}


def csl_name(name: Name) -> dict[str, str]:
    if name.literal:
        return {"literal": name.literal}
    parts = {"family": name.family, "given": name.given, "dropping-particle": name.dropping,
             "non-dropping-particle": name.particle, "suffix": name.suffix}
    return {key: value for key, value in parts.items() if value}


def csl_type(entry: Entry) -> str:
    if entry.kind == "presentation":
        return "speech"
    if entry.bibtype == "online" and (entry.get("organization") or entry.get("journal")):
        return "post-weblog"
    found = entry_types.subtype(entry.bibtype, subtype_of(entry))
    return found.csl if found else entry_types.entry_type(entry.bibtype).csl


def subtype_of(entry: Entry) -> str:
    """biblatex's entrysubtype, or a `type` of newspaper, magazine … used as one."""
    return (entry.get("entrysubtype") or entry.get("type")).lower()


def page_range(value: str) -> str:
    """CSL wants a hyphen between pages; BibTeX `--` was decoded to an en dash."""
    return re.sub(r"\s*[–—-]+\s*", "-", value)


# biblatex `pubstate` keys, as words a style prints (APA: 'Smith, A. (in press)').
PUBLICATION_STATES = {"inpress": "in press", "forthcoming": "forthcoming",
                      "submitted": "submitted", "prepublished": "prepublished"}


def publication_state(value: str) -> str:
    return PUBLICATION_STATES.get(value.strip().lower(), value)


# Per-variable adjustments after the table lookup, applied before escaping.
ADJUSTMENTS: dict[str, Callable[[str], str]] = {"page": page_range, "DOI": bare_doi,
                                                "status": publication_state}


def to_csl(entry: Entry, item_id: str) -> dict:
    """The CSL-JSON item for citeproc-py: every text HTML-escaped (`id` and `type` are ours)."""
    item = csl_item(entry, item_id)
    return {key: value if key in ("id", "type") else escaped(value) for key, value in item.items()}


def escaped(value: object) -> object:
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, list):
        return [escaped(part) for part in value]
    if isinstance(value, dict):
        return {key: escaped(part) for key, part in value.items()}
    return value


def csl_item(entry: Entry, item_id: str) -> dict:
    """The CSL-JSON item for an entry, as plain text."""
    item: dict = {"id": item_id, "type": csl_type(entry)}
    if entry.title:
        item["title"] = entry.title
    if entry.authors:
        item["author"] = [csl_name(name) for name in entry.authors]
    if entry.editors:
        item["editor"] = [csl_name(name) for name in entry.editors]
    if entry.translators:
        item["translator"] = [csl_name(name) for name in entry.translators]
    if entry.date:
        item["issued"] = {"date-parts": [list(entry.date), *([list(entry.date_end)]
                                                            if entry.date_end else [])]}
    elif entry.date_literal:
        item["issued"] = {"literal": entry.date_literal}
    table = {**CSL_TEXT_FIELDS, **CSL_TYPE_FIELDS.get(item["type"], {})}
    for field, value in entry.fields:
        variable = table.get(field)
        if variable and variable not in item:
            item[variable] = ADJUSTMENTS.get(variable, str)(value)
    for step in (add_genre, add_event, add_accessed, add_event_date, move_doi_url):
        step(entry, item)
    return item


def add_genre(entry: Entry, item: dict) -> None:
    """`type` names the genre, as written (a thesis @type names its own); not where it is
    the entrysubtype (`type = {newspaper}`). With no `type`, no genre, as CSL processors
    have it: a talk's style says 'Presented at' by itself."""
    value = entry.get("type") or (entry.get("entrysubtype") if entry.kind == "presentation"
                                  else "")  # biblatex: @misc, entrysubtype = {poster}
    if not entry.get("entrysubtype") and entry_types.subtype(entry.bibtype, value):
        value = ""
    value = value or (entry.bibtype if entry.bibtype in GENRES else "")
    value = GENRES.get(value.lower(), value)
    if value:
        item["genre"] = value  # as given: the style capitalises where it wants


def add_event(entry: Entry, item: dict) -> None:
    """Older styles read `event`, newer ones `event-title`: give both."""
    if "event-title" in item:
        item["event"] = item["event-title"]
    if entry.kind == "presentation" and not entry.get("publisher"):
        item.pop("publisher", None)  # an `organization` is the event's, not a publisher


def add_accessed(entry: Entry, item: dict) -> None:
    """biblatex `urldate` (2023-01-05), which Zotero writes, is the date a page was seen."""
    match = ISO_DATE.fullmatch(entry.get("urldate").strip())
    if match:
        item["accessed"] = {"date-parts": [[int(part) for part in match.groups() if part]]}


def add_event_date(entry: Entry, item: dict) -> None:
    """biblatex `eventdate` (2023-08-26, or a range 2023-08-26/2023-08-30): when the event
    took place, which APA prints after the place."""
    dates = [ISO_DATE.fullmatch(part.strip()) for part in entry.get("eventdate").split("/")]
    if dates and all(dates) and len(dates) <= 2:
        item["event-date"] = {"date-parts": [[int(part) for part in match.groups() if part]
                                             for match in dates]}


def move_doi_url(entry: Entry, item: dict) -> None:
    """A `url` that is a DOI address is the DOI: styles print it once, as https://doi.org/…"""
    url = item.get("URL", "")
    if has_doi_prefix(url):
        item.setdefault("DOI", bare_doi(url))
        if item["DOI"] == bare_doi(url):
            del item["URL"]
