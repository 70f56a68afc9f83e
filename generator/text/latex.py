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
from functools import lru_cache

from pylatexenc import latex2text, latexwalker
from pylatexenc.macrospec import MacroSpec

# Macros shown as one of their arguments: a field is plain text, so `\url{x}` is `x` (not
# pylatexenc's `<x>`), `\href{url}{text}` is `text`, and `\mbox{x}` is `x` (not nothing).
# `\textasciicircum` is the circumflex `^` itself, not pylatexenc's modifier letter `ˆ`.
TEXT_MACROS = {"url": "%(1)s", "href": "%(2)s", "mbox": "%(1)s", "textasciicircum": "^"}

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
    context.add_context_category("showcase", prepend=True, macros=[MacroSpec("href", "{{")])
    return context


def decode_latex(value: str) -> str:
    """LaTeX to Unicode; a bare '&' or '%' is text here, not LaTeX syntax."""
    value = re.sub(r"(?<!\\)([&%])", r"\\\1", value)
    walker = latexwalker.LatexWalker(value, latex_context=latex_parsing(), tolerant_parsing=True)
    try:
        text = latex_decoder().nodelist_to_text(walker.get_latex_nodes()[0])
    except (IndexError, KeyError):  # a macro without the arguments it needs, like `\\sqrt`
        text = re.sub(r"\\[A-Za-z]+|[{}]", "", value)
    return re.sub(r"\s+", " ", text).strip()


def escape_latex(text: str) -> str:
    """Plain Unicode text -> a BibTeX value that decode_latex reads back as that text."""
    text = LATEX_SPECIAL.sub(lambda match: LATEX_ESCAPES[match.group(0)], text)
    return LIGATURE_START.sub(lambda match: match.group(0) + "{}", text)
