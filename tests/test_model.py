"""The model validates every entity, derives slugs, resolves references, and says what is wrong."""

from __future__ import annotations

import pytest

from alliancegen import i18n
from alliancegen.model.entities import AllianceStatus
from alliancegen.model.entities import EventKind
from alliancegen.model.entities import GoalStatus
from alliancegen.model.entities import Membership
from alliancegen.model.entities import NewsKind
from alliancegen.model.entities import PartnerCategory
from alliancegen.model.entities import Person
from alliancegen.model.entities import ProjectStatus
from alliancegen.model.entities import State
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Choice
from alliancegen.model.fields import slugify
from alliancegen.model.moment import Moment
from alliancegen.model.settings import Compliance
from alliancegen.model.validate import SYNONYMS
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of
from tests.test_docs import CHOICES
from tests.test_docs import RECORDS

ALLIANCE = "alliances/musterstadt/alliance.md"
PARTNERS = "alliances/musterstadt/partners.yaml"
PEOPLE = "alliances/musterstadt/people.yaml"


def test_minimal_site_is_valid(make_content: MakeContent) -> None:
    site = site_of(make_content({}))
    [alliance] = site.alliances
    assert alliance.slug == "musterstadt"
    assert alliance.state is State.HESSEN
    assert site.settings.time_zone == "Europe/Berlin"


def test_collections_belong_to_their_alliance(make_content: MakeContent) -> None:
    root = make_content(
        {
            PARTNERS: """\
                - name: Stadtverwaltung Musterstadt
                  category: municipality
                - name: Kita Regenbogen
                  category: childcare
                  membership: cooperation
                """,
            "alliances/musterstadt/news/2024-neu.md": "---\ntitle: Neu\ndate: 2024-3-1\n---\nText",
        }
    )
    [alliance] = site_of(root).alliances
    assert [partner.slug for partner in alliance.partners] == [
        "stadtverwaltung-musterstadt",
        "kita-regenbogen",
    ]
    assert alliance.partners[1].membership is Membership.COOPERATION
    assert alliance.partners[0].category is PartnerCategory.MUNICIPALITY
    [news] = alliance.news
    assert (news.slug, news.date, news.body) == ("2024-neu", Moment(2024, 3, 1), "Text")


def test_slugs_are_derived_the_german_way() -> None:
    assert slugify("Dr. Daniel Schultheiß") == "dr-daniel-schultheiss"
    assert slugify("Trägerverein „Regenbogen“ e. V.") == "traegerverein-regenbogen-e-v"
    assert slugify("Ärzte & Öffentlichkeit – Übersicht") == "aerzte-oeffentlichkeit-uebersicht"
    assert slugify("Café Crème") == "cafe-creme"


def test_unknown_field_suggests_the_closest_name(make_content: MakeContent) -> None:
    root = make_content({PARTNERS: "- name: Stadt\n  categroy: municipality\n"})
    problems = problems_of(root)
    assert described(problems, root) == [
        f"{PARTNERS}:1:3: missing required field 'category'",
        f"{PARTNERS}:2:3: unknown field 'categroy'",
    ]
    assert problems[0].hint.startswith("add 'category: …' with one of: municipality (Kommune), ")
    assert problems[1].hint == "did you mean 'category'?"


@pytest.mark.parametrize(
    ("file", "entry", "hint"),
    [
        (PARTNERS, "- name: S\n  category: clubs\n  since: 2019\n", "did you mean 'joined'?"),
        (PARTNERS, "- name: S\n  category: clubs\n  Seit: 2019\n", "did you mean 'joined'?"),
        (PARTNERS, "- name: S\n  category: clubs\n  Kategorie: x\n", "did you mean 'category'?"),
        (PARTNERS, "- name: S\n  category: clubs\n  homepage: x\n", "did you mean 'website'?"),
        (PEOPLE, "- name: A\n  E-Mail: a@b.de\n", "did you mean 'email'?"),
        (PEOPLE, "- name: A\n  Telefon: 0361 1234\n", "did you mean 'phone'?"),
        (PEOPLE, "- name: A\n  Office-Hours: Mo\n", "did you mean 'office_hours'?"),
        (
            ALLIANCE,
            "---\nname: B\ntown: T\nstate: Hessen\nseit: 2004\n---\n",
            "did you mean 'founded'?",
        ),
        (
            "alliances/musterstadt/events/e.md",
            "---\ntitle: E\nstart: 2026\nOrt: {locality: M}\n---\n",
            "did you mean 'place'?",
        ),
        (
            "alliances/musterstadt/events/e.md",
            "---\ntitle: E\nstart: 2026\nplace: {Ort: M}\n---\n",
            "did you mean 'locality'?",
        ),
        (
            "alliances/musterstadt/projects/p.md",
            "---\nname: P\ntitle: P\nstatus: running\n---\n",
            "did you mean 'title'?",
        ),
    ],
)
def test_unknown_field_written_as_another_name_suggests_the_field(
    make_content: MakeContent, file: str, entry: str, hint: str
) -> None:
    [problem] = problems_of(make_content({file: entry}))
    assert problem.message.startswith("unknown field")
    assert problem.hint == hint


def test_every_synonym_names_a_field_that_content_may_write() -> None:
    fields = {field for record in RECORDS for field in user_fields(record)}
    assert sorted(SYNONYMS.keys() - fields) == []


def test_unknown_field_without_a_close_name_says_where_the_fields_are(
    make_content: MakeContent,
) -> None:
    [problem] = problems_of(make_content({PEOPLE: "- name: A\n  lieblingsfarbe: blau\n"}))
    assert problem.hint == (
        f"the fields here are: {', '.join(user_fields(Person))}; docs/content.md describes them"
    )


@pytest.mark.parametrize(
    ("written", "member"),
    [
        ("dauerhaft", ProjectStatus.PERMANENT),
        ("Laufend", ProjectStatus.RUNNING),
        ("Wohlfahrtsverband", PartnerCategory.CHARITIES),
        ("KOMMUNE", PartnerCategory.MUNICIPALITY),
        ("Agentur für Arbeit", PartnerCategory.EMPLOYMENT),
        ("kooperationspartner", Membership.COOPERATION),
        ("in Arbeit", GoalStatus.IN_PROGRESS),
        ("In-Arbeit", GoalStatus.IN_PROGRESS),
        ("in progress", GoalStatus.IN_PROGRESS),
        ("Action-Day", EventKind.ACTION_DAY),
        ("Bündnis des Monats", NewsKind.ALLIANCE_OF_THE_MONTH),
        ("Buendnis des Monats", NewsKind.ALLIANCE_OF_THE_MONTH),
        ("aufgeloest", AllianceStatus.DISSOLVED),
        ("Thüringen", State.THUERINGEN),
        ("Thueringen", State.THUERINGEN),
        ("thuringen", State.THUERINGEN),
        ("Baden Wuerttemberg", State.BADEN_WUERTTEMBERG),
        ("teilweise", Compliance.PARTIAL),
    ],
)
def test_a_choice_is_written_in_english_or_german_in_any_spelling(
    written: str, member: Choice
) -> None:
    assert type(member)(written) is member


def test_content_may_write_choices_in_german(make_content: MakeContent) -> None:
    root = make_content(
        {
            PARTNERS: "- name: Caritas\n  category: Wohlfahrtsverband\n",
            "alliances/musterstadt/projects/p.md": "---\ntitle: P\nstatus: dauerhaft\n---\n",
        }
    )
    [alliance] = site_of(root).alliances
    assert alliance.partners[0].category is PartnerCategory.CHARITIES
    assert alliance.projects[0].status == "permanent"


@pytest.mark.parametrize("choice", CHOICES, ids=lambda choice: choice.__name__)
def test_no_spelling_of_a_choice_stands_for_two_of_its_values(choice: type[Choice]) -> None:
    spellings = [spelling for member in choice for spelling in member.spellings]
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize(
    ("status", "hint"),
    [
        ("dauerhafft", "did you mean 'dauerhaft'?"),
        ("runing", "did you mean 'running'?"),
        ("abgeschlosen", "did you mean 'abgeschlossen'?"),
        (
            "vielleicht",
            "write one of: planned (geplant), running (laufend), permanent (dauerhaft), "
            "finished (abgeschlossen)",
        ),
    ],
)
def test_wrong_choice_suggests_a_value_in_either_language(
    make_content: MakeContent, status: str, hint: str
) -> None:
    project = f"---\ntitle: P\nstatus: {status}\n---\n"
    root = make_content({"alliances/musterstadt/projects/p.md": project})
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        f"alliances/musterstadt/projects/p.md:3:9: '{status}' is not a valid 'status'"
    ]
    assert problem.hint == hint


def test_wrong_state_suggests_the_state(make_content: MakeContent) -> None:
    root = make_content({ALLIANCE: "---\nname: B\ntown: T\nstate: Thüringn\n---\n"})
    [problem] = problems_of(root)
    assert described((problem,), root) == [f"{ALLIANCE}:4:8: 'Thüringn' is not a valid 'state'"]
    assert problem.hint == "did you mean 'Thüringen'?"


def test_nested_problems_point_at_the_nested_value(make_content: MakeContent) -> None:
    root = make_content(
        {
            ALLIANCE: """\
                ---
                name: B
                town: T
                state: Hessen
                links:
                  - title: Start
                    url: www.example.org
                awards:
                  - nme: Bündnis des Monats
                ---
                """
        }
    )
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}:7:10: 'www.example.org' is not a web address: "
        "write it as https://example.org/…",
        f"{ALLIANCE}:9:5: missing required field 'name'",
        f"{ALLIANCE}:9:5: unknown field 'nme'",
    ]


def test_value_of_the_wrong_shape_is_explained(make_content: MakeContent) -> None:
    root = make_content(
        {PEOPLE: "- name:\n    - Katrin\n  email: katrin\n- name:\n- Hoh\n"},
    )
    assert described(problems_of(root), root) == [
        f"{PEOPLE}:2:5: 'name' must be text, not a list",
        f"{PEOPLE}:3:10: 'katrin' is not an e-mail address: write it as name@example.org",
        f"{PEOPLE}:4:8: 'name' has no value",
        f"{PEOPLE}:5:3: expected a group of fields here",
    ]


def test_list_file_must_hold_a_list(make_content: MakeContent) -> None:
    root = make_content({PEOPLE: "name: Katrin Hoh\n"})
    assert described(problems_of(root), root) == [f"{PEOPLE}:1:1: people.yaml must hold a list"]


def test_internal_fields_cannot_be_written(make_content: MakeContent) -> None:
    root = make_content({"pages/a.md": "---\ntitle: A\nbody: sneaky\n---\n"})
    assert described(problems_of(root), root) == ["pages/a.md:3:1: unknown field 'body'"]


def test_references_resolve_within_the_alliance(make_content: MakeContent) -> None:
    root = make_content(
        {
            PEOPLE: "- name: Katrin Hoh\n",
            PARTNERS: "- name: Stadt\n  category: municipality\n  contact: katrin-hoh\n",
            ALLIANCE: "---\nname: B\ntown: T\nstate: Hessen\ncoordinators: [katrin-hoh]\n---\n",
            "alliances/musterstadt/projects/p.md": """\
                ---
                title: P
                status: running
                partners: [stadt, stadtwerke]
                contact: katrin-ho
                ---
                """,
        }
    )
    problems = problems_of(root)
    assert described(problems, root) == [
        "alliances/musterstadt/projects/p.md:4:19: 'stadtwerke' is not in partners.yaml",
        "alliances/musterstadt/projects/p.md:5:10: 'katrin-ho' is not in people.yaml",
    ]
    assert problems[1].hint == "did you mean 'katrin-hoh'?"


def test_references_to_the_nationwide_lists_resolve_site_wide(make_content: MakeContent) -> None:
    root = make_content(
        {
            "fields-of-action.yaml": "- title: Kinderbetreuung\n",
            "action-days.yaml": "- year: 2017\n  date: 2017-05-15\n",
            "alliances/musterstadt/fields-of-action.yaml": """\
                - title: Kita
                  national: kinderbetreuung
                """,
            "alliances/musterstadt/events/aktionstag.md": """\
                ---
                title: Aktionstag
                kind: action_day
                start: 2017-05-15 14:00
                action_day: 2017
                fields_of_action: [kita]
                ---
                """,
        }
    )
    [alliance] = site_of(root).alliances
    assert alliance.events[0].action_day == 2017
    assert alliance.fields_of_action[0].national == "kinderbetreuung"


def test_reference_into_an_unreadable_file_is_not_reported_twice(
    make_content: MakeContent,
) -> None:
    root = make_content(
        {
            PEOPLE: "- name: [Katrin\n",
            ALLIANCE: "---\nname: B\ntown: T\nstate: Hessen\npatron: katrin-hoh\n---\n",
        }
    )
    [problem] = problems_of(root)
    assert problem.location.path.name == "people.yaml"


def test_two_entries_with_one_slug_are_a_problem(make_content: MakeContent) -> None:
    root = make_content(
        {
            PARTNERS: """\
                - name: Stadt Musterstadt
                  category: municipality
                - name: Stadt  Musterstadt
                  category: municipality
                - name: Jobcenter
                  slug: stadt-musterstadt
                  category: employment
                """
        }
    )
    problems = problems_of(root)
    assert described(problems, root) == [
        f"{PARTNERS}:3:9: the slug 'stadt-musterstadt' is taken already by the entry on line 1",
        f"{PARTNERS}:6:9: the slug 'stadt-musterstadt' is taken already by the entry on line 1",
    ]


def test_file_name_must_make_a_slug(make_content: MakeContent) -> None:
    root = make_content({"pages/Über uns.md": "---\ntitle: Über uns\n---\n"})
    [problem] = problems_of(root)
    assert problem.message == "the file name 'Über uns.md' cannot be part of a URL"
    assert problem.hint.startswith("rename it to 'ueber-uns'")


def test_front_matter_slug_overrides_the_file_name(make_content: MakeContent) -> None:
    root = make_content({"pages/Über uns.md": "---\ntitle: Über uns\nslug: wir\n---\n"})
    assert [page.slug for page in site_of(root).pages] == ["wir"]


def test_image_needs_alt_text_and_credit(make_content: MakeContent) -> None:
    root = make_content(
        {ALLIANCE: "---\nname: B\ntown: T\nstate: Hessen\nhero:\n  file: media/a.jpg\n---\n"}
    )
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}:6:3: an image needs 'alt' text (or 'decorative: true')",
        f"{ALLIANCE}:6:3: missing required field 'credit'",
    ]


def test_image_file_must_be_there(make_content: MakeContent) -> None:
    root = make_content(
        {
            ALLIANCE: """\
                ---
                name: B
                town: T
                state: Hessen
                hero: {file: media/foto.jpeg, alt: Ein Foto, credit: Peter Hollek}
                ---
                """,
            "alliances/musterstadt/media/foto.jpg": b"\xff\xd8",
        }
    )
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        f"{ALLIANCE}:5:14: there is no file 'media/foto.jpeg' in alliances/musterstadt/"
    ]
    assert problem.hint == "did you mean 'media/foto.jpg'?"


def test_file_path_cannot_leave_the_content_folder(make_content: MakeContent) -> None:
    root = make_content({PEOPLE: "- name: A\n  photo: {file: ../../x.jpg, alt: A, credit: B}\n"})
    [problem] = problems_of(root)
    assert problem.message.startswith("'../../x.jpg' is not a file path inside the content folder")


def test_photo_of_a_person_needs_consent(make_content: MakeContent) -> None:
    root = make_content({PEOPLE: "- name: A\n  photo: {alt: Portrait, credit: B}\n"})
    assert described(problems_of(root), root) == [
        f"{PEOPLE}:2:10: a person's photo needs their consent: add 'photo_consent: true'"
    ]


def test_event_cannot_end_before_it_starts(make_content: MakeContent) -> None:
    event = "---\ntitle: E\nstart: 2017-05-15 10:00\nend: {end}\n---\n"
    root = make_content({"alliances/musterstadt/events/e.md": event.format(end="2017-05-14")})
    [problem] = problems_of(root)
    assert problem.message == "the event ends (2017-05-14) before it starts (2017-05-15 10:00)"


def test_a_comparison_of_fields_points_at_the_field_to_blame(make_content: MakeContent) -> None:
    event = "---\ntitle: E\nkind: meeting\nend: 2017-05-14\nstart: 2017-05-15 10:00\n---\n"
    project = "---\ntitle: P\nstatus: finished\nstart: 2019\nend:   2018-12\n---\n"
    root = make_content(
        {
            "alliances/musterstadt/events/e.md": event,
            "alliances/musterstadt/projects/p.md": project,
            PEOPLE: "- name: A\n  photo_consent: false\n  photo:\n    alt: P\n    credit: B\n",
        }
    )
    assert described(problems_of(root), root) == [
        "alliances/musterstadt/events/e.md:4:6: "
        "the event ends (2017-05-14) before it starts (2017-05-15 10:00)",
        f"{PEOPLE}:4:5: a person's photo needs their consent: add 'photo_consent: true'",
        "alliances/musterstadt/projects/p.md:5:8: "
        "the project ends (2018-12) before it starts (2019)",
    ]


EVENT = "alliances/musterstadt/events/e.md"


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (
            EVENT,
            "---\ntitle: E\nstart: 2017-05-15\nend: 2017-05-14\n---\n",
            "die Veranstaltung endet (2017-05-14), bevor sie beginnt (2017-05-15)",
        ),
        (
            EVENT,
            "---\ntitle: E\nstart: 2017-05-15\nuntil: 2017-06-01\n---\n",
            "'until' beendet eine Reihe: Ergänzen Sie 'repeat: weekly' "
            "(oder wie oft sie stattfindet)",
        ),
        (
            PEOPLE,
            "- name: A\n  photo: {alt: Portrait, credit: B}\n",
            "das Foto einer Person braucht ihre Zustimmung: Ergänzen Sie 'photo_consent: true'",
        ),
        (
            ALLIANCE,
            "---\nname: B\ntown: T\nstate: Hessen\n"
            "partner_count: {number: über 70, date: 2024}\n---\n",
            "schreiben Sie die Zahl allein, 'number: 70', und das Wort davor als 'qualifier: over'",
        ),
        (
            "site.yaml",
            "title: T\ntime_zone: Europe/Bonn\n",
            "'Europe/Bonn' ist keine Zeitzone: Schreiben Sie z. B. Europe/Berlin",
        ),
    ],
)
def test_what_the_model_finds_wrong_is_said_in_german(
    make_content: MakeContent, file: str, text: str, message: str
) -> None:
    root = make_content({file: text})
    i18n.use("de")
    assert [problem.message for problem in problems_of(root)] == [message]


def test_event_end_is_compared_as_precisely_as_both_are_known(make_content: MakeContent) -> None:
    event = "---\ntitle: E\nstart: 2017-05-15 10:00\nend: 2017-05\n---\n"
    [alliance] = site_of(make_content({"alliances/musterstadt/events/e.md": event})).alliances
    assert alliance.events[0].end == Moment(2017, 5)


def test_site_needs_settings_and_alliance_folders_need_alliance_md(
    make_content: MakeContent,
) -> None:
    root = make_content({PEOPLE.replace("musterstadt", "leer"): "- name: A\n"})
    (root / "site.yaml").unlink()
    assert described(problems_of(root), root) == [
        "alliances/leer/alliance.md:1:1: the folder alliances/leer/ has no alliance.md",
        "site.yaml:1:1: the content folder has no site.yaml",
    ]


def test_every_problem_in_every_file_is_reported_at_once(make_content: MakeContent) -> None:
    root = make_content(
        {
            "site.yaml": "title: T\ntime_zone: Europe/Bonn\n",
            PEOPLE: "- name: A\n\temail: x\n",
            PARTNERS: "- name: P\n  category: churchs\n",
            "pages/p.md": "---\ntitle: P\nmenu: first\n---\n",
        }
    )
    assert described(problems_of(root), root) == [
        f"{PARTNERS}:2:13: 'churchs' is not a valid 'category'",
        f"{PEOPLE}:2:1: a tab character: YAML indents with spaces only",
        "pages/p.md:3:7: 'menu' must be a whole number",
        "site.yaml:2:12: 'Europe/Bonn' is not a time zone: write e.g. Europe/Berlin",
    ]


def test_files_are_found_in_the_alliance_media_folder_from_any_file(
    make_content: MakeContent,
) -> None:
    root = make_content(
        {
            "alliances/musterstadt/news/n.md": """\
                ---
                title: N
                date: 2024
                images: [{file: media/fest.jpg, alt: Ein Fest, credit: Anna A.}]
                attachments: [{title: Flyer, file: media/flyer.pdf}]
                ---
                """,
            "alliances/musterstadt/media/fest.jpg": b"\xff\xd8",
            "alliances/musterstadt/media/flyer.pdf": b"%PDF",
            "news/site.md": """\
                ---
                title: S
                date: 2024
                images: [{file: media/x.png, alt: X, credit: Y}]
                ---
                """,
        }
    )
    [problem] = problems_of(root)
    assert described((problem,), root) == [
        "news/site.md:4:17: there is no file 'media/x.png' in the content folder"
    ]
    assert problem.hint == "put the file into media/"
