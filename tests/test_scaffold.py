"""``alliancegen new``: a starting repository and new content that passes ``check``, explained
in German; existing files are never overwritten, list files keep what was written in them."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from click.testing import Result
from pydantic import create_model

from alliancegen import scaffold
from alliancegen.cli import NEW_KINDS
from alliancegen.cli import main
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Record
from alliancegen.model.settings import Settings
from tests.catalog import german
from tests.catalog import translated
from tests.conftest import site_of
from tests.test_docs import RECORDS
from tests.test_messages import UPDATE

ENTRIES = {
    "event": ["--alliance", "ilmenau", "--title", "Familienfest", "--start", "2026-05-15"],
    "news": ["--alliance", "ilmenau", "--title", "Neues vom Bündnis", "--date", "2026-03-01"],
    "project": ["--alliance", "ilmenau", "--title", "Begrüßungspaket"],
    "page": ["--title", "Über uns"],
    "offer": ["--alliance", "ilmenau", "--title", "Ferienbetreuung"],
    "person": ["--alliance", "ilmenau", "--name", "Erika Muster"],
    "partner": ["--alliance", "ilmenau", "--name", "Stadtverwaltung", "--category", "Kommune"],
    "alliance": ["--town", "Herzogenrath", "--state", "Nordrhein-Westfalen"],
}
"""One call of each kind, as a script makes it (no terminal, every essential as an option)."""


def new(*arguments: str | Path) -> Result:
    return CliRunner().invoke(main, ["new", *map(str, arguments)])


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh ``new site``: the Ilmenau alliance in Thüringen."""
    folder = tmp_path / "buendnis"
    result = new("site", folder, "--town", "Ilmenau", "--state", "Thüringen")
    assert result.exit_code == 0, result.output
    return folder


def test_every_kind_of_new_content_passes_check_and_builds(site: Path) -> None:
    content = site / "content"
    for kind, options in ENTRIES.items():
        result = new(kind, "--content", content, *options)
        assert result.exit_code == 0, (kind, result.output)
    checked = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert checked.exit_code == 0, checked.output
    output = site / "build"
    built = CliRunner().invoke(
        main, ["build", "--no-cache", "--content", str(content), "--output", str(output)]
    )
    assert built.exit_code == 0, built.output
    alliances = {alliance.folder: alliance for alliance in site_of(content).alliances}
    ilmenau = alliances["ilmenau"]
    assert [event.title for event in ilmenau.events] == ["Familienfest"]
    assert [person.slug for person in ilmenau.people] == ["erika-muster"]
    assert [partner.category.german for partner in ilmenau.partners] == ["Kommune"]
    assert alliances["herzogenrath"].name == "Lokales Bündnis für Familie Herzogenrath"
    assert "Familienfest" in "".join(
        page.read_text(encoding="utf-8") for page in output.rglob("*.html")
    )


def test_new_site_takes_the_name_given_as_the_title(tmp_path: Path) -> None:
    folder = tmp_path / "neu"
    name = "Bündnis für Familie: Stadt Iserlohn"
    result = new("site", folder, "--town", "Iserlohn", "--name", name, "--state", "NRW")
    assert result.exit_code == 1
    assert "Nordrhein-Westfalen" in result.output
    result = new(
        "site", folder, "--town", "Iserlohn", "--name", name, "--state", "nordrhein westfalen"
    )
    assert result.exit_code == 0, result.output
    site = site_of(folder / "content")
    assert site.settings.title == name
    assert [(alliance.folder, alliance.name) for alliance in site.alliances] == [("iserlohn", name)]


def test_new_site_makes_a_repository_that_publishes(site: Path) -> None:
    files = sorted(str(path.relative_to(site)) for path in site.rglob("*") if path.is_file())
    assert [file for file in files if not file.startswith("schemas/")] == [
        ".github/workflows/pages.yml",
        ".gitignore",
        ".gitlab-ci.yml",
        ".vscode/extensions.json",
        ".vscode/settings.json",
        "README.md",
        "content/alliances/ilmenau/alliance.md",
        "content/site.yaml",
        "requirements.txt",
    ]
    readme = (site / "README.md").read_text(encoding="utf-8")
    assert "alliancegen serve" in readme
    assert "rsync" in readme
    assert "docs/anleitung.md" in readme
    assert "--alliance ilmenau" in readme
    assert "/build/" in (site / ".gitignore").read_text(encoding="utf-8")
    gitlab = yaml.safe_load((site / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def gitlab_steps(workflow: dict[str, Any]) -> list[str]:
    return list(workflow["pages"]["script"])


def github_steps(workflow: dict[str, Any]) -> list[str]:
    jobs = workflow["jobs"].values()
    return [step["run"] for job in jobs for step in job["steps"] if "run" in step]


@pytest.mark.parametrize(
    ("workflow", "steps_of", "variable"),
    [
        (".gitlab-ci.yml", gitlab_steps, "$CI_PAGES_URL"),
        (".github/workflows/pages.yml", github_steps, "${{ steps.pages.outputs.base_url }}"),
    ],
)
def test_the_ci_steps_build_the_new_site(
    site: Path,
    workflow: str,
    steps_of: Callable[[dict[str, Any]], list[str]],
    variable: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A dry run of the workflow: its alliancegen steps, run in the new repository, with
    the address the host gives (without the slash at the end, as both give it)."""
    steps = steps_of(yaml.safe_load((site / workflow).read_text(encoding="utf-8")))
    assert steps[0] == "pip install -r requirements.txt"
    commands = [
        shlex.split(step.replace(variable, "https://verein.example.io/buendnis"))
        for step in steps
        if step.startswith("alliancegen ")
    ]
    assert [command[1] for command in commands] == ["check", "build"]
    monkeypatch.chdir(site)
    for command in commands:
        result = CliRunner().invoke(main, command[1:])
        assert result.exit_code == 0, (command, result.output)
    feed = next((site / "public").rglob("*.xml")).read_text(encoding="utf-8")
    assert "https://verein.example.io/buendnis/" in feed


@pytest.mark.parametrize("existing", ["notizen.txt", ".git/HEAD", "content/site.yaml"])
def test_new_site_refuses_a_folder_that_is_not_empty(tmp_path: Path, existing: str) -> None:
    kept = tmp_path / existing
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text("meins\n", encoding="utf-8")
    result = new("site", tmp_path, "--town", "Ilmenau", "--state", "Thüringen")
    assert result.exit_code == 1
    assert "is not empty" in result.output
    assert kept.read_text(encoding="utf-8") == "meins\n"
    assert not (tmp_path / "README.md").exists()


def test_new_person_appends_and_keeps_what_was_written(site: Path) -> None:
    people = site / "content/alliances/ilmenau/people.yaml"
    written = (
        "# Ansprechpersonen des Bündnisses.\n"
        "- name: Katrin Hoh  # seit 2019\n"
        "  quote: >-\n"
        "    Wir sind für die Bürger da.\n"
        "  # phone: später nachtragen"
    )
    people.write_text(written, encoding="utf-8")
    result = new("person", "--content", site / "content", "--alliance", "ilmenau", "--name", "Max")
    assert result.exit_code == 0, result.output
    text = people.read_text(encoding="utf-8")
    assert text.startswith(written + "\n- name: Max\n")
    assert "# Funktion" in text
    people_now = site_of(site / "content").alliances[0].people
    assert [(person.name, person.quote) for person in people_now] == [
        ("Katrin Hoh", "Wir sind für die Bürger da."),
        ("Max", None),
    ]


@pytest.mark.parametrize(
    "written",
    ["[]\n", "- name: Katrin Hoh\n...\n", "name: Katrin Hoh\n", "- name: [Katrin\n"],
)
def test_a_list_file_that_takes_no_entry_at_its_end_is_left_alone(site: Path, written: str) -> None:
    people = site / "content/alliances/ilmenau/people.yaml"
    people.write_text(written, encoding="utf-8")
    result = new("person", "--content", site / "content", "--alliance", "ilmenau", "--name", "Max")
    assert result.exit_code == 1
    assert "by hand" in result.output
    assert people.read_text(encoding="utf-8") == written


def test_an_existing_entry_is_never_overwritten(site: Path) -> None:
    content = site / "content"
    for kind in ("event", "person"):
        assert new(kind, "--content", content, *ENTRIES[kind]).exit_code == 0
        before = {path: path.read_bytes() for path in content.rglob("*") if path.is_file()}
        again = new(kind, "--content", content, *ENTRIES[kind])
        assert again.exit_code == 1
        assert "already" in again.output
        assert {path: path.read_bytes() for path in content.rglob("*") if path.is_file()} == before


@pytest.mark.parametrize(
    "title", ["Sommerfest: Spiel & Spaß", "#1 Familientag", "ja", "2026", "- Liste", "'zitiert'"]
)
def test_values_are_quoted_where_yaml_needs_it(site: Path, title: str) -> None:
    content = site / "content"
    result = new("page", "--content", content, "--title", title)
    assert result.exit_code == 0, result.output
    assert [page.title for page in site_of(content).pages] == [title]


def test_from_a_script_a_missing_essential_is_named_as_its_option(site: Path) -> None:
    result = new("event", "--content", site / "content", "--alliance", "ilmenau", "--title", "X")
    assert result.exit_code == 1
    assert "missing --start: When it starts" in result.output


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--category", "Kneipe", "--name", "Zum Hirsch"], "'Kneipe' is not possible; write one"),
        (["--name", "Zum Hirsch"], "missing --category"),
    ],
)
def test_choices_are_checked_against_the_model(
    site: Path, options: list[str], message: str
) -> None:
    content = site / "content"
    result = new("partner", "--content", content, "--alliance", "ilmenau", *options)
    assert result.exit_code == 1
    assert message in result.output
    assert not (content / "alliances/ilmenau/partners.yaml").exists()


def test_wrong_places_are_refused(site: Path, tmp_path: Path) -> None:
    content = site / "content"
    assert "--alliance" in new("event", "--content", content, "--title", "X").output
    nowhere = new("event", "--content", content, "--alliance", "iserlohn", *ENTRIES["event"][2:])
    assert "there is no alliance 'iserlohn'" in nowhere.output
    assert "no site.yaml" in new("page", "--content", tmp_path, "--title", "X").output
    assert "--start" in new("event", "--content", content, *ENTRIES["event"][:4]).output
    bad_day = new("news", "--content", content, "--title", "X", "--date", "morgen")
    assert "'morgen' is not a date" in bad_day.output
    assert not (content / "news").exists()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["event", "--title", "X"],
            "zu welchem Bündnis? Geben Sie seinen Ordner mit --alliance an",
        ),
        (["event", "--alliance", "iserlohn", *ENTRIES["event"][2:]], "kein Bündnis 'iserlohn'"),
        (["event", *ENTRIES["event"][:4]], "es fehlt --start: Beginn: Tag, oder Tag und Uhrzeit"),
        (["news", "--title", "X", "--date", "morgen"], "'morgen' ist kein Datum: Schreiben Sie"),
        (["partner", *ENTRIES["partner"][:4], "--category", "Kneipe"], "möglich sind: Kommune,"),
        (["person", *ENTRIES["person"]], "gibt es 'erika-muster' schon; nichts wurde geändert"),
    ],
)
def test_new_speaks_german_when_asked(site: Path, arguments: list[str], message: str) -> None:
    content = site / "content"
    assert new("person", "--content", content, *ENTRIES["person"]).exit_code == 0
    kind, *options = arguments
    result = CliRunner().invoke(
        main, ["--lang", "de", "new", kind, "--content", str(content), *options]
    )
    assert result.exit_code == 1
    assert result.output.startswith("Fehler: ")
    assert message in result.output


@pytest.mark.parametrize("alliance", ["../..", "ilmenau/../ilmenau", "Ilmenau", ""])
def test_the_alliance_is_named_by_its_folder_alone(site: Path, alliance: str) -> None:
    content = site / "content"
    before = sorted(site.rglob("*"))
    result = new("person", "--content", content, "--alliance", alliance, "--name", "Max")
    assert result.exit_code != 0
    assert sorted(site.rglob("*")) == before


def test_a_town_without_letters_leaves_no_folder_behind(tmp_path: Path) -> None:
    result = new("site", tmp_path / "neu", "--town", "!!!", "--state", "Bayern")
    assert result.exit_code == 1
    assert "gives no name for web addresses" in result.output
    assert not (tmp_path / "neu").exists()


def test_in_a_terminal_the_essentials_are_asked_for() -> None:
    asked: list[tuple[str, list[str] | None, str | None]] = []

    def ask(prompt: str, name: str, choices: list[str] | None, default: str | None) -> str:
        asked.append((name, choices, default))
        return {"town": "Ilmenau", "state": "thüringen"}.get(name) or default or ""

    values = scaffold.complete(scaffold.KINDS["alliance"], {}, ask, "new alliance")
    assert values == {
        "town": "Ilmenau",
        "name": "Lokales Bündnis für Familie Ilmenau",
        "state": "Thüringen",
    }
    town, name, state = asked
    assert town == ("town", None, None)
    assert name == ("name", None, "Lokales Bündnis für Familie Ilmenau")
    assert state[0] == "state"
    assert state[1] is not None and "Nordrhein-Westfalen" in state[1]


def records(model: type[Record]) -> list[type[Record]]:
    """``model`` and every record inside it."""
    inner = (scaffold.nested_record(model, name) for name in model.model_fields)
    return [model, *(found for record in inner if record for found in records(record))]


def test_site_yaml_lists_every_setting_with_a_german_note() -> None:
    text = scaffold.site_yaml("Test")
    for model in records(Settings):
        for name in model.model_fields:
            note, _ = scaffold.note(model, name)
            assert f"# {note}" in text
            assert f"{name}:" in text


def test_every_field_new_offers_is_a_field_of_its_model_with_a_note() -> None:
    kinds = ("site", *scaffold.KINDS)
    assert kinds == NEW_KINDS
    for kind in scaffold.KINDS.values():
        for name in (*kind.essentials, *kind.offered):
            assert name in user_fields(kind.model), (kind.model.__name__, name)
            assert scaffold.note(kind.model, name)[0]


FIELDS = [(record, name) for record in RECORDS for name in user_fields(record)]
"""Every field a content file may write, of every record of the model."""


def test_every_field_is_described_in_english_and_german() -> None:
    """The model's descriptions are the one source of what a field means, and each has a
    German translation: nothing written into a new file falls back to English."""
    undescribed = [(model.__name__, name) for model, name in FIELDS if not description(model, name)]
    assert undescribed == []
    catalog = german()
    descriptions = {description(model, name) for model, name in FIELDS}
    assert {text for text in descriptions if not translated(catalog.get(text))} == set(), UPDATE


def description(model: type[Record], name: str) -> str | None:
    return model.model_fields[name].description


EXAMPLES = [(model, name) for model, name in FIELDS if model.model_fields[name].examples]


@pytest.mark.parametrize(
    ("model", "name"), EXAMPLES, ids=lambda value: getattr(value, "__name__", value)
)
def test_the_examples_are_values_the_field_takes(model: type[Record], name: str) -> None:
    info = model.model_fields[name]
    alone = create_model("Alone", value=(info.annotation, info))
    for example in info.examples or []:
        alone(value=example)
    text, example = scaffold.note(model, name)
    assert text and example
