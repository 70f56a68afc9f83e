"""`showcase new` skeletons, written from the content shapes in ``load/schema.py``.

Every field of the shape appears in its declared order, under the note for editors that the
shape declares for it (``help``); required and optional values alike are left empty, so that
``showcase check`` names each required one until it is filled in. A nested record (an
output's image) is shown only as its note, which gives an example to copy.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..load import schema
from ..load.options import ListOf, Option, Record

HEADERS = {
    "programme": "A programme. Fill in the value after each colon, then run `showcase check`.\n"
                 "Lines starting with # are notes for editors and never appear on the site.\n"
                 'Field reference: docs/content-guide.md, section "Programmes".',
    "output": "An output of a programme. Fill in the value after each colon, then run\n"
              "`showcase check`. Lines starting with # are notes for editors.\n"
              'Field reference: docs/content-guide.md, section "Outputs".',
    "person": "A person. Fill in the value after each colon, then run `showcase check`.",
}
SHAPES: Mapping[str, Mapping[str, Option]] = {
    "programme": schema.PROGRAMME, "output": schema.OUTPUT, "person": schema.PERSON}


def comment(text: str, indent: str = "") -> list[str]:
    return [f"{indent}# {line}" for line in text.splitlines()]


def field_lines(name: str, option: Option, value: str, indent: str) -> list[str]:
    lines = comment(option.help, indent) if option.help else []
    if isinstance(option, Record):
        return lines  # its note shows the nested fields to copy
    empty = " []" if isinstance(option, ListOf) else ""
    return [*lines, f"{indent}{name}:{f' {value}' if value else empty}"]


def skeleton(kind: str, ident: str) -> str:
    """A file of its own for a programme or an output, with its id filled in."""
    lines = comment(HEADERS[kind])
    for name, option in SHAPES[kind].items():
        lines += field_lines(name, option, ident if name == "id" else "", "")
    return "\n".join(lines) + "\n"


def person_skeleton(ident: str, indent: str) -> str:
    """One item of the list in people.yml, indented like the items already there."""
    lines = [*comment(HEADERS["person"], indent), f"{indent}- id: {ident}"]
    for name, option in list(SHAPES["person"].items())[1:]:
        lines += field_lines(name, option, "", indent + "  ")
    return "\n".join(lines) + "\n"
