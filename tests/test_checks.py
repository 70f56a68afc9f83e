"""The checks of checks/records.py and the per-type gaps of checks/references.py, unit by unit.

The messages themselves are pinned by the golden cases in golden/bad_input/ (bib-duplicate-*,
bib-doi-pmid-url-syntax, bib-type-fields, person-*, future-dates).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.checks import BUILD_CHECKS, CHECK_ONLY, Context, run_checks
from generator.checks.records import (
    dois_stored_as_urls,
    duplicate_identifiers,
    duplicate_titles,
    future_dates,
    normalised_title,
    orcid_check_digit,
    unreferenced_people,
)
from generator.load.bibtex import load_bibtex_text
from generator.model import Output, Person, Programme, Severity, Site, Source
from generator.model import Settings as SiteSettings
from generator.pipeline import check
from generator.text.doi import doi_key

REPO = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 26)


def entries(bibtex: str):
    found, problems = load_bibtex_text(bibtex, "bibliography/x.bib")
    assert problems == []
    return found


def site(*, bibtex: str = "", people=(), programmes=(), outputs=()) -> Site:
    return Site(SiteSettings(title="Test"), tuple(people), tuple(programmes), tuple(outputs),
                tuple(entries(bibtex)) if bibtex else ())


def article(key: str, **fields: str) -> str:
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
    return f"@article{{{key},\n{body}}}\n\n"


def test_the_default_site_is_clean_under_strict() -> None:
    _, problems = check(REPO)
    assert [str(p) for p in problems if p.severity is not Severity.NOTE] == []


@pytest.mark.parametrize(("orcid", "digit"), [
    ("0000-0002-1825-0097", "7"), ("0000-0001-5109-3700", "0"), ("0000-0002-1694-233X", "X"),
])
def test_orcid_check_digits(orcid: str, digit: str) -> None:
    assert orcid_check_digit(orcid.replace("-", "")[:15]) == digit


def test_a_wrong_orcid_check_digit_is_an_error() -> None:
    people = [Person("ann", "Ann", orcid="0000-0002-1694-2330", source=Source("p.yml", 3)),
              Person("bob", "Bob", orcid="0000-0002-1694-233X", source=Source("p.yml", 6))]
    programme = Programme("alpha", "Alpha", "A.", status="active", leads=("ann", "bob"))
    problems = run_checks(BUILD_CHECKS + CHECK_ONLY,
                          Context(site(people=people, programmes=[programme]), today=TODAY))
    assert [(str(p.source), p.severity) for p in problems] == [("p.yml:3", Severity.ERROR)]
    assert "should be 'X'" in problems[0].message


@pytest.mark.parametrize("stored", ["https://doi.org/10.1136/bmj.m966", "doi:10.1136/bmj.m966",
                                    "DOI 10.1136/bmj.m966", "doi.org/10.1136/bmj.m966",
                                    "http://dx.doi.org/doi:10.1136/bmj.m966"])
def test_a_doi_stored_with_a_prefix_is_read_bare_and_reported(tmp_path: Path,
                                                              stored: str) -> None:
    """The loader and the check share one rule (text/doi): what one strips, the other reports."""
    bibtex = article("a", title="One", doi=stored)
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "bibliography" / "x.bib").write_text(bibtex, encoding="utf-8")
    found = entries(bibtex)
    assert found[0].get("doi") == "10.1136/bmj.m966"
    assert [p.message for p in dois_stored_as_urls(found, tmp_path)] == [
        f"entry 'a': field 'doi' is stored as '{stored}'; store the bare DOI: "
        "doi = {10.1136/bmj.m966}"]


def test_dois_are_compared_without_case_or_address() -> None:
    assert doi_key("https://doi.org/10.1136/BMJ.m966") == doi_key("10.1136/bmj.M966")
    found = entries(article("a", title="One", doi="10.1136/BMJ.M966")
                    + article("b", title="Two", doi="https://doi.org/10.1136/bmj.m966"))
    problems = list(duplicate_identifiers(found, "doi", "DOI", doi_key))
    assert [p.message for p in problems] == [
        "entry 'b' has the same DOI (10.1136/bmj.m966) as entry 'a' at bibliography/x.bib:1; "
        "keep only one of them"]
    assert problems[0].source == Source("bibliography/x.bib", 8)  # the line of b's doi


def test_titles_are_compared_without_case_punctuation_or_spacing() -> None:
    assert normalised_title("WATCCH: a  multiprofessional approach!") == \
        normalised_title("watcch a multiprofessional approach")


def test_a_talk_may_share_its_title_with_the_paper() -> None:
    bibtex = (article("paper", title="Widening access", journal="J", year="2020")
              + "@misc{talk,\n  title = {Widening access},\n  eventtitle = {ASME},\n"
              "  type = {presentation},\n}\n")
    assert list(duplicate_titles(entries(bibtex))) == []


def test_a_shared_doi_is_not_reported_again_as_a_shared_title() -> None:
    bibtex = article("a", title="Same", doi="10.1/x") + article("b", title="Same", doi="10.1/X")
    assert list(duplicate_titles(entries(bibtex))) == []


@pytest.mark.parametrize(("when", "future"), [
    ("2026", False), ("2026-11", False), ("2026-11-26", False), ("2026-11-27", True),
    ("2026-12", True), ("2027", True), ("2025-12-31", False),
])
def test_dates_after_today_are_warned_about(when: str, future: bool) -> None:
    field = {"date": when} if "-" in when else {"year": when}
    problems = list(future_dates(site(bibtex=article("a", title="T", **field)), TODAY))
    assert bool(problems) is future
    assert all(p.severity is Severity.WARNING for p in problems)


def test_an_output_year_after_this_year_is_warned_about() -> None:
    outputs = [Output("now", "Now", "video", year=2026), Output("later", "Later", "video",
                                                                 year=2027)]
    problems = list(future_dates(site(outputs=outputs), TODAY))
    assert [p.message for p in problems] == ["output 'later': its year 2027 is in the future; "
                                             "check it"]


def test_people_are_referred_to_by_programmes_outputs_authors_and_editors() -> None:
    people = [Person(i, i.title(), variants=v) for i, v in [
        ("lead", ()), ("member", ()), ("maker", ()), ("author", ("Author, A.",)),
        ("editor", ("Editor, E.",)), ("nobody", ("Nobody, N.",))]]
    bibtex = ("@book{b,\n  author = {Author, Ann},\n  editor = {Editor, E.},\n"
              "  title = {T},\n}\n")
    programmes = [Programme("p", "P", "S.", leads=("lead",), people=("member",))]
    outputs = [Output("o", "O", "video", people=("maker",))]
    found = unreferenced_people(site(bibtex=bibtex, people=people, programmes=programmes,
                                     outputs=outputs))
    assert [p.message.split("'")[1] for p in found] == ["nobody"]


def test_the_clock_is_injectable_through_check(tmp_path: Path) -> None:
    (tmp_path / "bibliography").mkdir()
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "site.yml").write_text(
        "title: T\ncitation_style: ../../theme/csl/medic-vancouver.csl\n", encoding="utf-8")
    (tmp_path / "bibliography" / "p.bib").write_text(
        article("a", author="Smith, A.", title="T", journal="J", date="2026-12-01",
                doi="10.1/a", known_gaps="programmes"), encoding="utf-8")
    in_time = [p for p in check(tmp_path, today=date(2026, 12, 1))[1] if "future" in p.message]
    too_soon = [p for p in check(tmp_path, today=TODAY)[1] if "future" in p.message]
    assert (in_time, len(too_soon)) == ([], 1)


@pytest.mark.parametrize(("bibtype", "fields", "gap"), [
    ("book", {}, "publisher"), ("inproceedings", {}, "booktitle"),
    ("phdthesis", {}, "school"), ("mastersthesis", {"institution": "U"}, None),
    ("techreport", {}, "institution"), ("report", {"institution": "U"}, None),
    ("inproceedings", {"booktitle": "Proc."}, None), ("misc", {}, "venue"),
])
def test_required_fields_per_type(bibtype: str, fields: dict, gap: str | None) -> None:
    body = "".join(f"  {k} = {{{v}}},\n" for k, v in fields.items())
    bibtex = (f"@{bibtype}{{k,\n  author = {{A, B.}},\n  title = {{T}},\n  year = {{2020}},\n"
              f"  programmes = {{p}},\n{body}}}\n")
    programmes = [Programme("p", "P", "S.", status="active")]
    warned = [p.message for p in run_checks(BUILD_CHECKS, Context(site(bibtex=bibtex,
                                                                    programmes=programmes)))
              if p.severity is Severity.WARNING]
    assert warned == ([f"entry 'k': it has no '{gap}'; add it, or if the source does not give "
                       f"it, add '{gap}' to known_gaps"] if gap else [])


def test_names_are_matched_as_the_site_matches_them() -> None:
    people = [Person("ann", "Ann", variants=("Smith, A.",))]
    bibtex = article("a", author="Smith, Ann", title="T")
    assert list(unreferenced_people(site(bibtex=bibtex, people=people))) == []
