"""What would run in a browser: script-bearing elements, event handlers, script URLs.

Used by the tests that push hostile text through the site; it reads HTML with Python's own
parser, which resolves character references in attributes as browsers do.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base",
               "form", "meta", "link", "style", "svg", "math"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
                  "srcset", "background", "content"}
SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*):", re.I)


def unsafe_scheme(value: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", value).strip("".join(map(chr, range(0x21))))
    scheme = SCHEME.match(cleaned)
    return scheme is not None and scheme.group(1).lower() not in {"http", "https", "mailto"}


class ActiveParts(HTMLParser):
    """Every active element, event handler and script URL in a document, as strings."""

    def __init__(self, allowed_tags: set[str] = frozenset()):
        super().__init__(convert_charrefs=True)
        self.allowed_tags, self.found = allowed_tags, []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS - self.allowed_tags:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and value and unsafe_scheme(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def active_parts(markup: str, allowed_tags: set[str] = frozenset()) -> list[str]:
    parser = ActiveParts(allowed_tags)
    parser.feed(markup)
    parser.close()
    return parser.found
