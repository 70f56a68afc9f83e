"""The data every stage shares: frozen records that know where they came from."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

# What a build put off keeping for the next one (parsed files, pages), for its caller to
# run when it has time: pipeline.keep.
Later = list[Callable[[], None]]


@dataclass(frozen=True, order=True)
class Source:
    """A place in a content file: path relative to the project, 1-based line."""

    path: str
    line: int = 0

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class Severity(str, Enum):
    ERROR = "error"  # fails every build
    WARNING = "warning"  # fails `--strict` builds
    NOTE = "note"  # an acknowledged gap: listed, never fails

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "note": 2}[self.value]


@dataclass(frozen=True, order=True)
class Problem:
    source: Source
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.source}: {self.severity.value}: {self.message}"


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Partner:
    name: str
    url: str = ""
    short_name: str = ""  # what people also call it ("QPR"): search finds its outputs by it


@dataclass(frozen=True)
class Image:
    src: str
    alt: str


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""


@dataclass(frozen=True)
class Settings:
    title: str
    description: str = ""
    citation_style: str = "medic-vancouver"
    locale: str = "en-GB"
    contact: Contact = field(default_factory=Contact)
    source: Source = Source("content/site.yml", 1)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    variants: tuple[str, ...] = ()
    role: str = ""
    orcid: str = ""
    url: str = ""
    affiliation: str = ""  # a partner's organisation; "" for the group's own people
    source: Source = Source("")

    @property
    def member(self) -> bool:
        return not self.affiliation


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    summary: str
    description: str = ""
    short_title: str = ""
    status: str = ""
    order: int = 1000
    leads: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    partners: tuple[Partner, ...] = ()
    links: tuple[Link, ...] = ()
    known_gaps: tuple[str, ...] = ()
    source: Source = Source("")
    field_lines: tuple[tuple[str, int], ...] = ()

    @property
    def label(self) -> str:
        return self.short_title or self.title


@dataclass(frozen=True)
class Output:
    id: str
    title: str
    kind: str
    summary: str = ""
    programmes: tuple[str, ...] = ()
    year: int | None = None
    partners: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    links: tuple[Link, ...] = ()
    image: Image | None = None
    known_gaps: tuple[str, ...] = ()
    source: Source = Source("")
    field_lines: tuple[tuple[str, int], ...] = ()


# Han, kana and Hangul: names written in them are family name then given name, unspaced.
CJK = re.compile("[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff"
                 "\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True)
class Name:
    """One author as BibTeX gives it, decoded to Unicode."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""  # a brace-protected corporate name, kept whole
    dropping: str = ""  # a particle sorted and shown after the given name (CSL-JSON only)

    @property
    def display(self) -> str:
        if self.literal:
            return self.literal
        if CJK.search(self.family + self.given):
            return self.family + self.given  # 王小明: whole, family name first
        initials = "".join(part[0] for part in self.given.replace(".", " ").split() if part)
        return " ".join(p for p in (self.particle, self.family, initials) if p)


@dataclass(frozen=True)
class Entry:
    """A publication or presentation read from BibTeX."""

    key: str
    bibtype: str  # the @type, lower-case
    kind: str  # "publication" or "presentation"
    title: str
    authors: tuple[Name, ...] = ()
    et_al: bool = False  # the author list ended with "and others"
    editors: tuple[Name, ...] = ()
    translators: tuple[Name, ...] = ()
    year: int | None = None
    date: tuple[int, ...] = ()  # (year[, month[, day]])
    date_end: tuple[int, ...] = ()  # the end of a range, like a conference's last day
    date_literal: str = ""  # a date given as words where there is no date ("in press")
    fields: tuple[tuple[str, str], ...] = ()  # other decoded fields, sorted
    programmes: tuple[str, ...] = ()
    known_gaps: tuple[str, ...] = ()
    source: Source = Source("")
    field_lines: tuple[tuple[str, int], ...] = ()

    def get(self, name: str, default: str = "") -> str:
        return dict(self.fields).get(name, default)

    def line_of(self, name: str) -> int:
        return dict(self.field_lines).get(name, self.source.line)


@dataclass(frozen=True)
class Site:
    settings: Settings
    people: tuple[Person, ...] = ()
    programmes: tuple[Programme, ...] = ()
    outputs: tuple[Output, ...] = ()
    entries: tuple[Entry, ...] = ()
    # Content files with an error, whose records may be missing: ids they would define are
    # not reported again as unknown where they are used.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class Formatted:
    """One entry's citation: HTML with links, and the same as plain text."""

    html: str
    text: str
