"""Words the pages use for types, kinds and fields: data tables, kept out of templates so
that a site can override a template without having to repeat them."""

from __future__ import annotations

from ..load.entry_types import entry_type, subtype
from ..model import Entry
from ..text.dates import MONTH_NAMES

OUTPUT_KIND_LABELS = {
    "video": "Video", "support-pack": "Support pack", "workshop": "Workshop",
    "leaflet": "Leaflet", "poster": "Poster", "website": "Website", "other": "Other",
}

# (field, label) in the order an entry page lists them.
ENTRY_FIELD_LABELS = (
    ("journal", "Journal"), ("booktitle", "In"), ("eventtitle", "Event"), ("venue", "Venue"),
    ("address", "Place"), ("organization", "Published by"), ("publisher", "Publisher"),
    ("volume", "Volume"), ("number", "Issue"), ("pages", "Pages"), ("note", "Note"),
    ("keywords", "Keywords"),
)

KIND_NAMES = {"publication": ("publication", "publications"),
              "presentation": ("presentation", "presentations"),
              "output": ("output", "outputs")}


def type_label(entry: Entry) -> str:
    if entry.kind == "presentation":
        return (entry.get("type") or entry.get("entrysubtype") or "presentation").capitalize()
    found = subtype(entry.bibtype, entry.get("entrysubtype") or entry.get("type"))
    return found.label if found and found.label else entry_type(entry.bibtype).label


def output_kind(kind: str) -> str:
    return OUTPUT_KIND_LABELS.get(kind, kind.capitalize())


def entry_fields(entry: Entry) -> list[tuple[str, str]]:
    return [(field, label) for field, label in ENTRY_FIELD_LABELS if entry.get(field)]


def kind_label(kind: str, count: int) -> str:
    singular, plural = KIND_NAMES.get(kind, (kind, kind + "s"))
    return singular if count == 1 else plural


def format_date(date: tuple[int, ...], end: tuple[int, ...] = ()) -> str:
    """(2022, 9, 19) -> '19 September 2022'; (2022, 9) -> 'September 2022'; with an end,
    a range that says each part once: '5–7 July 2023', '30 June – 2 July 2023'."""
    words = date_words(date)
    if not end:
        return " ".join(words)
    last = date_words(end)
    same = 0  # how many trailing words (year, then month) the two dates share
    while same < len(words) - 1 and words[-1 - same] == last[-1 - same]:
        same += 1
    first, tail = words[: len(words) - same], last[len(last) - same:]
    dash = "–" if len(first) == 1 else " – "
    return " ".join(first) + dash + " ".join(last[: len(last) - same] + tail)


def date_words(date: tuple[int, ...]) -> list[str]:
    words = [str(date[2])] if len(date) > 2 else []
    words += [MONTH_NAMES[date[1] - 1]] if len(date) > 1 else []
    return [*words, str(date[0])]
