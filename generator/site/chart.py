"""Work per year, by kind, as the numbers and the geometry of a bar chart drawn at build time.
The SVG and its table are theme/fragments/_chart.html.j2: no script, no library, no colour
needed to tell the kinds apart (each has a pattern, and each bar its number above it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

KINDS = (("publication", "Publications"), ("presentation", "Presentations"),
         ("output", "Outputs"))
BAR, GAP, LEFT, TOP, PLOT, BOTTOM = 14, 14, 8, 18, 120, 24


@dataclass(frozen=True)
class Bar:
    kind: str
    year: int
    count: int
    x: int
    y: int
    height: int


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    kinds: tuple[tuple[str, str], ...]
    rows: tuple[tuple[int, tuple[int, ...]], ...]  # (year, count of each kind)
    bars: tuple[Bar, ...]
    labels: tuple[tuple[int, int], ...]  # (x of the middle of a year's bars, year)
    width: int
    height: int
    baseline: int
    undated: int


def counts_by_year(items: Iterable) -> tuple[Counter, int]:
    counts, undated = Counter(), 0
    for item in items:
        if item.year:
            counts[item.year, item.kind] += 1
        else:
            undated += 1
    return counts, undated


def year_chart(items: Iterable, title: str) -> Chart | None:
    """The chart of ``items`` (anything with a year and a kind); None when none has a year."""
    counts, undated = counts_by_year(items)
    if not counts:
        return None
    years = range(min(y for y, _ in counts), max(y for y, _ in counts) + 1)
    kinds = tuple(k for k in KINDS if any(kind == k[0] for _, kind in counts))
    rows = tuple((year, tuple(counts[year, k] for k, _ in kinds)) for year in years)
    highest, group = max(max(row) for _, row in rows), len(kinds) * BAR + GAP
    bars = tuple(bar(kind, year, counts[year, kind], LEFT + i * group + j * BAR, highest)
                 for i, year in enumerate(years) for j, (kind, _) in enumerate(kinds))
    labels = tuple((LEFT + i * group + len(kinds) * BAR // 2, year)
                   for i, year in enumerate(years))
    return Chart(title, describe(rows, kinds, undated), kinds, rows, bars, labels,
                 LEFT + len(years) * group, TOP + PLOT + BOTTOM, TOP + PLOT, undated)


def bar(kind: str, year: int, count: int, x: int, highest: int) -> Bar:
    height = round(PLOT * count / highest)
    return Bar(kind, year, count, x, TOP + PLOT - height, height)


def describe(rows, kinds, undated: int) -> str:
    """The chart in a sentence: its span, its totals by kind and its busiest year."""
    first, last = rows[0][0], rows[-1][0]
    totals = [f"{sum(row[i] for _, row in rows)} {label.lower()}"
              for i, (_, label) in enumerate(kinds)]
    busiest = max(rows, key=lambda r: (sum(r[1]), r[0]))
    span = f"from {first} to {last}" if first != last else f"in {first}"
    text = f"{', '.join(totals)} {span}; the most in {busiest[0]} ({sum(busiest[1])})."
    return text + (f" {undated} more without a year are not shown." if undated else "")
