"""A federated portal: many sites' open data, served by a local web server, gathered by a portal.

    python bench/federation.py [--sources 500] [--seed 1] [--timeout 2] [--workdir DIR]
    python -m bench.federation --sources 500

Generates the open data of ``--sources`` sites (each one site of one to four alliances, made
through the models of alliancegen.model.opendata, so valid by construction; the same seed and
day give the same documents), and serves them from a web server on 127.0.0.1 (tests/sources.py)
beside seven sources that misbehave: a slow one, a broken one (invalid JSON), one that fails
(500), three hostile ones (markup in every text; javascript: links; a body over the size limit)
and one redirected to another host. The portal is built with the CLI, each build in a process
of its own: without sources (the baseline), then with them cold (an empty cache), warm (every
source asked again, conditionally), offline (from the cache), and after ten sources changed.
Prints each build's time, peak memory, the server's answers and the warnings, which build warned
about which misbehaving source, and whether any hostile markup reached the output. Nothing goes
to the internet.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import re
import statistics
import sys
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH), str(BENCH.parent)]  # as a script or as bench.federation

import yaml  # noqa: E402
from generate import WORDS  # noqa: E402
from generate import sentence  # noqa: E402
from run import filesystem  # noqa: E402
from run import remove  # noqa: E402
from run import run_logged  # noqa: E402
from run import table  # noqa: E402
from run import workspace  # noqa: E402

import alliancegen  # noqa: E402
from alliancegen.model.entities import AllianceStatus  # noqa: E402
from alliancegen.model.entities import EventKind  # noqa: E402
from alliancegen.model.entities import PartnerCategory  # noqa: E402
from alliancegen.model.entities import ProjectStatus  # noqa: E402
from alliancegen.model.entities import State  # noqa: E402
from alliancegen.model.fields import Place  # noqa: E402
from alliancegen.model.opendata import FORMAT  # noqa: E402
from alliancegen.model.opendata import VERSION  # noqa: E402
from alliancegen.model.opendata import Contact  # noqa: E402
from alliancegen.model.opendata import ContactPerson  # noqa: E402
from alliancegen.model.opendata import Event  # noqa: E402
from alliancegen.model.opendata import Export  # noqa: E402
from alliancegen.model.opendata import Feeds  # noqa: E402
from alliancegen.model.opendata import FieldOfAction  # noqa: E402
from alliancegen.model.opendata import Licence  # noqa: E402
from alliancegen.model.opendata import NewsItem  # noqa: E402
from alliancegen.model.opendata import OpenAlliance  # noqa: E402
from alliancegen.model.opendata import Partner  # noqa: E402
from alliancegen.model.opendata import Partners  # noqa: E402
from alliancegen.model.opendata import Project  # noqa: E402
from alliancegen.model.opendata import Publisher  # noqa: E402
from alliancegen.model.settings import DataLicence  # noqa: E402
from alliancegen.routes import section_url  # noqa: E402
from tests.sources import Document  # noqa: E402
from tests.sources import Server  # noqa: E402
from tests.sources import serving  # noqa: E402

CHANGED = 10
"""How many sources change before the last build."""
HUGE = 24 * 1024 * 1024
"""Bytes of the hostile source's body that exceeds the size limit."""
NATIONAL = (
    "vereinbarkeit",
    "kinderbetreuung",
    "beratungsangebote",
    "kommunale-familienzeitpolitik",
    "erziehungsverantwortung",
    "lebensumfeld",
    "freiwilligenarbeit",
    "gesundheit-und-pflege",
)
"""The slugs of the nationwide fields of action, as content/fields-of-action.yaml has them."""
POSTAL_AREAS = {
    State.BADEN_WUERTTEMBERG: (68, 69, 70, 71, 72, 73, 74, 75, 77, 78, 79, 88, 89),
    State.BAYERN: (63, 80, 81, 82, 83, 84, 85, 86, 87, 90, 91, 92, 93, 94, 95, 96, 97),
    State.BERLIN: (10, 12, 13, 14),
    State.BRANDENBURG: (3, 14, 15, 16, 19),
    State.BREMEN: (27, 28),
    State.HAMBURG: (20, 21, 22),
    State.HESSEN: (34, 35, 36, 60, 61, 63, 64, 65),
    State.MECKLENBURG_VORPOMMERN: (17, 18, 19, 23),
    State.NIEDERSACHSEN: (21, 26, 27, 29, 30, 31, 37, 38, 49),
    State.NORDRHEIN_WESTFALEN: (32, 33, 40, 41, 42, 44, 45, 46, 47, 48, 50, 51, 52, 53, 57, 58),
    State.RHEINLAND_PFALZ: (54, 55, 56, 57, 66, 67, 76),
    State.SAARLAND: (66,),
    State.SACHSEN: (1, 2, 4, 8, 9),
    State.SACHSEN_ANHALT: (6, 29, 38, 39),
    State.SCHLESWIG_HOLSTEIN: (22, 23, 24, 25),
    State.THUERINGEN: (4, 6, 7, 36, 37, 96, 98, 99),
}
"""The first two digits of postal codes in each state (roughly)."""
STATE_WEIGHTS = {
    State.BADEN_WUERTTEMBERG: 12,
    State.BAYERN: 16,
    State.BERLIN: 2,
    State.BRANDENBURG: 4,
    State.BREMEN: 1,
    State.HAMBURG: 1,
    State.HESSEN: 8,
    State.MECKLENBURG_VORPOMMERN: 3,
    State.NIEDERSACHSEN: 10,
    State.NORDRHEIN_WESTFALEN: 14,
    State.RHEINLAND_PFALZ: 6,
    State.SAARLAND: 1,
    State.SACHSEN: 6,
    State.SACHSEN_ANHALT: 4,
    State.SCHLESWIG_HOLSTEIN: 5,
    State.THUERINGEN: 6,
}
"""How often a site lies in each state (roughly as alliances are spread)."""
CITY_STATES = (State.BERLIN, State.BREMEN, State.HAMBURG)
FIELDS = (
    "Kinderbetreuung in den Ferien",
    "Familienfreundliche Arbeitgeber",
    "Beratung für Alleinerziehende",
    "Pflege und Beruf",
    "Angebote für Jugendliche",
    "Willkommen für Neugeborene",
    "Familienzeit im Quartier",
    "Elternbildung",
    "Freizeit für Familien",
    "Familienpass",
    "Generationen gemeinsam",
    "Familien mit Einwanderungsgeschichte",
)
"""The titles of an alliance's own fields of action."""
PREFIXES = ("", "", "", "Bad ", "Neu", "Ober", "Unter", "Alt", "Groß", "Klein", "Sankt ")
STEMS = "Lieb Rosen Eich Wald Mühl Stein Linden Birken Hasel Sonnen Kirch Frieden Bäh Dürr Wöll"
SUFFIXES = ("hausen", "berg", "feld", "dorf", "stadt", "heim", "bach", "burg", "au", "rode")
FIRST_NAMES = "Anna Jonas Leonie Mehmet Sophie Lukas Fatma Jana Olga Paul Emine Heike Jürgen"
LAST_NAMES = "Müller Schmidt Yılmaz Weber Hoffmann Nowak Becker Schäfer Krüger Öztürk Wagner"
STREETS = ("Marktplatz", "Rathausstraße", "Bahnhofstraße", "Schulweg", "Am Anger", "Lindenallee")
HOSTILE = (
    '<script>alert("Bündnis")</script>',
    '<img src=x onerror="alert(1)">',
    "[Anmelden](javascript:alert(2))",
    '"><svg onload=alert(3)>',
    "</textarea><script src=//böse.example/x.js></script>",
    "javascript:alert(4)",
)
"""Markup and script a hostile source puts into every text: it must reach no page unescaped."""
RAW = re.compile(rb"<script>alert|<img src=x onerror|<svg onload|<script src=//b")
"""The hostile markup as it would stand in a page that failed to escape it."""
LINKED = re.compile(rb"https://[a-z0-9-]+\.example/[a-z0-9-]+/")
"""The address of a federated alliance's page, as the portal links it."""
TEXTS = frozenset(
    {"name", "title", "summary", "town", "role", "organisation", "locality", "street"}
)
"""The keys of an export's texts, which a hostile source fills with markup."""
LINKS = frozenset({"url", "page", "website", "news", "calendar"})
"""The keys of an export's web addresses."""


@dataclass(frozen=True)
class Town:
    name: str
    state: State
    ags: str | None
    postal_codes: tuple[str, ...]


def folded(text: str) -> str:
    """``text`` as a slug: lowercase ASCII letters, digits and hyphens."""
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.lower().replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def town(rng: random.Random, state: State) -> Town:
    """A made-up town of ``state`` with an AGS of the state (mostly) and one to three postal
    codes of its area."""
    prefix = rng.choice(PREFIXES)
    stem = rng.choice(STEMS.split())
    name = prefix + (stem if prefix in ("", "Bad ", "Sankt ") else stem.lower())
    name += rng.choice(SUFFIXES)
    if state in CITY_STATES:
        name = f"{state.value}-{name}"
    area = rng.choice(POSTAL_AREAS[state]) * 1000 + rng.randrange(997)
    codes = tuple(f"{area + step:05d}" for step in range(rng.choice((1, 1, 2, 3))))
    ags = f"{state.key}{rng.randint(1, 99):03d}{rng.randint(1, 999):03d}"
    return Town(name, state, ags if rng.random() < 0.8 else None, codes)


def person(rng: random.Random, town: Town) -> ContactPerson:
    first, last = rng.choice(FIRST_NAMES.split()), rng.choice(LAST_NAMES.split())
    return ContactPerson(
        name=f"{first} {last}",
        role=rng.choice(("Koordination", "Familienbeauftragte", "Sprecher", None)),
        organisation=f"Stadtverwaltung {town.name}",
        phone=f"0{rng.randint(2000, 9999)} {rng.randint(10000, 999999)}",
    )


def day(today: date, days: int, hour: int | None = None) -> str:
    moment = (today + timedelta(days=days)).isoformat()
    return f"{moment}T{hour:02d}:00" if hour is not None else moment


def alliance(rng: random.Random, site: str, host: str, town: Town, today: date) -> OpenAlliance:
    """An alliance of ``town`` as its site ``site`` exports it on ``today``."""
    slug = folded(town.name)

    def address(section: str = "", item: str = "") -> str:
        return site + section_url(slug, section, item)

    fields = rng.sample(FIELDS, rng.randint(3, 6))
    listed = [
        Partner(
            name=f"{rng.choice(WORDS)} {town.name} {number}",
            category=rng.choice(list(PartnerCategory)).value,
            website=f"https://partner-{number}.{host}/" if rng.random() < 0.3 else None,
        )
        for number in range(1, rng.randint(5, 25) + 1)
    ]
    return OpenAlliance(
        id=slug,
        name=rng.choice(("Lokales Bündnis für Familie", "Bündnis für Familie", "Familienbündnis"))
        + f" {town.name}",
        url=address(),
        town=town.name,
        ags=town.ags,
        state=town.state,
        postal_codes=town.postal_codes,
        founded=f"{rng.randint(2004, 2022)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        status=AllianceStatus.ACTIVE.value,
        summary=sentence(rng, rng.randint(14, 28)),
        contact=Contact(
            phone=f"0{rng.randint(2000, 9999)} {rng.randint(10000, 999999)}",
            address=Place(
                street=f"{rng.choice(STREETS)} {rng.randint(1, 40)}",
                postal_code=town.postal_codes[0],
                locality=town.name,
            ),
            page=address("join"),
        ),
        people=tuple(person(rng, town) for _ in range(rng.randint(1, 3))),
        fields_of_action=tuple(
            FieldOfAction(
                title=title,
                national=rng.choice((*NATIONAL, None)),
                url=address("goals") + "#" + folded(title),
            )
            for title in fields
        ),
        partners=Partners(
            count=len(listed) + rng.choice((0, 0, 5, 20)),
            qualifier=rng.choice((None, "über")),
            as_of=day(today, -rng.randint(10, 400)),
            listed=tuple(listed),
        ),
        projects=tuple(
            Project(
                title=f"Projekt {sentence(rng, 3)[:-1]}",
                summary=sentence(rng, rng.randint(10, 20)),
                status=rng.choice(list(ProjectStatus)).value,
                url=address("projects", f"projekt-{number}"),
            )
            for number in range(1, rng.randint(2, 6) + 1)
        ),
        events=tuple(sorted(events(rng, town, address, today), key=lambda event: str(event.start))),
        news=tuple(
            NewsItem(
                title=sentence(rng, rng.randint(4, 9))[:-1],
                date=day(today, -7 * number - rng.randint(0, 6)),
                summary=sentence(rng, rng.randint(12, 24)),
                url=address("news", f"meldung-{number}"),
            )
            for number in range(10)
        ),
        feeds=Feeds(news=address("news") + "feed.xml", calendar=address("events") + "kalender.ics"),
    )


def events(
    rng: random.Random, town: Town, address: Callable[[str, str], str], today: date
) -> Iterator[Event]:
    """Five to twenty events still to come."""
    for number in range(1, rng.randint(5, 20) + 1):
        start = rng.randint(1, 240)
        hour = rng.choice((None, 10, 15, 18, 19))
        kind = rng.choice(list(EventKind))
        yield Event(
            title=f"{kind.german}: {sentence(rng, 3)[:-1]}",
            start=day(today, start, hour),
            end=day(today, start + rng.randint(1, 2)) if hour is None and number % 4 == 0 else None,
            place=Place(
                name=rng.choice(("Rathaus", "Familienzentrum", "Stadthalle")), locality=town.name
            ),
            kind=kind.value,
            status="scheduled",
            url=address("events", f"termin-{number}"),
        )


def site_export(rng: random.Random, number: int, today: date) -> Export:
    """The open data of site ``number``: mostly one alliance, sometimes a district's two to four,
    all of one state."""
    state = rng.choices(list(State), weights=[STATE_WEIGHTS[state] for state in State])[0]
    count = rng.choices((1, 2, 3, 4), weights=(80, 12, 5, 3))[0]
    towns: dict[str, Town] = {}
    while len(towns) < count:
        found = town(rng, state)
        towns.setdefault(folded(found.name), found)
    first = next(iter(towns.values()))
    host = f"familie-{folded(first.name)}-{number}.example"
    site = f"https://{host}/"
    licence = rng.choice(list(DataLicence))
    return Export(
        format=FORMAT,
        version=VERSION,
        publisher=Publisher(
            title=f"Lokale Bündnisse für Familie {first.name}"
            + (" und Umgebung" if count > 1 else ""),
            url=site,
            language="de",
        ),
        licence=Licence(id=licence.value, name=licence.german, url=licence.url),
        as_of=today,
        time_zone="Europe/Berlin",
        feeds=Feeds(
            news=site + "feed.xml", calendar=site + section_url(None, "events") + "kalender.ics"
        ),
        alliances=tuple(alliance(rng, site, host, found, today) for found in towns.values()),
    )


def as_json(data: object) -> bytes:
    """``data`` as a site publishes it (alliancegen.export.export_json)."""
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def dumped(export: Export) -> dict[str, Any]:
    return export.model_dump(mode="json", exclude_none=True)


def document(export: Export, modified: datetime) -> Document:
    return Document(as_json(dumped(export)), modified=modified)


def ordinary(count: int, seed: int, today: date) -> dict[str, Export]:
    """``count`` sites' exports by the path the server gives them."""
    rng = random.Random(seed)
    return {
        f"site-{number:04d}/daten/buendnisse.json": site_export(rng, number, today)
        for number in range(1, count + 1)
    }


def altered(data: Any, change: Callable[[str, str], str]) -> Any:
    """``data`` with every string under a key changed to ``change(key, string)``."""
    if isinstance(data, dict):
        return {
            key: change(key, value) if isinstance(value, str) else altered(value, change)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [altered(value, change) for value in data]
    return data


def hostile_texts(export: Export) -> bytes:
    """``export`` with markup and script in every text: still valid, as texts may hold anything."""
    counter = itertools.count()

    def change(key: str, value: str) -> str:
        return f"{value} {HOSTILE[next(counter) % len(HOSTILE)]}" if key in TEXTS else value

    return as_json(dumped(Export.model_validate(altered(dumped(export), change))))


def hostile_links(export: Export) -> bytes:
    """``export`` with javascript: and data: addresses for every link: invalid."""
    links = ("javascript:alert(document.cookie)", "data:text/html,<script>alert(1)</script>")
    counter = itertools.count()

    def change(key: str, value: str) -> str:
        return links[next(counter) % 2] if key in LINKS else value

    return as_json(altered(dumped(export), change))


def huge(export: Export) -> bytes:
    """``export`` with a summary that makes it larger than ``HUGE``: valid, but too large."""
    first = export.alliances[0].model_copy(update={"summary": "Familie " * (HUGE // 8)})
    return as_json(dumped(export.model_copy(update={"alliances": (first,)})))


@dataclass(frozen=True)
class Misbehaving:
    """A source that misbehaves: its path, how, and what it serves."""

    path: str
    what: str
    document: Document


def misbehaving(exports: dict[str, Export], server: Server, timeout: float) -> list[Misbehaving]:
    """The sources that test the portal's defences, each with an export of its own."""
    rng = random.Random(0)
    today, modified = next(iter(exports.values())).as_of, datetime(2026, 1, 1, tzinfo=UTC)
    export = site_export(rng, 0, today)
    body = document(export, modified).body
    redirected = server.at("localhost") + next(iter(exports))
    seconds = 2 * timeout
    return [
        Misbehaving(
            "langsam/daten/buendnisse.json",
            f"drips its {len(body) // 1000} kB over {seconds:g} s (timeout {timeout:g} s)",
            Document(body, modified=modified, seconds=seconds),
        ),
        Misbehaving(
            "kaputt/daten/buendnisse.json", "invalid JSON", Document(body[: len(body) // 2])
        ),
        Misbehaving("fehler/daten/buendnisse.json", "status 500", Document(b"", status=500)),
        Misbehaving(
            "feindlich/daten/buendnisse.json",
            "markup and javascript: in every text (valid: shown as text)",
            Document(hostile_texts(export), modified=modified),
        ),
        Misbehaving(
            "feindlich-links/daten/buendnisse.json",
            "javascript: and data: addresses as links (invalid)",
            Document(hostile_links(export), modified=modified),
        ),
        Misbehaving(
            "riesig/daten/buendnisse.json",
            f"valid, {HUGE // 2**20} MiB",
            Document(huge(export), modified=modified),
        ),
        Misbehaving(
            "umgeleitet/daten/buendnisse.json",
            f"redirects to {redirected}",
            Document(status=302, location=redirected),
        ),
    ]


def changed(exports: dict[str, Export], documents: dict[str, Document], today: date) -> int:
    """Give ``CHANGED`` sources, spread over all, a new news item each; return how many."""
    paths = list(exports)[:: max(1, len(exports) // CHANGED)][:CHANGED]
    for path in paths:
        export = exports[path]
        first = export.alliances[0]
        item = NewsItem(
            title="Neu: Familienfest im Stadtpark",
            date=today.isoformat(),
            summary="Das Bündnis lädt alle Familien ein.",
            url=first.url + "aktuelles/familienfest/",
        )
        first = first.model_copy(update={"news": (item, *first.news[:-1])})
        exports[path] = export.model_copy(update={"alliances": (first, *export.alliances[1:])})
        modified = datetime.combine(today, datetime.min.time(), UTC)
        documents[path] = document(exports[path], modified)
    return len(paths)


def write_portal(content: Path, sources: list[str], timeout: float) -> None:
    """A portal of no alliances of its own that gathers ``sources`` (if any)."""
    settings: dict[str, object] = {
        "title": "Lokale Bündnisse für Familie – bundesweit",
        "base_url": "https://portal.example.org/",
        "operator": {
            "name": "Servicebüro Lokale Bündnisse für Familie",
            "address": {"street": "Musterstraße 1", "postal_code": "10115", "locality": "Berlin"},
            "email": "info@portal.example.org",
        },
        "privacy": {"hosting_provider": "Musterhosting GmbH"},
        "accessibility": {"status": "partial", "feedback_email": "barrierefrei@portal.example.org"},
    }
    if sources:
        settings["federation"] = {"sources": sources, "timeout": timeout}
    content.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(settings, allow_unicode=True, sort_keys=False)
    (content / "site.yaml").write_text(text, encoding="utf-8")
    national = BENCH.parent / "content" / "fields-of-action.yaml"
    (content / "fields-of-action.yaml").write_bytes(national.read_bytes())


@dataclass(frozen=True)
class Build:
    """One build of the portal: its figures, the server's answers, the warnings."""

    label: str
    seconds: float
    mib: float
    pages: int
    """HTML files in the output."""
    answers: Counter[int]
    warnings: tuple[str, ...]


def warnings(printed: str) -> tuple[str, ...]:
    """The warnings in what a build printed, each with its indented lines."""
    found: list[str] = []
    for line in printed.splitlines():
        if line.startswith("warning:"):
            found.append(line)
        elif found and line[:1].isspace():
            found[-1] += "\n" + line
    return tuple(found)


def build(label: str, server: Server, place: Path, *options: str) -> Build:
    """Build the portal in ``place`` with the CLI, into a new output folder."""
    output = place / "output"
    remove(output)
    server.answered.clear()
    command = [sys.executable, "-m", "alliancegen", "build", "--content", str(place / "content")]
    command += ["--output", str(output), "--cache-dir", str(place / "cache"), *options]
    sample, printed = run_logged(command)
    pages = sum(1 for _page in output.rglob("*.html"))
    return Build(label, sample.seconds, sample.mib, pages, server.statuses(), warnings(printed))


def scanned(output: Path) -> tuple[int, set[bytes]]:
    """How many files of ``output`` hold hostile markup unescaped, and the addresses of
    alliance pages its pages link to."""
    raw, linked = 0, set()
    for path in output.rglob("*"):
        # not .ics: iCalendar's text is plain text (RFC 5545), where '<' is no markup and stays
        # as it is; tests/test_open_data.py checks that such a text keeps within its property
        if path.suffix in (".html", ".xml", ".json") and path.is_file():
            text = path.read_bytes()
            raw += bool(RAW.search(text))
            linked.update(LINKED.findall(text))
    return raw, linked


def build_table(builds: Sequence[Build]) -> str:
    header = ["build", "time (s)", "peak memory (MiB)", "pages", "requests", "200", "304"]
    rows = [
        [
            build.label,
            f"{build.seconds:.2f}",
            f"{build.mib:.0f}",
            str(build.pages),
            *(str(count) for count in answered(build.answers)),
            str(len(build.warnings)),
        ]
        for build in builds
    ]
    return table([*header, "other", "warnings"], rows)


def answered(answers: Counter[int]) -> tuple[int, int, int, int]:
    """All answers, those with 200, with 304, and the others."""
    total = answers.total()
    return total, answers[200], answers[304], total - answers[200] - answers[304]


def warned_table(sources: Sequence[Misbehaving], builds: Sequence[Build]) -> str:
    """Which build warned about which misbehaving source (a warning that names its address)."""
    rows = [
        [
            source.path.partition("/")[0],
            source.what,
            *("yes" if any(source.path in w for w in build.warnings) else "no" for build in builds),
        ]
        for source in sources
    ]
    columns = (build.label.partition(":")[0] for build in builds)
    return table(["source", "what it does", *(f"warned: {column}" for column in columns)], rows)


def summary(exports: dict[str, Export], documents: dict[str, Document], timeout: float) -> str:
    sizes = [len(documents[path].body) for path in exports]
    alliances = sum(len(export.alliances) for export in exports.values())
    return (
        f"- sources: {len(exports)} sites' exports of {alliances} alliances, "
        f"{sum(sizes) / 1e6:.1f} MB of JSON (median {statistics.median(sizes) / 1e3:.0f} kB), "
        f"timeout {timeout:g} s\n"
    )


def benchmark(place: Path, count: int, seed: int, timeout: float) -> None:
    """Serve the sources; build the portal without them, then with them four times (cold, warm,
    offline, after some changed); print the figures."""
    today = date.today()
    exports = ordinary(count, seed, today)
    modified = datetime.combine(today - timedelta(days=1), datetime.min.time(), UTC)
    documents = {path: document(export, modified) for path, export in exports.items()}
    with serving(documents) as server:
        odd = misbehaving(exports, server, timeout)
        documents.update((source.path, source.document) for source in odd)
        print(summary(exports, documents, timeout), flush=True)  # noqa: T201
        write_portal(place / "content", [], timeout)
        alone = build("no sources: the portal alone", server, place)
        write_portal(place / "content", [server.url + path for path in documents], timeout)
        remove(place / "cache")
        builds = [build("cold: empty cache", server, place)]
        copies = [path.stat().st_size for path in (place / "cache").rglob("sources/*.json")]
        builds.append(build("warm: cache, every source asked", server, place))
        builds.append(build("offline: from the cache", server, place, "--offline"))
        count = changed(exports, documents, today)
        builds.append(build(f"{count} sources changed", server, place))
    raw, linked = scanned(place / "output")
    urls = {alliance.url.encode() for export in exports.values() for alliance in export.alliances}
    cold = builds[0].warnings
    print(  # noqa: T201
        build_table([alone, *builds])
        + "\n\n"
        + warned_table(odd, builds)
        + f"\n\n- copies kept in the cache: {len(copies)}, {sum(copies) / 1e6:.1f} MB\n"
        f"- files of the output with the hostile markup unescaped: {raw}\n"
        f"- alliances of the sources linked from the portal: {len(linked & urls)} of {len(urls)}\n"
        f"\nWarnings of the cold build ({len(cold)}):\n\n"
        + "\n".join(f"    {w.splitlines()[0]}".replace(f"{place}/", "") for w in cold)
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=500, help="sites that behave")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=2, help="the portal's, in seconds")
    parser.add_argument("--workdir", type=Path, help="parent of the work folder (default: tmpfs)")
    arguments = parser.parse_args(argv)
    place = workspace(arguments.workdir)
    try:
        print(  # noqa: T201
            f"# A federated portal\n\n"
            f"- work folder: {place} ({filesystem(place)})\n"
            f"- machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"alliancegen {alliancegen.__version__}",
            flush=True,
        )
        benchmark(place, arguments.sources, arguments.seed, arguments.timeout)
    finally:
        remove(place)


if __name__ == "__main__":
    main()
