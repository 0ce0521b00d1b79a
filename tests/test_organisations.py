"""Organisations that are not partners, the site-wide registry, and stated partner counts.

A partner may take its data from organisations.yaml; alliances, projects and events name
organisations with a role; an alliance may state how many partners it has when its list
names only some. Every mistake is a located problem, and every page shows the same number.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from alliancegen.config import Options
from alliancegen.pipeline import build
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import picture
from tests.conftest import problems_of
from tests.conftest import site_of

FOLDER = "alliances/musterstadt"
ALLIANCE = f"{FOLDER}/alliance.md"
PARTNERS = f"{FOLDER}/partners.yaml"
EVENT = f"{FOLDER}/events/fest.md"
PROJECT = f"{FOLDER}/projects/lesepaten.md"
REGISTRY = "organisations.yaml"

REGISTRY_TEXT = """\
    - name: Bürgerstiftung Musterstadt
      website: https://stiftung.example.org/
    - name: Stadthalle Musterstadt
      address: {street: Markt 1, postal_code: "12345", locality: Musterstadt}
    - name: Sparkasse Musterstadt
    """
PARTNERS_TEXT = """\
    - name: Familienzentrum Musterstadt
      category: charities
    - organisation: buergerstiftung-musterstadt
      category: other
      contribution: Fördert die Lesepaten.
    """


def alliance_text(extra: str = "") -> str:
    """alliance.md of Musterstadt with ``extra`` front matter lines."""
    return (
        f"---\nname: Bündnis für Familie Musterstadt\ntown: Musterstadt\nstate: Hessen\n{extra}---"
    )


def event_text(organisations: str) -> str:
    """An event whose front matter names ``organisations`` (YAML lines below the key)."""
    return f"---\ntitle: Familienfest\nstart: 2026-05-15\norganisations:\n{organisations}---\n"


# The registry and partners that take their data from it


def test_a_partner_takes_name_website_and_slug_from_the_registry(
    make_content: MakeContent,
) -> None:
    root = make_content({REGISTRY: REGISTRY_TEXT, PARTNERS: PARTNERS_TEXT})
    [alliance] = site_of(root).alliances
    partner = alliance.partner("buergerstiftung-musterstadt")
    assert (partner.name, partner.website) == (
        "Bürgerstiftung Musterstadt",
        "https://stiftung.example.org/",
    )
    assert partner.contribution == "Fördert die Lesepaten."
    assert alliance.partner_total == 2


def test_a_partner_that_repeats_a_registry_field_is_told_where_to_change_it(
    make_content: MakeContent,
) -> None:
    partners = "- organisation: sparkasse-musterstadt\n  name: Sparkasse\n  category: other\n"
    root = make_content({REGISTRY: REGISTRY_TEXT, PARTNERS: partners})
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        f"{PARTNERS}:2:3: 'name' comes from the organisation 'sparkasse-musterstadt' in "
        "organisations.yaml"
    ]
    assert problem.hint == (
        "remove it here; to change it for every alliance, edit organisations.yaml line 5"
    )


def test_every_repeated_registry_field_is_a_problem_of_its_own(make_content: MakeContent) -> None:
    partners = """\
        - organisation: stadthalle-musterstadt
          category: other
          website: https://halle.example.org/
          address: {locality: Musterstadt}
        """
    root = make_content({REGISTRY: REGISTRY_TEXT, PARTNERS: partners})
    assert [p.message.split("'")[1] for p in problems_of(root)] == ["website", "address"]


def test_a_partner_needs_a_name_or_an_organisation(make_content: MakeContent) -> None:
    root = make_content({PARTNERS: "- category: clubs\n  website: https://verein.example.org/\n"})
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        f"{PARTNERS}:1:3: missing required field 'name': add 'name: …' (Name of the "
        "organisation), or 'organisation: …' with the slug of an entry in organisations.yaml"
    ]


def test_an_unknown_registry_organisation_suggests_the_closest(make_content: MakeContent) -> None:
    partners = "- organisation: sparkase-musterstadt\n  category: other\n"
    root = make_content({REGISTRY: REGISTRY_TEXT, PARTNERS: partners})
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        f"{PARTNERS}:1:17: 'sparkase-musterstadt' is not in organisations.yaml"
    ]
    assert problem.hint == "did you mean 'sparkasse-musterstadt'?"


def test_a_registry_without_entries_says_so(make_content: MakeContent) -> None:
    root = make_content({PARTNERS: "- organisation: sparkasse\n  category: other\n"})
    [problem] = problems_of(root)
    assert problem.message == "'sparkasse' is not in organisations.yaml"
    assert problem.hint == "nothing is written there yet: add the entry first"


def test_registry_entries_are_validated_where_they_stand(make_content: MakeContent) -> None:
    registry = "- name: Stiftung\n  website: stiftung.example.org\n- name: Stiftung\n"
    root = make_content({REGISTRY: registry})
    assert [line.split(": ", 1)[0] for line in described(problems_of(root), root)] == [
        f"{REGISTRY}:2:12",
        f"{REGISTRY}:3:9",
    ]


# Organisations with a role


def test_an_unknown_organisation_suggests_partners_and_registry_alike(
    make_content: MakeContent,
) -> None:
    event = event_text(
        "  - {organisation: familienzentrum-musterstad, role: co_organiser}\n"
        "  - {organisation: sparkasse-musterstad, role: sponsor}\n"
    )
    root = make_content({REGISTRY: REGISTRY_TEXT, PARTNERS: PARTNERS_TEXT, EVENT: event})
    problems = problems_of(root)
    assert described(problems, root) == [
        f"{EVENT}:5:20: 'familienzentrum-musterstad' is in neither partners.yaml "
        "nor organisations.yaml",
        f"{EVENT}:6:20: 'sparkasse-musterstad' is in neither partners.yaml nor organisations.yaml",
    ]
    assert [p.hint for p in problems] == [
        "did you mean 'familienzentrum-musterstadt'?",
        "did you mean 'sparkasse-musterstadt'?",
    ]


def test_an_unknown_role_suggests_the_closest(make_content: MakeContent) -> None:
    project = "---\ntitle: Lesepaten\nstatus: running\norganisations:\n"
    project += "  - organisation: sparkasse-musterstadt\n    role: sponser\n---\n"
    root = make_content({REGISTRY: REGISTRY_TEXT, PROJECT: project})
    [problem] = problems_of(root)
    assert described((problem,), root) == [f"{PROJECT}:6:11: 'sponser' is not a valid 'role'"]
    assert problem.hint == "did you mean 'sponsor'?"


def test_an_organisation_needs_a_role(make_content: MakeContent) -> None:
    root = make_content(
        {
            REGISTRY: REGISTRY_TEXT,
            ALLIANCE: alliance_text("organisations:\n  - organisation: sparkasse-musterstadt\n"),
        }
    )
    [problem] = problems_of(root)
    assert described((problem,), root) == [f"{ALLIANCE}:6:5: missing required field 'role'"]


def test_a_slug_is_looked_up_among_the_partners_before_the_registry(
    make_content: MakeContent,
) -> None:
    partners = "- name: Sparkasse Musterstadt (Filiale Nord)\n  slug: sparkasse-musterstadt\n"
    partners += "  category: employers\n"
    event = event_text("  - {organisation: sparkasse-musterstadt, role: sponsor}\n")
    root = make_content({REGISTRY: REGISTRY_TEXT, PARTNERS: partners, EVENT: event})
    [alliance] = site_of(root).alliances
    assert alliance.organisation("sparkasse-musterstadt").name == (
        "Sparkasse Musterstadt (Filiale Nord)"
    )
    assert alliance.organisation("stadthalle-musterstadt").name == "Stadthalle Musterstadt"


# Stated partner counts


def test_a_partner_count_needs_its_date(make_content: MakeContent) -> None:
    root = make_content({ALLIANCE: alliance_text("partner_count:\n  number: 70\n")})
    [problem] = problems_of(root)
    assert described((problem,), root) == [f"{ALLIANCE}:6:3: missing required field 'date'"]


def test_a_partner_count_qualifier_suggests_the_closest(make_content: MakeContent) -> None:
    count = "partner_count: {number: 70, qualifier: ovr, date: 2024}\n"
    root = make_content({ALLIANCE: alliance_text(count)})
    [problem] = problems_of(root)
    assert problem.message == "'ovr' is not a valid 'qualifier'"
    assert problem.hint == "did you mean 'over'?"


def test_a_partner_count_below_the_partners_listed_is_refused(make_content: MakeContent) -> None:
    count = "partner_count:\n  number: 1\n  date: 2024\n"
    root = make_content(
        {ALLIANCE: alliance_text(count), PARTNERS: PARTNERS_TEXT, REGISTRY: REGISTRY_TEXT}
    )
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        f"{ALLIANCE}:6:11: the alliance states 1 partner, but partners.yaml lists 2"
    ]
    assert problem.hint == "write the number it has now, at least 2, with its date"


def test_a_partner_count_is_a_positive_number(make_content: MakeContent) -> None:
    for number, message in (
        ("0", "'number' must be 1 or more"),
        ("-3", "'number' must be 1 or more"),
        ("viele", "'number' must be a whole number"),
        (
            "über 70",
            "write the number alone, 'number: 70', and the word before it as 'qualifier: over'",
        ),
        (
            "mehr als 70",
            "write the number alone, 'number: 70', and the word before it as 'qualifier: over'",
        ),
        (
            "rund 102",
            "write the number alone, 'number: 102', and the word before it as 'qualifier: about'",
        ),
    ):
        root = make_content(
            {ALLIANCE: alliance_text(f"partner_count: {{number: {number}, date: 2024}}\n")}
        )
        [problem] = problems_of(root)
        assert described((problem,), root) == [f"{ALLIANCE}:5:25: {message}"], number


# What the pages show


TODAY = date(2026, 11, 26)


def built_pages(root: Path, output: Path) -> dict[str, str]:
    """Build ``root`` into ``output``; the HTML pages by their path below the output."""
    build(Options(root, output, base_url="https://example.org/", today=TODAY))
    return {
        path.relative_to(output).as_posix(): path.read_text(encoding="utf-8")
        for path in output.rglob("*.html")
    }


def text_of(page: str) -> str:
    """The page's text with tags removed and white space collapsed."""
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    return re.sub(r" ([).,])", r"\1", text)


def json_ld(page: str) -> dict[str, Any]:
    """The page's schema.org data."""
    found = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.S)
    assert found, "no JSON-LD"
    data: dict[str, Any] = json.loads(found[1])
    return data


@pytest.mark.parametrize(
    ("count", "fact", "lead"),
    [
        (
            "partner_count:\n  number: 70\n  qualifier: over\n  date: 2024\n",
            "Partner über 70 Partner (Stand: 2024)",
            "Über 70 Organisationen engagieren sich in diesem Bündnis (Stand: 2024). "
            "Hier stehen 2 davon.",
        ),
        (
            "partner_count: {number: 102, qualifier: about, date: 2024-06}\n",
            "Partner rund 102 Partner (Stand: Juni 2024)",
            "Rund 102 Organisationen engagieren sich in diesem Bündnis (Stand: Juni 2024). "
            "Hier stehen 2 davon.",
        ),
        (
            "partner_count: {number: 2, date: 2025-03}\n",
            "Partner 2 Partner (Stand: März 2025)",
            "2 Organisationen engagieren sich in diesem Bündnis (Stand: März 2025). Bündnispartner",
        ),
        (
            "",
            "Partner 2 Partner Offene Daten",
            "2 Organisationen engagieren sich in diesem Bündnis. Bündnispartner",
        ),
    ],
    ids=["over", "about", "exact", "counted"],
)
def test_the_fact_sheet_and_the_partner_page_show_one_number(
    make_content: MakeContent, tmp_path: Path, count: str, fact: str, lead: str
) -> None:
    root = make_content(
        {ALLIANCE: alliance_text(count), PARTNERS: PARTNERS_TEXT, REGISTRY: REGISTRY_TEXT}
    )
    pages = built_pages(root, tmp_path / "out")
    assert fact in text_of(pages["musterstadt/index.html"])
    assert lead in text_of(pages["musterstadt/partner/index.html"])


def test_a_stated_count_without_a_list_is_on_the_fact_sheet(
    make_content: MakeContent, tmp_path: Path
) -> None:
    count = "partner_count: {number: 102, date: 2024}\n"
    pages = built_pages(make_content({ALLIANCE: alliance_text(count)}), tmp_path / "out")
    assert "Partner 102 Partner (Stand: 2024)" in text_of(pages["musterstadt/index.html"])
    assert "musterstadt/partner/index.html" not in pages


EVENT_WITH_ROLES = event_text(
    "  - {organisation: familienzentrum-musterstadt, role: co_organiser}\n"
    "  - {organisation: sparkasse-musterstadt, role: sponsor}\n"
    "  - {organisation: buergerstiftung-musterstadt, role: funder}\n"
    "  - {organisation: stadthalle-musterstadt, role: venue}\n"
)


@pytest.fixture
def event_page(make_content: MakeContent, tmp_path: Path) -> str:
    """The page of an event with a co-organiser, a sponsor, a funder and a venue."""
    files = {REGISTRY: REGISTRY_TEXT, PARTNERS: PARTNERS_TEXT, EVENT: EVENT_WITH_ROLES}
    return built_pages(make_content(files), tmp_path / "out")["musterstadt/termine/fest/index.html"]


def test_an_event_shows_its_organisations_grouped_by_role(event_page: str) -> None:
    page = event_page
    text = text_of(page)
    for role, name in (
        ("Sponsoring", "Sparkasse Musterstadt"),
        ("Förderer", "Bürgerstiftung Musterstadt"),
        ("Mitveranstalter", "Familienzentrum Musterstadt"),
        ("Veranstaltungsort", "Stadthalle Musterstadt"),
    ):
        assert f"{role} {name}" in text
    assert '<a href="/musterstadt/partner/#familienzentrum-musterstadt">' in page
    assert '<a href="/musterstadt/partner/#buergerstiftung-musterstadt">' in page


def test_an_events_json_ld_names_organisers_sponsors_funders_and_the_venue(
    event_page: str,
) -> None:
    data = json_ld(event_page)
    assert [o["name"] for o in data["organizer"]] == [
        "Bündnis für Familie Musterstadt",
        "Familienzentrum Musterstadt",
    ]
    assert [o["name"] for o in data["sponsor"]] == ["Sparkasse Musterstadt"]
    assert data["funder"] == [
        {
            "@type": "Organization",
            "name": "Bürgerstiftung Musterstadt",
            "url": "https://stiftung.example.org/",
        }
    ]
    assert data["location"]["name"] == "Stadthalle Musterstadt"
    assert data["location"]["address"]["streetAddress"] == "Markt 1"


def test_a_venue_without_an_address_is_not_a_location(
    make_content: MakeContent, tmp_path: Path
) -> None:
    event = event_text("  - {organisation: sparkasse-musterstadt, role: venue}\n")
    page = built_pages(make_content({REGISTRY: REGISTRY_TEXT, EVENT: event}), tmp_path / "out")[
        "musterstadt/termine/fest/index.html"
    ]
    assert "Veranstaltungsort Sparkasse Musterstadt" in text_of(page)
    assert "location" not in json_ld(page)
    assert json_ld(page)["organizer"]["name"] == "Bündnis für Familie Musterstadt"


def test_an_events_place_and_its_venue_are_both_locations(
    make_content: MakeContent, tmp_path: Path
) -> None:
    event = event_text("  - {organisation: stadthalle-musterstadt, role: venue}\n")
    event = event.replace("---\n", "---\nplace: {name: Festwiese}\n", 1)
    page = built_pages(make_content({REGISTRY: REGISTRY_TEXT, EVENT: event}), tmp_path / "out")[
        "musterstadt/termine/fest/index.html"
    ]
    locations = json_ld(page)["location"]
    assert [place["name"] for place in locations] == ["Festwiese", "Stadthalle Musterstadt"]


def test_a_project_is_a_schema_org_project_with_members_and_supporters(
    make_content: MakeContent, tmp_path: Path
) -> None:
    project = "---\ntitle: Lesepaten\nstatus: running\npartners: [familienzentrum-musterstadt]\n"
    project += "organisations:\n  - {organisation: sparkasse-musterstadt, role: supporter}\n---\n"
    files = {REGISTRY: REGISTRY_TEXT, PARTNERS: PARTNERS_TEXT, PROJECT: project}
    page = built_pages(make_content(files), tmp_path / "out")[
        "musterstadt/projekte/lesepaten/index.html"
    ]
    assert "Unterstützer Sparkasse Musterstadt" in text_of(page)
    data = json_ld(page)
    assert data["@type"] == "Project"
    assert [o["name"] for o in data["member"]] == ["Familienzentrum Musterstadt"]
    assert [o["name"] for o in data["sponsor"]] == ["Sparkasse Musterstadt"]


def test_an_alliances_own_supporters_are_on_its_overview(
    make_content: MakeContent, tmp_path: Path
) -> None:
    extra = "organisations:\n  - {organisation: buergerstiftung-musterstadt, role: funder}\n"
    files = {REGISTRY: REGISTRY_TEXT, ALLIANCE: alliance_text(extra)}
    page = built_pages(make_content(files), tmp_path / "out")["musterstadt/index.html"]
    assert '<a href="https://stiftung.example.org/" rel="noopener">Bürgerstiftung' in page
    assert "Förderer Bürgerstiftung Musterstadt" in text_of(page)
    assert [o["name"] for o in json_ld(page)["funder"]] == ["Bürgerstiftung Musterstadt"]


def test_a_registry_logo_is_published_from_the_content_folders_media(
    make_content: MakeContent, tmp_path: Path
) -> None:
    registry = "- name: Sparkasse\n  logo: {file: media/sparkasse.png, alt: Logo der Sparkasse}\n"
    files = {
        REGISTRY: registry,
        "media/sparkasse.png": picture("PNG", size=(300, 100)),
        PARTNERS: "- organisation: sparkasse\n  category: employers\n",
    }
    page = built_pages(make_content(files), tmp_path / "out")["musterstadt/partner/index.html"]
    assert re.search(
        r'<img src="/media/sparkasse-300w-\w{8}\.png" [^>]* width="300" height="100" '
        r'alt="Logo der Sparkasse" class="partner-logo"',
        page,
    )
    assert (tmp_path / "out" / "media" / "sparkasse.png").is_file()
