"""JSON Schemas of the content files, for editors: made from the model, in German.

One schema per kind of content file (``people.json`` for every ``people.yaml``, ``events.json``
for the front matter of every event), generated from the same records that ``check`` validates
with, so that an editor completes the same fields and underlines the same mistakes. Where a
file goes comes from the loader's layout, not from a list of our own. The descriptions are the
fields' descriptions in German, from the message catalog; choices allow the English value and
the German word. ``check`` stays the judge: a schema cannot see references between files, and
it accepts a choice only as written in the model, not in every spelling ``check`` forgives.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import replace
from fnmatch import fnmatch
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

from pydantic.json_schema import GenerateJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from alliancegen import load
from alliancegen.i18n import N_
from alliancegen.i18n import in_language
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Record
from alliancegen.model.settings import Settings
from alliancegen.model.site import ARTICLES
from alliancegen.model.site import LISTS
from alliancegen.model.site import TRANSLATIONS

DIALECT = "https://json-schema.org/draft/2020-12/schema"
LANGUAGE = "de"
"""The language of the descriptions: content is written in German, whoever runs alliancegen."""


@dataclass(frozen=True)
class FileKind:
    """One kind of content file: where such files lie, and what they hold."""

    kind: str
    record: type[Record]
    patterns: tuple[str, ...]
    """Where the files lie, as globs relative to the content folder."""
    many: bool
    """Whether a file holds a list of records (YAML lists) or one (a document's front matter)."""
    translation: bool = False
    """Whether the files are written for another edition ('mitmachen.en.md'): their fields lie
    over their original's, so none is required."""

    @property
    def name(self) -> str:
        """The schema's file name."""
        return f"{self.kind}-translation.json" if self.translation else f"{self.kind}.json"

    def holds(self, relative: str) -> bool:
        """Whether the file at ``relative`` (below the content folder) is of this kind."""
        written_for = load.edition_of(relative.rsplit("/", 1)[-1])
        matches = any(fnmatch(relative, pattern) for pattern in self.patterns)
        return matches and (written_for is not None) == self.translation

    @property
    def yaml_patterns(self) -> tuple[str, ...]:
        """The globs of YAML files: Markdown front matter is beyond most editors' YAML support."""
        return tuple(pattern for pattern in self.patterns if pattern.endswith(".yaml"))


def file_kinds() -> list[FileKind]:
    """Every kind of content file, from the loader's layout."""
    alliance = f"{load.ALLIANCES}/*"
    places = [
        *((name, kind) for name, kind in load.SITE_FILES.items()),
        *((f"{folder}/*.md", folder) for folder in load.SITE_FOLDERS),
        *((f"{alliance}/{name}", kind) for name, kind in load.ALLIANCE_FILES.items()),
        *((f"{alliance}/{folder}/*.md", folder) for folder in load.ALLIANCE_FOLDERS),
    ]
    patterns: dict[str, list[str]] = {}
    for pattern, kind in places:
        patterns.setdefault(kind, []).append(pattern)
    return [_file_kind(kind, tuple(found)) for kind, found in patterns.items()]


def translation_kinds() -> list[FileKind]:
    """Every kind of file written for another edition: a Markdown file's translation."""
    return [
        replace(kind, patterns=tuple(_translated(p) for p in kind.patterns), translation=True)
        for kind in file_kinds()
        if kind.kind in ARTICLES and not kind.many and kind.kind != "easy_read"
    ]


def _translated(pattern: str) -> str:
    """The glob of translations of the files of ``pattern``: 'alliance.md' -> 'alliance.*.md'."""
    return pattern if pattern.endswith("*.md") else pattern.removesuffix(".md") + ".*.md"


def _file_kind(kind: str, patterns: tuple[str, ...]) -> FileKind:
    if kind == "site":
        return FileKind(kind, Settings, patterns, many=False)
    if kind in LISTS:
        return FileKind(kind, LISTS[kind], patterns, many=True)
    return FileKind(kind, ARTICLES[kind], patterns, many=False)


def schema_of(file_kind: FileKind) -> dict[str, Any]:
    """The JSON Schema of one kind of content file."""
    record = file_kind.record.model_json_schema(
        ref_template="#/$defs/{model}", schema_generator=EditorSchema
    )
    definitions = record.pop("$defs", {})
    for definition in definitions.values():
        definition.pop("description", None)  # a record's or choice's docstring: for developers
        definition.pop("title", None)
    if file_kind.translation:
        record.pop("required", None)
    else:
        record["properties"][TRANSLATIONS] = _translations()
    body = {"type": "array", "items": record} if file_kind.many else record
    title = ", ".join(file_kind.patterns)
    return {
        "$schema": DIALECT,
        "title": title,
        **body,
        **({"$defs": definitions} if definitions else {}),
    }


def _translations() -> dict[str, Any]:
    """The field ``translations``: the record's short texts in other editions, by edition."""
    return {
        "type": "object",
        "additionalProperties": {"type": "object"},
        "description": in_language(LANGUAGE, TRANSLATIONS_DESCRIPTION),
    }


TRANSLATIONS_DESCRIPTION = N_(
    "Short texts in other languages, by language code: 'en: {{title: …}}'; 'leicht' for "
    "Leichte Sprache"
)


class EditorSchema(GenerateJsonSchema):
    """Pydantic's schema, as an editor should show it: without the fields alliancegen fills
    in itself, descriptions in German, choices also by their German word, no English titles."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        generated = super().model_schema(schema)
        generated.pop("description", None)  # the record's docstring: for developers
        generated.pop("title", None)
        properties = generated.get("properties", {})
        for name in [name for name, field in properties.items() if field.get("internal")]:
            del properties[name]
        required = [name for name in generated.get("required", ()) if name in properties]
        generated["required"] = required
        if not required:
            del generated["required"]
        for field in properties.values():
            _for_editors(field)
        return generated

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        generated = super().str_schema(schema)
        generated["type"] = ["string", "number"]  # an unquoted number is text to alliancegen
        return generated

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        generated = super().enum_schema(schema)
        choice = schema["cls"]
        if issubclass(choice, Choice):
            generated["enum"] = list(dict.fromkeys(_words(choice)))
        return generated


def _words(choice: type[Choice]) -> Iterator[str]:
    for member in choice:
        yield member.value
        yield member.german


def _for_editors(field: dict[str, Any]) -> None:
    """A property's schema with its description in German and nothing but JSON Schema."""
    field.pop("title", None)
    field.pop("refers_to", None)
    if "description" in field:
        field["description"] = in_language(LANGUAGE, field["description"])


def write_schemas(folder: Path) -> list[Path]:
    """Write every kind's schema into ``folder``; the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file_kind in (*file_kinds(), *translation_kinds()):
        path = folder / file_kind.name
        text = json.dumps(schema_of(file_kind), ensure_ascii=False, indent=2) + "\n"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def editor_mapping(schemas: PurePosixPath, content: PurePosixPath) -> dict[str, list[str]]:
    """The ``yaml.schemas`` setting of the YAML language server (VS Code and other editors):
    each schema, relative to the project folder, with the YAML files it describes."""
    return {
        f"./{schemas / file_kind.name}": [str(content / p) for p in file_kind.yaml_patterns]
        for file_kind in file_kinds()
        if file_kind.yaml_patterns
    }


class SettingsUnreadable(Exception):
    """An editor's settings file that is not plain JSON (it may hold comments): left alone."""


def set_up_editors(project: Path, content: Path, schemas: Path) -> list[Path]:
    """Write the schemas into ``schemas`` and point VS Code at them: its YAML extension
    recommended, ``yaml.schemas`` set in ``.vscode/settings.json`` (other settings kept).
    ``content`` and ``schemas`` lie in or below ``project``, the folder opened in the editor."""
    written = write_schemas(schemas)
    root = project.resolve()
    mapping = editor_mapping(
        PurePosixPath(schemas.resolve().relative_to(root).as_posix()),
        PurePosixPath(content.resolve().relative_to(root).as_posix()),
    )
    editor = project / ".vscode"
    settings = _merged(editor / "settings.json", lambda found: {**found, "yaml.schemas": mapping})
    extensions = _merged(
        editor / "extensions.json",
        lambda found: {
            **found,
            "recommendations": sorted({*found.get("recommendations", ()), YAML_EXTENSION}),
        },
    )
    return [*written, settings, extensions]


YAML_EXTENSION = "redhat.vscode-yaml"
"""The YAML language server's extension for VS Code, which reads ``yaml.schemas``."""


def _merged(path: Path, change: Callable[[dict[str, Any]], dict[str, Any]]) -> Path:
    """Rewrite a JSON settings file with ``change`` applied; raise SettingsUnreadable when
    the file is there but not a JSON object."""
    found: object = {}
    if path.exists():
        try:
            found = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            found = None
    if not isinstance(found, dict):
        raise SettingsUnreadable(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(change(found), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
