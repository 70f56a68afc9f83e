"""One theme shell per section of like pages, filled per page: the theme's cost paid once.

A theme template (Material's costs about 5 ms a page) renders a page from a handful of its
values; everything else it prints is the same for every page of one folder and one
fragment. So the engine renders one extra page per group, a *shell*, whose values are
tokens, and each page of the group is that shell with the tokens replaced by its own
values, exactly as the theme would have printed them (raw: the fragments escape them).

What the theme prints of a page, and so what a shell stands in for:

- ``title``, ``description``, ``showcase_head`` from the front matter, and the body;
- the page's own name in its URL (the canonical link), the last part of its path.

A page is filled from a shell only when it has the shell's *shape*: the same other front
matter, the same values left empty (a theme prints something else for an empty
description), and a body with an ``<h1`` where the shell's has one (Material adds a title
heading to a body without). Any other page is rendered by the theme as it is. Whether the
result is the same is tested: the whole tiny site, built both ways, byte for byte.
"""

from __future__ import annotations

import contextlib
import json
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..load.parse_cache import read_data
from .kept import key_of

TOKEN = "zq7showcaseshell"  # letters only: the same in a URL, in HTML and in JSON
VALUES = ("title", "description", "showcase_head")  # front matter a theme prints
SHELL_FLAG = "showcase_shell"  # in a shell's front matter: not a page to publish
HEADING_MARK = "<!--<h1-->"  # keeps a shell's body "holding an <h1" where its pages' do
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n(.*)\Z", re.DOTALL)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def token(name: str) -> str:
    return f"{TOKEN}{name.replace('_', '')}{TOKEN}"


SLUG = token("slug")
BODY = token("body")
FILLED = "|".join([*(re.escape(token(name)) for name in VALUES),
                   re.escape(BODY) + f"(?:{re.escape(HEADING_MARK)})?"])


@dataclass(frozen=True)
class Shape:
    """What a page shares with every other page its shell can stand for."""

    folder: str
    fragment: str
    meta: str  # the other front matter, as JSON
    empty: tuple[bool, ...]  # which of VALUES are empty
    heading: bool  # whether the body holds "<h1"


@dataclass(frozen=True)
class Shell:
    shape: Shape
    path: str  # the shell page's source path, beside its pages
    markdown: str  # the shell page as the engine reads it


def split(markdown: str) -> tuple[dict, str] | None:
    """A generated page's front matter and body, as MkDocs reads them (YAML, then the rest);
    None where MkDocs would read it otherwise (no front matter, or YAML it cannot read)."""
    found = FRONT_MATTER.match(markdown)
    meta = front_matter(found.group(1)) if found else None
    return None if meta is None else (meta, found.group(2).strip())


def front_matter(text: str) -> dict | None:
    """Front matter's YAML, as MkDocs reads it; None where it would not give a mapping."""
    try:
        meta = yaml.load(text, Loader=Loader)
    except yaml.YAMLError:
        return None
    return meta if isinstance(meta, dict) else None


def split_pages(pages: Iterable[tuple[str, str]],
                kept: Path | None = None) -> dict[str, tuple[dict, str]]:
    """`split` of each (path, Markdown) page, by path, those it reads. Front matter read
    before is taken from ``kept`` (a JSON file, by a digest of its text and of the code),
    not read as YAML again: at thousands of pages, YAML is most of a warm build's cost of
    reading them. Only front matter that JSON holds exactly is kept."""
    before = read_data(kept) if kept else {}
    used: dict[str, dict] = {}
    found: dict[str, tuple[dict, str]] = {}
    for path, markdown in pages:
        match = FRONT_MATTER.match(markdown)
        if not match:
            continue
        key = key_of("front matter", match.group(1))
        meta = before.get(key)
        if not isinstance(meta, dict):
            meta = front_matter(match.group(1))
            if meta is None:
                continue
            if not json_exact(meta):
                found[path] = (meta, match.group(2).strip())
                continue
        if key in used:  # the same front matter again: a page's own dict, as YAML gives
            meta = json.loads(json.dumps(meta))
        used.setdefault(key, meta)
        found[path] = (meta, match.group(2).strip())
    if kept and used.keys() != before.keys():
        with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_text(json.dumps(used, ensure_ascii=False), encoding="utf-8")
    return found


def json_exact(value: object) -> bool:
    """Whether JSON gives back ``value`` as it is (no dates, tuples or keys not text)."""
    try:
        return json.loads(json.dumps(value)) == value
    except (TypeError, ValueError):
        return False


def shape_of(path: str, fragment: str, meta: Mapping, body: str) -> Shape:
    others = {key: value for key, value in meta.items() if key not in VALUES}
    return Shape(posixpath.dirname(path), fragment,
                 json.dumps(others, sort_keys=True, ensure_ascii=False, default=str),
                 tuple(not meta.get(key) for key in VALUES), "<h1" in body)


def plan_shells(pages: Iterable[tuple[str, str, dict, str]],
                least: int = 2) -> dict[str, Shell]:
    """Shells for (source path, fragment, front matter, body) pages: one for each shape that
    at least ``least`` pages have, by the path of each page it stands for."""
    groups: dict[Shape, list[tuple[str, dict]]] = {}
    for path, fragment, meta, body in pages:
        if all(isinstance(meta.get(key, ""), str) for key in VALUES):
            groups.setdefault(shape_of(path, fragment, meta, body), []).append((path, meta))
    shells = {}
    for number, (shape, members) in enumerate(groups.items()):
        if len(members) < least:
            continue
        shell = Shell(shape, posixpath.join(shape.folder, f"{SLUG}{number}.md"),
                      shell_markdown(members[0][1], shape))
        shells.update((path, shell) for path, _ in members)
    return shells


def shell_markdown(meta: Mapping, shape: Shape) -> str:
    """The shell page: the first page's front matter with its values as tokens."""
    values = {key: token(key) if meta.get(key) else meta.get(key, "") for key in VALUES}
    front = {**{k: v for k, v in meta.items() if k not in VALUES}, **values, SHELL_FLAG: True}
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False, default=str)}\n"
                    for key, value in front.items())
    return f"---\n{lines}---\n\n{BODY}{HEADING_MARK if shape.heading else ''}\n"


def fill(shell_html: str, shell_path: str, path: str, meta: Mapping, body: str) -> str:
    """The page at ``path`` from its shell's HTML: each token replaced, in one pass, so
    that nothing a value holds is read as a token."""
    stem = posixpath.splitext(posixpath.basename(shell_path))[0]
    values = {token(key): str(meta.get(key, "")) for key in VALUES}
    values[stem] = posixpath.splitext(posixpath.basename(path))[0]

    def value(found: re.Match) -> str:
        text = found.group(0)
        return body if text.startswith(BODY) else values[text]

    pattern = re.compile(re.escape(stem) + "|" + FILLED)
    return pattern.sub(value, shell_html)
