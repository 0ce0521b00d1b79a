"""Site settings (site.yaml): what the site is called and who runs it."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from pydantic import AfterValidator
from pydantic import Field

from alliancegen.model.fields import BaseUrl
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Email
from alliancegen.model.fields import Phone
from alliancegen.model.fields import Place
from alliancegen.model.fields import Record
from alliancegen.model.fields import Text
from alliancegen.model.fields import Url
from alliancegen.model.fields import When
from alliancegen.reads import Tracked


def _check_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"'{value}' is not a time zone: write e.g. Europe/Berlin") from None
    return value


def _check_language(value: str) -> str:
    """The language as a BCP 47 tag that Babel knows ('de', 'de-DE'): what HTML's lang and
    the feeds' xml:lang expect; 'de_DE' and 'DE' are taken as 'de-DE' and 'de'."""
    from babel import Locale  # imported late: Babel loads slowly
    from babel import UnknownLocaleError

    try:
        locale = Locale.parse(value.replace("_", "-"), sep="-")
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        raise ValueError(f"'{value}' is not a language code: write e.g. de or de-DE") from None
    return str(locale).replace("_", "-")


TimeZone = Annotated[Text, AfterValidator(_check_time_zone)]
Language = Annotated[Text, AfterValidator(_check_language)]


class Operator(Record):
    """Who publishes the site, as the imprint must name them (§ 5 DDG)."""

    name: Text = Field(description="Full legal name, e.g. 'Stadtverwaltung Herzogenrath'")
    legal_form: Text | None = Field(None, description="Legal form, e.g. 'eingetragener Verein'")
    representative: Text | None = Field(None, description="Who represents it, e.g. the mayor")
    address: Place = Field(description="Postal address (no PO box)")
    email: Email = Field(description="E-mail address for quick contact")
    phone: Phone | None = Field(None, description="Phone number")
    registration: Text | None = Field(None, description="Register and number, e.g. 'VR 1234'")
    vat_id: Text | None = Field(None, description="VAT identification number")
    supervisory_authority: Text | None = Field(None, description="Supervisory authority")
    responsible_for_content: Text | None = Field(
        None, description="Person responsible for editorial content (§ 18 MStV), with address"
    )


class DataProtectionOfficer(Record):
    """Contact of the data protection officer."""

    name: Text | None = Field(None, description="Name or office")
    email: Email = Field(description="E-mail address")
    phone: Phone | None = Field(None, description="Phone number")
    address: Place | None = Field(None, description="Postal address")


class Privacy(Record):
    """Facts the privacy statement is written from."""

    data_protection_officer: DataProtectionOfficer | None = Field(
        None, description="Required for public bodies"
    )
    hosting_provider: Text | None = Field(None, description="Who hosts the site (processor)")
    supervisory_authority: Text | None = Field(
        None, description="Data protection authority to complain to"
    )


class Compliance(Choice):
    """How far the site meets the accessibility requirements."""

    FULL = "full", "vollständig"
    PARTIAL = "partial", "teilweise"
    NONE = "none", "nicht barrierefrei"


class Accessibility(Record):
    """Facts the accessibility statement is written from."""

    status: Compliance = Field(description="full, partial or none")
    known_issues: list[Text] = Field([], description="Parts that are not accessible, and why")
    feedback_email: Email = Field(description="Where visitors report barriers")
    enforcement_body: Text | None = Field(None, description="Conciliation or enforcement body")
    enforcement_url: Url | None = Field(None, description="Its website")
    reviewed: When | None = Field(None, description="When the statement was last reviewed")


class Settings(Tracked, Record):
    """The whole site's settings (site.yaml)."""

    title: Text = Field(description="Name of the site")
    description: Text | None = Field(None, description="One sentence about the site")
    language: Language = Field("de", description="Language of the content")
    time_zone: TimeZone = Field("Europe/Berlin", description="Time zone of event times")
    base_url: BaseUrl | None = Field(
        None, description="Address the site is published at, e.g. https://example.org/"
    )
    theme: Text = Field("default", description="Name of the theme")
    ministry: Text | None = Field(None, description="Current name of the federal ministry")
    allow_raw_html: bool = Field(
        False, description="true to let Markdown contain raw HTML; otherwise it is shown as text"
    )
    operator: Operator | None = Field(None, description="Who publishes the site (imprint)")
    privacy: Privacy | None = Field(None, description="Facts for the privacy statement")
    accessibility: Accessibility | None = Field(
        None, description="Facts for the accessibility statement"
    )
