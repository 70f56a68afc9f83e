"""The DOI rule, written down once: what a DOI looks like, and the shapes people paste.

A DOI is `10.` + a registrant code of 4 to 9 digits + `/` + a suffix without spaces.
People paste it as `doi:10.1/x`, `DOI 10.1/x`, `https://doi.org/10.1/x`,
`http://dx.doi.org/10.1/x`, `doi.org/10.1/x` (no scheme), or with such a prefix twice
(`https://doi.org/https://doi.org/10.1/x`); ``bare_doi`` takes every such prefix off.
"""

from __future__ import annotations

import re

DOI = re.compile(r"10\.\d{4,9}/\S+")
# The resolver's address, as styles print it before a DOI (with its scheme).
DOI_ADDRESS = r"https?://(?:dx\.|www\.)?doi\.org/"
# What may come before a DOI, any number of times: `doi:`, `DOI `, a resolver address with
# or without its scheme.
DOI_PREFIX = re.compile(r"^(?:\s*(?:doi(?::|\s)\s*|(?:https?://)?(?:dx\.|www\.)?doi\.org/))+",
                        re.IGNORECASE)


def bare_doi(value: str) -> str:
    """`10.1/x` from `doi:10.1/x`, `https://doi.org/10.1/x`, even from a prefix pasted twice."""
    return DOI_PREFIX.sub("", value).strip()


def has_doi_prefix(value: str) -> bool:
    """Whether the value starts with `doi:` or a resolver address, as a stored DOI should not."""
    return bool(DOI_PREFIX.match(value))


def is_doi(value: str) -> bool:
    """Whether the value is a bare DOI (`10.1136/bmj.m966`)."""
    return bool(DOI.fullmatch(value))


def doi_key(value: str) -> str:
    """The DOI as compared: bare, and without case (DOIs are case-insensitive)."""
    return bare_doi(value).casefold()
