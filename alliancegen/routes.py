"""The route plan: every output file, its URL, template and context, before anything renders.

A pure function of the Site and the Config. URLs are relative to the site's base path and end
in '/' for pages; the theme turns them into links with the ``url`` function.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import fields
from dataclasses import replace
from datetime import date
from functools import cached_property
from functools import partial
from pathlib import PurePosixPath
from typing import Any
from typing import TypeVar

from alliancegen import federated
from alliancegen import finder
from alliancegen import video
from alliancegen.config import Config
from alliancegen.editions import EASY_READ
from alliancegen.editions import Edition
from alliancegen.editions import site_editions
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.federated import FederatedAlliance
from alliancegen.federated import FederatedEvent
from alliancegen.federated import FederatedField
from alliancegen.federated import Gathered
from alliancegen.federated import GatheredNews
from alliancegen.i18n import _
from alliancegen.load import edition_of
from alliancegen.memo import Memo
from alliancegen.model import Site
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Article
from alliancegen.model.entities import EasyRead
from alliancegen.model.entities import Event
from alliancegen.model.entities import FieldOfAction
from alliancegen.model.entities import NationalField
from alliancegen.model.entities import NewsItem
from alliancegen.model.entities import Page
from alliancegen.model.entities import Person
from alliancegen.model.fields import Image
from alliancegen.model.fields import name_key
from alliancegen.model.moment import Moment
from alliancegen.model.opendata import MAJOR
from alliancegen.model.opendata import VERSION
from alliancegen.reads import WHOLE
from alliancegen.reads import Tracked
from alliancegen.reads import note_field
from alliancegen.words import Word

NEWS_PER_PAGE = 10
FEED_ENTRIES = 20
"""A feed carries the newest news items only, as feed readers expect."""

SECTIONS = {
    "partners": ("partner", Word("Partner")),
    "goals": ("ziele", Word("Ziele und Handlungsfelder")),
    "projects": ("projekte", Word("Projekte")),
    "events": ("termine", Word("Termine")),
    "news": ("aktuelles", Word("Aktuelles")),
    "offers": ("angebote", Word("Angebote für Familien")),
    "organisation": ("organisation", Word("Organisation")),
    "join": ("mitmachen", Word("Mitmachen und Kontakt")),
}
"""Alliance sections: key -> (URL segment, German title)."""

SITE_SECTIONS = {
    "alliances": ("buendnisse", Word("Bündnisse finden")),
    "fields": ("handlungsfelder", Word("Handlungsfelder")),
    "events": ("termine", Word("Termine")),
    "news": ("aktuelles", Word("Aktuelles")),
    "imprint": ("impressum", Word("Impressum")),
    "privacy": ("datenschutz", Word("Datenschutzerklärung")),
    "accessibility": ("barrierefreiheit", Word("Erklärung zur Barrierefreiheit")),
    "credits": ("bildnachweise", Word("Bildnachweise")),
    "search": ("suche", Word("Suche")),
    "data": ("daten", Word("Offene Daten")),
}
"""Sections of the whole site: key -> (URL segment, German title)."""
NOT_FOUND = Word("Seite nicht gefunden")
OLDER_NEWS = Word("Aktuelles – Seite %(number)s")
TITLES = (NOT_FOUND, OLDER_NEWS)
"""The titles of pages that are no section, in the theme's catalogs besides the sections'."""

OPEN_DATA = "daten/buendnisse.json"
"""The open data of every alliance of the site (alliancegen.export); each alliance's own lies
at '<alliance>/daten.json'."""
OPEN_DATA_SCHEMA = f"daten/schema-{MAJOR}.json"
"""The JSON Schema of the open data, in the major version the site exports."""

FINDER_INDEX = f"{SITE_SECTIONS['alliances'][0]}/finder.json"
"""The finder's index of every alliance (alliancegen.finder), written once for the finder page
of every language."""

EDITOR = "admin/"
"""Where the browser editor is published, when site.yaml says where the repository lies."""
SEARCH_INDEX = "pagefind"
"""The folder of the search index (alliancegen.search); the search page is a section."""

EntryT = TypeVar("EntryT")
Listed = tuple[Alliance | None, NewsItem]
"""A news item with the alliance it belongs to (None for the site's own news)."""
Scheduled = tuple[Alliance, Event]
"""An event with the alliance that holds it."""
Dated = Scheduled | Gathered
"""An event of the site's or of a site it gathers (alliancegen.federated), with its alliance."""
Told = Listed | GatheredNews
"""A news item of the site's or of a site it gathers, with its alliance."""
DatedT = TypeVar("DatedT", bound=Dated)
ToldT = TypeVar("ToldT", bound=Told)


@dataclass(frozen=True)
class Route:
    """One output file: where it goes, which template renders it, and with what."""

    url: str
    """Path below the base path: '' for the home page, 'ilmenau/partner/', 'feed.xml'."""
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    origin: Location | None = None
    """The content file the route comes from, for problems such as URL collisions."""
    listed: bool = True
    """Whether visitors are meant to find it: listed in the sitemap (the editor is not)."""

    @cached_property
    def output(self) -> PurePosixPath:
        """The file to write, relative to the output folder."""
        return PurePosixPath(self.output_name)

    @cached_property
    def output_name(self) -> str:
        """``output`` as text: 'ilmenau/partner/index.html'."""
        return self.url + "index.html" if self.url.endswith("/") or not self.url else self.url

    @cached_property
    def is_page(self) -> bool:
        """An HTML page a visitor navigates to (listed in the sitemap)."""
        return self.output_name.endswith(".html") and self.url != "404.html" and self.listed

    @property
    def edition(self) -> Edition | None:
        """The edition the route belongs to."""
        edition = self.context.get("edition")
        return edition if isinstance(edition, Edition) else None

    @property
    def path(self) -> str:
        """The URL without its edition's prefix: the same for a page in every edition."""
        edition = self.edition
        return self.url.removeprefix(edition.prefix) if edition else self.url


class Addresses(Tracked):
    """The addresses of a plan's routes; asking whether one is there is a read of its own."""

    def __init__(self, urls: Iterable[str]) -> None:
        self._urls = frozenset(urls)

    def __contains__(self, url: object) -> bool:
        note_field(self, f"in:{url}")
        return url in object.__getattribute__(self, "_urls")

    def read_name(self, attribute: str) -> str | None:
        return attribute if attribute.startswith("in:") else WHOLE

    def value_of(self, name: str) -> Any:
        urls = object.__getattribute__(self, "_urls")
        return sorted(urls) if name == WHOLE else name.removeprefix("in:") in urls


@dataclass(frozen=True)
class Plan:
    """Every route of the site, and what is missing but not fatal."""

    groups: tuple[tuple[Route, ...], ...]
    """The routes in groups planned together: the site's, each alliance's, the sitemap; a
    group planned from the same content is the very same tuple as last time."""
    warnings: tuple[Problem, ...] = ()

    @cached_property
    def routes(self) -> tuple[Route, ...]:
        """Every route, in the order of the groups."""
        return tuple(itertools.chain.from_iterable(self.groups))

    def find(self, url: str) -> Route:
        """The route with ``url``."""
        return next(route for route in self.routes if route.url == url)

    @cached_property
    def addresses(self) -> Addresses:
        """The URLs of every route, for templates to ask whether a page exists."""
        return Addresses(route.url for route in self.routes)


def section_url(alliance: str | None, section: str = "", slug: str = "") -> str:
    """The URL of an alliance's section or item, or of a site-wide section."""
    segment = (SECTIONS if alliance else SITE_SECTIONS)[section][0] if section else ""
    parts = [part for part in (alliance, segment, slug) if part]
    return "/".join(parts) + "/" if parts else ""


def plan_routes(site: Site, config: Config, memo: Memo | None = None) -> Plan:
    """Compute every route of the published ``site`` (alliancegen.outputs checks that no two
    files of the site, routes or copies, want one address).

    A ``memo`` kept from the last plan spares planning unchanged alliances again.
    """
    memo = memo or Memo()
    groups: list[tuple[Route, ...]] = []
    for edition in editions_of(site):
        edited = site.translated.get(edition.key, site) if edition.prefix else site
        found = list(_edition_routes(edited, edition, config.today, memo))
        if edition.is_easy_read and edited.easy_read is not None:
            found.insert(0, (_easy_read_start(edited.easy_read, edition, found),))
        groups += (group for group in found if group)
    pages = [route for group in groups for route in group if route.is_page]
    sitemap = {"urls": [route.url for route in pages], "alternates": _alternates(pages)}
    groups.append((Route("sitemap.xml", "sitemap.xml", sitemap),))
    warnings = (
        *_missing_legal_pages(site, config),
        *_missing_data_licence(site, config),
        *_left_out_of_feeds(site),
        *_easy_read_gaps(site),
        *video.warnings(site, config.content_dir),
    )
    return Plan(tuple(groups), warnings)


DRAFTABLE_PARTS = ("projects", "events", "news", "pages", "offers")
"""The parts of an alliance that can hold drafts."""


def without_drafts(site: Site) -> Site:
    """The site as published: drafts left out, and the alliances' drafts too."""

    def published(entries: Iterable[EntryT]) -> tuple[EntryT, ...]:
        return tuple(e for e in entries if not (isinstance(e, Article) and e.draft))

    def published_alliance(alliance: Alliance) -> Alliance:
        parts = {part: getattr(alliance, part) for part in DRAFTABLE_PARTS}
        kept = {part: published(entries) for part, entries in parts.items()}
        if kept == parts:
            return alliance  # the same object: later stages compare it cheaply
        return alliance.model_copy(update=kept)

    alliances = tuple(published_alliance(alliance) for alliance in published(site.alliances))
    return replace(
        site,
        alliances=alliances,
        news=published(site.news),
        pages=published(site.pages),
        easy_read=site.easy_read if site.easy_read and not site.easy_read.draft else None,
        translated={key: without_drafts(edition) for key, edition in site.translated.items()},
    )


def _alternates(pages: list[Route]) -> dict[str, list[tuple[str, str]]]:
    """For each page that has other languages, every language's version of it: (language,
    URL), for the sitemap (Leichte Sprache is German, so it is no alternate)."""
    versions: dict[str, list[tuple[str, str]]] = {}
    for route in pages:
        edition = route.edition
        if edition is not None and not edition.is_easy_read:
            versions.setdefault(route.path, []).append((edition.language, route.url))
    return {url: found for found in versions.values() if len(found) > 1 for _language, url in found}


def editions_of(site: Site) -> tuple[Edition, ...]:
    """The editions ``site`` is published in: its main language first."""
    settings = site.settings
    return site_editions(settings.language, settings.languages, site.has_easy_read)


def _edition_routes(
    site: Site, edition: Edition, today: date, memo: Memo
) -> Iterator[tuple[Route, ...]]:
    """The route groups of one edition: the site's own, then each alliance's."""
    planned = partial(_site_routes, site, today, edition)
    yield memo(("routes", edition.key), (_parts(site), today), planned)
    for alliance in site.alliances:
        planned = partial(_alliance_routes, alliance, today, edition)
        yield memo(("routes", edition.key, alliance.slug), (alliance, today), planned)


MAIN_ONLY = frozenset({"404.html", "robots.txt", EDITOR, EDITOR + "config.yml"})
"""Files that exist once for the whole site, not in each edition (so do contact cards and
open data, which say nothing in a language)."""
ONCE = (".vcf", ".json")
"""The kinds of files that say nothing in a language: contact cards and open data."""


def _in_edition(routes: Iterable[Route], edition: Edition) -> tuple[Route, ...]:
    """``routes`` as ``edition`` publishes them: below its prefix, with the edition in the
    context (its site and settings are the build's, given as the page renders: a route kept
    from an earlier plan must not hold an earlier site)."""
    return tuple(
        replace(
            route, url=edition.prefix + route.url, context={**route.context, "edition": edition}
        )
        for route in routes
    )


def _edition_has(edition: Edition, route: Route) -> bool:
    """Whether ``edition`` publishes ``route``: the main one all, a translation every page
    (in the main language where it has no text of its own), Leichte Sprache only what is
    written in it."""
    if not edition.prefix:
        return True
    if edition.is_easy_read:
        return route.origin is not None and edition_of(route.origin.path.name) == EASY_READ
    return route.url not in MAIN_ONLY and not route.url.endswith(ONCE)


def _parts(site: Site) -> tuple[object, ...]:
    """What a site is made of: a site made of the same objects plans the same routes (its
    other editions, made anew each build, are no part of it)."""
    return tuple(getattr(site, part.name) for part in fields(site) if part.compare)


def _site_routes(site: Site, today: date, edition: Edition) -> tuple[Route, ...]:
    routes = _planned_site_routes(site, today)
    return _in_edition((r for r in routes if _edition_has(edition, r)), edition)


def _easy_read_start(page: EasyRead, edition: Edition, groups: list[tuple[Route, ...]]) -> Route:
    """The start page in Leichte Sprache, with every other page written in it."""
    more = [
        (route.context["title"], route.url) for group in groups for route in group if route.is_page
    ]
    start = {"title": page.title, "page": page, "more": more}
    return _in_edition([Route("", "easy_read.html", start, page.origin)], edition)[0]


def _easy_read_gaps(site: Site) -> Iterator[Problem]:
    """What the start page in Leichte Sprache still lacks of what BITV 2.0 asks of public
    bodies: the site's own explanation of its content, and a video in sign language."""
    page = site.easy_read
    if page is None:
        return
    if not page.body.strip():
        yield Problem(
            page.origin,
            _("the start page in Leichte Sprache does not say yet what the site is about"),
            _("write it below the front matter, in short sentences"),
        )
    if page.sign_language is None:
        yield Problem(
            page.origin,
            _("the start page in Leichte Sprache has no video in German Sign Language yet"),
            _("add 'sign_language:' with the video, its poster and its captions"),
        )


def _planned_site_routes(site: Site, today: date) -> Iterator[Route]:
    own: list[Told] = [*((None, n) for n in site.news), *_alliance_news(site)]
    news = sort_news([*own, *federated.news(site)])
    events = [*_site_events(site), *upcoming(federated.events(site), today)]
    coming, over = schedule(events, today)
    home = {"news": news[:3], "events": coming[:3]}
    yield Route("", "home.html", home)
    yield Route("404.html", "404.html", {"title": NOT_FOUND})
    yield Route("robots.txt", "robots.txt")
    yield Route("feed.xml", "atom.xml", {"entries": dated(news)[:FEED_ENTRIES], "alliance": None})
    yield Route(OPEN_DATA, "data.json", {"alliances": site.alliances})
    yield Route(OPEN_DATA_SCHEMA, "schema.json")
    yield Route(section_url(None, "data"), "data.html", _data_page())
    if _is_portal(site):
        yield from _portal_routes(site)
    yield from _event_routes(None, events, coming, over)
    yield from _news_list_routes(None, news)
    for item in site.news:
        context = {"alliance": None, "title": item.title, "item": item}
        yield Route(section_url(None, "news", item.slug), "news_item.html", context, item.origin)
    yield from (_page_route(None, page) for page in site.pages)
    yield from _legal_routes(site)
    search = {"title": SITE_SECTIONS["search"][1], **_finder_lists(site)}
    yield Route(section_url(None, "search"), "search.html", search)
    if site.settings.editing:
        yield Route(EDITOR, "admin/index.html", listed=False)
        yield Route(EDITOR + "config.yml", "admin/config.yml", listed=False)


def _data_page() -> dict[str, Any]:
    """What the page that explains the open data links to."""
    title = SITE_SECTIONS["data"][1]
    return {
        "title": title,
        "everything": OPEN_DATA,
        "schema_file": OPEN_DATA_SCHEMA,
        "version": VERSION,
    }


def _alliance_news(site: Site) -> Iterator[Listed]:
    return ((alliance, item) for alliance in site.alliances for item in alliance.news)


def _site_events(site: Site) -> Iterator[Dated]:
    return ((alliance, event) for alliance in site.alliances for event in alliance.events)


def _is_portal(site: Site) -> bool:
    """Whether the site lists more than one alliance: its own and those it gathered."""
    return len(site.alliances) + sum(len(export.alliances) for export in site.federated) > 1


def _finder_lists(site: Site) -> dict[str, Any]:
    """What the list of every alliance needs (partials/finder.html): the site's own and
    those it gathered, by federal state and by nationwide field of action."""
    own = (
        finder.own(alliance, section_url(alliance.slug), section_url(alliance.slug, "goals"))
        for alliance in site.alliances
    )
    listed = finder.in_order([*own, *finder.gathered(site.federated)])
    fields = [
        (national, finder.active_in(listed, national.slug)) for national in site.national_fields
    ]
    return {"listed": listed, "states": finder.by_state(listed), "by_field": fields}


def _finder_routes(site: Site) -> Iterator[Route]:
    """The finder page, and its index for searching by postal code or town."""
    lists = _finder_lists(site)
    title = SITE_SECTIONS["alliances"][1]
    finder_page = {"title": title, "index_url": FINDER_INDEX, **lists}
    yield Route(section_url(None, "alliances"), "portal/alliances.html", finder_page)
    yield Route(FINDER_INDEX, "finder.json", {"index": finder.finder_index(lists["listed"])})


def _portal_routes(site: Site) -> Iterator[Route]:
    yield from _finder_routes(site)
    found = {national.slug: _fields_in(site, national) for national in site.national_fields}
    counts = {slug: len({id(alliance) for alliance, _ in pairs}) for slug, pairs in found.items()}
    overview = {"title": SITE_SECTIONS["fields"][1], "counts": counts}
    yield Route(section_url(None, "fields"), "portal/fields.html", overview)
    for national in site.national_fields:
        context = {"title": national.title, "field": national, "fields": found[national.slug]}
        yield Route(section_url(None, "fields", national.slug), "portal/field.html", context)


def _fields_in(
    site: Site, national: NationalField
) -> list[tuple[Alliance | FederatedAlliance, FieldOfAction | FederatedField]]:
    """The alliances' own fields of action that belong to ``national``: the site's, then those
    of the sites it gathers."""
    own = [
        (alliance, part)
        for alliance in site.alliances
        for part in alliance.fields_of_action
        if part.national == national.slug
    ]
    return [*own, *federated.fields(site, national.slug)]


def _legal_routes(site: Site) -> Iterator[Route]:
    settings = site.settings
    pages = {
        "imprint": settings.operator,
        "privacy": settings.privacy,
        "accessibility": settings.accessibility,
    }
    for key, facts in pages.items():
        if facts is not None and settings.operator is not None:
            title = SITE_SECTIONS[key][1]
            yield Route(section_url(None, key), f"legal/{key}.html", {"title": title})
    credits = list(image_credits(site))
    if credits:
        yield Route(
            section_url(None, "credits"),
            "credits.html",
            {"title": SITE_SECTIONS["credits"][1], "credits": credits},
        )


def _missing_legal_pages(site: Site, config: Config) -> Iterator[Problem]:
    settings = site.settings
    where = Location(config.content_dir / "site.yaml")
    if settings.operator is None:
        yield Problem(
            where,
            _("no imprint, privacy or accessibility statement: 'operator' is missing"),
            _("add who publishes the site (operator: name, address, email) to site.yaml"),
        )
        return
    for key in ("privacy", "accessibility"):
        if getattr(settings, key) is None:
            title = SITE_SECTIONS[key][1]
            message = _("no {title}: '{key}' is missing", title=title, key=key)
            yield Problem(where, message, _("add '{key}:' to site.yaml", key=key))


def _missing_data_licence(site: Site, config: Config) -> Iterator[Problem]:
    """A warning while the open data state no licence: a portal or a newsroom cannot tell
    whether it may use them."""
    if site.settings.data_licence is None:
        yield Problem(
            Location(config.content_dir / "site.yaml"),
            _("the open data carry no licence: 'data_licence' is missing"),
            _(
                "add 'data_licence: dl-de/by-2-0' (Datenlizenz Deutschland) or "
                "'data_licence: cc-by-4.0' to site.yaml"
            ),
        )


def _left_out_of_feeds(site: Site) -> Iterator[Problem]:
    """A warning for each news item that no feed carries, as a feed entry needs a date.

    No date is made up: a file's first commit is when it reached the site, not when it was
    published, and would show old news to feed readers as new.
    """
    news = [*site.news, *(item for alliance in site.alliances for item in alliance.news)]
    for item in news:
        if item.date.year is None:
            yield Problem(
                item.origin,
                _("'{title}' is left out of the news feeds: its date is unknown", title=item.title),
                _("write its 'date:' as precisely as it is known, a year is enough (2017)"),
            )


def _alliance_routes(alliance: Alliance, today: date, edition: Edition) -> tuple[Route, ...]:
    routes = _planned_alliance_routes(alliance, today)
    return _in_edition((r for r in routes if _edition_has(edition, r)), edition)


def _planned_alliance_routes(alliance: Alliance, today: date) -> Iterator[Route]:
    slug = alliance.slug
    base = {"alliance": alliance}
    overview = {**base, "title": alliance.name}
    yield Route(section_url(slug), "alliance/overview.html", overview, alliance.origin)
    for key in ("partners", "goals", "offers", "projects", "organisation", "join"):
        if key == "join" or _has_section(alliance, key):
            context = {**base, "title": SECTIONS[key][1]}
            yield Route(section_url(slug, key), f"alliance/{key}.html", context)
    for key, template in (("projects", "project"), ("offers", "offer")):
        for entry in getattr(alliance, key):
            context = {**base, "title": entry.title, template: entry}
            url = section_url(slug, key, entry.slug)
            yield Route(url, f"alliance/{template}.html", context, entry.origin)
    yield from _alliance_event_routes(alliance, today)
    yield from _vcard_routes(alliance)
    yield Route(section_url(slug) + "daten.json", "data.json", {"alliances": (alliance,)})
    yield from _news_list_routes(alliance, sort_news((alliance, item) for item in alliance.news))
    for item in alliance.news:
        context = {**base, "title": item.title, "item": item}
        url = section_url(slug, "news", item.slug)
        yield Route(url, "news_item.html", context, item.origin)
    yield from (_page_route(alliance, page) for page in alliance.pages)


def _has_section(alliance: Alliance, key: str) -> bool:
    if key == "goals":
        return bool(
            alliance.goals or alliance.fields_of_action or alliance.vision or alliance.focus
        )
    if key == "organisation":
        parts = ("roles", "hosts", "offices", "committees", "working_groups")
        return any(getattr(alliance, part) for part in parts)
    return bool(getattr(alliance, key))


def vcard_url(alliance: Alliance, person: Person) -> str:
    """The URL of a person's vCard, next to the contact page that lists them."""
    return f"{section_url(alliance.slug, 'join')}{person.slug}.vcf"


def _vcard_routes(alliance: Alliance) -> Iterator[Route]:
    """A vCard for each person who published a phone number, e-mail or postal address."""
    for person in alliance.people:
        if person.has_contact:
            context = {"alliance": alliance, "person": person}
            yield Route(vcard_url(alliance, person), "vcard.vcf", context, person.origin)


def _event_routes(
    alliance: Alliance | None,
    events: Sequence[Dated],
    coming: Sequence[Dated],
    over: Sequence[Dated],
) -> Iterator[Route]:
    """The events page and the calendar of an alliance or of the whole site."""
    if not events:
        return
    url = section_url(alliance.slug if alliance else None, "events")
    context: dict[str, Any] = {
        "alliance": alliance,
        "title": SECTIONS["events"][1],
        "upcoming": coming,
    }
    context["past"] = over
    yield Route(url, "events.html", context)
    dated = calendar(events)
    if dated:
        name = alliance.name if alliance else None
        yield Route(url + "kalender.ics", "calendar.ics", {"name": name, "events": dated})


def _alliance_event_routes(alliance: Alliance, today: date) -> Iterator[Route]:
    """An alliance's events page and calendar, and each event's page and calendar file."""
    events = [(alliance, event) for event in alliance.events]
    coming, over = schedule(events, today)
    yield from _event_routes(alliance, events, coming, over)
    ahead = {id(event) for _, event in coming}
    for pair in events:
        event = pair[1]
        event_url = section_url(alliance.slug, "events", event.slug)
        context = {
            "alliance": alliance,
            "title": event.title,
            "event": event,
            "upcoming": id(event) in ahead,
        }
        yield Route(event_url, "event.html", context, event.origin)
        if calendar([pair]):
            ics = {"name": event.title, "events": [pair]}
            yield Route(event_url + "termin.ics", "calendar.ics", ics, event.origin)


def _news_list_routes(alliance: Alliance | None, news: Sequence[Told]) -> Iterator[Route]:
    if not news:
        return
    slug = alliance.slug if alliance else None
    url = section_url(slug, "news")
    pages = news_pages(news)
    urls = [url] + [f"{url}seite/{number}/" for number in range(len(pages) - 1, 0, -1)]
    for index, entries in enumerate(pages):
        number = len(pages) - index
        context = {
            "alliance": alliance,
            "title": SECTIONS["news"][1] if index == 0 else OLDER_NEWS,
            "entries": entries,
            "previous": urls[index - 1] if index else None,
            "next": urls[index + 1] if index + 1 < len(urls) else None,
            "page_number": None if index == 0 else number,
        }
        yield Route(urls[index], "news.html", context)
    if alliance is not None:
        feed = {"entries": dated(news)[:FEED_ENTRIES], "alliance": alliance}
        yield Route(url + "feed.xml", "atom.xml", feed)


def news_pages(news: Sequence[ToldT]) -> list[Sequence[ToldT]]:
    """A news list (newest first) in pages: the first page shows the newest items, the
    others hold ten each and are counted from the oldest.

    So a page keeps its items and its address while news are added: a new item changes the
    first page only (and every tenth time it makes one more page of ten), not every page of
    the list. The first page shows ten to nineteen items, or all when there are fewer.
    """
    tens = max(len(news) // NEWS_PER_PAGE, 1)
    first = len(news) - (tens - 1) * NEWS_PER_PAGE
    rest = range(first, len(news), NEWS_PER_PAGE)
    return [news[:first], *(news[start : start + NEWS_PER_PAGE] for start in rest)]


def _page_route(alliance: Alliance | None, page: Page) -> Route:
    url = section_url(alliance.slug) + page.slug + "/" if alliance else page.slug + "/"
    context = {"alliance": alliance, "title": page.title, "page": page}
    return Route(url, "page.html", context, page.origin)


def sort_news(news: Iterable[ToldT]) -> list[ToldT]:
    """Newest first; items of unknown date last; by title within a day."""
    by_title = sorted(news, key=lambda pair: name_key(pair[1].title))
    dated = [pair for pair in by_title if pair[1].date.year is not None]
    undated = [pair for pair in by_title if pair[1].date.year is None]
    return sorted(dated, key=lambda pair: pair[1].date.sort_key, reverse=True) + undated


def dated(news: Sequence[ToldT]) -> list[ToldT]:
    """The news items whose date is known; a feed needs a date for each entry."""
    return [pair for pair in news if pair[1].date.year is not None]


def upcoming(events: Iterable[DatedT], today: date) -> list[DatedT]:
    """Events that have not ended before ``today`` (a series without end goes on), the one
    whose next date comes first first."""
    now = Moment(today.year, today.month, today.day)
    found = [pair for pair in events if _ahead(pair[1], now)]
    return sorted(
        found, key=lambda pair: (pair[1].next_start(today).sort_key, *_chronological(pair))
    )


def _ahead(event: Event | FederatedEvent, now: Moment) -> bool:
    """Whether ``event`` has a known start and has not ended before ``now``."""
    last = event.last
    return event.start.year is not None and (last is None or not last.is_before(now))


def schedule(events: Sequence[DatedT], today: date) -> tuple[list[DatedT], list[DatedT]]:
    """The events in two lists: ``upcoming``, and those that are over or whose date is
    unknown, the latest first."""
    coming = upcoming(events, today)
    ahead = {id(event) for _, event in coming}
    gone = (pair for pair in events if id(pair[1]) not in ahead)
    return coming, sorted(gone, key=_chronological, reverse=True)


def calendar(events: Iterable[DatedT]) -> list[DatedT]:
    """Events whose day is known, so that a calendar can hold them."""
    return sorted((pair for pair in events if pair[1].start.date is not None), key=_chronological)


def _chronological(pair: Dated) -> tuple[tuple[int, ...], tuple[str, str], str]:
    alliance, event = pair
    return event.start.sort_key, name_key(event.title), alliance.slug


def image_credits(site: Site) -> Iterator[tuple[Image, str]]:
    """Every image of the site with a credit, and the URL of the page that shows it."""
    for alliance in site.alliances:
        url = section_url(alliance.slug)
        if alliance.hero:
            yield alliance.hero, url
        for person in alliance.people:
            if person.photo:
                yield person.photo, section_url(alliance.slug, "join")
        for key in ("projects", "events", "news"):
            for entry in getattr(alliance, key):
                for image in entry.images:
                    yield image, section_url(alliance.slug, key, entry.slug)
    for item in site.news:
        yield from ((image, section_url(None, "news", item.slug)) for image in item.images)
