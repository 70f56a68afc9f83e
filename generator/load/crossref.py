"""biblatex's inheritance: `crossref` and `xdata` fields, and which entries are not listed.

A child entry inherits from the entry its `crossref` names each field it lacks, by
biblatex's default inheritance table (the biblatex manual, appendix "Default Crossref
Setup"): a parent's `title` becomes an @inproceedings child's `booktitle` (`maintitle`
under an @mv… parent, `journaltitle` under a @periodical), a @book parent's `author` also
its @inbook child's `bookauthor`, every other field as it is. An `xdata` field names @xdata
entries whose fields are copied as they are. Inherited fields carry the line of the
`crossref` or `xdata` field, so that a message about one points where it came from.

Two departures from biblatex, both so that a child is not taken for its parent: fields
that identify or describe the parent work itself (its DOI, PubMed ID, address on the web,
abstract, keywords) and this site's own fields (`programmes`, `known_gaps`) are not
inherited. Entries are looked up in the same file only.

Listed on the site: every entry but @set and @xdata entries (a set groups entries, which
are listed on their own) and a container (@proceedings, @collection, @periodical, @mv…,
@reference) that a crossref names: it is there to be inherited from, not a publication
someone would list for itself. A @book named by a crossref is still listed: it is a book.
"""

from __future__ import annotations

import re

from bibtexparser import model as bib

from ..model import Problem, Source
from .bibtex_fields import canonical

NEVER_INHERITED = {
    "ids", "crossref", "xref", "xdata", "entryset", "entrysubtype", "execute", "label",
    "options", "presort", "related", "relatedoptions", "relatedstring", "relatedtype",
    "shorthand", "shorthandintro", "sortkey",
    # Not biblatex's: the parent's own identity, and this site's fields.
    "doi", "pmid", "url", "urldate", "eprint", "eprinttype", "abstract", "keywords",
    "programmes", "known_gaps",
}
TITLE_FIELDS = ("title", "subtitle", "titleaddon")
UNINHERITED_TITLES = ("shorttitle", "sorttitle", "indextitle", "indexsorttitle")
MAIN, BOOK = ("maintitle", "mainsubtitle", "maintitleaddon"), \
    ("booktitle", "booksubtitle", "booktitleaddon")
# (parent types, child types, where the parent's title, subtitle and titleaddon go).
TITLE_TARGETS = (
    ({"mvbook"}, {"book", "inbook", "bookinbook", "suppbook"}, MAIN),
    ({"mvcollection", "mvreference"}, {"collection", "reference", "incollection",
                                       "inreference", "suppcollection"}, MAIN),
    ({"mvproceedings"}, {"proceedings", "inproceedings"}, MAIN),
    ({"book"}, {"inbook", "bookinbook", "suppbook"}, BOOK),
    ({"collection", "reference"}, {"incollection", "inreference", "suppcollection"}, BOOK),
    ({"proceedings"}, {"inproceedings", "conference"}, BOOK),
    ({"periodical"}, {"article", "suppperiodical"}, ("journaltitle", "journalsubtitle", "")),
)
BOOK_AUTHOR = ({"mvbook", "book"}, {"inbook", "bookinbook", "suppbook"})
CONTAINERS = {"proceedings", "mvproceedings", "collection", "mvcollection", "reference",
              "mvreference", "periodical", "mvbook"}
UNLISTED_TYPES = {"set", "xdata"}
KEY_LIST = re.compile(r"\s*,\s*")


def unlisted(blocks: dict[str, bib.Entry]) -> set[str]:
    """Keys of the entries not listed on their own: sets, @xdata, containers crossref'd."""
    named = {parent_key(child, "crossref").lower() for child in blocks.values()}
    return {key for key, block in blocks.items()
            if block.entry_type.lower() in UNLISTED_TYPES
            or (block.entry_type.lower() in CONTAINERS and key.lower() in named)}


def parent_key(block: bib.Entry, name: str) -> str:
    field = next((f for f in block.fields if f.key.lower() == name), None)
    return str(field.value).strip().strip("{}\"").strip() if field else ""


def inherit(block: bib.Entry, blocks: dict[str, bib.Entry], path: str) -> list[Problem]:
    """The fields ``block`` lacks added from its crossref and xdata parents (in place); a
    problem for each parent that the file does not hold."""
    problems = []
    for name in ("xdata", "crossref"):
        field = next((f for f in block.fields if f.key.lower() == name), None)
        for key in KEY_LIST.split(parent_key(block, name)) if field else ():
            parent = find(blocks, key)
            if parent is None:
                problems.append(missing_parent(block.key, name, key, field, path))
            elif parent is not block:
                add_fields(block, inherited(parent, block, name), field.start_line)
    return problems


def find(blocks: dict[str, bib.Entry], key: str) -> bib.Entry | None:
    return blocks.get(key) or next((b for k, b in blocks.items() if k.lower() == key.lower()),
                                   None)


def missing_parent(key: str, name: str, parent: str, field: bib.Field, path: str) -> Problem:
    return Problem(Source(path, field.start_line + 1), f"entry '{key}': field '{name}' names "
                   f"the entry '{parent}', which this file does not hold; add that entry to "
                   f"this file, or remove the {name}")


def inherited(parent: bib.Entry, child: bib.Entry, how: str) -> list[tuple[str, bib.Field]]:
    """(name in the child, the parent's field) for each field the parent passes on."""
    kinds = (parent.entry_type.lower(), child.entry_type.lower())
    passed = []
    for field in parent.fields:
        name = field.key.lower()
        if name in NEVER_INHERITED:
            continue
        passed += [(target, field) for target in targets(name, kinds, how) if target]
    return passed


def targets(name: str, kinds: tuple[str, str], how: str) -> tuple[str, ...]:
    """The child's names for the parent's field ``name`` (none: not inherited)."""
    if how == "xdata":
        return (name,)
    for parents, children, names in TITLE_TARGETS:
        if kinds[0] in parents and kinds[1] in children:
            if name in TITLE_FIELDS:
                return (names[TITLE_FIELDS.index(name)],)
            if name in UNINHERITED_TITLES:
                return ()
    if name == "author" and kinds[0] in BOOK_AUTHOR[0] and kinds[1] in BOOK_AUTHOR[1]:
        return ("author", "bookauthor")
    return (name,)


def add_fields(block: bib.Entry, fields: list[tuple[str, bib.Field]], line: int) -> None:
    have = {canonical(field.key) for field in block.fields}
    for name, field in fields:
        if canonical(name) not in have:
            block.fields.append(bib.Field(name, field.value, line, field.enclosing))
            have.add(canonical(name))
