"""Pagefind's indexer, run as its service: pages in, in the order given; index files out.

Pagefind numbers pages in the order it reads them. Its folder walk (the CLI, and the Python
API's `add_directory`) reads them in the file system's order, which differs from machine to
machine, so the pages are sent one by one, in our order. The Python API can send them so, but
its reader sleeps 0.1 s before each answer it reads: 2 minutes for 1,200 pages. The service
handles requests one at a time in the order they arrive (pagefind/src/service/mod.rs), so
here the requests are written by one thread, each page read as its turn comes, while the
answers are read by another: as fast as a folder walk, with one page in memory at a time.
The index comes back in memory (`GetFiles`), for the caller to settle and write.
"""

from __future__ import annotations

import base64
import contextlib
import itertools
import json
import subprocess
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from pagefind.service import get_executable

INDEX_ID = 0  # the first index a new service makes; every request below names it


class PagefindError(Exception):
    """The service refused a request or stopped; the message says which and why."""


def index_pages(site_dir: Path, pages: list[Path], exclude_selectors: tuple[str, ...] = (),
                prepare: Callable[[str], str] = str) -> dict[str, bytes]:
    """Index `pages` (files in `site_dir`) in this order, leaving out the elements that match
    `exclude_selectors`, each page's text as `prepare` gives it; the index's files by their
    paths."""
    config = {"exclude_selectors": list(exclude_selectors)} if exclude_selectors else None
    names = ["NewIndex", *(f"AddFile {page.relative_to(site_dir).as_posix()}" for page in pages),
             "GetFiles"]
    requests = itertools.chain([{"type": "NewIndex", "config": config}],
                               (add_file(site_dir, page, prepare) for page in pages),
                               [{"type": "GetFiles", "index_id": INDEX_ID}])
    answers = ask(requests, len(names))
    for name, answer in zip(names, answers, strict=True):
        if answer.get("type") == "Error":
            raise PagefindError(f"{name}: {answer.get('message')}")
    if answers[0]["index_id"] != INDEX_ID:
        raise PagefindError(f"Pagefind made index {answers[0]['index_id']}, not {INDEX_ID}")
    return {file["path"].replace("\\", "/"): base64.b64decode(file["content"])  # Windows
            for file in answers[-1]["files"]}


def add_file(site_dir: Path, page: Path, prepare: Callable[[str], str] = str) -> dict:
    return {"type": "AddFile", "index_id": INDEX_ID, "url": None,
            "file_path": page.relative_to(site_dir).as_posix(),
            "file_contents": prepare(page.read_text(encoding="utf-8"))}


def ask(requests: Iterable[dict], count: int) -> list[dict]:
    """Send the ``count`` requests, made one by one, while reading as many answers; the
    service ends when its input does."""
    binary = get_executable()
    if binary is None:
        raise PagefindError("Pagefind's program is not installed: install pagefind[bin]")
    with tempfile.TemporaryFile() as errors, subprocess.Popen(
            [str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=errors) as service:
        failed: list[BaseException] = []
        writer = threading.Thread(target=send, args=(service, requests, failed),
                                  name="showcase-pagefind-requests", daemon=True)
        writer.start()
        try:
            answers = read_answers(service.stdout, count)
            writer.join()
            return answers
        except (OSError, PagefindError) as error:
            service.kill()
            writer.join()
            errors.seek(0)
            output = errors.read().decode(errors='replace')
            cause = failed[0] if failed else error
            raise PagefindError(f"{cause} {output}".strip()) from error
        finally:
            with contextlib.suppress(OSError):
                service.stdin.close()


def send(service: subprocess.Popen, requests: Iterable[dict],
         failed: list[BaseException]) -> None:
    """Write each request as it is made. The input stays open until every answer is read:
    the service stops at its end, whatever it has not answered yet."""
    try:
        for number, request in enumerate(requests, 1):
            service.stdin.write(encode(number, request))
        service.stdin.flush()
    except (OSError, ValueError) as error:  # the service stopped, or a page could not be read
        failed.append(error)
        with contextlib.suppress(OSError):
            service.stdin.close()  # nothing more will come: the service stops, and says so


def encode(message_id: int, payload: dict) -> bytes:
    request = {"message_id": message_id, "payload": payload}
    return base64.b64encode(json.dumps(request).encode("utf-8")) + b","


def read_answers(stream, count: int) -> list[dict]:
    """`count` answers, each base64 JSON ending in a comma, in the order they were asked."""
    buffer, answers = bytearray(), []
    while len(answers) < count:
        chunk = stream.read1(1 << 16)
        if not chunk:
            raise PagefindError(f"Pagefind stopped after {len(answers)} of {count} answers")
        buffer.extend(chunk)
        if b"," in chunk:
            *done, rest = bytes(buffer).split(b",")
            answers += [json.loads(base64.b64decode(answer))["payload"] for answer in done]
            buffer = bytearray(rest)
    return answers
