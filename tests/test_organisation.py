"""How an alliance is organised (roles with periods, hosts, offices, committees, working
groups), its own contact, and the vCards of its contact people: located errors, pages,
structured data, and vCards read back with a small parser of their own."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from alliancegen.model.entities import RoleKind
from alliancegen.model.entities import Tenure
from alliancegen.vcard import fold
from alliancegen.vcard import name_parts
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of
from tests.test_build import build_into

FOLDER = "alliances/musterstadt"
ALLIANCE = f"{FOLDER}/alliance.md"
HEAD = "---\nname: Bündnis für Familie Musterstadt\ntown: Musterstadt\nstate: Hessen\n"
PEOPLE = """\
    - name: Dr. Anna Schmidt
      role: Bürgermeisterin
      phone: 06151 12345
    - name: Katrin Hoh
      organisation: Rathaus Musterstadt; Zimmer 3, Erdgeschoss
      email: katrin@musterstadt.de
      office_hours: "Mo 9–12 Uhr\\nDi 14–16 Uhr"
    - name: Ohne Kontakt
      role: Ehrenamt
    - name: Jörg Müller-Lüdenscheidt
      address: {street: Lange Straße 1, postal_code: "12345", locality: Musterstadt}
    """
PARTNERS = "- name: Familienzentrum\n  category: charities\n"
ORGANISED = f"""\
{HEAD}motto: Familie, Beruf; Zukunft
email: buendnis@musterstadt.de
phone: 06151 999
patron: dr-anna-schmidt
coordinators: [katrin-hoh]
roles:
  - person: joerg-mueller-luedenscheidt
    kind: patron
    since: 2015
    until: 2019-06
  - person: katrin-hoh
    kind: spokesperson
    title: Sprecherin der Koordinierungsgruppe
    since: 2019
hosts:
  - name: Stadt Musterstadt
    until: 2010
  - partner: familienzentrum
    since: 2010
offices:
  - name: Koordinierungsstelle
    address: {{street: Markt 1, postal_code: "12345", locality: Musterstadt}}
    email: koordination@musterstadt.de
    opening_hours: dienstags 9–12 Uhr
  - name: Alte Außenstelle
    until: 2020
---
"""
COMMITTEES = """\
    - name: Lenkungsgruppe
      kind: steering_group
      chair: katrin-hoh
      members: [dr-anna-schmidt]
      partners: [familienzentrum]
      meets: viermal im Jahr
    """
WORKING_GROUPS = """\
    - name: AK Kinderbetreuung
      topic: Betreuung am Nachmittag
      contact: katrin-hoh
      description: Wir *planen* die Ferien.
    """


def organised(replaced: dict[str, str] | None = None) -> dict[str, str]:
    """The content files of an organised alliance; ``replaced`` by name in its folder."""
    files = {
        "alliance.md": ORGANISED,
        "people.yaml": PEOPLE,
        "partners.yaml": PARTNERS,
        "committees.yaml": COMMITTEES,
        "working-groups.yaml": WORKING_GROUPS,
    }
    return {f"{FOLDER}/{name}": text for name, text in {**files, **(replaced or {})}.items()}


# --- the model ---


def test_an_organised_alliance_carries_its_roles_bodies_and_groups(
    make_content: MakeContent,
) -> None:
    [alliance] = site_of(make_content(organised())).alliances
    assert alliance.motto == "Familie, Beruf; Zukunft"
    assert (alliance.email, alliance.phone) == ("buendnis@musterstadt.de", "06151 999")
    assert [str(role.since) for role in alliance.roles] == ["2015", "2019"]
    assert [host.partner or host.name for host in alliance.hosts] == [
        "Stadt Musterstadt",
        "familienzentrum",
    ]
    assert alliance.offices[0].opening_hours == "dienstags 9–12 Uhr"
    [committee] = alliance.committees
    assert (committee.slug, committee.chair, committee.partners) == (
        "lenkungsgruppe",
        "katrin-hoh",
        ["familienzentrum"],
    )
    assert alliance.working_groups[0].contact == "katrin-hoh"


def test_patron_and_coordinators_are_roles_without_a_period(make_content: MakeContent) -> None:
    [alliance] = site_of(make_content(organised())).alliances
    roles = [(role.person, role.kind, str(role.since)) for role in alliance.all_roles]
    assert roles == [
        ("joerg-mueller-luedenscheidt", RoleKind.PATRON, "2015"),
        ("katrin-hoh", RoleKind.SPOKESPERSON, "2019"),
        ("dr-anna-schmidt", RoleKind.PATRON, "None"),
        ("katrin-hoh", RoleKind.COORDINATOR, "None"),
    ]


def test_a_role_written_in_roles_is_not_repeated_from_patron(make_content: MakeContent) -> None:
    alliance_md = ORGANISED.replace(
        "roles:\n", "roles:\n  - person: dr-anna-schmidt\n    kind: patron\n    since: 2019\n"
    )
    [alliance] = site_of(make_content(organised({"alliance.md": alliance_md}))).alliances
    patrons = [r for r in alliance.all_roles if r.person == "dr-anna-schmidt"]
    assert [str(role.since) for role in patrons] == ["2019"]


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2019", "2018", "'until' (2018) is before 'since' (2019): swap them"),
        ("2019-05", "2019-03", "'until' (2019-03) is before 'since' (2019-05): swap them"),
        (
            "15.05.2019",
            "2019-05-14",
            "'until' (2019-05-14) is before 'since' (2019-05-15): swap them",
        ),
        ("2019", "2019-03", None),  # as precisely as both are known: both in 2019
        ("2019-05", "2019-05", None),
        ("unknown", "2001", None),
        ("2019", "unknown", None),
    ],
)
def test_until_may_not_lie_before_since(
    make_content: MakeContent, since: str, until: str, message: str | None
) -> None:
    roles = f"roles:\n  - person: katrin-hoh\n    kind: chair\n    since: {since}\n"
    text = f"{HEAD}{roles}    until: {until}\n---\n"
    root = make_content({ALLIANCE: text, f"{FOLDER}/people.yaml": PEOPLE})
    if message is None:
        site_of(root)
    else:
        assert described(problems_of(root), root) == [f"{ALLIANCE}:9:12: {message}"]


@pytest.mark.parametrize("field", ["hosts", "offices"])
def test_hosts_and_offices_have_periods_too(make_content: MakeContent, field: str) -> None:
    text = f"{HEAD}{field}:\n  - name: Büro\n    since: 2012\n    until: 2008\n---\n"
    root = make_content({ALLIANCE: text})
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}:8:12: 'until' (2008) is before 'since' (2012): swap them"
    ]


def test_every_slug_in_the_organisation_must_name_someone(make_content: MakeContent) -> None:
    alliance_md = ORGANISED.replace("person: katrin-hoh", "person: katrin-ho").replace(
        "partner: familienzentrum", "partner: familien-zentrum"
    )
    committees = COMMITTEES.replace("chair: katrin-hoh", "chair: niemand").replace(
        "partners: [familienzentrum]", "partners: [familienzentrum, keiner]"
    )
    groups = WORKING_GROUPS.replace("contact: katrin-hoh", "contact: dr-anna-schmit")
    root = make_content(
        organised(
            {
                "alliance.md": alliance_md,
                "committees.yaml": committees,
                "working-groups.yaml": groups,
            }
        )
    )
    problems = problems_of(root)
    assert sorted(described(problems, root)) == [
        f"{ALLIANCE}:15:13: 'katrin-ho' is not in people.yaml",
        f"{ALLIANCE}:22:14: 'familien-zentrum' is not in partners.yaml",
        f"{FOLDER}/committees.yaml:3:10: 'niemand' is not in people.yaml",
        f"{FOLDER}/committees.yaml:5:31: 'keiner' is not in partners.yaml",
        f"{FOLDER}/working-groups.yaml:3:12: 'dr-anna-schmit' is not in people.yaml",
    ]
    hints = {problem.message.split("'")[1]: problem.hint for problem in problems}
    assert hints["katrin-ho"] == "did you mean 'katrin-hoh'?"
    assert hints["dr-anna-schmit"] == "did you mean 'dr-anna-schmidt'?"


def test_a_committee_member_must_be_a_person_not_a_partner(make_content: MakeContent) -> None:
    committees = COMMITTEES.replace("members: [dr-anna-schmidt]", "members: [familienzentrum]")
    root = make_content(organised({"committees.yaml": committees}))
    assert described(problems_of(root), root) == [
        f"{FOLDER}/committees.yaml:4:13: 'familienzentrum' is not in people.yaml"
    ]


def test_wrong_kinds_are_located_and_suggest_the_right_word(make_content: MakeContent) -> None:
    alliance_md = ORGANISED.replace("kind: spokesperson", "kind: spokes_person")
    committees = COMMITTEES.replace("steering_group", "Lenkungsgrupe")
    root = make_content(organised({"alliance.md": alliance_md, "committees.yaml": committees}))
    problems = problems_of(root)
    assert described(problems, root) == [
        f"{ALLIANCE}:16:11: 'spokes_person' is not a valid 'kind'",
        f"{FOLDER}/committees.yaml:2:9: 'Lenkungsgrupe' is not a valid 'kind'",
    ]
    assert [problem.hint for problem in problems] == [
        "did you mean 'spokesperson'?",
        "did you mean 'Lenkungsgruppe'?",
    ]


def test_a_host_needs_a_name_or_a_partner(make_content: MakeContent) -> None:
    root = make_content({ALLIANCE: f"{HEAD}hosts:\n  - since: 2010\n---\n"})
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}:6:5: a host needs a 'name: …' or the slug of a 'partner: …'"
    ]


def test_the_alliances_own_contact_is_checked_where_it_stands(make_content: MakeContent) -> None:
    text = f"{HEAD}email: buendnis(at)musterstadt.de\nphone: siehe Website\nmoto: Ja\n---\n"
    root = make_content({ALLIANCE: text})
    problems = problems_of(root)
    assert described(problems, root) == [
        f"{ALLIANCE}:5:8: 'buendnis(at)musterstadt.de' is not an e-mail address: "
        "write it as name@example.org",
        f"{ALLIANCE}:6:8: 'siehe Website' is not a phone number: "
        "write digits, spaces and '/', e.g. 03677 600347",
        f"{ALLIANCE}:7:1: unknown field 'moto'",
    ]
    assert problems[2].hint == "did you mean 'motto'?"


def test_committees_need_a_name_and_a_kind(make_content: MakeContent) -> None:
    root = make_content({f"{FOLDER}/committees.yaml": "- kind: advisory_board\n- name: Beirat\n"})
    assert described(problems_of(root), root) == [
        f"{FOLDER}/committees.yaml:1:3: missing required field 'name'",
        f"{FOLDER}/committees.yaml:2:3: missing required field 'kind'",
    ]


@pytest.mark.parametrize(
    ("until", "holds"),
    [(None, True), ("2026-11-26", True), ("2026-11", True), ("2026", True), ("2026-11-25", False)],
)
def test_a_tenure_holds_until_its_end_has_passed(until: str | None, holds: bool) -> None:
    assert Tenure.model_validate({"until": until}).holds_on(date(2026, 11, 26)) is holds


# --- pages and structured data ---


@pytest.fixture
def built(make_content: MakeContent, tmp_path: Path) -> Path:
    """The organised alliance, built as on 26 November 2026."""
    return build_into(make_content(organised()), tmp_path / "build").output


def read(output: Path, path: str) -> str:
    return (output / path).read_text(encoding="utf-8")


def main_of(page: str) -> str:
    return page.split('<main id="inhalt"', 1)[1].split("</main>", 1)[0]


def structured(page: str) -> dict[str, object]:
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, object] = json.loads(found[1])
    return data


def test_the_organisation_page_shows_current_and_former_functions(built: Path) -> None:
    page = main_of(read(built, "musterstadt/organisation/index.html"))
    current, former = page.split('id="fruehere-funktionen"')
    assert "Sprecherin der Koordinierungsgruppe:" in current
    assert 'Schirmherrschaft:</span> <a href="/musterstadt/mitmachen/#dr-anna-schmidt">' in current
    assert "Jörg Müller-Lüdenscheidt" not in current
    assert "Jörg Müller-Lüdenscheidt" in former
    assert (
        '<time datetime="2015">2015</time> bis <time datetime="2019-06">Juni 2019</time>' in former
    )
    assert 'id="lenkungsgruppe"' in former
    assert "viermal im Jahr" in former
    assert '<a href="/musterstadt/partner/#familienzentrum">Familienzentrum</a>' in current
    assert "Wir <em>planen</em> die Ferien." in former
    assert "Betreuung am Nachmittag" in former


def test_a_committee_named_otherwise_says_what_kind_it_is(
    make_content: MakeContent, tmp_path: Path
) -> None:
    steering = "    - name: Steuerkreis\n      kind: steering_committee\n"
    committees = COMMITTEES.rstrip(" ") + steering
    root = make_content(organised({"committees.yaml": committees}))
    page = read(build_into(root, tmp_path / "build").output, "musterstadt/organisation/index.html")
    steering, other = page.split('id="steuerkreis"')
    assert "<dt>Gremium</dt>" not in steering.split('id="lenkungsgruppe"')[1]
    assert "<dt>Gremium</dt><dd>Steuerungsgruppe</dd>" in other


def test_the_organisation_page_is_in_the_menu(built: Path) -> None:
    assert 'href="/musterstadt/organisation/"' in read(built, "musterstadt/index.html")


def test_no_organisation_page_without_roles_bodies_or_groups(
    make_content: MakeContent, tmp_path: Path
) -> None:
    plain = {ALLIANCE: f"{HEAD}patron: ohne-kontakt\n---\n", f"{FOLDER}/people.yaml": PEOPLE}
    output = build_into(make_content(plain), tmp_path / "plain").output
    assert not (output / "musterstadt" / "organisation").exists()
    assert "/organisation/" not in read(output, "musterstadt/index.html")


def test_the_overview_names_the_current_patron_and_host_only(built: Path) -> None:
    page = read(built, "musterstadt/index.html")
    facts = page.split('class="facts"', 1)[1].split("</dl>", 1)[0]
    assert "<dt>Schirmherrschaft</dt><dd>Dr. Anna Schmidt, Bürgermeisterin</dd>" in facts
    assert "<dt>Träger</dt><dd>Familienzentrum</dd>" in facts
    assert "Müller" not in facts
    assert "Stadt Musterstadt" not in facts
    assert "„<bdi>Familie, Beruf; Zukunft</bdi>“" in page  # isolated: a motto may be in any script


def test_the_contact_page_shows_the_alliances_contact_and_open_offices(built: Path) -> None:
    page = main_of(read(built, "musterstadt/mitmachen/index.html"))
    assert "buendnis@musterstadt.de" not in page  # encoded, as people's addresses are
    assert "".join(f"&#{ord(c)};" for c in "buendnis@musterstadt.de") in page
    assert '<a href="tel:+496151999" dir="ltr">06151 999</a>' in page
    assert "Koordinierungsstelle" in page
    assert "dienstags 9–12 Uhr" in page
    assert "Alte Außenstelle" not in page  # closed in 2020


def test_structured_data_has_roles_with_periods_and_the_alliances_contact(built: Path) -> None:
    data = structured(read(built, "musterstadt/index.html"))
    assert (data["slogan"], data["email"], data["telephone"]) == (
        "Familie, Beruf; Zukunft",
        "buendnis@musterstadt.de",
        "06151 999",
    )
    members = data["member"]
    assert isinstance(members, list)
    roles = [member for member in members if member["@type"] == "OrganizationRole"]
    assert roles[0] == {
        "@type": "OrganizationRole",
        "roleName": "Schirmherrschaft",
        "startDate": "2015",
        "endDate": "2019-06",
        "member": {"@type": "Person", "name": "Jörg Müller-Lüdenscheidt"},
    }
    assert roles[1]["roleName"] == "Sprecherin der Koordinierungsgruppe"
    assert data["parentOrganization"] == [{"@type": "Organization", "name": "Familienzentrum"}]
    departments = data["department"]
    assert isinstance(departments, list)
    assert [office["name"] for office in departments] == ["Koordinierungsstelle"]
    groups = data["subOrganization"]
    assert isinstance(groups, list)
    assert [group["name"] for group in groups] == ["Lenkungsgruppe", "AK Kinderbetreuung"]


# --- vCards ---


def unescape(value: str) -> list[str]:
    """The components of a vCard value, split at unescaped ';', escapes undone."""
    components, current, characters = [], "", iter(value)
    for character in characters:
        if character == "\\":
            following = next(characters)
            current += "\n" if following in "nN" else following
        elif character == ";":
            components.append(current)
            current = ""
        else:
            current += character
    return [*components, current]


def parse_vcard(data: bytes) -> dict[str, tuple[list[str], list[str]]]:
    """A vCard's properties by name: (parameters, value components); checks the line form."""
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    lines = text[:-2].split("\r\n")
    assert all("\r" not in line and "\n" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded: list[str] = []
    for line in lines:
        if line.startswith(" "):
            unfolded[-1] += line[1:]
        else:
            unfolded.append(line)
    properties = {}
    for line in unfolded:
        head, value = line.split(":", 1)
        name, *parameters = head.split(";")
        assert name not in properties
        properties[name] = (parameters, unescape(value))
    return properties


def test_people_with_published_contact_data_get_a_vcard(built: Path) -> None:
    folder = built / "musterstadt" / "mitmachen"
    assert sorted(path.name for path in folder.glob("*.vcf")) == [
        "dr-anna-schmidt.vcf",
        "joerg-mueller-luedenscheidt.vcf",
        "katrin-hoh.vcf",
    ]
    page = read(built, "musterstadt/mitmachen/index.html")
    assert page.count(".vcf") == 3
    card = page.split('id="katrin-hoh"', 1)[1].split("</article>", 1)[0]
    assert 'href="/musterstadt/mitmachen/katrin-hoh.vcf" download' in card
    nobody = page.split('id="ohne-kontakt"', 1)[1].split("</article>", 1)[0]
    assert ".vcf" not in nobody


def test_a_vcard_holds_the_persons_contact_escaped(built: Path) -> None:
    card = parse_vcard((built / "musterstadt/mitmachen/katrin-hoh.vcf").read_bytes())
    assert list(card)[:2] == ["BEGIN", "VERSION"]
    assert card["VERSION"][1] == ["3.0"]
    assert card["FN"][1] == ["Katrin Hoh"]
    assert card["N"][1] == ["Hoh", "Katrin", "", "", ""]
    assert card["ORG"][1] == ["Rathaus Musterstadt; Zimmer 3, Erdgeschoss"]
    assert card["EMAIL"] == (["TYPE=INTERNET"], ["katrin@musterstadt.de"])
    assert card["NOTE"][1] == ["Sprechzeiten: Mo 9–12 Uhr\nDi 14–16 Uhr"]
    assert card["URL"][1] == ["https://example.org/musterstadt/mitmachen/"]
    assert "TEL" not in card


def test_a_vcard_writes_titles_phone_and_address_in_their_parts(built: Path) -> None:
    mayor = parse_vcard((built / "musterstadt/mitmachen/dr-anna-schmidt.vcf").read_bytes())
    assert mayor["N"][1] == ["Schmidt", "Anna", "", "Dr.", ""]
    assert mayor["TITLE"][1] == ["Bürgermeisterin"]
    assert mayor["TEL"] == (["TYPE=WORK,VOICE"], ["+49615112345"])
    neighbour = parse_vcard(
        (built / "musterstadt/mitmachen/joerg-mueller-luedenscheidt.vcf").read_bytes()
    )
    assert neighbour["ADR"][1] == [
        "",
        "",
        "Lange Straße 1",
        "Musterstadt",
        "",
        "12345",
        "Deutschland",
    ]


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Katrin Hoh", ("Hoh", "Katrin", "")),
        ("Prof. Dr. Eva Maria Weber", ("Weber", "Eva Maria", "Prof. Dr.")),
        ("Hoh", ("Hoh", "", "")),
        ("Dr.", ("Dr.", "", "")),
    ],
)
def test_a_name_is_read_in_parts(name: str, parts: tuple[str, str, str]) -> None:
    assert name_parts(name) == parts


@pytest.mark.parametrize("text", ["a" * 200, "ä" * 100, "€" * 80 + "x", "x" + "😀" * 40])
def test_long_lines_are_folded_between_characters(text: str) -> None:
    folded = fold(f"NOTE:{text}")
    lines = folded.removesuffix("\r\n").split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert lines[0] + "".join(line.removeprefix(" ") for line in lines[1:]) == f"NOTE:{text}"
    assert all(line.startswith(" ") for line in lines[1:])


def test_a_value_cannot_start_a_property_of_its_own(
    make_content: MakeContent, tmp_path: Path
) -> None:
    people = '- name: Eva\n  email: eva@example.org\n  role: "x\\r\\nEMAIL:evil@example.org;\\\\"\n'
    root = make_content({f"{FOLDER}/people.yaml": people})
    output = build_into(root, tmp_path / "build").output
    card = parse_vcard((output / "musterstadt/mitmachen/eva.vcf").read_bytes())
    assert card["EMAIL"][1] == ["eva@example.org"]
    assert card["TITLE"][1] == ["x\nEMAIL:evil@example.org;\\"]
