"""A filed "Add a publication" issue -> the `showcase add` it asks for.

GitHub writes an issue form's answers into the issue body as Markdown: each field's label
as a `### Label` heading, then the answer, `_No response_` for one left empty; several
choices are joined by ", ". `add_request` reads the DOI, the PubMed ID, the pasted
reference and the programmes, and gives the arguments of `showcase add` (the first of DOI,
PubMed ID or pasted text; a pasted text goes through a file, given by `--from`).

`python -m generator.edit.issue_form FILE` is what the workflow runs: it reads the body
from the environment variable ISSUE_BODY (never from the command line), writes any pasted
text to FILE and prints the arguments one a line; or says what is missing and exits 1.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from .lookup import parse_identifier

NO_RESPONSE = "_No response_"
HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
LABELS = {"doi": "DOI", "pmid": "PubMed ID",
          "export": "Or paste the reference (BibTeX, RIS or MEDLINE)",
          "programmes": "Programmes"}
PROGRAMME_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
NOT_KNOWN = "Not known"


@dataclass(frozen=True)
class Request:
    arguments: tuple[str, ...]  # for `showcase add`
    pasted: str = ""  # the text to write to the --from file


def form_values(body: str, labels: dict[str, str] = LABELS) -> dict[str, str]:
    """Field id -> answer, for each `### Label` heading of a known label; empty for
    _No response_. Every `### ` line starts a field (GitHub writes the answers below it),
    those of other labels are passed over."""
    ids = {label: field for field, label in labels.items()}
    values: dict[str, list[str]] = {}
    current = None
    for line in body.replace("\r\n", "\n").split("\n"):
        heading = HEADING.match(line)
        if heading:
            current = ids.get(heading.group(1))
            values[current] = []
        elif current:
            values[current].append(line)
    return {field: answer(lines) for field, lines in values.items() if field}


def answer(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    return "" if text.strip() == NO_RESPONSE else text


def add_request(body: str) -> Request | str:
    """The `showcase add` the issue asks for, or what it lacks."""
    values = form_values(body)
    programmes = [name.strip() for name in values.get("programmes", "").split(",")]
    chosen = [name for name in programmes if PROGRAMME_ID.match(name)]
    options = tuple(item for name in chosen for item in ("--programme", name))
    for field in ("doi", "pmid"):
        identifier = parse_identifier(values.get(field, "").strip())
        if values.get(field, "").strip() and identifier is None:
            return f"the {LABELS[field]} '{values[field].strip()}' is not one; correct it"
        if identifier:
            return Request((identifier.value, *options))
    if values.get("export", "").strip():
        return Request(("--from", "{file}", *options), values["export"].strip() + "\n")
    return "the issue gives no DOI, no PubMed ID and no pasted reference; edit it to add one"


def main(argv: list[str]) -> int:
    request = add_request(os.environ.get("ISSUE_BODY", ""))
    if isinstance(request, str):
        print(f"issue form: {request}", file=sys.stderr)
        return 1
    if request.pasted:
        Path(argv[0]).write_text(request.pasted, encoding="utf-8")
    for argument in request.arguments:
        print(argv[0] if argument == "{file}" else argument)
    return 0


if __name__ == "__main__":  # pragma: no cover - run by .github/workflows/add-from-issue.yml
    sys.exit(main(sys.argv[1:]))
