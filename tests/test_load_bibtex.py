"""The BibTeX loader on good input, as golden data: golden/bibtex/<name>.bib -> <name>.json.

Each JSON file is the list of Entry records the loader makes (dataclasses.asdict, sorted
keys, indent 1). Run with UPDATE_GOLDEN=1 to rewrite them; read every change before
keeping it.
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


@pytest.mark.parametrize("bib", SAMPLES, ids=lambda path: path.stem)
def test_loader_output_matches_golden_json(bib: Path) -> None:
    entries, problems = load_bibtex_file(bib, f"bibliography/{bib.name}")
    assert [str(problem) for problem in problems] == []
    found = json.dumps([asdict(entry) for entry in entries], sort_keys=True, indent=1,
                       ensure_ascii=False) + "\n"
    expected = bib.with_suffix(".json")
    if UPDATE:
        expected.write_text(found, encoding="utf-8")
    assert found == expected.read_text(encoding="utf-8")
