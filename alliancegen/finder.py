"""The portal's finder: every alliance it lists, its own and those it gathered from other
sites (alliancegen.federation), with the postal codes of the area each works in.

The page lists them by federal state and town without JavaScript; its script
(themes/default/static/js/finder.js) searches the index written here by postal code or town.
An alliance's postal codes are those it states (and those of its addresses), and those of its
town in the table of German postal codes shipped in ``data/`` (ODbL 1.0, see its LICENSE): a
town named as the table names it, in the same state.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from alliancegen.model.entities import Alliance
from alliancegen.model.entities import State
from alliancegen.model.fields import name_key
from alliancegen.model.opendata import Export
from alliancegen.model.opendata import OpenAlliance
from alliancegen.model.opendata import Publisher

POSTAL_CODES = Path(__file__).parent / "data" / "postal-codes-de.tsv"
"""Code, locality and state key (as ``State.key``) of every German postal code, a line each."""
_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NOT_A_LETTER = re.compile(r"[^\w]+|_")
_INERT = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
"""Markup signs as JSON escapes them too: the index reads the same, and no text of another
site stands in it as markup, should anything ever take the file for HTML."""


@dataclass(frozen=True)
class Listing:
    """An alliance as the finder lists it."""

    name: str
    town: str
    state: str
    link: str
    """The site's own: its path on the site ('ilmenau/'); a gathered one: its own address."""
    publisher: str | None
    """The title of the site a gathered alliance is published on; None for the site's own."""
    codes: tuple[str, ...]
    fields: tuple[tuple[str, str], ...]
    """Its nationwide fields of action: (slug, link to its work in the field)."""


def in_order(found: Iterable[Listing]) -> tuple[Listing, ...]:
    """``found`` ordered by state, town and name as a German index orders them: the site's
    own alliances and gathered ones mixed."""
    return tuple(
        sorted(found, key=lambda one: (name_key(one.state), name_key(one.town), name_key(one.name)))
    )


def by_state(found: Iterable[Listing]) -> list[tuple[str, list[Listing]]]:
    """``found`` (as ``in_order`` orders them) grouped by federal state."""
    states: dict[str, list[Listing]] = {}
    for listing in found:
        states.setdefault(listing.state, []).append(listing)
    return list(states.items())


def active_in(found: Iterable[Listing], national: str) -> list[tuple[Listing, str]]:
    """The alliances with a field of action in the nationwide field ``national``, each with
    the link to its work in it."""
    return [
        (listing, link) for listing in found for slug, link in listing.fields if slug == national
    ]


def finder_index(found: Iterable[Listing]) -> str:
    """The finder's index as JSON text: name, town, state, link, publisher (gathered ones
    only) and postal codes of each alliance, in the order of the list."""
    entries = [
        {
            "name": listing.name,
            "town": listing.town,
            "state": listing.state,
            "link": listing.link,
            **({"site": listing.publisher} if listing.publisher else {}),
            "codes": " ".join(listing.codes),
        }
        for listing in found
    ]
    text = json.dumps({"alliances": entries}, ensure_ascii=False, separators=(",", ":"))
    return text.translate(_INERT) + "\n"


def own(alliance: Alliance, link: str, goals: str) -> Listing:
    """One of the site's own alliances, with the paths of its page and of its fields of action."""
    return Listing(
        name=alliance.name,
        town=alliance.town,
        state=str(alliance.state),
        link=link,
        publisher=None,
        codes=postal_codes(alliance.town, alliance.state, stated_codes(alliance)),
        fields=_fields(
            (field.national, goals) for field in alliance.fields_of_action if field.national
        ),
    )


def gathered(exports: Iterable[Export]) -> Iterator[Listing]:
    """The alliances of other sites' exports, linked to their own pages there."""
    for export in exports:
        for alliance in export.alliances:
            yield _gathered(alliance, export.publisher)


def _gathered(alliance: OpenAlliance, publisher: Publisher) -> Listing:
    link = str(alliance.url)
    return Listing(
        name=alliance.name,
        town=alliance.town,
        state=str(alliance.state),
        link=link,
        publisher=publisher.title,
        codes=postal_codes(alliance.town, alliance.state, alliance.postal_codes),
        fields=_fields(
            (field.national, str(field.url or link))
            for field in alliance.fields_of_action
            if field.national
        ),
    )


def _fields(fields: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Each nationwide field once, with the first link to it."""
    first: dict[str, str] = {}
    for slug, link in fields:
        first.setdefault(slug, link)
    return tuple(first.items())


def stated_codes(alliance: Alliance) -> list[str]:
    """The postal codes the alliance states, and those of its own addresses."""
    places = [alliance.address, *(office.address for office in alliance.offices)]
    return [*alliance.postal_codes, *(p.postal_code for p in places if p and p.postal_code)]


def postal_codes(town: str, state: State, stated: Iterable[str]) -> tuple[str, ...]:
    """The codes an alliance states and those of its town in its state, each once, sorted."""
    return tuple(sorted({*stated, *_towns().get((town_key(town), state.key), ())}))


def town_key(town: str) -> str:
    """A town's name as the finder compares it: lowercase, umlauts spelled out ('ä' as 'ae',
    'ß' as 'ss'), without accents, punctuation only separating words."""
    spelled = unicodedata.normalize("NFC", town).casefold().translate(_SPELLED_OUT)
    letters = "".join(
        character
        for character in unicodedata.normalize("NFKD", spelled)
        if not unicodedata.combining(character)
    )
    return " ".join(_NOT_A_LETTER.sub(" ", letters).split())


@cache
def _towns() -> dict[tuple[str, str], tuple[str, ...]]:
    """The table's postal codes by town (as ``town_key`` gives it) and state key."""
    towns: dict[tuple[str, str], list[str]] = {}
    for line in POSTAL_CODES.read_text(encoding="utf-8").splitlines():
        code, town, state = line.split("\t")
        towns.setdefault((town_key(town), state), []).append(code)
    return {key: tuple(codes) for key, codes in towns.items()}
