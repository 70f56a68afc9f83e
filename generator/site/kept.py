"""What a build made, kept between builds by a digest of everything it was made from.

A large site's pages and downloads are mostly the same from one build to the next (every
save under `mkdocs serve` is a build). Each is kept as a file named by its key: a digest of
its inputs and of the code that makes it (`package_digest`: every module of generator/ and
the versions of the libraries that shape the output), so that an edit or a new version is
never served stale and deleting the folder is always safe. The file's first line is a
digest of its text, so a damaged file is made again. A build removes what it did not use,
so the folder holds one site's worth. Text only, never pickle: a cache folder that arrives
in a pull request is data, not code that runs.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path

from ..load.parse_cache import library_versions
from ..model import Later

PACKAGE = Path(__file__).resolve().parent.parent


# The libraries whose output a kept page or download holds: a new version makes them again.
LIBRARIES = ("jinja2", "markupsafe", "markdown", "nh3", "rispy", "bibtexparser", "pylatexenc",
             "pyyaml", "citeproc-py")


@cache
def package_digest() -> str:
    """showcase's code and the versions of the libraries that shape what it makes."""
    digest = hashlib.sha256(library_versions(LIBRARIES).encode())
    for source in sorted(PACKAGE.rglob("*.py")):
        digest.update(source.relative_to(PACKAGE).as_posix().encode())
        digest.update(hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()


def files_digest(folders: Iterable[Path]) -> str:
    """A digest of every file under ``folders`` (templates, styles), by path and content; a
    file named among them counts as itself."""
    digest = hashlib.sha256()
    for folder in folders:
        found = [folder] if folder.is_file() else (p for p in folder.rglob("*") if p.is_file())
        for path in sorted(found):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def rendering_key(templates: str, settings: object, directory_urls: bool, site_url: str) -> str:
    """What every page and feed of a build is made with, besides its own data."""
    return "\0".join([templates, repr(settings), repr(directory_urls), site_url])


def key_of(*parts: str) -> str:
    digest = hashlib.sha256(package_digest().encode())
    for part in parts:
        digest.update(hashlib.sha256(part.encode()).digest())
    return digest.hexdigest()


class Kept:
    """A folder of texts by key; ``None`` as the folder keeps nothing. With ``remember``
    (a process that builds again and again: `mkdocs serve`), the texts of the last build
    are also kept in memory, so the next build does not read them back. With ``later``
    (a list of functions the caller runs when it has time), the texts made are written
    by one put there, not as they are made."""

    MEMORY: dict[Path, dict[str, str]] = {}  # folder -> key -> text, of the last build

    def __init__(self, folder: Path | None, remember: bool = False,
                 later: Later | None = None):
        self.folder = folder
        self.used: set[str] = set()
        self.present = set(os.listdir(folder)) if folder and folder.is_dir() else set()
        self.memory = self.MEMORY.setdefault(folder, {}) if folder and remember else None
        self.later, self.unwritten = later, {}

    def has(self, key: str) -> bool:
        """Whether a text is kept under ``key`` (unless it is found damaged)."""
        return key in self.present or (self.memory is not None and key in self.memory)

    def get(self, key: str, make: Callable[[], str]) -> str:
        """The text kept under ``key``, or ``make()``'s, kept for the next build."""
        if self.folder is None:
            return make()
        self.used.add(key)
        if self.memory is not None:
            if key not in self.memory:
                self.memory[key] = self.read_or_make(key, make)
            return self.memory[key]
        return self.read_or_make(key, make)

    def read_or_make(self, key: str, make: Callable[[], str]) -> str:
        if key in self.present:
            try:
                check, _, text = (self.folder / key).read_text(encoding="utf-8").partition("\n")
                if check == text_digest(text):
                    return text
            except (OSError, UnicodeDecodeError):
                pass  # damaged or gone: made again
        text = make()
        if self.later is None:
            self.write(key, text)
        else:
            if not self.unwritten:
                self.later.append(self.write_unwritten)
            self.unwritten[key] = text
        return text

    def write(self, key: str, text: str) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            temporary = self.folder / f".{key}.tmp"
            temporary.write_text(f"{text_digest(text)}\n{text}", encoding="utf-8")
            temporary.replace(self.folder / key)
            self.present.add(key)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def write_unwritten(self) -> None:
        """Write the texts made since this was last called (``later``)."""
        unwritten, self.unwritten = self.unwritten, {}
        for key, text in unwritten.items():
            self.write(key, text)

    def prune(self) -> None:
        """Remove what this build did not use."""
        if self.folder is None:
            return
        if self.memory is not None:
            for key in self.memory.keys() - self.used:
                del self.memory[key]
        for name in self.present - self.used:
            with contextlib.suppress(OSError):
                (self.folder / name).unlink()


def fingerprint(value: object, memo: dict[int, str]) -> str:
    """A digest of a value made of records (dataclasses), containers and plain values (what
    a page shows), each record digested once however many pages hold it (``memo``, by
    identity, for one build's records). It is made from ``repr``, which is the same from run
    to run for what a page holds: records, tuples, lists, dicts in their order, no sets."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        found = memo.get(id(value))
        if found is None:
            found = memo[id(value)] = hashlib.sha256(repr(value).encode()).hexdigest()
        return found
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(fingerprint(item, memo) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{key!r}:{fingerprint(item, memo)}"
                              for key, item in value.items()) + "}"
    return repr(value)
