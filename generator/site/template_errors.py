"""A template (fragment) that cannot be rendered, as a Problem naming its file and line.

A site may override any fragment in its own theme/fragments/; a mistake there must end
the build like any content mistake — file, line, what is wrong — never with a traceback.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from ..model import Problem, Source


def template_problem(error: TemplateError, root: Path) -> Problem:
    path, line = where(error)
    return Problem(Source(shown(path, root), line),
                   f"the template could not be rendered: {error.message or error}; fix it "
                   "here (a file in your theme/fragments/ replaces the built-in one)")


def where(error: TemplateError) -> tuple[str, int]:
    """The template file and line at fault: Jinja names them for a syntax error, and
    rewrites the traceback of a rendering error so that its frames are template lines."""
    if isinstance(error, TemplateSyntaxError) and error.filename:
        return error.filename, error.lineno or 0
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if f.filename.endswith((".j2", ".html"))]
    return (frames[-1].filename, frames[-1].lineno or 0) if frames else ("theme/fragments", 0)


def shown(path: str, root: Path) -> str:
    """The path as staff see it: from the project folder, or else the file's name."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()
