"""How problems are shown: one line each, in file and line order, then a summary."""

from __future__ import annotations

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
