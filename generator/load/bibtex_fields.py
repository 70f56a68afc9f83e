"""Turning one parsed BibTeX entry into an ``Entry``: small named steps, in order.

Each step takes the raw fields (already free of enclosing braces and @string macros) and
returns a decoded value or raises ``FieldError`` naming the field and what was wrong.
"""

from __future__ import annotations

import re

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from ..model import Name
from ..text.dates import MONTH_ABBREVIATIONS, MONTH_NAMES
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
# Fields that only link entries: their fields are inherited (load/crossref.py), not shown.
LINK_FIELDS = {"crossref", "xdata", "xref", "entryset"}
# Entries for a whole journal or issue, whose title may be the journal's own.
JOURNAL_LEVEL_TYPES = {"periodical", "journal", "suppperiodical"}

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


# A semicolon between names, as RIS and Word lists write them: BibTeX separates with ' and '.
SEMICOLON_BETWEEN_NAMES = re.compile(r";\s+\S")
# A semicolon that is part of the text: an HTML character reference, LaTeX's `\;`.
SEMICOLON_IN_TEXT = re.compile(r"&#?\w+;|\\;")


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
    if SEMICOLON_BETWEEN_NAMES.search(SEMICOLON_IN_TEXT.sub("", outside_braces(value))):
        raise FieldError(field, f"field '{field}' separates names with ';', in "
                         f"'{shorten(value)}': separate them with ' and ' instead, like "
                         f"{field} = {{Smith, J. and Jones, K.}}")
    try:
        pieces = split_multiple_persons_names(value)
    except InvalidNameError as error:
        raise FieldError(field, f"field '{field}' could not be read as names: {error}") from None
    et_al = bool(pieces) and pieces[-1].strip().lower() == "others"
    names = [name_of(field, piece) for piece in (pieces[:-1] if et_al else pieces)]
    return tuple(name for name in names if name is not None), et_al


def outside_braces(value: str) -> str:
    """The characters of ``value`` not inside any braces."""
    kept, depth = [], 0
    for char in value:
        depth += {"{": 1, "}": -1}.get(char, 0)
        kept += [char] if depth == 0 and char not in "{}" else []
    return "".join(kept)


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


def journal_level_title(bibtype: str, raw: dict[str, str]) -> str:
    """A @periodical without a `title` is shown by its journal's name (`journaltitle`)."""
    return raw.get("journal", "") if bibtype in JOURNAL_LEVEL_TYPES else ""


def decode_fields(raw: dict[str, str]) -> dict[str, str]:
    decoded = {}
    for name, value in raw.items():
        if name in STRUCTURED_FIELDS or name in LINK_FIELDS:
            continue
        if name in ("url", "doi"):
            decoded[name] = value.strip()
        else:
            decoded[name] = decode_latex(value)
    if "doi" in decoded:
        decoded["doi"] = bare_doi(decoded["doi"])
    return {name: value for name, value in decoded.items() if value}
