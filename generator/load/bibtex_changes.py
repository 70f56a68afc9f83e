"""The entries an edit of one `.bib` file touched, read from the edited blocks alone.

Under a preview server a save changes one entry of a file that may hold thousands, and
splitting and reading the whole file again takes seconds. The text that differs, from the
first changed character to the last, is widened to whole blocks (from the `@` that starts
the line of its block to the `@` that starts the next), and those blocks alone are read, at
their own lines. The blocks as they were are read the same way and must come out as the
whole file made them; where they do not, or where the blocks could read differently alone
(macros, crossref, a block that is not a clean entry, keys added, gone or moved), there is
no answer, and the caller reads the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..model import Entry
from .bibtex import load_bibtex_text

CHUNK = 1 << 16
BLOCK_START = re.compile(r"(?m)^@")
# What makes a block read differently alone than in its file: macros, and entries that
# draw on others (biblatex's crossref, xdata and sets).
NOT_ALONE = ("@string", "crossref", "xdata", "entryset")


def common_prefix(a: str, b: str) -> int:
    """The length of the text ``a`` and ``b`` begin with (chunk by chunk, then halving)."""
    end, start = min(len(a), len(b)), 0
    while start < end and a[start:start + CHUNK] == b[start:start + CHUNK]:
        start += CHUNK
    low, high = start, min(start + CHUNK, end)
    while low < high:
        middle = (low + high + 1) // 2
        if a[start:middle] == b[start:middle]:
            low = middle
        else:
            high = middle - 1
    return min(low, end)


def changed_blocks(old: str, new: str) -> tuple[int, int, int] | None:
    """(start, end in ``old``, end in ``new``) of the whole blocks an edit changed; None
    when nothing changed."""
    if old == new:
        return None
    start = common_prefix(old, new)
    tail = common_prefix(old[start:][::-1], new[start:][::-1])
    old_end, new_end = len(old) - tail, len(new) - tail
    # Back to the start of the block the change begins in, on to the start of the next.
    head = old.rfind("\n@", 0, start + 1)
    start = head + 1 if head >= 0 else 0
    after_old, after_new = BLOCK_START.search(old, old_end), BLOCK_START.search(new, new_end)
    old_end = after_old.start() if after_old else len(old)
    new_end = after_new.start() if after_new else len(new)
    if len(old) - old_end != len(new) - new_end:  # the next block is not the same in both
        return None
    return start, old_end, new_end


def edited_entries(old: str, new: str, shown_as: str,
                   before: Mapping[str, Entry]) -> tuple[Entry, ...] | None:
    """The entries of the blocks an edit of a file changed, as the whole edited file would
    read them; ``before``: the file's entries by key, as read the time before. None where
    only reading the whole file can tell (see the module's notes); () for no change."""
    span = changed_blocks(old, new)
    if span is None:
        return ()
    start, old_end, new_end = span
    if not reads_alone(old) or not reads_alone(new[start:new_end]):
        return None
    lines = old.count("\n", 0, start)
    was, was_trouble = load_bibtex_text("\n" * lines + old[start:old_end], shown_as)
    now, trouble = load_bibtex_text("\n" * lines + new[start:new_end], shown_as)
    if was_trouble or trouble or not same_keys(was, now) or \
            any(before.get(entry.key) != entry for entry in was):
        return None
    return tuple(now)


@lru_cache(maxsize=16)  # a file's text is compared with save after save
def reads_alone(text: str) -> bool:
    """Whether no block of ``text`` could read differently in a text of its own."""
    lowered = re.sub(r"@\s+", "@", text.lower()) if "@ " in text or "@\t" in text \
        else text.lower()
    return not any(word in lowered for word in NOT_ALONE)


def same_keys(was: Sequence[Entry], now: Sequence[Entry]) -> bool:
    return bool(was) and [(e.key, e.kind) for e in was] == [(e.key, e.kind) for e in now]
