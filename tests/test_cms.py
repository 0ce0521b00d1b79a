"""The browser editor's configuration is generated from the model: a collection for every kind
of content file at every place it may lie, a form field for every user field with the widget
its type needs, German labels, choices with their German words, references among the entries
that exist."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from alliancegen.cms import ENTRIES
from alliancegen.cms import LIST_FORMAT
from alliancegen.cms import config
from alliancegen.cms import config_yaml
from alliancegen.cms import remote_backend
from alliancegen.config import Options
from alliancegen.model.fields import Record
from alliancegen.model.site import Site
from alliancegen.model.validate import record_type_in
from alliancegen.pipeline import build
from alliancegen.schema import file_kinds
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MINIMAL_SITE
from tests.conftest import MakeContent
from tests.conftest import problems_of
from tests.conftest import site_of

LOCAL = {"name": "proxy", "proxy_url": "/admin/api/v1"}


@pytest.fixture(scope="module")
def site() -> Site:
    return site_of(EXAMPLE_CONTENT)


@pytest.fixture(scope="module")
def generated(site: Site) -> dict[str, Any]:
    return config(EXAMPLE_CONTENT, LOCAL, site)


def _places(collection: dict[str, Any]) -> Iterator[tuple[str, list[dict[str, Any]], bool]]:
    """Each file or folder of a collection: its path, its fields, whether it holds a list."""
    if "folder" in collection:
        yield collection["folder"] + "/*.md", collection["fields"], False
    for file in collection.get("files", ()):
        many = collection["format"] == LIST_FORMAT
        yield file["file"], file["fields"], many


def test_every_kind_of_file_is_editable_at_every_place_it_may_lie(
    generated: dict[str, Any],
) -> None:
    places = {path for c in generated["collections"] for path, _, _ in _places(c)}
    folders = sorted(p.name for p in (EXAMPLE_CONTENT / "alliances").iterdir() if p.is_dir())
    expected = {
        pattern.replace("alliances/*/", f"alliances/{folder}/")
        for kind in file_kinds()
        for pattern in kind.patterns
        for folder in (folders if pattern.startswith("alliances/") else [""])
    }
    assert places == expected


def _record_of(path: str) -> type[Record]:
    concrete = re.sub(r"^alliances/[^/]+/", "alliances/*/", path)
    [kind] = [k for k in file_kinds() if concrete in k.patterns]
    return kind.record


def _check_fields(
    record: type[Record], fields: list[dict[str, Any]], optional: bool = False
) -> None:
    """Every user field is a form field, required as in the model; in an optional group of
    fields (the editor cannot leave out a group) none is required."""
    by_name = {field["name"]: field for field in fields}
    user = [n for n, info in record.model_fields.items() if not (info.exclude or False)]
    assert sorted(n for n in by_name if n != "body") == sorted(user), record.__name__
    for name in user:
        info, field = record.model_fields[name], by_name[name]
        assert field["required"] == (info.is_required() and not optional), (record, name)
        inner = record_type_in(info.annotation)
        if inner is not None:
            assert field["widget"] in ("object", "list"), (record.__name__, name)
            group = field["widget"] == "object" and not info.is_required()
            _check_fields(inner, field["fields"], optional or group)


def test_every_user_field_is_a_form_field_required_as_in_the_model(
    generated: dict[str, Any],
) -> None:
    for collection in generated["collections"]:
        for path, fields, many in _places(collection):
            if many:
                [entries] = fields
                assert (entries["name"], entries["widget"]) == (ENTRIES, "list")
                fields = entries["fields"]
            _check_fields(_record_of(path), fields)


def _field(generated: dict[str, Any], collection: str, *names: str) -> dict[str, Any]:
    [found] = [c for c in generated["collections"] if c["name"] == collection]
    fields = found["fields"] if "fields" in found else found["files"][0]["fields"]
    for name in names:
        field = next(f for f in fields if f["name"] == name)
        fields = field.get("fields", [])
    return field


def test_the_slug_and_the_draft_switch_come_last(generated: dict[str, Any]) -> None:
    names = [field["name"] for field in _collection(generated, "ilmenau-events")["fields"]]
    assert names[:2] == ["title", "kind"]
    assert names[-3:] == ["slug", "draft", "body"]


def test_a_collapsed_entry_of_a_list_shows_its_name(generated: dict[str, Any]) -> None:
    [_, partners, *_] = _collection(generated, "ilmenau-lists")["files"]
    assert partners["fields"][0]["summary"] == "{{fields.name}}"


def _collection(generated: dict[str, Any], name: str) -> dict[str, Any]:
    return next(c for c in generated["collections"] if c["name"] == name)


def test_a_choice_offers_its_german_words(generated: dict[str, Any]) -> None:
    kind = _field(generated, "ilmenau-events", "kind")
    assert kind["widget"] == "select"
    assert {"label": "Aktionstag", "value": "action_day"} in kind["options"]


def test_a_reference_offers_the_entries_that_exist(generated: dict[str, Any], site: Site) -> None:
    [ilmenau] = [a for a in site.alliances if a.folder == "ilmenau"]
    partners = _field(generated, "ilmenau-events", "partners")
    assert partners["widget"] == "select" and partners["multiple"] is True
    assert [o["value"] for o in partners["options"]] == [p.slug for p in ilmenau.partners]
    assert [o["label"] for o in partners["options"]] == [p.name for p in ilmenau.partners]


def test_without_a_site_that_passed_check_references_are_slugs_typed_in() -> None:
    partners = _field(config(EXAMPLE_CONTENT, LOCAL, None), "ilmenau-events", "partners")
    assert partners["widget"] == "list"
    assert partners["field"]["widget"] == "string"


def test_values_are_checked_by_the_patterns_check_uses(generated: dict[str, Any]) -> None:
    email = _field(generated, "site", "operator", "email")
    assert re.fullmatch(email["pattern"][0], "info@example.org")
    assert not re.fullmatch(email["pattern"][0], "info(at)example.org")
    start = _field(generated, "ilmenau-events", "start")
    for written in ("2027-05-15", "2027-05-15 14:00", "15.05.2027, 14:00 Uhr", "2027", "unknown"):
        assert re.fullmatch(start["pattern"][0], written), written
    assert not re.fullmatch(start["pattern"][0], "15. Mai")


def test_images_and_files_get_upload_widgets(generated: dict[str, Any]) -> None:
    assert _field(generated, "ilmenau-events", "images", "file")["widget"] == "image"
    assert _field(generated, "ilmenau-events", "images", "credit")["required"] is True
    assert _field(generated, "ilmenau-alliance", "attachments", "file")["widget"] == "file"
    alliance = next(c for c in generated["collections"] if c["name"] == "ilmenau-events")
    assert alliance["media_folder"] == "/alliances/ilmenau/media"


def test_a_sign_language_video_offers_its_files_as_uploads(generated: dict[str, Any]) -> None:
    widgets = {
        name: _field(generated, "ilmenau-pages", "sign_language", name)["widget"]
        for name in ("file", "poster", "captions")
    }
    assert widgets == {"file": "file", "poster": "image", "captions": "file"}


def test_labels_and_hints_are_german(generated: dict[str, Any]) -> None:
    start = _field(generated, "ilmenau-events", "start")
    assert (start["label"], start["hint"]) == (
        "Beginn",
        "Tag, oder Tag und Uhrzeit (in der Datei: start)",
    )
    place_name = _field(generated, "ilmenau-events", "place", "name")
    assert place_name["label"].startswith("Name des Ortes oder Hauses, z. B.")
    labels = [c["label"] for c in generated["collections"]]
    assert "Ilmenau: Veranstaltungen" in labels and "Einstellungen" in labels


def test_a_repository_folder_prefixes_every_path() -> None:
    remote = config(EXAMPLE_CONTENT, {"name": "github"}, None, root="content/")
    paths = [path for c in remote["collections"] for path, _, _ in _places(c)]
    assert all(path.startswith("content/") for path in paths)
    assert remote["media_folder"] == "content/media"


def test_the_configuration_is_yaml_that_reads_back(site: Site) -> None:
    text = config_yaml(EXAMPLE_CONTENT, LOCAL, site)
    assert yaml.safe_load(text) == config(EXAMPLE_CONTENT, LOCAL, site)


def test_a_new_alliance_folder_gets_its_collections(example_copy: Path) -> None:
    (example_copy / "alliances" / "neustadt").mkdir()
    names = [c["name"] for c in config(example_copy, LOCAL, None)["collections"]]
    assert "neustadt-events" in names and "neustadt-lists" in names


EDITING = {
    "gitlab": "editing:\n  host: gitlab\n  repository: stadt/buendnis\n  app_id: abc\n",
    "gitea": "editing:\n  host: Forgejo\n  repository: stadt/buendnis\n  app_id: abc\n"
    "  address: https://codeberg.org\n  content_folder: seite/inhalt\n",
    "github": "editing:\n  host: github\n  repository: stadt/buendnis\n"
    "  login_service: https://anmeldung.example.org/\n",
}


@pytest.mark.parametrize("host", EDITING)
def test_a_site_that_names_its_repository_publishes_the_editor(
    host: str, make_content: MakeContent, tmp_path: Path
) -> None:
    content = make_content({**MINIMAL_SITE, "site.yaml": "title: Test\n" + EDITING[host]})
    output = tmp_path / "site"
    build(Options(content, output, "https://example.org/"))
    page = (output / "admin" / "index.html").read_text(encoding="utf-8")
    editor = yaml.safe_load((output / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert editor["backend"] == remote_backend(site_of(content).settings.editing)  # type: ignore[arg-type]
    assert editor["backend"]["name"] == host
    origin = {"gitlab": "https://gitlab.com", "gitea": "https://codeberg.org"}.get(
        host, "https://anmeldung.example.org"
    )
    assert "connect-src 'self' " in html.unescape(page) and origin in html.unescape(page)
    assert (output / "admin" / "admin.js").is_file()
    assert "Disallow: /admin/" in (output / "robots.txt").read_text(encoding="utf-8")
    assert "admin" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    if host == "gitea":
        assert editor["collections"][0]["files"][0]["file"] == "seite/inhalt/site.yaml"


def test_without_a_repository_there_is_no_editor(make_content: MakeContent, tmp_path: Path) -> None:
    output = tmp_path / "site"
    build(Options(make_content(MINIMAL_SITE), output, "https://example.org/"))
    assert not (output / "admin").exists()
    assert "admin" not in (output / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("editing", "message"),
    [
        ("host: github\n  repository: a/b\n", "editing on GitHub needs 'login_service: …'"),
        ("host: gitlab\n  repository: a/b\n", "editing on GitLab needs 'app_id: …'"),
        ("host: gitea\n  repository: a/b\n  app_id: x\n", "editing on Gitea or Forgejo needs"),
    ],
)
def test_an_incomplete_repository_setting_is_named(
    editing: str, message: str, make_content: MakeContent
) -> None:
    site = f"title: Test\nediting:\n  {editing}"
    [problem] = problems_of(make_content({**MINIMAL_SITE, "site.yaml": site}))
    assert problem.message.startswith(message)
    assert problem.location.line == 3  # the host
