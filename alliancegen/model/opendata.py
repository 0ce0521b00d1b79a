"""Open data: the models of a site's alliances as JSON, and their versioned JSON Schema.

One set of models says both what a site exports and what a portal accepts from another site
(alliancegen.federation): the export is made through them, a source is read through them, and
the JSON Schema a site publishes is generated from them. So a value a portal takes from another
site passes the very checks a value of the portal's own content passes (web addresses, e-mail,
postal codes, dates), and nothing is exported that the models do not name.

The version is 'major.minor': a new optional field is a minor step, which readers of the same
major version accept (fields they do not know are ignored); anything else bumps the major
version, and with it the schema's address.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated
from typing import Any
from typing import Literal

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from pydantic import PlainSerializer
from pydantic import PlainValidator
from pydantic import WithJsonSchema

from alliancegen.model.entities import State
from alliancegen.model.fields import Phone
from alliancegen.model.fields import Place
from alliancegen.model.fields import PostalCode
from alliancegen.model.fields import Slug
from alliancegen.model.fields import Text
from alliancegen.model.fields import Url
from alliancegen.model.moment import Moment
from alliancegen.model.moment import moment_schema
from alliancegen.model.moment import parse_moment

FORMAT = "lokale-buendnisse"
"""What every export says it is, so that a portal tells an export from any other JSON."""
MAJOR = 1
VERSION = f"{MAJOR}.0"


def _moment_text(moment: Moment) -> str:
    """A moment as the export writes it: '2017', '2017-05', '2017-05-15', '2017-05-15T14:00'."""
    return str(moment).replace(" ", "T")


def _moment(value: object) -> Moment:
    """A moment as the export makes it, or as a source writes it."""
    return value if isinstance(value, Moment) else parse_moment(value)


Day = Annotated[
    Moment,
    PlainValidator(_moment),
    PlainSerializer(_moment_text),
    WithJsonSchema(moment_schema()),
]
"""A date or a date with time (wall-clock time in the export's time zone), as precise as
the site knows it."""


class OpenRecord(BaseModel):
    """A part of the export: what a reader of the same major version does not know, it ignores."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)


class Contact(OpenRecord):
    """How to reach the alliance, as its site publishes it. No e-mail address: the site's
    pages keep them from address harvesters, and so do its data (the contact page has them)."""

    phone: Phone | None = None
    address: Place | None = None
    page: Url | None = Field(None, description="The alliance's contact page")


class ContactPerson(OpenRecord):
    """A coordinator, with what the site's contact page publishes of them."""

    name: Text
    role: Text | None = None
    organisation: Text | None = None
    phone: Phone | None = None


class FieldOfAction(OpenRecord):
    """A field of action of the alliance, with the nationwide one it belongs to."""

    title: Text
    national: Slug | None = None
    url: Url | None = None


class Partner(OpenRecord):
    """A partner as the site lists it."""

    name: Text
    category: Text | None = None
    website: Url | None = None


class Partners(OpenRecord):
    """How many partners the alliance has, and those it lists."""

    count: int = Field(ge=0, description="The number it states, or else of those listed")
    qualifier: Text | None = Field(None, description="'over', 'about': how the count is meant")
    as_of: Day | None = None
    listed: tuple[Partner, ...] = ()


class Project(OpenRecord):
    """A project of the alliance."""

    title: Text
    summary: Text | None = None
    status: Text | None = None
    url: Url


class Event(OpenRecord):
    """An upcoming event of the alliance."""

    title: Text
    start: Day
    end: Day | None = None
    place: Place | None = None
    kind: Text | None = None
    status: Text | None = None
    url: Url


class NewsItem(OpenRecord):
    """A news item of the alliance."""

    title: Text
    date: Day
    summary: Text | None = None
    url: Url


class Feeds(OpenRecord):
    """The alliance's news as Atom and its events as iCalendar."""

    news: Url | None = None
    calendar: Url | None = None


class OpenAlliance(OpenRecord):
    """One alliance as open data."""

    id: Slug = Field(description="The alliance's name in its site's addresses")
    name: Text
    short_name: Text | None = None
    url: Url = Field(description="The alliance's page: the canonical place of its content")
    town: Text
    ags: Text | None = Field(None, description="Official municipality key (AGS)")
    state: State
    postal_codes: tuple[PostalCode, ...] = ()
    founded: Day | None = None
    status: Text | None = None
    summary: Text | None = None
    contact: Contact = Contact()
    people: tuple[ContactPerson, ...] = ()
    fields_of_action: tuple[FieldOfAction, ...] = ()
    partners: Partners = Partners(count=0)
    projects: tuple[Project, ...] = ()
    events: tuple[Event, ...] = Field((), description="Events still to come")
    news: tuple[NewsItem, ...] = Field((), description="The newest news items")
    feeds: Feeds = Feeds()


class Licence(OpenRecord):
    """Under which terms the data may be used."""

    id: Text
    name: Text
    url: Url


class Publisher(OpenRecord):
    """The site that publishes the data."""

    title: Text
    url: Url
    language: Text


class Export(OpenRecord):
    """A site's alliances as open data: the whole document."""

    format: Literal["lokale-buendnisse"]
    version: Annotated[str, Field(pattern=rf"^{MAJOR}\.\d+$")]
    publisher: Publisher
    licence: Licence | None = None
    as_of: date = Field(description="The day the data were published")
    time_zone: Text = Field(description="The time zone of every time of day")
    feeds: Feeds = Field(Feeds(), description="The whole site's news and events")
    alliances: tuple[OpenAlliance, ...]


def schema() -> dict[str, Any]:
    """The JSON Schema of the current major version, as sites publish it."""
    found = Export.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **found,
        "title": f"Lokale Bündnisse für Familie – offene Daten, Version {MAJOR}",
    }


def schema_json() -> str:
    """``schema`` as the text of a JSON file."""
    return json.dumps(schema(), ensure_ascii=False, indent=1) + "\n"
