"""Reading content files: UTF-8 text, and YAML that remembers the line of every value."""

from __future__ import annotations

from pathlib import Path

import yaml

from .model import Problem, Source


class LineDict(dict):
    """A YAML mapping; ``lines`` maps each key to the 1-based line of its value."""

    line: int = 0
    lines: dict


class LineList(list):
    """A YAML sequence; ``lines`` holds the 1-based line of each item."""

    line: int = 0
    lines: list


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """The file's text, or a problem saying it is not UTF-8 and where the first bad byte is."""
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
    text, problems = read_text(path, shown_as)
    if text is None:
        return None, problems
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        return None, [yaml_problem(error, shown_as)]
    if node is None:
        return None, []
    try:
        return to_data(node), []
    except yaml.YAMLError as error:
        return None, [yaml_problem(error, shown_as)]


def yaml_problem(error: yaml.YAMLError, shown_as: str) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    what = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    detail = f"{context}, {what}" if context else what
    return Problem(Source(shown_as, line), f"this is not valid YAML: {detail} "
                   "(check indentation, and quote text that contains ': ' or starts with a symbol)")


def to_data(node: yaml.Node) -> object:
    """Turn a composed YAML node into plain data, keeping line numbers."""
    if isinstance(node, yaml.MappingNode):
        result = LineDict()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = to_data(key_node)
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{key}' appears twice", key_node.start_mark)
            result[key] = to_data(value_node)
            result.lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LineList(to_data(item) for item in node.value)
        result.line = node.start_mark.line + 1
        result.lines = [item.start_mark.line + 1 for item in node.value]
        return result
    constructor = yaml.SafeLoader("")
    return constructor.construct_object(node, deep=True)
