"""What a portal shows of other sites' alliances (``Site.federated``): views of their open data
that the theme renders with the very macros it renders the site's own entries with.

A view has what a card reads of the entry it stands for, and its ``url``: the entry's page on
its own site, where its content is canonical. A portal gives it no page of its own, and shows
its text as it shows any text, escaped (never as Markdown or HTML).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import ClassVar
from typing import TypeVar

from alliancegen.model import Site
from alliancegen.model import opendata
from alliancegen.model.entities import Attendance
from alliancegen.model.entities import EventKind
from alliancegen.model.entities import EventStatus
from alliancegen.model.entities import NewsKind
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Place
from alliancegen.model.moment import Moment

ChoiceT = TypeVar("ChoiceT", bound=Choice)


@dataclass(frozen=True)
class Federated:
    """Something another site publishes."""

    url: str
    """Its page on that site."""
    language: str
    """The language of its text: its site's."""


@dataclass(frozen=True)
class FederatedAlliance(Federated):
    """An alliance of another site, named with that site."""

    name: str
    slug: str
    """Its name in its site's addresses: orders entries of one day, links nothing."""
    site: str
    """The title of the site that publishes it."""
    time_zone: str
    """The time zone of its times of day: its site's."""


@dataclass(frozen=True)
class FederatedEvent(Federated):
    """An upcoming event of another site's alliance, as a card of an event reads it."""

    title: str
    start: Moment
    end: Moment | None
    place: Place | None
    kind: EventKind
    status: EventStatus
    attendance: ClassVar[Attendance] = Attendance.ON_SITE
    dates: ClassVar[tuple[Moment, ...]] = ()
    repeat: ClassVar[None] = None
    until: ClassVar[None] = None
    motto: ClassVar[None] = None

    @property
    def last(self) -> Moment:
        """When it is over, as far as known."""
        return self.end or self.start

    def next_start(self, day: date) -> Moment:  # noqa: ARG002 (as routes.upcoming asks it)
        """Its start: an export's events have one date each."""
        return self.start


@dataclass(frozen=True)
class FederatedNews(Federated):
    """A news item of another site's alliance, as a card of a news item and a feed read it."""

    title: str
    date: Moment
    summary: str | None
    author: str
    """Its alliance, which published it."""
    kind: ClassVar[NewsKind] = NewsKind.NEWS


@dataclass(frozen=True)
class FederatedField(Federated):
    """A field of action of another site's alliance, linked to where that site explains it."""

    title: str
    description: ClassVar[None] = None


Gathered = tuple[FederatedAlliance, FederatedEvent]
"""An event of another site with its alliance."""
GatheredNews = tuple[FederatedAlliance, FederatedNews]
"""A news item of another site with its alliance."""


def alliances(site: Site) -> Iterator[tuple[FederatedAlliance, opendata.OpenAlliance]]:
    """Every alliance of the sites ``site`` gathers, with its open data."""
    for export in site.federated:
        publisher = export.publisher
        for alliance in export.alliances:
            named = FederatedAlliance(
                name=alliance.name,
                slug=alliance.id,
                url=alliance.url,
                site=publisher.title,
                language=publisher.language,
                time_zone=export.time_zone,
            )
            yield named, alliance


def events(site: Site) -> list[Gathered]:
    """The events of the alliances ``site`` gathers, as their sites exported them."""
    return [
        (
            named,
            FederatedEvent(
                title=event.title,
                start=event.start,
                end=event.end,
                place=event.place,
                kind=_choice(EventKind, event.kind, EventKind.OTHER),
                status=_choice(EventStatus, event.status, EventStatus.SCHEDULED),
                url=event.url,
                language=named.language,
            ),
        )
        for named, alliance in alliances(site)
        for event in alliance.events
    ]


def news(site: Site) -> list[GatheredNews]:
    """The news items of the alliances ``site`` gathers."""
    return [
        (
            named,
            FederatedNews(
                url=item.url,
                language=named.language,
                title=item.title,
                date=item.date,
                summary=item.summary,
                author=named.name,
            ),
        )
        for named, alliance in alliances(site)
        for item in alliance.news
    ]


def fields(site: Site, national: str) -> list[tuple[FederatedAlliance, FederatedField]]:
    """The fields of action of the alliances ``site`` gathers that belong to the nationwide
    field ``national``; one without a page of its own links to its alliance's page."""
    return [
        (named, FederatedField(url=own.url or named.url, language=named.language, title=own.title))
        for named, alliance in alliances(site)
        for own in alliance.fields_of_action
        if own.national == national
    ]


def _choice(kind: type[ChoiceT], value: str | None, default: ChoiceT) -> ChoiceT:
    """``value`` as one of ``kind``'s, in any spelling the site's own content may use; else
    ``default`` (another site may know values this one does not)."""
    try:
        return kind(value) if value is not None else default
    except ValueError:
        return default
