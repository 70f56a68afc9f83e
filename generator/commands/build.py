"""`showcase build [--engine mkdocs|properdocs|zensical]`: the whole site, built by the
chosen site generator (generator/site/engines.py), into `site/` as `mkdocs build` builds it.

MkDocs and ProperDocs run the showcase plugin on the project's own `mkdocs.yml`. Zensical
runs no plugins: the site is exported as a plain tree (`showcase export`) into a folder
beside the site folder (`site.showcase-export/`), Zensical builds it there, and Pagefind
indexes what it built, as the plugin does after a MkDocs build. Like the plugin's, the build
takes the site folder's place only once it has succeeded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..load.project import CONFIG_FILE, read_engine_config
from ..report import fails
from ..site import output_dir
from ..site.engines import ENGINES, Engine, EngineError, ensure_installed, run_engine
from ..site.export_tree import CONFIG_FILE as TREE_CONFIG
from ..site.export_tree import SITE_DIR, ExportError
from ..site.search_index import SearchIndexError, index_site
from . import EXIT_CLEAN, EXIT_PROBLEMS, EXIT_USAGE, add_root_argument, project_root
from .export import export_project

NAME = "build"
HELP = "build the whole site with MkDocs, ProperDocs or Zensical"
EXPORT = ".showcase-export"  # the plain tree Zensical builds, beside the site folder


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=sorted(ENGINES), default="mkdocs",
                        help="the site generator (default: mkdocs); one other than MkDocs is "
                        "installed into .venv-<engine> beside showcase's .venv the first time "
                        "it is used")
    parser.add_argument("--strict", action="store_true",
                        help="warnings fail the build, as `mkdocs build --strict` does")
    parser.add_argument("--site-dir", type=Path, default=None,
                        help="where the site goes (default: mkdocs.yml's site_dir, else site/ "
                        "in the project folder)")
    parser.add_argument("--install-only", action="store_true",
                        help="only make the engine's environment, if it is not there yet")
    add_root_argument(parser)


def run(arguments: argparse.Namespace) -> int:
    root = project_root(arguments.root).resolve()
    if not (root / CONFIG_FILE).is_file():
        print(f"showcase: {root} has no {CONFIG_FILE}", file=sys.stderr)
        return EXIT_USAGE
    engine = ENGINES[arguments.engine]
    configured = read_engine_config(root / CONFIG_FILE).get("site_dir") or SITE_DIR
    site_dir = (arguments.site_dir or root / str(configured)).resolve()
    try:
        if ensure_installed(engine):
            print(f"showcase: installed {engine.name} into {engine.venv}", file=sys.stderr)
        if arguments.install_only:
            return EXIT_CLEAN
        built = build_with_plugin if engine.plugins else build_plain
        return built(engine, root, site_dir, arguments.strict)
    except (EngineError, ExportError, SearchIndexError, OSError) as error:
        print(f"showcase build --engine {engine.name}: {error}", file=sys.stderr)
        return EXIT_PROBLEMS


def build_with_plugin(engine: Engine, root: Path, site_dir: Path, strict: bool) -> int:
    arguments = ["build", "-f", str(root / CONFIG_FILE), "-d", str(site_dir)]
    code = run_engine(engine, arguments + (["--strict"] if strict else []), cwd=root)
    return failed(engine, code)


def build_plain(engine: Engine, root: Path, site_dir: Path, strict: bool) -> int:
    tree = site_dir.with_name(site_dir.name + EXPORT)
    result = export_project(root, tree, engine, strict)
    if fails(result.problems, strict) or not result.rendered:
        return EXIT_PROBLEMS
    arguments = ["build", "-f", TREE_CONFIG] + (["--strict"] if strict else [])
    if failed(engine, run_engine(engine, arguments, cwd=tree)):
        return EXIT_PROBLEMS
    index = index_site(tree / SITE_DIR)
    print(f"showcase: search index of {index.files} HTML files in {index.folder.name}/",
          file=sys.stderr)
    staging = output_dir.start(site_dir)
    staging.rmdir()
    shutil.move(tree / SITE_DIR, staging)
    output_dir.finish(site_dir)
    print(f"showcase: the site built by {engine.name} is in {site_dir}", file=sys.stderr)
    return EXIT_CLEAN


def failed(engine: Engine, code: int) -> int:
    if code:
        print(f"showcase build --engine {engine.name}: {engine.name} failed (exit {code}); "
              "nothing was replaced", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_CLEAN
