"""Text meeting HTML: Markdown from content, URLs from content, text for <head>.

The rules for what may reach a page live here and nowhere else:
- Markdown from content is converted with any HTML the author typed shown as text, then
  passed through nh3 (the ammonia sanitizer) with an allow-list of tags, attributes and URL
  schemes; nh3 parses the HTML as a browser does, so character references such as
  ``&#106;avascript:`` are resolved before a scheme is judged.
- A URL from content is judged as a browser reads it (``browser_url``): character references
  resolved, tabs and newlines removed, leading and trailing control characters stripped.
- Titles may keep balanced <i>, <b>, <sub>, <sup> and small capitals (``escape_text``);
  all else in them is escaped, before citeproc-py, which copies text into HTML as it is.
- Text for an attribute in <head> (a meta description) is plain text, escaped with quotes.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

URL_SCHEMES = frozenset({"http", "https", "mailto"})
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What the URL standard removes before parsing: tabs and newlines anywhere, and C0 controls
# and spaces at either end.
URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
URL_EDGE = "".join(chr(c) for c in range(0x21))

TAGS = frozenset({"a", "abbr", "b", "blockquote", "br", "code", "em", "h2", "h3", "h4", "hr",
                  "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "ul"})
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"}}


# The inline markup a title may hold, as CSL-JSON writes it: <i>, <b>, <sub>, <sup> and
# small capitals. Anything else stays text.
SMALL_CAPS = '<span style="font-variant:small-caps;">'
TAG = re.compile(r'&lt;(/?)(i|b|sub|sup)&gt;|&lt;(span) style="font-variant:\s?small-caps;?"&gt;'
                 r"|&lt;(/span)&gt;")


# Zotero's mark for words a style must not re-case (<span class="nocase">mRNA</span>): not
# shown, so the words stand as written.
NOCASE = re.compile(r'&lt;span class="nocase"&gt;((?:(?!&lt;/?span).)*?)&lt;/span&gt;')


def escape_text(value: str) -> str:
    """HTML-escape, then let through the allow-listed inline tags when they are balanced."""
    escaped = NOCASE.sub(r"\1", html.escape(value, quote=False))
    return TAG.sub(tag_markup, escaped) if tags_balanced(escaped) else escaped


def tag_of(match: re.Match) -> tuple[bool, str]:
    """(closing?, name) of an allowed tag."""
    if match[2]:
        return bool(match[1]), match[2]
    return match[4] is not None, "span"


def tag_markup(match: re.Match) -> str:
    closing, name = tag_of(match)
    return SMALL_CAPS if name == "span" and not closing else f"<{'/' if closing else ''}{name}>"


def tags_balanced(escaped: str) -> bool:
    stack: list[str] = []
    for match in TAG.finditer(escaped):
        closing, tag = tag_of(match)
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            return False
    return not stack


def browser_url(value: str) -> str:
    """A URL as a browser reads it from an attribute, before it judges the scheme."""
    return URL_TAB_OR_NEWLINE.sub("", html.unescape(value)).strip(URL_EDGE)


def is_safe_url(value: str) -> bool:
    """A relative URL, or an absolute one with an allowed scheme (never ``javascript:``)."""
    scheme = SCHEME.match(browser_url(value))
    return scheme is None or scheme.group(1).lower() in URL_SCHEMES


def safe_url(value: str) -> str:
    return value if is_safe_url(value) else "#"


def sanitize_html(markup: str) -> str:
    """HTML cut down to the allow-list: other tags and attributes, comments, unsafe URLs and
    control characters removed."""
    return nh3.clean(markup, tags=set(TAGS), attributes=ATTRIBUTES, url_schemes=set(URL_SCHEMES),
                     link_rel=None, strip_comments=True)


# Hand-written pages (content/pages) are Markdown that MkDocs turns into HTML with any raw
# HTML kept: they get ammonia's wider default allow-list, with the attributes headings,
# tables and Material's Markdown extensions use.
PAGE_TAGS = frozenset(nh3.ALLOWED_TAGS)
PAGE_ATTRIBUTES = {**{tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()},
                   "*": {"class", "id", "title", "lang", "dir"},
                   "a": {"href", "title", "hreflang"},
                   "img": {"src", "alt", "title", "width", "height", "loading"},
                   "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}


def sanitize_page(markup: str) -> str:
    """A hand-written page's HTML cut down to ammonia's allow-list: no scripts, event
    handlers or unsafe URLs, whatever the Markdown held."""
    return nh3.clean(markup, tags=set(PAGE_TAGS), attributes=PAGE_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel=None, strip_comments=True)


@lru_cache(maxsize=4096)  # the same descriptions are shown on many pages and feeds
def render_markdown(text: str) -> Markup:
    """Staff-written Markdown to HTML; any HTML they typed is shown as text."""
    converted = markdown.Markdown(output_format="html").convert(text.replace("<", "&lt;"))
    return Markup(sanitize_html(converted))


@lru_cache(maxsize=4096)
def plain_text(text: str) -> str:
    """Markdown as one line of plain text (unescaped): what a meta description holds."""
    rendered = nh3.clean(str(render_markdown(text)), tags=set())
    return " ".join(html.unescape(rendered).split())


def attribute_text(text: str) -> str:
    """Markdown as plain text escaped for an HTML attribute, for templates that print it raw."""
    return html.escape(plain_text(text), quote=True)
