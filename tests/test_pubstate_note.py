"""An entry whose pubstate says it is not out yet shows so by its date, on its page and in
lists; an entry without one shows nothing new."""

from __future__ import annotations

from pathlib import Path

from test_site import copy_tiny, mkdocs_build

FORTHCOMING = """
@article{ahead2031,
  author     = {Person, Test},
  title      = {Accepted and forthcoming},
  journal    = {Journal of Examples},
  year       = {2031},
  pubstate   = {forthcoming},
  doi        = {10.1000/ahead.2031},
  programmes = {demo},
}
"""


def test_a_forthcoming_entry_says_so_by_its_date(tmp_path: Path) -> None:
    project = copy_tiny(tmp_path)
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + FORTHCOMING, encoding="utf-8")
    run = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "site" / "publications" / "ahead2031" / "index.html").read_text()
    assert '<dd>2031 <span class="showcase-state">(Forthcoming)</span></dd>' in page
    listing = (tmp_path / "site" / "publications" / "index.html").read_text()
    assert listing.count('<span class="showcase-state">Forthcoming</span>') == 1
