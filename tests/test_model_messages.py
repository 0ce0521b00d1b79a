"""What validation says: a field of another record names where it is written, every value a
content file can hold is explained in our words, and the messages come in German too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancegen import i18n
from alliancegen.load import Document
from alliancegen.load import Positions
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Link
from alliancegen.model.fields import Place
from alliancegen.model.fields import Record
from alliancegen.model.validate import ELSEWHERE
from alliancegen.model.validate import OWN_FOLDER
from alliancegen.model.validate import homes_of
from alliancegen.model.validate import validate_record
from tests.conftest import MakeContent
from tests.conftest import problems_of
from tests.test_docs import RECORDS

ALLIANCE = "alliances/musterstadt/alliance.md"
PARTNERS = "alliances/musterstadt/partners.yaml"
EVENT = "alliances/musterstadt/events/e.md"
NEWS = "news/n.md"


def _alliance(extra: str) -> str:
    return f"---\nname: B\ntown: T\nstate: Hessen\n{extra}---\n"


@pytest.mark.parametrize(
    ("file", "text", "hint"),
    [
        (
            ALLIANCE,
            _alliance("joined: 2019\n"),
            "'joined' is a field of partners.yaml, not of this entry",
        ),
        (
            ALLIANCE,
            _alliance("people:\n  - anna\n"),
            "the 'people' are written in people.yaml, one entry each, not here",
        ),
        (
            ALLIANCE,
            _alliance("Events: x\n"),
            "the 'events' are written in events/, one file each, not here",
        ),
        (
            NEWS,
            "---\ntitle: N\ndate: 2024\nstart: 2024\n---\n",
            "'start' is a field of events/, projects/, not of this entry",
        ),
        (
            PARTNERS,
            "- name: S\n  category: clubs\n  E-Mail: a@b.de\n",
            "'email' is a field of alliance.md, people.yaml, not of this entry",
        ),
        (
            PARTNERS,
            "- name: S\n  category: clubs\n  Straße: Markt 1\n",
            "'street' is written under 'address:', indented",
        ),
        # a field of the record itself, by a synonym or a near spelling, comes first
        (ALLIANCE, _alliance("seit: 2004\n"), "did you mean 'founded'?"),
        (ALLIANCE, _alliance("coordinator: anna\n"), "did you mean 'coordinators'?"),
        (EVENT, "---\ntitle: E\ndate: 2026\n---\n", "did you mean 'start'?"),
    ],
)
def test_a_field_of_another_record_names_where_it_is_written(
    make_content: MakeContent, file: str, text: str, hint: str
) -> None:
    problems = [p for p in problems_of(make_content({file: text})) if "unknown" in p.message]
    assert [problem.hint for problem in problems] == [hint]


def test_a_field_of_another_record_inside_a_record_lists_the_fields_there(
    make_content: MakeContent,
) -> None:
    text = "---\ntitle: E\nstart: 2026\nplace: {locality: M, motto: x}\n---\n"
    [problem] = problems_of(make_content({EVENT: text}))
    assert problem.hint.startswith("the fields here are: name, street, postal_code, locality")


def test_homes_are_read_from_the_records_of_each_place() -> None:
    homes = homes_of([("links.yaml", Link), ("places/", Place)], {"places": "places/"})
    assert homes["url"] == (ELSEWHERE, "url", "links.yaml")
    assert homes["postal code"] == (ELSEWHERE, "postal_code", "places/")
    assert homes["places"] == (OWN_FOLDER, "places", "places/")


WRONG_VALUES = (
    "abc",
    "-5",
    "3.5",
    "999",
    "1" * 5000,
    "",
    "ftp://example.org",
    "ja",
    None,
    [],
    ["x"],
    [None],
    [["x"]],
    {"x": "1"},
    [{"x": "1"}],
)
"""What a YAML file can hold where a field expects something else: text, nothing, a list,
a group of fields (YAML's scalars reach the model as text)."""


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.__name__)
def test_every_wrong_value_is_explained_in_our_words(record: type[Record]) -> None:
    document = Document(Path("x.yaml"), "x", None, None, Positions())
    for field in user_fields(record):
        for value in WRONG_VALUES:
            _, problems = validate_record(record, {field: value}, document)
            for problem in problems:
                assert not re.match(r"'[^']*': [A-Z]", problem.message), (field, value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("age_min: '200'", "'age_min' must be 120 or less"),
        ("edition: '0'", "'edition' must be 1 or more"),
        ("edition: '2.5'", "'edition' must be a whole number"),
        (f"edition: '{'1' * 5000}'", "'edition' is too long a number: write at most a few digits"),
    ],
)
def test_numbers_out_of_range_are_explained(
    make_content: MakeContent, text: str, message: str
) -> None:
    [problem] = problems_of(make_content({EVENT: f"---\ntitle: E\nstart: 2026\n{text}\n---\n"}))
    assert problem.message == message


@pytest.fixture
def german() -> None:
    i18n.use("de")


@pytest.mark.usefixtures("german")
@pytest.mark.parametrize(
    ("files", "message", "hint"),
    [
        (
            {PARTNERS: "- name: S\n"},
            "das Pflichtfeld 'category' fehlt",
            "ergänzen Sie 'category: …' mit einem dieser Werte: municipality (Kommune), ",
        ),
        (
            {EVENT: "---\nstart: 2027-05-15\n---\n"},
            "das Pflichtfeld 'title' fehlt",
            "ergänzen Sie 'title: …' (",
        ),
        (
            {PARTNERS: "- name: S\n  categroy: clubs\n  category: clubs\n"},
            "unbekanntes Feld 'categroy'",
            "meinten Sie 'category'?",
        ),
        (
            {PARTNERS: "- name: S\n  category: clubs\n  lieblingsfarbe: blau\n"},
            "unbekanntes Feld 'lieblingsfarbe'",
            "hier passen diese Felder: slug, name, short_name, category,",
        ),
        (
            {ALLIANCE: _alliance("joined: 2019\n")},
            "unbekanntes Feld 'joined'",
            "'joined' ist ein Feld in partners.yaml, nicht in diesem Eintrag",
        ),
        (
            {ALLIANCE: _alliance("partners: [a]\n")},
            "unbekanntes Feld 'partners'",
            "'partners' werden in partners.yaml eingetragen, jeder als eigener Eintrag",
        ),
        (
            {PARTNERS: "- name: S\n  category: Verien\n"},
            "'Verien' ist kein gültiger Wert für 'category'",
            "meinten Sie 'Verein'?",
        ),
        (
            {PARTNERS: "- name: S\n  category: xyzzy\n"},
            "'xyzzy' ist kein gültiger Wert für 'category'",
            "schreiben Sie einen dieser Werte: municipality (Kommune), employers (Unternehmen),",
        ),
        (
            {ALLIANCE: _alliance("founded: 2023-02-30\n")},
            "'2023-02-30' ist kein Datum: Der Februar 2023 hat 28 Tage",
            "",
        ),
        (
            {EVENT: "---\ntitle: E\nstart: 2024-05-01 25:00\n---\n"},
            "'2024-05-01 25:00' ist keine Uhrzeit: Schreiben Sie Stunden von 0 bis 23 und "
            "Minuten von 0 bis 59",
            "",
        ),
        (
            {EVENT: "---\ntitle: E\nstart: 15.05.\n---\n"},
            "'15.05.' ist ein Tag ohne Jahr, den kein Kalender einordnen kann: Schreiben Sie",
            "",
        ),
        (
            {ALLIANCE: _alliance("website: ftp://example.org\n")},
            "'ftp://example.org' ist keine Internetadresse: Schreiben Sie sie als "
            "https://example.org/…",
            "",
        ),
        (
            {
                PARTNERS: "- name: Stadtwerke\n  category: municipality\n",
                "alliances/musterstadt/projects/p.md": "---\ntitle: P\npartners: [stadtwerk]\n"
                "---\n",
            },
            "'stadtwerk' steht nicht in partners.yaml",
            "meinten Sie 'stadtwerke'?",
        ),
        (
            {EVENT: "---\ntitle: E\nstart: 2026\nlinks: x\n---\n"},
            "'links' muss eine Liste sein: ein Eintrag pro Zeile, jeder beginnt mit '- '",
            "",
        ),
        (
            {EVENT: "---\ntitle: E\nstart: 2026\nage_max: '121'\n---\n"},
            "'age_max' darf höchstens 120 sein",
            "",
        ),
    ],
)
def test_problems_are_explained_in_german(
    make_content: MakeContent, files: dict[str, str], message: str, hint: str
) -> None:
    [problem] = problems_of(make_content(files))
    assert problem.message.startswith(message)
    assert problem.hint.startswith(hint)


@pytest.mark.usefixtures("german")
@pytest.mark.parametrize(
    ("stated", "listed", "message"),
    [
        (1, 2, "das Bündnis nennt 1 Partner, aber partners.yaml führt 2 auf"),
        (2, 3, "das Bündnis nennt 2 Partner, aber partners.yaml führt 3 auf"),
    ],
)
def test_a_partner_count_below_the_list_is_said_in_german(
    make_content: MakeContent, stated: int, listed: int, message: str
) -> None:
    partners = "".join(f"- name: P{index}\n  category: clubs\n" for index in range(listed))
    count = f"partner_count:\n  number: {stated}\n  date: 2024\n"
    [problem] = problems_of(make_content({ALLIANCE: _alliance(count), PARTNERS: partners}))
    assert problem.message == message
