"""Real BibTeX exports (golden/bibtex/real/, sources in its README): every entry is listed,
deliberately not listed (a @set, an @xdata, a container a crossref names), or named by a
precise problem; nothing is lost.

Each <name>.expected.txt holds the keys listed, the keys not listed, and every problem, as
the loader gives them. Run with UPDATE_GOLDEN=1 to rewrite them; read every line you keep:
each problem must be true of the file.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import bibtexparser
import pytest
from test_limits import bounded

from generator.load import crossref
from generator.load.bibtex import load_bibtex_file

REAL = Path(__file__).resolve().parent / "golden" / "bibtex" / "real"
SAMPLES = sorted(REAL.glob("*.bib"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
# An entry's first line, as BibTeX finds one: `@type{key,` (not @string, @preamble, @comment).
ENTRY_START = re.compile(r"(?im)^\s*@(?!string\b|preamble\b|comment\b)\w+\s*\{\s*([^\s,{}]+)")


def report(sample: Path) -> tuple[str, list, set[str], list]:
    with bounded():
        entries, problems = load_bibtex_file(sample, f"bibliography/{sample.name}")
    library = bibtexparser.parse_string(sample.read_text(encoding="utf-8"))
    unlisted = crossref.unlisted({block.key: block for block in library.entries})
    lines = [*(f"listed: {entry.key}" for entry in entries),
             *(f"not listed: {key}" for key in sorted(unlisted)),
             *(str(problem) for problem in problems)]
    return "".join(f"{line}\n" for line in lines), entries, unlisted, problems


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_every_entry_loads_or_is_reported(sample: Path) -> None:
    found, entries, unlisted, problems = report(sample)
    expected = sample.with_suffix(".expected.txt")
    if UPDATE:
        expected.write_text(found, encoding="utf-8")
    assert found == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.name)
def test_nothing_is_lost(sample: Path) -> None:
    """Entries in = entries listed + entries not listed on purpose + entries reported."""
    text = sample.read_text(encoding="utf-8")
    _, entries, unlisted, problems = report(sample)
    reported = {key for key in ENTRY_START.findall(text)
                if any(f"'{key}'" in problem.message for problem in problems)}
    accounted = {entry.key for entry in entries} | unlisted | reported
    assert [key for key in ENTRY_START.findall(text) if key not in accounted] == []
