"""schema.org data (JSON-LD) for the site, alliances, events and news articles."""

from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping
from typing import Any

from alliancegen.config import Config
from alliancegen.editions import Edition
from alliancegen.filters import iso_moment
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Attendance
from alliancegen.model.entities import Event
from alliancegen.model.entities import EventRole
from alliancegen.model.entities import EventStatus
from alliancegen.model.entities import Group
from alliancegen.model.entities import Host
from alliancegen.model.entities import Involvement
from alliancegen.model.entities import InvolvementRole
from alliancegen.model.entities import NewsItem
from alliancegen.model.entities import Office
from alliancegen.model.entities import Organisation
from alliancegen.model.entities import Partner
from alliancegen.model.entities import Person
from alliancegen.model.entities import Project
from alliancegen.model.entities import Repeat
from alliancegen.model.fields import Place
from alliancegen.model.settings import Settings
from alliancegen.routes import section_url

CONTEXT = "https://schema.org"
_EVENT_STATUS = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.POSTPONED: "https://schema.org/EventPostponed",
}

_ATTENDANCE = {
    Attendance.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Attendance.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Attendance.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
_FREQUENCY = {
    Repeat.WEEKLY: "P1W",
    Repeat.FORTNIGHTLY: "P2W",
    Repeat.MONTHLY: "P1M",
    Repeat.YEARLY: "P1Y",
}
_ROLE_PROPERTIES = {
    InvolvementRole.SPONSOR: "sponsor",
    InvolvementRole.SUPPORTER: "sponsor",
    InvolvementRole.FUNDER: "funder",
    InvolvementRole.CO_ORGANISER: "organizer",
}
"""The schema.org property of an organisation in a role; venues become a ``location``, and
award recipients have no property."""


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def website(
    config: Config, settings: Settings | None = None, edition: Edition | None = None
) -> dict[str, Any]:
    """The site as a WebSite, in an edition's language with that edition's ``settings``."""
    settings = settings or config.settings
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "WebSite",
            "name": settings.title,
            "description": settings.description,
            "url": _address(config, edition, ""),
            "inLanguage": settings.language,
        }
    )


def _address(config: Config, edition: Edition | None, path: str) -> str:
    """The full address of a page of the site, in ``edition`` when one is given."""
    return config.base_url + (edition.prefix if edition else "") + path


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


def _organisation(found: Partner | Organisation) -> dict[str, Any]:
    return _without_empty(
        {
            "@type": "Organization",
            "name": found.name,
            "url": found.website,
            "address": postal_address(found.address),
        }
    )


def _in_roles(
    alliance: Alliance, entries: list[Involvement], properties: tuple[str, ...]
) -> dict[str, list[dict[str, Any]]]:
    """The organisations of ``entries`` under the schema.org ``properties`` of their roles."""
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in properties}
    for entry in entries:
        name = _ROLE_PROPERTIES.get(entry.role)
        if name in found:
            found[name].append(_organisation(alliance.organisation(entry.organisation)))
    return found


def _venues(alliance: Alliance, entries: list[Involvement]) -> list[dict[str, Any]]:
    """The venues among ``entries`` that have an address, as places."""
    venues = (
        alliance.organisation(e.organisation) for e in entries if e.role == InvolvementRole.VENUE
    )
    return [_place(venue.name, venue.address) for venue in venues if venue.address]


def _place(name: str | None, address: Place) -> dict[str, Any]:
    return _without_empty({"@type": "Place", "name": name, "address": postal_address(address)})


def _one_or_many(values: list[dict[str, Any]]) -> dict[str, Any] | list[dict[str, Any]] | None:
    return values[0] if len(values) == 1 else values or None


def organization(
    alliance: Alliance,
    config: Config,
    labels: Mapping[str, Any] | None = None,
    edition: Edition | None = None,
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
            "url": _address(config, edition, section_url(alliance.slug)),
            "description": alliance.summary,
            "foundingDate": iso_moment(alliance.founded, config) if alliance.founded else None,
            "areaServed": {"@type": "City", "name": alliance.town},
            "address": postal_address(alliance.address),
            "sameAs": alliance.website,
            "member": [
                *(_organisation(partner) for partner in alliance.partners),
                *_roles(alliance, config, labels or {}),
            ],
            "award": [" ".join(filter(None, (a.name, a.period))) for a in alliance.awards],
            "contactPoint": [_contact_point(people[slug]) for slug in alliance.coordinators],
            **_in_roles(alliance, alliance.organisations, ("sponsor", "funder")),
            **_structure(alliance, config),
        }
    )


def _structure(alliance: Alliance, config: Config) -> dict[str, Any]:
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


def event(
    alliance: Alliance, item: Event, config: Config, edition: Edition | None = None
) -> dict[str, Any]:
    """An event with its place, status, the alliance's part, its organisers, sponsors and
    funders, and whom it is for."""
    roles = _in_roles(alliance, item.organisations, ("organizer", "sponsor", "funder"))
    this_alliance = {
        "@type": "Organization",
        "name": alliance.name,
        "url": _address(config, edition, section_url(alliance.slug)),
    }
    takes_part = item.role == EventRole.PARTICIPANT
    organisers = roles.pop("organizer")
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": item.title,
            "startDate": iso_moment(item.start, config),
            "endDate": iso_moment(item.end, config) if item.end else None,
            "eventStatus": _EVENT_STATUS[item.status],
            "eventAttendanceMode": _ATTENDANCE[item.attendance],
            "location": _one_or_many(_locations(item) + _venues(alliance, item.organisations)),
            "description": item.motto,
            "url": _address(config, edition, section_url(alliance.slug, "events", item.slug)),
            "organizer": _one_or_many(organisers if takes_part else [this_alliance, *organisers]),
            "attendee": this_alliance if takes_part else None,
            "audience": {"@type": "Audience", "audienceType": item.audience}
            if item.audience
            else None,
            "typicalAgeRange": age_range(item),
            "isAccessibleForFree": item.free,
            "offers": _offer(item, config),
            "eventSchedule": _schedule(item, config),
            "subEvent": [
                _without_empty(
                    {
                        "@type": "Event",
                        "name": item.title,
                        "startDate": iso_moment(start, config),
                        "endDate": iso_moment(end, config) if end else None,
                    }
                )
                for start, end in item.occasions[1:]
            ],
            **roles,
        }
    )


def _locations(item: Event) -> list[dict[str, Any]]:
    """The place on site, the address online, or both for a hybrid event."""
    place = item.place
    found = []
    if place and item.attendance != Attendance.ONLINE:
        found.append(_place(place.name, place))
    if item.online_url:
        found.append(_without_empty({"@type": "VirtualLocation", "url": item.online_url}))
    return found


def age_range(item: Event) -> str | None:
    """schema.org's typicalAgeRange: '3-10', '6-' from six on, '0-3' up to three."""
    if item.age_min is None and item.age_max is None:
        return None
    return f"{item.age_min or 0}-{'' if item.age_max is None else item.age_max}"


def _offer(item: Event, config: Config) -> dict[str, Any] | None:
    """Price and registration as an Offer; a price in words stays as written."""
    price = item.price
    amount = 0 if item.free and price is None else price
    if amount is None and item.registration is None:
        return None
    number = isinstance(amount, int | float)
    return _without_empty(
        {
            "@type": "Offer",
            "price": amount if number else None,
            "priceCurrency": "EUR" if number else None,
            "description": None if number else amount,
            "url": item.registration,
            "validThrough": iso_moment(item.registration_until, config)
            if item.registration_until
            else None,
        }
    )


def _schedule(item: Event, config: Config) -> dict[str, Any] | None:
    """A series as a Schedule: how often, from when, until when, at what time."""
    if item.repeat is None:
        return None
    start = item.start.datetime(config.zone)
    end = item.end.datetime(config.zone) if item.end else None
    return _without_empty(
        {
            "@type": "Schedule",
            "repeatFrequency": _FREQUENCY[item.repeat],
            "startDate": str(item.start.date),
            "endDate": str(item.until.date) if item.until else None,
            "startTime": start.strftime("%H:%M") if start else None,
            "endTime": end.strftime("%H:%M") if end else None,
            "scheduleTimezone": config.settings.time_zone if start else None,
        }
    )


def project(
    alliance: Alliance, item: Project, config: Config, edition: Edition | None = None
) -> dict[str, Any]:
    """A project (schema.org's Project is an Organization) with its partners as members, and
    its sponsors and funders."""
    return _without_empty(
        {
            "@context": CONTEXT,
            "@type": "Project",
            "name": item.title,
            "description": item.summary,
            "url": _address(config, edition, section_url(alliance.slug, "projects", item.slug)),
            "member": [_organisation(alliance.partner(slug)) for slug in item.partners],
            **_in_roles(alliance, item.organisations, ("sponsor", "funder")),
        }
    )


def article(
    alliance: Alliance | None, item: NewsItem, config: Config, edition: Edition | None = None
) -> dict[str, Any]:
    """A news item as a NewsArticle, in ``edition`` when one is given."""
    publisher = alliance.name if alliance else config.settings.title
    path = section_url(alliance.slug if alliance else None, "news", item.slug)
    url = _address(config, edition, path)
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
            "inLanguage": edition.language if edition else config.settings.language,
        }
    )
