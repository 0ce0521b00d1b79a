"""``alliancegen serve``: a preview that rebuilds on save and reloads the browser by itself."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.sync_api import Browser
from playwright.sync_api import expect
from playwright.sync_api import sync_playwright

from alliancegen import i18n
from alliancegen.cli import main
from alliancegen.config import Options
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.pipeline import render
from alliancegen.serve import error_page
from tests.quality import CHROMIUM_FLAGS

NEWS = "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
NEWS_URL = "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running ``alliancegen serve`` and the content folder it previews."""

    process: subprocess.Popen[str]
    content: Path
    url: str

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.content / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        _, errors = self.process.communicate(timeout=10)
        return self.process.returncode, errors


def start_server(content: Path, *flags: str, cwd: Path | None = None) -> Server:
    """Start serve on ``content``; a relative ``content`` is found from ``cwd``."""
    port = free_port()
    command = [sys.executable, "-m", "alliancegen", "serve", "--content", str(content)]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--no-open", *flags],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Serving"):
            return Server(process, (cwd or Path()) / content, f"http://127.0.0.1:{port}/")
    raise AssertionError(f"serve did not start: {process.stderr.read() if process.stderr else ''}")


@pytest.fixture
def server(example_copy: Path) -> Iterator[Server]:
    running = start_server(example_copy)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.communicate()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def wait_until(check: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_cli_defaults_are_local_open_published_and_native_events() -> None:
    options = {option.name: option for option in main.commands["serve"].params}
    defaults = {name: option.default for name, option in options.items()}
    assert defaults == {
        "content_dir": Path("content"),
        "host": "127.0.0.1",
        "port": 8000,
        "allowed_hosts": (),
        "open_browser": True,
        "drafts": False,
        "poll": False,
        "cache": True,
        "cache_dir": None,
    }
    paired = {name for name, option in options.items() if getattr(option, "secondary_opts", [])}
    assert paired == {"open_browser", "drafts", "poll", "cache"}


@pytest.mark.parametrize(
    "value", ["http://mypc.local", "mypc.local:8000", "mypc.local.", ".example.org", "*", ""]
)
def test_allow_host_takes_a_name_alone(value: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--allow-host", value, "--no-open"])
    assert result.exit_code == 2
    assert f"'{value}' is not a host name; give the name alone, like mypc.local" in result.output


def test_allow_host_adds_names_the_preview_answers_under(example_copy: Path) -> None:
    running = start_server(example_copy, "--allow-host", "MyPC.local", "--allow-host", "pi")
    try:
        for host, status in [("mypc.local:8000", 200), ("pi", 200), ("evil.example", 403)]:
            request = urllib.request.Request(running.url + "ilmenau/", headers={"Host": host})
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert response.status == status
            except urllib.error.HTTPError as error:
                assert error.code == status
    finally:
        assert running.stop() == (0, "")


def test_browser_follows_edits_errors_and_fixes(server: Server, browser: Browser) -> None:
    page = browser.new_page()
    page.goto(server.url + NEWS_URL)
    expect(page.locator("h1")).to_have_text("Ilmenau – Mehr Zeit für die Familie")

    server.edit(NEWS, "title: Ilmenau – Mehr Zeit", "title: Ilmenau – Noch mehr Zeit")
    expect(page.locator("h1")).to_have_text("Ilmenau – Noch mehr Zeit für die Familie")

    server.edit("alliances/ilmenau/people.yaml", "- name: Katrin Hoh", "- name: [Katrin Hoh")
    expect(page.locator("h1")).to_have_text("Problems in the content")
    expect(page.locator("li").first).to_contain_text("alliances/ilmenau/people.yaml:3:7")

    server.edit("alliances/ilmenau/people.yaml", "- name: [Katrin Hoh", "- name: Katrin Hoh")
    expect(page.locator("h1")).to_have_text("Ilmenau – Noch mehr Zeit für die Familie")
    page.close()


@pytest.mark.parametrize(
    ("viewport", "width"),
    [({"width": 360, "height": 740}, 480), ({"width": 1400, "height": 900}, 960)],
)
def test_the_example_photo_loads_the_width_the_screen_needs_without_layout_shift(
    server: Server, browser: Browser, viewport: dict[str, int], width: int
) -> None:
    """At one device pixel per CSS pixel: 360 pixels wide take the 480 variant; a wide
    screen shows the hero beside the facts, 46rem (736 pixels), and takes the 960 one."""
    # The preview reloads an open page when the search index it makes after the first build
    # arrives: wait for it, so that the page measured is the page loaded.
    wait_until(lambda: server.get("pagefind/pagefind-entry.json")[0] == 200, 60)
    page = browser.new_page(viewport=viewport, device_scale_factor=1)
    page.goto(server.url + "herzogenrath/")
    hero = page.locator(".figure.hero img")
    page.wait_for_function(
        """() => {
            const image = document.querySelector(".figure.hero img");
            return image !== null && image.complete && image.naturalWidth > 0;
        }"""
    )
    source = hero.evaluate("image => image.currentSrc")
    assert re.search(
        rf"/herzogenrath/media/gezeichnete-landschaft-{width}w-[0-9a-f]{{8}}\.webp$", source
    )
    missing = page.locator("picture img:not([width][height])")
    assert missing.count() == 0
    shifted = page.evaluate(
        """() => new Promise(done => new PerformanceObserver(list => done(
            list.getEntries().reduce((sum, entry) => sum + entry.value, 0))
        ).observe({type: "layout-shift", buffered: true}) || setTimeout(() => done(0), 500))"""
    )
    assert shifted == 0
    page.close()


PROBLEMS = (
    Problem(Location(Path("site.yaml"), 2, 8), "<b> is no tag here", "write 'a & b'"),
    Problem(Location(Path("alliances/a/people.yaml"), 3, 7), "unknown field 'mail'"),
)


@pytest.mark.parametrize(
    ("language", "count", "words"),
    [
        (
            "de",
            1,
            [
                "<title>Probleme im Inhalt – alliancegen</title>",
                "<h1>Probleme im Inhalt</h1>",
                "<p>Noch 1 Problem: Sobald es behoben ist, zeigt die Vorschau wieder die Seiten.",
                "<small>Tipp: write &#39;a &amp; b&#39;</small>",
            ],
        ),
        (
            "de",
            2,
            [
                "<p>Noch 2 Probleme: Sobald sie behoben sind, zeigt die Vorschau",
            ],
        ),
        (
            "en",
            1,
            [
                "<title>Problems in the content – alliancegen</title>",
                "<h1>Problems in the content</h1>",
                "<p>1 problem left: once it is fixed, the preview shows the pages again.</p>",
                "<small>hint: write &#39;a &amp; b&#39;</small>",
            ],
        ),
        (
            "en",
            2,
            ["<p>2 problems left: once they are fixed, the preview shows the pages again.</p>"],
        ),
    ],
)
def test_the_error_page_is_in_the_language_of_the_messages(
    language: str, count: int, words: list[str]
) -> None:
    i18n.use(language)
    page = error_page(PROBLEMS[:count]).decode()
    assert f'<html lang="{language}">' in page
    assert "<li><code>site.yaml:2:8</code>: &lt;b&gt; is no tag here<br>" in page
    assert page.count("<li>") == count
    missing = [word for word in words if word not in page]
    assert missing == []


def test_template_error_in_an_override_is_shown_and_the_last_pages_kept(server: Server) -> None:
    override = server.content / "templates" / "page.html"
    override.parent.mkdir()
    override.write_text(
        '{% extends "theme/page.html" %}\n{% block main %}{{ oops( }}{% endblock %}\n'
    )
    wait_until(lambda: server.get("initiative/")[0] == 500)
    status, page = server.get("initiative/")
    assert "templates/page.html:2" in page
    assert server.get("static/img/favicon.svg")[0] == 200
    override.unlink()
    wait_until(lambda: server.get("initiative/")[0] == 200)


def test_a_burst_of_saves_makes_one_rebuild(server: Server) -> None:
    wait_until(lambda: server.get("pagefind/pagefind-entry.json")[0] == 200)  # made after serving
    epoch = json.loads(server.get("__alliancegen__/wait?epoch=-1")[1])["epoch"]
    for number in range(5):
        server.edit(NEWS, "Mehr Zeit" if number == 0 else f"Zeit {number - 1}", f"Zeit {number}")
    after = json.loads(server.get(f"__alliancegen__/wait?epoch={epoch}")[1])["epoch"]
    assert after == epoch + 1
    assert "Zeit 4" in server.get(NEWS_URL)[1]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("", 200),
        ("ilmenau/", 200),
        ("gibt-es-nicht/", 404),
        ("../../etc/passwd", 404),
        ("%2e%2e/%2e%2e/etc/passwd", 404),
        ("ilmenau/%00", 404),
    ],
)
def test_serves_pages_and_nothing_outside_the_site(server: Server, path: str, status: int) -> None:
    assert server.get(path)[0] == status


def test_folder_without_slash_redirects(server: Server) -> None:
    request = urllib.request.Request(server.url + "ilmenau")
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.url == server.url + "ilmenau/"


def test_pages_are_served_as_built_plus_the_reload_script(server: Server) -> None:
    outputs, _ = render(Options(server.content, server.content.parent / "unused"))
    built = next(o.content.decode() for o in outputs if str(o.path) == "ilmenau/index.html")
    served = server.get("ilmenau/")[1]
    script = re.search(r'<script src="/__alliancegen__/reload.js\?epoch=\d+"></script>\n', served)
    assert script is not None
    assert served.replace(script.group(), "").replace("'self'; object", "'none'; object") == built


def test_site_under_a_sub_path_is_served_there(example_copy: Path) -> None:
    settings = example_copy / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("http://localhost:8000/", "https://example.org/buendnis/"))
    running = start_server(example_copy)
    try:
        assert running.get("buendnis/ilmenau/")[0] == 200
        assert 'href="/buendnis/ilmenau/partner/"' in running.get("buendnis/ilmenau/")[1]
        assert running.get("ilmenau/")[0] == 404
        with urllib.request.urlopen(running.url, timeout=10) as response:
            assert response.url == running.url + "buendnis/"
    finally:
        running.stop()


def test_ctrl_c_stops_cleanly(server: Server) -> None:
    code, errors = server.stop()
    assert (code, errors) == (0, "")


def test_port_in_use_is_a_clear_error(example_copy: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "alliancegen", "serve", "--content", str(example_copy)]
        result = subprocess.run(
            [*command, "--port", str(port), "--no-open"], capture_output=True, text=True, timeout=30
        )
    assert result.returncode == 1
    assert f"cannot serve on 127.0.0.1:{port}" in result.stderr
    assert "choose another port with --port" in result.stderr
    assert "Traceback" not in result.stderr


def test_polling_sees_changes_too(example_copy: Path) -> None:
    running = start_server(example_copy, "--poll")
    try:
        running.edit(NEWS, "title: Ilmenau – Mehr Zeit", "title: Ilmenau – Gepollt")
        wait_until(lambda: "Gepollt" in running.get(NEWS_URL)[1])
    finally:
        running.stop()


@pytest.mark.parametrize("flags", [(), ("--poll",)], ids=["native events", "polling"])
def test_deleted_files_and_folders_leave_their_pages_and_every_list_at_once(
    example_copy: Path, flags: tuple[str, ...]
) -> None:
    """Run as a new user does, from the folder that holds ``content``: ``--content content``."""
    news = example_copy / "alliances/ilmenau/news/kurz-notiert.md"
    news.write_text("---\ntitle: Kurz notiert\ndate: 2017-05-01\n---\n", encoding="utf-8")
    running = start_server(Path(example_copy.name), *flags, cwd=example_copy.parent)
    try:
        assert running.get("ilmenau/aktuelles/kurz-notiert/")[0] == 200
        assert "/ilmenau/aktuelles/kurz-notiert/" in running.get("aktuelles/")[1]
        news.unlink()
        wait_until(lambda: running.get("ilmenau/aktuelles/kurz-notiert/")[0] == 404, 5)
        for listing in ("aktuelles/", "ilmenau/aktuelles/", ""):
            assert "kurz-notiert" not in running.get(listing)[1]

        assert "/iserlohn/" in running.get("buendnisse/")[1]
        shutil.rmtree(example_copy / "alliances/iserlohn")
        wait_until(lambda: running.get("iserlohn/")[0] == 404, 5)
        assert "/iserlohn/" not in running.get("buendnisse/")[1]
    finally:
        running.stop()


def wait_until_listening(port: int) -> None:
    for _ in range(300):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
            return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port}")


def test_ctrl_c_during_the_first_build_stops_cleanly_too(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    generate(tmp_path / "content", pages=3000)  # a first build of several seconds
    content, port = str(tmp_path / "content"), free_port()
    command = [sys.executable, "-m", "alliancegen", "serve", "--content", content, "--no-cache"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--no-open"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until_listening(port)  # the first build starts right after the port is taken
    time.sleep(0.5)
    process.send_signal(signal.SIGINT)
    output, errors = process.communicate(timeout=30)
    assert (process.returncode, errors, output) == (0, "", "\nStopped.\n")
