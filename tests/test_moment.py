"""Dates are as precise as the content knows them, and wrong ones are explained."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from alliancegen.model.moment import Moment
from alliancegen.model.moment import parse_moment


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("2008-11-17", Moment(2008, 11, 17), "day"),
        ("17.11.2008", Moment(2008, 11, 17), "day"),
        ("1.7.2018", Moment(2018, 7, 1), "day"),
        ("2017-05-15 14:00", Moment(2017, 5, 15, 14, 0), "minute"),
        ("2017-05-15T09:30", Moment(2017, 5, 15, 9, 30), "minute"),
        ("15.05.2017, 14:00 Uhr", Moment(2017, 5, 15, 14, 0), "minute"),
        ("2004-07", Moment(2004, 7), "month"),
        ("2017", Moment(2017), "year"),
        (2017, Moment(2017), "year"),
        ("unknown", Moment(), "unknown"),
    ],
)
def test_reads_every_precision(text: str | int, expected: Moment, precision: str) -> None:
    moment = parse_moment(text)
    assert moment == expected
    assert moment.precision == precision


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-02-30", "'2019-02-30' is not a date: February 2019 has 28 days"),
        ("2020-13-01", "'2020-13-01' is not a date: there is no month 13"),
        ("2017-05-15 25:00", "'2017-05-15 25:00' is not a time of day"),
        ("15. Mai 2017", "'15. Mai 2017' is not a date; write a date as YYYY-MM-DD"),
        ("01:30", "'01:30' is not a date"),
    ],
)
def test_explains_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message):
        parse_moment(text)


def test_leap_day_is_a_date() -> None:
    assert parse_moment("2024-02-29").date == date(2024, 2, 29)


def test_time_is_wall_clock_in_the_site_time_zone() -> None:
    moment = parse_moment("2017-05-15 14:00")
    start = moment.datetime(ZoneInfo("Europe/Berlin"))
    assert start is not None
    assert start.isoformat() == "2017-05-15T14:00:00+02:00"


def test_only_a_full_day_has_a_date() -> None:
    assert parse_moment("2017-05").date is None
    assert parse_moment("2017-05-15").datetime(ZoneInfo("Europe/Berlin")) is None


def test_sorts_chronologically_with_the_less_precise_first() -> None:
    moments = [parse_moment(text) for text in ("2018", "2017-05-15", "2017-05", "2017", "unknown")]
    ordered = sorted(moments, key=lambda moment: moment.sort_key)
    assert [str(moment) for moment in ordered] == [
        "unknown",
        "2017",
        "2017-05",
        "2017-05-15",
        "2018",
    ]


def test_prints_as_written_in_iso_form() -> None:
    assert str(parse_moment("15.5.2017, 9:05")) == "2017-05-15 09:05"


@pytest.mark.parametrize(
    ("earlier", "later", "is_before"),
    [
        ("2017-05-14", "2017-05-15 10:00", True),
        ("2017-05", "2017-05-15 10:00", False),
        ("2017-05-15 10:00", "2017-05", False),
        ("2016", "2017-01-01", True),
        ("unknown", "2017", False),
    ],
)
def test_is_before_compares_only_what_both_know(earlier: str, later: str, is_before: bool) -> None:
    assert parse_moment(earlier).is_before(parse_moment(later)) is is_before
