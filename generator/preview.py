"""Under a preview server, the first answer to a save that edited entries in `.bib` files:
the pages of those entries alone, made from the last build's site. No MkDocs.

The whole pipeline takes seconds at thousands of entries, though the page in front of the
person who saved shows one entry. So a save is answered twice: first these pages, with the
entries read again from the edited blocks alone (load/bibtex_changes.py) and their
citations formatted beside the works they could be set against (cite/before.set_against);
then, behind them, the whole build or refresh (site/refresh.py), which rewrites every file
the edit changed, these pages too, and reports every check. Where the first answer could
differ from the second (another kind of file changed, an entry added, gone or renamed,
a block that does not read cleanly alone), there is none, and only the second is given.
That the two make the same pages is tested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from jinja2 import Environment

from .cite.before import set_against
from .cite.formatter import CitationFormatter, resolve_style
from .load.bibtex_changes import edited_entries
from .load.files import read_text
from .load.people import people_index
from .model import Entry
from .pipeline import Options, Result, style_dirs, template_dirs
from .site.feeds import plan_feeds
from .site.plan import Page, entry_item
from .site.render import make_environment, render_page

# Kept from save to save: by style digest and locale, a formatter whose style is parsed
# already (no cache file: a handful of citations, formatted afresh); by fragment folders,
# the templates compiled (Jinja reloads a fragment that changed); the last build's pages
# of entries by key.
FORMATTERS: dict[tuple[str, str], CitationFormatter] = {}
ENVIRONMENTS: dict[tuple[Path, ...], Environment] = {}
ENTRY_PAGES: list[tuple[list[Page], dict[str, Page]]] = []


def edited_pages(result: Result, options: Options) -> dict[str, tuple[str, str]] | None:
    """By source path, the title and Markdown of the page of each entry edited since
    ``result`` was built, as a whole build would now render it; None where only a whole
    build can tell, or where no entry was edited."""
    site = result.site
    if site is None or not result.texts:
        return None
    files = {path.relative_to(options.root).as_posix(): path
             for path in sorted((options.root / "bibliography").glob("*.bib"))}
    if files.keys() != result.texts.keys():
        return None
    in_file: dict[str, dict[str, Entry]] = {path: {} for path in files}
    for entry in site.entries:
        in_file.setdefault(entry.source.path, {})[entry.key] = entry
    edited: dict[str, Entry] = {}
    for shown_as, path in files.items():
        text = read_text(path, shown_as)[0]
        found = None if text is None else edited_entries(
            result.texts[shown_as], text, shown_as, in_file[shown_as])
        if found is None:
            return None
        edited |= {entry.key: entry for entry in found}
    pages = entry_pages(result.pages)
    if not edited or any(key not in pages for key in edited):
        return None
    citations = edited_citations(site, edited, options)
    if citations is None:
        return None
    programmes = {p.id: p for p in site.programmes}
    index = people_index(site.people)
    feeds = plan_feeds(result.pages, site.settings) if options.site_url else []
    folders = tuple(template_dirs(options))
    environment = ENVIRONMENTS.get(folders) or ENVIRONMENTS.setdefault(
        folders, make_environment(folders))
    rendered = {}
    for key, entry in edited.items():
        page = pages[key]
        item = entry_item(entry, page.path, citations.get(key), index, programmes)
        page = Page(page.path, item.title, page.template, {**page.context, "item": item})
        rendered[page.path] = page.title, render_page(
            environment, page, site.settings, options.directory_urls, options.site_url, feeds)
    return rendered


def entry_pages(pages: list[Page]) -> dict[str, Page]:
    """Each entry's own page by its key; a key that two entries share has none."""
    if ENTRY_PAGES and ENTRY_PAGES[0][0] is pages:
        return ENTRY_PAGES[0][1]
    found = [(page.context["item"].key, page) for page in pages if "item" in page.context
             and isinstance(page.context["item"].record, Entry)]
    twice = {key for key, count in Counter(key for key, _ in found).items() if count > 1}
    ENTRY_PAGES[:] = [(pages, {key: page for key, page in found if key not in twice})]
    return ENTRY_PAGES[0][1]


def edited_citations(site, edited: Mapping[str, Entry], options: Options):
    """The edited entries' citations, each formatted among the works it could be set
    against; None where citeproc-py or the style gives a problem (the build reports it)."""
    settings = site.settings
    style, problems = resolve_style(settings.citation_style, options.root, settings.source,
                                    style_dirs(options))
    if style is None or problems:
        return None
    formatter = FORMATTERS.setdefault((style.digest, settings.locale),
                                      CitationFormatter(style, settings.locale))
    entries = [edited.get(entry.key, entry) for entry in site.entries]
    chosen = {entry.key: entry for key in edited
              for entry in set_against(edited[key], entries)}
    citations, problems = formatter.format(list(chosen.values()))
    return None if problems else citations

