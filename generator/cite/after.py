"""Corrections to what citeproc-py 0.11.1 gets wrong in its output, each a named step, in
the order of CORRECTIONS; then the last touches to a citation: links for URLs, and plain
text from the HTML. Steps before citeproc-py are in before.py, patches to it in
patches.py.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from functools import partial

from ..text.dates import MONTH_WORD
from ..text.doi import DOI_ADDRESS
from .before import CURLY_QUOTE, PADDING_NAME, requote
from .styles import Style, range_delimiter

# Corrections to what citeproc-py 0.11.1 gets wrong, applied in the order of CORRECTIONS
# (below) to its HTML for one item. Each step takes (html, item, style), where `item` is the
# CSL-JSON that citeproc-py was given, and says in its docstring which failing it corrects.

PADDING = re.compile(rf"(?:[,;] ?)?{re.escape(PADDING_NAME)}")
BARE_AMPERSAND = re.compile(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#[xX][0-9A-Fa-f]+;)")
DOUBLED_DOI_PREFIX = re.compile(rf"(?:{DOI_ADDRESS})+(?={DOI_ADDRESS})")
PAGE_RANGE = re.compile(r"([^\s,&–-]+)\s*[–-]\s*([^\s,&–-]+)")
QUOTES = ((("‘", "’"), ("“", "”")), (("“", "”"), ("‘", "’")))  # (outer, inner) pairs
ROLE_LABEL = re.compile(r"(?:(?<=\()|(?<=, ))(?:eds?|trans)\.?(?=[);])")  # (Ed.), (A. B, Trans.; …)
PERIOD_AFTER_MARK = re.compile(r"([?!])((?:</[a-z]+>|[’”\"'])*)\.")
PERIOD_AFTER_ELLIPSIS = re.compile(r"(\.\.\.(?:</[a-z]+>)+)\.")
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
    """citeproc-py's 'minimal' page ranges assume pages of equal length: 1-10 comes out 1-0,
    S1-S112 comes out S1-12, and ranges that are not numbers are shortened: xii-xv comes
    out xii-v.

    A range whose last page is longer than its first is printed in full, as CSL says (with
    a shared prefix, its number in full: S1-112); so is one with no digits (roman
    numerals), which CSL processors leave alone, and so is one whose two sides start
    differently (the article number e00212-21), which they do not read as a range.
    """
    for given in PAGE_RANGE.finditer(item.get("page", "")):
        first, last = given.groups()
        prefix = re.match(r"\D*", first)[0]
        numbers = first[len(prefix):], last[len(prefix):]
        if prefix != re.match(r"\D*", last)[0] and re.search(r"\d", first + last):
            # e00212-21: an article number, not a range; CSL processors print it as given
            printed = re.compile(rf"(?<![\w.]){re.escape(first)}\s*[-–]\s*{re.escape(last)}(?!\w)")
            text = printed.sub(given[0], text)
            continue
        if prefix and last.startswith(prefix) and all(map(str.isdigit, numbers)):
            if len(numbers[1]) <= len(numbers[0]):
                continue  # S93-S99 is S93-9, as citeproc-py has it
            wanted = numbers[1]
        elif len(last) > len(first) or not re.search(r"\d", first + last):
            wanted = last
        else:
            continue
        cut = re.compile(rf"(?<![\w.]){re.escape(first)}([-–])(\w+)(?!\w)")
        text = cut.sub(partial(expand_range, first, wanted), text)
    return text


def expand_range(first: str, wanted: str, match: re.Match) -> str:
    return f"{first}{match[1]}{wanted}" if wanted.endswith(match[2]) else match[0]


NUMBER_RANGE = re.compile(r"(\d+)\s*[-–]\s*(\d+)")


def dash_number_ranges(text: str, item: dict, style: Style) -> str:
    """citeproc-py prints a range in a number as given (a double issue, 17(15-16)); CSL
    processors join its numbers with the page-range delimiter, as in page ranges:
    17(15–16), or 17(15-16) in a style whose delimiter is a hyphen."""
    for variable in ("volume", "issue", "number"):
        match = NUMBER_RANGE.fullmatch(item.get(variable, "").strip())
        if match:
            given = re.compile(rf"(?<![\w.–-]){re.escape(match[0])}(?![\w–-])")
            text = given.sub(f"{match[1]}{range_delimiter(style)}{match[2]}", text)
    return text


def alternate_nested_quotes(text: str, item: dict, style: Style) -> str:
    """citeproc-py does not turn quotes inside a quoted title into inner quotes.

    In a title the style quotes, the marks are set again by depth, as CSL processors do:
    ‘Deconstructing ‘BAME’: …’ becomes ‘Deconstructing “BAME”: …’, ‘A “b ‘c’ d”’ becomes
    ‘A “b ‘c’ d”’, and “…“x”…” becomes “…‘x’…”.
    """
    title = item.get("title", "")
    for outer, inner in QUOTES:
        quoted = f"{outer[0]}{title}{outer[1]}"
        if CURLY_QUOTE.search(title) and quoted in text:
            text = text.replace(quoted, f"{outer[0]}{requote(title, (inner, outer))}{outer[1]}")
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


def drop_period_after_ellipsis(text: str, item: dict, style: Style) -> str:
    """citeproc-py adds a style's '.' after a title ending in '...' set in italics:
    '<i>Where next...</i>.'; CSL processors let the ellipsis end the sentence."""
    return PERIOD_AFTER_ELLIPSIS.sub(r"\1", text)


def drop_doubled_periods(text: str, item: dict, style: Style) -> str:
    """citeproc-py adds a style's '.' after a field that ends in one: 'Title..'."""
    return DOUBLED_PERIOD.sub(r".\1", text)


def collapse_spaces(text: str, item: dict, style: Style) -> str:
    """citeproc-py keeps both spaces where the affixes of an empty field meet."""
    return SPACES.sub(" ", text).strip()


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
    dash_number_ranges,
    alternate_nested_quotes,
    flip_nested_italics,
    drop_empty_publication_label,
    title_case_role_labels,
    drop_period_after_terminal_mark,
    drop_period_after_ellipsis,
    drop_doubled_periods,
    collapse_spaces,
    drop_citation_number,
)
URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)\]]")
TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# What may differ between a range's two ends: numbers and month names (English locales,
# long or short), with the spaces, commas and periods between them.
DATE_WORDS = re.compile(rf"[ ,]*(?:(?:\d+|{MONTH_WORD})[ ,]*)+")


def join_date_range(first: str, last: str) -> str:
    """One entry for a date range from its renderings at the first and the last date, as
    CSL processors print a range (citeproc-py fails on them): '(2023, July 5)' and
    '(2023, July 7)' make '(2023, July 5–7)'; '30 December' and '2 January' make
    '30 December–2 January'; '(2022, December 30)' and '(2023, January 2)' make
    '(2022–2023, December 30–January 2)', each differing part joined where it stands.

    Parts that differ are compared word by word; two separated only by a space are one
    part. If anything but dates differs, the first date is kept.
    """
    ours, theirs = TOKENS.findall(first), TOKENS.findall(last)
    blocks = difflib.SequenceMatcher(None, ours, theirs, autojunk=False).get_matching_blocks()
    # Keep the matching runs that are more than a space; a space alone joins two parts.
    runs = [b for b in blocks if b.size and "".join(ours[b.a:b.a + b.size]).strip()
            or not b.size]
    out, at_ours, at_theirs = [], 0, 0
    for run in runs:
        one = "".join(ours[at_ours:run.a])
        other = "".join(theirs[at_theirs:run.b])
        if one or other:
            if not (DATE_WORDS.fullmatch(one) and DATE_WORDS.fullmatch(other)):
                return first
            out.append(f"{one}–{other}")
        out.append("".join(ours[run.a:run.a + run.size]))
        at_ours, at_theirs = run.a + run.size, run.b + run.size
    return "".join(out)


def correct(text: str, item: dict, style: Style) -> str:
    for step in CORRECTIONS:
        text = step(text, item, style)
    return text


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻", "0123456789+-")
SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻]+")


def superscript_markup(formatted: str) -> str:
    """In HTML, m² is m<sup>2</sup>, as CSL processors write it (the text keeps m²)."""
    return SUPERSCRIPT_RUN.sub(lambda m: f"<sup>{m[0].translate(SUPERSCRIPTS)}</sup>",
                               formatted)


def link_urls(formatted: str) -> str:
    """Make every URL in a citation (DOIs included) a link."""
    return URL.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', formatted)


def html_to_text(formatted: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", formatted))
