"""Atom feeds of publications, presentations and outputs: the site's, and one per programme
and per person. Plain data here; the markup is theme/fragments/feed.xml.j2.

Feeds need the site's address (their ids and links are absolute page URLs, which stay the
same from build to build): without one, none is built. Entries are newest first by date;
an entry without a date is left out, as Atom needs a date for each. A feed's `updated` is
its newest entry's date, never the time of the build.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial

from ..model import Entry, Settings
from ..text.markup import plain_text
from .head import absolute_url, plain_title
from .kept import Kept, fingerprint, key_of, rendering_key
from .plan import Item, Page, url_of

LISTS = ("publications", "presentations", "outputs")


@dataclass(frozen=True)
class Feed:
    path: str  # where it is written, like "programmes/watcch/feed.xml"
    title: str
    page: str  # the page it belongs to; "" for the site's feed
    items: tuple[Item, ...]


def site_feed_title(settings: Settings) -> str:
    return f"{plain_title(settings.title)}: publications, presentations and outputs"


def dated(items: Iterable[Item]) -> tuple[Item, ...]:
    """Newest first; undated items left out (each Atom entry needs a date)."""
    unique = {item.path: item for item in items if item_date(item)}
    return tuple(sorted(unique.values(), key=lambda item: item.sort_key))


def item_date(item: Item) -> tuple[int, ...]:
    if isinstance(item.record, Entry):
        return item.record.date
    return (item.year,) if item.year else ()


def plan_feeds(pages: Iterable[Page], settings: Settings) -> list[Feed]:
    """The site's feed (everything on the list pages), then one per programme and person."""
    pages = list(pages)
    listed = [i for p in pages if p.template == "list.md.j2"
              for _, group in p.context["groups"] for i in group]
    feeds = [Feed("feed.xml", site_feed_title(settings), "", dated(listed))]
    for page in pages:
        if page.template in ("programme.md.j2", "person.md.j2"):
            items = dated(i for name in LISTS for i in page.context[name])
            title = f"{plain_title(page.title)} — {plain_title(settings.title)}"
            feeds.append(Feed(page.path[: -len(".md")] + "/feed.xml", title, page.path, items))
    return [feed for feed in feeds if feed.items]


def feeds_of(page: Page, feeds: list[Feed], site_url: str) -> tuple[tuple[str, str], ...]:
    """(title, absolute URL) of the page's own feed first, then the site's."""
    own = [f for f in feeds if f.page == page.path] + [f for f in feeds if not f.page]
    return tuple((f.title, absolute_url(site_url, f.path)) for f in own)


def atom_date(date: tuple[int, ...]) -> str:
    year, month, day = (*date, 1, 1)[:3]
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def feed_entry(item: Item, site_url: str, directory_urls: bool) -> Mapping:
    record = item.record
    if isinstance(record, Entry):
        summary = item.citation.text if item.citation else ""
        authors = [name.display for name in record.authors]
    else:
        summary, authors = plain_text(record.summary), [p.name for p in item.people]
    url = absolute_url(site_url, url_of(item.path, directory_urls))
    return {"id": url, "url": url, "title": plain_title(item.title), "kind": item.kind,
            "updated": atom_date(item_date(item)), "summary": summary, "authors": authors}


def feed_data(feed: Feed, settings: Settings, site_url: str, directory_urls: bool) -> Mapping:
    entries = [feed_entry(item, site_url, directory_urls) for item in feed.items]
    page = url_of(feed.page, directory_urls) if feed.page else ""
    return {"id": absolute_url(site_url, feed.path), "title": feed.title,
            "self": absolute_url(site_url, feed.path), "page": absolute_url(site_url, page),
            "updated": max(entry["updated"] for entry in entries),
            "author": plain_title(settings.title), "entries": entries}


def render_feeds(environment, feeds: Iterable[Feed], settings: Settings, site_url: str,
                 directory_urls: bool, kept: Kept | None = None, templates: str = "",
                 memo: dict[int, str] | None = None) -> dict[str, str]:
    """Every feed, each taken from ``kept`` where nothing it is made from has changed (as
    for pages: site/render.py)."""
    template = environment.get_template("feed.xml.j2")

    def render(feed: Feed) -> str:
        return template.render(feed=feed_data(feed, settings, site_url, directory_urls))
    if kept is None:
        return {feed.path: render(feed) for feed in feeds}
    shared = rendering_key(templates, settings, directory_urls, site_url)
    memo = {} if memo is None else memo
    return {feed.path: kept.get(key_of("feed", shared, feed.path, feed.title, feed.page,
                                       fingerprint(feed.items, memo)), partial(render, feed))
            for feed in feeds}
