"""``alliancegen serve``: a live preview that rebuilds what changed and reloads open tabs.

A small server of the standard library, not the ``livereload`` package: that one rebuilds once
per changed file, polls for reloads once a second and needs tornado (MkDocs left it in 2021 for
the same reasons). Files are watched with ``watchfiles`` (native events, or polling on
request for Docker and network drives) and a burst of changes makes one rebuild. Pages
long-poll the server and reload when a build changed something. Requests wait while a
rebuild runs, so nobody sees half a site; a failed build keeps the last good pages and shows
its problems instead of every page until the content is fixed.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import signal
import tempfile
import threading
import webbrowser
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

import click
from markupsafe import escape

from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.pipeline import Engine
from alliancegen.theme import themes_folder

PREFIX = "/__alliancegen__/"
"""Where the preview's own endpoints live, outside any site."""
SETTLE_MS = 100
"""A burst of changes ends when nothing changed for this long."""
LONG_POLL_SECONDS = 25

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


class Preview:
    """The last build's state, shared by the watcher and the request threads."""

    def __init__(self, options: Options, base_path: str) -> None:
        self.output = options.output_dir
        self.base_path = base_path
        self.epoch = 0
        self.problems: tuple[Problem, ...] = ()
        self._building = True  # until the first build is done
        self._rebuilder = Engine(options)
        self._condition = threading.Condition()
        self._one_at_a_time = threading.Lock()

    def rebuild(self, changed: Iterable[Path] | None = None) -> str:
        """Build again; count a new epoch when the pages or the problems changed."""
        with self._one_at_a_time:
            return self._rebuild(changed)

    def _rebuild(self, changed: Iterable[Path] | None) -> str:
        with self._condition:
            self._building = True
        problems: tuple[Problem, ...] = ()
        try:
            outcome = self._rebuilder.rebuild(changed)
            summary = f"rebuilt: {outcome.rendered} pages rendered, {outcome.written} files written"
            news = outcome.written + outcome.removed > 0
        except ContentError as error:
            problems, news = error.problems, True
            summary = "\n".join(str(problem) for problem in problems)
        except Exception as error:  # noqa: BLE001 (the preview must outlive any failure)
            problems, news = (
                (Problem(Location(Path("alliancegen")), f"build failed: {error!r}"),),
                True,
            )
            summary = problems[0].message
        with self._condition:
            news = news or problems != self.problems
            self.problems, self._building = problems, False
            self.epoch += news
            self._condition.notify_all()
        return summary

    def wait_for_build(self) -> None:
        """Return when no rebuild is running."""
        with self._condition:
            self._condition.wait_for(lambda: not self._building)

    def wait_for_epoch_after(self, epoch: int, timeout: float) -> int:
        """The epoch once it is not ``epoch`` any more, or after ``timeout`` seconds."""
        with self._condition:
            self._condition.wait_for(lambda: self.epoch != epoch and not self._building, timeout)
            return self.epoch


def serve(options: ServeOptions) -> None:
    """Build, serve and rebuild until Ctrl-C."""
    output = Path(tempfile.mkdtemp(prefix="alliancegen-serve-"))
    try:
        _run(options, output)
    except KeyboardInterrupt:  # whenever it comes: during the first build, or while serving
        click.echo("\nStopped.")
    finally:
        shutil.rmtree(output, ignore_errors=True)


def _run(options: ServeOptions, output: Path) -> None:
    address = f"http://{options.host}:{options.port}/"
    published = _published_address(options.content_dir)
    base_url = None if published else address  # without one, the preview's own address serves
    build_options = Options(
        options.content_dir,
        output / "site",
        base_url,
        options.drafts,
        cache_dir=options.cache_dir,
    )
    base_path = urlsplit(published or address).path or "/"
    preview = Preview(build_options, base_path)
    server = _bind(options, preview)
    _stop_on_signals()
    stop = threading.Event()
    watcher = threading.Thread(target=_watch, args=(options, preview, stop), daemon=True)
    watcher.start()  # before the first build, so that no change made after it is missed
    try:
        click.echo(preview.rebuild())
        url = address.rstrip("/") + base_path
        click.echo(f"Serving {options.content_dir} at {url} – press Ctrl-C to stop")
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


def _published_address(content_dir: Path) -> str | None:
    """The address the site will be published at (site.yaml's base_url), if it is known."""
    from alliancegen.load import load_content
    from alliancegen.model import build_site

    try:
        return build_site(load_content(content_dir)).settings.base_url
    except ContentError:
        return None  # the first build shows the problems


def _bind(options: ServeOptions, preview: Preview) -> ThreadingHTTPServer:
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((options.host, options.port), handler)
    except OSError as error:
        raise click.ClickException(
            f"cannot serve on {options.host}:{options.port}: {error.strerror}; "
            "choose another port with --port"
        ) from None
    server.daemon_threads = True
    return server


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
        click.echo(f"changed: {names}")
        click.echo(preview.rebuild(changed))


class _Handler(BaseHTTPRequestHandler):
    preview: Preview
    server_version = "alliancegen"

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._answer(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Stay quiet: the terminal shows builds, not requests."""

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        if path.startswith(PREFIX):
            self._endpoint(path[len(PREFIX) :], send_body)
            return
        self.preview.wait_for_build()
        base = self.preview.base_path
        if not path.startswith(base):
            if path + "/" == base or path == "/":
                self._redirect(base)
            else:
                self._not_found(send_body)
            return
        relative = unquote(path[len(base) :])
        file = _find(self.preview.output, relative)
        if file is not None and file.name == "index.html" and relative and not path.endswith("/"):
            self._redirect(path + "/")
        elif self.preview.problems and (file is None or file.suffix == ".html"):
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/html", self._error_page(), send_body)
        elif file is None:
            self._not_found(send_body)
        else:
            self._send_file(file, send_body)

    def _endpoint(self, name: str, send_body: bool) -> None:
        if name == "reload.js":
            self._send(HTTPStatus.OK, "text/javascript", RELOAD_SCRIPT.encode(), send_body)
        elif name == "wait":
            query = parse_qs(urlsplit(self.path).query)
            known = (
                int(query.get("epoch", ["-1"])[0]) if query.get("epoch", [""])[0].isdigit() else -1
            )
            epoch = self.preview.wait_for_epoch_after(known, LONG_POLL_SECONDS)
            self._send(
                HTTPStatus.OK, "application/json", json.dumps({"epoch": epoch}).encode(), send_body
            )
        else:
            self._not_found(send_body)

    def _send_file(self, file: Path, send_body: bool) -> None:
        content = file.read_bytes()
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if file.suffix == ".html":
            content = self._with_reload(content)
        elif file.suffix == ".ics":
            kind = "text/calendar"
        self._send(HTTPStatus.OK, kind, content, send_body)

    def _with_reload(self, page: bytes) -> bytes:
        """Add the reload script; the page's own policy would forbid it, so allow own scripts."""
        script = f'<script src="{PREFIX}reload.js?epoch={self.preview.epoch}"></script>\n</body>'
        text = page.decode("utf-8").replace("script-src 'none'", "script-src 'self'")
        return text.replace("</body>", script, 1).encode("utf-8")

    def _error_page(self) -> bytes:
        items = "\n".join(
            f"<li><code>{escape(problem.location)}</code>: {escape(problem.message)}"
            + (f"<br><small>{escape(problem.hint)}</small>" if problem.hint else "")
            + "</li>"
            for problem in self.preview.problems
        )
        page = (
            '<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            "<title>Fehler im Inhalt – alliancegen</title>\n</head>\n<body>\n"
            f"<h1>Fehler im Inhalt</h1>\n<p>Die Vorschau zeigt wieder die Seiten, sobald "
            f"{len(self.preview.problems)} Problem(e) behoben sind:</p>\n<ul>\n{items}\n</ul>\n"
            "</body>\n</html>\n"
        )
        return self._with_reload(page.encode("utf-8"))

    def _not_found(self, send_body: bool) -> None:
        page = _find(self.preview.output, "404.html")
        content = self._with_reload(page.read_bytes()) if page else b"Not found"
        self._send(HTTPStatus.NOT_FOUND, "text/html", content, send_body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, kind: str, content: bytes, send_body: bool) -> None:
        text = kind.startswith("text/") or kind in ("application/json", "application/xml")
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if text else kind)
        self.send_header("Content-Length", str(len(content)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(content)


def _find(root: Path, relative: str) -> Path | None:
    """The file a URL path names inside ``root``, never outside it; folders mean index.html."""
    if "\0" in relative or len(relative) > 1024:
        return None
    root = root.resolve()
    candidate = (root / relative.lstrip("/")).resolve()
    if not candidate.is_relative_to(root):
        return None
    if candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None
