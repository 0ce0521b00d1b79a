"""The site's search index: Pagefind indexes the finished pages, in memory, in German.

The theme marks what a page offers to the search: ``data-pagefind-body`` on the content of
pages worth finding (navigation and lists are left out), ``data-pagefind-meta`` for the
alliance shown with a result and ``data-pagefind-filter`` for the filters of the search page.
Pagefind's binary (PyPI ``pagefind[bin]``) runs as a service: pages go in over a pipe, the
bundle comes back over it, and nothing is read from or written to the output folder. Pagefind
stems words in the language of the pages (``<html lang="de">``). The bundle is a function of
the pages alone (what Pagefind writes in the order of a hash table is put in order), published
below ``pagefind/`` like any other file of the site.

Pagefind's own Python client is not used: it sleeps a tenth of a second before it reads each
answer, which is seventeen minutes for a portal of ten thousand pages.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from pathlib import PurePosixPath
from typing import IO
from typing import Any

from alliancegen import cbor
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.i18n import _
from alliancegen.render import Output
from alliancegen.routes import SEARCH_INDEX

MARKER = b"data-pagefind-body"
"""What a page of the theme carries when it is to be found."""
SIGNATURE = b"pagefind_dcd"
"""What every file of Pagefind's index holds first, unpacked (then CBOR)."""
SEPARATED = re.compile(r"</(?:dt|dd|figcaption|address|caption|summary|legend)>")
"""Ends of elements after which Pagefind adds no space: 'Art' and 'Aktionstag' of a list of
facts would be indexed as one word 'ArtAktionstag'. A space follows them for Pagefind."""
ENTRY = "pagefind-entry.json"
"""The file that names the metadata of each language."""
UNUSED = ("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight")
"""Files of the bundle the search page does not load: Pagefind's own interfaces."""


def searchable(outputs: Iterable[Output]) -> list[Output]:
    """The pages the theme marked for the search, by path."""
    pages = (o for o in outputs if o.path.suffix == ".html" and MARKER in o.content)
    return sorted(pages, key=lambda output: output.path)


def fingerprint(pages: Iterable[Output]) -> bytes:
    """What the index of ``pages`` (from ``searchable``) depends on: equal, the same bundle."""
    digest = hashlib.blake2b(digest_size=16)
    for page in pages:
        digest.update(str(page.path).encode() + b"\0" + len(page.content).to_bytes(8, "big"))
        digest.update(page.content)
    return digest.digest()


def index(pages: Iterable[Output]) -> tuple[Output, ...]:
    """Pagefind's bundle for ``pages`` (from ``searchable``); raise ContentError when Pagefind
    is missing or fails.

    Pages are indexed by their path below the site's base path ('/ilmenau/'): ``pagefind.js``
    puts the path it is loaded from in front, so the bundle is the same under any base path.
    """
    binary = binary_path()
    with tempfile.TemporaryFile() as errors:
        try:
            with _Service(binary, errors) as service:
                bundle = _indexed(service, pages)
            settled = _settled(bundle)
        except (OSError, ValueError, KeyError, IndexError) as error:
            errors.seek(0)
            said = errors.read().decode("utf-8", "replace").strip()
            raise ContentError([_failed(binary, said or str(error))]) from None
    return tuple(
        Output(PurePosixPath(SEARCH_INDEX, path), settled[path]) for path in sorted(settled)
    )


def _indexed(service: _Service, pages: Iterable[Output]) -> dict[str, bytes]:
    """The files of Pagefind's bundle for ``pages`` that the search page loads, by path."""
    number = service.ask({"type": "NewIndex", "config": None})["index_id"]
    for page in pages:
        url = "/" + str(page.path).removesuffix("index.html")
        content = SEPARATED.sub(r"\g<0> ", page.content.decode("utf-8"))
        service.ask({"type": "AddFile", "index_id": number, "url": url, "file_contents": content})
    files = service.ask({"type": "GetFiles", "index_id": number})["files"]
    return {
        file["path"]: base64.b64decode(file["content"])
        for file in files
        if not file["path"].startswith(UNUSED)
    }


def _settled(bundle: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with its filters in order: Pagefind writes a filter's values, and the list of
    filters, in the order of a hash table, which differs from run to run. Each filter file is
    written again with its values sorted, named by its new content as Pagefind names it; the
    metadata of each language that lists the filters, and the entry that names the metadata,
    follow."""
    renamed: dict[str, str] = {}
    settled: dict[str, bytes] = {}
    for path, content in bundle.items():
        folder, _slash, name = path.rpartition("/")
        stem, suffix = name.split(".", 1)
        if folder == "filter":
            filter_name, values = _unpack(content)
            renamed[stem] = _named(stem, [filter_name, sorted(values)], settled, "filter/", suffix)
        elif not suffix.endswith(".pf_meta"):
            settled[path] = content
    metas = sorted(path for path in bundle if path.endswith(".pf_meta"))
    if not metas:
        return bundle  # no page to find: nothing to put in order
    entry = json.loads(bundle[ENTRY])
    hashes = {}
    for meta in metas:  # one for each language of the pages
        old = meta.removeprefix("pagefind.").removesuffix(".pf_meta")
        listed = _with_filters(_unpack(bundle[meta]), renamed)
        hashes[old] = _named(old, listed, settled, "pagefind.", "pf_meta")
    for language in entry["languages"].values():
        language["hash"] = hashes[language["hash"]]
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    settled[ENTRY] = text.encode()  # its languages, too, come in the order of a hash table
    return settled


def _unpack(content: bytes) -> Any:
    data = gzip.decompress(content)
    if not data.startswith(SIGNATURE):
        raise ValueError("not a file of Pagefind's index")
    return cbor.loads(data[len(SIGNATURE) :])


def _named(stem: str, value: Any, settled: dict[str, bytes], prefix: str, suffix: str) -> str:
    """Pack ``value`` into ``settled`` under a name made of ``stem``'s language and the
    content's hash, as long as ``stem``'s; that name."""
    data = SIGNATURE + cbor.dumps(value)
    language, _, digest = stem.partition("_")
    name = f"{language}_{hashlib.sha256(data).hexdigest()[: len(digest)]}"
    settled[f"{prefix}{name}.{suffix}"] = gzip.compress(data, mtime=0)
    return name


def _with_filters(value: Any, renamed: dict[str, str]) -> Any:
    """``value`` with each list of [filter, file] pairs renamed and sorted by filter."""
    if isinstance(value, list):
        if value and all(_is_filter(item, renamed) for item in value):
            return sorted([name, renamed[file]] for name, file in value)
        return [_with_filters(item, renamed) for item in value]
    return value


def _is_filter(item: Any, renamed: dict[str, str]) -> bool:
    return isinstance(item, list) and len(item) == 2 and str(item[1]) in renamed


def binary_path() -> Path:
    """Pagefind's program, as Pagefind's Python package finds it (PAGEFIND_BINARY_PATH first)."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = None
    else:
        found = get_executable()
    if found is None or not found.is_file():
        message = _("the search index cannot be made: the program 'pagefind' is missing")
        hint = _("install alliancegen again with its dependencies (it needs 'pagefind[bin]')")
        raise ContentError([Problem(Location(found or Path("pagefind")), message, hint)])
    return found


def _failed(binary: Path, reason: str) -> Problem:
    return Problem(
        Location(binary),
        _("the search index cannot be made: pagefind failed: {reason}", reason=reason),
        _("the last build's files are kept; try again, or install 'pagefind[bin]' again"),
    )


class _Service:
    """``pagefind --service``: base64 JSON messages ended by commas, answered one by one."""

    def __init__(self, binary: Path, errors: IO[bytes]) -> None:
        self._process = subprocess.Popen(  # noqa: S603 (Pagefind's own program, no shell)
            [binary, "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            cwd=tempfile.gettempdir(),
        )
        self._number = 0
        self._buffer = b""

    def __enter__(self) -> _Service:
        return self

    def __exit__(self, *exception: object) -> None:
        """Pagefind ends when its input does; or it is ended."""
        with self._process as process:  # closes the pipes, waits
            try:
                process.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Pagefind's answer to ``payload``; raise ValueError when it answers with an error."""
        self._number += 1
        message = json.dumps({"message_id": self._number, "payload": payload}).encode()
        pipe, answers = self._process.stdin, self._process.stdout
        try:
            if pipe is None or answers is None:
                raise BrokenPipeError
            pipe.write(base64.b64encode(message) + b",")
            pipe.flush()
            parts = [self._buffer]
            while b"," not in parts[-1]:
                parts.append(os.read(answers.fileno(), 1 << 20))
                if not parts[-1]:
                    raise BrokenPipeError
        except BrokenPipeError:
            raise OSError(_("pagefind ended before it answered")) from None
        answer, _comma, self._buffer = b"".join(parts).partition(b",")
        found: dict[str, Any] = json.loads(base64.b64decode(answer))["payload"]
        if found.get("type") == "Error":
            raise ValueError(found.get("message", ""))
        return found
