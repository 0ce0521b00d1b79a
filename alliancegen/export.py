"""The open data export: a site's alliances through the models of alliancegen.model.opendata,
on the day of the build (events still to come, the newest news), with the site's addresses.

Nothing personal goes in that the site does not publish anyway: the alliance's own contact, and
of people only the coordinators, as the contact page shows them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterable

from alliancegen.config import Config
from alliancegen.finder import stated_codes
from alliancegen.model import Site
from alliancegen.model import entities
from alliancegen.model.entities import RoleKind
from alliancegen.model.opendata import FORMAT
from alliancegen.model.opendata import VERSION
from alliancegen.model.opendata import Contact
from alliancegen.model.opendata import ContactPerson
from alliancegen.model.opendata import Event
from alliancegen.model.opendata import Export
from alliancegen.model.opendata import Feeds
from alliancegen.model.opendata import FieldOfAction
from alliancegen.model.opendata import Licence
from alliancegen.model.opendata import NewsItem
from alliancegen.model.opendata import OpenAlliance
from alliancegen.model.opendata import Partner
from alliancegen.model.opendata import Partners
from alliancegen.model.opendata import Project
from alliancegen.model.opendata import Publisher
from alliancegen.routes import section_url
from alliancegen.routes import sort_news
from alliancegen.routes import upcoming

NEWS_ITEMS = 10
"""An export carries each alliance's newest news items (the Atom feeds carry more)."""


Published = Callable[[str], bool]
"""Whether the site publishes a file at a path ('ilmenau/aktuelles/feed.xml')."""


def export(
    site: Site, config: Config, alliances: Iterable[entities.Alliance], published: Published
) -> Export:
    """The open data of ``alliances`` of ``site`` on the day of the build."""
    settings = site.settings
    licence = settings.data_licence
    return Export(
        format=FORMAT,
        version=VERSION,
        publisher=Publisher(title=settings.title, url=config.base_url, language=settings.language),
        licence=Licence(id=licence.value, name=licence.german, url=licence.url)
        if licence
        else None,
        as_of=config.today,
        time_zone=settings.time_zone,
        feeds=_feeds(None, config, published),
        alliances=tuple(_alliance(alliance, config, published) for alliance in alliances),
    )


def export_json(
    site: Site, config: Config, alliances: Iterable[entities.Alliance], published: Published
) -> str:
    """``export`` as the text of a JSON file."""
    data = export(site, config, alliances, published).model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _alliance(alliance: entities.Alliance, config: Config, published: Published) -> OpenAlliance:
    def address(path: str) -> str:
        return config.base_url + path

    slug = alliance.slug
    return OpenAlliance(
        id=slug,
        name=alliance.name,
        short_name=alliance.short_name,
        url=address(section_url(slug)),
        town=alliance.town,
        ags=alliance.ags,
        state=alliance.state,
        postal_codes=tuple(dict.fromkeys(stated_codes(alliance))),
        founded=alliance.founded,
        status=alliance.status,
        summary=alliance.summary,
        contact=Contact(
            phone=alliance.phone,
            address=alliance.address,
            page=address(section_url(slug, "join")),
        ),
        people=tuple(_coordinators(alliance)),
        fields_of_action=tuple(
            FieldOfAction(
                title=field.title,
                national=field.national,
                url=address(section_url(slug, "goals") + "#" + field.slug),
            )
            for field in alliance.fields_of_action
        ),
        partners=Partners(
            count=alliance.partner_total,
            qualifier=alliance.partner_count.qualifier if alliance.partner_count else None,
            as_of=alliance.partner_count.date if alliance.partner_count else None,
            listed=tuple(
                Partner(name=p.name, category=p.category, website=p.website)
                for p in alliance.partners
                if p.name
            ),
        ),
        projects=tuple(
            Project(
                title=project.title,
                summary=project.summary,
                status=project.status,
                url=address(section_url(slug, "projects", project.slug)),
            )
            for project in alliance.projects
        ),
        events=tuple(
            _event(event, address(section_url(slug, "events", event.slug)))
            for _owner, event in upcoming(((alliance, e) for e in alliance.events), config.today)
        ),
        news=tuple(
            _news_item(item, address(section_url(slug, "news", item.slug)))
            for _owner, item in sort_news((alliance, item) for item in alliance.news)[:NEWS_ITEMS]
        ),
        feeds=_feeds(slug, config, published),
    )


def _feeds(alliance: str | None, config: Config, published: Published) -> Feeds:
    """The Atom feed and the calendar of an alliance, or of the whole site, where published."""
    news = "feed.xml" if alliance is None else section_url(alliance, "news") + "feed.xml"
    events = section_url(alliance, "events") + "kalender.ics"
    return Feeds(
        news=config.base_url + news if published(news) else None,
        calendar=config.base_url + events if published(events) else None,
    )


def _coordinators(alliance: entities.Alliance) -> Iterable[ContactPerson]:
    """The people the alliance names as coordinators, as its contact page shows them."""
    coordinators = [role.person for role in alliance.all_roles if role.kind == RoleKind.COORDINATOR]
    for slug in dict.fromkeys(coordinators):
        person = alliance.person(slug)
        yield ContactPerson(
            name=person.name,
            role=person.role,
            organisation=person.organisation,
            phone=person.phone,
        )


def _event(event: entities.Event, url: str) -> Event:
    return Event(
        title=event.title,
        start=event.start,
        end=event.end,
        place=event.place,
        kind=event.kind,
        status=event.status,
        url=url,
    )


def _news_item(item: entities.NewsItem, url: str) -> NewsItem:
    return NewsItem(title=item.title, date=item.date, summary=item.summary, url=url)
