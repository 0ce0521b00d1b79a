"""The theme's words in the language of each page: German as written, English and Arabic (and
every other shipped catalog) from the theme's catalogs, dates, amounts and counts as the
page's language writes them."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
from babel.messages.catalog import Message

from alliancegen.editions import EASY_READ
from alliancegen.editions import EASY_READ_PATH
from tests.catalog import translated
from tests.conftest import MakeContent
from tests.test_render import html_of
from tests.test_render import rendered
from tests.test_render import visible_text
from tests.theme_catalog import COMPLETE
from tests.theme_catalog import catalogs
from tests.theme_catalog import extracted
from tests.theme_catalog import read

UPDATE = "run 'python -m tests.theme_catalog' and translate what it lists"
EVENT = (
    "---\ntitle: Fest\nstart: 2026-12-05 14:00\nend: 2026-12-05 18:00\n"
    "dates: [2026-12-12 14:00, 2027-01-09 14:00]\nprice: 2,50\nage_min: 3\nage_max: 10\n---\n"
)
EVENT_PAGE = "musterstadt/termine/fest/index.html"
EVENTS_PAGE = "musterstadt/termine/index.html"


def _ids(messages: Any) -> set[Any]:
    return {message.id for message in messages if message.id}


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\((\w+)\)s", text))


def test_every_catalog_holds_exactly_the_texts_of_the_theme() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        in_theme = _ids(extracted())
    assert _ids(read(catalogs()["en"].parent.parent.parent / "theme.pot")) == in_theme, UPDATE
    for key, path in catalogs().items():
        assert _ids(read(path)) == in_theme, f"{key}: {UPDATE}"


@pytest.mark.parametrize("key", COMPLETE)
def test_english_and_arabic_translate_every_text_of_the_theme(key: str) -> None:
    untranslated = [m.id for m in read(catalogs()[key]) if m.id and not translated(m)]
    assert untranslated == [], UPDATE


def _forms(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return tuple(ids), tuple(strings)


def test_translations_keep_the_placeholders_of_their_text() -> None:
    for key, path in catalogs().items():
        for message in read(path):
            ids, strings = _forms(message)
            if not message.id or not any(strings):
                continue
            wanted = set().union(*map(_placeholders, ids))
            for form in strings:
                assert _placeholders(form) <= wanted, (key, message.id, form)
            # the last form counts the most: it says every value (Arabic's zero, one and two
            # forms may say the number in words)
            assert _placeholders(strings[-1]) == _placeholders(ids[-1]), (key, message.id)


@pytest.fixture
def edition(make_content: MakeContent) -> Any:
    """``edition(key)``: the visible text of the event's page and of its alliance's events in
    that edition of a site published in it (``leicht`` by a page written in Leichte Sprache)."""

    def shown(key: str) -> dict[str, str]:
        languages = "" if key == EASY_READ else f"languages: [{key}]\n"
        files = {
            "site.yaml": "title: Testseite\n" + languages,
            "alliances/musterstadt/events/fest.md": EVENT,
            "alliances/musterstadt/events/fest.leicht.md": "---\ntitle: Das Fest\n---\n",
        }
        built = html_of(rendered(make_content(files)))
        prefix = EASY_READ_PATH if key == EASY_READ else f"{key.lower()}/"
        paths = [path for path in (EVENT_PAGE, EVENTS_PAGE) if prefix + path in built]
        return {path: visible_text(built[prefix + path]) for path in paths}

    return shown


def pages(make_content: MakeContent) -> dict[str, str]:
    """The visible text of the event's page and of its alliance's events."""
    files = html_of(rendered(make_content({"alliances/musterstadt/events/fest.md": EVENT})))
    return {path: visible_text(files[path]) for path in (EVENT_PAGE, EVENTS_PAGE)}


def test_a_page_without_an_edition_speaks_german(make_content: MakeContent) -> None:
    shown = pages(make_content)
    assert "Kosten 2,50 €" in shown[EVENT_PAGE]
    assert "5. Dezember 2026, 14:00 Uhr bis" in shown[EVENT_PAGE]
    assert "3 bis 10 Jahre" in shown[EVENT_PAGE]
    assert "und 2 weitere Termine" in shown[EVENTS_PAGE]
    assert "Zum Inhalt springen" in shown[EVENT_PAGE]


def test_an_english_page_speaks_english(make_content: MakeContent, edition: Any) -> None:
    shown = edition("en")
    event = shown[EVENT_PAGE]
    assert "Skip to content" in event
    assert "Cost €2.50" in event
    assert "December 5, 2026, 2:00 PM to" in event
    assert "For whom 3 to 10 years" in event
    assert "and 2 more dates" in shown[EVENTS_PAGE]
    assert not {"Kosten", "Dezember", "Uhr", "Termine"} & set(event.split())


def test_an_arabic_page_speaks_arabic_and_counts_in_its_forms(
    make_content: MakeContent, edition: Any
) -> None:
    shown = edition("ar")
    event = shown[EVENT_PAGE]
    assert "انتقل إلى المحتوى" in event  # skip to content
    assert "ديسمبر" in event  # December
    assert "من 3 إلى 10 سنوات" in event  # 3 to 10: the plural of three to ten
    assert "وموعدان آخران" in shown[EVENTS_PAGE]  # and two more dates: the dual
    assert "Kosten" not in event


def test_an_edition_without_a_catalog_shows_the_german_texts(
    make_content: MakeContent, edition: Any
) -> None:
    event = edition("uk")[EVENT_PAGE]
    assert "Zum Inhalt springen" in event
    assert "Kosten 2,50 EUR" in event  # the amount as Ukrainian writes it


def test_leichte_sprache_rewrites_the_navigation_and_keeps_german_elsewhere(
    make_content: MakeContent, edition: Any
) -> None:
    event = edition(EASY_READ)[EVENT_PAGE]
    assert "Start-Seite" in event
    assert "Kosten 2,50 €" in event
