"""The site generators that can build a showcase site, each run as a program of its own in
its own virtual environment. No MkDocs here.

    mkdocs      MkDocs 1.6.1 with the showcase plugin: the one `mkdocs build` runs
    properdocs  ProperDocs, the fork of MkDocs 1.6 that still runs plugins, with the plugin
    zensical    Zensical, which runs no plugins: it builds the plain tree of export_tree

An engine other than MkDocs lives in `.venv-<engine>` beside showcase's own `.venv`, in its
source folder (one for every project it builds), made from the hashed lock
`requirements/<engine>.txt` there the first time it is needed (or beforehand by
`showcase build --engine NAME --install-only`). ProperDocs' environment
holds showcase too (its plugin), installed from the same source as this one.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2]  # showcase's own source folder


class EngineError(Exception):
    """An engine could not be installed or run; the message says why and what to do."""


@dataclass(frozen=True)
class Engine:
    name: str
    plugins: bool  # runs the showcase plugin on the project's own mkdocs.yml
    own_venv: bool = True  # else: the program beside the running Python (showcase's venv)
    with_showcase: bool = False  # its environment needs showcase installed too
    source_links: bool = False  # reads links in raw HTML relative to the page's source file
    left_out: tuple[str, ...] = ()  # theme files it has its own of, left out of an export

    plain_plugins: tuple = ()  # the plugins option of its plain tree (no plugin of ours)
    plain_theme: tuple[tuple[str, str], ...] = ()  # theme options of its tree, unless set

    @property
    def venv(self) -> Path:
        return SOURCE / f".venv-{self.name}"

    @property
    def program(self) -> Path:
        folder = self.venv / "bin" if self.own_venv else Path(sys.executable).parent
        return folder / self.name

    @property
    def requirements(self) -> Path:
        return SOURCE / "requirements" / f"{self.name}.txt"


ENGINES = {
    "mkdocs": Engine("mkdocs", plugins=True, own_venv=False),
    "properdocs": Engine("properdocs", plugins=True, with_showcase=True),
    # Zensical's own search is on unless turned off; the site's search is Pagefind's. Its
    # "classic" variant is Material's look (its default, "modern", is its own). Left out: the
    # theme's copies of Material's templates, which Zensical has its own of (its sitemap has
    # no <lastmod> either; its tabs do not mark a section's tab on a page out of the nav).
    "zensical": Engine("zensical", plugins=False, source_links=True,
                       left_out=("sitemap.xml", "partials/tabs-item.html"),
                       plain_plugins=({"search": {"enabled": False}},),
                       plain_theme=(("variant", "classic"),)),
}


def install_steps(engine: Engine) -> list[list[str]]:
    """The commands that make the engine's environment, in order."""
    python = str(engine.venv / "bin" / "python")
    steps = [[sys.executable, "-m", "venv", str(engine.venv)],
             [python, "-m", "pip", "install", "--quiet", "--require-hashes", "-r",
              str(engine.requirements)]]
    if engine.with_showcase:
        steps.append([python, "-m", "pip", "install", "--quiet", "--no-deps",
                      "--no-build-isolation", "-e", str(SOURCE)])
    return steps


def ensure_installed(engine: Engine) -> bool:
    """Make the engine's environment unless its program is there; True if it was made."""
    if engine.program.exists():
        return False
    if not engine.own_venv:
        raise EngineError(f"{engine.name} is not installed beside {sys.executable}: install "
                          "showcase as the README says")
    if not engine.requirements.is_file():
        raise EngineError(f"cannot install {engine.name}: {engine.requirements} is missing "
                          "(showcase must be installed from its source folder, with -e)")
    for step in install_steps(engine):
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode:
            raise EngineError(f"installing {engine.name} into {engine.venv} failed: "
                              f"{' '.join(step[-3:])}: {last_lines(done.stderr)}")
    return True


def run_engine(engine: Engine, arguments: list[str], cwd: Path) -> int:
    """Run the engine's program; its output goes where showcase's goes."""
    return subprocess.run([str(engine.program), *arguments], cwd=cwd,
                          check=False).returncode


def last_lines(text: str, count: int = 5) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines()[-count:]) or \
        "(no message)"
