"""Each content shape is declared once (load/schema.py): the model's records and the
`showcase new` skeletons follow it, field for field and default for default."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from generator.edit.skeletons import SHAPES, person_skeleton, skeleton
from generator.load import schema
from generator.load.options import ListOf, Record
from generator.model import Output, Person, Programme, Settings

WHERE_FROM = {"source", "field_lines"}  # filled in by the loader, not by the content


@pytest.mark.parametrize(("record", "shape"), [
    (Programme, schema.PROGRAMME), (Output, schema.OUTPUT), (Person, schema.PERSON),
    (Settings, schema.SITE)], ids=lambda x: getattr(x, "__name__", ""))
def test_model_records_have_the_fields_and_defaults_of_their_shape(record, shape) -> None:
    fields = {f.name: f for f in dataclasses.fields(record) if f.name not in WHERE_FROM}
    assert set(fields) == set(shape)
    for name, option in shape.items():
        if option.required or isinstance(option, Record):
            continue
        default = fields[name].default
        expected = tuple(option.default) if isinstance(option, ListOf) else option.default
        assert default == expected, name


@pytest.mark.parametrize("kind", ["programme", "output"])
def test_a_skeleton_has_every_field_of_its_shape_in_order(kind: str) -> None:
    data = yaml.safe_load(skeleton(kind, "an-id"))
    nested = [name for name, o in SHAPES[kind].items() if isinstance(o, Record)]
    assert list(data) == [name for name in SHAPES[kind] if name not in nested]
    assert data["id"] == "an-id"


def test_a_person_skeleton_has_every_field_of_the_person_shape() -> None:
    data = yaml.safe_load("people:\n" + person_skeleton("ann", "  "))
    assert list(data["people"][0]) == list(schema.PERSON)


def test_every_field_a_skeleton_shows_has_a_note_for_editors() -> None:
    for kind, shape in SHAPES.items():
        missing = [name for name, option in shape.items() if name != "id" and not option.help]
        assert missing == [], kind
