"""Pagefind's service is fed one page at a time by a thread while its answers are read: an
index of every page comes back, and a page that cannot be read stops it with a message,
never a hang."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site.pagefind_service import PagefindError, index_pages

PAGE = ('<!doctype html><html lang="en"><head><title>{0}</title></head>'
        '<body><main data-pagefind-body><h1>{0}</h1><p>Words about {0}.</p></main></body></html>')


def pages(folder: Path, count: int) -> list[Path]:
    made = []
    for number in range(count):
        page = folder / f"page{number:03d}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(f"topic{number}"), encoding="utf-8")
        made.append(page)
    return made


def test_every_page_is_indexed(tmp_path):
    files = index_pages(tmp_path, pages(tmp_path, 300))
    assert "pagefind-entry.json" in files
    assert sum(name.startswith("fragment/") for name in files) == 300


def test_a_page_that_cannot_be_read_stops_the_index_with_its_reason(tmp_path):
    found = pages(tmp_path, 50)
    found[20].write_bytes(b"<html>\xff\xfe not UTF-8</html>")
    with pytest.raises(PagefindError, match="utf-8"):
        index_pages(tmp_path, found)
