"""The search: Pagefind's index of the built example site, searched in Chromium on the search
page, which alone runs a script; without JavaScript it lists every alliance."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import Page
from playwright.sync_api import expect

import alliancegen.serve
from alliancegen import i18n
from alliancegen import search
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.pipeline import Engine
from alliancegen.pipeline import build
from alliancegen.pipeline import check
from alliancegen.render import Output
from alliancegen.serve import Preview
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent
from tests.quality import NARROW
from tests.quality import TODAY
from tests.quality import axe_violations
from tests.quality import chromium
from tests.quality import foreign
from tests.quality import scroll_width
from tests.quality import serve
from tests.test_serve import wait_until
from tests.test_serve_requests import serve_in_thread

NEWS = "/ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/"
ILMENAU = "Lokales Bündnis für Familien in Ilmenau"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example site built at the root of a local server."""
    site = tmp_path_factory.mktemp("search") / "site"
    build(Options(EXAMPLE_CONTENT, site, today=TODAY))
    with serve(site) as url:
        yield url.rstrip("/")


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page under the site's own Content-Security-Policy, in German."""
    context = browser.new_context(locale="de-DE")
    yield context.new_page()
    context.close()


def search_page(page: Page, origin: str, words: str) -> list[str]:
    """Open the search page at ``origin`` + path, type ``words``; the result links."""
    page.goto(origin)
    page.get_by_label("Suchbegriff").fill(words)
    expect(page.get_by_role("status")).to_contain_text("Treffer")
    return links(page)


def links(page: Page) -> list[str]:
    return [str(link.get_attribute("href")) for link in page.locator(".search-results a").all()]


def test_an_inflected_word_of_a_news_body_finds_the_item(page: Page, served: str) -> None:
    # The item says "Auszeichnung", once: German stemming finds it by the plural too.
    found = search_page(page, served + "/suche/", "Auszeichnungen")
    assert NEWS in found
    item = page.locator(".search-results li", has=page.locator(f'a[href="{NEWS}"]'))
    expect(item.locator("mark").first).to_contain_text("Auszeichnung")
    expect(item.locator(".meta")).to_have_text(f"Meldung · {ILMENAU}")


def test_a_filter_narrows_the_results(page: Page, served: str) -> None:
    everywhere = search_page(page, served + "/suche/", "Familie")
    found = page.get_by_role("status").inner_text()
    page.get_by_label("Bündnis").select_option(ILMENAU)
    expect(page.get_by_role("status")).not_to_have_text(found)
    narrowed = links(page)
    assert 0 < len(narrowed) < len(everywhere)
    assert all(link.startswith("/ilmenau/") for link in narrowed)
    assert quote("Bündnis") + "=" in page.url  # a search can be bookmarked and reloaded
    page.reload()
    expect(page.get_by_label("Bündnis")).to_have_value(ILMENAU)
    expect(page.locator(".search-results li")).to_have_count(len(narrowed))


def test_the_search_page_with_results_has_no_axe_violation(browser: Browser, served: str) -> None:
    context = browser.new_context(bypass_csp=True)  # for the injected axe-core only
    page = context.new_page()
    search_page(page, served + "/suche/", "Familie")
    violations = axe_violations(page, "/suche/")
    page.set_viewport_size(NARROW)
    violations += axe_violations(page, "/suche/ (320 px)")
    width = scroll_width(page)
    context.close()
    assert violations == [], "\n".join(map(str, violations))
    assert width <= NARROW["width"]  # the filters' long names fit a phone


def test_no_request_leaves_the_site(page: Page, served: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    search_page(page, served + "/suche/", "Familientag")
    page.get_by_label("Inhalt").select_option("Veranstaltung")
    expect(page.locator(".search-results li").first).to_be_visible()
    assert any("/pagefind/" in url for url in requested)
    assert foreign(requested, served + "/") == []
    assert errors == []  # the policy lets Pagefind's WebAssembly and worker run


def test_without_javascript_the_page_lists_every_alliance(browser: Browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "/suche/")
    expect(page.get_by_role("search")).to_be_hidden()
    expect(page.get_by_text("Die Suche braucht JavaScript")).to_be_visible()
    expect(page.get_by_role("link", name=ILMENAU).first).to_be_visible()
    expect(page.get_by_role("heading", name="Thüringen")).to_be_visible()
    context.close()


def test_the_search_works_under_a_sub_path(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    root = tmp_path_factory.mktemp("sub")
    build(Options(EXAMPLE_CONTENT, root / "buendnis", "https://example.org/buendnis/", today=TODAY))
    with serve(root) as url:
        found = search_page(page, url + "buendnis/suche/", "Auszeichnungen")
        assert "/buendnis" + NEWS in found
        page.get_by_role("link", name="Ilmenau – Mehr Zeit für die Familie").click()
        expect(page.locator("h1")).to_have_text("Ilmenau – Mehr Zeit für die Familie")


SCRIPT = re.compile(r'<script(?! type="application/ld\+json">)')
"""A script element that runs: structured data (JSON-LD) is data."""


def test_only_the_search_and_finder_pages_run_a_script(tmp_path: Path) -> None:
    site = tmp_path / "site"
    build(Options(EXAMPLE_CONTENT, site, today=TODAY))
    for file in sorted(site.rglob("*.html")):
        html = file.read_text(encoding="utf-8")
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html)
        assert policy, file
        if file.parent.name == "suche":  # the search page of each language
            assert "script-src 'self' 'wasm-unsafe-eval';" in policy[1]
            assert len(SCRIPT.findall(html)) == 1
        elif file.parent.name == "buendnisse":  # the finder (tests/test_finder.py)
            assert "script-src 'self';" in policy[1]
            assert len(SCRIPT.findall(html)) == 1
        else:
            assert "script-src 'none';" in policy[1], file
            assert not SCRIPT.search(html), file


def test_text_that_looks_like_markup_is_shown_as_text(
    page: Page, make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content(
        {
            "alliances/musterstadt/news/spielplatz.md": """\
                ---
                title: Neuer Spielplatz
                date: 2026-05-01
                ---
                Am Spielplatz: `<img src=x onerror=alert(1)>` und `<mark>nicht</mark>` &lt;b&gt;.
                """
        }
    )
    build(Options(content, tmp_path / "site", "https://example.org/", today=TODAY))
    with serve(tmp_path / "site") as url:
        search_page(page, url + "suche/", "Spielplatz")
        item = page.locator(".search-results li", has_text="Neuer Spielplatz").first
        excerpt = item.locator("p:not(.meta)")
        expect(excerpt).to_contain_text("<img src=x onerror=alert(1)> und <mark>nicht</mark>")
        assert page.locator(".search-results img").count() == 0
        marks = excerpt.locator("mark").all_text_contents()
        assert marks and all(mark.startswith("Spielplatz") for mark in marks)
        # One alliance: filtering by alliance or state would choose among one
        expect(page.locator(".search-filters label")).to_have_text(["Inhalt"])


# The index: German, and a function of the pages


def test_the_index_is_german_and_the_same_for_the_same_pages(tmp_path: Path) -> None:
    rendered = Engine(Options(EXAMPLE_CONTENT, tmp_path / "unused", today=TODAY)).render()
    pages = search.searchable(rendered.outputs)
    assert len(pages) > 15
    first, again = search.index(pages), search.index(pages)
    assert first == again  # Pagefind's own filter files differ from run to run
    entry = next(output for output in first if output.path.name == "pagefind-entry.json")
    languages = json.loads(entry.content)["languages"]
    assert list(languages) == ["ar", "de", "en"]  # the example's languages, in order
    assert sum(language["page_count"] for language in languages.values()) == len(pages)


# Without Pagefind, or when it fails: a located problem, and the last build stays


@pytest.mark.parametrize(
    ("binary", "english", "german"),
    [
        (
            "/nirgends/pagefind",
            "the search index cannot be made: the program 'pagefind' is missing",
            "der Suchindex kann nicht erstellt werden: Das Programm 'pagefind' fehlt",
        ),
        (
            "/bin/false",
            "the search index cannot be made: pagefind failed: pagefind ended before it answered",
            "der Suchindex kann nicht erstellt werden: pagefind ist gescheitert: pagefind hat "
            "sich beendet, bevor es antwortete",
        ),
    ],
)
@pytest.mark.parametrize("language", ["en", "de"])
def test_a_build_without_a_working_pagefind_fails_and_keeps_the_last_site(
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    binary: str,
    english: str,
    german: str,
    language: str,
) -> None:
    output = tmp_path / "site"
    build(Options(example_copy, output, today=TODAY))
    before = {path: path.read_bytes() for path in output.rglob("*") if path.is_file()}
    (example_copy / "pages" / "neu.md").write_text("---\ntitle: Neu\n---\nText.\n")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", binary)
    i18n.use(language)
    with pytest.raises(ContentError) as raised:
        build(Options(example_copy, output, today=TODAY))
    (problem,) = raised.value.problems
    assert problem.location.path == Path(binary)
    assert problem.message == (english if language == "en" else german)
    assert problem.hint
    assert {path: path.read_bytes() for path in output.rglob("*") if path.is_file()} == before
    if not Path(binary).exists():
        with pytest.raises(ContentError):
            check(example_copy)  # check says so too, before anyone builds


def test_no_page_may_take_the_search_index_s_folder(make_content: MakeContent) -> None:
    root = make_content({"pages/pagefind.md": "---\ntitle: P\n---\n"})
    with pytest.raises(ContentError) as raised:
        check(root)
    (problem,) = raised.value.problems
    assert str(problem.location) == f"{root / 'pages/pagefind.md'}:2:1"
    assert problem.message == (
        f"the page /pagefind/ ({problem.location}) lies in /pagefind/, where the search index "
        "is published"
    )
    assert problem.hint == "give it another slug"


def test_a_build_with_the_same_pages_reuses_the_kept_index(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    options = Options(example_copy, tmp_path / "site", today=TODAY, cache_dir=tmp_path / "cache")
    build(options)
    first = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/nirgends/pagefind")
    home = example_copy / "templates" / "home.html"
    home.parent.mkdir()
    home.write_text('{% extends "theme/home.html" %}{% block main %}Neu{% endblock %}\n')
    build(options)  # a new home page: not a page the search finds
    again = {p: p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    index = [p for p in first if "pagefind" in p.parts]
    assert index and all(again[p] == first[p] for p in index)


# In serve: the index follows each rebuild in the background


def test_serve_answers_while_it_indexes_and_then_finds_the_edit(
    example_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    page: Page,
) -> None:
    output = tmp_path / "site"
    preview = Preview(Options(example_copy, output, "http://localhost:8000/", today=TODAY), "/")
    preview.rebuild()
    assert preview.index() == ""
    entry = output / "pagefind" / "pagefind-entry.json"
    first = entry.read_bytes()
    indexing, go_on = threading.Event(), threading.Event()
    made = search.index

    def slow(pages: list[Output]) -> tuple[Output, ...]:
        indexing.set()
        go_on.wait(10)
        return made(pages)

    monkeypatch.setattr(search, "index", slow)
    monkeypatch.setattr(alliancegen.serve, "LONG_POLL_SECONDS", 0.5)
    threading.Thread(target=preview.keep_index, daemon=True).start()
    running = serve_in_thread(preview, capsys)
    try:
        news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
        news.write_text(news.read_text() + "\nEin Seifenkistenrennen für alle.\n")
        preview.rebuild([news])
        assert indexing.wait(10)
        reply = running.request(NEWS)  # answered while the index is made
        assert reply.status == 200 and b"Seifenkistenrennen" in reply.body
        assert entry.read_bytes() == first
        epoch = preview.epoch
        go_on.set()
        wait_until(lambda: entry.read_bytes() != first)
        wait_until(lambda: preview.epoch == epoch + 1)  # open search pages load it again
        found = search_page(page, f"http://127.0.0.1:{running.port}/suche/", "Seifenkisten")
        assert found == [NEWS]
    finally:
        running.stop()
