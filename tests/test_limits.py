"""Bounded work on any input: oversized and deeply nested files end in a clear problem
(file, line, the limit, what to do), never a hang or a traceback.

Each test runs under a generous time bound set by the harness (``bounded``): far more than
the work should take, so that only a hang or a blow-up of the work fails it.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.load import limits
from generator.load.files import read_yaml
from generator.pipeline import check

GENEROUS_SECONDS = 60


@contextmanager
def bounded(seconds: int = GENEROUS_SECONDS):
    def stop(_signal, _frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def laughs(levels: int = 9) -> str:
    """The "billion laughs": each level an alias list of nine of the level before."""
    names = [f"l{n}" for n in range(levels)]
    lines = [f'{names[0]}: &{names[0]} ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for before, name in zip(names, names[1:], strict=False):
        lines.append(f"{name}: &{name} [{', '.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


def messages(path: Path) -> list[str]:
    with bounded():
        data, problems = read_yaml(path, path.name)
    assert data is None
    return [str(problem) for problem in problems]


def test_a_billion_laughs_stops_at_the_value_limit(tmp_path: Path) -> None:
    (tmp_path / "site.yml").write_text(laughs(), encoding="utf-8")
    assert messages(tmp_path / "site.yml") == [
        f"site.yml:1: error: the file holds more than {limits.MAX_YAML_VALUES:,} values (a value "
        "reached through a YAML alias, *name, counts each time); write the values out, or "
        "split the file"]


@pytest.mark.parametrize("text", [
    "title: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "title: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n",
    "".join(" " * n + "-\n" for n in range(1_000)),
], ids=["flow lists", "flow mappings", "block lists"])
def test_deep_nesting_is_a_problem_at_its_line(tmp_path: Path, text: str) -> None:
    (tmp_path / "site.yml").write_text(text, encoding="utf-8")
    [message] = messages(tmp_path / "site.yml")
    assert message.startswith("site.yml:")
    assert f"nested more than {limits.MAX_YAML_DEPTH} deep" in message


def test_an_oversized_yaml_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "site.yml"
    path.write_bytes(b"description: '" + b"x" * limits.MAX_YAML_BYTES + b"'\n")
    assert messages(path) == [
        "site.yml:1: error: the file is 2.0 MB, more than the 2.0 MB a content file may be; "
        "split it into several files"]


def test_a_hostile_programme_file_stops_only_itself(tmp_path: Path) -> None:
    (tmp_path / "content" / "programmes").mkdir(parents=True)
    (tmp_path / "content" / "site.yml").write_text("title: T\n", encoding="utf-8")
    (tmp_path / "content" / "programmes" / "x.yml").write_text(laughs(), encoding="utf-8")
    with bounded():
        site, problems = check(tmp_path)
    assert site is not None
    assert [str(p.source) for p in problems] == ["content/programmes/x.yml:1"]
