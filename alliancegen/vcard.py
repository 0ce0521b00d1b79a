"""vCards (RFC 2426, vCard 3.0) for the people an alliance publishes contact data of.

Version 3.0 rather than 4.0 (RFC 6350): the address books people import into (Outlook,
older Android and iOS versions) all read 3.0, and the properties written here mean the same
in both versions. 3.0 asks for N, the name in parts; it is read from the full name as
written: leading words that end in '.' are titles ('Dr.'), the last word the family name.
"""

from __future__ import annotations

from alliancegen.config import Config
from alliancegen.filters import phone_uri
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Person
from alliancegen.model.fields import Place
from alliancegen.routes import section_url

LINE_OCTETS = 75
"""Lines longer than this many octets are folded (RFC 2426 section 2.6, RFC 2425 5.8.1)."""


def escape(text: str) -> str:
    """A text value with '\\', ',', ';' and line breaks escaped: none can end the value."""
    text = text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets, never inside a character."""
    lines: list[str] = []
    current, size = "", 0
    for character in line:
        octets = len(character.encode("utf-8"))
        if size + octets > LINE_OCTETS:
            lines.append(current)
            current, size = " ", 1  # a continuation line starts with one space
        current += character
        size += octets
    return "\r\n".join([*lines, current]) + "\r\n"


def name_parts(name: str) -> tuple[str, str, str]:
    """(family name, given names, titles) of a full name: 'Dr. Daniel Schultheiß' ->
    ('Schultheiß', 'Daniel', 'Dr.')."""
    words = name.split()
    titles = []
    while len(words) > 1 and words[0].endswith("."):
        titles.append(words.pop(0))
    return words[-1], " ".join(words[:-1]), " ".join(titles)


def _address(place: Place) -> str:
    parts = ("", place.name, place.street, place.locality, "", place.postal_code, "Deutschland")
    return ";".join(escape(part or "") for part in parts)


def _international(phone: str) -> str:
    """A number as dialled from anywhere: '03677 600347' -> '+493677600347'."""
    return phone_uri(phone).removeprefix("tel:")


def render_vcard(person: Person, alliance: Alliance, config: Config) -> str:
    """The vCard of ``person``, a contact of ``alliance``, with CRLF line ends."""
    family, given, titles = name_parts(person.name)
    properties = [
        ("BEGIN", "VCARD"),
        ("VERSION", "3.0"),
        ("FN", escape(person.name)),
        ("N", ";".join(escape(part) for part in (family, given, "", titles, ""))),
        ("ORG", escape(person.organisation) if person.organisation else None),
        ("TITLE", escape(person.role) if person.role else None),
        ("TEL;TYPE=WORK,VOICE", _international(person.phone) if person.phone else None),
        ("EMAIL;TYPE=INTERNET", escape(person.email) if person.email else None),
        ("ADR;TYPE=WORK", _address(person.address) if person.address else None),
        ("NOTE", escape(f"Sprechzeiten: {person.office_hours}") if person.office_hours else None),
        ("URL", config.base_url + section_url(alliance.slug, "join")),
        ("END", "VCARD"),
    ]
    return "".join(fold(f"{name}:{value}") for name, value in properties if value is not None)
