"""Hostile text in content fields adds nothing that runs: built end to end with MkDocs.

Each page of the tiny site is built twice, once as it is and once with hostile values in
the fields staff control; the active parts of every page (script elements, event handlers,
script URLs: tests/html_safety.py) must be the same in both.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import yaml
from html_safety import ACTIVE_TAGS, ActiveParts
from test_site import copy_tiny, mkdocs_build

SCRIPT = '"><script>alert(1)</script>'
LINKS = ("[a](&#106;avascript:alert(1)) [b](java&#9;script:alert(1)) "
         "[c](javascript&#58;alert(1)) ![d](&#106;avascript:alert(1)) <img src=x onerror=alert(1)>")


def active_parts_of_site(site: Path) -> dict[str, Counter]:
    parts = {}
    for page in sorted(site.rglob("*.html")):
        parser = ActiveParts(allowed_tags=set())
        parser.feed(page.read_text(encoding="utf-8"))
        parts[str(page.relative_to(site))] = Counter(parser.found)
    return parts


def make_hostile(project: Path) -> None:
    settings = project / "content" / "site.yml"
    data = yaml.safe_load(settings.read_text())
    data["description"] = f"{SCRIPT} {LINKS}"
    settings.write_text(yaml.safe_dump(data))
    programme = project / "content" / "programmes" / "demo.yml"
    data = yaml.safe_load(programme.read_text())
    data["description"] = LINKS
    data["summary"] = SCRIPT
    programme.write_text(yaml.safe_dump(data))


def test_hostile_descriptions_add_nothing_that_runs(tmp_path):
    project = copy_tiny(tmp_path)
    clean = mkdocs_build(project / "mkdocs.yml", tmp_path / "clean", "--strict")
    assert clean.returncode == 0, clean.stderr
    make_hostile(project)
    hostile = mkdocs_build(project / "mkdocs.yml", tmp_path / "hostile", "--strict")
    assert hostile.returncode == 0, hostile.stderr
    before, after = (active_parts_of_site(tmp_path / d) for d in ("clean", "hostile"))
    assert before.keys() == after.keys()
    for page in before:
        assert after[page] == before[page], page
    home = (tmp_path / "hostile" / "index.html").read_text(encoding="utf-8")
    descriptions = re.findall(r'<meta name="description" content="([^"]*)">', home)
    assert descriptions and all("<" not in d for d in descriptions)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home  # shown, as text


def test_the_comparison_sees_an_added_script():
    parser = ActiveParts(allowed_tags=set())
    parser.feed('<p>x</p><script>alert(1)</script><a href="&#106;avascript:x">y</a>')
    assert parser.found == ["<script>", "<a href='javascript:x'>"]
    assert "script" in ACTIVE_TAGS


def test_a_hand_written_page_keeps_no_raw_html_that_runs(tmp_path):
    project = copy_tiny(tmp_path)
    page = project / "content" / "pages" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n\n"
                    "<img src=x onerror=alert(1)> [x](javascript:alert(1)) "
                    "<a href='&#106;avascript:alert(1)'>y</a> **kept**\n", encoding="utf-8")
    result = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    clean = mkdocs_build(copy_tiny(tmp_path / "clean") / "mkdocs.yml", tmp_path / "clean-site")
    assert clean.returncode == 0, clean.stderr
    before, after = (active_parts_of_site(tmp_path / d) for d in ("clean-site", "site"))
    assert after["about/index.html"] == before["about/index.html"]
    assert "<strong>kept</strong>" in (tmp_path / "site" / "about" / "index.html").read_text()
