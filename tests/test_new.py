"""`showcase new`: skeletons that fail `showcase check` until filled in, then pass it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.edit.yaml_writer import format_yaml
from generator.pipeline import check

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project(tmp_path: Path) -> Path:
    for folder in ("content", "bibliography"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def new(root: Path, *args: str) -> int:
    return main(["new", *args, "--root", str(root)])


def fill(path: Path, values: dict[str, str]) -> None:
    """Put a value after each named empty field, as a member of staff would."""
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text, count = re.subn(rf"(?m)^(\s*{name}:)( \[\])?$", rf"\1 {value}", text, count=1)
        assert count == 1, name
    path.write_text(text, encoding="utf-8")


def failing(root: Path, strict: bool = True) -> list[str]:
    severities = {"error", "warning"} if strict else {"error"}
    return [str(p) for p in check(root)[1] if p.severity.value in severities]


def test_a_programme_skeleton_passes_once_filled(project: Path, capsys) -> None:
    assert new(project, "programme", "--id", "peer-mentoring") == 0
    path = project / "content" / "programmes" / "peer-mentoring.yml"
    assert capsys.readouterr().out == (
        "Wrote a skeleton for programme 'peer-mentoring' in "
        "content/programmes/peer-mentoring.yml: fill in the empty values, then run "
        "`showcase check`.\n")
    assert failing(project) == [
        "content/programmes/peer-mentoring.yml:6: error: programme needs the field 'title'",
        "content/programmes/peer-mentoring.yml:10: error: programme needs the field 'summary'"]
    fill(path, {"title": "Peer mentoring", "summary": "Students mentor pupils.",
                "status": "active", "leads": "[stephanie-powell]"})
    assert failing(project) == []
    assert main(["check", "--strict", "--root", str(project)]) == 0


def test_an_output_skeleton_passes_once_filled(project: Path) -> None:
    assert new(project, "output", "--id", "mentoring-video") == 0
    path = project / "content" / "outputs" / "mentoring-video.yml"
    assert failing(project) == [
        "content/outputs/mentoring-video.yml:6: error: output needs the field 'title'",
        "content/outputs/mentoring-video.yml:8: error: output needs the field 'kind'"]
    fill(path, {"title": "A video about mentoring", "kind": "video", "year": "2021",
                "languages": "[English]", "programmes": "[watcch]"})
    assert failing(project) == []


def test_the_output_skeleton_lists_the_kinds(project: Path) -> None:
    new(project, "output")
    text = (project / "content" / "outputs" / "new-output.yml").read_text(encoding="utf-8")
    assert "# One of: video, support-pack, workshop, leaflet, poster, website, other.\n" \
           "kind:\n" in text


def test_a_person_skeleton_passes_once_filled(project: Path) -> None:
    people = project / "content" / "people.yml"
    before = people.read_text(encoding="utf-8")
    assert new(project, "person", "--id", "sonia-kumar") == 0
    text = people.read_text(encoding="utf-8")
    assert text.startswith(before.rstrip("\n") + "\n\n  # A person.")
    assert failing(project) == ["content/people.yml:24: error: person needs the field 'name'"]
    fill(people, {"    name": "Professor Sonia Kumar"})
    assert failing(project) == ["content/people.yml:22: warning: person 'sonia-kumar' is not "
                                "referred to anywhere: no programme lists them in 'leads' or "
                                "'people', no output in 'people', and no author in the .bib "
                                "files matches their 'variants'; add them where they belong, "
                                "or remove them"]
    assert failing(project, strict=False) == []
    fill(people, {"    variants": '["Kumar, S."]'})
    assert failing(project) == []


def test_people_yml_is_created_when_missing(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    assert new(tmp_path, "person", "--id", "ann-smith") == 0
    text = (tmp_path / "content" / "people.yml").read_text(encoding="utf-8")
    assert text.startswith("people:\n  # A person.")
    assert "  - id: ann-smith\n" in text


def test_an_empty_people_list_gets_the_person(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "people.yml").write_text("# Our people.\npeople: []\n",
                                                     encoding="utf-8")
    assert new(tmp_path, "person", "--id", "ann-smith") == 0
    text = (tmp_path / "content" / "people.yml").read_text(encoding="utf-8")
    assert text.startswith("# Our people.\npeople:\n  # A person.")


@pytest.mark.parametrize(("kind", "ident", "path"), [
    ("programme", "watcch", "content/programmes/watcch.yml"),
    ("output", "caption-videos-bme-health-forum",
     "content/outputs/caption-videos-bme-health-forum.yml"),
])
def test_nothing_is_overwritten(project: Path, capsys, kind: str, ident: str,
                                path: str) -> None:
    before = (project / path).read_bytes()
    assert new(project, kind, "--id", ident) == 1
    assert capsys.readouterr().err == (f"showcase new: {path} already exists; choose another "
                                       "id with --id\n")
    assert (project / path).read_bytes() == before


def test_a_person_is_not_added_twice(project: Path, capsys) -> None:
    before = (project / "content" / "people.yml").read_bytes()
    assert new(project, "person", "--id", "nina-dutta") == 1
    assert capsys.readouterr().err == ("showcase new: content/people.yml already has a person "
                                       "with the id 'nina-dutta'; choose another id with "
                                       "--id\n")
    assert (project / "content" / "people.yml").read_bytes() == before


def test_a_people_file_in_another_layout_is_left_alone(tmp_path: Path, capsys) -> None:
    (tmp_path / "content").mkdir()
    people = tmp_path / "content" / "people.yml"
    people.write_text('people: [{id: ann, name: "Ann"}]\n', encoding="utf-8")
    assert new(tmp_path, "person", "--id", "bob") == 1
    assert "new person was not added; add them by hand" in capsys.readouterr().err
    assert people.read_text(encoding="utf-8") == 'people: [{id: ann, name: "Ann"}]\n'


@pytest.mark.parametrize("ident", ["Peer Mentoring", "peer_mentoring", "-x", "x-"])
def test_a_bad_id_is_a_usage_error(project: Path, capsys, ident: str) -> None:
    assert new(project, "programme", f"--id={ident}") == 2
    assert capsys.readouterr().err.startswith("showcase new: the id must be lower-case")


def test_an_unknown_kind_is_a_usage_error(project: Path) -> None:
    assert new(project, "publication") == 2


@pytest.mark.parametrize(("kind", "path", "shape"), [
    ("programme", "content/programmes/new-programme.yml", "programme"),
    ("output", "content/outputs/new-output.yml", "output"),
    ("person", "content/people.yml", "people"),
])
def test_skeletons_are_formatted_already(project: Path, kind: str, path: str,
                                         shape: str) -> None:
    new(project, kind)
    text = (project / path).read_text(encoding="utf-8")
    assert format_yaml(text, shape) == text
