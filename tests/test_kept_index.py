"""The search index is kept between builds, and made again only when a page changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from test_site import TINY, mkdocs_build
from test_snapshot import built_files

from generator.site import kept_index


def index_files(site: Path) -> dict[str, bytes]:
    return {path: content for path, content in built_files(site / "pagefind").items()}


def test_the_index_is_kept_until_a_page_changes(tmp_path, monkeypatch):
    site = tmp_path / "site"
    built = mkdocs_build(TINY / "mkdocs.yml", site)
    assert built.returncode == 0, built.stderr
    calls = []
    real = kept_index.index_site
    monkeypatch.setattr(kept_index, "index_site", lambda s, **k: (calls.append(s), real(s, **k))[1])
    cache = tmp_path / "cache"
    first = kept_index.index_kept(site, cache)
    made = index_files(site)
    assert calls == [site] and made and first.files > 3
    shutil.rmtree(site / "pagefind")
    again = kept_index.index_kept(site, cache)
    assert calls == [site]  # not indexed again
    assert index_files(site) == made and again.files == first.files
    page = next(site.glob("publications/*/index.html"))
    page.write_text(page.read_text(encoding="utf-8").replace("</h1>", " edited</h1>", 1),
                    encoding="utf-8")
    kept_index.index_kept(site, cache)
    assert calls == [site, site]  # a page changed: indexed again
    assert index_files(site) != made
    assert len(list((cache / "search").iterdir())) == 1  # one index kept


def test_an_index_cut_short_is_not_used(tmp_path, monkeypatch):
    site = tmp_path / "site"
    assert mkdocs_build(TINY / "mkdocs.yml", site).returncode == 0
    cache = tmp_path / "cache"
    kept_index.index_kept(site, cache)
    made = index_files(site)
    for marker in (cache / "search").glob(f"*/{kept_index.COMPLETE}"):
        marker.unlink()
    calls = []
    real = kept_index.index_site
    monkeypatch.setattr(kept_index, "index_site", lambda s, **k: (calls.append(s), real(s, **k))[1])
    kept_index.index_kept(site, cache)
    assert calls == [site] and index_files(site) == made


def sent(site: Path, cache: Path | None, pages: list[Path]) -> kept_index.BuildIndex:
    """A build's index, sent ``pages`` as a build sends the pages it writes."""
    index = kept_index.BuildIndex(cache)
    for page in pages:
        index.add(page.relative_to(site).as_posix(), page.read_text(encoding="utf-8"))
    return index


def test_pages_sent_as_written_make_the_index_that_reading_them_in_that_order_makes(tmp_path):
    site = tmp_path / "site"
    assert mkdocs_build(TINY / "mkdocs.yml", site).returncode == 0
    pages = kept_index.html_pages(site)
    kept_index.index_site(site)
    read = index_files(site)
    shutil.rmtree(site / "pagefind")
    # All but the last in the order read; the one not sent is read from the site, as a
    # build reads its 404.html.
    report = sent(site, None, pages[:-1]).finish(site)
    assert index_files(site) == read and report.files == len(pages)


def test_a_build_index_is_kept_for_the_same_pages_sent_in_the_same_order(tmp_path,
                                                                         monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    assert mkdocs_build(TINY / "mkdocs.yml", site).returncode == 0
    pages = kept_index.html_pages(site)[::-1]
    calls = []
    real = kept_index.write_index
    monkeypatch.setattr(kept_index, "write_index",
                        lambda *a, **k: (calls.append(a[0]), real(*a, **k))[1])
    sent(site, cache, pages).finish(site)
    made = index_files(site)
    shutil.rmtree(site / "pagefind")
    again = sent(site, cache, pages).finish(site)
    assert calls == [site] and index_files(site) == made and again.files == len(pages)
    sent(site, cache, pages[::-1]).finish(site)  # another order: another index
    assert calls == [site, site] and len(list((cache / "search").iterdir())) == 1
