"""Write the site: a whole build into a staging folder swapped in at the end, so a failed
build loses nothing; a preview's rebuilds in place, touching only the files that changed."""

from __future__ import annotations

import ctypes
import errno
import hashlib
import os
import shutil
import stat
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath

from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.i18n import _
from alliancegen.load import Stamp
from alliancegen.load import stamp
from alliancegen.render import Output
from alliancegen.theme import themes_folder

MARKER = ".alliancegen"
"""A file in every output folder: alliancegen replaces only folders that carry it."""
MARKER_TEXT = "Written by alliancegen; replaced by every build.\n"


@dataclass(frozen=True)
class WriteReport:
    """What the write did."""

    files: int
    pages: int
    changed: int
    """Files that are new or whose bytes changed; the others were kept as they were."""
    written: Written
    """What the output folder holds now, for the next write."""


Written = dict[str, tuple[Stamp, bytes]]
"""The files of an output folder as a write left them: path -> (stamp, digest). A file whose
stamp is the same still holds those bytes."""


def write_site(
    outputs: Iterable[Output], output_dir: Path, content_dir: Path, known: Written | None = None
) -> WriteReport:
    """Make ``output_dir`` hold exactly ``outputs``; a folder it links to is the output.

    The new site is written next to the folder first and swapped into its place: killed at
    any moment, the folder holds the previous build or the new one, complete. A folder that
    cannot be swapped (a mount point, or its parent is not writable) is updated in place:
    changed files are written under temporary names first and renamed at the end, files
    that are gone are removed last, so a failed write changes nothing. A file whose bytes did
    not change is kept as it was (in a swap, the previous build's file hard-linked): it keeps
    its modification time, so that upload and sync tools skip it. When the folder holds
    exactly ``outputs`` already (``known`` says what the last write left, and every file is
    as it was left), nothing is written at all. The caller holds ``exclusive(output_dir)``.
    """
    refuse(output_dir, content_dir)
    folder = output_dir.resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    files = [(output, _digest(output.content)) for output in outputs]
    pages = sum(output.path.suffix == ".html" for output, _ in files)
    if known is not None and _holds(folder, files, known):
        return WriteReport(len(files), pages, 0, known)
    left = _as_left(folder, known or {})
    try:
        if _swappable(folder):
            changed = _write_swapped(files, folder, left)
        else:
            changed = _write_in_place(files, folder, left)
    except OSError as error:
        where = Location(Path(error.filename or output_dir))
        message = _("cannot write the site: {reason}", reason=error.strerror)
        raise ContentError([Problem(where, message)]) from None
    root = str(folder)
    written = {
        name: (_stamp(f"{root}/{name}"), digest)
        for name, digest in ((output.path.as_posix(), digest) for output, digest in files)
    }
    return WriteReport(len(files), pages, changed, written)


@contextmanager
def exclusive(output_dir: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """While held, no other build (of any process) writes ``output_dir``; ``waiting`` is
    called first when another one does, and this one waits for it. The lock is on the folder
    that holds the output (never swapped, never a file of ours), and it ends with its
    process, however that ends."""
    try:
        import fcntl
    except ImportError:  # a system without flock: builds are not kept apart
        yield
        return
    holder = output_dir.resolve().parent
    holder.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(holder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _swappable(folder: Path) -> bool:
    """Whether a new folder can take the place of ``folder`` by a rename."""
    return not os.path.ismount(folder) and os.access(folder.parent, os.W_OK)


def _write_swapped(files: list[tuple[Output, bytes]], folder: Path, left: dict[str, bytes]) -> int:
    """Write ``files`` into a staging folder next to ``folder``, then swap it in."""
    staging = _ours(folder.with_name(f".{folder.name}.staging"))
    old = _ours(folder.with_name(f".{folder.name}.old"))
    if old.is_dir() and not folder.exists():
        old.replace(folder)  # an earlier build was stopped between its two renames
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        changed = _write_all(files, staging, folder, left)
        _swap(staging, folder, old)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return changed


def _ours(folder: Path) -> Path:
    """``folder``, where a build may delete it: it is absent, or a build wrote it."""
    if folder.is_symlink() or (folder.exists() and not (folder / MARKER).is_file()):
        message = _(
            "'{name}' is in the way: alliancegen writes its next build there", name=folder.name
        )
        hint = _("move or rename {folder}; alliancegen did not write it", folder=folder)
        raise ContentError([Problem(Location(folder), message, hint)])
    return folder


def _write_in_place(files: list[tuple[Output, bytes]], folder: Path, left: dict[str, bytes]) -> int:
    """Update ``folder`` where it is: new and changed files under temporary names first,
    renamed into place at the end; files that are no longer part of the site go last."""
    pending: list[tuple[Path, Path]] = []
    try:
        for output, digest in files:
            target = folder / output.path
            if left.get(output.path.as_posix()) == digest or _holds_bytes(target, output.content):
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(output.content)
            pending.append((temporary, target))
        if not (folder / MARKER).is_file():
            (folder / MARKER).write_text(MARKER_TEXT)
    except OSError:
        for temporary, _ in pending:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in pending:
        temporary.replace(target)
    wanted = {folder / output.path for output, _ in files} | {folder / MARKER}
    for path in sorted(_files_in(folder) - wanted, reverse=True):
        path.unlink()
        _remove_empty_folders(path.parent, folder)
    return len(pending)


def _holds_bytes(path: Path, content: bytes) -> bool:
    try:
        status = path.lstat()
        return (
            stat.S_ISREG(status.st_mode)
            and status.st_size == len(content)
            and (path.read_bytes() == content)
        )
    except OSError:
        return False


def _files_in(folder: Path) -> set[Path]:
    return {Path(top, name) for top, _, names in os.walk(folder) for name in names}


def _holds(output_dir: Path, files: list[tuple[Output, bytes]], known: Written) -> bool:
    """Whether ``output_dir`` holds exactly ``files``, each as the last write left it."""
    if len(files) != len(known):
        return False
    for output, digest in files:
        left = known.get(output.path.as_posix())
        if left is None or left[1] != digest:
            return False
    return is_as_left(output_dir, known)


def is_as_left(output_dir: Path, known: Written) -> bool:
    """Whether ``output_dir`` holds exactly the files a write left there, each as it was."""
    root = str(output_dir)
    if any(_stamp(f"{root}/{name}") != left for name, (left, _) in known.items()):
        return False
    present = {
        f"{folder}/{name}"[len(root) + 1 :] for folder, _, names in os.walk(root) for name in names
    }
    return present == {*known, MARKER}


def _as_left(output_dir: Path, known: Written) -> dict[str, bytes]:
    """The digests of the files in ``output_dir`` that are as the last write left them."""
    root = str(output_dir)
    return {
        path: digest for path, (left, digest) in known.items() if _stamp(f"{root}/{path}") == left
    }


def _stamp(path: str | Path) -> Stamp:
    try:
        return stamp(os.lstat(path))
    except OSError:
        return (0, 0, 0, 0)


def _write_all(
    files: list[tuple[Output, bytes]], staging: Path, previous: Path, left: dict[str, bytes]
) -> int:
    changed = 0
    staging.mkdir()
    (staging / MARKER).write_text(MARKER_TEXT)  # first: a leftover of a stopped build is ours
    folders = {staging}
    for output, digest in files:
        target = staging / output.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        same = left.get(output.path.as_posix()) == digest
        if not _kept(previous / output.path, target, output.content, same):
            target.write_bytes(output.content)
            changed += 1
    return changed


def _kept(old: Path, target: Path, content: bytes, known_same: bool) -> bool:
    """Link ``old`` as ``target`` if it holds ``content`` (``known_same``: known to hold it
    without reading it); False where it does not, or the file system cannot link."""
    if not (known_same or _holds_bytes(old, content)):
        return False
    try:
        os.link(old, target)
    except OSError:
        return False
    return True


def _swap(staging: Path, output_dir: Path, old: Path) -> None:
    if not output_dir.exists():
        staging.replace(output_dir)
    elif _exchange(staging, output_dir):
        shutil.rmtree(staging, ignore_errors=True)  # it holds the previous build now
    else:
        output_dir.replace(old)
        staging.replace(output_dir)
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_current_folder, exchange = -100, 2
    result = renameat2(
        at_current_folder, os.fsencode(first), at_current_folder, os.fsencode(second), exchange
    )
    if result == 0:
        return True
    number = ctypes.get_errno()
    if number in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without the exchange
    raise OSError(number, os.strerror(number), str(second))


def refuse(output_dir: Path, content_dir: Path) -> None:
    """Never write over or into the content or the themes (a build there becomes input of
    the next one), nor over the project, the home folder or a folder of others."""
    output = output_dir.resolve()
    content, themes = content_dir.resolve(), themes_folder().resolve()
    hint = _("choose an empty or new folder with --output")
    refused = {
        Path("/"): _("the output folder is the root of the file system"),
        Path.home().resolve(): _("the output folder is your home folder"),
        content.parent: _("the output folder is the folder that holds the content"),
        content: _("the output folder is the content folder"),
        themes: _("the output folder is the themes"),
    }
    if output in refused:
        message = refused[output]
    elif output.is_relative_to(content) or output.is_relative_to(themes):
        message = (
            _("the output folder is inside the content folder: each build would read the last")
            if output.is_relative_to(content)
            else _("the output folder is inside the themes: each build would read the last")
        )
        hint = _("choose a folder outside it with --output, e.g. build/ beside the content folder")
    elif content.is_relative_to(output):
        message = _("the output folder holds the content folder")
    elif themes.is_relative_to(output):
        message = _("the output folder holds the themes")
    elif output_dir.exists() and not output_dir.is_dir():
        message = _("the output folder is a file")
    elif output_dir.is_dir() and any(output_dir.iterdir()) and not (output_dir / MARKER).exists():
        message = _("the output folder holds files that alliancegen did not write")
    else:
        return
    raise ContentError([Problem(Location(output_dir), message, hint)])


@dataclass(frozen=True)
class Update:
    """What ``update_folder`` changed, and what the folder now holds."""

    written: int
    removed: int
    held: Held


Held = dict[PurePosixPath, tuple[bytes, bytes]]
"""The files of an output folder: the bytes last written to each, and their digest."""


def update_folder(outputs: Iterable[Output], output_dir: Path, previous: Held) -> Update:
    """Make ``output_dir`` hold exactly ``outputs``, touching only files whose bytes changed.

    ``previous`` is what the last update left there; bytes that are the very object written
    then are not even compared. Each file is replaced in one step, so a reader never sees half
    a file.
    """
    held: Held = {}
    written = 0
    for output in outputs:
        known = previous.get(output.path)
        if known is None or known[0] is not output.content:
            digest = _digest(output.content)
            if known is None or known[1] != digest:
                _replace(output_dir / output.path, output.content)
                written += 1
            known = (output.content, digest)
        held[output.path] = known
    gone = sorted(set(previous) - set(held))
    for path in gone:
        (output_dir / path).unlink(missing_ok=True)
        _remove_empty_folders((output_dir / path).parent, output_dir)
    return Update(written, len(gone), held)


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _replace(target: Path, content: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_bytes(content)
    temporary.replace(target)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
