"""Bounded work on any BibTeX input: huge fields, deep braces, redefined macros and control
characters end in a clear problem at their line, never a hang or a traceback.

Each load runs under the harness's generous time bound (``bounded`` from test_limits):
only a hang or a blow-up of the work fails it; nothing here times anything.
"""

from __future__ import annotations

import random
from pathlib import Path

import bibtexparser
from test_limits import bounded

from generator.load import limits
from generator.load.bibtex import load_bibtex_text
from generator.load.quiet import quiet_parsers
from generator.text import latex

ENTRY = "@article{{big,\n  author = {{Smith, A.}},\n  title = {{{title}}},\n  year = {{2020}},\n" \
        "  abstract = {{{abstract}}},\n}}\n"


def load(text: str) -> tuple[list, list[str]]:
    with bounded():
        entries, problems = load_bibtex_text(text, "x.bib")
    return entries, [str(problem) for problem in problems]


def abstract_like(size: int, seed: int = 1, plain: int = 3) -> str:
    """Text like an abstract, every word different, LaTeX after all but ``plain`` in 9."""
    rng = random.Random(seed)
    marks = [""] * plain + [r"\%", "--", r"caf\'e", "{COVID}", r"\emph{it}", "$p<0.05$"]
    words, length = [], 0
    while length < size:
        word = "".join(rng.choice("abcdefghijklmnop") for _ in range(rng.randint(2, 9)))
        words.append(word + rng.choice(marks))
        length += len(words[-1]) + 1
    return " ".join(words)[:size].rstrip("\\")


def test_a_ten_megabyte_abstract_is_an_error_at_its_line() -> None:
    entries, problems = load(ENTRY.format(title="T", abstract="word " * 2_000_000))
    assert entries == []
    assert problems == [f"x.bib:5: error: entry 'big': field 'abstract' is 10,000,000 "
                        f"characters long, more than the {limits.MAX_FIELD_CHARS:,} a field "
                        "may hold; shorten it (a long abstract is a few thousand characters) "
                        "or leave it out"]


def test_a_field_just_under_the_limit_loads() -> None:
    abstract = " ".join(["plain"] * (limits.MAX_FIELD_CHARS // 6))
    [entry], problems = load(ENTRY.format(title="T", abstract=abstract))
    assert problems == []
    assert entry.get("abstract") == abstract


def test_long_text_with_latex_decodes_as_it_would_whole() -> None:
    """Decoded in pieces, a long text reads exactly as pylatexenc reads it in one go."""
    for seed in range(5):
        text = abstract_like(20_000, seed)
        with bounded():
            assert latex.decode_latex(text) == latex.decode_piece(text)


def test_long_text_in_braces_decodes_as_it_would_whole() -> None:
    text = r"\emph{" + abstract_like(12_000) + "} and {" + abstract_like(9_000, 2) + "}"
    assert latex.decode_latex(text) == latex.decode_piece(text)


def test_a_megabyte_of_abstract_with_some_latex_loads() -> None:
    abstract = abstract_like(1_000_000, plain=100)
    [entry], problems = load(ENTRY.format(title="T", abstract=abstract))
    assert problems == []
    assert "café" in entry.get("abstract")


def test_a_hundred_kilobytes_of_dense_latex_loads() -> None:
    [entry], problems = load(ENTRY.format(title="T", abstract=abstract_like(100_000, plain=0)))
    assert problems == []
    assert "café" in entry.get("abstract")


def test_braces_nested_three_hundred_deep_are_an_error_at_their_line() -> None:
    title = "{" * 300 + "x" + "}" * 300
    entries, problems = load(ENTRY.format(title=title, abstract="A"))
    assert entries == []
    assert problems == [f"x.bib:3: error: entry 'big': field 'title' has braces {{ }} nested "
                        f"more than {limits.MAX_BRACE_DEPTH} deep; real values need only a few "
                        "levels: remove the extra braces"]


def test_braces_at_the_depth_limit_load() -> None:
    depth = limits.MAX_BRACE_DEPTH
    [entry], problems = load(ENTRY.format(title="{" * depth + "x" + "}" * depth, abstract="A"))
    assert (entry.title, problems) == ("x", [])


def test_redefined_string_macros_are_one_warning_each() -> None:
    macros = "".join(f"@string{{m{n} = {{Journal {n}}}}}\n" for n in range(3000))
    again = "".join(f"@string{{m{n} = {{J. {n}}}}}\n" for n in range(0, 3000, 3))
    entries, problems = load(macros + again + "@article{a, title = m3, year = {2020}}\n")
    assert len(problems) == 1000
    assert problems[0] == ("x.bib:3001: warning: the @string macro 'm0' is defined again here "
                           "(first on line 1); the first definition is used: remove one of the "
                           "two")
    assert not [p for p in problems if "entry key" in p]
    assert [entry.title for entry in entries] == ["Journal 3"]


def test_control_characters_are_removed_with_a_warning() -> None:
    [entry], problems = load(ENTRY.format(title="Nul\x00 and bell\x07", abstract="tab\tkept"))
    assert entry.title == "Nul and bell"
    assert problems == ["x.bib:3: warning: entry 'big': field 'title' holds 2 invisible control "
                        "character(s) (the first U+0000), which were left out; delete them in "
                        "your editor"]


def test_real_fields_decode_in_pieces_as_they_would_whole() -> None:
    """Every field of the real-world corpus and the default bibliography, decoded in pieces
    of latex.CHUNK_CHARS, reads as pylatexenc reads it in one go."""
    root = Path(__file__).resolve().parent.parent
    files = [*root.glob("bibliography/*.bib"), *root.glob("tests/golden/bibtex/real/*.bib")]
    values = []
    with quiet_parsers():
        for path in files:
            library = bibtexparser.parse_string(path.read_text(encoding="utf-8"))
            values += [field.value for entry in library.entries for field in entry.fields
                       if isinstance(field.value, str) and len(field.value) > latex.CHUNK_CHARS]
    assert len(values) > 80
    assert [v for v in values if latex.decode_latex(v) != latex.decode_piece(v)] == []
