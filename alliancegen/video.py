"""Videos read from their own bytes: running time, size in pixels, frame rate and codec.

Nothing is decoded and no program is run: only the container's headers are read, MP4 (the
ISO base media file format: boxes of a size and a type, ``moov`` holding ``mvhd`` and one
``trak`` per track) and WebM (Matroska's EBML: elements of an ID and a size, the ``Segment``
holding ``Info`` and ``Tracks``). Every read is a few bytes at a place the file names, checked
against the file's size first: a truncated file, or one whose parts claim more bytes than it
has, is refused as damaged, never read into memory.

Probing reads a file again only when its stamp changed.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePath
from typing import TYPE_CHECKING
from typing import BinaryIO

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import unreadable
from alliancegen.i18n import _
from alliancegen.i18n import decimal

if TYPE_CHECKING:
    from alliancegen.model import Site
    from alliancegen.model.entities import SignedArticle

ALLIANCES = "alliances"
"""The folder of alliances (load.ALLIANCES, which cannot be imported here: load checks media
with this module)."""

FORMATS = {"mp4": "MP4", "webm": "WebM"}
"""Videos that every current browser plays, by extension, with the format their bytes
must have."""
TYPES = {"MP4": "video/mp4", "WebM": "video/webm"}
H264 = frozenset({"avc1", "avc3"})
"""The MP4 codecs of H.264, the one every browser decodes."""
MIN_SIZE = (320, 240)
MIN_FPS = 25
"""What BITV 2.0 (Anlage 2, Teil 2) asks of a video in German Sign Language."""
MAX_PARTS = 100_000
"""More boxes or elements than this in one container is a hostile file, not a video."""


@dataclass(frozen=True)
class Video:
    """What a page says about a video file; None where the file does not tell."""

    format: str
    """'MP4' or 'WebM'."""
    size: int
    """The file's size in bytes."""
    duration: float | None
    """The running time in seconds."""
    width: int | None
    height: int | None
    """The picture's size in pixels, upright."""
    fps: float | None
    """Frames per second."""
    codec: str | None
    """The picture's codec as the container names it: 'avc1', 'V_VP9' …"""

    @property
    def mime_type(self) -> str:
        """The type for ``<source type=…>``."""
        return TYPES[self.format]


class Refused(Exception):
    """A video file that cannot be published: why, and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)
        self.message, self.hint = message, hint


def is_video(path: PurePath) -> bool:
    """Whether the media file at ``path`` is a video by its name."""
    return path.suffix.lower().lstrip(".") in FORMATS


_probed: dict[Path, tuple[tuple[int, ...], Video]] = {}


def probe_file(path: Path) -> Video:
    """The facts of the video file at ``path``, read again only when its stamp changed;
    raise Refused when it is no video its name promises (said in the language of the moment,
    so a refusal is not kept), OSError when it cannot be read."""
    from alliancegen.load import stamp  # noqa: PLC0415 (load checks media with this module)

    current = stamp(path.stat())
    known = _probed.get(path)
    if known is None or known[0] != current:
        with path.open("rb") as file:
            known = _probed[path] = (current, probe(file, current[2], path.name))
    return known[1]


def video_problems(path: Path) -> list[Problem]:
    """Why the video file at ``path`` is not published; nothing when it is."""
    try:
        probe_file(path)
    except Refused as refused:
        return [Problem(Location(path), refused.message, refused.hint)]
    except OSError as error:
        return [unreadable(path, error)]
    return []


def warnings(site: Site, content_dir: Path) -> Iterator[Problem]:
    """What the sign-language videos of ``site`` lack (``shortfalls``), at the page that
    shows each; a file that cannot be probed is a problem of its own (``video_problems``)."""
    own = [*site.pages, *filter(None, [site.easy_read])]
    pages: list[tuple[PurePath, SignedArticle]] = [(PurePath(), page) for page in own]
    pages += [(PurePath(ALLIANCES, a.folder), page) for a in site.alliances for page in a.pages]
    for folder, page in pages:
        video = page.sign_language
        facts = facts_of(content_dir / folder / video.file) if video else None
        for message, hint in shortfalls(facts, video.file) if video and facts else ():
            yield Problem(page.origin, message, hint)


def facts_of(path: Path) -> Video | None:
    """``probe_file``, or None for a file that is refused or cannot be read (which loading
    the content reports as a problem of the file)."""
    try:
        return probe_file(path)
    except (Refused, OSError):
        return None


def shortfalls(video: Video, name: str) -> list[tuple[str, str]]:
    """What the sign-language video ``name`` lacks of what BITV 2.0 asks and browsers need:
    messages with hints."""
    found = []
    width, height = video.width, video.height
    if width and height and (max(width, height) < MIN_SIZE[0] or min(width, height) < MIN_SIZE[1]):
        found.append(
            (
                _(
                    "the sign-language video '{name}' is {width} × {height} pixels; BITV 2.0 "
                    "asks for at least {least_width} × {least_height}",
                    name=name,
                    width=width,
                    height=height,
                    least_width=MIN_SIZE[0],
                    least_height=MIN_SIZE[1],
                ),
                _("export it again larger, e.g. 1280 × 720 pixels"),
            )
        )
    if video.fps is not None and round(video.fps, 2) < MIN_FPS:
        found.append(
            (
                _(
                    "the sign-language video '{name}' has {fps} frames per second; BITV 2.0 "
                    "asks for at least {least}",
                    name=name,
                    fps=decimal(video.fps, 1 if video.fps % 1 else 0),
                    least=MIN_FPS,
                ),
                _("export it again with 25 frames per second or more"),
            )
        )
    if video.duration is None:
        found.append(
            (
                _(
                    "the sign-language video '{name}' does not say how long it runs, which "
                    "the page must show",
                    name=name,
                ),
                _("export it again, e.g. with HandBrake, or let ffmpeg copy it: '-c copy'"),
            )
        )
    if video.format == "MP4" and video.codec not in H264:
        found.append(
            (
                _(
                    "the sign-language video '{name}' is coded as '{codec}', which not every "
                    "browser plays",
                    name=name,
                    codec=video.codec or "?",
                ),
                _("export it again as MP4 with H.264, e.g. with HandBrake's preset 'Fast 720p30'"),
            )
        )
    return found


def probe(file: BinaryIO, size: int, name: str) -> Video:
    """The facts of the video in ``file`` of ``size`` bytes, called ``name``; raise Refused
    when it is not the format its name says, or is damaged."""
    extension = name.rpartition(".")[2].lower()
    reader = _Reader(file, size, name)
    start = reader.peek(12)
    actual = "MP4" if start[4:8] == b"ftyp" else "WebM" if start[:4] == _EBML_MAGIC else None
    if actual is None:
        raise Refused(
            _("'{name}' is not an MP4 or WebM video, or it is damaged", name=name),
            _("export the video again as MP4 (H.264) or WebM and replace the file"),
        )
    if actual != FORMATS.get(extension):
        suggestion = f"{name.rpartition('.')[0]}.{actual.lower()}"
        raise Refused(
            _(
                "'{name}' is in {format} format, but its name ends in '.{extension}'",
                name=name,
                format=actual,
                extension=extension,
            ),
            _("rename it to '{suggestion}'", suggestion=suggestion),
        )
    return _mp4(reader) if actual == "MP4" else _webm(reader)


class _Reader:
    """Reads a few bytes at a time from a file of a known size; any read past its end means
    the file is damaged or incomplete."""

    def __init__(self, file: BinaryIO, size: int, name: str) -> None:
        self.file, self.size, self.name = file, size, name

    def read(self, position: int, count: int) -> bytes:
        if position < 0 or count < 0 or position + count > self.size:
            raise self.damaged()
        self.file.seek(position)
        data = self.file.read(count)
        if len(data) != count:
            raise self.damaged()
        return data

    def peek(self, count: int) -> bytes:
        """Up to ``count`` bytes from the start."""
        self.file.seek(0)
        return self.file.read(count)

    def damaged(self) -> Refused:
        return Refused(
            _("the video '{name}' is damaged or incomplete (it ends too early)", name=self.name),
            _("copy or export the video again and replace the file"),
        )


# MP4: boxes of a 32-bit size (1: a 64-bit size follows; 0: to the end) and a type


def _mp4(reader: _Reader) -> Video:
    boxes = dict(_boxes(reader, 0, reader.size))
    if "moov" not in boxes:
        raise reader.damaged()  # the index of the file, written last by many programs
    movie = _children(reader, boxes["moov"])
    duration = None
    if "mvhd" in movie:
        header = _full_box(reader, movie["mvhd"], 20, 32)
        timescale, length = _times(header, 12, 20)
        duration = length / timescale if timescale and length else None
    for trak in _all(reader, boxes["moov"], "trak"):
        video = _mp4_track(reader, trak)
        if video is not None:
            width, height, fps, codec = video
            return Video("MP4", reader.size, duration, width, height, fps, codec)
    raise _no_picture(reader.name)


def _mp4_track(
    reader: _Reader, trak: tuple[int, int]
) -> tuple[int | None, int | None, float | None, str | None] | None:
    """Width, height, frame rate and codec of a video track; None for another track."""
    track = _children(reader, trak)
    media = _children(reader, track["mdia"]) if "mdia" in track else {}
    handler = _full_box(reader, media["hdlr"], 12)[8:12] if "hdlr" in media else b""
    if handler != b"vide":
        return None
    width = height = None
    if "tkhd" in track:
        header = _full_box(reader, track["tkhd"], 84, 96)
        at = 76 if header[0] == 0 else 88
        width, height = (value >> 16 for value in struct.unpack_from(">II", header, at))
        matrix_a, matrix_b = struct.unpack_from(">ii", header, at - 36)
        if matrix_a == 0 and matrix_b != 0:  # turned by a quarter: upright, width is height
            width, height = height, width
    timescale = length = 0
    if "mdhd" in media:
        timescale, length = _times(_full_box(reader, media["mdhd"], 20, 32), 12, 20)
    table = _children(reader, _children(reader, media["minf"])["stbl"]) if "minf" in media else {}
    codec = None
    if "stsd" in table:
        codec = _full_box(reader, table["stsd"], 16)[12:16].decode("latin-1")
    fps = None
    if "stsz" in table and timescale and length:
        (samples,) = struct.unpack_from(">I", _full_box(reader, table["stsz"], 12), 8)
        fps = samples * timescale / length if samples else None
    return width or None, height or None, fps, codec


def _boxes(reader: _Reader, start: int, end: int) -> Iterator[tuple[str, tuple[int, int]]]:
    """Each box from ``start`` to ``end``: its type and where its content starts and ends."""
    position = start
    for _count in range(MAX_PARTS):
        if position == end:
            return
        size, kind = struct.unpack(">I4s", reader.read(position, 8))
        header = 8
        if size == 1:
            (size,) = struct.unpack(">Q", reader.read(position + 8, 8))
            header = 16
        elif size == 0:
            size = end - position
        if size < header or size > end - position:
            raise reader.damaged()
        yield kind.decode("latin-1"), (position + header, position + size)
        position += size
    raise reader.damaged()


def _children(reader: _Reader, box: tuple[int, int]) -> dict[str, tuple[int, int]]:
    """The boxes in ``box`` by type, the first of each."""
    found: dict[str, tuple[int, int]] = {}
    for kind, place in _boxes(reader, *box):
        found.setdefault(kind, place)
    return found


def _all(reader: _Reader, box: tuple[int, int], wanted: str) -> Iterator[tuple[int, int]]:
    return (place for kind, place in _boxes(reader, *box) if kind == wanted)


def _full_box(reader: _Reader, box: tuple[int, int], version_0: int, version_1: int = 0) -> bytes:
    """The first bytes of a box's content, as many as its fields take in its version (in
    version 1 times have 64 bits), which must be there."""
    start, end = box
    count = version_1 if version_1 and reader.read(start, 1)[0] == 1 else version_0
    if count > end - start:
        raise reader.damaged()
    return reader.read(start, count)


def _times(header: bytes, version_0: int, version_1: int) -> tuple[int, int]:
    """Timescale and duration of an mvhd or mdhd box; 0 for a duration not known (all ones)."""
    if header[0] == 1:
        timescale, duration = struct.unpack_from(">IQ", header, version_1)
        unknown = 0xFFFF_FFFF_FFFF_FFFF
    else:
        timescale, duration = struct.unpack_from(">II", header, version_0)
        unknown = 0xFFFF_FFFF
    return timescale, 0 if duration == unknown else duration


def _no_picture(name: str) -> Refused:
    return Refused(
        _("'{name}' holds no picture, only sound or data", name=name),
        _("export the video again with its picture, or publish sound alone as MP3"),
    )


# WebM: EBML elements of an ID and a size, both of a variable length (a vint)

_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_EBML = 0x1A45DFA3
_DOC_TYPE = 0x4282
_SEGMENT = 0x18538067
_INFO = 0x1549A966
_TIMECODE_SCALE = 0x2AD7B1
_DURATION = 0x4489
_TRACKS = 0x1654AE6B
_TRACK_ENTRY = 0xAE
_TRACK_TYPE = 0x83
_CODEC_ID = 0x86
_DEFAULT_DURATION = 0x23E383
_VIDEO = 0xE0
_PIXEL_WIDTH = 0xB0
_PIXEL_HEIGHT = 0xBA
_CLUSTER = 0x1F43B675
_UNKNOWN = -1
"""The size of an element written while it was recorded (a live stream): to its parent's end."""


def _webm(reader: _Reader) -> Video:
    elements = _elements(reader, 0, reader.size)
    first = next(elements, None)
    if first is None or first[0] != _EBML:
        raise reader.damaged()
    header = _values(reader, first[1], {_DOC_TYPE: _text})
    if header.get(_DOC_TYPE, "matroska") != "webm":
        raise Refused(
            _("'{name}' is a Matroska (MKV) video, which browsers do not play", name=reader.name),
            _("export the video again as WebM or as MP4 (H.264) and replace the file"),
        )
    segment = next((place for kind, place in elements if kind == _SEGMENT), None)
    if segment is None:
        raise reader.damaged()
    info: dict[int, object] = {}
    video: dict[int, object] | None = None
    for kind, place in _elements(reader, *segment):
        if kind == _INFO:
            info = _values(reader, place, {_TIMECODE_SCALE: _uint, _DURATION: _float})
        elif kind == _TRACKS:
            video = _webm_video_track(reader, place)
        if kind == _CLUSTER and info and video is not None:
            break  # the frames: what is wanted stands before them
    if video is None:
        raise _no_picture(reader.name)
    scale = _number(info.get(_TIMECODE_SCALE, 1_000_000))
    frame = _number(video.get(_DEFAULT_DURATION, 0))
    width, height = video.get(_PIXEL_WIDTH), video.get(_PIXEL_HEIGHT)
    return Video(
        "WebM",
        reader.size,
        _positive(_number(info.get(_DURATION, 0)) * scale / 1e9),
        width if isinstance(width, int) and width else None,
        height if isinstance(height, int) and height else None,
        _positive(round(1e9 / frame, 3)) if frame else None,
        str(video.get(_CODEC_ID)) if _CODEC_ID in video else None,
    )


def _webm_video_track(reader: _Reader, tracks: tuple[int, int]) -> dict[int, object] | None:
    """The values of the first video track (TrackType 1) with those of its Video element."""
    wanted = {_TRACK_TYPE: _uint, _CODEC_ID: _text, _DEFAULT_DURATION: _uint}
    for kind, place in _elements(reader, *tracks):
        if kind != _TRACK_ENTRY:
            continue
        entry = _values(reader, place, wanted)
        if entry.get(_TRACK_TYPE) == 1:
            picture = next((p for k, p in _elements(reader, *place) if k == _VIDEO), None)
            sizes = {_PIXEL_WIDTH: _uint, _PIXEL_HEIGHT: _uint}
            return {**entry, **(_values(reader, picture, sizes) if picture else {})}
    return None


def _elements(reader: _Reader, start: int, end: int) -> Iterator[tuple[int, tuple[int, int]]]:
    """Each element from ``start`` to ``end``: its ID and where its content starts and ends."""
    position = start
    for _count in range(MAX_PARTS):
        if position >= end:
            return
        ident, length = _vint(reader, position, keep_marker=True)
        if length > 4:
            raise reader.damaged()
        size, size_length = _vint(reader, position + length)
        content = position + length + size_length
        stop = end if size == _UNKNOWN else content + size
        if stop > end:
            raise reader.damaged()
        yield ident, (content, stop)
        if size == _UNKNOWN and ident != _SEGMENT:
            return  # a cluster being recorded: nothing after it can be found
        position = stop
    raise reader.damaged()


def _vint(reader: _Reader, position: int, keep_marker: bool = False) -> tuple[int, int]:
    """A variable-length integer at ``position`` and its length: the number of leading zero
    bits of the first byte, plus one, is its length in bytes (1 to 8)."""
    first = reader.read(position, 1)[0]
    if first == 0:
        raise reader.damaged()
    length = 9 - first.bit_length()
    value = int.from_bytes(reader.read(position, length), "big")
    if keep_marker:
        return value, length
    value &= (1 << (7 * length)) - 1
    return (_UNKNOWN if value == (1 << (7 * length)) - 1 else value), length


def _values(
    reader: _Reader, place: tuple[int, int], wanted: Mapping[int, Callable[[bytes], object]]
) -> dict[int, object]:
    """The values of the ``wanted`` elements directly in ``place``, each read as its reader
    says (elements larger than any such value are damaged)."""
    found: dict[int, object] = {}
    for kind, (start, end) in _elements(reader, *place):
        if kind in wanted and kind not in found:
            if end - start > 64:
                raise reader.damaged()
            found[kind] = wanted[kind](reader.read(start, end - start))
    return found


def _uint(data: bytes) -> int:
    return int.from_bytes(data, "big")


def _float(data: bytes) -> float:
    if len(data) in (4, 8):
        return float(struct.unpack(">f" if len(data) == 4 else ">d", data)[0])
    return 0.0


def _text(data: bytes) -> str:
    return data.rstrip(b"\x00").decode("ascii", "replace")


def _number(value: object) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _positive(number: float) -> float | None:
    """A duration or rate as a file may write it (NaN, infinite, negative): None unless it is
    a number above zero."""
    return number if math.isfinite(number) and number > 0 else None
