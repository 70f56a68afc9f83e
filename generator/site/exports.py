"""Entries as files people take away: BibTeX, RIS and CSL-JSON, written by their libraries.

Values are the decoded Unicode the site shows; each writer makes them safe for its format
(BibTeX escapes LaTeX specials, RIS is line-based, CSL-JSON is JSON).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

import bibtexparser
import rispy
from bibtexparser import model as bib
from bibtexparser.middlewares import default_unparse_stack

from ..cite.to_csl import csl_item
from ..load.entry_types import entry_type, subtype
from ..load.parse_cache import read_data
from ..model import Entry, Name
from ..text.dates import iso_date
from ..text.latex import escape_latex

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}

# Entry fields written to BibTeX; the rest are structured, ours, or reference managers'
# bookkeeping (`file` paths on someone's computer, `owner`, `timestamp`), not published.
BIBTEX_FIELDS = ("journal", "booktitle", "eventtitle", "venue", "address", "publisher",
                 "organization", "school", "howpublished", "volume", "number", "pages",
                 "edition", "series", "isbn", "issn", "note", "type", "entrysubtype", "eid",
                 "medium", "version", "pagetotal", "langid", "doi", "pmid", "url", "urldate",
                 "abstract", "keywords")
# A word of a name (in LaTeX) that BibTeX reads as written: a letter first; no space, comma,
# brace, backslash or tilde (which BibTeX reads as a space between words).
PLAIN_NAME_WORD = re.compile(r"[^\W\d_][^\s,{}\\~]*")


def name_part(text: str, family: bool = False) -> str:
    """A part of a name in LaTeX, braced whole unless BibTeX reads it as written: so that
    'de Souza' stays one family name and 'J. and K.' is not split into two people.

    In a family name of more words than one, each must start with a capital: BibTeX takes
    a word that does not (`de`, or Chinese, which has no case) for a particle.
    """
    latex = escape_latex(text)
    words = latex.split(" ")
    plain = all(PLAIN_NAME_WORD.fullmatch(word) and word.lower() not in ("and", "others")
                and (not family or len(words) == 1 or word[0].isupper()) for word in words)
    return latex if plain else "{" + latex + "}"


def bibtex_name(name: Name) -> str:
    """'von Last, Jr, First' (BibTeX's full form), or a braced corporate name.

    A `First` of `{}` stands in for no given name where leaving it out would change what
    BibTeX reads: after a suffix ('Last, Jr' would make 'Jr' the given name), and after
    anything but a family name of one plain word ('von Last' or 'Li Na' alone would make
    'von' or 'Li' the given name; '{de Souza}' alone would be a corporate name).
    """
    if name.literal:
        return "{" + escape_latex(name.literal) + "}"
    family = name_part(name.family, family=True)
    family = " ".join(p for p in (escape_latex(name.particle), family) if p)
    given = " ".join(p for p in (name.given, name.dropping) if p)
    parts = [family, *([name_part(name.suffix)] if name.suffix else []),
             name_part(given) if given else ""]
    if not given and (name.suffix or not PLAIN_NAME_WORD.fullmatch(family)):
        parts[-1] = "{}"
    return ", ".join(p for p in parts if p)


def bibtex_names(names: Iterable[Name], et_al: bool = False) -> str:
    return " and ".join([*map(bibtex_name, names), *(["others"] if et_al else [])])


def bibtex_fields(entry: Entry) -> list[tuple[str, str]]:
    fields = [("author", bibtex_names(entry.authors, entry.et_al)),
              ("editor", bibtex_names(entry.editors)),
              ("translator", bibtex_names(entry.translators)),
              ("title", "{" + escape_latex(entry.title) + "}")]
    if entry.date:
        fields.append(("date", "/".join(iso_date(date) for date in (entry.date, entry.date_end)
                                        if date)))
        fields.append(("year", str(entry.date[0])))
    for field in BIBTEX_FIELDS:
        value = entry.get(field)
        if field not in ("doi", "url"):  # which BibTeX keeps verbatim, as the loader reads them
            value = escape_latex(value)
        if field == "pages":
            value = value.replace("–", "--")  # BibTeX writes a range as '--'
        fields.append((field, value))
    fields.append(("programmes", ", ".join(entry.programmes)))
    return [(name, value) for name, value in fields if value]


def to_bibtex(entries: Iterable[Entry]) -> str:
    """The entries as BibTeX. The library is made here for this text alone, so its writer
    may change it in place: by default it copies it first, most of the time it takes."""
    library = bibtexparser.Library([
        bib.Entry(entry.bibtype, entry.key,
                  [bib.Field(name, value) for name, value in bibtex_fields(entry)])
        for entry in entries])
    return bibtexparser.write_string(library, unparse_stack=UNPARSE_STACK)


UNPARSE_STACK = default_unparse_stack(allow_inplace_modification=True)


class PlainRisWriter(rispy.RisWriter):
    """RIS without rispy's '1.' counter line, which some reference managers trip on."""

    def set_header(self, count: int) -> str:
        return ""


def ris_type(entry: Entry) -> str:
    if entry.kind == "presentation":
        return "CPAPER"
    found = subtype(entry.bibtype, entry.get("entrysubtype") or entry.get("type"))
    return found.ris if found and found.ris else entry_type(entry.bibtype).ris


def ris_name(name: Name) -> str:
    """'von Last, First' or 'von Last, First, Jr' (RIS: Lastname, Firstname, Suffix), or a
    corporate name as it is."""
    if name.literal:
        return name.literal
    family = " ".join(p for p in (name.particle, name.family) if p)
    given = " ".join(p for p in (name.given, name.dropping) if p)
    return ", ".join([family, given, name.suffix] if name.suffix else
                     [p for p in (family, given) if p])


def one_line(value: str | list[str]) -> str | list[str]:
    """RIS holds a value on one line after its tag: a line break, or any run of spaces,
    becomes one space (the words are kept) and spaces at either end go, as readers drop them."""
    if isinstance(value, list):
        return [" ".join(item.split()) for item in value]
    return " ".join(value.split())


def ris_record(entry: Entry) -> dict:
    pages = re.split(r"\s*[–—-]+\s*", entry.get("pages"), maxsplit=1)
    record = {
        "type_of_reference": ris_type(entry),
        "id": entry.key,
        "authors": [ris_name(name) for name in entry.authors],
        "secondary_authors": [ris_name(name) for name in entry.editors],  # A2, editors
        "subsidiary_authors": [ris_name(name) for name in entry.translators],  # A4
        "primary_title": entry.title,
        "secondary_title": entry.get("journal") or entry.get("booktitle")
        or entry.get("eventtitle") or entry.get("organization"),
        "year": str(entry.year or ""),
        "date": iso_date(entry.date).replace("-", "/"),  # RIS writes 2023/07/05
        "volume": entry.get("volume"), "number": entry.get("number"),
        "start_page": pages[0], "end_page": pages[1] if len(pages) > 1 else "",
        "doi": entry.get("doi"), "urls": [entry.get("url")] if entry.get("url") else [],
        "abstract": entry.get("abstract"), "publisher": entry.get("publisher"),
        "place_published": entry.get("venue") or entry.get("address"),
        "keywords": [k.strip() for k in re.split(r"[,;]", entry.get("keywords")) if k.strip()],
        "notes": [entry.get("note")] if entry.get("note") else [],
    }
    lines = {key: one_line(value) for key, value in record.items()}
    return {key: value for key, value in lines.items() if value}


def to_ris(entries: Iterable[Entry]) -> str:
    return rispy.dumps([ris_record(entry) for entry in entries], implementation=PlainRisWriter)


def to_csl_json(entries: Iterable[Entry]) -> str:
    """CSL-JSON for other programs: plain text, not the HTML escapes made for citeproc-py."""
    items = [csl_item(entry, entry.key) for entry in entries]
    return json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def entry_pieces(entry: Entry) -> dict[str, str]:
    """One entry in each format, as it stands in a file of many (see ``joined``)."""
    item = json.dumps(csl_item(entry, entry.key), ensure_ascii=False, indent=2, sort_keys=True)
    return {"bib": to_bibtex([entry]), "ris": to_ris([entry]),
            "json": "\n".join("  " + line for line in item.splitlines())}


def joined(extension: str, pieces: list[str]) -> str:
    """A file of many entries from their pieces: what to_bibtex, to_ris and to_csl_json
    write for them all."""
    if extension == "json":
        return "[\n" + ",\n".join(pieces) + "\n]\n" if pieces else "[]\n"
    return ("\n\n" if extension == "bib" else "\n").join(pieces)


class Downloads:
    """Every download of a site, by its path: each set's entries (``sets``: stem, entries)
    as `stem.bib`, `stem.ris` and `stem.json`, each file made only when it is read or
    written, so that they are never all held at once (at 10,000 entries they come to
    hundreds of megabytes). ``pieces`` makes an entry's pieces (and may keep them between
    builds); ``made_from``, a digest of what they are made from, which gives each file a
    signature: two files of the same signature hold the same text, made or not."""

    def __init__(self, sets: list[tuple[str, list[Entry]]],
                 pieces: Callable[[Entry], dict[str, str]] = entry_pieces,
                 made_from: Callable[[Entry], str] = repr):
        self.sets, self.make, self.made_from = sets, pieces, made_from
        self.files = {f"{stem}.{extension}": (number, extension)
                      for number, (stem, _) in enumerate(sets) for extension in FORMATS}
        self.memo: dict[int, dict[str, str]] = {}  # id of an entry -> its pieces

    @property
    def paths(self) -> list[str]:
        return sorted(self.files)

    def pieces(self, entry: Entry) -> dict[str, str]:
        if id(entry) not in self.memo:
            self.memo[id(entry)] = self.make(entry)
        return self.memo[id(entry)]

    def text(self, path: str) -> str:
        number, extension = self.files[path]
        return joined(extension, [self.pieces(entry)[extension]
                                  for entry in self.sets[number][1]])

    def signature(self, path: str) -> str:
        number, _ = self.files[path]
        made = "\0".join([path, *map(self.made_from, self.sets[number][1])])
        return hashlib.sha256(made.encode()).hexdigest()

    def write(self, folder: Path, paths: Iterable[str] | None = None,
              before: tuple[Path, Mapping[str, object]] | None = None) -> dict[str, list]:
        """Each file (or those of ``paths``) written under ``folder``, one after another; the
        pieces made for them are then let go. ``before``: the site this one replaces and
        what this method gave when it was written. A file there of the same signature,
        size and time of change is linked (a hard link: nothing writes into a download),
        not made again. By path: each file's signature, size and time of change, for the
        next build's ``before``."""
        written: dict[str, list] = {}
        folders: set[Path] = set()  # made or found already: each asked for once
        for path in self.paths if paths is None else paths:
            target, signature = folder / path, self.signature(path)
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            if not (before and linked(before[0] / path, target, before[1].get(path),
                                      signature)):
                target.write_bytes(self.text(path).encode("utf-8"))
            found = target.stat()
            written[path] = [signature, found.st_size, found.st_mtime_ns]
        self.memo.clear()
        return written


def linked(old: Path, new: Path, was: object, signature: str) -> bool:
    """Whether ``old``, as written under ``signature`` (``was``: signature, size and time
    of change then), is now also ``new``."""
    if not isinstance(was, list) or len(was) != 3 or was[0] != signature:
        return False
    try:
        found = old.stat()
        if [found.st_size, found.st_mtime_ns] != was[1:]:
            return False  # changed since, or another file
        os.link(old, new)
    except OSError:
        return False
    return True


WRITTEN = "downloads-written.json"  # in the cache folder: the site folder's downloads


def written_before(cache_dir: Path | None, site_dir: Path) -> tuple[Path, dict] | None:
    """``site_dir`` and what `Downloads.write` gave when its downloads were written, if the
    cache folder says so of that folder."""
    if cache_dir is None or not site_dir.is_dir():
        return None
    data = read_data(cache_dir / WRITTEN)
    if data.get("site") != str(site_dir.resolve()) or not isinstance(data.get("files"), dict):
        return None
    return site_dir, data["files"]


def remember_written(cache_dir: Path | None, site_dir: Path,
                     written: Mapping[str, list] | None) -> None:
    """What `Downloads.write` gave, once its folder is ``site_dir``; None: forget it."""
    if cache_dir is None:
        return
    file = cache_dir / WRITTEN
    try:
        if written is None:
            file.unlink(missing_ok=True)
            return
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps({"site": str(site_dir.resolve()), "files": written}),
                        encoding="utf-8")
    except OSError:
        pass  # a cache that cannot be written only costs time


def export_files(stem: str, entries: list[Entry],
                 pieces: Callable[[Entry], dict[str, str]] = entry_pieces) -> dict[str, str]:
    """`stem.bib`, `stem.ris` and `stem.json` for these entries, as text."""
    downloads = Downloads([(stem, entries)], pieces)
    return {path: downloads.text(path) for path in downloads.paths}
