"""An export (BibTeX, RIS, MEDLINE or CSL-JSON text) -> the Records `showcase add` writes.

Each record of the text becomes either a ``Converted`` (the same ``Record`` a DOI or PMID
lookup gives, so the same writer, key scheme and duplicate check apply) or a Problem with
the record's 1-based line and what to do. The format is told from the text itself; the
file's suffix only decides when the text does not.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from ..load import entry_types
from ..load.bibtex import load_bibtex_text
from ..load.csl_json import item_lines
from ..load.medline import TaggedRecord, load_medline_text
from ..load.ris import RisRecord, load_ris_text
from ..model import Entry, Name, Problem, Severity, Source
from ..text.doi import bare_doi, is_doi
from .lookup import FetchError, Person, Record, page_range, pubmed_date, record_from_csl

FORMATS = ("bibtex", "ris", "medline", "csl-json")
SUFFIXES = {".bib": "bibtex", ".bibtex": "bibtex", ".ris": "ris", ".nbib": "medline",
            ".medline": "medline", ".json": "csl-json"}
BIBTEX_START = re.compile(r"(?m)^\s*@\s*[A-Za-z]+\s*[{(]")
RIS_MARK = re.compile(r"(?m)^(?:TY|ER)  -")
MEDLINE_TAG = re.compile(r"(?m)^(?:PMID- |[A-Z]{2}  - |[A-Z]{3} - |[A-Z]{4}- )")
WEB_ADDRESS = re.compile(r"https?://[^\s{}\\\"]+")
INITIALS = re.compile(r"[A-Z]{2,3}")
NO_TITLE = "it has no title; add one ({tag}) and try again, or add the entry by hand"


@dataclass(frozen=True)
class Converted:
    record: Record
    source: Source
    notes: tuple[str, ...] = ()  # what the line that reports it should say too
    programmes: tuple[str, ...] = ()  # those a BibTeX entry names itself


def detect_format(text: str, name: str = "") -> str | None:
    """'bibtex', 'ris', 'medline' or 'csl-json' from the text; else from the suffix."""
    if text.lstrip().startswith(("[", "{")):
        return "csl-json"
    for pattern, found in ((BIBTEX_START, "bibtex"), (RIS_MARK, "ris"),
                           (MEDLINE_TAG, "medline")):
        if pattern.search(text):
            return found
    return SUFFIXES.get(PurePath(name).suffix.lower())


def convert_text(text: str, form: str, shown_as: str) -> tuple[list[Converted],
                                                                list[Problem]]:
    return READERS[form](text, shown_as)


def plain(value: object) -> str:
    text = " ".join(value) if isinstance(value, list) else value
    return re.sub(r"\s+", " ", text).strip() if isinstance(text, str) else ""


def without_final_period(title: str) -> str:
    """PubMed ends every title with a full stop that is not part of it."""
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def comma_person(name: str) -> Person | None:
    """'Dutta, Nina' or 'Fisher, LA' (RIS, MEDLINE's FAU); a name without a comma is an
    organisation, kept whole."""
    family, _, given = (part.strip() for part in name.partition(","))
    given = given.split(",")[0].strip()
    if INITIALS.fullmatch(given):
        given = " ".join(given)
    if not family:
        return None
    return Person(family=family, given=given) if _ else Person(literal=family)


def type_note(kind: str, name: str, csl: str | None) -> tuple[str, tuple[str, ...]]:
    """The CSL type, and a note when the table has no row for the source's type."""
    if csl is not None:
        return csl, ()
    said = f"{kind} type '{name}' has no entry type of its own" if name else \
        f"it gives no {kind} type"
    return "document", (f"{said}: written as @misc; change the @type if another fits",)


def subtype_of(csl: str) -> str:
    """The entrysubtype a CSL type is written with: 'newspaper' for a newspaper article."""
    return (entry_types.from_crossref(csl) or ("", ""))[1]


# ---- RIS --------------------------------------------------------------------------------

CONTAINERS = ("secondary_title", "alternate_title3", "journal_name", "alternate_title2",
              "alternate_title1")  # T2, JF, JO, JA, J2: full names before abbreviations
NO_CONTAINER = {"BOOK", "THES", "RPRT"}  # T2 is a series there, not where it appeared


def from_ris(text: str, shown_as: str) -> tuple[list[Converted], list[Problem]]:
    records, problems = load_ris_text(text, shown_as)
    converted = []
    for record in records:
        found = ris_record(record)
        converted += [found] if isinstance(found, Converted) else []
        problems += [found] if isinstance(found, Problem) else []
    return converted, sorted(problems, key=lambda p: p.source.line)


def ris_record(ris: RisRecord) -> Converted | Problem:
    fields = ris.fields
    title = without_final_period(plain(fields.get("title") or fields.get("primary_title")))
    if not title:
        return Problem(ris.source, NO_TITLE.format(tag="TI  - "))
    kind = plain(fields.get("type_of_reference"))
    csl, notes = type_note("RIS", kind, entry_types.from_ris(kind))
    urls = [u for u in fields.get("urls") or [] if isinstance(u, str)]
    doi = bare_doi(plain(fields.get("doi"))) or next(
        (bare_doi(u) for u in urls if is_doi(bare_doi(u))), "")
    return Converted(Record(
        csl_type=csl, title=title, doi=doi if is_doi(doi) else "",
        authors=tuple(p for p in map(comma_person, ris_names(fields)) if p),
        container="" if kind in NO_CONTAINER else next(
            (plain(fields[name]) for name in CONTAINERS if plain(fields.get(name))), ""),
        publisher=plain(fields.get("publisher")), date=ris_date(fields),
        volume=plain(fields.get("volume")), issue=plain(fields.get("number")),
        pages=ris_pages(fields), url=next((u for u in urls if WEB_ADDRESS.fullmatch(u)
                                           and not is_doi(bare_doi(u))), ""),
        extra=(("abstract", plain(fields.get("abstract") or fields.get("notes_abstract"))),
               ("entrysubtype", subtype_of(csl))),
    ), ris.source, notes)


def ris_names(fields: dict) -> list[str]:
    return [plain(name) for name in (fields.get("authors") or fields.get("first_authors")
                                     or []) if plain(name)]


def ris_date(fields: dict) -> tuple[int, ...]:
    """DA, PY or Y1: '2022', '2022/02/15', '2011/06/27/', '2014//'."""
    for name in ("date", "year", "publication_year"):
        match = re.match(r"^(\d{4})(?:[/-](\d{1,2}))?(?:[/-](\d{1,2}))?", plain(fields.get(name)))
        if match:
            return tuple(int(part) for part in match.groups() if part)
    return ()


def ris_pages(fields: dict) -> str:
    first, last = plain(fields.get("start_page")), plain(fields.get("end_page"))
    return page_range(f"{first}-{last}" if first and last else first or last)


# ---- MEDLINE ----------------------------------------------------------------------------

PUBLICATION_TYPES = {"Preprint": "article", "Dataset": "dataset"}  # PT -> CSL type


def from_medline(text: str, shown_as: str) -> tuple[list[Converted], list[Problem]]:
    records, problems = load_medline_text(text, shown_as)
    converted = []
    for record in records:
        found = medline_record(record)
        converted += [found] if isinstance(found, Converted) else []
        problems += [found] if isinstance(found, Problem) else []
    return converted, sorted(problems, key=lambda p: p.source.line)


def medline_record(record: TaggedRecord) -> Converted | Problem:
    title = without_final_period(record.first("TI", "BTI"))
    if not title:
        return Problem(record.source, NO_TITLE.format(tag="TI  - "))
    journal = record.first("JT", "TA")
    csl = next((PUBLICATION_TYPES[pt] for pt in record.all("PT") if pt in PUBLICATION_TYPES),
               "article-journal" if journal else "document")
    return Converted(Record(
        csl_type=csl, title=title, authors=medline_authors(record), container=journal,
        date=pubmed_date(record.first("DP")), volume=record.first("VI"),
        issue=record.first("IP"), pages=page_range(record.first("PG") or next(
            (lid for lid in record.all("LID") if "[" not in lid), "")),
        doi=next((bare_doi(v[:-5].strip()) for v in record.all("LID") + record.all("AID")
                  if v.endswith("[doi]")), ""),
        pmid=record.first("PMID"),
        extra=(("pmcid", record.first("PMC")), ("abstract", record.first("AB"))),
    ), record.source)


def medline_authors(record: TaggedRecord) -> tuple[Person, ...]:
    """FAU ('Dutta, Nina') where given, else AU ('Dutta N'); then CN, a group's name."""
    people = [comma_person(name) for name in record.all("FAU")] or [
        comma_person(", ".join(name.rsplit(" ", 1))) for name in record.all("AU")]
    return tuple(p for p in people if p) + tuple(Person(literal=n) for n in record.all("CN"))


# ---- CSL-JSON ---------------------------------------------------------------------------


def from_csl_json(text: str, shown_as: str) -> tuple[list[Converted], list[Problem]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(Source(shown_as, error.lineno), "this is not valid JSON: "
                            f"{error.msg}; CSL-JSON is a list of items like "
                            '[{"type": "article-journal", "title": …}]')]
    items, lines = ([data], [1]) if isinstance(data, dict) else (data, None)
    if not isinstance(items, list):
        return [], [Problem(Source(shown_as, 1), "CSL-JSON must be a list of items "
                            f"([{{…}}, …]) or one item ({{…}}), found a {type(data).__name__}")]
    converted, problems = [], []
    for item, line in zip(items, lines or item_lines(text), strict=True):
        found = csl_record(item, Source(shown_as, line))
        converted += [found] if isinstance(found, Converted) else []
        problems += [found] if isinstance(found, Problem) else []
    return converted, problems


def csl_record(item: object, source: Source) -> Converted | Problem:
    if not isinstance(item, dict):
        return Problem(source, "a CSL-JSON item must be an object ({\"type\": …, "
                       "\"title\": …})")
    try:
        record = record_from_csl(item)
    except FetchError:
        return Problem(source, NO_TITLE.format(tag='"title"'))
    kind = plain(item.get("type")) if isinstance(item.get("type"), str) else ""
    csl, notes = type_note("CSL", kind, kind if entry_types.from_crossref(kind) else None)
    url = plain(item.get("URL"))
    return Converted(replace(record, csl_type=csl,
                             url=url if WEB_ADDRESS.fullmatch(url) else "",
                             extra=(("abstract", plain(item.get("abstract"))),
                                    ("entrysubtype", subtype_of(csl)))),
                     source, notes)


# ---- BibTeX -----------------------------------------------------------------------------

USED = {"journal", "journaltitle", "booktitle", "organization", "howpublished", "publisher",
        "institution", "school", "volume", "number", "pages", "doi", "pmid", "url",
        "entrysubtype", "year", "month", "date"}


def from_bibtex(text: str, shown_as: str) -> tuple[list[Converted], list[Problem]]:
    """Each entry that reads with no error and has a title; the loader's errors stand for
    the entries they are in (or that did not read), its warnings go with the entry's line."""
    entries, problems = load_bibtex_text(text, shown_as)
    owners = {line: entry.source.line for entry in entries
              for line in (entry.source.line, *dict(entry.field_lines).values())}
    said: dict[int, list[Problem]] = {}
    for problem in problems:
        said.setdefault(owners.get(problem.source.line, 0), []).append(problem)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    converted = []
    for entry in entries:
        mine = said.get(entry.source.line, [])
        if any(p.severity is Severity.ERROR for p in mine):
            continue  # reported by its error
        if not entry.title:
            errors.append(Problem(entry.source, NO_TITLE.format(tag="title = {…}")))
        else:
            converted.append(bibtex_record(entry, [p.message for p in mine]))
    return converted, sorted(errors, key=lambda p: p.source.line)


def bibtex_record(entry: Entry, notes: list[str]) -> Converted:
    row = entry_types.entry_type(entry.bibtype)
    found = entry_types.subtype(entry.bibtype, entry.get("entrysubtype"))
    csl = found.csl if found else row.csl
    written = (entry_types.from_csl(csl) or ("misc", ""))[0]
    extra = tuple((name, value) for name, value in entry.fields if name not in USED)
    extra += (("known_gaps", ", ".join(entry.known_gaps)),)
    said = [f"written as @{written}, not @{entry.bibtype}"] if written != entry.bibtype else []
    return Converted(Record(
        csl_type=csl, title=entry.title, authors=tuple(map(bibtex_person, entry.authors)) + (
            (Person(family="others"),) if entry.et_al else ()),
        container=entry.get(row.container) or entry.get("journal") or entry.get("booktitle"),
        publisher=entry.get(row.publisher) if row.publisher else "",
        date=entry.date or ((entry.year,) if entry.year else ()), volume=entry.get("volume"),
        issue=entry.get("number"), pages=page_range(entry.get("pages")),
        doi=entry.get("doi"), pmid=entry.get("pmid"), url=entry.get("url"), extra=extra,
    ), entry.source, (*said, *notes), entry.programmes)


def bibtex_person(name: Name) -> Person:
    if name.literal:
        return Person(literal=name.literal)
    family = " ".join(part for part in (name.particle, name.family) if part)
    return Person(family=family, given=name.given)


READERS = {"bibtex": from_bibtex, "ris": from_ris, "medline": from_medline,
           "csl-json": from_csl_json}
