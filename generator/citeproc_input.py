"""CSL-JSON items made ready for citeproc-py: steps that run before it, each working
around a failing of citeproc-py 0.11.1 that is easier to avoid than to correct after.

`prepare_item` runs the per-item steps (et-al padding, quotation marks, name suffixes);
`add_year_suffixes` is a step on the whole list (2020a, 2020b).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from string import ascii_lowercase

from .model import Entry
from .styles import Style, locale_terms, style_attributes

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
