"""One module per `showcase` sub-command.

Each module defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(arguments) -> int``
(an exit code: 0 clean, 1 problems found, 2 usage error). ``generator.cli`` finds them all.
"""

from __future__ import annotations

import argparse
from pathlib import Path

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def add_root_argument(parser: argparse.ArgumentParser, what: str = "") -> None:
    """`--root`, which `project_root` turns into the project folder."""
    parser.add_argument("--root", type=Path, default=None,
                        help=f"the project folder{what} (default: the current folder, or "
                        "the nearest one above it that has a content/ or bibliography/ "
                        "folder)")


def project_root(given: Path | None) -> Path:
    """``--root`` if given; else the current folder or the nearest above it that holds
    content/ or bibliography/, so that commands work from inside, say, content/outputs/."""
    if given is not None:
        return given
    here = Path.cwd()
    for folder in (here, *here.parents):
        if (folder / "content").is_dir() or (folder / "bibliography").is_dir():
            return Path(".") if folder == here else folder
    return Path(".")
