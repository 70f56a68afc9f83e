"""Compare showcase's citations with citeproc-js's for any CSL-JSON items.

    node tests/conformance/make_references.js --items held-out.json --out /tmp/held-out
    python tests/conformance/compare.py held-out.json /tmp/held-out

formats the items with showcase (the path `showcase cite` takes) in each style that has a
reference file in the folder, normalises both sides as `tests/test_conformance.py` does,
and prints, per style and format, how many are identical and each pair that is not.
Exit status: 0 all identical, 1 some differ, 2 usage.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
import unicodedata
from pathlib import Path

FORMATS = ("text", "html")

# The two HTML equivalences (docs/citations.md lists them): a link whose text is its own
# address is that address (showcase links every URL, citeproc-js none); and a character
# reference is its character (citeproc-js writes &#38;, showcase &amp;).
LINK = re.compile(r'<a href="([^"]*)">([^<]*)</a>')
CHARACTER_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);")


def normalise(text: str, form: str) -> str:
    """NFC, white space collapsed; in HTML, the equivalent forms made one."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    if form == "html":
        text = LINK.sub(lambda m: m[2] if html.unescape(m[1]) == html.unescape(m[2]) else m[0],
                        text)
        text = CHARACTER_REFERENCE.sub(canonical_reference, text)
    return text


def canonical_reference(match: re.Match) -> str:
    """`&#38;`, `&amp;` and `&#x26;` are all `&amp;`; `&#8217;` is `’`."""
    character = html.unescape(match[0])
    return html.escape(character, quote=False) if character in "&<>" else character


def differences(ours: dict[str, str], theirs: dict[str, str], form: str
                ) -> dict[str, tuple[str, str]]:
    """id -> (ours, theirs), normalised, for each item the two format differently."""
    pairs = {key: (normalise(ours.get(key, ""), form), normalise(theirs[key], form))
             for key in theirs}
    return {key: pair for key, pair in sorted(pairs.items()) if pair[0] != pair[1]}


def main(argv: list[str] | None = None) -> int:
    from generator.cite.formatter import BUILTIN_STYLES
    from generator.commands.cite import cite_files

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("items", type=Path, help="CSL-JSON file given to make_references.js")
    parser.add_argument("references", type=Path, help="the folder it wrote (--out)")
    parser.add_argument("--locale", default="en-GB")
    args = parser.parse_args(argv)
    root = Path(__file__).resolve().parents[2]
    exit_status = 0
    for style in BUILTIN_STYLES:
        files = {form: args.references / f"{style}.{form}.json" for form in FORMATS}
        if not any(file.is_file() for file in files.values()):
            continue
        citations, problems = cite_files([args.items], style, args.locale, root)
        for problem in problems:
            print(problem, file=sys.stderr)
        for form, file in files.items():
            theirs = json.loads(file.read_text(encoding="utf-8"))
            ours = {key: getattr(value, form) for key, value in citations.items()}
            found = differences(ours, theirs, form)
            print(f"{style} {form}: {len(theirs) - len(found)} / {len(theirs)} identical")
            for key, (mine, reference) in found.items():
                print(f"  {key}\n    showcase:    {mine}\n    citeproc-js: {reference}")
            exit_status = exit_status or int(bool(found or problems))
    return exit_status


if __name__ == "__main__":
    sys.exit(main())
