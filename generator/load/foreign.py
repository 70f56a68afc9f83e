"""Exports in other formats, recognised where BibTeX is expected: RIS and MEDLINE (.nbib).

Reference managers and PubMed export RIS (`TY  - JOUR` … `ER  - `) or MEDLINE
(`PMID- 12345678`, `TI  - …`, `FAU - …`) as readily as BibTeX, and such text pasted into a
.bib file, or such a file dropped into bibliography/, would otherwise be passed over without
a word. ``foreign_format`` says which format a text holds and on which line it shows.
"""

from __future__ import annotations

import re

ADD_COMMAND = "showcase add --from FILE"

# A tag line of each format, as the format's own files write it: two letters (or four, in
# MEDLINE), padded, a hyphen, a space.
MARKS = (
    ("RIS", re.compile(r"(?m)^TY  - \w+")),
    ("MEDLINE", re.compile(r"(?m)^(?:PMID- \d+|FAU - \S|TI  - \S)")),
)


def foreign_format(text: str) -> tuple[str, int, str] | None:
    """(format name, 0-based line, the line) of the first RIS or MEDLINE tag line in text."""
    found = [(match.start(), name, match) for name, pattern in MARKS
             if (match := pattern.search(text))]
    if not found:
        return None
    start, name, match = min(found)
    line = text.count("\n", 0, start)
    return name, line, text[start:].split("\n", 1)[0].strip()[:40]
