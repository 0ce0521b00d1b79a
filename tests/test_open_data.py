"""Open data and what a portal shows of it: the example site's export against its published
JSON Schema (and the schema against its committed snapshot), nothing in the export that the
site does not publish, the page that explains the data, and a portal's site-wide pages with
the alliances of other sites it gathers, linked there and escaped everywhere."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from jsonschema import Draft202012Validator

from alliancegen import i18n
from alliancegen.config import Options
from alliancegen.model.opendata import schema
from alliancegen.pipeline import Engine
from alliancegen.pipeline import render
from alliancegen.routes import OPEN_DATA
from alliancegen.routes import OPEN_DATA_SCHEMA
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent
from tests.conftest import site_of

TODAY = date(2026, 11, 26)
BASE_URL = "https://portal.example/"
SNAPSHOT = Path(__file__).parent / "data" / "open-data-schema-1.json"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
SOURCE = "../andere/daten/buendnisse.json"
ELSEWHERE = "https://andere.example/"
ATOM = "{http://www.w3.org/2005/Atom}"


def rendered(content: Path) -> tuple[dict[str, bytes], list[str]]:
    """Every file the build would write, by its path, and the build's warnings."""
    options = Options(content, content.parent / "build", base_url=BASE_URL, today=TODAY)
    outputs, warnings = render(options)
    return {str(output.path): output.content for output in outputs}, [w.message for w in warnings]


@pytest.fixture(scope="module")
def example() -> dict[str, bytes]:
    return rendered(EXAMPLE_CONTENT)[0]


def exports_of(files: dict[str, bytes]) -> dict[str, Any]:
    """The site's open data and each alliance's, by path."""
    paths = [path for path in files if path == OPEN_DATA or path.endswith("/daten.json")]
    return {path: json.loads(files[path]) for path in paths}


def test_the_example_export_validates_against_its_published_schema(
    example: dict[str, bytes],
) -> None:
    published = json.loads(example[OPEN_DATA_SCHEMA])
    Draft202012Validator.check_schema(published)
    validator = Draft202012Validator(published, format_checker=Draft202012Validator.FORMAT_CHECKER)
    exports = exports_of(example)
    assert len(exports) == 1 + len(site_of(EXAMPLE_CONTENT).alliances)
    errors = [
        f"{path}: {error.json_path}: {error.message}"
        for path, data in exports.items()
        for error in validator.iter_errors(data)
    ]
    assert errors == []
    assert len(exports[OPEN_DATA]["alliances"]) == 3


def test_the_schema_is_its_committed_snapshot() -> None:
    """The published schema of major version 1 is what readers of version 1 rely on.

    A change that is not a new optional field (a field removed, renamed, made required, given
    another type or narrower values) breaks them: bump ``MAJOR`` in
    alliancegen/model/opendata.py, which publishes the schema at a new address, and start a new
    snapshot for it (tests/data/open-data-schema-<major>.json). A new optional field is a minor
    step: raise the minor version in ``VERSION`` and write the schema into this snapshot again.
    """
    assert schema() == json.loads(SNAPSHOT.read_text(encoding="utf-8"))


PEOPLE = """\
    - name: Anna Koordinatorin
      role: Koordinatorin
      email: anna@example.org
      phone: 0361 123456
      office_hours: dienstags 9–12 Uhr
      quote: Familie ist, wo man ankommt.
      photo: {alt: Porträt von Anna Koordinatorin, credit: Foto Studio Sonnenschein}
      photo_consent: true
      address: {street: Privatweg 7, postal_code: "99084", locality: Erfurt}
    - name: Bernd Schirmherr
      role: Bürgermeister
      email: bernd@example.org
      phone: 0361 654321
    """


def test_the_export_holds_only_what_the_site_publishes(make_content: MakeContent) -> None:
    root = make_content(
        {
            "alliances/musterstadt/alliance.md": """\
                ---
                name: Bündnis für Familie Musterstadt
                town: Musterstadt
                state: Hessen
                patron: bernd-schirmherr
                coordinators: [anna-koordinatorin]
                ---
                """,
            "alliances/musterstadt/people.yaml": PEOPLE,
        }
    )
    files, _warnings = rendered(root)
    text = files[OPEN_DATA].decode("utf-8")
    (alliance,) = json.loads(text)["alliances"]
    assert alliance["people"] == [
        {
            "name": "Anna Koordinatorin",
            "role": "Koordinatorin",
            "phone": "0361 123456",
        }
    ]
    hidden = ("Bernd", "@example.org", "Privatweg", "Porträt", "Studio", "dienstags", "ankommt")
    for unpublished in hidden:
        assert unpublished not in text
    assert files["musterstadt/daten.json"].decode("utf-8").count("Anna Koordinatorin") == 1


def export(**alliance: Any) -> dict[str, Any]:
    """Another site's open data with one alliance, every text of it hostile."""
    return {
        "format": "lokale-buendnisse",
        "version": "1.4",
        "publisher": {"title": f"Thüringen {HOSTILE}", "url": ELSEWHERE, "language": "de"},
        "as_of": "2026-11-20",
        "time_zone": "Europe/Berlin",
        "alliances": [
            {
                "id": "erfurt",
                "name": f"Bündnis Erfurt {HOSTILE}",
                "url": ELSEWHERE + "erfurt/",
                "town": "Erfurt",
                "state": "Thüringen",
                "fields_of_action": [
                    {
                        "title": f"Familienzeit {HOSTILE}",
                        "national": "vereinbarkeit",
                        "url": ELSEWHERE + "erfurt/ziele/#familienzeit",
                    },
                    {"title": "Ohne eigene Seite", "national": "vereinbarkeit"},
                    {"title": "Anderes Feld", "national": "kinderbetreuung"},
                ],
                "events": [
                    {
                        "title": f"Lichterfest; Basar, {HOSTILE}",
                        "start": "2026-12-24T14:00",
                        "end": "2026-12-24T16:00",
                        "place": {"name": f"Anger {HOSTILE}", "locality": "Erfurt"},
                        "kind": "family_day",
                        "url": ELSEWHERE + "erfurt/termine/lichterfest/",
                    },
                    {
                        "title": "Adventsbasteln",
                        "start": "2026-12-01",
                        "status": "cancelled",
                        "kind": "a kind this site does not know",
                        "url": ELSEWHERE + "erfurt/termine/adventsbasteln/",
                    },
                    {
                        "title": "Vorbei seit dem Export",
                        "start": "2026-11-21",
                        "url": ELSEWHERE + "erfurt/termine/vorbei/",
                    },
                ],
                "news": [
                    {
                        "title": f"Neues aus Erfurt {HOSTILE}",
                        "date": "2026-11-25",
                        "summary": f"Kurz gesagt {HOSTILE}",
                        "url": ELSEWHERE + "erfurt/aktuelles/neues/",
                    }
                ],
                **alliance,
            }
        ],
    }


LOCAL_EVENT = "---\ntitle: Nikolausfeier\nstart: 2026-12-06 15:00\n---\n"


def portal_content(root: Path) -> Path:
    """The example content as a portal that gathers another site with one alliance (``export``),
    with an event of its own ahead."""
    content = Path(shutil.copytree(EXAMPLE_CONTENT, root / "content"))
    with (content / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write(f"federation:\n  sources:\n    - {SOURCE}\n")
    (content / "alliances/ilmenau/events/nikolaus.md").write_text(LOCAL_EVENT, encoding="utf-8")
    source = content / SOURCE
    source.parent.mkdir(parents=True)
    source.write_text(json.dumps(export()), encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    files, warnings = rendered(portal_content(tmp_path_factory.mktemp("portal")))
    assert not [warning for warning in warnings if "source" in warning]
    return files


def page(files: dict[str, bytes], path: str) -> str:
    return files[path + "index.html"].decode("utf-8")


def links(html: str) -> list[str]:
    return re.findall(r'<h[23]><a href="([^"]+)"', html)


def test_the_events_page_merges_federated_events_in_date_order(portal: dict[str, bytes]) -> None:
    upcoming = page(portal, "termine/").split('id="vergangene"')[0]
    assert links(upcoming) == [
        ELSEWHERE + "erfurt/termine/adventsbasteln/",
        "/ilmenau/termine/nikolaus/",
        ELSEWHERE + "erfurt/termine/lichterfest/",
    ]
    assert "Vorbei seit dem Export" not in page(portal, "termine/")
    assert "event-cancelled" in upcoming
    assert "Bündnis Erfurt &lt;script&gt;" in upcoming
    assert "auf der Website „<bdi>Thüringen &lt;script&gt;" in upcoming
    home = page(portal, "").split('id="termine"')[1].split("</section>")[0]
    assert links(home) == links(upcoming)
    assert ELSEWHERE + "erfurt/termine/lichterfest/" in page(portal, "en/termine/")
    assert "on the website" in page(portal, "en/termine/")


def test_the_calendar_holds_federated_events_with_their_addresses(
    portal: dict[str, bytes],
) -> None:
    calendar = icalendar.Calendar.from_ical(portal["termine/kalender.ics"])
    events = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    festival = events[ELSEWHERE + "erfurt/termine/lichterfest/"]
    assert str(festival["url"]) == ELSEWHERE + "erfurt/termine/lichterfest/"
    assert festival.decoded("dtstart") == datetime(2026, 12, 24, 13, 0, tzinfo=UTC)
    assert str(festival["summary"]) == f"Lichterfest; Basar, {HOSTILE}"
    assert str(festival["location"]) == f"Anger {HOSTILE}, Erfurt"
    assert str(festival["description"]) == f"Bündnis Erfurt {HOSTILE}"
    assert str(events[ELSEWHERE + "erfurt/termine/adventsbasteln/"]["status"]) == "CANCELLED"
    assert ELSEWHERE + "erfurt/termine/vorbei/" not in events
    assert any(uid.startswith("ilmenau/nikolaus@") for uid in events)
    assert len(calendar.walk("VEVENT")) == len(events)  # every UID once


def test_the_news_merge_federated_items_by_date(portal: dict[str, bytes]) -> None:
    news = page(portal, "aktuelles/")
    assert links(news)[0] == ELSEWHERE + "erfurt/aktuelles/neues/"
    assert "Kurz gesagt &lt;script&gt;" in news
    home = page(portal, "").split('id="aktuelles"')[1]
    assert links(home)[0] == ELSEWHERE + "erfurt/aktuelles/neues/"
    feed = ET.fromstring(portal["feed.xml"])
    entry = feed.findall(f"{ATOM}entry")[0]
    assert entry.findtext(f"{ATOM}id") == ELSEWHERE + "erfurt/aktuelles/neues/"
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == ELSEWHERE + "erfurt/aktuelles/neues/"
    assert entry.findtext(f"{ATOM}title") == f"Neues aus Erfurt {HOSTILE}"
    assert entry.findtext(f"{ATOM}summary") == f"Kurz gesagt {HOSTILE}"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == f"Bündnis Erfurt {HOSTILE}"
    assert entry.find(f"{ATOM}content") is None


def test_field_pages_list_federated_fields_linked_to_their_site(portal: dict[str, bytes]) -> None:
    field = page(portal, "handlungsfelder/vereinbarkeit/")
    assert links(field) == [
        "/ilmenau/ziele/#vereinbarkeit-von-beruf-und-familie",
        ELSEWHERE + "erfurt/ziele/#familienzeit",
        ELSEWHERE + "erfurt/",
    ]
    assert "Familienzeit &lt;script&gt;" in field
    assert "auf der Website „<bdi>Thüringen &lt;script&gt;" in field
    assert "Anderes Feld" in page(portal, "handlungsfelder/kinderbetreuung/")
    overview = page(portal, "handlungsfelder/")
    assert re.search(
        r"/handlungsfelder/vereinbarkeit/\">[^<]+</a></h2><p[^>]*>2 Bündnisse", overview
    )


def test_federated_text_is_shown_escaped_and_never_on_a_page_of_its_own(
    portal: dict[str, bytes],
) -> None:
    for path, data in portal.items():
        if path.endswith((".html", ".xml")):
            text = data.decode("utf-8")
            assert "<script>alert" not in text, path
            assert "<img src=x" not in text, path
    shown = {re.sub("^(en|ar)/", "", p) for p, data in portal.items() if b"Lichterfest" in data}
    assert shown == {"index.html", "termine/index.html", "termine/kalender.ics"}
    assert not [path for path in portal if "erfurt" in path]


def test_the_data_page_explains_the_data_in_german_and_english(example: dict[str, bytes]) -> None:
    german = page(example, "daten/")
    assert "<h1>Offene Daten</h1>" in german
    for target in ("daten/buendnisse.json", "daten/schema-1.json", "ilmenau/daten.json"):
        assert f'href="{BASE_URL}{target}"' in german  # they exist once, in German
    assert "Version 1.0" in german
    assert "Für diese Daten ist keine Lizenz angegeben." in german
    assert "E-Mail-Adressen, Fotos, Anschriften von Personen" in german
    english = page(example, "en/daten/")
    assert "<h1>Open data</h1>" in english
    assert f'href="{BASE_URL}daten/buendnisse.json"' in english
    assert f"A portal enters the address <code>{BASE_URL}daten/buendnisse.json</code>" in english
    assert "These data name no licence." in english
    assert 'href="/en/daten/">Open data</a>' in page(example, "en/ilmenau/")
    pages = [path for path in example if path.endswith(".html") and path != "404.html"]
    footers = [example[path].decode("utf-8").split("site-footer")[-1] for path in pages]
    assert all("/daten/" in footer for footer in footers)


def test_the_data_page_names_the_licence_and_the_build_asks_for_one(
    make_content: MakeContent,
) -> None:
    files, warnings = rendered(
        make_content({"site.yaml": "title: T\ndata_licence: dl-de/by-2-0\n"})
    )
    licensed = page(files, "daten/")
    assert '<a href="https://www.govdata.de/dl-de/by-2-0">Datenlizenz Deutschland' in licensed
    assert not [warning for warning in warnings if "licence" in warning]
    _files, warnings = rendered(make_content({"site.yaml": "title: T\n"}))
    assert "the open data carry no licence: 'data_licence' is missing" in warnings


def test_the_licence_warning_in_german(make_content: MakeContent) -> None:
    i18n.use("de")
    options = Options(make_content({}), Path("unused"), base_url=BASE_URL, today=TODAY)
    _outputs, warnings = render(options)
    (warning,) = [w for w in warnings if "data_licence" in w.message]
    assert warning.message == "die offenen Daten nennen keine Lizenz: 'data_licence' fehlt"
    assert warning.hint is not None
    assert warning.hint.startswith("tragen Sie 'data_licence: dl-de/by-2-0' (Datenlizenz")


def test_a_changed_source_renders_again_only_the_pages_that_show_it(tmp_path: Path) -> None:
    content = portal_content(tmp_path)
    engine = Engine(Options(content, tmp_path / "out", base_url=BASE_URL, today=TODAY))
    engine.render()
    changed = export()
    changed["alliances"][0]["events"][0]["title"] = "Lichterfest, verlegt"
    (content / SOURCE).write_text(json.dumps(changed), encoding="utf-8")
    again = engine.render(changed=[])
    files = {str(output.path): output.content for output in again.outputs}
    assert "Lichterfest, verlegt" in page(files, "termine/")
    assert "Lichterfest, verlegt" in page(files, "ar/")
    assert again.rendered == 3 * len(["", "termine/", "termine/kalender.ics"])
    assert engine.render(changed=[]).rendered == 0
