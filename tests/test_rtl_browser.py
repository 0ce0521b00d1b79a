"""A right-to-left page in Chromium: the default theme mirrors it, fits a phone, and draws its
Arabic text in the theme's own font, which a German page never fetches.

A small site published in German and Arabic is built once; its alliance's page in Arabic
stands beside the German original.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.quality import NARROW
from tests.quality import build_example
from tests.quality import chromium
from tests.quality import foreign
from tests.quality import new_context
from tests.quality import requests_while_loading
from tests.quality import serve

GERMAN = "musterstadt/"
ARABIC = "ar/musterstadt/"
CONTENT = {
    "site.yaml": "title: Testseite\nbase_url: https://familie.example/\nlanguages: [ar]\n",
    "alliances/musterstadt/alliance.md": """\
---
name: Bündnis für Familie Musterstadt
town: Musterstadt
state: Hessen
summary: Wir helfen Familien, Kinderbetreuung, Beratung und Angebote in der Nähe zu finden.
links:
  - title: Familienportal der Stadt Musterstadt
    url: https://example.org/familie
---
""",
    "alliances/musterstadt/alliance.ar.md": """\
---
summary: >-
  نساعد العائلات في العثور على رعاية الأطفال والاستشارات والعروض القريبة من منازلهم.
  يلتقي الشركاء مرة كل شهر في مبنى البلدية، والجميع مدعوون للمشاركة.
links:
  - title: بوابة الأسرة في المدينة
    url: https://example.org/familie
---
""",
}
FONT = "/static/fonts/noto-sans-arabic-"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("rtl") / "content"
    for name, text in CONTENT.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, encoding="utf-8")
    return build_example(content, content.parent / "site")


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[Page]:
    with chromium() as browser:
        context = new_context(browser, base)
        opened = context.new_page()
        opened.set_viewport_size(NARROW)
        yield opened
        context.close()


def visit(page: Page, url: str) -> list[str]:
    """Open ``url``; every URL it requested until its fonts are loaded."""
    return requests_while_loading(page, url, "document.fonts.ready.then(() => true)")


BOXES = """() => {
    const box = element => {
        const rect = element.getBoundingClientRect();
        return {left: rect.left, right: rect.right};
    };
    const chevron = getComputedStyle(document.querySelector(".links li"), "::before");
    const [a, b, c, d] = chevron.transform.match(/-?[\\d.e-]+/g).map(Number);
    const x = parseFloat(chevron.borderRightWidth) > 0 ? 1 : -1;
    const y = parseFloat(chevron.borderTopWidth) > 0 ? -1 : 1;
    return {
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
        skip: box(document.querySelector(".skip-link")),
        nav: box(document.querySelector(".site-nav li a")),
        chevron: [a * x + c * y, b * x + d * y],
    };
}"""
"""Where the focused skip link and the first navigation link are, how wide the page is, and
where the first link list's chevron points (its corner between its two borders, turned)."""


def layout(page: Page, url: str) -> dict[str, Any]:
    """Open ``url`` at 320 pixels, focus the skip link, measure ``BOXES``."""
    page.goto(url)
    page.keyboard.press("Tab")
    return page.evaluate(BOXES)  # type: ignore[no-any-return]


def test_an_rtl_page_fits_320_pixels(page: Page, base: str) -> None:
    measured = layout(page, base + ARABIC)
    assert measured["scrollWidth"] <= measured["width"]


def test_an_rtl_page_mirrors_the_skip_link_navigation_and_chevrons(page: Page, base: str) -> None:
    german, arabic = layout(page, base + GERMAN), layout(page, base + ARABIC)
    width = arabic["width"]
    for part in ("skip", "nav"):
        assert german[part]["left"] < 40, part
        assert arabic[part]["right"] > width - 40, part
        assert abs((width - arabic[part]["right"]) - german[part]["left"]) < 2, part
    (ltr_x, ltr_y), (rtl_x, rtl_y) = german["chevron"], arabic["chevron"]
    assert ltr_x > 1 and abs(ltr_y) < 0.01, "the chevron points to the right"
    assert rtl_x < -1 and abs(rtl_y) < 0.01, "the chevron points to the left"


def test_arabic_text_is_set_in_the_themes_font_without_letter_spacing(
    page: Page, base: str
) -> None:
    page.goto(base + ARABIC)
    style = page.evaluate(
        """() => {
            const style = getComputedStyle(document.querySelector(".lead"));
            return {family: style.fontFamily, spacing: style.letterSpacing,
                    height: parseFloat(style.lineHeight) / parseFloat(style.fontSize)};
        }"""
    )
    assert style["family"].startswith('"Noto Sans Arabic"')
    assert style["spacing"] == "normal"
    assert style["height"] > 1.8


def test_only_a_page_with_arabic_text_fetches_the_arabic_font(page: Page, base: str) -> None:
    german, arabic = visit(page, base + GERMAN), visit(page, base + ARABIC)
    assert [url for url in german if FONT in url] == []
    assert sorted(url.removeprefix(base[:-1]) for url in arabic if FONT in url) == [
        FONT + "bold.woff2",
        FONT + "regular.woff2",
    ]
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Arabic\"', 'ب')")
    assert foreign(german + arabic, base) == []
