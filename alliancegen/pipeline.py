"""The stages in order, written once for ``check``, ``build`` and ``serve``: load, model,
config, routes, render, write.

An ``Engine`` is one site's build state. It keeps what the next build can reuse: parsed and
validated files, planned routes, compiled templates, converted Markdown, and every finished
page with what it read (``Ledger``). A page is rendered again exactly when its route or
something it read changed, so a rebuild gives the bytes of a clean build
(tests/test_incremental.py checks this). With a cache folder, the Markdown and the ledger
outlive the process: a build with nothing changed renders nothing.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import datetime
from functools import cached_property
from functools import partial
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from alliancegen import i18n
from alliancegen import search
from alliancegen.cache import DAMAGED
from alliancegen.cache import MarkdownCache
from alliancegen.cache import code_version
from alliancegen.cache import store
from alliancegen.cache import stored
from alliancegen.config import Config
from alliancegen.config import Options
from alliancegen.config import make_config
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.federation import Gathered
from alliancegen.federation import Sources
from alliancegen.federation import federated
from alliancegen.federation import listing
from alliancegen.i18n import _
from alliancegen.ledger import Ledger
from alliancegen.ledger import Manifest
from alliancegen.ledger import plain_problems
from alliancegen.ledger import problems_from_plain
from alliancegen.links import broken_links
from alliancegen.load import DocumentCache
from alliancegen.load import load_content
from alliancegen.load import nfc
from alliancegen.load import stamp
from alliancegen.memo import Memo
from alliancegen.model import Site
from alliancegen.model import build_site
from alliancegen.model.site import file_fields
from alliancegen.outputs import check_outputs
from alliancegen.photos import Photos
from alliancegen.photos import photo_globals
from alliancegen.reads import GLOBAL
from alliancegen.reads import MISSING
from alliancegen.reads import TEMPLATE
from alliancegen.reads import Index
from alliancegen.reads import Read
from alliancegen.reads import fingerprint
from alliancegen.render import Output
from alliancegen.render import Page
from alliancegen.render import copies
from alliancegen.render import photo_files
from alliancegen.render import render_pages
from alliancegen.render import static_files
from alliancegen.render import template_globals
from alliancegen.routes import Plan
from alliancegen.routes import Route
from alliancegen.routes import plan_routes
from alliancegen.routes import without_drafts
from alliancegen.theme import CompiledTemplates
from alliancegen.theme import Environment
from alliancegen.theme import Theme
from alliancegen.theme import collect_assets
from alliancegen.theme import load_theme
from alliancegen.theme import themes_folder
from alliancegen.write import Held
from alliancegen.write import WriteReport
from alliancegen.write import Written
from alliancegen.write import exclusive
from alliancegen.write import is_as_left
from alliancegen.write import refuse
from alliancegen.write import update_folder
from alliancegen.write import write_site


@dataclass(frozen=True)
class Rendered:
    """A finished site in memory."""

    outputs: tuple[Output, ...]
    rendered: int
    """How many pages were rendered; the others were kept from the last build."""
    warnings: tuple[Problem, ...]
    """What is missing but not fatal."""
    links: tuple[Problem, ...] = ()
    """Broken links, when they were checked."""


@dataclass(frozen=True)
class Outcome:
    """What one rebuild into a preview folder did."""

    rendered: int
    written: int
    removed: int
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Delivery:
    """What a build left in an output folder, and what it was built from."""

    inputs: bytes
    """The fingerprint of its inputs (see ``Engine._inputs``)."""
    zone: str
    today: str
    files: Written
    warnings: tuple[Problem, ...]

    def to_plain(self) -> tuple[object, ...]:
        """The delivery as values that marshal can store."""
        plain = (self.inputs, self.zone, self.today, self.files)
        return (*plain, plain_problems(self.warnings))

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> Delivery:
        """The delivery ``to_plain`` made."""
        inputs, zone, today, files, warnings = plain
        return cls(inputs, zone, today, files, problems_from_plain(warnings))


@dataclass(frozen=True)
class Result:
    """A finished build: what was written, and what is missing but not fatal."""

    report: WriteReport
    warnings: tuple[Problem, ...]


class Engine:
    """Builds one site again and again, doing only the work that changed."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._documents = DocumentCache()
        self._memo = Memo()
        self._compiled = CompiledTemplates()
        self._markdown = MarkdownCache(options.cache_dir)
        self._photos = Photos(options.cache_dir)
        self._environment: tuple[object, Environment] | None = None
        self._held: Held = {}
        self._wrote: tuple[str, Delivery] | None = None
        """The output folder this engine wrote, and what it delivered there, to keep."""
        self._inputs_seen: bytes | None = None
        """The inputs of the last render, for what ``write`` delivers."""
        self._walked: bytes | None = None
        """The inputs as this build's walk of the content folder found them."""
        self._built = False
        self._rendered_again = False
        """Whether the last render was the cached site, unchanged."""
        self.last_site: Site | None = None
        """The content as it last passed check (the editor offers its entries as choices)."""
        self._search: tuple[bytes, tuple[Output, ...]] | None = None
        """The last search index made, and the fingerprint of its pages."""
        self._index_kept = True
        """Whether the cache folder holds ``_search``."""
        self._pages: tuple[Output, ...] = ()
        """What the last rebuild wrote into the output folder besides the search index."""
        self._index: tuple[Output, ...] = ()
        """The search index in the output folder (of pages before ``_pages`` in ``serve``)."""
        self._sources = Sources(options.cache_dir, options.offline)
        self._gathered: Gathered | None = None
        """Other sites' open data as this build, or the last whole build, gathered them."""

    @cached_property
    def _ledger(self) -> Ledger:
        """The finished pages of the last build, read when first needed: a build whose output
        folder holds its site already needs none of them."""
        folder = self.options.cache_dir
        return Ledger.load(folder / f"pages-{code_version()}.marshal") if folder else Ledger()

    @property
    def reused(self) -> bool:
        """Whether the last build was the site an earlier build left in the cache, made
        without reading the content."""
        return self._rendered_again

    def delivered(self) -> Result | None:
        """The result of the last build (of any process) when the output folder holds its
        site, untouched, and every input is as it was then; None when anything differs."""
        folder, delivery = self._last_delivery
        output = self.options.output_dir
        if delivery is None or folder != str(output.resolve()) or not self.options.cache_dir:
            return None
        if delivery.inputs != self._inputs():
            return None
        if str(self._today(ZoneInfo(delivery.zone))) != delivery.today:
            return None
        refuse(output, self.options.content_dir)
        if not is_as_left(output, delivery.files):
            return None
        pages = sum(name.endswith(".html") for name in delivery.files)
        report = WriteReport(len(delivery.files), pages, 0, delivery.files)
        return Result(report, delivery.warnings)

    def check(self, changed: Iterable[Path] | None = None) -> Site:
        """Load and validate the content; raise ContentError listing every problem.

        ``changed`` names the files changed since the last call; None: whatever changed (the
        folder is walked and every file's stamp compared).
        """
        if changed is None and self._walked is None:
            self._documents.forget_folder()
        self._documents.forget(changed or ())
        site = build_site(load_content(self.options.content_dir, self._documents), self._memo)
        self.last_site = site
        return site

    def render(self, changed: Iterable[Path] | None = None, links: bool = False) -> Rendered:
        """Every file of the site in memory, rendering only the pages that changed, and with
        ``links`` every broken link; raise ContentError, and keep the last build's state,
        when the content has problems.

        A first build whose every input is as the last build (of a process before) left it
        is that build again: the manifest of the cache says what it made.
        """
        try:
            return self._render(changed, links)
        finally:
            self._walked = None  # the next build walks the content folder again

    def _render(self, changed: Iterable[Path] | None, links: bool) -> Rendered:
        inputs = self._inputs() if changed is None and self.options.cache_dir else None
        self._inputs_seen = inputs
        again = self._again(inputs, links) if inputs and not self._built else None
        if again:
            return again
        site = self.check(changed)
        config = make_config(site.settings, self.options)
        gathered = self._federation(changed, inputs)
        site = federated(site, gathered.exports, config.base_url)
        published = site if config.drafts else without_drafts(site)
        plan = plan_routes(published, config, self._memo)
        plan = replace(plan, warnings=(*gathered.warnings, *plan.warnings))
        gc.freeze()  # the model lives on: spare it the collector's scans and workers copies
        theme, environment = self._theme(config)
        assets = collect_assets(theme)
        copied = static_files(published, config, assets)
        photos = self._photos.publish(photo_files(published, config), self._fields_naming)
        check_outputs(plan.routes, [*copied, *photos.claims])
        markdown = self._markdown
        environment.globals.update(
            template_globals(published, plan, theme, config, assets, markdown),
            **photo_globals(photos.gallery, config.base_path),
        )
        environment.templates.next_build()
        editions = {f"site.{key}": site for key, site in published.translated.items()}
        roots = {"site": published, **editions, "config": config, "addresses": plan.addresses}
        index = Index({**roots, "photos": photos.gallery})
        ask = _Answers(index, environment)
        answers = self._ledger.changed(index, ask)
        prints = self._route_prints(plan, index)
        stale_urls = self._ledger.stale(prints, answers.keys())
        stale = [route for route in plan.routes if route.url in stale_urls]
        results = render_pages(environment, stale, index, markdown, ask, self._ledger.number)
        problems = _problems(results)
        if problems:
            raise ContentError(problems)
        pages = {
            route.url: page
            for route, page in zip(stale, results, strict=True)
            if isinstance(page, Page)
        }
        self._ledger.update(prints, pages, answers, index)
        copied_files = copies(copied, self._memo)
        self._memo.settle()
        finished = (page.output for page in self._ledger.pages.values())
        outputs = (*finished, *photos.outputs, *copied_files)
        broken = tuple(broken_links(outputs, config.base_url)) if links else None
        self._built, self._rendered_again = True, False
        if inputs:
            zone, today = config.settings.time_zone, str(config.today)
            self._ledger.manifest = Manifest(
                inputs, zone, today, tuple(copied), photos.placed, plan.warnings, broken
            )
        return Rendered(outputs, len(stale), plan.warnings, broken or ())

    def _again(self, inputs: bytes, links: bool) -> Rendered | None:
        """The last build's site when ``inputs`` are its inputs and the day is its day: its
        pages as the ledger keeps them, its copied files; None when anything differs."""
        manifest = self._ledger.manifest
        if manifest is None or manifest.inputs != inputs or (links and manifest.links is None):
            return None
        if str(self._today(ZoneInfo(manifest.zone))) != manifest.today:
            return None
        photos = self._photos.again(manifest.photos)
        if photos is None:
            return None
        self._built = self._rendered_again = True
        finished = (page.output for page in self._ledger.pages.values())
        outputs = (*finished, *photos, *copies(manifest.copied, self._memo))
        return Rendered(outputs, 0, manifest.warnings, manifest.links or () if links else ())

    def _inputs(self) -> bytes:
        """A fingerprint of everything a build reads besides the code: every file of the
        content and of the themes by its stamp, the options, the language of messages
        (warnings are kept with the output), and other sites' open data for a portal, gathered
        now. The content folder is walked once a build: loading the content uses the same walk."""
        if self._walked is None:
            self._documents.forget_folder()
            files, problems = self._documents.walk(self.options.content_dir)
            themes = [(path, stamp(path.stat())) for path in sorted(themes_folder().rglob("*"))]
            options = (self.options.base_url, self.options.drafts, i18n.language())
            content = [(file.relative, file.stamp) for file in files]
            found = [str(problem) for problem in problems]
            self._gathered = self._sources.gather(listing(self.options.content_dir))
            sources = self._gathered.fingerprint
            self._walked = fingerprint((content, found, themes, options, sources), {})
        return self._walked

    def _federation(self, changed: Iterable[Path] | None, inputs: bytes | None) -> Gathered:
        """Other sites' open data (gathered with ``inputs`` already, when taken): sources that
        are files read each build; web sources fetched each whole build, and in ``serve`` when
        site.yaml changed."""
        if inputs is None or self._gathered is None:
            site_yaml = (self.options.content_dir / "site.yaml").absolute()
            refetch = changed is None or site_yaml in {path.absolute() for path in changed}
            self._gathered = self._sources.gather(listing(self.options.content_dir), refetch)
        return self._gathered

    def _fields_naming(self, image: Path) -> list[Location]:
        """Where the fields are that name ``image`` (a file of the content folder)."""
        content = load_content(self.options.content_dir, self._documents)
        relative = image.relative_to(self.options.content_dir).as_posix()
        return file_fields(content, self._memo).get(PurePosixPath(nfc(relative)), [])

    def _today(self, zone: ZoneInfo) -> date:
        return self.options.today or datetime.now(zone).date()

    def rebuild(self, changed: Iterable[Path] | None = None) -> Outcome:
        """Build into the output folder in place, touching only files whose bytes changed
        (what ``serve`` does); raise ContentError and keep the folder as it was on problems."""
        rendered = self.render(changed)
        self.options.output_dir.mkdir(parents=True, exist_ok=True)
        outputs = (*rendered.outputs, *self._index)
        update = update_folder(outputs, self.options.output_dir, self._held)
        self._held, self._pages = update.held, rendered.outputs
        if not self._markdown.saved:  # the first build converts nearly all: keep that
            self.keep()
        else:  # a photo added while previewing is kept at once: it took longest
            with contextlib.suppress(OSError):
                self._photos.keep()
        self._ledger.prepare()  # the next save should not wait for what it needs
        _settle()
        return Outcome(rendered.rendered, update.written, update.removed, rendered.warnings)

    @property
    def pages(self) -> tuple[Output, ...]:
        """What the last rebuild wrote into the output folder besides the search index."""
        return self._pages

    def search_index(self, outputs: Iterable[Output]) -> tuple[Output, ...]:
        """The search index of ``outputs``, made again only when the pages it finds changed;
        raise ContentError when Pagefind is missing or fails."""
        pages = search.searchable(outputs)
        key = search.fingerprint(pages)
        self._search = self._search or self._kept_index()
        if self._search is None or self._search[0] != key:
            self._search, self._index_kept = (key, search.index(pages)), False
        return self._search[1]

    def _kept_index(self) -> tuple[bytes, tuple[Output, ...]] | None:
        """The search index the last build (of any process) kept in the cache folder."""
        folder = self.options.cache_dir
        if folder is None:
            return None
        try:
            key, *files = stored(folder / f"search-{code_version()}.marshal")
            return key, tuple(Output(PurePosixPath(path), content) for path, content in files)
        except DAMAGED:
            return None

    def publish_index(self, pages: tuple[Output, ...], index: tuple[Output, ...]) -> int:
        """Write ``index``, the search index of ``pages``, into the output folder of
        ``rebuild`` while it holds ``pages``; how many files that changed (what ``serve``
        does after a rebuild, so that the preview answers while the index is made)."""
        if pages is not self._pages:
            return 0  # a later rebuild wrote other pages: their index comes next
        update = update_folder((*pages, *index), self.options.output_dir, self._held)
        self._held, self._index = update.held, index
        return update.written + update.removed

    def update_index(self) -> int:
        """Make and publish the search index of the pages the last rebuild wrote."""
        return self.publish_index(self._pages, self.search_index(self._pages))

    def write(self, rendered: Rendered) -> WriteReport:
        """Write a whole build with its search index into the output folder (what ``build``
        does): swapped in at the end, or left alone when it holds exactly this site already."""
        output = str(self.options.output_dir.resolve())
        last_folder, last = self._last_delivery
        known = last.files if last and last_folder == output else None
        outputs = (*rendered.outputs, *self.search_index(rendered.outputs))
        report = write_site(outputs, self.options.output_dir, self.options.content_dir, known)
        manifest = self._ledger.manifest
        if self._inputs_seen and manifest:
            warnings = (*rendered.warnings, *rendered.links)
            delivery = Delivery(
                self._inputs_seen, manifest.zone, manifest.today, report.written, warnings
            )
            if (output, delivery) != (last_folder, last):
                self._wrote = (output, delivery)
        return report

    def keep(self) -> tuple[Problem, ...]:
        """Save converted Markdown, finished pages (unless they are what the cache holds
        already), the search index and what the output folder holds, for the next process; a
        warning when the cache folder cannot be written."""
        folder = self.options.cache_dir
        if folder is None:
            return ()
        trouble = None if self._rendered_again else self._markdown.save(self._ledger.markdown())
        if trouble:
            return (Problem(Location(folder), trouble),)
        try:
            if not self._rendered_again:
                self._ledger.save(folder / f"pages-{code_version()}.marshal")
            if self._search and not self._index_kept:
                key, files = self._search
                plain = ((str(file.path), file.content) for file in files)
                store(folder / f"search-{code_version()}.marshal", [key, *plain])
                self._index_kept = True
            self._photos.keep()
            if self._wrote:
                store(
                    folder / f"output-{code_version()}.marshal",
                    [(self._wrote[0], self._wrote[1].to_plain())],
                )
        except OSError as error:
            message = _(
                "cannot keep finished pages in {folder}: {reason}",
                folder=folder,
                reason=error.strerror,
            )
            return (Problem(Location(folder), message),)
        return ()

    @cached_property
    def _last_delivery(self) -> tuple[str, Delivery | None]:
        """The output folder the last build (of any process) wrote, and what it delivered."""
        folder = self.options.cache_dir
        try:
            kept = next(stored(folder / f"output-{code_version()}.marshal")) if folder else None
            return (kept[0], Delivery.from_plain(kept[1])) if kept else ("", None)
        except (*DAMAGED, StopIteration):
            return ("", None)

    def _theme(self, config: Config) -> tuple[Theme, Environment]:
        """The theme as it is now, and an environment over its folders, kept while they
        are the same."""
        theme = load_theme(config)
        folders = (theme.template_dirs, theme.theme_templates)
        if self._environment is None or self._environment[0] != folders:
            self._environment = (folders, Environment(theme, self._compiled))
        return theme, self._environment[1]

    def _route_prints(self, plan: Plan, index: Index) -> dict[str, bytes]:
        """The fingerprint of every route by URL; a group of routes planned before (the very
        same tuple) keeps its fingerprints, and so does each route planned before."""
        prints: dict[str, bytes] = {}
        for group in plan.groups:
            planned = partial(self._group_prints, group, index)
            prints.update(self._memo(("route prints", group[0].url), group, planned))
        return prints

    def _group_prints(self, group: tuple[Route, ...], index: Index) -> dict[str, bytes]:
        return {
            route.url: self._memo(("route", route.url), route, partial(index.fingerprint, route))
            for route in group
        }


class _Answers:
    """What reads find in this build, each asked once: a field of a tracked object, a
    template, or a global."""

    def __init__(self, index: Index, environment: Environment) -> None:
        self.known: dict[Read, bytes] = {}
        self._index = index
        self._environment = environment

    def __call__(self, read: Read) -> bytes:
        found = self.known.get(read)
        if found is None:
            found = self.known[read] = self._ask(read)
        return found

    def _ask(self, read: Read) -> bytes:
        key, name = read
        if key == TEMPLATE:
            return self._environment.templates.fingerprint(self._environment, name)
        if key == GLOBAL:
            return self._index.fingerprint(self._environment.globals.get(name, MISSING))
        return self._index.fingerprint(self._index.value(read))


def _problems(results: Iterable[Page | Problem]) -> list[Problem]:
    """The problems among ``results``, one for each place: a broken template line fails every
    page that uses it (in every language), and is said once, naming the first such page."""
    problems: dict[Location, Problem] = {}
    for result in results:
        if isinstance(result, Problem):
            problems.setdefault(result.location, result)
    return list(problems.values())


def _settle() -> None:
    """Collect this build's garbage, then exempt what is kept from later collections.

    A portal's model is millions of objects that live from build to build; without this,
    every few rebuilds a full collection would scan all of them (a third of a second on ten
    thousand pages).
    """
    gc.collect()
    gc.freeze()


def check(content_dir: Path) -> Site:
    """Load and validate the content, and plan the files of the site as ``build`` would (if
    the site has no address yet, as if it had one), and find Pagefind, which makes the search
    index; raise ContentError listing every problem."""
    site = Engine(Options(content_dir, Path("unused"))).check()
    unused = Options(content_dir, Path("unused"), site.settings.base_url or "https://example.org/")
    config = make_config(site.settings, unused)
    published = without_drafts(site)
    assets = collect_assets(load_theme(config))
    files = [*static_files(published, config, assets), *photo_files(published, config)]
    check_outputs(plan_routes(published, config).routes, files)
    search.binary_path()
    return site


def render(options: Options) -> tuple[list[Output], tuple[Problem, ...]]:
    """Everything but writing: the finished files in memory with the search index, and the
    warnings (missing legal pages, broken links)."""
    engine = Engine(options)
    rendered = engine.render(links=True)
    outputs = [*rendered.outputs, *engine.search_index(rendered.outputs)]
    return outputs, (*rendered.warnings, *rendered.links, *engine.keep())


def check_links(options: Options) -> tuple[Problem, ...]:
    """Render the site in memory; every internal link, image or asset that points nowhere."""
    return Engine(options).render(links=True).links


def build(options: Options, waiting: Callable[[], None] = lambda: None) -> Result:
    """Build the site into the output folder; on any problem the old output stays. Builds
    into one folder take turns: ``waiting`` is called when this one must wait for another."""
    refuse(options.output_dir, options.content_dir)  # before the lock makes any folder
    with exclusive(options.output_dir, waiting):
        engine = Engine(options)
        delivered = engine.delivered()
        if delivered:
            return delivered
        rendered = engine.render(links=True)
        report = engine.write(rendered)
        return Result(report, (*rendered.warnings, *rendered.links, *engine.keep()))
