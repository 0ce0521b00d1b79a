"""What the preview answers to odd, hostile and abandoned requests.

Every request ends in a proper HTTP answer or a silent close, never a traceback; the preview
answers only under its own names (no DNS rebinding) and serves nothing outside its site.
The server runs in this process, so that a test can stop it, wait for every request to end and
then read everything it wrote to stderr.
"""

from __future__ import annotations

import codecs
import http.client
import json
import shutil
import socket
import struct
import threading
from collections.abc import Iterator
from collections.abc import Mapping
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest

from alliancegen import i18n
from alliancegen import serve
from alliancegen.config import Options
from alliancegen.serve import Preview
from alliancegen.serve import ServeOptions
from tests.conftest import EXAMPLE_CONTENT

LATIN_1 = (
    b'<!doctype html>\n<html lang="de">\n<head><meta charset="iso-8859-1">'
    b"<title>Gr\xfc\xdfe</title></head>\n<body><p>Gr\xfc\xdfe aus M\xfcnchen</p>\n</body>\n"
    b"</html>\n"
)
FILES = {
    "latin-1.html": LATIN_1,
    "upper-case.html": LATIN_1.replace(b"</body>", b"</BODY >"),
    "without-body-end.html": LATIN_1.replace(b"</body>", b""),
    "broken-utf-8.html": b"<!doctype html><meta charset=utf-8><p>\xff\xfe\xc3(</p></body>",
    "utf-16.html": codecs.BOM_UTF16_LE + "<p>Grüße</p></body>".encode("utf-16-le"),
    "large.bin": bytes(24 * 1024 * 1024),  # more than the kernel's buffers hold
}
ALLOWED = "preview.example.test"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


@dataclass
class Running:
    """A preview server in a thread of this process; ``stop`` returns what it wrote to stderr."""

    preview: Preview
    server: ThreadingHTTPServer
    thread: threading.Thread
    capture: pytest.CaptureFixture[str]

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    def request(
        self,
        target: str,
        method: str = "GET",
        host: str = "localhost",
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> Reply:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
            connection.putheader("Host", host)
            length = {} if body is None else {"Content-Length": str(len(body))}
            for name, value in {**length, **(headers or {})}.items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            return Reply(response.status, response.headers, response.read())
        finally:
            connection.close()

    def raw(self, request: bytes) -> bytes:
        """Send bytes as they are and return all of the answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as client:
            client.sendall(request)
            return b"".join(iter(lambda: client.recv(65536), b""))

    def connect(self, receive_buffer: int | None = None) -> socket.socket:
        client = socket.socket()
        if receive_buffer:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
        client.connect(("127.0.0.1", self.port))
        return client

    def stop(self) -> str:
        """Stop serving, wait until every request has ended, and return the server's stderr."""
        if self.thread.is_alive():
            self.request("/__alliancegen__/reload.js")  # so every earlier connection was accepted
            self.server.shutdown()
            self.server.server_close()  # joins the request threads: see the fixture
            self.thread.join()
        return self.capture.readouterr().err


def abort(client: socket.socket) -> None:
    """Close as a killed curl or a reloading browser does: at once, with a reset."""
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Preview:
    """The example site with odd files of its own (in static/, published as they are), built
    once for every test here."""
    folder = tmp_path_factory.mktemp("serve")
    content = Path(shutil.copytree(EXAMPLE_CONTENT, folder / "content"))
    (content / "static").mkdir()
    for name, data in FILES.items():
        (content / "static" / name).write_bytes(data)
    built = Preview(Options(content, folder / "site", "http://localhost:8000/"), "/")
    built.rebuild()
    assert built.problems == ()
    return built


def serve_in_thread(preview: Preview, capsys: pytest.CaptureFixture[str]) -> Running:
    """Serve a preview on a free port of 127.0.0.1 until ``stop``."""
    options = ServeOptions(Path("unused"), port=0, allowed_hosts=(ALLOWED,))
    server = serve._bind(options, preview)
    server.daemon_threads = False  # so that server_close waits for every request to end
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    return Running(preview, server, thread, capsys)


@pytest.fixture
def running(
    preview: Preview, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Running]:
    monkeypatch.setattr(serve, "LONG_POLL_SECONDS", 0.5)
    started = serve_in_thread(preview, capsys)
    yield started
    started.stop()


# Cut short by the client: a silent close


def test_a_page_that_reloads_during_the_long_poll_leaves_no_trace(running: Running) -> None:
    epoch = running.preview.epoch
    for _ in range(3):
        client = running.connect()
        client.sendall(f"GET /__alliancegen__/wait?epoch={epoch} HTTP/1.1\r\n".encode())
        client.sendall(b"Host: localhost\r\n\r\n")
        abort(client)  # the server answers half a second later, to nobody
    assert running.stop() == ""


def test_a_download_cut_short_leaves_no_trace(running: Running) -> None:
    client = running.connect(receive_buffer=4096)
    client.sendall(b"GET /static/large.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert client.recv(1024).startswith(b"HTTP/1.0 200 OK")
    abort(client)
    assert running.stop() == ""


@pytest.mark.parametrize(
    "sent",
    [b"", b"GET / HT", b"GET / HTTP/1.1\r\nHost: local"],
    ids=["nothing", "half a request line", "half the headers"],
)
def test_a_client_gone_before_its_request_ended_leaves_no_trace(
    running: Running, sent: bytes
) -> None:
    client = running.connect()
    client.sendall(sent)
    abort(client)
    assert running.stop() == ""


# The epoch a page knows: plain ASCII digits, or unknown and answered at once


def current_epoch_in(digit_zero: str, running: Running) -> str:
    epoch = str(running.preview.epoch)
    return quote(epoch.translate({ord("0") + d: chr(ord(digit_zero) + d) for d in range(10)}))


@pytest.mark.parametrize(
    "query",
    [
        "",
        "epoch=",
        "epoch=-1",
        "epoch=+{ascii}",
        "epoch=%20{ascii}",
        "epoch={ascii}&epoch={ascii}",
        "epoch=&epoch={ascii}",
        "epoch={arabic_indic}",
        "epoch={fullwidth}",
        "epoch=%C2%B3",
        "epoch=" + "9" * 5000,
        "epoch=%ff%00",
        "epoch=abc",
    ],
    ids=[
        "missing",
        "empty",
        "negative",
        "plus sign",
        "space",
        "repeated",
        "repeated, once empty",
        "Arabic-Indic digits",
        "fullwidth digits",
        "superscript three",
        "5000 digits",
        "bytes",
        "letters",
    ],
)
def test_an_epoch_that_is_not_one_plain_number_is_answered_at_once(
    running: Running, monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    """Such an epoch is not the current one: the answer comes at once with the current one
    (a page that got it would reload), not after the long poll's wait."""
    monkeypatch.setattr(serve, "LONG_POLL_SECONDS", 20)  # longer than the request's timeout
    digits = {
        "ascii": current_epoch_in("0", running),
        "arabic_indic": current_epoch_in("\u0660", running),
        "fullwidth": current_epoch_in("\uff10", running),
    }
    reply = running.request("/__alliancegen__/wait?" + query.format(**digits))
    assert (reply.status, json.loads(reply.body)) == (200, {"epoch": int(digits["ascii"])})
    assert running.stop() == ""


# HTML in any encoding a browser reads


def served_without_script(reply: Reply) -> bytes:
    script = b'<script src="/__alliancegen__/reload.js?epoch='
    start = reply.body.index(script)
    end = reply.body.index(b"</script>\n", start) + len(b"</script>\n")
    return reply.body[:start] + reply.body[end:]


@pytest.mark.parametrize("name", ["latin-1.html", "upper-case.html", "broken-utf-8.html"])
def test_html_in_another_encoding_keeps_its_bytes_and_gets_the_script_before_its_end(
    running: Running, name: str
) -> None:
    reply = running.request(f"/static/{name}")
    assert reply.status == 200
    assert served_without_script(reply) == FILES[name]
    assert reply.body.index(b"reload.js") < reply.body.lower().index(b"</body")
    assert reply.headers["Content-Type"] == "text/html"  # the page's own <meta charset> counts
    assert running.stop() == ""


def test_html_without_an_end_of_body_gets_the_script_at_its_end(running: Running) -> None:
    reply = running.request("/static/without-body-end.html")
    assert reply.body.endswith(b"</script>\n")
    assert served_without_script(reply) == FILES["without-body-end.html"]


def test_html_in_utf_16_is_served_as_it_is_without_live_reload(running: Running) -> None:
    """Text in ASCII cannot be put into UTF-16; such a page must be reloaded by hand."""
    reply = running.request("/static/utf-16.html")
    assert (reply.status, reply.body) == (200, FILES["utf-16.html"])
    assert reply.headers["Content-Type"] == "text/html"  # the byte-order mark counts


def test_pages_of_the_site_are_utf_8_and_say_so(running: Running) -> None:
    reply = running.request("/ilmenau/")
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "Bündnis".encode() in reply.body


# Only under its own names: no DNS rebinding


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1:{port}",
        "localhost:{port}",
        "localhost",
        "LOCALHOST:{port}",
        "[::1]:{port}",
        "192.168.178.20:{port}",
        "[fe80::1]:{port}",
        "localhost:8080",
        ALLOWED + ":{port}",
        "Preview.Example.Test",
    ],
    ids=[
        "the bound address",
        "localhost",
        "localhost without port",
        "upper case, as DNS ignores it",
        "IPv6 loopback",
        "a LAN address: no name, nothing to rebind",
        "an IPv6 LAN address",
        "another port, as behind docker run -p 8080:8000",
        "a name given with --allow-host",
        "that name in other case and without port",
    ],
)
def test_answers_under_its_own_names_and_any_ip_address(running: Running, host: str) -> None:
    assert running.request("/ilmenau/", host=host.format(port=running.port)).status == 200


@pytest.mark.parametrize(
    "host",
    [
        "localhost.evil.example",
        "localhost.evil.example:{port}",
        "127.0.0.1.nip.io:{port}",
        "evil.example:{port}",
        "localhost.:{port}",
        "sub.localhost:{port}",
        "preview.example.test.evil.example",
        "127.1:{port}",
        "2130706433:{port}",
        "0x7f000001:{port}",
    ],
    ids=[
        "a name that starts like localhost",
        "the same with the port",
        "a name that resolves to the address",
        "any other name",
        "localhost with a trailing dot",
        "a subdomain of localhost",
        "a name that starts like an allowed one",
        "a short form of the address, which browsers never send",
        "the address as a number",
        "the address in hex",
    ],
)
def test_refuses_every_other_host_name_with_a_plain_explanation(
    running: Running, host: str
) -> None:
    for target in ("/ilmenau/", "/__alliancegen__/reload.js", "/__alliancegen__/wait?epoch=-1"):
        reply = running.request(target, host=host.format(port=running.port))
        assert reply.status == 403
        assert reply.headers["Content-Type"] == "text/plain; charset=utf-8"
        name = host.split(":")[0]
        assert reply.body.decode() == (
            f"alliancegen serve answers only to localhost, IP addresses and the names given with "
            f"--allow-host, not to '{name}'. If you opened the preview under this name on "
            f"purpose, start it with --allow-host {name}\n"
        )


def test_refuses_in_german_when_messages_are_german(running: Running) -> None:
    i18n.use("de")
    reply = running.request("/ilmenau/", host="evil.example")
    assert reply.status == 403
    assert reply.body.decode().startswith(
        "alliancegen serve antwortet nur auf localhost, IP-Adressen und die Namen aus "
        "--allow-host, nicht auf 'evil.example'."
    )


@pytest.mark.parametrize(
    ("host", "status"),
    [("localhost", 200), ("evil.example", 403)],
)
def test_a_request_for_a_full_address_is_judged_by_that_address(
    running: Running, host: str, status: int
) -> None:
    """HTTP says so (RFC 9112, 3.2.2): the Host header is then ignored."""
    other = "evil.example" if host == "localhost" else "localhost"
    reply = running.request(f"http://{host}:{running.port}/ilmenau/", host=other)
    assert reply.status == status


@pytest.mark.parametrize(
    "headers",
    [
        "Host: localhost:80:80\r\n",
        "Host: [::1\r\n",
        "Host: [localhost]\r\n",
        "Host: local host\r\n",
        "Host: \r\n",
        "Host: localhost\r\nHost: evil.example\r\n",
        "",
        "Host: l\u043ecalhost\r\n",
    ],
    ids=[
        "two ports",
        "open bracket",
        "name in brackets",
        "space",
        "empty",
        "two",
        "none",
        "a Cyrillic o",
    ],
)
def test_http_1_1_needs_one_well_formed_host(running: Running, headers: str) -> None:
    answer = running.raw(f"GET /ilmenau/ HTTP/1.1\r\n{headers}\r\n".encode())
    assert answer.startswith(b"HTTP/1.0 400 Bad Request\r\n")
    assert "Bündnis".encode() not in answer


@pytest.mark.parametrize(
    "target", [b"http://[::1/ilmenau/", b"http://[localhost]/", b"http://a\xbcb/"]
)
def test_a_malformed_full_address_is_a_bad_request(running: Running, target: bytes) -> None:
    answer = running.raw(b"GET " + target + b" HTTP/1.1\r\nHost: localhost\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 400 Bad Request\r\n")
    assert running.stop() == ""


def test_http_1_0_without_host_is_answered_as_no_browser_sends_it(running: Running) -> None:
    """Browsers always name the host; a request without one cannot come from a rebound name."""
    answer = running.raw(b"GET /ilmenau/ HTTP/1.0\r\n\r\n")
    assert answer.startswith(b"HTTP/1.0 200 OK\r\n")


# Paths, methods and headers


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/ilmenau/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
        "/..%5c..%5c..%5cetc%5cpasswd",
        "/..\\..\\..\\etc\\passwd",
        "/ilmenau/%00",
        "/ilmenau%00/",
        "/" + "a" * 300,
        "/" + "a/" * 600,
        "/%ff%fe/",
        "/static/../../content/site.yaml",
    ],
    ids=[
        "dot segments",
        "encoded dots",
        "encoded slashes",
        "encoded backslashes",
        "backslashes",
        "NUL",
        "NUL in a folder",
        "a name longer than the system allows",
        "a very long path",
        "bytes that are no UTF-8",
        "the content next to the site",
    ],
)
def test_nothing_outside_the_site_is_served(running: Running, target: str) -> None:
    reply = running.request(target)
    assert reply.status == 404
    assert b"root:" not in reply.body
    assert b"title:" not in reply.body
    assert running.stop() == ""


def test_a_path_longer_than_a_request_may_be_is_refused(running: Running) -> None:
    assert running.request("/" + "a" * 70000).status == 414
    assert running.stop() == ""


@pytest.mark.parametrize(
    "target",
    ["/\\evil.example/..%2filmenau", "/ilmenau/..%2filmenau", "/./ilmenau", "/ilmenau?x=1"],
)
def test_a_folder_without_slash_redirects_to_its_own_address(running: Running, target: str) -> None:
    reply = running.request(target)
    assert (reply.status, reply.headers["Location"]) == (302, "/ilmenau/")


@pytest.mark.parametrize("target", ["/ilmenau/?x=1", "/feed.xml?v=2&v=3", "/ilmenau/?%ff=%00"])
def test_a_query_on_a_file_is_ignored(running: Running, target: str) -> None:
    reply = running.request(target)
    assert reply.status == 200
    assert reply.body == running.request(target.split("?")[0]).body


@pytest.mark.parametrize("target", ["/ilmenau/", "/feed.xml", "/gibt-es-nicht/"])
def test_head_sends_the_headers_of_get_without_the_body(running: Running, target: str) -> None:
    head, get = running.request(target, "HEAD"), running.request(target)
    assert (head.status, head.body) == (get.status, b"")
    assert head.headers["Content-Length"] == str(len(get.body))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"])
def test_other_methods_are_not_implemented(running: Running, method: str) -> None:
    reply = running.request("/ilmenau/", method)
    assert reply.status == 501
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert running.stop() == ""


@pytest.mark.parametrize(
    "target",
    ["/ilmenau/", "/feed.xml", "/static/large.bin", "/gibt-es-nicht", "/__alliancegen__/reload.js"],
)
def test_every_answer_forbids_guessing_its_type(running: Running, target: str) -> None:
    assert running.request(target).headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("target", "host"),
    [
        ("/__alliancegen__/reload.js", "localhost"),
        ("/__alliancegen__/wait", "localhost"),
        ("/ilmenau/", "evil.example"),
    ],
)
def test_the_previews_own_answers_allow_only_its_own_script(
    running: Running, target: str, host: str
) -> None:
    reply = running.request(target, host=host)
    assert reply.headers["Content-Security-Policy"] == serve.OWN_POLICY


def test_pages_of_the_site_keep_their_own_policy_with_the_reload_script_allowed(
    running: Running,
) -> None:
    reply = running.request("/ilmenau/")
    assert "Content-Security-Policy" not in reply.headers
    assert b"script-src 'self'" in reply.body


# Started from the cache


def test_a_preview_started_from_the_cache_reads_the_content_behind_it(tmp_path: Path) -> None:
    content = Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content"))
    options = Options(
        content, tmp_path / "site", "http://localhost:8000/", cache_dir=tmp_path / "c"
    )
    Preview(options, "/").first_build()  # an earlier process leaves its site in the cache
    preview = Preview(options, "/")
    preview.first_build()  # serves that site at once, without reading the content
    preview.wait_for_build()
    assert preview.last_site is not None  # read and checked before anything was saved
    assert preview.problems == ()
