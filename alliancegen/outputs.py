"""Every file of the site claims its path once: pages, feeds, calendars, the sitemap, theme
files and media are checked together, before anything is rendered or written.

A path taken twice would let one file silently replace the other; a path that is a file for
one and a folder for another cannot be written at all. Paths that differ only in case or in
how accented letters are encoded are one file on the file systems of macOS and Windows (and on
web hosts that use them), so they count as taken twice too.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.i18n import _
from alliancegen.load import caseless
from alliancegen.load import nfc
from alliancegen.render import Copied
from alliancegen.routes import SEARCH_INDEX
from alliancegen.routes import Route


class Claim(NamedTuple):
    """An output path and what wants it: a route, or the file it is a copy of."""

    path: str
    route: Route | None = None
    source: Path | None = None

    @property
    def address(self) -> str:
        """The path as links write it: 'x/' for x/index.html."""
        return self.route.url if self.route else self.path

    @property
    def what(self) -> str:
        """'the page /x/ (pages/x.md:2:1)', 'the copy of themes/default/static/a.css'."""
        route = self.route
        if route is None:
            return _("the copy of {file}", file=self.source)
        if route.origin:
            return _("the page /{address} ({origin})", address=route.url, origin=route.origin)
        return _(
            "the page /{address}, which alliancegen makes ({template})",
            address=route.url,
            template=route.template,
        )

    @property
    def is_page(self) -> bool:
        """Whether a route of an HTML page claims the path."""
        return self.route is not None and self.route.is_page


def check_outputs(routes: Iterable[Route], copied: Iterable[Copied]) -> None:
    """Raise ContentError naming both sides of every path claimed twice, or as a file and as
    a folder."""
    claims = [
        *(Claim(route.output_name, route) for route in routes),
        *(Claim(output.as_posix(), None, source) for output, source in copied),
    ]
    problems = [*_collisions(claims), *_in_search_folder(claims)]
    if problems:
        raise ContentError(problems)


def _collisions(claims: list[Claim]) -> Iterator[Problem]:
    files: dict[str, Claim] = {}
    for claim in claims:
        other = files.setdefault(caseless(claim.path), claim)
        if other is not claim:
            yield _collision(claim, other)
    folders: set[str] = set()
    for key in files:
        folder = key.rpartition("/")[0]
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    for folder in sorted(folders & files.keys()):
        file = files[folder]
        inside = next(claim for key, claim in files.items() if key.startswith(folder + "/"))
        message = _(
            "/{address} is a file, and a folder for {other}",
            address=file.address,
            other=inside.what,
        )
        yield _problem(inside, file, message, _("rename one of the two"))


def _in_search_folder(claims: list[Claim]) -> Iterator[Problem]:
    """A problem for every file that wants a place in the search index's folder."""
    folder = caseless(SEARCH_INDEX)
    for claim in claims:
        if caseless(claim.path) == folder or caseless(claim.path).startswith(folder + "/"):
            message = _(
                "{what} lies in /{folder}/, where the search index is published",
                what=claim.what,
                folder=SEARCH_INDEX,
            )
            hint = _("give it another slug") if claim.route else _("rename it")
            yield _problem(claim, claim, message, hint)


def _collision(claim: Claim, other: Claim) -> Problem:
    names = {"address": other.address, "first": other.what, "second": claim.what}
    if claim.path == other.path:
        message = (
            _("two pages want the address /{address}: {first} and {second}", **names)
            if claim.is_page and other.is_page
            else _("two files want the address /{address}: {first} and {second}", **names)
        )
    elif nfc(claim.path) == nfc(other.path):
        message = _(
            "/{other} differs from /{address} only in how accented letters are encoded (NFC "
            "and NFD): one file on many web servers ({second} and {first})",
            other=claim.address,
            **names,
        )
    else:
        message = _(
            "/{other} differs from /{address} only in upper and lower case: one file on many "
            "web servers ({second} and {first})",
            other=claim.address,
            **names,
        )
    page = claim.is_page or other.is_page
    hint = _("give one of them another slug") if page else _("rename one")
    return _problem(claim, other, message, hint)


def _problem(claim: Claim, other: Claim, message: str, hint: str) -> Problem:
    """A problem at the content file of a route, else at the later copy's file (media come
    after the theme's files)."""
    origin = next((c.route.origin for c in (claim, other) if c.route and c.route.origin), None)
    source = claim.source or other.source or Path(claim.path)
    return Problem(origin or Location(source), message, hint)
