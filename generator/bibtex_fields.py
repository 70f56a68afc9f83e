"""Turning one parsed BibTeX entry into an ``Entry``: small named steps, in order.

Each step takes the raw fields (already free of enclosing braces and @string macros) and
returns a decoded value or raises ``FieldError`` naming the field and what was wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)
from pylatexenc.latex2text import LatexNodes2Text

from .model import Name

MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}

# Fields renamed to one spelling so later steps see biblatex and BibTeX alike.
FIELD_ALIASES = {"journaltitle": "journal", "location": "address", "issue": "number",
                 "entrysubtype": "type", "institution": "organization"}

# Fields consumed by their own step; the rest are kept, decoded, in Entry.fields.
STRUCTURED_FIELDS = {"author", "editor", "title", "year", "month", "date", "programmes",
                     "known_gaps"}

PRESENTATION_TYPES = {"inproceedings", "conference", "misc", "unpublished"}
PRESENTATION_WORDS = {"presentation", "poster", "talk", "keynote", "workshop", "speech"}

DOI_PREFIX = re.compile(r"^\s*(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.IGNORECASE)
KNOWN_FIELD_NAMES = ("author|editor|title|journal|journaltitle|booktitle|eventtitle|venue|year"
                     "|date|month|volume|number|pages|doi|url|pmid|abstract|keywords|publisher"
                     "|programmes|known_gaps|note|type|address|location|organization")
SWALLOWED_FIELD = re.compile(rf"(?:^|[\s}}\",])({KNOWN_FIELD_NAMES})\s*=\s*[{{\"\w]",
                             re.IGNORECASE)


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@lru_cache(maxsize=1)
def latex_decoder() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim", strict_latex_spaces=True)


def decode_latex(value: str) -> str:
    """LaTeX to Unicode; a bare '&' or '%' is text here, not LaTeX syntax."""
    value = re.sub(r"(?<!\\)([&%])", r"\\\1", value)
    text = latex_decoder().latex_to_text(value)
    return re.sub(r"\s+", " ", text).strip()


def check_swallowed_fields(raw: dict[str, str]) -> None:
    """A missing comma makes one field's value swallow the next field: say so."""
    for name, value in raw.items():
        match = SWALLOWED_FIELD.search(value)
        if match and name not in ("abstract", "note", "url"):
            raise FieldError(name, f"field '{name}' seems to run into field "
                             f"'{match.group(1)}': is a comma missing after the value of '{name}'?")


def normalise_names(raw: dict[str, str]) -> dict[str, str]:
    renamed = {}
    for name, value in raw.items():
        renamed.setdefault(FIELD_ALIASES.get(name.lower(), name.lower()), value)
    return renamed


def split_names(field: str, value: str) -> tuple[tuple[Name, ...], bool]:
    """Authors or editors; returns (names, et_al) where et_al marks a closing 'and others'."""
    try:
        pieces = split_multiple_persons_names(value)
    except InvalidNameError as error:
        raise FieldError(field, f"field '{field}' could not be read as names: {error}") from None
    et_al = bool(pieces) and pieces[-1].strip().lower() == "others"
    names = [name_of(field, piece) for piece in (pieces[:-1] if et_al else pieces)]
    return tuple(name for name in names if name is not None), et_al


def name_of(field: str, text: str) -> Name | None:
    try:
        parts = parse_single_name_into_parts(text, strict=False)
    except InvalidNameError as error:
        raise FieldError(field, f"field '{field}': the name '{text}' could not be read: "
                         f"{error}") from None
    if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 \
            and parts.last[0].startswith("{") and parts.last[0].endswith("}"):
        return Name(literal=decode_latex(parts.last[0]))
    decoded = [decode_latex(" ".join(part)) for part in (parts.last, parts.first, parts.von,
                                                         parts.jr)]
    if not any(decoded):
        return None
    return Name(family=decoded[0], given=decoded[1], particle=decoded[2], suffix=decoded[3])


def parse_date(raw: dict[str, str]) -> tuple[int, ...]:
    """(year[, month[, day]]) from biblatex `date`, or from `year` and `month`."""
    if raw.get("date"):
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:/.*)?", raw["date"].strip())
        if not match:
            raise FieldError("date", "field 'date' must look like 2022, 2022-09 or 2022-09-19, "
                             f"found '{raw['date']}'")
        return check_date(tuple(int(part) for part in match.groups() if part))
    if not raw.get("year"):
        return ()
    year = raw["year"].strip()
    if not re.fullmatch(r"\d{4}", year):
        raise FieldError("year", f"field 'year' must be a 4-digit year, found '{year}'")
    return check_date((int(year), *parse_month(raw.get("month", ""))))


def parse_month(value: str) -> tuple[int, ...]:
    text = value.strip().lower().rstrip(".")
    if not text:
        return ()
    if text.isdigit() and 1 <= int(text) <= 12:
        return (int(text),)
    if text[:3] in MONTHS:
        return (MONTHS[text[:3]],)
    raise FieldError("month", f"field 'month' must be a month like 'sep' or 9, found '{value}'")


def check_date(parts: tuple[int, ...]) -> tuple[int, ...]:
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise FieldError("date", f"the month must be between 1 and 12, found {parts[1]}")
    if len(parts) > 2 and not 1 <= parts[2] <= 31:
        raise FieldError("date", f"the day must be between 1 and 31, found {parts[2]}")
    return parts


def split_list(value: str) -> tuple[str, ...]:
    """`{watcch, cap}` or `{watcch; cap}` -> ('watcch', 'cap')."""
    return tuple(item.strip() for item in re.split(r"[,;]", value) if item.strip())


def normalise_doi(value: str) -> str:
    """Bare DOI from any shape people paste: `doi:…`, `https://doi.org/…`, `http://dx.doi.org/…`."""
    return DOI_PREFIX.sub("", value).strip()


def classify(bibtype: str, fields: dict[str, str]) -> str:
    """'presentation' for event-bound talks and posters, else 'publication'."""
    if bibtype not in PRESENTATION_TYPES:
        return "publication"
    if fields.get("eventtitle") or fields.get("type", "").lower() in PRESENTATION_WORDS:
        return "presentation"
    return "publication"


def decode_fields(raw: dict[str, str]) -> dict[str, str]:
    decoded = {}
    for name, value in raw.items():
        if name in STRUCTURED_FIELDS:
            continue
        if name in ("url", "doi"):
            decoded[name] = value.strip()
        else:
            decoded[name] = decode_latex(value)
    if "doi" in decoded:
        decoded["doi"] = normalise_doi(decoded["doi"])
    return {name: value for name, value in decoded.items() if value}
