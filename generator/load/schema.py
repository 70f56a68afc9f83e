"""Declared shapes of every YAML content file, checked before anything else runs.

Each shape is declared here once: its fields in the order files are written, each field's
type, default and whether it is required, and the note for editors that ``showcase new``
writes above it (``edit/skeletons.py``). The kinds of option are in ``options.py``.
"""

from __future__ import annotations

import re

from .options import (
    Choice,
    Integer,
    Invalid,
    ListOf,
    Option,
    Record,
    Text,
    line_of,
)

__all__ = ["Invalid", "ListOf", "Option", "Record", "line_of"]

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
URL_PATTERN = re.compile(r"^(https?://[^\s]+|mailto:[^\s]+)$")
ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

OUTPUT_KINDS = ("video", "support-pack", "workshop", "leaflet", "poster", "website", "other")
PROGRAMME_STATUSES = ("active", "past")


def identifier(required: bool = False, help: str = "") -> Text:
    return Text(required=required, pattern=ID_PATTERN, help=help,
                expected="an id of lower-case letters, digits and hyphens (like 'watcch')")


def url(required: bool = False, help: str = "") -> Text:
    return Text(required=required, pattern=URL_PATTERN, help=help,
                expected="a web address starting with http://, https:// or mailto:")


LINK = Record(shape={"title": Text(required=True), "url": url(required=True)})
PARTNER = Record(shape={"name": Text(required=True), "url": url(),
                        "short_name": Text(help="The name people also know it by, like "
                                           "'QPR'; search finds its outputs by it too.")})
IMAGE = Record(shape={"src": Text(required=True), "alt": Text(required=True)})
KNOWN_GAPS_HELP = "Fields the source does not give, like [{gaps}]."

SITE = {
    "title": Text(required=True),
    "description": Text(),
    "citation_style": Text(default="medic-vancouver"),
    "locale": Text(default="en-GB", pattern=re.compile(r"^[a-z]{2}(-[A-Z]{2})?$"),
                   expected="a locale like 'en-GB'"),
    "contact": Record(default={}, shape={
        "name": Text(),
        "email": Text(pattern=EMAIL_PATTERN, expected="an email address"),
    }),
}

PERSON = {
    "id": identifier(required=True),
    "name": Text(required=True, help="The name as the site shows it, with a title if wanted: "
                 "Dr Nina Dutta."),
    "variants": ListOf(item=Text(), help="Every way their name is written in the author lists "
                       "of bibliography/*.bib,\neach in double quotes: "
                       '["Dutta, N.", "Dutta, Nina"].'),
    "role": Text(help="A short description of their role (optional)."),
    "orcid": Text(pattern=ORCID_PATTERN, expected="an ORCID iD like 0000-0002-1825-0097",
                  help="An ORCID iD like 0000-0002-1825-0097, only one you have checked "
                  "(optional)."),
    "url": url(help="A profile page starting with https:// (optional)."),
    "affiliation": Text(help="Only for a partner who is not one of the group's own people: "
                        "their organisation,\nlike UCL. Partners are listed apart (optional)."),
}

# Each person is checked on its own (see load_people), so one mistake costs one person.
PEOPLE_FILE = {"people": ListOf(required=True, item=Option())}

PROGRAMME = {
    "id": identifier(required=True),
    "title": Text(required=True, help="The programme's full name."),
    "short_title": Text(help="A short name for tight spaces, like WATCCH (optional)."),
    "summary": Text(required=True, help="One sentence, shown on the programme's card on the "
                    "home page."),
    "description": Text(help="One to three short paragraphs (optional): write `description: |` "
                        "and put the text\non the lines below, indented by two spaces."),
    "status": Choice(choices=PROGRAMME_STATUSES, help="active or past. If you do not know, "
                     "leave it empty and add status to known_gaps."),
    "order": Integer(default=1000, maximum=100_000, help="A whole number that orders the cards "
                     "on the home page, 1 first (optional)."),
    "leads": ListOf(item=identifier(), help="Ids of people in content/people.yml who lead it, "
                    "like [nina-dutta]."),
    "people": ListOf(item=identifier(), help="Ids of other people involved."),
    "partners": ListOf(item=PARTNER, help="Partner organisations, one per line, each with an "
                       "optional web address and short name:\n  - name: BME (Black and Minority "
                       "Ethnic) Health Forum\n    short_name: BME Health Forum\n"
                       "    url: https://example.org"),
    "links": ListOf(item=LINK, help="Web links, one per line:\n  - title: Project page\n"
                    "    url: https://example.org/project"),
    "known_gaps": ListOf(item=Text(), help=KNOWN_GAPS_HELP.format(gaps="status")),
}

OUTPUT = {
    "id": identifier(required=True),
    "title": Text(required=True, help="A short descriptive title."),
    "kind": Choice(required=True, choices=OUTPUT_KINDS,
                   help=f"One of: {', '.join(OUTPUT_KINDS)}."),
    "summary": Text(help="A few sentences (optional): write `summary: >-` and put the text on "
                    "the lines\nbelow, indented by two spaces."),
    "programmes": ListOf(item=identifier(), help="Ids of the programmes it came from, like "
                         "[community-action-project]."),
    "year": Integer(default=None, minimum=1900, maximum=2100, expected="a 4-digit year",
                    help="The year it was made, four digits. If unknown, leave it empty and add "
                    "year to\nknown_gaps."),
    "partners": ListOf(item=Text(), help="Names of partner organisations, one per line:\n"
                       "  - Queen’s Park Rangers Community Trust"),
    "languages": ListOf(item=Text(), help="The languages it is available in, like [English]. "
                        "If unknown, leave the list\nempty and add languages to known_gaps."),
    "people": ListOf(item=identifier(), help="Ids of people in content/people.yml who were "
                     "involved."),
    "links": ListOf(item=LINK, help="Web links, one per line:\n  - title: Watch the videos\n"
                    "    url: https://example.org/videos"),
    "image": Record(shape=IMAGE.shape, help="A picture (optional): its path inside "
                    "content/pages/ and what it shows:\n  image:\n    src: images/example.png\n"
                    "    alt: What the picture shows, for people who cannot see it"),
    "known_gaps": ListOf(item=Text(), help=KNOWN_GAPS_HELP.format(gaps="year, languages")),
}

# Fields whose absence is a gap that the content may acknowledge in `known_gaps`.
PROGRAMME_RECOMMENDED = ("status",)
OUTPUT_RECOMMENDED = ("year", "languages")
