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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc.formatter import html as citeproc_html
from citeproc.source.json import CiteProcJSON
from lxml import etree

from .csl_json import escape_text, to_csl
from .model import Entry, Problem, Severity, Source

CITE_VERSION = "2"  # bump when anything below changes what is produced
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
    et_al_use_last: bool = False
    title_case_labels: bool = False  # some <label> asks for text-case="title"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def resolve_style(name: str, root: Path, source: Source,
                  folders: Sequence[Path] = ()) -> tuple[Style | None, list[Problem]]:
    """A style by path to a .csl file, or by name: a file in a `csl/` folder of the theme."""
    folders = [*folders, root / "theme" / "csl"]
    candidates = [root / name, *(folder / f"{name}.csl" for folder in folders)]
    path = next((p for p in candidates if p.suffix == ".csl" and p.is_file()), None)
    if path is None:
        known = sorted({p.stem for folder in folders for p in folder.glob("*.csl")})
        return None, [Problem(source, f"citation_style '{name}' was not found: give one of "
                              f"{', '.join(known or BUILTIN_STYLES)}, or a path to a .csl "
                              "file")]
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
                 et_al_use_first=int(settings.get("et-al-use-first", 0)),
                 et_al_use_last=settings.get("et-al-use-last") == "true",
                 title_case_labels=root.find(".//csl:label[@text-case='title']", CSL_NS)
                 is not None)


# A placeholder author no entry can have (escaped data never holds '<'), which a browser
# would not show even if the correction that removes it missed it.
PADDING_NAME = "<et-al/>"


def mark_et_al(item: dict, entry: Entry, style: Style) -> dict:
    """'and others' in BibTeX: pad the author list so the style itself prints 'et al.'.

    The padding is placeholder names, up to the count at which the style cuts the list;
    where it would show one ('Kumar S, <et-al/>, <et-al/>, et al.'), `drop_padding_names`
    removes it, so no invented name is ever shown. Styles that show the last author after
    the cut (APA's '… Last A') are not padded: there the known authors stand alone.
    """
    count = len(item.get("author", ()))
    if entry.et_al and 0 < count < style.et_al_min and style.et_al_use_first \
            and not style.et_al_use_last:
        padding = [{"literal": PADDING_NAME}] * (style.et_al_min - count)
        item["author"] = item["author"] + padding
    return item


# Corrections to what citeproc-py 0.11.1 gets wrong, applied in the order of CORRECTIONS
# (below) to its HTML for one item. Each step takes (html, item, style), where `item` is the
# CSL-JSON that citeproc-py was given, and says in its docstring which failing it corrects.

PADDING = re.compile(rf"(?:[,;] ?)?{re.escape(PADDING_NAME)}")
BARE_AMPERSAND = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")
DOI_ADDRESS = r"https?://(?:dx\.|www\.)?doi\.org/"
DOUBLED_DOI_PREFIX = re.compile(rf"(?:{DOI_ADDRESS})+(?={DOI_ADDRESS})")
PAGE_RANGE = re.compile(r"([^\s,&–-]+)\s*[–-]\s*([^\s,&–-]+)")
QUOTES = ((("‘", "’"), ("“", "”")), (("“", "”"), ("‘", "’")))  # (outer, inner) pairs
ROLE_LABEL = re.compile(r"(?<=\()(?:eds?|trans)\.(?=\))")
PERIOD_AFTER_MARK = re.compile(r"([?!])((?:</[a-z]+>|[’”\"'])*)\.")
DOUBLED_PERIOD = re.compile(r"(?<!\.)\.((?:</[a-z]+>)*)\.(?=\s|<|$)")
SPACES = re.compile(r"[ \t]{2,}")
NUMBER_PREFIX = re.compile(r"^\s*\[?\d+[\].]?\s*")


def drop_padding_names(text: str, item: dict, style: Style) -> str:
    """Not a failing: removes the placeholder authors that `mark_et_al` added."""
    return PADDING.sub("", text)


def escape_style_ampersands(text: str, item: dict, style: Style) -> str:
    """Text from the style and locale (APA's '&' before the last author) comes out unescaped.

    That is our FORMATTER's doing: it must not escape the data, which csl_json escaped
    already, so it escapes nothing. Every '&' from the data is an entity by now.
    """
    return BARE_AMPERSAND.sub("&amp;", text)


def drop_doubled_doi_prefix(text: str, item: dict, style: Style) -> str:
    """Styles put https://doi.org/ before the DOI, even a DOI that is an address already.

    csl_json stores DOIs bare; this is the safety net for one that slips through.
    """
    return DOUBLED_DOI_PREFIX.sub("", text)


def restore_page_ranges(text: str, item: dict, style: Style) -> str:
    """citeproc-py's 'minimal' page ranges assume pages of equal length: 1-10 comes out 1-0.

    A range whose last page is longer than its first is printed in full, as CSL says.
    """
    for first, last in PAGE_RANGE.findall(item.get("page", "")):
        if len(last) > len(first):
            cut = re.compile(rf"(?<![\w.]){re.escape(first)}([-–])(\w+)(?!\w)")
            text = cut.sub(partial(expand_range, first, last), text)
    return text


def expand_range(first: str, last: str, match: re.Match) -> str:
    return f"{first}{match[1]}{last}" if last.endswith(match[2]) else match[0]


def alternate_nested_quotes(text: str, item: dict, style: Style) -> str:
    """citeproc-py does not turn quotes inside a quoted title into inner quotes.

    ‘Deconstructing ‘BAME’: …’ becomes ‘Deconstructing “BAME”: …’, and “…“x”…” becomes “…‘x’…”.
    """
    title = item.get("title", "")
    for (open_, close), (inner_open, inner_close) in QUOTES:
        quoted = f"{open_}{title}{close}"
        if open_ in title and quoted in text:
            nested = re.compile(rf"{open_}(.+?){close}(?!\w)")  # ’ before a letter: apostrophe
            flipped = nested.sub(rf"{inner_open}\1{inner_close}", title)
            text = text.replace(quoted, f"{open_}{flipped}{close}")
    return text


def drop_empty_publication_label(text: str, item: dict, style: Style) -> str:
    """APA's '(Publication No. …)' for a thesis comes out '(Publication)' with no number.

    citeproc-py does not suppress a group whose only variable, called through a macro, is
    empty.
    """
    if item.get("type") == "thesis" and not item.get("number"):
        text = text.replace(" (Publication)", "")
    return text


def title_case_role_labels(text: str, item: dict, style: Style) -> str:
    """citeproc-py ignores text-case="title" on <label>: APA's '(Ed.)' comes out '(ed.)'."""
    if not style.title_case_labels:
        return text
    return ROLE_LABEL.sub(lambda match: match[0].capitalize(), text)


def drop_period_after_terminal_mark(text: str, item: dict, style: Style) -> str:
    """citeproc-py adds a style's '.' after a field ending in '?' or '!': '…the ward?.'."""
    return PERIOD_AFTER_MARK.sub(r"\1\2", text)


def drop_doubled_periods(text: str, item: dict, style: Style) -> str:
    """citeproc-py adds a style's '.' after a field that ends in one: 'Title..'."""
    return DOUBLED_PERIOD.sub(r".\1", text)


def collapse_spaces(text: str, item: dict, style: Style) -> str:
    """citeproc-py keeps both spaces where the affixes of an empty field meet."""
    return SPACES.sub(" ", text).strip()


def drop_citation_number(text: str, item: dict, style: Style) -> str:
    """Not a failing: a numeric style numbers its list, and our lists are not numbered."""
    return NUMBER_PREFIX.sub("", text, count=1) if style.numeric else text


CORRECTIONS: tuple[Callable[[str, dict, Style], str], ...] = (
    drop_padding_names,
    escape_style_ampersands,
    drop_doubled_doi_prefix,
    restore_page_ranges,
    alternate_nested_quotes,
    drop_empty_publication_label,
    title_case_role_labels,
    drop_period_after_terminal_mark,
    drop_doubled_periods,
    collapse_spaces,
    drop_citation_number,
)
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")


def correct(text: str, item: dict, style: Style) -> str:
    for step in CORRECTIONS:
        text = step(text, item, style)
    return text


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
        fallback = {e.key: escape_text(e.title) for e in entries}
        return {key: self.finish(self.cache.get(d, fallback[key]))
                for key, d in digests.items()}, problems

    def finish(self, formatted: str) -> Formatted:
        return Formatted(html=link_urls(formatted), text=html_to_text(formatted))

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
        digests = list(items)
        data = [{**items[d], "id": f"item{n}"} for n, d in enumerate(digests)]
        with warnings.catch_warnings():
            # unsupported CSL variables and features (event-title, display): corrected after
            warnings.simplefilter("ignore")
            bibliography = CitationStylesBibliography(self.csl_style(), CiteProcJSON(data),
                                                      FORMATTER)
            for item in data:
                bibliography.register(Citation([CitationItem(item["id"])]))
            rendered = [str(text) for text in bibliography.bibliography()]
        return {d: correct(text, items[d], self.style)
                for d, text in zip(digests, rendered, strict=True)}

    def csl_style(self) -> CitationStylesStyle:
        if self._csl_style is None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._csl_style = CitationStylesStyle(str(self.style.path), locale=self.locale,
                                                      validate=False)
        return self._csl_style
