"""Checks of files the content points at on disk."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import Problem, Site, Source


def output_images(site: Site, pages_dir: Path | None) -> Iterable[Problem]:
    """An output's image must be a file in the pages folder, which is published as it is."""
    if pages_dir is None:
        return
    for output in site.outputs:
        if output.image and not is_file_within(pages_dir, output.image.src):
            line = dict(output.field_lines).get("image", output.source.line)
            yield Problem(Source(output.source.path, line),
                          f"output '{output.id}': image '{output.image.src}' was not found in "
                          f"the pages folder ({pages_dir.name}/); put the file there, e.g. in "
                          "images/, and give its path from there")


def is_file_within(folder: Path, relative: str) -> bool:
    path = (folder / relative).resolve()
    return path.is_relative_to(folder.resolve()) and path.is_file()
