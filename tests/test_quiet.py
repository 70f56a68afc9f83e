"""Importing showcase leaves other libraries' logging alone; loading BibTeX keeps the
parsing libraries quiet while it runs them, and only then."""

from __future__ import annotations

import logging
import subprocess
import sys
import textwrap
from pathlib import Path

from generator.load.bibtex import load_bibtex_text
from generator.load.bibtex_fields import decode_latex
from generator.load.quiet import quiet_parsers

ROOT = Path(__file__).resolve().parents[1]
# bibtexparser logs a warning for the first entry, whose title is never closed.
UNCLOSED = "@article{a, title={Never closed\n@article{b, title={Closed}, year={2020}}\n"
# pylatexenc logs, at INFO, the parse error it tolerates in `\href` without its text.
HALF_A_LINK = "@article{c, title={See \\href{x}}, year={2020}}\n"


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=120)


def test_importing_generator_changes_no_library_logging() -> None:
    result = run_python("""
        import logging, pkgutil, importlib
        import bibtexparser, pylatexenc.latexwalker, pylatexenc.latex2text, citeproc
        def levels():
            names = ["", *logging.root.manager.loggerDict]
            return {n: logging.getLogger(n).level for n in names if not n.startswith("generator")}
        before = levels()
        import generator
        for module in pkgutil.walk_packages(generator.__path__, "generator."):
            if not module.name.endswith("__main__"):
                importlib.import_module(module.name)
        after = levels()
        print(sorted((n, l) for n, l in after.items() if before.get(n, l) != l))
        print(logging.getLogger("bibtexparser").level, logging.getLogger("pylatexenc").level)
    """)
    assert result.stdout.splitlines() == ["[]", "0 0"]


def test_loading_bibtex_prints_nothing_the_parsers_log() -> None:
    result = run_python(f"""
        import logging, bibtexparser
        from generator.load.bibtex import load_bibtex_text
        entries, problems = load_bibtex_text({UNCLOSED!r}, "x.bib")
        assert [e.key for e in entries] == ["b"] and len(problems) == 1, (entries, problems)
        print(logging.getLogger("bibtexparser").level, flush=True)
        bibtexparser.parse_string({UNCLOSED!r})  # the same text, called directly, logs
    """)
    assert result.stdout == "0\n"
    assert result.stderr.startswith("Parsing of `@article` block (line 0) aborted")
    assert result.stderr.count("Parsing of") == 1  # once: from the direct call only


def test_the_decoder_is_quiet_while_loading_and_only_then(caplog) -> None:
    caplog.set_level(logging.DEBUG)
    entries, problems = load_bibtex_text(HALF_A_LINK, "x.bib")
    assert problems == [] and entries[0].title == "See x"
    assert [r for r in caplog.records if r.name.startswith(("pylatexenc", "bibtexparser"))
            if r.levelno >= logging.INFO] == []
    # Called outside the loader, on text not decoded before (a short piece's text is kept).
    decode_latex("Look \\href{y}")
    assert any(r.name.startswith("pylatexenc") for r in caplog.records)


def test_quiet_parsers_puts_back_the_levels_it_found() -> None:
    logger = logging.getLogger("pylatexenc")
    logger.setLevel(logging.INFO)
    try:
        with quiet_parsers():
            assert logger.level == logging.ERROR
            assert logging.getLogger("bibtexparser").level == logging.CRITICAL
        assert logger.level == logging.INFO
        assert logging.getLogger("bibtexparser").level == logging.NOTSET
    finally:
        logger.setLevel(logging.NOTSET)
