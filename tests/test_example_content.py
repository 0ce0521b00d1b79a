"""The shipped example content is valid, carries the seeds' facts, and breaks loudly."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from alliancegen.model.entities import EventKind
from alliancegen.model.entities import Membership
from alliancegen.model.entities import NewsKind
from alliancegen.model.entities import ProjectStatus
from alliancegen.model.entities import State
from alliancegen.model.moment import Moment
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of


def test_example_content_has_no_problems() -> None:
    site = site_of(EXAMPLE_CONTENT)
    assert [alliance.slug for alliance in site.alliances] == ["herzogenrath", "ilmenau", "iserlohn"]


def test_nationwide_context_from_the_seeds() -> None:
    site = site_of(EXAMPLE_CONTENT)
    assert len(site.national_fields) == 8
    assert site.national_fields[1].title == "Kinderbetreuung"
    [action_day] = site.action_days
    assert (action_day.year, action_day.date) == (2017, Moment(2017, 5, 15))
    assert "rund 300 Standorten" in site.pages[0].body


def test_ilmenau_carries_its_seed_facts() -> None:
    ilmenau = next(a for a in site_of(EXAMPLE_CONTENT).alliances if a.slug == "ilmenau")
    assert (ilmenau.state, ilmenau.founded) == (State.THUERINGEN, Moment(2008, 11, 17))
    assert ilmenau.hero is not None
    assert (ilmenau.hero.alt, ilmenau.hero.credit) == (
        "Generationen vor der Alten Försterei",
        "Peter Hollek",
    )
    people = {person.slug: person for person in ilmenau.people}
    assert ilmenau.patron == "dr-daniel-schultheiss"
    assert [(people[s].phone, people[s].email) for s in ilmenau.coordinators] == [
        ("03677 600347", "gba@ilmenau.de"),
        ("03677 893023", "mgh-ilmenau@gmx.de"),
    ]
    cooperating = [p.slug for p in ilmenau.partners if p.membership is Membership.COOPERATION]
    assert cooperating == [
        "quiz-quartiersinitiative-zukunft-ilmenau",
        "awo-thueringen",
        "thueringer-initiative-fuer-integration-nachhaltigkeit-kooperation-und-aktivierung",
    ]
    [event] = ilmenau.events
    assert (event.kind, event.action_day, event.motto) == (
        EventKind.ACTION_DAY,
        2017,
        "Mehr Familie – In die Zukunft, fertig los",
    )
    assert event.place is not None and event.place.name == "Alte Försterei"
    [news] = ilmenau.news
    assert news.kind is NewsKind.ALLIANCE_OF_THE_MONTH
    assert ilmenau.awards[0].news == news.slug
    assert "elf neue Ortsteile" in news.body
    [offer] = ilmenau.offers
    assert (offer.amount, offer.provider) == ("100 Euro", "stadtverwaltung-ilmenau")


def test_herzogenrath_carries_its_seed_facts() -> None:
    herzogenrath = next(a for a in site_of(EXAMPLE_CONTENT).alliances if a.slug == "herzogenrath")
    assert (len(herzogenrath.vision), len(herzogenrath.tasks)) == (2, 8)
    [project] = herzogenrath.projects
    assert project.model_project and project.status is ProjectStatus.RUNNING
    assert project.programme == "Pilotvorhaben kommunale Zeitpolitik für Familien in der Praxis"
    [coordinator] = herzogenrath.people
    assert coordinator.quote == "Nur eine familienfreundliche Stadt ist eine zukunftsfähige Stadt!"
    assert [event.title for event in herzogenrath.events] == ["Familientag 2017"]
    assert herzogenrath.partners[0].address is not None
    assert herzogenrath.partners[0].address.street == "Rathausplatz 1"


def test_iserlohn_carries_its_seed_facts() -> None:
    iserlohn = next(a for a in site_of(EXAMPLE_CONTENT).alliances if a.slug == "iserlohn")
    assert (iserlohn.founded, iserlohn.declared) == (Moment(2004, 7), Moment(2004, 7, 15))
    assert len(iserlohn.partners) == 11
    assert [field.title for field in iserlohn.fields_of_action][:5] == [
        "Servicestellen für Familien",
        "Stärkung der Elternkompetenz",
        "Familie und Wohnumfeld",
        "Schule und Bildung",
        "Gesundheit",
    ]
    project = iserlohn.projects[0]
    assert project.partners == ["regenbogen-kinderbetreuung", "kju"]
    # "das von der SIHK unterstützt wird und an dem sich neben dem Trägerverein auch der Kreis
    # Junger Unternehmer beteiligt": the SIHK supports it, the other two take part.
    assert [(o.organisation, o.role) for o in project.organisations] == [("sihk", "supporter")]


@dataclass(frozen=True)
class Corruption:
    """One change that breaks a copy of the example content, and the problem it must cause."""

    file: str
    old: str
    new: str
    column: int
    message: str
    hint: str = ""
    line: int | None = None
    """The expected line, where it is not the line of the change."""

    def apply(self, root: Path) -> str:
        """Make the change; return the expected 'file:line:column: message'."""
        path = root / self.file
        text = path.read_text(encoding="utf-8")
        assert text.count(self.old) >= 1, f"{self.old!r} is not in {self.file}"
        line = text[: text.index(self.old)].count("\n") + 1
        changed = text.replace(self.old, self.new, 1)
        if self.new.startswith("latin-1:"):
            path.write_bytes(text.replace(self.old, self.new[8:], 1).encode("latin-1"))
        else:
            path.write_text(changed, encoding="utf-8")
        return f"{self.file}:{self.line or line}:{self.column}: {self.message}"


CORRUPTIONS = {
    "broken YAML": Corruption(
        "alliances/ilmenau/people.yaml",
        "  role: Koordinatorin\n",
        "  role: Koordinatorin: Mehrgenerationenhaus\n",
        22,
        "this is not valid YAML: mapping values are not allowed in this context",
        'put the value in quotes: role: "Koordinatorin: Mehrgenerationenhaus"',
    ),
    "tab": Corruption(
        "alliances/ilmenau/goals.yaml",
        "  slug: neue-ortsteile\n",
        "\tslug: neue-ortsteile\n",
        1,
        "a tab character: YAML indents with spaces only",
        "replace the tab with spaces",
    ),
    "wrong date": Corruption(
        "alliances/ilmenau/alliance.md",
        "founded: 2008-11-17",
        "founded: 2008-11-31",
        10,
        "'2008-11-31' is not a date: November 2008 has 30 days",
    ),
    "unknown key": Corruption(
        "alliances/ilmenau/partners.yaml",
        "  short_name: IWG",
        "  shortname: IWG",
        3,
        "unknown field 'shortname'",
        "did you mean 'short_name'?",
    ),
    "missing required field": Corruption(
        "alliances/herzogenrath/alliance.md",
        "town: Herzogenrath\n",
        "",
        1,
        "missing required field 'town'",
        "add 'town: …' (Town, city or district it works in)",
        line=2,
    ),
    "dangling partner reference": Corruption(
        "alliances/iserlohn/projects/nachmittagsbetreuung.md",
        "  - kju\n",
        "  - kjv\n",
        5,
        "'kjv' is not in partners.yaml",
        "did you mean 'kju'?",
    ),
    "two items with one slug": Corruption(
        "alliances/iserlohn/partners.yaml",
        "- name: Stadt Iserlohn\n",
        "- name: Agentur für Arbeit Iserlohn\n",
        9,
        "the slug 'agentur-fuer-arbeit-iserlohn' is taken already by the entry on line 10",
        "two entries of one kind need different names, or add 'slug: …' to one of them",
    ),
    "non-UTF-8 file": Corruption(
        "fields-of-action.yaml",
        "# The nationwide",
        "latin-1:# The nationwide",
        50,
        "the file is not UTF-8 text: byte 0xfc cannot be read",
        "save the file with the encoding UTF-8",
    ),
}


@pytest.mark.parametrize("corruption", CORRUPTIONS.values(), ids=CORRUPTIONS.keys())
def test_corrupted_copy_reports_file_line_and_message(
    example_copy: Path, corruption: Corruption
) -> None:
    expected = corruption.apply(example_copy)
    [problem] = problems_of(example_copy)
    assert described((problem,), example_copy) == [expected]
    assert problem.hint == corruption.hint


def test_all_corruptions_are_reported_together(example_copy: Path) -> None:
    expected = {corruption.apply(example_copy) for corruption in CORRUPTIONS.values()}
    assert set(described(problems_of(example_copy), example_copy)) == expected
