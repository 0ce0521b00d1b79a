"""Every calendar entry has an end (RFC 5545 reads a missing one as no time at all)."""

from __future__ import annotations

from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import icalendar
import pytest

from alliancegen.calendar import render_calendar
from alliancegen.config import Config
from tests.conftest import MakeContent
from tests.conftest import site_of

EVENT = "---\ntitle: Fest\nstart: {start}\n{end}---\n"


def entry(make_content: MakeContent, start: str, end: str | None) -> icalendar.Event:
    """The calendar entry of one event, parsed back from the .ics text."""
    text = EVENT.format(start=start, end=f"end: {end}\n" if end else "")
    root = make_content({"alliances/musterstadt/events/fest.md": text})
    site = site_of(root)
    [alliance] = site.alliances
    config = Config(root, Path("out"), site.settings, "https://example.org/", False, date.today())
    ics = render_calendar([(alliance, alliance.events[0])], "Termine", config)
    [component] = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    return component


def times(component: icalendar.Event) -> tuple[object, object]:
    assert "DURATION" not in component
    return component.decoded("DTSTART"), component.decoded("DTEND")


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # a timed start and an end day: to the end of that day (midnight, Berlin time)
        ("2018-10-27 10:00", "2018-11-04", ("2018-10-27 08:00", "2018-11-04 23:00")),
        ("2026-06-01 18:00", "2026-06-01", ("2026-06-01 16:00", "2026-06-01 22:00")),
        # no end, or one known only to the month: to the end of the start day
        ("2026-06-01 18:00", None, ("2026-06-01 16:00", "2026-06-01 22:00")),
        ("2026-06-01 18:00", "2026-06", ("2026-06-01 16:00", "2026-06-01 22:00")),
        # times on both sides, on one day or several
        ("2026-06-01 18:00", "2026-06-01 21:30", ("2026-06-01 16:00", "2026-06-01 19:30")),
        ("2026-10-24 18:00", "2026-10-25 12:00", ("2026-10-24 16:00", "2026-10-25 11:00")),
    ],
)
def test_timed_event_ends_at_its_end_or_at_the_end_of_its_last_day(
    make_content: MakeContent, start: str, end: str | None, expected: tuple[str, str]
) -> None:
    utc = tuple(datetime.fromisoformat(text).replace(tzinfo=UTC) for text in expected)
    assert times(entry(make_content, start, end)) == utc


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026-06-01", None, (date(2026, 6, 1), date(2026, 6, 2))),
        ("2026-06-01", "2026-06-01", (date(2026, 6, 1), date(2026, 6, 2))),
        ("2026-06-01", "2026-06-03", (date(2026, 6, 1), date(2026, 6, 4))),
        ("2026-06-30", "2026-07", (date(2026, 6, 30), date(2026, 7, 1))),
        # a day without time to a day with time: all days it touches, whole
        ("2018-10-27", "2018-11-04 16:00", (date(2018, 10, 27), date(2018, 11, 5))),
    ],
)
def test_event_without_start_time_is_all_day_with_an_exclusive_end(
    make_content: MakeContent, start: str, end: str | None, expected: tuple[date, date]
) -> None:
    component = entry(make_content, start, end)
    assert component["DTSTART"].params["VALUE"] == component["DTEND"].params["VALUE"] == "DATE"
    assert times(component) == expected
