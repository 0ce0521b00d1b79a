"""The entities a site is made of, as coordinators write them in YAML and front matter.

Fields marked ``internal`` are filled in by alliancegen, never written in content files.
References to other entities are slugs; ``alliancegen.model.site`` checks that they resolve.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from datetime import timedelta
from itertools import count
from typing import Any
from typing import NamedTuple
from typing import Self

from pydantic import Field
from pydantic import JsonValue
from pydantic import ValidationInfo
from pydantic import field_validator
from pydantic import model_validator

from alliancegen.errors import Location
from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.model.fields import Ags
from alliancegen.model.fields import Attachment
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Email
from alliancegen.model.fields import FieldProblem
from alliancegen.model.fields import Image
from alliancegen.model.fields import Link
from alliancegen.model.fields import Logo
from alliancegen.model.fields import Markdown
from alliancegen.model.fields import Phone
from alliancegen.model.fields import Place
from alliancegen.model.fields import PostalCode
from alliancegen.model.fields import Price
from alliancegen.model.fields import Record
from alliancegen.model.fields import SignVideo
from alliancegen.model.fields import Slug
from alliancegen.model.fields import Text
from alliancegen.model.fields import Url
from alliancegen.model.fields import When
from alliancegen.model.moment import Moment
from alliancegen.reads import Tracked


def internal(default: Any = ...) -> Any:
    """Declare a field that alliancegen fills in; content files may not set it."""
    return Field(default, exclude=True, repr=False, json_schema_extra={"internal": True})


def ref(
    collection: str | tuple[str, ...],
    description: str,
    default: Any = None,
    examples: list[Any] | None = None,
) -> Any:
    """Declare a field that names entities of ``collection`` by their slugs; with several
    collections, a slug is looked up in each in turn."""
    targets: list[JsonValue] = [collection] if isinstance(collection, str) else [*collection]
    extra: dict[str, JsonValue] = {"refers_to": targets}
    return Field(default, description=description, examples=examples, json_schema_extra=extra)


def is_internal(model: type[Record], name: str) -> bool:
    """Tell whether a field of ``model`` is filled in by alliancegen."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("internal") is True


def user_fields(model: type[Record]) -> list[str]:
    """The field names a content file may write for ``model``."""
    return [name for name in model.model_fields if not is_internal(model, name)]


class Entity(Tracked, Record):
    """Anything with a slug of its own and a file it comes from."""

    slug: Slug = Field(
        "", description=N_("Name in web addresses and references; made from the name when omitted")
    )
    origin: Location = internal()
    written_for: str | None = internal(None)
    """The edition its text is written for ('en', 'leicht'); None: the site's main language."""


class Article(Entity):
    """An entity written as Markdown with front matter."""

    draft: bool = Field(
        False, description=N_("Draft: left out unless built with --drafts"), examples=[True]
    )
    body: str = internal("")


class State(Choice):
    """The sixteen German federal states."""

    BADEN_WUERTTEMBERG = "Baden-Württemberg"
    BAYERN = "Bayern"
    BERLIN = "Berlin"
    BRANDENBURG = "Brandenburg"
    BREMEN = "Bremen"
    HAMBURG = "Hamburg"
    HESSEN = "Hessen"
    MECKLENBURG_VORPOMMERN = "Mecklenburg-Vorpommern"
    NIEDERSACHSEN = "Niedersachsen"
    NORDRHEIN_WESTFALEN = "Nordrhein-Westfalen"
    RHEINLAND_PFALZ = "Rheinland-Pfalz"
    SAARLAND = "Saarland"
    SACHSEN = "Sachsen"
    SACHSEN_ANHALT = "Sachsen-Anhalt"
    SCHLESWIG_HOLSTEIN = "Schleswig-Holstein"
    THUERINGEN = "Thüringen"

    @property
    def key(self) -> str:
        """The state's two digits that every official municipality key (AGS) begins with."""
        return f"{_STATE_ORDER.index(self) + 1:02d}"


_STATE_ORDER = (
    State.SCHLESWIG_HOLSTEIN,
    State.HAMBURG,
    State.NIEDERSACHSEN,
    State.BREMEN,
    State.NORDRHEIN_WESTFALEN,
    State.HESSEN,
    State.RHEINLAND_PFALZ,
    State.BADEN_WUERTTEMBERG,
    State.BAYERN,
    State.SAARLAND,
    State.BERLIN,
    State.BRANDENBURG,
    State.MECKLENBURG_VORPOMMERN,
    State.SACHSEN,
    State.SACHSEN_ANHALT,
    State.THUERINGEN,
)
"""The states in the order of their official keys, 01 to 16."""


class AllianceStatus(Choice):
    """Whether an alliance still works."""

    ACTIVE = "active", "aktiv"
    DORMANT = "dormant", "ruhend"
    DISSOLVED = "dissolved", "aufgelöst"


class PartnerCategory(Choice):
    """The kind of organisation a partner is; partner lists are grouped by it."""

    MUNICIPALITY = "municipality", "Kommune"
    EMPLOYERS = "employers", "Unternehmen"
    CHAMBERS = "chambers", "Kammer"
    EMPLOYMENT = "employment", "Agentur für Arbeit"
    CHARITIES = "charities", "Wohlfahrtsverband"
    CHURCHES = "churches", "Kirche"
    CLUBS = "clubs", "Verein"
    HOUSING = "housing", "Wohnungswirtschaft"
    CHILDCARE = "childcare", "Kinderbetreuung"
    COUNSELLING = "counselling", "Beratung"
    HEALTH = "health", "Gesundheit"
    OTHER = "other", "Sonstige"


class Membership(Choice):
    """Whether a partner belongs to the alliance or cooperates with it."""

    MEMBER = "member", "Bündnispartner"
    COOPERATION = "cooperation", "Kooperationspartner"


# Organisations that are not partners, and counts of partners (issue 14)
class InvolvementRole(Choice):
    """What an organisation that is not (only) a partner does for an event, a project or the
    alliance."""

    SPONSOR = "sponsor", "Sponsor"
    FUNDER = "funder", "Förderer"
    SUPPORTER = "supporter", "Unterstützer"
    CO_ORGANISER = "co_organiser", "Mitveranstalter"
    VENUE = "venue", "Veranstaltungsort"
    AWARD_RECIPIENT = "award_recipient", "Preisträger"


class CountQualifier(Choice):
    """How exact a stated count is: 'über 70', 'rund 70'."""

    OVER = "over", "über"
    ABOUT = "about", "rund"


class ProjectStatus(Choice):
    """Where a project stands."""

    PLANNED = "planned", "geplant"
    RUNNING = "running", "laufend"
    PERMANENT = "permanent", "dauerhaft"
    FINISHED = "finished", "abgeschlossen"


class GoalStatus(Choice):
    """Where a goal stands."""

    OPEN = "open", "offen"
    IN_PROGRESS = "in_progress", "in Arbeit"
    REACHED = "reached", "erreicht"


class EventKind(Choice):
    """What sort of event it is."""

    ACTION_DAY = "action_day", "Aktionstag"
    MEETING = "meeting", "Bündnistreffen"
    REGIONAL_MEETING = "regional_meeting", "Regionaltreffen"
    FAMILY_DAY = "family_day", "Familientag"
    OTHER = "other", "Sonstiges"


class EventStatus(Choice):
    """Whether an event takes place as announced."""

    SCHEDULED = "scheduled", "findet statt"
    CANCELLED = "cancelled", "abgesagt"
    POSTPONED = "postponed", "verschoben"


# How an event is held, the alliance's part in it, and how it repeats (issue 14)
class Attendance(Choice):
    """Where people take part in an event."""

    ON_SITE = "on_site", "vor Ort"
    ONLINE = "online", "online"
    HYBRID = "hybrid", "hybrid"


class EventRole(Choice):
    """The part the alliance plays in an event."""

    ORGANISER = "organiser", "Veranstalter"
    CO_ORGANISER = "co_organiser", "Mitveranstalter"
    PARTICIPANT = "participant", "Teilnehmer"


class Repeat(Choice):
    """How often an event in a series comes back."""

    WEEKLY = "weekly", "wöchentlich"
    FORTNIGHTLY = "fortnightly", "vierzehntäglich"
    MONTHLY = "monthly", "monatlich"
    YEARLY = "yearly", "jährlich"


class Occasion(NamedTuple):
    """One date of an event: when it starts and, if known, ends."""

    start: Moment
    end: Moment | None


class Milestone(Record):
    """A dated step of a project: a start, a relaunch, an award, a new site."""

    date: When = Field(description=N_("When it happened: a day, a month or a year"))
    title: Text = Field(description=N_("What happened, in one line"))
    text: Markdown | None = Field(None, description=N_("More about it"))


class NewsKind(Choice):
    """What sort of news item it is."""

    NEWS = "news", "Meldung"
    PRESS = "press", "Pressemitteilung"
    ALLIANCE_OF_THE_MONTH = "alliance_of_the_month", "Bündnis des Monats"
    REPORT = "report", "Bericht"


class Source(Record):
    """Where a re-published text first appeared."""

    name: Text = Field(description=N_("Publisher, e.g. the federal service office"))
    url: Url | None = Field(None, description=N_("Address of the original"))


class Award(Record):
    """A distinction the alliance received."""

    name: Text = Field(description=N_("Name of the award, e.g. 'Bündnis des Monats'"))
    issuer: Text | None = Field(None, description=N_("Who awarded it"))
    period: Text | None = Field(None, description=N_("When, as written: 'November', '2024/25'"))
    news: Slug | None = ref("news", N_("Slug of a news item about the award"))
    url: Url | None = Field(None, description=N_("A page about the award"))


# Organisations that are not partners, and counts of partners (issue 14)
class Involvement(Record):
    """An organisation with the role it has: a sponsor, a co-organiser, a venue …"""

    organisation: Slug = ref(
        ("partners", "organisations"),
        N_("Slug of a partner of the alliance, or else of an entry in organisations.yaml"),
    )
    role: InvolvementRole = Field(description=N_("The organisation's role"))


class PartnerCount(Record):
    """How many partners an alliance states it has, when its list names only some."""

    number: int = Field(ge=1, description=N_("The number as stated, e.g. 70 for 'über 70'"))
    qualifier: CountQualifier | None = Field(
        None,
        description=N_(
            "Whether the number is a lower bound or approximate; omit it for an exact number"
        ),
    )
    date: When = Field(description=N_("When the number was stated ('Stand'), e.g. 2024"))

    @field_validator("number", mode="before")
    @classmethod
    def _number_alone(cls, value: object) -> object:
        """'über 70' as the number: say where the 'über' goes."""
        words = str(value).split()
        if len(words) > 1 and words[-1].isdigit():
            qualifier = "about" if words[0].lower() in _ABOUT else "over"
            raise ValueError(
                _(
                    "write the number alone, 'number: {number}', and the word before it as "
                    "'qualifier: {qualifier}'",
                    number=words[-1],
                    qualifier=qualifier,
                )
            )
        return value


_ABOUT = {"rund", "etwa", "ca.", "circa", "ungefähr", "about", "around"}
"""Words before a number that make it approximate; others ('über', 'mehr als') make it a
lower bound."""


class Organisation(Entity):
    """An organisation in the site-wide registry (organisations.yaml at the top), for
    partners of several alliances and for sponsors, venues and others that are no partner."""

    name: Text = Field(description=N_("Name of the organisation"))
    short_name: Text | None = Field(None, description=N_("Abbreviation, e.g. 'SIHK'"))
    website: Url | None = Field(None, description=N_("The organisation's website"))
    logo: Logo | None = Field(None, description=N_("Its logo, below the content folder's media/"))
    address: Place | None = Field(None, description=N_("Postal address"))


REGISTRY_FIELDS = ("name", "short_name", "website", "logo", "address")
"""What a partner that refers to a registry organisation takes from it."""


# --- How an alliance is organised, and its own contact (issue 14) ---


class RoleKind(Choice):
    """What a person is for the alliance."""

    PATRON = "patron", "Schirmherrschaft"
    COORDINATOR = "coordinator", "Koordination"
    CHAIR = "chair", "Vorsitz"
    DEPUTY_CHAIR = "deputy_chair", "Stellvertretung"
    SPOKESPERSON = "spokesperson", "Sprecher"
    CONTACT = "contact", "Ansprechperson"
    OTHER = "other", "Sonstige"


class CommitteeKind(Choice):
    """The kind of body that steers or advises an alliance."""

    TRUSTEES = "trustees", "Kuratorium"
    STEERING_GROUP = "steering_group", "Lenkungsgruppe"
    STEERING_COMMITTEE = "steering_committee", "Steuerungsgruppe"
    ADVISORY_BOARD = "advisory_board", "Beirat"
    OTHER = "other", "Gremium"


class Tenure(Record):
    """Something that holds for a while: from ``since`` to ``until``, either may be unknown."""

    since: When | None = Field(None, description=N_("Since when, e.g. 2019 or 2019-03"))
    until: When | None = Field(None, description=N_("Until when; omit while it holds"))

    @field_validator("until")
    @classmethod
    def _until_after_since(cls, until: Moment | None, info: ValidationInfo) -> Moment | None:
        since = info.data.get("since")
        if until is not None and isinstance(since, Moment) and until.is_before(since):
            raise ValueError(
                _(
                    "'until' ({until}) is before 'since' ({since}): swap them",
                    until=until,
                    since=since,
                )
            )
        return until

    def holds_on(self, day: date) -> bool:
        """Tell whether it still held on ``day``: it has not ended before it."""
        return self.until is None or not self.until.is_before(Moment(day.year, day.month, day.day))


class Role(Tenure):
    """A person's function in the alliance, for a while: 'Schirmherr seit 2019'."""

    person: Slug = ref("people", N_("Slug of the person in people.yaml"))
    kind: RoleKind = Field(description=N_("The person's function"))
    title: Text | None = Field(None, description=N_("The role as the alliance names it"))


class Host(Tenure):
    """The body that hosts the alliance or its office (Träger), for a while."""

    name: Text | None = Field(None, description=N_("Name of the host, unless it is a partner"))
    partner: Slug | None = ref("partners", N_("Slug of the host in partners.yaml"))
    website: Url | None = Field(None, description=N_("The host's website"))

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and self.partner is None:
            raise ValueError(_("a host needs a 'name: …' or the slug of a 'partner: …'"))
        return self


class Office(Tenure):
    """An office of the alliance (Koordinierungsstelle, Familienbüro) where people find it."""

    name: Text = Field(description=N_("Name of the office, e.g. 'Koordinierungsstelle'"))
    address: Place | None = Field(None, description=N_("Where it is"))
    phone: Phone | None = Field(None, description=N_("Phone number as it should be shown"))
    email: Email | None = Field(None, description=N_("E-mail address"))
    opening_hours: Text | None = Field(None, description=N_("When it is open, as written"))


class Group(Entity):
    """A body of people and partners in the alliance."""

    name: Text = Field(description=N_("Name of the group"))
    description: Markdown | None = Field(None, description=N_("What the group does"))
    members: list[Slug] = ref("people", N_("Slugs of its members in people.yaml"), [])
    partners: list[Slug] = ref("partners", N_("Slugs of partners that take part"), [])
    meets: Text | None = Field(None, description=N_("How often it meets, e.g. 'viermal im Jahr'"))


class Committee(Group):
    """A committee that steers or advises the alliance (committees.yaml)."""

    kind: CommitteeKind = Field(description=N_("Kind of committee"))
    chair: Slug | None = ref("people", N_("Slug of the person who chairs it"))


class WorkingGroup(Group):
    """A working group (Arbeitskreis) on one topic (working-groups.yaml)."""

    topic: Text | None = Field(None, description=N_("What it works on, in a few words"))
    contact: Slug | None = ref("people", N_("Slug of its contact person"))


class Person(Entity):
    """A contact person, coordinator or patron (people.yaml)."""

    name: Text = Field(description=N_("Full name with title, e.g. 'Dr. Daniel Schultheiß'"))
    role: Text | None = Field(None, description=N_("Function, e.g. 'Gleichstellungsbeauftragte'"))
    organisation: Text | None = Field(None, description=N_("Where the person works"))
    phone: Phone | None = Field(None, description=N_("Phone number as it should be shown"))
    email: Email | None = Field(None, description=N_("E-mail address"))
    office_hours: Text | None = Field(None, description=N_("When the person can be reached"))
    quote: Text | None = Field(None, description=N_("A statement by the person"))
    photo: Image | None = Field(None, description=N_("Portrait; needs photo_consent: true"))
    photo_consent: bool = Field(
        False, description=N_("Photo consent: true once the person agreed to the photo")
    )
    # --- the person's own contact (issue 14) ---
    address: Place | None = Field(None, description=N_("Postal address for the person's vCard"))

    @property
    def has_contact(self) -> bool:
        """Whether the person published a way to reach them (and so gets a vCard)."""
        return bool(self.phone or self.email or self.address)

    @model_validator(mode="after")
    def _photo_needs_consent(self) -> Self:
        if self.photo is not None and not self.photo_consent:
            raise FieldProblem(
                "photo", _("a person's photo needs their consent: add 'photo_consent: true'")
            )
        return self


class Partner(Entity):
    """An organisation in the alliance (partners.yaml)."""

    name: Text | None = Field(
        None, description=N_("Name of the organisation; omit it with 'organisation: …'")
    )
    short_name: Text | None = Field(None, description=N_("Abbreviation, e.g. 'SIHK'"))
    category: PartnerCategory = Field(description=N_("Kind of organisation"))
    membership: Membership = Field(
        Membership.MEMBER,
        description=N_("Alliance partner or cooperation partner"),
        examples=["member"],
    )
    website: Url | None = Field(
        None, description=N_("The partner's website"), examples=["https://www.example.org/"]
    )
    logo: Logo | None = Field(None, description=N_("The partner's logo"))
    contribution: Markdown | None = Field(None, description=N_("What the partner contributes"))
    joined: When | None = Field(
        None, description=N_("When the partner signed or joined"), examples=["2026"]
    )
    address: Place | None = Field(None, description=N_("Postal address"))
    contact: Slug | None = ref("people", N_("Slug of a person in people.yaml"))
    # The registry (issue 14)
    organisation: Slug | None = ref(
        "organisations",
        N_("Slug of an entry in organisations.yaml: name, website … come from there"),
    )

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and self.organisation is None:
            raise ValueError(
                _(
                    "missing required field 'name': add 'name: …' (Name of the organisation), "
                    "or 'organisation: …' with the slug of an entry in organisations.yaml"
                )
            )
        return self


class NationalField(Entity):
    """One of the nationwide fields of action (fields-of-action.yaml at the top)."""

    title: Text = Field(description=N_("Name of the field of action"))
    description: Markdown | None = Field(None, description=N_("What the field covers"))


class FieldOfAction(Entity):
    """A field of action an alliance names for itself (fields-of-action.yaml)."""

    title: Text = Field(description=N_("Name of the field of action"))
    national: Slug | None = ref("national_fields", N_("Slug of the nationwide field it belongs to"))
    description: Markdown | None = Field(None, description=N_("What the alliance does in it"))


class Goal(Entity):
    """A goal of the alliance (goals.yaml)."""

    title: Text = Field(description=N_("The goal in one line"))
    text: Markdown | None = Field(None, description=N_("More about the goal"))
    field_of_action: Slug | None = ref(
        "fields_of_action", N_("Slug of one of its fields of action")
    )
    status: GoalStatus | None = Field(None, description=N_("Where the goal stands"))


class ActionDay(Entity):
    """A nationwide edition of the action day (action-days.yaml at the top)."""

    year: int = Field(description=N_("The year of the edition"))
    date: When = Field(description=N_("The day of the nationwide action day"))
    motto: Text | None = Field(None, description=N_("The nationwide motto"))


class Project(Article):
    """A project of the alliance (projects/<slug>.md)."""

    title: Text = Field(description=N_("Name of the project"))
    status: ProjectStatus | None = Field(
        None,
        description=N_("Where the project stands"),
        examples=["running"],
    )
    summary: Text | None = Field(None, description=N_("One or two sentences for lists"))
    model_project: bool = Field(
        False, description=N_("Model project: true for a model or pilot project")
    )
    programme: Text | None = Field(None, description=N_("Funding programme the project is part of"))
    start: When | None = Field(
        None, description=N_("When it started: a day, a month or a year"), examples=["2026"]
    )
    end: When | None = Field(None, description=N_("When it ended or ends"))
    partners: list[Slug] = ref(
        "partners", N_("Partners involved: slugs from partners.yaml"), [], examples=[["stadtwerke"]]
    )
    fields_of_action: list[Slug] = ref("fields_of_action", N_("Slugs of its fields of action"), [])
    contact: Slug | None = ref("people", N_("Contact person: slug of the person in people.yaml"))
    images: list[Image] = Field([], description=N_("Pictures"))
    links: list[Link] = Field([], description=N_("Further links"))
    # Organisations that are not partners (issue 14)
    organisations: list[Involvement] = Field(
        [], description=N_("Sponsors, funders, co-organisers, venues … with their roles")
    )
    # dated steps (issue 14)
    milestones: list[Milestone] = Field([], description=N_("Dated steps: relaunch, award, …"))

    @property
    def timeline(self) -> list[Milestone]:
        """The milestones in date order; those of unknown date last."""
        return sorted(
            self.milestones, key=lambda step: (step.date.year is None, step.date.sort_key)
        )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start is not None and self.end is not None and self.end.is_before(self.start):
            raise FieldProblem(
                "end",
                _(
                    "the project ends ({end}) before it starts ({start})",
                    end=self.end,
                    start=self.start,
                ),
            )
        return self


class Event(Article):
    """An event: the local action day, a meeting, a family day (events/<slug>.md)."""

    title: Text = Field(description=N_("Name of the event"))
    kind: EventKind = Field(
        EventKind.OTHER, description=N_("What sort of event"), examples=["family_day"]
    )
    status: EventStatus = Field(
        EventStatus.SCHEDULED, description=N_("Whether it takes place as announced")
    )
    start: When = Field(
        description=N_("When it starts: a day, or a day and time"), examples=["2026-05-15 14:00"]
    )
    end: When | None = Field(None, description=N_("When it ends"), examples=["2026-05-15 18:00"])
    place: Place | None = Field(
        None, description=N_("Where it takes place; below it name, street, postal_code, locality")
    )
    motto: Text | None = Field(None, description=N_("The motto of the event"))
    action_day: int | None = ref("action_days", N_("Year of the nationwide action day"))
    partners: list[Slug] = ref("partners", N_("Partners involved: slugs from partners.yaml"), [])
    fields_of_action: list[Slug] = ref("fields_of_action", N_("Slugs of its fields of action"), [])
    report: Markdown | None = Field(None, description=N_("Report written after the event"))
    images: list[Image] = Field([], description=N_("Pictures"))
    links: list[Link] = Field([], description=N_("Further links"))
    # how, by whom, for whom and how often (issue 14)
    edition: int | None = Field(None, ge=1, description=N_("Its number, 3 for '3. Familientag'"))
    role: EventRole = Field(EventRole.ORGANISER, description=N_("The alliance's part in it"))
    attendance: Attendance = Field(Attendance.ON_SITE, description=N_("Where people take part"))
    online_url: Url | None = Field(None, description=N_("Where people take part online"))
    audience: Text | None = Field(
        None, description=N_("Who it is for, e.g. 'Familien mit Kindern'")
    )
    age_min: int | None = Field(None, ge=0, le=120, description=N_("Youngest age it is for, years"))
    age_max: int | None = Field(None, ge=0, le=120, description=N_("Oldest age it is for, years"))
    free: bool | None = Field(
        None, description=N_("Free of charge: true when taking part costs nothing"), examples=[True]
    )
    price: Price | None = Field(None, description=N_("Price in euros, or a text as written"))
    registration: Url | None = Field(
        None,
        description=N_("Address to register at"),
        examples=["https://www.example.org/anmeldung"],
    )
    registration_until: When | None = Field(None, description=N_("Last day to register"))
    dates: list[When] = Field([], description=N_("Further days, each as long as the first"))
    repeat: Repeat | None = Field(None, description=N_("How often it comes back, for a series"))
    until: When | None = Field(None, description=N_("Last day of a series"))

    @field_validator("online_url")
    @classmethod
    def _online_only(cls, url: str | None, info: ValidationInfo) -> str | None:
        if url is not None and info.data.get("attendance") == Attendance.ON_SITE:
            raise ValueError(_("an online address needs 'attendance: online' or 'hybrid'"))
        return url

    @field_validator("age_max")
    @classmethod
    def _ages_in_order(cls, age: int | None, info: ValidationInfo) -> int | None:
        youngest = info.data.get("age_min")
        if age is not None and youngest is not None and age < youngest:
            raise ValueError(
                _(
                    "the oldest age ({age}) is below the youngest ({youngest})",
                    age=age,
                    youngest=youngest,
                )
            )
        return age

    @field_validator("price")
    @classmethod
    def _free_costs_nothing(cls, price: float | str | None, info: ValidationInfo) -> Any:
        if info.data.get("free") and isinstance(price, float) and price > 0:
            raise ValueError(_("a free event has no price: remove 'free: true' or the price"))
        return price

    @field_validator("dates")
    @classmethod
    def _dates_like_start(cls, dates: list[Moment], info: ValidationInfo) -> list[Moment]:
        start = info.data.get("start")
        for day in dates:
            if start is not None and (day.precision != start.precision or not start.is_before(day)):
                raise ValueError(
                    _(
                        "'{day}' cannot be a further date: write each one after the start and as "
                        "precisely ({start}), a day or a day and time",
                        day=day,
                        start=start,
                    )
                )
        return dates

    @field_validator("until")
    @classmethod
    def _until_ends_a_series(cls, until: Moment | None, info: ValidationInfo) -> Moment | None:
        start = info.data.get("start")
        if until is None:
            return until
        if info.data.get("repeat") is None:
            raise ValueError(_("'until' ends a series: add 'repeat: weekly' (or how often it is)"))
        if until.date is None or (start is not None and until.is_before(start)):
            raise ValueError(
                _("write 'until' as the last day of the series, after {start}", start=start)
            )
        return until

    @field_validator("repeat")
    @classmethod
    def _series_needs_a_day(cls, repeat: Repeat | None, info: ValidationInfo) -> Repeat | None:
        start = info.data.get("start")
        if repeat is not None and start is not None and start.date is None:
            raise ValueError(
                _("a series needs the day it starts: write 'start' as a day ({start})", start=start)
            )
        if repeat is not None and info.data.get("dates"):
            raise ValueError(_("write either 'dates' or 'repeat', not both"))
        return repeat

    @property
    def last(self) -> Moment | None:
        """When the event is over, as far as known: the end of its last date, or the last day
        of its series; None for a series without 'until', which goes on."""
        if self.repeat is not None:
            return self.until
        return max((end or start for start, end in self.occasions), key=lambda m: m.sort_key)

    @property
    def occasions(self) -> list[Occasion]:
        """Each date the event takes place; further dates last as long as the first."""
        first = Occasion(self.start, self.end)
        return [first, *(Occasion(day, _shifted(self.end, self.start, day)) for day in self.dates)]

    def next_start(self, day: date) -> Moment:
        """The start of its first date that is not over before ``day``: of a series, the first
        repetition from ``day`` on; the start when every date is over or none is known."""
        first = self.start.date
        if self.repeat is not None and first is not None and first < day:
            found = _repetition_from(first, self.repeat, day)
            return Moment(found.year, found.month, found.day, self.start.hour, self.start.minute)
        now = Moment(day.year, day.month, day.day)
        coming = [start for start, end in self.occasions if not (end or start).is_before(now)]
        return min(coming, key=lambda start: start.sort_key) if coming else self.start

    # Organisations that are not partners (issue 14)
    organisations: list[Involvement] = Field(
        [], description=N_("Sponsors, funders, co-organisers, venues … with their roles")
    )

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end is not None and self.end.is_before(self.start):
            raise FieldProblem(
                "end",
                _(
                    "the event ends ({end}) before it starts ({start})",
                    end=self.end,
                    start=self.start,
                ),
            )
        return self


def _shifted(end: Moment | None, start: Moment, day: Moment) -> Moment | None:
    """``end`` moved by as much as ``day`` lies after ``start``; both are as precise."""
    if end is None or end.date is None or start.date is None or day.date is None:
        return None
    moved = end.date + (day.date - start.date)
    return Moment(moved.year, moved.month, moved.day, end.hour, end.minute)


_STEPS = {
    Repeat.WEEKLY: (7, 0),
    Repeat.FORTNIGHTLY: (14, 0),
    Repeat.MONTHLY: (0, 1),
    Repeat.YEARLY: (0, 12),
}
"""How far apart the dates of a series are: (days, months)."""


def _repetition_from(first: date, repeat: Repeat, day: date) -> date:
    """The first date of a series from ``first`` on or after ``day``; as in RFC 5545, a month
    without the day of ``first`` (31st, 29 February) has no date of the series."""
    days, months = _STEPS[repeat]
    if days:
        return first + timedelta(days=-(-(day - first).days // days) * days)
    behind = ((day.year - first.year) * 12 + day.month - first.month) // months
    candidates = (_months_later(first, step * months) for step in count(max(behind, 0)))
    return next(found for found in candidates if found is not None and found >= day)


def _months_later(first: date, months: int) -> date | None:
    """The day of ``first`` ``months`` later; None when that month has no such day."""
    year, month = divmod(first.month - 1 + months, 12)
    if first.day > monthrange(first.year + year, month + 1)[1]:
        return None
    return date(first.year + year, month + 1, first.day)


class NewsItem(Article):
    """A news item, press release or report (news/<slug>.md)."""

    title: Text = Field(description=N_("Headline"))
    date: When = Field(description=N_("Publication date, or 'unknown'"))
    kind: NewsKind = Field(
        NewsKind.NEWS, description=N_("What sort of news item"), examples=["press"]
    )
    subtitle: Text | None = Field(None, description=N_("A line below the headline"))
    summary: Text | None = Field(None, description=N_("One or two sentences for lists and feeds"))
    author: Text | None = Field(None, description=N_("Who wrote it"))
    source: Source | None = Field(None, description=N_("Where it first appeared"))
    event: Slug | None = ref("events", N_("Slug of the event it reports on"))
    images: list[Image] = Field([], description=N_("Pictures"))
    attachments: list[Attachment] = Field([], description=N_("Files to download"))


class SignedArticle(Article):
    """An article that may show a video in German Sign Language."""

    sign_language: SignVideo | None = Field(
        None, description=N_("A video in German Sign Language (DGS) shown on the page")
    )


class Page(SignedArticle):
    """A free page (pages/<slug>.md)."""

    title: Text = Field(description=N_("Title of the page"))
    summary: Text | None = Field(None, description=N_("One or two sentences for lists"))
    menu: int | None = Field(
        None, description=N_("Position in the menu; omit to leave it out"), examples=[1]
    )


class EasyRead(SignedArticle):
    """The start page in Leichte Sprache (leichte-sprache.md): what the site is about, in the
    site's own words; the theme explains the navigation and the accessibility statement."""

    title: Text = Field("Leichte Sprache", description=N_("Title of the page"))
    navigation: Markdown | None = Field(
        None,
        description=N_(
            "How to find one's way on the site, in Leichte Sprache; omitted: the theme "
            "explains the menu"
        ),
    )


class Offer(Article):
    """Something a town or partner offers families (offers/<slug>.md)."""

    title: Text = Field(description=N_("Name of the offer"))
    provider: Slug | None = ref(
        "partners", N_("Who offers it: slug of the partner in partners.yaml")
    )
    eligibility: Text | None = Field(None, description=N_("Who can get it"))
    amount: Text | None = Field(None, description=N_("Amount or cost, as written"))
    how_to_apply: Markdown | None = Field(None, description=N_("How to get it"))
    contact: Slug | None = ref("people", N_("Contact person: slug of the person in people.yaml"))


class Alliance(Article):
    """A local alliance for families (alliances/<slug>/alliance.md)."""

    name: Text = Field(description=N_("Full name of the alliance"))
    short_name: Text | None = Field(None, description=N_("Short name for menus"))
    town: Text = Field(description=N_("Town, city or district it works in"))
    state: State = Field(description=N_("Federal state"), examples=["Thüringen"])
    ags: Ags | None = Field(
        None,
        description=N_("Official key of the municipality (8 digits) or district (5 digits)"),
        examples=["16070029"],
    )
    postal_codes: list[PostalCode] = Field(
        [], description=N_("Postal codes of the area it works in, for the portal's finder")
    )
    status: AllianceStatus | None = Field(None, description=N_("Whether the alliance still works"))
    founded: When | None = Field(
        None,
        description=N_("When the alliance was founded: a day, a month or a year"),
        examples=["2008-11-17"],
    )
    declared: When | None = Field(None, description=N_("Date of its founding declaration"))
    summary: Text | None = Field(None, description=N_("One or two sentences for lists"))
    patron: Slug | None = ref("people", N_("Patron: slug of the person in people.yaml"))
    coordinators: list[Slug] = ref(
        "people",
        N_("Coordinators: slugs of people in people.yaml"),
        [],
        examples=[["erika-muster"]],
    )
    logo: Logo | None = Field(None, description=N_("The alliance's logo"))
    hero: Image | None = Field(None, description=N_("A large photo for the overview page"))
    vision: list[Text] = Field([], description=N_("Vision statements"))
    tasks: list[Text] = Field([], description=N_("Tasks the alliance takes on"))
    focus: list[Text] = Field([], description=N_("Focus topics"))
    awards: list[Award] = Field([], description=N_("Awards received"))
    office_hours: Text | None = Field(None, description=N_("When the alliance can be reached"))
    address: Place | None = Field(None, description=N_("Postal address"))
    website: Url | None = Field(None, description=N_("The alliance's own website"))
    links: list[Link] = Field([], description=N_("Further links"))
    join: Markdown | None = Field(None, description=N_("How to join or support the alliance"))
    attachments: list[Attachment] = Field([], description=N_("Files to download"))
    # Partner counts and organisations that are not partners (issue 14)
    partner_count: PartnerCount | None = Field(
        None, description=N_("How many partners it has, when partners.yaml lists only some")
    )
    organisations: list[Involvement] = Field(
        [], description=N_("The alliance's own sponsors, funders and supporters, with their roles")
    )
    registry: tuple[Organisation, ...] = internal(())
    # --- how the alliance is organised, and its own contact (issue 14) ---
    motto: Text | None = Field(None, description=N_("The alliance's motto"))
    email: Email | None = Field(None, description=N_("The alliance's e-mail address"))
    phone: Phone | None = Field(None, description=N_("The alliance's phone number"))
    roles: list[Role] = Field([], description=N_("Functions of people, with since and until"))
    hosts: list[Host] = Field([], description=N_("Who hosts the alliance (Träger), with periods"))
    offices: list[Office] = Field([], description=N_("Its offices, with address and opening hours"))

    people: tuple[Person, ...] = internal(())
    partners: tuple[Partner, ...] = internal(())
    fields_of_action: tuple[FieldOfAction, ...] = internal(())
    goals: tuple[Goal, ...] = internal(())
    projects: tuple[Project, ...] = internal(())
    events: tuple[Event, ...] = internal(())
    news: tuple[NewsItem, ...] = internal(())
    pages: tuple[Page, ...] = internal(())
    offers: tuple[Offer, ...] = internal(())
    committees: tuple[Committee, ...] = internal(())
    working_groups: tuple[WorkingGroup, ...] = internal(())

    @model_validator(mode="after")
    def _ags_in_state(self) -> Self:
        if self.ags and not self.ags.startswith(self.state.key):
            raise FieldProblem(
                "ags",
                _(
                    "the key {ags} lies outside {state}: keys there begin with {key}",
                    ags=self.ags,
                    state=self.state.value,
                    key=self.state.key,
                ),
            )
        return self

    def person(self, slug: str) -> Person:
        """The person with ``slug``; references are checked, so it exists."""
        return next(person for person in self.people if person.slug == slug)

    def partner(self, slug: str) -> Partner:
        """The partner with ``slug``."""
        return next(partner for partner in self.partners if partner.slug == slug)

    def organisation(self, slug: str) -> Partner | Organisation:
        """The partner with ``slug``, or else the registry's organisation with it."""
        found: tuple[Partner | Organisation, ...] = (*self.partners, *self.registry)
        return next(organisation for organisation in found if organisation.slug == slug)

    @property
    def partner_total(self) -> int:
        """How many partners the alliance has: the count it states, or else the partners it
        lists. Every page that shows a number of partners shows this one."""
        return self.partner_count.number if self.partner_count else len(self.partners)

    @property
    def lists_every_partner(self) -> bool:
        """Whether partners.yaml names every partner the alliance states it has."""
        stated = self.partner_count
        return stated is None or (stated.qualifier is None and stated.number == len(self.partners))

    def field_of_action(self, slug: str) -> FieldOfAction:
        """The alliance's field of action with ``slug``."""
        return next(field for field in self.fields_of_action if field.slug == slug)

    @property
    def all_roles(self) -> tuple[Role, ...]:
        """Every role: those in ``roles``, then ``patron`` and ``coordinators`` unless
        ``roles`` names the same person in the same function."""
        named = {(role.person, role.kind) for role in self.roles}
        plain = [(self.patron, RoleKind.PATRON)] if self.patron else []
        plain += [(slug, RoleKind.COORDINATOR) for slug in self.coordinators]
        implied = (Role(person=p, kind=k) for p, k in plain if (p, k) not in named)
        return (*self.roles, *implied)

    @property
    def folder(self) -> str:
        """The name of the alliance's folder in alliances/."""
        return self.origin.path.parent.name
