"""Markdown cannot run scripts: link schemes and attribute lists, decided as a browser reads
them; ``check`` reports, at its line and column, everything the converter drops."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from alliancegen import markdown as converter
from alliancegen.config import Options
from alliancegen.markdown import render_markdown
from alliancegen.model.markup import forbidden_scheme
from alliancegen.model.markup import link_scheme
from alliancegen.model.markup import markdown_findings
from alliancegen.model.markup import refused_attributes
from alliancegen.pipeline import render
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of

ALLIANCE = "alliances/musterstadt"
T = TypeVar("T")

# How a browser reads a link's scheme


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("javascript&#58;alert(1)", "javascript"),
        ("javascript&colon;alert(1)", "javascript"),
        ("&#106;avascript:alert(1)", "javascript"),
        ("&#x6A;&#x61;vascript&#x3a;alert(1)", "javascript"),
        ("&#0000106avascript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("java\nscr\ript:alert(1)", "javascript"),
        ("java&Tab;script:alert(1)", "javascript"),
        ("java&NewLine;script:alert(1)", "javascript"),
        ("\x01\x1f javascript:alert(1)", "javascript"),
        ("&#32;&#1;javascript:alert(1)", "javascript"),
        ("vbscript:msgbox", "vbscript"),
        ("data:text/html,<script>", "data"),
        ("https://example.org/", "https"),
        ("mailto:a@example.org", "mailto"),
        ("/seite/", None),
        ("#teil", None),
        ("seite.html", None),
        ("java script:alert(1)", None),  # a space ends the scheme: a relative link
        ("java%3Ascript:x", None),  # '%' cannot stand in a scheme
        ("\u00a0javascript:alert(1)", None),  # only ASCII controls and space are skipped
    ],
)
def test_the_scheme_is_read_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert link_scheme(url) == scheme


@pytest.mark.parametrize(
    "url", ["javascript:x", "vbscript:x", "data:x", "file:///etc/passwd", "ftp://x", "foo:x"]
)
def test_schemes_outside_the_allowed_list_are_forbidden(url: str) -> None:
    assert forbidden_scheme(url) == url.split(":")[0]


@pytest.mark.parametrize("url", ["http://x", "HTTPS://x", "mailto:a@b.de", "tel:+49", "/a", "b#c"])
def test_web_mail_phone_and_relative_links_are_allowed(url: str) -> None:
    assert forbidden_scheme(url) is None


# Links in Markdown

HIDDEN_SCHEMES = [
    "[x](javascript&#58;alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](java\nscript:alert(1))",
    "[x](java&Tab;script:alert(1))",
    "[x]( &#1;JavaScript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](`javascript:`alert(1))",
    "![x](data:image/svg+xml,<svg onload=alert(1)>)",
    "[x](vbscript:msgbox)",
    "[x](file:///etc/passwd)",
    "<javascript://%0aalert(1)>",
    "[x]\n\n[x]: javascript:alert(1)",
    "[x]\n\n[x]:\n  <jav&#x61;script:alert(1)>",
    "> [x]\n>\n> [x]: javascript:alert(1)",
    "- [x]\n\n    [x]: javascript:alert(1)",
]


@pytest.mark.parametrize("text", HIDDEN_SCHEMES)
def test_a_hidden_scheme_is_reported_and_dropped(text: str) -> None:
    messages = [finding.message for finding in markdown_findings(text)]
    assert len(messages) == 1
    assert messages[0].startswith("this link uses '")
    html = render_markdown(text)
    assert "href=" not in html
    assert "src=" not in html


def test_links_that_stay_safe_are_kept() -> None:
    text = "[a](https://example.org) [b](/seite/) [c](#teil) [d](mailto:a@example.org) <x@y.de>"
    assert markdown_findings(text) == []
    assert render_markdown(text).count("href=") == 5


def test_a_link_in_a_body_is_reported_at_its_line_and_column(make_content: MakeContent) -> None:
    root = make_content(
        {
            f"{ALLIANCE}/pages/p.md": (
                "---\ntitle: P\n---\nText\n\nMehr [hier](jav&#x61;script:alert(1)).\n\n"
                "*Wort*{: onclick=alert(1) }\n\n[r]: data:text/html,x\n"
            )
        }
    )
    link_hint = (
        "links may lead to web addresses (https://…), e-mail (mailto:), phones (tel:) "
        "or pages of this site (/…, #…)"
    )
    attribute_hint = (
        "attribute lists may set only id, class, lang, dir, title (#name, .class); "
        "write \\{ for a brace that is text"
    )
    path = f"{ALLIANCE}/pages/p.md"
    problems = problems_of(root)
    assert described(problems, root) == [
        f"{path}:6:13: this link uses 'javascript:'",
        f"{path}:8:7: this attribute list sets 'onclick'",
        f"{path}:10:6: this link uses 'data:'",
    ]
    assert [problem.hint for problem in problems] == [link_hint, attribute_hint, link_hint]


def test_a_link_in_a_markdown_field_is_reported(make_content: MakeContent) -> None:
    root = make_content(
        {
            f"{ALLIANCE}/goals.yaml": (
                "- title: Ziel\n  text: |\n    Erster Satz.\n    [x](JAVA&#x09;SCRIPT:alert(1))\n"
            )
        }
    )
    [problem] = problems_of(root)
    assert problem.location.line == 2
    assert problem.message.startswith(
        "this link uses 'javascript:' (line 2 of the text); links may lead"
    )


# Attribute lists


@pytest.mark.parametrize(
    "text",
    [
        "*Wort*{: onclick=alert(1) }",
        "Absatz\n{: onmouseover='alert(1)' }",
        "## Titel {: style=position:fixed }",
        "[x](/a){: href=javascript:alert(1) }",
        "![x](/a.png){: src=data:x }",
        "`code`{: autofocus }",
        "| a | b |\n|---|---|\n| c {: onclick=x } | d |",
        "- Punkt\n{: ID=x }",
    ],
)
def test_an_attribute_outside_the_allowed_list_is_reported_and_dropped(text: str) -> None:
    [finding] = markdown_findings(text)
    assert finding.message.startswith("this attribute list sets '")
    html = render_markdown(text)
    for dropped in ("onclick", "onmouseover", "style", "javascript", "data:", "autofocus", "ID"):
        assert dropped not in html


def test_allowed_attributes_are_kept() -> None:
    text = "## Titel {: #anker .hinweis lang=tr dir=rtl title=Tipp }"
    assert markdown_findings(text) == []
    assert render_markdown(text) == (
        '<h2 class="hinweis" dir="rtl" id="anker" lang="tr" title="Tipp">Titel</h2>'
    )


@pytest.mark.parametrize("text", ["Preis {frei} heute", "\\{onclick=x}", "a {b=c} d"])
def test_braces_amid_text_are_text(text: str) -> None:
    assert markdown_findings(text) == []
    assert "{" in render_markdown(text)


# check finds what the converter drops


OPENERS = [
    "[x](",
    "![x](",
    "[x](<",
    "[x]( <",
    "[x]\n\n[x]: ",
    "[x]\n\n[x]:\n  ",
    "> [x]\n>\n> [x]: <",
    "<",
    "*a*{",
    "*a*{:",
    "## T {: ",
    "a\n{",
    "| a | b |\n|--|--|\n| c {",
    "- a\n{: ",
]
NOISE = [
    "",
    " ",
    "\t",
    "\n",
    "`",
    "\\",
    "\\-",
    "&#1;",
    "&#32;",
    "&Tab;",
    "&#10;",
    "\x02",
    "<",
    ">",
    "\x1f",
    "\u00a0",
    "{",
    "&amp;",
]
WORDS = ["javascript", "JaVaScRiPt", "data", "vbscript", "ftp", "https", "mailto", "onclick", "x"]
SEPARATORS = [":", "&#58;", "&colon;", "&#x3a;", "\\:", "`:`", "%3A", "=", "='", " ", "://"]
TAILS = ["alert(1))", "//x>", "x}", "x }", " .c}", ")", ">", "}", "} | d |", "}\n=="]
FRAGMENTS = [*OPENERS, *NOISE, *WORDS, *SEPARATORS, *TAILS, "\n\n", "[x]", "]", "*a*", "## "]


@st.composite
def hidden_links(draw: st.DrawFn) -> str:
    """A link or attribute list with noise around and inside its scheme or name."""
    word = draw(st.sampled_from(WORDS))
    cut = draw(st.integers(0, len(word)))
    parts = [
        draw(st.lists(st.sampled_from(FRAGMENTS), max_size=3).map("".join)),
        draw(st.sampled_from(OPENERS)),
        *draw(st.lists(st.sampled_from(NOISE), max_size=2)),
        word[:cut],
        *draw(st.lists(st.sampled_from(NOISE), max_size=2)),
        word[cut:],
        draw(st.sampled_from(SEPARATORS)),
        draw(st.sampled_from(TAILS)),
        draw(st.lists(st.sampled_from(FRAGMENTS), max_size=3).map("".join)),
    ]
    return "".join(parts)


@settings(
    max_examples=int(os.environ.get("MARKUP_EXAMPLES", "600")),
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(hidden_links() | st.lists(st.sampled_from(FRAGMENTS), max_size=14).map("".join))
def test_check_reports_whatever_the_converter_drops(text: str) -> None:
    dropped: list[str] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(converter, "forbidden_scheme", _noting(forbidden_scheme, dropped))
        patch.setattr(converter, "refused_attributes", _noting(refused_attributes, dropped))
        render_markdown(text)
    if dropped:
        assert markdown_findings(text), dropped


def _noting(decide: Callable[[str], T], noted: list[str]) -> Callable[[str], T]:
    def noting(value: str) -> T:
        decision = decide(value)
        if decision:
            noted.append(value)
        return decision

    return noting


# Ids on a page

TODAY = date(2026, 11, 26)


def test_no_page_has_an_id_twice(make_content: MakeContent) -> None:
    """Headings named like the theme's landmarks, like a partner's slug or like a heading of
    another text on the page, and ids set by attribute lists, all get ids of their own; links
    inside a text follow its headings."""
    contribution = "## Kontakt\n\n[oben](#kontakt)\n\n## Inhalt {: #inhalt }\n\n## Stadtwerke"
    root = make_content(
        {
            "site.yaml": "title: Testseite\nbase_url: https://example.org/\n",
            f"{ALLIANCE}/partners.yaml": "".join(
                f"- name: {name}\n  category: employers\n"
                f"  contribution: {json.dumps(contribution)}\n"
                for name in ("Stadtwerke", "Bäckerei")
            ),
            f"{ALLIANCE}/pages/info.md": (
                "---\ntitle: Info\n---\n## Inhalt\n\n[zum Inhalt](#inhalt)\n\n## Inhalt\n\n"
                "## Kontakt {: #kontakt }\n"
            ),
        }
    )
    outputs, problems = render(Options(root, Path("unused"), today=TODAY))
    assert [problem for problem in problems if "names no element" in problem.message] == []
    pages = {str(o.path): o.content.decode() for o in outputs if o.path.suffix == ".html"}
    for path, source in pages.items():
        ids = re.findall(r'\sid="([^"]*)"', source)
        assert len(ids) == len(set(ids)), (path, sorted(i for i in ids if ids.count(i) > 1))
        assert "\ue000" not in source, path
    partners = pages["musterstadt/partner/index.html"]
    assert '<li id="stadtwerke"' in partners
    assert '<h4 id="stadtwerke-2">Stadtwerke</h4>' in partners
    assert '<h4 id="inhalt-2">Inhalt</h4>' in partners
    assert '<a href="#kontakt">oben</a>' in partners  # the first text's own heading
    assert '<a href="#kontakt-2">oben</a>' in partners  # the second text's own heading
    info = pages["musterstadt/info/index.html"]
    assert '<main id="inhalt"' in info
    assert '<a href="#inhalt-2">zum Inhalt</a>' in info


# Slow Markdown

SHAPES = {
    "open brackets": ("", "["),
    "unclosed links": ("", "[a]("),
    "unclosed images": ("", "![a]("),
    "unclosed references": ("", "[a]["),
    "unclosed titles": ("", '[a]("'),
    "unclosed links among links": ("", "[c]( [a](b) "),
    "links with titles": ("", '[c]( [a](b "t") '),
    "nested brackets": ("", "[[a](b) "),
    "links": ("", "[a](/b) "),
    "emphasis": ("", "*a"),
    "strong": ("", "**a"),
    "underscores": ("", "_a"),
    "backticks": ("", "`"),
    "angles": ("", "<"),
    "ampersands": ("", "&"),
    "braces": ("", "{"),
    "attribute lists": ("", "*a*{: .c}"),
    "escapes": ("", "\\["),
    "line breaks": ("", "a  \n"),
    "lines": ("", "word\n"),
    "headings": ("", "# a\n\n"),
    "rules": ("", "***\n\n"),
    "nested quotes": ("", "> > > > a\n"),
    "list items": ("", "- a\n"),
    "nested list items": ("", "- a\n  - b\n    - c\n      - d\n"),
    "table rows": ("| a | b |\n|---|---|\n", "| a | [b](/c) |\n"),
    "link definitions": ("", "[r]: /x\n\n"),
    "long heading": ("## ", "a "),
    "html comments": ("", "<!--"),
    "rules without empty lines": ("", "***\n"),
    "underlined headings": ("", "a\n===\n"),
    "text and rules": ("", "a\n- - -\n"),
    "quoted rules": ("", "> ***\n"),
    "text and link definitions": ("", "a\n[r]: /x\n"),
}
"""Texts made of one piece again and again: hostile shapes for a Markdown converter."""

TIMING_SIZES = [int(size) for size in os.environ.get("MARKDOWN_SIZES", "8000,64000").split(",")]
"""The sizes compared (MARKDOWN_SIZES=20000,160000 for a longer run)."""


def shape(name: str, size: int) -> str:
    start, piece = SHAPES[name]
    return start + piece * (size // len(piece))


def seconds_to_convert(text: str) -> float:
    started = time.perf_counter()
    render_markdown(text)
    return time.perf_counter() - started


@pytest.mark.parametrize("name", SHAPES)
def test_markdown_converts_in_proportion_to_its_size_or_check_refuses_it(name: str) -> None:
    """Eight times the text takes about eight times as long (a quadratic converter: 64);
    what Python-Markdown cannot convert in linear time, check refuses at its line."""
    small, large = (shape(name, size) for size in TIMING_SIZES)
    if markdown_findings(large):
        assert markdown_findings(large)[0].line == 0
        return
    seconds_to_convert(small)  # warm-up
    small_seconds = min(seconds_to_convert(small) for _ in range(2))
    growth = TIMING_SIZES[1] / TIMING_SIZES[0]
    assert seconds_to_convert(large) <= 3 * growth * small_seconds + 0.2


@pytest.mark.parametrize(
    "name",
    [
        "rules without empty lines",
        "underlined headings",
        "text and rules",
        "quoted rules",
        "text and link definitions",
    ],
)
def test_check_refuses_blocks_that_splitting_makes_quadratic(name: str) -> None:
    text = "Einleitung\n\n" + shape(name, 160_000)
    splitting = [f for f in markdown_findings(text) if "without an empty line" in f.message]
    assert [(finding.line, finding.column) for finding in splitting] == [(2, 0)]


def test_check_refuses_a_paragraph_full_of_marks() -> None:
    findings = markdown_findings("Einleitung\n\n" + "*a" * 500_000)
    message = "this paragraph of 1000 KB has 500000 marks (*, _, [, `, \\, <, &, line breaks)"
    assert (2, 0, message) in [
        (finding.line, finding.column, finding.message) for finding in findings
    ]


def test_check_accepts_long_ordinary_text() -> None:
    paragraph = "## Abschnitt\nEin Satz mit *Betonung*, einem [Link](/seite/) und `Code`.\n\n"
    table = "| a | b |\n|---|---|\n" + "| Zeile | [Link](/x/) |\n" * 5_000
    assert markdown_findings(paragraph * 3_000 + table) == []


@pytest.mark.parametrize(
    "text",
    [
        "Absatz\n\n" * 100_000,
        "| a | b |\n|---|---|\n" + "| [x](/y) *b* | `c` _d_ |\n" * 200_000,
        "- Punkt\n" * 200_000,
    ],
    ids=["paragraphs", "table rows", "list items"],
)
def test_check_refuses_a_text_of_too_many_elements(text: str) -> None:
    """Python-Markdown takes blocks and elements from the front of a list: quadratic."""
    [finding] = markdown_findings(text)
    assert (finding.line, finding.column) == (0, 0)
    assert finding.message.startswith("this text makes about ")
