"""Validate one mapping of a document against its entity type; explain every error in words."""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any
from typing import TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import did_you_mean
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

_SIMPLE_MESSAGES = {
    "string_too_short": "'{field}' must not be empty",
    "int_parsing": "'{field}' must be a whole number",
    "int_type": "'{field}' must be a whole number",
    "bool_parsing": "'{field}' must be true or false",
    "bool_type": "'{field}' must be true or false",
    "list_type": "'{field}' must be a list: one item per line, each starting with '- '",
    "tuple_type": "'{field}' must be a list: one item per line, each starting with '- '",
    "model_type": "'{field}' must be a group of fields: 'key: value' lines, indented below it",
    "model_attributes_type": "'{field}' must be a group of fields: 'key: value' lines",
}


def validate_record(
    model: type[RecordT],
    data: object,
    document: Document,
    path: KeyPath = (),
    filled_in: Mapping[str, object] | None = None,
) -> tuple[RecordT | None, list[Problem]]:
    """Validate ``data`` found at ``path`` of ``document``; None and the problems if it is wrong.

    ``filled_in`` gives the internal fields that alliancegen supplies (origin, body…).
    """
    where = document.positions.of_value(path) or document.start
    if not isinstance(data, dict):
        return None, [_not_a_mapping(model, where)]
    problems = [
        _unknown_field(model, key, document.positions.of_key((*path, key)) or where)
        for key in data
        if key in model.model_fields and is_internal(model, key)
    ]
    if problems:
        return None, problems
    try:
        return model.model_validate({**data, **(filled_in or {})}), []
    except ValidationError as error:
        details = error.errors(include_url=False)
        return None, [_explain(detail, model, document, path) for detail in details]


def _not_a_mapping(model: type[Record], where: Location) -> Problem:
    example = user_fields(model)[0]
    return Problem(where, "expected a group of fields here", f"write lines such as '{example}: …'")


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


def _unknown_field(model: type[Record] | None, key: str, where: Location) -> Problem:
    message = f"unknown field '{key}'"
    if model is None:
        return Problem(where, message)
    known = user_fields(model)
    forms = spellings(key)
    meant = [field for field in known if forms & spellings(field)] + [
        field for form in sorted(forms) for field in _SYNONYM_INDEX.get(form, ()) if field in known
    ]
    if meant:
        return Problem(where, message, f"did you mean '{meant[0]}'?")
    what = (model.__doc__ or model.__name__).strip().split("\n")[0].rstrip(".")
    fields = f"docs/content.md describes the fields of {what[:1].lower()}{what[1:]}: "
    return Problem(where, message, did_you_mean(key, known, otherwise=fields + ", ".join(known)))


def _explain(
    detail: ErrorDetails, model: type[Record], document: Document, path: KeyPath
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
        return Problem(where, f"missing required field '{field}'", _describe(parent, field))
    if kind == "extra_forbidden":
        return _unknown_field(_model_at(model, loc[:-1]), field, positions.of_key(full) or where)
    if kind == "enum":
        return _not_allowed(detail, field, where, _model_at(model, loc[:-1]))
    if kind in ("value_error", "assertion_error"):
        return Problem(where, str(detail.get("ctx", {}).get("error", detail["msg"])))
    if kind == "greater_than_equal":
        return Problem(where, f"'{field}' must be {detail.get('ctx', {}).get('ge')} or more")
    if kind == "string_type":
        return _not_text(detail["input"], field, where)
    template = _SIMPLE_MESSAGES.get(kind)
    message = template.format(field=field) if template else f"'{field}': {detail['msg']}"
    return Problem(where, message)


def _not_allowed(
    detail: ErrorDetails, field: str, where: Location, parent: type[Record] | None
) -> Problem:
    value = str(detail["input"])
    info = parent.model_fields.get(field) if parent else None
    choice = type_in(info.annotation, Choice) if info else None
    if choice is None:
        allowed = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
        return Problem(where, f"'{value}' is not a valid '{field}'", did_you_mean(value, allowed))
    words = {word for member in choice for word in (member.value, member.german)}
    both = ", ".join(f"{m.value} ({m.german})" if m.german != m.value else m for m in choice)
    return Problem(
        where,
        f"'{value}' is not a valid '{field}'",
        did_you_mean(value, words, otherwise=f"write one of: {both}"),
    )


def _not_text(value: object, field: str, where: Location) -> Problem:
    if value is None:
        return Problem(where, f"'{field}' has no value", f"write a value after '{field}:'")
    shape = "a list" if isinstance(value, list) else "a group of fields"
    return Problem(where, f"'{field}' must be text, not {shape}")


def _describe(model: type[Record] | None, field: str) -> str:
    if model is None or field not in model.model_fields:
        return ""
    description = model.model_fields[field].description
    return f"add '{field}: …' ({description})" if description else f"add '{field}: …'"


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
