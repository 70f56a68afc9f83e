"""The `showcase` command, thin over the same functions the site build uses.

Sub-commands live in ``generator/commands/``, one module each (see its docstring), and are
listed in ``COMMANDS`` in the order ``showcase --help`` shows them.
"""

from __future__ import annotations

import argparse
import sys
from types import ModuleType

from .commands import EXIT_CLEAN, EXIT_USAGE, add, build, check, cite, export, format, new

COMMANDS: tuple[ModuleType, ...] = (add, build, check, cite, export, format, new)


def parser(modules: tuple[ModuleType, ...]) -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="showcase", description="Check and build a research group's showcase site. "
        "Exit codes: 0 clean, 1 problems found, 2 usage error.")
    subparsers = main_parser.add_subparsers(dest="command", required=True)
    for module in modules:
        module.add_arguments(subparsers.add_parser(module.NAME, help=module.HELP,
                                                   description=module.HELP))
    return main_parser


def main(argv: list[str] | None = None) -> int:
    modules = COMMANDS
    try:
        arguments = parser(modules).parse_args(argv)
    except SystemExit as stop:
        return EXIT_USAGE if stop.code else EXIT_CLEAN
    module = next(m for m in modules if arguments.command == m.NAME)
    try:
        return module.run(arguments)
    except BrokenPipeError:  # `showcase check | head`: the reader has gone, nothing to say
        sys.stderr.close()
        return EXIT_CLEAN
