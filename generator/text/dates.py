"""Dates as text, written down once: the month names and the ISO 8601 form biblatex uses.

Month names are English, as BibTeX's month macros (`jan` … `dec`), PubMed's dates
('2020 Mar 12') and the en-GB and en-US citation locales spell them.
"""

from __future__ import annotations

import re

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
# BibTeX's predefined month macros, in order: `jan` … `dec`.
MONTH_ABBREVIATIONS = tuple(name[:3].lower() for name in MONTH_NAMES)
# A month as people write it, lower case and without a final period -> its number:
# 'sep', 'sept', 'september' -> 9.
MONTH_NUMBERS = {**{name: number for number, name in enumerate(MONTH_ABBREVIATIONS, start=1)},
                 **{name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)},
                 "sept": 9}
# A month name in English running text, long or short ('July', 'Jul.', 'Sept.').
MONTH_WORD = (rf"(?:{'|'.join(MONTH_NAMES)}|Sept|{'|'.join(name[:3] for name in MONTH_NAMES)})"
              r"\.?")

# An ISO 8601 date as biblatex writes it: 2023, 2023-07 or 2023-07-05.
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def iso_date(parts: tuple[int, ...] | list[int]) -> str:
    """(2023, 7, 5) -> '2023-07-05', as biblatex's date fields write it."""
    return "-".join(f"{part:02d}" if n else str(part) for n, part in enumerate(parts))
