"""Converted Markdown kept between builds, in one file per site in the user's cache folder.

Converting Markdown is most of a clean build's work. Each conversion is stored under a digest
of the text and everything else that shapes the HTML (the options, this program's and the
Markdown library's versions), so a stale entry can never be used; a build keeps exactly the
entries its pages use, so the file does not grow with deleted content. HTML is kept as UTF-8: half
the memory of text with typographic quotation marks.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import importlib.metadata
import marshal
import os
import stat
import struct
import sys
from collections.abc import Iterable
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from alliancegen import __version__
from alliancegen import markdown as converter
from alliancegen.i18n import _


def default_cache_dir(content_dir: Path) -> Path:
    """``$XDG_CACHE_HOME/alliancegen/<site>`` (~/.cache when unset); one folder per content
    folder, so that sites do not evict each other's entries."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    site = hashlib.blake2b(str(content_dir.resolve()).encode(), digest_size=8).hexdigest()
    return Path(home) / "alliancegen" / site


@cache
def code_version() -> str:
    """Names the code that made what a cache holds: this program's source and messages, the
    versions of Python and the libraries that shape the output. A cache of other code is never
    read."""
    digest = hashlib.blake2b(digest_size=8)
    libraries = ("jinja2", "markdown", "markupsafe", "babel", "pydantic", "icalendar", "pillow")
    for library in libraries:
        digest.update(f"{library} {importlib.metadata.version(library)}|".encode())
    digest.update(f"{__version__}|{sys.version_info[:2]}".encode())
    package = Path(__file__).parent
    for source in sorted([*package.rglob("*.py"), *package.rglob("*.po")]):
        digest.update(source.relative_to(package).as_posix().encode() + source.read_bytes())
    return digest.hexdigest()


class MarkdownCache:
    """Markdown to HTML, each distinct text and options converted once and kept in a file."""

    def __init__(self, folder: Path | None = None) -> None:
        self.file = folder / f"markdown-{code_version()}.marshal" if folder else None
        self.saved = False
        self._entries = self._read()
        self._converted: dict[bytes, bytes] = {}
        self._page: set[bytes] = set()
        self._conversions = 0

    def convert(self, text: str, base_path: str, raw_html: bool, level: int) -> Markup:
        """The HTML of ``text``, as ``converter.render_markdown`` makes it, its ids marked as
        the page's next conversion (``converter.settle_ids`` names them once the page is
        finished)."""
        options = f"{base_path}\0{raw_html:d}\0{level}\0".encode()
        key = hashlib.blake2b(options + text.encode(), digest_size=16).digest()
        self._page.add(key)
        stored = self._entries.get(key)
        if stored is None:
            html = str(converter.render_markdown(text, base_path, raw_html, level))
            self._entries[key] = self._converted[key] = html.encode()
        else:
            html = stored.decode()
        self._conversions += 1
        marked = converter.mark_ids(html, self._conversions)
        return Markup(marked)  # noqa: S704 (made by the converter, which escapes raw HTML)

    def __canonical__(self) -> bytes:
        """What a page that converts Markdown depends on: only the text and the options it
        passes, and the code (see ``code_version``)."""
        return b"markdown-cache;"

    def take_page(self) -> frozenset[bytes]:
        """The entries used since the last call: what one page needs kept."""
        keys, self._page, self._conversions = frozenset(self._page), set(), 0
        return keys

    def take_converted(self) -> dict[bytes, bytes]:
        """What was converted since the last call: a worker process hands this to its parent."""
        converted, self._converted = self._converted, {}
        return converted

    def add_converted(self, converted: dict[bytes, bytes]) -> None:
        """Count what a worker process converted as converted here."""
        self._entries.update(converted)

    def save(self, keys: Iterable[bytes]) -> str | None:
        """Keep the entries under ``keys`` (those the site's pages use); why not, when the
        file cannot be written."""
        self.saved = True
        if self.file is None:
            return None
        entries = ((key, self._entries[key]) for key in set(keys) if key in self._entries)
        try:
            store(self.file, entries)
        except OSError as error:
            return _(
                "cannot keep converted Markdown in {folder}: {reason}",
                folder=self.file.parent,
                reason=error.strerror,
            )
        return None

    def _read(self) -> dict[bytes, bytes]:
        """The entries in the file; none when there is no file yet or it is damaged."""
        if self.file is None:
            return {}
        try:
            entries = dict(stored(self.file))
        except DAMAGED:
            return {}
        if not all(isinstance(k, bytes) and isinstance(v, bytes) for k, v in entries.items()):
            return {}
        return entries


DAMAGED = (OSError, EOFError, ValueError, TypeError)
"""What reading a missing, truncated, damaged or foreign file of the cache raises."""

_FRAME = struct.Struct("<Q16s")
"""Before each entry in a file of the cache: its length and its digest."""


def store(file: Path, entries: Iterable[Any]) -> None:
    """Write ``entries`` (values marshal can store) to ``file`` one by one, without a copy of
    them all, replacing the file in one step; files of other code versions go. The folder
    and the file are the user's alone: drafts are converted into them. Raises OSError."""
    temporary = file.with_name(f".{file.name}.{os.getpid()}")
    try:
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            for entry in entries:
                payload = marshal.dumps(entry)
                stream.write(_FRAME.pack(len(payload), _entry_digest(payload)) + payload)
        temporary.replace(file)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()
    kind = file.name.split("-", 1)[0]
    for stale in file.parent.glob(f"{kind}-*.marshal"):
        if stale != file:
            stale.unlink(missing_ok=True)


def stored(file: Path) -> Iterator[Any]:
    """The entries ``store`` wrote to ``file``; raises one of DAMAGED when the file is not as
    ``store`` left it (each entry is checked before it is read, and no read asks for more
    than the file holds) or when someone else than the user could have changed it."""
    with file.open("rb") as stream:
        status = os.fstat(stream.fileno())
        if status.st_uid != os.geteuid() or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise PermissionError(errno.EPERM, "others may change this file of the cache", file)
        left = status.st_size
        while left:
            if left < _FRAME.size:
                raise EOFError(f"{file} ends within an entry")
            length, digest = _FRAME.unpack(stream.read(_FRAME.size))
            left -= _FRAME.size + length
            if left < 0:
                raise EOFError(f"{file} ends within an entry")
            payload = stream.read(length)
            if _entry_digest(payload) != digest:
                raise ValueError(f"{file} holds a damaged entry")
            yield marshal.loads(payload)


def _entry_digest(payload: bytes) -> bytes:
    return hashlib.blake2b(payload, digest_size=16).digest()
