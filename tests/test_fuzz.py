"""Broken content never crashes alliancegen: check and build end in success or a problem list.

Hypothesis copies the shipped example content, breaks it with one to three mutations (bytes,
YAML structure, files) and runs ``check`` and ``build`` in-process and ``alliancegen check``
through the command line. Every outcome must be a success or a ContentError whose problems
each name a file, a line and a column; anything else is a crash that Hypothesis shrinks.

The default profile ("fuzz") runs a fixed set of examples so that CI is reproducible; run
``HYPOTHESIS_PROFILE=fuzz-long pytest tests/test_fuzz.py`` to hunt with fresh random examples.
"""

from __future__ import annotations

import copy
import operator
import os
import re
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import note
from hypothesis import settings
from hypothesis import strategies as st

from alliancegen import pipeline
from alliancegen.cli import main
from alliancegen.config import Options
from alliancegen.errors import ContentError
from tests.conftest import EXAMPLE_CONTENT

settings.register_profile(
    "fuzz",
    max_examples=60,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz-long",
    max_examples=400,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = "fuzz-long" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz-long" else "fuzz"

TODAY = date(2026, 11, 26)
TIME_BOUND = 10.0
"""Seconds that check and build together may take for one mutated content folder."""

ORIGINAL: dict[str, bytes] = {
    path.relative_to(EXAMPLE_CONTENT).as_posix(): path.read_bytes()
    for path in sorted(EXAMPLE_CONTENT.rglob("*"))
    if path.is_file()
}
"""The example content, by path relative to the content folder."""

Files = dict[str, bytes]
Mutation = Callable[[st.DataObject, Files], None]

# --- values -------------------------------------------------------------------------------

TRICKY_SCALARS = [
    # What YAML 1.1 reads as booleans, numbers, dates, times or null; alliancegen keeps text.
    *["no", "on", "yes", "off", "true", "false", "1e3", "0x1F", "007", "-0", ".inf", ".nan"],
    *["1_000", "01:30", "~", "null", "99999999999999999999999", "-1", "0", "unknown"],
    *["2017", "2017-05-15", "2019-02-30", "15.05.2017", "31.02.2017", "2017-13", "0000"],
    *["0000-00-00", "0000-01-01", "2017-05-15 14:00", "2017-05-15 25:61", "0001-01-01 00:30"],
    *["9999-12-31 23:59", "", " ", "\t", "a\nb"],
    # Markup, templates, quotes and characters that change the direction or end a line.
    *["</script>", "<script>alert(1)</script>", "{{ 7 * 7 }}", "{% raw %}", "]]>", "&amp; & < >"],
    *['"', "'", "\\", "\u202e", "\u2028", "\x85", "\ufeff", "😀", "👨‍👩‍👧 Familie"],
    # Values of other fields: addresses, paths, zones, codes, and the example's own slugs.
    *["https://example.org/", "http://", "https://exa mple.org", "javascript:alert(1)"],
    *["//evil.example/", "x@example.org", "@", "+49 3677 600347", "52134", "Thüringen"],
    *["Thueringen", "media/logo.png", "media/", "../site.yaml", "/etc/passwd", "C:\\x"],
    *["Europe/Berlin", "Europe", "Mars/Olympus", "de-DE", "default", "nonexistent-theme"],
    *["action_day", "running", "municipality", "partial", "katrin-hoh", "ilmenau", "vereinbarkeit"],
]
"""Values that a YAML 1.1 reader or a field would misunderstand, and the example's own slugs."""

KNOWN_KEYS = [
    *["name", "title", "slug", "date", "start", "end", "year", "url", "file", "alt", "credit"],
    *["decorative", "email", "phone", "state", "status", "category", "kind", "draft", "menu"],
    *["partners", "national", "action_day", "event", "news", "contact", "provider", "patron"],
    *["coordinators", "founded", "logo", "hero", "images", "links", "attachments", "awards"],
    *["address", "postal_code", "photo", "photo_consent", "base_url", "time_zone", "language"],
    *["theme", "allow_raw_html", "operator", "accessibility", "privacy"],
]
"""Fields of the content model: added where they do not belong, or where they are missing."""


PLAUSIBLE_FIELDS = [
    ("draft", "true"),
    ("draft", "false"),
    ("menu", "1"),
    ("menu", "-3"),
    ("slug", "neu"),
    ("slug", "ilmenau"),
    ("status", "cancelled"),
    ("status", "postponed"),
    ("status", "dissolved"),
    ("start", "2026-11-26"),
    ("start", "2026-11-26 23:59"),
    ("end", "2030"),
    ("end", "2026-11-27 00:00"),
    ("date", "unknown"),
    ("date", "2026-11-26"),
    ("kind", "action_day"),
    ("action_day", "2017"),
    ("event", "aktionstag-2017"),
    ("national", "vereinbarkeit"),
    ("contact", "katrin-hoh"),
    ("provider", "sihk"),
    ("partners", ["sihk", "sihk"]),
    ("coordinators", []),
    ("allow_raw_html", "true"),
    ("base_url", "https://example.org/unter/pfad/"),
    ("time_zone", "Pacific/Kiritimati"),
    ("language", "en"),
    ("theme", "default"),
    ("decorative", "true"),
    ("photo_consent", "true"),
    ("file", "media/logo.png"),
    ("images", [{"alt": "Bild", "credit": "Jemand"}]),
    ("links", [{"title": "Start", "url": "https://example.org/"}]),
    ("address", {"postal_code": "52134"}),
    ("operator", {"name": "Verein", "address": {"street": "Weg 1"}, "email": "a@example.org"}),
    ("accessibility", {"status": "full", "feedback_email": "a@example.org"}),
]
"""Fields with values that fit somewhere: they lead past the checks into routes and pages."""


LIKE = {
    "date": [
        *["0000", "0000-12", "0000-01-01", "01.01.0000", "0001-01-01 00:30", "9999"],
        *["9999-12-31", "9999-12-31 23:59", "2016-02-29", "2017-02-29", "1900-02-29"],
        *["2017-04-31", "2017-5-5", "2017-05-15T14:00", "2017-05-15 24:00", "2017-05-15 23:60"],
        *["5.5.2017", "15.05.2017, 14:00 Uhr", "2026-11-25 23:59", "2026-11-26", "2026-11-27"],
        *["2026-11-26 00:00", "2026-11", "2026", "unknown", "Unknown", "12345", "2017-00"],
        # The hours that do not exist and that come twice in Europe/Berlin.
        *["2026-03-29 02:30", "2026-10-25 02:30"],
    ],
    "url": [
        "https://example.org/",
        "http://localhost:8000/",
        "https://example.org/unter/pfad",
        "https://[::1]/",
        "https://[",
        "https://example.org:99999/",
        "https://bündnis.de/ä?ö=ü#ß",
        "https://user:pw@example.org/",
        "https://example.org/?q=<script>&x=\"'",
        "https://example.org/" + "a" * 3000,
        "ftp://example.org/",
        "https://",
        "https://example.org/\u202e",
    ],
    "email": [
        "a@b.de",
        "a@b",
        "@b.de",
        "ä@ü.de",
        "a@b.de<script>",
        "a@b.de?subject=x",
        "x" * 300 + "@example.org",
    ],
    "phone": ["03677 600347", "+49 (0) 3677 60", "00000", "1 / - ( ) 2", "9" * 300],
    "slug": ["a", "0", "2017", "neu", "ilmenau", "a-", "-a", "a--b", "Ilmenau", "ä", "x" * 300],
    "text": TRICKY_SCALARS,
}
"""Replacements by the kind of the value they replace."""


def kind_of(value: str) -> str:
    """What a written value looks like: date, url, email, phone, slug or text."""
    if re.fullmatch(r"\d{4}(-\d\d(-\d\d( \d\d:\d\d)?)?)?|\d\d?\.\d\d?\.\d{4}.*|unknown", value):
        return "date"
    if value.startswith(("http:", "https:")):
        return "url"
    if "@" in value:
        return "email"
    if re.fullmatch(r"\+?[0-9 /()-]{5,}", value):
        return "phone"
    return "slug" if re.fullmatch(r"[a-z0-9-]+", value) else "text"


class Quoted(str):
    """A text that is written in double quotes."""

    __slots__ = ()


class Deep:
    """A value nested ``depth`` levels deep, written in flow style: [[[…]]] or {a: {a: …}}."""

    def __init__(self, depth: int, bracket: str) -> None:
        self.depth = depth
        self.bracket = bracket

    def text(self) -> str:
        if self.bracket == "[":
            return "[" * self.depth + "x" + "]" * self.depth
        return "{a: " * self.depth + "x" + "}" * self.depth

    def __repr__(self) -> str:
        return f"Deep({self.depth}, {self.bracket!r})"


class Dumper(yaml.SafeDumper):
    """Writes text plain whenever YAML allows, so 'no' stays 'no' as it was written."""


def _plain(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Tagged as what a reader would take it for, the emitter writes it without quotes.
    return dumper.represent_scalar(dumper.resolve(yaml.ScalarNode, value, (True, False)), value)


def _quoted(dumper: yaml.SafeDumper, value: Quoted) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


def _deep(dumper: yaml.SafeDumper, value: Deep) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", f"deep{id(value)}placeholder")


Dumper.add_representer(str, _plain)
Dumper.add_representer(Quoted, _quoted)
Dumper.add_representer(Deep, _deep)

long_texts = st.builds(
    operator.mul,
    st.sampled_from(["a", "ä ", "Familie-", "😀", "<b>", "- x\n", "[", "#", "\\", " "]),
    st.integers(500, 100_000),
)
texts_like = st.one_of(
    st.sampled_from(TRICKY_SCALARS),
    st.sampled_from(TRICKY_SCALARS).map(Quoted),
    st.text(min_size=1, max_size=30),
    long_texts,
)
scalars = st.one_of(
    st.sampled_from(TRICKY_SCALARS),
    st.sampled_from(TRICKY_SCALARS).map(Quoted),
    st.text(max_size=30),
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    long_texts,
)
keys = st.sampled_from(KNOWN_KEYS) | st.text(min_size=1, max_size=15)
values = st.one_of(
    st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
        max_leaves=8,
    ),
    st.builds(Deep, st.integers(2, 1500), st.sampled_from(["[", "{"])),
)

# --- files --------------------------------------------------------------------------------

file_names = st.one_of(
    st.text(
        st.characters(exclude_characters="/\x00", exclude_categories=["Cs"]),
        min_size=1,
        max_size=30,
    ),
    # Bytes that are not UTF-8, as Python names such files: b"\xff" is "\udcff".
    st.binary(min_size=1, max_size=30).map(os.fsdecode),
).filter(
    lambda name: (
        name not in (".", "..")
        and "/" not in name
        and "\x00" not in name
        and len(os.fsencode(name)) < 200
    )
)
NON_SLUG_NAMES = [
    "Aktionstag 2017.md",
    "Sommerfest.md",
    "grüße.md",
    "a--b.md",
    "-x.md",
    "x_y.md",
    "x.MD",
    "x.md.md",
    "😀.md",
    ".md",
    "CON.md",
    "news.md~",
    ".versteckt.md",
]
FOLDERS = [
    "",
    *["alliances", "alliances/ilmenau", "alliances/ilmenau/news", "alliances/ilmenau/offers"],
    *["alliances/ilmenau/projects/alt", "alliances/herzogenrath/events", "alliances/neu"],
    *["alliances/iserlohn/media/fotos", "pages", "news", "media", "templates"],
    *["templates/partials"],
    *["static", "static/css"],
]
EXTRA_NAMES = [
    *["notes.txt", "README", "Thumbs.db", ".DS_Store", "alt.md~", "neu.md", "Neu.md", "people.yml"],
    *["site.yaml", "alliance.md", "people.yaml", "partners.yaml", "goals.yaml"],
    *["fields-of-action.yaml", "action-days.yaml", "base.html", "page.html", "home.html"],
    *["style.css", "logo.png"],
]
EXTRA_TEXTS = [
    b"",
    b"---\ntitle: Neu\n---\nText\n",
    b"---\ntitle: Neu\ndate: 2026-11-26\nstart: 2026-12-01\n---\n",
    b"- name: Neu\n",
    b"title: Neu\n",
    b"{% extends 'theme/page.html' %}\n{% block main %}{{ page.title }}{% endblock %}\n",
    b"{% extends 'base.html' %}\n",
    b"{{ x }\n",
    b"{{ nothing.here }}\n",
    b"{% include 'missing.html' %}\n",
    b"<p>\xff\xfe</p>\n",
    b"body { color: red }\n",
]
MARKDOWN_SNIPPETS = [
    "<script>alert(1)</script>\n",
    "[Link](javascript:alert(1))\n",
    "[Link](/nirgends/)\n",
    "![Bild](/media/fehlt.png)\n",
    "# Überschrift {: #id .class }\n",
    "| a | b |\n|---|---|\n| 1 |\n",
    "[ref]: <>\n",
    "```\n",
    "---\n",
    "...\n",
    "{{ site }}\n",
    "\"Anführung\" und 'so'\n",
    "\t- eingerückt\n",
    "&#0; &#xD800; &nbsp;\n",
]


def choose_file(data: st.DataObject, files: Files, suffixes: tuple[str, ...] = ()) -> str | None:
    names = sorted(name for name in files if name.endswith(suffixes)) if suffixes else sorted(files)
    return data.draw(st.sampled_from(names), label="file") if names else None


def fits(files: Files, path: str) -> bool:
    """Whether a file can be written at ``path``: no file is a folder of it, nor it of one."""
    return not any(path.startswith(name + "/") or name.startswith(path + "/") for name in files)


def position(data: st.DataObject, content: bytes, end: bool = True) -> int:
    return data.draw(st.integers(0, len(content) - (0 if end else 1)), label="at")


# --- byte level ---------------------------------------------------------------------------


def flip_byte(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is None or not files[name]:
        return
    content = bytearray(files[name])
    at = position(data, files[name], end=False)
    content[at] ^= data.draw(st.integers(1, 255), label="xor")
    files[name] = bytes(content)


def insert_bytes(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        at = position(data, files[name])
        extra = data.draw(st.binary(min_size=1, max_size=16), label="bytes")
        files[name] = files[name][:at] + extra + files[name][at:]


def delete_bytes(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None and files[name]:
        at = position(data, files[name], end=False)
        length = data.draw(st.integers(1, 64), label="length")
        files[name] = files[name][:at] + files[name][at + length :]


def truncate(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        files[name] = files[name][: position(data, files[name])]


def append_bytes(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        files[name] += data.draw(st.binary(min_size=1, max_size=64), label="bytes")


def invalid_utf8(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        at = position(data, files[name])
        bad = data.draw(
            st.sampled_from([b"\xff", b"\xc3", b"\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90"]),
            label="bytes",
        )
        files[name] = files[name][:at] + bad + files[name][at:]


def byte_order_mark(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        files[name] = b"\xef\xbb\xbf" * data.draw(st.integers(1, 2), label="marks") + files[name]


def line_endings(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        ending = data.draw(st.sampled_from([b"\r\n", b"\r", b"\n\n"]), label="ending")
        files[name] = files[name].replace(b"\n", ending)


def insert_text(data: st.DataObject, files: Files) -> None:
    """A character YAML or Markdown treats specially, or a Markdown snippet, at a line start."""
    name = choose_file(data, files)
    if name is None:
        return
    text = data.draw(
        st.sampled_from(MARKDOWN_SNIPPETS)
        | st.sampled_from(["\t", "\x00", "\x85", "\u2028", "\ufeff", "\x1b", "\ud7ff", "  "]),
        label="text",
    )
    lines = files[name].split(b"\n")
    at = data.draw(st.integers(0, len(lines) - 1), label="line")
    lines[at] = text.encode() + lines[at]
    files[name] = b"\n".join(lines)


LONG_RUNS = ["[", "![", "[a](", "]", ">", "*", "_", "`", "<", "&", "\\", "- ", "1. ", "|"]


def long_run(data: st.DataObject, files: Files) -> None:
    """A long run of a character Markdown reacts to, or a deeply nested list, after the text."""
    name = choose_file(data, files, (".md",))
    if name is None:
        return
    if data.draw(st.booleans(), label="nested list"):
        depth = data.draw(st.integers(2, 1200), label="depth")
        text = "".join("  " * level + "- x\n" for level in range(depth))
    else:
        run = data.draw(st.sampled_from(LONG_RUNS), label="run")
        text = run * data.draw(st.integers(100, 12_000), label="times")
    files[name] += b"\n" + text.encode()


def duplicate_or_drop_line(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is None:
        return
    lines = files[name].split(b"\n")
    at = data.draw(st.integers(0, len(lines) - 1), label="line")
    if data.draw(st.booleans(), label="duplicate"):
        lines.insert(at, lines[at])
    else:
        del lines[at]
    files[name] = b"\n".join(lines)


# --- YAML structure level -----------------------------------------------------------------


def split_yaml(name: str, content: bytes) -> tuple[str, str, object] | None:
    """(text before, text after, data) of a YAML file or a Markdown file's front matter."""
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    before, after = "", ""
    if name.endswith(".md"):
        lines = text.split("\n")
        if lines[0] != "---" or "---" not in lines[1:]:
            return None
        end = lines.index("---", 1)
        before, text, after = "---\n", "\n".join(lines[1:end]) + "\n", "\n".join(lines[end:])
    try:
        data = yaml.load(text, Loader=yaml.BaseLoader)
    except (yaml.YAMLError, RecursionError):
        return None
    return (before, after, data) if depth(data) < 50 else None


def depth(data: object) -> int:
    """How deeply lists and mappings nest in ``data``, counted without recursion."""
    deepest, stack = 0, [(data, 0)]
    while stack:
        value, level = stack.pop()
        deepest = max(deepest, level)
        if isinstance(value, dict):
            stack += [(item, level + 1) for item in value.values()]
        elif isinstance(value, list):
            stack += [(item, level + 1) for item in value]
    return deepest


def join_yaml(before: str, after: str, data: object) -> bytes:
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False)
    for deep in _deeps(data):
        text = text.replace(f"deep{id(deep)}placeholder", deep.text())
    return (before + text + after).encode("utf-8")


def _deeps(data: object) -> list[Deep]:
    if isinstance(data, Deep):
        return [data]
    if isinstance(data, dict):
        return [deep for value in data.values() for deep in _deeps(value)]
    if isinstance(data, list):
        return [deep for value in data for deep in _deeps(value)]
    return []


KeyPath = tuple[str | int, ...]


def paths_in(data: object, here: KeyPath = ()) -> list[KeyPath]:
    """Every value's path in ``data``, the whole document first."""
    found = [here]
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, (*here, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, (*here, index))
    return found


def value_at(data: object, path: KeyPath) -> object:
    for step in path:
        data = data[step]  # type: ignore[index]
    return data


def structure(edit: Callable[[st.DataObject, object], object]) -> Mutation:
    """A mutation that parses a YAML file or front matter, changes its data, and writes it."""

    def mutate(data: st.DataObject, files: Files) -> None:
        readable = {name: split for name in files if (split := split_yaml(name, files[name]))}
        if not readable:
            return
        name = data.draw(st.sampled_from(sorted(readable)), label="file")
        before, after, document = readable[name]
        files[name] = join_yaml(before, after, edit(data, document))

    mutate.__name__ = edit.__name__
    return mutate


@structure
def replace_value(data: st.DataObject, document: object) -> object:
    path = data.draw(st.sampled_from(paths_in(document)), label="path")
    new = data.draw(values, label="value")
    if not path:
        return new
    value_at(document, path[:-1])[path[-1]] = new  # type: ignore[index]
    return document


@structure
def replace_like(data: st.DataObject, document: object) -> object:
    """Replace a written value by another of its kind: a date by an edge of the calendar, a
    web address by a broken one. Most fields still take it, so the pages have to show it."""
    leaves = [
        path for path in paths_in(document) if path and isinstance(value_at(document, path), str)
    ]
    by_kind: dict[str, list[KeyPath]] = {}
    for leaf in leaves:
        by_kind.setdefault(kind_of(str(value_at(document, leaf))), []).append(leaf)
    if by_kind:
        kind = data.draw(st.sampled_from(sorted(by_kind)), label="kind")
        path = data.draw(st.sampled_from(by_kind[kind]), label="path")
        new = data.draw(st.sampled_from(LIKE[kind]) | texts_like, label="value")
        value_at(document, path[:-1])[path[-1]] = new  # type: ignore[index]
    return document


@structure
def delete_key(data: st.DataObject, document: object) -> object:
    entries = [path for path in paths_in(document) if path and isinstance(path[-1], str)]
    if entries:
        path = data.draw(st.sampled_from(entries), label="path")
        del value_at(document, path[:-1])[path[-1]]  # type: ignore[attr-defined]
    return document


@structure
def add_key(data: st.DataObject, document: object) -> object:
    groups = [path for path in paths_in(document) if isinstance(value_at(document, path), dict)]
    if groups:
        group = value_at(document, data.draw(st.sampled_from(groups), label="path"))
        group[data.draw(keys, label="key")] = data.draw(values, label="value")  # type: ignore[index]
    return document


@structure
def add_plausible_field(data: st.DataObject, document: object) -> object:
    groups = [path for path in paths_in(document) if isinstance(value_at(document, path), dict)]
    if groups:
        group = value_at(document, data.draw(st.sampled_from(groups), label="path"))
        key, value = data.draw(st.sampled_from(PLAUSIBLE_FIELDS), label="field")
        group[key] = copy.deepcopy(value)  # type: ignore[index]
    return document


@structure
def duplicate_item(data: st.DataObject, document: object) -> object:
    lists = [
        path
        for path in paths_in(document)
        if isinstance(items := value_at(document, path), list) and items
    ]
    if lists:
        items = value_at(document, data.draw(st.sampled_from(lists), label="path"))
        assert isinstance(items, list)
        at = data.draw(st.integers(0, len(items) - 1), label="item")
        items.insert(data.draw(st.integers(0, len(items)), label="to"), copy.deepcopy(items[at]))
    return document


# --- file level ---------------------------------------------------------------------------


def delete_file(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files)
    if name is not None:
        del files[name]


def add_file(data: st.DataObject, files: Files) -> None:
    folder = data.draw(st.sampled_from(FOLDERS), label="folder")
    name = data.draw(st.sampled_from(EXTRA_NAMES) | file_names, label="name")
    path = f"{folder}/{name}".lstrip("/")
    content = data.draw(st.sampled_from(EXTRA_TEXTS) | st.binary(max_size=64), label="content")
    if fits(files, path):
        files[path] = content


def empty_file(data: st.DataObject, files: Files) -> None:
    if data.draw(st.booleans(), label="existing"):
        name = choose_file(data, files)
    else:
        folder = data.draw(st.sampled_from(FOLDERS), label="folder")
        name = f"{folder}/{data.draw(st.sampled_from(EXTRA_NAMES), label='name')}".lstrip("/")
    if name is not None and fits(files, name):
        files[name] = b""


def rename_markdown(data: st.DataObject, files: Files) -> None:
    name = choose_file(data, files, (".md",))
    if name is None:
        return
    new = data.draw(
        st.sampled_from(NON_SLUG_NAMES) | file_names.map(lambda n: n + ".md"), label="new name"
    )
    path = name.rsplit("/", 1)[0] + "/" + new if "/" in name else new
    content = files.pop(name)
    if fits(files, path):
        files[path] = content


def rename_alliance(data: st.DataObject, files: Files) -> None:
    inside = [name.split("/", 2) for name in files if name.startswith("alliances/")]
    folders = sorted({parts[1] for parts in inside if len(parts) == 3})
    if not folders:
        return
    old = data.draw(st.sampled_from(folders), label="alliance")
    new = data.draw(
        st.sampled_from(["Ilmenau", "neu stadt", "ä", "-x-", "ilmenau2"]) | file_names,
        label="new name",
    )
    moved = {
        name: f"alliances/{new}/" + name.split("/", 2)[2]
        for name in files
        if name.startswith(f"alliances/{old}/")
    }
    rest = {name: content for name, content in files.items() if name not in moved}
    if all(fits(rest, path) for path in moved.values()):
        renamed = {path: files[name] for name, path in moved.items()}
        files.clear()
        files.update({**rest, **renamed})


MUTATIONS: list[Mutation] = [
    flip_byte,
    insert_bytes,
    delete_bytes,
    truncate,
    append_bytes,
    invalid_utf8,
    byte_order_mark,
    line_endings,
    insert_text,
    long_run,
    duplicate_or_drop_line,
    replace_value,
    replace_like,
    delete_key,
    add_key,
    add_plausible_field,
    duplicate_item,
    delete_file,
    add_file,
    empty_file,
    rename_markdown,
    rename_alliance,
]


# --- the property -------------------------------------------------------------------------


def write_files(files: Files, root: Path) -> None:
    for name, content in files.items():
        path = root.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)


def succeeds_or_lists_problems(action: Callable[[], object]) -> str:
    """Run ``action``: it succeeds, or raises a ContentError whose every problem is located."""
    try:
        action()
    except ContentError as error:
        assert error.problems, "a ContentError without problems"
        for problem in error.problems:
            assert isinstance(problem.location.path, Path), problem
            assert str(problem.location.path) not in ("", "."), problem
            assert problem.location.line >= 1, problem
            assert problem.location.column >= 1, problem
            assert problem.message.strip(), problem
        return f"{len(error.problems)} problems"
    return "success"


def ends_cleanly(content: Path, output: Path) -> str:
    """Check and build ``content`` in time, each to success or located problems; and the
    command line exits with 0 or 1 without a traceback. Returns what happened."""
    started = time.monotonic()
    checked = succeeds_or_lists_problems(lambda: pipeline.check(content))
    options = Options(content, output, today=TODAY)
    built = succeeds_or_lists_problems(lambda: pipeline.build(options))
    seconds = time.monotonic() - started
    outcome = f"check: {checked}, build: {built}, {seconds:.2f} s"
    assert seconds < TIME_BOUND, outcome

    result = CliRunner().invoke(main, ["check", "--content", str(content)], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    return outcome


@settings(settings.get_profile(PROFILE))
@given(st.data())
def test_mutated_content_ends_in_success_or_located_problems(data: st.DataObject) -> None:
    files = dict(ORIGINAL)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        mutation = data.draw(st.sampled_from(MUTATIONS), label="mutation")
        note(f"mutation: {mutation.__name__}")
        mutation(data, files)
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        content.mkdir()
        write_files(files, content)
        note(ends_cleanly(content, Path(folder) / "build"))


# --- crashes the fuzzing found (all fixed), kept as explicit examples ----------------------


def rewrite(path: Path, field: str, value: str, old: str | None = None) -> None:
    """Give the first ``field:`` in a file (also one that starts a list entry), or the first
    whose value is ``old``, a new value."""
    written = ".*" if old is None else re.escape(old)
    text, count = re.subn(
        rf"^([ -]*){field}: *{written}$",
        lambda match: f"{match[1]}{field}: {value}",
        path.read_text(encoding="utf-8"),
        count=1,
        flags=re.MULTILINE,
    )
    assert count == 1, f"no '{field}: {old or ''}' in {path}"
    path.write_text(text, encoding="utf-8")


EVENT = "alliances/herzogenrath/events/familientag-2017.md"
ALLIANCE = "alliances/ilmenau/alliance.md"
NEWS = "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"


@pytest.mark.parametrize(
    ("file", "field", "value"),
    [(EVENT, "start", "0000"), (ALLIANCE, "founded", "0000-01-01"), (NEWS, "date", "01.01.0000")],
    ids=["event-start", "alliance-founded", "news-date"],
)
def test_a_date_in_year_zero_ends_cleanly(
    example_copy: Path, tmp_path: Path, file: str, field: str, value: str
) -> None:
    rewrite(example_copy / file, field, value)
    ends_cleanly(example_copy, tmp_path / "build")


def test_an_event_on_the_first_day_of_year_one_ends_cleanly(
    example_copy: Path, tmp_path: Path
) -> None:
    rewrite(example_copy / EVENT, "start", "0001-01-01 00:30")
    ends_cleanly(example_copy, tmp_path / "build")


@pytest.mark.parametrize("zone", ["Europe", "a" * 300], ids=["folder", "too-long"])
def test_a_time_zone_that_is_no_file_of_the_zone_database_ends_cleanly(
    example_copy: Path, tmp_path: Path, zone: str
) -> None:
    rewrite(example_copy / "site.yaml", "time_zone", zone)
    ends_cleanly(example_copy, tmp_path / "build")


def test_a_language_code_babel_does_not_know_ends_cleanly(
    example_copy: Path, tmp_path: Path
) -> None:
    rewrite(example_copy / "site.yaml", "language", "off")
    ends_cleanly(example_copy, tmp_path / "build")


def test_a_slug_too_long_for_a_file_name_ends_cleanly(example_copy: Path, tmp_path: Path) -> None:
    rewrite(example_copy / "fields-of-action.yaml", "title", "a" * 300, old="Kinderbetreuung")
    ends_cleanly(example_copy, tmp_path / "build")


def test_a_template_override_that_is_not_utf8_ends_cleanly(
    example_copy: Path, tmp_path: Path
) -> None:
    (example_copy / "templates").mkdir()
    (example_copy / "templates/base.html").write_bytes(b"\x80")
    ends_cleanly(example_copy, tmp_path / "build")


def test_a_template_override_that_extends_itself_ends_cleanly(
    example_copy: Path, tmp_path: Path
) -> None:
    (example_copy / "templates").mkdir()
    (example_copy / "templates/base.html").write_text("{% extends 'base.html' %}\n")
    ends_cleanly(example_copy, tmp_path / "build")


def test_a_static_file_named_like_a_theme_folder_ends_cleanly(
    example_copy: Path, tmp_path: Path
) -> None:
    (example_copy / "static").mkdir()
    (example_copy / "static/css").write_text("x\n")
    ends_cleanly(example_copy, tmp_path / "build")


def test_a_markdown_list_nested_600_levels_deep_ends_cleanly(
    example_copy: Path, tmp_path: Path
) -> None:
    page = example_copy / "pages/initiative.md"
    nested = "".join("  " * level + "- x\n" for level in range(600))
    page.write_text(page.read_text(encoding="utf-8") + "\n" + nested, encoding="utf-8")
    ends_cleanly(example_copy, tmp_path / "build")
