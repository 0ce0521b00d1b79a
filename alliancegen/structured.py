"""schema.org data (JSON-LD) for the site, alliances, events and news articles."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from alliancegen.config import Config
from alliancegen.filters import iso_moment
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Event
from alliancegen.model.entities import EventStatus
from alliancegen.model.entities import Group
from alliancegen.model.entities import Host
from alliancegen.model.entities import NewsItem
from alliancegen.model.entities import Office
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
    """A place as a PostalAddress, or None."""
    if place is None:
        return None
    return _without_empty(
        {
            "@type": "PostalAddress",
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


def organization(
    alliance: Alliance, config: Config, labels: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An alliance as an Organization with its partners, awards and contacts; with the
    theme's ``labels``, also the roles people hold, as OrganizationRoles."""
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
            "member": [
                *({"@type": "Organization", "name": p.name} for p in alliance.partners),
                *_roles(alliance, config, labels or {}),
            ],
            "award": [" ".join(filter(None, (a.name, a.period))) for a in alliance.awards],
            "contactPoint": [_contact_point(people[slug]) for slug in alliance.coordinators],
            **_organisation(alliance, config),
        }
    )


def _organisation(alliance: Alliance, config: Config) -> dict[str, Any]:
    """The alliance's own contact, its host, offices and groups."""
    today = config.today
    hosts = [host for host in alliance.hosts if host.holds_on(today)]
    return {
        "slogan": alliance.motto,
        "email": alliance.email,
        "telephone": alliance.phone,
        "parentOrganization": [_host(alliance, host) for host in hosts],
        "department": [_office(office) for office in alliance.offices if office.holds_on(today)],
        "subOrganization": [
            _group(alliance, group) for group in (*alliance.committees, *alliance.working_groups)
        ],
    }


def _host(alliance: Alliance, host: Host) -> dict[str, Any]:
    name = alliance.partner(host.partner).name if host.partner else host.name
    return _without_empty({"@type": "Organization", "name": name, "url": host.website})


def _office(office: Office) -> dict[str, Any]:
    return _without_empty(
        {
            "@type": "Organization",
            "name": office.name,
            "address": postal_address(office.address),
            "telephone": office.phone,
            "email": office.email,
        }
    )


def _group(alliance: Alliance, group: Group) -> dict[str, Any]:
    people = ({"@type": "Person", "name": alliance.person(slug).name} for slug in group.members)
    partners = ({"@type": "Organization", "name": alliance.partner(s).name} for s in group.partners)
    return _without_empty(
        {"@type": "Organization", "name": group.name, "member": [*people, *partners]}
    )


def _roles(
    alliance: Alliance, config: Config, labels: Mapping[str, Any]
) -> Iterator[dict[str, Any]]:
    """Each role as schema.org writes a membership that holds for a while: an
    OrganizationRole around the member, with its start and end."""
    names = labels.get("role_kind", {})
    for role in alliance.all_roles:
        person = alliance.person(role.person)
        yield _without_empty(
            {
                "@type": "OrganizationRole",
                "roleName": role.title or names.get(role.kind),
                "startDate": iso_moment(role.since, config) if role.since else None,
                "endDate": iso_moment(role.until, config) if role.until else None,
                "member": {"@type": "Person", "name": person.name},
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
