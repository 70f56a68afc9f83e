"""The search index kept between builds: Pagefind runs only when a page it reads changed.

Pagefind reads every page of the site, about a second for each thousand, on every build.
Its index depends only on the HTML pages (their paths and bytes), Pagefind's version and
showcase's code: under a digest of those, the last index is kept in the cache folder and
copied into the next build that has the same pages. One index is kept; deleting it only
costs the next build the time to index again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from ..load.parse_cache import library_versions
from .kept import key_of
from .search_index import INDEX_FOLDER, IndexReport, html_pages, index_site

COMPLETE = ".complete"  # written last: a folder without it was cut short


def pages_digest(site_dir: Path, pages: list[Path]) -> str:
    digest = hashlib.sha256()
    for page in pages:
        digest.update(page.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest()


def index_kept(site_dir: Path, cache_dir: Path | None) -> IndexReport:
    """``index_site``, or the index it made before for the same pages."""
    if cache_dir is None:
        return index_site(site_dir)
    pages = html_pages(site_dir)
    digest, count = pages_digest(site_dir, pages), len(pages)
    key = key_of("search index", library_versions(("pagefind", "pagefind_bin")), digest)
    kept = cache_dir / "search" / key
    if count and (kept / COMPLETE).is_file():
        target = site_dir / INDEX_FOLDER
        shutil.rmtree(target, ignore_errors=True)
        try:
            shutil.copytree(kept, target, copy_function=link_or_copy,
                            ignore=shutil.ignore_patterns(COMPLETE))
            return IndexReport(count, target)
        except OSError:
            shutil.rmtree(target, ignore_errors=True)  # indexed afresh below
    report = index_site(site_dir, pages=pages)
    keep(report.folder, cache_dir / "search", key)
    return report


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
