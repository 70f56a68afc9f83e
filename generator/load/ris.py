"""RIS text -> records (rispy's dictionaries) + Problems, each with its 1-based line.

rispy reads the tags (its TAG_KEY_MAPPING names them: `TI` -> `title`, `AU` -> `authors`,
…) but keeps no line numbers and drops a record that has no `ER` line. So the text is cut
into records here, each from its `TY  - ` line to its `ER  - ` line, and rispy reads each
one alone: every record keeps the line it starts on, and one without `ER` is a problem
rather than a silent loss. Lines outside records that are not tags (a "1." counter, a
"Provider:" header some databases write) are not data and are passed over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import rispy

from ..model import Problem, Source

TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: |$)")


@dataclass(frozen=True)
class RisRecord:
    fields: dict  # as rispy.loads gives it: 'type_of_reference', 'authors', 'title', …
    source: Source


def load_ris_text(text: str, shown_as: str) -> tuple[list[RisRecord], list[Problem]]:
    records, problems = [], []
    for start, lines, closed in record_chunks(text.splitlines()):
        source = Source(shown_as, start)
        if not lines[0].startswith("TY  -"):
            problems.append(Problem(source, "RIS tags outside a record: a record starts with "
                                    "its type, like 'TY  - JOUR', and ends with 'ER  - '"))
        elif not closed:
            problems.append(Problem(source, "this RIS record has no 'ER  - ' line ending it "
                                    "(was the text cut short?); add one after its last tag"))
        else:
            records += [RisRecord(found, source) for found in rispy.loads("\n".join(lines))]
    return records, problems


def record_chunks(lines: list[str]):
    """(first line number, lines, whether it ended with ER) for each record, and for each
    run of tag lines outside a record."""
    chunk: list[str] = []
    start = 0
    for number, line in enumerate(lines, start=1):
        tag = TAG.match(line)
        opens = tag is not None and tag.group(1) == "TY"
        if chunk and (opens or (not chunk[0].startswith("TY") and not tag)):
            yield start, chunk, False
            chunk = []
        if not chunk and not tag:
            continue
        start, chunk = (number if not chunk else start), [*chunk, line]
        if tag and tag.group(1) == "ER" and chunk[0].startswith("TY"):
            yield start, chunk, True
            chunk = []
    if chunk:
        yield start, chunk, False
