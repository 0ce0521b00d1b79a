"""Same input as last time, same result: the one memo the stages keep between builds.

The loader hands out the very object it parsed before for a file that did not change, and the
stages after it do the same for what they make of such objects. So "the same input" is
"the same objects" (or equal plain values, such as a day), which is cheap to ask.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from collections.abc import Hashable
from datetime import date
from pathlib import PurePath
from typing import TypeVar
from typing import cast

from alliancegen.reads import Tracked

Result = TypeVar("Result")


class Memo:
    """Results of the last build, reused while their inputs are the same.

    What a build does not ask for is let go when the next one starts asking (``settle``).
    """

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[object, object]] = {}
        self._next: dict[Hashable, tuple[object, object]] = {}

    def __call__(self, key: Hashable, inputs: object, compute: Callable[[], Result]) -> Result:
        """The result kept under ``key`` if it was computed from the same ``inputs``, else
        ``compute()``."""
        known = self._next.get(key) or self._last.get(key)
        if known is None or (known[0] is not inputs and not same(known[0], inputs)):
            known = (inputs, compute())
        self._next[key] = known
        return cast(Result, known[1])

    def last(self, key: Hashable) -> object | None:
        """What was kept under ``key`` last, whatever it was computed from, for work that
        builds on it; None when nothing was."""
        known = self._next.get(key) or self._last.get(key)
        return None if known is None else known[1]

    def settle(self) -> None:
        """A build is done: keep what it asked for, let go of the rest."""
        self._last, self._next = self._next, {}


def same(first: object, second: object) -> bool:
    """The same objects, or containers (tuples, lists, dicts, dataclasses such as a route) of
    the same objects, or equal plain values or sets of them."""
    if first is second:
        return True
    if type(first) is not type(second):
        return False
    if isinstance(first, tuple | list):
        assert isinstance(second, tuple | list)
        return len(first) == len(second) and all(map(same, first, second))
    if isinstance(first, dict):
        assert isinstance(second, dict)
        return first.keys() == second.keys() and all(same(first[k], second[k]) for k in first)
    if dataclasses.is_dataclass(first) and not isinstance(first, Tracked):
        fields = (field.name for field in dataclasses.fields(first))
        return all(same(getattr(first, name), getattr(second, name)) for name in fields)
    if isinstance(first, frozenset):
        return first == second and all(map(_plain, first))
    return _plain(first) and first == second


def _plain(value: object) -> bool:
    return isinstance(value, str | int | float | date | PurePath)
