"""The patches to citeproc-py: applied once, in order, only to the version written for; and
the cache key that follows the code shaping a citation."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
from citeproc import model as citeproc_model

from generator.cite import formatter, patches
from generator.cite.formatter import CitationFormatter, read_style
from generator.model import Entry, Problem, Severity, Source

ROOT = Path(__file__).resolve().parents[1]
ORDER = [
    "repress_substituted_names",
    "repress_variables_substituted_by_macro",
    "count_numbers_by_separators",
    "read_numbers_with_separators_as_numeric",
    "count_pages_of_a_book",
    "keep_inner_capitals",
    "join_an_organisation_last_as_citeproc_js_does",
    "skip_the_words_citeproc_js_skips",
    "title_case_each_part_of_a_hyphenated_word",
    "remember_style_searches",
]


def test_the_patches_are_applied_in_the_stated_order() -> None:
    assert [patch.name for patch in patches.PATCHES] == ORDER


def test_applying_replaces_every_target_and_records_what_it_replaced() -> None:
    patches.apply_patches()
    assert list(patches.APPLIED) == ORDER
    for patch in patches.PATCHES:
        for target, original in patches.APPLIED[patch.name].items():
            assert patches.look_up(citeproc_model, target) is not original, target
            if patch.name != "title_case_each_part_of_a_hyphenated_word":  # it wraps ours
                assert patches.target_problem(module_with(target, original), target) is None


def test_applying_twice_changes_nothing() -> None:
    patches.apply_patches()
    targets = [t for patch in patches.PATCHES for t in patch.targets]
    before = [patches.look_up(citeproc_model, target) for target in targets]
    patches.apply_patches()
    assert [patches.look_up(citeproc_model, target) for target in targets] == before


def test_another_version_of_citeproc_py_is_refused() -> None:
    with pytest.raises(patches.CiteprocMismatch) as raised:
        patches.check_citeproc("0.12.0", citeproc_model, ["Names.process"])
    assert str(raised.value) == (
        "citeproc-py 0.12.0 is installed, but showcase's patches to it were written for "
        "citeproc-py 0.11.1; install that version (pip install citeproc-py==0.11.1)")


def module_with(target: str, value: object) -> types.ModuleType:
    """A stand-in for citeproc.model that has `target` ('Names.process') only."""
    fake = types.ModuleType("citeproc.model")
    owner, _, attribute = target.partition(".")
    setattr(fake, owner, type(owner, (), {attribute: value}))
    return fake


def test_a_missing_attribute_is_named() -> None:
    fake = module_with("Label.RE_MULTIPLE_NUMBERS", re.compile("[-–]"))  # no Label._is_plural
    with pytest.raises(patches.CiteprocMismatch) as raised:
        patches.check_citeproc("0.11.1", fake, ["Label.RE_MULTIPLE_NUMBERS", "Label._is_plural"])
    assert str(raised.value) == (
        "citeproc-py 0.11.1 is installed (showcase's patches to it were written for "
        "citeproc-py 0.11.1), but it has no citeproc.model.Label._is_plural to patch; "
        "reinstall it (pip install --force-reinstall citeproc-py==0.11.1)")


def test_an_attribute_replaced_by_someone_else_is_refused(monkeypatch) -> None:
    patches.apply_patches()
    monkeypatch.setattr(patches, "APPLIED", {})  # as if another copy of ours had patched
    with pytest.raises(patches.CiteprocMismatch, match="its citeproc.model.Names.process has "
                       "already been replaced, by generator.cite.patches$"):
        patches.apply_patches()


def test_the_build_reports_a_mismatch_as_an_error_and_shows_titles(monkeypatch) -> None:
    monkeypatch.setattr(patches, "APPLIED", {})
    monkeypatch.setattr(patches, "installed_version", lambda: "0.12.0")
    style = read_style(ROOT / "theme" / "csl" / "apa.csl")
    entry = Entry(key="a", bibtype="article", kind="publication", title="Tea & cake")
    citations, problems = CitationFormatter(style, "en-GB").format([entry])
    assert citations["a"].html == "Tea &amp; cake"
    assert problems == [Problem(Source("apa.csl"), "citeproc-py 0.12.0 is installed, but "
                                "showcase's patches to it were written for citeproc-py "
                                "0.11.1; install that version (pip install "
                                "citeproc-py==0.11.1)", Severity.ERROR)]


@pytest.fixture
def fresh_key():
    formatter.cite_version.cache_clear()
    yield
    formatter.cite_version.cache_clear()


def test_the_cache_key_follows_the_code_that_shapes_a_citation(monkeypatch, fresh_key) -> None:
    sources = formatter.read_citation_code()
    assert len(sources) == len(formatter.CITATION_CODE) >= 7
    first = formatter.cite_version()
    formatter.cite_version.cache_clear()
    assert formatter.cite_version() == first  # the same sources, the same key
    changed = [*sources[:-1], sources[-1] + b"\n# a change\n"]
    monkeypatch.setattr(formatter, "read_citation_code", lambda: changed)
    formatter.cite_version.cache_clear()
    assert formatter.cite_version() != first


def test_the_cache_key_follows_the_citeproc_py_version() -> None:
    sources = formatter.read_citation_code()
    assert formatter.citation_code_digest(sources, "0.11.1") \
        != formatter.citation_code_digest(sources, "0.11.2")


def test_the_cache_key_is_read_once_per_process(monkeypatch, fresh_key) -> None:
    reads = []
    monkeypatch.setattr(formatter, "read_citation_code", lambda: reads.append(1) or [b""])
    formatter.cite_version()
    formatter.cite_version()
    assert reads == [1]


def test_a_style_search_is_made_once_and_each_caller_gets_its_own_answer(monkeypatch) -> None:
    """remember_style_searches: the same search from the same element asks lxml once."""
    from citeproc import CitationStylesStyle
    patches.apply_patches()
    style = CitationStylesStyle(str(ROOT / "theme" / "csl" / "medic-vancouver.csl"),
                                validate=False)
    asked: list[str] = []
    xpath = citeproc_model.CitationStylesElement.xpath
    monkeypatch.setattr(citeproc_model.CitationStylesElement, "xpath",
                        lambda self, expression, **kw: asked.append(expression)
                        or xpath(self, expression, **kw))
    root = style.root
    first = root.xpath_search("cs:macro[1]")
    first.clear()  # a caller's list is its own
    again = root.xpath_search("cs:macro[1]")
    other = root.xpath_search("cs:macro[2]")
    assert asked == ["cs:macro[1]", "cs:macro[2]"]
    assert [m.get("name") for m in again] == [xpath(root, "cs:macro[1]",
                                                    namespaces=root.nsmap)[0].get("name")]
    assert again != other
