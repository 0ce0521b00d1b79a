"""Quality gates in a real browser: every page of the example site passes axe-core's WCAG 2.1
A/AA rules, is valid HTML for the Nu Html Checker, loads nothing from another host and needs
no sideways scrolling at 320 CSS pixels; the skip link and the focus ring work from the
keyboard. A theme broken on purpose through the content folder's overrides fails the gates.

The example site is built, served and opened in one Chromium once for the module; each page
is loaded once for the page-wide gates. Missing tools fail the tests (never skip them):
``bash tests/setup.sh`` installs them.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from dataclasses import field
from functools import cached_property
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import BrowserContext
from playwright.sync_api import Page

from alliancegen.video import probe
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import picture
from tests.quality import NARROW
from tests.quality import ROOT
from tests.quality import WIDE
from tests.quality import Violation
from tests.quality import axe_violations
from tests.quality import build_example
from tests.quality import chromium
from tests.quality import describe_vnu
from tests.quality import foreign
from tests.quality import html_files
from tests.quality import new_context
from tests.quality import requests_while_loading
from tests.quality import scroll_width
from tests.quality import serve
from tests.quality import url_path
from tests.quality import vnu_errors
from tests.test_open_data import portal_content
from tests.videos import WEBVTT

THEME_TEMPLATES = ROOT / "themes" / "default" / "templates"
THEME_STATIC = ROOT / "themes" / "default" / "static"
SKIP_LINK = "Zum Inhalt springen"


@dataclass
class Visit:
    """What the page-wide gates found on one page."""

    page: str
    requested: list[str]
    width: int
    violations: list[Violation] = field(default_factory=list)


class Example:
    """The example site, built, served and opened in Chromium once for the module.

    Everything starts on first use, inside a test: a missing tool fails that test with a
    message saying what to install, rather than erroring in a fixture.
    """

    def __init__(self, stack: ExitStack, folder: Path) -> None:
        self.stack = stack
        self.folder = folder

    @cached_property
    def site(self) -> Path:
        return build_example(EXAMPLE_CONTENT, self.folder / "site")

    @cached_property
    def pages(self) -> list[str]:
        return [url_path(self.site, page) for page in html_files(self.site)]

    @cached_property
    def base(self) -> str:
        return self.stack.enter_context(serve(self.site))

    @cached_property
    def browser(self) -> Browser:
        return self.stack.enter_context(chromium())

    @cached_property
    def context(self) -> BrowserContext:
        return new_context(self.browser, self.base)

    @cached_property
    def visits(self) -> list[Visit]:
        """Each page loaded once at 320 pixels (requests, width, axe), then axe again wide."""
        page = self.context.new_page()
        visits = []
        for path in self.pages:
            page.set_viewport_size(NARROW)
            visit = Visit(path, requests_while_loading(page, self.base + path), scroll_width(page))
            visit.violations += axe_violations(page, f"{path or '/'} (320 px)")
            page.set_viewport_size(WIDE)
            visit.violations += axe_violations(page, f"{path or '/'} (1280 px)")
            visits.append(visit)
        page.close()
        return visits


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Example]:
    with ExitStack() as stack:
        yield Example(stack, tmp_path_factory.mktemp("quality"))


def test_every_page_is_checked(example: Example) -> None:
    assert len(example.pages) >= 35
    assert {"", "ilmenau/", "404.html", "ilmenau/termine/aktionstag-2017/"} <= set(example.pages)
    assert {"daten/", "en/daten/", "ar/daten/", "handlungsfelder/vereinbarkeit/"} <= set(
        example.pages
    )
    # every language, and Leichte Sprache
    assert {"en/herzogenrath/", "ar/herzogenrath/mitmachen/", "leichte-sprache/"} <= set(
        example.pages
    )
    assert [visit.page for visit in example.visits] == example.pages


def test_an_untranslated_text_shows_in_german_marked_and_announced(example: Example) -> None:
    page = example.context.new_page()
    page.goto(example.base + "ar/ilmenau/")
    shown = page.evaluate(
        """() => {
            const article = document.querySelector("main article");
            const note = document.querySelector(".untranslated");
            return {page: document.documentElement.lang, text: article.lang, direction:
                    getComputedStyle(article).direction, note: note && note.offsetHeight > 0,
                    noteLanguage: note && note.closest("[lang]").lang};
        }"""
    )
    page.goto(example.base + "ar/herzogenrath/")
    translated = page.evaluate("document.querySelectorAll('.untranslated').length")
    page.close()
    assert shown == {
        "page": "ar",
        "text": "de",
        "direction": "ltr",
        "note": True,
        "noteLanguage": "ar",
    }
    assert translated == 0


def test_no_page_violates_wcag_rules_in_axe(example: Example) -> None:
    violations = [str(v) for visit in example.visits for v in visit.violations]
    assert violations == [], "axe-core found WCAG 2.1 A/AA problems:\n" + "\n".join(violations)


def test_no_page_requests_anything_from_another_host(example: Example) -> None:
    for visit in example.visits:
        assert example.base + visit.page in visit.requested
    leaks = [
        f"{v.page or '/'}: {url}"
        for v in example.visits
        for url in foreign(v.requested, example.base)
    ]
    assert leaks == [], "pages load from other hosts:\n" + "\n".join(leaks)


def test_no_page_scrolls_sideways_at_320_pixels(example: Example) -> None:
    wide = [
        f"{visit.page or '/'}: {visit.width} px" for visit in example.visits if visit.width > 320
    ]
    assert wide == [], "pages wider than a 320 px screen:\n" + "\n".join(wide)


def test_every_page_is_valid_html(example: Example) -> None:
    files = html_files(example.site)
    assert len(files) == len(example.pages)
    errors = [describe_vnu(message, example.site) for message in vnu_errors(files)]
    assert errors == [], "the Nu Html Checker found errors:\n" + "\n".join(errors)


WIDE_MARKDOWN = """
| Tag | Uhrzeit | Angebot | Ort | Ansprechperson | Anmeldung |
|---|---|---|---|---|---|
| Montag | 14–16 Uhr | Spielgruppe | Mehrgenerationenhaus | Katrin Hoh | nicht nötig |

    https://www.example.org/ein/sehr/langer/pfad/ohne/leerzeichen/der/weiter/und/weiter/geht

Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichenherstellungsunternehmen.
"""


def test_wide_tables_code_and_long_words_fit_a_phone(example: Example, tmp_path: Path) -> None:
    content = Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content"))
    page_file = content / "pages" / "initiative.md"
    page_file.write_text(page_file.read_text(encoding="utf-8") + WIDE_MARKDOWN, encoding="utf-8")
    site = build_example(content, tmp_path / "site")
    assert "<table>" in (site / "initiative" / "index.html").read_text(encoding="utf-8")
    with serve(site) as base:
        context = new_context(example.browser, base)
        try:
            page = context.new_page()
            page.set_viewport_size(NARROW)
            page.goto(base + "initiative/")
            assert scroll_width(page) <= 320
        finally:
            context.close()


# ---------------------------------------------------------------- a video in sign language

SIGN_VIDEO = """\
sign_language:
  title: Diese Seite in Gebärdensprache
  file: media/gebaerdensprache.webm
  poster: media/gebaerdensprache.jpg
  captions: media/gebaerdensprache.vtt
  transcript: Hier steht, was das Video in Gebärdensprache sagt.
"""

WATCH_POLICY = """
window.blocked = [];
document.addEventListener("securitypolicyviolation",
    event => window.blocked.push(event.effectiveDirective + " " + event.blockedURI));
"""

RECORD = """async ([width, height, milliseconds]) => {
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const drawing = canvas.getContext("2d");
    const recorder = new MediaRecorder(canvas.captureStream(25), {mimeType: "video/webm"});
    const chunks = [];
    recorder.ondataavailable = event => chunks.push(event.data);
    let frame = 0;
    const timer = setInterval(() => {
        drawing.fillStyle = `hsl(${frame++ * 15}, 70%, 50%)`;
        drawing.fillRect(0, 0, width, height);
    }, 40);
    recorder.start();
    await new Promise(done => setTimeout(done, milliseconds));
    const stopped = new Promise(done => recorder.onstop = done);
    recorder.stop();
    await stopped;
    clearInterval(timer);
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    return Array.from(bytes, byte => String.fromCharCode(byte)).join("");
}"""
"""A real WebM, as Chromium records a canvas: a video that decodes."""

PLAYER = """async () => {
    const video = document.querySelector("figure.sign-video video");
    const track = video.querySelector("track");
    video.preload = "metadata";
    video.load();
    await new Promise(done => video.readyState >= 1 ? done() : video.onloadedmetadata = done);
    return {poster: video.poster, width: video.videoWidth, height: video.videoHeight,
            track: track.readyState, kind: track.kind, srclang: track.srclang,
            cues: track.track.cues ? track.track.cues.length : -1};
}"""


def recorded(browser: Browser, size: tuple[int, int], milliseconds: int) -> bytes:
    """A WebM video that Chromium records of a canvas ``size`` pixels large."""
    page = browser.new_page()
    try:
        return str(page.evaluate(RECORD, [*size, milliseconds])).encode("latin-1")
    finally:
        page.close()


def test_a_video_chromium_records_is_probed(example: Example) -> None:
    data = recorded(example.browser, (320, 240), 1200)
    video = probe(io.BytesIO(data), len(data), "aufnahme.webm")
    assert (video.format, video.width, video.height, video.codec) == ("WebM", 320, 240, "V_VP8")
    assert video.duration is None or 0.5 < video.duration < 5


def test_a_sign_language_video_passes_the_gates_and_plays_under_the_sites_own_policy(
    example: Example, tmp_path: Path
) -> None:
    """The page's markup passes axe and vnu, it loads nothing from elsewhere, and with the
    site's Content-Security-Policy in force the video, its poster and its captions load."""
    content = Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content"))
    page_file = content / "pages" / "initiative.md"
    text = page_file.read_text(encoding="utf-8").replace("---\n", "---\n" + SIGN_VIDEO, 1)
    page_file.write_text(text, encoding="utf-8")
    media = content / "media"
    media.mkdir(exist_ok=True)
    (media / "gebaerdensprache.webm").write_bytes(recorded(example.browser, (480, 360), 800))
    (media / "gebaerdensprache.jpg").write_bytes(picture(size=(480, 360)))
    (media / "gebaerdensprache.vtt").write_bytes(WEBVTT)
    site = build_example(content, tmp_path / "site")
    with serve(site) as base:
        checked = new_context(example.browser, base)
        own_policy = example.browser.new_context(viewport=WIDE)  # the site's CSP in force
        try:
            page = checked.new_page()
            page.set_viewport_size(NARROW)
            requested = requests_while_loading(page, base + "initiative/")
            width = scroll_width(page)
            violations = [str(v) for v in axe_violations(page, "initiative/ (320 px)")]
            page = own_policy.new_page()
            page.add_init_script(WATCH_POLICY)
            loaded = requests_while_loading(page, base + "initiative/")
            page.wait_for_function("document.querySelector('track').readyState >= 2")
            player = page.evaluate(PLAYER)
            blocked = page.evaluate("window.blocked")
        finally:
            checked.close()
            own_policy.close()
    assert violations == []
    assert foreign(requested, base) == [] and width <= 320
    assert player == {
        "poster": next(url for url in loaded if "gebaerdensprache-480w" in url),
        "width": 480,
        "height": 360,
        "track": 2,
        "kind": "captions",
        "srclang": "de",
        "cues": 1,
    }
    assert base + "media/gebaerdensprache.vtt" in loaded and blocked == []
    errors = [m["message"] for m in vnu_errors([site / "initiative" / "index.html"])]
    assert errors == []


# ---------------------------------------------------------------- a portal

PORTAL_PAGES = ["", "termine/", "aktuelles/", "handlungsfelder/vereinbarkeit/", "ar/termine/"]
"""Pages that list alliances of the sites a portal gathers, as cards of their own entries do."""


def test_a_portals_pages_with_other_sites_alliances_pass_the_gates(
    example: Example, tmp_path: Path
) -> None:
    site = build_example(portal_content(tmp_path), tmp_path / "site")
    violations: list[Violation] = []
    with serve(site) as base:
        context = new_context(example.browser, base)
        try:
            page = context.new_page()
            for path in PORTAL_PAGES:
                page.set_viewport_size(NARROW)
                requested = requests_while_loading(page, base + path)
                assert foreign(requested, base) == [] and scroll_width(page) <= 320
                violations += axe_violations(page, f"{path or '/'} (320 px)")
        finally:
            context.close()
    assert [str(v) for v in violations] == []
    files = [site / path / "index.html" for path in PORTAL_PAGES]
    assert "andere.example" in files[1].read_text(encoding="utf-8")
    assert [describe_vnu(m, site) for m in vnu_errors(files)] == []


# ---------------------------------------------------------------- keyboard

LOOK = """element => [null, "::before", "::after"].map(pseudo => {
    const style = getComputedStyle(element, pseudo);
    const outline = style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0
        ? "none" : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    return {pseudo: pseudo || "", outline, boxShadow: style.boxShadow};
})"""

TAB_STOPS = 'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])'

REMEMBER_UNFOCUSED = f"""() => {{
    const look = {LOOK};
    const stops = document.querySelectorAll('{TAB_STOPS}');
    window.unfocusedLook = new Map(Array.from(stops, element => [element, look(element)]));
}}"""

FOCUSED = f"""async () => {{
    const element = document.activeElement;
    await Promise.all(document.getAnimations().map(running => running.finished));
    return {{
        element: element.tagName + (element.id ? "#" + element.id : "") + " "
            + JSON.stringify(element.textContent.trim().slice(0, 40)),
        inMain: element.closest("main") !== null && element.tagName !== "MAIN",
        focused: ({LOOK})(element),
        unfocused: window.unfocusedLook.get(element) || null,
    }};
}}"""


def shows_focus(stop: dict[str, Any]) -> bool:
    """A focus indicator: an outline or shadow that is there only while focused."""
    focused = stop["focused"]
    drawn = any(part["outline"] != "none" or part["boxShadow"] != "none" for part in focused)
    return drawn and focused != stop["unfocused"]


KEYBOARD_PAGES = [
    "",
    "ilmenau/",
    "ilmenau/partner/",
    "ilmenau/termine/aktionstag-2017/",
    "404.html",
]


@pytest.fixture
def keyboard_page(example: Example) -> Iterator[Page]:
    """A page in which transitions are instant, so that a focus ring is there at once."""
    page = example.context.new_page()
    page.emulate_media(reduced_motion="reduce")
    yield page
    page.close()


def open_with_keyboard(page: Page, url: str) -> None:
    page.goto(url)
    page.evaluate(REMEMBER_UNFOCUSED)


def tab(page: Page) -> dict[str, Any]:
    """Press Tab; what has the focus now, and how it looks with and without focus."""
    page.keyboard.press("Tab")
    return page.evaluate(FOCUSED)  # type: ignore[no-any-return]


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_tab_reaches_the_skip_link_first_and_it_moves_focus_to_main(
    example: Example, keyboard_page: Page, path: str
) -> None:
    open_with_keyboard(keyboard_page, example.base + path)
    first = tab(keyboard_page)
    assert first["element"] == f'A "{SKIP_LINK}"'
    assert shows_focus(first), first

    keyboard_page.keyboard.press("Enter")
    assert keyboard_page.evaluate("document.activeElement.tagName") == "MAIN"
    assert keyboard_page.evaluate("document.activeElement.id") == "inhalt"
    after_main = tab(keyboard_page)
    assert after_main["element"].startswith("A ")
    assert after_main["inMain"] == (keyboard_page.locator("main a[href]").count() > 0)


def without_focus_ring(page: Page, url: str) -> list[dict[str, Any]]:
    """Tab through a page from its start; the tab stops that show no focus."""
    open_with_keyboard(page, url)
    stops: list[dict[str, Any]] = []
    while not stops or stops[-1]["unfocused"] is not None:
        stops.append(tab(page))
        assert len(stops) < 200, "Tab never leaves the page"
    stops.pop()
    assert len(stops) == page.locator(TAB_STOPS).count() > 1
    return [stop for stop in stops if not shows_focus(stop)]


@pytest.mark.parametrize("path", KEYBOARD_PAGES)
def test_every_tab_stop_shows_where_the_focus_is(
    example: Example, keyboard_page: Page, path: str
) -> None:
    hidden = without_focus_ring(keyboard_page, example.base + path)
    assert hidden == [], f"no visible focus on {path or '/'}: {hidden}"


# ---------------------------------------------------------------- the gates catch a broken theme


def page_override(markup: str) -> dict[str, str]:
    """A site page template (the example's /initiative/ uses it) with ``markup`` in its main."""
    main = "<article><h1>Initiative</h1>" + markup + "</article>"
    block = "{% block main %}" + main + "{% endblock %}"
    return {"templates/page.html": '{% extends "theme/page.html" %}' + block}


def home_head(markup: str) -> dict[str, str]:
    """A home page template with ``markup`` added to the head."""
    block = "{% block structured_data %}{{ super() }}" + markup + "{% endblock %}"
    return {"templates/home.html": '{% extends "theme/home.html" %}' + block}


def base_without_lang() -> dict[str, str]:
    """A copy of the theme's base template whose <html> has no lang attribute."""
    text = (THEME_TEMPLATES / "base.html").read_text(encoding="utf-8")
    tag = 'lang="{{ edition.language }}"'
    assert "<html " + tag in text
    return {"templates/base.html": text.replace(tag, "", 1)}


def stylesheet_without_focus_ring() -> dict[str, str]:
    """A copy of the theme's stylesheet that hides every focus ring."""
    text = (THEME_STATIC / "css" / "site.css").read_text(encoding="utf-8")
    hide = ":focus, :focus-visible, :focus-visible::after { outline: none; box-shadow: none; }"
    return {"static/css/site.css": text + hide.replace(";", " !important;") + "\n"}


@dataclass(frozen=True)
class Breakage:
    """Overrides that break the theme, the page they break, and what each gate must report."""

    overrides: Callable[[], dict[str, str]]
    """the files to write into the copied content folder (made when the test runs)"""
    page: str
    axe: str | None = None
    """a rule id"""
    request: str | None = None
    """a URL from another host"""
    vnu: str | None = None
    """part of an error message"""
    wider_than_320: bool = False
    focus_hidden: bool = False


BREAKAGES = {
    "img-without-alt": Breakage(
        partial(page_override, "<img src=\"{{ asset('img/favicon.svg') }}\">"),
        "initiative/",
        axe="image-alt",
        vnu="element must have an “alt” attribute",
    ),
    "form-field-without-label": Breakage(
        partial(
            page_override,
            '<form role="search" action="{{ url() }}"><input type="search" name="q">'
            "<button>Suchen</button></form>",
        ),
        "initiative/",
        axe="label",
    ),
    "skipped-heading-level": Breakage(
        partial(page_override, "<h4>Unterpunkt</h4><p>Text.</p>"),
        "initiative/",
        axe="heading-order",
    ),
    "no-lang-on-html": Breakage(base_without_lang, "", axe="html-has-lang"),
    "remote-web-font": Breakage(
        partial(
            home_head,
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        ),
        "",
        request="https://fonts.googleapis.com/css?family=Roboto",
    ),
    "remote-script": Breakage(
        partial(home_head, '<script src="https://cdn.example.com/x.js"></script>'),
        "",
        request="https://cdn.example.com/x.js",
    ),
    "no-focus-ring": Breakage(stylesheet_without_focus_ring, "", focus_hidden=True),
    "embed-wider-than-a-phone": Breakage(
        partial(page_override, '<iframe title="Karte" width="600" height="300"></iframe>'),
        "initiative/",
        wider_than_320=True,
    ),
}


@pytest.mark.parametrize("breakage", BREAKAGES.values(), ids=BREAKAGES.keys())
def test_the_gates_catch_a_broken_theme(
    example: Example, tmp_path: Path, breakage: Breakage
) -> None:
    content = Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content"))
    for name, text in breakage.overrides().items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    site = build_example(content, tmp_path / "site")
    with serve(site) as base:
        context = new_context(example.browser, base)
        try:
            page = context.new_page()
            page.set_viewport_size(NARROW)
            requested = requests_while_loading(page, base + breakage.page)
            width = scroll_width(page)
            rules = {violation.rule for violation in axe_violations(page, breakage.page)}
            if breakage.focus_hidden:
                page.emulate_media(reduced_motion="reduce")
                assert without_focus_ring(page, base + breakage.page) != []
        finally:
            context.close()
    if breakage.axe:
        assert breakage.axe in rules
    if breakage.request:
        assert foreign(requested, base) == [breakage.request]
    if breakage.wider_than_320:
        assert width > 320
    if breakage.vnu:
        errors = [m["message"] for m in vnu_errors([site / breakage.page / "index.html"])]
        assert any(breakage.vnu in error for error in errors), errors
