"""Rendering details, read from the rendered files in memory without writing them.

JSON-LD, Markdown, German dates, hidden e-mail addresses, upcoming and past events, theme
overrides and static files with a content hash in their names.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancegen import i18n
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.filters import path_url
from alliancegen.markdown import render_markdown
from alliancegen.model.fields import name_key
from alliancegen.model.fields import slugify
from alliancegen.pipeline import render
from alliancegen.theme import themes_folder
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent

TODAY = date(2026, 11, 26)
ALLIANCE = "alliances/musterstadt"
EVIL = "</script><script>alert(1)</script>"


def rendered(content: Path, base_url: str = "https://example.org/") -> dict[str, bytes]:
    """Every file the build would write, by its path, without writing anything."""
    options = Options(content, content.parent / "build", base_url=base_url, today=TODAY)
    outputs, _ = render(options)
    return {str(output.path): output.content for output in outputs}


def html_of(files: dict[str, bytes]) -> dict[str, str]:
    """The HTML pages among ``files``, decoded."""
    return {path: data.decode("utf-8") for path, data in files.items() if path.endswith(".html")}


class PageReader(HTMLParser):
    """The parts of a page these tests read: text, JSON-LD, <time> elements, stylesheets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.json_ld: list[str] = []
        self.times: list[tuple[str, str]] = []
        self.stylesheets: list[str] = []
        self._in: str | None = None
        self._datetime = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "script" and found.get("type") == "application/ld+json":
            self._in = "json_ld"
            self.json_ld.append("")
        elif tag in ("script", "style"):
            self._in = "code"
        elif tag == "time":
            self._in, self._datetime = "time", found.get("datetime", "")
            self.times.append((self._datetime, ""))
        elif tag == "link" and found.get("rel") == "stylesheet":
            self.stylesheets.append(found["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "time"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "json_ld":
            self.json_ld[-1] += data
        elif self._in == "time":
            self.times[-1] = (self._datetime, self.times[-1][1] + data)
        if self._in != "code" and self._in != "json_ld":
            self.text.append(data)


def read(source: str) -> PageReader:
    """A page, parsed."""
    reader = PageReader()
    reader.feed(source)
    reader.close()
    return reader


def visible_text(source: str) -> str:
    """The page's text as a reader sees it, with whitespace joined."""
    return re.sub(r"\s+", " ", " ".join(read(source).text))


def json_ld_in(source: str) -> list[dict[str, Any]]:
    """Every JSON-LD block of a page, parsed; invalid JSON raises."""
    return [json.loads(block) for block in read(source).json_ld]


def page(make_content: MakeContent, body: str, settings: str = "") -> str:
    """The HTML of a site page with ``body`` as its Markdown text."""
    root = make_content(
        {
            "site.yaml": "title: Testseite\n" + settings,
            "pages/text.md": "---\ntitle: T\n---\n" + body,
        }
    )
    return html_of(rendered(root))["text/index.html"]


@pytest.fixture(scope="session")
def example_files() -> dict[str, bytes]:
    """The shipped example, rendered once for the whole session."""
    return rendered(EXAMPLE_CONTENT)


@pytest.fixture(scope="session")
def example_pages(example_files: dict[str, bytes]) -> dict[str, str]:
    """The example's HTML pages by path."""
    return html_of(example_files)


# JSON-LD


def test_every_page_has_valid_json_ld(example_pages: dict[str, str]) -> None:
    counts = {path: len(json_ld_in(source)) for path, source in example_pages.items()}
    assert [path for path, count in counts.items() if count != 1] == []


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("index.html", "WebSite"),
        ("ilmenau/index.html", "Organization"),
        ("herzogenrath/index.html", "Organization"),
        ("iserlohn/index.html", "Organization"),
        ("ilmenau/termine/aktionstag-2017/index.html", "Event"),
        ("herzogenrath/termine/familientag-2017/index.html", "Event"),
        ("ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/index.html", "NewsArticle"),
    ],
    ids=["home", "ilmenau", "herzogenrath", "iserlohn", "action-day", "family-day", "news"],
)
def test_json_ld_describes_what_the_page_shows(
    example_pages: dict[str, str], path: str, kind: str
) -> None:
    [data] = json_ld_in(example_pages[path])
    assert (data["@context"], data["@type"]) == ("https://schema.org", kind)


def test_organization_names_the_alliance_and_its_founding_day(
    example_pages: dict[str, str],
) -> None:
    [data] = json_ld_in(example_pages["ilmenau/index.html"])
    assert data["name"] == "Lokales Bündnis für Familien in Ilmenau"
    assert data["foundingDate"] == "2008-11-17"
    assert data["url"] == "https://example.org/ilmenau/"
    partners = [member for member in data["member"] if member["@type"] == "Organization"]
    assert len(partners) == 20
    roles = [(role["roleName"], role["member"]["name"]) for role in data["member"][20:]]
    assert roles == [
        ("Schirmherrschaft", "Dr. Daniel Schultheiß"),
        ("Koordination", "Katrin Hoh"),
        ("Koordination", "Christine Körner"),
    ]
    assert [contact["email"] for contact in data["contactPoint"]] == [
        "gba@ilmenau.de",
        "mgh-ilmenau@gmx.de",
    ]


def test_text_cannot_break_out_of_a_script_element(make_content: MakeContent) -> None:
    root = make_content(
        {
            f"{ALLIANCE}/partners.yaml": f"- name: '{EVIL}'\n  category: other\n",
            f"{ALLIANCE}/news/boese.md": f"---\ntitle: '{EVIL}'\ndate: 2026-11-01\n---\n",
        }
    )
    pages = html_of(rendered(root))
    assert [path for path, source in pages.items() if "<script>alert" in source.lower()] == []
    [article] = json_ld_in(pages["musterstadt/aktuelles/boese/index.html"])
    [organization] = json_ld_in(pages["musterstadt/index.html"])
    assert (article["headline"], organization["member"][0]["name"]) == (EVIL, EVIL)


# Markdown


def test_markdown_tables_render(make_content: MakeContent) -> None:
    source = page(make_content, "| Tag | Zeit |\n|---|---|\n| Montag | 9 Uhr |\n")
    assert "<th>Tag</th>" in source
    assert "<td>Montag</td>" in source


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [("Über uns", "ueber-uns"), ("Größe & Maß", "groesse-mass"), ("Café Crème", "cafe-creme")],
    ids=["umlaut", "sharp-s-and-ampersand", "accents"],
)
def test_markdown_headings_get_german_ids(
    make_content: MakeContent, heading: str, anchor: str
) -> None:
    source = page(make_content, f"## {heading}\n\nText\n")
    assert f'<h2 id="{anchor}">' in source


def test_markdown_attribute_lists_set_classes_and_ids(make_content: MakeContent) -> None:
    source = page(make_content, "## Termine {#kalender}\n\nBitte anmelden.\n{.x}\n")
    assert '<h2 id="kalender">Termine</h2>' in source
    assert '<p class="x">Bitte anmelden.</p>' in source


RAW = "<script>alert(2)</script> und <b>fett</b>\n"


@pytest.mark.parametrize(
    ("settings", "present", "absent"),
    [
        ("", ["&lt;script&gt;alert(2)", "&lt;b&gt;fett&lt;/b&gt;"], ["<script>alert", "<b>"]),
        ("allow_raw_html: true\n", ["<script>alert(2)</script>", "<b>fett</b>"], ["&lt;b&gt;"]),
    ],
    ids=["escaped-by-default", "kept-when-allowed"],
)
def test_raw_html_in_markdown_is_shown_as_text_unless_allowed(
    make_content: MakeContent, settings: str, present: list[str], absent: list[str]
) -> None:
    source = page(make_content, RAW, settings)
    assert [text for text in present if text not in source] == []
    assert [text for text in absent if text in source] == []


def test_double_quotes_become_german_quotes(make_content: MakeContent) -> None:
    text = visible_text(page(make_content, 'Sie sagte "Hallo" und ging.\n'))
    assert "Sie sagte „Hallo“ und ging." in text


def test_root_relative_markdown_links_stay_below_a_sub_path(make_content: MakeContent) -> None:
    root = make_content({"pages/text.md": "---\ntitle: T\n---\n[Partner](/musterstadt/partner/)"})
    source = html_of(rendered(root, "https://example.org/buendnis/"))["text/index.html"]
    assert '<a href="/buendnis/musterstadt/partner/">Partner</a>' in source


# Dates and e-mail addresses


@pytest.mark.parametrize(
    ("path", "machine", "human"),
    [
        ("ilmenau/index.html", "2008-11-17", "17. November 2008"),
        ("iserlohn/index.html", "2004-07", "Juli 2004"),
        ("iserlohn/index.html", "2004-07-15", "15. Juli 2004"),
    ],
    ids=["ilmenau-founded", "iserlohn-founded", "iserlohn-declared"],
)
def test_alliance_dates_are_german_and_machine_readable(
    example_pages: dict[str, str], path: str, machine: str, human: str
) -> None:
    assert (machine, human) in read(example_pages[path]).times


def test_timed_event_shows_day_and_time(make_content: MakeContent) -> None:
    event = "---\ntitle: Aktionstag\nstart: 2017-05-15 14:00\n---\n"
    pages = html_of(rendered(make_content({f"{ALLIANCE}/events/aktionstag.md": event})))
    times = read(pages["musterstadt/termine/aktionstag/index.html"]).times
    assert ("2017-05-15T14:00+02:00", "15. Mai 2017, 14:00 Uhr") in times


@pytest.mark.parametrize("address", ["gba@ilmenau.de", "mgh-ilmenau@gmx.de"])
def test_email_addresses_are_not_in_the_page_source(
    example_files: dict[str, bytes], address: str
) -> None:
    """Only a vCard holds an address as written: an address book must read it."""
    found = [path for path, data in example_files.items() if address.encode() in data]
    assert [path for path in found if not path.endswith(".vcf")] == []
    assert len(found) == 1


def test_email_links_decode_to_mailto(example_pages: dict[str, str]) -> None:
    source = html.unescape(example_pages["ilmenau/mitmachen/index.html"])
    assert "mailto:gba@ilmenau.de" in source
    assert "mailto:mgh-ilmenau@gmx.de" in source


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        (
            "Schreiben Sie an name@example.org.",
            '<a href="mailto:name@example.org">name@example.org</a>.',
        ),
        ("Mail: <name@example.org>", '<a href="mailto:name@example.org">name@example.org</a>'),
        ("[schreiben](mailto:name@example.org)", '<a href="mailto:name@example.org">schreiben</a>'),
        (
            "[Mail](MAILTO:a.b-c@ex-ample.de?subject=Hallo%20Welt)",
            '<a href="MAILTO:a.b-c@ex-ample.de?subject=Hallo%20Welt">Mail</a>',
        ),
        (
            "*info@ex.de* und [info@ex.de](mailto:info@ex.de)",
            '<em><a href="mailto:info@ex.de">info@ex.de</a></em> und '
            '<a href="mailto:info@ex.de">info@ex.de</a>',
        ),
        ("Code: `name@example.org`", "<code>name@example.org</code>"),
        ("    a@example.org\n", "<pre><code>a@example.org\n</code></pre>"),
    ],
    ids=[
        "plain",
        "angle-brackets",
        "link",
        "link-with-query",
        "in-emphasis-and-link",
        "code",
        "code-block",
    ],
)
def test_email_addresses_in_markdown_are_hidden_as_in_fields(markdown: str, shown: str) -> None:
    converted = str(render_markdown(markdown))
    assert "@" not in converted
    assert shown in html.unescape(converted)


@pytest.mark.parametrize("text", ["an @name", "foo@localhost", "[x](https://example.org/@a)"])
def test_text_with_an_at_sign_but_no_address_stays_as_it_is(text: str) -> None:
    converted = render_markdown(text)
    assert "@" in converted
    assert "mailto" not in html.unescape(converted)


def test_email_in_markdown_is_hidden_on_the_page(make_content: MakeContent) -> None:
    source = page(make_content, "Fragen? kontakt@musterstadt.de\n")
    assert "kontakt@musterstadt.de" not in source
    assert '<a href="mailto:kontakt@musterstadt.de">' in html.unescape(source)


# Events


@pytest.mark.parametrize("path", ["musterstadt/termine/index.html", "termine/index.html"])
def test_events_are_listed_as_upcoming_or_past_at_today(
    make_content: MakeContent, path: str
) -> None:
    events = {
        f"{ALLIANCE}/events/advent.md": "---\ntitle: Adventsfest\nstart: 2026-12-05\n---\n",
        f"{ALLIANCE}/events/sommer.md": "---\ntitle: Sommerfest\nstart: 2026-07-01\n---\n",
    }
    text = visible_text(html_of(rendered(make_content(events)))[path])
    order = [text.index(words) for words in ("Kommende Termine", "Adventsfest")]
    order += [text.index(words) for words in ("Vergangene Termine", "Sommerfest")]
    assert order == sorted(order)


# Theme overrides and static files


def test_site_template_replaces_the_themes(make_content: MakeContent) -> None:
    root = make_content(
        {
            "templates/page.html": "<p>Eigene Seite: {{ page.title }}</p>\n",
            "pages/wir.md": "---\ntitle: Wir\n---\nText\n",
        }
    )
    pages = html_of(rendered(root))
    assert pages["wir/index.html"] == "<p>Eigene Seite: Wir</p>\n"
    assert "Eigene Seite" not in pages["index.html"]


def test_site_template_can_extend_the_themes_and_override_one_block(
    make_content: MakeContent,
) -> None:
    override = (
        '{% extends "theme/page.html" %}\n{% block main %}<p>Eigener Inhalt</p>{% endblock %}\n'
    )
    root = make_content(
        {"templates/page.html": override, "pages/wir.md": "---\ntitle: Wir\n---\nDer Text\n"}
    )
    source = html_of(rendered(root))["wir/index.html"]
    assert "<p>Eigener Inhalt</p>" in source
    assert "Der Text" not in source
    assert '<link rel="canonical" href="https://example.org/wir/">' in source
    assert "<title>Wir – Testseite</title>" in source


def test_syntax_error_in_an_override_names_its_file_and_line(make_content: MakeContent) -> None:
    root = make_content(
        {
            "templates/page.html": "{% extends 'theme/page.html' %}\n\n{% block main %}{{ x }\n",
            "pages/a.md": "---\ntitle: A\n---\n",
            "pages/b.md": "---\ntitle: B\n---\n",
        }
    )
    with pytest.raises(ContentError) as caught:
        rendered(root)
    [problem] = caught.value.problems
    assert (problem.location.path, problem.location.line) == (root / "templates/page.html", 3)


def hashed_name(folder: str, data: bytes, stem: str, suffix: str) -> str:
    """Where a static file is written: its name with the start of its SHA-256."""
    return f"static/{folder}/{stem}.{hashlib.sha256(data).hexdigest()[:10]}.{suffix}"


def test_static_css_is_written_under_its_content_hash(example_files: dict[str, bytes]) -> None:
    css = {path: data for path, data in example_files.items() if path.endswith(".css")}
    assert sorted(re.sub(r"\.[0-9a-f]{10}\.", ".", path) for path in css) == [
        "static/css/print.css",
        "static/css/site.css",
    ]
    for path, data in css.items():
        stem = path.removeprefix("static/css/").split(".")[0]
        assert path == hashed_name("css", data, stem, "css")


def test_pages_link_the_hashed_stylesheets(
    example_files: dict[str, bytes], example_pages: dict[str, str]
) -> None:
    css = {"/" + path for path in example_files if path.endswith(".css")}
    linked = {path: set(read(source).stylesheets) for path, source in example_pages.items()}
    assert {path: links for path, links in linked.items() if links != css} == {}


def test_site_stylesheet_replaces_the_themes(make_content: MakeContent) -> None:
    own = b"body { color: green; }\n"
    root = make_content({"static/css/site.css": own, "static/img/wappen.svg": b"<svg/>"})
    files = rendered(root)
    theme_css = (themes_folder() / "default/static/css/site.css").read_bytes()
    name = hashed_name("css", own, "site", "css")
    assert files[name] == own
    assert hashed_name("css", theme_css, "site", "css") not in files
    assert [path for path in files if path.startswith("static/css/site.")] == [name]
    assert "/" + name in read(html_of(files)["index.html"]).stylesheets
    assert files["static/img/wappen.svg"] == b"<svg/>"


@pytest.mark.parametrize(("level", "tag"), [(1, "h2"), (2, "h3"), (3, "h4")])
def test_markdown_headings_follow_the_heading_they_are_shown_under(level: int, tag: str) -> None:
    converted = render_markdown("## Abschnitt\n\nText", level=level)
    assert converted.startswith(f'<{tag} id="abschnitt">Abschnitt</{tag}>')


def test_every_optional_field_reaches_its_page(make_content: MakeContent) -> None:
    report = "---\ntitle: Rückblick\ndate: 2026\nevent: fest\n---\n"
    files = rendered(
        make_content(
            {
                f"{ALLIANCE}/alliance.md": """\
                    ---
                    name: Bündnis Musterstadt
                    town: Musterstadt
                    state: Hessen
                    logo: {file: media/logo.svg, alt: Logo des Bündnisses}
                    awards: [{name: Siegel, period: 2024/25, url: "https://example.org/siegel"}]
                    attachments: [{title: Gründungserklärung, file: media/erklaerung.pdf}]
                    ---
                    """,
                f"{ALLIANCE}/media/logo.svg": b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                f"{ALLIANCE}/media/erklaerung.pdf": b"%PDF-1.4",
                f"{ALLIANCE}/people.yaml": "- name: Eva Muster\n",
                f"{ALLIANCE}/partners.yaml": """\
                    - name: Kita Sonne
                      category: childcare
                      contact: eva-muster
                      logo: {file: media/logo.svg, alt: Logo der Kita}
                    """,
                f"{ALLIANCE}/fields-of-action.yaml": "- title: Kinderbetreuung\n",
                f"{ALLIANCE}/events/fest.md": """\
                    ---
                    title: Fest
                    start: 2026-12-01
                    fields_of_action: [kinderbetreuung]
                    ---
                    """,
                f"{ALLIANCE}/news/rueckblick.md": report,
            }
        )
    )
    pages = {path: visible_text(source) for path, source in html_of(files).items()}
    overview = html_of(files)["musterstadt/index.html"]
    assert 'src="/musterstadt/media/logo.svg" alt="Logo des Bündnisses"' in overview
    assert 'href="https://example.org/siegel"' in overview
    assert 'href="/musterstadt/media/erklaerung.pdf">Gründungserklärung' in overview
    assert files["musterstadt/media/erklaerung.pdf"] == b"%PDF-1.4"
    assert "Ansprechperson: Eva Muster" in pages["musterstadt/partner/index.html"]
    assert "Handlungsfelder Kinderbetreuung" in pages["musterstadt/termine/fest/index.html"]
    assert "Bericht zum Termin: Fest" in pages["musterstadt/aktuelles/rueckblick/index.html"]


def test_a_runtime_error_in_an_override_is_reported_at_its_line(make_content: MakeContent) -> None:
    template = '{% extends "theme/page.html" %}\n{% block main %}\n{{ 1 / 0 }}\n{% endblock %}\n'
    root = make_content({"templates/page.html": template, "pages/seite.md": "---\ntitle: S\n---\n"})
    with pytest.raises(ContentError) as caught:
        rendered(root)
    [problem] = caught.value.problems
    assert problem.location.path.name == "page.html"
    assert problem.location.line == 3
    assert problem.message.startswith("ZeroDivisionError: division by zero (while writing /")


def test_a_template_problem_is_explained_in_german(make_content: MakeContent) -> None:
    i18n.use("de")
    template = '{% extends "page.html" %}\n'
    root = make_content({"templates/page.html": template, "pages/seite.md": "---\ntitle: S\n---\n"})
    with pytest.raises(ContentError) as caught:
        rendered(root)
    [problem] = caught.value.problems
    assert problem.message.startswith("zu tief verschachtelt, um /")
    assert problem.hint == "erweitern Sie das Original des Themes als 'theme/<name>'"


# Addresses

PLACE = "{name: Familienzentrum Kunterbunt, street: Am Markt 3, postal_code: 12345, locality: M}"
"""An address whose first line is a name, as most addresses of organisations are."""
ENVELOPE = "Familienzentrum Kunterbunt, Am Markt 3, 12345 M"


def test_every_address_is_shown_with_its_name(make_content: MakeContent) -> None:
    settings = f"""\
        title: Testseite
        operator: {{name: Stadt M, address: {PLACE}, email: info@m.de}}
        privacy:
          data_protection_officer: {{email: datenschutz@m.de, address: {PLACE}}}
        accessibility: {{status: partial, feedback_email: barrierefrei@m.de}}
        """
    alliance = "---\nname: Bündnis M\ntown: M\nstate: Hessen\naddress: {place}\n---\n"
    partners = f"- name: Kita Sonne\n  category: childcare\n  address: {PLACE}\n"
    event = f"---\ntitle: Fest\nstart: 2026-12-01\nplace: {PLACE}\n---\n"
    files = rendered(
        make_content(
            {
                "site.yaml": settings,
                f"{ALLIANCE}/alliance.md": alliance.format(place=PLACE),
                f"{ALLIANCE}/partners.yaml": partners,
                f"{ALLIANCE}/events/fest.md": event,
            }
        )
    )
    pages = {path: visible_text(source) for path, source in html_of(files).items()}
    for path in (
        "musterstadt/partner/index.html",
        "musterstadt/termine/index.html",
        "musterstadt/termine/fest/index.html",
        "datenschutz/index.html",
    ):
        assert ENVELOPE in pages[path], path
    for path in ("musterstadt/mitmachen/index.html", "impressum/index.html"):
        assert "Familienzentrum Kunterbunt Am Markt 3 12345 M" in pages[path], path
        assert "Familienzentrum Kunterbunt<br>Am Markt 3<br>12345 M" in html_of(files)[path]
    [organization] = json_ld_in(html_of(files)["musterstadt/index.html"])
    for address in (organization["address"], organization["member"][0]["address"]):
        assert address["name"] == "Familienzentrum Kunterbunt"


# Sorting by name


@pytest.mark.parametrize(
    ("names", "order"),
    [
        (["Zwerge", "„Kita Sonnenschein“", '"Verein" e. V.'], [1, 2, 0]),
        (["‚x‘", "«Abc»", "  (Neu) Familientag", "[Bastelkreis]"], [1, 3, 2, 0]),
        (["Öko", "Ober", "Pfad", "Ärzte", "Apfel"], [4, 3, 1, 0, 2]),
        (["Stroh", "Straße", "stolz", "Élan", "Eltern"], [3, 4, 2, 1, 0]),
        (["Kita-Verbund", "kita Sonne", "Kita Zwerge", "3 Generationen"], [3, 1, 0, 2]),
    ],
    ids=["quotation-marks", "other-marks", "umlauts", "sharp-s-case-accents", "words-and-digits"],
)
def test_names_sort_as_a_german_index(names: list[str], order: list[int]) -> None:
    assert sorted(names, key=name_key) == [names[index] for index in order]


def test_lists_sorted_by_name_sort_by_the_first_letter(make_content: MakeContent) -> None:
    alliance = "---\nname: Bündnis {town}\ntown: {town}\nstate: Hessen\n---\n"
    news = "---\ntitle: {title}\ndate: 2026-11-01\n---\n"
    event = "---\ntitle: {title}\nstart: 2026-12-01\n---\n"
    files = {
        f"alliances/{slug}/alliance.md": alliance.format(town=town)
        for slug, town in (("p", "Pforzheim"), ("oe", "Öhringen"), ("o", "Oberursel"))
    }
    for title in ("Zeltlager", "„Aktion Sonnenschein“", "Ärztetag"):
        name = slugify(title)
        files[f"{ALLIANCE}/news/{name}.md"] = news.format(title=title)
        files[f"{ALLIANCE}/events/{name}.md"] = event.format(title=title)
    pages = {path: visible_text(s) for path, s in html_of(rendered(make_content(files))).items()}

    def order(path: str, words: tuple[str, ...]) -> list[str]:
        return sorted(words, key=pages[path].index)

    titles = ("Zeltlager", "„Aktion Sonnenschein“", "Ärztetag")
    for path in ("aktuelles/index.html", "musterstadt/termine/index.html"):
        assert order(path, titles) == ["„Aktion Sonnenschein“", "Ärztetag", "Zeltlager"]
    towns = ("Pforzheim", "(Öhringen)", "(Oberursel)", "(Musterstadt)")
    assert order("buendnisse/index.html", towns) == [
        "(Musterstadt)",
        "(Oberursel)",
        "(Öhringen)",
        "Pforzheim",
    ]


@given(st.text(alphabet="az09-_./~ #?%äÄ\u0308ßé+&:", max_size=30))
def test_a_path_is_written_in_a_url_percent_encoded_and_composed(path: str) -> None:
    assert path_url(path) == quote(unicodedata.normalize("NFC", path), safe="/")
