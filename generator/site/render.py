"""Pages -> Markdown/HTML strings, through Jinja2 fragments in theme/ (overridable)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .. import parallel
from . import labels
from ..text.markup import escape_text
from .feeds import Feed, feeds_of
from .head import page_head, script_json
from .kept import Kept, fingerprint, key_of, rendering_key
from .plan import Page, link_from, person_path, relative_url
from ..text.markup import render_markdown, safe_url


PARALLEL_FROM = 300  # from this many pages to render, they are rendered in processes


def title_markup(value: str) -> Markup:
    """A title as HTML: escaped, but for balanced <i>, <b>, <sub> and <sup>."""
    return Markup(escape_text(value))


def make_environment(template_dirs: Iterable[Path]) -> Environment:
    """Jinja2 over the fragment folders, first match wins (a site's own theme/ first)."""
    environment = Environment(
        loader=FileSystemLoader([str(path) for path in template_dirs]),
        autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
        keep_trailing_newline=True)
    environment.filters.update(markdown=render_markdown, safe_url=safe_url, rich_title=title_markup,
                               meta_title=front_matter_title, format_date=labels.format_date,
                               json_ld=script_json, attribute=attribute_value)
    environment.globals.update(type_label=labels.type_label, output_kind=labels.output_kind,
                               entry_fields=labels.entry_fields, kind_label=labels.kind_label,
                               link=link_to, asset=asset_url, person_path=person_path)
    return environment


@pass_context
def link_to(context, path: str) -> str:
    """Relative URL from the page being rendered to the page built from ``path``."""
    return relative_url(context["page"].path, path, context["directory_urls"])


@pass_context
def asset_url(context, path: str) -> str:
    """Relative URL from the page being rendered to a file copied as it is (an image)."""
    return link_from(context["page"].path, path, context["directory_urls"])


def render_page(environment: Environment, page: Page, settings: object,
                directory_urls: bool, site_url: str = "", feeds: Sequence[Feed] = ()) -> str:
    template = environment.get_template(page.template)
    head = page_head(page, settings, site_url, directory_urls,
                     feeds_of(page, feeds, site_url))
    return template.render(page=page, site=settings, directory_urls=directory_urls,
                           head=head, site_url=site_url, **page.context)


def render_pages(environment: Environment, pages: Iterable[Page], settings: object,
                 directory_urls: bool, site_url: str = "",
                 feeds: Sequence[Feed] = (), kept: Kept | None = None,
                 templates: str = "", memo: dict[int, str] | None = None) -> dict[str, str]:
    """Every page, each taken from ``kept`` where nothing it is made from has changed: its
    data, the fragments (``templates``, their digest), the settings, feeds and options."""
    render = partial(render_page, environment, settings=settings, directory_urls=directory_urls,
                     site_url=site_url, feeds=feeds)
    if kept is None:
        pages = list(pages)
        return dict(zip((page.path for page in pages),
                        parallel.in_processes(render, pages, PARALLEL_FROM), strict=True))
    memo = {} if memo is None else memo  # each record's digest, by identity, this build
    shared = rendering_key(templates, settings, directory_urls, site_url)
    pages = list(pages)

    def key_and_made(page: Page) -> tuple[str, str | None]:
        """The page's key, and the page itself where none is kept under it (in a cold
        build, every page). In processes where many: digesting what each page shows is
        a good part of the work, even where every page is kept."""
        key = key_of("page", shared, page.path, page.title, page.template,
                     fingerprint(page.context, memo),
                     fingerprint(feeds_of(page, feeds, site_url), memo))
        return key, None if kept.has(key) else render(page)

    made = parallel.in_processes(key_and_made, pages, PARALLEL_FROM)
    return {page.path: kept.get(key, partial(str, text) if text is not None else
                                partial(render, page))
            for page, (key, text) in zip(pages, made, strict=True)}


def attribute_value(text: str) -> str:
    """Plain text for an attribute that MkDocs or Material prints raw (meta description)."""
    return html.escape(text, quote=True)


def front_matter_title(title: str) -> str:
    """A page title for MkDocs, which prints it into <title> and search results unescaped."""
    return html.escape(re.sub(r"</?(?:i|b|sub|sup)>", "", title))
