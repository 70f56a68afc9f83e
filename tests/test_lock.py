"""The hashed locks in requirements/ match pyproject.toml: every dependency, direct and
transitive, pinned with == and carrying its sha256 hashes, the direct ones at exactly the
versions pyproject pins. `.ci/lock` makes them; these tests say when it must be run again."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import pytest
import tomllib
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# Each lock and the extras of pyproject it holds beside the runtime dependencies.
LOCKS = {"requirements/site.txt": (), "requirements/test.txt": ("test",)}
# The other engines' environments (generator/site/engines.py, .ci/engines), made by .ci/lock.
ENGINE_LOCKS = ["requirements/properdocs.txt", "requirements/zensical.txt",
                "requirements/material-latest.txt"]
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


class Entry(NamedTuple):
    line: int
    requirement: Requirement
    hashes: list[str]


def read_lock(text: str, name: str) -> tuple[list[Entry], list[str]]:
    """The requirements of a lock, each with the line it starts on, and its problems."""
    entries, problems = [], []
    for line, logical in logical_lines(text):
        requirement, _, rest = logical.partition(" --hash=")
        hashes = HASH.findall("--hash=" + rest) if rest else []
        where = f"{name}:{line}"
        if requirement.startswith("-"):
            problems.append(f"{where}: only pinned requirements belong here, found "
                            f"'{requirement}'")
            continue
        entry = Entry(line, Requirement(requirement), hashes)
        entries.append(entry)
        problems += entry_problems(entry, where, rest)
    return entries, problems


def logical_lines(text: str):
    """(first line number, text) of each requirement, continuation lines joined."""
    start, parts = 0, []
    for number, line in enumerate(text.splitlines(), 1):
        code = "" if line.lstrip().startswith("#") else line.strip()
        if not code:
            continue
        start, parts = (start or number), [*parts, code.removesuffix("\\").strip()]
        if not code.endswith("\\"):
            yield start, " ".join(parts)
            start, parts = 0, []


def entry_problems(entry: Entry, where: str, rest: str) -> list[str]:
    name, specifier = entry.requirement.name, str(entry.requirement.specifier)
    problems = []
    if entry.requirement.url or not re.fullmatch(r"==[^,*]+", specifier):
        problems.append(f"{where}: '{name}' must be pinned with ==, found '{specifier}'")
    if not entry.hashes or len(entry.hashes) != rest.count("--hash=") + 1:
        problems.append(f"{where}: '{name}' must have --hash=sha256:<64 hex digits> "
                        f"for every hash, found {len(entry.hashes)} such")
    return problems


def pyproject_dependencies(pyproject: dict, extras: tuple[str, ...]) -> list[Requirement]:
    project = pyproject["project"]
    chosen = project["dependencies"] + [
        dependency for extra in extras for dependency in project["optional-dependencies"][extra]]
    return [Requirement(dependency) for dependency in chosen]


def pin(requirement: Requirement) -> str | None:
    """The version a requirement pins with ==, or None for a range."""
    match = re.fullmatch(r"==([^,*]+)", str(requirement.specifier))
    return match.group(1) if match else None


def versions(entries: list[Entry]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for entry in entries:
        found.setdefault(canonicalize_name(entry.requirement.name), set()).add(
            str(pin(entry.requirement)))
    return found


def direct_problems(wanted: list[Requirement], entries: list[Entry], name: str) -> list[str]:
    """Each dependency pyproject names is in the lock at the version pyproject pins."""
    locked, problems = versions(entries), []
    for requirement in wanted:
        found = locked.get(canonicalize_name(requirement.name), set())
        if found != {pin(requirement)}:
            problems.append(f"{name}: '{requirement.name}' must be locked at "
                            f"{pin(requirement) or requirement.specifier} as pyproject.toml "
                            f"pins it, found "
                            f"{', '.join(sorted(found)) or 'nothing'}; run .ci/lock")
    return problems


def installed_closure(wanted: list[Requirement]) -> set[str]:
    """The distributions installed here that the wanted requirements need, all the way down."""
    seen: set[tuple[str, frozenset[str]]] = set()
    todo = [(canonicalize_name(r.name), frozenset(r.extras)) for r in wanted]
    while todo:
        name, extras = todo.pop()
        if (name, extras) in seen or not is_installed(name):
            continue
        seen.add((name, extras))
        for need in map(Requirement, metadata.requires(name) or []):
            if not need.marker or any(need.marker.evaluate({"extra": e}) for e in extras or {""}):
                todo.append((canonicalize_name(need.name), frozenset(need.extras)))
    return {name for name, _ in seen}


def is_installed(name: str) -> bool:
    try:
        return bool(metadata.distribution(name))
    except metadata.PackageNotFoundError:
        return False


def read(name: str) -> str:
    return (REPO / name).read_text(encoding="utf-8")


# ---- the locks in the repository ------------------------------------------------------


def test_pyproject_pins_every_dependency_with_double_equals() -> None:
    ranges = [str(requirement) for requirement in pyproject_dependencies(PYPROJECT, ("test",))
              if pin(requirement) is None]
    assert ranges == [], "pin these in pyproject.toml with ==, then run .ci/lock"


@pytest.mark.parametrize("name", [*LOCKS, *ENGINE_LOCKS, "requirements/lock-tool.txt"])
def test_every_requirement_is_pinned_and_hashed(name: str) -> None:
    entries, problems = read_lock(read(name), name)
    assert entries and problems == []


@pytest.mark.parametrize("name", LOCKS)
def test_the_lock_holds_pyproject_dependencies_at_their_pins(name: str) -> None:
    entries, _ = read_lock(read(name), name)
    wanted = pyproject_dependencies(PYPROJECT, LOCKS[name])
    assert direct_problems(wanted, entries, name) == []


@pytest.mark.parametrize("name", LOCKS)
def test_the_lock_holds_the_build_backend(name: str) -> None:
    entries, _ = read_lock(read(name), name)
    locked = versions(entries)
    for requirement in map(Requirement, PYPROJECT["build-system"]["requires"]):
        found = locked.get(canonicalize_name(requirement.name), set())
        assert found and all(requirement.specifier.contains(v) for v in found), requirement


@pytest.mark.parametrize("name", LOCKS)
def test_the_lock_holds_every_transitive_dependency_installed_here(name: str) -> None:
    entries, _ = read_lock(read(name), name)
    needed = installed_closure(pyproject_dependencies(PYPROJECT, LOCKS[name]))
    assert needed - set(versions(entries)) == set(), "run .ci/lock"


def test_the_site_lock_agrees_with_the_test_lock() -> None:
    site, _ = read_lock(read("requirements/site.txt"), "site")
    test, _ = read_lock(read("requirements/test.txt"), "test")
    both = {str(entry.requirement) for entry in test}
    assert [str(entry.requirement) for entry in site if str(entry.requirement) not in both] == []


def test_the_readme_quick_start_installs_from_the_locks_by_hash() -> None:
    section = read("README.md").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, re.S)
    assert len(commands) == 2
    for command, lock in zip(commands, LOCKS, strict=True):
        assert f".venv/bin/pip install --require-hashes -r {lock} && " in command
        assert ".venv/bin/pip install --no-deps --no-build-isolation -e . && " in command


# ---- the checks themselves find what is wrong ---------------------------------------------

GOOD = "alpha==1.0 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via showcase\n"
BAD_LOCKS = [
    ("alpha>=1.0 \\\n    --hash=sha256:" + "a" * 64 + "\n",
     ["lock:1: 'alpha' must be pinned with ==, found '>=1.0'"]),
    ("# a comment\nalpha==1.0\n",
     ["lock:2: 'alpha' must have --hash=sha256:<64 hex digits> for every hash, found 0 such"]),
    (GOOD + "beta==2.0 \\\n    --hash=sha256:" + "b" * 64 + " \\\n    --hash=md5:abc\n",
     ["lock:4: 'beta' must have --hash=sha256:<64 hex digits> for every hash, found 1 such"]),
    (GOOD + "-e .\n", ["lock:4: only pinned requirements belong here, found '-e .'"]),
]


@pytest.mark.parametrize(("text", "expected"), BAD_LOCKS)
def test_a_bad_lock_is_reported_at_its_line(text: str, expected: list[str]) -> None:
    assert read_lock(text, "lock")[1] == expected


def test_a_dependency_locked_at_another_version_or_missing_is_reported() -> None:
    entries, _ = read_lock(GOOD, "lock")
    wanted = [Requirement("alpha==1.1"), Requirement("Gamma==3")]
    assert direct_problems(wanted, entries, "lock") == [
        "lock: 'alpha' must be locked at 1.1 as pyproject.toml pins it, found 1.0; run .ci/lock",
        "lock: 'Gamma' must be locked at 3 as pyproject.toml pins it, found nothing; "
        "run .ci/lock",
    ]
