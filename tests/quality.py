"""Quality gates for a built site, used by ``tests/test_quality.py``.

A plain static server for an output folder; Debian's Chromium driven by Playwright, with
axe-core injected into each page, a recorder of every request a page makes while it loads and
the width a page needs; and the Nu Html Checker (``vnu.jar``, run with Java) over many files
at once. The tools come from Debian (chromium, java) and from npm (``package.json``); a missing
one is an assertion error that says how to install it, never a skip.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page
from playwright.sync_api import Request
from playwright.sync_api import Route
from playwright.sync_api import ViewportSize
from playwright.sync_api import sync_playwright

from alliancegen.config import Options
from alliancegen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETUP = "run `bash tests/setup.sh` (as root it installs what is missing, then runs `npm ci`)"
TODAY = date(2026, 11, 26)
"""The build's day, so that upcoming and past events stay where the tests expect them."""

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""The axe-core rules that check WCAG 2.0 and 2.1, levels A and AA."""
EXTRA_RULES = ["heading-order"]
"""Rules axe-core files under "best practice" that the gate runs too: a skipped heading level
(h1, then h4) breaks the outline screen reader users navigate by (WCAG 1.3.1 in spirit;
Lighthouse's accessibility score counts it)."""

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NARROW: ViewportSize = {"width": 320, "height": 640}
"""The narrowest screen WCAG 2.1 (1.4.10 Reflow) asks for: no horizontal scrolling."""
WIDE: ViewportSize = {"width": 1280, "height": 800}


def build_example(content: Path, output: Path) -> Path:
    """Build a content folder into ``output``; return the output folder."""
    build(Options(content, output, today=TODAY))
    return output


def html_files(site: Path) -> list[Path]:
    """Every HTML page of a built site, sorted."""
    return sorted(site.rglob("*.html"))


def url_path(site: Path, page: Path) -> str:
    """The path a page is served at: 'ilmenau/' for ilmenau/index.html, '404.html' as it is."""
    relative = page.relative_to(site).as_posix()
    return relative.removesuffix("index.html")


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection early (it moved on to the next page) is normal."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port in a thread; yield its URL, ending in '/'."""
    handler = partial(_QuietHandler, directory=str(site))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def chromium_path() -> str:
    """Debian's Chromium; no tool may download a browser of its own."""
    chromium = shutil.which("chromium")
    assert chromium, f"Debian's chromium is needed: apt-get install chromium, or {SETUP}"
    return chromium


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Debian Chromium driven by Playwright."""
    executable = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def new_context(browser: Browser, origin: str) -> BrowserContext:
    """A browser context for pages of ``origin`` in which nothing reaches another host.

    The site's Content-Security-Policy (``script-src 'none'``) is bypassed, or it would stop
    the injected axe-core; the request recorder sees what the markup asks for either way.
    Requests to other hosts are recorded by ``requests_while_loading`` and then aborted, so
    the tests never wait for the network and never reach it.
    """
    context = browser.new_context(bypass_csp=True, viewport=WIDE)

    def only_local(route: Route) -> None:
        if is_local(route.request.url, origin):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_local)
    return context


def is_local(url: str, origin: str) -> bool:
    """Whether a request stays on the local server (or is a data: URL)."""
    if url.startswith("data:"):
        return True
    wanted, asked = urlsplit(origin), urlsplit(url)
    return (asked.scheme, asked.netloc) == (wanted.scheme, wanted.netloc)


def requests_while_loading(page: Page, url: str, until: str = "") -> list[str]:
    """Open ``url`` and return every URL the page requested until its load event, and then
    until the promise the script ``until`` gives (if any) is settled."""
    requested: list[str] = []

    def record(request: Request) -> None:
        requested.append(request.url)

    page.on("request", record)
    try:
        page.goto(url, wait_until="load")
        if until:
            page.evaluate(until)
    finally:
        page.remove_listener("request", record)
    return requested


def foreign(requested: list[str], origin: str) -> list[str]:
    """The requests that went to any host but the local server."""
    return [url for url in requested if not is_local(url, origin)]


def scroll_width(page: Page) -> int:
    """How wide the page's content is, in CSS pixels."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


@dataclass(frozen=True)
class Violation:
    """One axe-core rule that failed on a page, and the elements it failed on."""

    page: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        return f"{self.page}: {self.rule} ({self.impact}: {self.help}): {', '.join(self.targets)}"


AXE_RUN = """async ([tags, extra]) => {
    const rules = Object.fromEntries(extra.map(rule => [rule, {enabled: true}]));
    const options = {runOnly: {type: "tag", values: tags}, rules};
    const results = await axe.run(document, options);
    return results.violations.map(rule => ({
        rule: rule.id,
        impact: rule.impact || "",
        help: rule.help,
        targets: rule.nodes.map(node => node.target.join(" ")),
    }));
}"""


def axe_violations(page: Page, name: str) -> list[Violation]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules (and ``EXTRA_RULES``) on the open page.

    ``name`` labels the page in the findings. axe-core is injected once per loaded document.
    """
    assert AXE_SCRIPT.is_file(), f"axe-core is missing ({AXE_SCRIPT}): {SETUP}"
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=AXE_SCRIPT)
    found = page.evaluate(AXE_RUN, [WCAG_TAGS, EXTRA_RULES])
    return [Violation(page=name, **violation) for violation in found]


def java_path() -> str:
    """Java from Debian, for the Nu Html Checker."""
    java = shutil.which("java")
    assert java, f"Java is needed for vnu.jar: apt-get install default-jre-headless, or {SETUP}"
    return java


def vnu_errors(files: list[Path]) -> list[dict[str, Any]]:
    """Check HTML files with the Nu Html Checker in one Java run; return its error messages."""
    assert VNU_JAR.is_file(), f"the Nu Html Checker is missing ({VNU_JAR}): {SETUP}"
    assert files, "no HTML files to check"
    result = subprocess.run(
        [java_path(), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    # vnu writes its report to standard error; it exits with 1 when it found errors.
    assert result.returncode in (0, 1), f"vnu.jar failed ({result.returncode}): {result.stderr}"
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return [message for message in messages if message.get("type") != "info"]


def describe_vnu(message: dict[str, Any], site: Path) -> str:
    """One vnu message as 'page:line:column: message'."""
    name = urlsplit(message.get("url", "")).path
    with suppress(ValueError):
        name = Path(name).relative_to(site).as_posix()
    where = f"{message.get('lastLine', '?')}:{message.get('firstColumn', '?')}"
    return f"{name}:{where}: {message.get('type')}: {message.get('message')}"
