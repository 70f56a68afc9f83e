"""The layout is the architecture: imports run down the pipeline, and only the plugin
imports MkDocs (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Each part of generator/ and the layer it sits in: a part may import its own modules and
# those of lower layers only. Parts of one layer do not import each other.
LAYERS = {
    "model": 0, "text": 1, "report": 1, "parallel": 1,
    "load": 2,
    "checks": 3, "cite": 3,
    "site": 4,
    "pipeline": 5,
    "edit": 6, "preview": 6,
    "commands": 7, "plugin": 7,
    "cli": 8, "__main__": 9, "__init__": 9,
}


def part_of(module: Path) -> str:
    return module.relative_to(PACKAGE).parts[0].removesuffix(".py")


def imported_parts(module: Path, source: str | None = None) -> set[str]:
    """The parts of generator/ that ``module`` imports, from its relative imports."""
    depth = len(module.relative_to(PACKAGE).parts) - 1
    parts = set()
    source = module.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level:
            up = node.level - 1
            if up < depth:
                continue  # within its own folder
            if node.module:
                parts.add(node.module.split(".")[0])
            else:
                parts.update(alias.name for alias in node.names)
    return parts


def external_imports(module: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
    return names


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_part_has_a_layer() -> None:
    assert {part_of(m) for m in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.relative_to(PACKAGE).as_posix())
def test_imports_run_down_the_pipeline(module: Path) -> None:
    own = part_of(module)
    upward = {part for part in imported_parts(module) - {own}
              if LAYERS.get(part, 0) >= LAYERS[own]}
    assert upward == set(), f"{module.relative_to(PACKAGE)} imports {sorted(upward)}"


def test_only_the_plugin_imports_mkdocs() -> None:
    importers = {m.relative_to(PACKAGE).as_posix() for m in MODULES
                 if "mkdocs" in external_imports(m)}
    assert importers == {"plugin.py"}


def test_the_check_finds_an_upward_import() -> None:
    module = PACKAGE / "load" / "example.py"
    source = "from ..site.plan import slug\nfrom .bibtex import load_bibliography\n" \
             "from .. import cite\n"
    assert imported_parts(module, source) == {"site", "cite"}
