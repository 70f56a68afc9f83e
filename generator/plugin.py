"""The MkDocs adapter: the only module that imports MkDocs. Each hook unpacks and delegates."""

from __future__ import annotations

import contextlib
import json
import logging
import shutil
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from jinja2 import ChoiceLoader, DictLoader
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import get_toc
from mkdocs.theme import Theme
from mkdocs.utils import CountHandler, get_build_date
from pathspec.gitignore import GitIgnoreSpec

from . import parallel, preview
from .load import project
from .model import Later, Severity
from .pipeline import PACKAGE_THEME, Options, Result, build, keep
from .report import summarise
from .site import exports, output_dir, refresh, shells, unchanged
from .site.kept_index import BuildIndex, index_kept
from .site.pagefind_service import PagefindError
from .site.render import front_matter_title
from .site.search_index import SearchIndexError
from .text.markup import attribute_text, sanitize_page

log = logging.getLogger("mkdocs.plugins.showcase")
LOG_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING,
              Severity.NOTE: logging.INFO}
FILLED_TEMPLATE = "showcase-filled.html"  # the template of a page filled from a shell: none
FRONT_MATTER = "front-matter.json"  # in the cache folder: the pages' front matter, read
LIVERELOAD = "serve/showcase-livereload.js"  # in the theme; published only under serve


class ShowcaseConfig(Config):
    root = c.Optional(c.Dir(exists=True))  # the project folder; default: beside mkdocs.yml
    cache_dir = c.Type(str, default=".cache/showcase")  # "" turns the cache off
    # Pages of one shape rendered once through the theme and filled (site/shells.py); off,
    # every page goes through the theme (for a plugin that changes pages one by one).
    shells = c.Type(bool, default=True)
    # A build whose every input is as the last good build's leaves that site as it is
    # (site/unchanged.py); off, every build makes the whole site again.
    skip_unchanged = c.Type(bool, default=True)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    result: Result | None = None
    later: Later | None = None  # what this build put off keeping (pipeline.build)
    titles: dict[str, str] = {}  # generated page path -> its title
    bodies: dict[str, str] = {}  # generated page path -> its HTML, while MkDocs renders it
    staged = True  # build beside the site folder, and swap it in once the build has succeeded
    dirty = False
    # Staged builds: what this build reads (its paths, settings), and their digest as it began.
    reads: tuple[list[Path], str] | None = None
    inputs: str | None = None
    left_as_it_is = False  # this build's inputs and site are the last good build's
    warnings: CountHandler | None = None  # staged builds: what this build warned of
    site_dir: Path | None = None  # where a staged build goes if it succeeds
    shell_of: dict[str, shells.Shell] = {}  # page path -> the shell it may be filled from
    shell_html: dict[str, str] = {}  # shell path -> its HTML, once the theme rendered it
    filled: dict[str, tuple[shells.Shell, str]] = {}  # page path -> its shell and body
    fragments: dict[str, str] = {}  # generated page path -> the fragment it was made from
    read: dict[str, tuple[dict, str]] = {}  # generated page path -> front matter, body
    in_nav: set[str] = set()
    shell_files: list[File] = []  # written by MkDocs, removed once the site is built
    # A staged build's downloads, written in a process of their own while MkDocs writes the
    # pages (they are not MkDocs' files, and none of its pages reads them).
    downloads: parallel.Background | None = None
    # A staged build's search index, made as MkDocs writes the pages, where no other plugin
    # or hook could change a page after this one has seen it.
    indexing: BuildIndex | None = None
    # Under serve: what the last full build printed, and what it was built from, so that a
    # save that changed only content rewrites only the files it changed (site/refresh.py).
    printed: refresh.Printed | None = None
    built: tuple[object, tuple] | None = None  # the last full build's config, tree_state
    state: tuple | None = None  # this build's tree_state, as it began
    # Under serve: every input's tree_state as the last build or refresh began to read it
    # (the bibliography's apart), the saves seen, the background answer to the last, the
    # lock that orders what answers write, and the folder a finished answer signals in.
    read_state: tuple[tuple, tuple] | None = None
    saves = 0
    follower: threading.Thread | None = None
    whole_build_wanted = False
    writing = threading.Lock()
    signals: Path | None = None

    def on_startup(self, *, command, dirty) -> None:
        self.staged = command != "serve"  # serve builds into a folder it serves live
        self.dirty = dirty
        if self.follower is not None:  # MkDocs may keep a plugin from command to command
            self.follower.join()
        self.writing, self.follower, self.whole_build_wanted = threading.Lock(), None, False

    def options(self, config) -> Options:
        root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        return Options(root=root, directory_urls=config.use_directory_urls,
                       cache_dir=root / self.config.cache_dir if self.config.cache_dir else None,
                       theme_dirs=tuple(Path(d) for d in config.theme.dirs),
                       pages_dir=Path(config.docs_dir), site_url=config.site_url or "",
                       preview=not self.staged)

    def on_config(self, config):
        # Under serve, the engine's own files as this build reads them: an edit to one
        # from now on needs a whole build (`refresh`).
        self.state = None if self.staged else refresh.tree_state(engine_paths(config))
        self.read_state = None if self.staged else self.input_state(config)
        config.site_url = site_address(config.site_url)
        self.left_as_it_is, self.reads, self.inputs = False, None, None
        if self.staged:
            self.site_dir = Path(config.site_dir)
            self.watch_warnings()
            if self.leave_unchanged(config):
                return config
        # A staged build keeps what it read and made for the next one once its pages are
        # written, while Pagefind finishes (on_post_build); one that stops here, at once.
        self.later = [] if self.staged else None
        self.result = build(self.options(config), self.later)
        if not self.result.rendered:
            keep(self.later)
        report(self.result, stop=not self.result.rendered)
        config.extra["showcase_errors"] = [str(p) for p in self.result.errors]
        config.extra["showcase_livereload"] = "" if self.staged else LIVERELOAD
        if self.result.site is not None:
            config.site_name = front_matter_title(self.result.site.settings.title)
            # Material prints site_description into <head> unescaped.
            config.site_description = attribute_text(self.result.site.settings.description)
        if self.staged:
            config.site_dir = str(staging(output_dir.start, self.site_dir))
        return config

    def leave_unchanged(self, config) -> bool:
        """Whether this build reads what the last good build read, into the site folder it
        left (site/unchanged.py): then that build's notes are reported again, MkDocs' own
        pass goes to a folder that is thrown away, and the site stays as it is."""
        options = self.options(config)
        if options.cache_dir is None or not self.config.skip_unchanged or self.dirty:
            return False
        self.reads = build_inputs(config, options)
        self.inputs = unchanged.inputs_digest(*self.reads) if self.reads else None
        if self.inputs is None:
            return False
        cache = options.cache_dir
        notes = unchanged.unchanged(cache, self.inputs, self.site_dir)
        if notes is None:
            unchanged.forget(cache)  # recorded again once this build has succeeded
            return False
        for level, text in notes:
            log.log(level, text)
        self.left_as_it_is, self.result = True, None
        config.extra["showcase_errors"], config.extra["showcase_livereload"] = [], ""
        # Nothing of the site goes to MkDocs, so the nav it reads finds none of its pages.
        config.validation.nav.not_found = logging.DEBUG
        config.site_dir = str(staging(output_dir.start, self.site_dir))
        return True

    def watch_warnings(self) -> None:
        """Count what this build warns of, as MkDocs counts it under `--strict`: a build
        with a warning is never recorded as one to leave unchanged."""
        self.stop_watching()
        self.warnings = CountHandler()
        self.warnings.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(self.warnings)

    def stop_watching(self) -> bool:
        """Stop counting; whether anything was warned of."""
        if self.warnings is None:
            return False
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        warned, self.warnings = bool(self.warnings.get_counts()), None
        return warned

    def on_files(self, files: Files, config) -> Files:
        if self.left_as_it_is:
            return Files([])
        for file in [f for f in files if f.src_uri.startswith(("fragments/", "csl/", "serve/"))
                     and (self.staged or f.src_uri != LIVERELOAD)]:
            files.remove(file)  # templates, styles and serve's own script, not to publish
        rendered = self.result.rendered
        self.fragments = {page.path: page.template for page in self.result.pages
                          if page.path in rendered}
        # Each page's front matter read once, here, for the shells and for MkDocs.
        cache = self.options(config).cache_dir
        self.read = shells.split_pages(
            ((path, content) for path, content in rendered.items() if path.endswith(".md")),
            cache / FRONT_MATTER if cache else None)
        self.shell_of = shells.plan_shells(
            (path, fragment, *self.read[path]) for path, fragment in self.fragments.items()
            if path in self.read) if self.config.shells else {}
        self.shell_html, self.filled, self.shell_files = {}, {}, []
        for shell in {shell.path: shell for shell in self.shell_of.values()}.values():
            self.shell_files.append(File.generated(config, shell.path, content=shell.markdown))
            files.append(self.shell_files[-1])
            self.shell_html[shell.path] = ""  # built first: before the pages it stands for
        for path, content in rendered.items():
            files.append(File.generated(config, path, content=content))
        self.titles = {page.path: page.title for page in self.result.pages}
        self.bodies = {}
        self.built = None  # until this build has succeeded
        self.printed = None if self.staged else refresh.Printed(
            self.shell_of, self.shell_html, set(), {}, self.fragments)
        if self.staged:  # MkDocs has emptied the folder: the downloads can go in now
            self.downloads = parallel.Background(partial(
                self.write_downloads, Path(config.site_dir), self.written_before(cache)))
            self.indexing = None
            if only_showcase(config):  # started after the fork above: it starts threads
                # Where it cannot start, the site is indexed once built, which says why.
                with contextlib.suppress(PagefindError, OSError):
                    self.indexing = BuildIndex(cache)
        return files

    def on_nav(self, nav, config, files):
        self.in_nav = {page.file.src_uri for page in nav.pages}
        return nav

    def on_env(self, env, config, files):
        env.loader = ChoiceLoader([DictLoader({FILLED_TEMPLATE: ""}), env.loader])
        return env

    def on_template_context(self, context, template_name, config):
        """The sitemap lists the pages published: not the shells."""
        if "pages" in context and self.shell_html:
            context["pages"] = [file for file in context["pages"]
                                if file.src_uri not in self.shell_html]
        return context

    def on_pre_page(self, page, config, files):
        """A generated page's front matter is read already (on_files), and its Markdown is
        only that: MkDocs' Markdown pass (a parser made for each page, about a millisecond)
        has nothing to do."""
        path = page.file.src_uri
        if path in self.read:
            page.read_source = partial(read_parsed, page, *self.read.pop(path))
        if path in self.titles or path in self.shell_html:
            page.render = partial(render_nothing, page)
        return page

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        """A generated page's body is HTML already: kept aside, it skips Markdown (which
        would only pass it through) and comes back in on_page_content."""
        path = page.file.src_uri
        if path in self.shell_html:
            page.title = page.meta.get("title", "")
            self.bodies[path] = markdown.strip()
            return ""
        if path in self.titles:
            page.title = front_matter_title(self.titles[path])
            body = markdown.strip()
            shell = self.shell_of.get(path)
            if shell and self.fits(shell, page, body):
                page.meta["template"] = FILLED_TEMPLATE  # the theme's work is the shell's
                self.filled[path], body = (shell, body), ""
            self.bodies[path] = body
            return ""
        return markdown

    def fits(self, shell: shells.Shell, page, body: str) -> bool:
        """Whether the theme would print this page as it prints its shell."""
        path = page.file.src_uri
        return (path not in self.in_nav and "template" not in page.meta
                and page.meta.get("title") == page.title and shell.shape == shells.shape_of(
                    path, self.fragments[path], page.meta, body))

    def on_page_content(self, html: str, page, config, files) -> str:
        """Hand-written pages keep no raw HTML that could run; generated ones are ours."""
        path = page.file.src_uri
        if path in self.bodies:
            body = self.bodies.pop(path)
            if self.printed is not None and path in self.titles and path not in self.filled:
                self.printed.themed[path] = ("", body)  # its HTML follows, in on_post_page
            return body
        return html if page.file.generated_by else sanitize_page(html)

    def on_post_page(self, output: str, page, config) -> str:
        path = page.file.src_uri
        if path in self.shell_html:
            self.shell_html[path] = output  # written, and removed once the site is built
        elif path in self.filled:
            shell, body = self.filled.pop(path)
            if not self.shell_html[shell.path]:
                raise PluginError(f"showcase: {path} was to be filled from {shell.path}, which "
                                  "was not built; build without `--dirty`, or set the plugin's "
                                  "`shells: false`")
            output = shells.fill(self.shell_html[shell.path], shell.path, path, page.meta, body)
        elif self.printed is not None and path in self.printed.themed:
            self.printed.themed[path] = (output, self.printed.themed[path][1])
        if self.indexing is not None and path not in self.shell_html and output.strip():
            self.indexing.add(page.file.dest_uri, output)  # as MkDocs writes it, next
        return output

    @event_priority(-100)  # last: the index and the swap wait for every plugin's files
    def on_post_build(self, config) -> None:
        if self.left_as_it_is:
            self.stop_watching()
            output_dir.abandon(self.site_dir)
            log.info(f"showcase: nothing read has changed since the last build, and "
                     f"{self.site_dir.name}/ is as it left it: the site is left as it is")
            config.site_dir, self.site_dir = str(self.site_dir), None
            return
        remove_shells(self.shell_files)
        site, cache = Path(config.site_dir), self.options(config).cache_dir
        if not self.staged:  # serve: the pages show at once, the search follows them
            self.write_downloads(site, self.written_before(cache))
            wait_for_index()
            if self.printed is not None:
                self.printed.filled = {path for path in self.shell_of if path in self.titles
                                       and path not in self.printed.themed}
                self.built = (config, self.state)
            index_in_background(site, cache)
            return
        # Pagefind reads only the HTML pages: it indexes them in its own process while the
        # downloads are written beside them.
        with ThreadPoolExecutor(1, thread_name_prefix="showcase-search-index") as pool:
            indexing = pool.submit(self.indexing.finish, site) if self.indexing else \
                pool.submit(index_kept, site, cache)
            self.indexing = None
            keep(self.later)  # meanwhile: this process would only wait
            written, self.downloads = self.downloads.result(), None
            try:
                index = indexing.result()
            except SearchIndexError as error:
                raise PluginError(f"showcase: {error}") from None
        log_index(index)
        warned = self.stop_watching()
        if self.site_dir is not None and not aborts_for_warnings(config):
            staging(output_dir.finish, self.site_dir)
            exports.remember_written(cache, self.site_dir, written)
            # Recorded only if nothing it read was changed while it built.
            if cache and self.inputs and not warned and \
                    self.inputs == unchanged.inputs_digest(*self.reads):
                unchanged.remember(cache, self.inputs, self.site_dir,
                                   ((LOG_LEVELS[p.severity], str(p))
                                    for p in self.result.problems))
            config.site_dir, self.site_dir = str(self.site_dir), None

    def written_before(self, cache: Path | None):
        """What was written of the downloads into the site this build replaces, if any: the
        files that have not changed are linked from it, not made again."""
        if self.site_dir is None:
            return None
        before = exports.written_before(cache, self.site_dir)
        exports.remember_written(cache, self.site_dir, None)  # until it is replaced
        return before

    def write_downloads(self, site: Path, before) -> dict[str, list]:
        """Not MkDocs' files: made one by one as they are written, never all held."""
        try:
            return self.result.downloads.write(site, before=before)
        except OSError as error:
            raise PluginError(f"showcase: could not write the downloads into {site}: "
                              f"{error}") from None

    def on_build_error(self, *, error) -> None:
        self.stop_watching()
        for work in (self.downloads, self.indexing):
            if work is not None:
                work.stop()
        self.downloads = self.indexing = self.later = None
        if self.site_dir is not None:
            output_dir.abandon(self.site_dir)  # the last good site stays as it was
            self.site_dir = None

    def on_serve(self, server, config, builder):
        root = self.options(config).root
        for folder in ("bibliography", "content", "theme"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        # A background answer that has finished writes here, and the save it answered is
        # shown again: the browsers reload (MkDocs reloads them after each build it runs).
        self.signals = Path(tempfile.mkdtemp(prefix="showcase-serve-"))
        server.watch(str(self.signals))
        server.builder = partial(self.rebuild, builder)
        return server

    def on_shutdown(self) -> None:
        if self.signals is not None:
            shutil.rmtree(self.signals, ignore_errors=True)
            self.signals = None

    def input_state(self, config) -> tuple[tuple, tuple]:
        """The tree_state of every input but the bibliography, and the bibliography's."""
        root = self.options(config).root
        return (refresh.tree_state([*engine_paths(config), root / "content", root / "theme"]),
                refresh.tree_state([root / "bibliography"]))

    def rebuild(self, full_build) -> None:
        """A save under serve. The pages of the entries it edited first, where they can be
        made alone (preview.py), and the rest behind them; else the files it changed, where
        it changed only content (site/refresh.py); else MkDocs' whole build. A call with
        nothing changed since the last build began is the signal of a background answer:
        the browsers reload, or where that answer found only a whole build can give it, the
        whole build runs (here, where MkDocs holds requests back until it is done)."""
        if self.whole_build_wanted:
            self.whole_build_wanted = False
            self.saves += 1
            full_build()
            return
        if self.built is not None and self.read_state == self.input_state(self.built[0]):
            return
        self.saves += 1
        try:
            first = self.preview_first()
        except Exception as error:  # noqa: BLE001 - a first answer is never the only one
            log.warning(f"showcase: the edited entries' pages could not be made first "
                        f"({error!r}); refreshing the site")
            first = False
        if first:
            self.follow(self.saves)
            return
        if self.follower is not None:
            self.follower.join()
        if not self.refresh(self.saves):
            full_build()

    def preview_first(self) -> bool:
        """Write the pages of the entries a save edited, made alone; False where they cannot
        be, or could differ from what the whole refresh will write."""
        if self.built is None or self.printed is None or self.result is None or \
                self.read_state is None:
            return False
        config, old = self.built[0], self.result
        if self.input_state(config)[0] != self.read_state[0]:
            return False
        try:
            pages = preview.edited_pages(old, self.options(config))
        except OSError:
            return False
        if pages is None or any(path not in old.rendered for path in pages):
            return False
        titles = {path: front_matter_title(self.titles.get(path, "")) for path in pages}
        changed = refresh.changed_files(
            self.printed, {path: old.rendered[path] for path in pages},
            {path: text for path, (_, text) in pages.items()}, titles,
            {path: front_matter_title(title) for path, (title, _) in pages.items()})
        if changed is None:
            return False
        with self.writing:
            if not self.write(config, changed):
                return False
        log.info(f"showcase: the edited entries' pages rewritten ({len(changed)}); the rest "
                 "of the site follows")
        return True

    def follow(self, save: int) -> None:
        """In the background, after the one before it: the refresh that answers ``save`` in
        full, unless a later save came; then the signal (to reload, or to build the whole
        site where the refresh cannot answer)."""
        before = self.follower

        def answer() -> None:
            if before is not None:
                before.join()
            if save != self.saves:
                return  # a later save has its own answer
            try:
                self.whole_build_wanted = not self.refresh(save)
            except Exception as error:  # noqa: BLE001 - as MkDocs' own serve loop does
                log.error(f"showcase: the preview could not be brought up to date ({error}); "
                          "building the whole site")
                self.whole_build_wanted = True
            if save == self.saves and self.signals is not None:
                (self.signals / "answered").write_text(str(save), encoding="utf-8")
        self.follower = threading.Thread(target=answer, name="showcase-follow", daemon=True)
        self.follower.start()

    def write(self, config, files: dict[str, str]) -> bool:
        try:
            refresh.write_files({Path(File.generated(config, path, content="").abs_dest_path):
                                 text for path, text in files.items()})
        except OSError as error:
            log.warning(f"showcase: could not write the preview's files ({error}); "
                        "building the whole site")
            return False
        return True

    def refresh(self, save: int | None = None) -> bool:
        """Rewrite what a content edit changed (site/refresh.py); False where only a whole
        build can show it: the engine's own files changed, or more than pages' text. True,
        writing nothing, where a later save came (its own answer follows)."""
        if self.built is None or self.printed is None or self.result is None:
            return False
        save = self.saves if save is None else save
        config, state = self.built
        if refresh.tree_state(engine_paths(config)) != state:
            return False
        self.read_state = self.input_state(config)
        old, new = self.result, build(self.options(config))
        if (new.site is None or old.site is None or new.site.settings != old.site.settings
                or not new.rendered
                or [str(p) for p in new.errors] != config.extra["showcase_errors"]):
            return False
        titles = {page.path: front_matter_title(page.title) for page in new.pages}
        changed = refresh.changed_files(self.printed, old.rendered, new.rendered,
                                        {path: front_matter_title(title)
                                         for path, title in self.titles.items()}, titles)
        downloads = refresh.changed_downloads(old.downloads, new.downloads)
        if changed is None or downloads is None:
            return False
        with self.writing:
            if save != self.saves:
                return True
            report(new, stop=False)
            if not self.write(config, changed):
                return False
            try:
                new.downloads.write(Path(config.site_dir), downloads)
            except OSError as error:
                log.warning(f"showcase: could not write the preview's downloads ({error}); "
                            "building the whole site")
                return False
            refresh.remember(self.printed, changed, new.rendered)
            self.result, self.titles = new, {page.path: page.title for page in new.pages}
        log.info(f"showcase: {len(changed) + len(downloads)} files changed by the edit, "
                 "rewritten")
        if changed:
            index_in_background(Path(config.site_dir), self.options(config).cache_dir)
        return True


INDEXING: list[threading.Thread] = []  # under serve: the index of the last build, if running


def wait_for_index() -> None:
    """One index at a time: the last build's is finished before this one's starts."""
    while INDEXING:
        INDEXING.pop().join()


def index_in_background(site: Path, cache: Path | None) -> None:
    """The search index made in a thread, once the one before it has finished."""
    before = list(INDEXING)

    def index() -> None:
        for thread in before:
            thread.join()
        index_quietly(site, cache)
    INDEXING[:] = [threading.Thread(target=index, name="showcase-search-index", daemon=True)]
    INDEXING[-1].start()


def build_inputs(config, options: Options) -> tuple[list[Path], str] | None:
    """What a staged build reads (site/unchanged.py): the files and folders, and MkDocs'
    settings as text; None where it cannot be told: another plugin or a hook, which may
    read anything. An installed theme (Material) counts by its version, its custom_dir by
    its files."""
    if not only_showcase(config):
        return None
    try:
        settings = json.dumps({key: config[key] for key in config}, sort_keys=True,
                              default=plain_setting)
    except TypeError:
        return None
    return ([*engine_paths(config), *(options.root / folder for folder in (
        "content", "bibliography", "theme")), PACKAGE_THEME],
        f"{settings}\0{get_build_date()}")


def only_showcase(config) -> bool:
    """Whether this is the only plugin, and there is no hook: nothing else reads or writes."""
    return list(config.plugins) == ["showcase"] and not config.hooks


def plain_setting(value):
    """One of MkDocs' settings as JSON can hold it; TypeError for one it cannot tell."""
    if isinstance(value, Theme):
        return {"name": value.name, "dirs": value.dirs, "locale": str(value.locale),
                "static_templates": sorted(value.static_templates), "values": dict(value)}
    if isinstance(value, BasePlugin):  # in config.plugins, a mapping JSON reads itself
        return {"plugin": f"{type(value).__module__}.{type(value).__qualname__}",
                "settings": dict(value.config)}
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if isinstance(value, GitIgnoreSpec):
        return [pattern.pattern for pattern in value.patterns]
    text = repr(value)
    if " at 0x" in text:
        raise TypeError(text)
    return text


def engine_paths(config) -> list[Path]:
    """What MkDocs reads itself: its configuration, the hand-written pages, the theme's
    custom_dir (its templates print every page), and what mkdocs.yml's `watch` names (for
    other plugins)."""
    custom = config.theme.custom_dir
    return [Path(config.config_file_path), Path(config.docs_dir), *([Path(custom)] if custom
                                                                     else []),
            *(Path(path) for path in config.watch)]


def index_quietly(site: Path, cache: Path | None) -> None:
    try:
        index = index_kept(site, cache)
    except (SearchIndexError, OSError) as error:
        log.warning(f"showcase: the preview's search is not up to date: {error}")
        return
    log_index(index)


def log_index(index) -> None:
    log.info(f"showcase: search index of {index.files} HTML files in {index.folder.name}/")


def read_parsed(page, meta: dict, body: str, config) -> None:
    """What Page.read_source makes of a generated page, from its front matter read before."""
    page.markdown, page.meta = body, meta


def render_nothing(page, config, files) -> None:
    """What Page.render makes of an empty Markdown text, without making a parser."""
    page.content, page.toc, page._title_from_render = "", get_toc([]), None
    page.present_anchor_ids = set()


def remove_shells(shell_files: list[File]) -> None:
    """The shells' own pages, and the folders they alone were in."""
    for file in shell_files:
        page = Path(file.abs_dest_path)
        page.unlink(missing_ok=True)
        if page.parent.is_dir() and not any(page.parent.iterdir()):
            page.parent.rmdir()


def site_address(site_url: str | None) -> str | None:
    """mkdocs.yml's site_url, else $SHOWCASE_SITE_URL (the Pages deploy sets it); without
    either, a note (never a warning: the site builds --strict, its links all relative)."""
    address = project.site_address(site_url)
    if not address:
        log.info("showcase: no site_url in mkdocs.yml and no $SHOWCASE_SITE_URL: the site works "
                 "anywhere, but has no sitemap, canonical links or absolute URLs in its feeds")
        return site_url
    return address


def aborts_for_warnings(config) -> bool:
    """Whether MkDocs will stop this build once on_post_build returns: `--strict` and any
    warning, as counted by the CountHandler that mkdocs.commands.build puts on its logger."""
    handlers = logging.getLogger("mkdocs").handlers
    return bool(config.strict) and any(isinstance(handler, CountHandler) and handler.get_counts()
                                       for handler in handlers)


def staging(step, site_dir: Path):
    """One step of output_dir, its file system errors reported as a build error."""
    try:
        return step(site_dir)
    except OSError as error:
        raise PluginError(f"showcase: could not prepare or replace {site_dir}: {error}") from None


def report(result: Result, stop: bool = True) -> None:
    """Log every problem, then stop the build once if any is an error (a preview that
    could be rendered all the same goes on, and shows them on every page)."""
    for problem in result.problems:
        log.log(LOG_LEVELS[problem.severity], str(problem))
    if result.errors and stop:
        raise PluginError(f"showcase: the content has {summarise(result.problems)}; "
                          "nothing was built. Fix the errors listed above.")
