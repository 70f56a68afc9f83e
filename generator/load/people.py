"""Who wrote what: author and editor names in the bibliography matched to content/people.yml.

A name matches a person when one of the person's ``variants`` has the same family name
(with its particle) and the same first initial, case-blind.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Name, Person
from .bibtex_fields import FieldError, name_of


def name_key(name: Name) -> tuple[str, str]:
    """How an author is matched to a person: family name and first initial, case-blind."""
    if name.literal:
        return (name.literal.casefold(), "")
    return (f"{name.particle} {name.family}".strip().casefold(), name.given[:1].casefold())


def people_index(people: Iterable[Person]) -> dict[tuple[str, str], Person]:
    """Name key of every variant -> person (variants were checked when people.yml loaded)."""
    index = {}
    for person in people:
        for variant in person.variants:
            try:
                parsed = name_of("variants", variant)
            except FieldError:
                continue
            if parsed is not None:
                index.setdefault(name_key(parsed), person)
    return index
