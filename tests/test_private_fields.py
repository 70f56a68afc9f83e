"""Fields private to a reference manager (local file paths, notes, bookkeeping): a warning
naming each, and `showcase format` leaves them out."""

from __future__ import annotations

import pytest

from generator.edit.bibtex_writer import format_bibtex
from generator.load.bibtex import load_bibtex_text
from generator.load.bibtex_guards import PRIVATE_FIELDS

ENTRY = "@article{{k,\n  title = {{T}},\n  {name} = {{{value}}},\n  year = {{2020}},\n}}\n"


@pytest.mark.parametrize("name", [*sorted(PRIVATE_FIELDS), "bdsk-file-1", "comment-nina"])
def test_each_private_field_is_a_warning_and_formatted_away(name: str) -> None:
    text = ENTRY.format(name=name, value="C:/Users/nina/paper.pdf")
    [problem] = load_bibtex_text(text, "x.bib")[1]
    assert (problem.source.line, problem.severity.value) == (3, "warning")
    assert problem.message.startswith(f"entry 'k': field '{name}' holds ")
    assert problem.message.endswith("`showcase format` removes it")
    formatted = format_bibtex(text)
    assert name not in formatted and "paper.pdf" not in formatted
    assert load_bibtex_text(formatted, "x.bib")[1] == []


def test_other_fields_are_kept() -> None:
    text = ENTRY.format(name="note", value="Open access")
    assert load_bibtex_text(text, "x.bib")[1] == []
    assert "Open access" in format_bibtex(text)
