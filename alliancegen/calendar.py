"""iCalendar files (RFC 5545) for events whose day is known, with stable UIDs.

A portal's calendar holds the events of the sites it gathers too (alliancegen.federated):
each with the address of its page there as its UID and URL, its times in its site's zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from datetime import datetime
from datetime import time
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

import icalendar

from alliancegen.config import Config
from alliancegen.federated import FederatedAlliance
from alliancegen.federated import FederatedEvent
from alliancegen.filters import place_lines
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Event
from alliancegen.model.entities import EventStatus
from alliancegen.model.entities import Occasion
from alliancegen.model.entities import Repeat
from alliancegen.routes import Dated
from alliancegen.routes import section_url

_STATUS = {
    EventStatus.SCHEDULED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
    EventStatus.POSTPONED: "TENTATIVE",
}


def render_calendar(events: Sequence[Dated], name: str, config: Config, prefix: str = "") -> str:
    """A calendar of ``events``, each paired with its alliance, linking to their pages below
    an edition's ``prefix`` (or, of another site, to their pages there); CRLF line ends as
    RFC 5545 asks."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//alliancegen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    _add_text(calendar, "x-wr-calname", name)
    _add_text(calendar, "name", name)
    for alliance, event in events:
        if isinstance(alliance, FederatedAlliance) and isinstance(event, FederatedEvent):
            calendar.add_component(_gathered(alliance, event, config))
            continue
        assert isinstance(alliance, Alliance) and isinstance(event, Event)
        for number, occasion in enumerate(event.occasions, 1):
            calendar.add_component(_event(alliance, event, occasion, number, config, prefix))
    return str(calendar.to_ical().decode("utf-8"))


def _event(
    alliance: Alliance,
    event: Event,
    occasion: Occasion,
    number: int,
    config: Config,
    prefix: str,
) -> icalendar.Event:
    """The entry of one date of an event; further dates (number 2, 3 …) have UIDs of their own."""
    component = icalendar.Event()
    host = urlsplit(config.base_url).hostname or "alliancegen"
    further = f"/{number}" if number > 1 else ""
    _add_text(component, "uid", f"{alliance.slug}/{event.slug}{further}@{host}")  # no '/' in slugs
    component.add("dtstamp", datetime.combine(config.today, time(), tzinfo=UTC))
    _add_times(component, occasion, config.zone)
    if event.repeat is not None:
        component.add("rrule", _rule(event, event.repeat, config))
    _add_text(component, "summary", event.title)
    component.add("status", _STATUS[event.status])
    # a URI, not text: the base URL holds no white space, and slugs are letters and hyphens
    page = prefix + section_url(alliance.slug, "events", event.slug)
    component.add("url", config.base_url + page)
    if event.place:
        _add_text(component, "location", ", ".join(place_lines(event.place)))
    if event.motto:
        _add_text(component, "description", f"Motto: {event.motto}")
    return component


def _gathered(
    alliance: FederatedAlliance, event: FederatedEvent, config: Config
) -> icalendar.Event:
    """The entry of an event of another site: its page's address is its UID (unique, and the
    same in every build) and its URL; its description names its alliance."""
    component = icalendar.Event()
    _add_text(component, "uid", event.url)
    component.add("dtstamp", datetime.combine(config.today, time(), tzinfo=UTC))
    _add_times(component, Occasion(event.start, event.end), _zone(alliance.time_zone, config))
    _add_text(component, "summary", event.title)
    component.add("status", _STATUS[event.status])
    component.add("url", event.url)
    if event.place:
        _add_text(component, "location", ", ".join(place_lines(event.place)))
    _add_text(component, "description", alliance.name)
    return component


def _zone(name: str, config: Config) -> ZoneInfo:
    """The time zone another site names, or the site's own where this one does not know it."""
    try:
        return ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return config.zone


_FREQUENCY: dict[Repeat, dict[str, Any]] = {
    Repeat.WEEKLY: {"freq": "WEEKLY"},
    Repeat.FORTNIGHTLY: {"freq": "WEEKLY", "interval": 2},
    Repeat.MONTHLY: {"freq": "MONTHLY"},
    Repeat.YEARLY: {"freq": "YEARLY"},
}


def _rule(event: Event, repeat: Repeat, config: Config) -> icalendar.vRecur:
    """The RRULE of a series; UNTIL is its last day, as a day or, when the series has a time
    of day, as the end of that day in UTC (RFC 5545 asks for the type of DTSTART)."""
    rule = dict(_FREQUENCY[repeat])
    last = event.until.date if event.until else None
    if last is not None:
        timed = event.start.datetime(config.zone) is not None
        end_of_day = datetime.combine(last, time(23, 59, 59), tzinfo=config.zone)
        rule["until"] = end_of_day.astimezone(UTC) if timed else last
    return icalendar.vRecur(rule)


def _add_text(component: icalendar.Component, name: str, value: str) -> None:
    """Add a property as escaped text, whatever type icalendar would choose for its name:
    a line break, ';', ',' or '\\' in a title cannot end the property or start another."""
    component.add(name, icalendar.vText(value))


def _add_times(component: icalendar.Event, event: Occasion, zone: ZoneInfo) -> None:
    """Every entry gets an end, so that no calendar shows it as a moment of no length.

    A day without time is the whole day: a start without time makes an all-day entry
    (whose end, the day after the last day, is exclusive); an end without time, or no end
    known to the day, lasts to the end of that day. Times are written in UTC.
    """
    last_day = (event.end.date if event.end else None) or event.start.date
    assert last_day is not None  # only events whose day is known are in calendars
    start = event.start.datetime(zone)
    if start is None:
        component.add("dtstart", event.start.date)
        component.add("dtend", last_day + timedelta(days=1))
        return
    end = event.end.datetime(zone) if event.end else None
    if end is None:
        end = datetime.combine(last_day + timedelta(days=1), time(), tzinfo=zone)
    component.add("dtstart", start.astimezone(UTC))
    component.add("dtend", end.astimezone(UTC))
