"""Citations: golden outputs per style, escaping, DOIs, et al. padding and the cache.

The golden files in tests/golden/citations/ hold, for every entry of input.bib, the HTML and
text that `CitationFormatter(style, "en-GB").format` gives. To rewrite them after a
deliberate change, run `UPDATE_GOLDEN=1 pytest tests/test_cite.py` and read the diff.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import cache
from pathlib import Path

import pytest

from generator.cite import after, before
from generator.cite import formatter as formatter_module
from generator.cite.formatter import (
    BUILTIN_STYLES,
    CitationFormatter,
    Style,
    read_style,
    resolve_style,
)
from generator.cite.to_csl import to_csl
from generator.load.bibtex import load_bibtex_file, load_bibtex_text
from generator.model import Entry, Name, Source
from generator.site import labels
from generator.text.doi import bare_doi
from generator.text.markup import escape_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "citations"
INPUT = GOLDEN / "input.bib"
LOCALE = "en-GB"
DOI_LINK = '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a>'


def style_named(name: str) -> Style:
    style, problems = resolve_style(name, ROOT, Source("tests/test_cite.py"))
    assert style is not None, problems
    return style


@cache
def entries() -> tuple[Entry, ...]:
    found, problems = load_bibtex_file(INPUT, "tests/golden/citations/input.bib")
    assert problems == []
    return tuple(found)


def entry(key: str) -> Entry:
    return next(e for e in entries() if e.key == key)


@cache
def formatted(name: str) -> dict[str, dict[str, str]]:
    citations, problems = CitationFormatter(style_named(name), LOCALE).format(list(entries()))
    assert problems == []
    return {key: {"html": c.html, "text": c.text} for key, c in citations.items()}


# Golden files ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", BUILTIN_STYLES)
def test_golden_citations(name: str) -> None:
    path = GOLDEN / f"{name}.json"
    actual = formatted(name)
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert list(actual) == list(expected)
    for key in expected:
        assert actual[key] == expected[key], key


def test_default_style_renders_like_the_groups_lists() -> None:
    assert formatted("medic-vancouver")["dutta2022watcch"]["text"] == (
        "Dutta N, Scott K, Horsburgh J, et al. WATCCH: a multiprofessional approach to widening "
        "participation in healthcare careers. Education for Primary Care. 2022;33(2):102-8.")


# Escaping ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ("Tom & Jerry", "Tom &amp; Jerry"),
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<i>Homo sapiens</i> in H<sub>2</sub>O", "<i>Homo sapiens</i> in H<sub>2</sub>O"),
    ("x<sup>2</sup> and <b>bold</b>", "x<sup>2</sup> and <b>bold</b>"),
    ("An <i>unclosed italic", "An &lt;i&gt;unclosed italic"),
    ("<i>closed</i> then <i>open", "&lt;i&gt;closed&lt;/i&gt; then &lt;i&gt;open"),
    ("<i><b>crossed</i></b>", "&lt;i&gt;&lt;b&gt;crossed&lt;/i&gt;&lt;/b&gt;"),
    ("</i>closed first<i>", "&lt;/i&gt;closed first&lt;i&gt;"),
    ('<i class="x">attribute</i>', '&lt;i class="x"&gt;attribute&lt;/i&gt;'),
    ("<I>upper case</I>", "&lt;I&gt;upper case&lt;/I&gt;"),
    ("<em>not allowed</em>", "&lt;em&gt;not allowed&lt;/em&gt;"),
    ("<i>ok</i> but <script>", "<i>ok</i> but &lt;script&gt;"),
    ('<span style="font-variant:small-caps;">ecg</span>',
     '<span style="font-variant:small-caps;">ecg</span>'),
    ('<span style="font-variant: small-caps">ecg</span>',
     '<span style="font-variant:small-caps;">ecg</span>'),
    ("<span>plain span</span>", "&lt;span&gt;plain span&lt;/span&gt;"),
    ('<span style="color:red">x</span>', '&lt;span style="color:red"&gt;x&lt;/span&gt;'),
    ('<span style="font-variant:small-caps;" onclick="x()">x</span>',
     '&lt;span style="font-variant:small-caps;" onclick="x()"&gt;x&lt;/span&gt;'),
])
def test_escape_text(value: str, expected: str) -> None:
    assert escape_text(value) == expected


@pytest.mark.parametrize("name", BUILTIN_STYLES)
def test_markup_in_data_stays_text(name: str) -> None:
    citations = formatted(name)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in citations["edge-xss"]["html"]
    assert "<i>Homo sapiens</i>" in citations["edge-markup"]["html"]
    assert "H<sub>2</sub>O" in citations["edge-markup"]["html"]
    assert "An &lt;i&gt;unclosed italic" in citations["edge-unbalanced"]["html"]
    for key, citation in citations.items():
        assert "<script" not in citation["html"], key
        assert not after.BARE_AMPERSAND.search(citation["html"]), key
        assert "<b onclick" not in citation["html"], key
        assert not re.search(r'href="(?!https?://)', citation["html"]), key


# DOIs and links ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", BUILTIN_STYLES)
def test_no_doubled_doi_prefix_anywhere(name: str) -> None:
    for key, citation in formatted(name).items():
        for form in citation.values():
            assert not re.search(r"doi\.org/(https?:|doi:)", form, re.IGNORECASE), key


@pytest.mark.parametrize("name", BUILTIN_STYLES)
@pytest.mark.parametrize("key", ["edge-doi-https", "edge-doi-prefix", "edge-doi-dx",
                                 "edge-doi-twice"])
def test_doi_is_one_link(name: str, key: str) -> None:
    citation = formatted(name)[key]
    assert citation["html"].count(DOI_LINK) == 1
    assert citation["text"].count("https://doi.org/10.1/x") == 1
    assert citation["html"].count("<a ") == 1


@pytest.mark.parametrize("value", ["10.1/x", "doi:10.1/x", "DOI: 10.1/x", "https://doi.org/10.1/x",
                                   "http://dx.doi.org/10.1/x", "DOI 10.1/x", "doi  10.1/x",
                                   "https://doi.org/https://doi.org/10.1/x", "doi.org/10.1/x",
                                   "doi:https://dx.doi.org/10.1/x"])
def test_bare_doi(value: str) -> None:
    """One rule for the loader, the CSL mapping and `showcase add`: every prefix goes."""
    assert bare_doi(value) == "10.1/x"
    entries, _ = load_bibtex_text(f"@article{{k, title={{T}}, doi={{{value}}}}}", "x.bib")
    assert entries[0].get("doi") == "10.1/x"
    assert to_csl(entries[0], "k")["DOI"] == "10.1/x"


def test_doi_address_in_url_field_becomes_the_doi() -> None:
    only_url = Entry("k", "article", "publication", "T", fields=(
        ("url", "https://doi.org/10.1/x"),))
    both = Entry("k", "article", "publication", "T", fields=(
        ("doi", "10.1/x"), ("url", "http://dx.doi.org/10.1/x")))
    other = Entry("k", "article", "publication", "T", fields=(
        ("doi", "10.1/x"), ("url", "https://example.org/")))
    assert {to_csl(e, "i").get("DOI") for e in (only_url, both, other)} == {"10.1/x"}
    assert "URL" not in to_csl(only_url, "i") and "URL" not in to_csl(both, "i")
    assert to_csl(other, "i")["URL"] == "https://example.org/"


# et al. ------------------------------------------------------------------------------------

def authors_and_others(count: int) -> Entry:
    names = tuple(Name(family=f"Author{chr(65 + n)}", given="A.") for n in range(count))
    return Entry(f"others{count:02}", "article", "publication", "T", authors=names, et_al=True,
                 fields=(("journal", "J"),), date=(2020,))


@pytest.mark.parametrize("name", BUILTIN_STYLES)
def test_et_al_padding_never_shows_an_invented_name(name: str) -> None:
    style = style_named(name)
    citations, problems = CitationFormatter(style, LOCALE).format(
        [authors_and_others(count) for count in range(1, 23)])
    assert problems == []
    for key, citation in citations.items():
        assert "et-al" not in citation.html and "others" not in citation.text, key
        if name == "medic-vancouver":
            assert ", et al. T." in citation.text, key


def test_et_al_printed_for_three_authors_and_others() -> None:
    assert formatted("medic-vancouver")["edge-authors-3-others"]["text"].startswith(
        "Kumar S, Dutta N, Maini A, et al. Three authors and others.")


# Corrections -------------------------------------------------------------------------------

@pytest.mark.parametrize(("page", "printed", "expected"), [
    ("1-10", "30:1-0.", "30:1-10."),
    ("12-123", "pp. 12–3.", "pp. 12–123."),
    ("S1-S10", "S1-0.", "S1-10."),  # a shared prefix is printed once, as citeproc-js does
    ("102-108", "33(2):102-8.", "33(2):102-8."),
    ("9-10", "9-10.", "9-10."),
])
def test_restore_page_ranges(page: str, printed: str, expected: str) -> None:
    style = style_named("medic-vancouver")
    assert after.restore_page_ranges(printed, {"page": page}, style) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("…the ward?. Next", "…the ward? Next"),
    ("‘…what works?’. <i>AMEE</i>", "‘…what works?’ <i>AMEE</i>"),
    ("<i>What?</i>. Next", "<i>What?</i> Next"),
    ("Title.. Next", "Title. Next"),
    ("<i>Title.</i>. Next", "<i>Title.</i> Next"),
    ("Wait... Next", "Wait... Next"),
    ("https://example.org/a..b", "https://example.org/a..b"),
    ("https://doi.org/https://doi.org/10.1/x", "https://doi.org/10.1/x"),
])
def test_corrections(text: str, expected: str) -> None:
    assert after.correct(text, {}, style_named("medic-vancouver")) == expected


def test_quotes_are_typeset_around_markup_not_inside_it() -> None:
    item = {"title": '"<span style="font-variant:small-caps;">ecg</span>" and it\'s'}
    before.typeset_quotes(item, "en-GB")
    assert item["title"] == '‘<span style="font-variant:small-caps;">ecg</span>’ and it’s'


def test_nested_quotes_alternate() -> None:
    harvard = formatted("harvard-cite-them-right")
    assert "‘Deconstructing “BAME”: Protecting" in harvard["moula2022deconstructing"]["html"]
    assert "London’s Community Action Project’" in harvard["houbby2020reflection"]["html"]
    item = {"title": "A “stress test” of it"}
    assert after.alternate_nested_quotes("“A “stress test” of it”,", item, None) == \
        "“A ‘stress test’ of it”,"


@pytest.mark.parametrize(("number", "suffix"), [(0, "a"), (25, "z"), (26, "aa"), (27, "ab"),
                                                (701, "zz"), (702, "aaa")])
def test_year_suffixes_count_like_csl(number: int, suffix: str) -> None:
    assert before.year_suffix(number) == suffix


def same_authors(key: str, title: str, year: int = 2021) -> Entry:
    return Entry(key, "article", "publication", title, authors=(Name("Kumar", "S."),),
                 date=(year,), fields=(("journal", "J"),))


def test_year_suffixes_follow_the_bibliography_order() -> None:
    entries = [same_authors("z", "Alpha"), same_authors("a", "Beta"),
               same_authors("m", "Gamma", 2020)]
    for name in ("apa", "harvard-cite-them-right"):
        citations, _ = CitationFormatter(style_named(name), LOCALE).format(entries)
        assert ["(2021a)" in citations["z"].text, "(2021b)" in citations["a"].text] == [True] * 2
        assert "(2020)" in citations["m"].text
    vancouver, _ = CitationFormatter(style_named("medic-vancouver"), LOCALE).format(entries)
    assert "2021a" not in vancouver["z"].text


@pytest.mark.parametrize(("locale", "value", "expected"), [
    ("en-GB", 'the "stress test" of it', "the ‘stress test’ of it"),
    ("en-US", 'the "stress test" of it', "the “stress test” of it"),
    ("en-GB", "the 'hidden' curriculum", "the ‘hidden’ curriculum"),
    ("en-GB", "Children's views", "Children’s views"),
    ("en-GB", 'a "quote" & <i>"italic"</i>', "a ‘quote’ & <i>‘italic’</i>"),
    ("en-GB", 'an unpaired " mark', 'an unpaired " mark'),
])
def test_straight_quotes_are_typeset(locale: str, value: str, expected: str) -> None:
    item = {"title": value, "URL": "https://example.org/it's", "author": [{"family": "O'Neill"}]}
    before.typeset_quotes(item, locale)
    assert item == {"title": expected, "URL": "https://example.org/it's",
                    "author": [{"family": "O’Neill"}]}


@pytest.mark.parametrize(("text", "expected"), [
    ("<i>A <i>B</i> C</i>", '<i>A <span style="font-style:normal;">B</span> C</i>'),
    ("<i>A</i> <i>B</i>", "<i>A</i> <i>B</i>"),
    ("<i>A <i>B <i>C</i></i></i>", '<i>A <span style="font-style:normal;">B <i>C</i></span></i>'),
])
def test_nested_italics_flip(text: str, expected: str) -> None:
    assert after.flip_nested_italics(text, {}, style_named("apa")) == expected


@pytest.mark.parametrize(("name", "pages", "expected"), [
    ("apa", "102--8", "33(2), 102–108."),
    ("apa", "1095--1101", "33(2), 1095–1101."),
    ("apa", "S12--9", "33(2), S12-9."),  # not a range to citeproc-js: as given
    ("apa", "S12--S9", "33(2), S12–S19."),
    ("apa", "xii--xv, 1--180", "33(2), xii–xv, 1–180."),
    ("medic-vancouver", "102--8", "33(2):102-8."),
    ("medic-vancouver", "102--108", "33(2):102-8."),
    ("medic-vancouver", "1001--10", "33(2):1001-10."),
    ("medic-vancouver", "1--10", "33(2):1-10."),
    ("medic-vancouver", "xii--xv, 1--180", "33(2):xii-xv, 1-180."),
    ("harvard-cite-them-right", "1001--10", "pp. 1001–10."),  # no page-range-format: as given
])
def test_page_ranges_print_in_the_styles_format(name: str, pages: str, expected: str) -> None:
    article = Entry("a", "article", "publication", "T", authors=(Name("Fyfe", "M."),),
                    date=(2022,), fields=(("journal", "J"), ("volume", "33"), ("number", "2"),
                                          ("pages", pages.replace("--", "–"))))
    citations, problems = CitationFormatter(style_named(name), LOCALE).format([article])
    assert problems == [] and citations["a"].text.endswith(expected), citations["a"].text


@pytest.mark.parametrize("name", BUILTIN_STYLES)
def test_edited_book_shows_its_editors_once(name: str) -> None:
    book = Entry("b", "book", "publication", "Edited", editors=(Name("Fyfe", "M."),),
                 date=(2022,), fields=(("publisher", "Springer"),))
    citations, problems = CitationFormatter(style_named(name), LOCALE).format([book])
    assert problems == [] and citations["b"].text.count("Fyfe") == 1


@pytest.mark.parametrize(("page", "label"), [("bjgpopen21X101012", "p."), ("12-14", "pp."),
                                            ("12, 14", "pp."), ("e070508", "p.")])
def test_page_label_counts_numbers_by_separators(page: str, label: str) -> None:
    entry = Entry("p", "article", "publication", "T", authors=(Name("Kumar", "S."),),
                  date=(2021,), fields=(("journal", "J"), ("pages", page)))
    citations, _ = CitationFormatter(style_named("harvard-cite-them-right"), LOCALE).format(
        [entry])
    assert f", {label} {page.replace('-', '–')}." in citations["p"].text


# Cache -------------------------------------------------------------------------------------

def spy_on_render(monkeypatch: pytest.MonkeyPatch, fail: bool) -> list[int]:
    calls: list[int] = []
    original = CitationFormatter.render

    def render(self: CitationFormatter, items: dict[str, dict]) -> dict[str, str]:
        calls.append(len(items))
        if fail:
            raise AssertionError("citeproc-py was called")
        return original(self, items)

    monkeypatch.setattr(CitationFormatter, "render", render)
    return calls


def format_and_save(style: Style, locale: str, cache_file: Path) -> dict:
    formatter = CitationFormatter(style, locale, cache_file)
    citations, problems = formatter.format(list(entries()[:4]))
    formatter.write_cache()
    assert problems == []
    return citations


def test_cache_hit_does_not_call_citeproc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    style, cache_file = style_named("apa"), tmp_path / "citations.json"
    first = format_and_save(style, LOCALE, cache_file)
    calls = spy_on_render(monkeypatch, fail=True)
    assert format_and_save(style, LOCALE, cache_file) == first
    assert calls == []


def test_prepared_items_are_kept_and_made_afresh_when_damaged(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    """Each entry's CSL-JSON item is kept between builds (csl-items.json), untouched by the
    steps that compare items; a damaged file only means the items are made again."""
    style, cache_file = style_named("apa"), tmp_path / "citations.json"
    first = format_and_save(style, LOCALE, cache_file)
    items_file = tmp_path / "csl-items.json"
    kept = json.loads(items_file.read_text(encoding="utf-8"))
    assert len(kept) == 4
    made = []
    real = formatter_module.prepare_item
    monkeypatch.setattr(formatter_module, "prepare_item",
                        lambda *a: (made.append(a[1].key), real(*a))[1])
    assert format_and_save(style, LOCALE, cache_file) == first
    assert made == []
    assert json.loads(items_file.read_text(encoding="utf-8")) == kept  # as it was made
    items_file.write_text("{damaged", encoding="utf-8")
    assert format_and_save(style, LOCALE, cache_file) == first
    assert len(made) == 4


def test_changed_locale_misses_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    style, cache_file = style_named("apa"), tmp_path / "citations.json"
    format_and_save(style, LOCALE, cache_file)
    calls = spy_on_render(monkeypatch, fail=False)
    format_and_save(style, "en-US", cache_file)
    assert calls == [4]


def test_changed_style_file_misses_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path, cache_file = tmp_path / "apa.csl", tmp_path / "citations.json"
    shutil.copy(style_named("apa").path, path)
    format_and_save(read_style(path), LOCALE, cache_file)
    path.write_text(path.read_text(encoding="utf-8") + "<!-- edited -->\n", encoding="utf-8")
    calls = spy_on_render(monkeypatch, fail=False)
    format_and_save(read_style(path), LOCALE, cache_file)
    assert calls == [4]


BIBTEX_TYPES = """
@article{a, title = {T}, type = {Journal Article}}
@inproceedings{b, title = {T}, booktitle = {B}, type = {Conference Proceedings}}
@phdthesis{c, title = {T}, type = {Thesis}}
@report{d, title = {T}, type = {Evaluation report}}
@misc{e, title = {T}, eventtitle = {ASME}, type = {poster}}
@misc{f, title = {T}, eventtitle = {ASME}, entrysubtype = {Keynote}}
@article{g, title = {T}, type = {Newspaper Article}}
@article{h, title = {T}, entrysubtype = {newspaper}, type = {Opinion}}
@article{i, title = {T}, type = {magazine}}
"""


@pytest.mark.parametrize(("key", "csl_type", "genre"), [
    ("a", "article-journal", None),  # EndNote's export: the kind of entry, not a genre
    ("b", "paper-conference", None),
    ("c", "thesis", "PhD thesis"),  # the @type's own genre, not EndNote's word
    ("d", "report", "Evaluation report"),
    ("e", "speech", "poster"),  # as written: styles capitalise it where they want
    ("f", "speech", "Keynote"),
    ("g", "article-newspaper", None),  # EndNote's Newspaper Article is the entrysubtype
    ("h", "article-newspaper", "Opinion"),
    ("i", "article-magazine", None),  # type = {magazine} used as the entrysubtype
])
def test_genre_and_type_from_bibtex(key: str, csl_type: str, genre: str | None) -> None:
    entries, _ = load_bibtex_text(BIBTEX_TYPES, "types.bib")
    entry = next(e for e in entries if e.key == key)
    item = to_csl(entry, key)
    assert (item["type"], item.get("genre")) == (csl_type, genre)


@pytest.mark.parametrize(("first", "last", "joined"), [
    ("Ka, S. (2023, July 5). T.", "Ka, S. (2023, July 7). T.", "Ka, S. (2023, July 5–7). T."),
    ("Ka, S. (2023, July 1). T.", "Ka, S. (2023, July 15). T.", "Ka, S. (2023, July 1–15). T."),
    ("AMEE, 30 June.", "AMEE, 2 July.", "AMEE, 30 June–2 July."),
    ("(2022, December 30). <i>T</i>", "(2023, January 2). <i>T</i>",
     "(2022–2023, December 30–January 2). <i>T</i>"),
    ("Ka S. T. 2023.", "Ka S. T. 2023.", "Ka S. T. 2023."),
    ("(2022) ‘T’, 5 July.", "(2022) ‘U’, 7 July.", "(2022) ‘T’, 5 July."),  # not only a date
])
def test_a_date_range_is_joined_where_its_ends_differ(first: str, last: str,
                                                      joined: str) -> None:
    assert after.join_date_range(first, last) == joined


@pytest.mark.parametrize(("start", "end", "shown"), [
    ((2023, 7, 5), (), "5 July 2023"),
    ((2023, 7, 5), (2023, 7, 7), "5–7 July 2023"),
    ((2023, 6, 30), (2023, 7, 2), "30 June – 2 July 2023"),
    ((2022, 12, 30), (2023, 1, 2), "30 December 2022 – 2 January 2023"),
    ((2023, 6), (2023, 7), "June–July 2023"),
    ((2019,), (2020,), "2019–2020"),
])
def test_entry_pages_show_a_date_range_once(start: tuple, end: tuple, shown: str) -> None:
    assert labels.format_date(start, end) == shown


@pytest.mark.parametrize(("text", "expected"), [
    ("In H. Weber (ed.), Book", "In H. Weber (Ed.), Book"),
    ("Title (A. Brown, trans.). In", "Title (A. Brown, Trans.). In"),
    ("Title (trans. by X)", "Title (trans. by X)"),
])
def test_role_labels_are_title_case_where_the_style_asks(text: str, expected: str) -> None:
    assert after.title_case_role_labels(text, {}, style_named("apa")) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("<i>Where next...</i>. P.", "<i>Where next...</i> P."),
    ("Where next.... P.", "Where next.... P."),  # left to citeproc-py, which gets it right
    ("<i>Title</i>. P.", "<i>Title</i>. P."),
])
def test_an_ellipsis_ends_an_italic_title(text: str, expected: str) -> None:
    assert after.drop_period_after_ellipsis(text, {}, style_named("apa")) == expected


def test_pubstate_in_press_stands_where_the_year_would() -> None:
    entry = Entry("p", "article", "publication", "T", authors=(Name("Fyfe", "M."),),
                  fields=(("journal", "J"), ("pubstate", "inpress")))
    citations, problems = CitationFormatter(style_named("apa"), LOCALE).format([entry])
    assert problems == [] and citations["p"].text.startswith("Fyfe, M. (in press). T.")


def test_names_in_chinese_script_are_written_whole() -> None:
    entry = Entry("c", "article", "publication", "T", authors=(Name("王", "小明"),
                                                                Name("Kim", "M.")),
                  date=(2022,), fields=(("journal", "J"),))
    for name in BUILTIN_STYLES:
        text = CitationFormatter(style_named(name), LOCALE).format([entry])[0]["c"].text
        assert text.startswith("王小明"), text
    assert Name("王", "小明").display == "王小明"


@pytest.mark.parametrize("name", BUILTIN_STYLES)
def test_an_entry_formatted_among_those_set_against_it_is_formatted_as_among_all(name):
    """A preview formats an edited entry beside the works its citation could be told apart
    from (`before.set_against`), not beside all: the citation must be the same."""
    works = [*entries(), same_authors("z", "Alpha"), same_authors("a", "Beta"),
             same_authors("m", "Gamma", 2020),
             Entry("lee1", "article", "publication", "One", date=(2020,),
                   authors=(Name("Lee", "S."), Name("Adeyemi", "T."), Name("Brown", "K."))),
             Entry("lee2", "article", "publication", "Two", date=(2020,),
                   authors=(Name("Lee", "S."), Name("Brown", "K."), Name("Adeyemi", "T.")))]
    formatter = CitationFormatter(style_named(name), LOCALE)
    among_all, _ = formatter.format(works)
    for work in works:
        alone, _ = formatter.format(before.set_against(work, works))
        assert alone[work.key] == among_all[work.key], work.key
    assert len(before.set_against(works[-1], works)) == 2
