"""The editor at ``/admin/`` of ``serve``: Decap CMS and js-yaml vendored from their pinned npm
packages, served from the package under a Content-Security-Policy of their own, and the local
protocol, answered only for the editor's page on this computer.

The editor's page, its configuration and the local protocol come from ``alliancegen.cms`` and
``alliancegen.proxy``; here they are replaced by a page that loads the scripts as the build's
does, a minimal configuration and a protocol that knows one file.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import expect

from alliancegen import i18n
from alliancegen import serve
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.serve import ADMIN
from alliancegen.serve import ADMIN_POLICY
from alliancegen.serve import Preview
from tests.conftest import EXAMPLE_CONTENT
from tests.quality import NODE_MODULES
from tests.quality import ROOT
from tests.quality import SETUP
from tests.test_serve import browser  # noqa: F401 (a fixture)
from tests.test_serve import wait_until
from tests.test_serve_requests import Reply
from tests.test_serve_requests import Running
from tests.test_serve_requests import serve_in_thread

PAGE = """<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Inhalte bearbeiten – {title}</title>
<link rel="icon" href="data:,">
<link href="config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="js-yaml/js-yaml.min.js"></script>
<script src="decap-cms/decap-cms.js"></script>
<script src="admin.js"></script>
</body>
</html>
"""
"""The editor's page in place of the one ``alliancegen.cms`` writes."""
CONFIG = """\
backend: {name: proxy, proxy_url: /admin/api/v1}
locale: de
media_folder: media
collections:
  - name: pages
    label: Seiten
    folder: pages
    extension: md
    format: frontmatter
    create: true
    fields:
      - {name: title, label: Titel, widget: string}
      - {name: body, label: Text, widget: markdown}
  - name: people
    label: Personen
    format: yaml-list
    files:
      - name: people
        label: Personen in Musterstadt
        file: alliances/musterstadt/people.yaml
        fields:
          - name: entries
            label: Personen
            widget: list
            fields: [{name: name, label: Name}, {name: since, label: Seit, widget: string}]
"""
"""A minimal configuration in place of the one made from the content model: Markdown files in a
folder, and a file that is a YAML list."""
PEOPLE = "alliances/musterstadt/people.yaml"
PEOPLE_YAML = "# Wer mitmacht\n- name: Katrin Hoh\n  since: 2017-05-15\n"
INFO = {"repo": "content", "publish_modes": ["simple"], "type": "local_fs"}
JSON = {"Content-Type": "application/json"}


def local_protocol(content_dir: Path, body: bytes) -> tuple[int, bytes]:
    """The local protocol of a content folder with one file, people.yaml, that keeps what the
    editor writes in ``SAVED``."""
    request = json.loads(body)
    action, params = request["action"], request.get("params", {})
    people = {"data": PEOPLE_YAML, "file": {"path": PEOPLE, "id": "1"}}
    answers: dict[str, object] = {
        "info": INFO,
        "entriesByFolder": [],
        "entriesByFiles": [people],
        "getEntry": people,
        "getMedia": [],
        "persistEntry": {"message": "entry persisted"},
    }
    if action not in answers:
        return 422, json.dumps({"error": f"unknown action {action}"}).encode()
    if action == "persistEntry":
        SAVED.extend(file["raw"] for file in params["dataFiles"])
    return 200, json.dumps(answers[action]).encode()


SAVED: list[str] = []


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Preview:
    folder = tmp_path_factory.mktemp("admin")
    content = Path(shutil.copytree(EXAMPLE_CONTENT, folder / "content"))
    built = Preview(Options(content, folder / "site", "http://localhost:8000/"), "/")
    built.rebuild()
    return built


@pytest.fixture
def running(
    preview: Preview, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Iterator[Running]:
    monkeypatch.setattr(serve, "editor_page_text", lambda title: PAGE.format(title=title))
    monkeypatch.setattr(serve, "cms_config_text", lambda content_dir, base_path, site: CONFIG)
    monkeypatch.setattr(serve, "proxy_answer", local_protocol)
    started = serve_in_thread(preview, capsys)
    yield started
    assert started.stop() == ""


def post(running: Running, body: object, headers: dict[str, str] = JSON) -> Reply:
    data = json.dumps(body).encode()
    return running.request("/admin/api/v1", "POST", headers=headers, body=data)


# The vendored packages


def vendored() -> dict[Path, Path]:
    """Each vendored file and the file of its npm package that it copies."""
    dist = NODE_MODULES / "decap-cms/dist"
    assert dist.is_dir(), f"decap-cms is not installed: {SETUP}"
    names = [
        "decap-cms.js",
        "decap-cms.js.LICENSE.txt",
        *(p.name for p in dist.glob("*.decap-cms.js")),
    ]
    return {
        **{ADMIN / "decap-cms" / name: dist / name for name in names},
        ADMIN / "js-yaml/js-yaml.min.js": NODE_MODULES / "js-yaml/dist/js-yaml.min.js",
        ADMIN / "js-yaml/LICENSE": NODE_MODULES / "js-yaml/LICENSE",
    }


@pytest.mark.parametrize("package", ["decap-cms", "js-yaml"])
def test_the_packages_installed_are_the_pinned_ones(package: str) -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"][package]
    installed = NODE_MODULES / package / "package.json"
    assert installed.is_file(), f"{package} is not installed: {SETUP}"
    assert json.loads(installed.read_text())["version"] == pinned
    assert pinned in (ADMIN / "README.md").read_text()


def test_the_vendored_files_are_those_of_the_npm_packages_and_no_chunk_is_missing() -> None:
    files = vendored()
    assert len(files) > 90
    for copy, original in files.items():
        assert copy.read_bytes() == original.read_bytes(), copy
    shipped = {path for path in ADMIN.rglob("*") if path.is_file() and path.parent != ADMIN}
    assert shipped == {*files, ADMIN / "decap-cms/LICENSE"}


def test_the_editor_is_shipped_with_its_licences() -> None:
    decap = (ADMIN / "decap-cms/LICENSE").read_text()
    assert decap.startswith("Copyright (c) 2016 Netlify <decap@p-m.si>\n\nMIT License\n")
    assert "Copyright (C) 2011-2015 by Vitaly Puzrin" in (ADMIN / "js-yaml/LICENSE").read_text()
    assert "@license React" in (ADMIN / "decap-cms/decap-cms.js.LICENSE.txt").read_text()


# What serve answers under /admin/


def test_the_editors_page_is_the_one_the_build_writes_and_its_scripts_are_there(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(running.preview, "title", "Bündnis Musterstadt")
    for target in ("/admin/", "/admin/index.html"):
        reply = running.request(target)
        assert (reply.status, reply.body.decode()) == (
            200,
            PAGE.format(title="Bündnis Musterstadt"),
        )
    scripts = re.findall(r'<script src="([^"]+)"></script>', PAGE)
    assert all(running.request(f"/admin/{script}").status == 200 for script in scripts)


@pytest.mark.parametrize(
    ("target", "kind"),
    [
        ("/admin/", "text/html; charset=utf-8"),
        ("/admin/index.html", "text/html; charset=utf-8"),
        ("/admin/admin.js", "text/javascript; charset=utf-8"),
        ("/admin/decap-cms/decap-cms.js", "text/javascript; charset=utf-8"),
        ("/admin/decap-cms/103.decap-cms.js", "text/javascript; charset=utf-8"),
        ("/admin/js-yaml/js-yaml.min.js", "text/javascript; charset=utf-8"),
        ("/admin/config.yml", "text/yaml; charset=utf-8"),
        ("/admin/decap-cms/LICENSE", "text/plain; charset=utf-8"),
        ("/admin/decap-cms/decap-cms.js.LICENSE.txt", "text/plain; charset=utf-8"),
    ],
)
def test_the_editors_files_have_their_types_and_its_policy(
    running: Running, target: str, kind: str
) -> None:
    for method in ("GET", "HEAD"):
        reply = running.request(target, method)
        assert (reply.status, reply.headers["Content-Type"]) == (200, kind)
        assert reply.headers["Content-Security-Policy"] == ADMIN_POLICY
        assert reply.headers["X-Robots-Tag"] == "noindex"
        assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert int(reply.headers["Content-Length"]) == len(running.request(target).body) > 0


def test_the_policy_keeps_the_editor_to_its_own_host() -> None:
    directives = dict(part.strip().split(" ", 1) for part in ADMIN_POLICY.split(";"))
    assert directives == {
        "default-src": "'none'",
        "script-src": "'self' 'unsafe-eval'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' blob: data:",
        "connect-src": "'self' blob:",
        "font-src": "'self'",
        "frame-ancestors": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "object-src": "'none'",
    }


def test_the_configuration_is_made_for_each_request(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr(
        serve, "cms_config_text", lambda *folder_base_site: asked.append(folder_base_site) or CONFIG
    )
    assert running.request("/admin/config.yml").body == CONFIG.encode()
    preview = running.preview
    assert asked == [(preview.content_dir, "/", preview.last_site)]
    assert preview.last_site is not None  # the entries references may name


def test_a_configuration_that_cannot_be_made_shows_the_problems(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    problem = Problem(Location(Path("site.yaml"), 2, 1), "unknown field 'titel'")

    def failing(content_dir: Path, base_path: str, site: object) -> str:
        raise ContentError([problem])

    monkeypatch.setattr(serve, "cms_config_text", failing)
    reply = running.request("/admin/config.yml")
    assert (reply.status, reply.body) == (500, b"site.yaml:2:1: unknown field 'titel'\n")
    assert reply.headers["Content-Security-Policy"] == ADMIN_POLICY


def test_admin_without_slash_redirects(running: Running) -> None:
    reply = running.request("/admin")
    assert (reply.status, reply.headers["Location"]) == (302, "/admin/")


@pytest.mark.parametrize(
    "target",
    [
        "/admin/gibt-es-nicht.js",
        "/admin/decap-cms/decap-cms.js.map",
        "/admin/decap-cms/cms.js",
        "/admin/decap-cms/dd5d52671a5763720504.wasm",
        "/admin/../serve.py",
        "/admin/%2e%2e/serve.py",
        "/admin/..%2fserve.py",
        "/admin/decap-cms/..%2f..%2f..%2fpyproject.toml",
        "/admin/..%5cserve.py",
        "/admin/../../../../etc/passwd",
        "/admin/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc/passwd",
        "/admin/%00",
        "/admin/" + "a" * 300,
    ],
)
def test_nothing_but_the_editors_files_is_served_under_admin(running: Running, target: str) -> None:
    reply = running.request(target)
    assert (reply.status, reply.body) == (404, b"Not found")
    assert reply.headers["Content-Security-Policy"] == ADMIN_POLICY
    assert b"root:" not in reply.body


def test_public_pages_keep_their_headers_and_stay_free_of_scripts(running: Running) -> None:
    reply = running.request("/ilmenau/")
    assert reply.status == 200
    assert "Content-Security-Policy" not in reply.headers
    assert "X-Robots-Tag" not in reply.headers
    scripts = re.findall(rb"<script(?! type=\"application/ld\+json\")[^>]*>", reply.body)
    assert scripts == [re.search(rb'<script src="/__alliancegen__/reload.js[^>]*>', reply.body)[0]]


def test_under_a_base_path_the_editor_is_there_too(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(running.preview, "base_path", "/buendnis/")
    assert running.request("/buendnis/admin/").status == 200
    assert running.request("/buendnis/admin/config.yml").body == CONFIG.encode()
    assert running.request("/buendnis/admin").headers["Location"] == "/buendnis/admin/"
    assert running.request("/admin/").status == 404
    reply = running.request(
        "/buendnis/admin/api/v1", "POST", headers=JSON, body=b'{"action":"info"}'
    )
    assert (reply.status, json.loads(reply.body)) == (200, INFO)
    assert running.request("/admin/api/v1", "POST", headers=JSON, body=b"{}").status == 501


# The local protocol


def test_the_local_protocol_is_answered_for_the_editor(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[Path, bytes]] = []

    def answer(content_dir: Path, body: bytes) -> tuple[int, bytes]:
        asked.append((content_dir, body))
        return local_protocol(content_dir, body)

    monkeypatch.setattr(serve, "proxy_answer", answer)
    origin = {"Origin": f"http://localhost:{running.port}", **JSON}
    reply = running.request(
        "/admin/api/v1", "POST", f"localhost:{running.port}", origin, b'{"action":"info"}'
    )
    assert (reply.status, json.loads(reply.body)) == (200, INFO)
    assert reply.headers["Content-Type"] == "application/json; charset=utf-8"
    assert reply.headers["Content-Security-Policy"] == ADMIN_POLICY
    assert asked == [(running.preview.content_dir, b'{"action":"info"}')]
    assert post(running, {"action": "deleteFiles"}).status == 422


@pytest.mark.parametrize(
    ("headers", "status", "note"),
    [
        ({"Origin": "http://evil.example", **JSON}, 403, "only the editor at /admin/ may send"),
        ({"Origin": "null", **JSON}, 403, "only the editor at /admin/ may send"),
        ({"Content-Type": "text/plain"}, 403, "only the editor at /admin/ may send"),
        ({}, 403, "only the editor at /admin/ may send"),
        ({**JSON, "Content-Length": "52428801"}, 413, "may hold at most 50 MB"),
        ({**JSON, "Content-Length": "-1"}, 411, "name the length of the request"),
    ],
    ids=["another site", "a sandboxed page", "plain text", "no type", "too large", "negative"],
)
def test_the_local_protocol_refuses_requests_not_from_the_editor(
    running: Running, headers: dict[str, str], status: int, note: str
) -> None:
    if "Content-Length" in headers:  # said, but the body is not sent
        reply = running.request("/admin/api/v1", "POST", headers=headers)
    else:
        reply = running.request("/admin/api/v1", "POST", headers=headers, body=b"{}")
    assert reply.status == status
    assert note in reply.body.decode()


def test_the_local_protocol_refuses_other_computers_and_host_names(
    running: Running, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = b'{"action":"info"}'
    other = running.request("/admin/api/v1", "POST", "evil.example", JSON, body)
    assert (other.status, other.body.decode()[:32]) == (403, "alliancegen serve answers only t")
    monkeypatch.setattr(serve, "_is_loopback", lambda address: False)
    reply = running.request("/admin/api/v1", "POST", headers=JSON, body=body)
    assert (reply.status, reply.body) == (
        403,
        b"the editor saves only on the computer serve runs on\n",
    )


def test_the_local_protocol_refuses_in_german(running: Running) -> None:
    i18n.use("de")
    reply = running.request("/admin/api/v1", "POST", body=b"{}")
    assert reply.body.decode() == ("nur der Editor unter /admin/ darf diese Anfrage senden\n")
    reply = post(running, {}, {**JSON, "Content-Length": "60000000"})
    assert reply.body.decode() == "eine Anfrage des Editors darf höchstens 50 MB groß sein\n"


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("::ffff:127.0.0.1", True),
        ("192.168.178.20", False),
        ("::ffff:192.168.178.20", False),
        ("fe80::1%eth0", False),
    ],
)
def test_loopback_addresses_are_this_computers(address: str, loopback: bool) -> None:
    assert serve._is_loopback(address) is loopback


# In Chromium


def test_the_editor_opens_in_german_edits_a_list_file_and_stays_on_its_host(
    running: Running,
    browser: Browser,  # noqa: F811 (the fixture)
) -> None:
    """Decap CMS under its policy, in German; people.yaml read and written by admin.js."""
    SAVED.clear()
    origin = f"http://127.0.0.1:{running.port}"
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    requests: list[str] = []
    complaints: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: complaints.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: complaints.append(f"error: {error}"))
    page.add_init_script(
        'document.addEventListener("securitypolicyviolation", (event) => console.error('
        '"CSP violation: " + event.effectiveDirective + " " + event.blockedURI));'
    )
    page.goto(origin + "/admin/")
    page.get_by_role("button", name="Login").click()  # the local protocol's: no password
    expect(page.get_by_text("Inhaltstypen")).to_be_visible()
    expect(page.get_by_text("Keine Beiträge")).to_be_visible()

    page.goto(origin + "/admin/#/collections/people/entries/people")
    expect(page.locator("input").first).to_have_value("Katrin Hoh")
    page.get_by_role("button", name="personen hinzufügen").click()
    page.locator("input:visible").nth(0).fill("Jonas Berg")
    page.locator("input:visible").nth(1).fill("2026-11-27")
    page.get_by_role("button", name="Veröffentlichen").click()
    page.get_by_text("Jetzt veröffentlichen").click()
    wait_until(lambda: SAVED)
    context.close()

    assert SAVED == [
        "- name: Katrin Hoh\n  since: 2017-05-15\n- name: Jonas Berg\n  since: 2026-11-27\n"
    ]
    assert [url for url in requests if not url.startswith(origin + "/admin/")] == []
    assert [text for text in complaints if text.startswith(("error", "warning"))] == []
