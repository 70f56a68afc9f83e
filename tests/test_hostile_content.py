"""Property: hostile text in any content field adds nothing that runs to any page.

Hypothesis writes generated strings, built from the payloads that got through before and
random text, into every text field staff control (site settings, programme, output,
person, and BibTeX fields), builds the tiny site through the pipeline and parses every
rendered page with an HTML parser. The active parts of each page (script-bearing elements,
event handlers, script URLs: tests/html_safety.py) must be those of the same site built
with plain text in the same fields. The whole site, through MkDocs and Material, is
covered by tests/test_injection.py, and in Chromium by tests/browser/test_hostile.py.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from functools import cache
from pathlib import Path

import yaml
from html_safety import ActiveParts
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from generator.pipeline import Options, build
from generator.text.latex import escape_latex

TINY = Path(__file__).resolve().parent / "sites" / "tiny"
PAYLOADS = [
    "<script>alert(1)</script>", '"><script>alert(1)</script>', "'><img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))", "[x](&#106;avascript:alert(1))", "[x](java&#9;script:alert(1))",
    "[x](javascript&#58;alert(1))", "![i](&#106;avascript:alert(1))", "<iframe src=//x>",
    "<object data=x>", "<embed src=x>", "<svg onload=alert(1)>", "</textarea>", "-->",
    "{{ 7*7 }}", "{% raw %}", "&lt;script&gt;", "\u202e", "\x00", "<a href='data:text/html,x'>",
    "`<b>`", "*x*", "</script>", "<!--", "]]>", "javascript:", "&amp;", "\\", "{", "}",
]
HOSTILE = st.lists(st.one_of(st.sampled_from(PAYLOADS), st.text(max_size=6)), max_size=6).map(
    "".join)
# URL fields must be web addresses; what follows the scheme is hostile.
HOSTILE_URL = HOSTILE.map(lambda text: "https://example.org/" + "".join(text.split()))


def write_project(folder: Path, text: dict[str, str]) -> Path:
    """The tiny site with ``text`` in its fields (see ``FIELDS``)."""
    project = folder / "project"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(TINY, project)
    edit_yaml(project / "content" / "site.yml", lambda d: d.update(
        title=text["site"] or "T", description=text["site"]))
    edit_yaml(project / "content" / "programmes" / "demo.yml", lambda d: d.update(
        title=text["a"] or "T", short_title=text["b"], summary=text["a"] or "S",
        description=text["b"], partners=[{"name": text["a"] or "P", "url": text["url"]}],
        links=[{"title": text["b"] or "L", "url": text["url"]}]))
    edit_yaml(project / "content" / "outputs" / "test-video.yml", lambda d: d.update(
        title=text["b"] or "T", summary=text["a"], partners=[text["a"] or "P"],
        languages=[text["b"] or "L"], links=[{"title": text["a"] or "L", "url": text["url"]}]))
    edit_yaml(project / "content" / "people.yml", lambda d: d["people"][0].update(
        name=text["a"] or "N", role=text["b"], url=text["url"]))
    bib = project / "bibliography" / "tiny.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + bib_entry(text), encoding="utf-8")
    return project


def edit_yaml(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def bib_entry(text: dict[str, str]) -> str:
    value = {name: escape_latex(v) for name, v in text.items()}
    return ("\n@inproceedings{hostileprop,\n"
            f"  author = {{{{{value['a'] or 'A'}}}, {{{value['b'] or 'B'}}}}},\n"
            f"  title = {{{value['a'] or 'T'}}},\n  booktitle = {{{value['b'] or 'B'}}},\n"
            f"  note = {{{value['a']}}},\n  abstract = {{{value['b']}}},\n"
            f"  keywords = {{{value['a']}}},\n  url = {{{value['url']}}},\n"
            "  year = {2020},\n  programmes = {demo},\n}\n")


def active_parts(project: Path) -> dict[str, Counter]:
    result = build(Options(project))
    assert not result.errors, [str(p) for p in result.errors]
    parts = {}
    for path, content in sorted(result.rendered.items()):
        if not path.endswith(MARKUP):
            continue  # downloads are data files, served as such; their names follow the title
        parser = ActiveParts()
        parser.feed(content)
        parts[path] = Counter(parser.found)
    return parts


MARKUP = (".md", ".html", ".xml", ".svg")
PLAIN = {"site": "Plain site", "a": "plain a", "b": "plain b",
         "url": "https://example.org/plain"}


@cache
def plain_parts() -> dict[str, Counter]:
    """The active parts of the site with plain text in the same fields: the templates' own."""
    return active_parts(write_project(Path(tempfile.mkdtemp()), PLAIN))


# No shrinking: each example is a whole build, and the failing example is printed as found.
@settings(max_examples=12, deadline=None, derandomize=True,
          phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(site=HOSTILE, a=HOSTILE, b=HOSTILE, url=HOSTILE_URL)
def test_hostile_text_in_any_field_adds_nothing_that_runs(tmp_path: Path, site: str, a: str,
                                                          b: str, url: str) -> None:
    expected = plain_parts()
    text = {"site": site, "a": a, "b": b, "url": url}
    found = active_parts(write_project(tmp_path / "hostile", text))
    assert found.keys() == expected.keys()
    for path in expected:
        assert found[path] == expected[path], path


def test_the_payloads_themselves_add_nothing_that_runs(tmp_path: Path) -> None:
    expected = plain_parts()
    for start in range(0, len(PAYLOADS), 6):  # six payloads a build, each in every field
        payload = " ".join(PAYLOADS[start:start + 6])
        text = {"site": payload, "a": payload, "b": payload,
                "url": "https://example.org/" + "".join(payload.split())}
        found = active_parts(write_project(tmp_path / "hostile", text))
        assert found == expected, payload
