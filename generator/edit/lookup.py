"""Bibliographic metadata for a DOI (doi.org) or a PubMed ID (NCBI E-utilities).

The only function that touches the network is ``http_get``; tests replace it. Everything
else turns an identifier into a request and a response into a ``Record``, or raises
``FetchError`` with one line that says what went wrong and what to do.

- DOI: `https://doi.org/<doi>` with `Accept: application/vnd.citationstyles.csl+json`
  (content negotiation; doi.org redirects to the registration agency, which answers in
  CSL-JSON).
- PMID: `esummary.fcgi?db=pubmed&id=<pmid>&retmode=json`; an unknown id comes back as
  HTTP 200 with an `error` in the summary, not as 404.

`SHOWCASE_DOI_BASE` and `SHOWCASE_ESUMMARY_URL` point the lookups elsewhere (a mirror, a
caching proxy, or `tests/fixtures/http/replay.py`, which answers from recorded responses).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..text.dates import MONTH_NUMBERS
from ..text.doi import bare_doi, is_doi

DOI_BASE = "https://doi.org/"
ESUMMARY = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/esummary.fcgi"
CSL_JSON = "application/vnd.citationstyles.csl+json"
USER_AGENT = "showcase (static site generator for research groups; python-urllib)"
TIMEOUT = 20.0
MAX_BYTES = 5_000_000

PMID = re.compile(r"^(?:pmid:?\s*)?(\d{1,9})$", re.IGNORECASE)
ALLOWED_TAGS = re.compile(r"</?(?:i|sub|sup)>", re.IGNORECASE)


class FetchError(Exception):
    """The lookup failed; the message is one line for the person who asked."""


class NotFound(FetchError):
    """The service answered that it has no such record."""


@dataclass(frozen=True)
class Identifier:
    kind: str  # "doi" or "pmid"
    value: str

    def __str__(self) -> str:
        return f"DOI {self.value}" if self.kind == "doi" else f"PMID {self.value}"


@dataclass(frozen=True)
class Person:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation as author


@dataclass(frozen=True)
class Record:
    """What a service says about a work, as plain text (no LaTeX, no markup but i/sub/sup)."""

    csl_type: str
    title: str
    authors: tuple[Person, ...] = ()
    container: str = ""
    publisher: str = ""
    date: tuple[int, ...] = ()
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    # Only from an export (`showcase add --from`): a web address, written when there is no
    # DOI, and other plain-text fields as (BibTeX field, text): abstract, pmcid, note, …
    url: str = ""
    extra: tuple[tuple[str, str], ...] = ()


def parse_identifier(text: str) -> Identifier | None:
    """A DOI (`10.…`, `doi:10.…`, a doi.org address) or a PMID (`12345`, `PMID: 12345`)."""
    text = urllib.parse.unquote(text.strip())
    if is_doi(bare_doi(text)):
        return Identifier("doi", bare_doi(text))
    pmid = PMID.match(text)
    return Identifier("pmid", pmid.group(1)) if pmid else None


def http_get(url: str, accept: str, timeout: float = TIMEOUT) -> bytes:
    """The body of a successful GET; NotFound for 404, FetchError for any other failure."""
    host = urllib.parse.urlsplit(url).hostname or url
    request = urllib.request.Request(url, headers={"Accept": accept, "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.read(MAX_BYTES)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise NotFound(f"{host} answered 404 (not found)") from None
        raise FetchError(f"{host} answered HTTP {error.code} ({error.reason}); try again "
                         "later") from None
    except (urllib.error.URLError, OSError, http.client.HTTPException) as error:
        reason = getattr(error, "reason", error)
        if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
            raise FetchError(f"{host} did not answer within {timeout:g} seconds; check your "
                             "connection and try again") from None
        raise FetchError(f"could not reach {host} ({reason}); check your connection and try "
                         "again") from None


def lookup(identifier: Identifier, timeout: float = TIMEOUT) -> Record:
    """The record for a DOI or PMID, or FetchError naming the identifier."""
    try:
        if identifier.kind == "doi":
            base = os.environ.get("SHOWCASE_DOI_BASE") or DOI_BASE
            url = base + urllib.parse.quote(identifier.value, safe="/:;()<>")
            return record_from_csl(read_json(http_get(url, CSL_JSON, timeout)))
        query = urllib.parse.urlencode({"db": "pubmed", "id": identifier.value,
                                        "retmode": "json", "tool": "showcase"})
        esummary = os.environ.get("SHOWCASE_ESUMMARY_URL") or ESUMMARY
        data = read_json(http_get(f"{esummary}?{query}", "application/json", timeout))
        return record_from_esummary(data, identifier.value)
    except NotFound as error:
        raise NotFound(f"no record was found for {identifier} ({error}); check the "
                       "identifier") from None
    except FetchError as error:
        raise FetchError(f"could not look up {identifier}: {error}") from None


def read_json(body: bytes) -> dict:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise FetchError("the answer was not the JSON expected") from None
    if not isinstance(data, dict):
        raise FetchError("the answer was not the JSON object expected")
    return data


# ---- CSL-JSON (doi.org) -----------------------------------------------------------------


def text_of(value: object) -> str:
    """A CSL field that may be a string, a number or a list of strings."""
    if isinstance(value, list):
        value = value[0] if value else ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    return re.sub(r"\s+", " ", str(value)).strip()


def clean_title(title: str) -> str:
    """Markup other than <i>, <sub> and <sup> removed, keeping its text."""
    return re.sub(r"<[^>]+>", lambda m: m.group(0) if ALLOWED_TAGS.fullmatch(m.group(0))
                  else "", title).strip()


def csl_person(data: object) -> Person | None:
    if not isinstance(data, dict):
        return None
    if data.get("family"):
        return Person(family=text_of(data["family"]), given=text_of(data.get("given", "")))
    literal = text_of(data.get("literal") or data.get("name") or "")
    return Person(literal=literal) if literal else None


def csl_date(data: object) -> tuple[int, ...]:
    parts = data.get("date-parts") if isinstance(data, dict) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return ()
    try:
        return tuple(int(part) for part in parts[0][:3] if part not in (None, ""))
    except (TypeError, ValueError):
        return ()


def record_from_csl(data: dict) -> Record:
    title = clean_title(text_of(data.get("title")))
    if not title:
        raise FetchError("the CSL-JSON answer has no title")
    authors = data.get("author") if isinstance(data.get("author"), list) else []
    return Record(
        csl_type=text_of(data.get("type")),
        title=title,
        authors=tuple(p for p in map(csl_person, authors) if p),
        container=text_of(data.get("container-title")),
        publisher=text_of(data.get("publisher")),
        date=csl_date(data.get("issued")),
        volume=text_of(data.get("volume")),
        issue=text_of(data.get("issue")),
        pages=page_range(text_of(data.get("page"))),
        doi=text_of(data.get("DOI")),
        pmid=text_of(data.get("PMID")),
    )


# ---- esummary JSON (PubMed) -------------------------------------------------------------


def record_from_esummary(data: dict, pmid: str) -> Record:
    result = data.get("result")
    if not isinstance(result, dict):
        raise FetchError("the PubMed answer has no 'result'")
    summary = result.get(pmid)
    if not isinstance(summary, dict) or summary.get("error") or pmid not in result.get("uids",
                                                                                        []):
        raise NotFound("PubMed has no summary for it")
    title = clean_title(text_of(summary.get("title")))
    if not title:
        raise FetchError("the PubMed summary has no title")
    container = text_of(summary.get("fulljournalname") or summary.get("source"))
    return Record(
        csl_type="article-journal" if container else "",
        title=title[:-1] if title.endswith(".") and not title.endswith("..") else title,
        authors=tuple(pubmed_person(a) for a in summary.get("authors") or []
                      if isinstance(a, dict) and a.get("name")
                      and a.get("authtype", "Author") in ("Author", "CollectiveName")),
        container=container,
        date=pubmed_date(text_of(summary.get("pubdate"))),
        volume=text_of(summary.get("volume")),
        issue=text_of(summary.get("issue")),
        pages=page_range(text_of(summary.get("pages"))),
        doi=next((text_of(i.get("value")) for i in summary.get("articleids") or []
                  if isinstance(i, dict) and i.get("idtype") == "doi"), ""),
        pmid=pmid,
    )


def pubmed_person(author: dict) -> Person:
    """`Scalfani VF` -> family 'Scalfani', given 'V F'; a collective name stays whole."""
    name = text_of(author["name"])
    if author.get("authtype") == "CollectiveName" or " " not in name:
        return Person(literal=name) if author.get("authtype") == "CollectiveName" \
            else Person(family=name)
    family, initials = name.rsplit(" ", 1)
    if not initials.isupper():
        return Person(family=name)
    return Person(family=family, given=" ".join(initials))


def pubmed_date(text: str) -> tuple[int, ...]:
    """'2020 Mar 12' -> (2020, 3, 12); '2004 Feb' -> (2004, 2); '2016 Nov-Dec' -> (2016, 11)."""
    match = re.match(r"^(\d{4})(?:\s+([A-Za-z]{3})[A-Za-z]*(?:\s+(\d{1,2})(?!\d))?)?", text)
    if not match:
        return ()
    year, month, day = match.groups()
    if not month or month.lower() not in MONTH_NUMBERS:
        return (int(year),)
    return (int(year), MONTH_NUMBERS[month.lower()], *([int(day)] if day else []))


def page_range(pages: str) -> str:
    """'102-108' and the abbreviated '102-8' -> '102--108'; 'm966' stays as it is."""
    match = re.fullmatch(r"(\d+)\s*[-–]+\s*(\d+)", pages)
    if not match:
        return pages
    first, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}--{last}"
