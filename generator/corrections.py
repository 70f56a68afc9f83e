"""Corrections to what citeproc-py 0.11.1 gets wrong, each a named step, in ordered lists.

In the order they run: `prepare_item`, steps on one item's CSL-JSON before citeproc-py
sees it (et-al padding, quotation marks, name suffixes); `add_year_suffixes`, a step on
the whole list; `patch_citeproc`, two patches to citeproc-py itself (substituted names,
plural pages); and CORRECTIONS, steps on the HTML citeproc-py gives for one item. Then the
last touches to a corrected citation: links for URLs, and plain text from the HTML.
"""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from string import ascii_lowercase

import citeproc
from citeproc import model as citeproc_model
from citeproc.source import VariableError
from lxml import etree

from .model import Entry
from .styles import CSL_NS, Style

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


# Steps on the CSL-JSON items before citeproc-py sees them. Each says which failing of
# citeproc-py it works around; `prepare_item` runs the per-item ones in order.

STRAIGHT_QUOTED = re.compile(r"""(?<!\w)(["'])([^\s"'](?:[^"]*?[^\s"'])?)\1(?!\w)""")
CODE_VARIABLES = {"id", "type", "DOI", "URL", "PMID", "ISBN", "page", "year-suffix"}


def prepare_item(item: dict, entry: Entry, style: Style, locale: str) -> dict:
    """The CSL-JSON for one entry, as citeproc-py must be given it."""
    item = mark_et_al(item, entry, style)
    typeset_quotes(item, locale)
    initialise_name_suffixes(item, style)
    return item


def typeset_quotes(item: dict, locale: str) -> None:
    """citeproc-py prints straight quotes in data as they are; CSL processors print "quoted"
    or 'quoted' words in the locale's quotation marks (‘quoted’ in en-GB) and an apostrophe
    as ’ (Children’s, O’Neill).

    Inside a title the style itself quotes, `alternate_nested_quotes` then makes them inner
    quotes. Not done for addresses and numbers (URL, DOI, page …), nor for quotation marks
    a style sets in its own <locale>.
    """
    terms = locale_terms(locale)
    marks = rf"{terms.get('open-quote', '“')}\2{terms.get('close-quote', '”')}"

    def typeset(value: str) -> str:
        return STRAIGHT_QUOTED.sub(marks, value).replace("'", "’")

    for variable, value in item.items():
        if isinstance(value, str) and variable not in CODE_VARIABLES:
            item[variable] = typeset(value)
        elif variable in ("author", "editor"):
            item[variable] = [{part: typeset(text) for part, text in name.items()}
                              for name in value]


def initialise_name_suffixes(item: dict, style: Style) -> None:
    """citeproc-py prints a name's suffix as given ('King M Jr.'); CSL processors shorten it
    as they shorten given names, so a style that initialises without periods
    (initialize-with="", as Vancouver does) prints 'King M Jr'."""
    initialise = style_attributes(style, "bibliography").get("initialize-with")
    if initialise is None or "." in initialise:
        return
    for variable in ("author", "editor"):
        for name in item.get(variable, ()):
            if "suffix" in name:
                name["suffix"] = name["suffix"].replace(".", "")


def add_year_suffixes(items: dict[str, dict], style: Style,
                      order: Callable[[dict[str, dict]], list[str]]) -> None:
    """citeproc-py does not disambiguate: two entries by the same authors in the same year
    both print '(2021)', where a style with disambiguate-add-year-suffix prints (2021a) and
    (2021b).

    Items whose authors (else editors) are the same names and whose year is the same get
    a `year-suffix` variable, which citeproc-py prints where the style asks: a, b, … in the
    order `order` gives, which is the style's bibliography order. This needs the whole list,
    so it runs on all the items of one `CitationFormatter.format` call. Entries without a
    year ('n.d.') are left alone.
    """
    if style_attributes(style, "citation").get("disambiguate-add-year-suffix") != "true":
        return
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key in sorted(items):
        names = items[key].get("author") or items[key].get("editor")
        year = items[key].get("issued", {}).get("date-parts", [[None]])[0][0]
        if names and year:
            groups[json.dumps(names, sort_keys=True), year].append(key)
    for keys in (keys for keys in groups.values() if len(keys) > 1):
        for number, key in enumerate(order({key: items[key] for key in keys})):
            items[key]["year-suffix"] = year_suffix(number)


def year_suffix(number: int) -> str:
    """a … z, then aa, ab, … as CSL processors count."""
    prefix = year_suffix(number // 26 - 1) if number >= 26 else ""
    return prefix + ascii_lowercase[number % 26]


def style_attributes(style: Style, element: str) -> dict[str, str]:
    """The style's options: its root's attributes and those of <citation> or <bibliography>."""
    stat = style.path.stat()
    return read_style_attributes(style.path, stat.st_mtime_ns, stat.st_size, element)


@cache
def read_style_attributes(path: Path, mtime: int, size: int, element: str) -> dict[str, str]:
    root = etree.fromstring(path.read_bytes())
    found = root.find(f"csl:{element}", CSL_NS)
    return {**root.attrib, **(found.attrib if found is not None else {})}


@cache
def locale_terms(locale: str) -> dict[str, str]:
    """The long single forms of a locale's terms, from the locale file citeproc-py reads."""
    language = locale.split("-")[0]
    name = locale if locale in citeproc.LANGUAGE_NAMES else \
        citeproc.PRIMARY_DIALECTS.get(language, "en-US")
    root = etree.parse(str(Path(citeproc.LOCALES_PATH) / f"locales-{name}.xml")).getroot()
    return {term.get("name"): term.text or "" for term in
            root.iterfind("csl:terms/csl:term", CSL_NS) if term.get("form") is None}


# Patches to citeproc-py itself, for failings that no step before or after it can reach.
# `patch_citeproc` applies them once, before a style is loaded.

CSL_PLURAL = re.compile(r"\d\S*?\s*(?:[-–—,&]|\band\b)\s*\S*?\d")


def patch_citeproc() -> None:
    if not getattr(citeproc_model.Names.process, "repressing", False):
        repress_substituted_names()
        count_numbers_by_separators()


def repress_substituted_names() -> None:
    """citeproc-py prints names again after <substitute> used them: an edited book shows
    its editors twice ('Fyfe M, Woolf K, editors. Title. Fyfe M, Woolf K, editors.').

    CSL suppresses a substituted variable in the rest of the output. citeproc-py records it
    (`Layout.repressed`), but only <text> reads the record; with this, <names> reads it too.
    """
    process = citeproc_model.Names.process

    def names_process(self, item, names_context=None, context=None, **kwargs):
        try:
            recorded = (self if context is None else context).get_layout().repressed
        except (AttributeError, IndexError):  # not inside a <layout>: nothing substituted
            recorded = {}
        repressed = {variable for variables in recorded.get(self.tag, [])
                     for variable in (variables or "").split()}
        present = {role for role in self.get("variable").split() if role in item.reference}
        if present and present <= repressed:
            raise VariableError
        return process(self, item, names_context=names_context, context=context, **kwargs)

    names_process.repressing = True
    citeproc_model.Names.process = names_process


def count_numbers_by_separators() -> None:
    """citeproc-py calls a value plural when anything but digits stands between digits, so
    the article number bjgpopen21X101012 is labelled 'pp.'. In CSL, numbers are plural when
    separated by a range or list mark ('1-3', '1, 3', '1 & 3'); this makes citeproc-py's
    test the same."""
    citeproc_model.Label.RE_MULTIPLE_NUMBERS = CSL_PLURAL


# Corrections to what citeproc-py 0.11.1 gets wrong, applied in the order of CORRECTIONS
# (below) to its HTML for one item. Each step takes (html, item, style), where `item` is the
# CSL-JSON that citeproc-py was given, and says in its docstring which failing it corrects.

PADDING = re.compile(rf"(?:[,;] ?)?{re.escape(PADDING_NAME)}")
BARE_AMPERSAND = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")
DOI_ADDRESS = r"https?://(?:dx\.|www\.)?doi\.org/"
DOUBLED_DOI_PREFIX = re.compile(rf"(?:{DOI_ADDRESS})+(?={DOI_ADDRESS})")
PAGE_RANGE = re.compile(r"([^\s,&–-]+)\s*[–-]\s*([^\s,&–-]+)")
QUOTES = ((("‘", "’"), ("“", "”")), (("“", "”"), ("‘", "’")))  # (outer, inner) pairs
ROLE_LABEL = re.compile(r"(?<=\()(?:eds?|trans)\.?(?=\))")
PERIOD_AFTER_MARK = re.compile(r"([?!])((?:</[a-z]+>|[’”\"'])*)\.")
DOUBLED_PERIOD = re.compile(r"(?<!\.)\.((?:</[a-z]+>)*)\.(?=\s|<|$)")
SPACES = re.compile(r"[ \t]{2,}")
NUMBER_PREFIX = re.compile(r"^\s*\[?\d+[\].]?\s*")
ITALIC_TAG = re.compile(r"(</?i>)")
UPRIGHT_OPEN, UPRIGHT_CLOSE = '<span style="font-style:normal;">', "</span>"


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
    """citeproc-py ignores text-case="title" on <label>: APA's '(Ed.)' comes out '(ed.)',
    and en-GB's '(Eds)' comes out '(eds)'."""
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


def expand_abbreviated_page_ranges(text: str, item: dict, style: Style) -> str:
    """citeproc-py prints a range given short (102-8) as it is, also where the style asks for
    page-range-format="expanded" (APA): there CSL prints 102–108."""
    if style_attributes(style, "bibliography").get("page-range-format") != "expanded":
        return text
    for first, last in PAGE_RANGE.findall(item.get("page", "")):
        if first.isdigit() and last.isdigit() and len(last) < len(first):
            full = first[: len(first) - len(last)] + last
            cut = re.compile(rf"(?<![\w.]){re.escape(first)}([-–]){re.escape(last)}(?!\w)")
            text = cut.sub(rf"{first}\g<1>{full}", text)
    return text


def flip_nested_italics(text: str, item: dict, style: Style) -> str:
    """citeproc-py nests italics in italics (a book title holding <i>and</i>); CSL flips
    them, so the inner words stand upright (<span style="font-style:normal;">), and words
    italic inside those are italic again."""
    closing: list[str] = []
    out = []
    for piece in ITALIC_TAG.split(text):
        if piece == "<i>":
            upright = len(closing) % 2 == 1
            out.append(UPRIGHT_OPEN if upright else piece)
            closing.append(UPRIGHT_CLOSE if upright else "</i>")
        elif piece == "</i>" and closing:
            out.append(closing.pop())
        else:
            out.append(piece)
    return "".join(out)


def drop_citation_number(text: str, item: dict, style: Style) -> str:
    """Not a failing: a numeric style numbers its list, and our lists are not numbered."""
    return NUMBER_PREFIX.sub("", text, count=1) if style.numeric else text


CORRECTIONS: tuple[Callable[[str, dict, Style], str], ...] = (
    drop_padding_names,
    escape_style_ampersands,
    drop_doubled_doi_prefix,
    restore_page_ranges,
    expand_abbreviated_page_ranges,
    alternate_nested_quotes,
    flip_nested_italics,
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
