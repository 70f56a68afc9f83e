"""Golden tests of `showcase add --from`: each export in tests/fixtures/exports/ (real, see
its README) and tests/golden/convert/ (constructed from bibliography/publications.bib's
facts) is added to a project with an empty bibliography; tests/golden/convert/NAME.expected
holds the lines the command prints about each record, then the .bib file it wrote.

Run with UPDATE_GOLDEN=1 to rewrite the expected files; read every changed line before
committing them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden" / "convert"
EXPORTS = REPO / "tests" / "fixtures" / "exports"
INPUTS = sorted(p for folder in (EXPORTS, GOLDEN) for p in folder.iterdir()
                if p.suffix in (".ris", ".nbib", ".json", ".bib"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    (tmp_path / "bibliography").mkdir()
    return tmp_path


def about_records(out: str) -> str:
    """The lines about the records, not those of the checks that follow them."""
    return "".join(line + "\n" for line in out.splitlines()
                   if line.startswith("added ") or ": not added: " in line
                   or line.startswith("showcase add: ") and "records added" in line)


@pytest.mark.parametrize("source", INPUTS, ids=lambda p: p.name)
def test_each_record_is_written_or_reported(source: Path, empty_project: Path, capsys,
                                            monkeypatch) -> None:
    monkeypatch.chdir(source.parent)
    code = main(["add", "--from", source.name, "--root", str(empty_project)])
    written = empty_project / "bibliography" / "publications.bib"
    actual = about_records(capsys.readouterr().out) + "----\n" + (
        written.read_text(encoding="utf-8") if written.exists() else "")
    expected = GOLDEN / f"{source.name}.expected"
    if UPDATE:
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")
    assert code == (1 if ": not added: " in actual else 0)
