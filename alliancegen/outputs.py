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
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath

from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.load import caseless
from alliancegen.load import nfc
from alliancegen.render import Copied
from alliancegen.routes import Route


@dataclass(frozen=True)
class Claim:
    """An output path and what wants it: a route, or the file it is a copy of."""

    path: PurePosixPath
    address: str
    """The path as links write it: 'x/' for x/index.html."""
    what: str
    """'the page /x/ (pages/x.md:1:1)', 'the copy of themes/default/static/a.css'."""
    origin: Location | None = None
    """The content file of a route, where it has one."""
    source: Path | None = None
    """The file a copy is made of."""
    is_page: bool = False


def check_outputs(routes: Iterable[Route], copied: Iterable[Copied]) -> None:
    """Raise ContentError naming both sides of every path claimed twice, or as a file and as
    a folder."""
    claims = [*map(_route_claim, routes), *(_copy_claim(*file) for file in copied)]
    problems = list(_collisions(claims))
    if problems:
        raise ContentError(problems)


def _route_claim(route: Route) -> Claim:
    made = f" ({route.origin})" if route.origin else f", which alliancegen makes ({route.template})"
    what = f"the page /{route.url}{made}"
    return Claim(route.output, route.url, what, origin=route.origin, is_page=route.is_page)


def _copy_claim(output: PurePosixPath, source: Path) -> Claim:
    return Claim(output, str(output), f"the copy of {source}", source=source)


def _collisions(claims: list[Claim]) -> Iterator[Problem]:
    files: dict[str, Claim] = {}
    for claim in claims:
        other = files.setdefault(caseless(str(claim.path)), claim)
        if other is not claim:
            yield _collision(claim, other)
    for claim in files.values():
        for folder in claim.path.parents[:-1]:
            file = files.get(caseless(str(folder)))
            if file is not None:
                message = f"/{file.address} is a file, and a folder for {claim.what}"
                yield _problem(claim, file, message, "rename one of the two")


def _collision(claim: Claim, other: Claim) -> Problem:
    path = f"/{claim.address}"
    if claim.path == other.path:
        both = "two pages want" if claim.is_page and other.is_page else "two files want"
        message = f"{both} the address {path}: {claim.what} and {other.what}"
    else:
        how = "in upper and lower case"
        if nfc(str(claim.path)) == nfc(str(other.path)):
            how = "in how accented letters are encoded (NFC and NFD)"
        message = (
            f"{path} differs from /{other.address} only {how}: one file on many web servers "
            f"({claim.what} and {other.what})"
        )
    hint = "give one of them another slug" if claim.is_page or other.is_page else "rename one"
    return _problem(claim, other, message, hint)


def _problem(claim: Claim, other: Claim, message: str, hint: str) -> Problem:
    """A problem at the content file of a route, else at the later copy's file (media come
    after the theme's files)."""
    source = claim.source or other.source or Path(str(claim.path))
    return Problem(claim.origin or other.origin or Location(source), message, hint)
