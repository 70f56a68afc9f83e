"""Reading content files: UTF-8 text, and YAML that remembers the line of every value."""

from __future__ import annotations

from pathlib import Path

import yaml

from ..model import Problem, Severity, Source
from .foreign import ADD_COMMAND, foreign_format
from .limits import MAX_FILE_BYTES, MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_VALUES, size_text

# libyaml's parser where PyYAML has it (about 40 times faster); a file it stops on is read
# again by the Python one, whose messages the problems are worded from.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_HINT = " (check indentation, and quote text that contains ': ' or starts with a symbol)"
# A phrase in PyYAML's description of a problem -> what to tell staff instead.
YAML_ADVICE = (
    ("found character '\\t'", "this line has a tab; indent with spaces, never tabs"),
    ("found '<block mapping start>'", "this line is indented differently from the lines it "
     "belongs with; line it up with them"),
    ("found '<block sequence start>'", "this line is indented differently from the lines it "
     "belongs with; line it up with them"),
)


def unread_files(root: Path, folder: str, suffixes: tuple[str, ...]) -> list[Problem]:
    """A warning for each file or subfolder in ``folder`` that the loaders pass over.

    Only files ending in one of ``suffixes``, directly in the folder, are read: anything
    else would otherwise vanish from the site without a word (`refs.BIB`, `2024/new.bib`,
    `talk.bibtex`). Hidden files and a README are expected there and are left alone.
    """
    problems = []
    directory = root / folder
    if not directory.is_dir():
        return problems
    wanted = " or ".join(f"'{suffix}'" for suffix in suffixes)
    for path in sorted(directory.iterdir()):
        name, foreign = path.name, None
        if name.startswith(".") or name.lower().startswith("readme") or (
                path.is_file() and name.endswith(suffixes)):
            continue
        if path.is_dir():
            found = f"the folder '{name}/' is not read: files in subfolders of {folder}/ are " \
                    f"never read; move the files it holds up into {folder}/"
        elif name.lower().endswith(suffixes):
            found = f"this file is not read, because its name ends in '{path.suffix}': " \
                    f"rename it to end in {wanted}, in small letters"
        elif foreign := foreign_format(first_lines(path)):
            command = ADD_COMMAND.replace("FILE", path.relative_to(root).as_posix())
            found = f"this file is not read: it holds {foreign[0]} records ('{foreign[2]}'), " \
                    f"not BibTeX; add them with `{command}`, then remove this file"
        else:
            found = f"this file is not read: only files whose names end in {wanted} are; " \
                    f"rename it if it holds content, or move it out of {folder}/"
        line = foreign[1] + 1 if foreign else 1
        problems.append(Problem(Source(path.relative_to(root).as_posix(), line), found,
                                Severity.WARNING))
    return problems


def first_lines(path: Path, size: int = 4096) -> str:
    """The start of a file, as text, enough to tell what it holds."""
    with path.open("rb") as handle:
        return handle.read(size).decode("utf-8", errors="replace").replace("\r\n", "\n")


class LineDict(dict):
    """A YAML mapping; ``lines`` maps each key to the 1-based line of its value."""

    line: int = 0
    lines: dict


class LineList(list):
    """A YAML sequence; ``lines`` holds the 1-based line of each item."""

    line: int = 0
    lines: list


class ValueProblem(yaml.YAMLError):
    """A value PyYAML could parse but we cannot use; the message is the whole story."""

    def __init__(self, message: str, mark: yaml.Mark):
        super().__init__(message)
        self.message, self.line = message, mark.line + 1


def read_text(path: Path, shown_as: str,
              limit: int = MAX_FILE_BYTES) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying it is too large, or not UTF-8 and where the first
    bad byte is."""
    size = path.stat().st_size
    if size > limit:
        return None, [Problem(Source(shown_as, 1), f"the file is {size_text(size)}, more than "
                              f"the {size_text(limit)} a content file may be; split it into "
                              "several files")]
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        message = (f"the file is not UTF-8 text (byte 0x{data[error.start]:02x} on this line); "
                   "save it as UTF-8 in your editor and try again")
        return None, [Problem(Source(shown_as, line), message)]


def read_yaml(path: Path, shown_as: str) -> tuple[object | None, list[Problem]]:
    """Parsed YAML made of LineDict/LineList/scalars, or the problems that stopped it."""
    text, problems = read_text(path, shown_as, MAX_YAML_BYTES)
    if text is None:
        return None, problems
    try:
        node = compose(text, FAST_LOADER)
    except (yaml.YAMLError, ValueProblem):
        node = False  # read again below by PyYAML's own parser, for its words and lines
    try:
        node = compose(text, yaml.SafeLoader) if node is False else node
    except ValueProblem as error:
        return None, [Problem(Source(shown_as, error.line), error.message)]
    except yaml.YAMLError as error:
        return None, [yaml_problem(error, shown_as)]
    if node is None:
        return None, []
    try:
        return to_data(node, Budget()), []
    except ValueProblem as error:
        return None, [Problem(Source(shown_as, error.line), error.message)]
    except yaml.YAMLError as error:
        return None, [yaml_problem(error, shown_as)]


def compose(text: str, loader) -> yaml.Node | None:
    """The file's node tree, once it is known to nest no deeper than it may."""
    check_depth(text, loader)
    return yaml.compose(text, Loader=loader)


def yaml_problem(error: yaml.YAMLError, shown_as: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    detail = next((advice for phrase, advice in YAML_ADVICE if phrase in what), None)
    if "quoted scalar" in (context or "") and "end of stream" in what:
        mark, detail = error.context_mark, "a quote opened on this line is never closed"
    detail = detail or (f"{context}, {what}" if context else what) + YAML_HINT
    line = mark.line + 1 if mark is not None else 1
    return Problem(Source(shown_as, line), f"this is not valid YAML: {detail}")


def check_depth(text: str, loader=yaml.SafeLoader) -> None:
    """Lists and mappings nested at most MAX_YAML_DEPTH deep (PyYAML's composer recurses, so
    this is read from the parser's events before composing)."""
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise ValueProblem(f"lists and fields are nested more than {MAX_YAML_DEPTH} "
                                   "deep here; content files need only a few levels: check "
                                   "the indentation", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class Budget:
    """How many more values a file may hold; a value reached through an alias counts each
    time, so that a "billion laughs" of nested aliases stops early."""

    def __init__(self, values: int = MAX_YAML_VALUES):
        self.left = values

    def spend(self, node: yaml.Node) -> None:
        self.left -= 1
        if self.left < 0:
            raise ValueProblem(f"the file holds more than {MAX_YAML_VALUES:,} values (a value "
                               "reached through a YAML alias, *name, counts each time); write "
                               "the values out, or split the file", node.start_mark)


def to_data(node: yaml.Node, budget: Budget | None = None) -> object:
    """Turn a composed YAML node into plain data, keeping line numbers."""
    budget = budget or Budget()
    budget.spend(node)
    if isinstance(node, yaml.MappingNode):
        result = LineDict()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = field_name(key_node)
            if key in result:
                raise ValueProblem(f"the field '{key}' appears twice (first on line "
                                   f"{result.lines[key]}); keep one", key_node.start_mark)
            result[key] = to_data(value_node, budget)
            result.lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(to_data(item, budget) for item in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [item.start_mark.line + 1 for item in node.value]
        return result
    return scalar(node)


def field_name(node: yaml.Node) -> object:
    if not isinstance(node, yaml.ScalarNode):
        raise ValueProblem("a field name must be plain text, like 'title', found a "
                           f"{'list' if isinstance(node, yaml.SequenceNode) else 'mapping'}",
                           node.start_mark)
    return scalar(node)


def scalar(node: yaml.Node) -> object:
    """A plain value; one PyYAML cannot make, like the date 2022-02-30, is a problem."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except ValueError as error:
        what = "a date" if node.tag.endswith(":timestamp") else f"'{node.tag.rsplit(':', 1)[-1]}'"
        raise ValueProblem(f"the value '{node.value}' cannot be read as {what} ({error}); "
                           "put it in quotes if it is text", node.start_mark) from None
