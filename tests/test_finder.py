"""The portal's finder: every alliance by federal state and town, the site's own and those
gathered from other sites, and the search by postal code or town (alliancegen.finder,
js/finder.js), in Python and in Chromium under the page's own Content-Security-Policy.

Gathered alliances come from an export made by hand here, a file source of the portal.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

from alliancegen import i18n
from alliancegen import pipeline
from alliancegen.config import Options
from alliancegen.finder import postal_codes
from alliancegen.finder import town_key
from alliancegen.model.entities import State
from alliancegen.model.opendata import FORMAT
from alliancegen.model.opendata import VERSION
from alliancegen.pipeline import render
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent
from tests.quality import TODAY
from tests.quality import axe_violations
from tests.quality import chromium
from tests.quality import foreign
from tests.quality import new_context
from tests.quality import requests_while_loading
from tests.quality import serve
from tests.quality import vnu_errors

HOSTILE = "<img src=x onerror=alert(1)>"
PUBLISHER = "Familienportal NRW"
GATHERED = {
    "format": FORMAT,
    "version": VERSION,
    "publisher": {"title": PUBLISHER, "url": "https://nrw.example/", "language": "de"},
    "as_of": "2026-11-20",
    "time_zone": "Europe/Berlin",
    "alliances": [
        {
            "id": "aachen",
            "name": f"Bündnis Aachen {HOSTILE}",
            "url": "https://nrw.example/aachen/",
            "town": "Aachen",
            "state": "Nordrhein-Westfalen",
            "fields_of_action": [
                {"title": "Pflege", "national": "gesundheit-und-pflege"},
            ],
        },
        {
            "id": "koeln",
            "name": "Kölner Bündnis für Familien",
            "url": "https://nrw.example/koeln/",
            "town": "Köln",
            "state": "Nordrhein-Westfalen",
            "postal_codes": ["50667"],
        },
    ],
}
FINDER = "buendnisse/index.html"
INDEX = "buendnisse/finder.json"


def gathering(content: Path) -> Path:
    """``content`` made a portal that gathers the export ``GATHERED`` from a file beside it."""
    source = content.parent / "nrw.json"
    source.write_text(json.dumps(GATHERED), encoding="utf-8")
    site_yaml = content / "site.yaml"
    listed = f"federation:\n  sources:\n    - ../{source.name}\n"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + listed, encoding="utf-8")
    return content


@pytest.fixture
def portal(example_copy: Path) -> Path:
    """The example site gathering ``GATHERED``."""
    return gathering(example_copy)


def outputs_of(content: Path) -> dict[str, str]:
    options = Options(content, Path("unused"), "https://example.org/", today=TODAY)
    found, _warnings = render(options)
    return {str(o.path): o.content.decode() for o in found if o.path.suffix in {".html", ".json"}}


def index_of(files: dict[str, str]) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = json.loads(files[INDEX])["alliances"]
    return entries


# The data: postal codes of towns, and the index


def test_a_town_is_compared_without_case_accents_and_umlauts() -> None:
    assert town_key("Köln") == town_key("KOELN") == town_key("koeln") == "koeln"
    assert town_key("Groß-Gerau") == town_key("gross gerau")
    assert town_key("Halle (Saale)") == "halle saale"
    assert town_key("Bad Sooden-Allendorf") == "bad sooden allendorf"


@pytest.mark.parametrize(
    ("town", "state", "codes"),
    [
        ("Ilmenau", State.THUERINGEN, ("98693", "98694")),
        ("Herzogenrath", State.NORDRHEIN_WESTFALEN, ("52134",)),
        ("Iserlohn", State.NORDRHEIN_WESTFALEN, ("58636", "58638", "58640", "58642", "58644")),
        ("Aachen", State.NORDRHEIN_WESTFALEN, tuple(f"520{n}" for n in range(62, 81, 2))),
    ],
)
def test_a_towns_postal_codes_come_from_the_table(
    town: str, state: State, codes: tuple[str, ...]
) -> None:
    assert postal_codes(town, state, ()) == codes


def test_berlin_has_its_many_postal_codes() -> None:
    codes = postal_codes("Berlin", State.BERLIN, ())
    assert len(codes) > 150
    assert {"10115", "12555", "14199"} <= set(codes)


def test_a_town_of_another_state_or_unknown_has_only_the_codes_it_states() -> None:
    assert postal_codes("Ilmenau", State.BAYERN, ["80331"]) == ("80331",)
    assert postal_codes("Musterstadt", State.HESSEN, ()) == ()
    assert postal_codes("Herzogenrath", State.NORDRHEIN_WESTFALEN, ["52146"]) == (
        "52134",
        "52146",
    )


def test_the_index_holds_own_and_gathered_alliances_in_one_order(
    make_content: MakeContent,
) -> None:
    content = gathering(make_content({"alliances/musterstadt/alliance.md": OWN_WITH_CODES}))
    entries = index_of(outputs_of(content))
    assert [entry["town"] for entry in entries] == ["Musterstadt", "Aachen", "Köln"]
    own, aachen, koeln = entries
    assert own == {
        "name": "Bündnis für Familie Musterstadt",
        "town": "Musterstadt",
        "state": "Hessen",
        "link": "musterstadt/",
        "codes": "35390 35392",
    }
    assert aachen["link"] == "https://nrw.example/aachen/"
    assert aachen["site"] == PUBLISHER
    assert aachen["codes"].split() == list(postal_codes("Aachen", State.NORDRHEIN_WESTFALEN, ()))
    assert "50667" in koeln["codes"].split()


OWN_WITH_CODES = """\
    ---
    name: Bündnis für Familie Musterstadt
    town: Musterstadt
    state: Hessen
    postal_codes: ["35392"]
    address:
      street: Markt 1
      postal_code: "35390"
      locality: Musterstadt
    ---
    """


def test_the_index_is_written_once_for_every_language(portal: Path) -> None:
    files = outputs_of(portal)
    assert [path for path in files if path.endswith("finder.json")] == [INDEX]
    english = files["en/buendnisse/index.html"]
    assert 'data-index="/buendnisse/finder.json"' in english
    assert 'data-base="/en/"' in english


# The list without JavaScript


def test_the_finder_exists_for_one_own_alliance_and_gathered_ones(
    make_content: MakeContent,
) -> None:
    files = outputs_of(gathering(make_content({})))
    page = files[FINDER]
    assert '<a href="/musterstadt/">Bündnis für Familie Musterstadt</a>' in page
    assert "Hessen" in page and "Nordrhein-Westfalen" in page


def test_no_finder_for_a_single_alliance(make_content: MakeContent) -> None:
    files = outputs_of(make_content({}))
    assert FINDER not in files
    assert INDEX not in files


def test_gathered_alliances_link_to_their_site_and_say_so(portal: Path) -> None:
    page = outputs_of(portal)[FINDER]
    link = '<a href="https://nrw.example/aachen/" rel="noopener">'
    assert f"{link}Bündnis Aachen &lt;img src=x onerror=alert(1)&gt;</a>" in page
    assert f"(Aachen, auf der Website von {PUBLISHER})" in page
    assert HOSTILE not in page
    by_state = page[page.index('id="nach-land"') : page.index('id="nach-feld"')]
    towns = re.findall(r'<span class="meta">\(([^,)]+)', by_state)
    assert towns == ["Aachen", "Herzogenrath", "Iserlohn", "Köln", "Ilmenau"]


def test_gathered_alliances_are_listed_by_nationwide_field(portal: Path) -> None:
    page = outputs_of(portal)[FINDER]
    by_field = page[page.index('id="nach-feld"') :]
    health = by_field[by_field.index("gesundheit-und-pflege/") :]
    health = health[: health.index("</ul>")]
    assert 'href="/iserlohn/ziele/"' in health
    assert 'href="https://nrw.example/aachen/"' in health


def test_the_data_are_credited_with_their_licence(portal: Path) -> None:
    page = outputs_of(portal)[FINDER]
    assert "countries-states-cities-database" in page
    assert "Open Database License (ODbL) 1.0" in page
    assert "ist daraus abgeleitet und steht ebenfalls unter dieser Lizenz" in page


def test_the_finder_says_its_words_in_english(portal: Path) -> None:
    page = outputs_of(portal)["en/buendnisse/index.html"]
    assert "Postal code or town" in page
    assert f"on the website of {PUBLISHER}" in page


def test_only_the_finder_and_search_pages_allow_a_script(portal: Path) -> None:
    for path, source in outputs_of(portal).items():
        if not path.endswith(".html"):
            continue
        policy = re.search(r"script-src ([^;]*);", source)
        assert policy, path
        if path.endswith("buendnisse/index.html"):
            assert policy[1] == "'self'", path
            assert re.findall(r"<script[^>]*src=\"([^\"]*)\"", source) == [
                *re.findall(r"/static/js/finder\.[0-9a-f]{10}\.js", source)
            ]
        elif not path.endswith("suche/index.html"):
            assert policy[1] == "'none'", path


def test_a_message_of_the_finder_in_german(portal: Path) -> None:
    i18n.use("de")
    page = outputs_of(portal)[FINDER]
    assert "Kein Bündnis mit der Postleitzahl {query}, aber {count} Bündnisse" in page


# In the browser, under the page's own policy


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("finder")
    content = gathering(Path(shutil.copytree(EXAMPLE_CONTENT, folder / "content")))
    pipeline.build(Options(content, folder / "site", today=TODAY))
    return folder / "site"


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def page(browser: Browser, base: str) -> Iterator[Page]:
    """A page that keeps the site's Content-Security-Policy and reaches no other host."""
    context = browser.new_context()
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(base) else route.abort(),
    )
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    yield opened
    context.close()
    assert errors == []


READY = """new Promise(ready => {
    const form = document.querySelector("form.finder");
    const check = () => (form.hidden ? setTimeout(check, 20) : ready(true));
    check();
})"""
"""Settles when the script has read the index and shows the form."""


def search(page: Page, query: str) -> None:
    page.get_by_label("Postleitzahl oder Ort").fill(query)
    page.keyboard.press("Enter")


def test_a_postal_code_finds_its_alliance(page: Page, base: str) -> None:
    requested = requests_while_loading(page, base + "buendnisse/", READY)
    assert foreign(requested, base) == []
    assert base + INDEX in requested
    search(page, "52134")
    expect(page.get_by_role("status")).to_have_text("1 Bündnis für „52134“:")
    results = page.locator(".finder-results li")
    expect(results).to_have_count(1)
    expect(results.get_by_role("link")).to_have_text("Lokales Bündnis für Familie Herzogenrath")
    assert results.get_by_role("link").get_attribute("href") == base + "herzogenrath/"
    search(page, "52134 Herzogenrath")
    expect(page.get_by_role("status")).to_have_text("1 Bündnis für „52134 Herzogenrath“:")


def test_a_neighbouring_postal_code_finds_alliances_nearby(page: Page, base: str) -> None:
    page.goto(base + "buendnisse/")
    search(page, "52146")
    expect(page.get_by_role("status")).to_have_text(
        "Kein Bündnis mit der Postleitzahl 52146, aber 1 Bündnis in der Nähe "
        "(gleiche Postleitregion 521…):"
    )
    expect(page.locator(".finder-results li")).to_have_text(
        ["Lokales Bündnis für Familie Herzogenrath (Herzogenrath)"]
    )
    search(page, "52000")
    expect(page.locator(".finder-results a")).to_have_text([f"Bündnis Aachen {HOSTILE}"])
    search(page, "1")
    expect(page.get_by_role("status")).to_contain_text("Kein Bündnis für „1“ gefunden.")


def test_the_first_digits_find_every_alliance_of_the_region(page: Page, base: str) -> None:
    page.goto(base + "buendnisse/")
    search(page, "5")
    expect(page.get_by_role("status")).to_have_text("4 Bündnisse für „5“:")


def test_a_town_is_found_by_its_beginning_and_without_umlauts(page: Page, base: str) -> None:
    page.goto(base + "buendnisse/")
    search(page, "koeln")
    results = page.locator(".finder-results li")
    expect(results).to_have_text(
        [f"Kölner Bündnis für Familien (Köln, auf der Website von {PUBLISHER})"]
    )
    search(page, "ILMEN")
    expect(results.get_by_role("link")).to_have_text(["Lokales Bündnis für Familien in Ilmenau"])


def test_a_gathered_name_is_shown_as_text(page: Page, base: str) -> None:
    page.goto(base + "buendnisse/")
    search(page, "Aachen")
    link = page.locator(".finder-results a")
    expect(link).to_have_text(f"Bündnis Aachen {HOSTILE}")
    assert link.get_attribute("href") == "https://nrw.example/aachen/"
    assert page.locator("main img").count() == 0


def test_an_unknown_town_says_what_to_try(page: Page, base: str) -> None:
    page.goto(base + "buendnisse/")
    search(page, "Atlantis")
    expect(page.get_by_role("status")).to_have_text(
        "Kein Bündnis für „Atlantis“ gefunden. Versuchen Sie die Postleitzahl oder einen Ort "
        "in der Nähe, oder sehen Sie in der Liste nach Bundesland unten nach."
    )
    expect(page.locator(".finder-results li")).to_have_count(0)


def test_the_query_is_kept_in_the_address(page: Page, base: str) -> None:
    page.goto(base + "buendnisse/")
    search(page, "Iserlohn")
    assert page.url == base + "buendnisse/?ort=Iserlohn"
    page.reload()
    expect(page.get_by_role("status")).to_have_text("1 Bündnis für „Iserlohn“:")


def test_english_links_stay_in_the_english_edition(page: Page, base: str) -> None:
    page.goto(base + "en/buendnisse/")
    page.get_by_label("Postal code or town").fill("98693")
    page.keyboard.press("Enter")
    link = page.locator(".finder-results a")
    expect(link).to_have_count(1)
    assert link.get_attribute("href") == base + "en/ilmenau/"


def test_the_finder_passes_axe_and_the_html_checker(
    browser: Browser, base: str, site: Path
) -> None:
    context = new_context(browser, base)
    page = context.new_page()
    page.goto(base + "buendnisse/")
    search(page, "52146")
    expect(page.locator(".finder-results li")).to_have_count(1)
    assert axe_violations(page, "buendnisse/") == []
    context.close()
    assert vnu_errors([site / FINDER, site / "en" / FINDER]) == []
