"""Entries -> formatted citations: CSL-JSON -> citeproc-py -> corrections -> HTML.

citeproc-py formats roughly 70-400 items a second, so results are cached by content
(CSL-JSON item + style file + locale + this module's version) in one JSON file.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import types
import warnings
from dataclasses import dataclass
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.formatter import html as citeproc_html
from citeproc.source.json import CiteProcJSON
from lxml import etree

from .csl_json import to_csl
from .model import Entry, Problem, Severity, Source

CITE_VERSION = "1"  # bump when anything below changes what is produced
BUILTIN_STYLES = ("medic-vancouver", "apa", "harvard-cite-them-right")
CSL_NS = {"csl": "http://purl.org/net/xbiblio/csl"}

# Our own HTML formatter for citeproc-py: its tags, but values are passed as they are,
# because csl_json has escaped them already (escaping twice would show '&amp;').
FORMATTER = types.SimpleNamespace(**{
    name: getattr(citeproc_html, name)
    for name in ("Italic", "Oblique", "Bold", "Light", "Underline", "Superscript",
                 "Subscript", "SmallCaps")}, preformat=lambda text: text)


@dataclass(frozen=True)
class Style:
    path: Path
    numeric: bool
    et_al_min: int
    et_al_use_first: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def resolve_style(name: str, root: Path, source: Source) -> tuple[Style | None, list[Problem]]:
    """A style by name (a file in theme/csl/) or by path to a .csl file."""
    candidates = [root / name, root / "theme" / "csl" / f"{name}.csl"]
    path = next((p for p in candidates if p.suffix == ".csl" and p.is_file()), None)
    if path is None:
        known = ", ".join(sorted(p.stem for p in (root / "theme" / "csl").glob("*.csl")))
        return None, [Problem(source, f"citation_style '{name}' was not found: give one of "
                              f"{known or BUILTIN_STYLES}, or a path to a .csl file")]
    try:
        return read_style(path), []
    except etree.XMLSyntaxError as error:
        return None, [Problem(source, f"citation style {path.name} is not valid XML: {error}")]


def read_style(path: Path) -> Style:
    root = etree.parse(str(path)).getroot()
    category = root.find("csl:info/csl:category[@citation-format]", CSL_NS)
    bibliography = root.find("csl:bibliography", CSL_NS)
    settings = {**root.attrib, **(bibliography.attrib if bibliography is not None else {})}
    return Style(path=path, numeric=category is not None
                 and category.get("citation-format") == "numeric",
                 et_al_min=int(settings.get("et-al-min", 0)),
                 et_al_use_first=int(settings.get("et-al-use-first", 0)))


def mark_et_al(item: dict, entry: Entry, style: Style) -> dict:
    """'and others' in BibTeX: pad the author list so the style itself prints 'et al.'.

    Padding is only added where the style will cut the list before the padding, so
    no invented name is ever shown; elsewhere the known authors are shown as they are.
    """
    count = len(item.get("author", ()))
    if entry.et_al and count and style.et_al_min and style.et_al_use_first <= count:
        padding = [{"literal": "others"}] * max(0, style.et_al_min - count)
        item["author"] = item["author"] + padding
    return item


# Corrections to what citeproc-py gets wrong, applied in order to its HTML output.
CORRECTIONS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(https?://(?:dx\.)?doi\.org/)+(?=https?://(?:dx\.)?doi\.org/)"), ""),
    (re.compile(r"([?!])(</[a-z]+>)?\."), r"\1\2"),  # '…the ward?.' -> '…the ward?'
    (re.compile(r"\.(</[a-z]+>)?\.(?!\.)"), r".\1"),  # doubled full stops
    (re.compile(r"[ \t]{2,}"), " "),
)
NUMBER_PREFIX = re.compile(r"^\s*\[?\d+[\].]?\s*")
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def correct(formatted: str, style: Style) -> str:
    for pattern, replacement in CORRECTIONS:
        formatted = pattern.sub(replacement, formatted)
    if style.numeric:
        formatted = NUMBER_PREFIX.sub("", formatted, count=1)
    return formatted.strip()


def link_urls(formatted: str) -> str:
    """Make every URL in a citation (DOIs included) a link."""
    return URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', formatted)


def html_to_text(formatted: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", formatted))


@dataclass(frozen=True)
class Formatted:
    """One entry's citation: HTML with links, and the same as plain text."""

    html: str
    text: str


class CitationFormatter:
    """Formats entries in one style and locale, remembering what it produced."""

    def __init__(self, style: Style, locale: str, cache_file: Path | None = None):
        self.style, self.locale, self.cache_file = style, locale, cache_file
        self.settings_digest = hashlib.sha256(
            f"{style.digest}|{locale}|{CITE_VERSION}".encode()).hexdigest()
        self.cache = self.read_cache()
        self.used: dict[str, str] = {}
        self._csl_style: CitationStylesStyle | None = None

    def read_cache(self) -> dict[str, str]:
        if self.cache_file is None or not self.cache_file.is_file():
            return {}
        try:
            return json.loads(self.cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # a damaged cache is only a slower build

    def write_cache(self) -> None:
        if self.cache_file is None:
            return
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        self.cache_file.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")

    def digest(self, item: dict) -> str:
        data = json.dumps(item, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(f"{self.settings_digest}|{data}".encode()).hexdigest()

    def format(self, entries: list[Entry]) -> tuple[dict[str, Formatted], list[Problem]]:
        """Citation per entry key, from the cache where possible, else from citeproc-py."""
        items = {e.key: mark_et_al(to_csl(e, "item"), e, self.style) for e in entries}
        digests = {key: self.digest(item) for key, item in items.items()}
        missing = {d: items[k] for k, d in digests.items() if d not in self.cache}
        self.cache.update(self.run_citeproc(missing))
        self.used.update({d: self.cache[d] for d in digests.values() if d in self.cache})
        problems = [Problem(e.source, f"entry '{e.key}': citeproc-py could not format this "
                            "entry; its page shows the title only", Severity.WARNING)
                    for e in entries if digests[e.key] not in self.cache]
        fallback = {e.key: html.escape(e.title) for e in entries}
        return {key: self.finish(self.cache.get(d, fallback[key]))
                for key, d in digests.items()}, problems

    def finish(self, formatted: str) -> Formatted:
        return Formatted(html=link_urls(formatted), text=html_to_text(formatted))

    def run_citeproc(self, items: dict[str, dict]) -> dict[str, str]:
        """Format many items in one pass; if citeproc-py fails, retry one by one."""
        try:
            return self.render(items)
        except Exception:  # noqa: BLE001 - citeproc-py raises anything on odd input
            if len(items) == 1:
                return {}
        return {d: text for d, item in items.items()
                for d, text in self.run_citeproc({d: item}).items()}

    def render(self, items: dict[str, dict]) -> dict[str, str]:
        if not items:
            return {}
        digests = list(items)
        data = [{**items[d], "id": f"item{n}"} for n, d in enumerate(digests)]
        bibliography = CitationStylesBibliography(self.csl_style(), CiteProcJSON(data),
                                                  FORMATTER)
        for item in data:
            bibliography.register(Citation([CitationItem(item["id"])]))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported CSL features: corrected after
            rendered = [str(text) for text in bibliography.bibliography()]
        return {d: correct(text, self.style) for d, text in zip(digests, rendered, strict=True)}

    def csl_style(self) -> CitationStylesStyle:
        if self._csl_style is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._csl_style = CitationStylesStyle(str(self.style.path), locale=self.locale,
                                                      validate=False)
        return self._csl_style
