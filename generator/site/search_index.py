"""A built site folder -> its Pagefind search index, written beside the pages. No MkDocs here.

Pagefind reads what the pages mark: `data-pagefind-body` (the generated page body, and the
content of hand-written pages), `data-pagefind-filter` (facets: programme, type, year, person)
and `data-pagefind-meta` (the formatted citation shown in results). The index and the
Pagefind scripts go to `<site>/pagefind/`, where theme/assets/showcase-search.js finds them.

The pages stay byte-identical from build to build; Pagefind's filter and metadata files may
not (their names and order can change, Pagefind issue #638), though they answer the same.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

INDEX_FOLDER = "pagefind"


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class IndexReport:
    files: int  # HTML files read; those without a data-pagefind-body (404.html) are skipped
    folder: Path  # where the index was written


def index_site(site_dir: Path, folder: str = INDEX_FOLDER) -> IndexReport:
    """Index every HTML page of a built site with Pagefind's Python API."""
    try:
        files = asyncio.run(write_index(site_dir.resolve(), site_dir.resolve() / folder))
    except Exception as error:  # Pagefind's service reports its failures as bare Exception
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {error}") from error
    if files == 0:
        raise SearchIndexError(f"Pagefind found no HTML files to index in {site_dir}")
    return IndexReport(files, site_dir / folder)


async def write_index(site_dir: Path, output: Path) -> int:
    """HTML files read; the index is written when the context closes without an error."""
    config = IndexConfig(output_path=str(output))
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(site_dir))
    return int(indexed["page_count"])
