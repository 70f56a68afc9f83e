"""Parsed BibTeX files kept between builds, keyed by their text and the loader's code.

Decoding LaTeX is the largest part of reading a large bibliography, and most builds
(every save under `mkdocs serve`) read files that have not changed. Each file's records
and problems are kept as JSON in the cache folder, one file per bibliography file, with
the key they were made under: a digest of the file's text and path and of the code that
reads it (load/, text/, model.py). A file whose key differs is read again, so an edit or a
code change is never served stale, and deleting the cache folder is always safe. JSON,
not pickle: a cache folder in a pull request is data, never code that runs.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable
from enum import Enum
from functools import cache, partial
from importlib import metadata
from pathlib import Path
from typing import TextIO

from ..model import Entry, Later, Name, Problem, Severity, Source

Loaded = tuple[list[Entry], list[Problem]]
RECORDS = {cls.__name__: cls for cls in (Entry, Name, Problem, Source)}
PACKAGE = Path(__file__).resolve().parent.parent


def library_versions(names: tuple[str, ...]) -> str:
    """'name version' of each installed library, for a key that a new version changes."""
    versions = []
    for name in names:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} none")
    return ", ".join(versions)


@cache
def code_digest() -> str:
    sources = sorted([*PACKAGE.glob("load/*.py"), *PACKAGE.glob("text/*.py"),
                      PACKAGE / "model.py"])
    # The libraries that read a file: a new version reads it again.
    digest = hashlib.sha256(library_versions(("bibtexparser", "pylatexenc", "pyyaml")).encode())
    for source in sources:
        digest.update(source.name.encode() + hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()


# In a process that builds again and again (`mkdocs serve`), what the last build read, so
# that the next does not decode it again: by cache file, its key and what it held, and each
# entry of it (by block key) as made, with its encoded form. Records are frozen: shared.
LAST_FILES: dict[Path, tuple[str, Loaded]] = {}
LAST_BLOCKS: dict[Path, dict[str, tuple[tuple, object]]] = {}


class Blocks:
    """Each entry of a file as read before, by a digest of its block (fields, lines, the
    file's macros, the code): a file edited in one entry reads that entry alone afresh.
    ``memory``: the entries as made by the last build of this process, by the same key."""

    def __init__(self, kept: dict[str, object] | None = None,
                 memory: dict[str, tuple[tuple, object]] | None = None):
        self.kept, self.used = kept or {}, {}
        self.encoded: dict[int, list | Fresh] = {}  # id of an entry made here -> its block
        self.memory, self.made = memory or {}, {}

    def known(self, key: str) -> bool:
        """Whether ``get`` has the entry of this block without making it (unless what was
        kept of it no longer reads)."""
        key = hashlib.sha256(f"{code_digest()}|{key}".encode()).hexdigest()
        return key in self.memory or key in self.kept

    def get(self, key: str, make: Callable[[], tuple]) -> tuple:
        key = hashlib.sha256(f"{code_digest()}|{key}".encode()).hexdigest()
        if key in self.memory:
            found, self.used[key] = self.made[key] = self.memory[key]
            if found[0]:
                self.encoded[id(found[0])] = self.used[key]
            return found
        found = self.read(key, make)
        self.made[key] = (found, self.used[key])
        return found

    def read(self, key: str, make: Callable[[], tuple]) -> tuple:
        if key in self.kept:
            try:
                entry, problems = self.kept[key]
                found = (decode(entry) if entry else None, list(map(decode, problems)))
                self.used[key] = self.kept[key]
                if found[0]:
                    self.encoded[id(found[0])] = self.kept[key]
                return found
            except (KeyError, TypeError, ValueError):
                pass  # from other code: read again
        made = make()
        self.used[key] = Fresh(made)
        if made[0]:
            self.encoded[id(made[0])] = self.used[key]
        return made

    def kept_form(self) -> dict[str, list]:
        """Every block used, as the cache file holds it."""
        return {key: kept_form(value) for key, value in self.used.items()}


class Fresh:
    """A block's entry and problems as this build made them, encoded for the cache file
    only when it is written: a cold build of thousands of entries need not wait for it."""

    __slots__ = ("made", "form")

    def __init__(self, made: tuple):
        self.made, self.form = made, None

    def encoded(self) -> list:
        if self.form is None:
            entry, problems = self.made
            self.form = [encode(entry) if entry else None, list(map(encode, problems))]
        return self.form


def kept_form(value: list | Fresh) -> list:
    """A block as the cache file holds it: [entry, problems], encoded."""
    return value.encoded() if isinstance(value, Fresh) else value


def cached_load(cache_dir: Path | None, text: str, shown_as: str,
                load: Callable[[str, str, Blocks | None], Loaded],
                remember: bool = False, later: Later | None = None
                ) -> Loaded:
    """``load(text, shown_as, blocks)``, or what it gave for the same text and code before;
    for an edited file, ``blocks`` holds the entries it read the time before. With
    ``remember``, what was read stays in memory for this process's next build. What was
    read afresh is kept at once, or with ``later``, by the function put there (run when
    the caller has time: a build, while Pagefind finishes its index)."""
    if cache_dir is None:
        return load(text, shown_as, None)
    key = hashlib.sha256(f"{code_digest()}|{shown_as}|{text}".encode()).hexdigest()
    file = cache_dir / "bibtex" / f"{hashlib.sha256(shown_as.encode()).hexdigest()[:20]}.json"
    last = LAST_FILES.get(file) if remember else None
    if last is not None and last[0] == key:
        return list(last[1][0]), list(last[1][1])
    # What the last build of this process read of the file is all the cache file holds.
    data = {} if last is not None and file in LAST_BLOCKS else read_data(file)
    loaded = kept_result(data, key)
    blocks = None
    if loaded is None:
        blocks = Blocks(data.get("blocks") if isinstance(data.get("blocks"), dict) else None,
                        LAST_BLOCKS.get(file) if remember else None)
        loaded = load(text, shown_as, blocks)
        keep = partial(write_kept, file, key, loaded, blocks)
        if later is None:
            keep()
        else:
            later.append(keep)
    if remember:
        LAST_FILES[file] = (key, loaded)
        if blocks is not None:
            LAST_BLOCKS[file] = blocks.made
    return list(loaded[0]), list(loaded[1])


def read_data(file: Path) -> dict:
    """A cache file's JSON object; {} for a file missing, damaged or of another shape."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}  # missing or damaged: read the file again


def kept_result(data: dict, key: str) -> Loaded | None:
    try:
        if data.get("key") == key:
            return list(map(decode, data["entries"])), list(map(decode, data["problems"]))
    except (KeyError, TypeError, ValueError):
        pass  # damaged or from other code: read the file again
    return None


def write_kept(file: Path, key: str, loaded: Loaded, blocks: Blocks | None = None) -> None:
    entries, problems = loaded
    encoded = blocks.encoded if blocks else {}
    file.parent.mkdir(parents=True, exist_ok=True)
    data = {"key": key, "entries": [kept_form(encoded[id(e)])[0] if id(e) in encoded
                                    else encode(e) for e in entries],
            "problems": list(map(encode, problems)),
            "blocks": blocks.kept_form() if blocks else {}}
    with file.open("w", encoding="utf-8") as out:
        write_json(out, data)


def write_json(out: TextIO, value: object, depth: int = 2) -> None:
    """``value`` as JSON into ``out``, item by item down to ``depth``: the text is never
    held whole (a large bibliography's is tens of megabytes), and no one call is long, so
    threads beside this one (those feeding Pagefind, where this runs while it finishes the
    index) are not kept waiting."""
    if depth and isinstance(value, (dict, list)):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        out.write("{" if isinstance(value, dict) else "[")
        for n, (key, item) in enumerate(items):
            out.write("," if n else "")
            if isinstance(value, dict):
                out.write(f"{json.dumps(key, ensure_ascii=False)}:")
            write_json(out, item, depth - 1)
        out.write("}" if isinstance(value, dict) else "]")
    else:
        out.write(json.dumps(value, ensure_ascii=False))


def encode(value: object) -> object:
    if dataclasses.is_dataclass(value):
        return {"~": type(value).__name__, **{f.name: encode(getattr(value, f.name))
                                             for f in dataclasses.fields(value)}}
    if isinstance(value, Enum):
        return {"~": "Severity", "value": value.value}
    if isinstance(value, (tuple, list)):
        return [encode(item) for item in value]
    return value


def decode(value: object) -> object:
    """The inverse of ``encode``: only the model's own records are made (every sequence in
    them is a tuple)."""
    if isinstance(value, list):
        return tuple(decode(item) for item in value)
    if isinstance(value, dict):  # read, never changed: a kept block is written back as read
        kind = value["~"]
        if kind == "Severity":
            return Severity(value["value"])
        return RECORDS[kind](**{name: decode(item) for name, item in value.items()
                                if name != "~"})
    return value
