"""Finished pages with what each read: which pages a change makes stale, kept between builds.

After a build, every page is kept with its route's fingerprint and the reads it made, and
every read with what it found. The next build asks again only what may have changed: the
reads of objects that are not the very same objects as last time (model objects are
immutable), and every template and global name. A page is rendered again exactly when its
route differs or one of its reads finds something else.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

from alliancegen.cache import DAMAGED
from alliancegen.cache import store
from alliancegen.cache import stored
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.photos import Placed
from alliancegen.reads import Index
from alliancegen.reads import Key
from alliancegen.reads import Read
from alliancegen.reads import Tracked
from alliancegen.render import Copied
from alliancegen.render import Output
from alliancegen.render import Page

Ask = Callable[[Read], bytes]
"""What a read finds in the build at hand, as a fingerprint."""


@dataclass(frozen=True)
class Finished:
    """A page as a build left it."""

    route: bytes
    """The fingerprint of its route: URL, template and context."""
    reads: tuple[int, ...] | None
    """Its reads, by number; None: unknown, so it is rendered again."""
    output: Output
    markdown: tuple[bytes, ...]
    """The converted Markdown it shows (keys of the Markdown cache)."""


@dataclass(frozen=True)
class Manifest:
    """What a whole build read besides the code, and what it gave besides its pages: while
    the inputs are the same, so is the whole site."""

    inputs: bytes
    """The fingerprint of every input file's stamp, and of the options."""
    zone: str
    """The time zone the build's day was counted in."""
    today: str
    """The build's day, ISO."""
    copied: tuple[Copied, ...]
    photos: tuple[Placed, ...]
    warnings: tuple[Problem, ...]
    links: tuple[Problem, ...] | None
    """The link check's findings; None: not checked."""

    def to_plain(self) -> tuple[object, ...]:
        """The manifest as values that marshal can store."""
        copied = tuple((path.as_posix(), str(source)) for path, source in self.copied)
        photos = tuple((path.as_posix(), str(source), key) for path, source, key in self.photos)
        links = None if self.links is None else plain_problems(self.links)
        plain = (self.inputs, self.zone, self.today, copied, photos, plain_problems(self.warnings))
        return (*plain, links)

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> Manifest:
        """The manifest ``to_plain`` made."""
        inputs, zone, today, copied, photos, warnings, links = plain
        return cls(
            inputs,
            zone,
            today,
            tuple((PurePosixPath(path), Path(source)) for path, source in copied),
            tuple((PurePosixPath(path), Path(source), key) for path, source, key in photos),
            problems_from_plain(warnings),
            None if links is None else problems_from_plain(links),
        )


def plain_problems(problems: Iterable[Problem]) -> tuple[tuple[object, ...], ...]:
    return tuple(
        (str(p.location.path), p.location.line, p.location.column, p.message, p.hint)
        for p in problems
    )


def problems_from_plain(plain: Iterable[tuple[Any, ...]]) -> tuple[Problem, ...]:
    return tuple(
        Problem(Location(Path(path), line, column), message, hint)
        for path, line, column, message, hint in plain
    )


class Ledger:
    """The finished pages of the last build and what their reads found."""

    def __init__(self) -> None:
        self.manifest: Manifest | None = None
        self.pages: dict[str, Finished] = {}
        self._numbers: dict[Read, int] = {}
        self._found: list[bytes] = []
        self._objects: dict[Key, Tracked] = {}
        """The objects the reads were last asked of."""
        self._index: _Index | None = None

    def changed(self, index: Index, ask: Ask) -> dict[int, bytes]:
        """The reads that find something else in ``index`` now, with what they find."""
        answers = {}
        for key, numbers in self._indexed().by_key.items():
            current = index.objects.get(key)
            if current is not None and current is self._objects.get(key):
                continue  # the very same object: what its reads found still holds
            for number in numbers:
                found = ask((key, self._reads[number]))
                if found != self._found[number]:
                    answers[number] = found
        return answers

    def stale(self, routes: dict[str, bytes], changed: Iterable[int]) -> set[str]:
        """The URLs among ``routes`` (URL -> fingerprint) whose pages must be rendered: new or
        changed routes, pages whose reads are unknown, and pages that made a ``changed`` read."""
        stale = set()
        for url, route in routes.items():
            page = self.pages.get(url)
            if page is None or page.route != route or page.reads is None:
                stale.add(url)
        readers = self._indexed().readers
        for number in changed:
            for url in readers.get(number, ()):
                page = self.pages.get(url)
                if page is not None and page.reads is not None and number in page.reads:
                    stale.add(url)
        return stale & routes.keys()

    def update(
        self,
        routes: dict[str, bytes],
        rendered: dict[str, Page],
        answers: dict[int, bytes],
        index: Index,
    ) -> None:
        """Keep this build: ``routes`` (URL -> fingerprint) are the pages now, ``rendered``
        those rendered again (their reads numbered by ``number``), ``answers`` what the
        changed reads find now."""
        for number, found in answers.items():
            self._found[number] = found
        indexed = self._index  # kept up to date if it exists, else worked out when needed
        for url in self.pages.keys() - routes.keys():
            gone = self.pages.pop(url)
            if indexed is not None:
                indexed.forget(url, gone.reads or ())
        for url, page in rendered.items():
            reads = page.reads
            before = self.pages.get(url)
            if indexed is not None:
                indexed.replace(url, before.reads or () if before else (), reads or ())
            self.pages[url] = Finished(routes[url], reads, page.output, tuple(page.markdown))
        self.pages = {url: self.pages[url] for url in routes}  # in the order of the plan
        self._objects = dict(index.objects)
        if indexed is not None and indexed.unused > len(self._found) // 2 + 1000:
            self._compact()

    def number(self, read: Read, found: bytes) -> int:
        """The number of ``read``; a new read is numbered now, as finding ``found``."""
        number = self._numbers.get(read)
        if number is None:
            number = self._numbers[read] = len(self._found)
            self._found.append(found)
            if self._index is not None:
                self._index.add(number, read)
        return number

    @property
    def _reads(self) -> list[str]:
        """The name part of every read, by number."""
        return self._indexed().names

    def markdown(self) -> set[bytes]:
        """The converted Markdown that the pages show, by key."""
        return {key for page in self.pages.values() for key in page.markdown}

    def prepare(self) -> None:
        """Work out now what the next build that changes something will need."""
        self._indexed()

    def _indexed(self) -> _Index:
        """Who reads what, worked out when first needed (a build with nothing changed never
        needs it)."""
        if self._index is None:
            self._index = _Index(self._numbers, self.pages)
        return self._index

    def _compact(self) -> None:
        """Forget reads that no page makes any more."""
        used = sorted({number for page in self.pages.values() for number in page.reads or ()})
        renumbered = {old: new for new, old in enumerate(used)}
        reads = {number: read for read, number in self._numbers.items()}
        self._numbers = {reads[old]: new for old, new in renumbered.items()}
        self._found = [self._found[old] for old in used]
        self.pages = {
            url: Finished(
                page.route,
                None if page.reads is None else tuple(renumbered[n] for n in page.reads),
                page.output,
                page.markdown,
            )
            for url, page in self.pages.items()
        }
        self._index = None

    def save(self, file: Path) -> None:
        """Keep the ledger in ``file`` for the next process; raises OSError."""
        self._compact()
        reads = sorted(self._numbers, key=self._numbers.__getitem__)
        manifest = self.manifest.to_plain() if self.manifest else None
        pages = (
            (url, page.route, page.reads, page.output.path.as_posix(), page.output.content)
            + (page.markdown,)
            for url, page in self.pages.items()
        )
        store(file, itertools.chain([(manifest, reads, self._found)], pages))

    @classmethod
    def load(cls, file: Path) -> Ledger:
        """The ledger kept in ``file``; an empty one when there is none or it is damaged.

        What a ledger from another process knows of objects is only what its reads found:
        every read of an object is asked again before a page is kept.
        """
        ledger = cls()
        try:
            entries = stored(file)
            manifest, reads, found = next(entries)
            for url, route, numbers, path, content, markdown in entries:
                output = Output(PurePosixPath(path), content)
                ledger.pages[url] = Finished(route, numbers, output, markdown)
            ledger.manifest = None if manifest is None else Manifest.from_plain(manifest)
        except (*DAMAGED, StopIteration):
            return cls()
        ledger._numbers = {(tuple(key), name): n for n, (key, name) in enumerate(reads)}
        ledger._found = list(found)
        return ledger


class _Index:
    """Who reads what: the reads of each object, the pages that made each read (a list that
    may name a page that no longer makes it: check), and how many reads no page makes."""

    def __init__(self, numbers: dict[Read, int], pages: dict[str, Finished]) -> None:
        self.by_key: dict[Key, list[int]] = defaultdict(list)
        self.names: list[str] = [""] * len(numbers)
        self.readers: dict[int, list[str]] = defaultdict(list)
        self.uses = [0] * len(numbers)
        self.unused = len(numbers)
        for (key, name), number in numbers.items():
            self.by_key[key].append(number)
            self.names[number] = name
        for url, page in pages.items():
            self.replace(url, (), page.reads or ())

    def add(self, number: int, read: Read) -> None:
        """A new read, by number."""
        assert number == len(self.uses)
        self.by_key[read[0]].append(number)
        self.names.append(read[1])
        self.uses.append(0)
        self.unused += 1

    def replace(self, url: str, before: Iterable[int], after: Iterable[int]) -> None:
        """The page at ``url`` makes the reads ``after`` instead of ``before``."""
        old, new = set(before), set(after)
        for number in new - old:
            self.readers[number].append(url)
            self.uses[number] += 1
            self.unused -= self.uses[number] == 1
        self.forget(url, old - new)

    def forget(self, url: str, reads: Iterable[int]) -> None:
        """The page at ``url`` no longer makes ``reads``."""
        for number in reads:
            self.uses[number] -= 1
            self.unused += self.uses[number] == 0
