"""The local server that the federation's tests and benchmark fetch from (tests/sources.py)."""

from __future__ import annotations

import http.client
import time
import urllib.error
import urllib.request
from datetime import UTC
from datetime import datetime
from email.utils import format_datetime

import pytest

from tests.sources import Document
from tests.sources import serving


def get(url: str, **headers: str) -> tuple[int, bytes, dict[str, str]]:
    """The status, body and headers of ``url``, following no redirect."""

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object) -> None:
            return None

    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(Stay).open(request, timeout=5) as answer:
            return answer.status, answer.read(), dict(answer.headers)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read(), dict(error.headers)


def test_answers_304_to_the_etag_or_date_it_gave_and_200_once_changed() -> None:
    documents = {"a.json": Document(b'{"a": 1}')}
    with serving(documents) as server:
        status, body, headers = get(server.url + "a.json")
        assert (status, body) == (200, b'{"a": 1}')
        assert get(server.url + "a.json", **{"If-None-Match": headers["ETag"]})[:2] == (304, b"")
        since = {"If-Modified-Since": headers["Last-Modified"]}
        assert get(server.url + "a.json", **since)[0] == 304
        documents["a.json"] = Document(b'{"a": 2}', modified=datetime(2026, 2, 1, tzinfo=UTC))
        assert get(server.url + "a.json", **{"If-None-Match": headers["ETag"]})[:2] == (
            200,
            b'{"a": 2}',
        )
        assert get(server.url + "a.json", **since)[0] == 200
        assert get(server.url + "b.json")[0] == 404
        assert server.statuses() == {200: 3, 304: 2, 404: 1}


def test_drips_a_slow_body_and_redirects_to_another_host() -> None:
    earlier = format_datetime(datetime(2025, 1, 1, tzinfo=UTC), usegmt=True)
    with serving({}) as server:
        server.documents["slow.json"] = Document(b"x" * 100, seconds=0.5)
        elsewhere = server.at("localhost") + "slow.json"
        server.documents["moved.json"] = Document(status=302, location=elsewhere)
        started = time.perf_counter()
        assert get(server.url + "slow.json", **{"If-Modified-Since": earlier})[1] == b"x" * 100
        assert time.perf_counter() - started >= 0.4
        status, _body, headers = get(server.url + "moved.json")
        assert (status, headers["Location"]) == (302, elsewhere)
        assert get(elsewhere)[0] == 200


def test_a_late_answer_keeps_the_client_waiting() -> None:
    with serving({"late.json": Document(b"{}", delay=1)}) as server:
        with pytest.raises(TimeoutError):
            urllib.request.urlopen(server.url + "late.json", timeout=0.2)
        assert get(server.url + "late.json")[1] == b"{}"


def test_a_slow_answer_stops_with_the_server() -> None:
    with serving({"slow.json": Document(b"x" * 100, seconds=60)}) as server:
        answer = urllib.request.urlopen(server.url + "slow.json", timeout=5)
    started = time.perf_counter()
    with answer, pytest.raises(http.client.IncompleteRead):
        answer.read()
    assert time.perf_counter() - started < 2
