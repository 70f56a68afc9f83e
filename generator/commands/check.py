"""`showcase check`: every problem the build would report, without building."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..pipeline import check
from ..report import as_json, fails, github_lines, summarise, text_lines
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "check"
HELP = "check every content file and report all problems (exit 1 if any fail)"
EPILOG = ("Exit codes: 0 when nothing fails, 1 when an error (or, with --strict, a warning) "
          "is found, 2 on a usage error. Notes never fail.")
FORMATS = ("text", "github", "json")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = EPILOG
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as failures, as `mkdocs build --strict` does")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text: one line per problem and a summary (default); github: "
                        "workflow annotations shown on the pull request; json: a list of "
                        "{file, line, severity, message}")
    add_root_argument(parser)


def run(arguments: argparse.Namespace) -> int:
    root = project_root(arguments.root)
    if not (root / "content").is_dir() and not (root / "bibliography").is_dir():
        print(f"showcase: {root} has no content/ or bibliography/ folder", file=sys.stderr)
        return EXIT_USAGE
    _, problems = check(root.resolve())
    print_problems(problems, arguments.format, root)
    return EXIT_PROBLEMS if fails(problems, arguments.strict) else EXIT_CLEAN


def print_problems(problems: list, form: str, root: Path) -> None:
    if form == "json":
        print(as_json(problems))
        return
    lines = github_lines(problems, path_prefix(root)) if form == "github" else \
        text_lines(problems)
    for line in lines:
        print(line)
    print(f"showcase check: {summarise(problems)}")


def path_prefix(root: Path) -> str:
    """How the project folder is reached from the current one: '' or 'site/'."""
    relative = Path(os.path.relpath(root.resolve(), Path.cwd())).as_posix()
    return "" if relative == "." else f"{relative}/"
