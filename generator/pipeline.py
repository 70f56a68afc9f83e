"""The whole pipeline, load -> check -> cite -> plan pages -> render, as plain functions.

``build`` and ``check`` run the same loaders and the same named checks
(``checks.BUILD_CHECKS``) with the same options; ``check`` adds ``checks.CHECK_ONLY``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from jinja2 import TemplateError

from . import parallel
from .checks import BUILD_CHECKS, CHECK_ONLY, Context, run_checks
from .cite.formatter import CitationFormatter, resolve_style
from .load import bibtex
from .load.bibtex import load_bibliography
from .load.content import load_outputs, load_people, load_programmes, load_settings
from .load.project import engine_settings
from .model import Entry, Formatted, Later, Problem, Severity, Site
from .site.exports import Downloads, entry_pieces
from .site.feeds import plan_feeds, render_feeds
from .site.head import robots_txt
from .site.kept import Kept, files_digest, key_of
from .site.plan import Page, download_sets, plan_pages
from .site.render import make_environment, render_pages
from .site.template_errors import template_problem

PACKAGE_THEME = Path(__file__).resolve().parent.parent / "theme"
PARALLEL_FROM = 300  # from this many entries' downloads to make, they are made in processes

@dataclass(frozen=True)
class Options:
    root: Path
    directory_urls: bool = True
    cache_dir: Path | None = None
    theme_dirs: tuple[Path, ...] = ()
    pages_dir: Path | None = None  # hand-written pages and images; default content/pages
    site_url: str = ""  # the site's address (MkDocs' site_url); "" when it is not known
    preview: bool = False  # render even with errors, what has them left out (mkdocs serve)

    @property
    def static_dir(self) -> Path:
        return self.pages_dir or self.root / "content" / "pages"

    @classmethod
    def of_project(cls, folder: Path) -> Options:
        """The options ``mkdocs build`` would use for the project in ``folder``."""
        engine = engine_settings(folder)
        return cls(root=engine.root, directory_urls=engine.directory_urls,
                   cache_dir=engine.root / engine.cache_dir if engine.cache_dir else None,
                   theme_dirs=(engine.theme_dir,) if engine.theme_dir else (),
                   pages_dir=engine.pages_dir)


@dataclass
class Result:
    site: Site | None = None
    pages: list[Page] = field(default_factory=list)
    rendered: dict[str, str] = field(default_factory=dict)  # pages and feeds, by path
    problems: list[Problem] = field(default_factory=list)
    # For a preview: each `.bib` file's text as read, by its path as shown (preview.py).
    texts: dict[str, str] = field(default_factory=dict)
    downloads: Downloads = field(default_factory=lambda: Downloads([]))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load_site(root: Path, cache_dir: Path | None = None, remember: bool = False,
              later: Later | None = None) -> tuple[Site | None, list[Problem]]:
    """Read every content file; the site is None only when settings could not be read.
    ``remember``: this process builds again (a preview), keep what was read in memory;
    ``later``: put off keeping what was read afresh (see `build`)."""
    settings, problems = load_settings(root)
    people, found = load_people(root)
    programmes, more = load_programmes(root)
    outputs, still = load_outputs(root)
    entries, last = load_bibliography(root, cache_dir, remember, later)
    problems += found + more + still + last
    if settings is None:
        return None, problems
    unreadable = tuple(sorted({p.source.path for p in problems if p.severity is Severity.ERROR}))
    return Site(settings, tuple(people), tuple(programmes), tuple(outputs), tuple(entries),
                unreadable), problems


def check_site(site: Site, options: Options, today: date | None = None,
               checks=BUILD_CHECKS) -> list[Problem]:
    """The named checks, and whether the citation style can be found."""
    context = Context(site, options.root, options.static_dir, today)
    return run_checks(checks, context) + resolve_style(
        site.settings.citation_style, options.root, site.settings.source, style_dirs(options))[1]


def check(root: Path, today: date | None = None,
          options: Options | None = None) -> tuple[Site | None, list[Problem]]:
    """Every problem the build would report, without building, and those of the checks that
    depend on ``today`` (default: the real date), which only `showcase check` runs."""
    options = options or Options.of_project(root)
    site, problems = load_site(options.root)  # no parse cache: a one-off reading
    if site is not None:
        problems += check_site(site, options, today, BUILD_CHECKS + CHECK_ONLY)
    return site, sorted(set(problems))


def format_citations(site: Site, options: Options) -> tuple[dict[str, Formatted], list[Problem]]:
    settings = site.settings
    style, problems = resolve_style(settings.citation_style, options.root, settings.source,
                                    style_dirs(options))
    if style is None:
        return {}, problems
    cache = options.cache_dir / "citations.json" if options.cache_dir else None
    formatter = CitationFormatter(style, settings.locale, cache)
    citations, problems = formatter.format(list(site.entries))
    formatter.write_cache()
    return citations, problems


def build(options: Options, later: Later | None = None) -> Result:
    """Everything needed to write the site; pages are rendered only when nothing is in error,
    or for a preview, which shows what loaded and leaves out the records in error.

    What is kept for the next build (parsed files, pages) is written as it is made, or with
    ``later``, by functions put there for the caller to run when it has time (`keep`): a
    build does while Pagefind finishes the search index, when one core has nothing to do.
    """
    site, problems = load_site(options.root, options.cache_dir, options.preview, later)
    if site is None:
        return Result(problems=sorted(set(problems)))
    problems += run_checks(BUILD_CHECKS, Context(site, options.root, options.static_dir))
    # Made from now, beside the citations and pages, unless nothing will be rendered.
    pieces = KeptPieces(site, options) if options.preview or not any(
        problem.severity is Severity.ERROR for problem in problems) else None
    try:
        citations, found = format_citations(site, options)
        problems = sorted(set(problems + found))
        pages = plan_pages(site, citations)
        result = Result(site, pages, {}, problems,
                        dict(bibtex.LAST_TEXTS) if options.preview else {})
        if not result.errors or options.preview:
            try:
                result.rendered, result.downloads = render_site(site, pages, options, pieces,
                                                                later)
            except TemplateError as error:
                result.problems.append(template_problem(error, options.root))
    finally:
        if pieces is not None:
            pieces.stop()  # where they were not used
    return result


def keep(later: Later | None) -> None:
    """Write what a build put off keeping (``build``'s ``later``), in the order put there."""
    while later:
        later.pop(0)()


def render_site(site: Site, pages: list[Page], options: Options,
                pieces: KeptPieces | None = None, later: Later | None = None
                ) -> tuple[dict[str, str], Downloads]:
    """Every generated page and feed, by its path in the site, and the downloads, made as
    they are written (from ``pieces``, where they are being made already). What was made
    before from the same data, fragments and code is taken from the cache (site/kept.py)."""
    folders = template_dirs(options)
    environment = make_environment(folders)
    feeds = plan_feeds(pages, site.settings) if options.site_url else []
    kept_pages = Kept(options.cache_dir / "pages" if options.cache_dir else None,
                      remember=options.preview, later=later)
    templates, memo = files_digest(folders), {}
    rendered = render_pages(environment, pages, site.settings, options.directory_urls,
                            options.site_url, feeds, kept_pages, templates, memo)
    rendered |= render_feeds(environment, feeds, site.settings, options.site_url,
                             options.directory_urls, kept_pages, templates, memo)
    rendered["robots.txt"] = robots_txt(options.site_url)
    kept_pages.prune()
    return rendered, (pieces or KeptPieces(site, options)).downloads()


class KeptPieces:
    """Each entry's downloads in pieces (BibTeX, RIS, CSL-JSON), kept between builds under
    a digest of the entry and the code. Those not kept are made from the moment this is
    made: in a process of its own where one can be forked (in a cold build, while the
    citations are formatted and the pages rendered), in worker processes where many."""

    def __init__(self, site: Site, options: Options):
        self.site = site
        self.kept = Kept(options.cache_dir / "downloads" if options.cache_dir else None,
                         remember=options.preview)
        self.making = None if self.kept.folder is None else \
            parallel.Background(partial(make_missing, site.entries, self.kept))

    def downloads(self) -> Downloads:
        """The site's downloads. What this build will use is known now, so the rest of the
        pieces kept is let go now."""
        keys: dict[int, str] = {}
        if self.making is not None:
            made, written = self.making.result()
            self.making = None
            keys = {id(entry): key for entry, key in zip(self.site.entries, made, strict=True)}
            self.kept.present.update(written)  # kept by the process that made them

        def made_from(entry: Entry) -> str:
            if id(entry) not in keys:
                keys[id(entry)] = pieces_key(entry)
            return keys[id(entry)]

        def pieces(entry: Entry) -> dict[str, str]:
            return json.loads(self.kept.get(made_from(entry), partial(piece_text, entry)))

        downloads = Downloads(download_sets(self.site), pieces, made_from)
        self.kept.used.update(made_from(entry) for entry in self.site.entries)
        self.kept.prune()
        return downloads

    def stop(self) -> None:
        if self.making is not None:
            self.making.stop()
            self.making = None


def pieces_key(entry: Entry) -> str:
    return key_of("downloads", repr(entry))


def make_missing(entries: list[Entry], kept: Kept) -> tuple[list[str], list[str]]:
    """Each entry's key, and the keys of the pieces made (in processes where many) and kept
    because ``kept`` did not hold them."""
    keys = [pieces_key(entry) for entry in entries]
    missing = [n for n, key in enumerate(keys) if not kept.has(key)]
    made = parallel.in_processes(lambda n: piece_text(entries[n]), missing, PARALLEL_FROM)
    for n, text in zip(missing, made, strict=True):
        kept.get(keys[n], partial(str, text))
    return keys, [keys[n] for n in missing]


def piece_text(entry: Entry) -> str:
    return json.dumps(entry_pieces(entry), ensure_ascii=False)


def theme_folders(options: Options) -> list[Path]:
    """A site's own theme folders first, then the one that ships with showcase."""
    return list(dict.fromkeys([*options.theme_dirs, options.root / "theme", PACKAGE_THEME]))


def template_dirs(options: Options) -> list[Path]:
    return [f / "fragments" for f in theme_folders(options) if (f / "fragments").is_dir()]


def style_dirs(options: Options) -> list[Path]:
    return [f / "csl" for f in theme_folders(options) if (f / "csl").is_dir()]
