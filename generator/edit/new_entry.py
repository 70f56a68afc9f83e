"""A fetched Record -> one clean BibTeX entry: its key, its fields in LaTeX, and the entry
already in the bibliography it would duplicate, if any. Used by `showcase add`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..checks.records import normalised_title
from ..load.entry_types import entry_type, from_crossref
from ..model import Entry
from ..text.dates import MONTH_ABBREVIATIONS, iso_date
from ..text.doi import doi_key
from ..text.latex import escape_latex
from .bibtex_writer import protect_acronyms, write_entry
from .lookup import Person, Record

LEADING_ARTICLES = {"a", "an", "the"}


def bibtex_type(record: Record) -> str:
    """The @type for the CSL or Crossref type doi.org gave (its subtype is not written)."""
    return (from_crossref(record.csl_type) or ("misc", ""))[0]


def initials(given: str) -> str:
    """'Mary Elizabeth' -> 'M. E.'; 'W.A.' -> 'W. A.'; 'Jean-Pierre' -> 'J.-P.'."""
    words = [w for w in re.split(r"[\s.]+", given) if w]
    return " ".join("-".join(f"{part[0]}." for part in word.split("-") if part)
                    for word in words)


def author_name(person: Person) -> str:
    """`Family, I. I.` as the content guide asks; an organisation in braces, kept whole."""
    if person.literal:
        return "{" + escape_latex(person.literal) + "}"
    family = escape_latex(person.family)
    family = "{" + family + "}" if "," in person.family else family
    given = initials(person.given)
    return f"{family}, {escape_latex(given)}" if given else family


def date_fields(date: tuple[int, ...]) -> list[tuple[str, str]]:
    """A full date as `date`; a year and month as `year` and `month`; a year alone."""
    if len(date) >= 3:
        return [("date", "{" + iso_date(date[:3]) + "}")]
    fields = [("year", "{" + f"{date[0]:04d}" + "}")] if date else []
    if len(date) == 2 and 1 <= date[1] <= 12:
        fields.append(("month", "{" + MONTH_ABBREVIATIONS[date[1] - 1] + "}"))
    return fields


def braced(text: str) -> str:
    return "{" + text + "}"


def entry_fields(record: Record, programmes: Iterable[str]) -> list[tuple[str, str]]:
    bibtype = bibtex_type(record)
    fields = [("author", braced(" and ".join(map(author_name, record.authors))))] \
        if record.authors else []
    fields.append(("title", braced(protect_acronyms(escape_latex(record.title)))))
    row = entry_type(bibtype)
    if record.container:
        fields.append((row.container, braced(escape_latex(record.container))))
    if record.publisher and row.publisher:
        fields.append((row.publisher, braced(escape_latex(record.publisher))))
    fields += date_fields(record.date)
    fields += [(name, braced(escape_latex(value))) for name, value in
               (("volume", record.volume), ("number", record.issue)) if value]
    if record.pages:
        fields.append(("pages", braced("--".join(map(escape_latex,
                                                     record.pages.split("--"))))))
    fields += [(name, braced(value)) for name, value in
               (("doi", record.doi), ("pmid", record.pmid),
                ("url", "" if record.doi else record.url)) if value]
    fields += [(name, braced(escape_latex(value))) for name, value in record.extra if value]
    programmes = ", ".join(programmes)
    return fields + ([("programmes", braced(programmes))] if programmes else [])


def ascii_word(text: str) -> str:
    """Lower-case ASCII letters and digits only: 'Müller-Lyer' -> 'mullerlyer'."""
    folded = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", folded.encode("ascii", "ignore").decode().lower())


def key_base(record: Record) -> str:
    """familyYEARfirstword: `dutta2022watcch`; A, An and The are not first words."""
    first = record.authors[0] if record.authors else Person(family="anon")
    family = ascii_word(first.family or first.literal.split(" ")[0]) or "anon"
    year = str(record.date[0]) if record.date else ""
    words = [w for w in re.findall(r"[^\W_]+", re.sub(r"<[^>]+>", " ", record.title))]
    words = [w for w in words if w.casefold() not in LEADING_ARTICLES] or words
    return family + year + (ascii_word(words[0]) if words else "")


def make_key(record: Record, taken: set[str]) -> str:
    """The key, with a, b, c… added if another entry already uses it."""
    base = key_base(record)
    if base not in taken:
        return base
    for suffix in map(chr, range(ord("a"), ord("z") + 1)):
        if base + suffix not in taken:
            return base + suffix
    raise ValueError(f"every key from {base}a to {base}z is taken")


def make_entry(record: Record, programmes: Iterable[str], taken: set[str]) -> tuple[str, str]:
    """(key, entry text) in the canonical style."""
    key = make_key(record, taken)
    return key, write_entry(bibtex_type(record), key, entry_fields(record, programmes))


def find_duplicate(new: Entry, entries: Iterable[Entry]) -> tuple[Entry, str] | None:
    """An existing entry with the same DOI or PMID, or of the same kind with nearly the same
    title, and what they share."""
    for entry in entries:
        for name, label in (("doi", "DOI"), ("pmid", "PubMed ID")):
            if new.get(name) and doi_key(new.get(name)) == doi_key(entry.get(name)):
                return entry, f"the same {label}"
        if entry.kind == new.kind and normalised_title(entry.title) == normalised_title(
                new.title):
            return entry, "nearly the same title"
    return None
