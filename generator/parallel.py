"""Work done once per entry, split among processes, one per core, in a cold build.

Decoding an entry's LaTeX, formatting its citation and making its downloads are each done
once per entry and kept between builds, so a cold build of thousands of entries does them
thousands of times, in one Python process, on one core. Workers are forked from the build:
they inherit what they work on (nothing is sent but a share's number) and only their
results come back. Forking is safe only in a process with no other thread (a build, not a
server), and worth it only for many items; elsewhere the work is done here, in order, and
gives the same results. `Background` runs one piece of work in a forked process while
this one goes on (a build's downloads, written while MkDocs writes its pages).
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


class Background:
    """``make()``, run in a forked process from the moment this is made where a process can
    be forked (else run by ``result``, here): ``result`` waits for it and gives what it gave,
    or raises what it raised; ``stop`` ends it, unfinished."""

    def __init__(self, make: Callable[[], Made]):
        self.make, self.process, self.receiving = make, None, None
        if workers() < 2 or not can_fork():
            return
        context = get_context("fork")
        self.receiving, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=send_result, args=(make, sending), daemon=True,
                                       name="showcase-background")
        self.process.start()
        sending.close()

    def result(self) -> Made:
        if self.process is None:
            return self.make()
        try:
            done, made = self.receiving.recv()
        except EOFError:  # the process was killed (out of memory): the work is done here
            self.stop()
            return self.make()
        self.stop(finished=True)
        if not done:
            raise made
        return made

    def stop(self, finished: bool = False) -> None:
        if self.process is not None:
            if not finished:
                self.process.kill()
            self.process.join()
            self.receiving.close()
            self.process = None


def send_result(make: Callable[[], Made], sending) -> None:
    """Run in the forked process: what ``make`` gave, or the exception it raised."""
    try:
        result = (True, make())
    except Exception as error:  # noqa: BLE001 - raised again where the result is asked for
        result = (False, error)
    sending.send(result)
    sending.close()
