"""Work done once per entry, split among processes, one per core, in a cold build.

Decoding an entry's LaTeX, formatting its citation and making its downloads are each done
once per entry and kept between builds, so a cold build of thousands of entries does them
thousands of times, in one Python process, on one core. Workers are forked from the build:
they inherit what they work on (nothing is sent but a share's number) and only their
results come back. Forking is safe only in a process with no other thread (a build, not a
server), and worth it only for many items; elsewhere the work is done here, in order, and
gives the same results.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from typing import TypeVar

Item, Made = TypeVar("Item"), TypeVar("Made")

MAX_WORKERS = 4  # each holds its own copy of what it works with (a style, the templates)
JOB: list[tuple[Callable, Sequence]] = []  # what the forked workers inherit


def can_fork() -> bool:
    return "fork" in get_all_start_methods() and threading.active_count() == 1


def workers() -> int:
    return min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
               else os.cpu_count() or 1, MAX_WORKERS)


def in_processes(make: Callable[[Item], Made], items: Sequence[Item],
                 minimum: int) -> list[Made]:
    """``[make(item) for item in items]``, in worker processes where there are at least
    ``minimum`` items, two cores or more, and no other thread."""
    count = workers()
    if len(items) < minimum or count < 2 or not can_fork() or JOB:
        return [make(item) for item in items]
    JOB.append((make, items))
    try:
        with ProcessPoolExecutor(count, mp_context=get_context("fork")) as pool:
            shares = list(pool.map(make_share, [(n, count) for n in range(count)]))
    except Exception:  # noqa: BLE001 - a worker was killed (out of memory), or raised:
        # do it all here, where an error is raised as it is, with its own traceback
        return [make(item) for item in items]
    finally:
        JOB.clear()
    made: list = [None] * len(items)
    for n, share in enumerate(shares):
        made[n::count] = share
    return made


def make_share(job: tuple[int, int]) -> list:
    """Run in a worker: every ``step``-th item from the ``first``."""
    first, step = job
    make, items = JOB[0]
    return [make(item) for item in items[first::step]]
