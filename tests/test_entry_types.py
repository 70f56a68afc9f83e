"""The one table of entry types (load/entry_types.py) is whole and consistent."""

from __future__ import annotations

import rispy

from generator.load.entry_types import (
    CROSSREF_TYPES,
    CSL_ALIASES,
    FROM_CSL,
    SUBTYPES,
    TYPES,
    entry_type,
    from_crossref,
    from_csl,
)

# The CSL 1.0.2 item types (csl-data.json's `type` enum).
CSL_TYPES = frozenset([
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
    "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
    "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
    "personal_communication", "post", "post-weblog", "regulation", "report", "review",
    "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
])


def test_every_csl_type_named_is_a_csl_type() -> None:
    named = {t.csl for t in TYPES.values()} | {s.csl for s in SUBTYPES.values()}
    assert named | set(CSL_ALIASES) | set(CSL_ALIASES.values()) <= CSL_TYPES
    assert set(CROSSREF_TYPES.values()) <= CSL_TYPES


def test_every_ris_type_named_is_a_ris_type() -> None:
    known = set(rispy.TYPE_OF_REFERENCE_MAPPING)
    assert {t.ris for t in TYPES.values()} | {s.ris for s in SUBTYPES.values() if s.ris} <= known


def test_each_csl_type_a_row_gives_reads_back_as_one_row() -> None:
    for row in TYPES.values():
        bibtype, subtype = from_csl(row.csl)
        assert subtype == "" and TYPES[bibtype].csl == row.csl, row.bibtype
    rows = [t for t in TYPES.values() if t.from_csl]
    assert len({t.csl for t in rows}) == len(rows)  # no CSL type claimed twice
    for (bibtype, name), row in SUBTYPES.items():
        if row.from_csl:
            assert FROM_CSL[row.csl] == (bibtype, name)


def test_crossref_and_unknown_types() -> None:
    assert from_crossref("dissertation") == ("thesis", "")
    assert from_crossref("journal-article") == ("article", "")
    assert from_crossref("article-journal") == ("article", "")
    assert from_csl("song") is None and from_crossref("song") is None
    assert entry_type("artwork").label == "Artwork" and entry_type("artwork").csl == "document"
