"""All or nothing: a build writes into a folder beside the site folder, which takes the site
folder's place only when the build has succeeded. No MkDocs here.

A failed build (a content error, a template error, a warning under `--strict`) leaves the
last good site as it was, and removes its own folder. The two folders are siblings, so the
swap is two renames within one parent folder, not a copy. A site folder that cannot be renamed
(a mount point, a symbolic link) has its content replaced instead, which is not atomic. As
MkDocs' own cleaning does, the swap keeps the site folder's hidden entries (such as `.git`).

Removing a large site is slow (tens of thousands of files: seconds), so the site a swap
replaces is not removed then: it stays beside the new one, as `site.showcase-old`, and the
next build removes it in the background while it renders, waiting for it only at its swap.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

STAGING = ".showcase-tmp"  # the build's own folder, beside the site folder
RETIRED = ".showcase-old"  # the site the last swap replaced, removed by the next build
REMOVING: dict[Path, subprocess.Popen | threading.Thread] = {}  # retired folder -> its remover


def staging_dir(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + STAGING)


def retired_dir(site_dir: Path) -> Path:
    return site_dir.with_name(site_dir.name + RETIRED)


def start(site_dir: Path) -> Path:
    """A new, empty folder beside `site_dir` for a build to write into; the site the last
    build replaced is removed meanwhile."""
    staging = staging_dir(site_dir)
    remove(staging)  # left by a build that was stopped before it could clean up
    staging.mkdir(parents=True)
    retired = retired_dir(site_dir)
    if retired.is_dir() and not retired.is_symlink() and retired not in REMOVING:
        REMOVING[retired] = remover(retired)
    return staging


def remover(folder: Path) -> subprocess.Popen | threading.Thread:
    """`rm -r` in a process of its own where there is one (a thread would share Python's
    lock with the build), else a thread."""
    rm = shutil.which("rm")
    if rm:
        try:
            return subprocess.Popen([rm, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            pass
    thread = threading.Thread(target=shutil.rmtree, args=(folder, True), daemon=True,
                              name="showcase-remove-old-site")
    thread.start()
    return thread


def finish(site_dir: Path) -> None:
    """Put the finished build in `site_dir`'s place; the site it replaces stays beside it
    (`retired_dir`) until the next build."""
    staging, retired = staging_dir(site_dir), retired_dir(site_dir)
    settle(retired)
    if site_dir.is_symlink() or (site_dir.exists() and site_dir.is_mount()):
        return replace_content(staging, site_dir)
    if site_dir.exists():
        site_dir.rename(retired)
    try:
        staging.rename(site_dir)
    except OSError:
        if retired.exists():
            retired.rename(site_dir)
        raise
    if retired.exists():
        move_hidden(retired, site_dir)


def settle(retired: Path) -> None:
    """The retired folder gone: its removal waited for, or done now."""
    removing = REMOVING.pop(retired, None)
    if isinstance(removing, subprocess.Popen):
        removing.wait()
    elif removing is not None:
        removing.join()
    remove(retired)


def abandon(site_dir: Path) -> None:
    """Remove a failed build's folder; `site_dir` stays as it was."""
    remove(staging_dir(site_dir))
    settle(retired_dir(site_dir))


def replace_content(staging: Path, site_dir: Path) -> None:
    for entry in site_dir.iterdir():
        if not entry.name.startswith("."):
            remove(entry)
    for entry in sorted(staging.iterdir()):
        if not (site_dir / entry.name).exists():
            shutil.move(entry, site_dir / entry.name)  # a copy when on another file system
    remove(staging)


def move_hidden(source: Path, target: Path) -> None:
    for entry in sorted(source.iterdir()):
        if entry.name.startswith(".") and not (target / entry.name).exists():
            entry.rename(target / entry.name)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
