"""All or nothing: a build writes into a folder beside the site folder, which takes the site
folder's place only when the build has succeeded. No MkDocs here.

A failed build (a content error, a template error, a warning under `--strict`) leaves the
last good site as it was, and removes its own folder. The two folders are siblings, so the
swap is two renames within one parent folder, not a copy. A site folder that cannot be renamed
(a mount point, a symbolic link) has its content replaced instead, which is not atomic. As
MkDocs' own cleaning does, the swap keeps the site folder's hidden entries (such as `.git`).

Removing a large site is slow (tens of thousands of files: seconds), so the site a swap
replaces is not removed then: it stays beside the new one, as `site.showcase-old`, and the
next build renames it aside and removes it in the background (`rm -r` in a process of its
own, which may outlive the build by a few seconds) while it renders.
"""

from __future__ import annotations

import glob
import shutil
import subprocess
import threading
import uuid
from pathlib import Path

STAGING = ".showcase-tmp"  # the build's own folder, beside the site folder
RETIRED = ".showcase-old"  # the site the last swap replaced, removed by the next build
REMOVING: dict[Path, subprocess.Popen | threading.Thread] = {}  # folder -> its remover


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
    retire(retired_dir(site_dir))
    return staging


def retire(retired: Path) -> None:
    """Rename the retired site aside, and remove it, and any a stopped build left aside, in
    the background."""
    if retired.is_dir() and not retired.is_symlink():
        retired.rename(retired.with_name(f"{retired.name}-{uuid.uuid4().hex[:12]}"))
    for aside in retired.parent.glob(f"{glob.escape(retired.name)}-*"):
        if aside not in REMOVING and aside.is_dir() and not aside.is_symlink():
            REMOVING[aside] = remover(aside)


def remover(folder: Path) -> subprocess.Popen | threading.Thread:
    """`rm -r` in a process of its own where there is one (a thread would share Python's
    lock with the build, and end with it), else a thread."""
    rm = shutil.which("rm")
    if rm:
        try:
            return subprocess.Popen([rm, "-rf", "--", str(folder)], stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
        except OSError:
            pass
    thread = threading.Thread(target=shutil.rmtree, args=(folder, True), daemon=True,
                              name="showcase-remove-old-site")
    thread.start()
    return thread


def wait_for_removals() -> None:
    """Every removal this process started, finished."""
    while REMOVING:
        removing = REMOVING.pop(next(iter(REMOVING)))
        if isinstance(removing, subprocess.Popen):
            removing.wait()
        else:
            removing.join()


def finish(site_dir: Path) -> None:
    """Put the finished build in `site_dir`'s place; the site it replaces stays beside it
    (`retired_dir`) until the next build."""
    staging, retired = staging_dir(site_dir), retired_dir(site_dir)
    retire(retired)  # normally done by `start`; here if another build retired a site since
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
    if any(isinstance(removing, threading.Thread) for removing in REMOVING.values()):
        wait_for_removals()  # a thread ends with the process: finish its work first


def abandon(site_dir: Path) -> None:
    """Remove a failed build's folder; `site_dir` stays as it was."""
    remove(staging_dir(site_dir))


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
