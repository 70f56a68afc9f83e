"""`showcase add --from FILE|-`: what it says and writes, duplicates, standard input, forced
formats, and inputs that are not exports at all (each a message, never a traceback)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.edit.convert import comma_person, convert_text, detect_format
from generator.edit.lookup import Person
from generator.load import entry_types

REPO = Path(__file__).resolve().parent.parent
EXPORTS = REPO / "tests" / "fixtures" / "exports"
GOLDEN = REPO / "tests" / "golden" / "convert"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("content", "bibliography"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def add(root: Path, *args: str) -> int:
    return main(["add", *args, "--root", str(root)])


def publications(root: Path) -> str:
    return (root / "bibliography" / "publications.bib").read_text(encoding="utf-8")


def write(root: Path, name: str, text: str | bytes) -> str:
    path = root / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return str(path)


def test_records_already_there_are_reported(project: Path, capsys) -> None:
    source = GOLDEN / "bibliography-facts.ris"
    before = publications(project)
    assert add(project, "--from", str(source), "--programme", "watcch") == 1
    out = capsys.readouterr().out
    assert f"{source}:1: not added: it is already in the bibliography: entry " \
           "'brown2023qualitative' at bibliography/publications.bib:14 has the same DOI" in out
    assert f"{source}:15: not added: it is already in the bibliography: entry " \
           "'douglass2020structural' at bibliography/publications.bib:73 has nearly the " \
           "same title" in out
    assert f"{source}:25: not added: this RIS record has no 'ER  - ' line" in out
    assert out.splitlines()[-1] == ("showcase add: 0 of 3 records added to "
                                    "bibliography/publications.bib; 3 not added (see above)")
    assert publications(project) == before


def test_a_record_given_twice_is_written_once(project: Path, capsys) -> None:
    record = (EXPORTS / "pubmed-via-reference-manager.ris").read_text(encoding="utf-8")
    source = write(project, "twice.ris", record + record)
    assert add(project, "--from", source) == 1
    out = capsys.readouterr().out
    assert out.count("added 'peng2011greatwall' to bibliography/publications.bib:") == 1
    assert f"{source}:10: not added: it is already in the bibliography: entry " \
           "'peng2011greatwall' at bibliography/publications.bib:" in out
    assert "showcase add: 1 of 2 records added" in out


def test_standard_input_and_every_programme(project: Path, capsys, monkeypatch) -> None:
    text = (EXPORTS / "pubmed-two-records.nbib").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
    assert add(project, "--from", "-", "--programme", "watcch", "--programme", "ukmacs",
               "--file", "bibliography/pubmed.bib") == 0
    out = capsys.readouterr().out
    assert "added 'griffin2020time' to bibliography/pubmed.bib:1: Time lapse" in out
    written = (project / "bibliography" / "pubmed.bib").read_text(encoding="utf-8")
    assert written.count("programmes = {watcch, ukmacs},") == 2


def test_the_format_comes_from_the_text_not_the_suffix(project: Path, capsys) -> None:
    medline = (EXPORTS / "pubmed-two-records.nbib").read_text(encoding="utf-8")
    assert add(project, "--from", write(project, "export.txt", medline)) == 0
    assert "records added" in capsys.readouterr().out
    assert detect_format(medline, "wrong.ris") == "medline"
    assert detect_format("no format here", "x.nbib") == "medline"
    assert detect_format("no format here", "x.txt") is None


def test_a_forced_format_reads_the_text_as_that(project: Path, capsys) -> None:
    ris = (EXPORTS / "pubmed-via-reference-manager.ris").read_text(encoding="utf-8")
    assert add(project, "--from", write(project, "x.ris", ris), "--format", "csl-json") == 1
    assert "x.ris:1: not added: this is not valid JSON: Expecting value" in \
        capsys.readouterr().out


@pytest.mark.parametrize(("content", "message"), [
    (b"", "is empty: give a BibTeX, RIS, MEDLINE or CSL-JSON export saved as UTF-8; nothing "
     "was written"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "is not UTF-8 text: give a BibTeX"),
    (b"Dear maintainer, please add my paper.", "could not tell its format: it is not BibTeX"),
    (b"TY  - JOUR\nTI  - Cut short\n", None),
    (b"TI  - A record with no PMID\nFAU - Dutta, Nina\nDP  - 2021 Nov-Dec\nPG  - 123-9\n", None),
    (b'{"title": 3}', None),
    (b"42", None),
    (b"[1, 2", None),
    (b"@article{x, title = {Unclosed", None),
    ("TY  - \u00e9\u00e9\n".encode(), None),
], ids=["empty", "binary", "prose", "ris-without-er", "medline-without-pmid", "csl-object",
        "csl-number", "csl-cut", "bibtex-unclosed", "ris-junk-type"])
def test_no_input_makes_a_traceback(project: Path, capsys, content: bytes,
                                    message: str | None) -> None:
    before = publications(project)
    code = add(project, "--from", write(project, "input.txt", content))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if message:
        assert (code, out) == (1, "")
        assert err.startswith("showcase add: ") and message in err
        assert publications(project) == before
    else:
        assert code in (0, 1)
        assert out or err


def test_a_medline_record_without_pmid_still_converts(project: Path, capsys) -> None:
    text = "TI  - A record with no PMID.\nFAU - Dutta, Nina\nDP  - 2021 Nov-Dec\nPG  - 123-9\n"
    assert add(project, "--from", write(project, "x.nbib", text)) == 0
    assert publications(project).endswith("""\
@misc{dutta2021record,
  author = {Dutta, N.},
  title  = {A record with no {PMID}},
  year   = {2021},
  month  = {nov},
  pages  = {123--129},
}
""")


@pytest.mark.parametrize(("args", "message"), [
    ([], "give a DOI or PubMed ID, or --from FILE (- for standard input), but not both"),
    (["10.1136/bmj.m966", "--from", "x.ris"], "give a DOI or PubMed ID, or --from FILE"),
    (["--from", "missing.ris"], "cannot read missing.ris: No such file or directory"),
    (["--from", "x.ris", "--programme", "nope"], "unknown programme id 'nope'"),
    (["10.1136/bmj.m966", "--format", "ris"], "--format says what --from's file is"),
])
def test_usage_errors(project: Path, capsys, args: list[str], message: str) -> None:
    assert add(project, *args) == 2
    assert message in capsys.readouterr().err


# ---- the pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("Dutta, Nina", Person("Dutta", "Nina")), ("Fisher, LA", Person("Fisher", "L A")),
    ("Smith, John, Jr.", Person("Smith", "John")), ("IMbrave050 investigators",
                                                    Person(literal="IMbrave050 investigators")),
])
def test_names(name: str, expected: Person) -> None:
    assert comma_person(name) == expected


def test_ris_types_come_from_the_table() -> None:
    for row in entry_types.TYPES.values():
        if row.from_csl and row.ris != "GEN":
            assert entry_types.from_crossref(entry_types.from_ris(row.ris))[0] in {
                t.bibtype for t in entry_types.TYPES.values() if t.ris == row.ris}
    assert entry_types.from_ris("GEN") == "document"
    assert entry_types.from_ris("jour") == "article-journal"
    assert entry_types.from_ris("ABST") is None


def test_every_record_is_written_or_reported() -> None:
    """Nothing is lost: records converted plus problems = records in the input."""
    text = (GOLDEN / "bibliography-facts.ris").read_text(encoding="utf-8")
    converted, problems = convert_text(text, "ris", "x.ris")
    assert len(converted) + len(problems) == text.count("TY  - ") == 3


def test_a_bibtex_entry_with_an_error_is_reported_not_written() -> None:
    text = ("@misc{a, author = {X, Y}}\n@article{b,\n  title = {T},\n  year = {20xx}}\n"
            "@article{c, title = {Fine}, year = 2020}\n")
    converted, problems = convert_text(text, "bibtex", "x.bib")
    assert [item.record.title for item in converted] == ["Fine"]
    assert [(p.source.line, p.message) for p in problems] == [
        (1, "it has no title; add one (title = {…}) and try again, or add the entry by hand"),
        (4, "entry 'b': field 'year' must be a 4-digit year, found '20xx'")]


def test_a_ris_type_the_table_writes_with_a_subtype_keeps_it() -> None:
    text = "TY  - NEWS\nAU  - Fyfe, M.\nTI  - A piece\nT2  - The Paper\nPY  - 2020\nER  - \n"
    [item], _ = convert_text(text, "ris", "x.ris")
    assert (item.record.csl_type, item.record.container) == ("article-newspaper", "The Paper")
    assert ("entrysubtype", "newspaper") in item.record.extra
