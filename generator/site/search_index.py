"""A built site folder -> its Pagefind search index, written beside the pages. No MkDocs here.

Pagefind reads what the pages mark: `data-pagefind-body` (the generated page body, and the
content of hand-written pages), `data-pagefind-filter` (facets: programme, type, year, person)
and `data-pagefind-meta`: the formatted citation and the kind shown in results, a programme's
name on its own page, and an output's partners' short names. Pagefind searches metadata too,
each field with the weight theme/assets/showcase-search.js gives it (a programme's name
outweighs a title, so the programme's page comes first), and that script searches a typed
year by the year filter. The index and the Pagefind scripts go to `<site>/pagefind/`.

Two builds of the same site write the same bytes, index included. Pagefind numbers pages in
the order it is given them, and walking a folder gives them in the file system's order, which
differs between machines: so the pages go one by one (`pagefind_service`), sorted by path, or
in a build, in the order the build writes them, which is the same on every machine
(`kept_index.BuildIndex`).
Pagefind 1.5.2 writes its filter lists, and the list of filters in its metadata, in hash-map
order, which changes from run to run (issue #638; fixed upstream after 1.5.2 by PR #1124):
`settle_index` sorts them, as that fix does, and renames the files it rewrites by content.

Pagefind parses each page whole, though it reads only what the marks name, so it is sent
what it reads (`searched_part`): the page without the header, navigation and sidebars that
come before the first `data-pagefind-body`. Where that part holds anything Pagefind could
read (a mark, a heading, an image), the page goes whole. The index is the same either way (a
test indexes a site both ways); Pagefind takes about a quarter less time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .pagefind_service import PagefindError, Session, index_pages

INDEX_FOLDER = "pagefind"
# Labels on entry and output pages that would only crowd the excerpts shown in results
# ("Details. Type Journal article Authors … Date 2022 …"): the values they label are kept.
NOT_SEARCHED = ("div.showcase > h2#details", "dl.showcase-details > dt")
UNSORTED_VERSIONS = {"1.5.2"}  # Pagefind releases that write filters in hash-map order
MARKER = b"pagefind_dcd"  # what every compressed index file starts with once decompressed
ENTRY = "pagefind-entry.json"
BODY_START = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
READ_BEFORE_BODY = re.compile(r"data-pagefind|<h1|<img", re.IGNORECASE)  # what is kept


class SearchIndexError(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class IndexReport:
    files: int  # HTML files read; those without a data-pagefind-body (404.html) are skipped
    folder: Path  # where the index was written


def index_site(site_dir: Path, folder: str = INDEX_FOLDER,
               pages: list[Path] | None = None) -> IndexReport:
    """Index every HTML page of a built site with Pagefind, in the order of their paths
    (``pages``: `html_pages` of the site, where the caller has them)."""
    pages = html_pages(site_dir) if pages is None else pages
    if not pages:
        raise SearchIndexError(f"Pagefind found no HTML files to index in {site_dir}")
    return write_index(site_dir, partial(index_pages, site_dir, pages, NOT_SEARCHED,
                                         searched_part), len(pages), folder)


def write_index(site_dir: Path, index: Callable[[], dict[str, bytes]], count: int,
                folder: str = INDEX_FOLDER) -> IndexReport:
    """The index that ``index()`` makes of ``count`` pages, settled and written."""
    try:
        files = settle_index(index())
    except (PagefindError, OSError, ValueError, KeyError) as error:
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {error}") from error
    write_files(site_dir / folder, files)
    return IndexReport(count, site_dir / folder)


def new_session() -> Session:
    """A Pagefind session that reads pages as `index_site` has them read."""
    return Session(NOT_SEARCHED, searched_part)


def searched_part(html: str) -> str:
    """The page as Pagefind reads it: what lies between its `<body>` tag and its first
    `data-pagefind-body` element left out, unless it holds anything Pagefind reads."""
    mark = html.find("data-pagefind-body")
    body = BODY_START.search(html, 0, mark) if mark > 0 else None
    start = html.rfind("<", 0, mark)
    if body is None or start < body.end() or READ_BEFORE_BODY.search(html, body.end(), start):
        return html
    return html[:body.end()] + html[start:]


def html_pages(site_dir: Path) -> list[Path]:
    """Every HTML file of the site, sorted by path: Pagefind numbers pages in this order.
    (A walk of the folders, not `Path.rglob`, which takes a second for 40,000 files.)"""
    found = [(*Path(folder).relative_to(site_dir).parts, name)
             for folder, _, names in os.walk(site_dir, followlinks=True)
             for name in names if name.endswith(".html")]
    return [site_dir.joinpath(*parts) for parts in sorted(found)]


def write_files(folder: Path, files: dict[str, bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)  # a --dirty build's old index, if any
    for name in sorted(files):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(files[name])


def settle_index(files: dict[str, bytes]) -> dict[str, bytes]:
    """The index with what this Pagefind version writes in hash-map order sorted (see above)."""
    entry = json.loads(files[ENTRY])
    if entry["version"] not in UNSORTED_VERSIONS:
        return files
    files = dict(files)
    for language in entry["languages"].values():
        language["hash"] = settle_language(files, language["hash"])
    entry["languages"] = dict(sorted(entry["languages"].items()))
    files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def settle_language(files: dict[str, bytes], meta_hash: str) -> str:
    """Sort one language's filters (each by value) and sorts; its new metadata file's name.

    The metadata is a CBOR array (version, pages, index chunks, filters, sorts, fields), a
    filter file one of (filter, [(value, pages)]): Pagefind's `MetaIndex` and `FilterIndex`.
    Every file is taken out before any is put back, so that no new name can replace a file
    not yet read.
    """
    meta = take_index_file(files, f"pagefind.{meta_hash}.pf_meta")
    filters = [(name, old, take_index_file(files, f"filter/{old}.pf_filter"))
               for name, old in meta[3]]
    meta[3] = sorted([name, put_index_file(files, "filter/{}.pf_filter", old,
                                           [value[0], sorted(value[1])])]
                     for name, old, value in filters)
    meta[4] = sorted(meta[4])
    return put_index_file(files, "pagefind.{}.pf_meta", meta_hash, meta)


def take_index_file(files: dict[str, bytes], name: str) -> list:
    """Take one compressed CBOR index file out of the index, decoded."""
    data = gzip.decompress(files.pop(name))
    if not data.startswith(MARKER):
        raise ValueError(f"{name} is not a Pagefind index file")
    value, end = decode_cbor(data, len(MARKER))
    if end != len(data):
        raise ValueError(f"{name} has data after its index")
    return value


def put_index_file(files: dict[str, bytes], pattern: str, old_hash: str, value: list) -> str:
    """Put a file back under a name like its old one: its language and as many hex digits."""
    data = encode_cbor(value)
    language, digits = old_hash.rsplit("_", 1)
    new_hash = f"{language}_{hashlib.sha1(data).hexdigest()[:len(digits)]}"
    files[pattern.format(new_hash)] = gzip.compress(MARKER + data, mtime=0)
    return new_hash


def decode_cbor(data: bytes, start: int) -> tuple[object, int]:
    """The CBOR Pagefind writes (unsigned integers, text, arrays): a value and where it ends."""
    major, size, at = data[start] >> 5, data[start] & 31, start + 1
    if size >= 24:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[size]
        size, at = int.from_bytes(data[at:at + width], "big"), at + width
    if major == 0:
        return size, at
    if major == 3:
        return data[at:at + size].decode("utf-8"), at + size
    if major != 4:
        raise ValueError(f"unexpected CBOR type {major} at byte {start}")
    items = []
    for _ in range(size):
        item, at = decode_cbor(data, at)
        items.append(item)
    return items, at


def encode_cbor(value: object) -> bytes:
    """The inverse of decode_cbor, in the shortest form, as Pagefind's encoder writes it."""
    if isinstance(value, int):
        return cbor_head(0, value)
    if isinstance(value, str):
        text = value.encode("utf-8")
        return cbor_head(3, len(text)) + text
    return cbor_head(4, len(value)) + b"".join(encode_cbor(item) for item in value)


def cbor_head(major: int, size: int) -> bytes:
    if size < 24:
        return bytes([major << 5 | size])
    width = next(w for w in (1, 2, 4, 8) if size < 1 << (8 * w))
    return bytes([major << 5 | {1: 24, 2: 25, 4: 26, 8: 27}[width]]) + size.to_bytes(width, "big")
