"""Editing in the browser, end to end: the editor at ``/admin/`` of ``serve``, with the
configuration made from the content model and the local protocol that writes the content
folder, in Chromium, on a copy of the example content. What the forms save is a content file
that passes check, and the preview shows it; what check would refuse is not saved."""

from __future__ import annotations

import base64
import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from alliancegen.config import Options
from alliancegen.model.entities import Alliance
from alliancegen.serve import Preview
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import site_of
from tests.test_serve import browser  # noqa: F401 (a fixture)
from tests.test_serve import wait_until
from tests.test_serve_requests import Running
from tests.test_serve_requests import serve_in_thread


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content"))


@pytest.fixture
def running(content: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Running]:
    preview = Preview(Options(content, content.parent / "site", "http://localhost:8000/"), "/")
    preview.rebuild()
    started = serve_in_thread(preview, capsys)
    yield started
    started.stop()


@pytest.fixture
def editor(running: Running, browser: Browser) -> Iterator[Page]:  # noqa: F811 (the fixture)
    """The editor, logged in, with every request that leaves the site noted in ``away``."""
    origin = f"http://127.0.0.1:{running.port}"
    context = browser.new_context(locale="de-DE", base_url=origin)
    page = context.new_page()
    away: list[str] = []
    own = (origin, f"blob:{origin}", "data:")
    page.on("request", lambda r: None if r.url.startswith(own) else away.append(r.url))
    page.goto("/admin/")
    page.get_by_role("button", name="Login").click()  # the local protocol's: no password
    expect(page.get_by_text("Inhaltstypen")).to_be_visible()
    yield page
    context.close()
    assert away == []


def _ilmenau(content: Path) -> Alliance:
    """The Ilmenau alliance as check reads the content folder now."""
    return next(a for a in site_of(content).alliances if a.folder == "ilmenau")


def _publish(page: Page) -> None:
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()


def test_a_news_item_made_in_the_form_is_a_file_that_passes_check_and_is_shown(
    editor: Page, running: Running, content: Path
) -> None:
    editor.goto("/admin/#/collections/ilmenau-news/new")
    editor.get_by_label("Überschrift", exact=True).fill("Neuer Treffpunkt für Familien")
    editor.get_by_label("Datum der Veröffentlichung", exact=False).fill("2026-11-27")
    _publish(editor)
    written = content / "alliances/ilmenau/news/neuer-treffpunkt-fur-familien.md"
    wait_until(written.exists)
    [item] = [n for n in _ilmenau(content).news if n.title.startswith("Neuer")]
    assert str(item.date) == "2026-11-27"
    running.preview.rebuild()
    shown = list((content.parent / "site").rglob("neuer-treffpunkt-fur-familien/index.html"))
    assert shown and "Neuer Treffpunkt für Familien" in shown[0].read_text(encoding="utf-8")


def test_an_event_made_in_the_form_is_a_file_that_passes_check(editor: Page, content: Path) -> None:
    editor.goto("/admin/#/collections/ilmenau-events/new")
    editor.get_by_label("Name der Veranstaltung", exact=True).fill("Familienfest im Park")
    editor.get_by_label("Beginn", exact=True).fill("2027-05-15 14:00")
    _publish(editor)
    written = content / "alliances/ilmenau/events/familienfest-im-park.md"
    wait_until(written.exists)
    [event] = [e for e in _ilmenau(content).events if e.title == "Familienfest im Park"]
    assert str(event.start) == "2027-05-15 14:00"


def test_a_form_without_a_required_field_is_not_saved(editor: Page, content: Path) -> None:
    before = sorted((content / "alliances/ilmenau/events").iterdir())
    editor.goto("/admin/#/collections/ilmenau-events/new")
    editor.get_by_label("Name der Veranstaltung", exact=True).fill("Ohne Beginn")
    _publish(editor)
    expect(
        editor.get_by_text("zwingend erforderliche Felder sind nicht ausgefüllt")
    ).to_be_visible()
    assert sorted((content / "alliances/ilmenau/events").iterdir()) == before


def test_a_start_in_no_form_check_reads_is_not_saved(editor: Page, content: Path) -> None:
    before = sorted((content / "alliances/ilmenau/events").iterdir())
    editor.goto("/admin/#/collections/ilmenau-events/new")
    editor.get_by_label("Name der Veranstaltung", exact=True).fill("Irgendwann")
    editor.get_by_label("Beginn", exact=True).fill("nächsten Samstag")
    _publish(editor)
    expect(editor.get_by_text("So kann alliancegen es nicht lesen", exact=False)).to_be_visible()
    assert sorted((content / "alliances/ilmenau/events").iterdir()) == before


def test_a_partner_edited_in_the_list_keeps_the_others(editor: Page, content: Path) -> None:
    partners = content / "alliances/ilmenau/partners.yaml"
    before = [p.name for p in _ilmenau(content).partners]
    editor.goto("/admin/#/collections/ilmenau-lists/entries/partners")
    entry = editor.get_by_text("Agentur für Arbeit", exact=True).filter(visible=True)
    entry.locator("xpath=..").get_by_role("button").first.click()  # unfold the entry
    website = editor.get_by_label("Website des Partners (optional)", exact=True)
    website.filter(visible=True).fill("https://www.arbeitsagentur.de/")
    _publish(editor)
    wait_until(lambda: "arbeitsagentur.de" in partners.read_text(encoding="utf-8"))
    after = _ilmenau(content).partners
    assert [p.name for p in after] == before
    [agency] = [p for p in after if p.name == "Agentur für Arbeit"]
    assert str(agency.website) == "https://www.arbeitsagentur.de/"
    assert partners.read_text(encoding="utf-8").startswith("# The partners of the alliance")


PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def test_a_photo_uploaded_with_alt_text_and_credit_is_published(
    editor: Page, running: Running, content: Path, tmp_path: Path
) -> None:
    photo = tmp_path / "kinder-beim-fest.png"
    photo.write_bytes(PNG)
    editor.goto("/admin/#/collections/ilmenau-events/new")
    editor.get_by_label("Name der Veranstaltung", exact=True).fill("Fest mit Bild")
    editor.get_by_label("Beginn", exact=True).fill("2027-05-15")
    editor.get_by_role("button", name="bilder hinzufügen").click()
    editor.get_by_role("button", name="Wähle ein Bild").click()
    editor.locator("input[type=file]").set_input_files(photo)
    editor.get_by_role("button", name="Ausgewähltes Element verwenden").click()
    editor.get_by_label("Was das Bild zeigt", exact=False).fill("Kinder beim Familienfest")
    editor.get_by_label("Wer das Bild gemacht hat", exact=False).fill("Stadt Ilmenau")
    _publish(editor)
    written = content / "alliances/ilmenau/events/fest-mit-bild.md"
    wait_until(written.exists)
    assert (content / "alliances/ilmenau/media/kinder-beim-fest.png").read_bytes() == PNG
    [event] = [e for e in _ilmenau(content).events if e.title == "Fest mit Bild"]
    [image] = event.images
    assert (image.file, image.alt, image.credit) == (
        "media/kinder-beim-fest.png",
        "Kinder beim Familienfest",
        "Stadt Ilmenau",
    )
    running.preview.rebuild()
    published = list((content.parent / "site").rglob("kinder-beim-fest.png"))
    sizes = [Image.open(io.BytesIO(path.read_bytes())).size for path in published]
    assert sizes == [(1, 1)]  # processed: photos.py
