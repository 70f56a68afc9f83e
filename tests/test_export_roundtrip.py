"""The site's downloads lose no text: each of its .bib, .ris and .json files, read back by
the reader that format has here, gives the same title, names and fields.

BibTeX is read by our own loader, RIS by rispy, CSL-JSON by our own CSL-JSON loader, for
every entry of the golden corpora and for generated hostile text (LaTeX specials, TeX
ligatures, braces balanced or not, quotes, scripts other than Latin, combining accents).

What a format cannot hold, and so is not asked of it:
- BibTeX, like TeX, reads any run of whitespace as one space, so a line break in a value
  comes back as a space (the words are kept). A particle ('von', 'de la') is recognised by
  BibTeX only as lower-case words; generated particles are such words.
- RIS holds a value on one line after its tag, and readers drop spaces at either end:
  ``exports.one_line`` writes whitespace runs as one space. Its names are strings
  ('von Last, First, Jr'); a comma inside a name part cannot be told from the separator.
  rispy reads a `;` in a UR line as the end of one address and the start of another: the
  text is kept, split there.
- CSL-JSON writes page ranges with a hyphen, as CSL asks; and has one `container-title`
  where BibTeX has both `journal` and `booktitle`. Exporting again what was read back gives
  the same CSL-JSON, so nothing else is lost.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cite.to_csl import page_range
from generator.load.bibtex import load_bibtex_file, load_bibtex_text
from generator.load.bibtex_guards import PRIVATE_ADVICE
from generator.load.csl_json import load_csl_json_text
from generator.model import Entry, Name
from generator.site.exports import (
    BIBTEX_FIELDS,
    ris_name,
    ris_record,
    to_bibtex,
    to_csl_json,
    to_ris,
)

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted([*(ROOT / "tests/golden/bibtex").glob("*.bib"),
                  *(ROOT / "bibliography").glob("*.bib"),
                  *(ROOT / "tests/sites/tiny/bibliography").glob("*.bib")])

HOSTILE = [
    "\\", "\\\\", "C:\\path\\x", "\\url{x}", "\\'e", "{", "}", "{z}", "}{", "--", "---", "''",
    "``", "`", "'", '"', "“quoted”", "%", "&", "#1", "_", "~", "$", "$x^2$", "^", "!`", "?`",
    "=", ", year = 2020", "@article{x,", " and ", " AND ", "others", ",", ";", "中文", "王小明",
    "Ωμέγα", "עברית", "العربية", "हिन्दी", "e\u0301", "a\u0308", "\u00a0", "\n", "\t", "  ",
]
SETTINGS = settings(max_examples=80, deadline=None, derandomize=True, database=None)

raw_text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=3), max_size=6).map("".join)
# What the loaders give: whitespace runs as one space, none at either end, and no control
# characters (the BibTeX loader removes them, with a warning).
text = raw_text.map(lambda value: " ".join(re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "",
                                                  value).split()))
some_text = text.filter(bool)
person = st.builds(Name, family=some_text, given=text, suffix=st.sampled_from(["", "Jr"]) | text,
                   particle=st.sampled_from(["", "von", "van der", "de la", "d'"]))
names = st.lists(person | st.builds(Name, literal=some_text), max_size=2).map(tuple)
TEXT_FIELDS = ("journal", "booktitle", "publisher", "address", "note", "abstract", "keywords",
               "volume", "number", "pages", "series", "edition", "isbn")
# A DOI or URL is kept verbatim, as BibTeX keeps them: any characters but spaces and braces.
VERBATIM = st.text("abcXYZ019._;()/:<>%#~?=&-", max_size=8)
identifiers = st.fixed_dictionaries({}, optional={"doi": VERBATIM.map("10.1234/x".__add__),
                                                  "url": VERBATIM.map("https://e.org/".__add__)})
fields = st.tuples(st.dictionaries(st.sampled_from(TEXT_FIELDS), some_text, max_size=4),
                   identifiers).map(lambda parts: tuple(sorted({**parts[0], **parts[1]}.items())))
entries = st.builds(Entry, key=st.just("k"), bibtype=st.just("article"),
                    kind=st.just("publication"), title=text, authors=names, et_al=st.booleans(),
                    editors=names, translators=names, fields=fields,
                    date=st.sampled_from([(), (2020,), (2021, 3), (2022, 12, 31)]))


def same_text(entry: Entry) -> tuple:
    return (entry.title, entry.authors, entry.et_al, entry.editors, entry.translators,
            entry.date, entry.fields)


def published(entry: Entry) -> Entry:
    """The entry as the .bib download holds it: its fields of BIBTEX_FIELDS (reference
    managers' bookkeeping, such as `file` paths on someone's computer, is not published)."""
    kept = tuple((name, value) for name, value in entry.fields if name in BIBTEX_FIELDS)
    return Entry(**{**entry.__dict__, "fields": kept})


def reread_bibtex(found: list[Entry]) -> list[Entry]:
    again, problems = load_bibtex_text(to_bibtex(found), "download.bib")
    assert problems == []
    return again


def reread_csl_json(found: list[Entry]) -> list[Entry]:
    again, problems = load_csl_json_text(to_csl_json(found), "download.json")
    assert problems == []
    return again


# ---- the bug as reported ---------------------------------------------------------------


@pytest.mark.parametrize("title", ["C:\\path\\x", "A -- B", "it''s", "x\\y {z}", "A --- B",
                                   "``q''", "50% & $5 #1 a_b ~ x^2", "a } b {", "E = mc, year = 2"])
def test_bibtex_download_keeps_the_title(title: str) -> None:
    entry = Entry("k", "article", "publication", title)
    assert [e.title for e in reread_bibtex([entry])] == [title]


# ---- any text --------------------------------------------------------------------------


@SETTINGS
@given(entries)
def test_bibtex_download_reimports_any_text(entry: Entry) -> None:
    assert [same_text(e) for e in reread_bibtex([entry])] == [same_text(entry)]


@SETTINGS
@given(entries, raw_text)
def test_ris_download_reimports_any_text(entry: Entry, abstract: str) -> None:
    entry = Entry(**{**entry.__dict__, "fields": (*entry.fields, ("abstract", abstract))})
    [record], written = rispy.loads(to_ris([entry])), ris_record(entry)
    assert ";".join(record.pop("urls", [])) == ";".join(written.pop("urls", []))
    assert record == written
    assert record.get("primary_title", "") == entry.title
    assert record.get("authors", []) == [ris_name(name) for name in entry.authors]
    assert record.get("abstract", "").split() == abstract.split()  # a line break: a space


@SETTINGS
@given(entries)
def test_csl_json_download_reimports_any_text(entry: Entry) -> None:
    one_container = tuple((name, value) for name, value in entry.fields if name != "booktitle")
    entry = Entry(**{**entry.__dict__, "fields": one_container})
    [again] = reread_csl_json([entry])
    assert (again.title, again.authors, again.editors, again.translators, again.date) == (
        entry.title, entry.authors, entry.editors, entry.translators, entry.date)
    expected = {name: page_range(value) if name == "pages" else value
                for name, value in entry.fields}
    assert {name: value for name, value in again.fields if name in expected} == expected
    assert to_csl_json([again]) == to_csl_json([entry])


# ---- the golden corpora ----------------------------------------------------------------


@pytest.mark.parametrize("bib", CORPORA, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_downloads_of_the_corpora_reimport_the_same(bib: Path) -> None:
    found, problems = load_bibtex_file(bib, bib.name)
    # Only warnings about fields private to a reference manager, which are never published.
    assert found and [p for p in problems if not p.message.endswith(PRIVATE_ADVICE)] == []
    published_found = [published(entry) for entry in found]
    assert [(e.key, e.bibtype, e.kind, *same_text(e), e.date_end, e.programmes)
            for e in reread_bibtex(found)] == [
        (e.key, e.bibtype, e.kind, *same_text(e), e.date_end, e.programmes)
        for e in published_found]
    assert rispy.loads(to_ris(found)) == [ris_record(entry) for entry in found]
    again = reread_csl_json(found)
    assert [(e.title, e.authors, e.editors, e.date) for e in again] == [
        (e.title, e.authors, e.editors, e.date) for e in found]
    assert json.loads(to_csl_json(again)) == json.loads(to_csl_json(found))
