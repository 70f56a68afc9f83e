"""A rendered site -> a plain tree that a Markdown site generator builds as it is, without
plugins (Zensical; MkDocs or ProperDocs with no plugin). No MkDocs here.

    DIR/mkdocs.yml   the project's engine config with the plugins left out and what the
                     showcase plugin would set filled in (site name, description, address)
    DIR/docs/        every generated page (front matter and an HTML body), the downloads,
                     feeds and robots.txt, and the hand-written pages and images
    DIR/overrides/   the theme: a site's own theme folders over showcase's, merged into one
                     folder (the templates and styles the build reads, fragments/ and csl/,
                     stay out: the pages are rendered already)

Without a plugin the engine cannot tell a generated page from a hand-written one, which the
theme does by ``page.file.generated_by`` (MkDocs' own mark, which no front matter can fake).
In the tree, a generated page says so in its front matter (``showcase_generated: true``), a
hand-written page loses any ``showcase_*`` key it had (so that only a generated page can bring
raw ``<head>`` tags in ``showcase_head``), and the theme's test reads the front matter.

Nor can the engine sanitize a hand-written page's HTML, as the plugin does after Markdown.
For Zensical each hand-written page goes into the tree already rendered, with the project's
Markdown extensions, and sanitized (``text.markup.sanitize_page``): its title in the front
matter, its body one block of HTML whose links Zensical resolves as it would Markdown's.

The engines differ in one more way (``engines.ENGINES``): MkDocs leaves the links in a page's raw
HTML as they are, relative to the page's address, as the pipeline writes them; Zensical
reads them as a Markdown link is read, relative to the page's source file, and rewrites them
(its issue #258). For Zensical the links are written relative to the source file, so that
its rewriting gives back the same addresses.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import yaml

from ..text.markup import sanitize_page
from .engines import ENGINES, Engine
from .exports import Downloads
from .plan import url_of

PAGES_DIR, THEME_DIR, CONFIG_FILE, SITE_DIR = "docs", "overrides", "mkdocs.yml", "site"
BUILD_ONLY = ("fragments", "csl", "serve")  # theme folders the engine does not publish
PLUGIN_KEYS = ("plugins", "hooks")  # what an engine without plugins must not be given
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*\n", re.S)
OWN_KEY = re.compile(r"^showcase_\w*\s*:", re.M)
# Zensical's pattern for the links it rewrites in raw HTML (zensical/extensions/links.py)
RAW_LINK = re.compile(r'(?P<attribute>(?:href|src)=(?P<quote>["\']))(?P<value>[^"\']+)(?P=quote)',
                      re.I)
# The theme's test for a generated page, and the same test on the page's front matter
GENERATED_TEST = re.compile(r"(?:page\.file and )?page\.file\.generated_by")
GENERATED_META = "(page.meta and page.meta.showcase_generated)"


class ConfigDumper(yaml.SafeDumper):
    """YAML as people write mkdocs.yml: a text of several lines (not_in_nav) as a block."""


ConfigDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


class ExportError(Exception):
    """The tree could not be written; the message says why and where."""


@dataclass(frozen=True)
class Export:
    rendered: Mapping[str, str]  # every generated page and feed, by its path
    pages_dir: Path  # the hand-written pages and images (docs_dir)
    theme_folders: Sequence[Path]  # first wins: a site's own theme, then showcase's
    config: dict  # the engine config to write (plain_config)
    engine: Engine = ENGINES["zensical"]
    downloads: Downloads = field(default_factory=lambda: Downloads([]))


def plain_config(project: dict, site_name: str, description: str, site_url: str,
                 engine: Engine = ENGINES["zensical"], titles: Mapping[str, str] = {}) -> dict:
    """The project's ``mkdocs.yml`` as an engine without plugins reads it from the tree; a
    generated page in the nav is named by its title, as the plugin names it."""
    config = {key: value for key, value in project.items() if key not in PLUGIN_KEYS}
    theme = dict(project.get("theme") or {}) if isinstance(project.get("theme"), dict) \
        else {"name": project.get("theme") or "material"}
    config.update(site_name=site_name, site_description=description, docs_dir=PAGES_DIR,
                  site_dir=SITE_DIR, theme={**dict(engine.plain_theme), **theme,
                                            "custom_dir": THEME_DIR},
                  plugins=list(engine.plain_plugins))
    if isinstance(project.get("nav"), list):
        config["nav"] = [titled(item, titles) for item in project["nav"]]
    config["extra"] = {**(project.get("extra") or {}), "showcase_export": True}
    if site_url:
        config["site_url"] = site_url
    return config


def titled(item: object, titles: Mapping[str, str]) -> object:
    """A nav item with each generated page in it under that page's title."""
    if isinstance(item, dict) and len(item) == 1:
        label, value = next(iter(item.items()))
        if isinstance(value, list):
            return {label: [titled(child, titles) for child in value]}
        return {titles.get(value, label) if isinstance(value, str) else label: value}
    return {titles[item]: item} if isinstance(item, str) and item in titles else item


def write_export(export: Export, folder: Path) -> None:
    """Write the tree into ``folder``, which is emptied first (it is the export's own)."""
    if folder.exists():
        shutil.rmtree(folder)
    pages = folder / PAGES_DIR
    rendered = markdown_renderer(export.config) if export.engine.source_links else None
    copy_pages(export.pages_dir, pages, {*export.rendered, *export.downloads.files}, rendered)
    for path in sorted(export.rendered):
        write_text(pages / path, plain_page(path, export.rendered[path], export.engine))
    export.downloads.write(pages)
    merge_theme(export.theme_folders, folder / THEME_DIR, export.engine)
    write_text(folder / CONFIG_FILE, yaml.dump(export.config, Dumper=ConfigDumper,
                                               sort_keys=False, allow_unicode=True))


def copy_pages(source: Path, target: Path, generated: set[str],
               renderer: markdown.Markdown | None) -> None:
    """The hand-written pages and images; a generated page of the same path wins, as it
    does under the plugin. With a renderer, each page is rendered and sanitized."""
    target.mkdir(parents=True)
    for path in files_under(source):
        name = path.relative_to(source).as_posix()
        if name in generated:
            continue
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            write_text(target / name, rendered_page(text, renderer) if renderer
                       else without_own_keys(text))
        else:
            shutil.copy2(path, target / name)


def split_front_matter(text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.safe_load(match.group(1) or "") or {}
    return (meta if isinstance(meta, dict) else {}), text[match.end():]


def with_front_matter(meta: dict, body: str) -> str:
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) if meta else ""
    return f"---\n{front}---\n{body}"


def without_own_keys(text: str) -> str:
    """A hand-written page with any ``showcase_*`` front matter key (and what it holds)
    taken out: those are the generated pages' own."""
    match = FRONT_MATTER.match(text)
    if not match or not OWN_KEY.search(match.group(1) or ""):
        return text
    meta, body = split_front_matter(text)
    return with_front_matter(own_keys_removed(meta), body)


def own_keys_removed(meta: dict) -> dict:
    return {key: value for key, value in meta.items() if not str(key).startswith("showcase_")}


def markdown_renderer(config: dict) -> markdown.Markdown:
    """Python-Markdown with the project's extensions, and heading ids (toc) as MkDocs'."""
    names, options = ["toc"], {}
    for extension in config.get("markdown_extensions") or ():
        name, settings = next(iter(extension.items())) if isinstance(extension, dict) \
            else (str(extension), None)
        names.append(name)
        options[name] = settings or {}
    try:
        return markdown.Markdown(extensions=list(dict.fromkeys(names)), extension_configs=options)
    except (ImportError, AttributeError, KeyError, TypeError, ValueError) as error:
        raise ExportError(f"{CONFIG_FILE}: markdown_extensions: cannot render the hand-written "
                          f"pages with them: {error}") from None


def rendered_page(text: str, renderer: markdown.Markdown) -> str:
    """A hand-written page as HTML the plugin would let through: its title (the front
    matter's, else its first heading) in the front matter, its body sanitized."""
    meta, body = split_front_matter(text)
    body = sanitize_page(renderer.reset().convert(body))
    meta = own_keys_removed(meta)
    title = meta.get("title") or next((t["name"] for t in renderer.toc_tokens), "")
    if title:
        meta["title"] = title
    return with_front_matter(meta, f"\n<div class=\"showcase-written\">\n{body}\n</div>\n")


def plain_page(path: str, text: str, engine: Engine) -> str:
    """A generated page as the tree holds it: marked as generated in its front matter,
    its links written as the engine reads them. Downloads and feeds are kept as they are."""
    if not path.endswith(".md"):
        return text
    text = text.replace("---\n", "---\nshowcase_generated: true\n", 1)
    if not engine.source_links or posixpath.basename(path) == "index.md":
        return text  # an index page's address is its source file's folder: nothing to do
    return RAW_LINK.sub(lambda match: match.group("attribute") + source_link(
        match.group("value"), path) + match.group("quote"), text)


def source_link(value: str, path: str) -> str:
    """A link relative to the address of the page built from ``path`` (directory URLs) as
    the same link relative to the folder of ``path``; other links as they are."""
    url = urlsplit(value)
    if url.scheme or url.netloc or url.path.startswith("/") or not url.path:
        return value
    target = posixpath.normpath(posixpath.join(url_of(path, True), url.path))
    link = posixpath.relpath(target, posixpath.dirname(path) or ".")
    link += "/" if url.path.endswith("/") and link != "." else ""
    return url._replace(path="./" if link == "." else link).geturl()


def merge_theme(folders: Sequence[Path], target: Path, engine: Engine) -> None:
    """The theme folders as one: showcase's first, each site folder's files over it."""
    target.mkdir(parents=True)
    for folder in reversed(folders):
        for path in files_under(folder):
            name = path.relative_to(folder).as_posix()
            if name.startswith(tuple(f"{part}/" for part in BUILD_ONLY)) or \
                    name in engine.left_out:
                continue
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            if path.suffix == ".html":
                write_text(target / name, engine_neutral(path.read_text(encoding="utf-8")))
            else:
                shutil.copy2(path, target / name)


def engine_neutral(template: str) -> str:
    """A theme template whose test for a generated page reads the page's front matter,
    which every engine passes to the theme as ``page.meta``."""
    return GENERATED_TEST.sub(GENERATED_META, template)


def files_under(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.rglob("*") if p.is_file()),
                  key=lambda p: p.relative_to(folder).parts)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
