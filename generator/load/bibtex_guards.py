"""Bounds on one BibTeX entry's fields, checked before any other step reads them.

A field longer than ``MAX_FIELD_CHARS`` or with braces nested deeper than
``MAX_BRACE_DEPTH`` is an error naming the entry, field and line, never a hang or a
traceback (the LaTeX decoder recurses once per brace). Control characters other than tab,
newline and carriage return (a NUL pasted from a PDF, a form feed) are removed with a
warning rather than an error: they are invisible, removing them loses nothing a reader
could see, and one should not stop a whole site.
"""

from __future__ import annotations

import re

from bibtexparser import model as bib

from ..model import Problem, Severity, Source
from .limits import MAX_BRACE_DEPTH, MAX_FIELD_CHARS

# Fields reference managers write for their own use, never for readers (Zotero: file,
# annotation; JabRef: owner, timestamp, groups, readstatus, ranking, priority, printed,
# qualityassured, relevance, comment; Mendeley: file, mendeley-groups, mendeley-tags, annote;
# EndNote: annote; BibDesk: bdsk-file-N, date-added, date-modified) -> what they hold.
LOCAL_PATH, NOTES, BOOKKEEPING = "a local file path", \
    "notes (where reference managers keep private notes)", "a reference manager's bookkeeping"
PRIVATE_FIELDS = {
    "file": LOCAL_PATH, "pdf": LOCAL_PATH, "local-url": LOCAL_PATH,
    "annote": NOTES, "annotation": NOTES, "comment": NOTES,
    **dict.fromkeys(("owner", "timestamp", "groups", "readstatus", "ranking", "priority",
                     "printed", "qualityassured", "relevance", "mendeley-groups",
                     "mendeley-tags", "date-added", "date-modified"), BOOKKEEPING),
}
PRIVATE_PREFIXES = {"bdsk-file-": LOCAL_PATH, "comment-": NOTES}  # JabRef: comment-<user>
PRIVATE_ADVICE = "`showcase format` removes it"
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BRACE = re.compile(r"(?<!\\)[{}]")


def field_too_long(key: str, fields: list[bib.Field], path: str) -> Problem | None:
    for field in fields:
        size = len(str(field.value))
        if size > MAX_FIELD_CHARS:
            return Problem(Source(path, field.start_line + 1), f"entry '{key}': field "
                           f"'{field.key}' is {size:,} characters long, more than the "
                           f"{MAX_FIELD_CHARS:,} a field may hold; shorten it (a long abstract "
                           "is a few thousand characters) or leave it out")
    return None


def braces_too_deep(key: str, fields: list[bib.Field], path: str) -> Problem | None:
    for field in fields:
        if nesting_depth(str(field.value)) > MAX_BRACE_DEPTH:
            return Problem(Source(path, field.start_line + 1), f"entry '{key}': field "
                           f"'{field.key}' has braces {{ }} nested more than {MAX_BRACE_DEPTH} "
                           "deep; real values need only a few levels: remove the extra braces")
    return None


def nesting_depth(value: str) -> int:
    depth = deepest = 0
    for brace in BRACE.findall(value):
        depth += 1 if brace == "{" else -1
        deepest = max(deepest, depth)
    return deepest


def remove_control_characters(key: str, fields: list[bib.Field], path: str) -> list[Problem]:
    """Each field's control characters removed (in place), with a warning per field."""
    problems = []
    for field in fields:
        value = str(field.value)
        found = CONTROL_CHARACTER.findall(value)
        if found:
            field.value = CONTROL_CHARACTER.sub("", value)
            problems.append(Problem(Source(path, field.start_line + 1), f"entry '{key}': "
                                    f"field '{field.key}' holds {len(found)} invisible control "
                                    f"character(s) (the first U+{ord(found[0]):04X}), which were "
                                    "left out; delete them in your editor",
                                    Severity.WARNING))
    return problems


def private_kind(name: str) -> str:
    """What a private field holds (a local file path, notes …), or "" for any other field."""
    name = name.lower()
    prefix = next((kind for start, kind in PRIVATE_PREFIXES.items() if name.startswith(start)),
                  "")
    return PRIVATE_FIELDS.get(name, prefix)


def private_field_warnings(key: str, fields: list[bib.Field], path: str) -> list[Problem]:
    return [Problem(Source(path, field.start_line + 1), f"entry '{key}': field '{field.key}' "
                    f"holds {private_kind(field.key)}, which is not for the site; "
                    f"{PRIVATE_ADVICE}", Severity.WARNING)
            for field in fields if private_kind(field.key)]
