"""Reproducible output: the same input gives the same bytes, Pagefind's index included
(tests/test_site.py builds the default site twice; these tests take the index apart)."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import pytest
from test_site import copy_tiny, mkdocs_build

from generator.site import pagefind_service
from generator.site import search_index as index
from generator.site.pagefind_service import PagefindError


@pytest.fixture(scope="module")
def tiny_site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("reproducible")
    result = mkdocs_build(copy_tiny(folder) / "mkdocs.yml", folder / "site", "--strict")
    assert result.returncode == 0, result.stderr
    return folder / "site"


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_a_copy_built_elsewhere_is_byte_identical_index_included(tiny_site, tmp_path):
    result = mkdocs_build(copy_tiny(tmp_path) / "mkdocs.yml", tmp_path / "site", "--strict")
    assert result.returncode == 0, result.stderr
    first, second = files(tiny_site), files(tmp_path / "site")
    assert any(name.startswith("pagefind/filter/") for name in first)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_pages_go_to_pagefind_sorted_by_path_not_in_the_file_systems_order(tmp_path):
    for name in ("b/index.html", "a/z.html", "index.html", "a/index.html", "a/z.css"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<html></html>")
    assert [p.relative_to(tmp_path).as_posix() for p in index.html_pages(tmp_path)] == \
        ["a/index.html", "a/z.html", "b/index.html", "index.html"]


def scramble(files: dict[str, bytes]) -> dict[str, bytes]:
    """The index as Pagefind 1.5.2 may write it: filters and their values in another order."""
    files, entry = dict(files), json.loads(files["pagefind-entry.json"])
    meta_hash = entry["languages"]["en"]["hash"]
    meta = index.take_index_file(files, f"pagefind.{meta_hash}.pf_meta")
    scrambled = []
    for name, old in meta[3][::-1]:
        value = index.take_index_file(files, f"filter/{old}.pf_filter")
        value[1] = value[1][::-1]
        scrambled.append([name, index.put_index_file(files, "filter/{}.pf_filter", old, value)])
    meta[3] = scrambled
    entry["languages"]["en"]["hash"] = index.put_index_file(
        files, "pagefind.{}.pf_meta", meta_hash, meta)
    files["pagefind-entry.json"] = json.dumps(entry).encode()
    return files


def test_settling_the_index_undoes_pagefinds_hash_map_order(tiny_site):
    settled = files(tiny_site / "pagefind")
    scrambled = scramble(settled)
    assert scrambled != settled
    assert index.settle_index(scrambled) == settled


def test_a_pagefind_that_sorts_its_index_itself_is_left_alone(tiny_site):
    settled = files(tiny_site / "pagefind")
    settled["pagefind-entry.json"] = settled["pagefind-entry.json"].replace(b'"1.5.2"', b'"9.9"')
    scrambled = scramble(settled)
    assert index.settle_index(scrambled) == scrambled


def test_cbor_is_read_and_written_back_exactly_as_pagefind_writes_it(tiny_site):
    index_files = [*tiny_site.glob("pagefind/*.pf_meta"),
                   *tiny_site.glob("pagefind/filter/*.pf_filter")]
    assert len(index_files) > 1
    for path in index_files:
        data = gzip.decompress(path.read_bytes())
        value, end = index.decode_cbor(data, len(index.MARKER))
        assert (end, index.MARKER + index.encode_cbor(value)) == (len(data), data)
    values = [0, 23, 24, 255, 256, 65535, 65536, 2**32, "", "é" * 30, [], [[1, "a"]]]
    encoded = index.encode_cbor(values)
    assert index.decode_cbor(encoded, 0) == (values, len(encoded))


def test_a_service_that_stops_early_is_an_error_not_a_hang(tmp_path, monkeypatch):
    answer = base64.b64encode(json.dumps({"message_id": 1, "payload": {}}).encode()) + b","
    program = tmp_path / "pagefind"
    program.write_text(f"#!/bin/sh\nprintf '%s' '{answer.decode()}'\n", encoding="utf-8")
    program.chmod(0o755)
    monkeypatch.setattr(pagefind_service, "get_executable", lambda: program)
    session = pagefind_service.Session()
    session.add("index.html", "<html></html>")
    with pytest.raises(PagefindError, match="Pagefind stopped after 1 of 3 answers"):
        session.files()
