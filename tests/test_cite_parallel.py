"""Work split among worker processes (generator/parallel.py) gives what one process gives:
citations, entries read from BibTeX, downloads."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from generator import parallel, pipeline
from generator.cite import formatter
from generator.cite.formatter import CitationFormatter, resolve_style
from generator.load import bibtex
from generator.load.bibtex import load_bibliography
from generator.site import render

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "sites" / "tiny"


@pytest.mark.parametrize("style_name", ["medic-vancouver", "apa"])
def test_parallel_citations_equal_serial_ones(monkeypatch, style_name: str) -> None:
    entries, _ = load_bibliography(ROOT)
    style, _ = resolve_style(style_name, ROOT, None, [ROOT / "theme" / "csl"])
    serial, _ = CitationFormatter(style, "en-GB").format(entries)
    monkeypatch.setattr(formatter, "PARALLEL_FROM", 2)
    calls = two_workers(monkeypatch)
    shared, _ = CitationFormatter(style, "en-GB").format(entries)
    assert calls == [2]  # the work went to two worker processes
    assert shared == serial


def two_workers(monkeypatch) -> list:
    """Two workers, whatever the machine; the pools made, by their number of workers."""
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    monkeypatch.setattr(parallel, "can_fork", lambda: True)  # earlier tests leave threads
    calls = []
    monkeypatch.setattr(parallel, "ProcessPoolExecutor",
                        counting(calls, parallel.ProcessPoolExecutor))
    return calls


def counting(calls: list, pool_class):
    def make(workers, **options):
        calls.append(workers)
        return pool_class(workers, **options)
    return make


def test_no_fork_while_another_thread_runs() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        assert parallel.can_fork() is False
        assert parallel.in_processes(str, list(range(1000)), minimum=1) == \
            [str(n) for n in range(1000)]
    finally:
        stop.set()
        thread.join()


@pytest.mark.parametrize("count", [0, 1, 2, 3, 7])
def test_shares_come_back_in_order(monkeypatch, count: int) -> None:
    calls = two_workers(monkeypatch)
    items = [f"item {n}" for n in range(count)]
    assert parallel.in_processes(str.upper, items, minimum=2) == [i.upper() for i in items]
    assert calls == ([2] if count >= 2 else [])


def test_a_worker_that_dies_leaves_the_work_to_this_process(monkeypatch) -> None:
    two_workers(monkeypatch)
    here = os.getpid()

    def make(n: int) -> int:
        if os.getpid() != here:
            os._exit(1)  # a worker killed, as by the kernel when memory runs out
        return n * 2
    assert parallel.in_processes(make, list(range(10)), minimum=2) == list(range(0, 20, 2))


def test_entries_read_in_processes_are_those_read_in_one(monkeypatch) -> None:
    text = (ROOT / "tests" / "golden" / "citations" / "input.bib").read_text(encoding="utf-8")
    serial = bibtex.load_bibtex_text(text, "input.bib")
    monkeypatch.setattr(bibtex, "PARALLEL_FROM", 2)
    calls = two_workers(monkeypatch)
    assert bibtex.load_bibtex_text(text, "input.bib") == serial
    assert calls == [2]


def test_pages_and_downloads_made_in_processes_are_those_made_in_one(monkeypatch,
                                                                    tmp_path) -> None:
    def made(cache: Path) -> dict[str, str]:
        result = pipeline.build(pipeline.Options(TINY, cache_dir=cache,
                                                 site_url="https://example.org/"))
        assert result.rendered and not result.errors
        return {**result.rendered, **{path: result.downloads.text(path)
                                      for path in result.downloads.paths}}
    serial = made(tmp_path / "one")
    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    calls = two_workers(monkeypatch)
    assert made(tmp_path / "two") == serial
    # The pages; the downloads' pieces are made by a process of their own, whose two
    # workers this process does not see.
    assert calls == [2]


def in_which_process() -> tuple[int, str]:
    return os.getpid(), "made"


def test_background_work_runs_in_another_process_and_gives_its_result(monkeypatch) -> None:
    two_workers(monkeypatch)
    work = parallel.Background(in_which_process)
    who, made = work.result()
    assert (who != os.getpid(), made) == (True, "made")


def test_background_work_that_raises_raises_where_its_result_is_asked_for(monkeypatch) -> None:
    two_workers(monkeypatch)
    work = parallel.Background(lambda: Path("/").joinpath("no", "such").read_text())
    with pytest.raises(FileNotFoundError, match="no/such"):
        work.result()


def test_background_work_whose_process_dies_is_done_here(monkeypatch) -> None:
    two_workers(monkeypatch)
    here = os.getpid()

    def make() -> int:
        if os.getpid() != here:
            os._exit(1)  # killed, as by the kernel when memory runs out
        return 7
    assert parallel.Background(make).result() == 7


def test_background_work_stopped_leaves_nothing_running(monkeypatch, tmp_path) -> None:
    two_workers(monkeypatch)
    started = tmp_path / "started"

    def make() -> None:
        started.write_text("", encoding="utf-8")
        threading.Event().wait(60)
    work = parallel.Background(make)
    process = work.process
    for _ in range(3000):  # at most 30 seconds
        if started.exists():
            break
        threading.Event().wait(0.01)
    work.stop()
    assert process.exitcode is not None and work.process is None


def test_background_work_is_done_here_where_no_process_can_be_forked() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        work = parallel.Background(in_which_process)
        assert work.process is None
        assert work.result() == (os.getpid(), "made")
    finally:
        stop.set()
        thread.join()


def test_downloads_pieces_made_by_a_process_of_their_own_are_those_made_here(monkeypatch,
                                                                            tmp_path) -> None:
    site, _ = pipeline.load_site(TINY)
    here = pipeline.KeptPieces(site, pipeline.Options(TINY)).downloads()  # no cache: here
    expected = {path: here.text(path) for path in here.paths}
    two_workers(monkeypatch)
    pieces = pipeline.KeptPieces(site, pipeline.Options(TINY, cache_dir=tmp_path))
    assert pieces.making.process is not None  # forked, and making them

    def made_again(entry):
        raise AssertionError(f"{entry.key}: made again, not taken from what was kept")
    monkeypatch.setattr(pipeline, "piece_text", made_again)  # here only: it has forked
    downloads = pieces.downloads()
    assert {path: downloads.text(path) for path in downloads.paths} == expected
    assert len(list((tmp_path / "downloads").iterdir())) == len(site.entries)


def test_pages_rendered_by_workers_are_kept_and_serve_the_next_build(monkeypatch,
                                                                     tmp_path) -> None:
    def rendered() -> dict[str, str]:
        result = pipeline.build(pipeline.Options(TINY, cache_dir=tmp_path,
                                                 site_url="https://example.org/"))
        assert result.rendered and not result.errors
        return result.rendered
    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    calls = two_workers(monkeypatch)
    first = rendered()
    assert calls == [2]  # rendered by two workers
    kept = sorted(path.name for path in (tmp_path / "pages").iterdir())
    assert len(kept) >= len([p for p in first if p.endswith(".md")]) and \
        not [name for name in kept if name.endswith(".tmp")]

    def rendered_again(*args, **kwargs):
        raise AssertionError("rendered again, not taken from what was kept")
    monkeypatch.setattr(render, "render_page", rendered_again)
    assert rendered() == first
    assert sorted(path.name for path in (tmp_path / "pages").iterdir()) == kept
