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
from .model import Entry, Formatted, Problem, Severity, Site
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


def load_site(root: Path, cache_dir: Path | None = None,
              remember: bool = False) -> tuple[Site | None, list[Problem]]:
    """Read every content file; the site is None only when settings could not be read.
    ``remember``: this process builds again (a preview), keep what was read in memory."""
    settings, problems = load_settings(root)
    people, found = load_people(root)
    programmes, more = load_programmes(root)
    outputs, still = load_outputs(root)
    entries, last = load_bibliography(root, cache_dir, remember)
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


def build(options: Options) -> Result:
    """Everything needed to write the site; pages are rendered only when nothing is in error,
    or for a preview, which shows what loaded and leaves out the records in error."""
    site, problems = load_site(options.root, options.cache_dir, remember=options.preview)
    if site is None:
        return Result(problems=sorted(set(problems)))
    problems += run_checks(BUILD_CHECKS, Context(site, options.root, options.static_dir))
    citations, found = format_citations(site, options)
    problems = sorted(set(problems + found))
    pages = plan_pages(site, citations)
    result = Result(site, pages, {}, problems,
                    dict(bibtex.LAST_TEXTS) if options.preview else {})
    if not result.errors or options.preview:
        try:
            result.rendered, result.downloads = render_site(site, pages, options)
        except TemplateError as error:
            result.problems.append(template_problem(error, options.root))
    return result


def render_site(site: Site, pages: list[Page],
                options: Options) -> tuple[dict[str, str], Downloads]:
    """Every generated page and feed, by its path in the site, and the downloads, made as
    they are written. What was made before from the same data, fragments and code is taken
    from the cache (site/kept.py)."""
    folders = template_dirs(options)
    environment = make_environment(folders)
    feeds = plan_feeds(pages, site.settings) if options.site_url else []
    kept_pages = Kept(options.cache_dir / "pages" if options.cache_dir else None,
                      remember=options.preview)
    templates, memo = files_digest(folders), {}
    rendered = render_pages(environment, pages, site.settings, options.directory_urls,
                            options.site_url, feeds, kept_pages, templates, memo)
    rendered |= render_feeds(environment, feeds, site.settings, options.site_url,
                             options.directory_urls, kept_pages, templates, memo)
    rendered["robots.txt"] = robots_txt(options.site_url)
    kept_pages.prune()
    return rendered, kept_downloads(site, options)


def kept_downloads(site: Site, options: Options) -> Downloads:
    """The site's downloads, each entry's pieces kept between builds under a digest of the
    entry and the code. What this build will use is known now, so the rest is let go now."""
    kept = Kept(options.cache_dir / "downloads" if options.cache_dir else None,
                remember=options.preview)
    keys: dict[int, str] = {}

    def made_from(entry: Entry) -> str:
        if id(entry) not in keys:
            keys[id(entry)] = key_of("downloads", repr(entry))
        return keys[id(entry)]

    def pieces(entry: Entry) -> dict[str, str]:
        return json.loads(kept.get(made_from(entry), partial(piece_text, entry)))

    if kept.folder is not None:  # a cold build's pieces, made in processes and kept
        missing = [entry for entry in site.entries if not kept.has(made_from(entry))]
        for entry, text in zip(missing, parallel.in_processes(piece_text, missing,
                                                              PARALLEL_FROM), strict=True):
            kept.get(made_from(entry), partial(str, text))
    downloads = Downloads(download_sets(site), pieces, made_from)
    kept.used.update(made_from(entry) for entry in site.entries)
    kept.prune()
    return downloads


def piece_text(entry: Entry) -> str:
    return json.dumps(entry_pieces(entry), ensure_ascii=False)


def theme_folders(options: Options) -> list[Path]:
    """A site's own theme folders first, then the one that ships with showcase."""
    return list(dict.fromkeys([*options.theme_dirs, options.root / "theme", PACKAGE_THEME]))


def template_dirs(options: Options) -> list[Path]:
    return [f / "fragments" for f in theme_folders(options) if (f / "fragments").is_dir()]


def style_dirs(options: Options) -> list[Path]:
    return [f / "csl" for f in theme_folders(options) if (f / "csl").is_dir()]
