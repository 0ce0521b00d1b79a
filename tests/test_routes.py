"""The route plan: which pages a site gets, what each page is given, and which URLs collide."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from alliancegen import i18n
from alliancegen.config import Options
from alliancegen.config import make_config
from alliancegen.errors import ContentError
from alliancegen.pipeline import check
from alliancegen.routes import Plan
from alliancegen.routes import Route
from alliancegen.routes import news_pages
from alliancegen.routes import plan_routes
from alliancegen.routes import section_url
from alliancegen.routes import without_drafts
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent
from tests.conftest import site_of

TODAY = date(2026, 11, 26)
ALLIANCE = "alliances/musterstadt"
MINIMAL_URLS = [
    "",
    "404.html",
    "robots.txt",
    "feed.xml",
    "daten/buendnisse.json",
    "daten/schema-1.json",
    "daten/",
    "suche/",
    "musterstadt/",
    "musterstadt/mitmachen/",
    "musterstadt/daten.json",
]

OPERATOR = (
    "operator:\n"
    "  name: Stadtverwaltung Musterstadt\n"
    "  address: {street: Marktplatz 1, postal_code: 12345, locality: Musterstadt}\n"
    "  email: info@musterstadt.de\n"
)
PRIVACY = "privacy: {hosting_provider: Beispiel-Hosting GmbH}\n"
ACCESSIBILITY = "accessibility: {status: full, feedback_email: barrierefrei@musterstadt.de}\n"


def plan_of(root: Path, drafts: bool = False) -> Plan:
    """The route plan of a content folder as the pipeline makes it, on TODAY."""
    site = site_of(root)
    options = Options(root, root.parent / "build", "https://example.org/", drafts, TODAY)
    published = site if drafts else without_drafts(site)
    return plan_routes(published, make_config(site.settings, options))


def urls(plan: Plan) -> list[str]:
    """The URLs of the plan, in its order."""
    return [route.url for route in plan.routes]


def event(title: str, start: str, end: str = "") -> str:
    """An event file."""
    return f"---\ntitle: {title}\nstart: {start}\n{f'end: {end}' if end else ''}\n---\n"


def news(title: str, when: str) -> str:
    """A news item file."""
    return f"---\ntitle: {title}\ndate: {when}\n---\n"


@pytest.fixture(scope="module")
def example_plan() -> Plan:
    """The plan of the shipped example content."""
    return plan_of(EXAMPLE_CONTENT)


# Which pages there are


def test_minimal_site_gets_only_the_pages_every_site_needs(make_content: MakeContent) -> None:
    assert urls(plan_of(make_content({}))) == [*MINIMAL_URLS, "sitemap.xml"]


@pytest.mark.parametrize(
    ("name", "text", "added"),
    [
        ("partners.yaml", "- name: Stadt\n  category: municipality\n", ["M/partner/"]),
        ("goals.yaml", "- title: Mehr Zeit\n", ["M/ziele/"]),
        (
            "projects/zeit.md",
            "---\ntitle: Zeit\nstatus: running\n---\n",
            ["M/projekte/", "M/projekte/zeit/"],
        ),
        ("offers/paket.md", "---\ntitle: Paket\n---\n", ["M/angebote/", "M/angebote/paket/"]),
        ("pages/wir.md", "---\ntitle: Wir\n---\n", ["M/wir/"]),
        (
            "events/fest.md",
            event("Fest", "2026-12-05"),
            [
                "termine/",
                "termine/kalender.ics",
                "M/termine/",
                "M/termine/kalender.ics",
                "M/termine/fest/",
                "M/termine/fest/termin.ics",
            ],
        ),
        (
            "news/neu.md",
            news("Neu", "2026-01-01"),
            ["aktuelles/", "M/aktuelles/", "M/aktuelles/feed.xml", "M/aktuelles/neu/"],
        ),
    ],
    ids=["partners", "goals", "projects", "offers", "pages", "events", "news"],
)
def test_alliance_section_exists_when_it_has_something_to_show(
    make_content: MakeContent, name: str, text: str, added: list[str]
) -> None:
    plan = plan_of(make_content({f"{ALLIANCE}/{name}": text}))
    new = [url for url in urls(plan) if url not in [*MINIMAL_URLS, "sitemap.xml"]]
    assert sorted(new) == sorted(url.replace("M/", "musterstadt/") for url in added)


def test_portal_pages_exist_for_more_than_one_alliance(example_plan: Plan) -> None:
    portal = [url for url in urls(example_plan) if url.startswith(("buendnisse/", "handlung"))]
    assert portal == [
        "buendnisse/",
        "buendnisse/finder.json",
        "handlungsfelder/",
        "handlungsfelder/vereinbarkeit/",
        "handlungsfelder/kinderbetreuung/",
        "handlungsfelder/beratungsangebote/",
        "handlungsfelder/kommunale-familienzeitpolitik/",
        "handlungsfelder/erziehungsverantwortung/",
        "handlungsfelder/lebensumfeld/",
        "handlungsfelder/freiwilligenarbeit/",
        "handlungsfelder/gesundheit-und-pflege/",
    ]


def test_field_page_gathers_the_alliances_own_fields(example_plan: Plan) -> None:
    context = example_plan.find("handlungsfelder/gesundheit-und-pflege/").context
    assert [(alliance.slug, own.title) for alliance, own in context["fields"]] == [
        ("iserlohn", "Gesundheit"),
        ("iserlohn", "Pflege von Angehörigen"),
    ]


def test_credits_page_lists_every_credited_image_with_its_page(example_plan: Plan) -> None:
    credits = example_plan.find("bildnachweise/").context["credits"]
    assert [(image.credit, page) for image, page in credits] == [
        ("alliancegen-Projekt", "herzogenrath/"),
        ("Peter Hollek", "ilmenau/"),
    ]


def test_sitemap_route_lists_the_pages_but_not_404_feeds_or_calendars(
    example_plan: Plan,
) -> None:
    listed = example_plan.find("sitemap.xml").context["urls"]
    assert "" in listed and "ilmenau/partner/" in listed
    assert [url for url in listed if url == "404.html" or not url.endswith("/")] == [""]
    folders = [route for route in example_plan.routes if route.output.name == "index.html"]
    assert len(listed) == len(folders)


@pytest.mark.parametrize(
    ("url", "output", "is_page"),
    [
        ("", "index.html", True),
        ("ilmenau/partner/", "ilmenau/partner/index.html", True),
        ("404.html", "404.html", False),
        ("feed.xml", "feed.xml", False),
        ("termine/kalender.ics", "termine/kalender.ics", False),
    ],
    ids=["home", "section", "not-found", "feed", "calendar"],
)
def test_route_writes_folders_as_index_html(url: str, output: str, is_page: bool) -> None:
    route = Route(url, "page.html")
    assert (str(route.output), route.is_page) == (output, is_page)


@pytest.mark.parametrize(
    ("alliance", "section", "slug", "url"),
    [
        (None, "", "", ""),
        ("ilmenau", "", "", "ilmenau/"),
        ("ilmenau", "events", "", "ilmenau/termine/"),
        ("ilmenau", "events", "fest", "ilmenau/termine/fest/"),
        (None, "news", "", "aktuelles/"),
        (None, "imprint", "", "impressum/"),
    ],
    ids=["home", "alliance", "section", "item", "site-section", "legal"],
)
def test_section_urls_are_german_and_end_in_a_slash(
    alliance: str | None, section: str, slug: str, url: str
) -> None:
    assert section_url(alliance, section, slug) == url


# News


def news_titles(plan: Plan, url: str) -> list[str]:
    return [item.title for _, item in plan.find(url).context["entries"]]


def test_news_pages_show_the_newest_first_and_older_ones_in_tens_counted_from_the_oldest(
    make_content: MakeContent,
) -> None:
    items = {
        f"{ALLIANCE}/news/n{day:02}.md": news(f"N{day:02}", f"2026-01-{day:02}")
        for day in range(1, 24)
    }
    plan = plan_of(make_content(items))
    assert news_titles(plan, "aktuelles/") == [f"N{day:02}" for day in range(23, 10, -1)]
    assert news_titles(plan, "aktuelles/seite/1/") == [f"N{day:02}" for day in range(10, 0, -1)]
    first, older = plan.find("aktuelles/").context, plan.find("aktuelles/seite/1/").context
    assert (first["previous"], first["next"], first["page_number"]) == (
        None,
        "aktuelles/seite/1/",
        None,
    )
    assert (older["previous"], older["next"], older["page_number"]) == ("aktuelles/", None, 1)
    assert "musterstadt/aktuelles/seite/1/" in urls(plan)
    assert "aktuelles/seite/2/" not in urls(plan)


@pytest.mark.parametrize("count", [0, 1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 1234])
def test_news_pages_hold_every_item_once_in_order(count: int) -> None:
    listed = [(None, index) for index in range(count)]
    pages = news_pages(listed)  # type: ignore[arg-type]
    assert [entry for page in pages for entry in page] == listed
    assert all(len(page) == 10 for page in pages[1:])
    assert 10 <= len(pages[0]) <= 19 or len(pages) == 1


def test_a_news_item_added_on_top_changes_only_the_first_news_page(
    make_content: MakeContent,
) -> None:
    def pages(days: int) -> dict[str, list[str]]:
        items = {
            f"news/n{day:02}.md": news(f"N{day:02}", f"2026-01-{day:02}") for day in range(1, days)
        }
        plan = plan_of(make_content(items))
        lists = [route for route in plan.routes if route.template == "news.html"]
        return {route.url: news_titles(plan, route.url) for route in lists}

    before, after = pages(26), pages(27)
    assert {url for url in after if after[url] != before.get(url)} == {"aktuelles/"}


def test_news_is_newest_first_and_undated_last(make_content: MakeContent) -> None:
    items = {
        "news/b.md": news("Beta", "2026-03-01"),
        "news/a.md": news("Alpha", "2026-03-01"),
        f"{ALLIANCE}/news/alt.md": news("Alt", "2025"),
        f"{ALLIANCE}/news/irgendwann.md": news("Irgendwann", "unknown"),
        f"{ALLIANCE}/news/neu.md": news("Neu", "2026-11-20"),
    }
    entries = plan_of(make_content(items)).find("aktuelles/").context["entries"]
    assert [(owner and owner.slug, item.title) for owner, item in entries] == [
        ("musterstadt", "Neu"),
        (None, "Alpha"),
        (None, "Beta"),
        ("musterstadt", "Alt"),
        ("musterstadt", "Irgendwann"),
    ]


# Events


def test_events_split_into_upcoming_and_past_at_today(make_content: MakeContent) -> None:
    events = {
        "gestern": event("Gestern", "2026-11-25"),
        "heute": event("Heute", "2026-11-26"),
        "laufend": event("Laufend", "2026-11-20", "2026-11-30"),
        "morgen": event("Morgen", "2026-11-27 10:00"),
        "voriges-jahr": event("Voriges Jahr", "2025"),
        "unbekannt": event("Unbekannt", "unknown"),
    }
    files = {f"{ALLIANCE}/events/{slug}.md": text for slug, text in events.items()}
    context = plan_of(make_content(files)).find("musterstadt/termine/").context
    assert [e.title for _, e in context["upcoming"]] == ["Laufend", "Heute", "Morgen"]
    assert [e.title for _, e in context["past"]] == ["Gestern", "Voriges Jahr", "Unbekannt"]


@pytest.mark.parametrize(
    ("start", "upcoming"),
    [("2026-11-25", False), ("2026-11-26", True), ("2026-12-01 09:00", True)],
    ids=["yesterday", "today", "next-week"],
)
def test_event_page_knows_whether_the_event_is_still_to_come(
    make_content: MakeContent, start: str, upcoming: bool
) -> None:
    plan = plan_of(make_content({f"{ALLIANCE}/events/fest.md": event("Fest", start)}))
    assert plan.find("musterstadt/termine/fest/").context["upcoming"] is upcoming


def test_only_events_with_a_known_day_get_calendar_files(make_content: MakeContent) -> None:
    files = {
        f"{ALLIANCE}/events/tag.md": event("Tag", "2026-05-15"),
        f"{ALLIANCE}/events/monat.md": event("Monat", "2026-07"),
        f"{ALLIANCE}/events/jahr.md": event("Jahr", "2026"),
    }
    plan = plan_of(make_content(files))
    calendars = [url for url in urls(plan) if url.endswith(".ics")]
    assert calendars == [
        "termine/kalender.ics",
        "musterstadt/termine/kalender.ics",
        "musterstadt/termine/tag/termin.ics",
    ]
    assert [e.title for _, e in plan.find("termine/kalender.ics").context["events"]] == ["Tag"]


def test_no_calendar_when_no_event_has_a_known_day(example_plan: Plan) -> None:
    assert [url for url in urls(example_plan) if url.endswith(".ics")] == []
    assert "ilmenau/termine/aktionstag-2017/" in urls(example_plan)


# Drafts


@pytest.mark.parametrize("drafts", [False, True], ids=["published-only", "with-drafts"])
def test_drafts_are_planned_only_when_asked_for(make_content: MakeContent, drafts: bool) -> None:
    draft = "---\ntitle: Entwurf\ndate: 2026-11-01\ndraft: true\n---\n"
    plan = plan_of(make_content({f"{ALLIANCE}/news/entwurf.md": draft}), drafts)
    assert ("musterstadt/aktuelles/entwurf/" in urls(plan)) is drafts
    assert ("musterstadt/aktuelles/" in urls(plan)) is drafts
    entries = plan.find("feed.xml").context["entries"]
    assert [item.title for _, item in entries] == (["Entwurf"] if drafts else [])


# Legal pages

NO_OPERATOR = "no imprint, privacy or accessibility statement: 'operator' is missing"
NO_PRIVACY = "no Datenschutzerklärung: 'privacy' is missing"
NO_ACCESSIBILITY = "no Erklärung zur Barrierefreiheit: 'accessibility' is missing"


@pytest.mark.parametrize(
    ("settings", "warnings", "legal"),
    [
        ("", [NO_OPERATOR], []),
        (PRIVACY + ACCESSIBILITY, [NO_OPERATOR], []),
        (OPERATOR, [NO_PRIVACY, NO_ACCESSIBILITY], ["impressum/"]),
        (OPERATOR + ACCESSIBILITY, [NO_PRIVACY], ["impressum/", "barrierefreiheit/"]),
        (
            OPERATOR + PRIVACY + ACCESSIBILITY,
            [],
            ["impressum/", "datenschutz/", "barrierefreiheit/"],
        ),
    ],
    ids=["nothing", "no-operator", "operator-only", "no-privacy", "everything"],
)
def test_missing_legal_facts_are_warnings_and_leave_out_their_pages(
    make_content: MakeContent, settings: str, warnings: list[str], legal: list[str]
) -> None:
    root = make_content({"site.yaml": "title: Testseite\n" + settings})
    plan = plan_of(root)
    legal_warnings = [w.message for w in plan.warnings if "data_licence" not in w.message]
    assert legal_warnings == warnings
    assert {warning.location.path for warning in plan.warnings} <= {root / "site.yaml"}
    legal_pages = ("impressum/", "datenschutz/", "barrierefreiheit/")
    assert [url for url in urls(plan) if url in legal_pages] == legal


# Collisions


@pytest.mark.parametrize(
    ("files", "culprit", "url"),
    [
        ({"news/neu.md": news("Neu", "2026-01-01")}, "pages/aktuelles.md", "aktuelles/"),
        ({f"{ALLIANCE}/events/fest.md": event("Fest", "2026")}, "pages/termine.md", "termine/"),
        (
            {f"{ALLIANCE}/partners.yaml": "- name: Stadt\n  category: municipality\n"},
            f"{ALLIANCE}/pages/partner.md",
            "musterstadt/partner/",
        ),
        (
            {"alliances/zweitstadt/alliance.md": "---\nname: Z\ntown: Z\nstate: Hessen\n---\n"},
            "pages/buendnisse.md",
            "buendnisse/",
        ),
    ],
    ids=["site-news", "site-events", "alliance-partners", "portal-finder"],
)
def test_page_whose_url_is_taken_by_a_section_is_a_problem(
    make_content: MakeContent, files: dict[str, str], culprit: str, url: str
) -> None:
    root = make_content({**files, culprit: "---\ntitle: Seite\n---\n"})
    with pytest.raises(ContentError) as caught:
        check(root)
    [problem] = caught.value.problems
    assert problem.location.path == root / culprit
    assert problem.message.startswith(f"two pages want the address /{url}: ")
    assert f"the page /{url}, which alliancegen makes (" in problem.message
    assert f"the page /{url} ({root / culprit}:2:1)" in problem.message


def test_an_address_taken_twice_is_explained_in_german(make_content: MakeContent) -> None:
    i18n.use("de")
    news_item = news("Neu", "2026-01-01")
    root = make_content({"news/neu.md": news_item, "pages/aktuelles.md": "---\ntitle: S\n---\n"})
    with pytest.raises(ContentError) as caught:
        check(root)
    [problem] = caught.value.problems
    assert problem.message.startswith("zwei Seiten wollen die Adresse /aktuelles/: ")
    assert "die Seite /aktuelles/, die alliancegen erzeugt (" in problem.message
    assert problem.hint == "geben Sie einer davon einen anderen 'slug'"


def test_page_may_use_a_section_address_the_site_leaves_free(make_content: MakeContent) -> None:
    plan = plan_of(make_content({"pages/aktuelles.md": "---\ntitle: Aktuelles\n---\n"}))
    assert plan.find("aktuelles/").template == "page.html"


def test_feeds_carry_the_twenty_newest_dated_items(make_content: MakeContent) -> None:
    files = {
        f"{ALLIANCE}/news/n{day:02d}.md": news(f"N{day}", f"2026-01-{day:02d}")
        for day in range(1, 26)
    }
    files[f"{ALLIANCE}/news/ohne-datum.md"] = news("Ohne Datum", "unknown")
    plan = plan_of(make_content(files))
    for url in ("feed.xml", "musterstadt/aktuelles/feed.xml"):
        titles = [item.title for _, item in plan.find(url).context["entries"]]
        assert titles == [f"N{day}" for day in range(25, 5, -1)]
