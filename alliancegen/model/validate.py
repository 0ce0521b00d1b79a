"""Validate one mapping of a document against its entity type; explain every error in words."""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any
from typing import TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import did_you_mean
from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.load import Document
from alliancegen.load import KeyPath
from alliancegen.model.entities import is_internal
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Choice
from alliancegen.model.fields import FieldProblem
from alliancegen.model.fields import Record
from alliancegen.model.fields import spellings

RecordT = TypeVar("RecordT", bound=Record)
TypeT = TypeVar("TypeT")

_WHOLE_NUMBER = N_("'{field}' must be a whole number")
_A_NUMBER = N_("'{field}' must be a number, e.g. 10 or 2.5")
_TRUE_OR_FALSE = N_("'{field}' must be true or false")
_A_LIST = N_("'{field}' must be a list: one item per line, each starting with '- '")
_SIMPLE_MESSAGES = {
    "string_too_short": N_("'{field}' must not be empty"),
    "int_parsing": _WHOLE_NUMBER,
    "int_type": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "int_parsing_size": N_("'{field}' is too long a number: write at most a few digits"),
    "float_parsing": _A_NUMBER,
    "float_type": _A_NUMBER,
    "bool_parsing": _TRUE_OR_FALSE,
    "bool_type": _TRUE_OR_FALSE,
    "list_type": _A_LIST,
    "tuple_type": _A_LIST,
    "model_type": N_("'{field}' must be a group of fields: 'key: value' lines, indented below it"),
    "model_attributes_type": N_("'{field}' must be a group of fields: 'key: value' lines"),
    "greater_than_equal": N_("'{field}' must be {ge} or more"),
    "less_than_equal": N_("'{field}' must be {le} or less"),
    "greater_than": N_("'{field}' must be more than {gt}"),
}
"""What pydantic's errors mean, by their type; every type a content file can cause (its
number, value or shape), filled with the field's name and the error's limits."""

Homes = Mapping[str, tuple[str, str, str]]
"""Where the content writes the fields and lists of its records: by each spelling of a name
(``spellings``), the hint that says so, the name as the model spells it, and the places."""

ELSEWHERE = N_("'{name}' is a field of {places}, not of this entry")
OWN_FILE = N_("the '{name}' are written in {places}, one entry each, not here")
OWN_FOLDER = N_("the '{name}' are written in {places}, one file each, not here")


def validate_record(
    model: type[RecordT],
    data: object,
    document: Document,
    path: KeyPath = (),
    filled_in: Mapping[str, object] | None = None,
    homes: Homes | None = None,
) -> tuple[RecordT | None, list[Problem]]:
    """Validate ``data`` found at ``path`` of ``document``; None and the problems if it is wrong.

    ``filled_in`` gives the internal fields that alliancegen supplies (origin, body…);
    ``homes`` where the fields and lists of the other records are written (``homes_of``).
    """
    where = document.positions.of_value(path) or document.start
    if not isinstance(data, dict):
        return None, [_not_a_mapping(model, where)]
    problems = [
        _unknown_field(model, key, document.positions.of_key((*path, key)) or where, homes)
        for key in data
        if key in model.model_fields and is_internal(model, key)
    ]
    if problems:
        return None, problems
    try:
        return model.model_validate({**data, **(filled_in or {})}), []
    except ValidationError as error:
        details = error.errors(include_url=False)
        return None, [_explain(detail, model, document, path, homes) for detail in details]


def _not_a_mapping(model: type[Record], where: Location) -> Problem:
    example = user_fields(model)[0]
    return Problem(
        where,
        _("expected a group of fields here"),
        _("write lines such as '{example}: …'", example=example),
    )


SYNONYMS = {
    "joined": ("since", "seit", "beigetreten", "Beitritt", "member since", "Mitglied seit"),
    "founded": ("since", "seit", "gegründet", "Gründung", "founding date", "Gründungsdatum"),
    "email": ("e-mail", "mail", "e-mail-adresse", "email address"),
    "phone": ("telephone", "tel", "Telefon", "Telefonnummer", "mobile", "Handy"),
    "address": ("Adresse", "Anschrift", "postal address"),
    "website": ("homepage", "Webseite", "Internetseite", "web", "url"),
    "office_hours": ("opening hours", "Sprechzeiten", "Öffnungszeiten", "hours"),
    "street": ("Straße", "street address"),
    "postal_code": ("zip", "zip code", "postcode", "PLZ", "Postleitzahl"),
    "locality": ("city", "town", "Ort", "Stadt"),
    "place": ("location", "venue", "Ort", "Veranstaltungsort"),
    "start": ("begin", "Beginn", "from", "von", "date", "Datum"),
    "end": ("Ende", "until", "bis", "to"),
    "title": ("Titel", "name", "headline", "Überschrift"),
    "name": ("title", "Name", "Titel"),
    "category": ("Kategorie", "type", "Art", "kind"),
    "kind": ("Art", "type", "Typ", "category"),
    "role": ("function", "Funktion", "Rolle", "position"),
    "contact": ("Ansprechperson", "Ansprechpartner", "contact person", "Kontakt"),
    "photo": ("Foto", "Bild", "picture", "image", "portrait"),
    "images": ("Bilder", "Fotos", "photos", "pictures", "gallery"),
    "summary": ("Zusammenfassung", "Kurzbeschreibung", "teaser", "description"),
}
"""Other names people write for a field, in English and German: an unknown field written as
one of them (in any spelling, see ``spellings``) suggests the field, where the record has it."""


def _synonym_index() -> dict[str, tuple[str, ...]]:
    """Each spelling of a field's name or of one of its synonyms: the fields it may mean."""
    index: dict[str, list[str]] = {}
    for field, words in SYNONYMS.items():
        for form in {form for word in (field, *words) for form in spellings(word)}:
            index.setdefault(form, []).append(field)
    return {form: tuple(fields) for form, fields in index.items()}


_SYNONYM_INDEX = _synonym_index()


def homes_of(
    records: Iterable[tuple[str, type[Record]]], lists: Mapping[str, str]
) -> dict[str, tuple[str, str, str]]:
    """Where fields and lists are written, from the record type each file or folder holds
    (``records``: place, type) and the file or folder of each list by its name (``lists``);
    a folder's name ends with '/'."""
    places: dict[tuple[str, str], set[str]] = {}
    for place, model in records:
        for field in user_fields(model):
            for form in spellings(field):
                places.setdefault((form, field), set()).add(place)
    homes = {
        form: (ELSEWHERE, field, ", ".join(sorted(found)))
        for (form, field), found in places.items()
    }
    for name, place in lists.items():
        for form in spellings(name):
            homes[form] = (OWN_FOLDER if place.endswith("/") else OWN_FILE, name, place)
    return homes


def _meanings(key: str) -> list[str]:
    """The spellings of ``key``, then those of the fields its synonyms name, in that order."""
    forms = sorted(spellings(key))
    synonyms = [field for form in forms for field in _SYNONYM_INDEX.get(form, ())]
    return [*forms, *(form for field in synonyms for form in sorted(spellings(field)))]


def _unknown_field(
    model: type[Record] | None, key: str, where: Location, homes: Homes | None = None
) -> Problem:
    message = _("unknown field '{key}'", key=key)
    if model is None:
        return Problem(where, message)
    return Problem(where, message, _where_it_goes(model, key, homes or {}))


def _where_it_goes(model: type[Record], key: str, homes: Homes) -> str:
    """The hint for a field ``model`` does not know: the field meant by its spelling or a
    synonym, else the record in ``model`` that has it, else where it is written when it
    belongs to another record (``homes``), else the fields ``model`` has."""
    known = user_fields(model)
    meanings = _meanings(key)
    meant = _first_meant(meanings, known)
    if meant is not None:
        return _("did you mean '{word}'?", word=meant)
    for outer, nested in _nested_records(model):
        meant = _first_meant(meanings, user_fields(nested))
        if meant is not None:
            return _("'{field}' is written under '{outer}:', indented", field=meant, outer=outer)
    home = next((homes[form] for form in meanings if form in homes), None)
    if home is not None:
        hint, name, places = home
        return _(hint, name=name, places=places)
    fields = _(
        "the fields here are: {fields}; docs/content.md describes them", fields=", ".join(known)
    )
    return did_you_mean(key, known, otherwise=fields)


def _first_meant(meanings: list[str], fields: list[str]) -> str | None:
    """The first of ``fields`` that one of ``meanings`` (``_meanings``) is a spelling of."""
    return next((field for form in meanings for field in fields if form in spellings(field)), None)


def _explain(
    detail: ErrorDetails,
    model: type[Record],
    document: Document,
    path: KeyPath,
    homes: Homes | None,
) -> Problem:
    loc = tuple(part for part in detail["loc"] if isinstance(part, str | int))
    blamed = detail.get("ctx", {}).get("error")
    if isinstance(blamed, FieldProblem):
        loc = (*loc, blamed.field)
    full = (*path, *loc)
    field = next((part for part in reversed(loc) if isinstance(part, str)), "")
    kind = detail["type"]
    positions = document.positions
    where = positions.of_value(full) or document.start
    if kind == "missing":
        parent = _model_at(model, loc[:-1])
        where = positions.of_value(full[:-1]) or document.start
        message = _("missing required field '{field}'", field=field)
        return Problem(where, message, _describe(parent, field))
    if kind == "extra_forbidden":
        at = positions.of_key(full) or where
        return _unknown_field(
            _model_at(model, loc[:-1]), field, at, homes if len(loc) == 1 else None
        )
    if kind == "enum":
        return _not_allowed(detail, field, where, _model_at(model, loc[:-1]))
    if kind in ("value_error", "assertion_error"):
        return Problem(where, str(detail.get("ctx", {}).get("error", detail["msg"])))
    if kind == "string_type":
        return _not_text(detail["input"], field, where)
    template = _SIMPLE_MESSAGES.get(kind)
    if template is None:  # pydantic's words, in English: for what no content should cause
        return Problem(where, f"'{field}': {detail['msg']}")
    return Problem(where, _(template, field=field, **detail.get("ctx", {})))


def _not_allowed(
    detail: ErrorDetails, field: str, where: Location, parent: type[Record] | None
) -> Problem:
    value = str(detail["input"])
    info = parent.model_fields.get(field) if parent else None
    choice = type_in(info.annotation, Choice) if info else None
    message = _("'{value}' is not a valid '{field}'", value=value, field=field)
    if choice is None:
        allowed = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        return Problem(where, message, did_you_mean(value, allowed))
    words = {word for member in choice for word in (member.value, member.german)}
    otherwise = _("write one of: {both}", both=choice.listing())
    return Problem(where, message, did_you_mean(value, words, otherwise=otherwise))


def _not_text(value: object, field: str, where: Location) -> Problem:
    if value is None:
        return Problem(
            where,
            _("'{field}' has no value", field=field),
            _("write a value after '{field}:'", field=field),
        )
    if isinstance(value, list):
        return Problem(where, _("'{field}' must be text, not a list", field=field))
    return Problem(where, _("'{field}' must be text, not a group of fields", field=field))


def _describe(model: type[Record] | None, field: str) -> str:
    if model is None or field not in model.model_fields:
        return ""
    info = model.model_fields[field]
    choice = type_in(info.annotation, Choice)
    if choice is not None:
        return _("add '{field}: …' with one of: {both}", field=field, both=choice.listing())
    if not info.description:
        return _("add '{field}: …'", field=field)
    return _("add '{field}: …' ({description})", field=field, description=_(info.description))


def _model_at(model: type[Record], loc: KeyPath) -> type[Record] | None:
    """Follow field names in ``loc`` through nested records to the record type there."""
    current: type[Record] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, str):
            info = current.model_fields.get(part)
            current = record_type_in(info.annotation) if info else None
    return current


def _nested_records(model: type[Record]) -> list[tuple[str, type[Record]]]:
    """The fields of ``model`` that hold records (or lists of them), with the record type."""
    found = (
        (name, record_type_in(model.model_fields[name].annotation)) for name in user_fields(model)
    )
    return [(name, nested) for name, nested in found if nested is not None]


def record_type_in(annotation: Any) -> type[Record] | None:
    """The record type an annotation holds (``Image | None``, ``list[Link]``), if any."""
    return type_in(annotation, Record)


def type_in(annotation: Any, base: type[TypeT]) -> type[TypeT] | None:
    """The subclass of ``base`` an annotation holds (``Image | None``, ``list[Link]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, base):
        return annotation
    for argument in typing.get_args(annotation):
        found = type_in(argument, base)
        if found is not None:
            return found
    return None
