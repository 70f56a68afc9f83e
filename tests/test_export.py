"""Downloads re-import cleanly: BibTeX through our loader (bibtexparser), RIS through rispy,
CSL-JSON through citeproc-py."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import rispy
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON

from generator.load.bibtex import load_bibliography, load_bibtex_text
from generator.model import Entry, Name
from generator.site.exports import export_files, to_bibtex, to_csl_json, to_ris

ROOT = Path(__file__).resolve().parent.parent
SEED, _ = load_bibliography(ROOT)
HOSTILE = Entry(key="hostile", bibtype="article", kind="publication",
                title='<script>alert(1)</script> & 50% {braces} $x$ #1 a_b "q"',
                authors=(Name(family="Müller", given="Jürgen", particle="von"),
                         Name(literal="World Health Organization")),
                et_al=True, year=2024, date=(2024, 2),
                fields=(("doi", "10.1234/x_y"), ("journal", "J & J"), ("pages", "1–10")),
                programmes=("demo",))


def comparable(entry: Entry) -> tuple:
    return (entry.key, entry.bibtype, entry.kind, entry.title, entry.authors, entry.et_al,
            entry.date, entry.fields, entry.programmes)


def test_bibtex_export_reimports_to_the_same_entries():
    entries = [*SEED, HOSTILE]
    again, problems = load_bibtex_text(to_bibtex(entries), "export.bib")
    assert problems == []
    assert [comparable(e) for e in again] == [comparable(e) for e in entries]


def test_ris_export_reimports_with_titles_authors_and_dois():
    records = rispy.loads(to_ris([*SEED, HOSTILE]))
    assert [r["primary_title"] for r in records] == [e.title for e in [*SEED, HOSTILE]]
    watcch = next(r for r in records if r["id"] == "dutta2022watcch")
    assert watcch["authors"][:2] == ["Dutta, N.", "Scott, K."]
    assert (watcch["start_page"], watcch["end_page"]) == ("102", "108")
    assert records[-1]["authors"] == ["von Müller, Jürgen", "World Health Organization"]
    assert records[-1]["doi"] == "10.1234/x_y"


def test_csl_json_export_formats_with_citeproc():
    items = json.loads(to_csl_json([*SEED, HOSTILE]))
    assert items[-1]["title"] == HOSTILE.title  # text, not HTML escapes
    style = CitationStylesStyle(str(ROOT / "theme/csl/apa.csl"), locale="en-GB", validate=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of CSL variables it ignores
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(text) for text in bibliography.bibliography()]
    assert len(rendered) == len(items)
    assert any("WATCCH: a multiprofessional approach" in text for text in rendered)


def test_export_files_come_in_three_formats():
    files = export_files("publications/x/x", [HOSTILE])
    assert sorted(files) == ["publications/x/x.bib", "publications/x/x.json",
                             "publications/x/x.ris"]
    assert "pages = {1--10}" in files["publications/x/x.bib"]
