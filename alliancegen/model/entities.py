"""The entities a site is made of, as coordinators write them in YAML and front matter.

Fields marked ``internal`` are filled in by alliancegen, never written in content files.
References to other entities are slugs; ``alliancegen.model.site`` checks that they resolve.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any
from typing import Self

from pydantic import Field
from pydantic import ValidationInfo
from pydantic import field_validator
from pydantic import model_validator

from alliancegen.errors import Location
from alliancegen.model.fields import Attachment
from alliancegen.model.fields import Email
from alliancegen.model.fields import Image
from alliancegen.model.fields import Link
from alliancegen.model.fields import Logo
from alliancegen.model.fields import Markdown
from alliancegen.model.fields import Phone
from alliancegen.model.fields import Place
from alliancegen.model.fields import Record
from alliancegen.model.fields import Slug
from alliancegen.model.fields import Text
from alliancegen.model.fields import Url
from alliancegen.model.fields import When
from alliancegen.model.moment import Moment
from alliancegen.reads import Tracked


def internal(default: Any = ...) -> Any:
    """Declare a field that alliancegen fills in; content files may not set it."""
    return Field(default, exclude=True, repr=False, json_schema_extra={"internal": True})


def ref(collection: str, description: str, default: Any = None) -> Any:
    """Declare a field that names entities of ``collection`` by their slugs."""
    return Field(default, description=description, json_schema_extra={"refers_to": collection})


def is_internal(model: type[Record], name: str) -> bool:
    """Tell whether a field of ``model`` is filled in by alliancegen."""
    extra = model.model_fields[name].json_schema_extra
    return isinstance(extra, dict) and extra.get("internal") is True


def user_fields(model: type[Record]) -> list[str]:
    """The field names a content file may write for ``model``."""
    return [name for name in model.model_fields if not is_internal(model, name)]


class Entity(Tracked, Record):
    """Anything with a slug of its own and a file it comes from."""

    slug: Slug = Field("", description="Name in URLs and references; derived when omitted")
    origin: Location = internal()


class Article(Entity):
    """An entity written as Markdown with front matter."""

    draft: bool = Field(False, description="true to leave it out unless built with --drafts")
    body: str = internal("")


class State(StrEnum):
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


class AllianceStatus(StrEnum):
    """Whether an alliance still works."""

    ACTIVE = "active"
    DORMANT = "dormant"
    DISSOLVED = "dissolved"


class PartnerCategory(StrEnum):
    """The kind of organisation a partner is; partner lists are grouped by it."""

    MUNICIPALITY = "municipality"
    EMPLOYERS = "employers"
    CHAMBERS = "chambers"
    EMPLOYMENT = "employment"
    CHARITIES = "charities"
    CHURCHES = "churches"
    CLUBS = "clubs"
    HOUSING = "housing"
    CHILDCARE = "childcare"
    COUNSELLING = "counselling"
    HEALTH = "health"
    OTHER = "other"


class Membership(StrEnum):
    """Whether a partner belongs to the alliance or cooperates with it."""

    MEMBER = "member"
    COOPERATION = "cooperation"


class ProjectStatus(StrEnum):
    """Where a project stands."""

    PLANNED = "planned"
    RUNNING = "running"
    PERMANENT = "permanent"
    FINISHED = "finished"


class GoalStatus(StrEnum):
    """Where a goal stands."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    REACHED = "reached"


class EventKind(StrEnum):
    """What sort of event it is."""

    ACTION_DAY = "action_day"
    MEETING = "meeting"
    REGIONAL_MEETING = "regional_meeting"
    FAMILY_DAY = "family_day"
    OTHER = "other"


class EventStatus(StrEnum):
    """Whether an event takes place as announced."""

    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"


class NewsKind(StrEnum):
    """What sort of news item it is."""

    NEWS = "news"
    PRESS = "press"
    ALLIANCE_OF_THE_MONTH = "alliance_of_the_month"
    REPORT = "report"


class Source(Record):
    """Where a re-published text first appeared."""

    name: Text = Field(description="Publisher, e.g. the federal service office")
    url: Url | None = Field(None, description="Address of the original")


class Award(Record):
    """A distinction the alliance received."""

    name: Text = Field(description="Name of the award, e.g. 'Bündnis des Monats'")
    issuer: Text | None = Field(None, description="Who awarded it")
    period: Text | None = Field(None, description="When, as written: 'November', '2024/25'")
    news: Slug | None = ref("news", "Slug of a news item about the award")
    url: Url | None = Field(None, description="A page about the award")


# --- How an alliance is organised, and its own contact (issue 14) ---


class RoleKind(StrEnum):
    """What a person is for the alliance."""

    PATRON = "patron"
    COORDINATOR = "coordinator"
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"
    SPOKESPERSON = "spokesperson"
    CONTACT = "contact"
    OTHER = "other"


class CommitteeKind(StrEnum):
    """The kind of body that steers or advises an alliance."""

    TRUSTEES = "trustees"
    STEERING_GROUP = "steering_group"
    STEERING_COMMITTEE = "steering_committee"
    ADVISORY_BOARD = "advisory_board"
    OTHER = "other"


class Tenure(Record):
    """Something that holds for a while: from ``since`` to ``until``, either may be unknown."""

    since: When | None = Field(None, description="Since when, e.g. 2019 or 2019-03")
    until: When | None = Field(None, description="Until when; omit while it holds")

    @field_validator("until")
    @classmethod
    def _until_after_since(cls, until: Moment | None, info: ValidationInfo) -> Moment | None:
        since = info.data.get("since")
        if until is not None and isinstance(since, Moment) and until.is_before(since):
            raise ValueError(f"'until' ({until}) is before 'since' ({since}): swap them")
        return until

    def holds_on(self, day: date) -> bool:
        """Tell whether it still held on ``day``: it has not ended before it."""
        return self.until is None or not self.until.is_before(Moment(day.year, day.month, day.day))


class Role(Tenure):
    """A person's function in the alliance, for a while: 'Schirmherr seit 2019'."""

    person: Slug = ref("people", "Slug of the person in people.yaml")
    kind: RoleKind = Field(description="patron, coordinator, chair, spokesperson, contact …")
    title: Text | None = Field(None, description="The role as the alliance names it")


class Host(Tenure):
    """The body that hosts the alliance or its office (Träger), for a while."""

    name: Text | None = Field(None, description="Name of the host, unless it is a partner")
    partner: Slug | None = ref("partners", "Slug of the host in partners.yaml")
    website: Url | None = Field(None, description="The host's website")

    @model_validator(mode="after")
    def _named(self) -> Self:
        if self.name is None and self.partner is None:
            raise ValueError("a host needs a 'name: …' or the slug of a 'partner: …'")
        return self


class Office(Tenure):
    """An office of the alliance (Koordinierungsstelle, Familienbüro) where people find it."""

    name: Text = Field(description="Name of the office, e.g. 'Koordinierungsstelle'")
    address: Place | None = Field(None, description="Where it is")
    phone: Phone | None = Field(None, description="Phone number as it should be shown")
    email: Email | None = Field(None, description="E-mail address")
    opening_hours: Text | None = Field(None, description="When it is open, as written")


class Group(Entity):
    """A body of people and partners in the alliance."""

    name: Text = Field(description="Name of the group")
    description: Markdown | None = Field(None, description="What the group does")
    members: list[Slug] = ref("people", "Slugs of its members in people.yaml", [])
    partners: list[Slug] = ref("partners", "Slugs of partners that take part", [])
    meets: Text | None = Field(None, description="How often it meets, e.g. 'viermal im Jahr'")


class Committee(Group):
    """A committee that steers or advises the alliance (committees.yaml)."""

    kind: CommitteeKind = Field(description="trustees, steering_group, advisory_board …")
    chair: Slug | None = ref("people", "Slug of the person who chairs it")


class WorkingGroup(Group):
    """A working group (Arbeitskreis) on one topic (working-groups.yaml)."""

    topic: Text | None = Field(None, description="What it works on, in a few words")
    contact: Slug | None = ref("people", "Slug of its contact person")


class Person(Entity):
    """A contact person, coordinator or patron (people.yaml)."""

    name: Text = Field(description="Full name with title, e.g. 'Dr. Daniel Schultheiß'")
    role: Text | None = Field(None, description="Function, e.g. 'Gleichstellungsbeauftragte'")
    organisation: Text | None = Field(None, description="Where the person works")
    phone: Phone | None = Field(None, description="Phone number as it should be shown")
    email: Email | None = Field(None, description="E-mail address")
    office_hours: Text | None = Field(None, description="When the person can be reached")
    quote: Text | None = Field(None, description="A statement by the person")
    photo: Image | None = Field(None, description="Portrait; needs photo_consent: true")
    photo_consent: bool = Field(False, description="true once the person agreed to the photo")
    # --- the person's own contact (issue 14) ---
    address: Place | None = Field(None, description="Postal address for the person's vCard")

    @property
    def has_contact(self) -> bool:
        """Whether the person published a way to reach them (and so gets a vCard)."""
        return bool(self.phone or self.email or self.address)

    @model_validator(mode="after")
    def _photo_needs_consent(self) -> Self:
        if self.photo is not None and not self.photo_consent:
            raise ValueError("a person's photo needs their consent: add 'photo_consent: true'")
        return self


class Partner(Entity):
    """An organisation in the alliance (partners.yaml)."""

    name: Text = Field(description="Name of the organisation")
    short_name: Text | None = Field(None, description="Abbreviation, e.g. 'SIHK'")
    category: PartnerCategory = Field(description="Kind of organisation")
    membership: Membership = Field(Membership.MEMBER, description="member or cooperation")
    website: Url | None = Field(None, description="The partner's website")
    logo: Logo | None = Field(None, description="The partner's logo")
    contribution: Markdown | None = Field(None, description="What the partner contributes")
    joined: When | None = Field(None, description="When the partner signed or joined")
    address: Place | None = Field(None, description="Postal address")
    contact: Slug | None = ref("people", "Slug of a person in people.yaml")


class NationalField(Entity):
    """One of the nationwide fields of action (fields-of-action.yaml at the top)."""

    title: Text = Field(description="Name of the field of action")
    description: Markdown | None = Field(None, description="What the field covers")


class FieldOfAction(Entity):
    """A field of action an alliance names for itself (fields-of-action.yaml)."""

    title: Text = Field(description="Name of the field of action")
    national: Slug | None = ref("national_fields", "Slug of the nationwide field it belongs to")
    description: Markdown | None = Field(None, description="What the alliance does in it")


class Goal(Entity):
    """A goal of the alliance (goals.yaml)."""

    title: Text = Field(description="The goal in one line")
    text: Markdown | None = Field(None, description="More about the goal")
    field_of_action: Slug | None = ref("fields_of_action", "Slug of one of its fields of action")
    status: GoalStatus | None = Field(None, description="open, in_progress or reached")


class ActionDay(Entity):
    """A nationwide edition of the action day (action-days.yaml at the top)."""

    year: int = Field(description="The year of the edition")
    date: When = Field(description="The day of the nationwide action day")
    motto: Text | None = Field(None, description="The nationwide motto")


class Project(Article):
    """A project of the alliance (projects/<slug>.md)."""

    title: Text = Field(description="Name of the project")
    status: ProjectStatus = Field(description="planned, running, permanent or finished")
    summary: Text | None = Field(None, description="One or two sentences for lists")
    model_project: bool = Field(False, description="true for a model or pilot project")
    programme: Text | None = Field(None, description="Funding programme the project is part of")
    start: When | None = Field(None, description="When it started")
    end: When | None = Field(None, description="When it ended or ends")
    partners: list[Slug] = ref("partners", "Slugs of partners involved", [])
    fields_of_action: list[Slug] = ref("fields_of_action", "Slugs of its fields of action", [])
    contact: Slug | None = ref("people", "Slug of the contact person")
    images: list[Image] = Field([], description="Pictures")
    links: list[Link] = Field([], description="Further links")


class Event(Article):
    """An event: the local action day, a meeting, a family day (events/<slug>.md)."""

    title: Text = Field(description="Name of the event")
    kind: EventKind = Field(EventKind.OTHER, description="What sort of event")
    status: EventStatus = Field(EventStatus.SCHEDULED, description="scheduled, cancelled, ...")
    start: When = Field(description="When it starts: a day, or a day and time")
    end: When | None = Field(None, description="When it ends")
    place: Place | None = Field(None, description="Where it takes place")
    motto: Text | None = Field(None, description="The motto of the event")
    action_day: int | None = ref("action_days", "Year of the nationwide action day")
    partners: list[Slug] = ref("partners", "Slugs of partners involved", [])
    fields_of_action: list[Slug] = ref("fields_of_action", "Slugs of its fields of action", [])
    report: Markdown | None = Field(None, description="Report written after the event")
    images: list[Image] = Field([], description="Pictures")
    links: list[Link] = Field([], description="Further links")

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end is not None and self.end.is_before(self.start):
            raise ValueError(f"the event ends ({self.end}) before it starts ({self.start})")
        return self


class NewsItem(Article):
    """A news item, press release or report (news/<slug>.md)."""

    title: Text = Field(description="Headline")
    date: When = Field(description="Publication date, or 'unknown'")
    kind: NewsKind = Field(NewsKind.NEWS, description="What sort of news item")
    subtitle: Text | None = Field(None, description="A line below the headline")
    summary: Text | None = Field(None, description="One or two sentences for lists and feeds")
    author: Text | None = Field(None, description="Who wrote it")
    source: Source | None = Field(None, description="Where it first appeared")
    event: Slug | None = ref("events", "Slug of the event it reports on")
    images: list[Image] = Field([], description="Pictures")
    attachments: list[Attachment] = Field([], description="Files to download")


class Page(Article):
    """A free page (pages/<slug>.md)."""

    title: Text = Field(description="Title of the page")
    summary: Text | None = Field(None, description="One or two sentences for lists")
    menu: int | None = Field(None, description="Position in the menu; omit to leave it out")


class Offer(Article):
    """Something a town or partner offers families (offers/<slug>.md)."""

    title: Text = Field(description="Name of the offer")
    provider: Slug | None = ref("partners", "Slug of the partner that offers it")
    eligibility: Text | None = Field(None, description="Who can get it")
    amount: Text | None = Field(None, description="Amount or cost, as written")
    how_to_apply: Markdown | None = Field(None, description="How to get it")
    contact: Slug | None = ref("people", "Slug of the contact person")


class Alliance(Article):
    """A local alliance for families (alliances/<slug>/alliance.md)."""

    name: Text = Field(description="Full name of the alliance")
    short_name: Text | None = Field(None, description="Short name for menus")
    town: Text = Field(description="Town, city or district it works in")
    state: State = Field(description="Federal state, e.g. 'Thüringen'")
    status: AllianceStatus | None = Field(None, description="active, dormant or dissolved")
    founded: When | None = Field(None, description="When the alliance was founded")
    declared: When | None = Field(None, description="Date of its founding declaration")
    summary: Text | None = Field(None, description="One or two sentences for lists")
    patron: Slug | None = ref("people", "Slug of the patron in people.yaml")
    coordinators: list[Slug] = ref("people", "Slugs of coordinators in people.yaml", [])
    logo: Logo | None = Field(None, description="The alliance's logo")
    hero: Image | None = Field(None, description="A large photo for the overview page")
    vision: list[Text] = Field([], description="Vision statements")
    tasks: list[Text] = Field([], description="Tasks the alliance takes on")
    focus: list[Text] = Field([], description="Focus topics")
    awards: list[Award] = Field([], description="Awards received")
    office_hours: Text | None = Field(None, description="When the alliance can be reached")
    address: Place | None = Field(None, description="Postal address")
    website: Url | None = Field(None, description="The alliance's own website")
    links: list[Link] = Field([], description="Further links")
    join: Markdown | None = Field(None, description="How to join or support the alliance")
    attachments: list[Attachment] = Field([], description="Files to download")
    # --- how the alliance is organised, and its own contact (issue 14) ---
    motto: Text | None = Field(None, description="The alliance's motto")
    email: Email | None = Field(None, description="The alliance's e-mail address")
    phone: Phone | None = Field(None, description="The alliance's phone number")
    roles: list[Role] = Field([], description="Functions of people, with since and until")
    hosts: list[Host] = Field([], description="Who hosts the alliance (Träger), with periods")
    offices: list[Office] = Field([], description="Its offices, with address and opening hours")

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

    def person(self, slug: str) -> Person:
        """The person with ``slug``; references are checked, so it exists."""
        return next(person for person in self.people if person.slug == slug)

    def partner(self, slug: str) -> Partner:
        """The partner with ``slug``."""
        return next(partner for partner in self.partners if partner.slug == slug)

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
