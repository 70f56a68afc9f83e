"""`showcase add`: recorded and constructed responses (tests/fixtures/http/, see its README)
served from a local http.server; doi.org and NCBI are never contacted."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.cli import main
from generator.edit import lookup
from generator.edit.bibtex_writer import format_bibtex
from generator.edit.lookup import Person, Record, parse_identifier, record_from_csl
from generator.edit.new_entry import initials, make_entry, make_key
from generator.load.bibtex import load_bibliography, load_bibtex_text
from generator.pipeline import check

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures" / "http"
WASSERMAN = "10.1146/annurev-statistics-031017-100045"
ZMOJDA = "10.1016/j.jlumin.2015.09.036"


class Web:
    """What the fake doi.org and E-utilities answer: path -> (status, body file or bytes)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[tuple[str, str]] = []
        self.delay = 0.0

    def doi(self, doi: str, fixture: str, status: int = 200) -> None:
        self.routes[f"/doi/{doi.lower()}"] = (status, (FIXTURES / fixture).read_bytes())

    def pmid(self, pmid: str, fixture: str) -> None:
        self.routes[f"/esummary/{pmid}"] = (200, (FIXTURES / fixture).read_bytes())


class QuietServer(ThreadingHTTPServer):
    """A client that gave up (the timeout test) makes the reply fail: expected, not news."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch):
    state = Web()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            path = f"/esummary/{query['id'][0]}" if url.path == "/esummary" else \
                urllib.parse.unquote(url.path).lower()  # DOIs are not case-sensitive
            state.requests.append((path, self.headers.get("Accept", "")))
            time.sleep(state.delay)
            status, body = state.routes.get(path, (404, b"DOI Not Found"))
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setattr(lookup, "DOI_BASE", f"{base}/doi/")
    monkeypatch.setattr(lookup, "ESUMMARY", f"{base}/esummary")
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the default content, to add to."""
    for folder in ("content", "bibliography"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def add(root: Path, *args: str) -> int:
    return main(["add", *args, "--root", str(root)])


def publications(root: Path) -> str:
    return (root / "bibliography" / "publications.bib").read_text(encoding="utf-8")


def remove_entry(root: Path, key: str) -> str:
    """Take an entry out of publications.bib; returns its text."""
    text = publications(root)
    start = text.index(f"@article{{{key},")
    end = text.index("\n}\n", start) + 3
    (root / "bibliography" / "publications.bib").write_text(text[:start] + text[end:].lstrip(
        "\n"), encoding="utf-8")
    return text[start:end - 1]


# ---- success ---------------------------------------------------------------------------


WASSERMAN_ENTRY = """\
@article{wasserman2018topological,
  author     = {Wasserman, L.},
  title      = {Topological Data Analysis},
  journal    = {Annual Review of Statistics and Its Application},
  date       = {2018-03-07},
  volume     = {5},
  number     = {1},
  pages      = {501--532},
  doi        = {10.1146/annurev-statistics-031017-100045},
  programmes = {watcch},
}"""


def test_a_doi_adds_one_clean_entry(web: Web, project: Path, capsys) -> None:
    web.doi(WASSERMAN, "doi-10.1146-annurev-statistics-031017-100045.json")
    before = publications(project)
    assert add(project, WASSERMAN, "--programme", "watcch") == 0
    assert publications(project) == before + "\n" + WASSERMAN_ENTRY + "\n"
    out, err = capsys.readouterr()
    assert err == ""
    line = before.count("\n") + 2
    assert out.startswith(f"Added entry 'wasserman2018topological' to "
                          f"bibliography/publications.bib:{line}:\n\n{WASSERMAN_ENTRY}\n")
    assert out.splitlines()[-1].startswith("showcase add: the new entry has no problems; "
                                           "elsewhere in the project: ")
    assert web.requests == [(f"/doi/{WASSERMAN}", "application/vnd.citationstyles.csl+json")]


@pytest.mark.parametrize("written", [f"https://doi.org/{WASSERMAN}", f"doi:{WASSERMAN}",
                                     f"http://dx.doi.org/{WASSERMAN}", f"DOI {WASSERMAN}"])
def test_a_doi_may_be_given_as_an_address(web: Web, project: Path, written: str) -> None:
    web.doi(WASSERMAN, "doi-10.1146-annurev-statistics-031017-100045.json")
    assert add(project, written, "--programme", "watcch") == 0
    assert publications(project).endswith(WASSERMAN_ENTRY + "\n")


def test_a_recorded_response_with_unicode_keeps_it(web: Web, project: Path) -> None:
    web.doi(ZMOJDA, "doi-10.1016-j.jlumin.2015.09.036.json")
    assert add(project, ZMOJDA, "--programme", "watcch") == 0
    assert publications(project).endswith("""\
@article{zmojda2016investigation,
  author     = {Zmojda, J. and Kochanowicz, M. and Miluski, P. and Dorosz, J. and Pisarska, J. \
and Pisarski, W. A. and Dorosz, D.},
  title      = {Investigation of upconversion luminescence in antimony–germanate double-clad \
two cores optical fiber co-doped with Yb3+/Tm3+ and Yb3+/Ho3+ ions},
  journal    = {Journal of Luminescence},
  year       = {2016},
  month      = {feb},
  volume     = {170},
  pages      = {795--800},
  doi        = {10.1016/j.jlumin.2015.09.036},
  programmes = {watcch},
}
""")


def test_a_pmid_adds_an_entry_from_pubmed(web: Web, project: Path) -> None:
    web.pmid("27933103", "esummary-27933103.json")
    assert add(project, "27933103") == 0
    assert publications(project).endswith("""\
@article{scalfani2016programmatic,
  author  = {Scalfani, V. F. and Williams, A. J. and Tkachenko, V. and Karapetyan, K. and \
Pshenichnov, A. and Hanson, R. M. and Liddie, J. M. and Bara, J. E.},
  title   = {Programmatic conversion of crystal structures into 3D printable files using Jmol},
  journal = {Journal of cheminformatics},
  year    = {2016},
  volume  = {8},
  pages   = {66},
  doi     = {10.1186/s13321-016-0181-z},
  pmid    = {27933103},
}
""")


def test_without_a_programme_the_check_says_what_to_do(web: Web, project: Path,
                                                        capsys) -> None:
    web.pmid("27933103", "esummary-27933103.json")
    assert add(project, "PMID: 27933103") == 0
    out = capsys.readouterr().out
    assert "warning: entry 'scalfani2016programmatic': it is not linked to any programme; " \
           "add it, or if the source does not give it, add 'programmes' to known_gaps" in out
    assert "the new entry has 1 warning" in out


@pytest.mark.parametrize(("key", "fixture", "doi"), [
    ("fyfe2020widening", "doi-10.1136-bmj.m966.json", "10.1136/bmj.m966"),
    ("dutta2021cultural", "doi-10.1080-14739879.2021.1900749.json",
     "10.1080/14739879.2021.1900749"),
])
def test_the_house_style_is_what_staff_write(web: Web, project: Path, key: str, fixture: str,
                                             doi: str) -> None:
    """Taken out and added back from its DOI, an entry comes back byte for byte."""
    original = remove_entry(project, key)
    programmes = load_bibtex_text(original, "x.bib")[0][0].programmes
    # `known_gaps = {programmes}` is the staff's own word, not something a lookup gives
    original = format_bibtex(re.sub(r"\n  known_gaps *= \{programmes\},", "",
                                    original)).strip("\n")
    web.doi(doi, fixture)
    assert add(project, doi, *[f"--programme={p}" for p in programmes]) == 0
    assert publications(project).endswith(original + "\n")


def test_an_entry_added_back_reads_the_same(web: Web, project: Path) -> None:
    original = remove_entry(project, "houbby2020reflection")
    web.doi("10.1080/14739879.2020.1744191", "doi-10.1080-14739879.2020.1744191.json")
    assert add(project, "10.1080/14739879.2020.1744191", "--programme",
               "community-action-project") == 0
    before = load_bibtex_text(original, "x.bib")[0][0]
    after = next(e for e in load_bibliography(project)[0] if e.key == before.key)
    assert (after.title, after.authors, after.date, after.fields, after.programmes) == \
        (before.title, before.authors, before.date, before.fields, before.programmes)


def test_a_new_file_is_created(web: Web, project: Path) -> None:
    web.doi(WASSERMAN, "doi-10.1146-annurev-statistics-031017-100045.json")
    assert add(project, WASSERMAN, "--programme", "watcch", "--file",
               "bibliography/statistics.bib") == 0
    assert (project / "bibliography" / "statistics.bib").read_text(encoding="utf-8") == \
        WASSERMAN_ENTRY + "\n"
    site, problems = check(project)
    assert [p for p in problems if p.severity.value != "note"] == []


def test_a_taken_key_gets_a_letter(web: Web, project: Path) -> None:
    other = WASSERMAN_ENTRY.replace("Topological Data Analysis", "Topological data, again")
    other = other.replace(WASSERMAN, "10.1000/other")
    (project / "bibliography" / "statistics.bib").write_text(other + "\n", encoding="utf-8")
    web.doi(WASSERMAN, "doi-10.1146-annurev-statistics-031017-100045.json")
    assert add(project, WASSERMAN, "--programme", "watcch") == 0
    assert "@article{wasserman2018topologicala," in publications(project)


# ---- refusals: duplicates --------------------------------------------------------------


def test_a_doi_already_there_is_refused(web: Web, project: Path, capsys) -> None:
    web.doi("10.1136/bmj.m966", "doi-10.1136-bmj.m966.json")
    before = publications(project)
    assert add(project, "https://doi.org/10.1136/BMJ.M966") == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", "showcase add: DOI 10.1136/BMJ.M966 is already in the "
                          "bibliography: entry 'fyfe2020widening' at "
                          "bibliography/publications.bib:82 has the same DOI; nothing was "
                          "written\n")
    assert publications(project) == before


def test_a_title_already_there_is_refused(web: Web, project: Path, capsys) -> None:
    text = publications(project).replace("  doi        = {10.1136/bmj.m966},\n", "")
    (project / "bibliography" / "publications.bib").write_text(text, encoding="utf-8")
    web.doi("10.1136/bmj.m966", "doi-10.1136-bmj.m966.json")
    assert add(project, "10.1136/bmj.m966") == 1
    assert capsys.readouterr().err == (
        "showcase add: DOI 10.1136/bmj.m966 is already in the bibliography: entry "
        "'fyfe2020widening' at bibliography/publications.bib:82 has nearly the same title; "
        "nothing was written\n")
    assert publications(project) == text


def test_a_pmid_already_there_is_refused(web: Web, project: Path, capsys) -> None:
    entry = WASSERMAN_ENTRY.replace("  programmes", "  pmid       = {27933103},\n  programmes")
    (project / "bibliography" / "other.bib").write_text(entry + "\n", encoding="utf-8")
    web.pmid("27933103", "esummary-27933103.json")
    assert add(project, "27933103") == 1
    assert capsys.readouterr().err == (
        "showcase add: PMID 27933103 is already in the bibliography: entry "
        "'wasserman2018topological' at bibliography/other.bib:1 has the same PubMed ID; "
        "nothing was written\n")


# ---- refusals: failures ----------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(("setup", "identifier", "message"), [
    (lambda web: None, "10.1000/unknown",
     "no record was found for DOI 10.1000/unknown (127.0.0.1 answered 404 (not found)); "
     "check the identifier; nothing was written"),
    (lambda web: web.pmid("999999999", "esummary-unknown-id.json"), "999999999",
     "no record was found for PMID 999999999 (PubMed has no summary for it); check the "
     "identifier; nothing was written"),
    (lambda web: web.doi("10.1000/down", "not-json.html", status=503), "10.1000/down",
     "could not look up DOI 10.1000/down: 127.0.0.1 answered HTTP 503 (Service "
     "Unavailable); try again later; nothing was written"),
    (lambda web: web.doi("10.1000/html", "not-json.html"), "10.1000/html",
     "could not look up DOI 10.1000/html: the answer was not the JSON expected; nothing was "
     "written"),
    (lambda web: web.doi("10.1000/notitle", "csl-without-title.json"), "10.1000/notitle",
     "could not look up DOI 10.1000/notitle: the CSL-JSON answer has no title; nothing was "
     "written"),
], ids=["404", "unknown-pmid", "http-503", "not-json", "no-title"])
def test_a_failed_lookup_writes_nothing(web: Web, project: Path, capsys, setup, identifier,
                                        message) -> None:
    setup(web)
    before = publications(project)
    assert add(project, identifier, "--programme", "watcch") == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"showcase add: {message}\n")
    assert publications(project) == before


def test_a_timeout_writes_nothing(web: Web, project: Path, capsys) -> None:
    web.doi(WASSERMAN, "doi-10.1146-annurev-statistics-031017-100045.json")
    web.delay = 1.0
    before = publications(project)
    assert add(project, WASSERMAN, "--timeout", "0.2") == 1
    assert capsys.readouterr().err == (
        f"showcase add: could not look up DOI {WASSERMAN}: 127.0.0.1 did not answer within "
        "0.2 seconds; check your connection and try again; nothing was written\n")
    assert publications(project) == before


def test_no_network_writes_nothing(project: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(lookup, "DOI_BASE", f"http://127.0.0.1:{closed_port()}/")
    before = publications(project)
    assert add(project, WASSERMAN) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"showcase add: could not look up DOI {WASSERMAN}: could not reach "
                          "127.0.0.1 (")
    assert err.endswith("); check your connection and try again; nothing was written\n")
    assert len(err.splitlines()) == 1
    assert publications(project) == before


# ---- usage errors: exit 2 before any lookup ---------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["10.1136/bmj.m966", "--programme", "watch"],
     "unknown programme id 'watch' (known programme ids: community-action-project, "
     "community-collaboration, deconstructing-bame, i-explore, school-outreach, ukmacs, "
     "watcch)"),
    (["bmj.m966"], "'bmj.m966' is not a DOI (like 10.1136/bmj.m966), a doi.org address or a "
     "PubMed ID (digits)"),
    (["10.1136/bmj.m966", "--file", "content/publications.bib"],
     "--file must be a .bib file in bibliography/, like bibliography/publications.bib; found "
     "'content/publications.bib'"),
    (["10.1136/bmj.m966", "--file", "bibliography/notes.txt"],
     "--file must be a .bib file in bibliography/, like bibliography/publications.bib; found "
     "'bibliography/notes.txt'"),
])
def test_usage_errors_stop_before_fetching(web: Web, project: Path, capsys, args,
                                           message) -> None:
    assert add(project, *args) == 2
    assert capsys.readouterr().err == f"showcase add: {message}\n"
    assert web.requests == []


# ---- the pieces ------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("10.1136/bmj.m966", ("doi", "10.1136/bmj.m966")),
    ("https://doi.org/10.1136/bmj.m966", ("doi", "10.1136/bmj.m966")),
    ("https://doi.org/10.1000%2Fabc", ("doi", "10.1000/abc")),
    ("doi.org/10.1136/bmj.m966", ("doi", "10.1136/bmj.m966")),
    ("https://doi.org/https://doi.org/10.1136/bmj.m966", ("doi", "10.1136/bmj.m966")),
    ("doi: 10.1136/bmj.m966", ("doi", "10.1136/bmj.m966")),
    ("27933103", ("pmid", "27933103")),
    ("pmid:27933103", ("pmid", "27933103")),
])
def test_identifiers(text: str, expected: tuple[str, str]) -> None:
    found = parse_identifier(text)
    assert (found.kind, found.value) == expected


@pytest.mark.parametrize("text", ["", "bmj.m966", "10.12/x", "1234567890", "doi.org/"])
def test_not_identifiers(text: str) -> None:
    assert parse_identifier(text) is None


def test_latex_specials_are_escaped_and_read_back_exactly() -> None:
    title = r"Costs & effects: 50% of $1 #2 in snake_case {braces} \ and ~ -- COVID-19 in UK"
    record = Record("article-journal", title, (Person("O’Brien & Co", "Ann-Marie"),),
                    container="Journal of A & B", date=(2020,))
    key, text = make_entry(record, [], set())
    assert key == "obrienco2020costs"
    assert r"{Costs \& effects: 50\% of \$1 \#2 in snake\_case \{braces\} \textbackslash{} " \
           r"and \textasciitilde{} -{}- {COVID}-19 in {UK}}" in text
    entry = load_bibtex_text(text, "x.bib")[0][0]
    assert entry.title == title
    assert entry.get("journal") == "Journal of A & B"
    assert entry.authors[0].family == "O’Brien & Co"


@pytest.mark.parametrize(("given", "expected"), [
    ("Larry", "L."), ("W.A.", "W. A."), ("Mary Elizabeth L.", "M. E. L."),
    ("Jean-Pierre", "J.-P."), ("V F", "V. F."), ("", ""),
])
def test_initials(given: str, expected: str) -> None:
    assert initials(given) == expected


def test_keys_skip_leading_articles_and_accents() -> None:
    record = Record("article-journal", "The <i>Müller</i> effect", (Person("Müller", "J."),),
                    date=(2021,))
    assert make_key(record, set()) == "muller2021muller"
    assert make_key(record, {"muller2021muller", "muller2021mullera"}) == "muller2021mullerb"


def test_csl_markup_other_than_italics_is_dropped() -> None:
    record = record_from_csl({"title": "A <scp>study</scp> of <i>E. coli</i>",
                              "type": "article-journal"})
    assert record.title == "A study of <i>E. coli</i>"


def test_pubmed_page_ranges_and_dates() -> None:
    data = json.loads((FIXTURES / "esummary-27933103.json").read_text(encoding="utf-8"))
    summary = data["result"]["27933103"]
    summary.update(pages="240-5", pubdate="2004 Feb")
    record = lookup.record_from_esummary(data, "27933103")
    assert (record.pages, record.date) == ("240--245", (2004, 2))
    assert record.title.endswith("using Jmol")


# ---- the replay server and the variables that point `showcase add` at it -------------


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch):
    """tests/fixtures/http/replay.py, run as the fixtures README tells people to run it."""
    spec = importlib.util.spec_from_file_location("replay", FIXTURES / "replay.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    server = module.make_server()
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("SHOWCASE_DOI_BASE", f"{base}/doi/")
    monkeypatch.setenv("SHOWCASE_ESUMMARY_URL", f"{base}/esummary")
    yield
    server.shutdown()
    server.server_close()


def test_the_replay_server_answers_a_new_doi(replay, project: Path, capsys) -> None:
    assert add(project, f"https://doi.org/{WASSERMAN.upper()}", "--programme", "watcch") == 0
    assert publications(project).endswith(WASSERMAN_ENTRY + "\n")
    assert "Added entry 'wasserman2018topological'" in capsys.readouterr().out


def test_the_replay_server_answers_a_pmid(replay, project: Path) -> None:
    assert add(project, "PMID: 27933103", "--programme", "watcch") == 0
    assert "  pmid       = {27933103},\n" in publications(project)


@pytest.mark.parametrize(("identifier", "message"), [
    ("10.1136/bmj.m966", "DOI 10.1136/bmj.m966 is already in the bibliography: entry "
     "'fyfe2020widening' at bibliography/publications.bib:82 has the same DOI; nothing was "
     "written"),
    ("10.1000/../../README", "no record was found for DOI 10.1000/../../README (127.0.0.1 "
     "answered 404 (not found)); check the identifier; nothing was written"),
    ("12345", "no record was found for PMID 12345 (PubMed has no summary for it); check the "
     "identifier; nothing was written"),
], ids=["seed-doi-again", "unknown-doi", "unknown-pmid"])
def test_the_replay_server_refuses_as_the_services_would(replay, project: Path, capsys,
                                                         identifier, message) -> None:
    before = publications(project)
    assert add(project, identifier, "--programme", "watcch") == 1
    assert capsys.readouterr().err == f"showcase add: {message}\n"
    assert publications(project) == before
