"""Turning one parsed BibTeX entry into an ``Entry``: small named steps, in order.

Each step takes the raw fields (already free of enclosing braces and @string macros) and
returns a decoded value or raises ``FieldError`` naming the field and what was wrong.
"""

from __future__ import annotations

import calendar
import re

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from ..model import Name
from ..text.dates import ISO_DATE, MONTH_ABBREVIATIONS, MONTH_NAMES, MONTH_NUMBERS
from ..text.doi import bare_doi
from ..text.latex import decode_latex
from .entry_types import PRESENTATION_TYPES

# BibTeX's predefined abbreviations: a bare `sep` means "September".
MONTH_MACROS = dict(zip(MONTH_ABBREVIATIONS, MONTH_NAMES, strict=True))

# Fields renamed to one spelling so later steps see biblatex and BibTeX alike.
FIELD_ALIASES = {"journaltitle": "journal", "location": "address", "issue": "number",
                 "institution": "organization"}

# What EndNote and RefWorks write in `type`: the kind of reference, not a genre a style
# should print ('[Journal Article]'). A periodical's kind becomes biblatex's entrysubtype.
REFERENCE_TYPE_NAMES = {
    "journal article": "", "electronic article": "", "conference proceedings": "",
    "conference paper": "", "book": "", "edited book": "", "electronic book": "",
    "book section": "", "thesis": "", "web page": "", "generic": "",
    "newspaper article": "newspaper", "magazine article": "magazine",
}

# Fields consumed by their own step; the rest are kept, decoded, in Entry.fields.
STRUCTURED_FIELDS = {"author", "editor", "translator", "title", "year", "month", "date",
                     "programmes", "known_gaps"}

PRESENTATION_WORDS = {"presentation", "poster", "talk", "keynote", "workshop", "speech"}

KNOWN_FIELD_NAMES = ("author|editor|title|journal|journaltitle|booktitle|eventtitle|venue|year"
                     "|date|month|volume|number|pages|doi|url|pmid|abstract|keywords|publisher"
                     "|programmes|known_gaps|note|type|address|location|organization")
SWALLOWED_FIELD = re.compile(rf"(?:^|[\s}}\",])({KNOWN_FIELD_NAMES})\s*=\s*[{{\"\w]",
                             re.IGNORECASE)


# What parse_single_name_into_parts found wrong -> what to do about it.
NAME_ADVICE = {
    "Too many commas": "separate authors with ' and ', not with commas",
    "Trailing comma at end of name": "remove the comma at the end of the name",
    "Unterminated opening brace": "a { has no matching }",
    "Unmatched closing brace": "a } has no matching {",
}


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def canonical(name: str) -> str:
    """A field's name as later steps know it: lower case, biblatex aliases resolved."""
    return FIELD_ALIASES.get(name.lower(), name.lower())


def shorten(text: str, limit: int = 60) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return f"{text[:limit]}…" if len(text) > limit else text


def expand_macros(field: str, value: str, strings: dict[str, str]) -> str:
    """An unbraced value, `efpc # { 2020}`: @string abbreviations looked up, parts joined.

    bibtexparser 2 resolves a value that is exactly one @string name, but neither `#`
    concatenation nor an abbreviation that no @string defines; both come here.
    """
    return "".join(expand_part(field, part, strings) for part in split_concatenation(value))


def split_concatenation(value: str) -> list[str]:
    """`a # {b # c} # "d"` -> ['a', '{b # c}', '"d"']: split at `#` outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:index])
            start = index + 1
    return [part.strip() for part in [*parts, value[start:]]]


def expand_part(field: str, part: str, strings: dict[str, str]) -> str:
    if len(part) >= 2 and part[0] + part[-1] in ("{}", '""'):
        return part[1:-1]
    if part.isdigit():
        return part
    known = {**MONTH_MACROS, **strings}  # an @string may redefine a month
    if part.lower() in known:
        return known[part.lower()]
    if not part:
        raise FieldError(field, f"field '{field}' has a '#' with nothing on one side of it")
    if part[0] in "{\"":
        raise FieldError(field, f"field '{field}' has text after its closing brace or quote, "
                         f"in '{shorten(part)}': is a brace misplaced, or a comma missing?")
    raise FieldError(field, f"field '{field}' uses the abbreviation '{shorten(part)}', which no "
                     f"@string defines; if it is meant as text, put it in braces: "
                     f"{field} = {{{shorten(part)}}}")


def check_balanced_braces(raw: dict[str, str]) -> None:
    """Braces inside a quoted value must pair up too: `"Smith, A. and {Jones, B."`."""
    for name, value in raw.items():
        depth = 0
        for brace in re.findall(r"(?<!\\)[{}]", value):
            depth += 1 if brace == "{" else -1
            if depth < 0:
                raise FieldError(name, f"field '{name}' has a }} with no {{ before it, "
                                 f"in '{shorten(value)}'")
        if depth:
            raise FieldError(name, f"field '{name}' has a {{ that is never closed by a }}, "
                             f"in '{shorten(value)}'")


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
        parts = parse_single_name_into_parts(text, strict=True)
    except InvalidNameError as error:
        advice = NAME_ADVICE.get(error.reason, error.reason)
        raise FieldError(field, f"field '{field}': the name '{shorten(text)}' could not be "
                         f"read ({error.reason.lower()}): {advice}") from None
    if not parts.first and not parts.von and not parts.jr and len(parts.last) == 1 \
            and parts.last[0].startswith("{") and parts.last[0].endswith("}"):
        literal = decode_latex(parts.last[0])
        return Name(literal=literal) if literal else None
    decoded = [decode_latex(" ".join(part)) for part in (parts.last, parts.first, parts.von,
                                                         parts.jr)]
    if not any(decoded):
        return None
    return Name(family=decoded[0], given=decoded[1], particle=decoded[2], suffix=decoded[3])


def parse_date(raw: dict[str, str]) -> tuple[int, ...]:
    """(year[, month[, day]]) from biblatex `date`, or from `year` and `month`."""
    if raw.get("date"):
        text = raw["date"].strip()
        match = re.fullmatch(rf"{ISO_DATE.pattern}(?:/.*)?", text)
        if not match:
            raise FieldError("date", "field 'date' must look like 2022, 2022-09 or 2022-09-19, "
                             f"or a range like 2023-07-05/2023-07-07, found '{text}'")
        return check_date(tuple(int(part) for part in match.groups() if part), text)
    if not raw.get("year"):
        return ()
    year = raw["year"].strip()
    if not re.fullmatch(r"\d{4}", year):
        raise FieldError("year", f"field 'year' must be a 4-digit year, found '{year}'")
    return (int(year), *parse_month(raw.get("month", "")))


def parse_date_end(raw: dict[str, str], start: tuple[int, ...]) -> tuple[int, ...]:
    """The end of a biblatex date range (`2023-07-05/2023-07-07`); () for one date or an
    open range (`2023/`)."""
    text = raw.get("date", "").strip()
    end = text.partition("/")[2].strip()
    if not end or end == "..":
        return ()
    match = ISO_DATE.fullmatch(end)
    if not match:
        raise FieldError("date", f"field 'date': the end of the range must look like 2023, "
                         f"2023-07 or 2023-07-07, found '{end}'")
    parts = check_date(tuple(int(part) for part in match.groups() if part), text)
    if parts < start[: len(parts)] or len(parts) != len(start):
        raise FieldError("date", f"field 'date': the range must end after it starts, with "
                         f"the same precision (2023-07-05/2023-07-07), found '{text}'")
    return parts if parts != start else ()


def parse_month(value: str) -> tuple[int, ...]:
    text = value.strip().lower().rstrip(".")
    if not text:
        return ()
    if text.isdigit() and 1 <= int(text) <= 12:
        return (int(text),)
    if text in MONTH_NUMBERS:  # 'sep', 'Sept.', 'September'
        return (MONTH_NUMBERS[text],)
    raise FieldError("month", f"field 'month' must be a month like 'sep' or 9, found '{value}'")


def check_date(parts: tuple[int, ...], text: str) -> tuple[int, ...]:
    """The parts of a `date` field, if they name a day that exists."""
    if len(parts) > 1 and not 1 <= parts[1] <= 12:
        raise FieldError("date", f"field 'date' must be a real date, found '{text}' "
                         "(the month must be between 1 and 12)")
    days = calendar.monthrange(*parts[:2])[1] if len(parts) > 2 else 31
    if len(parts) > 2 and not 1 <= parts[2] <= days:
        raise FieldError("date", f"field 'date' must be a real date, found '{text}' "
                         f"({MONTH_NAMES[parts[1] - 1]} {parts[0]} has {days} days)")
    return parts


def split_list(value: str) -> tuple[str, ...]:
    """`{watcch, cap}` or `{watcch; cap}` -> ('watcch', 'cap')."""
    return tuple(item.strip() for item in re.split(r"[,;]", value) if item.strip())


def classify(bibtype: str, fields: dict[str, str]) -> str:
    """'presentation' for event-bound talks and posters, else 'publication'."""
    if bibtype not in PRESENTATION_TYPES:
        return "publication"
    kinds = {fields.get(name, "").lower() for name in ("type", "entrysubtype")}
    if fields.get("eventtitle") or kinds & PRESENTATION_WORDS:
        return "presentation"
    return "publication"


def drop_reference_type_names(fields: dict[str, str], kind: str) -> dict[str, str]:
    """EndNote's `type = {Journal Article}` is left out; its `Newspaper Article` is kept as
    the entrysubtype it means. A talk's `type` (poster, keynote …) is always kept."""
    given = fields.get("type", "").lower()
    if kind == "presentation" or given not in REFERENCE_TYPE_NAMES:
        return fields
    kept = {name: value for name, value in fields.items() if name != "type"}
    if REFERENCE_TYPE_NAMES[given]:
        kept.setdefault("entrysubtype", REFERENCE_TYPE_NAMES[given])
    return kept


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
        decoded["doi"] = bare_doi(decoded["doi"])
    return {name: value for name, value in decoded.items() if value}
