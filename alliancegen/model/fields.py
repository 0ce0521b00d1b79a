"""Reusable field types: text, slugs, links, contact data, places, images, files and videos."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache
from typing import Annotated
from typing import Self
from urllib.parse import SplitResult
from urllib.parse import urlsplit

from anyascii import anyascii
from pydantic import AfterValidator
from pydantic import BaseModel
from pydantic import BeforeValidator
from pydantic import ConfigDict
from pydantic import Field
from pydantic import PlainValidator
from pydantic import StringConstraints
from pydantic import ValidationInfo
from pydantic import WithJsonSchema
from pydantic import field_validator

from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.media import RASTER
from alliancegen.model.markup import markdown_findings
from alliancegen.model.moment import Moment
from alliancegen.model.moment import moment_schema
from alliancegen.model.moment import parse_moment
from alliancegen.video import FORMATS as VIDEO_FORMATS

_UMLAUTS_AS_E = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_UMLAUTS_AS_VOWEL = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})


def spellings(word: str) -> frozenset[str]:
    """The forms a word may take as writers vary it: case, umlauts written as 'ae' or 'a',
    'ß' as 'ss', spaces, hyphens or underscores between its parts ('In-Arbeit', 'Thueringen')."""
    folded = " ".join(re.split(r"[\s_-]+", unicodedata.normalize("NFC", word).casefold())).strip()
    return frozenset({folded.translate(_UMLAUTS_AS_E), folded.translate(_UMLAUTS_AS_VOWEL)})


class Choice(StrEnum):
    """A fixed value: stored and shown to templates in English, written in content in English
    or as its German word (``german``, as docs/content.md prints it), in any spelling.

    Members are declared as ``PERMANENT = "permanent", "dauerhaft"``; without a German word,
    the value is German already (``BAYERN = "Bayern"``).
    """

    german: str

    def __new__(cls, value: str, german: str | None = None) -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.german = german or value
        return member

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        written = spellings(value) if isinstance(value, str) else frozenset()
        return next((member for member in cls if written & member.spellings), None)

    @property
    def spellings(self) -> frozenset[str]:
        """The forms of the English value and of the German word (``spellings``)."""
        return spellings(self.value) | spellings(self.german)

    @classmethod
    def listing(cls) -> str:
        """Every value with its German word, as hints and notes name them: 'meeting
        (Bündnistreffen), other (Sonstiges)', or 'Bayern' where the value is German."""
        return ", ".join(m.value if m.german == m.value else f"{m.value} ({m.german})" for m in cls)


class Record(BaseModel):
    """A mapping in the content: frozen, and every key it does not know is an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class FieldProblem(ValueError):
    """What a record's validator finds wrong when it compares fields: the message, and the
    field to blame, so that the problem points at that field's line rather than the record's."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_BLANK_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f-\x9f]")
_GERMAN_LETTERS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slugify(text: str) -> str:
    """Turn a name into a URL slug the German way: 'Försterei Süd' -> 'foersterei-sued'.

    Other scripts and signs are written in Latin letters: 'Иван Петров' -> 'ivan-petrov',
    '张伟' -> 'zhangwei', '€' -> 'eur'. A name of punctuation alone gives no slug: ''.
    """
    text = unicodedata.normalize("NFC", text).lower().translate(_GERMAN_LETTERS)
    return "-".join(re.findall(r"[a-z0-9]+", anyascii(text).lower()))


_NOT_A_LETTER = re.compile(r"[\W_]+")


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> tuple[str, str]:
    """Sort names and titles as a German index does (DIN 5007-1), for every sorted list.

    Letters are compared without case and accents ('Ärzte' with 'Arzte', 'ß' as 'ss'), and
    punctuation and spaces only separate words: „Kita Sonnenschein“ sorts under K, '(Neu)
    Familientag' under N. Names that differ only there keep an order among themselves.
    """
    letters = "".join(
        character
        for character in unicodedata.normalize("NFKD", name.casefold())
        if not unicodedata.combining(character)
    )
    return " ".join(_NOT_A_LETTER.sub(" ", letters).split()), name


MAX_SLUG = 100
"""Longer slugs make file names that some file systems refuse."""


def is_slug(text: str) -> bool:
    """Tell whether ``text`` can stand in a URL as it is."""
    return len(text) <= MAX_SLUG and _SLUG.fullmatch(text) is not None


def _check_slug(value: str) -> str:
    if not is_slug(value):
        suggestion = slugify(value)[:MAX_SLUG].strip("-")
        if suggestion:
            raise ValueError(
                _(
                    "'{value}' is not a slug: use up to {most} lowercase letters, digits and "
                    "hyphens, e.g. '{suggestion}'",
                    value=value,
                    most=MAX_SLUG,
                    suggestion=suggestion,
                )
            )
        raise ValueError(
            _(
                "'{value}' is not a slug: use up to {most} lowercase letters, digits and hyphens",
                value=value,
                most=MAX_SLUG,
            )
        )
    return value


def check_url(value: str) -> str:
    """Accept only web addresses (http and https); raise ValueError otherwise."""
    if _web_address(value) is None:
        raise ValueError(
            _("'{value}' is not a web address: write it as https://example.org/…", value=value)
        )
    return value


def check_base_url(value: str) -> str:
    """Accept the address a site is published at: a web address and a folder on its host.

    A query, a fragment or a user name would end up in every link, feed and calendar.
    """
    parts = _web_address(value)
    if parts is None:
        raise ValueError(
            _(
                "'{value}' is not a web address: write it as https://example.org/ "
                "or https://example.org/buendnis/",
                value=value,
            )
        )
    if "?" in value or "#" in value or "@" in parts.netloc:
        raise ValueError(
            _(
                "'{value}' cannot be the site's address: leave out '?…', '#…' and 'name@'; "
                "write it as https://example.org/ or https://example.org/buendnis/",
                value=value,
            )
        )
    return value


def _web_address(value: str) -> SplitResult | None:
    """The parts of an http or https address with a host and no white space or control
    characters (which browsers drop, and which would start a new line in robots.txt); None
    for anything else."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (reading the port checks it: 'example.org:99999' raises)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or _BLANK_OR_CONTROL.search(value)
    ):
        return None
    return parts


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+?[0-9][0-9 /()\-]{3,}[0-9]")
_POSTAL_CODE = re.compile(r"[0-9]{5}")
_AGS = re.compile(r"[0-9]{5}(?:[0-9]{3})?")
"""The official key of a municipality (Amtlicher Gemeindeschlüssel, 8 digits) or of a
district (Kreisschlüssel, its first 5)."""
_WEB = re.compile(r"[hH][tT][tT][pP][sS]?://[^\s/?#]+.*")
"""The start of what ``_web_address`` accepts, for editors: the full check is urlsplit's."""


def _check_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(
            _("'{value}' is not an e-mail address: write it as name@example.org", value=value)
        )
    return value


def _check_phone(value: str) -> str:
    if not _PHONE.fullmatch(value):
        raise ValueError(
            _(
                "'{value}' is not a phone number: write digits, spaces and '/', e.g. 03677 600347",
                value=value,
            )
        )
    return value


def _check_postal_code(value: str) -> str:
    if not _POSTAL_CODE.fullmatch(value):
        raise ValueError(
            _("'{value}' is not a German postal code: write five digits, e.g. 52134", value=value)
        )
    return value


def _check_ags(value: str) -> str:
    if not _AGS.fullmatch(value):
        raise ValueError(
            _(
                "'{value}' is no official municipality key (AGS): write its 8 digits, "
                "e.g. 16070029, or the 5 of a district",
                value=value,
            )
        )
    return value


def _check_relative_path(value: str) -> str:
    parts = value.split("/")
    if value.startswith("/") or "\\" in value or ":" in value or ".." in parts or "" in parts:
        raise ValueError(
            _(
                "'{value}' is not a file path inside the content folder: "
                "write it relative to the alliance's folder, with '/', e.g. media/photo.jpg",
                value=value,
            )
        )
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Plain text on one or several lines; never empty."""


def _check_markdown(value: str) -> str:
    found = markdown_findings(value)
    if found:
        line, _column, problem, hint = found[0]
        if "\n" in value.strip():
            raise ValueError(
                _(
                    "{problem} (line {line} of the text); {hint}",
                    problem=problem,
                    line=line + 1,
                    hint=hint,
                )
            )
        raise ValueError(_("{problem}; {hint}", problem=problem, hint=hint))
    return value


Markdown = Annotated[
    str,
    StringConstraints(min_length=1),
    AfterValidator(_check_markdown),
    Field(json_schema_extra={"contentMediaType": "text/markdown"}),
]
"""Text formatted with Markdown; links and attribute lists may not run scripts."""

Slug = Annotated[
    str,
    AfterValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": f"^{_SLUG.pattern}$", "maxLength": MAX_SLUG}),
]
"""A name in URLs and references: lowercase letters, digits and hyphens."""


def _matching(pattern: re.Pattern[str], *types: str) -> WithJsonSchema:
    """The JSON Schema of text that ``pattern`` matches as a whole; numbers of ``types``
    pass as they are (an unquoted 52134 is text to alliancegen, a number to editors)."""
    return WithJsonSchema({"type": ["string", *types], "pattern": f"^(?:{pattern.pattern})$"})


Url = Annotated[Text, AfterValidator(check_url), _matching(_WEB)]
BaseUrl = Annotated[Text, AfterValidator(check_base_url), _matching(_WEB)]
Email = Annotated[Text, AfterValidator(_check_email), _matching(_EMAIL)]
Phone = Annotated[Text, AfterValidator(_check_phone), _matching(_PHONE, "integer")]
PostalCode = Annotated[Text, AfterValidator(_check_postal_code), _matching(_POSTAL_CODE, "integer")]
Ags = Annotated[Text, AfterValidator(_check_ags), _matching(_AGS, "integer")]
FilePath = Annotated[Text, AfterValidator(_check_relative_path)]
When = Annotated[Moment, PlainValidator(parse_moment), WithJsonSchema(moment_schema())]
"""A date, a date with time, only a month or a year, or 'unknown'."""

_AMOUNT = re.compile(
    r"(?P<euros>\d{1,6})(?:[.,](?P<cents>\d{1,2}))?\s*(?:€|EUR|Euro)?", re.IGNORECASE
)


def _parse_price(value: object) -> float | str:
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    if not text:
        raise ValueError(_("expected a price: an amount in euros (5, 2,50) or a text as written"))
    amount = _AMOUNT.fullmatch(text)
    if amount is None:
        return text
    return int(amount["euros"]) + int((amount["cents"] or "0").ljust(2, "0")) / 100


Price = Annotated[
    float | str,
    PlainValidator(_parse_price),
    WithJsonSchema({"type": ["number", "string"], "minLength": 1}),
]
"""An amount in euros ('5', '2,50 €' -> 2.5), or a text as written ('5 €, Kinder frei')."""


class Link(Record):
    """A link to another website."""

    title: Text = Field(description=N_("The text of the link"))
    url: Url = Field(description=N_("The address, starting with https:// or http://"))


class Place(Record):
    """A named place or postal address."""

    name: Text | None = Field(
        None, description=N_("Name of the place or building, e.g. 'Alte Försterei'")
    )
    street: Text | None = Field(
        None, description=N_("Street and number"), examples=["Marktplatz 1"]
    )
    postal_code: PostalCode | None = Field(
        None, description=N_("Five-digit postal code"), examples=["12345"]
    )
    locality: Text | None = Field(None, description=N_("Town or city"), examples=["Musterstadt"])


class Image(Record):
    """A picture with the text that replaces it for blind readers and its author's credit."""

    file: FilePath | None = Field(
        None, description=N_("The image file, e.g. media/photo.jpg; omit while it is not in git")
    )
    decorative: bool = Field(
        False, description=N_("Decoration only: true if the image carries no information")
    )
    alt: Text | None = Field(
        None,
        validate_default=True,
        description=N_("What the image shows, for people who cannot see it"),
    )
    credit: Text = Field(description=N_("Who made the image, as it must be credited"))
    caption: Text | None = Field(None, description=N_("A caption shown below the image"))
    license: Text | None = Field(None, description=N_("Licence or rights note"))

    @field_validator("alt")
    @classmethod
    def _needs_alt(cls, alt: str | None, info: ValidationInfo) -> str | None:
        if alt is None and not info.data.get("decorative"):
            raise ValueError(_("an image needs 'alt' text (or 'decorative: true')"))
        return alt


class Logo(Record):
    """An organisation's logo; it identifies its owner, so it needs no credit."""

    file: FilePath | None = Field(
        None, description=N_("The logo file, e.g. media/logo.png; omit while it is not in git")
    )
    alt: Text = Field(description=N_("Text that replaces the logo, e.g. 'Logo of …'"))


class Attachment(Record):
    """A downloadable file such as a press release or a founding declaration."""

    title: Text = Field(description=N_("What the file is"))
    file: FilePath | None = Field(
        None, description=N_("The file, e.g. media/flyer.pdf; omit while it is not in git")
    )


def _media_file(kinds: dict[str, str], message: str) -> AfterValidator:
    """A check that a file path ends in one of the extensions of ``kinds``; ``message`` (to
    translate, with {value} and {extensions}) says what else to write."""

    def check(value: str) -> str:
        if value.rpartition(".")[2].lower() not in kinds:
            extensions = ", ".join(f".{extension}" for extension in kinds)
            raise ValueError(_(message, value=value, extensions=extensions))
        return value

    return AfterValidator(check)


def _own_file(value: object) -> object:
    """A web address where a file of the site is wanted: the site publishes its own video
    (a video from another host would tell it who watches)."""
    if isinstance(value, str) and _WEB.match(value.strip()):
        raise ValueError(
            _(
                "'{value}' is an address on the web; a sign-language video is published "
                "from the site itself: put the file into media/ and write its path, "
                "e.g. media/gebaerdensprache.mp4",
                value=value.strip(),
            )
        )
    return value


VideoFile = Annotated[
    FilePath,
    BeforeValidator(_own_file),
    _media_file(
        VIDEO_FORMATS,
        N_(
            "'{value}' is not a video browsers play: use an MP4 (H.264) or WebM file ({extensions})"
        ),
    ),
]
PosterFile = Annotated[
    FilePath,
    _media_file(RASTER, N_("'{value}' is not an image: use a photo or picture ({extensions})")),
]
CaptionsFile = Annotated[
    FilePath,
    _media_file(
        {"vtt": "WebVTT"}, N_("'{value}' is not a captions file: use WebVTT ({extensions})")
    ),
]


class SignVideo(Record):
    """A video in German Sign Language (DGS), published from the site itself with a still
    image, German captions and a download link (BITV 2.0 § 4 and Anlage 2)."""

    title: Text = Field(
        description=N_("What the video explains, e.g. 'Diese Seite in Gebärdensprache'")
    )
    file: VideoFile = Field(
        description=N_("The video, MP4 (H.264) or WebM, e.g. media/gebaerdensprache.mp4")
    )
    poster: PosterFile = Field(
        description=N_("A still image shown until the video plays, e.g. media/gebaerdensprache.jpg")
    )
    captions: CaptionsFile = Field(
        description=N_(
            "German captions of what is signed, a WebVTT file, e.g. media/gebaerdensprache.vtt"
        )
    )
    transcript: Markdown | None = Field(None, description=N_("What the video says, as text"))

    def named_files(self) -> tuple[tuple[str, str], ...]:
        """(field, file) of each file the video needs."""
        return (("file", self.file), ("poster", self.poster), ("captions", self.captions))
