"""Moments: dates and times as precise as the content knows them."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from functools import cached_property
from typing import Literal
from zoneinfo import ZoneInfo

from babel.dates import get_month_names

from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.i18n import language

Precision = Literal["unknown", "year", "month", "day", "minute"]

_ISO = re.compile(
    r"(?P<year>\d{4})(?:-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2}))?)?)?"
)
_GERMAN = re.compile(
    r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:,?\s+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?:\s*Uhr)?)?"
)
_NO_YEAR = re.compile(r"--\d{1,2}-\d{1,2}|\d{1,2}\.\s*(?:\d{1,2}\.|[^\W\d]+)")
"""A day and month without a year: '--05-15' (ISO 8601's truncated form), '15.05.', '15. Mai'."""
FORMATS_HINT = N_(
    "write a date as YYYY-MM-DD (2008-11-17), a time as YYYY-MM-DD HH:MM (2017-05-15 14:00), "
    "or only YYYY-MM or YYYY when the day is not known; 'unknown' when nothing is"
)


def moment_schema() -> dict[str, object]:
    """What ``parse_moment`` reads, as JSON Schema for editors: a year as a number, or a text
    in one of the forms above (their groups unnamed: ECMAScript allows a name only once)."""
    forms = "|".join(re.sub(r"\(\?P<\w+>", "(?:", form.pattern) for form in (_ISO, _GERMAN))
    unknown = "".join(f"[{letter}{letter.upper()}]" for letter in "unknown")
    return {
        "anyOf": [
            {"type": "integer", "minimum": YEARS[0], "maximum": YEARS[-1]},
            {"type": "string", "pattern": rf"^\s*(?:{forms}|{unknown})\s*$"},
        ]
    }


@dataclass(frozen=True)
class Moment:
    """A point in time known to a year, a month, a day or a minute, or not known at all.

    Times are wall-clock times in the site's time zone.
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None
    hour: int | None = None
    minute: int | None = None

    @property
    def precision(self) -> Precision:
        """How much of the moment is known."""
        if self.year is None:
            return "unknown"
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day" if self.hour is None else "minute"

    @property
    def date(self) -> date | None:
        """The calendar day, when it is known."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return date(self.year, self.month, self.day)

    def datetime(self, zone: ZoneInfo) -> datetime | None:
        """The aware date and time in ``zone``, when the time of day is known."""
        day = self.date
        if day is None or self.hour is None or self.minute is None:
            return None
        return datetime(day.year, day.month, day.day, self.hour, self.minute, tzinfo=zone)

    @cached_property
    def sort_key(self) -> tuple[int, int, int, int, int]:
        """Order moments chronologically; a less precise moment sorts first in its period."""
        parts = (self.year, self.month, self.day, self.hour, self.minute)
        return tuple(-1 if part is None else part for part in parts)  # type: ignore[return-value]

    def is_before(self, other: Moment) -> bool:
        """Tell whether this moment is surely earlier, compared as precisely as both are known."""
        known = min(_known_parts(self), _known_parts(other))
        return self.sort_key[:known] < other.sort_key[:known]

    def __str__(self) -> str:
        if self.year is None:
            return "unknown"
        text = f"{self.year:04d}"
        for separator, part in (("-", self.month), ("-", self.day), (" ", self.hour)):
            if part is None:
                return text
            text += f"{separator}{part:02d}"
        return f"{text}:{self.minute:02d}"


def _known_parts(moment: Moment) -> int:
    parts = (moment.year, moment.month, moment.day, moment.hour, moment.minute)
    return next((index for index, part in enumerate(parts) if part is None), len(parts))


def parse_moment(value: object) -> Moment:
    """Read a moment from YAML text; raise ValueError saying what was expected."""
    text = str(value).strip() if isinstance(value, str | int) else None
    if text is None:
        raise ValueError(_("expected a date; {formats}", formats=_(FORMATS_HINT)))
    if text.lower() == "unknown":
        return Moment()
    match = _ISO.fullmatch(text) or _GERMAN.fullmatch(text)
    if match is None and _NO_YEAR.fullmatch(text):
        raise ValueError(
            _(
                "'{text}' is a day without a year, which no calendar can place: write the year "
                "of the day meant (2017-05-15); for a day that comes back every year, write its "
                "first year that is known, or 'unknown', and name the day in the text",
                text=text,
            )
        )
    if match is None:
        raise ValueError(_("'{text}' is not a date; {formats}", text=text, formats=_(FORMATS_HINT)))
    parts = {name: int(part) for name, part in match.groupdict().items() if part is not None}
    _check_real(text, **parts)
    return Moment(**parts)


YEARS = range(1900, 2200)
"""The years a date may fall in. Alliances, their partners and events belong here; a year
outside is a slip of the keyboard (2925), or a placeholder such as 9999-12-31 for 'open'
that calendars cannot hold (the day after it has a fifth digit)."""


def _check_real(text: str, year: int, month: int = 1, day: int = 1, **clock: int) -> None:
    if year not in YEARS:
        raise ValueError(
            _(
                "'{text}' is not a date: write a year from {first} to {last}; "
                "for an open end, leave out 'end'",
                text=text,
                first=YEARS[0],
                last=YEARS[-1],
            )
        )
    if not 1 <= month <= 12:
        raise ValueError(
            _("'{text}' is not a date: there is no month {month}", text=text, month=month)
        )
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        name = get_month_names(locale=language())[month]
        raise ValueError(
            _(
                "'{text}' is not a date: {month} {year} has {days} days",
                text=text,
                month=name,
                year=year,
                days=days,
            )
        )
    if clock.get("hour", 0) > 23 or clock.get("minute", 0) > 59:
        raise ValueError(
            _("'{text}' is not a time of day: write hours 0-23 and minutes 0-59", text=text)
        )
