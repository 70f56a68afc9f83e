"""LaTeX in BibTeX values, both ways, as one pair: ``decode_latex`` and ``escape_latex``.

``decode_latex`` reads what people write in .bib files (accents, `--`, `\\url{}` …) as
Unicode; ``escape_latex`` writes Unicode so that ``decode_latex`` reads back exactly that
text: ``decode_latex(escape_latex(text)) == text`` for any text whose whitespace is single
spaces (BibTeX, like TeX, reads any run of whitespace as one space, so the decoder does too).

The escaper escapes exactly what the decoder interprets: backslashes, braces and the LaTeX
specials, the pairs TeX reads as one mark (`--`, ``` `` ```, `''`, `` !` ``, `` ?` ``), and
the `=` of a `name = value` that the loader would take for a field run into another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pylatexenc import latex2text, latexwalker
from pylatexenc.macrospec import MacroSpec

# Macros shown as one of their arguments: a field is plain text, so `\url{x}` is `x` (not
# pylatexenc's `<x>`), `\href{url}{text}` is `text`, and `\mbox{x}` is `x` (not nothing).
# `\textasciicircum` is the circumflex `^` itself, not pylatexenc's modifier letter `ˆ`.
# The sorting tricks `\noopsort{key}` (and its spellings) show nothing: only the key sorts.
SORT_MACROS = ("noopsort", "SortNoop", "sortnoop")
TEXT_MACROS = {"url": "%(1)s", "href": "%(2)s", "mbox": "%(1)s", "textasciicircum": "^",
               **dict.fromkeys(SORT_MACROS, "")}

# Text -> LaTeX, one character at a time; the decoder reads each back as the character.
LATEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$",
    "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
    "=": "{=}",
}
LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in LATEX_ESCAPES))
# The first of two characters TeX reads as one mark: `--` (en dash), ``` `` ``` and `''`
# (quotes), `` !` `` and `` ?` `` (inverted marks); `{}` between them keeps them two.
LIGATURE_START = re.compile(r"-(?=-)|`(?=`)|'(?=')|[!?](?=`)")
# The characters the decoder reads as LaTeX; text without them or a ligature is itself.
LATEX_MARK = re.compile(r"[\\{}$~]")
# Longer text is decoded in pieces of about this many characters, cut at spaces; a piece
# without LaTeX skips pylatexenc, which reads every character (most of a large build's
# loading). Short pieces keep the LaTeX read to the words around each mark, and they come
# again (names, `{\&}`, `--`): each short piece's text is kept (REMEMBERED).
CHUNK_CHARS = 10
SPACE = re.compile(r"\s+")
STATE_MARK = re.compile(r"\\.|[{}$]", re.DOTALL)
REMEMBERED = 1 << 16  # short pieces whose text is kept, at most: a few megabytes
SHORT = 4 * CHUNK_CHARS


@lru_cache(maxsize=1)
def latex_decoder() -> latex2text.LatexNodes2Text:
    context = latex2text.get_default_latex_context_db()
    context.add_context_category("showcase", prepend=True, macros=[
        latex2text.MacroTextSpec(name, simplify_repl=repl) for name, repl in TEXT_MACROS.items()])
    return latex2text.LatexNodes2Text(latex_context=context, math_mode="verbatim",
                                      strict_latex_spaces=True)


@lru_cache(maxsize=1)
def latex_parsing() -> latexwalker.LatexWalker:
    """How macros take arguments; pylatexenc's default lacks `\\href{url}{text}`."""
    context = latexwalker.get_default_latex_context_db()
    context.add_context_category("showcase", prepend=True, macros=[
        MacroSpec("href", "{{"), *(MacroSpec(name, "{") for name in SORT_MACROS)])
    return context


def decode_latex(value: str) -> str:
    """LaTeX to Unicode; a bare '&' or '%' is text here, not LaTeX syntax.

    Work grows with the text's length, never faster: text without LaTeX takes a cheap path,
    and long text is decoded in pieces of about CHUNK_CHARS (pylatexenc's time grows with
    the square of what it is given at once).
    """
    if len(value) <= CHUNK_CHARS or not holds_latex(value):
        return decode_short(value)
    return " ".join(filter(None, map(decode_short, latex_pieces(value))))


@lru_cache(maxsize=REMEMBERED)
def decode_remembered(value: str) -> str:
    return decode_piece(value)


def decode_short(value: str) -> str:
    return decode_remembered(value) if len(value) <= SHORT else decode_piece(value)


def decode_piece(value: str) -> str:
    if not holds_latex(value):
        return " ".join(value.split())
    value = re.sub(r"(?<!\\)([&%])", r"\\\1", value)
    walker = latexwalker.LatexWalker(value, latex_context=latex_parsing(), tolerant_parsing=True)
    try:
        text = latex_decoder().nodelist_to_text(walker.get_latex_nodes()[0])
    except (IndexError, KeyError, RecursionError):  # `\\sqrt` without its argument; or
        text = re.sub(r"\\[A-Za-z]+|[{}]", "", value)  # braces nested too deep for pylatexenc
    return re.sub(r"\s+", " ", text).strip()


def holds_latex(value: str) -> bool:
    """Whether the decoder would read anything in ``value`` other than as itself."""
    return bool(LATEX_MARK.search(value) or LIGATURE_START.search(value))


def latex_pieces(value: str) -> Iterator[str]:
    """Long text cut at spaces into pieces of at least CHUNK_CHARS, each decoding to its
    part of the whole: never inside math or right after a macro (whose argument may follow),
    and a cut inside braces closes them at the end of one piece and opens them again in the
    next (bare braces only group; a macro's argument cut in two keeps both parts' text)."""
    start, scanned, depth, math, carried = 0, 0, 0, False, 0
    for cut in SPACE.finditer(value):
        if cut.start() - start < CHUNK_CHARS:
            continue
        depth, math = scan_state(value[scanned:cut.start()], depth, math)
        scanned = cut.start()
        if safe_cut(value, cut.start(), math):
            yield "{" * carried + value[start:cut.start()] + "}" * depth
            start, carried = cut.end(), depth
    yield "{" * carried + value[start:]


def scan_state(text: str, depth: int, math: bool) -> tuple[int, bool]:
    """Brace depth (never below 0) and whether in math, after ``text``."""
    for match in STATE_MARK.finditer(text):
        mark = match.group(0)
        if mark == "$":
            math = not math
        elif mark in "{}":
            depth = max(0, depth + (1 if mark == "{" else -1))
    return depth, math


def safe_cut(value: str, at: int, math: bool) -> bool:
    before = value[max(0, at - 40):at]
    return not math and not re.search(r"\\(?:[A-Za-z]+|.)$", before) and not (
        before.endswith("}") and value[at:at + 40].lstrip()[:1] in ("{", "["))


def escape_latex(text: str) -> str:
    """Plain Unicode text -> a BibTeX value that decode_latex reads back as that text."""
    text = LATEX_SPECIAL.sub(lambda match: LATEX_ESCAPES[match.group(0)], text)
    return LIGATURE_START.sub(lambda match: match.group(0) + "{}", text)
