"""Turn the loaded documents into one Site: validated, slugs unique, references resolved."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from functools import cache
from functools import cached_property
from functools import partial
from pathlib import Path
from pathlib import PurePosixPath
from typing import TypeVar

from alliancegen.editions import EASY_READ
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import did_you_mean
from alliancegen.i18n import _
from alliancegen.i18n import ngettext
from alliancegen.load import ALLIANCE_FILES
from alliancegen.load import ALLIANCE_FOLDERS
from alliancegen.load import SITE_FILES
from alliancegen.load import Content
from alliancegen.load import Document
from alliancegen.load import KeyPath
from alliancegen.load import nfc
from alliancegen.load import original_name
from alliancegen.memo import Memo
from alliancegen.model.entities import REGISTRY_FIELDS
from alliancegen.model.entities import ActionDay
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Committee
from alliancegen.model.entities import EasyRead
from alliancegen.model.entities import Entity
from alliancegen.model.entities import Event
from alliancegen.model.entities import FieldOfAction
from alliancegen.model.entities import Goal
from alliancegen.model.entities import NationalField
from alliancegen.model.entities import NewsItem
from alliancegen.model.entities import Offer
from alliancegen.model.entities import Organisation
from alliancegen.model.entities import Page
from alliancegen.model.entities import Partner
from alliancegen.model.entities import Person
from alliancegen.model.entities import Project
from alliancegen.model.entities import WorkingGroup
from alliancegen.model.entities import is_internal
from alliancegen.model.fields import Attachment
from alliancegen.model.fields import Image
from alliancegen.model.fields import Logo
from alliancegen.model.fields import Record
from alliancegen.model.fields import SignVideo
from alliancegen.model.fields import is_slug
from alliancegen.model.fields import slugify
from alliancegen.model.markup import markdown_findings
from alliancegen.model.opendata import Export
from alliancegen.model.settings import Settings
from alliancegen.model.validate import homes_of
from alliancegen.model.validate import record_type_in
from alliancegen.model.validate import validate_record
from alliancegen.reads import Tracked

LISTS: dict[str, type[Entity]] = {
    "people": Person,
    "partners": Partner,
    "fields_of_action": FieldOfAction,
    "goals": Goal,
    "committees": Committee,
    "working_groups": WorkingGroup,
    "national_fields": NationalField,
    "action_days": ActionDay,
    "organisations": Organisation,
}
"""YAML files that hold a list of entities, by kind."""

ARTICLES: dict[str, type[Entity]] = {
    "alliance": Alliance,
    "projects": Project,
    "events": Event,
    "news": NewsItem,
    "pages": Page,
    "offers": Offer,
    "easy_read": EasyRead,
}
"""Markdown files with front matter, by kind."""

TRANSLATIONS = "translations"
"""The field of any entry (and of site.yaml) that holds its short texts in other editions:
``translations: {en: {title: …}}``."""

NAMING_FIELDS = ("name", "title", "year", "organisation")
"""The field a list entry's slug is derived from, whichever it has first (a partner that
takes its name from the registry is named by the registry's slug)."""

SITE_WIDE = frozenset({"national_fields", "action_days", "organisations"})
"""Collections that references from any alliance point into."""

ALLIANCE_PARTS = (
    "people",
    "partners",
    "fields_of_action",
    "goals",
    "committees",
    "working_groups",
    *(kind for kind in ARTICLES if kind not in ("alliance", "easy_read")),
)

PLACES = {
    **{kind: name for name, kind in (*SITE_FILES.items(), *ALLIANCE_FILES.items())},
    **{kind: f"{kind}/" for kind in ALLIANCE_FOLDERS},
}
"""The file, or the folder (ending in '/'), that each kind of content is written in."""

_RECORDS: dict[str, type[Record]] = {**LISTS, **ARTICLES, "site": Settings}
_HOMES = homes_of(
    [(PLACES[kind], model) for kind, model in _RECORDS.items()],
    {kind: PLACES[kind] for kind in (*ALLIANCE_PARTS, *SITE_WIDE)},
)
"""Where each field and list of the content is written, for the hint on a field that a record
does not have but another one has."""


@dataclass(frozen=True)
class Site(Tracked):
    """Everything the site shows, validated and cross-checked."""

    settings: Settings
    national_fields: tuple[NationalField, ...]
    action_days: tuple[ActionDay, ...]
    alliances: tuple[Alliance, ...]
    news: tuple[NewsItem, ...]
    pages: tuple[Page, ...]
    media: frozenset[PurePosixPath] = frozenset()
    """Media files, relative to the content folder."""
    easy_read: EasyRead | None = None
    """The start page in Leichte Sprache, when the site wrote one."""
    federated: tuple[Export, ...] = ()
    """Other sites' open data, for a portal (site.yaml's 'federation'), as this build
    gathered them (alliancegen.federation): shown as links to those sites, never as pages."""
    translated: dict[str, Site] = field(default_factory=dict, compare=False)
    """The site in each further edition (by its key): the entities that have a text for it
    replaced by that text, every other one the very same object."""

    @property
    def has_easy_read(self) -> bool:
        """Whether the site wrote anything in Leichte Sprache."""
        return EASY_READ in self.translated


@dataclass(frozen=True)
class _Item:
    """A validated entity with the document and key path it was read from.

    What it refers to is worked out once: an item lives as long as its document is unchanged.
    """

    entity: Entity
    document: Document
    path: KeyPath

    @cached_property
    def references(self) -> tuple[tuple[KeyPath, str, tuple[str, ...]], ...]:
        """(key path, slug, collections looked up in turn) of every reference in the entity."""
        return tuple(_references(self.entity, self.path))

    @cached_property
    def files(self) -> tuple[tuple[KeyPath, str, PurePosixPath], ...]:
        """(key path, name as written, path below the content folder) of every file the
        entity names."""
        folder = _media_base(self.document)
        return tuple((path, name, folder / name) for path, name in _files(self.entity, self.path))


T = TypeVar("T")
EntityT = TypeVar("EntityT", bound=Entity)
Key = tuple[str | None, str]
"""(alliance folder or None, kind): one collection of entities."""
Translation = tuple[str, Key, str]
"""(edition, collection, slug): the entity of a collection in another edition."""


def build_site(content: Content, memo: Memo | None = None) -> Site:
    """Validate ``content`` into a Site; raise ContentError with every problem found.

    A ``memo`` kept from an earlier call skips documents that did not change (the loader
    hands out the same objects for them), and keeps alliances that did not change the very
    same objects, which makes later stages' comparisons cheap.
    """
    memo = memo or Memo()
    problems = list(content.problems)
    settings, translated_settings = _read_settings(content, problems, memo)
    items, slugs, translated = _read_entities(content, problems, memo)
    texts = _by_collection(translated)
    every = {key: [*items.get(key, ()), *texts.get(key, ())] for key in {*items, *texts}}
    problems += _check_alliance_folders(content)
    problems += _check_references(every, slugs, content.unread)
    problems += _check_files(every, content)
    problems += _check_partner_counts(items)
    items = _take_from_registry(items, problems, memo)
    translated = _translated_from_registry(items, translated, problems, memo)
    if settings is not None:
        problems += _unknown_editions(translated, settings)
    if problems or settings is None:
        raise ContentError(problems)
    main = _assemble(settings, items, content.files, memo)
    editions = {edition for edition, _key, _slug in translated}
    if main.easy_read is not None:
        editions.add(EASY_READ)
    keys = [*settings.languages, *sorted(editions - set(settings.languages))]
    return replace(
        main,
        translated={
            key: _assemble(
                _edition_settings(translated_settings.get(key, settings), key, memo),
                _in_edition(items, translated, key),
                content.files,
                memo,
                key,
            )
            for key in keys
        },
    )


def _edition_settings(settings: Settings, edition: str, memo: Memo) -> Settings:
    """An edition's settings: its language the edition's (Leichte Sprache's is German)."""
    language = settings.language if edition == EASY_READ else edition
    return memo(
        ("settings", edition),
        (settings,),
        lambda: settings.model_copy(update={"language": language}),
    )


def _translated_from_registry(
    items: dict[Key, list[_Item]],
    translated: dict[Translation, _Item],
    problems: list[Problem],
    memo: Memo,
) -> dict[Translation, _Item]:
    """Translated partners with what they take from the registry, as their originals."""
    registry = (None, "organisations")
    found = {}
    for translation, item in translated.items():
        key = translation[1]
        taken = _take_from_registry(
            {registry: items.get(registry, []), key: [item]}, problems, memo
        )
        found[translation] = taken[key][0]
    return found


def _by_collection(translated: dict[Translation, _Item]) -> dict[Key, list[_Item]]:
    """Translated entities by collection, for the checks that look at every entity."""
    found: dict[Key, list[_Item]] = defaultdict(list)
    for (_edition, key, _slug), item in translated.items():
        found[key].append(item)
    return found


def _in_edition(
    items: dict[Key, list[_Item]], translated: dict[Translation, _Item], edition: str
) -> dict[Key, list[_Item]]:
    """The entities of one edition: each one's text for it, where it has one."""
    return {
        key: [translated.get((edition, key, item.entity.slug), item) for item in collection]
        for key, collection in items.items()
    }


def _unknown_editions(translated: dict[Translation, _Item], settings: Settings) -> list[Problem]:
    """A translation into a language the site is not published in is a mistake."""
    known = {*settings.languages, EASY_READ}
    return [
        Problem(
            item.entity.origin,
            _("the site is not published in '{code}'", code=edition),
            _(
                "add it to site.yaml: 'languages: [{codes}]'",
                codes=", ".join([*settings.languages, edition]),
            ),
        )
        for (edition, _key, _slug), item in translated.items()
        if edition not in known
    ]


def _read_settings(
    content: Content, problems: list[Problem], memo: Memo
) -> tuple[Settings | None, dict[str, Settings]]:
    """The site's settings, and, where site.yaml translates them, the settings of each
    further edition."""
    documents = [document for document in content.documents if document.kind == "site"]
    if not documents:
        if (None, "site") not in content.unread:
            problems.append(
                Problem(
                    Location(content.root / "site.yaml"),
                    _("the content folder has no site.yaml"),
                    _("create it with at least a line 'title: …'"),
                )
            )
        return None, {}
    document = documents[0]
    settings, translated, found = memo(("settings",), document, partial(_settings, document))
    problems += found
    return settings, translated


def _settings(document: Document) -> tuple[Settings | None, dict[str, Settings], list[Problem]]:
    own, translations = _without_translations(document.data)
    settings, problems = validate_record(Settings, own, document, homes=_HOMES)
    translated = {}
    if settings is not None and isinstance(own, dict):
        for edition, fields, at in _translations(translations, document, (), problems):
            more, found = validate_record(Settings, {**own, **fields}, document, at, homes=_HOMES)
            problems += found
            if more is not None:
                translated[edition] = more
    return settings, translated, problems


@dataclass(frozen=True)
class _Entry:
    """One entity of a document as validated, with the slug it claims and where."""

    key: Key
    slug: str
    where: Location
    item: _Item | None
    problems: tuple[Problem, ...]
    translated: tuple[tuple[str, _Item], ...] = ()
    """The entity in other editions, by edition key."""


def _validate_document(document: Document) -> tuple[tuple[_Entry, ...], tuple[Problem, ...]]:
    problems: list[Problem] = []
    entries = [
        _validate_entity(document, data, path, default_slug)
        for document, data, path, default_slug in _raw_entities((document,), problems)
    ]
    return tuple(entries), (*problems, *_unsafe_body_markup(document))


def _validate_entity(document: Document, data: object, path: KeyPath, default: str) -> _Entry:
    slug, where = _claimed_slug(data, document, path, default)
    model = LISTS.get(document.kind) or ARTICLES[document.kind]
    filled_in: dict[str, object] = {"origin": document.positions.of_value(path)}
    if document.kind in ARTICLES:
        filled_in["body"] = document.body or ""
    own, translations = _without_translations(data)
    own = {"slug": slug, **own} if slug and isinstance(own, dict) else own
    entity, found = validate_record(model, own, document, path, filled_in, _HOMES)
    key = (document.alliance, document.kind)
    if entity is None or not isinstance(own, dict):
        return _Entry(key, slug, where, None, tuple(found))
    translated = []
    for edition, fields, at in _translations(translations, document, path, found):
        filled_in["origin"] = document.positions.of_value(at)
        more, problems = validate_record(
            model, {**own, **fields}, document, at, {**filled_in, "written_for": edition}, _HOMES
        )
        found += problems
        if more is not None:
            translated.append((edition, _Item(more, document, path)))
    item = _Item(entity, document, path)
    return _Entry(key, slug, where, item, tuple(found), tuple(translated))


def _without_translations(data: object) -> tuple[object, object]:
    """An entry's own fields, and its ``translations`` (None when it has none)."""
    if not isinstance(data, dict) or TRANSLATIONS not in data:
        return data, None
    own = dict(data)
    return own, own.pop(TRANSLATIONS)


def _translations(
    translations: object, document: Document, path: KeyPath, problems: list[Problem]
) -> Iterator[tuple[str, dict[str, object], KeyPath]]:
    """Each edition's fields of an entry's ``translations``, with their key path."""
    if translations is None:
        return
    at = (*path, TRANSLATIONS)
    if not isinstance(translations, dict) or not all(
        isinstance(fields, dict) for fields in translations.values()
    ):
        problems.append(
            Problem(
                document.positions.of_value(at) or document.start,
                _("'translations' must hold the texts by language"),
                _("write e.g. 'translations:', then '  en:' and below it '    title: …'"),
            )
        )
        return
    for edition, fields in translations.items():
        yield str(edition), fields, (*at, edition)


def _validate_translation(
    document: Document, original: Document | None, entity: Entity | None
) -> tuple[tuple[_Entry, ...], tuple[Problem, ...]]:
    """A file written for another edition: its fields over those of the file it translates
    (a body it leaves empty is the original's), validated as that file's ``entity`` (None
    when the original is not valid)."""
    if original is None:
        name = original_name(document.path.name)
        message = _("there is no file '{name}' that this file translates", name=name)
        hint = _("a translation lies next to its original, e.g. mitmachen.md and mitmachen.en.md")
        return (), (Problem(document.start, message, hint),)
    if entity is None:
        return (), ()  # what the original lacks is said at the original, not here again
    problems: list[Problem] = []
    own, _translations_of_original = _without_translations(original.data or {})
    data = (
        {**own, **document.data}
        if isinstance(document.data, dict) and isinstance(own, dict)
        else document.data
    )
    slug = entity.slug
    model = ARTICLES[document.kind]
    filled_in = {
        "origin": document.start,
        "body": document.body if (document.body or "").strip() else original.body or "",
        "written_for": document.edition,
    }
    if slug and isinstance(data, dict):
        data = {"slug": slug, **data}
    translation, found = validate_record(model, data, document, (), filled_in, _HOMES)
    problems += found
    key = (document.alliance, document.kind)
    translated = ((str(document.edition), _Item(translation, document, ())),) if translation else ()
    entry = _Entry(key, "", document.start, None, (), translated)
    return (entry,), (*problems, *_unsafe_body_markup(document))


@dataclass(frozen=True)
class _Folder:
    """What the entity documents of one alliance's folder (or of the site's own) give: items
    and slugs under keys of that folder alone, problems, and each document's validation, by
    the document's id, for the next build to keep where the document is the same."""

    items: dict[Key, list[_Item]]
    translated: dict[Translation, _Item]
    slugs: dict[Key, dict[str, Location]]
    problems: tuple[Problem, ...]
    validated: dict[int, _Validated]


_Validated = tuple[Document, Document | None, tuple[tuple[_Entry, ...], tuple[Problem, ...]]]
"""A document, the original it translates (if it is a translation), and what its
validation gave."""


def _read_entities(
    content: Content, problems: list[Problem], memo: Memo
) -> tuple[dict[Key, list[_Item]], dict[Key, dict[str, Location]], dict[Translation, _Item]]:
    """Validate every entity; index every slug, also of entities that failed validation.

    A folder whose documents are the very same objects as last time gives what it gave then;
    in one that changed, only its changed documents are validated again.
    """
    items: dict[Key, list[_Item]] = defaultdict(list)
    translated: dict[Translation, _Item] = {}
    slugs: dict[Key, dict[str, Location]] = defaultdict(dict)
    folders: dict[str | None, list[Document]] = defaultdict(list)
    for document in content.documents:
        if document.kind in LISTS or document.kind in ARTICLES:
            folders[document.alliance].append(document)
    for name, documents in folders.items():
        key = ("entities", name)
        last = memo.last(key)
        before = last.validated if isinstance(last, _Folder) else {}
        folder = memo(key, tuple(documents), partial(_read_folder, documents, before))
        problems += folder.problems
        items.update(folder.items)
        translated.update(folder.translated)
        slugs.update(folder.slugs)
    return items, slugs, translated


def _read_folder(documents: list[Document], before: dict[int, _Validated]) -> _Folder:
    items: dict[Key, list[_Item]] = defaultdict(list)
    translated: dict[Translation, _Item] = {}
    slugs: dict[Key, dict[str, Location]] = defaultdict(dict)
    problems: list[Problem] = []
    validated = {}
    originals = {document.path: document for document in documents if not document.edition}
    entities: dict[Path, Entity | None] = {}
    for document in sorted(documents, key=lambda document: document.edition is not None):
        original = (
            originals.get(document.path.with_name(original_name(document.path.name)))
            if document.edition
            else None
        )
        known = before.get(id(document))
        if known and known[0] is document and known[1] is original:
            entries, found = known[2]
        elif document.edition:
            entity = entities[original.path] if original else None
            entries, found = _validate_translation(document, original, entity)
        else:
            entries, found = _validate_document(document)
        entities[document.path] = _entity_of(entries)
        validated[id(document)] = (document, original, (entries, found))
        problems += found
        for entry in entries:
            _register_slug(slugs[entry.key], entry.slug, entry.where, problems)
            problems += entry.problems
            if entry.item is not None:
                items[entry.key].append(entry.item)
            for edition, item in entry.translated:  # under its original's slug
                translated[edition, entry.key, item.entity.slug] = item
    return _Folder(dict(items), translated, dict(slugs), tuple(problems), validated)


def _entity_of(entries: tuple[_Entry, ...]) -> Entity | None:
    """The entity of a Markdown document's entries; None when it is not valid."""
    return entries[0].item.entity if len(entries) == 1 and entries[0].item else None


def document_problems(document: Document, original: Document | None = None) -> list[Problem]:
    """What ``check`` finds in one content document by itself: its values against the model
    and its slugs; what it names in other files is left to the check of the whole site. A
    translation is checked over its ``original``."""
    if document.kind == "site":
        return _settings(document)[2]
    if document.edition:
        entity = _entity_of(_validate_document(original)[0]) if original else None
        entries, problems = _validate_translation(document, original, entity)
    else:
        entries, problems = _validate_document(document)
    found = list(problems)
    slugs: dict[str, Location] = {}
    for entry in entries:
        _register_slug(slugs, entry.slug, entry.where, found)
        found += entry.problems
    return found


def _unsafe_body_markup(document: Document) -> list[Problem]:
    """Links and attribute lists in a Markdown body that the converter would drop, at their
    line in the file."""
    return [
        Problem(Location(document.path, document.body_line + line, column + 1), message, hint)
        for line, column, message, hint in markdown_findings(document.body or "")
    ]


def _raw_entities(
    documents: tuple[Document, ...], problems: list[Problem]
) -> Iterator[tuple[Document, object, KeyPath, str]]:
    """Each entity's raw data with its key path and the slug it gets unless it names one."""
    for document in documents:
        if document.kind in ARTICLES:
            data = {} if document.data is None else document.data
            slug = _article_slug(document, data, problems)
            yield document, data, (), slug
        elif document.kind in LISTS:
            yield from _list_items(document, problems)


def _article_slug(document: Document, data: object, problems: list[Problem]) -> str:
    """The slug a Markdown file gets from its name, or its alliance's from the folder."""
    is_alliance = document.kind == "alliance"
    name = (document.alliance or "") if is_alliance else document.path.stem
    if is_slug(name) or (isinstance(data, dict) and "slug" in data):
        return name
    message = (
        _("the folder name 'alliances/{name}' cannot be part of a URL", name=name)
        if is_alliance
        else _("the file name '{name}' cannot be part of a URL", name=document.path.name)
    )
    hint = _(
        "rename it to '{suggestion}' (lowercase letters, digits and hyphens), "
        "or give a 'slug: …' in the front matter",
        suggestion=slugify(name) or "a-name",
    )
    problems.append(Problem(document.start, message, hint))
    return ""


def _list_items(
    document: Document, problems: list[Problem]
) -> Iterator[tuple[Document, object, KeyPath, str]]:
    if document.data is None:
        return
    if not isinstance(document.data, list):
        problems.append(
            Problem(
                document.positions.of_value(()) or document.start,
                _("{file} must hold a list", file=document.path.name),
                _("start each entry with '- ', e.g. '- name: …'"),
            )
        )
        return
    for index, data in enumerate(document.data):
        fields = data if isinstance(data, dict) else {}
        key = next((key for key in NAMING_FIELDS if key in fields), "")
        name = fields.get(key)
        slug = slugify(name) if isinstance(name, str) else ""
        if not slug and isinstance(name, str) and name.strip() and "slug" not in fields:
            problems.append(
                Problem(
                    document.positions.of_value((index, key)) or document.start,
                    _("'{name}' has no letters or digits to make a slug of", name=name.strip()),
                    _(
                        "add a line 'slug: …' to the entry, with lowercase letters, digits and "
                        "hyphens, e.g. 'slug: familienzentrum'"
                    ),
                )
            )
        yield document, data, (index,), slug


def _claimed_slug(
    data: object, document: Document, path: KeyPath, default: str
) -> tuple[str, Location]:
    """The slug an entity asks for (written or derived), and where that stands."""
    fields = data if isinstance(data, dict) else {}
    written = fields.get("slug")
    slug = written if isinstance(written, str) else default
    named_by = next((key for key in ("slug", *NAMING_FIELDS) if key in fields), "")
    return slug, document.positions.of_value((*path, named_by)) or document.start


def _register_slug(
    known: dict[str, Location], slug: str, where: Location, problems: list[Problem]
) -> None:
    """Record an entity's slug in its collection; report a slug that is taken already."""
    if not slug:
        return
    if slug in known:
        other = known[slug]
        message = (
            _(
                "the slug '{slug}' is taken already by the entry on line {line}",
                slug=slug,
                line=other.line,
            )
            if other.path == where.path
            else _(
                "the slug '{slug}' is taken already by the entry at {place}", slug=slug, place=other
            )
        )
        hint = _("two entries of one kind need different names, or add 'slug: …' to one of them")
        problems.append(Problem(where, message, hint))
    else:
        known[slug] = where


def _check_alliance_folders(content: Content) -> list[Problem]:
    folders = {document.alliance for document in content.documents if document.alliance}
    present = {document.alliance for document in content.documents if document.kind == "alliance"}
    return [
        Problem(
            Location(content.root / "alliances" / folder / "alliance.md"),
            _("the folder alliances/{folder}/ has no alliance.md", folder=folder),
            _("create alliance.md with the alliance's name, town and state"),
        )
        for folder in sorted(folders)
        if folder not in present and (folder, "alliance") not in content.unread
    ]


def _check_references(
    items: dict[Key, list[_Item]],
    slugs: dict[Key, dict[str, Location]],
    unread: frozenset[Key],
) -> list[Problem]:
    problems = []
    for (alliance, _kind), collection in items.items():
        for item in collection:
            for path, slug, targets in item.references:
                keys = [(None if target in SITE_WIDE else alliance, target) for target in targets]
                known = {name: at for key in keys for name, at in slugs.get(key, {}).items()}
                if slug in known or any(key in unread for key in keys):
                    continue
                where = item.document.positions.of_value(path) or item.document.start
                problems.append(_dangling(where, slug, targets, known))
    return problems


def _dangling(
    where: Location, slug: str, targets: tuple[str, ...], known: dict[str, Location]
) -> Problem:
    places = [PLACES[target] for target in targets]
    message = (
        _(
            "'{slug}' is in neither {first} nor {second}",
            slug=slug,
            first=places[0],
            second=places[1],
        )
        if len(places) > 1
        else _("'{slug}' is not in {place}", slug=slug, place=places[0])
    )
    if not known:
        return Problem(where, message, _("nothing is written there yet: add the entry first"))
    return Problem(where, message, did_you_mean(slug, known))


@cache
def _walkable(model: type[Record]) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """The fields of ``model`` worth a visit: references with their collections, and fields
    that can hold nested records (images, links, awards …)."""
    fields = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        targets = extra.get("refers_to") if isinstance(extra, dict) else None
        refers = isinstance(targets, list)
        nests = record_type_in(info.annotation) is not None
        if not is_internal(model, name) and (refers or nests):
            fields.append((name, tuple(map(str, targets)) if isinstance(targets, list) else None))
    return tuple(fields)


def _references(record: Record, path: KeyPath) -> Iterator[tuple[KeyPath, str, tuple[str, ...]]]:
    """Every (key path, slug, collections) that ``record`` and its nested records refer to."""
    for name, target in _walkable(type(record)):
        value = getattr(record, name)
        if value is None:
            continue
        if target is not None:
            values = value if isinstance(value, list) else [value]
            for index, slug in enumerate(values):
                where = (*path, name, index) if isinstance(value, list) else (*path, name)
                yield where, str(slug), target
        else:
            yield from _nested(value, (*path, name), _references)


def _nested(
    value: object, path: KeyPath, visit: Callable[[Record, KeyPath], Iterator[T]]
) -> Iterator[T]:
    """Apply ``visit`` to a nested record, or to each record in a list."""
    if isinstance(value, Record):
        yield from visit(value, path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Record):
                yield from visit(item, (*path, index))


def _check_partner_counts(items: dict[Key, list[_Item]]) -> list[Problem]:
    """A stated number of partners is at least the number of partners listed."""
    problems = []
    for (folder, kind), collection in items.items():
        for item in collection if kind == "alliance" else ():
            stated = item.entity.partner_count if isinstance(item.entity, Alliance) else None
            listed = len(items.get((folder, "partners"), ()))
            if stated is not None and stated.number < listed:
                problems.append(
                    Problem(
                        item.document.positions.of_value(("partner_count", "number"))
                        or item.document.start,
                        ngettext(
                            "the alliance states {n} partner, but partners.yaml lists {listed}",
                            "the alliance states {n} partners, but partners.yaml lists {listed}",
                            stated.number,
                            listed=listed,
                        ),
                        _(
                            "write the number it has now, at least {listed}, with its date",
                            listed=listed,
                        ),
                    )
                )
    return problems


def _take_from_registry(
    items: dict[Key, list[_Item]], problems: list[Problem], memo: Memo
) -> dict[Key, list[_Item]]:
    """Partners that name a registry organisation, with its name, website, logo and address;
    a partner that writes one of these itself is a problem (the registry is the one place)."""
    registry = {
        item.entity.slug: item.entity
        for item in items.get((None, "organisations"), ())
        if isinstance(item.entity, Organisation)
    }

    def resolved(item: _Item) -> _Item:
        partner = item.entity
        if not isinstance(partner, Partner) or partner.organisation not in registry:
            return item
        organisation = registry[partner.organisation]
        for name in partner.model_fields_set & set(REGISTRY_FIELDS):
            where = item.document.positions.of_key((*item.path, name)) or item.document.start
            problems.append(_taken_from_registry(where, name, organisation))
        taken = {name: getattr(organisation, name) for name in REGISTRY_FIELDS}
        key = ("registry", str(partner.origin))
        merged = memo(key, (partner, organisation), lambda: partner.model_copy(update=taken))
        return _Item(merged, item.document, item.path)

    return {
        key: [resolved(item) for item in collection] if key[1] == "partners" else collection
        for key, collection in items.items()
    }


def _taken_from_registry(where: Location, name: str, organisation: Organisation) -> Problem:
    origin = organisation.origin
    return Problem(
        where,
        _(
            "'{name}' comes from the organisation '{slug}' in organisations.yaml",
            name=name,
            slug=organisation.slug,
        ),
        _(
            "remove it here; to change it for every alliance, edit {file} line {line}",
            file=origin.path.name,
            line=origin.line,
        ),
    )


def _check_files(items: dict[Key, list[_Item]], content: Content) -> list[Problem]:
    """Every image, logo, attachment and video names a file that is there."""

    @cache
    def media_in(folder: PurePosixPath) -> tuple[str, ...]:
        """The media files below ``folder``, as file fields name them (once a folder)."""
        media = folder / "media"
        return tuple(str(f.relative_to(folder)) for f in content.files if f.is_relative_to(media))

    problems = []
    for item, path, name, file in _named_files(items):
        if file not in content.names:
            folder = _media_base(item.document)
            where = _file_field(item, path)
            problems.append(_missing_file(where, name, folder, media_in(folder)))
    return problems


def file_fields(content: Content, memo: Memo) -> dict[PurePosixPath, list[Location]]:
    """Where the fields are (images, logos, attachments) that name each file, by its path
    below the content folder: for problems found in a file itself."""
    fields: dict[PurePosixPath, list[Location]] = defaultdict(list)
    items, _slugs, translated = _read_entities(content, [], memo)
    for item, path, _name, file in _named_files({**items, **_by_collection(translated)}):
        fields[file].append(_file_field(item, path))
    return fields


def _named_files(
    items: dict[Key, list[_Item]],
) -> Iterator[tuple[_Item, KeyPath, str, PurePosixPath]]:
    """Every file an entity names: the entity, the key path, the name as written, and the
    path below the content folder (composed, NFC)."""
    for collection in items.values():
        for item in collection:
            for path, name, file in item.files:
                yield item, path, name, PurePosixPath(nfc(str(file)))


def _file_field(item: _Item, path: KeyPath) -> Location:
    return item.document.positions.of_value((*path, "file")) or item.document.start


def _media_base(document: Document) -> PurePosixPath:
    """File paths are relative to the alliance's folder, or to the content folder."""
    return PurePosixPath("alliances", document.alliance) if document.alliance else PurePosixPath()


def _missing_file(
    where: Location, name: str, folder: PurePosixPath, nearby: tuple[str, ...]
) -> Problem:
    hint = (
        did_you_mean(name, nearby)
        if nearby
        else _("put the file into {folder}/", folder=folder / "media")
    )
    message = (
        _("there is no file '{name}' in {folder}/", name=name, folder=folder)
        if folder.parts
        else _("there is no file '{name}' in the content folder", name=name)
    )
    return Problem(where, message, hint)


def _files(record: Record, path: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(record, Image | Logo | Attachment):
        if record.file is not None:
            yield path, record.file
        return
    if isinstance(record, SignVideo):
        yield from (((*path, name), file) for name, file in record.named_files())
        return
    for name, target in _walkable(type(record)):
        if target is None:
            yield from _nested(getattr(record, name), (*path, name), _files)


def _assemble(
    settings: Settings,
    items: dict[Key, list[_Item]],
    media: frozenset[PurePosixPath],
    memo: Memo,
    edition: str | None = None,
) -> Site:
    """The Site of one edition (None: the main one) from its entities; an alliance of which
    nothing is translated is the main edition's very object."""

    def entities(key: Key, model: type[EntityT]) -> tuple[EntityT, ...]:
        found = (item.entity for item in items.get(key, ()))
        return tuple(entity for entity in found if isinstance(entity, model))

    registry = entities((None, "organisations"), Organisation)

    def assembled(profile: Alliance, folder: str | None) -> Alliance:
        parts: dict[str, tuple[Entity, ...]] = {
            part: entities((folder, part), Entity) for part in ALLIANCE_PARTS
        }
        parts["registry"] = registry
        texts = (profile, *(entity for part in parts.values() for entity in part))
        own = edition if any(entity.written_for for entity in texts) else None
        return memo(
            ("alliance", folder, own), (profile, parts), lambda: profile.model_copy(update=parts)
        )

    alliances = tuple(
        assembled(alliance, folder)
        for folder, kind in sorted(items, key=lambda key: str(key[0]))
        if kind == "alliance"
        for alliance in entities((folder, kind), Alliance)
    )
    return Site(
        settings=settings,
        national_fields=entities((None, "national_fields"), NationalField),
        action_days=entities((None, "action_days"), ActionDay),
        alliances=alliances,
        news=entities((None, "news"), NewsItem),
        pages=entities((None, "pages"), Page),
        media=media,
        easy_read=next(iter(entities((None, "easy_read"), EasyRead)), None),
    )
