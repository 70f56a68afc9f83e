"""A golden snapshot of tests/sites/tiny: every page and download it builds, byte for byte.

A change to a fragment, a label or an export shows here as a diff of the built files, even
where no other test looks. After a deliberate change, rewrite the snapshot with
`SHOWCASE_UPDATE_GOLDEN=1 pytest tests/test_snapshot.py` (or `UPDATE_GOLDEN=1`, as for the
other golden files) and read the diff before you commit it (tests/golden/site/README.md).
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

from test_site import TINY, mkdocs_build

GOLDEN = Path(__file__).resolve().parent / "golden" / "site" / "tiny"
UPDATE = "1" in (os.environ.get("SHOWCASE_UPDATE_GOLDEN"), os.environ.get("UPDATE_GOLDEN"))

# Built files that are not ours or not the same from build to build. Everything else is
# compared as it is: the stack is pinned (pyproject.toml), so nothing needs normalising.
NOT_COMPARED = (
    "assets/javascripts/",  # Material's own scripts, styles and favicon
    "assets/stylesheets/",
    "assets/images/favicon.png",
    "pagefind/",  # Pagefind's index: file names and order vary between runs (its issue #638)
    "search/",  # MkDocs' search plugin, if a site turns it on
    "sitemap.xml.gz",  # gzip header holds the build date; sitemap.xml is compared instead
)
DIFFS_SHOWN, DIFF_LINES = 3, 40


def built_files(site: Path) -> dict[str, bytes]:
    """Relative path -> content of every compared file under ``site``."""
    paths = (p for p in sorted(site.rglob("*")) if p.is_file())
    return {path: p.read_bytes() for p in paths
            if not (path := p.relative_to(site).as_posix()).startswith(NOT_COMPARED)}


def write_golden(files: dict[str, bytes]) -> None:
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for path, content in files.items():
        (GOLDEN / path).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / path).write_bytes(content)


def unified_diff(path: str, expected: bytes, actual: bytes) -> str:
    lines = list(difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        actual.decode("utf-8", "replace").splitlines(),
        f"expected/{path}", f"built/{path}", lineterm=""))
    cut = [f"... ({len(lines) - DIFF_LINES} more lines)"] if len(lines) > DIFF_LINES else []
    return "\n".join(lines[:DIFF_LINES] + cut)


def snapshot_report(expected: dict[str, bytes], actual: dict[str, bytes]) -> str:
    """What differs between the two trees, in words and diffs; empty when they are equal."""
    missing = sorted(expected.keys() - actual.keys())
    extra = sorted(actual.keys() - expected.keys())
    changed = sorted(p for p in expected.keys() & actual.keys() if expected[p] != actual[p])
    if not (missing or extra or changed):
        return ""
    parts = [f"{label} ({len(paths)}): {', '.join(paths)}"
             for label, paths in (("differ", changed), ("missing from the build", missing),
                                  ("not in the snapshot", extra)) if paths]
    parts += [unified_diff(path, expected[path], actual[path]) for path in changed[:DIFFS_SHOWN]]
    parts.append("If the change is meant, run `SHOWCASE_UPDATE_GOLDEN=1 pytest "
                 "tests/test_snapshot.py` and read the diff of tests/golden/site/.")
    return "\n".join(parts)


def test_tiny_site_matches_its_snapshot(tmp_path):
    result = mkdocs_build(TINY / "mkdocs.yml", tmp_path, "--strict")
    assert result.returncode == 0, result.stderr
    actual = built_files(tmp_path)
    if UPDATE:
        write_golden(actual)
    report = snapshot_report(built_files(GOLDEN), actual)
    assert not report, "the built tiny site differs from tests/golden/site/tiny:\n" + report


def test_the_report_names_every_difference():
    report = snapshot_report({"a.html": b"one\n", "b.bib": b"x"},
                             {"a.html": b"two\n", "c.ris": b"y"})
    assert "differ (1): a.html" in report
    assert "missing from the build (1): b.bib" in report
    assert "not in the snapshot (1): c.ris" in report
    assert "-one\n+two" in report
    assert snapshot_report({"a": b"x"}, {"a": b"x"}) == ""
