"""Federation: other sites' open data, gathered for a portal at each build.

Each source that site.yaml's ``federation`` lists, a web address or a path, is fetched with a
time limit and a size limit, conditionally (ETag, Last-Modified), and read through the models of
the open data (alliancegen.model.opendata): a value another site sends passes the checks a value
of the portal's own content passes. What passes is kept in the cache folder as the source's last
good copy. A source that fails never fails the build: its last good copy is shown, and a
warning says why; a source that never worked is left out with a warning. ``offline`` builds
from the copies alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from dataclasses import replace
from functools import cached_property
from http.client import HTTPException
from http.client import HTTPMessage
from http.client import HTTPResponse
from pathlib import Path
from typing import IO
from typing import NamedTuple
from urllib.parse import urlsplit

from pydantic import ValidationError

from alliancegen import __version__
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.i18n import _
from alliancegen.load import read_document
from alliancegen.model import Site
from alliancegen.model.opendata import MAJOR
from alliancegen.model.opendata import Export
from alliancegen.model.settings import Federation

SIZE_LIMIT = 16 * 2**20
"""The largest export a source may send: the open data of several hundred alliances."""
WORKERS = 16
"""Sources fetched at once: a slow one holds up one worker, not the build."""
_AGENT = f"alliancegen/{__version__} (open data of Lokale Bündnisse für Familie)"


class Source(NamedTuple):
    """One source as site.yaml lists it, and where."""

    address: str
    """A web address, or a path relative to the content folder."""
    location: Location

    @property
    def is_web(self) -> bool:
        """Whether the source is fetched over the web rather than read from a file."""
        return "://" in self.address


@dataclass(frozen=True)
class Listing:
    """What site.yaml's ``federation`` asks for."""

    sources: tuple[Source, ...]
    timeout: float
    folder: Path
    """The content folder, which the paths of file sources start from."""


def listing(content_dir: Path) -> Listing | None:
    """The sources site.yaml lists, read from the file itself (a build with nothing else changed
    reads no other file); None when it lists none, or lists them wrongly (the check of the
    settings reports that)."""
    site_yaml = content_dir / "site.yaml"
    document, _problems = read_document(site_yaml, "site", None)
    data = document.data if document else None
    if not isinstance(data, dict) or data.get("federation") is None:
        return None
    try:
        federation = Federation.model_validate(data["federation"])
    except ValidationError:
        return None
    positions = document.positions if document else None

    def where(index: int) -> Location:
        found = positions.of_value(("federation", "sources", index)) if positions else None
        return found or Location(site_yaml)

    sources = tuple(Source(text, where(i)) for i, text in enumerate(federation.sources))
    return Listing(sources, federation.timeout, content_dir)


@dataclass(frozen=True)
class Gathered:
    """The other sites' open data as this build found them, and what went wrong."""

    exports: tuple[Export, ...] = ()
    warnings: tuple[Problem, ...] = ()
    bodies: tuple[bytes, ...] = ()
    """The bytes each export was read from: what a build that is otherwise unchanged compares."""

    @cached_property
    def fingerprint(self) -> bytes:
        """Changes whenever any source's data do, or what went wrong."""
        digest = hashlib.blake2b(digest_size=16)
        for part in (*self.bodies, *(str(warning).encode() for warning in self.warnings)):
            digest.update(hashlib.blake2b(part, digest_size=16).digest())
        return digest.digest()


class Failure(Exception):
    """Why a source gave nothing usable, in words for the warning."""


class _Answer(NamedTuple):
    body: bytes | None
    """None: not modified since the copy kept."""
    etag: str | None
    modified: str | None


_Found = tuple[Export | None, bytes | None, Problem | None]
"""What a source gave: its export, the bytes it was read from, and a warning."""


class Sources:
    """Gathers the sources of a listing, keeping each one's last good copy in ``folder``."""

    def __init__(self, folder: Path | None, offline: bool = False, size_limit: int = SIZE_LIMIT):
        self.folder = folder / "sources" if folder else None
        self.offline = offline
        self.size_limit = size_limit
        self._fetched: dict[Source, _Found] = {}
        """What each web source gave when last fetched."""

    def gather(self, listed: Listing | None, refetch: bool = True) -> Gathered:
        """Every source's export, in the order listed, fetched in parallel; file sources are
        read each time, web sources only with ``refetch`` (or when not fetched before)."""
        if listed is None or not listed.sources:
            return Gathered()

        def answer_of(source: Source) -> _Found:
            if source.is_web and not refetch and source in self._fetched:
                return self._fetched[source]
            answer = self._one(source, listed)
            if source.is_web:
                self._fetched[source] = answer
            return answer

        with ThreadPoolExecutor(min(WORKERS, len(listed.sources))) as pool:
            found = list(pool.map(answer_of, listed.sources))
        given = [
            (source, export)
            for source, (export, _b, _w) in zip(listed.sources, found, strict=True)
            if export
        ]
        exports, claims = _owned(given)
        bodies = tuple(body for _export, body, _warning in found if body is not None)
        warnings = tuple(warning for _export, _body, warning in found if warning is not None)
        return Gathered(exports, (*warnings, *claims), bodies)

    def _one(self, source: Source, listed: Listing) -> _Found:
        kept = self._kept(source)
        try:
            if self.offline:
                if kept is None:
                    raise Failure(_("the build is offline and no copy has been fetched yet"))
                return _read(kept[0]), kept[0], None
            answer = self._fetch(source, kept[1] if kept else {}, listed)
            body = kept[0] if answer.body is None and kept else answer.body
            if body is None:
                raise Failure(_("it answered 'not modified', but no copy is kept"))
            export = _read(body)
            if answer.body is not None:
                self._keep(source, body, answer)
            return export, body, None
        except Failure as failure:
            return self._fallback(source, kept, str(failure))

    def _fallback(
        self, source: Source, kept: tuple[bytes, dict[str, str]] | None, reason: str
    ) -> _Found:
        if kept is not None:
            try:
                export = _read(kept[0])
            except Failure:
                pass
            else:
                message = _(
                    "the source {source} failed: {reason}; its last good copy (as of {day}) "
                    "is shown",
                    source=source.address,
                    reason=reason,
                    day=export.as_of.isoformat(),
                )
                hint = _("ask its site to check its open data; nothing needs to change here")
                return export, kept[0], Problem(source.location, message, hint)
        message = _(
            "the source {source} failed: {reason}; its alliances are left out until it works",
            source=source.address,
            reason=reason,
        )
        hint = _("check the address, or ask its site to publish daten/buendnisse.json")
        return None, None, Problem(source.location, message, hint)

    def _fetch(self, source: Source, kept: dict[str, str], listed: Listing) -> _Answer:
        if source.is_web:
            return fetch(source.address, kept, listed.timeout, self.size_limit)
        return _Answer(read_file(listed.folder / source.address, self.size_limit), None, None)

    def _file(self, source: Source) -> Path | None:
        if self.folder is None:
            return None
        return self.folder / hashlib.blake2b(source.address.encode(), digest_size=12).hexdigest()

    def _kept(self, source: Source) -> tuple[bytes, dict[str, str]] | None:
        """The last good copy of ``source`` and the validators it was fetched with."""
        file = self._file(source)
        if file is None:
            return None
        try:
            meta = json.loads(file.with_suffix(".meta").read_text(encoding="utf-8"))
            return file.with_suffix(".json").read_bytes(), meta
        except (OSError, ValueError):
            return None

    def _keep(self, source: Source, body: bytes, answer: _Answer) -> None:
        """Keep ``body`` as the last good copy; a cache that cannot be written costs only the
        copy (the next failure of the source has none to show)."""
        file = self._file(source)
        if file is None:
            return
        meta = {"source": source.address, "etag": answer.etag, "modified": answer.modified}
        plain = {key: value for key, value in meta.items() if value is not None}
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            _replace(file.with_suffix(".json"), body)
            _replace(file.with_suffix(".meta"), json.dumps(plain).encode())
        except OSError:
            pass


def _replace(file: Path, content: bytes) -> None:
    """Write ``content`` into ``file`` whole or not at all."""
    temporary = file.with_name(f".{file.name}.{os.getpid()}")
    temporary.write_bytes(content)
    temporary.replace(file)


def federated(site: Site, exports: Iterable[Export], base_url: str) -> Site:
    """``site`` with other sites' ``exports``, in each of its editions; an alliance that lies on
    the site itself is left out."""
    kept = tuple(_elsewhere(exports, base_url))
    editions = {key: replace(edition, federated=kept) for key, edition in site.translated.items()}
    return replace(site, federated=kept, translated=editions)


def _elsewhere(exports: Iterable[Export], base_url: str) -> Iterator[Export]:
    for export in exports:
        alliances = tuple(a for a in export.alliances if not a.url.startswith(base_url))
        if alliances:
            yield export.model_copy(update={"alliances": alliances})


def _owned(given: list[tuple[Source, Export]]) -> tuple[tuple[Export, ...], list[Problem]]:
    """Each alliance once, from the source that may speak for it: the source on the alliance's
    own host, else the first that lists it. So a source cannot hide or replace another site's
    alliance by naming its address; a source that tries is told, once."""
    owner: dict[str, int] = {}
    for index, (source, export) in enumerate(given):
        for alliance in export.alliances:
            held = owner.setdefault(alliance.url, index)
            if held != index and _speaks_for(source, alliance.url) > _speaks_for(
                given[held][0], alliance.url
            ):
                owner[alliance.url] = index
    exports: list[Export] = []
    problems: list[Problem] = []
    for index, (source, export) in enumerate(given):
        kept = tuple(a for a in export.alliances if owner[a.url] == index)
        lost = [a for a in export.alliances if owner[a.url] != index]
        if kept:
            exports.append(export.model_copy(update={"alliances": kept}))
        if lost:
            other = given[owner[lost[0].url]][0].address
            message = _(
                "the source {source} names {address}, which {other} gives as well; it is shown "
                "once, from {other}",
                source=source.address,
                address=lost[0].url,
                other=other,
            )
            hint = _("list each site's open data once, at its own address")
            problems.append(Problem(source.location, message, hint))
    return tuple(exports), problems


def _speaks_for(source: Source, address: str) -> bool:
    """Whether ``source`` lies on the host of ``address`` ('www.' aside)."""

    def host(url: str) -> str:
        return (urlsplit(url).hostname or "").removeprefix("www.")

    return source.is_web and host(source.address) == host(address)


def _read(body: bytes) -> Export:
    """The export in ``body``; raise Failure saying why it is none."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise Failure(_("it is not JSON ({error})", error=str(error)[:200])) from None
    if not isinstance(data, dict) or data.get("format") != "lokale-buendnisse":
        raise Failure(_("it is no open data of Lokale Bündnisse (its 'format' is missing)"))
    version = str(data.get("version", ""))
    if version.split(".")[0] != str(MAJOR):
        raise Failure(
            _(
                "its open data are of version {version}; this alliancegen reads version {major}",
                version=version,
                major=MAJOR,
            )
        )
    try:
        return Export.model_validate(data)
    except ValidationError as error:
        raise Failure(_explain(error)) from None
    except RecursionError:
        raise Failure(_("it is nested too deeply")) from None


def _explain(error: ValidationError) -> str:
    """The first few things wrong with an export, each with where it is: 'alliances.2.url:
    'javascript:alert(1)' is not a web address'."""
    found = error.errors(include_url=False, include_input=False)
    described = [
        ".".join(str(part) for part in problem["loc"]) + ": " + _plain(problem["msg"])
        for problem in found[:3]
    ]
    more = len(found) - len(described)
    text = "; ".join(described)
    return _("{problems} (and {more} more)", problems=text, more=more) if more else text


def _plain(message: str) -> str:
    return message.removeprefix("Value error, ")


class _SameHost(urllib.request.HTTPRedirectHandler):
    """Follows a redirect on the same host only: a source is the site it names."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if new.scheme not in ("http", "https") or new.hostname != old.hostname:
            raise Failure(_("it redirects to another host ({address})", address=newurl[:200]))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameHost)


def fetch(address: str, kept: dict[str, str], timeout: float, size_limit: int) -> _Answer:
    """GET ``address``, asking whether it changed since ``kept`` (its ETag, Last-Modified);
    raise Failure when it takes longer than ``timeout`` seconds in all or sends more than
    ``size_limit`` bytes."""
    headers = {"User-Agent": _AGENT, "Accept": "application/json"}
    if kept.get("etag"):
        headers["If-None-Match"] = kept["etag"]
    if kept.get("modified"):
        headers["If-Modified-Since"] = kept["modified"]
    request = urllib.request.Request(address, headers=headers)
    deadline = time.monotonic() + timeout
    try:
        with _OPENER.open(request, timeout=timeout) as answer:
            body = _body(answer, deadline, size_limit, timeout)
            return _Answer(body, answer.headers.get("ETag"), answer.headers.get("Last-Modified"))
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return _Answer(None, kept.get("etag"), kept.get("modified"))
        reason = _("it answered {status} {reason}", status=error.code, reason=error.reason)
        raise Failure(reason) from None
    except TimeoutError:
        raise Failure(_("no answer within {seconds} seconds", seconds=_seconds(timeout))) from None
    except urllib.error.URLError as error:
        cause = error.reason
        if isinstance(cause, TimeoutError):
            raise Failure(
                _("no answer within {seconds} seconds", seconds=_seconds(timeout))
            ) from None
        said = cause.strerror if isinstance(cause, OSError) and cause.strerror else cause
        raise Failure(_("it cannot be reached ({reason})", reason=said)) from None
    except (HTTPException, OSError, ValueError) as error:
        raise Failure(
            _("it cannot be reached ({reason})", reason=str(error) or type(error).__name__)
        ) from None


def _body(answer: HTTPResponse, deadline: float, size_limit: int, timeout: float) -> bytes:
    length = answer.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > size_limit:
        raise Failure(_too_large(size_limit))
    chunks: list[bytes] = []
    size = 0
    while chunk := answer.read1(65536):
        size += len(chunk)
        if size > size_limit:
            raise Failure(_too_large(size_limit))
        if time.monotonic() > deadline:
            raise Failure(_("no answer within {seconds} seconds", seconds=_seconds(timeout)))
        chunks.append(chunk)
    return b"".join(chunks)


def read_file(path: Path, size_limit: int) -> bytes:
    """The bytes of the source file ``path``; raise Failure when it is missing or too large."""
    try:
        with path.open("rb") as file:
            body = file.read(size_limit + 1)
    except OSError as error:
        raise Failure(_("it cannot be read ({reason})", reason=error.strerror)) from None
    if len(body) > size_limit:
        raise Failure(_too_large(size_limit))
    return body


def _too_large(size_limit: int) -> str:
    return _("it is larger than {size} MB", size=size_limit // 2**20 or 1)


def _seconds(timeout: float) -> str:
    return f"{timeout:g}"
