"""The project's engine settings that the content stages need, read from ``mkdocs.yml``.

The build and ``showcase check`` must look at the same folders: the pages folder
(``docs_dir``, where hand-written pages and images live), the site's own theme folder
(``theme.custom_dir``, whose ``fragments/`` and ``csl/`` come before the built-in ones),
``use_directory_urls``, and the showcase plugin's own ``root`` and ``cache_dir``. MkDocs
is not imported: the file is read as YAML, with MkDocs' ``!!python/…`` and ``!ENV`` tags
read as plain values.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULT_PAGES_DIR = "content/pages"
DEFAULT_CACHE_DIR = ".cache/showcase"
SITE_URL_VARIABLE = "SHOWCASE_SITE_URL"  # the site's address where mkdocs.yml has none


@dataclass(frozen=True)
class EngineSettings:
    root: Path
    pages_dir: Path
    theme_dir: Path | None = None
    directory_urls: bool = True
    cache_dir: str = DEFAULT_CACHE_DIR


class TolerantLoader(yaml.SafeLoader):
    """YAML that reads MkDocs' custom tags as the plain value they wrap."""


def plain_value(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)


TolerantLoader.add_multi_constructor("!", plain_value)
TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", plain_value)


def read_engine_config(config_file: Path) -> dict:
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}  # the engine reports a broken config file itself
    return data if isinstance(data, dict) else {}


def plugin_options(config: dict) -> dict:
    for plugin in config.get("plugins") or ():
        if isinstance(plugin, dict) and isinstance(plugin.get("showcase"), dict):
            return plugin["showcase"]
    return {}


def engine_settings(folder: Path) -> EngineSettings:
    """The settings of the project whose ``mkdocs.yml`` is in ``folder`` (defaults without)."""
    config = read_engine_config(folder / CONFIG_FILE)
    options = plugin_options(config)
    root = (folder / str(options.get("root") or ".")).resolve()
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    return EngineSettings(
        root=root, pages_dir=(folder / str(config.get("docs_dir") or DEFAULT_PAGES_DIR)),
        theme_dir=folder / str(custom_dir) if custom_dir else None,
        directory_urls=config.get("use_directory_urls", True) is not False,
        cache_dir=str(options.get("cache_dir", DEFAULT_CACHE_DIR)))


def site_address(site_url: object) -> str:
    """mkdocs.yml's site_url, else $SHOWCASE_SITE_URL (the Pages deploy sets it), ending in
    '/'; '' without either."""
    address = str(site_url or "").strip() or os.environ.get(SITE_URL_VARIABLE, "").strip()
    return address if not address or address.endswith("/") else address + "/"
