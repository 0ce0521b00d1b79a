"""Events as alliances announce them (online or on site, the alliance's part, for whom, at what
price, on several dates or as a series), projects with milestones, and dates known in part."""

from __future__ import annotations

from typing import Any

import pytest

from alliancegen.model.moment import parse_moment
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of
from tests.test_render import html_of
from tests.test_render import json_ld_in
from tests.test_render import rendered
from tests.test_render import visible_text
from tests.test_routes import plan_of

EVENTS = "alliances/musterstadt/events"
EVENT_PAGE = "musterstadt/termine/fest/index.html"


def event_file(lines: str, start: str = "2026-12-05") -> str:
    """An event 'Fest' with ``lines`` in its front matter (line 4 on)."""
    return f"---\ntitle: Fest\nstart: {start}\n{lines}---\n"


def built(make_content: MakeContent, lines: str, start: str = "2026-12-05") -> dict[str, bytes]:
    """The files of a site with one event 'Fest'."""
    return rendered(make_content({f"{EVENTS}/fest.md": event_file(lines, start)}))


def event_data(files: dict[str, bytes]) -> dict[str, Any]:
    """The JSON-LD of the event page."""
    [data] = json_ld_in(html_of(files)[EVENT_PAGE])
    return data


def event_text(files: dict[str, bytes]) -> str:
    """What the event page shows."""
    return shown(html_of(files)[EVENT_PAGE])


def shown(page: str) -> str:
    """The page's text, without the space that joining its elements puts before ',' and ':'."""
    return visible_text(page).replace(" ,", ",").replace(" :", ":")


def calendar_entries(files: dict[str, bytes]) -> list[str]:
    """The VEVENTs of the event's .ics file, unfolded."""
    text = files["musterstadt/termine/fest/termin.ics"].decode().replace("\r\n ", "")
    return text.split("BEGIN:VEVENT")[1:]


# Errors, each at the line of the field that is wrong


@pytest.mark.parametrize(
    ("lines", "error"),
    [
        (
            "online_url: https://meet.example.org/x\n",
            "4:13: an online address needs 'attendance: online' or 'hybrid'",
        ),
        ("age_min: 10\nage_max: 3\n", "5:10: the oldest age (3) is below the youngest (10)"),
        ("age_min: -1\n", "4:10: 'age_min' must be 0 or more"),
        ("free: true\nprice: 5\n", "5:8: a free event has no price"),
        ("dates: [2026-12-01]\n", "4:8: '2026-12-01' cannot be a further date"),
        ("dates: [2026-12-12 10:00]\n", "4:8: '2026-12-12 10:00' cannot be a further date"),
        ("until: 2027-03-01\n", "4:8: 'until' ends a series: add 'repeat: weekly'"),
        ("repeat: weekly\nuntil: 2026-11\n", "5:8: write 'until' as the last day of the series"),
        ("repeat: weekly\nuntil: 2026-12-01\n", "5:8: write 'until' as the last day"),
        ("dates: [2026-12-12]\nrepeat: weekly\n", "5:9: write either 'dates' or 'repeat'"),
        ("edition: 0\n", "4:10: 'edition' must be 1 or more"),
        ("role: guest\n", "4:7: 'guest' is not a valid 'role'"),
    ],
    ids=[
        "online-url-on-site",
        "ages-reversed",
        "negative-age",
        "free-with-price",
        "further-date-before-start",
        "further-date-less-precise",
        "until-without-repeat",
        "until-a-month",
        "until-before-start",
        "dates-and-repeat",
        "edition-zero",
        "unknown-role",
    ],
)
def test_wrong_event_details_are_located_at_their_field(
    make_content: MakeContent, lines: str, error: str
) -> None:
    root = make_content({f"{EVENTS}/fest.md": event_file(lines)})
    [problem] = described(problems_of(root), root)
    assert problem.startswith(f"{EVENTS}/fest.md:{error}")


def test_a_series_needs_the_day_it_starts(make_content: MakeContent) -> None:
    root = make_content({f"{EVENTS}/fest.md": event_file("repeat: monthly\n", start="2026-12")})
    [problem] = described(problems_of(root), root)
    assert problem.startswith(f"{EVENTS}/fest.md:4:9: a series needs the day it starts")


@pytest.mark.parametrize(
    ("written", "price"),
    [
        ("5", 5.0),
        ("2,50", 2.5),
        ("2.5", 2.5),
        ("'2,5 €'", 2.5),
        ("3 Euro", 3.0),
        ("0", 0.0),
        ("5 € pro Familie, Kinder frei", "5 € pro Familie, Kinder frei"),
        ("Spende erbeten", "Spende erbeten"),
    ],
)
def test_a_price_is_an_amount_in_euros_or_a_text_as_written(
    make_content: MakeContent, written: str, price: float | str
) -> None:
    root = make_content({f"{EVENTS}/fest.md": event_file(f"price: {written}\n")})
    [event] = site_of(root).alliances[0].events
    assert event.price == price
    assert type(event.price) is type(price)


@pytest.mark.parametrize("written", ["--05-15", "15.05.", "15.5.", "15. Mai", "1.\tMärz"])
def test_a_day_without_a_year_says_what_to_write_instead(written: str) -> None:
    with pytest.raises(ValueError, match="a day without a year") as caught:
        parse_moment(written)
    assert "write the year of the day meant (2017-05-15)" in str(caught.value)


@pytest.mark.parametrize("written", ["15", "Mai", "15.05.2017x", "2017-05-15 Uhr"])
def test_other_text_is_still_not_a_date(written: str) -> None:
    with pytest.raises(ValueError, match="is not a date; write a date as YYYY-MM-DD"):
        parse_moment(written)


# Online, hybrid or on site


def test_an_event_on_site_is_offline_at_its_place(make_content: MakeContent) -> None:
    data = event_data(built(make_content, "place: {name: Rathaus, locality: Musterstadt}\n"))
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"


def test_an_online_event_is_online_at_its_address(make_content: MakeContent) -> None:
    lines = "attendance: online\nonline_url: https://meet.example.org/elterncafe\n"
    files = built(make_content, lines)
    data = event_data(files)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"] == {
        "@type": "VirtualLocation",
        "url": "https://meet.example.org/elterncafe",
    }
    assert "Teilnahme online: online teilnehmen" in event_text(files)


def test_a_hybrid_event_is_at_its_place_and_online(make_content: MakeContent) -> None:
    lines = (
        "attendance: hybrid\nonline_url: https://meet.example.org/x\n"
        "place: {name: Rathaus, locality: Musterstadt}\n"
    )
    files = built(make_content, lines)
    data = event_data(files)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [where["@type"] for where in data["location"]] == ["Place", "VirtualLocation"]
    assert "Wo Rathaus, Musterstadt Teilnahme vor Ort und online" in event_text(files)


def test_an_online_event_does_not_show_a_place_as_where_it_happens(
    make_content: MakeContent,
) -> None:
    files = built(make_content, "attendance: online\nplace: {name: Rathaus}\n")
    assert "Rathaus" not in event_text(files)
    assert "location" not in event_data(files)


# The alliance's part


@pytest.mark.parametrize(
    ("lines", "shown"), [("", None), ("role: co_organiser\n", "Das Bündnis Mitveranstalter")]
)
def test_an_organising_alliance_is_the_organizer(
    make_content: MakeContent, lines: str, shown: str | None
) -> None:
    files = built(make_content, lines)
    data = event_data(files)
    assert data["organizer"]["name"] == "Bündnis für Familie Musterstadt"
    assert "attendee" not in data
    assert ("Das Bündnis" in event_text(files)) == (shown is not None)
    assert shown is None or shown in event_text(files)


def test_an_alliance_that_only_took_part_is_not_named_organizer(
    make_content: MakeContent,
) -> None:
    files = built(make_content, "role: participant\n")
    data = event_data(files)
    assert "organizer" not in data
    assert data["attendee"]["name"] == "Bündnis für Familie Musterstadt"
    assert "Das Bündnis dabei, nicht Veranstalter" in event_text(files)


# For whom, at what price, with registration


def test_audience_ages_price_and_registration_are_shown_and_described(
    make_content: MakeContent,
) -> None:
    lines = (
        "edition: 3\naudience: Familien mit Kindern\nage_min: 3\nage_max: 10\nprice: 2,50\n"
        "registration: https://example.org/anmeldung\nregistration_until: 2026-12-01\n"
    )
    files = built(make_content, lines)
    data = event_data(files)
    assert data["audience"] == {"@type": "Audience", "audienceType": "Familien mit Kindern"}
    assert data["typicalAgeRange"] == "3-10"
    assert data["offers"] == {
        "@type": "Offer",
        "price": 2.5,
        "priceCurrency": "EUR",
        "url": "https://example.org/anmeldung",
        "validThrough": "2026-12-01",
    }
    text = event_text(files)
    assert "Ausgabe 3." in text
    assert "Für wen Familien mit Kindern, 3 bis 10 Jahre" in text
    assert "Kosten 2,50 €" in text
    assert "Anmeldung zur Anmeldung bis 1. Dezember 2026" in text


@pytest.mark.parametrize(
    ("lines", "ages", "shown"),
    [("age_min: 6\n", "6-", "ab 6 Jahren"), ("age_max: 3\n", "0-3", "bis 3 Jahre")],
)
def test_an_age_range_may_be_open_at_one_end(
    make_content: MakeContent, lines: str, ages: str, shown: str
) -> None:
    files = built(make_content, lines)
    assert event_data(files)["typicalAgeRange"] == ages
    assert f"Für wen {shown}" in event_text(files)


@pytest.mark.parametrize(
    ("lines", "free", "offer", "shown"),
    [
        ("free: true\n", True, {"@type": "Offer", "price": 0, "priceCurrency": "EUR"}, "kostenlos"),
        (
            "free: false\nprice: 5 € pro Familie\n",
            False,
            {"@type": "Offer", "description": "5 € pro Familie"},
            "5 € pro Familie",
        ),
        ("free: false\n", False, None, "kostenpflichtig"),
        ("price: 0\n", None, {"@type": "Offer", "price": 0.0, "priceCurrency": "EUR"}, "kostenlos"),
        ("", None, None, None),
    ],
    ids=["free", "price-in-words", "not-free", "price-zero", "nothing-said"],
)
def test_free_or_price_in_words(
    make_content: MakeContent,
    lines: str,
    free: bool | None,
    offer: dict[str, Any] | None,
    shown: str | None,
) -> None:
    files = built(make_content, lines)
    data = event_data(files)
    assert data.get("isAccessibleForFree") == free
    assert data.get("offers") == offer
    assert ("Kosten" in event_text(files)) == (shown is not None)
    if shown:
        assert f"Kosten {shown}" in event_text(files)


# Several dates and series


def test_further_dates_last_as_long_as_the_first_and_each_is_a_calendar_entry(
    make_content: MakeContent,
) -> None:
    lines = "end: 2026-12-05 20:00\ndates: [2026-12-12 18:00, 2027-01-09 18:00]\n"
    files = built(make_content, lines, start="2026-12-05 18:00")
    entries = calendar_entries(files)
    assert [entry.split("UID:")[1].split("\r\n")[0] for entry in entries] == [
        "musterstadt/fest@example.org",
        "musterstadt/fest/2@example.org",
        "musterstadt/fest/3@example.org",
    ]
    assert [entry.split("DTEND:")[1][:16] for entry in entries] == [
        "20261205T190000Z",
        "20261212T190000Z",
        "20270109T190000Z",
    ]
    data = event_data(files)
    assert [sub["endDate"] for sub in data["subEvent"]] == [
        "2026-12-12T20:00+01:00",
        "2027-01-09T20:00+01:00",
    ]
    assert "9. Januar 2027, 18:00 Uhr bis 20:00 Uhr" in event_text(files)
    listed = visible_text(html_of(files)["musterstadt/termine/index.html"])
    assert "5. Dezember 2026, 18:00 Uhr bis 20:00 Uhr und 2 weitere Termine" in listed


def test_further_days_of_an_all_day_event(make_content: MakeContent) -> None:
    files = built(make_content, "end: 2026-12-06\ndates: [2026-12-12]\n")
    [first, second] = calendar_entries(files)
    assert "DTSTART;VALUE=DATE:20261212" in second
    assert "DTEND;VALUE=DATE:20261214" in second


@pytest.mark.parametrize(
    ("repeat", "rule", "frequency"),  # UNTIL: the end of the last day in Berlin, in UTC
    [
        ("weekly", "FREQ=WEEKLY", "P1W"),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2", "P2W"),
        ("monthly", "FREQ=MONTHLY", "P1M"),
        ("yearly", "FREQ=YEARLY", "P1Y"),
    ],
)
def test_a_series_repeats_in_the_calendar_and_has_a_schedule(
    make_content: MakeContent, repeat: str, rule: str, frequency: str
) -> None:
    lines = f"end: 2026-12-05 17:00\nrepeat: {repeat}\nuntil: 2027-03-31\n"
    files = built(make_content, lines, start="2026-12-05 15:00")
    [entry] = calendar_entries(files)
    until = "UNTIL=20270331T215959Z"
    [written] = [line for line in entry.split("\r\n") if line.startswith("RRULE:")]
    assert set(written.removeprefix("RRULE:").split(";")) == {*rule.split(";"), until}
    assert event_data(files)["eventSchedule"] == {
        "@type": "Schedule",
        "repeatFrequency": frequency,
        "startDate": "2026-12-05",
        "endDate": "2027-03-31",
        "startTime": "15:00",
        "endTime": "17:00",
        "scheduleTimezone": "Europe/Berlin",
    }


def test_a_series_of_days_ends_on_a_day(make_content: MakeContent) -> None:
    [entry] = calendar_entries(built(make_content, "repeat: weekly\nuntil: 2027-01-30\n"))
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270130\r\n" in entry


def test_a_series_without_end_goes_on_and_stays_among_the_coming_events(
    make_content: MakeContent,
) -> None:
    files = built(make_content, "repeat: weekly\nkind: meeting\n", start="2019-01-08 19:00")
    [entry] = calendar_entries(files)
    assert "RRULE:FREQ=WEEKLY\r\n" in entry
    events = html_of(files)["musterstadt/termine/index.html"]
    coming = shown(events.split('id="vergangene"')[0])
    assert "8. Januar 2019, 19:00 Uhr, jede Woche" in coming


def test_a_series_that_ended_is_past(make_content: MakeContent) -> None:
    files = built(make_content, "repeat: weekly\nuntil: 2019-06-25\n", start="2019-01-08")
    listed = html_of(files)["musterstadt/termine/index.html"]
    assert "Zurzeit sind keine Termine angekündigt." in visible_text(listed)
    assert "jede Woche bis 25. Juni 2019" in visible_text(listed)


def test_event_lists_show_the_end(make_content: MakeContent) -> None:
    files = built(make_content, "end: 2026-12-07\n")
    for page in ("musterstadt/termine/index.html", "termine/index.html", "index.html"):
        listed = visible_text(html_of(files)[page])
        assert "5. Dezember 2026 bis 7. Dezember 2026" in listed, page


# Projects


PROJECT = "alliances/musterstadt/projects/kita.md"
MILESTONES = """\
---
title: Kita-Netz
milestones:
  - {date: 2019, title: Auszeichnung}
  - {date: unknown, title: Erste Idee}
  - {date: 2015-09-01, title: Neustart, text: Mit *zwei* Kitas.}
  - {date: 2015-09, title: Planung}
---
"""


def test_a_project_of_unknown_status_says_nothing_about_it(make_content: MakeContent) -> None:
    files = rendered(make_content({PROJECT: "---\ntitle: Kita-Netz\n---\n"}))
    pages = html_of(files)
    assert "Stand" not in visible_text(pages["musterstadt/projekte/kita/index.html"])
    assert "Kita-Netz" in visible_text(pages["musterstadt/projekte/index.html"])


def test_milestones_are_shown_in_date_order_unknown_last(make_content: MakeContent) -> None:
    files = rendered(make_content({PROJECT: MILESTONES}))
    text = shown(html_of(files)["musterstadt/projekte/kita/index.html"])
    assert (
        "Meilensteine September 2015: Planung 1. September 2015: Neustart Mit zwei Kitas. "
        "2019: Auszeichnung Datum unbekannt: Erste Idee"
    ) in text


def test_a_milestone_needs_a_date_and_a_title(make_content: MakeContent) -> None:
    root = make_content({PROJECT: "---\ntitle: K\nmilestones:\n  - {title: Neustart}\n---\n"})
    [problem] = described(problems_of(root), root)
    assert problem.startswith(f"{PROJECT}:4:5: ")
    assert "date" in problem


# News of unknown date and the feeds


def test_news_of_unknown_date_is_named_when_left_out_of_the_feeds(
    make_content: MakeContent,
) -> None:
    root = make_content(
        {
            "alliances/musterstadt/news/alt.md": "---\ntitle: Alt\ndate: unknown\n---\n",
            "alliances/musterstadt/news/neu.md": "---\ntitle: Neu\ndate: 2026-01\n---\n",
            "news/ohne.md": "---\ntitle: Ohne Datum\ndate: unknown\n---\n",
        }
    )
    plan = plan_of(root)
    left_out = [w for w in plan.warnings if "left out of the news feeds" in w.message]
    assert [(w.location.path.relative_to(root).as_posix(), w.location.line) for w in left_out] == [
        ("news/ohne.md", 2),
        ("alliances/musterstadt/news/alt.md", 2),
    ]
    assert left_out[0].message == "'Ohne Datum' is left out of the news feeds: its date is unknown"
    assert "a year is enough" in left_out[0].hint
    files = rendered(root)
    for feed in ("feed.xml", "musterstadt/aktuelles/feed.xml"):
        assert b"<title>Neu</title>" in files[feed]
        assert b"Alt" not in files[feed]


def test_no_warning_when_every_news_item_has_a_date(make_content: MakeContent) -> None:
    root = make_content({"news/neu.md": "---\ntitle: Neu\ndate: 2026\n---\n"})
    assert not [w for w in plan_of(root).warnings if "news feeds" in w.message]


def test_coming_events_are_ordered_by_their_next_date(make_content: MakeContent) -> None:
    """Today is 26 November 2026: the weekly series next meets on Tuesday 1 December, and the
    course's next evening is 3 December, though both began earlier."""
    root = make_content(
        {
            f"{EVENTS}/treff.md": "---\ntitle: Treff\nstart: 2019-01-08\nrepeat: weekly\n---\n",
            f"{EVENTS}/kurs.md": "---\ntitle: Kurs\nstart: 2026-11-19\ndates: [2026-12-03]\n---\n",
            f"{EVENTS}/markt.md": "---\ntitle: Markt\nstart: 2026-11-28\n---\n",
            f"{EVENTS}/fest.md": "---\ntitle: Fest\nstart: 2026-12-02\n---\n",
            f"{EVENTS}/monat.md": "---\ntitle: Monat\nstart: 2026-01-31\nrepeat: monthly\n---\n",
        }
    )
    [events] = [r for r in plan_of(root).routes if r.url == "musterstadt/termine/"]
    assert [event.title for _, event in events.context["upcoming"]] == [
        "Markt",
        "Treff",
        "Fest",
        "Kurs",
        "Monat",  # November has no 31st: the series next meets on 31 December
    ]
