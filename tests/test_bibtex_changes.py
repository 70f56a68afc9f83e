"""An edit of a `.bib` file read from its edited blocks alone (generator/load/bibtex_changes.py)
gives the entries the whole edited file gives, or no answer."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.load.bibtex import load_bibtex_text
from generator.load.bibtex_changes import changed_blocks, common_prefix, edited_entries

TINY = (Path(__file__).parent / "sites" / "tiny" / "bibliography" / "tiny.bib").read_text(
    encoding="utf-8")
SHOWN = "bibliography/tiny.bib"


def whole(text: str) -> dict:
    return {entry.key: entry for entry in load_bibtex_text(text, SHOWN)[0]}


def answer(old: str, new: str):
    return edited_entries(old, new, SHOWN, whole(old))


@given(st.text(alphabet="ab\n", max_size=40), st.text(alphabet="ab\n", max_size=40))
def test_the_common_prefix_is_the_one_python_finds(a, b):
    assert common_prefix(a, b) == len(os.path.commonprefix([a, b]))


def test_the_common_prefix_of_long_texts_crosses_chunks():
    a = "x" * 200_000 + "a" + "y" * 10
    assert common_prefix(a, a[:150_001] + "b") == 150_001
    assert common_prefix(a, a.replace("a", "b")) == 200_000
    assert common_prefix(a, a) == len(a)


CASES = {
    "a title": ("A fictional thesis", "An edited thesis"),
    "an abstract given more lines": ("An invented abstract for the tests.",
                                     "An invented abstract,\nover\nthree lines."),
    "a field added": ("  school     = {University of Testing},\n",
                      "  school     = {University of Testing},\n  note = {Added},\n"),
    "the first entry": ("Journal of <b>Tests</b>", "Journal of Tests"),
    "a space before a closing brace": ("  programmes = {past},\n}", "  programmes = {past},\n }"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_edited_entry_reads_as_in_the_whole_file(case):
    old, new = CASES[case]
    edited = TINY.replace(old, new, 1)
    found = answer(TINY, edited)
    assert found, "no answer"
    expected = whole(edited)
    assert all(entry == expected[entry.key] for entry in found)
    assert any(entry != whole(TINY)[entry.key] for entry in found) == ("space" not in case)


def test_two_edits_far_apart_give_every_entry_between():
    edited = TINY.replace("A talk about tests", "A talk").replace("A fictional chapter", "A ch")
    found = answer(TINY, edited)
    assert [e.key for e in found] == [k for k in whole(edited)][1:5]
    assert all(entry == whole(edited)[entry.key] for entry in found)


NO_ANSWER = {
    "a key renamed": ("@misc{talk2023,", "@misc{talk2024,"),
    "an entry's type changed to another kind": ("@misc{talk2023,", "@article{talk2023,"),
    "an entry added": ("@misc{talk2023,", "@misc{new2025,\n  title = {New},\n  year = {2025},\n}"
                                          "\n\n@misc{talk2023,"),
    "an entry removed": ("@misc{talk2023,", "@comment{talk2023,"),
    "a block that no longer reads": ("  year       = {2023},\n", "  year       = {2023\n"),
    "a macro": ("@misc{talk2023,", "@string{conf = {Conf}}\n\n@misc{talk2023,"),
    "a crossref": ("  eventtitle = {Testing Conference},",
                   "  eventtitle = {Testing Conference},\n  crossref = {person2022},"),
}


@pytest.mark.parametrize("case", list(NO_ANSWER))
def test_an_edit_that_reaches_further_has_no_answer(case):
    old, new = NO_ANSWER[case]
    assert old in TINY
    assert answer(TINY, TINY.replace(old, new, 1)) is None


def test_a_file_with_a_macro_anywhere_has_no_answer():
    text = "@string{conf = {Conf}}\n\n" + TINY
    assert answer(text, text.replace("A fictional thesis", "Edited")) is None


def test_no_change_is_no_entry():
    assert answer(TINY, TINY) == ()
    assert changed_blocks(TINY, TINY) is None


def test_entries_read_before_that_differ_give_no_answer():
    """The blocks as they were must read as the build read them: else the text compared
    with is not the one the build read."""
    before = whole(TINY.replace("A fictional thesis", "Something else"))
    edited = TINY.replace("A fictional thesis", "Edited")
    assert edited_entries(TINY, edited, SHOWN, before) is None


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(TINY)), st.integers(0, 30),
       st.text(alphabet="ab {}@,=\n\\\"", max_size=12))
def test_any_answer_is_what_the_whole_file_reads(at, cut, inserted):
    """Whatever an edit does to the text, an answer holds the entries the whole edited file
    holds under those keys."""
    edited = TINY[:at] + inserted + TINY[at + cut:]
    found = answer(TINY, edited)
    if found:
        expected, problems = load_bibtex_text(edited, SHOWN)
        by_key = {entry.key: entry for entry in expected}
        assert not problems
        assert all(entry == by_key[entry.key] for entry in found)
