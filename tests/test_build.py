"""Whole builds: the shipped example and small made-up sites, written to disk and read back.

Feeds are read with feedparser, calendars with icalendar, the sitemap with xml.etree and pages
with html.parser, so every check sees the files as a reader, a calendar or a crawler would.
"""

from __future__ import annotations

import fnmatch
import html
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from datetime import UTC
from datetime import date
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin
from urllib.parse import urlsplit

import feedparser
import icalendar
import pytest

from alliancegen.config import Options
from alliancegen.config import make_config
from alliancegen.errors import ContentError
from alliancegen.pipeline import build
from alliancegen.pipeline import check
from alliancegen.render import media_output
from alliancegen.routes import plan_routes
from alliancegen.theme import collect_assets
from alliancegen.theme import load_theme
from alliancegen.write import MARKER
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent
from tests.conftest import language_prefixes
from tests.conftest import picture

TODAY = date(2026, 11, 26)
BASE_URL = "https://example.org/"
SUB_PATH_URL = "https://example.org/buendnis/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

ALLIANCE = "alliances/musterstadt"
MADE_UP_SITE = {
    f"{ALLIANCE}/alliance.md": """\
        ---
        name: Bündnis für Familie Musterstadt
        town: Musterstadt
        state: Hessen
        coordinators: [katrin-hoh]
        hero: {file: media/fest.jpg, alt: Kinder beim Fest, credit: Anna A.}
        ---
        Das Bündnis stellt sich vor.
        """,
    f"{ALLIANCE}/media/fest.jpg": picture(),
    f"{ALLIANCE}/people.yaml": "- name: Katrin Hoh\n  email: gba@musterstadt.de\n",
    f"{ALLIANCE}/partners.yaml": "- name: Stadt Musterstadt\n  category: municipality\n",
    f"{ALLIANCE}/news/sommerfest.md": "---\ntitle: Das Sommerfest\ndate: 2026-07-12\n---\nText\n",
    f"{ALLIANCE}/news/gruendung.md": "---\ntitle: Gegründet\ndate: 2025-11\n---\n",
    f"{ALLIANCE}/news/ohne-datum.md": "---\ntitle: Ohne Datum\ndate: unknown\n---\n",
    "news/jahresbericht.md": """\
        ---
        title: Jahresbericht 2025
        date: 2026-02-01
        attachments: [{title: Bericht, file: media/bericht.pdf}]
        ---
        """,
    "media/bericht.pdf": b"%PDF-1.4 not really a PDF",
    f"{ALLIANCE}/events/herbstfest.md": """\
        ---
        title: Herbstfest
        start: 2026-12-05 14:00
        end: 2026-12-05 18:00
        place: {name: Rathaus, street: Marktplatz 1, postal_code: 12345, locality: Musterstadt}
        ---
        """,
    f"{ALLIANCE}/events/aktionstag.md": """\
        ---
        title: Aktionstag
        start: 2026-05-15
        end: 2026-05-16
        ---
        """,
    f"{ALLIANCE}/events/jahrestreffen.md": "---\ntitle: Jahrestreffen\nstart: 2026\n---\n",
    f"{ALLIANCE}/events/sommerferien.md": "---\ntitle: Sommerferien\nstart: 2026-07\n---\n",
    "pages/ueber-uns.md": """\
        ---
        title: Über uns
        menu: 1
        ---
        Unsere [Partner](/musterstadt/partner/) und
        [Ansprechpartnerin](/musterstadt/mitmachen/#katrin-hoh).

        ![Kinder beim Fest](/musterstadt/media/fest.jpg)
        """,
}
"""A small site with dated news and events, media files and Markdown links."""

LEGAL_SETTINGS = """\
    title: Testseite
    operator:
      name: Stadtverwaltung Musterstadt
      address: {street: Marktplatz 1, postal_code: 12345, locality: Musterstadt}
      email: info@musterstadt.de
    privacy:
      hosting_provider: Beispiel-Hosting GmbH
    accessibility:
      status: partial
      feedback_email: barrierefrei@musterstadt.de
    """
LEGAL_PAGES = ("impressum/", "datenschutz/", "barrierefreiheit/")


@dataclass(frozen=True)
class Built:
    """A finished build and what it was built from."""

    content: Path
    output: Path
    base_url: str


def build_into(content: Path, output: Path, base_url: str = BASE_URL, **options: bool) -> Built:
    """Build ``content`` into ``output`` as on TODAY."""
    build(Options(content, output, base_url=base_url, today=TODAY, **options))
    return Built(content, output, base_url)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The shipped example content, built once for the whole session."""
    return build_into(EXAMPLE_CONTENT, tmp_path_factory.mktemp("example") / "build")


@pytest.fixture
def made_up_build(make_content: MakeContent, tmp_path: Path) -> Built:
    """The made-up site, built under a sub-path."""
    return build_into(make_content(MADE_UP_SITE), tmp_path / "build", SUB_PATH_URL)


@pytest.fixture(params=["example", "made-up-under-sub-path"])
def any_build(request: pytest.FixtureRequest) -> Built:
    """Each of the builds above in turn."""
    name = "example_build" if request.param == "example" else "made_up_build"
    built: Built = request.getfixturevalue(name)
    return built


# Reading the output


def files_of(output: Path) -> dict[str, bytes]:
    """Every file below ``output`` by its POSIX path, with its bytes."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in sorted(output.rglob("*"))
        if path.is_file()
    }


def page_url(path: str) -> str:
    """The URL of an output file below the base: 'a/index.html' -> 'a/', 'index.html' -> ''."""
    return path.removesuffix("index.html") if path.rsplit("/", 1)[-1] == "index.html" else path


def html_pages(output: Path) -> dict[str, str]:
    """Every HTML page of the output by its URL below the base, with its source."""
    return {
        page_url(path): content.decode("utf-8")
        for path, content in files_of(output).items()
        if path.endswith(".html")
    }


def mentions(built: Built, text: str) -> list[str]:
    """The output files whose bytes contain ``text``."""
    return [path for path, content in files_of(built.output).items() if text.encode() in content]


def sitemap_locations(output: Path) -> list[str]:
    """The addresses the sitemap lists."""
    tree = ElementTree.parse(output / "sitemap.xml")
    return [loc.text or "" for loc in tree.getroot().iter(f"{SITEMAP}loc")]


class PageParser(HTMLParser):
    """What the checks need from one HTML page: links, ids, footer links, canonical URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.footer_links: list[str] = []
        self.ids: set[str] = set()
        self.canonical: list[str] = []
        self.og_url: list[str] = []
        self._footer_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self._footer_depth += tag == "footer"
        for name in ("href", "src"):
            if name in found:
                self.links.append(found[name])
                if self._footer_depth:
                    self.footer_links.append(found[name])
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "link" and found.get("rel") == "canonical":
            self.canonical.append(found["href"])
        if tag == "meta" and found.get("property") == "og:url":
            self.og_url.append(found["content"])

    def handle_endtag(self, tag: str) -> None:
        self._footer_depth -= tag == "footer"


def parsed(source: str) -> PageParser:
    """An HTML page, parsed."""
    parser = PageParser()
    parser.feed(source)
    parser.close()
    return parser


def links_in(source: str) -> list[str]:
    """Every href and src of an HTML page, with character references decoded."""
    return parsed(source).links


def feed_links(source: bytes) -> list[str]:
    """Every link of an Atom feed: the feed's own and each entry's."""
    feed = feedparser.parse(source)
    return [link.href for item in (feed.feed, *feed.entries) for link in item.get("links", [])]


def broken_links(built: Built, url: str, links: list[str]) -> list[str]:
    """The links of the page at ``url`` that point into the site but not to a file there.

    A link ending in '/' means that folder's index.html; a #fragment must be an id on an
    HTML target page. Links to other hosts, mailto: and tel: are not checked.
    """
    files = files_of(built.output)
    base = urlsplit(built.base_url)
    broken = []
    for link in links:
        target = urljoin(built.base_url + url, link)
        if urlsplit(target)[:2] != base[:2]:
            continue
        path, _, fragment = target.removeprefix(built.base_url).partition("#")
        path = path + "index.html" if not path or path.endswith("/") else path
        missing = not target.startswith(built.base_url) or path not in files
        if missing or (fragment and fragment not in parsed(files[path].decode("utf-8")).ids):
            broken.append(link)
    return broken


def calendars(output: Path) -> dict[str, icalendar.Calendar]:
    """Every .ics file of the output, parsed."""
    return {
        path: icalendar.Calendar.from_ical(content)
        for path, content in files_of(output).items()
        if path.endswith(".ics")
    }


def events_by_summary(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    """The calendar's events by their SUMMARY."""
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder next to and below ``folder``, with bytes and mtime."""
    return {
        path.relative_to(folder.parent).as_posix(): (
            path.read_bytes() if path.is_file() else b"",
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.parent.rglob("*"))
    }


# The output holds the plan, and only the plan


def test_output_holds_every_route_asset_and_media_file_and_nothing_else(any_build: Built) -> None:
    site = check(any_build.content)
    options = Options(any_build.content, any_build.output, base_url=any_build.base_url)
    config = make_config(site.settings, options)
    routes = [str(route.output) for route in plan_routes(site, config).routes]
    assets = [str(asset.output) for asset in collect_assets(load_theme(config)).values()]
    media = [str(media_output(site, path)) for path in site.media]
    index = [name for name in files_of(any_build.output) if name.startswith("pagefind/")]
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= set(index)
    expected = [*routes, *assets, *media, *index, MARKER]
    assert len(set(expected)) == len(expected)
    variant = re.compile(r"-(\d+w|\d+x\d+)-[0-9a-f]{8}\.(jpg|png|webp)$")  # of photos
    built = [name for name in files_of(any_build.output) if not variant.search(name)]
    assert sorted(built) == sorted(expected)


def test_media_files_are_copied_below_their_alliance(made_up_build: Built) -> None:
    files = files_of(made_up_build.output)
    assert files["musterstadt/media/fest.jpg"].startswith(b"\xff\xd8")  # processed: photos.py
    assert files["media/bericht.pdf"] == MADE_UP_SITE["media/bericht.pdf"]


def test_every_internal_link_in_pages_resolves(any_build: Built) -> None:
    broken = {
        url: broken_links(any_build, url, links_in(source))
        for url, source in html_pages(any_build.output).items()
    }
    assert {url: links for url, links in broken.items() if links} == {}


def test_every_link_in_feeds_resolves(any_build: Built) -> None:
    feeds = {
        path: content
        for path, content in files_of(any_build.output).items()
        if path.endswith("feed.xml")
    }
    assert feeds
    broken = {path: broken_links(any_build, path, feed_links(data)) for path, data in feeds.items()}
    assert {path: links for path, links in broken.items() if links} == {}


def test_link_checker_finds_a_missing_page_and_a_missing_fragment(example_build: Built) -> None:
    links = ["/ilmenau/partner/", "/ilmenau/nirgends/", "/ilmenau/partner/#nirgends", "#inhalt"]
    assert broken_links(example_build, "", links) == links[1:3]


# Feeds


@pytest.mark.parametrize("feed", ["feed.xml", "ilmenau/aktuelles/feed.xml"])
def test_example_feeds_parse_and_leave_out_undated_news(example_build: Built, feed: str) -> None:
    parsed_feed = feedparser.parse((example_build.output / feed).read_bytes())
    assert not parsed_feed.bozo, parsed_feed.get("bozo_exception")
    assert parsed_feed.feed.title.endswith(": Aktuelles")
    assert parsed_feed.entries == []


@pytest.mark.parametrize(
    ("feed", "titles"),
    [
        ("feed.xml", ["Das Sommerfest", "Jahresbericht 2025", "Gegründet"]),
        ("musterstadt/aktuelles/feed.xml", ["Das Sommerfest", "Gegründet"]),
    ],
    ids=["site", "alliance"],
)
def test_feed_lists_dated_news_newest_first(
    made_up_build: Built, feed: str, titles: list[str]
) -> None:
    parsed_feed = feedparser.parse((made_up_build.output / feed).read_bytes())
    assert not parsed_feed.bozo, parsed_feed.get("bozo_exception")
    assert [entry.title for entry in parsed_feed.entries] == titles
    updated = [entry.updated_parsed for entry in parsed_feed.entries]
    assert updated == sorted(updated, reverse=True)


def test_feed_entries_link_to_their_news_pages(made_up_build: Built) -> None:
    parsed_feed = feedparser.parse((made_up_build.output / "feed.xml").read_bytes())
    assert {entry.title: entry.link for entry in parsed_feed.entries} == {
        "Das Sommerfest": SUB_PATH_URL + "musterstadt/aktuelles/sommerfest/",
        "Jahresbericht 2025": SUB_PATH_URL + "aktuelles/jahresbericht/",
        "Gegründet": SUB_PATH_URL + "musterstadt/aktuelles/gruendung/",
    }


# Calendars


def test_calendars_have_the_properties_rfc_5545_requires(made_up_build: Built) -> None:
    found = calendars(made_up_build.output)
    assert sorted(found) == [
        "musterstadt/termine/aktionstag/termin.ics",
        "musterstadt/termine/herbstfest/termin.ics",
        "musterstadt/termine/kalender.ics",
        "termine/kalender.ics",
    ]
    for calendar in found.values():
        assert (calendar["VERSION"], bool(calendar["PRODID"])) == ("2.0", True)
        events = calendar.walk("VEVENT")
        assert events
        for event in events:
            assert {"UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"} <= set(event)
        uids = [str(event["UID"]) for event in events]
        assert len(set(uids)) == len(uids)


def test_calendar_uids_stay_the_same_in_the_next_build(
    made_up_build: Built, make_content: MakeContent, tmp_path: Path
) -> None:
    def uids(built: Built) -> dict[str, str]:
        calendar = calendars(built.output)["termine/kalender.ics"]
        return {title: str(event["UID"]) for title, event in events_by_summary(calendar).items()}

    first = uids(made_up_build)
    extra = f"{ALLIANCE}/events/adventsmarkt.md"
    content = make_content({extra: "---\ntitle: Adventsmarkt\nstart: 2026-12-01\n---\n"})
    second = uids(build_into(content, tmp_path / "again", SUB_PATH_URL))
    assert second == {**first, "Adventsmarkt": second["Adventsmarkt"]}
    assert len(set(second.values())) == 3


def test_calendar_uids_differ_when_slugs_run_into_each_other(
    make_content: MakeContent, tmp_path: Path
) -> None:
    alliance = "---\nname: Bündnis {town}\ntown: {town}\nstate: Thüringen\n---\n"
    event = "---\ntitle: {title}\nstart: 2026-06-01\n---\n"
    content = make_content(
        {
            "alliances/bad/alliance.md": alliance.format(town="Bad"),
            "alliances/bad/events/salzungen-fest.md": event.format(title="Salzungen-Fest"),
            "alliances/bad-salzungen/alliance.md": alliance.format(town="Bad Salzungen"),
            "alliances/bad-salzungen/events/fest.md": event.format(title="Fest"),
        }
    )
    built = build_into(content, tmp_path / "build")
    events = calendars(built.output)["termine/kalender.ics"].walk("VEVENT")
    assert len({str(event["UID"]) for event in events}) == len(events) == 2


def test_all_day_event_has_dates_and_an_exclusive_end(made_up_build: Built) -> None:
    calendar = calendars(made_up_build.output)["musterstadt/termine/kalender.ics"]
    event = events_by_summary(calendar)["Aktionstag"]
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event.decoded("DTSTART") == date(2026, 5, 15)
    assert event.decoded("DTEND") == date(2026, 5, 17)


def test_timed_event_is_in_utc(made_up_build: Built) -> None:
    name = "musterstadt/termine/herbstfest/termin.ics"
    event = events_by_summary(calendars(made_up_build.output)[name])["Herbstfest"]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        datetime(2026, 12, 5, 13, 0, tzinfo=UTC),
        datetime(2026, 12, 5, 17, 0, tzinfo=UTC),
    )
    lines = (made_up_build.output / name).read_text(encoding="utf-8").splitlines()
    assert {"DTSTART:20261205T130000Z", "DTEND:20261205T170000Z"} <= set(lines)


def test_calendar_event_names_its_place_and_links_its_page(made_up_build: Built) -> None:
    calendar = calendars(made_up_build.output)["termine/kalender.ics"]
    event = events_by_summary(calendar)["Herbstfest"]
    assert str(event["LOCATION"]) == "Rathaus, Marktplatz 1, 12345 Musterstadt"
    assert broken_links(made_up_build, "termine/kalender.ics", [str(event["URL"])]) == []
    assert str(event["URL"]) == SUB_PATH_URL + "musterstadt/termine/herbstfest/"


def test_events_known_only_to_a_year_or_month_are_not_in_calendars(made_up_build: Built) -> None:
    found = calendars(made_up_build.output)
    for name in ("termine/kalender.ics", "musterstadt/termine/kalender.ics"):
        assert sorted(events_by_summary(found[name])) == ["Aktionstag", "Herbstfest"]


def test_calendar_events_have_a_stamp_of_the_build_day(made_up_build: Built) -> None:
    calendar = calendars(made_up_build.output)["termine/kalender.ics"]
    stamps = {event.decoded("DTSTAMP") for event in calendar.walk("VEVENT")}
    assert stamps == {datetime(2026, 11, 26, tzinfo=UTC)}


# Sitemap, robots.txt, canonical addresses


def test_sitemap_lists_every_page_but_404_under_the_base_url(any_build: Built) -> None:
    locations = sitemap_locations(any_build.output)
    pages = [url for url in html_pages(any_build.output) if url != "404.html"]
    assert len(locations) == len(set(locations))
    assert sorted(locations) == sorted(any_build.base_url + url for url in pages)


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_search_index(
    any_build: Built,
) -> None:
    lines = (any_build.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {any_build.base_url}sitemap.xml" in lines
    assert f"Disallow: {urlsplit(any_build.base_url).path}pagefind/" in lines


def test_every_page_has_an_absolute_canonical_and_og_url(any_build: Built) -> None:
    pages = html_pages(any_build.output)
    wrong = {
        url: (page.canonical, page.og_url)
        for url, page in ((url, parsed(source)) for url, source in pages.items())
        if page.canonical != [any_build.base_url + url] or page.og_url != page.canonical
    }
    assert wrong == {}


# A site below a sub-path


def test_no_internal_link_escapes_the_sub_path(made_up_build: Built) -> None:
    escaping: dict[str, list[str]] = {}
    for url, source in html_pages(made_up_build.output).items():
        for link in links_in(source):
            target = urlsplit(urljoin(SUB_PATH_URL + url, link))
            if target.netloc == "example.org" and not target.path.startswith("/buendnis/"):
                escaping.setdefault(url, []).append(link)
            if not urlsplit(link).scheme and not link.startswith(("/buendnis/", "#")):
                escaping.setdefault(url, []).append(link)
    assert escaping == {}


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("ueber-uns/", "/buendnis/musterstadt/partner/"),
        ("ueber-uns/", "/buendnis/musterstadt/mitmachen/#katrin-hoh"),
        ("ueber-uns/", "/buendnis/musterstadt/media/fest.jpg"),
        ("404.html", "/buendnis/"),
        ("404.html", "/buendnis/musterstadt/"),
        ("musterstadt/", "/buendnis/musterstadt/media/fest-8w-*.jpg"),
        ("aktuelles/jahresbericht/", "/buendnis/media/bericht.pdf"),
    ],
    ids=[
        "markdown-link",
        "markdown-link-with-fragment",
        "markdown-image",
        "404-home",
        "404-alliance",
        "hero-image",
        "attachment",
    ],
)
def test_links_below_the_sub_path_include_it(made_up_build: Built, url: str, link: str) -> None:
    """A '*' stands for the digest in a photo's variant."""
    found = links_in(html_pages(made_up_build.output)[url])
    assert any(fnmatch.fnmatchcase(each, link) for each in found), found


# Reproducible and safe writing


def test_two_builds_of_the_same_content_are_byte_identical(
    any_build: Built, tmp_path: Path
) -> None:
    builds = [build_into(any_build.content, tmp_path / n, any_build.base_url) for n in "ab"]
    first, second = (files_of(built.output) for built in builds)
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("alliances/ilmenau/partners.yaml", "- name: [Stadtverwaltung\n"),
        ("templates/page.html", "{% extends 'base.html' %}\n{% block main %}{{ page.title }\n"),
    ],
    ids=["content", "template"],
)
def test_failed_build_leaves_the_previous_output_untouched(
    example_copy: Path, tmp_path: Path, name: str, text: str
) -> None:
    output = tmp_path / "out" / "build"
    build_into(example_copy, output)
    before = snapshot(output)
    (example_copy / name).parent.mkdir(exist_ok=True)
    (example_copy / name).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_into(example_copy, output)
    assert {problem.location.path for problem in caught.value.problems} == {example_copy / name}
    assert snapshot(output) == before
    assert sorted(path.name for path in output.parent.iterdir()) == ["build"]


@pytest.mark.parametrize("in_the_way", ["folder", "file"])
def test_build_refuses_to_replace_what_it_did_not_write(
    make_content: MakeContent, tmp_path: Path, in_the_way: str
) -> None:
    output = tmp_path / "out" / "mine"
    output.parent.mkdir()
    if in_the_way == "folder":
        output.mkdir()
        (output / "index.html").write_text("my own page", encoding="utf-8")
    else:
        output.write_text("my own notes", encoding="utf-8")
    before = snapshot(output)
    with pytest.raises(ContentError) as caught:
        build_into(make_content({}), output)
    [problem] = caught.value.problems
    assert problem.location.path == output
    assert snapshot(output) == before


def test_build_writes_into_an_empty_folder(make_content: MakeContent, tmp_path: Path) -> None:
    output = tmp_path / "empty"
    output.mkdir()
    build_into(make_content({}), output)
    assert (output / MARKER).is_file()
    assert (output / "index.html").is_file()


def test_rebuild_keeps_unchanged_files_and_replaces_changed_ones(
    example_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "build"
    build_into(example_copy, output)
    before = {path: path.stat() for path in output.rglob("*") if path.is_file()}
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nEin Nachtrag.\n", encoding="utf-8")
    report = build(Options(example_copy, output, base_url=BASE_URL, today=TODAY)).report
    after = {path: path.stat() for path in output.rglob("*") if path.is_file()}
    kept = {path for path in after if path in before and after[path].st_ino == before[path].st_ino}
    changed = set(after) - kept
    assert output / "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/index.html" in changed
    assert output / "ilmenau/index.html" in kept
    assert all(after[path].st_mtime_ns == before[path].st_mtime_ns for path in kept)
    assert all(path.read_bytes() != b"" for path in changed)
    assert report.changed == len(changed) - 1  # the marker file is always written anew
    assert 0 < report.changed < report.files / 4


def cached_build(content: Path, output: Path, cache: Path) -> int:
    """Build with a cache folder; how many files were new or changed."""
    options = Options(content, output, base_url=BASE_URL, today=TODAY, cache_dir=cache)
    return build(options).report.changed


def test_a_build_with_nothing_changed_leaves_the_output_folder_alone(
    example_copy: Path, tmp_path: Path
) -> None:
    output = tmp_path / "build"
    cached_build(example_copy, output, tmp_path / "cache")
    before = {path: path.stat().st_mtime_ns for path in output.rglob("*")}
    assert cached_build(example_copy, output, tmp_path / "cache") == 0
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*")} == before


def test_a_build_that_finds_its_site_in_place_reports_what_the_build_before_found(
    example_copy: Path, tmp_path: Path
) -> None:
    options = Options(example_copy, tmp_path / "build", today=TODAY, cache_dir=tmp_path / "c")
    first = build(options)
    again = build(options)
    assert again.report.changed == 0
    assert again.warnings == first.warnings
    assert any("'operator' is missing" in warning.message for warning in again.warnings)


def test_a_changed_file_makes_the_build_render_even_if_the_output_is_in_place(
    example_copy: Path, tmp_path: Path
) -> None:
    output, cache = tmp_path / "build", tmp_path / "cache"
    cached_build(example_copy, output, cache)
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nEin Nachtrag.\n", encoding="utf-8")
    before = files_of(output)
    changed = cached_build(example_copy, output, cache)
    after = files_of(output)
    pages = {name for name in after if before.get(name) != after[name]}
    index = {name for name in pages if name.startswith("pagefind/")}
    shown = "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/index.html"
    assert pages - index == {prefix + shown for prefix in language_prefixes(example_copy)}
    assert changed == len(pages)  # the page in each language (untranslated, in German in each),
    # and the search index's files that hold its text
    page = output / "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/index.html"
    assert "Ein Nachtrag." in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("meddling", ["edited", "deleted", "added", "emptied"])
def test_files_changed_by_hand_in_the_output_folder_are_put_right_by_the_next_build(
    example_copy: Path, tmp_path: Path, meddling: str
) -> None:
    output, cache = tmp_path / "build", tmp_path / "cache"
    cached_build(example_copy, output, cache)
    expected = {p: p.read_bytes() for p in output.rglob("*") if p.is_file() and p.name != MARKER}
    page = output / "ilmenau/partner/index.html"
    if meddling == "edited":
        page.write_bytes(page.read_bytes().replace(b"Partner", b"Gegner"))
    elif meddling == "deleted":
        page.unlink()
    elif meddling == "added":
        (output / "ilmenau/partner/alt.html").write_text("alt", encoding="utf-8")
    else:
        page.write_bytes(b"")
    assert cached_build(example_copy, output, cache) >= (meddling != "added")
    after = {p: p.read_bytes() for p in output.rglob("*") if p.is_file() and p.name != MARKER}
    assert after == expected


def test_rebuild_drops_pages_whose_content_is_gone(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({"pages/alt.md": "---\ntitle: Alt\n---\n"})
    output = tmp_path / "build"
    build_into(content, output)
    (content / "pages/alt.md").unlink()
    build_into(content, output)
    assert "alt/" not in html_pages(output)
    assert not any(path.name.startswith(".build") for path in tmp_path.iterdir())


# Drafts

DRAFT_NEWS = {
    f"{ALLIANCE}/news/entwurf.md": """\
        ---
        title: Geheimer Entwurf
        date: 2026-11-01
        draft: true
        ---
        """
}
DRAFT_URL = "musterstadt/aktuelles/entwurf/"


def test_draft_news_is_left_out_of_pages_feeds_and_sitemap(
    make_content: MakeContent, tmp_path: Path
) -> None:
    built = build_into(make_content({**MADE_UP_SITE, **DRAFT_NEWS}), tmp_path / "build")
    assert DRAFT_URL not in html_pages(built.output)
    assert mentions(built, "Geheimer Entwurf") == []
    assert mentions(built, DRAFT_URL) == []


def test_draft_news_is_in_pages_feeds_and_sitemap_when_drafts_are_built(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({**MADE_UP_SITE, **DRAFT_NEWS})
    built = build_into(content, tmp_path / "build", drafts=True)
    assert "Geheimer Entwurf" in html_pages(built.output)[DRAFT_URL]
    for feed in ("feed.xml", "musterstadt/aktuelles/feed.xml"):
        entries = feedparser.parse((built.output / feed).read_bytes()).entries
        assert entries[0].title == "Geheimer Entwurf"
    assert BASE_URL + DRAFT_URL in sitemap_locations(built.output)


def test_draft_page_and_draft_alliance_are_neither_built_nor_linked(
    make_content: MakeContent, tmp_path: Path
) -> None:
    draft_alliance = """\
        ---
        name: Bündnis im Aufbau
        town: Neustadt
        state: Hessen
        draft: true
        hero: {file: media/bild.jpg, alt: Ein Bild, credit: B. Bild}
        ---
        """
    content = make_content(
        {
            "pages/geheim.md": "---\ntitle: Geheime Seite\nmenu: 2\ndraft: true\n---\n",
            "alliances/neustadt/alliance.md": draft_alliance,
            "alliances/neustadt/media/bild.jpg": picture(),
        }
    )
    built = build_into(content, tmp_path / "build")
    texts = ("Geheime Seite", "geheim/", "Bündnis im Aufbau", "neustadt/", "B. Bild")
    found = {text: mentions(built, text) for text in texts}
    assert {text: paths for text, paths in found.items() if paths} == {}
    assert [path for path in files_of(built.output) if "neustadt" in path] == []


# Legal pages


@pytest.mark.parametrize(
    ("url", "facts"),
    [
        (
            "impressum/",
            [
                "Stadtverwaltung Musterstadt",
                "Marktplatz 1",
                "12345 Musterstadt",
                "mailto:info@musterstadt.de",
            ],
        ),
        ("datenschutz/", ["Stadtverwaltung Musterstadt", "Beispiel-Hosting GmbH"]),
        (
            "barrierefreiheit/",
            ["Stadtverwaltung Musterstadt", "mailto:barrierefrei@musterstadt.de"],
        ),
    ],
    ids=["imprint", "privacy", "accessibility"],
)
def test_legal_page_holds_the_operators_data(
    make_content: MakeContent, tmp_path: Path, url: str, facts: list[str]
) -> None:
    built = build_into(make_content({"site.yaml": LEGAL_SETTINGS}), tmp_path / "build")
    page = html.unescape(html_pages(built.output)[url])
    assert [fact for fact in facts if fact not in page] == []


def test_legal_pages_are_linked_from_the_footer_of_every_page(
    make_content: MakeContent, tmp_path: Path
) -> None:
    built = build_into(make_content({"site.yaml": LEGAL_SETTINGS}), tmp_path / "build")
    pages = html_pages(built.output)
    assert set(LEGAL_PAGES) <= set(pages)
    unlinked = {
        url: [legal for legal in LEGAL_PAGES if "/" + legal not in parsed(source).footer_links]
        for url, source in pages.items()
    }
    assert {url: missing for url, missing in unlinked.items() if missing} == {}


def test_site_without_operator_has_no_legal_pages_and_no_links_to_them(
    example_build: Built,
) -> None:
    pages = html_pages(example_build.output)
    assert [url for url in LEGAL_PAGES if url in pages] == []
    assert [url for url in LEGAL_PAGES if mentions(example_build, "/" + url)] == []
