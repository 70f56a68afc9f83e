"""MEDLINE text (PubMed's "Save as PubMed", `.nbib`) -> tagged records + Problems.

A record is a run of lines `TAG - value`, the tag padded to four characters (`PMID- 123`,
`TI  - A title`, `FAU - Dutta, Nina`); a value goes on in lines indented by six spaces;
records are separated by blank lines. Each record keeps its tags in order and the 1-based
line it starts on. No PyPI reader earns its place: Biopython's Bio.Medline is a large
dependency for forty lines of reading, and the pybtex plugins bring pybtex.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Problem, Source

TAG_LINE = re.compile(r"^([A-Z][A-Z0-9]{1,3}) {0,2}-(?: (.*)|)$")
CONTINUATION = re.compile(r"^\s+(\S.*)$")


@dataclass(frozen=True)
class TaggedRecord:
    """One record of a tagged format: (tag, value) in the order given, and where it starts."""

    tags: tuple[tuple[str, str], ...]
    source: Source

    def all(self, tag: str) -> list[str]:
        return [value for name, value in self.tags if name == tag and value]

    def first(self, *tags: str) -> str:
        """The first non-empty value of the first of `tags` the record has."""
        return next((found[0] for found in map(self.all, tags) if found), "")


def load_medline_text(text: str, shown_as: str) -> tuple[list[TaggedRecord], list[Problem]]:
    """Every record of a MEDLINE text; a line that is neither tag nor continuation is a
    problem (the record it is in is still read)."""
    records, problems, tags, start = [], [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            records += [TaggedRecord(tuple(tags), Source(shown_as, start))] if tags else []
            tags = []
            continue
        start = start if tags else number
        trouble = read_line(line, tags)
        problems += [Problem(Source(shown_as, number), trouble)] if trouble else []
    records += [TaggedRecord(tuple(tags), Source(shown_as, start))] if tags else []
    return records, problems


def read_line(line: str, tags: list[tuple[str, str]]) -> str:
    """Add a tag line or a continuation to `tags`; the problem with the line, if any."""
    match = TAG_LINE.match(line)
    if match and len(line.split("-", 1)[0]) == 4:
        tags.append((match.group(1), (match.group(2) or "").strip()))
        return ""
    continued = CONTINUATION.match(line)
    if continued and tags:
        tag, value = tags[-1]
        tags[-1] = (tag, f"{value} {continued.group(1).strip()}".strip())
        return ""
    return (f"'{line.strip()[:40]}' is not a MEDLINE line: one starts with a tag padded to "
            "four characters and '- ' (like 'TI  - '), or goes on from the line above, "
            "indented by six spaces")
