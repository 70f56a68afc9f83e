"""Writing BibTeX in one canonical style, for `showcase format` and `showcase add`.

The style: entry types and field names in lower case, fields in a canonical order, two
spaces of indentation, `name = {value}` with the `=` signs of an entry aligned, a comma
after every field, one blank line between blocks. Values keep their raw LaTeX: a value is
never decoded and re-encoded, only its outer quotes may become braces. Fields private to a
reference manager (local file paths, notes, bookkeeping) are left out. Comments,
`@string`, `@preamble` and `@comment` blocks are kept as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser import model as bib

from ..load.bibtex import load_bibtex_text
from ..load.bibtex_fields import split_concatenation
from ..load.bibtex_guards import PRIVATE_ADVICE, private_kind

# The order fields are written in; a field not listed comes just before `programmes`.
FIELD_ORDER = (
    "author", "editor", "translator", "title", "subtitle", "journal", "journaltitle",
    "booktitle", "eventtitle", "venue", "organization", "institution", "school", "publisher",
    "howpublished", "address", "location", "edition", "series", "year", "month", "date",
    "volume", "number", "issue", "pages", "eid", "pagetotal", "doi", "pmid", "isbn", "issn",
    "url", "urldate", "type", "entrysubtype", "note", "abstract", "keywords", "programmes",
    "known_gaps",
)
UNLISTED_RANK = FIELD_ORDER.index("programmes") - 0.5

# A run of two or more capitals (an acronym such as UK, GP or COVID) keeps its case.
ACRONYM = re.compile(r"(?<![\\\w])([A-Z]{2,}[A-Z0-9]*)(?!\w)")


class UnformattableError(ValueError):
    """A file with blocks BibTeX cannot read is left alone; ``line`` is the first of them."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Chunk:
    """One block of a .bib file as it will be written, and its place in the original."""

    text: str
    start_line: int  # 0-based, as bibtexparser counts
    end_line: int
    is_comment: bool = False


def protect_acronyms(latex: str) -> str:
    """`UK` -> `{UK}`, so citation styles that change case leave acronyms alone."""
    return ACRONYM.sub(r"{\1}", latex)


def field_rank(name: str, position: int) -> tuple[float, int]:
    rank = FIELD_ORDER.index(name) if name in FIELD_ORDER else UNLISTED_RANK
    return (rank, position)


def write_entry(bibtype: str, key: str, fields: list[tuple[str, str]]) -> str:
    """An entry in the canonical style; ``fields`` are (name, raw value with its braces)."""
    order = sorted(range(len(fields)), key=lambda i: field_rank(fields[i][0].lower(), i))
    width = max((len(name) for name, _ in fields), default=0)
    lines = [f"@{bibtype.lower()}{{{key},"]
    lines += [f"  {fields[i][0].lower():<{width}} = {fields[i][1]}," for i in order]
    return "\n".join([*lines, "}"])


def braced(value: str) -> str:
    """A raw field value with braces where BibTeX allows them without changing its meaning.

    `"text"` becomes `{text}` and a bare number `2020` becomes `{2020}`; an abbreviation
    (`efpc`) or a concatenation (`efpc # { 2020}`) stays as written.
    """
    value = value.strip()
    parts = split_concatenation(value)
    if len(parts) != 1:
        return value
    if value.startswith('"') and value.endswith('"') and len(value) >= 2:
        return "{" + value[1:-1] + "}"
    if value.isdigit():
        return "{" + value + "}"
    return value


def entry_chunk(block: bib.Entry) -> str:
    """The entry in the canonical style, without the fields private to a reference manager
    (local file paths, notes, bookkeeping: ``load.bibtex_guards.PRIVATE_FIELDS``)."""
    fields = [(field.key, braced(str(field.value))) for field in block.fields
              if not private_kind(field.key)]
    return write_entry(block.entry_type, block.key, fields)


def block_chunk(block: bib.Block) -> tuple[str, bool]:
    """(text, is_comment) for one block that is not an entry."""
    if isinstance(block, bib.String):
        return f"@string{{{block.key} = {str(block.value).strip()}}}", False
    if isinstance(block, bib.Preamble):
        return f"@preamble{{{str(block.value).strip()}}}", False
    if isinstance(block, bib.ImplicitComment):
        lines = [line.rstrip() for line in block.raw.strip().splitlines()]
        return "\n".join(lines), True
    return block.raw.strip(), False


def read_chunks(text: str) -> list[Chunk]:
    """The blocks of a .bib file, each written in the canonical style."""
    library = bibtexparser.parse_string(text, parse_stack=[])
    chunks = []
    for block in library.blocks:
        if isinstance(block, bib.ParsingFailedBlock):
            raise UnformattableError("this block cannot be read as BibTeX, so the file is left "
                                     "as it is; fix what `showcase check` reports here first",
                                     block.start_line + 1)
        if isinstance(block, bib.Entry):
            body, is_comment = entry_chunk(block), False
        else:
            body, is_comment = block_chunk(block)
        end = block.start_line + block.raw.strip().count("\n")
        chunks.append(Chunk(body, block.start_line, end, is_comment))
    return chunks


def join_chunks(chunks: list[Chunk]) -> str:
    """One blank line between blocks; a comment right above a block stays right above it."""
    out = []
    for index, chunk in enumerate(chunks):
        out.append(chunk.text)
        if index + 1 < len(chunks):
            attached = chunk.is_comment and chunks[index + 1].start_line == chunk.end_line + 1
            out.append("\n" if attached else "\n\n")
    return "".join(out) + ("\n" if chunks else "")


def format_bibtex(text: str) -> str:
    """The file in the canonical style, checked to hold the same facts and to be stable.

    Raises UnformattableError when a block cannot be read, or when the result would read
    differently (a value that swallowed the next field, say): such a file is left alone.
    """
    formatted = join_chunks(read_chunks(text))
    if not same_facts(text, formatted) or join_chunks(read_chunks(formatted)) != formatted:
        raise UnformattableError("this file cannot be formatted without changing what it "
                                 "says; fix what `showcase check` reports in it first",
                                 first_problem_line(text))
    return formatted


def first_problem_line(text: str) -> int:
    problems = load_bibtex_text(text, "file.bib")[1]
    return min((p.source.line for p in problems), default=1)


def same_facts(before: str, after: str) -> bool:
    """Whether two .bib texts hold the same entries, field for field, and the same problems."""
    return facts(before) == facts(after)


def facts(text: str) -> tuple:
    entries, problems = load_bibtex_text(text, "file.bib")
    kept = [(e.key, e.bibtype, e.kind, e.title, e.authors, e.et_al, e.editors, e.date,
             public(e.fields), e.programmes, e.known_gaps) for e in entries]
    return tuple(kept), tuple(sorted((p.severity, p.message) for p in problems
                                     if not p.message.endswith(PRIVATE_ADVICE)))


def public(fields: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """The fields `showcase format` keeps: all but those private to a reference manager."""
    return tuple((name, value) for name, value in fields if not private_kind(name))
