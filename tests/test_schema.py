"""JSON Schemas for editors: made from the model, they accept what check accepts in a file of
its own, reject the same mistakes, describe every field in German, and `alliancegen schema`
wires them into VS Code's settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from alliancegen.cli import main
from alliancegen.load import read_document
from alliancegen.model.fields import Record
from alliancegen.model.validate import record_type_in
from alliancegen.schema import FileKind
from alliancegen.schema import file_kinds
from alliancegen.schema import schema_of
from alliancegen.schema import translation_kinds
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MINIMAL_SITE
from tests.conftest import MakeContent
from tests.conftest import problems_of
from tests.conftest import site_of


class _EditorLoader(yaml.SafeLoader):
    """YAML as editors read it (YAML 1.2): a date is text, not a timestamp."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rule) for tag, rule in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _kind_of(relative: str) -> FileKind | None:
    matches = [k for k in (*file_kinds(), *translation_kinds()) if k.holds(relative)]
    assert len(matches) <= 1, (relative, matches)
    return matches[0] if matches else None


def _data(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n")[1]
    return yaml.load(text, Loader=_EditorLoader)  # noqa: S506 – a SafeLoader


def _schema_errors(folder: Path, relative: str) -> list[jsonschema.ValidationError]:
    kind = _kind_of(relative)
    assert kind is not None, relative
    validator = jsonschema.Draft202012Validator(schema_of(kind))
    return list(validator.iter_errors(_data(folder / relative)))


def _schema_lines(folder: Path, relative: str) -> set[int]:
    """The lines an editor underlines: where each schema error's value (or unknown key) is,
    by the positions alliancegen's loader records."""
    document, _problems = read_document(folder / relative, "any", None)
    assert document is not None
    positions = document.positions
    lines = set()
    for found in _schema_errors(folder, relative):
        error = _deepest(found)
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            known = error.schema.get("properties", {})  # type: ignore[union-attr]
            keys = [key for key in error.instance if key not in known]
            lines |= {location.line for key in keys if (location := positions.of_key((*path, key)))}
        else:
            lines.add((positions.of_value(path) or document.start).line)
    return lines


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """Of the alternatives of 'anyOf' (a field or nothing), the error deepest inside the value,
    as editors show it."""
    while error.context:
        error = max(error.context, key=lambda alternative: len(alternative.absolute_path))
    return error


def test_every_example_file_has_a_schema_and_passes_it() -> None:
    checked = 0
    for path in sorted(EXAMPLE_CONTENT.rglob("*")):
        relative = path.relative_to(EXAMPLE_CONTENT).as_posix()
        if path.suffix not in (".yaml", ".md") or relative.startswith("media/"):
            continue
        assert _schema_errors(EXAMPLE_CONTENT, relative) == [], relative
        checked += 1
    assert checked > 20


BROKEN = {
    "an unknown field": ("alliances/musterstadt/people.yaml", "- name: Eva\n  telefon: 123\n"),
    "a missing required field": ("alliances/musterstadt/people.yaml", "- role: Koordinatorin\n"),
    "a choice not in the list": (
        "alliances/musterstadt/events/fest.md",
        "---\ntitle: Fest\nstart: 2027-05-15\nkind: Straßenfest\n---\n",
    ),
    "a list where text belongs": (
        "alliances/musterstadt/partners.yaml",
        "- name: [Stadt, Kreis]\n  category: municipality\n",
    ),
    "a date in no known form": (
        "alliances/musterstadt/events/fest.md",
        "---\ntitle: Fest\nstart: nächsten Samstag\n---\n",
    ),
    "a number below the least allowed": (
        "alliances/musterstadt/events/fest.md",
        "---\ntitle: Fest\nstart: 2027-05-15\nage_min: -3\n---\n",
    ),
    "a slug with spaces": (
        "alliances/musterstadt/goals.yaml",
        "- title: Mehr Kinderbetreuung\n  slug: mehr Betreuung\n",
    ),
    "a word where true or false belongs": (
        "site.yaml",
        "title: Testseite\nallow_raw_html: vielleicht\n",
    ),
    "an e-mail address without a domain": (
        "alliances/musterstadt/people.yaml",
        "- name: Eva\n  email: eva(at)example.org\n",
    ),
    "letters in a phone number": (
        "alliances/musterstadt/people.yaml",
        "- name: Eva\n  phone: 03677 60034x\n",
    ),
    "a postal code of four digits": (
        "alliances/musterstadt/alliance.md",
        "---\nname: Bündnis\ntown: Musterstadt\nstate: Hessen\n"
        "address:\n  street: Markt 1\n  postal_code: '9869'\n  locality: Musterstadt\n---\n",
    ),
    "a web address without http": (
        "alliances/musterstadt/alliance.md",
        "---\nname: Bündnis\ntown: Musterstadt\nstate: Hessen\nwebsite: www.example.org\n---\n",
    ),
    "text where a group of fields belongs": (
        "alliances/musterstadt/events/fest.md",
        "---\ntitle: Fest\nstart: 2027-05-15\nplace: Rathaus\n---\n",
    ),
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_mistake_fails_the_schema_as_it_fails_check(name: str, make_content: MakeContent) -> None:
    relative, text = BROKEN[name]
    content = make_content({**MINIMAL_SITE, relative: text})
    found = {problem.location.line for problem in problems_of(content)}
    assert found, f"check finds {name}"
    assert _schema_lines(content, relative) == found


ACCEPTED = {
    "a choice by its German word": (
        "alliances/musterstadt/events/fest.md",
        "---\ntitle: Fest\nstart: 15.05.2027 14:00 Uhr\nkind: Familientag\n---\n",
    ),
    "a year alone, and an unknown date": (
        "alliances/musterstadt/partners.yaml",
        "- name: Stadt\n  category: Kommune\n  joined: 2004\n"
        "- name: Kreis\n  category: municipality\n  joined: unknown\n",
    ),
    "an unquoted number as text": (
        "alliances/musterstadt/alliance.md",
        "---\nname: Bündnis\ntown: Musterstadt\nstate: Hessen\n"
        "address:\n  street: Markt 1\n  postal_code: 98693\n  locality: Musterstadt\n---\n",
    ),
    "an empty list file": ("alliances/musterstadt/goals.yaml", "[]\n"),
    "a phone number of digits alone, an address with umlauts": (
        "alliances/musterstadt/people.yaml",
        "- name: Eva\n  phone: 0367712345\n  email: eva@bündnis-musterstadt.de\n",
    ),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_what_check_accepts_the_schema_accepts(name: str, make_content: MakeContent) -> None:
    relative, text = ACCEPTED[name]
    content = make_content({**MINIMAL_SITE, relative: text})
    site_of(content)  # check finds nothing
    assert _schema_errors(content, relative) == []


def _descriptions(schema: Any) -> list[str]:
    if isinstance(schema, dict):
        own = [schema["description"]] if isinstance(schema.get("description"), str) else []
        return own + [d for value in schema.values() for d in _descriptions(value)]
    if isinstance(schema, list):
        return [d for value in schema for d in _descriptions(value)]
    return []


def test_every_field_is_described_in_german() -> None:
    for kind in file_kinds():
        english = {
            field.description
            for record in _records(kind.record)
            for field in record.model_fields.values()
            if field.description
        }
        descriptions = _descriptions(schema_of(kind))
        assert descriptions, kind.kind
        untranslated = [text for text in descriptions if text in english]
        assert untranslated == [], kind.kind


def _records(record: type[Record]) -> set[type[Record]]:
    """A record type and every record type inside it."""
    found = {record}
    for field in record.model_fields.values():
        inner = record_type_in(field.annotation)
        if inner is not None and inner not in found:
            found |= _records(inner)
    return found


def test_schema_command_writes_schemas_and_keeps_other_editor_settings(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text("title: Test\n", encoding="utf-8")
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    settings.write_text('{"editor.tabSize": 2}', encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "--content", str(content)])
    assert result.exit_code == 0, result.output
    written = json.loads(settings.read_text(encoding="utf-8"))
    assert written["editor.tabSize"] == 2
    mapping = written["yaml.schemas"]
    assert mapping["./schemas/people.json"] == ["content/alliances/*/people.yaml"]
    for schema_file in mapping:
        json.loads((tmp_path / schema_file).read_text(encoding="utf-8"))
    recommended = json.loads((tmp_path / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


def test_settings_with_comments_are_left_alone(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    settings = tmp_path / ".vscode" / "settings.json"
    settings.parent.mkdir()
    kept = '{\n  // mine\n  "editor.tabSize": 2\n}\n'
    settings.write_text(kept, encoding="utf-8")
    result = CliRunner().invoke(main, ["schema", "--content", str(content)])
    assert result.exit_code == 1
    assert "yaml.schemas" in result.output
    assert settings.read_text(encoding="utf-8") == kept


def test_schemas_of_a_new_site_are_wired_for_editors(tmp_path: Path) -> None:
    site = tmp_path / "bündnis"
    result = CliRunner().invoke(
        main,
        ["new", "site", str(site), "--name", "Bündnis für Familie Musterstadt"]
        + ["--town", "Musterstadt", "--state", "Hessen"],
    )
    assert result.exit_code == 0, result.output
    mapping = json.loads((site / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert "./schemas/site.json" in mapping["yaml.schemas"]
    assert _schema_errors(site / "content", "site.yaml") == []
