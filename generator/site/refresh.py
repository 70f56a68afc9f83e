"""Under a preview server, a save that changed only content: the files it changed, made
from what the last full build printed, without the engine's pass over every page. No MkDocs.

A full build under `mkdocs serve` passes over every page (at 5,000 entries, most of the
time a save takes), though an edited entry changes only a few files: its page, the lists
and pages that show it, its downloads. What the theme printed is kept from the last full
build: the shells (site/shells.py) and, for a generated page the theme printed itself, its
HTML and the body in it. A changed page is then its shell filled again, or its old HTML with
the new body in the old one's place. Where that could differ from what the theme would
print (a page added or gone, a new title or front matter on a page the theme printed, a
page no longer of its shell's shape, a body that is not found once in its HTML), there is
no answer, and the caller builds the whole site instead. That a refresh makes the same
files as a full build is tested, file by file.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import shells
from .exports import Downloads


@dataclass
class Printed:
    """What the last full build printed of its generated pages."""

    shell_of: dict[str, shells.Shell] = field(default_factory=dict)  # page -> its shell
    shell_html: dict[str, str] = field(default_factory=dict)  # shell path -> its HTML
    filled: set[str] = field(default_factory=set)  # pages filled from their shell
    themed: dict[str, tuple[str, str]] = field(default_factory=dict)  # page -> HTML, body
    fragments: dict[str, str] = field(default_factory=dict)  # page -> its fragment


def changed_files(printed: Printed, old: Mapping[str, str], new: Mapping[str, str],
                  old_titles: Mapping[str, str],
                  new_titles: Mapping[str, str]) -> dict[str, str] | None:
    """By source path, what each generated file that changed now holds, as the engine would
    write it (``titles``: each page's title as the engine prints it); None when the change
    reaches further than the changed pages' own text."""
    if old.keys() != new.keys():
        return None
    changed = {}
    for path, text in new.items():
        if text == old[path]:
            continue
        if not path.endswith(".md"):
            changed[path] = text  # a download, a feed: written as it is
            continue
        page = printed_page(printed, path, old[path], text, old_titles.get(path),
                            new_titles.get(path))
        if page is None:
            return None
        changed[path] = page
    return changed


def changed_downloads(old: Downloads, new: Downloads) -> list[str] | None:
    """The downloads whose text changed (by their signatures, without making them); None
    where one was added or is gone."""
    if old.files.keys() != new.files.keys():
        return None
    return [path for path in new.paths if new.signature(path) != old.signature(path)]


def printed_page(printed: Printed, path: str, before: str, after: str,
                 old_title: str | None, title: str | None) -> str | None:
    found = shells.split(after)
    if found is None or title is None:
        return None
    meta, body = found
    if path in printed.filled:
        shell = printed.shell_of[path]
        fits = ("template" not in meta and meta.get("title") == title and shell.shape ==
                shells.shape_of(path, printed.fragments[path], meta, body))
        html = printed.shell_html.get(shell.path)
        return shells.fill(html, shell.path, path, meta, body) if fits and html else None
    was = shells.split(before)
    if path not in printed.themed or was is None or was[0] != meta or old_title != title:
        return None
    html, printed_body = printed.themed[path]
    if not printed_body or printed_body != was[1] or html.count(printed_body) != 1:
        return None
    return html.replace(printed_body, body)


def write_files(files: Mapping[Path, str]) -> None:
    """Each file replaced whole (a reader never sees half of one)."""
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.showcase-tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)


def tree_state(paths: list[Path]) -> tuple:
    """Every file under ``paths`` (files or folders) by path, size and time of change: what a
    refresh may not have changed under it."""
    state = []
    for top in paths:
        found = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in found:
            try:
                stat = path.stat()
            except OSError:
                continue
            state.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(state)


def remember(printed: Printed, changed: Mapping[str, str], new: Mapping[str, str]) -> None:
    """After a refresh: the HTML and body of each page the theme printed, as now written."""
    for path, html in changed.items():
        if path in printed.themed:
            printed.themed[path] = (html, shells.split(new[path])[1])
