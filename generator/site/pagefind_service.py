"""Pagefind's indexer, run as its service: pages in, in the order given; index files out.

Pagefind numbers pages in the order it reads them. Its folder walk (the CLI, and the Python
API's `add_directory`) reads them in the file system's order, which differs from machine to
machine, so the pages are sent one by one, in our order. The Python API can send them so, but
its reader sleeps 0.1 s before each answer it reads: 2 minutes for 1,200 pages. The service
handles requests one at a time in the order they arrive (pagefind/src/service/mod.rs), so
a `Session` writes the requests from one thread, as they are added, while another reads the
answers: as fast as a folder walk. Pages wait in a short queue, so few are held at a time,
and they can be added while they are being made (a build adds each as it is written). The
index comes back in memory (`GetFiles`), for the caller to settle and write.
"""

from __future__ import annotations

import base64
import contextlib
import json
import queue
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from pagefind.service import get_executable

INDEX_ID = 0  # the first index a new service makes; every request below names it
QUEUED = 64  # pages waiting to be sent, at most: whoever adds them waits for the service


class PagefindError(Exception):
    """The service refused a request or stopped; the message says which and why."""


class Session:
    """One index: `add` each page (its path in the site and its HTML), in order, then take
    the index's files from `files`; `stop` ends it unfinished. Each page's text is sent as
    ``prepare`` gives it, without the elements that match ``exclude_selectors``."""

    def __init__(self, exclude_selectors: tuple[str, ...] = (),
                 prepare: Callable[[str], str] = str):
        binary = get_executable()
        if binary is None:
            raise PagefindError("Pagefind's program is not installed: install pagefind[bin]")
        self.prepare, self.names, self.answers = prepare, [], []
        self.failed: list[BaseException] = []
        self.expected: int | None = None  # answers to read: known once the last is asked
        self.waiting: queue.Queue = queue.Queue(QUEUED)
        self.errors = tempfile.TemporaryFile()
        self.service = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=self.errors)
        self.writer = threading.Thread(target=self.send, name="showcase-pagefind-requests",
                                       daemon=True)
        self.reader = threading.Thread(target=self.read, name="showcase-pagefind-answers",
                                       daemon=True)
        self.writer.start()
        self.reader.start()
        config = {"exclude_selectors": list(exclude_selectors)} if exclude_selectors else None
        self.ask("NewIndex", {"type": "NewIndex", "config": config})

    def ask(self, name: str, request: dict | Callable[[], dict]) -> None:
        self.names.append(name)
        self.waiting.put(request)

    def add(self, path: str, html: str | Callable[[], str]) -> None:
        """A page, or what reads it when its turn comes."""
        self.ask(f"AddFile {path}", lambda: {
            "type": "AddFile", "index_id": INDEX_ID, "url": None, "file_path": path,
            "file_contents": self.prepare(html if isinstance(html, str) else html())})

    def files(self) -> dict[str, bytes]:
        """The index's files by their paths, once every page added is indexed."""
        self.expected = len(self.names) + 1
        self.ask("GetFiles", {"type": "GetFiles", "index_id": INDEX_ID})
        self.waiting.put(None)
        try:
            self.reader.join()
            if len(self.answers) < self.expected:
                raise PagefindError(self.failure())
        finally:
            self.stop()
        for name, answer in zip(self.names, self.answers, strict=True):
            if answer.get("type") == "Error":
                raise PagefindError(f"{name}: {answer.get('message')}")
        if self.answers[0]["index_id"] != INDEX_ID:
            raise PagefindError(f"Pagefind made index {self.answers[0]['index_id']}, "
                                f"not {INDEX_ID}")
        return {file["path"].replace("\\", "/"): base64.b64decode(file["content"])  # Windows
                for file in self.answers[-1]["files"]}

    def failure(self) -> str:
        self.service.kill()
        self.service.wait()
        self.errors.seek(0)
        output = self.errors.read().decode(errors="replace")
        causes = [*map(str, self.failed[:1]),
                  f"Pagefind stopped after {len(self.answers)} of {len(self.names)} answers"]
        return f"{'; '.join(causes)} {output}".strip()

    def stop(self) -> None:
        """End the service (at once, if it has not answered everything) and its threads."""
        if self.service.poll() is None and (self.expected is None
                                            or len(self.answers) < self.expected):
            self.service.kill()
        if self.writer.is_alive() and self.expected is None:
            self.waiting.put(None)
        with contextlib.suppress(OSError):
            self.service.stdin.close()
        self.writer.join()
        self.reader.join()
        self.service.wait()
        self.service.stdout.close()
        self.errors.close()

    def send(self) -> None:
        """Write each request as it comes. The input stays open until every answer is read:
        the service stops at its end, whatever it has not answered yet. Once the service has
        stopped, or a page could not be read, what comes is let go (whoever adds never waits
        for nothing)."""
        number = 0
        while (request := self.waiting.get()) is not None:
            if self.failed:
                continue
            number += 1
            try:
                self.service.stdin.write(encode(number, request if isinstance(request, dict)
                                                else request()))
            except Exception as error:  # noqa: BLE001 - the service stopped, or a page
                self.failed.append(error)  # could not be read or made: said by `files`
                with contextlib.suppress(OSError):
                    self.service.stdin.close()  # nothing more will come: the service stops
        with contextlib.suppress(OSError, ValueError):
            self.service.stdin.flush()

    def read(self) -> None:
        """Read answers until all that were asked for are in, or the service stops."""
        for answer in answers_from(self.service.stdout):
            self.answers.append(answer)
            if self.expected is not None and len(self.answers) >= self.expected:
                return


def index_pages(site_dir: Path, pages: list[Path], exclude_selectors: tuple[str, ...] = (),
                prepare: Callable[[str], str] = str) -> dict[str, bytes]:
    """Index `pages` (files in `site_dir`) in this order, leaving out the elements that match
    `exclude_selectors`, each page's text as `prepare` gives it, each read as its turn comes;
    the index's files by their paths."""
    session = Session(exclude_selectors, prepare)
    try:
        for page in pages:
            session.add(page.relative_to(site_dir).as_posix(),
                        partial(page.read_text, encoding="utf-8"))
    except BaseException:
        session.stop()
        raise
    return session.files()


def encode(message_id: int, payload: dict) -> bytes:
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","


def answers_from(stream) -> Iterator[dict]:
    """Each answer as it comes, base64 JSON ending in a comma, until the stream ends."""
    buffer = bytearray()
    while chunk := stream.read1(1 << 16):
        buffer.extend(chunk)
        if b"," in chunk:
            *done, rest = bytes(buffer).split(b",")
            yield from (json.loads(base64.b64decode(answer))["payload"] for answer in done)
            buffer = bytearray(rest)
