"""The bounds on what a content file may hold, so that no input can hang or crash a build.

Each is far above what real content needs (the default site's largest file is a few
kilobytes; a bibliography of 10,000 entries is about 20 MB), and each exceeded bound is a
problem naming the file, the line, the limit and what to do, never a hang or a traceback.
"""

from __future__ import annotations

MiB = 1024 * 1024

MAX_FILE_BYTES = 64 * MiB  # any one content file
MAX_YAML_BYTES = 2 * MiB  # a YAML content file
MAX_YAML_DEPTH = 40  # lists and mappings inside each other
MAX_YAML_VALUES = 50_000  # values a YAML file holds, a value reached by an alias each time
MAX_FIELD_CHARS = 1 * MiB  # characters in one BibTeX field (a long abstract holds 5,000)
MAX_BRACE_DEPTH = 50  # braces inside braces in one BibTeX field (real ones need 3 or 4)


def size_text(size: int) -> str:
    return f"{size / MiB:.1f} MB" if size >= MiB else f"{size:,} bytes"
