"""The search index kept between builds: Pagefind runs only when a page it reads changed;
and a build's index made while it writes its pages.

Pagefind reads every page of the site, about a second for each thousand, on every build.
Its index depends only on the HTML pages (their paths and bytes, in the order it reads
them), Pagefind's version and showcase's code: under a digest of those, the last index is
kept in the cache folder and copied into the next build that has the same pages. One index
is kept; deleting it only costs the next build the time to index again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ..load.parse_cache import library_versions
from .kept import key_of
from .search_index import (
    INDEX_FOLDER,
    IndexReport,
    SearchIndexError,
    html_pages,
    index_site,
    new_session,
    write_index,
)

COMPLETE = ".complete"  # written last: a folder without it was cut short


def sequence_digest(pages: Iterable[tuple[str, bytes]]) -> str:
    """A digest of pages in the order Pagefind reads them: each one's path and the digest
    of its bytes. The index is made from just that (and Pagefind's version)."""
    digest = hashlib.sha256()
    for path, page_digest in pages:
        digest.update(path.encode() + b"\0")
        digest.update(page_digest)
    return digest.hexdigest()


def pages_digest(site_dir: Path, pages: list[Path]) -> str:
    return sequence_digest((page.relative_to(site_dir).as_posix(),
                            hashlib.sha256(page.read_bytes()).digest()) for page in pages)


def index_key(digest: str) -> str:
    return key_of("search index", library_versions(("pagefind", "pagefind_bin")), digest)


def index_kept(site_dir: Path, cache_dir: Path | None) -> IndexReport:
    """``index_site``, or the index it made before for the same pages."""
    if cache_dir is None:
        return index_site(site_dir)
    pages = html_pages(site_dir)
    return kept_or_made(cache_dir, index_key(pages_digest(site_dir, pages)), site_dir,
                        len(pages), partial(index_site, site_dir, pages=pages))


def kept_or_made(cache_dir: Path | None, key: str, site_dir: Path, count: int,
                 make: Callable[[], IndexReport]) -> IndexReport:
    """The index kept under ``key``, copied into the site; else ``make()``'s, kept."""
    kept = cache_dir / "search" / key if cache_dir else None
    if kept and count and (kept / COMPLETE).is_file():
        target = site_dir / INDEX_FOLDER
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(kept, target, copy_function=link_or_copy,
                            ignore=shutil.ignore_patterns(COMPLETE))
            return IndexReport(count, target)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)  # indexed afresh below
    report = make()
    if cache_dir:
        keep(report.folder, cache_dir / "search", key)
    return report


class BuildIndex:
    """A build's index, made while the build writes its pages: each page is sent to Pagefind
    (which indexes in a process of its own, on another core) as it is written, in that order,
    and the site's other HTML files (written before the pages: 404.html, HTML copied as it
    is) follow them, sorted by path, once the build is done. Kept as ``index_kept`` keeps
    its own, under a digest of the pages in the order they were sent: two builds that send
    the same pages in the same order make the same index."""

    def __init__(self, cache_dir: Path | None):
        self.cache_dir, self.session = cache_dir, new_session()
        self.sent: dict[str, bytes] = {}  # path in the site -> digest of its bytes

    def add(self, path: str, html: str) -> None:
        """A page, as the build writes it (MkDocs writes what UTF-8 cannot hold, a lone
        surrogate, as a character reference)."""
        try:
            data = html.encode("utf-8")
        except UnicodeEncodeError:
            data = html.encode("utf-8", errors="xmlcharrefreplace")
            html = data.decode("utf-8")
        self.sent[path] = hashlib.sha256(data).digest()
        self.session.add(path, html)

    def finish(self, site_dir: Path) -> IndexReport:
        for page in html_pages(site_dir):
            path = page.relative_to(site_dir).as_posix()
            if path not in self.sent:
                data = page.read_bytes()
                self.sent[path] = hashlib.sha256(data).digest()
                self.session.add(path, partial(data.decode, "utf-8"))
        if not self.sent:
            self.stop()
            raise SearchIndexError(f"Pagefind found no HTML files to index in {site_dir}")
        count = len(self.sent)
        try:  # Pagefind is stopped where the kept index serves
            return kept_or_made(self.cache_dir, index_key(sequence_digest(self.sent.items())),
                                site_dir, count,
                                partial(write_index, site_dir, self.session.files, count))
        finally:
            self.stop()

    def stop(self) -> None:
        self.session.stop()


def link_or_copy(source: str, target: str) -> None:
    """A hard link where the file system allows it (nothing writes into an index file; a new
    index replaces the files), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def keep(index: Path, folder: Path, key: str) -> None:
    try:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(index, folder / key, copy_function=link_or_copy)
        (folder / key / COMPLETE).write_text("", encoding="utf-8")
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)  # a cache that cannot be written only costs time
