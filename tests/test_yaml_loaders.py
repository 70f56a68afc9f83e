"""Content files are read by libyaml's parser (fast) with PyYAML's as the fallback: for every
YAML file the repository holds, both give the same data and the same line numbers, and a
file that is not valid YAML is reported in PyYAML's words either way."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.load import files
from generator.load.files import LineDict, LineList, compose, read_yaml, to_data

ROOT = Path(__file__).resolve().parent.parent
YAML_FILES = sorted(p for folder in ("content", "tests/sites", "tests/golden", "tests/fixtures")
                    for p in (ROOT / folder).rglob("*.yml"))


def shape(value):
    """The data with every line number it carries, comparable with ==."""
    if isinstance(value, LineDict):
        return ("map", value.line, value.lines, {k: shape(v) for k, v in value.items()})
    if isinstance(value, LineList):
        return ("list", value.line, value.lines, [shape(v) for v in value])
    return value


def read(text: str, loader):
    try:
        node = compose(text, loader)
        return shape(to_data(node)) if node is not None else None
    except files.ValueProblem as error:  # what the file holds, the same in both
        return ("problem", error.line, error.message)
    except yaml.YAMLError as error:
        return type(error).__name__


def test_there_are_files_to_compare():
    assert len(YAML_FILES) > 20


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_both_parsers_read_a_file_alike(path):
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    fast = read(text, files.FAST_LOADER)
    if isinstance(fast, str):  # libyaml stops: the Python parser is asked, and reports it
        assert isinstance(read(text, yaml.SafeLoader), str), path
    else:
        assert fast == read(text, yaml.SafeLoader)


def test_a_mistake_is_reported_in_pyyaml_words(tmp_path, monkeypatch):
    broken = tmp_path / "broken.yml"
    broken.write_text("title: one\n  bad: indent\nname: [unclosed\n", encoding="utf-8")
    first = read_yaml(broken, "content/broken.yml")
    monkeypatch.setattr(files, "FAST_LOADER", yaml.SafeLoader)
    assert read_yaml(broken, "content/broken.yml") == first
    assert first[0] is None and first[1][0].source.line == 2
