"""The kinds of option a content shape is made of, in the manner of MkDocs' ``config_options``.

Each option turns a raw YAML value into a typed value or raises ``Invalid`` with a message
that says what was expected and what was found. ``help`` is the note for editors that
``showcase new`` writes above the field in a skeleton. The shapes themselves are declared in
``schema.py``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class Invalid(ValueError):
    """A value does not fit its option; the message says what was expected and found.

    ``line`` is the 1-based line of the innermost value at fault, when the YAML loader
    recorded one (see ``yaml_lines``). A record or list with several values at fault raises
    one ``Invalid`` whose ``errors`` holds each of them, so that all are reported.
    """

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line
        self.errors: tuple[Invalid, ...] = (self,)

    def within(self, prefix: str, line: int | None) -> Invalid:
        """The same problem(s) seen from the enclosing value."""
        return gather([Invalid(f"{prefix} {e}", e.line or line) for e in self.errors])


def gather(errors: list[Invalid]) -> Invalid:
    """One Invalid standing for all of ``errors`` (at least one)."""
    if len(errors) == 1:
        return errors[0]
    group = Invalid("; ".join(map(str, errors)), errors[0].line)
    group.errors = tuple(e for error in errors for e in error.errors)
    return group


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, Mapping):
        return "a mapping of fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


@dataclass(frozen=True)
class Option:
    required: bool = False
    default: Any = None
    help: str = ""  # the note above the field in a `showcase new` skeleton

    def validate(self, value: Any) -> Any:
        return value


@dataclass(frozen=True)
class Text(Option):
    default: Any = ""
    pattern: re.Pattern | None = None
    expected: str = "text"

    def validate(self, value: Any) -> str:
        if isinstance(value, (Mapping, list)) or value is None or isinstance(value, bool):
            raise Invalid(f"must be {self.expected}, found {describe(value)}")
        text = str(value).strip()
        if self.pattern is not None and not self.pattern.match(text):
            raise Invalid(f"must be {self.expected}, found {describe(value)}")
        return text


@dataclass(frozen=True)
class Integer(Option):
    minimum: int = 0
    maximum: int = 10_000
    expected: str = "a whole number"

    def validate(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(f"must be {self.expected}, found {describe(value)}")
        if not self.minimum <= value <= self.maximum:
            raise Invalid(f"must be {self.expected}, found {describe(value)}")
        return value


@dataclass(frozen=True)
class Choice(Option):
    choices: tuple[str, ...] = ()
    default: Any = ""

    def validate(self, value: Any) -> str:
        if value not in self.choices:
            raise Invalid(f"must be one of {', '.join(self.choices)}; found {describe(value)}")
        return value


@dataclass(frozen=True)
class ListOf(Option):
    item: Option = Text()
    default: Any = ()

    def validate(self, value: Any) -> tuple:
        if value is None:
            return ()
        if isinstance(value, str) and isinstance(self.item, Text):
            value = [value]  # a single value where a list is wanted is what people mean
        if not isinstance(value, list):
            raise Invalid(f"must be a list, found {describe(value)}")
        items, errors = [], []
        for number, item in enumerate(value, start=1):
            try:
                items.append(self.item.validate(item))
            except Invalid as error:
                errors.append(error.within(f"item {number}", line_of(value, number - 1)))
        if errors:
            raise gather(errors)
        return tuple(items)


@dataclass(frozen=True)
class Record(Option):
    """A nested mapping with its own shape; yields a dict of validated values."""

    shape: Mapping[str, Option] | None = None

    def validate(self, value: Any) -> dict:
        if not isinstance(value, Mapping):
            raise Invalid(f"must be a mapping of fields, found {describe(value)}")
        errors = field_errors(value, self.shape or {})
        result = {}
        for name, option in (self.shape or {}).items():
            if is_missing(value, name):
                result[name] = option.default
                continue
            try:
                result[name] = option.validate(value[name])
            except Invalid as error:
                errors.append(error.within(f"field '{name}'", line_of(value, name)))
        if errors:
            raise gather(errors)
        return result


def is_missing(mapping: Mapping, name: str) -> bool:
    return name not in mapping or mapping[name] is None or mapping[name] == ""


def field_errors(mapping: Mapping, shape: Mapping[str, Option]) -> list[Invalid]:
    """Each unknown field, then each required field that is missing.

    A misspelt required field (`sumary`) is reported once, where the typo is, not also as
    a missing `summary`.
    """
    errors, meant = [], set()
    for name in mapping:
        if name not in shape:
            close = closest(name, shape)
            meant.add(close)
            hint = f"; did you mean '{close}'?" if close else ""
            errors.append(Invalid(f"has unknown field '{name}'{hint} "
                                  f"(known fields: {', '.join(shape)})", line_of(mapping, name)))
    for name, option in shape.items():
        if option.required and is_missing(mapping, name) and name not in meant:
            line = line_of(mapping, name) or getattr(mapping, "line", None)  # at an empty key
            errors.append(Invalid(f"needs the field '{name}'", line))
    return errors


def closest(name: object, shape: Mapping[str, Option]) -> str:
    close = difflib.get_close_matches(str(name).lower(), list(shape), n=1)
    return close[0] if close else ""


def line_of(container: Any, key: Any) -> int | None:
    """The line a YAML loader recorded for ``container[key]``, if any."""
    lines = getattr(container, "lines", None)
    if isinstance(lines, Mapping):
        return lines.get(key)
    if isinstance(lines, list) and isinstance(key, int) and key < len(lines):
        return lines[key]
    return None
