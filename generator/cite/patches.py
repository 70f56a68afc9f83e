"""Ten patches to citeproc-py 0.11.1 itself (pinned), for failings that no step before or
after it can reach. Each says what citeproc-py does and what CSL asks for instead; the last
says what it costs and how it is saved.

They change citeproc-py for the whole process, so `apply_patches` applies them in one place:
once each, in the order of `PATCHES` (at the end), and only after checking that the installed
citeproc-py is the version they were written for and still has, as its own, every attribute
they replace; else it raises `CiteprocMismatch`, which the formatter reports as a problem.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import metadata
from types import ModuleType

from citeproc import model as citeproc_model
from citeproc import string as citeproc_string
from citeproc.source import VariableError

WRITTEN_FOR = "0.11.1"  # the citeproc-py version the patches were written for and tested with

NUMERIC = re.compile(r"^[A-Z]*\d+[A-Z]*(?:\s*(?:[-–,&/]|and)\s*[A-Z]*\d+[A-Z]*)*$", re.I)
# Two numbers (or two roman numerals, iv-xii) joined by a range or list mark.
CSL_PLURAL = re.compile(r"(?:\d\S*?|\b[ivxlcdm]+)\s*(?:[-–—,&]|\band\b)\s*(?:\S*?\d|[ivxlcdm]+\b)",
                        re.IGNORECASE)


class CiteprocMismatch(Exception):
    """The installed citeproc-py is not the one the patches were written for."""


@dataclass(frozen=True)
class Patch:
    apply: Callable[[], None]
    targets: tuple[str, ...]  # what it replaces in citeproc.model: "Names.process"

    @property
    def name(self) -> str:
        return self.apply.__name__


APPLIED: dict[str, dict[str, object]] = {}  # patch name -> the upstream values it replaced


def apply_patches() -> None:
    """Apply each patch not applied yet, in the order of `PATCHES`, after checking them all."""
    pending = [patch for patch in PATCHES if patch.name not in APPLIED]
    if pending:
        check_citeproc(installed_version(), citeproc_model,
                       [target for patch in pending for target in patch.targets])
    for patch in pending:
        originals = {target: look_up(citeproc_model, target) for target in patch.targets}
        patch.apply()
        APPLIED[patch.name] = originals


def installed_version() -> str:
    try:
        return metadata.version("citeproc-py")
    except metadata.PackageNotFoundError:
        return "(version unknown)"


def check_citeproc(version: str, model: ModuleType, targets: Iterable[str]) -> None:
    """Raise `CiteprocMismatch` unless `version` is the one written for and `model` has
    every target as citeproc-py's own."""
    if version != WRITTEN_FOR:
        raise CiteprocMismatch(f"citeproc-py {version} is installed, but showcase's patches to "
                               f"it were written for citeproc-py {WRITTEN_FOR}; install that "
                               f"version (pip install citeproc-py=={WRITTEN_FOR})")
    for problem in filter(None, (target_problem(model, target) for target in targets)):
        raise CiteprocMismatch(f"citeproc-py {version} is installed (showcase's patches to it "
                               f"were written for citeproc-py {WRITTEN_FOR}), but {problem}")


def target_problem(model: ModuleType, target: str) -> str | None:
    """What keeps `target` ('Names.process') from being patched, if anything."""
    value = look_up(model, target)
    if value is MISSING:
        return f"it has no {model.__name__}.{target} to patch; reinstall it " \
               f"(pip install --force-reinstall citeproc-py=={WRITTEN_FOR})"
    if any(value is ours for ours in (CSL_PLURAL, NUMERIC, SKIP_WORDS)) or (
            inspect.isfunction(value) and not value.__module__.startswith("citeproc")):
        return f"its {model.__name__}.{target} has already been replaced, by " \
               f"{getattr(value, '__module__', 'another module')}"
    return None


MISSING = object()


def look_up(model: ModuleType, target: str) -> object:
    owner, _, attribute = target.partition(".")
    return getattr(getattr(model, owner, None), attribute, MISSING)


def repress_substituted_names() -> None:
    """citeproc-py prints names again after <substitute> used them: an edited book shows
    its editors twice ('Fyfe M, Woolf K, editors. Title. Fyfe M, Woolf K, editors.').

    CSL suppresses a substituted variable in the rest of the output. citeproc-py records it
    (`Layout.repressed`), but only <text> reads the record; with this, <names> reads it too.
    """
    process = citeproc_model.Names.process

    def names_process(self, item, names_context=None, context=None, **kwargs):
        try:
            recorded = (self if context is None else context).get_layout().repressed
        except (AttributeError, IndexError):  # not inside a <layout>: nothing substituted
            recorded = {}
        repressed = {variable for variables in recorded.get(self.tag, [])
                     for variable in (variables or "").split()}
        present = {role for role in self.get("variable").split() if role in item.reference}
        if present and present <= repressed:
            raise VariableError
        return process(self, item, names_context=names_context, context=context, **kwargs)

    citeproc_model.Names.process = names_process


def repress_variables_substituted_by_macro() -> None:
    """citeproc-py suppresses a variable that <substitute> printed only when the substitute
    names it (<text variable="title"/>), not when a macro prints it (<text macro="title"/>),
    so a work with no author prints its title twice: 'Editorial. (2023). Editorial. …', and
    a journal standing in for the author comes again after the title.

    CSL suppresses every variable the substitution printed. This records the variables that
    <text> elements actually printed while the substitute rendered, and suppresses them.
    """
    text_variable = citeproc_model.Text._variable
    printing: list[list[tuple[str, str]]] = []  # one list per substitute being rendered

    def traced_variable(self, item, context):
        text = text_variable(self, item, context)
        if text and printing:
            printing[-1].append((self.tag, self.get("variable")))
        return text

    def substitute_render(self, item, context=None, **kwargs):
        for child in self.getchildren():
            printing.append([])
            try:
                if isinstance(child, citeproc_model.Names) and child.name is None:
                    names = self.xpath_search("./parent::cs:names[1]")[0]
                    text = child.render(item, names_context=names, context=context, **kwargs)
                else:
                    text = child.render(item, context=context, **kwargs)
            except VariableError:
                continue
            finally:
                printed = printing.pop()
            if text:
                self.add_to_repressed_list(child, context)
                layout = context.get_layout()
                for tag, variable in printed:
                    layout.repressed.setdefault(tag, []).append(variable)
                return text
        return None

    citeproc_model.Text._variable = traced_variable
    citeproc_model.Substitute.render = substitute_render


def count_numbers_by_separators() -> None:
    """citeproc-py calls a value plural when anything but digits stands between digits, so
    the article number bjgpopen21X101012 is labelled 'pp.'. In CSL, numbers are plural when
    separated by a range or list mark ('1-3', '1, 3', '1 & 3', 'iv-xii'); this makes citeproc-py's
    test the same."""
    citeproc_model.Label.RE_MULTIPLE_NUMBERS = CSL_PLURAL


def read_numbers_with_separators_as_numeric() -> None:
    """citeproc-py's is-numeric accepts one number only, so a report numbered 2016/03 or
    12-15 gets no 'No.' before it. CSL processors read numbers joined by a range or list
    mark, or a slash, as numeric too (citeproc-js: 'Final report no.: 2016/03')."""
    citeproc_model.If.re_numeric = NUMERIC  # else-if is an If too


def count_pages_of_a_book() -> None:
    """citeproc-py fails on a label for number-of-pages ('368 p.' in Vancouver): it reads
    the count from the citation (`item[variable]`), which has no such key, so the label is
    lost. CSL counts the reference's number: more than one page is plural."""
    is_plural = citeproc_model.Label._is_plural

    def label_is_plural(self, item):
        variable = self.get("variable") or ""
        if variable.startswith("number-of"):
            try:
                return int(str(item.reference[variable.replace("-", "_")])) > 1
            except (VariableError, ValueError):
                return False
        return is_plural(self, item)

    citeproc_model.Label._is_plural = label_is_plural


def keep_inner_capitals() -> None:
    """citeproc-py's text-case="capitalize-first" capitalises a first word that has a
    capital inside it ('arXiv:2212.13138' comes out 'ArXiv:…'); CSL processors leave such
    a word as it is written (arXiv, eLife, iPad), though not one whose capital follows a
    hyphen (e-Poster is E-Poster)."""
    case = citeproc_model.TextCased.case

    def cased(self, text, language=None):
        if self.get("text-case") == "capitalize-first" and text:
            words = str(text).split(maxsplit=1)
            first = words[0].split("-")[0] if words else ""  # e-Poster: 'e' is the word
            if any(character.isupper() for character in first[1:]):
                return text
        return case(self, text, language)

    citeproc_model.TextCased.case = cased


def join_an_organisation_last_as_citeproc_js_does() -> None:
    """When the last name of a list is an organisation ({"literal": …}), citeproc-js puts
    the delimiter before 'and' only when there are three names or more, whatever the
    style's delimiter-precedes-last: APA's 'Aaa, T. & Net Work' (not 'Aaa, T., & Net
    Work'), Harvard's 'Aaa, T., Bbb, A., and Net Work'. The reference processor is the
    one whose output staff compare with, so citeproc-py is made to do the same."""
    process = citeproc_model.Name.process
    get_option = citeproc_model.Name.get_option
    last_is_organisation: list[bool] = []

    def name_process(self, item, variable, context=None, sort_options=None, **kwargs):
        names = item.reference.get(variable, []) if variable else []
        last_is_organisation.append(bool(names) and "literal" in names[-1])
        try:
            return process(self, item, variable, context=context, sort_options=sort_options,
                           **kwargs)
        finally:
            last_is_organisation.pop()

    def name_option(self, name, context=None, sort_options=None):
        if name == "delimiter-precedes-last" and last_is_organisation \
                and last_is_organisation[-1]:
            return "contextual"
        return get_option(self, name, context, sort_options)

    citeproc_model.Name.process = name_process
    citeproc_model.Name.get_option = name_option


# The words that CSL's text-case="title" leaves in lower case, as citeproc-js lists them
# (its SKIP_WORDS; the one-word entries, since words are cased one at a time): CSL's own
# short list of articles, prepositions and conjunctions, with more prepositions and the
# particles of names in titles (Revista de Saúde Pública).
SKIP_WORDS = (  # noqa: SIM905 - a paragraph of words reads better than 100 strings
    "a about above across afore after against al along alongside amid amidst among amongst "
    "an and anenst apropos apud around as aside astride at athwart atop barring before "
    "behind below beneath beside besides between beyond but by c ca circa d' de despite down "
    "during et except for forenenst from given in inside into lest like modulo near next nor "
    "notwithstanding of off on onto or out over per plus pro qua sans since so than the "
    "through throughout thru thruout till to toward towards under underneath until unto up "
    "upon v v. van versus via vis-à-vis von vs vs. with within without yet"
).split()


def skip_the_words_citeproc_js_skips() -> None:
    """citeproc-py's title case capitalises 'de', 'between', 'without' …: its list of
    words to leave in lower case is shorter than the reference processor's."""
    citeproc_model.TextCased._stop_words = SKIP_WORDS


HYPHENATED_PART = re.compile(r"(?<![\w'’])([a-z][\w'’]*)(?=-[A-Za-z])|(?<=[A-Za-z]-)([a-z][\w'’]*)")


def title_case_each_part_of_a_hyphenated_word() -> None:
    """citeproc-py's title case capitalises a word only when it is all lower case, so
    'Tick-borne' and 'e-Health' stay as written; CSL processors capitalise each part of a
    hyphenated word (Tick-Borne Diseases, Telemedicine and E-Health), except the words
    they leave in lower case."""
    case = citeproc_model.TextCased.case

    def capitalised(match: re.Match) -> str:
        word = match[1] or match[2]
        return word if word in SKIP_WORDS else word[0].upper() + word[1:]

    def recase(segment):
        if isinstance(segment, citeproc_string.NoCase):  # {protected} in BibTeX
            return segment
        return type(segment)(HYPHENATED_PART.sub(capitalised, str(segment)))

    def cased(self, text, language=None):
        text = case(self, text, language)
        if self.get("text-case") != "title" or not text or language not in (None, "en"):
            return text
        if isinstance(text, citeproc_string.MixedString):
            return citeproc_string.MixedString([recase(segment) for segment in text])
        return recase(text)

    citeproc_model.TextCased.case = cased


def remember_style_searches() -> None:
    """citeproc-py finds a macro, a term, a date form or an element's layout by an XPath
    search of the style, again each time it needs one: about a third of the time it takes
    to format a bibliography. A style does not change once it is read (`csl_style` sets its
    options before any search), so each element keeps the answers to its searches, by
    expression; each caller gets its own copy of the list.

    lxml makes an element's Python object again when none is held, and its attributes go
    with it: so the root of each tree searched (a style or a locale, which citeproc-py holds
    while it formats) holds the elements that searched, and they go when the style goes.
    """
    search = citeproc_model.CitationStylesElement.xpath_search

    def remembered_search(self, expression):
        searches = vars(self).get("showcase_searches")
        if searches is None:
            searches = self.showcase_searches = {}
            vars(self.getroottree().getroot()).setdefault("showcase_searched", []).append(self)
        found = searches.get(expression)
        if found is None:
            found = searches[expression] = search(self, expression)
        return list(found)

    citeproc_model.CitationStylesElement.xpath_search = remembered_search


# The order the patches are applied in. Two wrap TextCased.case: capitals inside a first
# word are kept before title case capitalises the parts of hyphenated words.
PATCHES = (
    Patch(repress_substituted_names, ("Names.process",)),
    Patch(repress_variables_substituted_by_macro, ("Text._variable", "Substitute.render")),
    Patch(count_numbers_by_separators, ("Label.RE_MULTIPLE_NUMBERS",)),
    Patch(read_numbers_with_separators_as_numeric, ("If.re_numeric",)),
    Patch(count_pages_of_a_book, ("Label._is_plural",)),
    Patch(keep_inner_capitals, ("TextCased.case",)),
    Patch(join_an_organisation_last_as_citeproc_js_does, ("Name.process", "Name.get_option")),
    Patch(skip_the_words_citeproc_js_skips, ("TextCased._stop_words",)),
    Patch(title_case_each_part_of_a_hyphenated_word, ("TextCased.case",)),
    Patch(remember_style_searches, ("CitationStylesElement.xpath_search",)),
)
