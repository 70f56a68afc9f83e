"""CSL styles: found by name in the theme's `csl/` folders or by path, and read for the
few settings our corrections need (numbering, et-al rules, label case)."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import citeproc
from lxml import etree

from ..model import Problem, Source

BUILTIN_STYLES = ("medic-vancouver", "apa", "harvard-cite-them-right")
# Where the built-in styles are when no project folder has them (`showcase cite` run
# elsewhere): the checkout an editable install points at, and the copy a wheel installs
# (pyproject's data-files).
INSTALLED_STYLE_FOLDERS = (Path(__file__).resolve().parents[2] / "theme" / "csl",
                           Path(sys.prefix) / "share" / "showcase" / "csl")
CSL_NS = {"csl": "http://purl.org/net/xbiblio/csl"}


@dataclass(frozen=True)
class Style:
    path: Path
    numeric: bool
    et_al_min: int
    et_al_use_first: int
    et_al_use_last: bool = False
    title_case_labels: bool = False  # some <label> asks for text-case="title"

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def resolve_style(name: str, root: Path, source: Source,
                  folders: Sequence[Path] = ()) -> tuple[Style | None, list[Problem]]:
    """A style by path to a .csl file, or by name: a file in a `csl/` folder of the theme,
    else one of the built-in styles as installed."""
    folders = [*folders, root / "theme" / "csl", *INSTALLED_STYLE_FOLDERS]
    candidates = [root / name, *(folder / f"{name}.csl" for folder in folders)]
    path = next((p for p in candidates if p.suffix == ".csl" and p.is_file()), None)
    if path is None:
        known = sorted({p.stem for folder in folders for p in folder.glob("*.csl")})
        return None, [Problem(source, f"citation_style '{name}' was not found: give one of "
                              f"{', '.join(known or BUILTIN_STYLES)}, or a path to a .csl "
                              "file")]
    try:
        return read_style(path), []
    except etree.XMLSyntaxError as error:
        return None, [Problem(source, f"citation style {path.name} is not valid XML: {error}")]


def read_style(path: Path) -> Style:
    root = etree.parse(str(path)).getroot()
    category = root.find("csl:info/csl:category[@citation-format]", CSL_NS)
    bibliography = root.find("csl:bibliography", CSL_NS)
    settings = {**root.attrib, **(bibliography.attrib if bibliography is not None else {})}
    return Style(path=path, numeric=category is not None
                 and category.get("citation-format") == "numeric",
                 et_al_min=int(settings.get("et-al-min", 0)),
                 et_al_use_first=int(settings.get("et-al-use-first", 0)),
                 et_al_use_last=settings.get("et-al-use-last") == "true",
                 title_case_labels=root.find(".//csl:label[@text-case='title']", CSL_NS)
                 is not None)


def style_attributes(style: Style, element: str) -> dict[str, str]:
    """The style's options: its root's attributes and those of <citation> or <bibliography>."""
    return from_style_file(style, attributes_of, element)


def initialises_with_periods(style: Style) -> bool:
    """Whether any of the style's names is initialised with a period ('J.-P.', 'M. A.')."""
    return from_style_file(style, periods_in_initials)


def range_delimiter(style: Style) -> str:
    """The dash between the numbers of a range: the style's own page-range-delimiter term
    where it sets one (Vancouver's '-'), else the en dash of the English locales."""
    return from_style_file(style, page_range_delimiter)


def from_style_file(style: Style, read: Callable, *args: str):
    """`read(root, *args)` of the style's XML, cached until the file changes: these are
    asked once per entry, so neither the file nor the answer is read twice."""
    stat = style.path.stat()
    return read_cached(style.path, stat.st_mtime_ns, stat.st_size, read, *args)


@cache
def read_cached(path: Path, mtime: int, size: int, read: Callable, *args: str):
    return read(parsed_style(path, mtime, size), *args)


@cache
def parsed_style(path: Path, mtime: int, size: int) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def attributes_of(root: etree._Element, element: str) -> dict[str, str]:
    found = root.find(f"csl:{element}", CSL_NS)
    return {**root.attrib, **(found.attrib if found is not None else {})}


def periods_in_initials(root: etree._Element) -> bool:
    return any("." in (element.get("initialize-with") or "") for element in root.iter())


def page_range_delimiter(root: etree._Element) -> str:
    term = root.find("csl:locale/csl:terms/csl:term[@name='page-range-delimiter']", CSL_NS)
    return term.text if term is not None and term.text else "–"


@cache
def locale_terms(locale: str) -> dict[str, str]:
    """The long single forms of a locale's terms, from the locale file citeproc-py reads."""
    language = locale.split("-")[0]
    name = locale if locale in citeproc.LANGUAGE_NAMES else \
        citeproc.PRIMARY_DIALECTS.get(language, "en-US")
    root = etree.parse(str(Path(citeproc.LOCALES_PATH) / f"locales-{name}.xml")).getroot()
    return {term.get("name"): term.text or "" for term in
            root.iterfind("csl:terms/csl:term", CSL_NS) if term.get("form") is None}
