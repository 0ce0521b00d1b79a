"""Values in the model and the files made of them: whatever text, address, language, date or
name a coordinator writes, ``check`` reports what the build cannot publish, at its place, and
every calendar and feed the build writes reads back as what was written."""

from __future__ import annotations

import difflib
import json
import time
import xml.etree.ElementTree as ElementTree
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import icalendar
import pytest
from click.testing import CliRunner

from alliancegen import errors
from alliancegen.cli import main
from alliancegen.config import Options
from alliancegen.errors import did_you_mean
from alliancegen.load import Content
from alliancegen.load import load_content
from alliancegen.model import build_site
from alliancegen.model.fields import slugify
from alliancegen.pipeline import render
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import problems_of
from tests.conftest import site_of

TODAY = date(2026, 11, 26)
ALLIANCE = "alliances/musterstadt"
SITE = "title: Testseite\nbase_url: https://example.org/\n"


def outputs_of(root: Path) -> dict[str, bytes]:
    """Every file the build makes of ``root``, by path."""
    outputs, _ = render(Options(root, Path("unused"), today=TODAY))
    return {str(output.path): output.content for output in outputs}


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


# Calendars: every text property is escaped, whatever it holds

AWKWARD_TEXT = [
    "Zeile eins\nZeile zwei",
    "Zeile eins\r\nZeile zwei",
    "Wagen\rRücklauf",
    "Eins; zwei, drei \\ vier",
    "Fest\nATTACH:https://evil.example/x.exe\nX-INJECTED:1",
    "END:VEVENT\nBEGIN:VEVENT",
    "Schluss mit Backslash \\",
    "Tab\tim Text 😀",
]


def calendar_site(make_content: MakeContent, text: str) -> Path:
    """A site whose every text that reaches a calendar is ``text`` (with a letter, so that
    the slug stays derivable)."""
    value = quoted(text)
    return make_content(
        {
            "site.yaml": f"title: {value}\nbase_url: https://example.org/\n",
            f"{ALLIANCE}/alliance.md": (f"---\nname: {value}\ntown: {value}\nstate: Hessen\n---\n"),
            f"{ALLIANCE}/events/fest.md": (
                f"---\ntitle: {value}\nstart: 2026-12-01 10:00\nend: 2026-12-01 18:00\n"
                f"motto: {value}\nplace: {{name: {value}, street: {value}, "
                f"postal_code: '52134', locality: {value}}}\n---\n"
            ),
            f"{ALLIANCE}/events/tag.md": f"---\ntitle: {value}\nstart: 2026-12-02\n---\n",
        }
    )


def as_read(text: str) -> str:
    """What a calendar program reads back: line ends are one kind of line end in iCalendar."""
    return text.strip().replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize("text", AWKWARD_TEXT)
def test_calendar_text_reads_back_as_written(make_content: MakeContent, text: str) -> None:
    calendars = {
        path: content
        for path, content in outputs_of(calendar_site(make_content, text)).items()
        if path.endswith(".ics")
    }
    assert len(calendars) == 4  # two events, the alliance's calendar and the site's
    expected = as_read(text)
    for path, content in calendars.items():
        lines = content.split(b"\r\n")
        assert not any(b"\n" in line or b"\r" in line for line in lines), path
        names = {line.split(b":")[0].split(b";")[0] for line in lines if line[:1] != b" "}
        assert names <= {
            *(b"BEGIN", b"END", b"VERSION", b"PRODID", b"METHOD", b"NAME", b"X-WR-CALNAME"),
            *(b"SUMMARY", b"DTSTART", b"DTEND", b"DTSTAMP", b"UID", b"DESCRIPTION"),
            *(b"LOCATION", b"STATUS", b"URL", b""),
        }, path
        calendar = icalendar.Calendar.from_ical(content)
        events = calendar.walk("VEVENT")
        for name in ("NAME", "X-WR-CALNAME"):  # icalendar reads them raw: escaped as SUMMARY
            assert calendar[name].to_ical() == events[0]["SUMMARY"].to_ical(), path
        for event in events:
            assert str(event["SUMMARY"]) == expected, path
            if "LOCATION" in event:
                assert str(event["LOCATION"]) == f"{expected}, {expected}, 52134 {expected}"
                assert str(event["DESCRIPTION"]) == f"Motto: {expected}"
            assert str(event["URL"]).startswith("https://example.org/musterstadt/termine/")


# Invisible characters: refused where they stand, in every kind of file

INVISIBLE = ["\x00", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\x9f", "\ufffe"]
"""NUL, backspace, vertical tab and form feed (Word's line and page breaks), escape, the
unit separator, DEL, C1 controls (NEL) and a non-character."""


@pytest.mark.parametrize("character", [*INVISIBLE, "\uffff"], ids=repr)
def test_invisible_characters_are_located_in_every_kind_of_file(
    make_content: MakeContent, character: str
) -> None:
    root = make_content(
        {
            "site.yaml": f"title: Test{character}seite\n",
            f"{ALLIANCE}/people.yaml": f"- name: Anna\n  role: Leitung {character}\n",
            f"{ALLIANCE}/news/n.md": f"---\ntitle: Neu{character}\ndate: 2026-01-01\n---\n",
            "pages/p.md": f"---\ntitle: P\n---\nAus Word\n kopiert{character} und so\n",
        }
    )
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}/news/n.md:2:11: {_invisible(character)}",
        f"{ALLIANCE}/people.yaml:2:17: {_invisible(character)}",
        f"pages/p.md:5:9: {_invisible(character)}",
        f"site.yaml:1:12: {_invisible(character)}",
    ]


def _invisible(character: str) -> str:
    kind = "character" if character in "\ufffe\uffff" else "control character"
    return f"an invisible {kind} U+{ord(character):04X}, which web feeds cannot hold"


@pytest.mark.parametrize("escape", ["\\v", "\\f", "\\0", "\\x1b", "\\e", "\\uFFFE", "\\N"])
def test_invisible_characters_written_as_yaml_escapes_are_refused(
    make_content: MakeContent, escape: str
) -> None:
    root = make_content({"pages/p.md": f'---\ntitle: "Aus{escape}Word"\n---\n'})
    [line] = described(problems_of(root), root)
    assert line.startswith("pages/p.md:2:8: the text holds an invisible ")


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff"])
def test_a_lone_surrogate_escape_is_located(make_content: MakeContent, escape: str) -> None:
    root = make_content({"pages/p.md": f'---\ntitle: "Aus{escape}Word"\n---\n'})
    [line] = described(problems_of(root), root)
    assert line.startswith("pages/p.md:2:"), line


def test_the_build_refuses_what_check_refuses(make_content: MakeContent) -> None:
    news = "---\ntitle: N\ndate: 2026-01-01\n---\nSeiten\x0cumbruch\n"
    root = make_content({"site.yaml": SITE, f"{ALLIANCE}/news/n.md": news})
    with pytest.raises(errors.ContentError) as caught:
        outputs_of(root)
    assert described(caught.value.problems, root) == [
        f"{ALLIANCE}/news/n.md:5:7: {_invisible(chr(12))}"
    ]


def test_only_the_first_ten_of_a_file_full_of_them_are_named(make_content: MakeContent) -> None:
    utf16 = "---\ntitle: P\n---\nText\n".encode("utf-16-le")  # NUL after every letter
    root = make_content({"pages/p.md": utf16})
    assert len(problems_of(root)) == 10


def test_unusual_characters_that_xml_allows_are_published(make_content: MakeContent) -> None:
    text = "Tab\t, geschütztes\xa0Leerzeichen, \u200bnull breit, \u2028Zeilentrenner, \ufeff, 😀"
    root = make_content(
        {
            "site.yaml": f"title: {quoted(text)}\nbase_url: https://example.org/\n",
            f"{ALLIANCE}/news/n.md": (
                f"---\ntitle: {quoted(text)}\nsummary: {quoted(text)}\ndate: 2026-01-01\n---\n"
                f"{text}\n"
            ),
            "news/n.md": f"---\ntitle: {quoted(text)}\ndate: 2026-01-02\n---\n{text}\n",
        }
    )
    feeds = {path: content for path, content in outputs_of(root).items() if path.endswith(".xml")}
    assert {"feed.xml", "musterstadt/aktuelles/feed.xml", "sitemap.xml"} <= set(feeds)
    for path, content in feeds.items():
        ElementTree.fromstring(content)  # raises on a character XML does not allow
        assert path == "sitemap.xml" or "null breit" in content.decode(), path


# The site's address


@pytest.mark.parametrize(
    "address",
    [
        '"https://example.org/\\nDisallow: /"',
        '"https://example.org/a\\tb/"',
        '"https://example.org/a\\rb/"',
        '"https://example.org/a\\u2028b"',
        "https://exa mple.org/",
        "https://example.org/?seite=1",
        "https://example.org/#oben",
        "https://example.org/?",
        "https://name:geheim@example.org/",
        "https://@example.org/",
        "https://example.org:99999/",
        "'https://['",
        "ftp://example.org/",
        "example.org",
        "https:///pfad",
    ],
)
def test_base_url_must_be_a_plain_web_address(make_content: MakeContent, address: str) -> None:
    root = make_content({"site.yaml": f"title: T\nbase_url: {address}\n"})
    [problem] = problems_of(root)
    assert (problem.location.line, problem.location.column) == (2, 11)
    assert "https://example.org/" in problem.message
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--content",
            str(make_content({})),
            "--base-url",
            json.loads(address if address.startswith('"') else json.dumps(address.strip("'"))),
        ],
    )
    assert result.exit_code == 2, result.output


@pytest.mark.parametrize(
    "address", ["https://example.org", "http://localhost:8000/unter/pfad/", "https://bündnis.de/"]
)
def test_robots_txt_names_the_sitemap_on_one_line(make_content: MakeContent, address: str) -> None:
    root = make_content({"site.yaml": f"title: T\nbase_url: {address}\n"})
    robots = outputs_of(root)["robots.txt"].decode()
    sitemap = address.rstrip("/") + "/sitemap.xml"
    index = urlsplit(address.rstrip("/") + "/").path + "pagefind/"
    assert robots.splitlines() == [
        "User-agent: *",
        "Allow: /",
        f"Disallow: {index}",
        f"Sitemap: {sitemap}",
    ]


# The language


@pytest.mark.parametrize(
    ("written", "tag"),
    [
        ("de", "de"),
        ("de-DE", "de-DE"),
        ("de-de", "de-DE"),
        ("de_DE", "de-DE"),
        ("DE", "de"),
        ("de-AT", "de-AT"),
        ("en-GB", "en-GB"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("sr-Latn", "sr-Latn"),
    ],
)
def test_language_tags_build_every_page(make_content: MakeContent, written: str, tag: str) -> None:
    root = make_content(
        {
            "site.yaml": f"{SITE}language: {written}\n",
            f"{ALLIANCE}/news/n.md": "---\ntitle: N\ndate: 2026-05-17\n---\n",
            f"{ALLIANCE}/events/e.md": "---\ntitle: E\nstart: 2026-12\n---\n",
        }
    )
    files = outputs_of(root)
    assert f'<html lang="{tag}">' in files["index.html"].decode()
    assert f'xml:lang="{tag}"' in files["feed.xml"].decode()
    assert "2026" in files["musterstadt/aktuelles/n/index.html"].decode()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("xx", "'xx' is not a language code"),
        ("deutsch", "'deutsch' is not a language code"),
        ("de DE", "'de DE' is not a language code"),
        ("de-", "'de-' is not a language code"),
        ("'-de'", "'-de' is not a language code"),
        ("''", "'language' must not be empty"),
        ("", "'language' has no value"),
    ],
)
def test_language_codes_babel_does_not_know_are_located(
    make_content: MakeContent, written: str, message: str
) -> None:
    root = make_content({"site.yaml": f"{SITE}language: {written}\n"})
    [line] = described(problems_of(root), root)
    assert line.startswith("site.yaml:3:")
    assert message in line


# Dates

DATE_FIELDS = [
    (f"{ALLIANCE}/events/e.md", "---\ntitle: E\nstart: {}\n---\n", 3),
    (f"{ALLIANCE}/events/e.md", "---\ntitle: E\nstart: 2026-01-01\nend: {}\n---\n", 4),
    (f"{ALLIANCE}/news/n.md", "---\ntitle: N\ndate: {}\n---\n", 3),
    (f"{ALLIANCE}/alliance.md", "---\nname: B\ntown: T\nstate: Hessen\nfounded: {}\n---\n", 5),
    (f"{ALLIANCE}/partners.yaml", "- name: P\n  category: clubs\n  joined: {}\n", 3),
    (f"{ALLIANCE}/projects/p.md", "---\ntitle: P\nstatus: running\nstart: {}\n---\n", 4),
]


@pytest.mark.parametrize(
    "value",
    [
        "9999-12-31",
        "9999-12-31 23:59",
        "9999",
        "1000-01-01",
        "1899-12-31 23:59",
        "2200-01-01",
        "2925-05-17",
        "31.12.9999",
    ],
)
@pytest.mark.parametrize(("name", "template", "line"), DATE_FIELDS, ids=lambda x: str(x)[:30])
def test_years_far_from_now_are_located(
    make_content: MakeContent, value: str, name: str, template: str, line: int
) -> None:
    root = make_content({name: template.format(value)})
    [problem] = problems_of(root)
    assert (problem.location.path.relative_to(root).as_posix(), problem.location.line) == (
        name,
        line,
    )
    assert problem.message.startswith(f"'{value}' is not a date: write a year from 1900 to 2199")


@pytest.mark.parametrize("zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/Berlin"])
def test_the_first_and_last_days_allowed_make_calendars(
    make_content: MakeContent, zone: str
) -> None:
    root = make_content(
        {
            "site.yaml": f"{SITE}time_zone: {zone}\n",
            f"{ALLIANCE}/events/a.md": "---\ntitle: A\nstart: 1900-01-01 00:00\n---\n",
            f"{ALLIANCE}/events/b.md": "---\ntitle: B\nstart: 1900-01-01\nend: 2199-12-31\n---\n",
            f"{ALLIANCE}/events/c.md": (
                "---\ntitle: C\nstart: 2199-12-31 23:59\nend: 2199-12-31 23:59\n---\n"
            ),
            f"{ALLIANCE}/news/n.md": "---\ntitle: N\ndate: 2199-12-31 23:59\n---\n",
        }
    )
    files = outputs_of(root)
    calendar = icalendar.Calendar.from_ical(files["musterstadt/termine/kalender.ics"])
    assert sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT")) == ["A", "B", "C"]
    ElementTree.fromstring(files["musterstadt/aktuelles/feed.xml"])


# Hints: bounded however many choices and problems there are


def test_a_hint_names_at_most_ten_choices() -> None:
    known = [f"partner-{number:04d}" for number in range(3000)]
    assert did_you_mean("unbekannt", known) == (
        "expected one of: " + ", ".join(known[:10]) + " … and 2990 more"
    )
    assert did_you_mean("x", ["b", "a"]) == "expected one of: a, b"
    assert did_you_mean("x", []) == ""


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("partner-1234-alpa", "partner-1234-alpha"),
        ("bartner-1234-alpha", "partner-1234-alpha"),
        ("partner-1243-alpha", "partner-1243-alpha"),
        ("partner-1234-alpha-", "partner-1234-alpha"),
        ("Partner-2999-alpha", "partner-2999-alpha"),
        ("partner-0000-alph", "partner-0000-alpha"),
    ],
)
def test_a_slip_anywhere_in_a_long_list_is_found(typed: str, meant: str) -> None:
    known = [f"partner-{number:04d}-alpha" for number in range(3000)]
    assert did_you_mean(typed, known) == f"did you mean '{meant}'?"


def test_the_work_per_hint_does_not_grow_with_the_list(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[int] = []
    original = difflib.get_close_matches

    def counting(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
        compared.append(len(possibilities))
        return original(word, possibilities, n, cutoff)

    monkeypatch.setattr(errors.difflib, "get_close_matches", counting)
    for size in (10, 3000, 30_000):
        did_you_mean("partner-1234-alpa", [f"partner-{n:05d}-alpha" for n in range(size)])
    assert compared[0] == 10
    assert max(compared[1:]) <= 4 * errors.NEIGHBOURS


def test_thousands_of_unknown_references_get_short_hints(make_content: MakeContent) -> None:
    partners = "".join(f"- name: Partner {n:04d}\n  category: clubs\n" for n in range(3000))
    unknown = "".join(f"  - unbekannt-{n}\n" for n in range(3000))
    root = make_content(
        {
            f"{ALLIANCE}/partners.yaml": partners,
            f"{ALLIANCE}/projects/p.md": f"---\ntitle: P\nstatus: running\npartners:\n{unknown}---",
        }
    )
    problems = problems_of(root)
    assert len(problems) == 3000
    assert max(len(str(problem)) for problem in problems) < 400


def missing_logos(make_content: MakeContent, count: int) -> Content:
    """``count`` partners whose logos are .jpg while the media folder has them as .png."""
    files: dict[str, str | bytes] = {
        f"{ALLIANCE}/media/logo-{n:04d}.png": b"png" for n in range(count)
    }
    files[f"{ALLIANCE}/partners.yaml"] = "".join(
        f"- name: P{n}\n  category: clubs\n  logo: {{file: media/logo-{n:04d}.jpg, alt: L}}\n"
        for n in range(count)
    )
    return load_content(make_content(files))


def test_missing_files_get_hints_in_linear_time(make_content: MakeContent) -> None:
    def seconds(content: Content) -> float:
        started = time.process_time()
        with pytest.raises(errors.ContentError) as caught:
            build_site(content)
        assert str(caught.value.problems[0]).endswith("did you mean 'media/logo-0000.png'?")
        return time.process_time() - started

    small, large = missing_logos(make_content, 300), missing_logos(make_content, 3000)
    assert seconds(large) < 30 * seconds(small)  # ten times the files: not a hundred times


# Slugs of names in every script


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Иван Петров", "ivan-petrov"),
        ("Γιώργος Παπαδόπουλος", "giorgos-papadopoylos"),
        ("张伟", "zhangwei"),
        ("محمد علي", "mhmd-ly"),
        ("Łódź Ærø", "lodz-aero"),
        ("Jürgen Weiß", "juergen-weiss"),
        ("ÄRZTE", "aerzte"),
        ("Café ½", "cafe-1-2"),
    ],
)
def test_names_in_any_script_get_a_latin_slug(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_people_with_non_latin_names_stay_apart(make_content: MakeContent) -> None:
    people = "- name: Иван Петров\n- name: 王芳\n- name: Ελένη Νικολάου\n"
    [alliance] = site_of(make_content({f"{ALLIANCE}/people.yaml": people})).alliances
    assert [person.slug for person in alliance.people] == [
        "ivan-petrov",
        "wangfang",
        "eleni-nikolaoy",
    ]


@pytest.mark.parametrize("name", ["—", "!!!", "„…“", "· · ·"])
def test_a_name_without_letters_or_digits_needs_a_slug(
    make_content: MakeContent, name: str
) -> None:
    people = f"- name: Anna\n- name: '{name}'\n- name: '{name}'\n  slug: gruppe\n"
    root = make_content({f"{ALLIANCE}/people.yaml": people})
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}/people.yaml:2:9: '{name}' has no letters or digits to make a slug of"
    ]


def test_names_that_give_the_same_slug_are_located_both(make_content: MakeContent) -> None:
    partners = "- name: Иван Петров\n  category: clubs\n- name: Ivan Petrov\n  category: clubs\n"
    root = make_content({f"{ALLIANCE}/partners.yaml": partners})
    assert described(problems_of(root), root) == [
        f"{ALLIANCE}/partners.yaml:3:9: the slug 'ivan-petrov' is taken already by the entry "
        "on line 1"
    ]
