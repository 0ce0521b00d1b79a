"""Decap CMS's local proxy protocol, answered by ``alliancegen serve`` for the editor at /admin/.

A request is one JSON object ``{action, params}``; the answer is JSON, or ``{"error": …}``
with a status that is not 2xx, which the editor shows. Only the content files the loader
knows and the media files the site publishes are read or written, each named by its path
below the content folder, never through a link. Whatever is written passes the checks
``alliancegen check`` makes of that file by itself (what it names in other files is left to
the build ``serve`` runs after each change); nothing is written when it does not. Files are
replaced atomically: a reader sees the old file or the new one.

The editor writes YAML and front matter anew, without comments; laid over the file as it was
(``roundtrip``), the comments, order and quoting of unchanged values are kept. Files that
hold a list of entries (people.yaml, …) pass as they are: the editor reads and writes them
with the format that ``admin/admin.js`` adds.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import summarize
from alliancegen.i18n import _
from alliancegen.load import MAX_BYTES
from alliancegen.load import MEDIA
from alliancegen.load import Document
from alliancegen.load import Misplaced
from alliancegen.load import Slot
from alliancegen.load import caseless
from alliancegen.load import classify
from alliancegen.load import original_name
from alliancegen.load import parse_document
from alliancegen.load import too_large
from alliancegen.media import media_problem
from alliancegen.media import svg_problems
from alliancegen.model.site import document_problems
from alliancegen.roundtrip import kept

MAX_MEDIA = 20_000_000
"""A media file larger than this is not uploaded through the editor."""
MAX_BODY = (MAX_MEDIA + MAX_BYTES) * 4 // 3 + 100_000
"""Bytes of one request: a media file in base64 and an entry, with room for the rest."""
MAX_LISTED = 50_000_000
"""Bytes of media files whose content one listing of a media folder carries; the files
after that are listed without content (the editor shows no thumbnail for them)."""
MAX_PATH = 1000
MAX_DEPTH = 4
"""The deepest a content file lies: alliances/<name>/events/<event>.md."""

CONTENT = "content"
EITHER = "either"
"""What a path may name besides ``MEDIA``: a content file, or a content or media file."""

_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}")
_DRIVE = re.compile(r"[A-Za-z]:")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_TEMPORARY = ".alliancegen-{name}-{token}.tmp"
"""A file being written: hidden, so that the loader and the watcher skip it."""

Params = dict[str, Any]
Json = Any


class Refused(Exception):
    """A request that is not answered: the HTTP status and what the editor shows."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def answer(content_dir: Path, body: bytes) -> tuple[int, bytes]:
    """The HTTP status and JSON body that answer the proxy request ``body`` about the content
    folder ``content_dir``."""
    try:
        if len(body) > MAX_BODY:
            raise Refused(
                413,
                _(
                    "the request is larger than {size} MB: upload large files by copying "
                    "them into the media folder",
                    size=MAX_BODY // 1_000_000,
                ),
            )
        action, params = _request(body)
        handler = ACTIONS.get(action)
        if handler is None:
            raise Refused(422, _("unknown action '{action}'", action=action))
        status, result = 200, handler(_Folder(content_dir), params)
    except Refused as refusal:
        status, result = refusal.status, {"error": refusal.message}
    except OSError as error:
        reason = (error.strerror or type(error).__name__).lower()
        status, result = 500, {"error": _("cannot read or write the file: {reason}", reason=reason)}
    return status, json.dumps(result, ensure_ascii=False).encode()


def _request(body: bytes) -> tuple[str, Params]:
    try:
        request = json.loads(body)
    except (ValueError, RecursionError):
        raise Refused(422, _("the request is not JSON")) from None
    if not isinstance(request, dict) or not isinstance(request.get("action"), str):
        raise Refused(422, _("the request names no action"))
    params = request.get("params") or {}
    if not isinstance(params, dict):
        raise Refused(422, _("the request's 'params' is not an object"))
    return request["action"], params


def _field(params: Params, name: str, kind: type) -> Any:
    """The value ``name`` of ``params``, which must be of type ``kind``."""
    value = params.get(name)
    if isinstance(value, kind):
        return value
    raise Refused(422, _("the request lacks a valid '{name}'", name=name))


class _Folder:
    """The content folder, and the paths below it that the editor may use."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real = Path(os.path.realpath(root))

    def shown(self, relative: str) -> Path:
        """The path of ``relative`` as ``check`` names it."""
        return self.root / relative

    def refuse(self, relative: str, message: str, hint: str = "", status: int = 403) -> Refused:
        """A refusal located at ``relative``, said as ``check`` says a problem."""
        printable = "".join(c if c.isprintable() else "\ufffd" for c in relative)
        return Refused(status, str(Problem(Location(self.shown(printable)), message, hint)))

    def path(self, value: object) -> PurePosixPath:
        """The path the editor names, checked to stay inside the folder without links."""
        if not isinstance(value, str) or not value:
            raise Refused(422, _("the request names no path"))
        reason = _unsafe(value)
        if reason:
            raise self.refuse(value, reason, _("name a file below the content folder"))
        relative = PurePosixPath(value)
        self._refuse_links(relative)
        return relative

    def slot(self, value: object, want: str = CONTENT) -> tuple[PurePosixPath, Slot]:
        """The path of a file the editor may use, and what it holds: a content file, a media
        file the site publishes, or (``want`` is ``EITHER``) one of the two."""
        relative = self.path(value)
        where = str(relative)
        slot = classify(relative)
        if isinstance(slot, Misplaced):
            raise self.refuse(where, slot.message, slot.hint)
        if slot.kind == "theme":
            raise self.refuse(where, _("the editor does not change the theme's files"))
        if slot.kind == MEDIA:
            refused = media_problem(relative.name)
            if refused:
                raise self.refuse(where, *refused)
            if want == CONTENT:
                raise self.refuse(where, _("this is a media file, not a content file"))
        elif want == MEDIA:
            raise self.refuse(where, _("this is a content file, not a media file"))
        return relative, slot

    def _refuse_links(self, relative: PurePosixPath) -> None:
        """Refuse a path that goes through a link, or that leads out of the folder."""
        current = self.real
        for part in relative.parts:
            current = current / part
            try:
                if stat.S_ISLNK(current.lstat().st_mode):
                    raise self.refuse(
                        str(relative), _("the path goes through a link: the editor follows none")
                    )
            except (FileNotFoundError, NotADirectoryError):
                break
        if not os.path.realpath(current).startswith(str(self.real) + os.sep):
            raise self.refuse(str(relative), _("the path leads out of the content folder"))

    def read(self, relative: PurePosixPath, limit: int) -> bytes | None:
        """The bytes of a file, None if it is missing or larger than ``limit``."""
        try:
            descriptor = os.open(self.real / relative, os.O_RDONLY | _NOFOLLOW)
        except FileNotFoundError:
            return None
        with os.fdopen(descriptor, "rb") as file:
            data = file.read(limit + 1)
        return data if len(data) <= limit else None

    def files(self, folder: PurePosixPath, depth: int) -> list[PurePosixPath]:
        """The visible files in ``folder`` and its subfolders ``depth`` levels down, sorted,
        without links."""
        found: list[PurePosixPath] = []
        if depth < 1:
            return found
        try:
            with os.scandir(self.real / folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except (FileNotFoundError, NotADirectoryError):
            return found
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~") or entry.is_symlink():
                continue
            if entry.is_dir() and depth > 1:
                found += self.files(folder / entry.name, depth - 1)
            elif entry.is_file():
                found.append(folder / entry.name)
        return found

    def write(self, relative: PurePosixPath, data: bytes) -> None:
        """Replace the file atomically with ``data``, creating its folders; a link in its
        place is replaced, not followed."""
        target = self.real / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(
            _TEMPORARY.format(name=target.name, token=secrets.token_hex(4))
        )
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        descriptor = os.open(temporary, flags, 0o666)
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            with contextlib.suppress(FileNotFoundError):  # a new file: as the umask says
                temporary.chmod(stat.S_IMODE(target.lstat().st_mode))
            temporary.replace(target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _sync_folder(target.parent)

    def exists(self, relative: PurePosixPath) -> bool:
        """Whether a file of this name, or one that differs only in case or accents, is
        there already."""
        folder = self.real / relative.parent
        try:
            names = {caseless(path.name) for path in folder.iterdir()}
        except FileNotFoundError:
            return False
        return caseless(relative.name) in names


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` last (where the system lets a folder be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _unsafe(path: str) -> str:
    """Why ``path`` is not a plain path below the content folder, or ''."""
    if len(path) > MAX_PATH:
        return _("the path is longer than {count} characters", count=MAX_PATH)
    if any(not character.isprintable() for character in path):
        return _("the path holds a control character")
    if "\\" in path:
        return _("the path holds a backslash: paths are written with '/'")
    if path.startswith("/") or _DRIVE.match(path):
        return _("the path is absolute: the editor names files below the content folder")
    if _ENCODED.search(path):
        return _("the path holds a URL-encoded character such as '%2e'")
    parts = path.split("/")
    if ".." in parts:
        return _("the path leads out of the content folder ('..')")
    if any(part in ("", ".") for part in parts):
        return _("the path has an empty part ('//' or '/./')")
    if any(part.startswith(".") or part.endswith("~") for part in parts):
        return _("hidden files and backups ('.…', '…~') are not content")
    return ""


def _info(folder: _Folder, params: Params) -> Json:
    return {"repo": folder.real.name, "publish_modes": ["simple"], "type": "local_fs"}


def _entries_by_folder(folder: _Folder, params: Params) -> Json:
    where = _folder(folder, params, "folder")
    extension = _field(params, "extension", str)
    depth = min(_field(params, "depth", int), MAX_DEPTH)
    files = [
        path
        for path in folder.files(where, depth)
        if path.name.endswith(extension) and _is_content(path)
    ]
    return [_entry(folder, path) for path in files]


def _folder(folder: _Folder, params: Params, name: str) -> PurePosixPath:
    """The folder that ``params`` names as ``name``, also when written with a final '/'."""
    return folder.path(_field(params, name, str).removesuffix("/"))


def _is_content(path: PurePosixPath) -> bool:
    slot = classify(path)
    return isinstance(slot, Slot) and slot.kind not in (MEDIA, "theme")


def _entry(folder: _Folder, path: PurePosixPath, label: object = None) -> Json:
    """A content file as the editor reads it: its text and a hash that tells versions apart;
    ``data`` is None for a file that is not there."""
    data = folder.read(path, MAX_BYTES)
    file: Json = {
        "path": str(path),
        "id": None if data is None else hashlib.sha256(data).hexdigest(),
    }
    if isinstance(label, str):
        file["label"] = label
    text = None if data is None else data.decode("utf-8", "replace")
    return {"data": text, "file": file}


def _entries_by_files(folder: _Folder, params: Params) -> Json:
    files = _field(params, "files", list)
    if not all(isinstance(file, dict) for file in files):
        raise Refused(422, _("the request lacks a valid '{name}'", name="files"))
    named = [(folder.slot(file.get("path"))[0], file.get("label")) for file in files]
    return [_entry(folder, path, label) for path, label in named]


def _get_entry(folder: _Folder, params: Params) -> Json:
    return _entry(folder, folder.slot(params.get("path"))[0])


def _persist_entry(folder: _Folder, params: Params) -> Json:
    data_files = params.get("dataFiles") or [_field(params, "entry", dict)]
    options = _field(params, "options", dict)
    new_entry = options.get("newEntry") is True
    writes: list[tuple[PurePosixPath, bytes]] = []
    moved: list[PurePosixPath] = []
    for data_file in data_files:
        if not isinstance(data_file, dict):
            raise Refused(422, _("the request lacks a valid '{name}'", name="dataFiles"))
        path, slot = folder.slot(data_file.get("path"))
        target = path
        if data_file.get("newPath") not in (None, data_file.get("path")):
            target, slot = folder.slot(data_file["newPath"])
            moved.append(path)
        if (new_entry or target != path) and folder.exists(target):
            raise folder.refuse(
                str(target),
                _("a file of this name exists already"),
                _("give the entry another title or slug"),
            )
        raw = _field(data_file, "raw", str)
        writes.append((target, _checked_entry(folder, target, slot, raw)))
    writes += [_checked_media(folder, asset) for asset in _field(params, "assets", list)]
    for path, data in writes:
        folder.write(path, data)
    for path in moved:
        (folder.real / path).unlink(missing_ok=True)
    return {"message": "entry persisted"}


def _checked_entry(folder: _Folder, path: PurePosixPath, slot: Slot, raw: str) -> bytes:
    """The text the editor sent for ``path``, laid over the file as it was, as bytes;
    refused with the problems ``check`` would report in it, and refused when the file as it
    is cannot be read: the editor then showed it empty, and saving would lose it."""
    shown = folder.shown(str(path))
    old = folder.read(path, MAX_BYTES)
    if old is not None:
        before, unreadable = parse_document(shown, old, slot.kind, slot.alliance)
        if before is None:
            raise Refused(409, _said(unreadable))
        raw = kept(old.decode("utf-8", "replace"), raw, path.suffix == ".md")
    data = raw.encode()
    if len(data) > MAX_BYTES:
        problems = [too_large(shown)]
    else:
        document, problems = parse_document(shown, data, slot.kind, slot.alliance)
        if document is not None:
            problems += document_problems(document, _original(folder, path, slot))
    if problems:
        raise Refused(422, _said(problems))
    return data


def _original(folder: _Folder, path: PurePosixPath, slot: Slot) -> Document | None:
    """The file that the file at ``path`` translates, as it is now; None for a file that
    translates none, or whose original cannot be read."""
    name = original_name(path.name)
    if name == path.name:
        return None
    found = path.with_name(name)
    raw = folder.read(found, MAX_BYTES)
    if raw is None:
        return None
    return parse_document(folder.shown(str(found)), raw, slot.kind, slot.alliance)[0]


def _said(problems: list[Problem]) -> str:
    """The problems as ``alliancegen check`` prints them."""
    ordered = tuple(sorted(problems, key=lambda problem: problem.location))
    return "\n".join([*map(str, ordered), summarize(ordered)])


def _checked_media(folder: _Folder, asset: object) -> tuple[PurePosixPath, bytes]:
    """A media file the editor uploads: its path and bytes, refused if the site would not
    publish it, if it is too large, or if another file has its name."""
    if not isinstance(asset, dict) or asset.get("encoding") != "base64":
        raise Refused(422, _("the request lacks a valid '{name}'", name="asset"))
    path, _slot = folder.slot(asset.get("path"), MEDIA)
    content = _field(asset, "content", str)
    if len(content) > MAX_MEDIA * 4 // 3 + 4:
        raise folder.refuse(
            str(path),
            _("the file is larger than {size} MB", size=MAX_MEDIA // 1_000_000),
            _("make the image smaller, or copy large files into the media folder"),
            status=413,
        )
    try:
        data = base64.b64decode(content, validate=True)
    except binascii.Error:
        raise Refused(422, _("the request lacks a valid '{name}'", name="content")) from None
    shown = folder.shown(str(path))
    if path.suffix.lower() == ".svg":
        problems = svg_problems(shown, io.BytesIO(data))
        if problems:
            raise Refused(422, _said(problems))
    if folder.exists(path) and folder.read(path, MAX_MEDIA) != data:
        raise folder.refuse(
            str(path),
            _("another file of this name is in the media folder already"),
            _("rename the file before you upload it"),
        )
    return path, data


def _media_file(folder: _Folder, path: PurePosixPath, data: bytes | None = None) -> Json:
    """A media file as the editor reads it; its content left out when ``data`` is None."""
    return {
        "id": hashlib.sha256(data or str(path).encode()).hexdigest(),
        "content": base64.b64encode(data or b"").decode("ascii"),
        "encoding": "base64",
        "path": str(path),
        "name": path.name,
    }


def _get_media(folder: _Folder, params: Params) -> Json:
    where = _folder(folder, params, "mediaFolder")
    probe = classify(where / "probe.png")
    if not isinstance(probe, Slot) or probe.kind != MEDIA:
        raise folder.refuse(str(where), _("this is not a media folder"))
    listed = []
    budget = MAX_LISTED
    for path in folder.files(where, 1):
        if media_problem(path.name) is None:
            data = folder.read(path, budget)
            budget -= len(data or b"")
            listed.append(_media_file(folder, path, data))
    return listed


def _get_media_file(folder: _Folder, params: Params) -> Json:
    path, _slot = folder.slot(params.get("path"), MEDIA)
    data = folder.read(path, MAX_MEDIA)
    if data is None:
        raise folder.refuse(str(path), _("there is no such media file"), status=404)
    return _media_file(folder, path, data)


def _persist_media(folder: _Folder, params: Params) -> Json:
    path, data = _checked_media(folder, _field(params, "asset", dict))
    folder.write(path, data)
    return _media_file(folder, path, data)


def _delete_files(folder: _Folder, params: Params) -> Json:
    paths = [folder.slot(path, EITHER)[0] for path in _field(params, "paths", list)]
    for path in paths:
        (folder.real / path).unlink(missing_ok=True)
    return {"message": "deleted files " + ", ".join(map(str, paths))}


def _deploy_preview(folder: _Folder, params: Params) -> Json:
    return None


ACTIONS: dict[str, Callable[[_Folder, Params], Json]] = {
    "info": _info,
    "entriesByFolder": _entries_by_folder,
    "entriesByFiles": _entries_by_files,
    "getEntry": _get_entry,
    "persistEntry": _persist_entry,
    "getMedia": _get_media,
    "getMediaFile": _get_media_file,
    "persistMedia": _persist_media,
    "deleteFiles": _delete_files,
    "getDeployPreview": _deploy_preview,
}
"""The actions of Decap's local protocol that a site without editorial workflow uses."""
