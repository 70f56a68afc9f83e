"""The `showcase` command, thin over the same functions the site build uses.

Sub-commands live in ``generator/commands/``, one module each (see its docstring).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from types import ModuleType

from . import commands
from .commands import EXIT_CLEAN, EXIT_USAGE


def command_modules() -> list[ModuleType]:
    names = sorted(info.name for info in pkgutil.iter_modules(commands.__path__))
    return [importlib.import_module(f"{commands.__name__}.{name}") for name in names]


def parser(modules: list[ModuleType]) -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(
        prog="showcase", description="Check and build a research group's showcase site. "
        "Exit codes: 0 clean, 1 problems found, 2 usage error.")
    subparsers = main_parser.add_subparsers(dest="command", required=True)
    for module in modules:
        module.add_arguments(subparsers.add_parser(module.NAME, help=module.HELP,
                                                   description=module.HELP))
    return main_parser


def main(argv: list[str] | None = None) -> int:
    modules = command_modules()
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
