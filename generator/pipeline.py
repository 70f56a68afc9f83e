"""The whole pipeline, load -> validate -> cite -> plan pages -> render, as plain functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .checks.records import check_extra
from .checks.references import check_site
from .cite.formatter import CitationFormatter, resolve_style
from .load.bibtex import load_bibliography
from .load.content import load_outputs, load_people, load_programmes, load_settings
from .model import Formatted, Problem, Settings, Severity, Site, Source
from .site.exports import export_files
from .site.plan import Page, download_sets, plan_pages
from .site.render import make_environment, render_pages

PACKAGE_THEME = Path(__file__).resolve().parent.parent / "theme"


@dataclass(frozen=True)
class Options:
    root: Path
    directory_urls: bool = True
    cache_dir: Path | None = None
    theme_dirs: tuple[Path, ...] = ()
    pages_dir: Path | None = None  # hand-written pages and images; default content/pages

    @property
    def static_dir(self) -> Path:
        return self.pages_dir or self.root / "content" / "pages"


@dataclass
class Result:
    site: Site | None = None
    pages: list[Page] = field(default_factory=list)
    rendered: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def load_site(root: Path) -> tuple[Site | None, list[Problem]]:
    """Read every content file; the site is None only when settings could not be read."""
    settings, problems = load_settings(root)
    people, found = load_people(root)
    programmes, more = load_programmes(root)
    outputs, still = load_outputs(root)
    entries, last = load_bibliography(root)
    problems += found + more + still + last
    if settings is None:
        return None, problems
    return Site(settings, tuple(people), tuple(programmes), tuple(outputs), tuple(entries)), \
        problems


def check(root: Path, today: date | None = None) -> tuple[Site | None, list[Problem]]:
    """Load and validate: every problem the build would report, without building, and the
    checks of validate_extra (duplicates, identifiers, unreferenced people, future dates,
    link schemes), which only `showcase check` runs.

    ``today`` (default: the real date) is what dates in the content are compared with.
    """
    options = Options(root)
    site, problems = load_site(root)
    if site is not None:
        problems += check_site(site) + check_extra(site, root, today)
        problems += check_images(site, options.static_dir)
        problems += resolve_style(site.settings.citation_style, root, site.settings.source,
                                  style_dirs(options))[1]
    return site, sorted(set(problems))


def check_images(site: Site, static_dir: Path) -> list[Problem]:
    """An output's image must be a file in the pages folder, which is published as it is."""
    problems = []
    for output in site.outputs:
        if output.image and not is_file_within(static_dir, output.image.src):
            line = dict(output.field_lines).get("image", output.source.line)
            problems.append(Problem(Source(output.source.path, line),
                                    f"output '{output.id}': image '{output.image.src}' was not "
                                    f"found in the pages folder ({static_dir.name}/); put the "
                                    "file there, e.g. in images/, and give its path from there"))
    return problems


def is_file_within(folder: Path, relative: str) -> bool:
    path = (folder / relative).resolve()
    return path.is_relative_to(folder.resolve()) and path.is_file()


def format_citations(site: Site, options: Options) -> tuple[dict[str, Formatted], list[Problem]]:
    settings: Settings = site.settings
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
    """Everything needed to write the site; pages are rendered only when nothing is in error."""
    site, problems = load_site(options.root)
    if site is None:
        return Result(problems=sorted(set(problems)))
    problems += check_site(site) + check_images(site, options.static_dir)
    citations, found = format_citations(site, options)
    problems = sorted(set(problems + found))
    pages = plan_pages(site, citations)
    result = Result(site, pages, {}, problems)
    if not result.errors:
        environment = make_environment(template_dirs(options))
        result.rendered = render_pages(environment, pages, site.settings, options.directory_urls)
        for stem, entries in download_sets(site):
            result.rendered.update(export_files(stem, entries))
    return result


def theme_folders(options: Options) -> list[Path]:
    """A site's own theme folders first, then the one that ships with showcase."""
    return list(dict.fromkeys([*options.theme_dirs, options.root / "theme", PACKAGE_THEME]))


def template_dirs(options: Options) -> list[Path]:
    return [f / "fragments" for f in theme_folders(options) if (f / "fragments").is_dir()]


def style_dirs(options: Options) -> list[Path]:
    return [f / "csl" for f in theme_folders(options) if (f / "csl").is_dir()]
