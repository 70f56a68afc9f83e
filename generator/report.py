"""How problems are shown: one line each, in file and line order, then a summary; for
`showcase check` also as GitHub workflow annotations or JSON.

GitHub reads `::error file=…,line=…,title=…::message` lines printed by a workflow step and
shows each one on the pull request's diff, at that file and line. Its escaping rules (from
the `@actions/core` toolkit): in the message `%`, CR and LF are percent-encoded; in property
values `:` and `,` are too.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable

from .model import Problem, Severity


def summarise(problems: Iterable[Problem]) -> str:
    """'2 errors, 1 warning, 5 notes' (parts with nothing are left out)."""
    counts = Counter(problem.severity for problem in problems)
    parts = [f"{counts[s]} {s.value}{'s' if counts[s] != 1 else ''}"
             for s in Severity if counts[s]]
    return ", ".join(parts) or "no problems"


def fails(problems: Iterable[Problem], strict: bool) -> bool:
    """Errors always fail; warnings fail under --strict; notes never do."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(problem.severity in failing for problem in problems)


def format_problems(problems: Iterable[Problem]) -> list[str]:
    return [str(problem) for problem in sorted(problems)]

GITHUB_COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
PROPERTY_ESCAPES = (*DATA_ESCAPES, (":", "%3A"), (",", "%2C"))


def escape(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, code in escapes:  # `%` first, so the codes added later stay as they are
        text = text.replace(char, code)
    return text


def github_annotation(problem: Problem, path: str) -> str:
    properties = [f"file={escape(path, PROPERTY_ESCAPES)}"]
    properties += [f"line={problem.source.line}"] if problem.source.line else []
    properties += ["title=showcase"]
    return (f"::{GITHUB_COMMANDS[problem.severity]} {','.join(properties)}::"
            f"{escape(problem.message, DATA_ESCAPES)}")


def github_lines(problems: Iterable[Problem], prefix: str = "") -> list[str]:
    """One annotation per problem; ``prefix`` makes paths relative to the repository."""
    return [github_annotation(p, f"{prefix}{p.source.path}") for p in sorted(problems)]


def as_json(problems: Iterable[Problem]) -> str:
    """A JSON list of {file, line, severity, message}; line is null for a whole file."""
    records = [{"file": p.source.path, "line": p.source.line or None,
                "severity": p.severity.value, "message": p.message} for p in sorted(problems)]
    return json.dumps(records, ensure_ascii=False, indent=2)


def text_lines(problems: Iterable[Problem]) -> list[str]:
    return format_problems(problems)
