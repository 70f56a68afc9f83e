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
              gaps=(("journal", ("journal",)), ("doi", ("doi",))), container="journal"),
    EntryType("book", "book", "BOOK", "Book", (("publisher", ("publisher",)),),
              publisher="publisher", from_csl=True),
    EntryType("booklet", "pamphlet", "GEN", "Booklet", from_csl=True),
    EntryType("inbook", "chapter", "CHAP", "Book chapter"),
    EntryType("incollection", "chapter", "CHAP", "Book chapter", container="booktitle",
              publisher="publisher", from_csl=True),
    EntryType("inproceedings", "paper-conference", "CPAPER", "Conference paper",
              (("booktitle", ("booktitle",)),), container="booktitle", presentation=True,
              from_csl=True),
    EntryType("conference", "paper-conference", "CPAPER", "Conference paper",
              (("booktitle", ("booktitle",)),), presentation=True),
    EntryType("proceedings", "book", "CONF", "Conference proceedings"),
    EntryType("manual", "book", "GEN", "Manual"),
    EntryType("phdthesis", "thesis", "THES", "Doctoral thesis", SCHOOL_GAP, publisher="school",
              genre="PhD thesis"),
    EntryType("mastersthesis", "thesis", "THES", "Master's thesis", SCHOOL_GAP,
              publisher="school", genre="Master’s thesis"),
    EntryType("thesis", "thesis", "THES", "Thesis", SCHOOL_GAP, publisher="school",
              from_csl=True),
    EntryType("techreport", "report", "RPRT", "Report", INSTITUTION_GAP, publisher="institution"),
    EntryType("report", "report", "RPRT", "Report", INSTITUTION_GAP, publisher="institution",
              from_csl=True),
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


def entry_type(bibtype: str) -> EntryType:
    """The row of an @type; one not in the table reads as a document, labelled by its name."""
    return TYPES.get(bibtype) or EntryType(bibtype, "document", "GEN", bibtype.capitalize())


def subtype(bibtype: str, name: str) -> Subtype | None:
    return SUBTYPES.get((bibtype, name.lower()))


def from_csl(csl_type: str) -> tuple[str, str] | None:
    """(@type, entrysubtype) for a CSL type; None if there is none."""
    return FROM_CSL.get(csl_type) or FROM_CSL.get(CSL_ALIASES.get(csl_type, ""))


def from_crossref(type_name: str) -> tuple[str, str] | None:
    """(@type, entrysubtype) for a type doi.org gives: a CSL or a Crossref name."""
    return from_csl(CROSSREF_TYPES.get(type_name, type_name))
