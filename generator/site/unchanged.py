"""A build whose every input is as the last good build's: that site is left as it is.

Output is deterministic (two builds of the same input are byte-identical), so a build that
reads exactly what the last successful one read would write the same site again: at
thousands of entries, tens of seconds to make tens of thousands of files it already has.
After each good build the engine adapter records

- a digest of its *inputs*: the text of every file it read (configuration, content,
  bibliography, hand-written pages, theme folders), the engine's settings as it resolved
  them, showcase's own code and theme, every installed distribution's version, Python's,
  and the build date (MkDocs' sitemap prints it);
- a digest of the *site folder* as it left it: every file's path, size, time of change and
  inode, so that a file removed, added or edited there since is noticed;
- the notes it reported, to report them again.

The next build with the same inputs and an untouched site folder reports those notes and
leaves the site alone. Anything else, or no record (a first build, a deleted cache folder),
is a whole build. A build with a warning is never recorded, so no warning goes unseen.
Nothing here knows MkDocs.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .kept import files_digest, package_digest

RECORD = "last-build.json"  # in the cache folder


def inputs_digest(paths: Iterable[Path], settings: str) -> str | None:
    """A digest of every file under ``paths`` (files or folders; missing ones count as
    missing) by path and content, of ``settings`` (the engine's, as text), of the code and
    of the versions of everything installed; None where a file cannot be read (the build
    reports it, if it reads it)."""
    digest = hashlib.sha256()
    for part in (settings, package_digest(), sys.version, *installed()):
        digest.update(hashlib.sha256(part.encode()).digest())
    try:
        for top in dict.fromkeys(paths):
            digest.update(f"\0{top}\0{files_digest([top])}".encode())
    except OSError:
        return None
    return digest.hexdigest()


def installed() -> list[str]:
    return sorted(f"{dist.metadata['Name']}=={dist.version}"
                  for dist in importlib.metadata.distributions())


def site_digest(site_dir: Path) -> str | None:
    """A digest of the site folder as it is: each file's path, size, time of change and
    inode (hidden entries at its top, such as `.git`, aside); None where it is missing or
    cannot be read."""
    try:
        return folder_digest(site_dir) if site_dir.is_dir() else None
    except OSError:
        return None


def folder_digest(site_dir: Path) -> str:
    digest = hashlib.sha256()
    folders = [("", str(site_dir))]
    while folders:
        relative, folder = folders.pop()
        with os.scandir(folder) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        for entry in entries:
            if not relative and entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                folders.append((f"{relative}{entry.name}/", entry.path))
                continue
            stat = entry.stat(follow_symlinks=False)
            digest.update(f"{relative}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\0"
                          f"{stat.st_ino}\n".encode())
    return digest.hexdigest()


def remember(cache_dir: Path, inputs: str, site_dir: Path,
             notes: Iterable[tuple[int, str]]) -> None:
    """Record a good build: its inputs, the site folder it left, the notes it reported."""
    record = {"inputs": inputs, "site": site_digest(site_dir), "notes": list(notes)}
    with contextlib.suppress(OSError):  # a record that cannot be written costs a build
        cache_dir.mkdir(parents=True, exist_ok=True)
        (cache_dir / RECORD).write_text(json.dumps(record), encoding="utf-8")


def forget(cache_dir: Path) -> None:
    with contextlib.suppress(OSError):
        (cache_dir / RECORD).unlink(missing_ok=True)


def unchanged(cache_dir: Path, inputs: str, site_dir: Path) -> list[tuple[int, str]] | None:
    """The notes of the last good build, where it read the same ``inputs`` and left
    ``site_dir`` as it is now; else None (a whole build is needed)."""
    try:
        record = json.loads((cache_dir / RECORD).read_text(encoding="utf-8"))
        notes = [(int(level), str(text)) for level, text in record["notes"]]
        same = record["inputs"] == inputs and record["site"] is not None
    except (OSError, ValueError, TypeError, KeyError):
        return None
    return notes if same and record["site"] == site_digest(site_dir) else None
