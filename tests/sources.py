"""A local web server of documents, for the federation's tests and benchmark: never the internet.

    with serving({"a.json": Document(body)}) as server:
        fetch(server.url + "a.json")

Each path answers as its `Document` says: 200 with an ETag and a Last-Modified, or 304 when
the request's If-None-Match or If-Modified-Since shows the client has it; late, or slowly (the
body dripped over some seconds); with another status (500, a redirect); or 404 for a path it
does not know. The documents may be changed while the server runs, and the server
notes every answer.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from email.utils import format_datetime
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

DRIP = 0.1
"""Seconds between two pieces of a slow answer's body."""


@dataclass(frozen=True)
class Document:
    """What one path answers."""

    body: bytes = b""
    status: int = HTTPStatus.OK
    modified: datetime = datetime(2026, 1, 1, tzinfo=UTC)
    delay: float = 0
    """Seconds before the answer begins (a source that keeps the client waiting)."""
    seconds: float = 0
    """How long the body takes: sent in pieces spread over this time (a slow source whose every
    piece comes well within a per-read timeout, while the whole takes longer)."""
    location: str | None = None
    """Where a redirect points."""
    content_type: str = "application/json"

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:24] + '"'

    def unchanged_for(self, request: BaseHTTPRequestHandler) -> bool:
        """Whether the request's conditions show the client has this very document."""
        tags = request.headers.get("If-None-Match")
        if tags is not None:
            return self.etag in (tag.strip() for tag in tags.split(",")) or tags.strip() == "*"
        since = request.headers.get("If-Modified-Since")
        try:
            return since is not None and self.modified <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False


@dataclass
class Server:
    """A running server: its documents by path (change them at will) and what it answered."""

    port: int
    documents: dict[str, Document]
    host: str = "127.0.0.1"
    answered: list[tuple[str, int]] = field(default_factory=list)
    """(path, status) of every answer, in order."""

    @property
    def url(self) -> str:
        """The server's address, ending in '/'."""
        return self.at(self.host)

    def at(self, host: str) -> str:
        """The server's address under another host name (localhost, 127.0.0.2): the same
        server to the client, another site to the URL."""
        return f"http://{host}:{self.port}/"

    def statuses(self) -> Counter[int]:
        """How many answers of each status the server gave."""
        return Counter(status for _path, status in self.answered)


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """Connections waiting to be accepted: a portal asks many sources at once (with the default
    of 5, the kernel drops the rest and they try again a second later)."""
    served: Server
    closing: threading.Event


class _Handler(BaseHTTPRequestHandler):
    server: _Listener
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        path = self.path.partition("?")[0].lstrip("/")
        document = self.server.served.documents.get(path)
        if document is None:
            document = Document(b"not found", HTTPStatus.NOT_FOUND, content_type="text/plain")
        try:
            self._answer(path, document)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client left

    def _answer(self, path: str, document: Document) -> None:
        if self.server.closing.wait(document.delay):
            self.close_connection = True
            return
        unchanged = document.status == HTTPStatus.OK and document.unchanged_for(self)
        status = HTTPStatus.NOT_MODIFIED if unchanged else document.status
        self.server.served.answered.append((path, status))
        self.send_response(status)
        self.send_header("ETag", document.etag)
        self.send_header("Last-Modified", format_datetime(document.modified, usegmt=True))
        if document.location:
            self.send_header("Location", document.location)
        if not unchanged:
            self.send_header("Content-Type", document.content_type)
            self.send_header("Content-Length", str(len(document.body)))
        self.end_headers()
        if not unchanged:
            self._send(document.body, document.seconds)

    def _send(self, body: bytes, seconds: float) -> None:
        """Write ``body`` in pieces over ``seconds``; stop when the server closes."""
        pieces = max(1, round(seconds / DRIP))
        size = -(-len(body) // pieces) or 1
        for start in range(0, len(body), size):
            if start and self.server.closing.wait(DRIP):
                self.close_connection = True
                return
            self.wfile.write(body[start : start + size])
            self.wfile.flush()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (its signature)
        """Say nothing: the server notes its answers in `Server.answered`."""


@contextmanager
def serving(documents: dict[str, Document], host: str = "127.0.0.1") -> Iterator[Server]:
    """Serve ``documents`` (by path, without a leading '/') on ``host`` at a free port, in a
    thread, until the block ends."""
    listener = _Listener((host, 0), _Handler)
    listener.served = Server(listener.server_port, documents, host)
    listener.closing = threading.Event()
    thread = threading.Thread(target=listener.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield listener.served
    finally:
        listener.closing.set()
        listener.shutdown()
        listener.server_close()
        thread.join()
