"""`showcase export DIR`: the whole site as a plain tree that a Markdown site generator
builds as it is, with no plugin: `cd DIR && zensical build` (generator/site/export_tree.py).

The tree is made by the same pipeline the plugin runs, with the same options from
`mkdocs.yml`; content errors stop it, as they stop a build, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from ..load.project import CONFIG_FILE, read_engine_config, site_address
from ..pipeline import Options, Result, build, theme_folders
from ..report import fails, summarise, text_lines
from ..site.engines import ENGINES, Engine
from ..site.export_tree import Export, ExportError, plain_config, write_export
from ..site.render import front_matter_title
from ..text.markup import attribute_text
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root

NAME = "export"
HELP = "write the site as a plain tree of pages that a site generator builds without plugins"
PLAIN_ENGINES = ("zensical", "mkdocs", "properdocs")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", type=Path, help="where to write the tree (emptied first)")
    parser.add_argument("--engine", choices=PLAIN_ENGINES, default="zensical",
                        help="the generator that will build the tree, which decides how its "
                        "links are written (default: zensical)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    add_root_argument(parser)


def run(arguments: argparse.Namespace) -> int:
    root = project_root(arguments.root).resolve()
    if not (root / CONFIG_FILE).is_file():
        print(f"showcase: {root} has no {CONFIG_FILE}", file=sys.stderr)
        return EXIT_USAGE
    if arguments.folder.resolve() in (root, *root.parents):
        print(f"showcase: {arguments.folder} holds the project; export to a folder of its own",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        result = export_project(root, arguments.folder, ENGINES[arguments.engine],
                                arguments.strict)
    except (ExportError, OSError) as error:
        print(f"showcase export: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_PROBLEMS if fails(result.problems, arguments.strict) else EXIT_CLEAN


def export_project(root: Path, folder: Path, engine: Engine, strict: bool = False) -> Result:
    """Build the project in ``root`` and write its tree to ``folder`` unless it fails;
    every problem is printed, as the build prints them."""
    project = read_engine_config(root / CONFIG_FILE)
    options = replace(Options.of_project(root), site_url=site_address(project.get("site_url")))
    result = build(options)
    for line in text_lines(result.problems):
        print(line, file=sys.stderr)
    if fails(result.problems, strict) or result.site is None:
        print(f"showcase: the content has {summarise(result.problems)}; nothing was exported",
              file=sys.stderr)
        return result
    settings = result.site.settings
    config = plain_config(project, front_matter_title(settings.title),
                          attribute_text(settings.description), options.site_url, engine,
                          {page.path: front_matter_title(page.title) for page in result.pages})
    write_export(Export(result.rendered, options.static_dir, theme_folders(options), config,
                        engine, result.downloads), folder)
    return result
