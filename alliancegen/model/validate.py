"""Validate one mapping of a document against its entity type; explain every error in words."""

from __future__ import annotations

import re
import typing
from collections.abc import Mapping
from typing import Any
from typing import TypeVar

from pydantic import BaseModel
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import did_you_mean
from alliancegen.load import Document
from alliancegen.load import KeyPath
from alliancegen.model.entities import is_internal
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Record

RecordT = TypeVar("RecordT", bound=Record)

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


def _unknown_field(model: type[Record] | None, key: str, where: Location) -> Problem:
    known = user_fields(model) if model else []
    return Problem(where, f"unknown field '{key}'", did_you_mean(key, known))


def _explain(
    detail: ErrorDetails, model: type[Record], document: Document, path: KeyPath
) -> Problem:
    loc = tuple(part for part in detail["loc"] if isinstance(part, str | int))
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
        return _not_allowed(detail, field, where)
    if kind in ("value_error", "assertion_error"):
        return Problem(where, str(detail.get("ctx", {}).get("error", detail["msg"])))
    if kind == "greater_than_equal":
        return Problem(where, f"'{field}' must be {detail.get('ctx', {}).get('ge')} or more")
    if kind == "string_type":
        return _not_text(detail["input"], field, where)
    template = _SIMPLE_MESSAGES.get(kind)
    message = template.format(field=field) if template else f"'{field}': {detail['msg']}"
    return Problem(where, message)


def _not_allowed(detail: ErrorDetails, field: str, where: Location) -> Problem:
    allowed = re.findall(r"'([^']*)'", str(detail.get("ctx", {}).get("expected", "")))
    value = detail["input"]
    return Problem(where, f"'{value}' is not a valid '{field}'", did_you_mean(str(value), allowed))


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
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation if issubclass(annotation, Record) else None
    for argument in typing.get_args(annotation):
        found = record_type_in(argument)
        if found is not None:
            return found
    return None
