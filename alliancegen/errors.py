"""Problems found in content: values with a location, collected and reported together."""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alliancegen.i18n import _
from alliancegen.i18n import ngettext


@dataclass(frozen=True, order=True)
class Location:
    """A place in a content file; line and column count from 1."""

    path: Path
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """Something wrong with the content: where, what, and what to write instead."""

    location: Location
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return text + "\n    " + _("hint: {hint}", hint=self.hint) if self.hint else text


class ContentError(Exception):
    """Raised at the end of a stage with every problem that stage found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(sorted(problems, key=lambda problem: problem.location))
        super().__init__(summarize(self.problems))


SHOWN_CHOICES = 10
"""A hint names at most this many of the allowed words: a list of thousands helps nobody."""
NEIGHBOURS = 20
"""A mistyped word is compared with this many words on either side of it in alphabetical
order, and as many in the order of their endings: a slip anywhere but in both the first and
the last letters is found, and the work stays the same however long the list is."""


def unreadable(path: Path, error: OSError, what: str = "file") -> Problem:
    """A file or folder that cannot be read: why, and what to do about it."""
    folder = what == "folder"
    if isinstance(error, FileNotFoundError):
        return Problem(
            Location(path),
            _("the folder was removed while the site was built")
            if folder
            else _("the file was removed while the site was built"),
            _("build again once the content folder is complete"),
        )
    reason = (error.strerror or type(error).__name__).lower()
    hint = (
        _(
            "let the user who runs alliancegen read it: {command}",
            command="chmod a+r" + "x" * folder,
        )
        if isinstance(error, PermissionError)
        else _("copy it again, or check the disk")
    )
    message = (
        _("cannot read the folder: {reason}", reason=reason)
        if folder
        else _("cannot read the file: {reason}", reason=reason)
    )
    return Problem(Location(path), message, hint)


def did_you_mean(word: str, choices: Iterable[str], otherwise: str = "") -> str:
    """Suggest the closest of ``choices`` to a mistyped ``word``, or say what is allowed:
    ``otherwise``, or the choices."""
    forwards, backwards = _orders(frozenset(choices))
    near = {*_around(word, forwards), *(w[::-1] for w in _around(word[::-1], backwards))}
    close = difflib.get_close_matches(word, sorted(near), n=1, cutoff=0.6)
    if close:
        return _("did you mean '{word}'?", word=close[0])
    if otherwise or not forwards:
        return otherwise
    shown = ", ".join(forwards[:SHOWN_CHOICES])
    more = len(forwards) - SHOWN_CHOICES
    if more > 0:
        return ngettext(
            "expected one of: {shown} … and {n} more",
            "expected one of: {shown} … and {n} more",
            more,
            shown=shown,
        )
    return _("expected one of: {shown}", shown=shown)


@lru_cache(maxsize=16)
def _orders(choices: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The choices in alphabetical order, and written backwards in alphabetical order."""
    return tuple(sorted(choices)), tuple(sorted(choice[::-1] for choice in choices))


def _around(word: str, ordered: tuple[str, ...]) -> tuple[str, ...]:
    at = bisect.bisect_left(ordered, word)
    return ordered[max(0, at - NEIGHBOURS) : at + NEIGHBOURS]


def summarize(problems: tuple[Problem, ...]) -> str:
    """One closing line: how many problems in how many files."""
    files = len({problem.location.path for problem in problems})
    in_files = ngettext("in {n} file", "in {n} files", files)
    return ngettext(
        "{n} problem {in_files}", "{n} problems {in_files}", len(problems), in_files=in_files
    )
