"""`showcase add DOI|PMID`: look a publication up and append one clean BibTeX entry.
`showcase add --from FILE|-`: the same for each record of an export (BibTeX, RIS, MEDLINE,
CSL-JSON); each is written, or reported with its line and why not (then exit 1).

Order of work: check the arguments and programme ids (exit 2), look the identifier up
(exit 1 on any failure, nothing written), refuse a duplicate (exit 1, naming the entry
already there), write the entry, then run the checks `showcase check` runs and report
those about the new entry (exit 1 if one is an error).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

from ..edit.convert import FORMATS, convert_text, detect_format
from ..edit.lookup import TIMEOUT, FetchError, lookup, parse_identifier
from ..edit.new_entry import find_duplicate, make_entry
from ..load.bibtex import load_bibliography, load_bibtex_text
from ..load.content import load_programmes
from ..model import Problem, Severity, Source
from ..pipeline import check
from ..report import format_problems, summarise
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "add"
HELP = ("look up a DOI, doi.org address or PubMed ID and append its BibTeX entry to "
        "bibliography/publications.bib (or --file); or, with --from, an entry for each record "
        "of a BibTeX, RIS, MEDLINE or CSL-JSON export")
DEFAULT_FILE = "bibliography/publications.bib"
KEY_IN_FILE = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


class Refusal(Exception):
    """One line for stderr and the exit code that goes with it."""

    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("identifier", metavar="DOI|PMID", nargs="?",
                        help="a DOI (10.1136/bmj.m966), a doi.org address or a PubMed ID")
    parser.add_argument("--from", dest="source", metavar="FILE",
                        help="add every record of an export instead: a BibTeX, RIS, MEDLINE "
                        "(.nbib) or CSL-JSON file, or - for standard input")
    parser.add_argument("--format", choices=FORMATS,
                        help="the format of --from (default: told from the text)")
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
    if (arguments.identifier is None) == (arguments.source is None):
        raise Refusal("give a DOI or PubMed ID, or --from FILE (- for standard input), "
                      "but not both", EXIT_USAGE)
    if arguments.source is not None:
        return add_from(root, arguments)
    if arguments.format:
        raise Refusal("--format says what --from's file is; a DOI or PubMed ID needs none",
                      EXIT_USAGE)
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


def report(root: Path, shown: str, lines: range, what: str = "the new entry has") -> int:
    """The problems `showcase check` finds in the new entry; exit 1 if one is an error."""
    _, problems = check(root)
    own: list[Problem] = [p for p in problems if p.source.path == shown and p.source.line in lines]
    for line in format_problems(own):
        print(line)
    others = [p for p in problems if p not in own]
    print(f"showcase add: {what} {summarise(own)}"
          + (f"; elsewhere in the project: {summarise(others)}" if others else ""))
    return EXIT_PROBLEMS if any(p.severity is Severity.ERROR for p in own) else EXIT_CLEAN


# ---- --from: every record of an export ----------------------------------------------


def add_from(root: Path, arguments: argparse.Namespace) -> int:
    target = target_file(root, arguments.file)
    check_programmes(root, arguments.programme)
    shown_as, text = read_input(arguments.source)
    form = input_format(arguments, shown_as, text)
    converted, problems = convert_text(text, form, shown_as)
    written, refused, first = write_converted(root, target, converted, arguments.programme)
    shown = target.relative_to(root).as_posix()
    print_outcome(written, [*problems, *refused], shown, f"{shown_as}: no {form} record")
    code = report(root, shown, range(first, first + 10**9), "the new entries have") \
        if written else EXIT_CLEAN
    return EXIT_PROBLEMS if problems or refused else code


def input_format(arguments: argparse.Namespace, shown_as: str, text: str) -> str:
    form = arguments.format or detect_format(text, arguments.source)
    if form is None:
        raise Refusal(f"{shown_as}: could not tell its format: it is not BibTeX (@article{{…), "
                      "RIS (TY  - JOUR), MEDLINE (PMID- 123) nor CSL-JSON ([{…}]); give "
                      "--format if it is one of them; nothing was written", EXIT_PROBLEMS)
    return form


def print_outcome(written: list[tuple[Source, str]], unwritten: list[Problem], shown: str,
                  none_found: str) -> None:
    """A line for each record, in the order of the input, then how many were added."""
    if not written and not unwritten:
        raise Refusal(f"{none_found} was found in it; nothing was written", EXIT_PROBLEMS)
    lines = [*written, *((p.source, f"{p.source}: not added: {p.message}") for p in unwritten)]
    for _, line in sorted(lines, key=lambda pair: pair[0].line):
        print(line)
    print(f"showcase add: {len(written)} of {len(lines)} records added to {shown}"
          + (f"; {len(unwritten)} not added (see above)" if unwritten else ""))


MAX_INPUT = 5_000_000


def read_input(source: str) -> tuple[str, str]:
    """(name shown in messages, the text), or a Refusal that says what is wrong."""
    shown_as = "stdin" if source == "-" else source
    try:
        data = sys.stdin.buffer.read(MAX_INPUT + 1) if source == "-" else \
            Path(source).read_bytes()
    except OSError as error:
        raise Refusal(f"cannot read {shown_as}: {error.strerror or error}", EXIT_USAGE) \
            from None
    if len(data) > MAX_INPUT:
        raise Refusal(f"{shown_as} is larger than 5 MB; split it", EXIT_PROBLEMS)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    if not text.strip() or "\x00" in text:
        what = "empty" if not data.strip() else "not UTF-8 text"
        raise Refusal(f"{shown_as} is {what}: give a BibTeX, RIS, MEDLINE or CSL-JSON export "
                      "saved as UTF-8; nothing was written", EXIT_PROBLEMS)
    return shown_as, text.replace("\r\n", "\n")


def write_converted(root: Path, target: Path, converted: list, programmes: list[str]):
    """Append each record that reads back and duplicates nothing: (one line per entry
    written, a Problem for each refused, the line the first starts on)."""
    entries, _ = load_bibliography(root)
    taken, lines, refused, first = taken_keys(root, entries), [], [], 0
    shown = target.relative_to(root).as_posix()
    for item in converted:
        wanted = [*programmes, *(p for p in item.programmes if p not in programmes)]
        made = new_entry(item, wanted, taken, entries)
        if isinstance(made, Problem):
            refused.append(made)
            continue
        key, text, entry = made
        line = append_entry(target, text)
        entry = dataclasses.replace(entry, source=Source(shown, line))
        first, taken, entries = first or line, taken | {key}, [*entries, entry]
        notes = "".join(f" ({note})" for note in item.notes)
        lines.append((item.source, f"added '{key}' to {shown}:{line}: {item.record.title}"
                      f"{notes}"))
    return lines, refused, first


def new_entry(item, programmes: list[str], taken: set[str], entries: list):
    """(key, text, entry as read back) for a converted record, or the Problem with it."""
    try:
        key, text = make_entry(item.record, programmes, taken)
    except ValueError as error:
        return Problem(item.source, f"{error}; add the entry by hand")
    found, problems = load_bibtex_text(text, "new.bib")
    if problems or len(found) != 1:
        detail = problems[0].message if problems else "it did not read back as one entry"
        return Problem(item.source, f"the entry made for it could not be read back ({detail}); "
                       "add it by hand")
    duplicate = find_duplicate(found[0], entries)
    if duplicate:
        other, shared = duplicate
        return Problem(item.source, f"it is already in the bibliography: entry '{other.key}' "
                       f"at {other.source} has {shared}")
    return key, text, found[0]
