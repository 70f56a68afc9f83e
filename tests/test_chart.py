"""Work over time: the numbers per year and kind, drawn as an SVG at build time and given
again as a table, read back from the built home and programme pages."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_site import TINY, mkdocs_build

from generator.load.bibtex import load_bibliography
from generator.load.content import load_outputs
from generator.site.chart import year_chart


class Table(HTMLParser):
    """The chart's table (rows of cell texts) and its SVG's attributes and bar numbers."""

    def __init__(self, source: str):
        super().__init__()
        self.rows, self.svg, self.bars, self._cell, self._in_text = [], {}, [], None, False
        self.feed(source)

    def handle_starttag(self, tag, attrs):
        if tag == "svg" and dict(attrs).get("role") == "img":
            self.svg = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = ""
        self._in_text = tag == "text"

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.rows:
            self.rows[-1].append(self._cell.strip())
            self._cell = None
        self._in_text = False

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._in_text:
            self.bars.append(data)


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("tiny")
    result = mkdocs_build(TINY / "mkdocs.yml", site, "--strict")
    assert result.returncode == 0, result.stderr
    return site


def expected_counts(programme: str | None = None) -> Counter:
    counts = Counter((e.year, e.kind) for e in load_bibliography(TINY)[0]
                     if e.year and (programme is None or programme in e.programmes))
    counts += Counter((o.year, "output") for o in load_outputs(TINY)[0]
                      if o.year and (programme is None or programme in o.programmes))
    return counts


@pytest.mark.parametrize(("url", "programme"), [("index.html", None),
                                                ("programmes/demo/index.html", "demo")])
def test_the_table_gives_the_numbers_of_each_year_and_kind(tiny_site, url, programme):
    table = Table((tiny_site / url).read_text(encoding="utf-8"))
    header, *rows = table.rows
    kinds = {"Publications": "publication", "Presentations": "presentation",
             "Outputs": "output"}
    counts = expected_counts(programme)
    years = [int(row[0]) for row in rows]
    assert years == list(range(min(y for y, _ in counts), max(y for y, _ in counts) + 1))
    for row in rows:
        for label, cell in zip(header[1:], row[1:], strict=True):
            assert int(cell) == counts[int(row[0]), kinds[label]], (row, label)


def test_the_chart_is_an_image_with_a_title_and_a_description(tiny_site):
    source = (tiny_site / "index.html").read_text(encoding="utf-8")
    table = Table(source)
    assert table.svg["aria-labelledby"] == "showcase-chart-title showcase-chart-desc"
    assert re.search(r'<title id="showcase-chart-title">[^<]+</title>', source)
    assert re.search(r'<desc id="showcase-chart-desc">[^<]*from 2018 to 2024', source)
    numbers = sorted(int(t) for t in table.bars if int(t) < 1900)
    assert numbers == sorted(expected_counts().values())  # each bar says its number
    chart = source[source.index('<figure class="showcase-chart"'):source.index("</figure>")]
    assert "<script" not in chart and "style=" not in chart


def test_an_undated_item_is_counted_apart_and_nothing_dated_gives_no_chart():
    item = SimpleNamespace
    chart = year_chart([item(year=2020, kind="publication"), item(year=None, kind="output"),
                        item(year=2022, kind="output")], "Work")
    assert [year for year, _ in chart.rows] == [2020, 2021, 2022]
    assert chart.rows[1][1] == (0, 0) and chart.undated == 1
    assert "1 more without a year" in chart.description
    assert year_chart([item(year=None, kind="output")], "Work") is None
