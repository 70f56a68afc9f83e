"""Check: problems across the loaded site, after every file has been read on its own.

Every check is named in one of two lists, and ``run_checks`` runs a list in order:

- ``BUILD_CHECKS`` run in every build (``mkdocs build``, ``showcase build``) and in
  ``showcase check`` alike, with the same options, so that whatever one reports the other
  reports too;
- ``CHECK_ONLY`` run in ``showcase check`` alone: they depend on today's date, which must
  not change what a build of the same content does.

To add a check: write a function ``(Context) -> Iterable[Problem]`` in the module it belongs
with (``references`` for ids and gaps, ``records`` for identifiers and duplicates, ``files``
for files on disk), then name it in one list here. Checks import from ``load`` and ``model``
only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..model import Problem, Site
from . import files, records, references


@dataclass(frozen=True)
class Context:
    """What a check may look at: the site, the project folder, the published pages folder."""

    site: Site
    root: Path | None = None
    pages_dir: Path | None = None
    today: date | None = None


Check = Callable[[Context], Iterable[Problem]]

BUILD_CHECKS: tuple[tuple[str, Check], ...] = (
    ("unique ids", lambda c: references.check_unique_ids(c.site)),
    ("ids that exist", lambda c: references.check_references(c.site)),
    ("entry fields and gaps", lambda c: references.check_entries(c.site.entries)),
    ("programme gaps", lambda c: references.check_programme_gaps(c.site.programmes)),
    ("output gaps", lambda c: references.check_output_gaps(c.site.outputs)),
    ("duplicate DOIs", lambda c: records.duplicate_dois(c.site.entries)),
    ("duplicate PubMed IDs", lambda c: records.duplicate_pmids(c.site.entries)),
    ("duplicate titles", lambda c: records.duplicate_titles(c.site.entries)),
    ("DOIs stored as addresses", lambda c: records.dois_stored_as_urls(c.site.entries, c.root)),
    ("PubMed ID syntax", lambda c: records.pmid_syntax(c.site.entries)),
    ("entry link schemes", lambda c: records.entry_url_schemes(c.site.entries)),
    ("ORCID check digits", lambda c: records.orcid_checksums(c.site)),
    ("people nobody refers to", lambda c: records.unreferenced_people(c.site)),
    ("output images", lambda c: files.output_images(c.site, c.pages_dir)),
)

CHECK_ONLY: tuple[tuple[str, Check], ...] = (
    ("dates in the future", lambda c: records.future_dates(c.site, c.today or date.today())),
)


def run_checks(checks: Iterable[tuple[str, Check]], context: Context) -> list[Problem]:
    """Every problem the named checks find, in the order they are listed."""
    return [problem for _, check in checks for problem in check(context)]
