"""`showcase format [--check] [FILE...]`: content files in one canonical style.

BibTeX files go through ``bibtex_writer.format_bibtex``, YAML content files through
``yaml_writer.format_yaml``; both refuse (and leave alone) a file they cannot rewrite
without changing what it says. With no FILE, every content file of the project is
formatted. `--check` writes nothing, lists the files that would change and exits 1 if any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..edit.bibtex_writer import UnformattableError, format_bibtex
from ..edit.yaml_writer import format_yaml
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "format"
HELP = ("rewrite .bib and content .yml files in one canonical style (field order, "
        "indentation, quoting) so that review diffs stay small")
YAML_KINDS = {"programmes": "programme", "outputs": "output"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="*", type=Path, metavar="FILE",
                        help="files to format (default: bibliography/*.bib and the .yml "
                        "files in content/)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; list the files that are not formatted and exit "
                        "1 if there are any")
    add_root_argument(parser, " whose files are formatted when no FILE is given")


def run(arguments: argparse.Namespace) -> int:
    try:
        targets = [(path, kind_of(path)) for path in arguments.files] if arguments.files \
            else project_files(project_root(arguments.root))
    except ValueError as error:
        print(f"showcase format: {error}", file=sys.stderr)
        return EXIT_USAGE
    changed, failed = [], 0
    for path, kind in targets:
        try:
            new = formatted(path, kind)
        except UnformattableError as error:
            print(f"{path.as_posix()}:{error.line}: {error}", file=sys.stderr)
            failed += 1
            continue
        if new is not None:
            changed.append(path)
            if not arguments.check:
                path.write_text(new, encoding="utf-8")
    return report(targets, changed, failed, arguments.check)


def kind_of(path: Path) -> str:
    """What a file holds, from its name and folder: bibtex, site, people, programme, output."""
    if not path.is_file():
        raise ValueError(f"{path.as_posix()} is not a file")
    if path.suffix == ".bib":
        return "bibtex"
    if path.suffix in (".yml", ".yaml"):
        if path.stem in ("site", "people") and path.parent.name == "content":
            return path.stem
        if path.parent.name in YAML_KINDS:
            return YAML_KINDS[path.parent.name]
    raise ValueError(f"{path.as_posix()} is not a .bib file or a content .yml file "
                     "(content/site.yml, content/people.yml, content/programmes/*.yml, "
                     "content/outputs/*.yml)")


def project_files(root: Path) -> list[tuple[Path, str]]:
    if not (root / "content").is_dir() and not (root / "bibliography").is_dir():
        raise ValueError(f"{root.as_posix()} has no content/ or bibliography/ folder")
    content = root / "content"
    files = [(p, "bibtex") for p in sorted((root / "bibliography").glob("*.bib"))]
    files += [(content / f"{name}.yml", name) for name in ("site", "people")
              if (content / f"{name}.yml").is_file()]
    for folder, kind in YAML_KINDS.items():
        files += [(p, kind) for p in sorted((content / folder).glob("*.y*ml"))]
    return files


def formatted(path: Path, kind: str) -> str | None:
    """The file's new text, or None if it is formatted already."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise UnformattableError("the file is not UTF-8 text; save it as UTF-8 first",
                                 1) from None
    new = format_bibtex(text) if kind == "bibtex" else format_yaml(text, kind)
    return None if new == text else new


def report(targets: list, changed: list[Path], failed: int, check: bool) -> int:
    for path in changed:
        print(f"{'would reformat' if check else 'formatted'}: {path.as_posix()}")
    verb = "would be reformatted" if check else "formatted"
    summary = f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}, " \
              f"{len(targets) - len(changed) - failed} unchanged"
    print(f"showcase format: {summary}" + (f", {failed} left as they are (see above)"
                                           if failed else ""))
    return EXIT_PROBLEMS if failed or (check and changed) else EXIT_CLEAN
