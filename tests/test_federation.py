"""Federation: a portal gathers other sites' open data, and a failing source never breaks it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from pathlib import Path

import pytest

from alliancegen.config import Options
from alliancegen.errors import Location
from alliancegen.federation import Listing
from alliancegen.federation import Source
from alliancegen.federation import Sources
from alliancegen.model.fields import slugify
from alliancegen.model.opendata import Export
from alliancegen.pipeline import Engine
from alliancegen.pipeline import render
from tests.sources import Document
from tests.sources import Server
from tests.sources import serving

TODAY = date(2026, 11, 26)


@pytest.fixture
def server() -> Iterator[Server]:
    with serving({}) as running:
        yield running


def publish(server: Server, name: str, body: bytes) -> str:
    """Serve ``body`` as ``name``; its address."""
    server.documents[name] = Document(body, modified=datetime.now(UTC))
    return server.url + name


def open_data(site: str, *towns: str, state: str = "Nordrhein-Westfalen", **extra: str) -> bytes:
    """The open data of a site at https://<site>.example/ (or at ``at``) with one alliance per
    town."""
    home = extra.get("at", f"https://{site}.example/")
    alliances = [
        {
            "id": slugify(town),
            "name": extra.get("name", f"Lokales Bündnis für Familie {town}"),
            "url": f"{home}{slugify(town)}/",
            "town": town,
            "state": state,
            "events": [
                {
                    "title": f"Familientag in {town}",
                    "start": "2027-05-15T10:00",
                    "url": extra.get("event_url", f"{home}{slugify(town)}/fest/"),
                }
            ],
        }
        for town in towns
    ]
    document = {
        "format": "lokale-buendnisse",
        "version": "1.3",
        "publisher": {"title": site, "url": f"https://{site}.example/", "language": "de"},
        "as_of": "2026-11-20",
        "time_zone": "Europe/Berlin",
        "alliances": alliances,
        "a_field_of_a_later_minor_version": True,
    }
    return json.dumps(document).encode()


def listing(tmp_path: Path, *addresses: str, timeout: float = 5) -> Listing:
    site_yaml = tmp_path / "site.yaml"
    located = (Source(a, Location(site_yaml, 4 + i, 7)) for i, a in enumerate(addresses))
    return Listing(tuple(located), timeout, tmp_path)


def names(exports: tuple[Export, ...]) -> list[str]:
    return [alliance.town for export in exports for alliance in export.alliances]


def portal(tmp_path: Path, *sources: str, timeout: float = 5) -> Path:
    content = tmp_path / "portal"
    content.mkdir()
    listed = "".join(f"    - {source}\n" for source in sources)
    (content / "site.yaml").write_text(
        "title: Bündnisse in NRW\nbase_url: https://portal.example/\n"
        f"federation:\n  timeout: {timeout}\n  sources:\n{listed}",
        encoding="utf-8",
    )
    return content


def test_a_portal_gathers_sources_on_the_web_and_in_files(server: Server, tmp_path: Path) -> None:
    content = portal(
        tmp_path,
        publish(server, "aachen.json", open_data("aachen", "Aachen", "Würselen")),
        publish(server, "dueren.json", open_data("dueren", "Düren")),
        "../nachbarn/daten/buendnisse.json",
    )
    neighbours = tmp_path / "nachbarn" / "daten" / "buendnisse.json"
    neighbours.parent.mkdir(parents=True)
    neighbours.write_bytes(open_data("nachbarn", "Stolberg"))
    rendered = Engine(Options(content, tmp_path / "out", today=TODAY)).render()
    assert not [w for w in rendered.warnings if "source" in w.message]
    finder = next(o for o in rendered.outputs if o.path.as_posix() == "buendnisse/index.html")
    links = re.findall(r'<a href="(https://[^"]+\.example/[^"]*)"', finder.content.decode())
    assert sorted(links) == [
        "https://aachen.example/aachen/",
        "https://aachen.example/wuerselen/",
        "https://dueren.example/dueren/",
        "https://nachbarn.example/stolberg/",
    ]


def test_the_example_export_is_read_back_as_the_alliances_it_came_from(
    example_copy: Path, tmp_path: Path
) -> None:
    outputs, _warnings = render(Options(example_copy, tmp_path / "unused", today=TODAY))
    body = next(o.content for o in outputs if o.path.as_posix() == "daten/buendnisse.json")
    source = tmp_path / "example.json"
    source.write_bytes(body)
    gathered = Sources(None).gather(listing(tmp_path, str(source.name)))
    assert names(gathered.exports) == ["Herzogenrath", "Ilmenau", "Iserlohn"]
    assert gathered.warnings == ()


FAILURES = {
    "an error status": (Document(b"", 500), "answered 500"),
    "no JSON": (Document(b"<html>Wartungsarbeiten</html>"), "not JSON"),
    "JSON of another kind": (Document(b'{"type": "FeatureCollection"}'), "no open data"),
    "another major version": (
        Document(open_data("a", "Aachen").replace(b'"1.3"', b'"2.0"')),
        "version 2.0",
    ),
    "a script address": (
        Document(open_data("a", "Aachen", event_url="javascript:alert(1)")),
        "alliances.0.events.0.url: 'javascript:alert(1)' is not a web address",
    ),
    "too slow to answer": (
        Document(open_data("a", "Aachen"), delay=1.5),
        "no answer within 0.5 seconds",
    ),
    "too slow to send": (
        Document(open_data("a", "Aachen"), seconds=1.5),
        "no answer within 0.5 seconds",
    ),
    "too large": (Document(b" " * 5000 + open_data("a", "Aachen")), "larger than"),
    "a redirect to another host": (
        Document(b"", 302, location="http://localhost/daten.json"),
        "another host",
    ),
}


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failing_source_shows_its_last_good_copy_and_warns_why(
    server: Server, tmp_path: Path, failure: str
) -> None:
    address = publish(server, "daten.json", open_data("aachen", "Aachen"))
    listed = listing(tmp_path, address, timeout=0.5)
    sources = Sources(tmp_path / "cache", size_limit=4000)
    assert names(sources.gather(listed).exports) == ["Aachen"]
    document, reason = FAILURES[failure]
    server.documents["daten.json"] = document
    gathered = sources.gather(listed)
    assert names(gathered.exports) == ["Aachen"]
    (warning,) = gathered.warnings
    assert warning.location == Location(tmp_path / "site.yaml", 4, 7)
    assert reason in warning.message
    assert "last good copy (as of 2026-11-20) is shown" in warning.message


def test_a_source_cannot_hide_another_sites_alliance_by_naming_its_address(
    server: Server, tmp_path: Path
) -> None:
    """An alliance is shown from the source on its own host, whichever is listed first."""
    fake = open_data("boese", "Aachen", at=server.url, name="Gefälschtes Bündnis")
    real = open_data("aachen", "Aachen", at=server.url)
    server.documents["boese.json"] = Document(fake)
    listed = listing(
        tmp_path, server.at("localhost") + "boese.json", publish(server, "a.json", real)
    )
    gathered = Sources(None).gather(listed)
    (export,) = gathered.exports
    assert export.alliances[0].name == "Lokales Bündnis für Familie Aachen"
    (warning,) = gathered.warnings
    assert warning.location.line == 4
    assert f"names {server.url}aachen/, which {server.url}a.json gives as well" in warning.message


def test_a_source_that_never_worked_is_left_out_with_a_warning(
    server: Server, tmp_path: Path
) -> None:
    listed = listing(
        tmp_path, server.url + "fehlt.json", publish(server, "d.json", open_data("d", "Düren"))
    )
    gathered = Sources(tmp_path / "cache").gather(listed)
    assert names(gathered.exports) == ["Düren"]
    (warning,) = gathered.warnings
    assert "answered 404" in warning.message
    assert "left out until it works" in warning.message
    assert warning.location.line == 4


def test_a_source_is_fetched_again_only_when_it_changed(server: Server, tmp_path: Path) -> None:
    address = publish(server, "d.json", open_data("d", "Düren"))
    listed = listing(tmp_path, address)
    Sources(tmp_path / "cache").gather(listed)
    again = Sources(tmp_path / "cache").gather(listed)  # a later build, a new process
    assert names(again.exports) == ["Düren"]
    assert server.answered == [("d.json", 200), ("d.json", 304)]
    publish(server, "d.json", open_data("d", "Düren", "Jülich"))
    changed = Sources(tmp_path / "cache").gather(listed)
    assert names(changed.exports) == ["Düren", "Jülich"]
    assert server.answered[-1] == ("d.json", 200)


def test_offline_builds_from_the_copies_and_asks_no_one(server: Server, tmp_path: Path) -> None:
    kept = publish(server, "d.json", open_data("d", "Düren"))
    listed = listing(tmp_path, kept, server.url + "neu.json")
    Sources(tmp_path / "cache").gather(listing(tmp_path, kept))
    asked = len(server.answered)
    gathered = Sources(tmp_path / "cache", offline=True).gather(listed)
    assert len(server.answered) == asked
    assert names(gathered.exports) == ["Düren"]
    (warning,) = gathered.warnings
    assert "offline and no copy has been fetched yet" in warning.message


def test_markup_in_a_source_is_kept_as_text_for_the_theme_to_escape(
    server: Server, tmp_path: Path
) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    address = publish(server, "d.json", open_data("d", "Düren", name=hostile))
    (export,) = Sources(None).gather(listing(tmp_path, address)).exports
    assert export.alliances[0].name == hostile


def test_a_changed_source_builds_the_site_again_though_no_file_changed(
    server: Server, tmp_path: Path
) -> None:
    content = portal(tmp_path, publish(server, "d.json", open_data("d", "Düren")))
    options = Options(content, tmp_path / "out", today=TODAY, cache_dir=tmp_path / "cache")
    first = Engine(options)
    first.write(first.render())
    first.keep()
    unchanged = Engine(options)
    unchanged.render()
    assert unchanged.reused
    publish(server, "d.json", open_data("d", "Düren", "Jülich"))
    changed = Engine(options)
    changed.render()
    assert not changed.reused
