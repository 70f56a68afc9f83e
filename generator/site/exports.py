"""Entries as files people take away: BibTeX, RIS and CSL-JSON, written by their libraries.

Values are the decoded Unicode the site shows; each writer makes them safe for its format
(BibTeX escapes LaTeX specials, RIS is line-based, CSL-JSON is JSON).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

import bibtexparser
import rispy
from bibtexparser import model as bib

from ..cite.to_csl import to_csl
from ..load.entry_types import entry_type, subtype
from ..model import Entry, Name
from ..text.dates import iso_date

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}

# Entry fields copied into BibTeX as they are (the rest are either structured or ours).
BIBTEX_FIELDS = ("journal", "booktitle", "eventtitle", "venue", "address", "publisher",
                 "organization", "school", "volume", "number", "pages", "edition", "series",
                 "isbn", "note", "type", "entrysubtype", "eid", "medium", "version",
                 "pagetotal", "doi", "pmid", "url", "urldate", "abstract", "keywords")
LATEX_SPECIALS = re.compile(r"([&%$#_{}])")


def latex_text(value: str) -> str:
    """Unicode text as a BibTeX value: LaTeX specials escaped, Unicode kept (UTF-8)."""
    return LATEX_SPECIALS.sub(r"\\\1", value).replace("~", r"\textasciitilde{}")


def bibtex_name(name: Name) -> str:
    """'von Last, Jr, First' (BibTeX's full form), or a braced corporate name."""
    if name.literal:
        return "{" + latex_text(name.literal) + "}"
    family = " ".join(latex_text(p) for p in (name.particle, name.family) if p)
    given = " ".join(latex_text(p) for p in (name.given, name.dropping) if p)
    return ", ".join(p for p in (family, latex_text(name.suffix), given) if p)


def bibtex_names(names: Iterable[Name], et_al: bool = False) -> str:
    return " and ".join([*map(bibtex_name, names), *(["others"] if et_al else [])])


def bibtex_fields(entry: Entry) -> list[tuple[str, str]]:
    fields = [("author", bibtex_names(entry.authors, entry.et_al)),
              ("editor", bibtex_names(entry.editors)),
              ("translator", bibtex_names(entry.translators)),
              ("title", "{" + latex_text(entry.title) + "}")]
    if entry.date:
        fields.append(("date", "/".join(iso_date(date) for date in (entry.date, entry.date_end)
                                        if date)))
        fields.append(("year", str(entry.date[0])))
    for field in BIBTEX_FIELDS:
        value = entry.get(field)
        if field == "pages":
            value = re.sub(r"\s*[–—]\s*", "--", value)  # BibTeX writes a range as '--'
        fields.append((field, value if field in ("doi", "url") else latex_text(value)))
    fields.append(("programmes", ", ".join(entry.programmes)))
    return [(name, value) for name, value in fields if value]


def to_bibtex(entries: Iterable[Entry]) -> str:
    library = bibtexparser.Library([
        bib.Entry(entry.bibtype, entry.key,
                  [bib.Field(name, value) for name, value in bibtex_fields(entry)])
        for entry in entries])
    return bibtexparser.write_string(library)


class PlainRisWriter(rispy.RisWriter):
    """RIS without rispy's '1.' counter line, which some reference managers trip on."""

    def set_header(self, count: int) -> str:
        return ""


def ris_type(entry: Entry) -> str:
    if entry.kind == "presentation":
        return "CPAPER"
    found = subtype(entry.bibtype, entry.get("entrysubtype") or entry.get("type"))
    return found.ris if found and found.ris else entry_type(entry.bibtype).ris


def ris_record(entry: Entry) -> dict:
    pages = re.split(r"\s*[–—-]+\s*", entry.get("pages"), maxsplit=1)
    record = {
        "type_of_reference": ris_type(entry),
        "id": entry.key,
        "authors": [name.literal or ", ".join(p for p in (f"{name.particle} {name.family}"
                    .strip(), name.given) if p) for name in entry.authors],
        "primary_title": entry.title,
        "secondary_title": entry.get("journal") or entry.get("booktitle")
        or entry.get("eventtitle") or entry.get("organization"),
        "year": str(entry.year or ""),
        "date": iso_date(entry.date).replace("-", "/"),  # RIS writes 2023/07/05
        "volume": entry.get("volume"), "number": entry.get("number"),
        "start_page": pages[0], "end_page": pages[1] if len(pages) > 1 else "",
        "doi": entry.get("doi"), "urls": [entry.get("url")] if entry.get("url") else [],
        "abstract": entry.get("abstract"), "publisher": entry.get("publisher"),
        "place_published": entry.get("venue") or entry.get("address"),
        "keywords": [k.strip() for k in re.split(r"[,;]", entry.get("keywords")) if k.strip()],
        "notes": [entry.get("note")] if entry.get("note") else [],
    }
    return {key: value for key, value in record.items() if value}


def to_ris(entries: Iterable[Entry]) -> str:
    return rispy.dumps([ris_record(entry) for entry in entries], implementation=PlainRisWriter)


def unescaped(value: object) -> object:
    """CSL-JSON for other programs holds text, not the HTML escapes made for citeproc-py."""
    if isinstance(value, str):
        return html.unescape(value)
    if isinstance(value, list):
        return [unescaped(item) for item in value]
    if isinstance(value, dict):
        return {key: unescaped(item) for key, item in value.items()}
    return value


def to_csl_json(entries: Iterable[Entry]) -> str:
    items = [unescaped(to_csl(entry, entry.key)) for entry in entries]
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


WRITERS = {"bib": to_bibtex, "ris": to_ris, "json": to_csl_json}


def export_files(stem: str, entries: list[Entry]) -> dict[str, str]:
    """`stem.bib`, `stem.ris` and `stem.json` for these entries."""
    return {f"{stem}.{extension}": WRITERS[extension](entries) for extension in FORMATS}
