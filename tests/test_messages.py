"""alliancegen speaks German or English: every message has a German translation, the
language follows the locale or the user's choice, and counts are said in the right form."""

from __future__ import annotations

import string
import warnings
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from click.testing import CliRunner

from alliancegen import i18n
from alliancegen.cli import main
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import summarize
from tests.catalog import extracted
from tests.catalog import german
from tests.catalog import translated

UPDATE = "run 'python -m tests.catalog' and translate what it lists"


def _ids(messages: object) -> set[object]:
    return {message.id for message in messages if message.id}  # type: ignore[attr-defined]


def _placeholders(text: str) -> set[str]:
    fields = (field for _, field, _, _ in string.Formatter().parse(text) if field is not None)
    return {field.split(".")[0].split("[")[0].split("!")[0] for field in fields}


def _forms(message: Message) -> tuple[tuple[str, ...], tuple[str, ...]]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return tuple(ids), tuple(strings)


def test_the_catalog_holds_exactly_the_messages_of_the_code() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an f-string in _() cannot be translated
        in_code = _ids(extracted())
    in_catalog = _ids(german())
    assert not in_code - in_catalog, f"messages missing from the catalog: {UPDATE}"
    assert not in_catalog - in_code, f"messages no longer in the code: {UPDATE}"


def test_every_message_has_a_german_translation() -> None:
    untranslated = [message.id for message in german() if message.id and not translated(message)]
    assert untranslated == [], UPDATE


def test_translations_keep_the_placeholders_of_their_message() -> None:
    for message in german():
        if not message.id or "python-format" in message.flags:
            continue
        ids, strings = _forms(message)
        expected = set().union(*map(_placeholders, ids))
        for text in strings:
            assert _placeholders(text) <= expected | {"n"}, (message.id, text)
            assert _placeholders(text) >= expected - {"n"} or len(ids) > 1, (message.id, text)


@pytest.mark.parametrize(
    ("environment", "language"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "de_AT.UTF-8"}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "de_CH.UTF-8"}, "de"),
        ({"LC_MESSAGES": "de_DE", "LC_ALL": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LANGUAGE": "de:en"}, "de"),
        ({"LANG": "de_DE.UTF-8", i18n.CHOICE: "en"}, "en"),
        ({"LANG": "en_US.UTF-8", i18n.CHOICE: "de-DE"}, "de"),
    ],
)
def test_the_language_follows_the_locale_unless_chosen(
    environment: dict[str, str], language: str
) -> None:
    assert i18n.language_of(environment) == language


def test_counts_are_said_in_the_right_form() -> None:
    def problems(count: int, files: int) -> tuple[Problem, ...]:
        return tuple(
            Problem(Location(Path(f"f{i % files}.yaml"), i + 1), "x") for i in range(count)
        )

    i18n.use("de")
    assert summarize(problems(1, 1)) == "1 Problem in 1 Datei"
    assert summarize(problems(3, 2)) == "3 Probleme in 2 Dateien"
    i18n.use("en")
    assert summarize(problems(1, 1)) == "1 problem in 1 file"
    assert summarize(problems(3, 2)) == "3 problems in 2 files"


def test_the_command_line_speaks_the_chosen_language(tmp_path: Path) -> None:
    missing = str(tmp_path / "nichts")
    runner = CliRunner()
    english = runner.invoke(main, ["check", "--content", missing], env={"LANG": "de_DE.UTF-8"})
    assert "there is no content folder" in english.output  # ALLIANCEGEN_LANG=en from conftest
    german_choice = runner.invoke(main, ["--lang", "de", "check", "--content", missing])
    assert "Es gibt keinen Inhaltsordner" in german_choice.output
    assert "Fehler" in german_choice.output  # Click's own words come from the catalog too


def test_help_is_german_for_a_german_locale() -> None:
    english = CliRunner().invoke(main, ["build", "--help"])  # Click keeps its --help option
    assert "Show this message and exit." in english.output
    unset: dict[str, str | None] = dict.fromkeys(i18n.LOCALE_VARIABLES)
    environment = {**unset, i18n.CHOICE: None, "LANG": "de_DE"}
    result = CliRunner().invoke(main, ["build", "--help"], env=environment)
    assert "Aufruf:" in result.output
    assert "Die Website in den Ausgabeordner bauen." in result.output
    assert "Entwürfe einbeziehen." in result.output
    assert "Diese Hilfe zeigen und beenden." in result.output
    version = CliRunner().invoke(main, ["--lang", "de", "--help"])
    assert "Die Version zeigen und beenden." in version.output
