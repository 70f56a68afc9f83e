"""The group's own people marked in formatted citations, after citeproc and after its cache:
a change to content/people.yml shows on the next build without a stale citation."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from ..model import Formatted, Name

MARK = '<strong class="showcase-member">{}</strong>'
TAG = re.compile(r"(<[^>]*>)")


def name_pattern(name: Name) -> re.Pattern | None:
    """An author as styles print one: the family name, with the initials or given names
    beside it ('Dutta N', 'Dutta, N.', 'N. Dutta', 'Nina Dutta')."""
    if name.literal:
        return re.compile(rf"(?<!\w){re.escape(html.escape(name.literal, quote=False))}(?!\w)")
    family = html.escape(" ".join(p for p in (name.particle, name.family) if p), quote=False)
    initial = re.escape(name.given[:1]) if name.given else r"\w"
    given = rf"{initial}[\w\-]*\.?(?:[\s\-]?[A-Z][\w]*\.?)*"
    return re.compile(rf"(?<!\w)(?:{given}\s+)?{re.escape(family)}(?:,?\s+{given})?(?!\w)")


def mark_first(markup: str, pattern: re.Pattern) -> str:
    """Wrap the first match of ``pattern`` in text (never inside a tag) in MARK."""
    parts = TAG.split(markup)
    for index, part in enumerate(parts):
        if index % 2 == 0 and (match := pattern.search(part)):
            parts[index] = (part[: match.start()] + MARK.format(match.group())
                            + part[match.end():])
            return "".join(parts)
    return markup


def mark_members(citation: Formatted | None, members: Iterable[Name]) -> Formatted | None:
    """The citation with each of ``members`` (authors who are the group's people) in MARK."""
    if citation is None:
        return None
    markup = citation.html
    for name in members:
        if (pattern := name_pattern(name)) is not None:
            markup = mark_first(markup, pattern)
    return Formatted(markup, citation.text)
