"""CSL-JSON items made ready for citeproc-py: steps that run before it, each working
around a failing of citeproc-py 0.11.1 that is easier to avoid than to correct after.

`prepare_item` runs the per-item steps (et-al padding, quotation marks, name suffixes);
`add_year_suffixes` is a step on the whole list (2020a, 2020b).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from string import ascii_lowercase

from ..model import CJK, Entry
from .styles import Style, initialises_with_periods, locale_terms, style_attributes

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

# A straight quote that opens (not after a letter) and the one that closes it (not before a
# letter); single-quoted text may hold apostrophes (‘Children's rights’), double may not.
STRAIGHT_QUOTED = {
    '"': re.compile(r'(?<!\w)"([^\s"](?:[^"]*?[^\s"])?)"(?!\w)'),
    "'": re.compile(r"(?<!\w)'([^\s'](?:.*?[^\s'])?)'(?!\w)"),
}
FIRST_QUOTE = re.compile(r"""(?<!\w)["'](?=\S)""")
CURLY_QUOTE = re.compile("([‘’“”])")
MARKUP = re.compile(r"<[^<>]*>")  # only allowed tags are left unescaped by now
TAG_HOLDER = "\ue000"  # a private-use character: neither a word nor a quote
CODE_VARIABLES = {"id", "type", "DOI", "URL", "PMID", "PMCID", "ISBN", "page", "year-suffix"}


def prepare_item(item: dict, entry: Entry, style: Style, locale: str) -> dict:
    """The CSL-JSON for one entry, as citeproc-py must be given it."""
    item = mark_et_al(item, entry, style)
    expand_short_page_ranges(item, style)
    typeset_quotes(item, locale)
    initialise_name_suffixes(item, style)
    drop_lower_case_hyphen_parts(item, style)
    join_cjk_names(item)
    attach_apostrophe_particles(item)
    if "language" in item:  # citeproc-py title-cases only for 'en…'; Zotero writes 'English'
        item["language"] = item["language"].lower()
    return item


SHORT_RANGE = re.compile(r"(?<![\w.])([A-Za-z]*)(\d+)([–-])\1(\d+)(?![\w.])")  # S12-S9


def expand_short_page_ranges(item: dict, style: Style) -> None:
    """citeproc-py reformats a range given short (1001-10, 102-8, S12-S9) as if both pages
    had the same number of digits: minimal gives '1001-', expanded '102-8'. CSL processors
    read the short form as the range it stands for (1001-1010, 102-108, S12-S19) and then
    print it in the style's page-range-format, so it is given to citeproc-py in full. A
    style without a page-range-format prints pages as given, and gets them as given."""
    if "page" not in item or not style_attributes(style, "bibliography").get(
            "page-range-format"):
        return

    def full(match: re.Match) -> str:
        prefix, first, dash, last = match.groups()
        if len(last) >= len(first):
            return match[0]
        return f"{prefix}{first}{dash}{prefix}{first[: len(first) - len(last)]}{last}"

    item["page"] = SHORT_RANGE.sub(full, item["page"])


def typeset_quotes(item: dict, locale: str) -> None:
    """citeproc-py prints straight quotes in data as they are; CSL processors print "quoted"
    or 'quoted' words in the locale's quotation marks and an apostrophe as ’ (Children’s).

    As citeproc-js does, the kind of straight quote met first takes the locale's outer
    marks (‘…’ in en-GB) and the other kind its inner ones (“…”), so "A 'b' c" is
    ‘A “b” c’. Inside a title the style itself quotes, `alternate_nested_quotes` then
    flips them. Not done for addresses and numbers (URL, DOI, page …), nor for quotation
    marks a style sets in its own <locale>.
    """
    terms = locale_terms(locale)
    outer = (terms.get("open-quote", "“"), terms.get("close-quote", "”"))
    inner = (terms.get("open-inner-quote", "‘"), terms.get("close-inner-quote", "’"))

    def typeset(value: str) -> str:
        # markup (a small-caps style="…") is not text: set it aside while quotes are set
        tags = MARKUP.findall(value) if TAG_HOLDER not in value else []
        value = MARKUP.sub(TAG_HOLDER, value) if tags else value
        first = FIRST_QUOTE.search(value)
        kinds = ('"', "'") if first is None or first[0] == '"' else ("'", '"')
        for kind, (open_, close) in zip(kinds, (outer, inner), strict=True):
            value = STRAIGHT_QUOTED[kind].sub(rf"{open_}\1{close}", value)
        value = value.replace("'", "’")
        return re.sub(TAG_HOLDER, lambda _: tags.pop(0), value) if tags else value

    for variable, value in item.items():
        if isinstance(value, str) and variable not in CODE_VARIABLES:
            item[variable] = typeset(value)
        elif variable in ("author", "editor"):
            item[variable] = [{part: typeset(text) for part, text in name.items()}
                              for name in value]


def requote(text: str, levels: tuple[tuple[str, str], tuple[str, str]]) -> str:
    """Curly quotation marks re-set by how deep they are: pairs at the top in levels[0],
    pairs inside those in levels[1], and so on, alternating. A ’ before a letter, or with
    no ‘ open before it, is an apostrophe (It’s, students’ views) and stays."""
    out, stack = [], []  # stack: the index in `out` of each open mark, and its closer
    pieces = CURLY_QUOTE.split(text)
    for at, piece in enumerate(pieces):
        apostrophe = piece == "’" and pieces[at + 1][:1].isalpha() if at + 1 < len(pieces) \
            else False  # It’s, Children’s: never a closing quote
        if piece in ("‘", "“"):
            stack.append((len(out), "’" if piece == "‘" else "”"))
            out.append(piece)
        elif piece in ("’", "”") and stack and stack[-1][1] == piece and not apostrophe:
            at, _ = stack.pop()
            open_, close = levels[len(stack) % 2]
            out[at] = open_
            out.append(close)
        else:
            out.append(piece)
    return "".join(out)


def names_in(item: dict, variables: tuple[str, ...] = ("author", "editor", "translator")
             ) -> Iterator[dict]:
    """Each name (a CSL-JSON name object, changed in place) of these name variables."""
    for variable in variables:
        yield from item.get(variable, ())


def initialise_name_suffixes(item: dict, style: Style) -> None:
    """citeproc-py prints a name's suffix as given ('King M Jr.'); CSL processors shorten it
    as they shorten given names, so a style that initialises without periods
    (initialize-with="", as Vancouver does) prints 'King M Jr'."""
    initialise = style_attributes(style, "bibliography").get("initialize-with")
    if initialise is None or "." in initialise:
        return
    for name in names_in(item, ("author", "editor")):
        if "suffix" in name:
            name["suffix"] = name["suffix"].replace(".", "")


LOWER_CASE_HYPHEN_PART = re.compile(r"-\s*\b(?=[a-z])\w+")


def drop_lower_case_hyphen_parts(item: dict, style: Style) -> None:
    """citeproc-py garbles the initials of a given name whose part after a hyphen is lower
    case ('Min-jun' comes out 'M.-. jun .'). CSL processors initialise only the capitalised
    parts ('Jean-Pierre' is 'J.-P.', 'Min-jun' is 'M.'), so in a style that initialises
    with periods the lower-case part is left out before citeproc-py sees it."""
    if not initialises_with_periods(style):
        return
    for name in names_in(item, ("author", "editor")):
        if "given" in name:
            name["given"] = LOWER_CASE_HYPHEN_PART.sub("", name["given"])


def join_cjk_names(item: dict) -> None:
    """citeproc-py treats 王 / 小明 like a Western name: '王, . 小明 .' in APA. CSL processors
    write a name in Chinese, Japanese or Korean script whole, family name first with no
    space and no initials (王小明), so it is given to citeproc-py as a family name alone
    (a person still, not an organisation)."""
    for name in names_in(item):
        if CJK.search(name.get("family", "") + name.get("given", "")):
            name["family"] = name.get("family", "") + name.pop("given", "")


def attach_apostrophe_particles(item: dict) -> None:
    """citeproc-py puts a space after every particle: "d'" + 'Alembert' is "d’ Alembert".
    CSL processors write a particle that ends in an apostrophe or a hyphen against the
    name (d’Alembert, al-Rashid), so it is given to citeproc-py as part of the family
    name."""
    for name in names_in(item):
        for part in ("non-dropping-particle", "dropping-particle"):
            if name.get(part, "").endswith(("'", "’", "-")) and name.get("family"):
                name["family"] = name.pop(part) + name["family"]


def add_year_suffixes(items: dict[str, dict], style: Style,
                      order: Callable[[dict[str, dict]], list[str]]) -> None:
    """citeproc-py does not disambiguate: two entries by the same authors in the same year
    both print '(2021)', where a style with disambiguate-add-year-suffix prints (2021a) and
    (2021b).

    Items whose authors (else editors) are the same names and whose year is the same get
    a `year-suffix` variable, which citeproc-py prints where the style asks: a, b, … in the
    order `order` gives, which is the style's bibliography order. This needs the whole list,
    so it runs on all the items of one `CitationFormatter.format` call. Works without a
    date are grouped too, as CSL processors group them: n.d.-a, n.d.-b.
    """
    if style_attributes(style, "citation").get("disambiguate-add-year-suffix") != "true":
        return
    groups: dict[tuple[str, object], list[str]] = defaultdict(list)
    for key in sorted(items):
        names = items[key].get("author") or items[key].get("editor")
        year = cited_year(items[key])
        if names:  # works with no date share 'n.d.': n.d.-a, n.d.-b, as CSL processors do
            groups[json.dumps(names, sort_keys=True), year].append(key)
    for keys in (keys for keys in groups.values() if len(keys) > 1):
        for number, key in enumerate(order({key: items[key] for key in keys})):
            items[key]["year-suffix"] = year_suffix(number)


def set_against(entry: Entry, entries: Iterable[Entry]) -> list[Entry]:
    """The entries whose citations `add_year_suffixes` and `add_names_to_tell_apart` could
    set against ``entry``'s, ``entry`` among them: both group works by their names (author,
    else editor) and cited year (`cited_year`), so formatting these alone gives ``entry``
    the citation that formatting them all would. Works are taken by the first name's family
    and the year: a wider set than either step's groups, never a narrower."""
    def group(work: Entry) -> tuple:
        names = work.authors or work.editors
        year = work.date[0] if work.date else work.date_literal or None
        return ((names[0].literal or names[0].family).casefold(), year) if names else ()
    mine = group(entry)
    return [work for work in entries if work.key == entry.key or (mine and group(work) == mine)]


NAMES_SHOWN = "showcase-names-shown"  # not a CSL variable: read by cite.py, not citeproc-py


def add_names_to_tell_apart(items: dict[str, dict], style: Style) -> None:
    """citeproc-py does not disambiguate citations by adding names; citeproc-js does
    (disambiguate-add-names), and carries the names it added into the bibliography: two
    works cited '(Lee et al., 2020)' are listed 'Lee, S., Adeyemi, T., et al. (2020)' and
    'Lee, S., Brown, K., et al. (2020)'.

    For works whose citations would be the same (first names under the citation's et-al
    rule, and year), each gets the fewest names that set its citation apart from the
    others (the names, or a list that ends where another goes on to 'et al.'); where that
    is more than the bibliography shows, `NAMES_SHOWN` asks for it.
    Works whose names never differ are left to the year suffix."""
    citation = style_attributes(style, "citation")
    cite_min = int(citation.get("et-al-min", 0))
    cite_first = int(citation.get("et-al-use-first", 0))
    if citation.get("disambiguate-add-names") != "true" or not cite_min or not cite_first:
        return
    names = {key: [cited_name(name) for name in item.get("author") or item.get("editor")
                   or ()] for key, item in items.items()}
    # 'and others' (mark_et_al's padding): the names after the known ones are unknown, and
    # a citation of them always ends 'et al.'
    padded = {key: PADDING_NAME in found for key, found in names.items()}
    names = {key: [name for name in found if name != PADDING_NAME]
             for key, found in names.items()}
    groups: dict[tuple, list[str]] = defaultdict(list)
    for key, item in items.items():
        if len(names[key]) >= cite_min or padded[key]:  # else the citation names everyone
            groups[tuple(names[key][:cite_first]), cited_year(item)].append(key)

    def cited(key: str, n: int) -> tuple:  # what a citation with n names shows
        return tuple(names[key][:n]), len(names[key]) > n or padded[key]  # and 'et al.'?

    for keys in (keys for keys in groups.values() if len(keys) > 1):
        for key in keys:
            others = [other for other in keys if other != key]
            shown = next((n for n in range(cite_first + 1, len(names[key]) + 1)
                          if all(cited(other, n) != cited(key, n) for other in others)), None)
            total = len(names[key]) + (style.et_al_min if padded[key] else 0)
            if shown and shown > style.et_al_use_first and total >= style.et_al_min:
                items[key][NAMES_SHOWN] = shown


def cited_name(name: dict) -> str:
    """A name as a citation shows it: family name with its particle, or an organisation."""
    return name.get("literal") or " ".join(
        part for part in (name.get("non-dropping-particle"), name.get("family")) if part)


def cited_year(item: dict) -> object:
    issued = item.get("issued", {})
    return issued.get("date-parts", [[None]])[0][0] or issued.get("literal")


def year_suffix(number: int) -> str:
    """a … z, then aa, ab, … as CSL processors count."""
    prefix = year_suffix(number // 26 - 1) if number >= 26 else ""
    return prefix + ascii_lowercase[number % 26]
