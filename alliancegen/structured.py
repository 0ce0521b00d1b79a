"""schema.org data (JSON-LD) for the site, alliances, events and news articles."""

from __future__ import annotations

from typing import Any

from alliancegen.config import Config
from alliancegen.filters import iso_moment
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Event
from alliancegen.model.entities import EventStatus
from alliancegen.model.entities import NewsItem
from alliancegen.model.entities import Partner
from alliancegen.model.entities import Person
from alliancegen.model.fields import Place
from alliancegen.routes import section_url

CONTEXT = "https://schema.org"
_EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def website(config: Config) -> dict[str, Any]:
    """The site as a WebSite."""
    settings = config.settings
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "WebSite",
            "name": settings.title,
            "description": settings.description,
            "url": config.base_url,
            "inLanguage": settings.language,
        }
    )


def postal_address(place: Place | None) -> dict[str, Any] | None:
    """A place as a PostalAddress with its name ('Rathaus', 'Familienzentrum'), or None."""
    if place is None:
        return None
    return _without_empty(
        {
            "@type": "PostalAddress",
            "name": place.name,
            "streetAddress": place.street,
            "postalCode": place.postal_code,
            "addressLocality": place.locality,
            "addressCountry": "DE",
        }
    )


def _contact_point(person: Person) -> dict[str, Any]:
    return _without_empty(
        {
            "@type": "ContactPoint",
            "contactType": person.role,
            "name": person.name,
            "telephone": person.phone,
            "email": person.email,
        }
    )


def _member(partner: Partner) -> dict[str, Any]:
    return _without_empty(
        {
            "@type": "Organization",
            "name": partner.name,
            "url": partner.website,
            "address": postal_address(partner.address),
        }
    )


def organization(alliance: Alliance, config: Config) -> dict[str, Any]:
    """An alliance as an Organization with its partners, awards and contacts."""
    people = {person.slug: person for person in alliance.people}
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "name": alliance.name,
            "alternateName": alliance.short_name,
            "url": config.base_url + section_url(alliance.slug),
            "description": alliance.summary,
            "foundingDate": iso_moment(alliance.founded, config) if alliance.founded else None,
            "areaServed": {"@type": "City", "name": alliance.town},
            "address": postal_address(alliance.address),
            "sameAs": alliance.website,
            "member": [_member(partner) for partner in alliance.partners],
            "award": [" ".join(filter(None, (a.name, a.period))) for a in alliance.awards],
            "contactPoint": [_contact_point(people[slug]) for slug in alliance.coordinators],
        }
    )


def event(alliance: Alliance, item: Event, config: Config) -> dict[str, Any]:
    """An event with its place, status and organiser."""
    place = item.place
    location = (
        _without_empty({"@type": "Place", "name": place.name, "address": postal_address(place)})
        if place
        else None
    )
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": item.title,
            "startDate": iso_moment(item.start, config),
            "endDate": iso_moment(item.end, config) if item.end else None,
            "eventStatus": _EVENT_STATUS[item.status],
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": location,
            "description": item.motto,
            "url": config.base_url + section_url(alliance.slug, "events", item.slug),
            "organizer": {
                "@type": "Organization",
                "name": alliance.name,
                "url": config.base_url + section_url(alliance.slug),
            },
        }
    )


def article(alliance: Alliance | None, item: NewsItem, config: Config) -> dict[str, Any]:
    """A news item as a NewsArticle."""
    publisher = alliance.name if alliance else config.settings.title
    url = config.base_url + section_url(alliance.slug if alliance else None, "news", item.slug)
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "headline": item.title,
            "alternativeHeadline": item.subtitle,
            "description": item.summary,
            "datePublished": iso_moment(item.date, config),
            "author": {"@type": "Person", "name": item.author} if item.author else None,
            "publisher": {"@type": "Organization", "name": publisher},
            "url": url,
            "inLanguage": config.settings.language,
        }
    )
