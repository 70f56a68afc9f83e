"""Entries -> formatted citations: CSL-JSON -> citeproc-py -> corrections -> HTML.

citeproc-py formats roughly 70-400 items a second, so results are cached by content
(CSL-JSON item + style file + locale + `cite_version`, a digest of the code that shapes a
citation) in one JSON file; each entry's CSL-JSON item is kept too (`csl-items.json`), by
a digest of the entry, style, locale and that code, as mapping thousands of entries is
most of a warm build's time here.
"""

from __future__ import annotations

import hashlib
import json
import re
import types
import warnings
from functools import cache, partial
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.formatter import html as citeproc_html
from citeproc.formatter import plain as citeproc_plain
from citeproc.source.json import CiteProcJSON

from .. import parallel
from ..load.parse_cache import read_data
from ..model import Entry, Formatted, Problem, Severity, Source
from ..text.markup import escape_text
from .after import correct, html_to_text, join_date_range, link_urls, superscript_markup
from .before import NAMES_SHOWN, add_names_to_tell_apart, add_year_suffixes, prepare_item
from .patches import CiteprocMismatch, apply_patches, installed_version
from .styles import BUILTIN_STYLES, Style, read_style, resolve_style
from .to_csl import to_csl

__all__ = ["BUILTIN_STYLES", "CitationFormatter", "Formatted", "Style", "read_style",
           "resolve_style"]

# What CSL processors do not sort a title on: markup tags, quotation marks, brackets and
# the punctuation between words ('Feedback literacy: a …' sorts before '… literacy in …').
SORT_IGNORED = re.compile(r"</?(?:i|b|sub|sup|span)\b[^>]*>|[\"'‘’“”()\[\]:;,.!?…]")
# The code that shapes a cached citation, with citeproc-py's version (`cite_version`). The
# loaders need not be here: what they produce is in the key as the CSL-JSON item itself.
CITATION_CODE = (*(Path(__file__).parent / f"{name}.py" for name in (
    "to_csl", "before", "patches", "after", "formatter", "styles")),
    Path(__file__).parents[1] / "text" / "markup.py")

# Our own HTML formatter for citeproc-py: its tags, but values are passed as they are,
# because csl_json has escaped them already (escaping twice would show '&amp;').
FORMATTER = types.SimpleNamespace(**{
    name: getattr(citeproc_html, name)
    for name in ("Italic", "Oblique", "Bold", "Light", "Underline", "Superscript",
                 "Subscript", "SmallCaps")}, preformat=lambda text: text)


RANGED = ("issued", "event-date")
# From this many uncached items on, citeproc-py runs in worker processes (parallel.py).
PARALLEL_FROM = 400


def has_range(item: dict) -> bool:
    return any(len(item.get(variable, {}).get("date-parts", ())) > 1 for variable in RANGED)


def at_date(item: dict, which: int) -> dict:
    """The item with one date of each range it has (0: the first, 1: the last)."""
    if not has_range(item):
        return item
    return {**item, **{variable: {"date-parts": [item[variable]["date-parts"][
        min(which, len(item[variable]["date-parts"]) - 1)]]}
        for variable in RANGED if item.get(variable, {}).get("date-parts")}}


class CitationFormatter:
    """Formats entries in one style and locale, remembering what it produced."""

    def __init__(self, style: Style, locale: str, cache_file: Path | None = None):
        self.style, self.locale, self.cache_file = style, locale, cache_file
        self.settings_digest = hashlib.sha256(
            f"{style.digest}|{locale}|{cite_version()}".encode()).hexdigest()
        self.cache = read_data(cache_file) if cache_file else {}
        self.used: dict[str, str] = {}
        self.items_used: dict[str, str] = {}  # entry digest -> its CSL-JSON item, as JSON
        self._csl_styles: dict[int | None, CitationStylesStyle] = {}

    def write_cache(self) -> None:
        if self.cache_file is None:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        self.cache_file.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")
        if self.items_used:
            text = ",".join(f"{json.dumps(key)}:{item}"
                            for key, item in sorted(self.items_used.items()))
            self.items_file.write_text("{" + text + "}", encoding="utf-8")

    def digest(self, item: dict) -> str:
        data = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(f"{self.settings_digest}|{data}".encode()).hexdigest()

    def format(self, entries: list[Entry]) -> tuple[dict[str, Formatted], list[Problem]]:
        """Citation per entry key, from the cache where possible, else from citeproc-py;
        the titles alone, and an error, if citeproc-py is not the version patched."""
        try:
            apply_patches()
        except CiteprocMismatch as error:
            return {e.key: self.finish(escape_text(e.title)) for e in entries}, \
                [Problem(Source(self.style.path.name), str(error))]
        return self.format_patched(entries)

    def format_patched(self, entries: list[Entry]) -> tuple[dict[str, Formatted], list[Problem]]:
        items = self.prepared_items(entries)
        add_year_suffixes(items, self.style, self.bibliography_order)
        add_names_to_tell_apart(items, self.style)
        digests = {key: self.digest(item) for key, item in items.items()}
        missing = {d: items[k] for k, d in digests.items() if d not in self.cache}
        self.cache.update(self.run_citeproc_in_parallel(missing))
        self.used.update({d: self.cache[d] for d in digests.values() if d in self.cache})
        problems = [Problem(e.source, f"entry '{e.key}': citeproc-py could not format this "
                            "entry; its page shows the title only", Severity.WARNING)
                    for e in entries if digests[e.key] not in self.cache]
        fallback = {e.key: escape_text(e.title) for e in entries}
        return {key: self.finish(self.cache.get(d, fallback[key]))
                for key, d in digests.items()}, problems

    def prepared_items(self, entries: list[Entry]) -> dict[str, dict]:
        """Each entry's CSL-JSON item before the steps that compare items (year suffixes,
        names told apart), kept between builds under a digest of the entry, style, locale
        and code: mapping thousands of entries is most of a warm build's citation time."""
        kept = read_data(self.items_file) if self.items_file else {}  # damaged: {}
        used, items = {}, {}
        for entry in entries:
            key = hashlib.sha256(f"{self.settings_digest}|{entry!r}".encode()).hexdigest()
            item = kept.get(key)
            if not isinstance(item, dict):
                item = prepare_item(to_csl(entry, "item"), entry, self.style, self.locale)
            used[key] = json.dumps(item, sort_keys=True, ensure_ascii=False)  # before changes
            items[entry.key] = item
        self.items_used = used
        return items

    @property
    def items_file(self) -> Path | None:
        return self.cache_file.with_name("csl-items.json") if self.cache_file else None

    def finish(self, formatted: str) -> Formatted:
        return Formatted(html=link_urls(superscript_markup(formatted)),
                         text=html_to_text(formatted))

    def run_citeproc_in_parallel(self, items: dict[str, dict]) -> dict[str, str]:
        """Many uncached items are split among processes, one per core: each item's
        citation depends on the item alone (year suffixes and added names are set before),
        so the result is the same as in one process. Workers are forked, inheriting the
        patched citeproc-py, and only from a process with no other thread (a build, not a
        server, where forking is unsafe)."""
        count = parallel.workers()
        if len(items) < PARALLEL_FROM or count < 2:
            return self.run_citeproc(items)
        keys = list(items)  # one share per worker: a formatter, and its style, per share
        shares = [{k: items[k] for k in keys[n::count]} for n in range(count)]
        done = parallel.in_processes(partial(format_share, self.style, self.locale), shares,
                                     minimum=2)
        return {d: text for result in done for d, text in result.items()}

    def run_citeproc(self, items: dict[str, dict]) -> dict[str, str]:
        """Format many items in one pass; if citeproc-py fails, retry one by one."""
        if not items:
            return {}
        try:
            return self.render(items)
        except Exception:  # noqa: BLE001 - citeproc-py raises anything on odd input
            if len(items) == 1:
                return {}
        return {d: text for d, item in items.items()
                for d, text in self.run_citeproc({d: item}).items()}

    def render(self, items: dict[str, dict]) -> dict[str, str]:
        """Items that show more names than the style (`NAMES_SHOWN`) are formatted with a
        copy of the style that shows them; the rest with the style itself."""
        groups: dict[int | None, dict[str, dict]] = {}
        for d, item in items.items():
            groups.setdefault(item.get(NAMES_SHOWN), {})[d] = item
        return {d: text for shown, group in groups.items()
                for d, text in self.render_group(group, shown).items()}

    def render_group(self, items: dict[str, dict], names_shown: int | None
                     ) -> dict[str, str]:
        """citeproc-py fails on date ranges, so an item with one is formatted twice, at its
        first date and at its last, and the two are joined (`join_date_range`)."""
        ends = {(d, "end"): at_date(item, 1) for d, item in items.items() if has_range(item)}
        bibliography = self.bibliography({**items, **ends}, names_shown=names_shown)
        rendered = dict(zip([*items, *ends], map(str, bibliography.bibliography()),
                            strict=True))
        return {d: correct(join_date_range(rendered[d], rendered[d, "end"])
                           if (d, "end") in rendered else rendered[d], item, self.style)
                for d, item in items.items()}

    def bibliography_order(self, items: dict[str, dict]) -> list[str]:
        """The keys of `items` in the order the style sorts its bibliography.

        CSL processors sort a title by its words, not by the quotation marks, brackets,
        tags or punctuation around them (‘Am I a real doctor?’ sorts under A); citeproc-py
        sorts on the characters, so the sort is given titles without them, and formats its
        sort keys as plain text (its HTML would sort an italic title, '<i>…', first).
        """
        for_sorting = {key: {**item, "title": SORT_IGNORED.sub("", item.get("title", ""))}
                       for key, item in items.items()}
        try:
            bibliography = self.bibliography(for_sorting, citeproc_plain)
            bibliography.sort()
        except Exception:  # noqa: BLE001 - citeproc-py raises anything on odd input
            return list(items)
        keys = list(items)
        return [keys[int(item_id.removeprefix("item"))] for item_id in bibliography.keys]

    def bibliography(self, items: dict[str, dict],
                     output: types.SimpleNamespace | types.ModuleType = FORMATTER,
                     names_shown: int | None = None) -> CitationStylesBibliography:
        """A citeproc-py bibliography of `items`, registered in their order as item0, item1…"""
        data = [{**{k: v for k, v in at_date(item, 0).items() if k != NAMES_SHOWN},
                 "id": f"item{n}"} for n, item in enumerate(items.values())]
        with warnings.catch_warnings():
            # unsupported CSL variables and features (event-title, display): corrected after
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(self.csl_style(names_shown),
                                                      CiteProcJSON(data), output)
            for item in data:
                bibliography.register(Citation([RememberedItem(item["id"])]))
        return bibliography

    def csl_style(self, names_shown: int | None = None) -> CitationStylesStyle:
        """The style as citeproc-py reads it; with `names_shown`, a copy whose bibliography
        shows that many names before 'et al.' (for `add_names_to_tell_apart`)."""
        if names_shown not in self._csl_styles:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                style = CitationStylesStyle(str(self.style.path), locale=self.locale,
                                            validate=False)
            if names_shown:
                bibliography = style.root.bibliography
                bibliography.set("et-al-use-first", str(names_shown))
                bibliography.set("et-al-min", str(max(self.style.et_al_min, names_shown + 1)))
            self._csl_styles[names_shown] = style
        return self._csl_styles[names_shown]


class RememberedItem(CitationItem):
    """A cited item that looks its reference up once. citeproc-py's looks it up through
    three objects each time it reads a variable (about a tenth of the time it takes to
    format a bibliography); the source does not change once the item is registered."""

    @property
    def reference(self):
        found = vars(self).get("showcase_reference")  # not an item of the dict it is
        if found is None:
            found = vars(self)["showcase_reference"] = self.bibliography.source[self.key]
        return found


def format_share(style: Style, locale: str, items: dict[str, dict]) -> dict[str, str]:
    """The citations of one share of the uncached items (in a worker, citeproc-py as
    patched here)."""
    apply_patches()
    return CitationFormatter(style, locale).run_citeproc(items)


@cache
def cite_version() -> str:
    """A digest of `CITATION_CODE` and the citeproc-py version: the code's part of a cache
    key, so that a change to the code formats afresh. Computed once per process."""
    return citation_code_digest(read_citation_code(), installed_version())


def read_citation_code() -> list[bytes]:
    return [path.read_bytes() for path in CITATION_CODE]


def citation_code_digest(sources: list[bytes], citeproc_version: str) -> str:
    digest = hashlib.sha256(citeproc_version.encode())
    for source in sources:
        digest.update(hashlib.sha256(source).digest())
    return digest.hexdigest()
