"""Small synthetic video files for tests, their headers written by hand: an MP4 of
ftyp + moov(mvhd, trak(tkhd, mdia(mdhd, hdlr, minf(stbl(stsd, stsz))))) + mdat, and a WebM of
an EBML header and a Segment with Info, Tracks and a Cluster. Their frames decode to nothing:
the tests read what the headers say."""

from __future__ import annotations

import struct


def box(kind: bytes, *content: bytes) -> bytes:
    """An MP4 box: its size, its type, its content."""
    payload = b"".join(content)
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def full_box(kind: bytes, version: int, fields: bytes) -> bytes:
    return box(kind, bytes([version, 0, 0, 0]), fields)


def mp4(
    width: int = 640,
    height: int = 480,
    seconds: int = 155,
    fps: int = 25,
    codec: bytes = b"avc1",
    version: int = 0,
    rotated: bool = False,
) -> bytes:
    """An MP4 whose headers say: ``seconds`` long, ``width`` × ``height``, ``fps`` frames a
    second, coded as ``codec``; with 64-bit times in ``version`` 1."""
    timescale = 1000
    times = ">QQIQ" if version else ">IIII"
    movie = full_box(b"mvhd", version, struct.pack(times, 0, 0, timescale, seconds * 1000))
    matrix = (0, 1 << 16, 0, -(1 << 16), 0, 0, 0, 0, 1 << 30) if rotated else None
    matrix = matrix or (1 << 16, 0, 0, 0, 1 << 16, 0, 0, 0, 1 << 30)
    head = struct.pack(">QQIIQ" if version else ">IIIII", 0, 0, 1, 0, seconds * 1000)
    head += bytes(8) + struct.pack(">hhhh", 0, 0, 0, 0) + struct.pack(">9i", *matrix)
    head += struct.pack(">II", width << 16, height << 16)
    media_header = full_box(b"mdhd", version, struct.pack(times, 0, 0, timescale, seconds * 1000))
    handler = full_box(b"hdlr", 0, struct.pack(">I4s", 0, b"vide") + bytes(12) + b"Video\0")
    entry = struct.pack(">I4s", 16, codec) + bytes(8)
    table = box(
        b"stbl",
        full_box(b"stsd", 0, struct.pack(">I", 1) + entry),
        full_box(b"stsz", 0, struct.pack(">II", 0, seconds * fps)),
    )
    track = box(
        b"trak",
        full_box(b"tkhd", version, head),
        box(b"mdia", media_header, handler, box(b"minf", table)),
    )
    return (
        box(b"ftyp", b"isom", bytes(4), b"isomavc1")
        + box(b"moov", movie, track)
        + box(b"mdat", bytes(64))
    )


def element(ident: int, *content: bytes, size: bytes | None = None) -> bytes:
    """An EBML element: its ID, its size as an 8-byte vint (or ``size`` as written), its
    content."""
    payload = b"".join(content)
    written = size if size is not None else (0x01 << 56 | len(payload)).to_bytes(8, "big")
    return ident.to_bytes((ident.bit_length() + 7) // 8, "big") + written + payload


def uint(ident: int, value: int) -> bytes:
    return element(ident, value.to_bytes(4, "big"))


UNKNOWN_SIZE = b"\x01\xff\xff\xff\xff\xff\xff\xff"


def webm(
    width: int = 640,
    height: int = 480,
    seconds: float = 155.0,
    fps: int = 25,
    doc_type: bytes = b"webm",
    live: bool = False,
) -> bytes:
    """A WebM whose headers say as ``mp4`` does; ``live``: recorded as a stream (a Segment
    and Cluster of unknown size, no Duration)."""
    header = element(0x1A45DFA3, element(0x4286, b"\x01"), element(0x4282, doc_type))
    info_values = [uint(0x2AD7B1, 1_000_000)]
    if not live:
        info_values.append(element(0x4489, struct.pack(">d", seconds * 1000)))
    info = element(0x1549A966, *info_values)
    picture = element(0xE0, uint(0xB0, width), uint(0xBA, height))
    audio = element(0xAE, uint(0x83, 2), element(0x86, b"A_OPUS"))
    video = element(
        0xAE, uint(0x83, 1), element(0x86, b"V_VP9"), uint(0x23E383, 10**9 // fps), picture
    )
    tracks = element(0x1654AE6B, audio, video)
    cluster = element(0x1F43B675, bytes(32), size=UNKNOWN_SIZE if live else None)
    segment = element(0x18538067, info, tracks, cluster, size=UNKNOWN_SIZE if live else None)
    return header + segment


WEBVTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHallo!\n"
