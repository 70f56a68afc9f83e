"""`showcase cite`: the site's citation for every entry of BibTeX or CSL-JSON files, as JSON.

The entries go through exactly the path the site build uses: the loader gives Entries,
and ``CitationFormatter.format`` escapes, formats with citeproc-py and corrects them.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from citeproc import LANGUAGE_NAMES

from ..cite.formatter import CitationFormatter, resolve_style
from ..load.bibtex import load_bibtex_file
from ..load.content import load_settings
from ..load.csl_json import load_csl_json_file
from ..model import Entry, Formatted, Problem, Settings, Severity, Source
from ..pipeline import Options, style_dirs
from ..report import format_problems
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, project_root

NAME = "cite"
HELP = ("print the formatted bibliography entry of every item in BibTeX (.bib) or CSL-JSON "
        "(.json) files, as a JSON object {id: entry}")
EPILOG = ("Exit codes: 0 when the JSON was printed (warnings, if any, are on stderr), "
          "1 when a file cannot be read, 2 on a usage error such as an unknown style.")
LOADERS = {".bib": load_bibtex_file, ".json": load_csl_json_file}


class UsageError(Exception):
    """A mistake on the command line or in the site settings: one line, exit 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE",
                        help="a .bib (BibTeX) or .json (CSL-JSON) file")
    parser.add_argument("--style", help="a style in theme/csl/ by name, or a path to a .csl "
                        "file (default: citation_style in content/site.yml, else "
                        "medic-vancouver)")
    parser.add_argument("--locale", help="a CSL locale such as en-GB or en-US (default: "
                        "locale in content/site.yml, else en-GB)")
    parser.add_argument("--format", choices=("text", "html"), default="text",
                        help="plain text, or the HTML the site shows (default: text)")


def run(arguments: argparse.Namespace) -> int:
    root = project_root(None)
    try:
        settings = default_settings(root, arguments)
        style = find_style(arguments.style or settings.citation_style, root)
        locale = check_locale(arguments.locale or settings.locale)
        entries, problems = load_entries(arguments.files)
    except UsageError as error:
        print(f"showcase cite: {error}", file=sys.stderr)
        return EXIT_USAGE
    if any(p.severity is Severity.ERROR for p in problems):
        print_problems(problems)
        return EXIT_PROBLEMS
    citations, found = CitationFormatter(style, locale).format(entries)
    print_problems(problems + found)
    write_json({key: getattr(citation, arguments.format) for key, citation in citations.items()})
    return EXIT_CLEAN


def cite_files(paths: list[Path], style_name: str, locale: str,
               root: Path = Path(".")) -> tuple[dict[str, Formatted], list[Problem]]:
    """What `showcase cite` prints, as Formatted citations: for tests and other callers."""
    entries, problems = load_entries(paths)
    citations, found = CitationFormatter(find_style(style_name, root), locale).format(entries)
    return citations, problems + found


def default_settings(root: Path, arguments: argparse.Namespace) -> Settings:
    """content/site.yml's style and locale when it is there and they are needed."""
    defaults = Settings(title="")
    if (arguments.style and arguments.locale) or not (root / "content" / "site.yml").is_file():
        return defaults
    settings, problems = load_settings(root)
    if settings is None:
        raise UsageError(f"cannot read the default style and locale: {problems[0]}")
    return settings


def find_style(name: str, root: Path):
    style, problems = resolve_style(name, root, Source("--style"), style_dirs(Options(root)))
    if style is None:
        raise UsageError(problems[0].message.replace("citation_style ", "style ", 1))
    return style


def check_locale(locale: str) -> str:
    if locale not in LANGUAGE_NAMES:
        raise UsageError(f"locale '{locale}' is not one citeproc-py knows: give one like "
                         "en-GB or en-US")
    return locale


def load_entries(paths: list[Path]) -> tuple[list[Entry], list[Problem]]:
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in paths:
        loader = LOADERS.get(path.suffix.lower())
        if loader is None:
            raise UsageError(f"{path}: give a .bib (BibTeX) or .json (CSL-JSON) file")
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        try:
            found, trouble = loader(path, path.as_posix())
        except OSError as error:  # a folder, no permission: the file cannot be read
            found, trouble = [], [Problem(Source(path.as_posix()),
                                          f"this file cannot be read: {error.strerror}")]
        entries += found
        problems += trouble
    return entries, problems + repeated_keys(entries)


def repeated_keys(entries: list[Entry]) -> list[Problem]:
    first: dict[str, Entry] = {}
    problems = []
    for entry in entries:
        if entry.key in first:
            problems.append(Problem(entry.source, f"id '{entry.key}' is also used at "
                                    f"{first[entry.key].source}; give each entry its own"))
        first.setdefault(entry.key, entry)
    return problems


def print_problems(problems: list[Problem]) -> None:
    for line in format_problems(problems):
        print(line, file=sys.stderr)


def write_json(result: dict[str, str]) -> None:
    text = json.dumps(result, sort_keys=True, ensure_ascii=False, indent=2) + "\n"
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.flush()
    else:
        sys.stdout.write(text)
