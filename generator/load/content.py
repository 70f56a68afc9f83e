"""YAML content files -> schema -> model records, with every problem located."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from ..model import (
    Contact,
    Image,
    Link,
    Output,
    Partner,
    Person,
    Problem,
    Programme,
    Settings,
    Source,
)
from . import schema
from .bibtex_fields import FieldError, name_of
from .files import read_yaml, unread_files
from .schema import Invalid, Record


def load_record(data: object, shape: Mapping, source: Source,
                what: str) -> tuple[dict | None, list[Problem]]:
    """Validate one mapping against its shape; a problem for each value at fault, naming
    its line."""
    try:
        return Record(shape=shape).validate(data), []
    except Invalid as invalid:
        return None, [Problem(Source(source.path, error.line or getattr(data, "line", 0)
                                     or source.line), f"{what} {error}")
                      for error in invalid.errors]


def field_lines(data: object) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(getattr(data, "lines", {}).items()))


def load_settings(root: Path) -> tuple[Settings | None, list[Problem]]:
    path, shown = root / "content" / "site.yml", "content/site.yml"
    if not path.exists():
        return None, [Problem(Source(shown), "the site settings file is missing; "
                              "copy it from the content guide and fill it in")]
    data, problems = read_yaml(path, shown)
    if problems:
        return None, problems
    values, problems = load_record(data, schema.SITE, Source(shown, 1), "site settings")
    if values is None:
        return None, problems
    contact = Contact(**values.pop("contact") or {})
    return Settings(contact=contact, source=Source(shown, 1), **values), []


def load_people(root: Path) -> tuple[list[Person], list[Problem]]:
    path, shown = root / "content" / "people.yml", "content/people.yml"
    if not path.exists():
        return [], []
    data, problems = read_yaml(path, shown)
    if data is None:
        return [], problems
    values, problems = load_record(data, schema.PEOPLE_FILE, Source(shown, 1), "the people file")
    if values is None:
        return [], problems
    people: list[Person] = []
    for item in values["people"]:
        source = Source(shown, getattr(item, "line", 1))
        record, found = load_record(item, schema.PERSON, source, "person")
        found += variant_problems(record, item, source) if record else []
        problems += found
        if record is not None and not found:
            people.append(Person(source=source, **{**record,
                                                   "variants": tuple(record["variants"])}))
    return people, problems


def variant_problems(record: dict, item: Mapping, source: Source) -> list[Problem]:
    """Each variant must read as a BibTeX name, as authors are matched against it."""
    problems = []
    for number, variant in enumerate(record["variants"]):
        try:
            name_of("variants", variant)
        except FieldError:
            line = (schema.line_of(item.get("variants"), number)
                    or schema.line_of(item, "variants") or source.line)
            problems.append(Problem(Source(source.path, line), f"person '{record['id']}': "
                                    f"the variant '{variant}' is not a name BibTeX can read; "
                                    "write it as in the .bib files, like 'Dutta, N.'"))
    return problems


def make_programme(values: dict, source: Source, lines: tuple) -> Programme:
    partners = tuple(Partner(**partner) for partner in values.pop("partners"))
    links = tuple(Link(**link) for link in values.pop("links"))
    return Programme(partners=partners, links=links, source=source, field_lines=lines, **values)


def make_output(values: dict, source: Source, lines: tuple) -> Output:
    image = Image(**values.pop("image")) if values.get("image") else None
    values.pop("image", None)
    links = tuple(Link(**link) for link in values.pop("links"))
    return Output(image=image, links=links, source=source, field_lines=lines, **values)


def load_folder(root: Path, folder: str, shape: Mapping, what: str,
                make: Callable) -> tuple[list, list[Problem]]:
    """One record per `*.yml` file in ``content/<folder>``, in file-name order."""
    records, problems = [], unread_files(root, f"content/{folder}", (".yml", ".yaml"))
    for path in sorted(p for p in (root / "content" / folder).glob("*.y*ml")
                       if p.suffix in (".yml", ".yaml") and p.is_file()):
        shown = path.relative_to(root).as_posix()
        data, found = read_yaml(path, shown)
        problems += found
        if data is None:
            if not found:
                problems.append(Problem(Source(shown, 1), f"the {what} file is empty"))
            continue
        values, found = load_record(data, shape, Source(shown, 1), what)
        problems += found
        if values is not None:
            records.append(make(values, Source(shown, getattr(data, "line", 1)),
                                field_lines(data)))
    return records, problems


def load_programmes(root: Path) -> tuple[list[Programme], list[Problem]]:
    return load_folder(root, "programmes", schema.PROGRAMME, "programme", make_programme)


def load_outputs(root: Path) -> tuple[list[Output], list[Problem]]:
    return load_folder(root, "outputs", schema.OUTPUT, "output", make_output)
