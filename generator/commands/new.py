"""`showcase new programme|output|person`: a commented skeleton to fill in.

A programme or output gets a file of its own, `content/<folder>/<id>.yml`; a person is
appended to the list in `content/people.yml`. Nothing is ever overwritten. Required values
are left empty, so `showcase check` names each one until it is filled in.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from ..load.schema import ID_PATTERN, OUTPUT_KINDS
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "new"
HELP = "write a commented skeleton for a new programme, output or person to fill in"
KINDS = ("programme", "output", "person")

PROGRAMME = """\
# A programme. Fill in the value after each colon, then run `showcase check`.
# Lines starting with # are notes for editors and never appear on the site.
# Field reference: docs/content-guide.md, section "Programmes".
id: {id}
# The programme's full name.
title:
# A short name for tight spaces, like WATCCH (optional).
short_title:
# One sentence, shown on the programme's card on the home page.
summary:
# One to three short paragraphs (optional): write `description: |` and put the text
# on the lines below, indented by two spaces.
description:
# active or past. If you do not know, leave it empty and add status to known_gaps.
status:
# A whole number that orders the cards on the home page, 1 first (optional).
order:
# Ids of people in content/people.yml who lead it, like [nina-dutta].
leads: []
# Ids of other people involved.
people: []
# Partner organisations, one per line, each with an optional web address:
#   - name: BME (Black and Minority Ethnic) Health Forum
#     url: https://example.org
partners: []
# Web links, one per line:
#   - title: Project page
#     url: https://example.org/project
links: []
# Fields the source does not give, like [status].
known_gaps: []
"""

OUTPUT = """\
# An output of a programme. Fill in the value after each colon, then run
# `showcase check`. Lines starting with # are notes for editors.
# Field reference: docs/content-guide.md, section "Outputs".
id: {id}
# A short descriptive title.
title:
# One of: {kinds}.
kind:
# A few sentences (optional): write `summary: >-` and put the text on the lines
# below, indented by two spaces.
summary:
# Ids of the programmes it came from, like [community-action-project].
programmes: []
# The year it was made, four digits. If unknown, leave it empty and add year to
# known_gaps.
year:
# Names of partner organisations, one per line:
#   - Queen’s Park Rangers Community Trust
partners: []
# The languages it is available in, like [English]. If unknown, leave the list
# empty and add languages to known_gaps.
languages: []
# Ids of people in content/people.yml who were involved.
people: []
# Web links, one per line:
#   - title: Watch the videos
#     url: https://example.org/videos
links: []
# A picture (optional): its path inside content/pages/ and what it shows:
#   image:
#     src: images/example.png
#     alt: What the picture shows, for people who cannot see it
# Fields the source does not give, like [year, languages].
known_gaps: []
"""

PERSON = """\
{indent}# A person. Fill in the value after each colon, then run `showcase check`.
{indent}- id: {id}
{indent}  # The name as the site shows it, with a title if wanted: Dr Nina Dutta.
{indent}  name:
{indent}  # Every way their name is written in the author lists of bibliography/*.bib,
{indent}  # each in double quotes: ["Dutta, N.", "Dutta, Nina"].
{indent}  variants: []
{indent}  # A short description of their role (optional).
{indent}  role:
{indent}  # An ORCID iD like 0000-0002-1825-0097, only one you have checked (optional).
{indent}  orcid:
{indent}  # A profile page starting with https:// (optional).
{indent}  url:
"""


class Refusal(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kind", choices=KINDS, help="what to make a skeleton for")
    parser.add_argument("--id", help="its id: lower-case letters, digits and hyphens, like "
                        "'community-action-project' (default: new-<kind>)")
    add_root_argument(parser)


def run(arguments: argparse.Namespace) -> int:
    ident = arguments.id or f"new-{arguments.kind}"
    try:
        if not ID_PATTERN.match(ident):
            raise Refusal(f"the id must be lower-case letters, digits and hyphens, like "
                          f"'community-action-project'; found '{ident}'", EXIT_USAGE)
        shown = write_skeleton(project_root(arguments.root), arguments.kind, ident)
    except Refusal as refusal:
        print(f"showcase new: {refusal}", file=sys.stderr)
        return refusal.code
    print(f"Wrote a skeleton for {arguments.kind} '{ident}' in {shown}: fill in the empty "
          "values, then run `showcase check`.")
    return EXIT_CLEAN


def write_skeleton(root: Path, kind: str, ident: str) -> str:
    if kind == "person":
        return add_person(root / "content" / "people.yml", ident)
    folder = root / "content" / ("programmes" if kind == "programme" else "outputs")
    path = folder / f"{ident}.yml"
    if path.exists() or path.with_suffix(".yaml").exists():
        raise Refusal(f"content/{folder.name}/{path.name} already exists; choose another id "
                      "with --id", EXIT_PROBLEMS)
    template = PROGRAMME if kind == "programme" else OUTPUT
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(template.format(id=ident, kinds=", ".join(OUTPUT_KINDS)), encoding="utf-8")
    return f"content/{folder.name}/{path.name}"


def add_person(path: Path, ident: str) -> str:
    """Append a person to people.yml, laid out like the people already there."""
    text = path.read_text(encoding="utf-8") if path.exists() else "people:\n"
    before = people_ids(text, path)
    if ident in before:
        raise Refusal(f"content/people.yml already has a person with the id '{ident}'; "
                      "choose another id with --id", EXIT_PROBLEMS)
    text = re.sub(r"(?m)^people:[ \t]*\[[ \t]*\][ \t]*$", "people:", text)
    match = re.search(r"(?m)^([ \t]*)- ", text)
    indent = match.group(1) if match else "  "
    joined = text.rstrip("\n") + ("\n\n" if before else "\n")
    joined += PERSON.format(indent=indent, id=ident)
    try:
        after = people_ids(joined, path)
    except Refusal:
        after = []
    if after != [*before, ident]:
        raise Refusal("content/people.yml is not laid out as a list under 'people:', so the "
                      "new person was not added; add them by hand (see the content guide)",
                      EXIT_PROBLEMS)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(joined, encoding="utf-8")
    return "content/people.yml"


def people_ids(text: str, path: Path) -> list[str]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise Refusal(f"{path.name} is not valid YAML; fix what `showcase check` reports "
                      "first", EXIT_PROBLEMS) from None
    people = data.get("people") if isinstance(data, dict) else None
    return [p.get("id") for p in people or [] if isinstance(p, dict)]
