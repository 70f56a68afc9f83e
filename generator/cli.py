"""The `showcase` command, thin over the same functions the site build uses."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .pipeline import check
from .report import fails, format_problems, summarise

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="showcase", description="Check and build a research group's showcase site.")
    commands = main_parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser(
        "check", help="check every content file and report all problems (exit 1 if any fail)")
    check_parser.add_argument("--strict", action="store_true",
                              help="treat warnings as failures, as `mkdocs build --strict` does")
    check_parser.add_argument("--root", type=Path, default=Path("."),
                              help="the project folder (default: the current folder)")
    return main_parser


def run_check(root: Path, strict: bool) -> int:
    if not (root / "content").is_dir() and not (root / "bibliography").is_dir():
        print(f"showcase: {root} has no content/ or bibliography/ folder", file=sys.stderr)
        return EXIT_USAGE
    _, problems = check(root.resolve())
    for line in format_problems(problems):
        print(line)
    print(f"showcase check: {summarise(problems)}")
    return EXIT_PROBLEMS if fails(problems, strict) else EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    try:
        arguments = parser().parse_args(argv)
    except SystemExit as stop:
        return EXIT_USAGE if stop.code else EXIT_CLEAN
    return run_check(arguments.root, arguments.strict)
