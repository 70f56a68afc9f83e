"""The BibTeX loader on good input, as golden data: golden/bibtex/<name>.bib -> <name>.json.

Each JSON file is the list of Entry records the loader makes (dataclasses.asdict, sorted
keys, indent 1); a <name>.problems.txt file, where there is one, the warnings the loader
gives (an export's private fields, say), one a line; without one there must be none.
Run with UPDATE_GOLDEN=1 to rewrite them; read every change before keeping it.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

import pytest

from generator.load.bibtex import load_bibtex_file

GOLDEN = Path(__file__).resolve().parent / "golden" / "bibtex"
SAMPLES = sorted(GOLDEN.glob("*.bib"))
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def expected_problems(bib: Path, problems: list) -> list[str]:
    path = bib.with_suffix(".problems.txt")
    if UPDATE and problems:
        path.write_text("".join(f"{problem}\n" for problem in problems), encoding="utf-8")
    elif UPDATE:
        path.unlink(missing_ok=True)
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


@pytest.mark.parametrize("bib", SAMPLES, ids=lambda path: path.stem)
def test_loader_output_matches_golden_json(bib: Path) -> None:
    entries, problems = load_bibtex_file(bib, f"bibliography/{bib.name}")
    assert [str(problem) for problem in problems] == expected_problems(bib, problems)
    found = json.dumps([asdict(entry) for entry in entries], sort_keys=True, indent=1,
                       ensure_ascii=False) + "\n"
    expected = bib.with_suffix(".json")
    if UPDATE:
        expected.write_text(found, encoding="utf-8")
    assert found == expected.read_text(encoding="utf-8")


CROSSREF = """@proceedings{conf2020,
  title = {Proceedings of {TITLE}},
  year = {2020},
}

@inproceedings{child2020,
  author = {Lee, S.},
  title = {A paper},
  crossref = {conf2020},
}
"""


def test_an_edited_parent_reaches_its_crossref_child_through_the_parse_cache(tmp_path):
    """The parse cache keeps each entry by what it was made from, its inherited fields
    included: a child is read again when only its parent changed."""
    bib = tmp_path / "bibliography" / "x.bib"
    bib.parent.mkdir()
    cache = tmp_path / "cache"
    for title in ("First", "Second"):
        bib.write_text(CROSSREF.replace("TITLE", title), encoding="utf-8")
        for remember in (False, True):
            entries, _ = load_bibtex_file(bib, "bibliography/x.bib", cache, remember)
            child = next(e for e in entries if e.key == "child2020")
            assert child.get("booktitle") == f"Proceedings of {title}"
