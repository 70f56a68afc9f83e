"""`showcase new programme|output|person`: a commented skeleton to fill in.

A programme or output gets a file of its own, `content/<folder>/<id>.yml`; a person is
appended to the list in `content/people.yml`. Nothing is ever overwritten. Required values
are left empty, so `showcase check` names each one until it is filled in. The skeletons
are written from the content shapes (`generator/edit/skeletons.py`).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from ..edit.skeletons import person_skeleton, skeleton
from ..load.schema import ID_PATTERN
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "new"
HELP = "write a commented skeleton for a new programme, output or person to fill in"
KINDS = ("programme", "output", "person")

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
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kind, ident), encoding="utf-8")
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
    joined += person_skeleton(ident, indent)
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
