"""bibtexparser 2 -> Entries + Problems, each with its file and 1-based line.

bibtexparser never raises for bad input: blocks it could not read come back as data with
their start line. We turn each of those into a message a member of staff can act on.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import bibtexparser
from bibtexparser import model as bib

from .. import parallel
from ..model import Entry, Later, Problem, Severity, Source
from ..text.latex import decode_latex
from . import bibtex_dates as dates
from . import bibtex_fields as steps
from . import bibtex_guards as guards
from . import crossref
from .files import read_text, unread_files
from .foreign import ADD_COMMAND, foreign_format
from .parse_cache import Blocks, cached_load
from .quiet import quiet_parsers

# BibTeX and LaTeX stop reading a key at a space, comma or brace, or choke on these marks.
ENTRY_KEY = re.compile(r"[^\s,{}=\"#%\\]+")
# A line of text outside any entry that reads `name = {` : fields cut off from their entry.
# An entry's first line without its `@`: `article{smith2020,`.
ENTRY_WITHOUT_AT = re.compile(r"(?m)^[ \t]*([A-Za-z]+[ \t]*\{[ \t]*[^\s,{}=\"#%\\]+[ \t]*,)")
ENTRY_HEAD = re.compile(r"@\w+\s*\{\s*([^\s,{}]+)\s*,")
FIELD_START = re.compile(r"^[\s,]*([A-Za-z][\w-]*)\s*=")
OPEN_BRACE, CLOSE_BRACE = re.compile(r"(?<!\\)\{"), re.compile(r"(?<!\\)\}")
# A second `name = ` in an @string's value: `@string{jan = "a", feb = "b"}`.
SECOND_ASSIGNMENT = re.compile(r"[\"}]\s*,\s*[A-Za-z][\w-]*\s*=")
# From this many entries not read before on, a file's entries are made in processes.
PARALLEL_FROM = 300
STRAY_FIELD = re.compile(r"(?m)^[\s,]*([A-Za-z][\w-]*\s*=\s*[{\"\w][^\n]{0,40})")


# Under a preview (``remember``): each file's text as the last build read it, by its path
# as shown, which the next save is compared with (load/bibtex_changes.py).
LAST_TEXTS: dict[str, str] = {}


def load_bibliography(root: Path, cache_dir: Path | None = None, remember: bool = False,
                      later: Later | None = None
                      ) -> tuple[list[Entry], list[Problem]]:
    """Every entry of every `bibliography/*.bib` file, in file then file-order; with a
    cache folder, a file read before with the same text and code is not read again (and
    with ``remember``, not even decoded again by this process; with ``later``, what was
    read afresh is kept by the functions put there: see parse_cache)."""
    if remember:
        LAST_TEXTS.clear()
    entries: list[Entry] = []
    problems: list[Problem] = unread_files(root, "bibliography", (".bib",))
    for path in sorted((root / "bibliography").glob("*.bib")):
        found, trouble = load_bibtex_file(path, path.relative_to(root).as_posix(), cache_dir,
                                          remember, later)
        entries += found
        problems += trouble
    return entries, problems


def load_bibtex_file(path: Path, shown_as: str, cache_dir: Path | None = None,
                     remember: bool = False, later: Later | None = None
                     ) -> tuple[list[Entry], list[Problem]]:
    text, problems = read_text(path, shown_as)
    if text is None:
        return [], problems
    if remember:
        LAST_TEXTS[shown_as] = text
    found, trouble = cached_load(cache_dir, text, shown_as, load_bibtex_text, remember, later)
    return list(found), list(trouble)


def load_bibtex_text(text: str, shown_as: str,
                     blocks: Blocks | None = None) -> tuple[list[Entry], list[Problem]]:
    # bibtexparser logs each failed block itself; we report them ourselves, with lines.
    with quiet_parsers():  # once per file: the fields are decoded within, in read_library
        return read_library(bibtexparser.parse_string(text), shown_as, blocks)


def read_library(library: bibtexparser.Library, shown_as: str,
                 read_before: Blocks | None = None) -> tuple[list[Entry], list[Problem]]:
    strings = {key.lower(): string.value for key, string in library.strings_dict.items()}
    entries, problems, first_lines = [], [], {}
    blocks = {block.key: block for block in library.entries}
    unlisted = crossref.unlisted(blocks)
    # Where no entry draws on another (crossref, xdata), no block changes as the file is
    # read: each entry's key is known at once, and the entries can be made in processes.
    # Else each key is taken in order, after the block has inherited.
    alone = not any(field.key.lower() in ("crossref", "xdata")
                    for block in library.entries for field in block.fields)
    keys = {number: block_key(block, Source(shown_as, block.start_line + 1), strings)
            for number, block in enumerate(library.blocks)
            if alone and read_before is not None and isinstance(block, bib.Entry)}
    made = made_in_processes(library, shown_as, strings, keys, read_before) if alone else {}
    for number, (before, block) in enumerate(zip([None, *library.blocks], library.blocks,
                                                 strict=False)):
        source = Source(shown_as, block.start_line + 1)
        if isinstance(block, bib.Entry):
            first_lines.setdefault(block.key, source.line)
            problems += crossref.inherit(block, blocks, shown_as)
            make = partial(made.pop, number) if number in made else \
                partial(make_entry, block, source, strings)
            entry, trouble = make() if read_before is None else read_before.get(
                keys[number] if number in keys else block_key(block, source, strings), make)
            entries += [entry] if entry and block.key not in unlisted else []
            problems += trouble
        else:
            after_entry = isinstance(before, (bib.Entry, bib.ParsingFailedBlock))
            problem = block_problem(block, source, first_lines, after_entry)
            problems += [problem] if problem else []
        if isinstance(block, bib.String):
            first_lines.setdefault(f"@string {block.key}", source.line)
    return entries, problems


def made_in_processes(library: bibtexparser.Library, shown_as: str, strings: dict[str, str],
                      keys: dict[int, str], read_before: Blocks | None
                      ) -> dict[int, tuple[Entry | None, list]]:
    """By block number, the entries not read before (``keys``: each entry block's key, by
    number), made in worker processes where there are many (decoding LaTeX is most of a
    cold read: parallel.py). Only for a file whose entries draw on no other."""
    todo = []
    for number, block in enumerate(library.blocks):
        if not isinstance(block, bib.Entry):
            continue
        source = Source(shown_as, block.start_line + 1)
        if read_before is None or not read_before.known(keys[number]):
            todo.append((number, block, source))
    if len(todo) < PARALLEL_FROM:
        return {}
    made = parallel.in_processes(lambda job: make_entry(job[1], job[2], strings), todo,
                                 PARALLEL_FROM)
    return {number: found for (number, _, _), found in zip(todo, made, strict=True)}


def block_key(block: bib.Entry, source: Source, strings: dict[str, str]) -> str:
    """What make_entry reads of a block (its crossref parents' fields already in it)."""
    fields = [(f.key, f.value, f.start_line) for f in block.fields]
    return repr((source, block.entry_type, block.key, fields, sorted(strings.items())))


def block_problem(block: bib.Block, source: Source, first_lines: dict[str, int],
                  after_entry: bool = True) -> Problem | None:
    """A problem for a block that is not an entry, if it is one bibtexparser could not read."""
    if isinstance(block, bib.DuplicateBlockKeyBlock) and \
            isinstance(block.ignore_error_block, bib.String):
        first = first_lines.get(f"@string {block.key}")
        return Problem(source, f"the @string macro '{block.key}' is defined again here (first "
                       f"on line {first}); the first definition is used: remove one of the two",
                       Severity.WARNING)
    if isinstance(block, bib.DuplicateFieldKeyBlock):
        entry = block.ignore_error_block
        return repeated_field_problem(entry.key, entry.fields, source) or \
            Problem(source, failed_block_message(block, first_lines))
    if isinstance(block, bib.ParsingFailedBlock):
        return unclosed_field_problem(block, source) or \
            Problem(source, failed_block_message(block, first_lines))
    foreign = foreign_format(block.raw) if isinstance(block, bib.ImplicitComment) else None
    if foreign:
        name, line, shown = foreign
        return Problem(Source(source.path, source.line + line), f"this is {name}, not BibTeX "
                       f"('{shown}'), so it is not read: move it into a file of its own and add "
                       f"its records with `{ADD_COMMAND}`")
    headless = ENTRY_WITHOUT_AT.search(block.raw) if isinstance(block, bib.ImplicitComment) \
        else None
    if headless:
        line = source.line + block.raw.count("\n", 0, headless.start(1))
        return Problem(Source(source.path, line), f"this line starts an entry without its '@' "
                       f"('{headless.group(1)}'): write '@{headless.group(1)}' so that the "
                       "entry is read")
    if isinstance(block, bib.String) and SECOND_ASSIGNMENT.search(str(block.value)):
        return Problem(source, f"this @string defines more than one abbreviation ('{block.key}' "
                       "and more), but BibTeX reads one abbreviation per @string: write each "
                       f"in its own, like @string{{{block.key} = {{…}}}}")
    stray = STRAY_FIELD.search(block.comment) \
        if isinstance(block, bib.ImplicitComment) and after_entry else None
    if stray:
        return Problem(source, f"text outside any entry looks like a field "
                       f"('{stray.group(1).rstrip(', ')}'): the entry above was closed early, "
                       "probably by an extra closing brace }, so the fields after it were not read")
    return None


def failed_block_message(block: bib.ParsingFailedBlock, first_lines: dict[str, int]) -> str:
    if isinstance(block, bib.DuplicateBlockKeyBlock):
        first = first_lines.get(block.key)
        where = f" (first used on line {first})" if first else ""
        return (f"entry key '{block.key}' is used twice in this file{where}; "
                "give this entry a different key")
    head = block.raw.strip().splitlines()[0][:60] if block.raw.strip() else ""
    return (f"this entry could not be read ('{head}'): a brace {{ or }} is unbalanced, or a "
            "comma, '=' or closing brace is missing; the entries after it were still read")


def unclosed_field_problem(block: bib.ParsingFailedBlock, source: Source) -> Problem | None:
    """The field whose value opens a brace that is not closed before the next field starts
    (or before the block ends), at that field's own line."""
    found = unclosed_field(block.raw)
    if not found:
        return None
    offset, name = found
    key = ENTRY_HEAD.match(block.raw.lstrip())
    owner = f"entry '{key.group(1)}': " if key else ""
    return Problem(Source(source.path, source.line + offset), f"{owner}field '{name}' has a "
                   "{ that is never closed by a }, so this entry could not be read; the "
                   "entries after it were still read")


def unclosed_field(raw: str) -> tuple[int, str] | None:
    """(0-based line in ``raw``, field name) of the field where the braces stop pairing up."""
    depth, field = 0, None
    for offset, line in enumerate(raw.split("\n")):
        start = FIELD_START.match(line)
        if start and depth == 1:
            field = (offset, start.group(1).lower())
        elif start and depth > 1 and field:
            return field
        depth += len(OPEN_BRACE.findall(line)) - len(CLOSE_BRACE.findall(line))
    return field if depth > 0 else None


def repeated_field_problem(key: str, fields: list[bib.Field], source: Source) -> Problem | None:
    """`year` twice, or `year` and `Year` (field names are not case-sensitive)."""
    first: dict[str, int] = {}
    for field in fields:
        name, line = field.key.lower(), field.start_line + 1
        if name in first:
            return Problem(Source(source.path, line), f"entry '{key}': field '{name}' appears "
                           f"twice (first on line {first[name]}); keep one")
        first[name] = line
    return None


def make_entry(block: bib.Entry, source: Source,
               strings: dict[str, str]) -> tuple[Entry | None, list[Problem]]:
    """One Entry and its warnings, or the first problem that keeps it from being one."""
    if not ENTRY_KEY.fullmatch(block.key):
        found = f"'{block.key}'" if block.key else "nothing"
        return None, [Problem(source, f"the entry key (the word after '@{block.entry_type}{{') "
                              "must be one word without spaces, like 'smith2020title'; "
                              f"found {found}")]
    problem = repeated_field_problem(block.key, block.fields, source) or \
        guards.field_too_long(block.key, block.fields, source.path) or \
        guards.braces_too_deep(block.key, block.fields, source.path)
    if problem:
        return None, [problem]
    warnings = guards.remove_control_characters(block.key, block.fields, source.path) + \
        guards.private_field_warnings(block.key, block.fields, source.path)
    entry, problem = read_entry(block, source, strings)
    return entry, [*warnings, *([problem] if problem else [])]


def read_entry(block: bib.Entry, source: Source,
               strings: dict[str, str]) -> tuple[Entry | None, Problem | None]:
    lines = {steps.canonical(f.key): f.start_line + 1 for f in block.fields}
    try:
        steps.check_swallowed_fields({field.key: str(field.value) for field in block.fields})
        raw = {field.key: field_text(field, strings) for field in block.fields}
        return build_entry(block, raw, source, lines), None
    except steps.FieldError as error:
        line = lines.get(steps.canonical(error.field), source.line)
        return None, Problem(Source(source.path, line), f"entry '{block.key}': {error}")


def field_text(field: bib.Field, strings: dict[str, str]) -> str:
    """The field's text; an unbraced value may still hold abbreviations or `#` to resolve."""
    if field.enclosing == "no-enclosing":
        return steps.expand_macros(field.key, str(field.value), strings)
    return str(field.value)


def build_entry(block: bib.Entry, raw: dict[str, str], source: Source,
                lines: dict[str, int]) -> Entry:
    steps.check_balanced_braces(raw)
    raw = steps.normalise_names(raw)
    authors, et_al = steps.split_names("author", raw.get("author", ""))
    editors, _ = steps.split_names("editor", raw.get("editor", ""))
    translators, _ = steps.split_names("translator", raw.get("translator", ""))
    date, date_end = dates.parse_dates(raw)
    fields = steps.decode_fields(raw)
    bibtype = block.entry_type.lower()
    kind = steps.classify(bibtype, fields)
    fields = steps.drop_reference_type_names(fields, kind)
    return Entry(
        key=block.key,
        bibtype=bibtype,
        kind=kind,
        title=decode_latex(raw.get("title") or steps.journal_level_title(bibtype, raw)),
        authors=authors,
        et_al=et_al,
        editors=editors,
        translators=translators,
        year=date[0] if date else None,
        date=date,
        date_end=date_end,
        fields=tuple(sorted(fields.items())),
        programmes=steps.split_list(raw.get("programmes", "")),
        known_gaps=steps.split_list(raw.get("known_gaps", "")),
        source=source,
        field_lines=tuple(sorted(lines.items())),
    )
