"""Text as typed gets German typography; code stays exactly as written."""

from __future__ import annotations

import sys

import pytest

from alliancegen.markdown import render_markdown


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('Sie sagte "Hallo" und ging.', "<p>Sie sagte „Hallo“ und ging.</p>"),
        ('"**fett**" und "*kursiv*"', "<p>„<strong>fett</strong>“ und „<em>kursiv</em>“</p>"),
        ('"[Partner](https://a.de/)"', "„<a "),
        ('Zitat: ("in Klammern")', "<p>Zitat: („in Klammern“)</p>"),
        ("Das geht's 'so' gut.", "<p>Das geht’s ‚so‘ gut.</p>"),
        ("Hans' Auto", "<p>Hans’ Auto</p>"),
        ("9--12 Uhr -- oder --- nicht...", "<p>9–12 Uhr – oder — nicht…</p>"),
        ('"erste"\n\n"zweite"', "<p>„erste“</p>\n<p>„zweite“</p>"),
        ('- "Liste"', "<li>„Liste“</li>"),
        ("„schon gesetzt“", "<p>„schon gesetzt“</p>"),
    ],
)
def test_typed_marks_become_german_typography(typed: str, shown: str) -> None:
    assert shown in render_markdown(typed)


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ('Code `"x" -- y...` bleibt.', '<code>"x" -- y...</code>'),
        ('    "eingerückt" -- so', '<pre><code>"eingerückt" -- so'),
        (r"Ein \"echtes\" Zeichen", '<p>Ein "echtes" Zeichen</p>'),
    ],
)
def test_code_and_escaped_marks_stay_as_written(typed: str, shown: str) -> None:
    assert shown in render_markdown(typed)


def test_heading_ids_ignore_the_quotation_marks() -> None:
    assert '<h2 id="die-initiative-lokale-buendnisse">' in render_markdown(
        '## Die Initiative "Lokale Bündnisse"'
    )


def test_a_conversion_that_fails_midway_leaves_later_ones_intact() -> None:
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(400)
    try:
        with pytest.raises(RecursionError):
            render_markdown("- " * 300 + "tief")
    finally:
        sys.setrecursionlimit(limit)
    assert render_markdown('Text *kursiv* "zitiert"') == "<p>Text <em>kursiv</em> „zitiert“</p>"
