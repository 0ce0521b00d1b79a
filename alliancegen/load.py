"""Read the content folder: every file becomes a Document that knows where each value stands.

Scalars stay text exactly as written (``no`` stays "no", ``03677`` keeps its zero); the model
decides what a value means. Only an empty value, ``~`` and ``null`` become None.
"""

from __future__ import annotations

import bisect
import codecs
import itertools
import os
import re
import unicodedata
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from functools import lru_cache
from pathlib import Path
from pathlib import PurePosixPath
from typing import NamedTuple

import yaml
from yaml.nodes import MappingNode
from yaml.nodes import Node
from yaml.nodes import ScalarNode
from yaml.nodes import SequenceNode

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import did_you_mean
from alliancegen.errors import unreadable
from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.i18n import language
from alliancegen.media import media_problems

KeyPath = tuple[str | int, ...]

_TRANSLATION = re.compile(
    r"(?P<name>[^.]+)\.(?P<edition>[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*|leicht)\.md"
)
"""A Markdown file written for another edition than the main one: 'mitmachen.tr.md' (the
language's code, or 'leicht' for Leichte Sprache, between name and extension)."""


def edition_of(name: str) -> str | None:
    """The edition a content file is written for, by its name; None for the main one."""
    match = _TRANSLATION.fullmatch(name)
    return match["edition"] if match else None


def original_name(name: str) -> str:
    """The name of the file that a translation translates: 'mitmachen.tr.md' -> 'mitmachen.md'."""
    match = _TRANSLATION.fullmatch(name)
    return f"{match['name']}.md" if match else name


SITE_FILES = {
    "site.yaml": "site",
    "leichte-sprache.md": "easy_read",
    "fields-of-action.yaml": "national_fields",
    "action-days.yaml": "action_days",
    "organisations.yaml": "organisations",
}
SITE_FOLDERS = ("pages", "news")
ALLIANCE_FILES = {
    "alliance.md": "alliance",
    "people.yaml": "people",
    "partners.yaml": "partners",
    "fields-of-action.yaml": "fields_of_action",
    "goals.yaml": "goals",
    "committees.yaml": "committees",
    "working-groups.yaml": "working_groups",
}
ALLIANCE_FOLDERS = ("projects", "events", "news", "pages", "offers")
"""Folders of Markdown files; the folder's name is the kind of its documents."""
ALLIANCES = "alliances"
MEDIA = "media"
THEME_FOLDERS = ("templates", "static")
MAX_BYTES = 5_000_000
"""A content file larger than this is a mistake: large files belong in media/."""
MAX_VALUES = 200_000
"""More values than this in one file means an alias bomb, not content."""

INVISIBLE = re.compile(r"[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters that text may not hold: control characters but tab and line ends, lone
surrogates, U+FFFE and U+FFFF. XML (the feeds) and iCalendar forbid them, and no one types
them: they come along when text is copied from Word or a PDF."""
INVISIBLE_HINT = N_(
    "delete it: such characters come along when text is copied from Word or a PDF "
    "(a file full of them was not saved as UTF-8)"
)
MAX_INVISIBLE = 10
"""A file with more such characters is reported at the first ones only."""

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_PROBLEMS = (
    N_("mapping values are not allowed in this context"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}}'"),
    N_("did not find expected node content"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("found undefined alias"),
    N_("found unknown escape character"),
    N_("found character that cannot start any token"),
    N_("block sequence entries are not allowed in this context"),
    N_("unexpected text"),
)
"""What YAML (libyaml) says of the usual mistakes, for the catalog: a problem is said in the
user's language by its words, braces doubled (its other words stay as they are)."""
_NULL = "tag:yaml.org,2002:null"
_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "merge", "seq", "map")
)


@dataclass(frozen=True)
class Positions:
    """Where each key and value of a document stands in its file."""

    keys: Mapping[KeyPath, Location] = field(default_factory=dict)
    values: Mapping[KeyPath, Location] = field(default_factory=dict)

    def of_value(self, path: KeyPath) -> Location | None:
        """The value at ``path``, or the closest enclosing value that has a position."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return None

    def of_key(self, path: KeyPath) -> Location | None:
        """The key that ends ``path``, falling back to the value's position."""
        return self.keys.get(path) or self.of_value(path)


@dataclass(frozen=True)
class Document:
    """One content file: its kind, its data as plain Python values, and its Markdown body."""

    path: Path
    kind: str
    alliance: str | None
    data: object
    positions: Positions
    body: str | None = None
    body_line: int = 1

    @property
    def start(self) -> Location:
        """The first line of the file."""
        return Location(self.path)

    @property
    def edition(self) -> str | None:
        """The edition the file is written for ('en', 'leicht'); None for the main one."""
        return edition_of(self.path.name)


@dataclass(frozen=True)
class Content:
    """Everything read from the content folder."""

    root: Path
    documents: tuple[Document, ...]
    files: frozenset[PurePosixPath]
    """Media files (images, documents), relative to the content folder."""
    unread: frozenset[tuple[str | None, str]]
    """(alliance, kind) of the documents that could not be read at all."""
    problems: tuple[Problem, ...]

    @cached_property
    def names(self) -> frozenset[PurePosixPath]:
        """The media files by the names references use (``nfc``)."""
        return frozenset(PurePosixPath(nfc(str(path))) for path in self.files)


Read = tuple[Document | None, list[Problem]]
"""A file's document, or None if it could not be read, with the problems found."""


@dataclass(frozen=True)
class Slot:
    """What a content file holds (its kind, as the model names it), and for which alliance."""

    kind: str
    alliance: str | None = None


@dataclass(frozen=True)
class Misplaced:
    """Why a file does not belong where it lies."""

    message: str
    hint: str = ""


class _File(NamedTuple):
    """A content file as the folder walk found it."""

    relative: str
    """Its path below the content folder, with '/'."""
    absolute: str
    """Its path from the file system's root, as ``Path.absolute`` writes it: the key that
    reported changes find it by, also when the content folder was given relative."""
    stamp: Stamp
    """Modification time, size and inode: a file with the same stamp did not change."""

    def restat(self) -> _File:
        """The same file with its stamp as it is now."""
        return self._replace(stamp=stamp(Path(self.absolute).stat()))


class _Walk:
    """What one walk of the content folder found, kept up to date with reported changes."""

    def __init__(self, root: Path, files: list[_File], problems: list[Problem]) -> None:
        self.root = root
        self.files = files
        self.problems = problems
        self._index = {file.absolute: number for number, file in enumerate(files)}

    def keeps_up_with(self, path: Path, absolute: str) -> bool:
        """Take in that ``path`` changed; False when only a new walk can tell what is there."""
        try:
            parts = path.absolute().relative_to(self.root.absolute()).parts
        except ValueError:
            return True  # not content: a theme's template
        if any(part.startswith(".") or part.endswith("~") for part in parts):
            return True  # the walk skips it
        number = self._index.get(absolute)
        if number is None:
            return self._takes_in(path, "/".join(parts), absolute)
        if path.is_file() and not path.is_symlink():
            self.files[number] = self.files[number].restat()
            return True
        if not path.exists() and not path.is_symlink():
            self._change(lambda files: files.remove(files[number]))
            return True
        return False

    def _takes_in(self, path: Path, relative: str, absolute: str) -> bool:
        """Add the new file at ``path`` where a walk would find it: a plain file in a folder
        that holds files already, whose name no other file has in other case or composition
        (and nothing the walk refused could be its twin); False for anything else."""
        folder = relative.rpartition("/")[0]
        plain = path.is_file() and not path.is_symlink()
        if not plain or self.problems or folder not in self._folders:
            return not path.exists() and not self._holds_below(absolute)
        if caseless(relative) in self._caseless:
            return False
        new = _File(relative, absolute, stamp(path.stat()))
        position = bisect.bisect(self.files, _order(new), key=_order)
        self._change(lambda files: files.insert(position, new))
        return True

    def _change(self, change: Callable[[list[_File]], None]) -> None:
        change(self.files)
        self._index = {file.absolute: number for number, file in enumerate(self.files)}
        self.__dict__.pop("_folders", None)
        self.__dict__.pop("_caseless", None)

    def _holds_below(self, absolute: str) -> bool:
        return any(name.startswith(absolute + os.sep) for name in self._index)

    @cached_property
    def _folders(self) -> frozenset[str]:
        """Every folder that holds a file, the content folder itself as ''."""
        return frozenset(
            "/".join(parts[:depth])
            for parts in (file.relative.split("/") for file in self.files)
            for depth in range(len(parts))
        )

    @cached_property
    def _caseless(self) -> frozenset[str]:
        return frozenset(caseless(file.relative) for file in self.files)


def _order(file: _File) -> list[str]:
    """Where a walk finds ``file``: folder by folder, each one's entries by name."""
    return file.relative.split("/")


class DocumentCache:
    """Documents read before, so that a rebuild parses only files that changed.

    A file counts as unchanged while its stamp is the same and nobody said it changed
    (``forget``). The folder walk is kept too while every change reported is a known file
    that is still there: a saved file needs no walk over ten thousand others.
    """

    def __init__(self) -> None:
        self._entries: dict[str, tuple[Stamp, Read]] = {}
        self._walk: _Walk | None = None

    def forget(self, paths: Iterable[Path]) -> None:
        """Read these files again next time, whatever their stamps say; walk the folder again
        if one of them is a new, vanished or replaced content file, or a folder."""
        for path in paths:
            absolute = str(path.absolute())
            self._entries.pop(absolute, None)
            if self._walk is not None and not self._walk.keeps_up_with(path, absolute):
                self._walk = None

    def forget_folder(self) -> None:
        """Walk the folder again next time: files may have come or gone unreported."""
        self._walk = None

    def walk(self, root: Path) -> tuple[list[_File], list[Problem]]:
        """The files below ``root`` as the last walk found them, or a new walk."""
        if self._walk is None or self._walk.root != root:
            self._walk = _Walk(root, *_content_files(root))
        return list(self._walk.files), list(self._walk.problems)

    def read(self, file: _File, root: Path, kind: str, alliance: str | None) -> Read:
        """The document in ``file`` below ``root``, parsed again only if it changed."""
        return self._known(file, lambda: read_document(root / file.relative, kind, alliance))

    def check_media(self, file: _File, root: Path) -> list[Problem]:
        """Why the media ``file`` below ``root`` is not published, checked again only if it
        changed."""
        return self._known(file, lambda: (None, media_problems(root / file.relative)))[1]

    def _known(self, file: _File, read: Callable[[], Read]) -> Read:
        known = self._entries.get(file.absolute)
        if known is None or known[0] != file.stamp:
            known = self._entries[file.absolute] = (file.stamp, read())
        return known[1]


def load_content(root: Path, cache: DocumentCache | None = None) -> Content:
    """Read every file below ``root``; collect problems instead of stopping at the first."""
    documents: list[Document] = []
    media: set[PurePosixPath] = set()
    unread: set[tuple[str | None, str]] = set()
    files, problems = cache.walk(root) if cache else _content_files(root)
    spoken = language()
    for file in files:
        slot = _classify(tuple(file.relative.split("/")), spoken)
        if isinstance(slot, Misplaced):
            problems.append(Problem(Location(root / file.relative), slot.message, slot.hint))
        elif slot.kind == MEDIA:
            media.add(PurePosixPath(file.relative))  # also when refused: it is there
            if cache is None:
                problems += media_problems(root / file.relative)
            else:
                problems += cache.check_media(file, root)
        elif slot.kind != "theme":
            if cache is None:
                document, found = read_document(root / file.relative, slot.kind, slot.alliance)
            else:
                document, found = cache.read(file, root, slot.kind, slot.alliance)
            problems.extend(found)
            if document is None:
                unread.add((slot.alliance, slot.kind))
            else:
                documents.append(document)
    return Content(root, tuple(documents), frozenset(media), frozenset(unread), tuple(problems))


def _content_files(root: Path) -> tuple[list[_File], list[Problem]]:
    """Every visible file below ``root``, in order; links that lead out of it are problems,
    and so are folders that cannot be read and names that differ only in case or in how their
    accented letters are encoded (one file on Windows and macOS, two in git)."""
    real_root = os.path.realpath(root) + os.sep
    files: list[_File] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}

    def visit(folder: str, relative_folder: str) -> None:
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as error:
            problems.append(unreadable(root / relative_folder, error, "folder"))
            return
        for entry in entries:
            if entry.name.startswith(".") or entry.name.endswith("~"):
                continue
            relative = f"{relative_folder}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                visit(entry.path, relative + "/")
                continue
            problem = _refused_link(entry, real_root) if entry.is_symlink() else None
            twin = seen.setdefault(caseless(relative), relative)
            if problem is None and twin != relative:
                problem = _twins(twin, relative)
            if problem is not None:
                problems.append(Problem(Location(root / relative), *problem))
                continue
            try:
                if entry.is_file():
                    files.append(_File(relative, entry.path, stamp(entry.stat())))
            except FileNotFoundError:
                pass  # gone since the folder was listed: not there
            except OSError as error:  # a folder that may be listed but not entered
                problems.append(unreadable(root / relative, error))

    if root.is_dir():
        visit(str(root.absolute()), "")
    else:
        hint = _("name the folder that holds site.yaml")
        problems.append(Problem(Location(root), _("there is no content folder here"), hint))
    return files, problems


def nfc(name: str) -> str:
    """A file name as it is published and referred to: accented letters composed (NFC), as
    YAML is typed, whichever way the file system spells them (macOS writes them decomposed)."""
    return unicodedata.normalize("NFC", name)


def caseless(name: str) -> str:
    """What a file system that ignores case and composition sees in ``name``: names with the
    same key are one file on macOS or Windows."""
    if name.isascii():
        return name.lower()
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", name).casefold())


def _twins(first: str, second: str) -> tuple[str, str]:
    """Why ``second`` cannot stand next to ``first``, whose name it shares but for case or
    composition."""
    folder, _slash, name = first.rpartition("/")
    first_name = name if second.startswith(folder + "/") else first
    if nfc(first) == nfc(second):
        return (
            _(
                "differs from {name} only in how its accented letters are encoded (NFC and NFD)",
                name=first_name,
            ),
            _("delete one of the two"),
        )
    return (
        _("differs from {name} only in upper and lower case", name=first_name),
        _("rename one"),
    )


Stamp = tuple[int, int, int, int]
"""What tells a changed file: its modification and status-change times, its size and inode
(the status-change time moves with every write, whatever a tool does to the other one)."""


def stamp(status: os.stat_result) -> Stamp:
    """The stamp of a file with ``status``."""
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def _refused_link(entry: os.DirEntry[str], real_root: str) -> tuple[str, str] | None:
    """Why a symbolic link may not be followed: it leads to a folder, or out of the content."""
    if entry.is_dir():
        return (
            _("a link to a folder: alliancegen does not follow links to folders"),
            _("copy the folder instead"),
        )
    if not os.path.realpath(entry.path).startswith(real_root):
        return _("a link to a file outside the content folder"), _("copy the file instead")
    return None


def classify(relative: PurePosixPath) -> Slot | Misplaced:
    """What the file at ``relative`` below the content folder holds, as ``load_content``
    tells it, or why it does not belong there."""
    return _classify(relative.parts, language())


@lru_cache(maxsize=65536)
def _classify(parts: tuple[str, ...], spoken: str) -> Slot | Misplaced:
    """Tell what a file holds from where it lies, or why it does not belong there in the
    language ``spoken`` (which the cache keeps answers by)."""
    if parts[0] in THEME_FOLDERS:
        return Slot("theme")
    if parts[0] == ALLIANCES:
        if len(parts) < 3:
            return Misplaced(
                _("unexpected file: each alliance has a folder of its own in alliances/"),
                _("move it into alliances/<name>/, e.g. alliances/ilmenau/alliance.md"),
            )
        return _classify_in(parts[2:], ALLIANCE_FILES, ALLIANCE_FOLDERS, alliance=parts[1])
    return _classify_in(parts, SITE_FILES, SITE_FOLDERS, alliance=None)


def _classify_in(
    parts: tuple[str, ...],
    files: Mapping[str, str],
    folders: Iterable[str],
    alliance: str | None,
) -> Slot | Misplaced:
    parts = (*parts[:-1], original_name(parts[-1]))
    if len(parts) == 1 and parts[0] in files:
        return Slot(files[parts[0]], alliance)
    if len(parts) > 1 and parts[0] == MEDIA:
        return Slot(MEDIA, alliance)
    if len(parts) == 2 and parts[0] in folders:
        if parts[1].endswith(".md"):
            return Slot(parts[0], alliance)
        return Misplaced(
            _(
                "unexpected file in {folder}/: only Markdown files (.md) belong here",
                folder=parts[0],
            )
        )
    top = [ALLIANCES] if alliance is None else []
    expected = [*files, *(f"{name}/" for name in (*folders, MEDIA, *top))]
    return Misplaced(
        _("unexpected file: alliancegen does not know what it holds"),
        did_you_mean(parts[0] + ("/" if len(parts) > 1 else ""), expected),
    )


def read_document(path: Path, kind: str, alliance: str | None) -> Read:
    """Read one YAML or Markdown file; return None with the problems if it cannot be read."""
    raw = _read_bytes(path)
    if isinstance(raw, Problem):
        return None, [raw]
    return parse_document(path, raw, kind, alliance)


def parse_document(path: Path, raw: bytes, kind: str, alliance: str | None) -> Read:
    """The document that the bytes ``raw`` would be as the file ``path``; None with the
    problems if it could not be read."""
    text = _decode(raw, path)
    if isinstance(text, Problem):
        return None, [text]
    invisible = _invisible_characters(text, path)
    if invisible:
        return None, invisible
    body, body_line, line_offset = None, 1, 0
    if path.suffix == ".md":
        split = _split_front_matter(text, path)
        if isinstance(split, Problem):
            return None, [split]
        text, body, body_line = split
        line_offset = 1
    builder = _Builder(path, line_offset)
    try:
        data = builder.parse(text)
    except _Unreadable as error:
        return None, [error.problem]
    document = Document(path, kind, alliance, data, builder.positions(), body, body_line)
    return document, builder.problems


def _read_bytes(path: Path) -> bytes | Problem:
    try:
        if path.stat().st_size > MAX_BYTES:
            return too_large(path)
        return path.read_bytes()
    except OSError as error:
        return unreadable(path, error)


def too_large(path: Path) -> Problem:
    """That the content file ``path`` is larger than ``MAX_BYTES``."""
    return Problem(
        Location(path),
        _("the file is larger than {size} MB", size=MAX_BYTES // 1_000_000),
        _("content files hold text; put large files into a media/ folder"),
    )


def _decode(raw: bytes, path: Path) -> str | Problem:
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        line = raw.count(b"\n", 0, error.start) + 1
        return Problem(
            Location(path, line, column),
            _(
                "the file is not UTF-8 text: byte 0x{byte:02x} cannot be read",
                byte=raw[error.start],
            ),
            _("save the file with the encoding UTF-8"),
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _invisible_characters(text: str, path: Path) -> list[Problem]:
    """Where the file holds characters it may not hold, at the first few."""
    problems = []
    for match in itertools.islice(INVISIBLE.finditer(text), MAX_INVISIBLE):
        start = match.start()
        where = Location(path, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start))
        problems.append(Problem(where, _invisible(match[0]), _(INVISIBLE_HINT)))
    return problems


def _invisible(character: str, in_text: bool = False) -> str:
    """'an invisible control character U+000B, …', or 'an invisible character U+FFFE, …';
    ``in_text``: 'the text holds an invisible …'."""
    code = f"U+{ord(character):04X}"
    if unicodedata.category(character) != "Cc":
        if in_text:
            return _(
                "the text holds an invisible character {code}, which web feeds cannot hold",
                code=code,
            )
        return _("an invisible character {code}, which web feeds cannot hold", code=code)
    if in_text:
        return _(
            "the text holds an invisible control character {code}, which web feeds cannot hold",
            code=code,
        )
    return _("an invisible control character {code}, which web feeds cannot hold", code=code)


def _split_front_matter(text: str, path: Path) -> tuple[str, str, int] | Problem:
    """Split a Markdown file into front matter, body, and the line the body starts on."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return Problem(
            Location(path),
            _(
                "a Markdown file must start with front matter: a line '---', the fields, "
                "a line '---'"
            ),
            _(
                "add a first line '---', fields such as 'title: …', and a line '---' before "
                "the text"
            ),
        )
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    return Problem(
        Location(path),
        _("the front matter that starts here is never closed"),
        _("add a line '---' after the last field, before the text"),
    )


class _Unreadable(Exception):
    def __init__(self, problem: Problem) -> None:
        self.problem = problem


class _Builder:
    """Turn a YAML text into plain values, recording the position of every key and value."""

    def __init__(self, path: Path, line_offset: int) -> None:
        self.path = path
        self.line_offset = line_offset
        self.keys: dict[KeyPath, Location] = {}
        self.values: dict[KeyPath, Location] = {}
        self.problems: list[Problem] = []
        self.budget = MAX_VALUES

    def positions(self) -> Positions:
        return Positions(self.keys, self.values)

    def parse(self, text: str) -> object:
        try:
            node = yaml.compose(text, Loader=_LOADER)
        except yaml.MarkedYAMLError as error:
            raise _Unreadable(self._syntax_problem(error, text)) from None
        except yaml.YAMLError as error:
            problem = Problem(
                Location(self.path), _("this is not valid YAML: {problem}", problem=error)
            )
            raise _Unreadable(problem) from None
        except RecursionError:
            raise _Unreadable(self._too_deep()) from None
        if node is None:
            return None
        try:
            return self._value(node, ())
        except RecursionError:
            raise _Unreadable(self._too_deep()) from None

    def _location(self, node: Node) -> Location:
        mark = node.start_mark
        return Location(self.path, mark.line + 1 + self.line_offset, mark.column + 1)

    def _value(self, node: Node, path: KeyPath) -> object:
        self.budget -= 1
        if self.budget < 0:
            raise _Unreadable(
                Problem(
                    self._location(node),
                    _("the file holds more than {count} values", count=MAX_VALUES),
                    _("do not repeat large parts with YAML aliases ('*name')"),
                )
            )
        self.values[path] = self._location(node)
        if isinstance(node, MappingNode):
            return self._mapping(node, path)
        if isinstance(node, SequenceNode):
            return [self._value(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: MappingNode, path: KeyPath) -> dict[str, object]:
        data: dict[str, object] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problems.append(
                    Problem(self._location(key_node), _("a key must be a plain word, e.g. 'name'"))
                )
                continue
            key_path = (*path, key_node.value)
            if key_node.value in data:
                first = self.keys[key_path].line
                self.problems.append(
                    Problem(
                        self._location(key_node),
                        _(
                            "'{key}' is written twice here (first on line {line})",
                            key=key_node.value,
                            line=first,
                        ),
                        _("keep one of the two"),
                    )
                )
                continue
            self.keys[key_path] = self._location(key_node)
            data[key_node.value] = self._value(value_node, key_path)
        return data

    def _scalar(self, node: Node) -> str | None:
        if node.tag not in _TAGS:
            self.problems.append(
                Problem(
                    self._location(node),
                    _("the YAML tag '{tag}' is not supported", tag=node.tag),
                    _("remove the tag that starts with '!'"),
                )
            )
        if node.tag == _NULL:
            return None
        found = INVISIBLE.search(node.value)
        if found:
            self.problems.append(
                Problem(
                    self._location(node),
                    _invisible(found[0], in_text=True),
                    _("remove the escape sequence ('\\v', '\\x0b', '\\0' …) from the quoted text"),
                )
            )
        return str(node.value)

    def _syntax_problem(self, error: yaml.MarkedYAMLError, text: str) -> Problem:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        location = Location(self.path, line + 1 + self.line_offset, column + 1)
        lines = text.split("\n")
        if line < len(lines) and "\t" in lines[line][: column + 1]:
            return Problem(
                location,
                _("a tab character: YAML indents with spaces only"),
                _("replace the tab with spaces"),
            )
        problem = error.problem or "unexpected text"
        hint = _syntax_hint(problem, lines[line] if line < len(lines) else "", column)
        said = _(problem.replace("{", "{{").replace("}", "}}"))
        return Problem(location, _("this is not valid YAML: {problem}", problem=said), hint)

    def _too_deep(self) -> Problem:
        return Problem(Location(self.path), _("the values are nested too deeply to read"))


def _syntax_hint(problem: str, line: str, column: int) -> str:
    """What to do about YAML's ``problem`` at ``column`` of ``line``."""
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        return _("a list in [ ] or a group in {{ }} is not closed, or text in it needs quotes")
    if "mapping values are not allowed" in problem:
        return _quoting_hint(line, column)
    if "could not find expected ':'" in problem:
        return _("each line of a mapping is 'key: value'; check the indentation")
    if "expected <block end>" in problem or "did not find expected" in problem:
        return _("check the indentation: items of one list or mapping start in the same column")
    return ""


_KEY_VALUE = re.compile(
    r"""\s*(?P<key>(?:-\s+)*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#"'][^#]*?)):\s+"""
    r"""(?P<value>.+?)(?P<comment>\s+\#.*)?\s*"""
)
"""A line 'key: value', also as a list item ('- key: value'), with an optional comment."""


def _quoting_hint(line: str, column: int) -> str:
    """The ``line`` with its value in quotes when it is 'key: value' and YAML stumbled at
    ``column`` over a ': ' in the value; else how to write a ': ' in general."""
    match = _KEY_VALUE.fullmatch(line)
    if match is None or column < match.start("value"):
        return _("put text that contains ': ' in quotes, or indent the lines below a key")
    corrected = f"{match['key']}: {quoted(match['value'])}{match['comment'] or ''}"
    return _("put the value in quotes: {line}", line=corrected)


def quoted(text: str) -> str:
    """``text`` as a YAML string in quotes: double quotes unless it holds a '"' or a '\\'
    (escapes), else single quotes, in which a "'" is written twice."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
