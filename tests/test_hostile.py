"""Hostile and broken input: a located problem, never a traceback, a lost site or a script."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.pipeline import build
from alliancegen.pipeline import render
from alliancegen.write import MARKER
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of

TODAY = date(2026, 11, 26)
ALLIANCE = "alliances/musterstadt"
PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;</p>😀"


# Content that is wrong, or only looks wrong


def test_yaml_surprises_stay_what_the_coordinator_wrote(make_content: MakeContent) -> None:
    people = "- name: no\n  phone: 03677600347\n  role: 1e3\n  office_hours: 01:30\n"
    [alliance] = site_of(make_content({f"{ALLIANCE}/people.yaml": people})).alliances
    person = alliance.people[0]
    assert (person.name, person.phone, person.role, person.office_hours) == (
        "no",
        "03677600347",
        "1e3",
        "01:30",
    )


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("site.yaml", "", "site.yaml:1:1: expected a group of fields here"),
        (f"{ALLIANCE}/alliance.md", "", "must start with front matter"),
        ("pages/p.md", "---\ntitle: P\nmenu: on\n---\n", "'menu' must be a whole number"),
        ("pages/p.md", "---\ntitle: [P]\n---\n", "'title' must be text, not a list"),
        (f"{ALLIANCE}/events/e.md", "---\ntitle: E\nstart: 01:30\n---\n", "'01:30' is not a date"),
        (f"{ALLIANCE}/events/e.md", "---\ntitle: E\nstart: 2019-02-30\n---\n", "28 days"),
        ("pages/p.md", "---\ntitle: P\ntitle: Q\n---\n", "'title' is written twice here"),
        ("site.yaml", "title: x\n" + "a: [" * 10_000 + "]" * 10_000, "nesting depth"),
    ],
    ids=[
        "empty-settings",
        "empty-markdown",
        "on-as-number",
        "list-as-text",
        "time-as-date",
        "impossible-date",
        "duplicate-key",
        "nesting-10000",
    ],
)
def test_wrong_content_gets_a_located_problem(
    make_content: MakeContent, name: str, content: str, expected: str
) -> None:
    root = make_content({name: content})
    lines = described(problems_of(root), root)
    assert any(expected in line for line in lines), lines


def test_a_file_of_50_megabytes_is_refused_quickly(make_content: MakeContent) -> None:
    root = make_content({"pages/gross.md": "---\ntitle: x\n---\n" + "Text " * 10_000_000})
    started = time.monotonic()
    lines = described(problems_of(root), root)
    assert lines == ["pages/gross.md:1:1: the file is larger than 5 MB"]
    assert time.monotonic() - started < 5


# Injection


SEARCH_PAGE = "suche/index.html"
SEARCH_SCRIPT = re.compile(r"/static/js/search\.[0-9a-f]{10}\.js")
"""The search page runs the theme's script, and no page another."""


class ScriptFinder(HTMLParser):
    """Scripts, event handler attributes and script URLs in a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.dangers: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "script":
            self._in_script = True
            self.scripts.append(found.get("src") or found.get("type") or "")
        for name, value in attrs:
            if name.startswith("on"):
                self.dangers.append(f"<{tag} {name}=…>")
            if name in ("href", "src") and (value or "").lower().startswith("javascript:"):
                self.dangers.append(f"<{tag} {name}={value}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"


def payload_site(make_content: MakeContent) -> Path:
    """A site whose every text field carries a script payload."""
    text = json.dumps(PAYLOAD, ensure_ascii=False)
    free_page = f"---\ntitle: {text}\nsummary: {text}\nmenu: 1\n---\n{PAYLOAD}\n"
    field = f"- title: {text}\n  slug: f\n  description: {text}\n"
    return make_content(
        {
            "site.yaml": f"title: {text}\ndescription: {text}\nbase_url: https://example.org/\n",
            f"{ALLIANCE}/alliance.md": (
                f"---\nname: {text}\ntown: {text}\nstate: Hessen\nsummary: {text}\n"
                f"vision: [{text}]\ntasks: [{text}]\nfocus: [{text}]\noffice_hours: {text}\n"
                f"awards: [{{name: {text}, issuer: {text}, period: {text}}}]\n"
                f"links: [{{title: {text}, url: 'https://example.org/?q=\"><script>'}}]\n"
                f"hero: {{alt: {text}, credit: {text}, caption: {text}}}\n"
                f"join: {text}\ncoordinators: [p]\n---\n{PAYLOAD}\n"
            ),
            f"{ALLIANCE}/people.yaml": (
                f"- name: {text}\n  slug: p\n  role: {text}\n  organisation: {text}\n"
                f"  quote: {text}\n  office_hours: {text}\n  email: a@example.org\n"
            ),
            f"{ALLIANCE}/partners.yaml": (
                f"- name: {text}\n  slug: x\n  short_name: {text}\n  category: clubs\n"
                f"  contribution: {text}\n  address: {{name: {text}, street: {text}}}\n"
            ),
            f"{ALLIANCE}/fields-of-action.yaml": field,
            f"{ALLIANCE}/goals.yaml": f"- title: {text}\n  slug: g\n  text: {text}\n",
            f"{ALLIANCE}/events/e.md": (
                f"---\ntitle: {text}\nstart: 2026-12-01 10:00\nmotto: {text}\n"
                f"place: {{name: {text}, locality: {text}}}\nreport: {text}\n---\n{PAYLOAD}\n"
            ),
            f"{ALLIANCE}/news/n.md": (
                f"---\ntitle: {text}\ndate: 2026-11-01\nsubtitle: {text}\nsummary: {text}\n"
                f"author: {text}\nsource: {{name: {text}}}\n"
                f"attachments: [{{title: {text}}}]\n---\n{PAYLOAD}\n"
            ),
            f"{ALLIANCE}/projects/p.md": (
                f"---\ntitle: {text}\nstatus: running\nsummary: {text}\nprogramme: {text}\n---\n"
                f"{PAYLOAD}\n"
            ),
            f"{ALLIANCE}/offers/o.md": (
                f"---\ntitle: {text}\neligibility: {text}\namount: {text}\n"
                f"how_to_apply: {text}\n---\n{PAYLOAD}\n"
            ),
            f"{ALLIANCE}/pages/s.md": free_page,
            "pages/s.md": free_page,
        }
    )


def test_no_page_runs_a_script_the_theme_did_not_write(make_content: MakeContent) -> None:
    outputs, _ = render(Options(payload_site(make_content), Path("unused"), today=TODAY))
    pages = {str(o.path): o.content.decode() for o in outputs if o.path.suffix == ".html"}
    assert len(pages) > 15
    for path, source in pages.items():
        finder = ScriptFinder()
        finder.feed(source)
        scripts = [s for s in finder.scripts if s != "application/ld+json"]
        searching = path == SEARCH_PAGE and len(scripts) == 1
        assert scripts == [] or searching and SEARCH_SCRIPT.fullmatch(scripts[0]), path
        assert finder.dangers == [], path
        assert "<script>alert" not in source, path


def test_json_ld_and_feeds_stay_valid_with_the_payload(make_content: MakeContent) -> None:
    outputs, _ = render(Options(payload_site(make_content), Path("unused"), today=TODAY))
    files = {str(o.path): o.content.decode() for o in outputs if o.path.suffix in {".html", ".xml"}}
    for path, source in files.items():
        for block in re.findall(
            r'<script type="application/ld\+json">\n(.*?)\n</script>', source, re.S
        ):
            data = json.loads(block)
            assert PAYLOAD in json.dumps(data, ensure_ascii=False), path
    for feed in ("feed.xml", "musterstadt/aktuelles/feed.xml"):
        parsed = feedparser.parse(files[feed])
        assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
        assert parsed.entries[0].title == PAYLOAD


@pytest.mark.parametrize(
    ("written", "scheme"),
    [
        ("javascript", "javascript"),
        ("JavaScript", "javascript"),
        ("java&#x09;script", "javascript"),
        ("&#106;avascript", "javascript"),
        ("data", "data"),
        ("vbscript", "vbscript"),
    ],
)
def test_script_urls_are_refused_in_link_fields_and_markdown(
    make_content: MakeContent, written: str, scheme: str
) -> None:
    root = make_content(
        {
            f"{ALLIANCE}/alliance.md": (
                f"---\nname: B\ntown: T\nstate: Hessen\nwebsite: '{written}:alert(1)'\n"
                f"join: '[x]({written}:alert(1))'\n---\nText\n\n[klick]( {written}:alert(1))\n"
                f"\n[ref]: {written}:alert(1)\n"
            )
        }
    )
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}/alliance.md:5:10: '{written}:alert(1)' is not a web address: "
        "write it as https://example.org/…",
        f"{ALLIANCE}/alliance.md:6:7: this link uses '{scheme}:'; links may lead to "
        "web addresses (https://…), e-mail (mailto:), phones (tel:) or pages of this site (/…, #…)",
        f"{ALLIANCE}/alliance.md:10:10: this link uses '{scheme}:'",
        f"{ALLIANCE}/alliance.md:12:8: this link uses '{scheme}:'",
    ]


# Paths


@pytest.mark.parametrize(
    "file",
    ["../../geheim.jpg", "/etc/passwd", "C:/bilder/a.jpg", "media\\\\a.jpg", "media//a.jpg"],
)
def test_file_references_cannot_leave_the_content_folder(
    make_content: MakeContent, file: str
) -> None:
    people = f"- name: A\n  photo: {{file: '{file}', alt: A, credit: B}}\n  photo_consent: true\n"
    root = make_content({f"{ALLIANCE}/people.yaml": people})
    [problem] = problems_of(root)
    assert "is not a file path inside the content folder" in problem.message


def test_links_out_of_the_content_folder_are_refused(make_content: MakeContent) -> None:
    root = make_content({})
    secret = root.parent / "geheim"
    secret.mkdir()
    (secret / "passwort.md").write_text("---\ntitle: geheim\n---\n")
    (root / "pages").mkdir()
    (root / "pages" / "geheim.md").symlink_to(secret / "passwort.md")
    (root / "templates").mkdir()
    (root / "templates" / "base.html").symlink_to("/etc/passwd")
    (root / "news").symlink_to(secret)
    assert sorted(described(problems_of(root), root)) == [
        "news:1:1: a link to a folder: alliancegen does not follow links to folders",
        "pages/geheim.md:1:1: a link to a file outside the content folder",
        "templates/base.html:1:1: a link to a file outside the content folder",
    ]


def test_names_that_differ_only_in_case_are_refused(make_content: MakeContent) -> None:
    root = make_content(
        {f"{ALLIANCE}/media/Foto.jpg": b"\xff\xd8", f"{ALLIANCE}/media/foto.jpg": b"\xff\xd8"}
    )
    [problem] = problems_of(root)
    assert problem.message in (
        "differs from Foto.jpg only in upper and lower case",
        "differs from foto.jpg only in upper and lower case",
    )


# Output safety


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("content", "the output folder is the content folder"),
        (".", "the output folder is the folder that holds the content"),
        ("..", "the output folder holds the content folder"),
        ("/", "the output folder is the root of the file system"),
        ("~", "the output folder is your home folder"),
    ],
)
def test_build_refuses_folders_it_must_not_replace(
    make_content: MakeContent, where: str, reason: str
) -> None:
    root = make_content({"site.yaml": "title: T\nbase_url: https://example.org/\n"})
    output = {"content": root, ".": root.parent, "..": root.parent.parent}.get(where)
    output = output or Path(where).expanduser()
    before = sorted(p.name for p in root.iterdir())
    with pytest.raises(ContentError) as caught:
        build(Options(root, output, today=TODAY))
    assert [problem.message for problem in caught.value.problems] == [reason]
    assert sorted(p.name for p in root.iterdir()) == before


KILLER = """
import sys
from datetime import date
from pathlib import Path
from alliancegen.config import Options
from alliancegen.pipeline import build
build(Options(Path(sys.argv[1]), Path(sys.argv[2]), today=date(2026, 11, 26)))
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_build_killed_at_any_moment_leaves_a_complete_site(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    content, output = tmp_path / "content", tmp_path / "build"
    generate(content, pages=200)
    build(Options(content, output, today=TODAY))
    first = tree(output)
    (content / "site.yaml").write_text("title: Neu\nbase_url: https://example.org/\n")
    build(Options(content, tmp_path / "second", today=TODAY))
    second = tree(tmp_path / "second")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-c", KILLER, str(content), str(tmp_path / "timed")], check=True
    )
    duration = time.monotonic() - started
    for step in range(10):
        process = subprocess.Popen([sys.executable, "-c", KILLER, str(content), str(output)])
        time.sleep(duration * step / 9)
        process.kill()
        process.wait()
        assert tree(output) in (first, second), f"killed after {duration * step / 9:.2f} s"
        assert (output / MARKER).exists()


# The preview server


def test_serve_answers_200_concurrent_requests(example_copy: Path) -> None:
    from tests.test_serve import start_server

    server = start_server(example_copy)
    try:
        paths = ["", "ilmenau/", "ilmenau/partner/", "static/img/favicon.svg", "../x"] * 40
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda path: server.get(path)[0], paths))
        assert statuses.count(200) == 160
        assert statuses.count(404) == 40
        assert server.get("")[0] == 200
    finally:
        server.stop()


# Defence in depth in the theme


def test_every_page_has_a_content_security_policy_and_no_opener_for_other_sites(
    make_content: MakeContent,
) -> None:
    body = "[extern](https://example.com/) [intern](/musterstadt/)"
    root = make_content({"pages/p.md": f"---\ntitle: P\n---\n{body}\n"})
    outputs, _ = render(Options(root, Path("unused"), "https://example.org/", today=TODAY))
    for output in outputs:
        if output.path.suffix != ".html":
            continue
        source = output.content.decode()
        scripts = "'self' 'wasm-unsafe-eval'" if str(output.path) == SEARCH_PAGE else "'none'"
        assert "Content-Security-Policy" in source and f"script-src {scripts};" in source
        for tag in re.findall(r'<a [^>]*href="https?://(?!example\.org)[^"]*"[^>]*>', source):
            assert 'rel="noopener"' in tag, (output.path, tag)
