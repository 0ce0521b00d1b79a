"""CBOR as Pagefind's index files use it: the examples of RFC 8949, appendix A."""

from __future__ import annotations

from typing import Any

import pytest

from alliancegen import cbor

EXAMPLES = [
    (0, "00"),
    (23, "17"),
    (24, "1818"),
    (1000, "1903e8"),
    (1000000, "1a000f4240"),
    (18446744073709551615, "1bffffffffffffffff"),
    (-1, "20"),
    (-1000, "3903e7"),
    (False, "f4"),
    (True, "f5"),
    (None, "f6"),
    (b"\x01\x02\x03\x04", "4401020304"),
    ("", "60"),
    ("\u00fc", "62c3bc"),
    ([], "80"),
    ([1, [2, 3], [4, 5]], "8301820203820405"),
    (list(range(1, 26)), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
    ({1: 2, 3: 4}, "a201020304"),
    ({"a": 1, "b": [2, 3]}, "a26161016162820203"),
]


@pytest.mark.parametrize(("value", "encoded"), EXAMPLES)
def test_values_are_written_and_read_as_the_rfc_shows(value: Any, encoded: str) -> None:
    assert cbor.dumps(value).hex() == encoded
    assert cbor.loads(bytes.fromhex(encoded)) == value


@pytest.mark.parametrize("encoded", ["5f42010243030405ff", "fa47c35000", "0102", "18"])
def test_what_pagefind_never_writes_is_refused(encoded: str) -> None:
    with pytest.raises((ValueError, IndexError)):
        cbor.loads(bytes.fromhex(encoded))
