"""Render routes through their templates, noting what each page reads; static files as they are."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any
from typing import NamedTuple
from typing import TypeVar

import jinja2
from markupsafe import Markup

from alliancegen import cms
from alliancegen import structured
from alliancegen.cache import MarkdownCache
from alliancegen.calendar import render_calendar
from alliancegen.config import Config
from alliancegen.editions import Edition
from alliancegen.editions import direction
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import unreadable
from alliancegen.export import export_json
from alliancegen.filters import path_url
from alliancegen.filters import template_functions
from alliancegen.i18n import _
from alliancegen.load import nfc
from alliancegen.load import stamp
from alliancegen.markdown import settle_ids
from alliancegen.media import is_photo
from alliancegen.memo import Memo
from alliancegen.model import Site
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Entity
from alliancegen.model.entities import Tenure
from alliancegen.model.opendata import schema_json
from alliancegen.model.settings import Editing
from alliancegen.reads import Index
from alliancegen.reads import Read
from alliancegen.reads import Recording
from alliancegen.routes import EDITOR
from alliancegen.routes import SECTIONS
from alliancegen.routes import SITE_SECTIONS
from alliancegen.routes import Listed
from alliancegen.routes import Plan
from alliancegen.routes import Route
from alliancegen.routes import Scheduled
from alliancegen.routes import editions_of
from alliancegen.routes import section_url
from alliancegen.routes import sort_news
from alliancegen.routes import upcoming
from alliancegen.routes import vcard_url
from alliancegen.theme import Asset
from alliancegen.theme import Environment
from alliancegen.theme import Theme
from alliancegen.vcard import render_vcard
from alliancegen.video import Video
from alliancegen.video import facts_of
from alliancegen.video import is_video
from alliancegen.workers import in_shares

TenureT = TypeVar("TenureT", bound=Tenure)


@dataclass(frozen=True)
class Output:
    """One file of the finished site."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True)
class Page:
    """A rendered route: its file, and everything it read by number (None: something the
    next build cannot name, so it is rendered again)."""

    output: Output
    reads: tuple[int, ...] | None
    markdown: frozenset[bytes]
    """The converted Markdown it shows, by its key in the Markdown cache."""


Share = tuple[list["Page | Problem"], dict[bytes, bytes], list[tuple[Read, bytes]]]
"""What rendering a share of routes gives: pages or problems, converted Markdown, and the
distinct reads of the pages with what each found; a page's reads count in that list."""


def render_pages(
    environment: Environment,
    routes: Sequence[Route],
    index: Index,
    markdown: MarkdownCache,
    ask: Callable[[Read], bytes],
    number: Callable[[Read, bytes], int],
) -> list[Page | Problem]:
    """Each route's page, or the problem that kept it from being rendered; on all cores.

    ``index`` names the tracked objects, ``ask`` tells what a read finds, and ``number``
    gives each distinct read (and what it found) the number that pages name it by: a portal's
    pages make millions of reads of a few hundred thousand things.
    """

    def render_share(share: Sequence[Route]) -> Share:
        distinct: dict[Read, int] = {}
        pages = [
            _render_or_report(environment, route, index, markdown, distinct) for route in share
        ]
        return pages, markdown.take_converted(), [(read, ask(read)) for read in distinct]

    _compile({route.template for route in routes}, environment)
    results: list[Page | Problem] = []
    for share, converted, reads in in_shares(render_share, routes):
        markdown.add_converted(converted)
        numbers = [number(read, found) for read, found in reads]
        results += (_numbered(page, numbers) for page in share)
    return results


def _numbered(page: Page | Problem, numbers: list[int]) -> Page | Problem:
    """``page`` with its reads counted in its share's list turned into ``numbers``."""
    if isinstance(page, Problem) or page.reads is None:
        return page
    reads = tuple(sorted(numbers[position] for position in page.reads))
    return Page(page.output, reads, page.markdown)


Copied = tuple[PurePosixPath, Path]
"""A file of the output that is a copy of another file: where it goes, and which file."""


def static_files(site: Site, config: Config, assets: dict[str, Asset]) -> list[Copied]:
    """The theme's and the site's static files, the content's media but raster images (see
    ``photo_files``), and the browser editor's files when the site is edited in the browser."""
    theme = [(asset.output, asset.source) for asset in assets.values()]
    media = [copied for copied in _media(site, config) if not is_photo(copied[0])]
    return theme + media + (_editor_files() if config.settings.editing else [])


def photo_files(site: Site, config: Config) -> list[Copied]:
    """The raster images of the content's media, which are published processed (photos.py)."""
    return [copied for copied in _media(site, config) if is_photo(copied[0])]


def _editor_files() -> list[Copied]:
    """The editor's bundle, scripts and licences, below ``admin/``."""
    folder = cms.EDITOR_FILES
    return [
        (PurePosixPath(EDITOR, path.relative_to(folder).as_posix()), path)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


def copies(files: Iterable[Copied], memo: Memo | None = None) -> list[Output]:
    """The outputs that are copies of ``files``; raise ContentError naming every file that
    cannot be read (not readable, or removed since the content folder was walked).

    A ``memo`` kept from the last build hands out the very bytes read then for a file whose
    stamp is the same: a preview's rebuild reads no unchanged photo again (and, holding the
    same bytes, does not even compare it with what it wrote).
    """
    memo = memo or Memo()
    outputs, problems = [], []
    for path, source in files:
        try:
            status = stamp(source.stat())
            read = partial(_copy, path, source)
            outputs.append(memo(("copy", path), (source, status), read))
        except OSError as error:
            problems.append(unreadable(source, error))
    if problems:
        raise ContentError(problems)
    return outputs


def _copy(path: PurePosixPath, source: Path) -> Output:
    return Output(path, source.read_bytes())


def _compile(names: set[str], environment: Environment) -> None:
    """Compile templates here, before workers are forked: they inherit them, and later
    rebuilds in this process find them compiled."""
    for name in sorted(names):
        with contextlib.suppress(Exception):  # rendering reports it, at the failing page
            environment.get_template(name)


def _render_or_report(
    environment: Environment,
    route: Route,
    index: Index,
    markdown: MarkdownCache,
    distinct: dict[Read, int],
) -> Page | Problem:
    """The page with its reads counted in ``distinct`` (which it extends), or the problem."""
    markdown.take_page()
    try:
        with Recording() as recording:
            output = _render_route(environment, route)
        reads = recording.reads(index)
        counted = (
            None if reads is None else tuple(distinct.setdefault(r, len(distinct)) for r in reads)
        )
        return Page(output, counted, markdown.take_page())
    except Exception as error:  # noqa: BLE001 (a template may fail in any way: report it)
        return _template_problem(error, route)


def media_output(site: Site, path: PurePosixPath) -> PurePosixPath:
    """Where a media file of the content goes: alliances/<folder>/media/x -> <slug>/media/x,
    with its name composed (``nfc``) as references write it."""
    if path.parts[0] == "alliances":
        slug = next(a.slug for a in site.alliances if a.folder == path.parts[1])
        path = PurePosixPath(slug, *path.parts[2:])
    return PurePosixPath(nfc(str(path)))


def _media(site: Site, config: Config) -> list[Copied]:
    published = {alliance.folder for alliance in site.alliances}
    return [
        (media_output(site, path), config.content_dir / path)
        for path in sorted(site.media)
        if path.parts[0] != "alliances" or path.parts[1] in published
    ]


def _videos(site: Site, config: Config) -> dict[str, Video]:
    """The published videos by path, with what each says of itself; a file that says nothing
    is a problem of loading (media.py)."""
    media = _media(site, config)
    found = {str(output): facts_of(source) for output, source in media if is_video(output)}
    return {output: facts for output, facts in found.items() if facts}


def template_globals(
    site: Site,
    plan: Plan,
    theme: Theme,
    config: Config,
    assets: dict[str, Any],
    markdown: MarkdownCache,
) -> dict[str, Any]:
    def media_url(alliance: Alliance | None, file: str) -> str:
        return config.base_path + path_url((section_url(alliance.slug) if alliance else "") + file)

    videos = _videos(site, config)
    has_page = plan.addresses.__contains__

    def video_facts(alliance: Alliance | None, file: str) -> Video | None:
        """What the media file ``file`` says of itself as a video (None: not a video)."""
        return videos.get(nfc((section_url(alliance.slug) if alliance else "") + file))

    def upcoming_of(alliance: Alliance) -> list[Scheduled]:
        return upcoming([(alliance, event) for event in alliance.events], config.today)

    def news_of(alliance: Alliance) -> list[Listed]:
        return sort_news((alliance, item) for item in alliance.news)

    def current(entries: Iterable[TenureT]) -> list[TenureT]:
        """The roles, hosts or offices that still hold on the day of the build."""
        return [entry for entry in entries if entry.holds_on(config.today)]

    def editor_page() -> Markup:
        origins = cms.remote_origins(_editing(config))
        return Markup(cms.editor_page(config.settings.title, cms.policy(origins)))

    def editor_config() -> str:
        editing = _editing(config)
        root = editing.content_folder.strip("/") + "/"
        return cms.config_yaml(None, cms.remote_backend(editing), site, root)

    return {
        **template_functions(config, assets, markdown, theme.words),
        **edition_functions(site, plan, config),
        "editor_page": editor_page,
        "editor_config": editor_config,
        "media_url": media_url,
        "video_facts": video_facts,
        "upcoming_of": upcoming_of,
        "news_of": news_of,
        "current": current,
        "site": site,
        "settings": config.settings,
        "labels": theme.labels,
        "today": config.today,
        "sections": SECTIONS,
        "site_sections": SITE_SECTIONS,
        "section_url": section_url,
        "has_page": has_page,
        "schema": structured,
        "config": config,
        "vcard": lambda person, alliance: render_vcard(person, alliance, config),
        "vcard_url": vcard_url,
        "open_data": lambda alliances: export_json(site, config, alliances, has_page),
        "open_data_schema": schema_json,
    }


class Version(NamedTuple):
    """A page in one edition: the edition, the link to the page, its full address."""

    edition: Edition
    url: str
    address: str


def edition_functions(site: Site, plan: Plan, config: Config) -> dict[str, Any]:
    """What templates need to link within a page's edition and to its other editions."""
    addresses = plan.addresses
    base_path = config.base_path
    editions = editions_of(site)

    def in_edition(context: jinja2.runtime.Context, path: str) -> str:
        """``path`` in the page's edition, or in the main one where the edition has no such
        page (Leichte Sprache holds only what is written in it)."""
        edition = context.get("edition")
        if isinstance(edition, Edition) and edition.prefix and edition.prefix + path in addresses:
            return edition.prefix + path
        return path

    @jinja2.pass_context
    def url(context: jinja2.runtime.Context, path: str = "") -> str:
        """The link to a page of the page's edition."""
        return base_path + path_url(in_edition(context, path))

    @jinja2.pass_context
    def abs_url(context: jinja2.runtime.Context, path: str = "") -> str:
        """The full address of a page of the page's edition."""
        return config.base_url + path_url(in_edition(context, path))

    @jinja2.pass_context
    def ical(context: jinja2.runtime.Context, events: list[Scheduled], name: str | None) -> str:
        """A calendar of ``events`` that links to their pages in the page's edition."""
        edition = context.get("edition")
        prefix = edition.prefix if isinstance(edition, Edition) else ""
        return render_calendar(events, name or config.settings.title, config, prefix)

    @jinja2.pass_context
    def versions(context: jinja2.runtime.Context) -> list[Version]:
        """The page in every edition that has it, the page's own included."""
        route = context.get("route")
        if not isinstance(route, Route):
            return []
        paths = ((edition, edition.prefix + route.path) for edition in editions)
        return [
            Version(edition, base_path + path_url(path), config.base_url + path_url(path))
            for edition, path in paths
            if path in addresses
        ]

    @jinja2.pass_context
    def lang_attr(context: jinja2.runtime.Context, entity: Entity) -> Markup:
        """A ``lang`` attribute for ``entity``'s text where it is not in the page's language:
        an untranslated text that a translation shows in the main language."""
        edition = context.get("edition")
        if not isinstance(edition, Edition) or not edition.prefix or edition.is_easy_read:
            return Markup("")
        if entity.written_for == edition.key:
            return Markup("")
        language = site.settings.language
        if direction(language) == edition.direction:
            return Markup(' lang="{}"').format(language)
        return Markup(' lang="{}" dir="{}"').format(language, direction(language))

    return {
        "url": url,
        "abs_url": abs_url,
        "ical": ical,
        "versions": versions,
        "lang_attr": lang_attr,
    }


def _editing(config: Config) -> Editing:
    editing = config.settings.editing
    if editing is None:
        raise jinja2.TemplateError(_("the editor is written only when site.yaml has 'editing:'"))
    return editing


def _render_route(environment: Environment, route: Route) -> Output:
    template = environment.get_template(route.template)
    values = {"alliance": None, "title": "", **route.context, **_edition_values(environment, route)}
    text = template.render(values, route=route)
    return Output(route.output, settle_ids(text).encode("utf-8"))


def _edition_values(environment: Environment, route: Route) -> dict[str, Any]:
    """The site and settings of the route's edition, where it is not the main one."""
    edition, main = route.edition, environment.globals["site"]
    if edition is None or not edition.prefix or not isinstance(main, Site):
        return {}
    site = main.translated[edition.key]
    return {"site": site, "settings": site.settings}


def _template_problem(error: Exception, route: Route) -> Problem:
    """Point at the template line that failed; name the page that was being rendered.

    A syntax error is the template's own, whichever page needs it, so it names no page.
    """
    if isinstance(error, UnicodeDecodeError):
        return Problem(Location(Path(route.template)), _("a template is not UTF-8 text"))
    if isinstance(error, RecursionError):
        where = route.origin or Location(Path(route.template))
        return Problem(
            where,
            _(
                "nested too deeply to render /{address}: a template that extends itself, "
                "or Markdown lists or quotes hundreds of levels deep",
                address=route.url,
            ),
            _("extend the theme's original as 'theme/<name>'"),
        )
    text = error.message if isinstance(error, jinja2.TemplateError) else None
    reason = text or f"{type(error).__name__}: {error}"
    message = _("{reason} (while writing /{address})", reason=reason, address=route.url)
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Problem(Location(Path(error.filename), error.lineno), error.message or message)
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith((".html", ".xml", ".txt", ".ics", ".vcf", ".json")):
            return Problem(Location(Path(frame.filename), frame.lineno or 1), message)
    return Problem(Location(Path(route.template)), message)
