"""`showcase add DOI|PMID`: look a publication up and append one clean BibTeX entry.

Order of work: check the arguments and programme ids (exit 2), look the identifier up
(exit 1 on any failure, nothing written), refuse a duplicate (exit 1, naming the entry
already there), write the entry, then run the checks `showcase check` runs and report
those about the new entry (exit 1 if one is an error).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..edit.lookup import TIMEOUT, FetchError, lookup, parse_identifier
from ..edit.new_entry import find_duplicate, make_entry
from ..load.bibtex import load_bibliography, load_bibtex_text
from ..load.content import load_programmes
from ..model import Problem, Severity
from ..pipeline import check
from ..report import format_problems, summarise
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "add"
HELP = ("look up a DOI, doi.org address or PubMed ID and append its BibTeX entry to "
        "bibliography/publications.bib (or --file)")
DEFAULT_FILE = "bibliography/publications.bib"
KEY_IN_FILE = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


class Refusal(Exception):
    """One line for stderr and the exit code that goes with it."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("identifier", metavar="DOI|PMID",
                        help="a DOI (10.1136/bmj.m966), a doi.org address or a PubMed ID")
    parser.add_argument("--programme", action="append", default=[], metavar="ID",
                        help="a programme the publication belongs to (repeat for more)")
    parser.add_argument("--file", default=DEFAULT_FILE, metavar="bibliography/NAME.bib",
                        help=f"the file to add the entry to (default: {DEFAULT_FILE}; "
                        "created if missing)")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, metavar="SECONDS",
                        help=f"how long to wait for doi.org or PubMed (default: {TIMEOUT:g})")
    add_root_argument(parser)


def run(arguments: argparse.Namespace) -> int:
    try:
        return add(arguments)
    except Refusal as refusal:
        print(f"showcase add: {refusal}", file=sys.stderr)
        return refusal.code


def add(arguments: argparse.Namespace) -> int:
    root = project_root(arguments.root).resolve()
    identifier = parse_identifier(arguments.identifier)
    if identifier is None:
        raise Refusal(f"'{arguments.identifier}' is not a DOI (like 10.1136/bmj.m966), a "
                      "doi.org address or a PubMed ID (digits)", EXIT_USAGE)
    target = target_file(root, arguments.file)
    check_programmes(root, arguments.programme)
    try:
        record = lookup(identifier, arguments.timeout)
    except FetchError as error:
        raise Refusal(f"{error}; nothing was written", EXIT_PROBLEMS) from None
    entries, _ = load_bibliography(root)
    key, text = make_entry(record, arguments.programme, taken_keys(root, entries))
    new = read_back(key, text)
    duplicate = find_duplicate(new, entries)
    if duplicate:
        other, shared = duplicate
        raise Refusal(f"{identifier} is already in the bibliography: entry '{other.key}' at "
                      f"{other.source} has {shared}; nothing was written", EXIT_PROBLEMS)
    line = append_entry(target, text)
    shown = target.relative_to(root).as_posix()
    print(f"Added entry '{key}' to {shown}:{line}:\n\n{text}\n")
    return report(root, shown, range(line, line + text.count("\n") + 1))


def target_file(root: Path, name: str) -> Path:
    path = (root / name).resolve()
    folder = (root / "bibliography").resolve()
    if path.suffix != ".bib" or path.parent != folder:
        raise Refusal(f"--file must be a .bib file in bibliography/, like {DEFAULT_FILE}; "
                      f"found '{name}'", EXIT_USAGE)
    return path


def check_programmes(root: Path, wanted: list[str]) -> None:
    known = {programme.id for programme in load_programmes(root)[0]}
    unknown = [programme for programme in wanted if programme not in known]
    if unknown:
        choices = ", ".join(sorted(known)) or "none are defined in content/programmes/"
        raise Refusal(f"unknown programme id '{unknown[0]}' (known programme ids: {choices})",
                      EXIT_USAGE)


def taken_keys(root: Path, entries: list) -> set[str]:
    """Keys in use: those read, and any the files spell out (even in unreadable entries)."""
    keys = {entry.key for entry in entries}
    for path in (root / "bibliography").glob("*.bib"):
        keys |= set(KEY_IN_FILE.findall(path.read_text(encoding="utf-8", errors="replace")))
    return keys


def read_back(key: str, text: str):
    """The new entry as the site will read it; it must read without a problem."""
    found, problems = load_bibtex_text(text, "new.bib")
    if problems or len(found) != 1:
        detail = problems[0].message if problems else "it did not read back as one entry"
        raise Refusal(f"the entry made for '{key}' could not be read back ({detail}); nothing "
                      "was written", EXIT_PROBLEMS)
    return found[0]


def append_entry(path: Path, text: str) -> int:
    """Append with one blank line before it; returns the line the entry starts on."""
    existing = path.read_text(encoding="utf-8") if path.exists() else ""
    existing = existing.rstrip("\n") + "\n\n" if existing.strip() else ""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(existing + text + "\n", encoding="utf-8")
    return existing.count("\n") + 1


def report(root: Path, shown: str, lines: range) -> int:
    """The problems `showcase check` finds in the new entry; exit 1 if one is an error."""
    _, problems = check(root)
    own: list[Problem] = [p for p in problems if p.source.path == shown and p.source.line in lines]
    for line in format_problems(own):
        print(line)
    others = [p for p in problems if p not in own]
    print(f"showcase add: the new entry has {summarise(own)}"
          + (f"; elsewhere in the project: {summarise(others)}" if others else ""))
    return EXIT_PROBLEMS if any(p.severity is Severity.ERROR for p in own) else EXIT_CLEAN
