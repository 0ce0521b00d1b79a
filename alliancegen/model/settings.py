"""Site settings (site.yaml): what the site is called and who runs it."""

from __future__ import annotations

from typing import Annotated
from typing import Self
from zoneinfo import ZoneInfo
from zoneinfo import ZoneInfoNotFoundError

from pydantic import AfterValidator
from pydantic import Field
from pydantic import model_validator

from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.model.fields import BaseUrl
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Email
from alliancegen.model.fields import FieldProblem
from alliancegen.model.fields import Phone
from alliancegen.model.fields import Place
from alliancegen.model.fields import Record
from alliancegen.model.fields import Text
from alliancegen.model.fields import Url
from alliancegen.model.fields import When
from alliancegen.model.fields import check_url
from alliancegen.reads import Tracked


def _check_time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            _("'{value}' is not a time zone: write e.g. Europe/Berlin", value=value)
        ) from None
    return value


def _check_language(value: str) -> str:
    """The language as a BCP 47 tag that Babel knows ('de', 'de-DE'): what HTML's lang and
    the feeds' xml:lang expect; 'de_DE' and 'DE' are taken as 'de-DE' and 'de'."""
    from babel import Locale  # imported late: Babel loads slowly
    from babel import UnknownLocaleError

    try:
        locale = Locale.parse(value.replace("_", "-"), sep="-")
    except (ValueError, TypeError, LookupError, UnknownLocaleError):
        raise ValueError(
            _("'{value}' is not a language code: write e.g. de or de-DE", value=value)
        ) from None
    return str(locale).replace("_", "-")


TimeZone = Annotated[Text, AfterValidator(_check_time_zone)]
Language = Annotated[Text, AfterValidator(_check_language)]


class Operator(Record):
    """Who publishes the site, as the imprint must name them (§ 5 DDG)."""

    name: Text = Field(description=N_("Full legal name"), examples=["Stadtverwaltung Musterstadt"])
    legal_form: Text | None = Field(
        None, description=N_("Legal form"), examples=["eingetragener Verein"]
    )
    representative: Text | None = Field(None, description=N_("Who represents it, e.g. the mayor"))
    address: Place = Field(description=N_("Postal address (no PO box)"))
    email: Email = Field(
        description=N_("E-mail address for quick contact"), examples=["info@example.org"]
    )
    phone: Phone | None = Field(None, description=N_("Phone number"))
    registration: Text | None = Field(
        None, description=N_("Register and number"), examples=["VR 1234"]
    )
    vat_id: Text | None = Field(None, description=N_("VAT identification number"))
    supervisory_authority: Text | None = Field(None, description=N_("Supervisory authority"))
    responsible_for_content: Text | None = Field(
        None, description=N_("Person responsible for editorial content (§ 18 MStV), with address")
    )


class DataProtectionOfficer(Record):
    """Contact of the data protection officer."""

    name: Text | None = Field(None, description=N_("Name or office"))
    email: Email = Field(description=N_("E-mail address"), examples=["datenschutz@example.org"])
    phone: Phone | None = Field(None, description=N_("Phone number"))
    address: Place | None = Field(None, description=N_("Postal address"))


class Privacy(Record):
    """Facts the privacy statement is written from."""

    data_protection_officer: DataProtectionOfficer | None = Field(
        None, description=N_("The data protection officer; required for public bodies")
    )
    hosting_provider: Text | None = Field(
        None, description=N_("Who provides the site technically (hosting provider)")
    )
    supervisory_authority: Text | None = Field(
        None, description=N_("Data protection authority to complain to")
    )


class Compliance(Choice):
    """How far the site meets the accessibility requirements."""

    FULL = "full", "vollständig"
    PARTIAL = "partial", "teilweise"
    NONE = "none", "nicht barrierefrei"


class Accessibility(Record):
    """Facts the accessibility statement is written from."""

    status: Compliance = Field(
        description=N_("How far the site is accessible"), examples=["partial"]
    )
    known_issues: list[Text] = Field(
        [],
        description=N_("Parts that are not accessible, and why"),
        examples=[["Ältere PDF-Dateien sind nicht barrierefrei"]],
    )
    feedback_email: Email = Field(
        description=N_("Where visitors report barriers"), examples=["info@example.org"]
    )
    enforcement_body: Text | None = Field(None, description=N_("Conciliation or enforcement body"))
    enforcement_url: Url | None = Field(None, description=N_("Its website"))
    reviewed: When | None = Field(None, description=N_("When the statement was last reviewed"))


class GitHost(Choice):
    """Where a site's repository lies, for editing the published site in the browser."""

    GITHUB = "github", "GitHub"
    GITLAB = "gitlab", "GitLab"
    GITEA = "gitea", "Forgejo"


class Editing(Record):
    """Editing the published site in the browser at /admin/, against its git host."""

    host: GitHost = Field(
        description=N_("Where the repository lies: github, gitlab, or gitea for Gitea and Forgejo"),
        examples=["gitlab"],
    )
    repository: Text = Field(
        description=N_("The repository, as owner/name"), examples=["stadt-musterstadt/buendnis"]
    )
    branch: Text = Field("main", description=N_("The branch the site is published from"))
    content_folder: Text = Field(
        "content", description=N_("The content folder's path in the repository")
    )
    address: Url | None = Field(
        None,
        description=N_(
            "Address of a GitLab, Gitea or Forgejo of your own, e.g. https://codeberg.org; "
            "GitHub and gitlab.com need none"
        ),
    )
    app_id: Text | None = Field(
        None, description=N_("Application ID of the login (OAuth) application: GitLab, Gitea")
    )
    login_service: Url | None = Field(
        None,
        description=N_("GitHub only: the address of the login service (OAuth proxy) for GitHub"),
    )

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.host == GitHost.GITHUB and self.login_service is None:
            raise FieldProblem(
                "host",
                _("editing on GitHub needs 'login_service: …', the address of a login service"),
            )
        if self.host != GitHost.GITHUB and self.app_id is None:
            raise FieldProblem(
                "host", _("editing on {host} needs 'app_id: …'", host=self.host.german)
            )
        if self.host == GitHost.GITEA and self.address is None:
            raise FieldProblem("host", _("editing on Gitea or Forgejo needs its 'address: …'"))
        return self

    @property
    def origin(self) -> str:
        """The address of the git host's web pages."""
        defaults = {GitHost.GITHUB: "https://github.com", GitHost.GITLAB: "https://gitlab.com"}
        return (self.address or defaults.get(self.host, "")).rstrip("/")


class DataLicence(Choice):
    """Licences for open data that German public bodies use, and that a portal can rely on."""

    DL_DE_BY = "dl-de/by-2-0", "Datenlizenz Deutschland – Namensnennung – Version 2.0"
    DL_DE_ZERO = "dl-de/zero-2-0", "Datenlizenz Deutschland – Zero – Version 2.0"
    CC_BY = "cc-by-4.0", "Creative Commons Namensnennung 4.0 International"
    CC_ZERO = "cc0-1.0", "Creative Commons Zero 1.0 Universell"

    @property
    def url(self) -> str:
        """The licence's text."""
        return _LICENCE_TEXTS[self]


_LICENCE_TEXTS = {
    DataLicence.DL_DE_BY: "https://www.govdata.de/dl-de/by-2-0",
    DataLicence.DL_DE_ZERO: "https://www.govdata.de/dl-de/zero-2-0",
    DataLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    DataLicence.CC_ZERO: "https://creativecommons.org/publicdomain/zero/1.0/",
}


def _check_source(value: str) -> str:
    """A source is a web address (https://…) or a path, relative to the content folder."""
    if "://" in value:
        return check_url(value)
    if value.startswith("/") or "\\" in value:
        raise ValueError(
            _(
                "'{value}' is neither a web address (https://…) nor a path relative to the "
                "content folder (../ilmenau/build/daten/buendnisse.json)",
                value=value,
            )
        )
    return value


Source = Annotated[Text, AfterValidator(_check_source)]


class Federation(Record):
    """Other sites whose alliances a portal shows: their open data, fetched at each build."""

    sources: tuple[Source, ...] = Field(
        description=N_(
            "Addresses of other sites' open data (https://…/daten/buendnisse.json), "
            "or paths relative to the content folder"
        ),
        examples=[["https://www.buendnis-musterstadt.de/daten/buendnisse.json"]],
    )
    timeout: float = Field(
        10, gt=0, le=120, description=N_("Seconds a source may take before its last copy is used")
    )


class Settings(Tracked, Record):
    """The whole site's settings (site.yaml)."""

    title: Text = Field(
        description=N_("Name of the site"), examples=["Lokales Bündnis für Familie Musterstadt"]
    )
    description: Text | None = Field(
        None, description=N_("One sentence about the site, for search engines and previews")
    )
    language: Language = Field("de", description=N_("Language of the content"), examples=["de"])
    languages: tuple[Language, ...] = Field(
        (),
        description=N_(
            "Further languages the site is published in, each under its code (/en/, /ar/): "
            "what has no translation shows in the main language, marked"
        ),
        examples=[["en", "ar"]],
    )
    time_zone: TimeZone = Field(
        "Europe/Berlin", description=N_("Time zone of event times"), examples=["Europe/Berlin"]
    )
    base_url: BaseUrl | None = Field(
        None,
        description=N_(
            "Address the site is published at; feeds, calendars and the sitemap need it. "
            "Publishing through GitHub or GitLab sets the right one itself (--base-url)"
        ),
        examples=["https://www.buendnis-musterstadt.de/"],
    )
    theme: Text = Field("default", description=N_("Name of the theme"), examples=["default"])
    ministry: Text | None = Field(None, description=N_("Current name of the federal ministry"))
    allow_raw_html: bool = Field(
        False,
        description=N_(
            "HTML in texts: true lets Markdown contain raw HTML; otherwise it is shown as text"
        ),
        examples=[False],
    )
    operator: Operator | None = Field(
        None, description=N_("Who publishes the site – the imprint needs these facts")
    )
    privacy: Privacy | None = Field(None, description=N_("Facts for the privacy statement"))
    accessibility: Accessibility | None = Field(
        None, description=N_("Facts for the accessibility statement")
    )
    editing: Editing | None = Field(
        None,
        description=N_(
            "Editing the published site in the browser at /admin/: where its repository lies"
        ),
    )
    data_licence: DataLicence | None = Field(
        None,
        description=N_(
            "Licence of the open data (daten/buendnisse.json): dl-de/by-2-0, dl-de/zero-2-0, "
            "cc-by-4.0 or cc0-1.0"
        ),
        examples=["dl-de/by-2-0"],
    )
    federation: Federation | None = Field(
        None, description=N_("A portal: other sites whose alliances it shows, by their open data")
    )

    @model_validator(mode="after")
    def _distinct_languages(self) -> Self:
        seen = {self.language.lower()}
        for code in self.languages:
            if code.lower() in seen:
                raise FieldProblem(
                    "languages",
                    _("'{code}' is listed twice, or is the site's own language", code=code),
                )
            seen.add(code.lower())
        return self
