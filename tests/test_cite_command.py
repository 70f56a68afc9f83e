"""`showcase cite`: JSON out for BibTeX or CSL-JSON in, defaults, and one-line problems."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.cite.styles import BUILTIN_STYLES
from generator.cli import main
from generator.load.csl_json import load_csl_json_text

ROOT = Path(__file__).resolve().parents[1]
BIB = ROOT / "tests" / "golden" / "citations" / "input.bib"
ITEMS = ROOT / "tests" / "conformance" / "items.json"
GOLDEN = ROOT / "tests" / "golden" / "citations"
FEW = {"article-authors-01", "name-odegaard", "title-curly-quotes", "speech-event-only",
       "book-edited", "pages-abbreviated"}

ARTICLE_BIB = """@article{dutta2022watcch,
  author  = {Dutta, N. and Scott, K. and Kumar, S.},
  title   = {{WATCCH}: widening participation},
  journal = {Education for Primary Care},
  year    = {2022},
  volume  = {33},
  pages   = {102--108},
  doi     = {https://doi.org/10.1/x},
}
"""
ARTICLE_JSON = [{
    "id": "dutta2022watcch", "type": "article-journal", "title": "WATCCH: widening participation",
    "author": [{"family": "Dutta", "given": "N."}, {"family": "Scott", "given": "K."},
               {"family": "Kumar", "given": "S."}],
    "container-title": "Education for Primary Care", "issued": {"date-parts": [[2022]]},
    "volume": 33, "page": "102-108", "DOI": "doi:10.1/x"}]


def cite(capsys: pytest.CaptureFixture, *argv: str) -> tuple[int, dict | None, str]:
    code = main(["cite", *argv])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out else None, err


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a folder without content/site.yml, so the built-in defaults apply; `few.json`
    holds a few of the conformance items."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "theme" / "csl", tmp_path / "theme" / "csl")
    items = json.loads(ITEMS.read_text(encoding="utf-8"))
    few = [item for item in items if item["id"] in FEW]
    write(tmp_path, "few.json", json.dumps(few, ensure_ascii=False))
    return tmp_path


# Output ------------------------------------------------------------------------------------

def test_bibtex_gives_the_sites_citations(capsys: pytest.CaptureFixture) -> None:
    code, result, err = cite(capsys, "--style", "apa", str(BIB))
    golden = json.loads((GOLDEN / "apa.json").read_text(encoding="utf-8"))
    assert (code, err) == (0, "")
    assert result == {key: value["text"] for key, value in golden.items()}


def test_html_format_gives_the_sites_html(capsys: pytest.CaptureFixture) -> None:
    code, result, _ = cite(capsys, "--style", "harvard-cite-them-right", "--format", "html",
                           str(BIB))
    golden = json.loads((GOLDEN / "harvard-cite-them-right.json").read_text(encoding="utf-8"))
    assert code == 0
    assert result == {key: value["html"] for key, value in golden.items()}


def test_output_is_sorted_indented_utf8(capsys: pytest.CaptureFixture) -> None:
    main(["cite", "few.json"])
    out = capsys.readouterr().out
    result = json.loads(out)
    assert list(result) == sorted(result)
    assert out == json.dumps(result, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    assert "Ødegaard Ø" in result["name-odegaard"]


def test_csl_json_and_bibtex_give_the_same_citation(capsys: pytest.CaptureFixture,
                                                     empty_folder: Path) -> None:
    bib = write(empty_folder, "one.bib", ARTICLE_BIB)
    csl = write(empty_folder, "one.json", json.dumps(ARTICLE_JSON))
    for form in ("text", "html"):
        from_bib = cite(capsys, "--format", form, str(bib))[1]
        from_json = cite(capsys, "--format", form, str(csl))[1]
        assert from_bib == from_json
    assert from_json["dutta2022watcch"].count("https://doi.org/10.1/x") == 2  # href and text


def test_numeric_style_has_no_citation_number(capsys: pytest.CaptureFixture) -> None:
    result = cite(capsys, "few.json")[1]
    assert result["article-authors-01"].startswith("Dutta N. Teaching general practice")


def test_style_by_path(capsys: pytest.CaptureFixture, empty_folder: Path) -> None:
    style = empty_folder / "mine.csl"
    shutil.copy(ROOT / "theme" / "csl" / "apa.csl", style)
    by_path = cite(capsys, "--style", str(style), "few.json")[1]
    assert by_path == cite(capsys, "--style", "apa", "few.json")[1]


def test_defaults_come_from_site_settings(capsys: pytest.CaptureFixture,
                                          empty_folder: Path) -> None:
    (empty_folder / "content").mkdir()
    write(empty_folder / "content", "site.yml",
          "title: T\ncitation_style: harvard-cite-them-right\nlocale: en-US\n")
    result = cite(capsys, "few.json")[1]
    assert result == cite(capsys, "--style", "harvard-cite-them-right", "--locale", "en-US",
                          "few.json")[1]
    assert result["title-curly-quotes"].startswith("Moula, Z. (2022b) “Deconstructing ‘BAME’")


def test_defaults_without_site_settings(capsys: pytest.CaptureFixture) -> None:
    result = cite(capsys, "few.json")[1]
    assert result == cite(capsys, "--style", "medic-vancouver", "--locale", "en-GB",
                          "few.json")[1]


# Problems: one line each, never a traceback -------------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (["--style", "nope", "x.bib"], "showcase cite: style 'nope' was not found: give one of "
     "apa, harvard-cite-them-right, medic-vancouver, or a path to a .csl file\n"),
    (["--locale", "xx-XX", "x.bib"], "showcase cite: locale 'xx-XX' is not one citeproc-py "
     "knows: give one like en-GB or en-US\n"),
    (["missing.bib"], "showcase cite: missing.bib: no such file\n"),
    (["notes.txt"], "showcase cite: notes.txt: give a .bib (BibTeX) or .json (CSL-JSON) file\n"),
])
def test_usage_errors(capsys: pytest.CaptureFixture, argv: list[str], message: str) -> None:
    assert cite(capsys, *argv) == (2, None, message)


def test_site_settings_that_cannot_be_read(capsys: pytest.CaptureFixture,
                                           empty_folder: Path) -> None:
    (empty_folder / "content").mkdir()
    write(empty_folder / "content", "site.yml", "title: [unclosed\n")
    code, result, err = cite(capsys, "few.json")
    assert (code, result) == (2, None)
    assert err.startswith("showcase cite: cannot read the default style and locale: "
                          "content/site.yml:")
    assert err.count("\n") == 1


@pytest.mark.parametrize(("name", "content", "message"), [
    ("bad.json", '[{"id": "a",\n "type": }]', "bad.json:2: error: this is not valid JSON: "
     "Expecting value\n"),
    ("bad.json", '{"id": "a"}', "bad.json:1: error: CSL-JSON must be a list of items "
     '([{"id": …, "type": …}, …]), found a dict\n'),
    ("bad.json", '[\n {"id": "a", "type": "song", "title": "T"}\n]',
     "bad.json:2: error: item 'a': type 'song' is not one showcase formats; give one of "
     "article, article-journal, article-magazine, article-newspaper, book, chapter, dataset, "
     "document, entry-dictionary, entry-encyclopedia, interview, legislation, manuscript, "
     "motion_picture, pamphlet, paper-conference, patent, post, post-weblog, report, speech, "
     "thesis, webpage\n"),
    ("bad.json", '[{"type": "book"}]', "bad.json:1: error: a CSL-JSON item must be an object "
     "with an 'id'\n"),
    ("bad.bib", "@article{a,\n  title = {T},\n  year = {22},\n}\n",
     "bad.bib:3: error: entry 'a': field 'year' must be a 4-digit year, found '22'\n"),
])
def test_unreadable_input(capsys: pytest.CaptureFixture, empty_folder: Path, name: str,
                          content: str, message: str) -> None:
    write(empty_folder, name, content)
    assert cite(capsys, name) == (1, None, message)


def test_file_not_utf8(capsys: pytest.CaptureFixture, empty_folder: Path) -> None:
    (empty_folder / "latin1.json").write_bytes('[{"id": "a", "title": "Müller"}]'.encode("latin-1"))
    code, result, err = cite(capsys, "latin1.json")
    assert (code, result) == (1, None)
    assert err.startswith("latin1.json:1: error: the file is not UTF-8 text")


def test_folder_instead_of_file(capsys: pytest.CaptureFixture, empty_folder: Path) -> None:
    (empty_folder / "folder.json").mkdir()
    assert cite(capsys, "folder.json") == (1, None, "folder.json: error: this file cannot be "
                                           "read: Is a directory\n")


def test_id_used_twice(capsys: pytest.CaptureFixture, empty_folder: Path) -> None:
    write(empty_folder, "a.json", json.dumps(ARTICLE_JSON))
    write(empty_folder, "b.bib", ARTICLE_BIB)
    assert cite(capsys, "a.json", "b.bib") == (1, None, "b.bib:1: error: id 'dutta2022watcch' "
                                               "is also used at a.json:1; give each entry "
                                               "its own\n")


def test_unused_variables_warn_but_format(capsys: pytest.CaptureFixture,
                                          empty_folder: Path) -> None:
    item = {**ARTICLE_JSON[0], "call-number": "W18", "ISSN": "1473-9879"}
    write(empty_folder, "extra.json", json.dumps([item], indent=1))
    code, result, err = cite(capsys, "extra.json")
    assert code == 0 and list(result) == ["dutta2022watcch"]
    assert err == ("extra.json:2: warning: item 'dutta2022watcch': showcase does not use the "
                   "variables ISSN, call-number; left out\n")


# The CSL-JSON reader ------------------------------------------------------------------------

def test_reader_keeps_lines_types_and_fields() -> None:
    text = json.dumps([ARTICLE_JSON[0], {
        "id": 7, "type": "speech", "title": "Talk", "event": "AMEE", "event-place": "Glasgow",
        "author": [{"family": "Elm", "given": "E.", "non-dropping-particle": "von"}]}],
        indent=2)
    entries, problems = load_csl_json_text(text, "x.json")
    assert problems == []
    article, talk = entries
    assert (article.source.line, talk.source.line) == (2, text.splitlines().index("  {", 2) + 1)
    assert (article.bibtype, article.kind, article.date) == ("article", "publication", (2022,))
    assert dict(article.fields)["doi"] == "doi:10.1/x"  # made bare by csl_json, as for BibTeX
    assert (talk.key, talk.kind) == ("7", "presentation")
    assert dict(talk.fields) == {"eventtitle": "AMEE", "venue": "Glasgow"}
    assert talk.authors[0].particle == "von"


@pytest.mark.parametrize("style", BUILTIN_STYLES)
def test_builtin_styles_work_outside_any_project(capsys: pytest.CaptureFixture,
                                                 empty_folder: Path, style: str) -> None:
    """`showcase cite` run in a folder with no theme/csl/ uses the styles installed with it."""
    shutil.rmtree(empty_folder / "theme")
    code, result, err = cite(capsys, "--style", style, "few.json")
    assert (code, err) == (0, "") and set(result) == FEW
