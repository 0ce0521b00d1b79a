"""The configuration of the browser editor (Decap CMS), generated from the content model.

Every kind of content file the loader knows becomes a collection: settings and lists as
files, Markdown documents as folders, once for the whole site and once for every alliance
folder that exists. Every user field of a record becomes a form field with the widget its
type needs, German labels and hints from the same descriptions as the JSON Schemas
(``schema.py``), its choices with their German words, and references as a choice among the
entries that exist. Nothing here is written by hand per field: when the model changes, the
configuration follows.

Paths are relative to the content folder (``root`` puts them below a folder of the
repository for a git host). YAML files whose top level is a list are read and written by
the format ``yaml-list`` that ``admin/admin.js`` registers: their entries are the field
``entries``.
"""

from __future__ import annotations

import html
import re
import typing
from collections.abc import Iterator
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from alliancegen import load
from alliancegen.i18n import N_
from alliancegen.i18n import in_language
from alliancegen.model.entities import Article
from alliancegen.model.fields import Choice
from alliancegen.model.fields import FilePath
from alliancegen.model.fields import Image
from alliancegen.model.fields import Logo
from alliancegen.model.fields import PosterFile
from alliancegen.model.fields import Record
from alliancegen.model.settings import Editing
from alliancegen.model.settings import GitHost
from alliancegen.model.site import Site
from alliancegen.model.validate import record_type_in
from alliancegen.model.validate import type_in
from alliancegen.schema import EditorSchema
from alliancegen.schema import FileKind
from alliancegen.schema import file_kinds

LANGUAGE = "de"
EDITOR_FILES = Path(__file__).parent / "admin"
"""The editor's files that are copied as they are: the bundle, its licences, our script."""
LIST_FORMAT = "yaml-list"
"""The format ``admin.js`` registers for YAML files whose top level is a list."""
ENTRIES = "entries"

KIND_LABELS = {
    "site": N_("Settings"),
    "national_fields": N_("Nationwide fields of action"),
    "action_days": N_("Action days"),
    "organisations": N_("Organisations"),
    "pages": N_("Pages"),
    "news": N_("News"),
    "alliance": N_("The alliance"),
    "people": N_("People"),
    "partners": N_("Partners"),
    "fields_of_action": N_("Fields of action"),
    "goals": N_("Goals"),
    "committees": N_("Committees"),
    "working_groups": N_("Working groups"),
    "projects": N_("Projects"),
    "events": N_("Events"),
    "offers": N_("Offers"),
    "easy_read": N_("Start page in Leichte Sprache"),
}
"""What each kind of content file is called in the editor's menu."""


@dataclass(frozen=True)
class Place:
    """Where a collection's files lie: the whole site, or one alliance's folder."""

    folder: str
    """The folder, relative to the content folder ('' for the site, 'alliances/<slug>')."""
    title: str
    """How the editor names the place ('' for the site, the alliance's town)."""


def config(
    content_dir: Path | None, backend: dict[str, Any], site: Site | None, root: str = ""
) -> dict[str, Any]:
    """The editor's configuration for the content folder as it is now.

    ``site`` (the last content that passed check) supplies the entries a reference may
    name; without it references are typed as slugs."""
    places = [SITE, *_alliance_places(content_dir, site)]
    address = site.settings.base_url if site else None
    return {
        "backend": backend,
        "locale": LANGUAGE,
        **({"site_url": str(address)} if address else {}),
        "slug": {"encoding": "ascii", "clean_accents": True},  # file names stay slugs
        "editor": {"preview": False},  # the preview is the site itself, in serve
        "media_folder": f"{root}media",
        "public_folder": "media",
        "collections": [
            collection for place in places for collection in _collections(place, site, root)
        ],
    }


def config_yaml(
    content_dir: Path | None, backend: dict[str, Any], site: Site | None, root: str = ""
) -> str:
    """``config`` as the ``config.yml`` the editor loads."""
    settings = config(content_dir, backend, site, root)
    return yaml.dump(settings, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """YAML written by libyaml where it is there, without anchors: the editor's YAML reader
    allows only a few aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


SITE = Place("", "")
"""The place of the site's own files."""


def _alliance_places(content_dir: Path | None, site: Site | None) -> Iterator[Place]:
    """Every alliance folder: those of the content folder as they are now (in the preview,
    where a new folder is being filled), else those of the site."""
    towns = {alliance.folder: alliance.town for alliance in site.alliances} if site else {}
    alliances = content_dir / load.ALLIANCES if content_dir else None
    if alliances is not None and alliances.is_dir():
        folders = sorted(path.name for path in alliances.iterdir() if path.is_dir())
    else:
        folders = sorted(towns)
    for folder in folders:
        yield Place(f"{load.ALLIANCES}/{folder}", towns.get(folder, folder))


def _collections(place: Place, site: Site | None, root: str) -> Iterator[dict[str, Any]]:
    """The collections of one place: its single files by format, then its folders."""
    kinds = [kind for kind in file_kinds() if _patterns_at(kind, place)]
    references = _References(site, place)
    for many in (False, True):
        singles = [kind for kind in kinds if kind.many == many and not _is_folder(kind, place)]
        for format_ in dict.fromkeys(_format(kind, place) for kind in singles):
            alike = [kind for kind in singles if _format(kind, place) == format_]
            yield _files_collection(alike, place, many, references, root)
    for kind in kinds:
        if _is_folder(kind, place):
            yield _folder_collection(kind, place, references, root)


def _patterns_at(kind: FileKind, place: Place) -> list[str]:
    """The patterns of ``kind`` that lie directly at ``place``, made concrete."""
    prefix = f"{load.ALLIANCES}/*/"
    found = []
    for pattern in kind.patterns:
        at_alliance = pattern.startswith(prefix)
        if at_alliance == bool(place.folder):
            found.append(pattern.replace(prefix, f"{place.folder}/") if at_alliance else pattern)
    return found


def _format(kind: FileKind, place: Place) -> str:
    """How the editor reads and writes a single file of ``kind`` at ``place``."""
    if kind.many:
        return LIST_FORMAT
    return "frontmatter" if _patterns_at(kind, place)[0].endswith(".md") else "yaml"


def _is_folder(kind: FileKind, place: Place) -> bool:
    return any("*" in pattern for pattern in _patterns_at(kind, place))


def _label(kind: str, place: Place) -> str:
    label = in_language(LANGUAGE, KIND_LABELS[kind])
    return f"{place.title}: {label}" if place.title else label


def _name(kind: str, place: Place) -> str:
    return f"{place.folder.rsplit('/', 1)[-1]}-{kind}" if place.folder else kind


def _files_collection(
    kinds: list[FileKind], place: Place, many: bool, references: _References, root: str
) -> dict[str, Any]:
    """One collection of single files at a place: lists, or settings and the alliance."""
    files = []
    for kind in kinds:
        [path] = _patterns_at(kind, place)
        fields = _fields(kind.record, references)
        if many:
            fields = [
                {
                    "name": ENTRIES,
                    "label": _label(kind.kind, SITE),
                    "widget": "list",
                    "fields": fields,
                    **_summary(kind.record),
                }
            ]
        elif path.endswith(".md"):
            fields = [*fields, _body()]
        files.append(
            {
                "name": kind.kind,
                "label": _label(kind.kind, SITE),
                "file": root + path,
                "fields": fields,
            }
        )
    name = "lists" if many else "settings"
    label = in_language(LANGUAGE, N_("Lists") if many else N_("Settings"))
    if len(kinds) == 1:
        name, label = kinds[0].kind, in_language(LANGUAGE, KIND_LABELS[kinds[0].kind])
    collection: dict[str, Any] = {
        "name": f"{_name(name, place)}",
        "label": f"{place.title}: {label}" if place.title else label,
        "format": _format(kinds[0], place),
        "files": files,
    }
    if place.folder:
        collection |= _media_of(place, root)
    return collection


def _folder_collection(
    kind: FileKind, place: Place, references: _References, root: str
) -> dict[str, Any]:
    [pattern] = _patterns_at(kind, place)
    collection: dict[str, Any] = {
        "name": _name(kind.kind, place),
        "label": _label(kind.kind, place),
        "folder": root + pattern.rsplit("/", 1)[0],
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "slug": "{{slug}}",
        "identifier_field": _identifier(kind.record),
        "fields": [*_fields(kind.record, references), _body()],
    }
    if place.folder:
        collection |= _media_of(place, root)
    return collection


def _media_of(place: Place, root: str) -> dict[str, str]:
    """Where an alliance's uploads go, and how its files name them: relative to its folder."""
    return {"media_folder": f"/{root}{place.folder}/media", "public_folder": "media"}


def _identifier(record: type[Record]) -> str:
    return next(name for name in ("title", "name") if name in record.model_fields)


def _body() -> dict[str, Any]:
    return {
        "name": "body",
        "label": in_language(LANGUAGE, N_("Text")),
        "widget": "markdown",
        "required": False,
    }


class _References:
    """The entries a reference at one place may name, as choices, from the last good site."""

    def __init__(self, site: Site | None, place: Place) -> None:
        self.site = site
        self.alliance = (
            next((a for a in site.alliances if place.folder.endswith(f"/{a.folder}")), None)
            if site and place.folder
            else None
        )

    def options(self, collections: list[str]) -> list[dict[str, str]] | None:
        """Label and value of every entry of ``collections``; None when unknown."""
        if self.site is None:
            return None
        found: dict[str, str] = {}
        for collection in collections:
            owner = (
                self.alliance if self.alliance and hasattr(self.alliance, collection) else self.site
            )
            for entity in getattr(owner, collection, ()) or ():
                found.setdefault(str(entity.slug), _title_of(entity))
        return [{"label": label, "value": value} for value, label in found.items()]


def _title_of(entity: object) -> str:
    for name in ("name", "title", "year"):
        value = getattr(entity, name, None)
        if value:
            return str(value)
    return str(getattr(entity, "slug", ""))


@cache
def _properties(record: type[Record]) -> dict[str, Any]:
    """The JSON Schema of each user field of ``record``, its '| None' taken off."""
    schema = record.model_json_schema(schema_generator=EditorSchema)
    return {name: _without_none(value) for name, value in schema.get("properties", {}).items()}


def _without_none(schema: dict[str, Any]) -> dict[str, Any]:
    alternatives = [a for a in schema.get("anyOf", ()) if a.get("type") != "null"]
    if len(alternatives) == 1:
        return {**{k: v for k, v in schema.items() if k != "anyOf"}, **alternatives[0]}
    return schema


def _fields(
    record: type[Record], references: _References, optional: bool = False
) -> list[dict[str, Any]]:
    """The form fields of ``record``, its own first and the slug and draft switch last; none
    is required in an ``optional`` group, which the editor cannot leave out as a whole (check
    asks for them once the group is written)."""
    if not _names_entries(record):
        return _fields_anywhere(record, optional)
    return _made_fields(record, references, optional)


@cache
def _fields_anywhere(record: type[Record], optional: bool) -> list[dict[str, Any]]:
    """The form fields of a record that names no entries: the same wherever it is."""
    return _made_fields(record, _References(None, SITE), optional)


def _made_fields(
    record: type[Record], references: _References, optional: bool
) -> list[dict[str, Any]]:
    names = sorted(_properties(record), key=lambda name: name in Article.model_fields)
    fields = [_field(record, name, _properties(record)[name], references) for name in names]
    return [{**field, "required": False} for field in fields] if optional else fields


@cache
def _names_entries(record: type[Record]) -> bool:
    """Whether a record, or one inside it, has a field that names entries by their slugs."""
    for info in record.model_fields.values():
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        inner = record_type_in(info.annotation)
        if "refers_to" in extra or (inner is not None and _names_entries(inner)):
            return True
    return False


def _field(
    record: type[Record], name: str, schema: dict[str, Any], references: _References
) -> dict[str, Any]:
    info = record.model_fields[name]
    label, more = _label_and_more(schema.get("description") or name)
    key = in_language(LANGUAGE, N_("in the file: {name}"), name=name)
    field: dict[str, Any] = {
        "name": name,
        "label": label,
        "hint": f"{more[:1].upper()}{more[1:]} ({key})" if more else key,
        "required": info.is_required(),
        **_widget(record, name, schema, references),
    }
    default = schema.get("default")
    if default not in (None, "", [], False) and field["widget"] in ("string", "select", "number"):
        field["default"] = default
    return field


def _label_and_more(description: str) -> tuple[str, str]:
    """A description's first clause as a form label, the rest as its hint."""
    label, _, more = (*re.split(r"(: |; |(?<!\b\w)\. )", description, maxsplit=1), "", "")[:3]
    return label, more


def _widget(
    record: type[Record], name: str, schema: dict[str, Any], references: _References
) -> dict[str, Any]:
    """The widget of a field and its settings, from its type."""
    info = record.model_fields[name]
    many = schema.get("type") == "array"
    item = _without_none(schema.get("items", {})) if many else schema
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    targets = extra.get("refers_to")
    choice = type_in(info.annotation, Choice)
    nested = record_type_in(info.annotation)
    if isinstance(targets, list):
        options = references.options([str(target) for target in targets])
        if options is not None:
            return {"widget": "select", "options": options, "multiple": many}
    elif choice is not None:
        options = [{"label": member.german, "value": member.value} for member in choice]
        return {"widget": "select", "options": options, "multiple": many}
    elif nested is not None:
        inner = _fields(nested, references, optional=not many and not info.is_required())
        return (
            {"widget": "list", "fields": inner, **_summary(nested)}
            if many
            else {
                "widget": "object",
                "fields": inner,
            }
        )
    if many:
        return {
            "widget": "list",
            "field": {"name": "item", "label": name, **_scalar(record, name, item)},
        }
    return _scalar(record, name, item)


def _summary(record: type[Record]) -> dict[str, str]:
    """What a collapsed entry of a list shows: its name or title."""
    named = next((name for name in ("name", "title") if name in record.model_fields), None)
    return {"summary": f"{{{{fields.{named}}}}}"} if named else {}


def _scalar(record: type[Record], name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """The widget of one value that is no choice, record or reference."""
    annotation = record.model_fields[name].rebuild_annotation()
    if _holds(annotation, FilePath):
        image = issubclass(record, (Image, Logo)) or _holds(annotation, PosterFile)
        widget = "image" if image else "file"
        return {"widget": widget, "choose_url": False}  # files of the site, none from elsewhere
    kinds = schema.get("type")
    if kinds == "boolean":
        return {"widget": "boolean"}
    if kinds == "integer":
        bounds = {key: schema[key] for key in ("minimum", "maximum") if key in schema}
        return {"widget": "number", "value_type": "int", **{k[:3]: v for k, v in bounds.items()}}
    if schema.get("contentMediaType") == "text/markdown":
        return {"widget": "markdown"}
    pattern = schema.get("pattern") or next(
        (a["pattern"] for a in schema.get("anyOf", ()) if "pattern" in a), None
    )
    if pattern:
        message = in_language(
            LANGUAGE, N_("This is not written as alliancegen reads it; the hint below says how.")
        )
        return {"widget": "string", "pattern": [pattern, message]}
    return {"widget": "string"}


def _holds(annotation: Any, kind: Any) -> bool:
    """Whether an annotation is, or holds (in a union or a list), the annotated type ``kind``,
    also with checks of its own added (a video's file is a file path)."""
    wanted = _flat(kind)
    if annotation == kind or _flat(annotation)[: len(wanted)] == wanted:
        return True
    return any(_holds(argument, kind) for argument in typing.get_args(annotation))


def _flat(annotation: Any) -> tuple[Any, ...]:
    """An annotated type as its base and all its metadata, nested annotations flattened."""
    return (typing.get_origin(annotation), *getattr(annotation, "__metadata__", ()))


def remote_backend(editing: Editing) -> dict[str, Any]:
    """The editor's backend for the published site: the git host that ``editing`` names."""
    common = {"name": editing.host.value, "repo": editing.repository, "branch": editing.branch}
    if editing.host == GitHost.GITHUB:
        return {**common, "base_url": str(editing.login_service).rstrip("/")}
    api = "/api/v4" if editing.host == GitHost.GITLAB else "/api/v1"
    return {
        **common,
        "auth_type": "pkce",
        "app_id": editing.app_id,
        "base_url": editing.origin,
        "api_root": editing.origin + api,
    }


def remote_origins(editing: Editing) -> list[str]:
    """The other hosts the published editor talks to: the git host's API and login."""
    if editing.host == GitHost.GITHUB:
        login = urlsplit(str(editing.login_service))
        return ["https://api.github.com", f"{login.scheme}://{login.netloc}"]
    return [editing.origin]


def policy(origins: Sequence[str] = ()) -> str:
    """The Content-Security-Policy of the editor's page: its own scripts (the bundle needs
    'unsafe-eval' for its form validation and inline styles), requests to ``origins``."""
    connect = " ".join(["'self'", "blob:", *origins])  # blob: uploads read before sending
    return (
        "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' blob: data:; connect-src {connect}; font-src 'self'; "
        "base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def editor_page(title: str, policy_text: str) -> str:
    """The editor's HTML page: the bundle and the format for YAML lists, from the site itself."""
    heading = in_language(LANGUAGE, N_("Edit the content"))
    return f"""<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="{html.escape(policy_text)}">
<title>{html.escape(heading)} – {html.escape(title)}</title>
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="js-yaml/js-yaml.min.js"></script>
<script src="decap-cms/decap-cms.js"></script>
<script src="admin.js"></script>
</body>
</html>
"""
