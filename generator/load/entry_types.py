"""The one table of entry types: a row per BibTeX @type, read by every stage that needs one.

A row says what the type is called on the site, its CSL and RIS types, the fields whose
absence is a gap the content should fill or acknowledge, where `showcase add` puts a
work's container and publisher, and whether an entry of the type may be a presentation
(a talk or poster, when it names an event). ``SUBTYPES`` holds the CSL types BibTeX writes
as an @type with a biblatex ``entrysubtype``; ``CSL_ALIASES`` and ``CROSSREF_TYPES`` the CSL
and Crossref type names that stand for a type of the table.
"""

from __future__ import annotations

from dataclasses import dataclass

# Fields that say where a work appeared, for types with no field of their own to ask for.
VENUE_FIELDS = ("journal", "booktitle", "publisher", "howpublished", "organization", "eventtitle")
VENUE_GAP = (("venue", VENUE_FIELDS),)
SCHOOL_GAP = (("school", ("school", "organization")),)  # `institution` reads as organization
INSTITUTION_GAP = (("institution", ("organization",)),)
# Google Scholar's tag for where a work appeared, and the fields that fill it, first found.
JOURNAL_TAG = ("citation_journal_title", ("journal",))
CONFERENCE_TAG = ("citation_conference_title", ("booktitle", "eventtitle"))
BOOK_TAG = ("citation_book_title", ("booktitle",))
THESIS_TAG = ("citation_dissertation_institution", ("school", "organization"))
REPORT_TAG = ("citation_technical_report_institution", ("organization", "institution"))


@dataclass(frozen=True)
class EntryType:
    bibtype: str
    csl: str
    ris: str
    label: str
    gaps: tuple[tuple[str, tuple[str, ...]], ...] = VENUE_GAP  # (gap, fields that fill it)
    container: str = "howpublished"  # where `showcase add` writes the container title
    publisher: str = ""  # where `showcase add` writes the publisher
    genre: str = ""  # the genre the @type itself names
    presentation: bool = False  # may be a talk or poster, when it names an event
    from_csl: bool = False  # the @type its CSL type becomes when read from CSL-JSON
    scholar: tuple[str, tuple[str, ...]] = ()  # Google Scholar's container tag, its fields


@dataclass(frozen=True)
class Subtype:
    bibtype: str
    subtype: str  # biblatex's entrysubtype, or a `type` used as one
    csl: str
    ris: str = ""  # "" : the RIS type of the @type
    label: str = ""  # "" : the label of the @type
    from_csl: bool = False


TYPES = {row.bibtype: row for row in (
    EntryType("article", "article-journal", "JOUR", "Journal article", from_csl=True,
              gaps=(("journal", ("journal",)), ("doi", ("doi",))), container="journal",
              scholar=JOURNAL_TAG),
    EntryType("book", "book", "BOOK", "Book", (("publisher", ("publisher",)),),
              publisher="publisher", from_csl=True),
    EntryType("booklet", "pamphlet", "GEN", "Booklet", from_csl=True),
    EntryType("inbook", "chapter", "CHAP", "Book chapter", scholar=BOOK_TAG),
    EntryType("incollection", "chapter", "CHAP", "Book chapter", container="booktitle",
              publisher="publisher", from_csl=True, scholar=BOOK_TAG),
    EntryType("inproceedings", "paper-conference", "CPAPER", "Conference paper",
              (("booktitle", ("booktitle",)),), container="booktitle", presentation=True,
              from_csl=True, scholar=CONFERENCE_TAG),
    EntryType("conference", "paper-conference", "CPAPER", "Conference paper",
              (("booktitle", ("booktitle",)),), presentation=True, scholar=CONFERENCE_TAG),
    EntryType("proceedings", "book", "CONF", "Conference proceedings"),
    EntryType("manual", "book", "GEN", "Manual"),
    EntryType("phdthesis", "thesis", "THES", "Doctoral thesis", SCHOOL_GAP, publisher="school",
              genre="PhD thesis", scholar=THESIS_TAG),
    EntryType("mastersthesis", "thesis", "THES", "Master's thesis", SCHOOL_GAP,
              publisher="school", genre="Master’s thesis", scholar=THESIS_TAG),
    EntryType("thesis", "thesis", "THES", "Thesis", SCHOOL_GAP, publisher="school",
              from_csl=True, scholar=THESIS_TAG),
    EntryType("techreport", "report", "RPRT", "Report", INSTITUTION_GAP, publisher="institution",
              scholar=REPORT_TAG),
    EntryType("report", "report", "RPRT", "Report", INSTITUTION_GAP, publisher="institution",
              from_csl=True, scholar=REPORT_TAG),
    EntryType("unpublished", "manuscript", "UNPB", "Unpublished work", presentation=True,
              from_csl=True),
    EntryType("online", "webpage", "ELEC", "Online article", container="organization",
              from_csl=True),
    EntryType("misc", "document", "GEN", "Other", publisher="publisher", presentation=True,
              from_csl=True),
    EntryType("preprint", "article", "JOUR", "Preprint", from_csl=True),
    EntryType("dataset", "dataset", "DATA", "Dataset", from_csl=True),
    EntryType("video", "motion_picture", "VIDEO", "Video", from_csl=True),
    EntryType("movie", "motion_picture", "VIDEO", "Video"),
    EntryType("legislation", "legislation", "STAT", "Legislation", from_csl=True),
    EntryType("patent", "patent", "PAT", "Patent", from_csl=True),
    EntryType("interview", "interview", "GEN", "Interview", from_csl=True),
    EntryType("inreference", "entry-encyclopedia", "ENCYC", "Reference entry", from_csl=True),
)}

SUBTYPES = {(row.bibtype, row.subtype): row for row in (
    Subtype("article", "newspaper", "article-newspaper", "NEWS", "Newspaper article", True),
    Subtype("article", "magazine", "article-magazine", "MGZN", "Magazine article", True),
    Subtype("article", "newspaper article", "article-newspaper", "NEWS", "Newspaper article"),
    Subtype("article", "magazine article", "article-magazine", "MGZN", "Magazine article"),
    Subtype("inreference", "dictionary", "entry-dictionary", from_csl=True),
    Subtype("online", "post", "post", from_csl=True),
)}

# CSL types with no row of their own -> the CSL type they are read as.
CSL_ALIASES = {"post-weblog": "webpage", "speech": "document"}
# The type names doi.org's registration agencies give (Crossref's) -> the CSL type.
CROSSREF_TYPES = {
    "journal-article": "article-journal", "proceedings-article": "paper-conference",
    "monograph": "book", "edited-book": "book", "book-chapter": "chapter",
    "dissertation": "thesis", "posted-content": "webpage",
}

UNKNOWN = EntryType("", "document", "GEN", "")
PRESENTATION_TYPES = frozenset(t.bibtype for t in TYPES.values() if t.presentation)
GENRES = {t.bibtype: t.genre for t in TYPES.values() if t.genre}
FROM_CSL = {t.csl: (t.bibtype, "") for t in TYPES.values() if t.from_csl}
FROM_CSL |= {s.csl: (s.bibtype, s.subtype) for s in SUBTYPES.values() if s.from_csl}
CSL_NAMES = tuple(sorted({*FROM_CSL, *(name for name, csl in CSL_ALIASES.items()
                                      if csl in FROM_CSL)}))
# RIS type -> CSL type, read back from the rows' `ris` column: the first row read from
# CSL-JSON wins (JOUR is an article, not a preprint), then the other rows; GEN, the generic
# type, is the unknown row's (a document, so @misc). A RIS type with no row has no entry.
FROM_RIS = {UNKNOWN.ris: UNKNOWN.csl}
for _row in sorted((*TYPES.values(), *SUBTYPES.values()), key=lambda row: not row.from_csl):
    FROM_RIS.setdefault(_row.ris or TYPES[_row.bibtype].ris, _row.csl)


def entry_type(bibtype: str) -> EntryType:
    """The row of an @type; one not in the table reads as a document, labelled by its name."""
    return TYPES.get(bibtype) or EntryType(bibtype, "document", "GEN", bibtype.capitalize())


def subtype(bibtype: str, name: str) -> Subtype | None:
    return SUBTYPES.get((bibtype, name.lower()))


def from_csl(csl_type: str) -> tuple[str, str] | None:
    """(@type, entrysubtype) for a CSL type; None if there is none."""
    return FROM_CSL.get(csl_type) or FROM_CSL.get(CSL_ALIASES.get(csl_type, ""))


def from_ris(ris_type: str) -> str | None:
    """The CSL type a RIS `TY` stands for; None if the table has no row for it."""
    return FROM_RIS.get(ris_type.strip().upper())


def from_crossref(type_name: str) -> tuple[str, str] | None:
    """(@type, entrysubtype) for a type doi.org gives: a CSL or a Crossref name."""
    return from_csl(CROSSREF_TYPES.get(type_name, type_name))
