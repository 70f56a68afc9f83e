"""Writing YAML content files in one canonical style, keeping their comments.

The style: fields in the order the schema declares them (unknown fields last, as found),
mappings in block style indented by two spaces, lists of mappings one item per line
(`- name: …`), text unquoted where YAML reads it back unchanged and otherwise in double
quotes, `|` and `>` text blocks kept line for line. A list of plain values keeps the form
its author chose, `[a, b]` or one item per line; an empty list is `[]`.

Comments on their own line stay above the field or list item they precede; a comment at
the end of a line stays at the end of that line; at most one blank line is kept before a
field or item that had one. A comment in any other place (inside `[a, b]` written over
several lines, say) cannot be kept, so such a file is left as it is, as is any file whose
values would read differently after formatting.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import yaml

from ..load import schema
from ..load.files import ValueProblem, to_data
from .bibtex_writer import UnformattableError

INDENT = "  "
FLOW_LIMIT = 100  # a one-line list longer than this is written one item per line
FLOW_SPECIALS = re.compile(r"[,\[\]{}]")
COMMENT_START = re.compile(r"(?:^|(?<=\s))#")

# File kind -> the shape its fields follow; nested shapes come from Record and ListOf.
PERSON_LIST = schema.ListOf(item=schema.Record(shape=schema.PERSON))
SHAPES: dict[str, Mapping[str, schema.Option]] = {
    "site": schema.SITE,
    "people": {"people": PERSON_LIST},
    "programme": schema.PROGRAMME,
    "output": schema.OUTPUT,
}


@dataclass
class Notes:
    """The comments and blank lines of a file, by the line of what they belong to."""

    before: dict[int, list[str]] = field(default_factory=dict)  # "" marks a blank line
    after: dict[tuple[int, int], str] = field(default_factory=dict)  # node end -> comment
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


def shape_of(option: schema.Option | None) -> Mapping[str, schema.Option]:
    if isinstance(option, schema.Record):
        return option.shape or {}
    if isinstance(option, schema.ListOf):
        return shape_of(option.item)
    return {}


# ---- reading comments -------------------------------------------------------------------


def walk(node: yaml.Node):
    yield node
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from walk(key)
            yield from walk(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from walk(item)


def position(mark: yaml.Mark) -> tuple[int, int]:
    return (mark.line, mark.column)


def comment_positions(lines: list[str], root: yaml.Node) -> list[tuple[int, int]]:
    """Where each comment starts: a `#` at a line start or after a space, outside text."""
    spans = [(position(n.start_mark), position(n.end_mark)) for n in walk(root)
             if isinstance(n, yaml.ScalarNode)]
    found = []
    for number, line in enumerate(lines):
        for match in COMMENT_START.finditer(line):
            spot = (number, match.start())
            if not any(start <= spot < end for start, end in spans):
                found.append(spot)
                break
    return found


def anchor_lines(root: yaml.Node) -> list[int]:
    """Lines a comment above them belongs to: those of mapping keys and list items."""
    found = set()
    for node in walk(root):
        if isinstance(node, yaml.MappingNode):
            found |= {key.start_mark.line for key, _ in node.value}
        elif isinstance(node, yaml.SequenceNode) and node.flow_style is False:
            found |= {item.start_mark.line for item in node.value}
    return sorted(found)


def line_ends(root: yaml.Node) -> list[tuple[int, int]]:
    """End positions a comment at the end of a line can follow: keys, text, `[…]` lists."""
    ends = []
    for node in walk(root):
        flow = isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.flow_style
        if isinstance(node, yaml.ScalarNode) or flow:
            ends.append(position(node.end_mark))
    return ends


def read_notes(text: str, root: yaml.Node) -> Notes:
    lines = text.splitlines()
    notes = Notes()
    ends = line_ends(root)
    lines_of_anchors = anchor_lines(root)
    for number, column in comment_positions(lines, root):
        comment = lines[number][column:].rstrip()
        if lines[number][:column].strip():
            end = max((e for e in ends if e[0] == number and e[1] <= column), default=None)
            if end is None or end in notes.after:
                raise UnformattableError("a comment here cannot be kept in place", number + 1)
            notes.after[end] = comment
            continue
        following = next((line for line in lines_of_anchors if line > number), None)
        if following is None:
            notes.footer.append(comment)
        elif following == lines_of_anchors[0] and number < first_content_line(lines):
            notes.header.append(comment)
        else:
            notes.before.setdefault(following, []).append(comment)
    mark_blank_lines(lines, lines_of_anchors, notes)
    return notes


def first_content_line(lines: list[str]) -> int:
    return next((i for i, line in enumerate(lines)
                 if line.strip() and not line.lstrip().startswith("#")), len(lines))


def mark_blank_lines(lines: list[str], anchor_lines: list[int], notes: Notes) -> None:
    """A blank line right above a field or item (or above its comments) is kept, once."""
    for line in anchor_lines[1:]:
        above = line - 1 - len(notes.before.get(line, []))
        if above >= 0 and not lines[above].strip():
            notes.before.setdefault(line, []).insert(0, "")


# ---- writing ----------------------------------------------------------------------------


def plain_or_quoted(text: str, in_flow: bool) -> str:
    """Text unquoted if YAML reads it back unchanged, otherwise in double quotes."""
    if text and text == text.strip() and "\n" not in text and not text.startswith("#") \
            and not (in_flow and FLOW_SPECIALS.search(text)) and reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def reads_back(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}\n") == {"k": text}
    except yaml.YAMLError:
        return False


def scalar_text(node: yaml.ScalarNode, in_flow: bool = False) -> str:
    value = yaml.SafeLoader("").construct_object(node)
    if value is None:
        return ""
    if isinstance(value, str):
        return plain_or_quoted(value, in_flow)
    return node.value  # numbers and dates as written


class Writer:
    def __init__(self, text: str, notes: Notes):
        self.lines = text.splitlines()
        self.notes = notes
        self.out: list[str] = []

    def comments(self, line: int, indent: str) -> None:
        for comment in self.notes.before.pop(line, []):
            self.out.append(f"{indent}{comment}" if comment else "")

    def tail(self, node: yaml.Node) -> str:
        comment = self.notes.after.get(position(node.end_mark))
        return f"  {comment}" if comment else ""

    def mapping(self, node: yaml.MappingNode, shape: Mapping, indent: str,
                first_prefix: str | None = None) -> None:
        for number, (key, value) in enumerate(ordered(node, shape)):
            starts_item = number == 0 and first_prefix is not None
            prefix = first_prefix if starts_item else indent
            self.comments(key.start_mark.line, first_prefix[:-2] if starts_item else indent)
            self.field(key, value, shape.get(key.value), prefix, indent)

    def field(self, key: yaml.ScalarNode, value: yaml.Node, option, prefix: str,
              indent: str) -> None:
        head = f"{prefix}{key.value}:"
        if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">"):
            self.out.append(f"{head} {self.block_header(value)}{self.tail(key)}")
            self.out += self.block_lines(value, indent + INDENT)
        elif isinstance(value, yaml.ScalarNode):
            text = scalar_text(value)
            self.out.append(f"{head} {text}".rstrip() + self.tail(value))
        elif isinstance(value, yaml.MappingNode):
            self.out.append(head + (self.tail(key) or self.tail(value)))
            self.mapping(value, shape_of(option), indent + INDENT)
        elif not value.value:
            self.out.append(f"{head} []{self.tail(value) or self.tail(key)}")
        elif value.flow_style and all(isinstance(i, yaml.ScalarNode) for i in value.value) \
                and self.fits_on_a_line(head, value):
            self.out.append(f"{head} {flow_list(value)}{self.tail(value)}")
        else:
            self.out.append(head + self.tail(key))
            self.sequence(value, option, indent + INDENT)

    def fits_on_a_line(self, head: str, value: yaml.SequenceNode) -> bool:
        return len(head) + len(flow_list(value)) < FLOW_LIMIT

    def block_header(self, node: yaml.ScalarNode) -> str:
        """`|`, `>-` and the like, without a comment that may follow it."""
        rest = self.lines[node.start_mark.line][node.start_mark.column:]
        return COMMENT_START.split(rest, maxsplit=1)[0].strip()

    def block_lines(self, node: yaml.ScalarNode, indent: str) -> list[str]:
        """A `|` or `>` block's lines as written, re-indented to ``indent``."""
        end = node.end_mark.line + (1 if node.end_mark.column else 0)
        body = self.lines[node.start_mark.line + 1:end]
        if "+" not in self.block_header(node):
            while body and not body[-1].strip():
                body.pop()
        depth = min((len(line) - len(line.lstrip(" ")) for line in body if line.strip()),
                    default=0)
        return [indent + line[depth:].rstrip() if line.strip() else "" for line in body]

    def sequence(self, node: yaml.SequenceNode, option, indent: str) -> None:
        shape = shape_of(option)
        for item in node.value:
            self.comments(item.start_mark.line, indent)
            if isinstance(item, yaml.MappingNode) and item.value:
                first = len(self.out)
                self.mapping(item, shape, indent + INDENT, first_prefix=f"{indent}- ")
                self.out[first] += self.tail(item)  # after `{…}` written on one line
            elif isinstance(item, yaml.ScalarNode):
                self.out.append(f"{indent}- {scalar_text(item)}{self.tail(item)}".rstrip())
            else:
                raise UnformattableError("a list inside a list cannot be formatted",
                                         item.start_mark.line + 1)


def ordered(node: yaml.MappingNode, shape: Mapping) -> list[tuple[yaml.Node, yaml.Node]]:
    """Fields in the order the shape declares; fields it does not know last, as found."""
    known = list(shape)
    rank = {name: index for index, name in enumerate(known)}
    pairs = list(enumerate(node.value))
    pairs.sort(key=lambda pair: (rank.get(pair[1][0].value, len(known)), pair[0]))
    return [pair for _, pair in pairs]


def flow_list(node: yaml.SequenceNode) -> str:
    return "[" + ", ".join(scalar_text(item, in_flow=True) for item in node.value) + "]"


def write_yaml(text: str, kind: str) -> str:
    """The file in the canonical style, or UnformattableError with the line at fault."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise UnformattableError("this is not valid YAML, so the file is left as it is; fix "
                                 "what `showcase check` reports first",
                                 mark.line + 1 if mark else 1) from None
    if root is None:
        return text
    try:
        to_data(root)  # duplicate fields and impossible dates are reported, not formatted
    except ValueProblem as problem:
        raise UnformattableError(f"{problem.message}; the file is left as it is",
                                 problem.line) from None
    if not isinstance(root, yaml.MappingNode):
        raise UnformattableError("the file is not a mapping of fields", 1)
    notes = read_notes(text, root)
    writer = Writer(text, notes)
    writer.out += notes.header
    writer.mapping(root, SHAPES.get(kind, {}), "")
    writer.out += notes.footer
    return "\n".join(writer.out) + "\n"


def format_yaml(text: str, kind: str) -> str:
    """Like write_yaml, checked: same values, every comment kept, formatting twice stable."""
    formatted = write_yaml(text, kind)
    if formatted == text:
        return text
    if yaml.safe_load(formatted) != yaml.safe_load(text) or write_yaml(formatted, kind) != \
            formatted or count_comments(formatted) != count_comments(text):
        raise UnformattableError("this file cannot be formatted without changing it or losing "
                                 "a comment; it is left as it is", 1)
    return formatted


def count_comments(text: str) -> int:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return len(comment_positions(text.splitlines(), root)) if root is not None else 0
