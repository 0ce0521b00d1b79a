"""CBOR (RFC 8949) as Pagefind's index files use it: integers, byte and text strings, arrays,
maps, true, false and null, of definite length; written in the shortest form."""

from __future__ import annotations

from typing import Any

_SIMPLE = {20: False, 21: True, 22: None}
_WIDTHS = {24: 1, 25: 2, 26: 4, 27: 8}


def loads(data: bytes) -> Any:
    """The value ``data`` holds; raise ValueError when it holds anything else or more."""
    value, end = _read(data, 0)
    if end != len(data):
        raise ValueError("CBOR data goes on after its value")
    return value


def dumps(value: Any) -> bytes:
    """``value`` as CBOR; maps are written in their order."""
    if value is None or isinstance(value, bool):
        return bytes([0xE0 | next(k for k, v in _SIMPLE.items() if v is value)])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(dumps, value))
    if isinstance(value, dict):
        items = (dumps(key) + dumps(item) for key, item in value.items())
        return _head(5, len(value)) + b"".join(items)
    raise TypeError(f"no CBOR for {type(value).__name__}")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    info, width = next((info, w) for info, w in _WIDTHS.items() if number < 1 << (8 * w))
    return bytes([major << 5 | info]) + number.to_bytes(width, "big")


def _read(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if major == 7:
        if info not in _SIMPLE:
            raise ValueError("CBOR value of an unsupported kind")
        return _SIMPLE[info], at
    if info in _WIDTHS:
        number, at = int.from_bytes(data[at : at + _WIDTHS[info]], "big"), at + _WIDTHS[info]
    elif info < 24:
        number = info
    else:
        raise ValueError("CBOR of indefinite length")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major in (2, 3):
        chunk = data[at : at + number]
        return (chunk if major == 2 else chunk.decode("utf-8")), at + number
    items = []
    for _ in range(number * (2 if major == 5 else 1)):
        item, at = _read(data, at)
        items.append(item)
    if major == 4:
        return items, at
    if major == 5:
        return dict(zip(items[::2], items[1::2], strict=True)), at
    raise ValueError("CBOR value of an unsupported kind")
