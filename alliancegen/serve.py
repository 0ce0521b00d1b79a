"""``alliancegen serve``: a live preview that rebuilds what changed and reloads open tabs.

A small server of the standard library, not the ``livereload`` package: that one rebuilds once
per changed file, polls for reloads once a second and needs tornado (MkDocs left it in 2021 for
the same reasons). Files are watched with ``watchfiles`` (native events, or polling on
request for Docker and network drives) and a burst of changes makes one rebuild. Pages
long-poll the server and reload when a build changed something. Requests wait while a
rebuild runs, so nobody sees half a site; a failed build keeps the last good pages and shows
its problems instead of every page until the content is fixed. The search index follows each
rebuild in a thread of its own (all pages indexed again: seconds for a portal), so the preview
answers meanwhile; open tabs reload once it is in place.

The preview answers only under its own names: ``localhost``, IP addresses and the names given
with ``--allow-host`` (as Vite's ``allowedHosts``), so that no web page can read it by making a
name of its own point to this computer (DNS rebinding). A client that leaves early (a tab that
reloads during the long poll, a download cut short) ends its request without a word.

``/admin/`` of the site is the editor (Decap CMS, files of the package in ``alliancegen/admin``)
under a Content-Security-Policy of its own; it saves through the local protocol, requests to
``/admin/api/v1`` that only the editor's page on this computer may send.
"""

from __future__ import annotations

import codecs
import ipaddress
import json
import mimetypes
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import webbrowser
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from pathlib import PurePath
from typing import Any
from urllib.parse import parse_qs
from urllib.parse import quote
from urllib.parse import unquote
from urllib.parse import urlsplit

import click
from markupsafe import escape

from alliancegen import cms
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.i18n import _
from alliancegen.i18n import language
from alliancegen.i18n import ngettext
from alliancegen.model import Site
from alliancegen.model.settings import Settings
from alliancegen.pipeline import Engine
from alliancegen.theme import themes_folder

PREFIX = "/__alliancegen__/"
"""Where the preview's own endpoints live, outside any site."""
SETTLE_MS = 100
"""A burst of changes ends when nothing changed for this long."""
_TYPES = {".ics": "text/calendar", ".vcf": "text/vcard"}
"""Media types the system's table may lack or name otherwise."""
LONG_POLL_SECONDS = 25
OWN_POLICY = "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'"
"""What the preview's own answers (its error page, script and notes) may do: run its script."""
HOST = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(?::[0-9]*)?")
"""A Host header: a name or an address, IPv6 in brackets, and a port (RFC 9110, 7.2)."""
EPOCH = re.compile("[0-9]{1,9}")
"""An epoch as the reload script sends it: ASCII digits, and fewer than a billion rebuilds."""
ADMIN = Path(__file__).resolve().parent / "admin"
"""The editor's scripts and licences, served at ``admin/`` of the site with its page."""
ADMIN_POLICY = cms.policy() + "; frame-ancestors 'none'"
"""What the editor may do: nothing from another host; Decap CMS compiles its validators
(``new Function``), styles its elements itself and shows images being uploaded (``blob:``).
As the page's own policy (``alliancegen.cms.policy``), and in no frame of another page."""
_ADMIN_TYPES = {
    ".js": "text/javascript",
    ".yml": "text/yaml",
    ".md": "text/markdown",
    "": "text/plain",
}
"""Media types of the editor's files (its licences have no suffix)."""
API = "admin/api/v1"
"""Where the editor's local protocol is answered, relative to the site's base path."""
MAX_REQUEST_MB = 50
"""The largest request of the editor, an image uploaded in base64 with room to spare."""
LENGTH = re.compile("[0-9]{1,12}")
"""A Content-Length the local protocol reads: ASCII digits, fewer than a terabyte."""

RELOAD_SCRIPT = """(() => {
  const epoch = new URL(document.currentScript.src).searchParams.get("epoch");
  const wait = () => fetch("PREFIXwait?epoch=" + epoch, {cache: "no-store"})
    .then((response) => response.json())
    .then((state) => (String(state.epoch) === epoch ? wait() : location.reload()))
    .catch(() => setTimeout(wait, 1000));
  wait();
})();
""".replace("PREFIX", PREFIX)


@dataclass(frozen=True)
class ServeOptions:
    """What the person running ``alliancegen serve`` asked for."""

    content_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    open_browser: bool = True
    drafts: bool = False
    poll: bool = False
    cache_dir: Path | None = None
    allowed_hosts: tuple[str, ...] = ()
    """Host names to answer under besides localhost and IP addresses."""


class Preview:
    """The last build's state, shared by the watcher and the request threads."""

    def __init__(self, options: Options, base_path: str, title: str = "") -> None:
        self.content_dir = options.content_dir
        self.title = title
        """The site's title, for the editor's page."""
        self.output = options.output_dir.resolve()
        self.base_path = base_path
        self.epoch = 0
        self.problems: tuple[Problem, ...] = ()
        self._building = True  # until the first build is done
        self._rebuilder = Engine(options)
        self._condition = threading.Condition()
        self._one_at_a_time = threading.Lock()
        self._index_wanted = threading.Event()

    def first_build(self) -> str:
        """Build for the first time. When that was the site an earlier build left in the cache
        (its content unread), the content is read and checked now, in the background, so that
        the first saved change does not wait for it (seconds on a portal)."""
        summary = self.rebuild()
        if self._rebuilder.reused:
            with self._condition:
                self._building = True
            threading.Thread(target=self.rebuild, daemon=True).start()
        return summary

    def rebuild(self, changed: Iterable[Path] | None = None) -> str:
        """Build again; count a new epoch when the pages or the problems changed. The search
        index follows in ``keep_index`` (if it runs)."""
        with self._one_at_a_time:
            summary = self._rebuild(changed)
        self._index_wanted.set()
        return summary

    def index(self) -> str:
        """Index the pages the last rebuild wrote and publish the index, unless a later rebuild
        came first; count a new epoch when it changed (open search pages load it again). The
        preview answers while the index is made. What failed, or ''."""
        with self._one_at_a_time:
            pages = self._rebuilder.pages
        try:
            index = self._rebuilder.search_index(pages)
        except ContentError as error:
            return "\n".join(str(problem) for problem in error.problems)
        changed = 0
        with self._one_at_a_time:
            with self._condition:
                self._building = True
            try:
                changed = self._rebuilder.publish_index(pages, index)
            finally:
                with self._condition:
                    self._building = False
                    self.epoch += changed > 0
                    self._condition.notify_all()
        return ""

    def keep_index(self) -> None:
        """Index again after every rebuild, one after the other, in the background."""
        while True:
            self._index_wanted.wait()
            self._index_wanted.clear()
            try:
                failed = self.index()
            except Exception as error:  # noqa: BLE001 (the preview must outlive any failure)
                failed = _("the search index failed: {error}", error=repr(error))
            if failed:
                click.echo(failed)

    def _rebuild(self, changed: Iterable[Path] | None) -> str:
        with self._condition:
            self._building = True
        problems: tuple[Problem, ...] = ()
        try:
            outcome = self._rebuilder.rebuild(changed)
            summary = _rebuilt(outcome.rendered, outcome.written)
            news = outcome.written + outcome.removed > 0
        except ContentError as error:
            problems, news = error.problems, True
            summary = "\n".join(str(problem) for problem in problems)
        except Exception as error:  # noqa: BLE001 (the preview must outlive any failure)
            failed = _("build failed: {error}", error=repr(error))
            problems, news, summary = (
                (Problem(Location(Path("alliancegen")), failed),),
                True,
                failed,
            )
        with self._condition:
            news = news or problems != self.problems
            self.problems, self._building = problems, False
            self.epoch += news
            self._condition.notify_all()
        return summary

    @property
    def last_site(self) -> Site | None:
        """The content as it last passed check."""
        return self._rebuilder.last_site

    def wait_for_build(self) -> None:
        """Return when no rebuild is running."""
        with self._condition:
            self._condition.wait_for(lambda: not self._building)

    def wait_for_epoch_after(self, epoch: int, timeout: float) -> int:
        """The epoch once it is not ``epoch`` any more, or after ``timeout`` seconds."""
        with self._condition:
            self._condition.wait_for(lambda: self.epoch != epoch and not self._building, timeout)
            return self.epoch


def _rebuilt(rendered: int, written: int) -> str:
    """The line a successful rebuild prints: how many pages it rendered and files it wrote."""
    files = ngettext("{n} file written", "{n} files written", written)
    return ngettext(
        "rebuilt: {n} page rendered, {files}",
        "rebuilt: {n} pages rendered, {files}",
        rendered,
        files=files,
    )


def serve(options: ServeOptions) -> None:
    """Build, serve and rebuild until Ctrl-C."""
    output = Path(tempfile.mkdtemp(prefix="alliancegen-serve-"))
    try:
        _run(options, output)
    except KeyboardInterrupt:  # whenever it comes: during the first build, or while serving
        click.echo("\n" + _("Stopped."))
    finally:
        shutil.rmtree(output, ignore_errors=True)


def _run(options: ServeOptions, output: Path) -> None:
    address = f"http://{options.host}:{options.port}/"
    settings = _published_settings(options.content_dir)
    published = settings.base_url if settings else None
    base_url = None if published else address  # without one, the preview's own address serves
    build_options = Options(
        options.content_dir,
        output / "site",
        base_url,
        options.drafts,
        cache_dir=options.cache_dir,
    )
    base_path = urlsplit(published or address).path or "/"
    preview = Preview(build_options, base_path, settings.title if settings else "")
    server = _bind(options, preview)
    _stop_on_signals()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(options, preview, stop), daemon=True)
    watcher.start()  # before the first build, so that no change made after it is missed
    try:
        click.echo(preview.first_build())
        threading.Thread(target=preview.keep_index, daemon=True).start()
        url = address.rstrip("/") + base_path
        click.echo(
            _(
                "Serving {folder} at {url} – press Ctrl-C to stop",
                folder=options.content_dir,
                url=url,
            )
        )
        if options.open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()
        watcher.join(timeout=2)


def _stop_on_signals() -> None:
    """Ctrl-C and a polite kill both stop the server cleanly, also when started in the
    background, where Ctrl-C is ignored unless a handler is set."""

    def stop(number: int, frame: object) -> None:
        raise KeyboardInterrupt

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, stop)


def _published_settings(content_dir: Path) -> Settings | None:
    """The site's settings, for the address it will be published at (base_url) and its title,
    if they are known."""
    from alliancegen.load import load_content
    from alliancegen.model import build_site

    try:
        return build_site(load_content(content_dir)).settings
    except ContentError:
        return None  # the first build shows the problems


def _bind(options: ServeOptions, preview: Preview) -> ThreadingHTTPServer:
    hosts = frozenset(name.lower() for name in ("localhost", options.host, *options.allowed_hosts))
    handler = type("Handler", (_Handler,), {"preview": preview, "hosts": hosts})
    try:
        return _Server((options.host, options.port), handler)
    except OSError as error:
        raise click.ClickException(
            _(
                "cannot serve on {host}:{port}: {reason}; choose another port with --port",
                host=options.host,
                port=options.port,
                reason=error.strerror,
            )
        ) from None


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], address: Any
    ) -> None:
        """A client that left ends its request silently; anything else is the preview's fault."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, address)


def _watch(options: ServeOptions, preview: Preview, stop: threading.Event) -> None:
    import watchfiles

    folders = [options.content_dir, themes_folder()]
    for changes in watchfiles.watch(
        *folders,
        stop_event=stop,
        step=SETTLE_MS,
        force_polling=options.poll,
        yield_on_timeout=False,
    ):
        changed = sorted({Path(path) for _, path in changes})
        names = ", ".join(path.name for path in changed[:3]) + (" …" if len(changed) > 3 else "")
        click.echo(_("changed: {names}", names=names))
        click.echo(preview.rebuild(changed))


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    hosts: frozenset[str]
    """The names the preview answers under, besides IP addresses."""
    server_version = "alliancegen"

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def do_POST(self) -> None:  # noqa: N802
        """The editor's local protocol, and nothing else."""
        try:
            target = urlsplit(self.path)
        except ValueError:
            self._note(HTTPStatus.BAD_REQUEST, _("the address asked for is malformed"), True)
            return
        refusal = self._refusal(target.netloc)
        if refusal is None and target.path != self.preview.base_path + API:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        refusal = refusal or self._api_refusal()
        if refusal is not None:
            self._note(*refusal, True)
            return
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status, answer = proxy_answer(self.preview.content_dir, body)
        self._send(
            HTTPStatus(status), "application/json", answer, True, ADMIN_POLICY, unindexed=True
        )

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet: the terminal shows builds, not requests."""

    def end_headers(self) -> None:
        """Every answer is of the type it names: no browser guesses HTML in a file."""
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def _answer(self, send_body: bool) -> None:
        try:
            target = urlsplit(self.path)
        except ValueError:  # such as http://[::1/
            self._note(HTTPStatus.BAD_REQUEST, _("the address asked for is malformed"), send_body)
            return
        refusal = self._refusal(target.netloc)
        if refusal is not None:
            self._note(*refusal, send_body)
            return
        path = target.path
        if path.startswith(PREFIX):
            self._endpoint(path[len(PREFIX) :], target.query, send_body)
            return
        base = self.preview.base_path
        admin = base + "admin/"
        if path + "/" == admin:
            self._redirect(admin)
            return
        if path.startswith(admin):  # the editor works while the content has problems
            self._admin(unquote(path[len(admin) :]), send_body)
            return
        self.preview.wait_for_build()
        if not path.startswith(base):
            if path + "/" == base or path == "/":
                self._redirect(base)
            else:
                self._not_found(send_body)
            return
        relative = unquote(path[len(base) :])
        file = _find(self.preview.output, relative)
        if file is not None and file.name == "index.html" and relative and not path.endswith("/"):
            self._redirect(base + _folder_url(file.parent.relative_to(self.preview.output)))
        elif self.preview.problems and (file is None or file.suffix == ".html"):
            page = self._with_reload(error_page(self.preview.problems))
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html", page, send_body, OWN_POLICY)
        else:
            self._send_file(file, send_body)

    def _refusal(self, authority: str) -> tuple[HTTPStatus, str] | None:
        """Why a request is not answered: a host not the preview's, or no clear host at all.

        A full address asked for (``GET http://host/…``) names the host (RFC 9112, 3.2.2)."""
        hosts = [authority] if authority else self.headers.get_all("Host", [])
        if not hosts and self.request_version in ("HTTP/0.9", "HTTP/1.0"):
            return None  # browsers always name the host: no name was pointed here
        named = HOST.fullmatch(hosts[0]) if len(hosts) == 1 else None
        if named is None:
            return HTTPStatus.BAD_REQUEST, _(
                "name one host in the Host header, like localhost:8000"
            )
        name = named["name"].lower()
        if name in self.hosts or _is_address(name):
            return None
        return HTTPStatus.FORBIDDEN, _(
            "alliancegen serve answers only to localhost, IP addresses and the names given with "
            "--allow-host, not to '{name}'. If you opened the preview under this name on "
            "purpose, start it with --allow-host {name}",
            name=name,
        )

    def _api_refusal(self) -> tuple[HTTPStatus, str] | None:
        """Why a request of the local protocol is not answered: it must come from this
        computer, from the editor's page of this preview (as JSON, which another page cannot
        send without asking first, and is not allowed to) and be no larger than an upload."""
        origin = self.headers.get("Origin")
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        length = self.headers.get("Content-Length", "")
        if not _is_loopback(self.client_address[0]):
            return HTTPStatus.FORBIDDEN, _("the editor saves only on the computer serve runs on")
        if kind != "application/json" or (
            origin is not None and urlsplit(origin).netloc != self.headers.get("Host")
        ):
            return HTTPStatus.FORBIDDEN, _(
                "only the editor at {path} may send this request",
                path=self.preview.base_path + "admin/",
            )
        if not LENGTH.fullmatch(length):
            return HTTPStatus.LENGTH_REQUIRED, _("name the length of the request in Content-Length")
        if int(length) > MAX_REQUEST_MB * 1024 * 1024:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _(
                "a request of the editor may hold at most {size} MB", size=MAX_REQUEST_MB
            )
        return None

    def _admin(self, relative: str, send_body: bool) -> None:
        """Answer from the editor's files, or with its configuration, made for this request."""
        status, kind = HTTPStatus.OK, "text/yaml"
        content: bytes | None = None
        if relative in ("", "index.html"):
            kind, content = "text/html", editor_page_text(self.preview.title).encode()
        elif relative == "config.yml":
            try:
                made = cms_config_text(
                    self.preview.content_dir, self.preview.base_path, self.preview.last_site
                )
                content = made.encode()
            except ContentError as error:
                status, kind = HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain"
                content = "".join(f"{problem}\n" for problem in error.problems).encode()
        elif (file := _find(ADMIN, relative)) is not None:
            guessed = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            kind, content = _ADMIN_TYPES.get(file.suffix, guessed), _read(file)
        if content is None:
            status, kind, content = HTTPStatus.NOT_FOUND, "text/plain", _("Not found").encode()
        self._send(status, kind, content, send_body, ADMIN_POLICY, unindexed=True)

    def _endpoint(self, name: str, query: str, send_body: bool) -> None:
        if name == "reload.js":
            script = RELOAD_SCRIPT.encode()
            self._send(HTTPStatus.OK, "text/javascript", script, send_body, OWN_POLICY)
        elif name == "wait":
            known = _known_epoch(query)
            epoch = self.preview.wait_for_epoch_after(known, LONG_POLL_SECONDS)
            answer = json.dumps({"epoch": epoch}).encode()
            self._send(HTTPStatus.OK, "application/json", answer, send_body, OWN_POLICY)
        else:
            self._not_found(send_body)

    def _send_file(self, file: Path | None, send_body: bool) -> None:
        content = _read(file)
        if file is None or content is None:
            self._not_found(send_body)
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".html":
            content = self._with_reload(content)
        else:
            kind = _TYPES.get(file.suffix, kind)
        self._send(HTTPStatus.OK, kind, content, send_body)

    def _with_reload(self, page: bytes) -> bytes:
        """Add the reload script before the end of the body (or at the end of the page), and
        allow own scripts, which the page's policy forbids.

        The page is changed as Latin-1, one character a byte, so its bytes stay as they are in
        every encoding that keeps ASCII as it is (UTF-8, Latin-1, Windows-1252, …); a page in
        UTF-16, which has no ASCII, is left as it is and must be reloaded by hand.
        """
        if page.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return page
        script = f'<script src="{PREFIX}reload.js?epoch={self.preview.epoch}"></script>\n'
        text = page.decode("latin-1").replace("script-src 'none'", "script-src 'self'")
        end = re.search("</body", text, re.IGNORECASE)
        at = len(text) if end is None else end.start()
        return (text[:at] + script + text[at:]).encode("latin-1")

    def _not_found(self, send_body: bool) -> None:
        page = _read(_find(self.preview.output, "404.html"))
        if page is None:
            self._note(HTTPStatus.NOT_FOUND, _("Not found"), send_body)
        else:
            self._send(HTTPStatus.NOT_FOUND, "text/html", self._with_reload(page), send_body)

    def _note(self, status: HTTPStatus, note: str, send_body: bool) -> None:
        """Answer with a line of plain text of the preview's own."""
        self._send(status, "text/plain", f"{note}\n".encode(), send_body, OWN_POLICY)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(
        self,
        status: HTTPStatus,
        kind: str,
        content: bytes,
        send_body: bool,
        policy: str | None = None,
        unindexed: bool = False,
    ) -> None:
        """Answer; a ``policy`` is sent for the preview's own answers and the editor's, pages
        bring their own; search engines are told to leave ``unindexed`` answers out."""
        self.send_response(status)
        self.send_header("Content-Type", _content_type(kind, content))
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        if policy is not None:
            self.send_header("Content-Security-Policy", policy)
        if unindexed:
            self.send_header("X-Robots-Tag", "noindex")
        self.end_headers()
        if send_body:
            self.wfile.write(content)


def error_page(problems: tuple[Problem, ...]) -> bytes:
    """The page shown instead of every page of the site while the content has problems, in the
    language of the messages."""
    heading = _("Problems in the content")
    items = "\n".join(_item(problem) for problem in problems)
    left = ngettext(
        "{n} problem left: once it is fixed, the preview shows the pages again.",
        "{n} problems left: once they are fixed, the preview shows the pages again.",
        len(problems),
    )
    return (
        f'<!doctype html>\n<html lang="{language()}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(heading)} – alliancegen</title>\n</head>\n<body>\n"
        f"<h1>{escape(heading)}</h1>\n<p>{escape(left)}</p>\n<ul>\n{items}\n</ul>\n"
        "</body>\n</html>\n"
    ).encode()


def _item(problem: Problem) -> str:
    """A problem as an item of the error page's list: where, what, and the hint."""
    hint = _("hint: {hint}", hint=problem.hint) if problem.hint else ""
    return (
        f"<li><code>{escape(problem.location)}</code>: {escape(problem.message)}"
        + (f"<br><small>{escape(hint)}</small>" if hint else "")
        + "</li>"
    )


def editor_page_text(title: str) -> str:
    """The editor's page as the build writes it (alliancegen.cms)."""
    return cms.editor_page(title, cms.policy())


def cms_config_text(content_dir: Path, base_path: str, site: Site | None = None) -> str:
    """The editor's configuration, made from the content model, for the local protocol; the
    entries of ``site`` (the content as it last passed check) are the choices of references."""
    return cms.config_yaml(content_dir, {"name": "proxy", "proxy_url": base_path + API}, site)


def proxy_answer(content_dir: Path, body: bytes) -> tuple[int, bytes]:
    """The status and JSON answer to a request of the editor's local protocol."""
    from alliancegen.proxy import answer  # only when the editor is used

    return answer(content_dir, body)


def _is_loopback(address: str) -> bool:
    """Whether a client's address is this computer's (also as an IPv4 address in IPv6)."""
    client = ipaddress.ip_address(address.split("%")[0])
    if isinstance(client, ipaddress.IPv6Address) and client.ipv4_mapped is not None:
        return client.ipv4_mapped.is_loopback
    return client.is_loopback


def _known_epoch(query: str) -> int:
    """The epoch a page was served with; -1, which is never current, when the query does not
    hold exactly one (so the answer comes at once, and a page that got it reloads)."""
    values = parse_qs(query, keep_blank_values=True).get("epoch", [])
    return int(values[0]) if len(values) == 1 and EPOCH.fullmatch(values[0]) else -1


def _is_address(host: str) -> bool:
    """Whether a host is an IP address: no web page can make one its own, as it can a name."""
    try:
        ipaddress.IPv6Address(host[1:-1]) if host.startswith("[") else ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


def _content_type(kind: str, content: bytes) -> str:
    """The type, with UTF-8 named for text in UTF-8; a browser reads other text by what it says
    of itself (``<meta charset>``, a byte-order mark), as from a server that does not know."""
    if not (kind.startswith("text/") or kind in ("application/json", "application/xml")):
        return kind
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return kind
    return f"{kind}; charset=utf-8"


def _folder_url(folder: PurePath) -> str:
    """The URL path of a folder of the site, relative to the site's base path."""
    return "".join(f"{quote(part)}/" for part in folder.parts)


def _find(root: Path, relative: str) -> Path | None:
    """The file a URL path names inside ``root`` (resolved), never outside it; folders mean
    index.html."""
    if "\0" in relative or len(relative) > 1024:
        return None
    try:
        candidate = (root / relative.lstrip("/")).resolve()
        if candidate.is_dir():
            candidate = (candidate / "index.html").resolve()
        return candidate if candidate.is_relative_to(root) and candidate.is_file() else None
    except OSError:  # a name longer than the system allows, say
        return None


def _read(file: Path | None) -> bytes | None:
    """The file's bytes, or None if there is none (any more: a rebuild may have removed it)."""
    try:
        return None if file is None else file.read_bytes()
    except OSError:
        return None
