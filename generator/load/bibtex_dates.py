"""The date of a BibTeX entry: biblatex `date`, or `year` and `month`, as numbers.

Real exports write dates in ways BibTeX and biblatex accept but a plain reading does not:

- sorting tricks, `year = {{\\noopsort{1973b}}1973}`: the sort key (the argument of
  `\\noopsort`, `\\SortNoop` or `\\sortnoop`) is dropped and the shown text kept;
- month ranges, `month = {April-May}`, `{jun # "--" # aug}`: stored as a date range, from
  the first month to the last, in the entry's year;
- month lists, `month = {November, December}` (or joined by `and`, `&`, `;` or spaces):
  stored as the range from the first month to the last when the months follow each other;
  otherwise only the first month is stored (a date has one start and one end, and a range
  over the months between would be untrue).
"""

from __future__ import annotations

import calendar
import re

from ..text.dates import ISO_DATE, MONTH_NAMES, MONTH_NUMBERS
from .bibtex_fields import FieldError, shorten

# LaTeX sorting tricks in dates: the macro and its argument are left out.
SORT_KEY = re.compile(r"\\(?:noopsort|SortNoop|sortnoop)\s*\{[^{}]*\}")
# Between the months of a range (`April-May`, `jun--aug`, `June–August`) or a list.
MONTH_RANGE = re.compile(r"\s*(?:-+|–|—|/)\s*")
MONTH_LIST = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def date_text(value: str) -> str:
    """A date field's text as shown: sort keys dropped, braces removed."""
    return re.sub(r"[{}]", "", SORT_KEY.sub("", value)).strip()


def parse_dates(raw: dict[str, str]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(start, end) of the entry's date; end is () for a single date."""
    raw = {name: date_text(raw[name]) for name in ("date", "year", "month") if name in raw}
    start = parse_date(raw)
    if raw.get("date"):
        return start, parse_date_end(raw, start)
    months = month_span(raw.get("month", ""))
    if start and len(months) == 2:
        return start, (start[0], months[1])
    return start, ()


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
    return (int(year), *month_span(raw.get("month", ""))[:1])


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


def month_span(value: str) -> tuple[int, ...]:
    """(month,) for one month; (first, last) for a range, or a list of months in a row."""
    ranged = [part for part in MONTH_RANGE.split(value.strip()) if part]
    listed = [part for part in MONTH_LIST.split(value.strip()) if part]
    if len(listed) == 1 and all(word.lower().rstrip(".") in MONTH_NUMBERS
                                for word in value.split()):
        listed = value.split()  # `nov # " " # dec`: months between spaces
    if len(ranged) == 2:
        first, last = parse_month(ranged[0], value), parse_month(ranged[1], value)
        return (*first, *last) if first < last else first
    if len(listed) > 1:
        months = [parse_month(part, value)[0] for part in listed]
        in_a_row = months == list(range(months[0], months[0] + len(months)))
        return (months[0], months[-1]) if in_a_row else (months[0],)
    return parse_month(value, value)


def parse_month(value: str, whole: str) -> tuple[int, ...]:
    text = value.strip().lower().rstrip(".")
    if not text:
        return ()
    if text.isdigit() and 1 <= int(text) <= 12:
        return (int(text),)
    if text in MONTH_NUMBERS:  # 'sep', 'Sept.', 'September'
        return (MONTH_NUMBERS[text],)
    raise FieldError("month", f"field 'month' must be a month like 'sep' or 9, or a range "
                     f"like 'apr--may', found '{shorten(whole)}'")


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
