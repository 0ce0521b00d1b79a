"""What a page reads while it renders, recorded as it happens, and what each read found.

A page is rendered again if and only if something it read changed, so the record must be
complete by construction rather than declared by hand. Three channels carry everything a
template can see, and each is recorded where it is unavoidable:

- **tracked objects** (the site, its settings, every entity, the build's config and the set
  of page addresses) note every attribute read while a page renders, whoever reads:
  a template, a filter such as ``sort`` or ``groupby``, or Python code called from a template.
  Implicit reads (comparison, ``str``, iteration) go through ``__dict__`` and count as reading
  the whole object. Everything else a page can reach is plain data inside a tracked object,
  whose fingerprint covers it;
- **templates**, noted by the environment whenever one is loaded (``extends``, ``include``,
  ``import``, by literal or computed name), also when the name finds no template;
- **global names** (functions, labels, settings …), noted with each template that mentions
  them (Jinja resolves only names that a template's text mentions, and the environment
  refuses private and special attributes, which would lead around the record); a function's
  fingerprint covers the data its closure holds.

A read is a pair (key, name): a tracked object's stable key and the field read (``WHOLE`` for
all of it), or ``TEMPLATE``/``GLOBAL`` and a name. ``fingerprint`` gives what a read finds, so
that a later build can tell whether it would find the same.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import types
import typing
from collections.abc import Mapping
from datetime import date
from enum import Enum
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel

Key = tuple[str, ...]
"""A tracked object's name, the same in every build: ('alliances', 'ilmenau', 'news', 'x')."""
Read = tuple[Key, str]
"""Something a page read: (key, field), (TEMPLATE, name) or (GLOBAL, name)."""

WHOLE = "*"
"""The field name of a read of a whole object."""
TEMPLATE: Key = ("template",)
GLOBAL: Key = ("global",)


class _Missing:
    """What a read finds when there is no such object, field, template or global."""

    def __canonical__(self) -> bytes:
        return b"missing;"


MISSING = _Missing()


class _Unknown:
    """An object that is not in the index."""


UNKNOWN = _Unknown()

_fields: set[tuple[int, str]] | None = None
"""(id of a tracked object, attribute name) read by the page being rendered; None: no page."""
_names: set[Read] | None = None
"""Templates and global names read by the page being rendered."""


class Tracked:
    """A model object whose attribute reads are noted while a page renders.

    ``Recording`` gives the class its ``__getattribute__`` for the time of one page, so that
    everywhere else (loading, planning, comparing) a read costs what it costs on any object.
    """

    __slots__ = ()

    def read_name(self, attribute: str) -> str | None:
        """What reading ``attribute`` depends on: a field, ``WHOLE``, or None for code (a
        method or property of the class, whose own reads are noted as it runs)."""
        if attribute in _data_fields(type(self)):
            return attribute
        storage = object.__getattribute__(self, "__dict__")
        if attribute == "__dict__" or attribute.startswith("__pydantic") or attribute in storage:
            return WHOLE
        return None

    def value_of(self, name: str) -> Any:
        """What a read of ``name`` (a field, or ``WHOLE``) finds."""
        if name == WHOLE:
            return _whole(self)
        return object.__getattribute__(self, name)


def note_all(reads: frozenset[Read]) -> None:
    """Note templates and global names that the page being rendered reads."""
    if _names is not None:
        _names.update(reads)


def note_field(tracked: Tracked, name: str) -> None:
    """Note a read that is not an attribute, such as a membership test."""
    if _fields is not None:
        _fields.add((id(tracked), name))


class Recording:
    """Records the reads of one page: ``with recording: render()``, then ``reads(index)``."""

    def __init__(self) -> None:
        self.fields: set[tuple[int, str]] = set()
        self.names: set[Read] = set()

    def __enter__(self) -> Recording:
        global _fields, _names
        assert _fields is None, "one page at a time"
        _fields, _names = self.fields, self.names
        Tracked.__getattribute__ = _noted_read  # type: ignore[method-assign,assignment]
        return self

    def __exit__(self, *exception: object) -> None:
        global _fields, _names
        del Tracked.__getattribute__
        _fields = _names = None

    def reads(self, index: Index) -> tuple[Read, ...] | None:
        """The reads as keys that later builds understand; None when the page read a tracked
        object that the index does not know (one made while rendering): it cannot be reused."""
        found = set(self.names)
        for noted in self.fields:
            read = index.read_of(*noted)
            if isinstance(read, _Unknown):
                return None
            if read is not None:
                found.add(read)
        return tuple(found)


def _noted_read(self: Tracked, name: str) -> Any:
    """A tracked object's attribute read while a page renders: noted, then done."""
    assert _fields is not None
    _fields.add((id(self), name))
    return object.__getattribute__(self, name)


class Index:
    """Every tracked object of a build under its key, found by walking from the roots."""

    def __init__(self, roots: Mapping[str, Tracked]) -> None:
        self.objects: dict[Key, Tracked] = {}
        self.by_id: dict[int, Tracked] = {}
        self.keys: dict[int, Key] = {}
        self._reads: dict[tuple[int, str], Read | None] = {}
        for name, root in roots.items():
            self._add(root, (name,))

    def _add(self, tracked: Tracked, key: Key) -> None:
        if id(tracked) in self.keys:
            return  # reachable twice, e.g. the settings through the site and the config
        self.objects[key] = tracked
        self.by_id[id(tracked)] = tracked
        self.keys[id(tracked)] = key
        for name in _tracked_fields(type(tracked)):
            value = object.__getattribute__(tracked, name)
            if isinstance(value, Tracked):
                self._add(value, (*key, name))
            elif isinstance(value, tuple):
                for position, item in enumerate(value):
                    self._add(item, self._free((*key, name), item, position))

    def _free(self, collection: Key, item: Tracked, position: int) -> Key:
        """The key of an entry of a collection: its slug, or where there is none (a name that
        gives no slug) or it is taken, its slug and position."""
        slug = str(object.__getattribute__(item, "slug"))
        key = (*collection, slug)
        return key if slug and key not in self.objects else (*collection, f"{slug}#{position}")

    def read_of(self, ident: int, attribute: str) -> Read | None | _Unknown:
        """The read that reading ``attribute`` of the object ``ident`` makes: None for code,
        UNKNOWN for an object this index does not hold."""
        known = self._reads.get((ident, attribute), UNKNOWN)
        if known is UNKNOWN:
            tracked = self.by_id.get(ident)
            if tracked is None:
                return UNKNOWN
            name = tracked.read_name(attribute)
            known = self._reads[ident, attribute] = (
                None if name is None else (self.keys[ident], name)
            )
        return known

    def value(self, read: Read) -> Any:
        """What ``read`` finds in this build's objects; MISSING when its object is gone."""
        key, name = read
        tracked = self.objects.get(key)
        return MISSING if tracked is None else tracked.value_of(name)

    def fingerprint(self, value: Any) -> bytes:
        """``fingerprint`` of ``value``, tracked objects known by their keys here."""
        return fingerprint(value, self.keys)


def fingerprint(value: Any, keys: Mapping[int, Key]) -> bytes:
    """A short digest that changes whenever ``value`` changes as far as a page can tell.

    Tracked objects count by their key in ``keys``: what is read of them is a read of its
    own. A value this function does not understand gets a digest that matches nothing, so a
    page that depends on it is always rendered again.
    """
    parts: list[bytes] = []
    _canonical(value, keys, parts)
    return hashlib.blake2b(b"".join(parts), digest_size=16).digest()


def _canonical(value: Any, keys: Mapping[int, Key], parts: list[bytes]) -> None:
    """Append bytes to ``parts`` that tell ``value`` apart from any other value."""
    kind = type(value)
    if kind is str:
        parts += (b"s", str(len(value)).encode(), b":", value.encode())
    elif value is None or isinstance(value, bool | int | float | str | date | Enum):
        parts.append(f"{kind.__name__}:{value!r};".encode())
    elif isinstance(value, Tracked):
        key = keys.get(id(value))
        parts.append(b"key:" + "/".join(key).encode() + b";" if key else _unknown(value))
    elif isinstance(value, tuple | list):
        parts.append(b"[")
        for item in value:
            _canonical(item, keys, parts)
        parts.append(b"]")
    elif isinstance(value, dict):
        parts.append(b"{")
        for key, item in value.items():
            _canonical(key, keys, parts)
            _canonical(item, keys, parts)
        parts.append(b"}")
    else:
        _canonical_object(value, keys, parts)


def _canonical_object(value: Any, keys: Mapping[int, Key], parts: list[bytes]) -> None:
    canonical = getattr(value, "__canonical__", None)
    if canonical is not None:
        parts.append(canonical())
    elif isinstance(value, BaseModel) or dataclasses.is_dataclass(value):
        parts.append(type(value).__qualname__.encode() + b"(")
        _canonical(_whole(value), keys, parts)
        parts.append(b")")
    elif isinstance(value, set | frozenset):
        items = []
        for item in value:
            inner: list[bytes] = []
            _canonical(item, keys, inner)
            items.append(b"".join(inner))
        parts += (b"set{", *sorted(items), b"}")
    elif isinstance(value, bytes | PurePath):
        parts.append(f"{type(value).__name__}:{value!s};".encode())
    elif isinstance(value, types.FunctionType):
        _canonical_function(value, keys, parts)
    elif isinstance(value, types.MethodType):
        _canonical(value.__self__, keys, parts)
        parts.append(value.__name__.encode())
    elif isinstance(value, type | types.BuiltinFunctionType | types.ModuleType):
        name = getattr(value, "__qualname__", value.__name__)
        parts.append(f"code:{getattr(value, '__module__', '')}.{name};".encode())
    else:
        parts.append(_unknown(value))


def _unknown(value: object) -> bytes:
    """Differs from process to process, so a value not understood never matches a later one."""
    return b"unknown:" + _PROCESS + str(id(value)).encode()


_PROCESS = os.urandom(16)


def _canonical_function(
    function: types.FunctionType, keys: Mapping[int, Key], parts: list[bytes]
) -> None:
    """A function is its code (the same in every build of one version) and what it holds."""
    code = function.__code__
    name = f"{function.__module__}.{function.__qualname__}:{code.co_firstlineno}"
    parts.append(f"function:{name}(".encode())
    for cell in function.__closure__ or ():
        _canonical(cell.cell_contents, keys, parts)
    _canonical(function.__defaults__, keys, parts)
    parts.append(b")")


def _whole(value: Any) -> dict[str, Any]:
    """Every field of a model or dataclass, internal ones included, and for a model which of
    them the content wrote (``model_dump(exclude_unset=True)`` shows only those)."""
    if isinstance(value, BaseModel):
        written = sorted(object.__getattribute__(value, "__pydantic_fields_set__"))
        return {**object.__getattribute__(value, "__dict__"), "\0written": written}
    fields = dataclasses.fields(value)
    return {field.name: object.__getattribute__(value, field.name) for field in fields}


def _data_fields(cls: type) -> frozenset[str]:
    known = _DATA_FIELDS.get(cls)
    if known is None:
        known = _DATA_FIELDS[cls] = _fields_of(cls)
    return known


_DATA_FIELDS: dict[type, frozenset[str]] = {}


def _fields_of(cls: type) -> frozenset[str]:
    if issubclass(cls, BaseModel):
        return frozenset(cls.model_fields)
    if dataclasses.is_dataclass(cls):
        return frozenset(field.name for field in dataclasses.fields(cls))
    return frozenset()


def _tracked_fields(cls: type) -> tuple[str, ...]:
    """The fields of ``cls`` that hold tracked objects, or tuples of them."""
    known = _TRACKED_FIELDS.get(cls)
    if known is None:
        known = _TRACKED_FIELDS[cls] = _find_tracked_fields(cls)
    return known


_TRACKED_FIELDS: dict[type, tuple[str, ...]] = {}


def _find_tracked_fields(cls: type) -> tuple[str, ...]:
    hints = typing.get_type_hints(cls)
    return tuple(name for name in sorted(_data_fields(cls)) if _holds_tracked(hints.get(name)))


def _holds_tracked(annotation: Any) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, Tracked)
    return any(_holds_tracked(argument) for argument in typing.get_args(annotation))
