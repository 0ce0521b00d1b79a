"""Converted Markdown kept between builds, in one file per site in the user's cache folder.

Converting Markdown is most of a clean build's work. Each conversion is stored under a digest
of the text and everything else that shapes the HTML (the options, this program's and the
Markdown library's versions), so a stale entry can never be used; a build keeps exactly the
entries it used, so the file does not grow with deleted content. HTML is kept as UTF-8: half
the memory of text with typographic quotation marks.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

import markdown
from markupsafe import Markup

from alliancegen import __version__
from alliancegen import markdown as converter


def default_cache_dir(content_dir: Path) -> Path:
    """``$XDG_CACHE_HOME/alliancegen/<site>`` (~/.cache when unset); one folder per content
    folder, so that sites do not evict each other's entries."""
    home = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    site = hashlib.blake2b(str(content_dir.resolve()).encode(), digest_size=8).hexdigest()
    return Path(home) / "alliancegen" / site


def _format() -> str:
    """Names what makes the stored HTML valid: versions and the converter's source."""
    source = Path(converter.__file__).read_bytes()
    versions = f"{__version__}|{markdown.__version__}|{sys.version_info[:2]}".encode()
    return hashlib.blake2b(versions + source, digest_size=8).hexdigest()


@dataclass
class Usage:
    """What one process did with the cache: the entries it converted, the keys it reused."""

    converted: dict[bytes, bytes] = field(default_factory=dict)
    reused: set[bytes] = field(default_factory=set)


class MarkdownCache:
    """Markdown to HTML, each distinct text and options converted once and kept in a file."""

    def __init__(self, folder: Path | None = None) -> None:
        self.file = folder / f"markdown-{_format()}.marshal" if folder else None
        self._entries = self._read()
        self._usage = Usage()

    def convert(self, text: str, base_path: str, raw_html: bool, level: int) -> Markup:
        """The HTML of ``text``, as ``converter.render_markdown`` makes it."""
        options = f"{base_path}\0{raw_html:d}\0{level}\0".encode()
        key = hashlib.blake2b(options + text.encode(), digest_size=16).digest()
        stored = self._entries.get(key)
        if stored is None:
            html = str(converter.render_markdown(text, base_path, raw_html, level))
            self._entries[key] = self._usage.converted[key] = html.encode()
        else:
            html = stored.decode()
            self._usage.reused.add(key)
        return Markup(html)  # noqa: S704 (made by the converter, which escapes raw HTML)

    def take_usage(self) -> Usage:
        """What was done since the last call: a worker process hands this to its parent."""
        usage, self._usage = self._usage, Usage()
        return usage

    def add_usage(self, usage: Usage) -> None:
        """Count what a worker process did as done here."""
        self._entries.update(usage.converted)
        self._usage.converted.update(usage.converted)
        self._usage.reused |= usage.reused

    def save(self) -> str | None:
        """Keep the entries used since the last save; why not, when the file cannot be written."""
        if self.file is None:
            return None
        usage = self.take_usage()
        used = {key: self._entries[key] for key in usage.reused} | usage.converted
        temporary = self.file.with_name(f".{self.file.name}.{os.getpid()}")
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            with temporary.open("wb") as file:
                for entry in used.items():
                    marshal.dump(entry, file)  # one by one: no copy of the whole cache
            temporary.replace(self.file)
            for stale in self.file.parent.glob("markdown-*.marshal"):
                if stale != self.file:
                    stale.unlink()
        except OSError as error:
            with contextlib.suppress(OSError):
                temporary.unlink()
            return f"cannot keep converted Markdown in {self.file.parent}: {error.strerror}"
        return None

    def _read(self) -> dict[bytes, bytes]:
        """The entries in the file; none when there is no file yet or it is damaged."""
        entries: dict[bytes, bytes] = {}
        if self.file is None or not self.file.is_file():
            return entries
        try:
            with self.file.open("rb") as file:
                while file.peek(1):
                    key, html = marshal.load(file)
                    if not isinstance(key, bytes) or not isinstance(html, bytes):
                        return {}
                    entries[key] = html
        except (OSError, EOFError, ValueError, TypeError):
            return {}
        return entries
