"""The page plan of the default site, as golden data: which pages exist, with what on them.

After a deliberate change, run `UPDATE_GOLDEN=1 pytest tests/test_pages.py` and read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from generator.pipeline import load_site
from generator.site.chart import Chart
from generator.site.plan import Item, download_sets, plan_pages, relative_url, url_of

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "pages" / "default.json"


def describe(value: object) -> object:
    """Context values as plain data: items by key, records by id, groups by year."""
    if isinstance(value, Item):
        return f"{value.kind}:{value.key}"
    if hasattr(value, "id") and hasattr(value, "source"):
        return f"{type(value).__name__.lower()}:{value.id}"
    if isinstance(value, (list, tuple)):
        return [describe(item) for item in value]
    if isinstance(value, Chart):
        return [[year, list(counts)] for year, counts in value.rows]
    return value


def plan() -> dict:
    site, problems = load_site(ROOT)
    assert site is not None, problems
    pages = plan_pages(site, {})
    return {
        "pages": [{"path": p.path, "title": p.title, "template": p.template,
                   "context": {k: describe(v) for k, v in sorted(p.context.items())}}
                  for p in pages],
        "downloads": [[stem, [e.key for e in entries]] for stem, entries in download_sets(site)],
    }


def test_default_site_plan_matches_golden():
    actual = plan()
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(actual, indent=1, ensure_ascii=False) + "\n")
    assert actual == json.loads(GOLDEN.read_text(encoding="utf-8"))


def test_urls_follow_mkdocs():
    assert url_of("index.md", True) == ""
    assert url_of("publications/index.md", True) == "publications/"
    assert url_of("publications/x.md", True) == "publications/x/"
    assert url_of("publications/x.md", False) == "publications/x.html"
    assert relative_url("publications/index.md", "publications/x.md", True) == "x/"
    assert relative_url("publications/x.md", "programmes/watcch.md", True) == \
        "../../programmes/watcch/"
    assert relative_url("publications/x.md", "index.md", True) == "../../"
    assert relative_url("index.md", "index.md", True) == "./"
    assert url_of("publications/index.md", False) == "publications/index.html"
    assert relative_url("index.md", "publications/index.md", True) == "publications/"
    assert relative_url("publications/x.md", "index.md", False) == "../index.html"
    assert relative_url("programmes/a.md", "programmes/b.md", False) == "b.html"
