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
from functools import cache
from pathlib import Path

from ..model import Entry, Name, Problem, Severity, Source

Loaded = tuple[list[Entry], list[Problem]]
RECORDS = {cls.__name__: cls for cls in (Entry, Name, Problem, Source)}
PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_digest() -> str:
    sources = sorted([*PACKAGE.glob("load/*.py"), *PACKAGE.glob("text/*.py"),
                      PACKAGE / "model.py"])
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()


def cached_load(cache_dir: Path | None, text: str, shown_as: str,
                load: Callable[[str, str], Loaded]) -> Loaded:
    """``load(text, shown_as)``, or what it gave for the same text and code before."""
    if cache_dir is None:
        return load(text, shown_as)
    key = hashlib.sha256(f"{code_digest()}|{shown_as}|{text}".encode()).hexdigest()
    file = cache_dir / "bibtex" / f"{hashlib.sha256(shown_as.encode()).hexdigest()[:20]}.json"
    kept = read_kept(file, key)
    if kept is not None:
        return kept
    loaded = load(text, shown_as)
    write_kept(file, key, loaded)
    return loaded


def read_kept(file: Path, key: str) -> Loaded | None:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        if data["key"] == key:
            return list(map(decode, data["entries"])), list(map(decode, data["problems"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass  # missing, damaged or from other code: read the file again
    return None


def write_kept(file: Path, key: str, loaded: Loaded) -> None:
    entries, problems = loaded
    file.parent.mkdir(parents=True, exist_ok=True)
    data = {"key": key, "entries": list(map(encode, entries)),
            "problems": list(map(encode, problems))}
    file.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


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
    if isinstance(value, dict):
        kind = value.pop("~")
        if kind == "Severity":
            return Severity(value["value"])
        return RECORDS[kind](**{name: decode(item) for name, item in value.items()})
    return value
