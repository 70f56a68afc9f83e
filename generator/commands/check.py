"""`showcase check`: every problem the build would report, without building."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..pipeline import check
from ..report import fails, format_problems, summarise
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE

NAME = "check"
HELP = "check every content file and report all problems (exit 1 if any fail)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--strict", action="store_true",
                        help="treat warnings as failures, as `mkdocs build --strict` does")
    parser.add_argument("--root", type=Path, default=Path("."),
                        help="the project folder (default: the current folder)")


def run(arguments: argparse.Namespace) -> int:
    root = arguments.root
    if not (root / "content").is_dir() and not (root / "bibliography").is_dir():
        print(f"showcase: {root} has no content/ or bibliography/ folder", file=sys.stderr)
        return EXIT_USAGE
    _, problems = check(root.resolve())
    for line in format_problems(problems):
        print(line)
    print(f"showcase check: {summarise(problems)}")
    return EXIT_PROBLEMS if fails(problems, arguments.strict) else EXIT_CLEAN
