"""Citations formatted in worker processes are the same as those formatted in one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from generator.cite import formatter
from generator.cite.formatter import CitationFormatter, resolve_style
from generator.load.bibtex import load_bibliography

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("style_name", ["medic-vancouver", "apa"])
def test_parallel_citations_equal_serial_ones(monkeypatch, style_name: str) -> None:
    entries, _ = load_bibliography(ROOT)
    style, _ = resolve_style(style_name, ROOT, None, [ROOT / "theme" / "csl"])
    serial, _ = CitationFormatter(style, "en-GB").format(entries)
    monkeypatch.setattr(formatter, "PARALLEL_FROM", 2)
    monkeypatch.setattr(formatter.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(formatter, "can_fork", lambda: True)  # earlier tests leave threads
    calls = []
    monkeypatch.setattr(formatter, "ProcessPoolExecutor",
                        counting(calls, formatter.ProcessPoolExecutor))
    parallel, _ = CitationFormatter(style, "en-GB").format(entries)
    assert calls == [2]  # the work went to two worker processes
    assert parallel == serial


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
        assert formatter.can_fork() is False
    finally:
        stop.set()
        thread.join()
