"""Editions: a site in further languages and in Leichte Sprache.

A translation is complete (every page, untranslated texts shown in the main language and
marked as such); Leichte Sprache holds what is written in it and its start page; pages link
within their edition and name their other editions in pairs.
"""

from __future__ import annotations

import re
import textwrap
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from alliancegen.config import Options
from alliancegen.pipeline import render
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of

TODAY = date(2026, 11, 27)
ALLIANCE = "alliances/musterstadt"

TRANSLATED_SITE = {
    "site.yaml": """\
        title: Familien in Musterstadt
        base_url: https://example.org/
        languages: [tr, fa]
        translations:
          tr:
            title: Musterstadt'ta aileler
        """,
    f"{ALLIANCE}/alliance.md": """\
        ---
        name: Bündnis für Familie Musterstadt
        town: Musterstadt
        state: Hessen
        summary: Wir verbessern das Leben der Familien.
        ---
        Der deutsche Text des Bündnisses.
        """,
    f"{ALLIANCE}/alliance.tr.md": """\
        ---
        summary: Ailelerin hayatını iyileştiriyoruz.
        ---
        İttifakın Türkçe metni.
        """,
    f"{ALLIANCE}/goals.yaml": """\
        - title: Mehr Betreuung am Nachmittag
          translations:
            tr:
              title: Öğleden sonra daha fazla bakım
        """,
    f"{ALLIANCE}/news/treffen.md": """\
        ---
        title: Bündnistreffen im Rathaus
        date: 2026-03-02
        ---
        Alle Partner trafen sich.
        """,
    "pages/kontakt.md": """\
        ---
        title: Kontakt
        menu: 1
        ---
        Schreiben Sie uns.
        """,
    "pages/kontakt.leicht.md": """\
        ---
        title: So erreichen Sie uns
        ---
        Sie können uns schreiben.
        """,
    "leichte-sprache.md": """\
        ---
        title: Leichte Sprache
        ---
        Auf dieser Internet-Seite stehen Familien-Bündnisse.
        """,
}


class _Page(HTMLParser):
    """The parts of a page the tests look at: html attributes, links, alternates."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.root: dict[str, str | None] = {}
        self.links: list[str] = []
        self.alternates: dict[str, str] = {}
        self.marked: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.root = found
        elif tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        elif tag == "link" and found.get("hreflang"):
            self.alternates[str(found["hreflang"])] = str(found["href"])
        if "lang" in found and tag != "html":
            self.marked.append((tag, found))


@pytest.fixture
def built(make_content: MakeContent) -> dict[str, str]:
    """The text files the build makes of ``TRANSLATED_SITE``, by path."""
    root = make_content(TRANSLATED_SITE)
    outputs, _ = render(Options(root, Path("unused"), today=TODAY))
    return {
        str(output.path): output.content.decode()
        for output in outputs
        if output.path.suffix in {".html", ".xml", ".ics", ".json"}
    }


def pages(built: dict[str, str], prefix: str = "") -> dict[str, str]:
    """The HTML pages of one edition, by their path without the prefix."""
    others = ("tr/", "fa/", "leichte-sprache/", "pagefind/")
    return {
        path.removeprefix(prefix): text
        for path, text in built.items()
        if path.endswith("index.html")
        and path.startswith(prefix)
        and (prefix or not path.startswith(others))
    }


# The model: texts written for an edition lie over their original


def test_a_translation_takes_what_it_does_not_write_from_its_original(
    make_content: MakeContent,
) -> None:
    site = site_of(make_content(TRANSLATED_SITE))
    original = site.alliances[0]
    turkish = site.translated["tr"].alliances[0]
    assert turkish.summary == "Ailelerin hayatını iyileştiriyoruz."
    assert turkish.body.strip() == "İttifakın Türkçe metni."
    assert (turkish.name, turkish.town, turkish.slug) == (
        original.name,
        original.town,
        "musterstadt",
    )
    assert turkish.goals[0].title == "Öğleden sonra daha fazla bakım"
    assert turkish.written_for == "tr" and original.written_for is None
    assert site.translated["tr"].settings.title == "Musterstadt'ta aileler"


def test_what_an_edition_does_not_translate_is_the_very_same_object(
    make_content: MakeContent,
) -> None:
    site = site_of(make_content(TRANSLATED_SITE))
    persian = site.translated["fa"]
    assert persian.alliances[0] is site.alliances[0]
    assert site.translated["tr"].alliances[0].news[0] is site.alliances[0].news[0]
    assert persian.settings.language == "fa" and persian.settings.title == site.settings.title


def test_a_body_left_empty_is_the_originals(make_content: MakeContent) -> None:
    root = make_content(
        {**TRANSLATED_SITE, f"{ALLIANCE}/alliance.tr.md": "---\nsummary: Kısa.\n---\n"}
    )
    turkish = site_of(root).translated["tr"].alliances[0]
    assert turkish.body.strip() == "Der deutsche Text des Bündnisses."


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"pages/fehlt.en.md": "---\ntitle: Missing\n---\n"},
            "pages/fehlt.en.md:1:1: there is no file 'fehlt.md' that this file translates",
        ),
        (
            {f"{ALLIANCE}/alliance.uk.md": "---\nsummary: Привіт\n---\n"},
            f"{ALLIANCE}/alliance.uk.md:1:1: the site is not published in 'uk'",
        ),
        (
            {f"{ALLIANCE}/news/treffen.tr.md": "---\ndate: gestern\n---\n"},
            f"{ALLIANCE}/news/treffen.tr.md:2:7: ",
        ),
        (
            {f"{ALLIANCE}/goals.yaml": "- title: Ziel\n  translations:\n    tr: Hedef\n"},
            f"{ALLIANCE}/goals.yaml:3:5: 'translations' must hold the texts by language",
        ),
        (
            {f"{ALLIANCE}/goals.yaml": "- title: Ziel\n  translations:\n    tr:\n      titel: X\n"},
            f"{ALLIANCE}/goals.yaml:4:7: ",
        ),
    ],
    ids=["no-original", "unknown-language", "bad-value", "not-by-language", "unknown-field"],
)
def test_a_wrong_translation_is_a_problem_at_its_own_line(
    make_content: MakeContent, files: dict[str, str], expected: str
) -> None:
    root = make_content({**TRANSLATED_SITE, **files})
    found = described(problems_of(root), root)
    assert any(line.startswith(expected) for line in found), found


def test_languages_are_listed_once(make_content: MakeContent) -> None:
    root = make_content({"site.yaml": "title: T\nlanguages: [en, de]\n"})
    found = described(problems_of(root), root)
    assert found == ["site.yaml:2:12: 'de' is listed twice, or is the site's own language"]


# The published site


def test_a_translation_has_every_page_of_the_main_language(built: dict[str, str]) -> None:
    german = set(pages(built))
    for prefix in ("tr/", "fa/"):
        assert set(pages(built, prefix)) == german
    assert "tr/404.html" not in built and "tr/robots.txt" not in built


def test_leichte_sprache_holds_what_is_written_in_it_and_its_start_page(
    built: dict[str, str],
) -> None:
    assert set(pages(built, "leichte-sprache/")) == {"index.html", "kontakt/index.html"}
    start = built["leichte-sprache/index.html"]
    assert '<html lang="de">' in start
    assert "Familien-Bündnisse" in start
    assert '<a href="/leichte-sprache/kontakt/">So erreichen Sie uns</a>' in start


@pytest.mark.parametrize("prefix", ["", "tr/", "fa/"])
def test_alternates_are_reciprocal_and_name_every_language(
    built: dict[str, str], prefix: str
) -> None:
    for path, text in pages(built, prefix).items():
        alternates = _Page(text).alternates
        address = "https://example.org/" + prefix + path.removesuffix("index.html")
        assert set(alternates) == {"de", "tr", "fa"}, path
        assert alternates[_Page(text).root["lang"] or ""] == address
        for other in alternates.values():
            back = built[other.removeprefix("https://example.org/") + "index.html"]
            assert _Page(back).alternates == alternates


def test_pages_declare_their_language_and_direction(built: dict[str, str]) -> None:
    assert _Page(built["index.html"]).root == {"lang": "de"}
    assert _Page(built["tr/index.html"]).root == {"lang": "tr"}
    assert _Page(built["fa/musterstadt/index.html"]).root == {"lang": "fa", "dir": "rtl"}


@pytest.mark.parametrize("prefix", ["tr/", "fa/"])
def test_links_stay_in_the_edition(built: dict[str, str], prefix: str) -> None:
    for path, text in pages(built, prefix).items():
        switcher = re.compile(r'<nav class="editions".*?</nav>', re.DOTALL)
        for link in _Page(switcher.sub("", text)).links:
            assert link.startswith(("/" + prefix, "/static/", "mailto:", "http", "#")), (path, link)


def test_the_switcher_names_each_language_in_itself(built: dict[str, str]) -> None:
    page = built["musterstadt/index.html"]
    switcher = page[page.index('class="editions"') : page.index("</nav>", page.index("editions"))]
    assert '<a href="/tr/musterstadt/" lang="tr" hreflang="tr">Türkçe</a>' in switcher
    assert '<a href="/fa/musterstadt/" lang="fa" hreflang="fa" dir="rtl">فارسی</a>' in switcher
    home = built["index.html"]
    assert '<a href="/leichte-sprache/" lang="de">Leichte Sprache</a>' in home


def test_an_untranslated_text_shows_in_the_main_language_marked_as_such(
    built: dict[str, str],
) -> None:
    untranslated = built["fa/musterstadt/index.html"]
    assert '<article class="alliance" lang="de" dir="ltr">' in untranslated
    assert 'class="untranslated"' in untranslated
    assert "Der deutsche Text des Bündnisses." in untranslated
    translated = built["tr/musterstadt/index.html"]
    assert '<article class="alliance">' in translated
    assert 'class="untranslated"' not in translated
    listed = built["tr/musterstadt/aktuelles/index.html"]
    assert re.search(r'<a href="/tr/musterstadt/aktuelles/treffen/" lang="de">', listed)


def test_feeds_and_structured_data_speak_the_edition(built: dict[str, str]) -> None:
    assert 'xml:lang="tr"' in built["tr/feed.xml"]
    assert "<id>https://example.org/tr/musterstadt/aktuelles/treffen/</id>" in built["tr/feed.xml"]
    item = built["tr/musterstadt/aktuelles/treffen/index.html"]
    assert '"inLanguage": "tr"' in item
    assert '"url": "https://example.org/tr/musterstadt/aktuelles/treffen/"' in item
    sitemap = built["sitemap.xml"]
    assert "<loc>https://example.org/leichte-sprache/kontakt/</loc></url>" in sitemap
    entry = sitemap[sitemap.index("<loc>https://example.org/fa/musterstadt/</loc>") :]
    entry = entry[: entry.index("</url>")]
    for language, prefix in (("de", ""), ("tr", "tr/"), ("fa", "fa/")):
        address = f"https://example.org/{prefix}musterstadt/"
        assert f'<xhtml:link rel="alternate" hreflang="{language}" href="{address}"/>' in entry


def test_the_start_page_in_leichte_sprache_warns_while_a_part_is_missing(
    make_content: MakeContent,
) -> None:
    root = make_content({**TRANSLATED_SITE, "leichte-sprache.md": "---\ntitle: Leicht\n---\n"})
    _outputs, warnings = render(Options(root, Path("unused"), today=TODAY))
    messages = [warning.message for warning in warnings]
    assert "the start page in Leichte Sprache does not say yet what the site is about" in messages
    assert "the start page in Leichte Sprache has no video in German Sign Language yet" in messages


def test_a_draft_start_page_in_leichte_sprache_is_left_out(make_content: MakeContent) -> None:
    draft = "---\ntitle: Leicht\ndraft: true\n---\nText.\n"
    root = make_content({**TRANSLATED_SITE, "leichte-sprache.md": draft})
    outputs, _ = render(Options(root, Path("unused"), today=TODAY))
    paths = {str(output.path) for output in outputs}
    assert "leichte-sprache/index.html" not in paths
    assert "leichte-sprache/kontakt/index.html" in paths


def test_the_start_page_in_leichte_sprache_explains_the_accessibility_statement(
    make_content: MakeContent,
) -> None:
    statement = (
        "operator:\n  name: Stadt Musterstadt\n"
        "  address: {street: Marktplatz 1, postal_code: 12345, locality: Musterstadt}\n"
        "  email: info@musterstadt.de\n"
        "accessibility:\n  status: partial\n  feedback_email: barrierefrei@musterstadt.de\n"
        "  known_issues: [Alte PDF-Dateien]\n"
    )
    site = textwrap.dedent(TRANSLATED_SITE["site.yaml"]).replace(
        "languages:", statement + "languages:"
    )
    root = make_content({**TRANSLATED_SITE, "site.yaml": site})
    outputs, _ = render(Options(root, Path("unused"), today=TODAY))
    start = next(o for o in outputs if str(o.path) == "leichte-sprache/index.html")
    text = start.content.decode()
    assert "Diese Internet-Seite ist noch nicht ganz barriere-frei." in text
    assert "<li>Alte PDF-Dateien</li>" in text
    assert '<a href="/barrierefreiheit/">Erklärung zur Barriere-Freiheit</a>' in text
    assert '<li><a href="/impressum/">' in text  # the legal pages below every page
