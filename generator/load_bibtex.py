"""bibtexparser 2 -> Entries + Problems, each with its file and 1-based line.

bibtexparser never raises for bad input: blocks it could not read come back as data with
their start line. We turn each of those into a message a member of staff can act on.
"""

from __future__ import annotations

import logging
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from . import bibtex_fields as steps
from .model import Entry, Problem, Source
from .reading import read_text

# bibtexparser logs each failed block itself; we report them ourselves, with lines.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)


def load_bibliography(root: Path) -> tuple[list[Entry], list[Problem]]:
    """Every entry of every `bibliography/*.bib` file, in file then file-order."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path in sorted((root / "bibliography").glob("*.bib")):
        found, trouble = load_bibtex_file(path, path.relative_to(root).as_posix())
        entries += found
        problems += trouble
    return entries, problems


def load_bibtex_file(path: Path, shown_as: str) -> tuple[list[Entry], list[Problem]]:
    text, problems = read_text(path, shown_as)
    if text is None:
        return [], problems
    return load_bibtex_text(text, shown_as)


def load_bibtex_text(text: str, shown_as: str) -> tuple[list[Entry], list[Problem]]:
    library = bibtexparser.parse_string(text)
    entries, problems = [], []
    first_lines = {}
    for block in library.blocks:
        source = Source(shown_as, block.start_line + 1)
        if isinstance(block, bib.Entry):
            first_lines.setdefault(block.key, source.line)
            entry, problem = make_entry(block, source)
            entries += [entry] if entry else []
            problems += [problem] if problem else []
        elif isinstance(block, bib.ParsingFailedBlock):
            problems.append(Problem(source, failed_block_message(block, first_lines)))
    return entries, problems


def failed_block_message(block: bib.ParsingFailedBlock, first_lines: dict[str, int]) -> str:
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = first_lines.get(block.key)
        where = f" (first used on line {first})" if first else ""
        return (f"entry key '{block.key}' is used twice in this file{where}; "
                "give this entry a different key")
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        names = sorted({f.key.lower() for f in entry.fields
                        if sum(g.key.lower() == f.key.lower() for g in entry.fields) > 1})
        return f"entry '{entry.key}': field '{', '.join(names)}' appears twice; keep one"
    head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
    return (f"this entry could not be read ('{head}'): a brace {{ or }} is unbalanced, or a "
            "comma, '=' or closing brace is missing; the entries after it were still read")


def make_entry(block: bib.Entry, source: Source) -> tuple[Entry | None, Problem | None]:
    """One Entry, or the first problem that keeps it from being one."""
    raw = {field.key: str(field.value) for field in block.fields}
    lines = {steps.FIELD_ALIASES.get(f.key.lower(), f.key.lower()): f.start_line + 1
             for f in block.fields}
    try:
        return build_entry(block, raw, source, lines), None
    except steps.FieldError as error:
        line = lines.get(error.field, source.line)
        return None, Problem(Source(source.path, line), f"entry '{block.key}': {error}")


def build_entry(block: bib.Entry, raw: dict[str, str], source: Source,
                lines: dict[str, int]) -> Entry:
    steps.check_swallowed_fields(raw)
    raw = steps.normalise_names(raw)
    authors, et_al = steps.split_names("author", raw.get("author", ""))
    editors, _ = steps.split_names("editor", raw.get("editor", ""))
    date = steps.parse_date(raw)
    fields = steps.decode_fields(raw)
    bibtype = block.entry_type.lower()
    return Entry(
        key=block.key,
        bibtype=bibtype,
        kind=steps.classify(bibtype, fields),
        title=steps.decode_latex(raw.get("title", "")),
        authors=authors,
        et_al=et_al,
        editors=editors,
        year=date[0] if date else None,
        date=date,
        fields=tuple(sorted(fields.items())),
        programmes=steps.split_list(raw.get("programmes", "")),
        known_gaps=steps.split_list(raw.get("known_gaps", "")),
        source=source,
        field_lines=tuple(sorted(lines.items())),
    )
