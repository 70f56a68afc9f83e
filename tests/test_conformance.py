"""Conformance: showcase's citations against citeproc-js's, for the items in tests/conformance.

`tests/conformance/items.json` is formatted twice: by showcase, through the path
`showcase cite` takes (CSL-JSON -> Entries -> CitationFormatter), and by citeproc-js
(`node tests/conformance/make_references.js` writes `reference/<style>.<format>.json`).
Both sides are normalised (see `normalise`), then compared. Per style and format at least
98% must be identical, and the items that differ must be exactly those listed, with a
reason, in docs/citations.md.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import citeproc
import pytest
from conformance.compare import differences, normalise  # tests/ is on sys.path

from generator.cite.formatter import BUILTIN_STYLES
from generator.commands.cite import cite_files
from generator.model import Formatted

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "tests" / "conformance"
ITEMS = HERE / "items.json"
DOC = ROOT / "docs" / "citations.md"
STYLES = BUILTIN_STYLES
FORMATS = ("text", "html")
LOCALE = "en-GB"
THRESHOLD = 0.98


@cache
def our_citations(style: str) -> dict[str, Formatted]:
    citations, problems = cite_files([ITEMS], style, LOCALE, ROOT)
    assert problems == []
    return citations


@cache
def reference(style: str, form: str) -> dict[str, str]:
    path = HERE / "reference" / f"{style}.{form}.json"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(ROOT)} is missing: run "
                    "`node tests/conformance/make_references.js`")
    return json.loads(path.read_text(encoding="utf-8"))


def differing(style: str, form: str) -> set[str]:
    ours = {key: getattr(value, form) for key, value in our_citations(style).items()}
    return set(differences(ours, reference(style, form), form))


DIFFERENCE_HEADER = "| item id | style | format | ours | citeproc-js | reason |"
DIFFERENCE_ROW = re.compile(r"^\| `([^`]+)` \| ([\w-]+) \| (text|html) \| (.+?) \| (.+?) \| .+ \|$",
                            re.MULTILINE)
RESULT_ROW = re.compile(r"^\| ([\w-]+) \| (text|html) \| (\d+) / (\d+) \| ([\d.]+)% \|$",
                        re.MULTILINE)


@cache
def documented() -> dict[tuple[str, str, str], tuple[str, str]]:
    """(style, format, id) -> (ours, citeproc-js) for each row of the table of differences
    in docs/citations.md; a cell may be in backticks."""
    rows = DIFFERENCE_ROW.findall(DOC.read_text(encoding="utf-8"))
    return {(style, form, key): (ours.strip("`"), theirs.strip("`"))
            for key, style, form, ours, theirs in rows}


def test_reference_covers_every_item() -> None:
    keys = {item["id"] for item in json.loads(ITEMS.read_text(encoding="utf-8"))}
    assert len(keys) >= 60
    for style in STYLES:
        assert set(our_citations(style)) == keys
        for form in FORMATS:
            assert set(reference(style, form)) == keys, (style, form)


def test_locale_is_the_one_citeproc_py_reads() -> None:
    for name in ("locales-en-GB.xml", "locales-en-US.xml"):
        ours = Path(citeproc.LOCALES_PATH) / name
        assert (HERE / "locales" / name).read_bytes() == ours.read_bytes(), name


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("style", STYLES)
def test_matches_citeproc_js(style: str, form: str) -> None:
    differences = differing(style, form)
    share = 1 - len(differences) / len(reference(style, form))
    assert share >= THRESHOLD, sorted(differences)
    listed = {key for s, f, key in documented() if (s, f) == (style, form)}
    assert differences == listed, "docs/citations.md must list exactly the differences"


def test_documented_differences_show_both_outputs() -> None:
    """Each row's two outputs are the ones measured. The table is empty at present, so this
    also checks that it is still found and that a row in its format would be read."""
    assert DIFFERENCE_HEADER in DOC.read_text(encoding="utf-8")
    row = "| `item-1` | apa | html | `<i>A</i>` | `A` | italics |"
    assert DIFFERENCE_ROW.findall(row) == [("item-1", "apa", "html", "`<i>A</i>`", "`A`")]
    wrong = {}
    for (style, form, key), shown in sorted(documented().items()):
        measured = tuple(normalise(text, form) for text in (
            getattr(our_citations(style)[key], form), reference(style, form)[key]))
        if shown != measured:
            wrong[style, form, key] = {"docs": shown, "measured": measured}
    assert wrong == {}


def test_documented_results_are_the_measured_ones() -> None:
    rows = RESULT_ROW.findall(DOC.read_text(encoding="utf-8"))
    assert {(style, form) for style, form, *_ in rows} == \
        {(style, form) for style in STYLES for form in FORMATS}
    for style, form, same, total, share in rows:
        measured = len(reference(style, form)) - len(differing(style, form))
        assert (int(same), int(total)) == (measured, len(reference(style, form)))
        assert share == f"{100 * measured / int(total):.1f}"


@pytest.mark.parametrize(("theirs", "ours"), [
    ("A &#38; B", "A &amp; B"),
    ("x &#60; y", "x &lt; y"),
    ("it&#8217;s", "it’s"),
    ('See https://doi.org/10.1/x', 'See <a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>'),
    ("e\u0301", "\u00e9"),
    (" a  b\n", "a b"),
])
def test_normalisation_equivalences(theirs: str, ours: str) -> None:
    assert normalise(theirs, "html") == normalise(ours, "html")


@pytest.mark.parametrize(("one", "other"), [
    ("<i>J</i>", "J"),
    ('<span style="font-style:italic;">J</span>', "<i>J</i>"),
    ("A &amp; B", "A & B"),
    ("‘x’", "'x'"),
    ('<a href="https://evil.example/">https://doi.org/10.1/x</a>', "https://doi.org/10.1/x"),
])
def test_normalisation_keeps_real_differences(one: str, other: str) -> None:
    assert normalise(one, "html") != normalise(other, "html")
