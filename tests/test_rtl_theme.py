"""The default theme mirrors on right-to-left pages: its stylesheets use logical properties
only, whatever points sideways has a :dir(rtl) twin, its templates print no arrows, and its
Arabic-script font is the committed subset with its licence beside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.css_sides import sided

THEME = Path(__file__).resolve().parent.parent / "themes" / "default"
STYLESHEETS = sorted((THEME / "static").rglob("*.css"))
FONTS = THEME / "static" / "fonts"


@pytest.mark.parametrize("stylesheet", STYLESHEETS, ids=lambda path: path.name)
def test_the_theme_stylesheets_have_nothing_that_would_not_mirror(stylesheet: Path) -> None:
    assert list(sided(stylesheet.read_text(encoding="utf-8"))) == []


def test_both_stylesheets_are_checked() -> None:
    assert [path.name for path in STYLESHEETS] == ["print.css", "site.css"]


@pytest.mark.parametrize(
    "css",
    [
        "a { margin-left: 1rem }",
        "a { padding-right: 0 }",
        "a { border-left: 1px solid }",
        "a { border-top-left-radius: 4px }",
        "a { scroll-margin-right: 1rem }",
        "a { left: 0 }",
        "a { right: 0 !important }",
        "a { float: left }",
        "a { clear: right }",
        "a { text-align: right }",
        "a { text-align: justify }",
        "a { justify-content: left }",
        "a { background-position: left center }",
        "a { background: url('x.svg') right top no-repeat }",
        "a { background: linear-gradient(to right, red, blue) }",
        "a { transform-origin: right }",
        "a { margin: 0 1rem 0 2rem }",
        "a { padding: 0 0 0 1px }",
        "a { inset: 0 auto 0 0 }",
        "a { border-width: 1px 2px 1px 4px }",
        "a { border-radius: 4px 0 }",
        "a { border-radius: 4px 4px 0 4px }",
        "a { transform: translateX(-4px) }",
        "a { transform: translate(2px, 0) }",
        "a { transform: rotate(45deg) }",
        "a { transform: skew(10deg) }",
        "a { translate: 1rem }",
        "a { rotate: 90deg }",
        "a { object-position: 0 50% }",
        "a { background: linear-gradient(160deg, red, blue) }",
        "a::after { content: ' →' }",
        "@media print { a { margin-right: 1rem } }",
        ".a, .b { transform: rotate(45deg) } :dir(rtl) .a { transform: rotate(-45deg) }",
        ".a { transform: rotate(45deg) } :dir(rtl) .a { color: red }",
    ],
)
def test_the_check_finds_each_physical_form(css: str) -> None:
    assert list(sided(css)), css


@pytest.mark.parametrize(
    "css",
    [
        "a { margin-inline-start: 1rem; padding-inline: 1rem 2rem; inset-inline-end: 0 }",
        "a { border-start-end-radius: 4px; border-inline-start: 4px solid; text-align: start }",
        "a { margin: 0 auto; padding: 1rem 2rem 3rem; border-radius: 50% }",
        "a { text-align: center; float: inline-start; clip-path: inset(50%) }",
        "a { background: url('../img/left-right.svg') center / contain no-repeat }",
        "a { background: linear-gradient(180deg, red, blue); object-position: center }",
        "a { transform: translateY(-2px) scale(1.1); content: '!' / '' }",
        "a { content: ' (' attr(href) ')'; font-family: 'Upright Sans' }",
        ".links li::before { transform: rotate(45deg) }"
        ":dir(rtl) .links li::before { transform: rotate(-45deg) }",
        "img.logo { object-position: 0 50% } img.logo:dir(rtl) { object-position: 100% 50% }",
        "a::after { content: '→' } [dir='rtl'] a::after { content: '←' }",
        "/* margin-left: 0 */ a { content: 'left'; }",
    ],
)
def test_the_check_lets_logical_forms_pass(css: str) -> None:
    assert list(sided(css)) == [], css


def test_templates_print_no_arrow_that_would_point_the_wrong_way() -> None:
    """Arrows are drawn by the stylesheet, which turns them on right-to-left pages."""
    arrow = re.compile(r"[←→⇐⇒⟵⟶➔➜▶◀▸◂]|&(?:l|r)arr;|&#x?(?:8592|8594|2190|2192);")
    found = [
        f"{path.relative_to(THEME)}:{number}: {line.strip()}"
        for path in sorted((THEME / "templates").rglob("*"))
        if path.is_file()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if arrow.search(line)
    ]
    assert found == []


def test_the_arabic_font_is_a_small_subset_with_its_licence() -> None:
    fonts = sorted(path.name for path in FONTS.glob("*.woff2"))
    assert fonts == ["noto-sans-arabic-bold.woff2", "noto-sans-arabic-regular.woff2"]
    for name in fonts:
        data = (FONTS / name).read_bytes()
        assert data[:4] == b"wOF2"
        assert len(data) < 64_000
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence
    assert "Version 1.1" in licence
