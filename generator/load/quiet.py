"""The parsing libraries kept quiet while the loaders call them, and only then.

bibtexparser logs each block it could not read, and pylatexenc each parse error it
tolerates (`\\href{a}` without its second argument); the loaders report those themselves,
with file and line. Setting the libraries' log levels at import would change logging for a
whole process that merely imports showcase (a site's own hooks, a test reading
bibtexparser's log), so `quiet_parsers` raises them around our calls and puts them back.
Enter it once per file, not per field: setting a logger's level clears every logger's cache.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

# The loggers quieted, and the least severe level they still show while quiet.
QUIETED = {"bibtexparser": logging.CRITICAL, "pylatexenc": logging.ERROR}


@contextmanager
def quiet_parsers() -> Iterator[None]:
    """Within: bibtexparser and pylatexenc log nothing less than QUIETED says."""
    levels = {name: logging.getLogger(name).level for name in QUIETED}
    for name, level in QUIETED.items():
        logging.getLogger(name).setLevel(max(level, levels[name]))
    try:
        yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
