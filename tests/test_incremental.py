"""Incremental rebuilds: after any sequence of edits, the same bytes as a clean build."""

from __future__ import annotations

import io
import json
import os
import random
import re
import shutil
from collections.abc import Callable
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from alliancegen import load
from alliancegen import pipeline
from alliancegen import render as render_module
from alliancegen import theme
from alliancegen.config import Options
from alliancegen.config import make_config
from alliancegen.errors import ContentError
from alliancegen.model import site
from alliancegen.model.fields import slugify
from alliancegen.pipeline import Engine
from alliancegen.pipeline import build
from alliancegen.pipeline import render
from alliancegen.routes import plan_routes
from alliancegen.routes import without_drafts
from tests.conftest import language_prefixes
from tests.conftest import site_of
from tests.videos import box
from tests.videos import element
from tests.videos import mp4
from tests.videos import webm

TODAY = date(2026, 11, 26)
Edit = Callable[[Path, random.Random], list[Path]]
"""Changes a content folder the way an editor would; returns the paths it touched."""


def articles(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("alliances/*/*/*.md") if "media" not in p.parts)


def alliances(root: Path) -> list[Path]:
    return sorted(root.glob("alliances/*"))


def one_of(paths: Iterable[Path], rng: random.Random) -> Path | None:
    """A random one of ``paths``; None when earlier edits deleted them all."""
    found = sorted(paths)
    return rng.choice(found) if found else None


def save(path: Path, text: str, rng: random.Random) -> list[Path]:
    """Save as editors do: in place, or to a temporary file renamed over the original."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if rng.random() < 0.5:
        path.write_text(text, encoding="utf-8")
        return [path]
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return [temporary, path]


def retitle(root: Path, rng: random.Random) -> list[Path]:
    path = one_of(articles(root), rng)
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    return save(path, text.replace("title: ", f"title: Neu {rng.randint(1, 99)} ", 1), rng)


def rewrite_body(root: Path, rng: random.Random) -> list[Path]:
    path = rng.choice([*articles(root), *root.glob("alliances/*/alliance.md")])
    return save(
        path, path.read_text(encoding="utf-8") + f"\nNachtrag {rng.randint(1, 999)}.\n", rng
    )


def add_news(root: Path, rng: random.Random) -> list[Path]:
    day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = f"meldung-{rng.randint(1, 9999)}"
    text = f"---\ntitle: Meldung {slug}\ndate: {day}\nsummary: Kurz.\n---\nText zu {slug}.\n"
    return save(rng.choice(alliances(root)) / "news" / f"{slug}.md", text, rng)


def add_event(root: Path, rng: random.Random) -> list[Path]:
    start = f"2026-{rng.randint(10, 12):02d}-{rng.randint(1, 28):02d} {rng.randint(8, 18)}:00"
    slug = f"termin-{rng.randint(1, 9999)}"
    text = f"---\ntitle: Termin {slug}\nkind: meeting\nstart: {start}\n---\n"
    return save(rng.choice(alliances(root)) / "events" / f"{slug}.md", text, rng)


def set_front_matter(path: Path, fields: dict[str, str], rng: random.Random) -> list[Path]:
    """Writes one-line ``fields`` into a Markdown file's front matter, replacing them."""
    text = path.read_text(encoding="utf-8")
    for key in fields:
        text = re.sub(rf"(?m)^{key}:.*\n", "", text)
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items() if value)
    return save(path, text.replace("---\n", "---\n" + lines, 1), rng)


EVENT_DETAILS = (
    {"attendance": "online", "online_url": "https://meet.example.org/x"},
    {"attendance": "hybrid", "online_url": ""},
    {"attendance": "", "online_url": ""},
    {"role": "participant"},
    {"role": "co_organiser"},
    {"role": ""},
    {"edition": "3", "audience": "Familien mit Kindern"},
    {"age_min": "3", "age_max": "10"},
    {"age_min": "", "age_max": "6"},
    {"free": "true", "price": ""},
    {"free": "", "price": "2,50"},
    {"price": "5 € pro Familie"},
    {"registration": "https://example.org/anmeldung", "registration_until": "2026-11-30"},
    {
        "start": "2026-12-01 18:00",
        "end": "",
        "until": "",
        "repeat": "",
        "dates": "[2026-12-08 18:00]",
    },
    {"start": "2026-11-03", "end": "", "dates": "", "repeat": "weekly"},
    {"start": "2026-11-03", "end": "", "dates": "", "repeat": "monthly", "until": "2027-02-28"},
    {"start": "2025-01-07", "end": "", "dates": "", "repeat": "fortnightly", "until": "2026-11-25"},
    {"end": "2026-12-24"},
)
"""Details of an event as alliances announce them; an empty value removes the field."""


def detail_event(root: Path, rng: random.Random) -> list[Path]:
    """Puts the alliance's part, attendance, audience, price or dates into an event."""
    event = one_of(root.glob("alliances/*/events/*.md"), rng)
    return set_front_matter(event, rng.choice(EVENT_DETAILS), rng) if event else []


PROJECT_DETAILS = (
    {"status": ""},
    {"status": "running"},
    {"milestones": "[{date: 2015-09, title: Neustart}, {date: 2012, title: Beginn}]"},
    {"milestones": "[{date: unknown, title: Idee, text: Mit *allen*.}]"},
    {"milestones": ""},
)


def detail_project(root: Path, rng: random.Random) -> list[Path]:
    """Makes a project's status unknown or known, or gives it milestones."""
    project = one_of(root.glob("alliances/*/projects/*.md"), rng)
    return set_front_matter(project, rng.choice(PROJECT_DETAILS), rng) if project else []


def undate_news(root: Path, rng: random.Random) -> list[Path]:
    """Makes a news item's date unknown, which takes it out of the feeds, or dates it."""
    item = one_of(root.glob("alliances/*/news/*.md"), rng)
    when = rng.choice(["unknown", "2017", "2026-11-20"])
    return set_front_matter(item, {"date": when}, rng) if item else []


LIST_ENTRIES = {
    "people.yaml": "- name: Person {n}\n  role: Ehrenamt\n",
    "partners.yaml": "- name: Partner {n}\n  category: clubs\n",
    "goals.yaml": "- title: Ziel {n}\n",
    "fields-of-action.yaml": "- title: Feld {n}\n",
    "committees.yaml": "- name: Gremium {n}\n  kind: advisory_board\n",
    "working-groups.yaml": "- name: AK {n}\n  topic: Thema {n}\n  meets: monatlich\n",
}


def add_list_entry(root: Path, rng: random.Random) -> list[Path]:
    name, entry = rng.choice(sorted(LIST_ENTRIES.items()))
    path = rng.choice(alliances(root)) / name
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return save(path, text + entry.format(n=rng.randint(1, 9999)), rng)


def first_slug(path: Path, key: str = "name") -> str | None:
    """The slug of the first entry of a list file, or None when there is none to read."""
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        return str(entries[0].get("slug") or slugify(entries[0][key]))
    except (yaml.YAMLError, TypeError, KeyError, IndexError, AttributeError):
        return None


ORGANISATION = (
    "roles:\n  - person: {person}\n    kind: {kind}\n    since: {since}\n    until: {until}\n",
    "roles:\n  - person: {person}\n    kind: {kind}\n    title: Sprecherin\n",
    "hosts:\n  - name: Träger {n}\n    until: {until}\n",
    "offices:\n  - name: Büro {n}\n    opening_hours: dienstags\n    until: {until}\n",
    "motto: Motto {n}\nemail: buero{n}@example.org\nphone: 0361 {n}\n",
)
"""Front matter that tells how an alliance is organised: a role that ends the day before the
build or the day of it, a host, an office, the alliance's own contact."""


def organise_alliance(root: Path, rng: random.Random) -> list[Path]:
    """Gives an alliance a role, host, office or contact of its own, or takes them away."""
    path = rng.choice(sorted(root.glob("alliances/*/alliance.md")))
    text = path.read_text(encoding="utf-8")
    keys = ("roles", "hosts", "offices", "motto", "email", "phone")
    kept = re.sub(rf"(?m)^(?:{'|'.join(keys)}):.*\n(?:  .*\n)*", "", text)
    if kept != text and rng.random() < 0.4:
        return save(path, kept, rng)
    person = first_slug(path.parent / "people.yaml") or "niemand"
    lines = rng.choice(ORGANISATION).format(
        person=person,
        kind=rng.choice(["patron", "coordinator", "chair"]),
        since=rng.choice(["2019", "unknown", "2026-11"]),
        until=rng.choice(["2026-11-25", "2026-11-26", "2027"]),
        n=rng.randint(100, 999),
    )
    return save(path, kept.replace("---\n", "---\n" + lines, 1), rng)


def staff_group(root: Path, rng: random.Random) -> list[Path]:
    """Gives a committee or working group a chair or contact, members and partners."""
    name, key = rng.choice([("committees.yaml", "chair"), ("working-groups.yaml", "contact")])
    folder = rng.choice(alliances(root))
    person = first_slug(folder / "people.yaml")
    partner = first_slug(folder / "partners.yaml")
    if person is None or partner is None:
        return []
    entry = LIST_ENTRIES[name].format(n=rng.randint(1, 9999))
    entry += f"  {key}: {person}\n  members: [{person}]\n  partners: [{partner}]\n"
    path = folder / name
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return save(path, text + entry, rng)


def change_contact_data(root: Path, rng: random.Random) -> list[Path]:
    """Takes a person's phone and e-mail away, or gives them an address: a vCard goes or
    comes."""
    path = one_of(root.glob("alliances/*/people.yaml"), rng)
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    if rng.random() < 0.5:
        text = re.sub(r"(?m)^  (?:phone|email): .*\n", "", text, count=rng.randint(1, 2))
    else:
        address = f"  address: {{street: Weg {rng.randint(1, 99)}, locality: Ort}}\n"
        text = re.sub(r"(?m)^(- name: .*\n)", rf"\1{address}", text, count=1)
    return save(path, text, rng)


def report_on_event(root: Path, rng: random.Random) -> list[Path]:
    events = sorted(root.glob("alliances/*/events/*.md"))
    if not events:
        return []
    event = rng.choice(events)
    text = f"---\ntitle: Bericht\ndate: 2026-11-01\nkind: report\nevent: {event.stem}\n---\n"
    return save(event.parent.parent / "news" / f"bericht-{event.stem}.md", text, rng)


def link_event(root: Path, rng: random.Random) -> list[Path]:
    """Gives an event a field of action of its alliance, or retitles it."""
    event = rng.choice(sorted(root.glob("alliances/*/events/*.md")) or [None])
    fields = event.parent.parent / "fields-of-action.yaml" if event else None
    if event is None or fields is None or not fields.exists():
        return []
    text = event.read_text(encoding="utf-8")
    if "fields_of_action:" in text:
        return save(event, text.replace("title: ", "title: Umbenannt ", 1), rng)
    first = fields.read_text(encoding="utf-8").split("- title: ")[1].split("\n")[0]
    field = slugify(first)
    return save(event, text.replace("---\n", f"---\nfields_of_action: [{field}]\n", 1), rng)


def rename_keeping_slug(root: Path, rng: random.Random) -> list[Path]:
    """Renames a list entry after writing down its slug, so references stay valid."""
    path = one_of(root.glob("alliances/*/*.yaml"), rng)
    if path is None:
        return []
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError:
        return []  # broken by an earlier edit
    if not entries:
        return []
    entry = rng.choice(entries)
    key = "name" if "name" in entry else "title"
    if key not in entry:
        return []  # a partner named by the registry: renamed there
    entry.setdefault("slug", slugify(entry[key]))
    entry[key] = f"{entry[key]} {rng.randint(1, 99)}"
    return save(path, yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), rng)


def delete_article(root: Path, rng: random.Random) -> list[Path]:
    path = one_of(articles(root), rng)
    if path is None:
        return []
    path.unlink()
    return [path]


def toggle_draft(root: Path, rng: random.Random) -> list[Path]:
    path = one_of(articles(root), rng)
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    toggled = (
        text.replace("draft: true\n", "")
        if "draft: true" in text
        else text.replace("---\n", "---\ndraft: true\n", 1)
    )
    return save(path, toggled, rng)


def add_menu_page(root: Path, rng: random.Random) -> list[Path]:
    folder = rng.choice([root, *alliances(root)])
    slug = f"seite-{rng.randint(1, 999)}"
    return save(folder / "pages" / f"{slug}.md", f"---\ntitle: Seite {slug}\nmenu: 5\n---\n", rng)


def rename_partner(root: Path, rng: random.Random) -> list[Path]:
    """Renames a partner; when a project refers to it, the content breaks until undone."""
    path = one_of(root.glob("alliances/*/partners.yaml"), rng)
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    return save(path, text.replace("- name: ", "- name: Neue ", 1), rng)


def break_yaml(root: Path, rng: random.Random) -> list[Path]:
    path = one_of(root.glob("alliances/*/people.yaml"), rng)
    if path is None:
        return []
    return save(path, path.read_text(encoding="utf-8") + "- name: [kaputt\n", rng)


def repair_yaml(root: Path, rng: random.Random) -> list[Path]:
    touched = []
    for path in root.glob("alliances/*/*.yaml"):
        text = path.read_text(encoding="utf-8")
        repaired = text.replace("- name: [kaputt\n", "").replace("- name: Neue ", "- name: ")
        if repaired != text:
            touched += save(path, repaired, rng)
    return touched


def override_template(root: Path, rng: random.Random) -> list[Path]:
    path = root / "templates" / "partials" / "footer.html"
    if path.exists():
        path.unlink()
        return [path]
    text = '{% include "theme/partials/footer.html" %}<p>Eigener Fuß</p>\n'
    return save(path, text, rng)


def change_settings(root: Path, rng: random.Random) -> list[Path]:
    path = root / "site.yaml"
    text = path.read_text(encoding="utf-8")
    return save(path, text.replace("description: ", f"description: ({rng.randint(1, 9)}) ", 1), rng)


def toggle_editing(root: Path, rng: random.Random) -> list[Path]:
    """Switch editing in the browser on (with another host) or off: /admin/ comes and goes."""
    path = root / "site.yaml"
    text = path.read_text(encoding="utf-8").split("\nediting:")[0].rstrip("\n") + "\n"
    if rng.random() < 0.6:
        host = rng.choice(["gitlab", "gitea"])
        text += f"editing:\n  host: {host}\n  repository: stadt/buendnis\n"
        text += f"  app_id: a{rng.randint(1, 9)}\n"
        text += "  address: https://codeberg.org\n" if host == "gitea" else ""
    return save(path, text, rng)


def picture(rng: random.Random, kind: str) -> bytes:
    """An image of some size and colour, as a file of format ``kind`` holds it."""
    size = (rng.randint(40, 1100), rng.randint(40, 800))
    buffer = io.BytesIO()
    Image.new("RGB", size, tuple(rng.randint(0, 255) for _ in range(3))).save(buffer, kind)
    return buffer.getvalue()


def add_media(root: Path, rng: random.Random) -> list[Path]:
    path = rng.choice(alliances(root)) / "media" / f"bild-{rng.randint(1, 99)}.png"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(picture(rng, "PNG"))
    return [path]


HERO = re.compile(r"(?m)^hero:\n(?:  .*\n)*")


def show_photo(root: Path, rng: random.Random) -> list[Path]:
    """Adds an alliance's photo, or replaces it by another one (other bytes and size)."""
    alliance = rng.choice(alliances(root))
    photo = alliance / "media" / "titelbild.jpg"
    photo.parent.mkdir(exist_ok=True)
    photo.write_bytes(picture(rng, "JPEG"))
    path = alliance / "alliance.md"
    hero = "hero:\n  file: media/titelbild.jpg\n  alt: Titelbild\n  credit: Redaktion\n"
    text = HERO.sub("", path.read_text(encoding="utf-8"))
    return [photo, *save(path, text.replace("---\n", "---\n" + hero, 1), rng)]


def remove_photo(root: Path, rng: random.Random) -> list[Path]:
    """Removes an alliance's photo, and the field that shows it."""
    photo = one_of(root.glob("alliances/*/media/*.jpg"), rng)
    if photo is None:
        return []
    path = photo.parent.parent / "alliance.md"
    photo.unlink()
    return [photo, *save(path, HERO.sub("", path.read_text(encoding="utf-8")), rng)]


SIGN_LANGUAGE = re.compile(r"(?m)^sign_language:\n(?:  .*\n)*")


def pages(root: Path) -> list[Path]:
    return sorted([*root.glob("pages/*.md"), *root.glob("alliances/*/pages/*.md")])


def videos(root: Path) -> list[Path]:
    return sorted(p for kind in ("mp4", "webm") for p in root.glob(f"**/media/*.{kind}"))


def recording(rng: random.Random, kind: str) -> bytes:
    """A video of some size, running time, frame rate and file size, as ``kind`` holds it."""
    width, height = rng.choice([(640, 480), (1280, 720), (160, 120)])
    seconds, fps = rng.randint(5, 4000), rng.choice([15, 25, 30])
    padding = bytes(rng.randint(0, 1_500_000))
    if kind == "mp4":
        return mp4(width, height, seconds, fps) + box(b"free", padding)
    return webm(width, height, seconds, fps) + element(0xEC, padding)


def show_sign_video(root: Path, rng: random.Random) -> list[Path]:
    """Shows a video in sign language on a page, or another one instead of its video: a
    video file with its poster and captions, and the field that names them."""
    path = one_of(pages(root), rng)
    if path is None:
        return []
    media = path.parent.parent / "media"
    media.mkdir(exist_ok=True)
    name, kind = f"dgs-{rng.randint(1, 3)}", rng.choice(["mp4", "webm"])
    files = {f"{name}.{kind}": recording(rng, kind), f"{name}.jpg": picture(rng, "JPEG")}
    files[f"{name}.vtt"] = b"WEBVTT\n\n00:00.000 --> 00:02.000\nHallo!\n"
    for file, data in files.items():
        (media / file).write_bytes(data)
    field = f"sign_language:\n  title: Gebärdensprache {name}\n  file: media/{name}.{kind}\n"
    field += f"  poster: media/{name}.jpg\n  captions: media/{name}.vtt\n"
    text = SIGN_LANGUAGE.sub("", path.read_text(encoding="utf-8"))
    touched = [media / file for file in files]
    return [*touched, *save(path, text.replace("---\n", "---\n" + field, 1), rng)]


def replace_video(root: Path, rng: random.Random) -> list[Path]:
    """Replaces a video file by another recording: other bytes, size and running time."""
    video = one_of(videos(root), rng)
    if video is None:
        return []
    video.write_bytes(recording(rng, video.suffix[1:]))
    return [video]


def remove_sign_video(root: Path, rng: random.Random) -> list[Path]:
    """Removes a video with its poster and captions, and mostly the fields that show it too:
    a page that still names it breaks the content until that is undone."""
    video = one_of(videos(root), rng)
    if video is None:
        return []
    touched = sorted(video.parent.glob(f"{video.stem}.*"))
    for file in touched:
        file.unlink()
    named = f"file: media/{video.name}\n"
    for path in pages(root) if rng.random() < 0.8 else ():
        text = path.read_text(encoding="utf-8")
        if path.parent.parent == video.parent.parent and named in text:
            touched += save(path, SIGN_LANGUAGE.sub("", text), rng)
    return touched


def add_partner(root: Path, rng: random.Random) -> list[Path]:
    """Adds a partner of some category, as a member or for cooperation."""
    path = rng.choice(alliances(root)) / "partners.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    category = rng.choice(["municipality", "charities", "clubs", "housing", "churches"])
    membership = rng.choice(["member", "cooperation"])
    entry = f"- name: Partner {rng.randint(1, 9999)}\n  category: {category}\n"
    return save(path, text + entry + f"  membership: {membership}\n", rng)


def list_entries(text: str) -> tuple[str, list[str]]:
    """A YAML list as written: what stands before its first entry, and each entry's lines."""
    head, *entries = re.split(r"(?m)^(?=- )", text)
    return head, entries


def partner_slug(entry: str) -> str | None:
    """The slug a partners.yaml entry has, written or derived; None when it does not parse."""
    try:
        (fields,) = yaml.safe_load(entry)
        return str(fields.get("slug") or slugify(fields["name"]))
    except (yaml.YAMLError, TypeError, ValueError, KeyError, AttributeError):
        return None


def remove_partner(root: Path, rng: random.Random) -> list[Path]:
    """Removes a partner, mostly one that nothing names; one that a project, event or offer
    names breaks the content until that is deleted too."""
    path = one_of(root.glob("alliances/*/partners.yaml"), rng)
    if path is None:
        return []
    head, entries = list_entries(path.read_text(encoding="utf-8"))
    others = "".join(
        p.read_text(encoding="utf-8") for p in path.parent.rglob("*.md") if p.is_file()
    )
    named = [entry for entry in entries if (partner_slug(entry) or "") in others]
    candidates = entries if rng.random() < 0.25 else [e for e in entries if e not in named]
    if not candidates:
        return []
    entries.remove(rng.choice(candidates))
    return save(path, head + "".join(entries), rng)


def delete_event(root: Path, rng: random.Random) -> list[Path]:
    """Deletes an event; a report on it breaks the content until the report goes too."""
    path = one_of(root.glob("alliances/*/events/*.md"), rng)
    if path is None:
        return []
    path.unlink()
    return [path]


def add_page(root: Path, rng: random.Random) -> list[Path]:
    """Adds a page to the site or an alliance, in the menu or not, with a summary or not."""
    folder = rng.choice([root, *alliances(root)])
    slug = f"info-{rng.randint(1, 999)}"
    menu = f"menu: {rng.randint(1, 9)}\n" if rng.random() < 0.5 else ""
    summary = f"summary: Alles über {slug}.\n" if rng.random() < 0.5 else ""
    text = f"---\ntitle: Info {slug}\n{menu}{summary}---\nMehr zu *{slug}*.\n"
    return save(folder / "pages" / f"{slug}.md", text, rng)


def delete_page(root: Path, rng: random.Random) -> list[Path]:
    """Deletes a page of the site or of an alliance."""
    path = one_of([*root.glob("pages/*.md"), *root.glob("alliances/*/pages/*.md")], rng)
    if path is None:
        return []
    path.unlink()
    return [path]


def add_alliance(root: Path, rng: random.Random) -> list[Path]:
    """Founds an alliance: its folder with a profile and a first news item."""
    number = rng.randint(1, 99)
    folder = root / "alliances" / f"neustadt-{number}"
    state = rng.choice(["Hessen", "Bayern", "Sachsen", "Thüringen"])
    founded = rng.choice(["", f"founded: 20{rng.randint(10, 25)}-0{rng.randint(1, 9)}\n"])
    profile = (
        f"---\nname: Bündnis für Familie Neustadt {number}\ntown: Neustadt {number}\n"
        f"state: {state}\n{founded}summary: Ein neues Bündnis.\n---\nÜber das Bündnis.\n"
    )
    news = f"---\ntitle: Gründung in Neustadt {number}\ndate: 2026-0{rng.randint(1, 9)}-15\n---\n"
    return [
        *save(folder / "alliance.md", profile, rng),
        *save(folder / "news" / "gruendung.md", news + "Es geht los.\n", rng),
    ]


def change_founding_date(root: Path, rng: random.Random) -> list[Path]:
    """Gives an alliance another founding date, or takes its date away."""
    path = rng.choice(sorted(root.glob("alliances/*/alliance.md")))
    text = re.sub(r"(?m)^founded: .*\n", "", path.read_text(encoding="utf-8"))
    if rng.random() < 0.75:
        founded = f"founded: {rng.randint(2000, 2025)}-{rng.randint(1, 12):02d}\n"
        text = text.replace("---\n", "---\n" + founded, 1)
    return save(path, text, rng)


def delete_alliance(root: Path, rng: random.Random) -> list[Path]:
    """Deletes an alliance's whole folder, as long as another alliance is left."""
    folders = alliances(root)
    if len(folders) < 2:
        return []
    folder = rng.choice(folders)
    shutil.rmtree(folder)
    return [folder]


REGISTRY = "organisations.yaml"
ROLES = ("sponsor", "funder", "supporter", "co_organiser", "venue", "award_recipient")


def add_registry_organisation(root: Path, rng: random.Random) -> list[Path]:
    """Adds an organisation to the site-wide registry, with an address or without."""
    path = root / REGISTRY
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    number = rng.randint(1, 99)
    if f"- name: Stiftung {number}\n" in text or f"- name: Stiftung {number} " in text:
        return []
    entry = f"- name: Stiftung {number}\n  website: https://stiftung-{number}.example.org/\n"
    if rng.random() < 0.5:
        entry += f"  address: {{street: Markt {number}, locality: Neustadt}}\n"
    return save(path, text + entry, rng)


def registry_names(root: Path) -> list[str]:
    """The names of the registry's organisations that the edits made."""
    path = root / REGISTRY
    return re.findall(r"(?m)^- name: (Stiftung \d+)", path.read_text()) if path.exists() else []


def rename_registry_organisation(root: Path, rng: random.Random) -> list[Path]:
    """Renames an organisation of the registry, keeping its slug: every page that shows it,
    in any alliance, must show the new name."""
    names = registry_names(root)
    if not names:
        return []
    name = rng.choice(names)
    path = root / REGISTRY
    entry = re.compile(rf"(?m)^- name: {name}\b.*\n(  slug: .*\n)?")
    renamed = f"- name: {name} (neu {rng.randint(1, 99)})\n  slug: {slugify(name)}\n"
    return save(path, entry.sub(renamed, path.read_text(encoding="utf-8"), count=1), rng)


def refer_to_registry(root: Path, rng: random.Random) -> list[Path]:
    """Makes a registry organisation a partner of an alliance, or names it with a role on an
    event, a project or an alliance."""
    names = registry_names(root)
    if not names:
        return []
    slug = slugify(rng.choice(names))
    folder = rng.choice(alliances(root))
    if rng.random() < 0.4:
        path = folder / "partners.yaml"
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if f"organisation: {slug}\n" in text:
            return []
        return save(path, text + f"- organisation: {slug}\n  category: other\n", rng)
    path = rng.choice(
        [*folder.glob("events/*.md"), *folder.glob("projects/*.md")] or [folder / "alliance.md"]
    )
    text = path.read_text(encoding="utf-8")
    if "organisations:" in text:
        return []
    entry = f"organisations: [{{organisation: {slug}, role: {rng.choice(ROLES)}}}]\n"
    return save(path, text.replace("---\n", "---\n" + entry, 1), rng)


def state_partner_count(root: Path, rng: random.Random) -> list[Path]:
    """States how many partners an alliance has, or takes the statement away."""
    path = rng.choice(sorted(root.glob("alliances/*/alliance.md")))
    text = re.sub(r"(?m)^partner_count: .*\n", "", path.read_text(encoding="utf-8"))
    if rng.random() < 0.75:
        qualifier = rng.choice(["", "qualifier: over, ", "qualifier: about, "])
        number = rng.randint(12, 120)
        count = f"partner_count: {{number: {number}, {qualifier}date: 2024}}\n"
        text = text.replace("---\n", "---\n" + count, 1)
    return save(path, text, rng)


PAGE_TEMPLATES = (
    "home.html",
    "news_item.html",
    "news.html",
    "page.html",
    "event.html",
    "events.html",
    "alliance/overview.html",
    "alliance/join.html",
    "alliance/partners.html",
    "alliance/goals.html",
    "alliance/project.html",
    "alliance/offer.html",
    "portal/alliances.html",
    "portal/field.html",
)
"""Theme templates of pages the example has, each filling the main block of base.html."""

JOIN_ADDITIONS = (
    "<ul>{% for e in alliance.events %}<li>{{ e.title }}</li>{% endfor %}</ul>",
    "<ul>{% for owner, item in news_of(alliance) %}<li>{{ item.title }}</li>{% endfor %}</ul>",
    "<p>{{ alliance.partners | length }} Partner, {{ alliance.projects | length }} Projekte</p>",
    "{% for goal in alliance.goals %}<p>{{ goal.title }}</p>{% endfor %}",
    "<p>{{ alliance.partner_total }} Partner{% if not alliance.lists_every_partner %}, "
    "{{ alliance.partners | length }} genannt{% endif %}</p>",
    "{% for role in current(alliance.all_roles) %}<p>{{ role.kind }}: {{ role.person }}</p>"
    "{% endfor %}",
    '{{ alliance.committees | map(attribute="name") | join(", ") }}'
    '{{ alliance.working_groups | selectattr("contact") | map(attribute="topic") | join }}',
)
"""What a join page may show besides its people: it always has an alliance."""

HOME_ADDITIONS = (
    "{% for a in site.alliances %}{% if a.founded %}"
    "<p>{{ a.name }}: gegründet {{ date(a.founded) }}</p>{% endif %}{% endfor %}",
    '{% for a in site.alliances | selectattr("founded") %}'
    "<p>{{ a.town }} seit {{ date(a.founded) }}</p>{% endfor %}",
    '<p>{{ site.alliances | map(attribute="people") | map("length") | sum }} Personen</p>',
    "{% for a in site.alliances %}<p>{{ a.name }}: {{ a.events | length }} Termine"
    "{% if a.declared %}, erklärt {{ date(a.declared) }}{% endif %}</p>{% endfor %}",
)
"""What a home page may show of each alliance besides what lists show."""

NEWS_ITEM_ADDITIONS = (
    '{% if alliance %}{% for category, group in alliance.partners | groupby("category") %}'
    "<p>{{ labels.category[category] }}: {{ group | length }}</p>{% endfor %}{% endif %}",
    '{% if alliance %}{{ alliance.partners | map(attribute="category") | unique | join(", ") }}'
    "{% endif %}",
    '{% if alliance %}{{ alliance.partners | selectattr("membership", "equalto", "cooperation")'
    ' | map(attribute="name") | join(", ") }}{% endif %}',
)
"""What a news item may show of its alliance's partners; the site's own news have none."""

HELPER_ADDITIONS = (
    "{% for a in site.alliances %}{% for owner, e in upcoming_of(a)[:2] %}"
    "<p>{{ owner.town }}: {{ e.title }}, {{ date(e.start) }}</p>{% endfor %}{% endfor %}",
    "{% if alliance %}{% for owner, item in news_of(alliance)[:3] %}"
    "<p>{{ item.title }}</p>{% endfor %}{% endif %}",
    "{% for a in site.alliances %}{% if has_page(section_url(a.slug, 'projects')) %}"
    "<a href=\"{{ url(section_url(a.slug, 'projects')) }}\">Projekte in {{ a.town }}</a>"
    "{% endif %}{% endfor %}",
    '<p>{{ site.alliances | map(attribute="events") | map("length") | sum }} Termine</p>',
    '{{ site.alliances | selectattr("patron") | map(attribute="name") | join(" · ") }}',
    '{% for state, group in site.alliances | groupby("state") %}<p>{{ state }}: '
    '{{ group | map(attribute="partners") | map("length") | sum }} Partner</p>{% endfor %}',
    '{% for a in site.alliances | sort(attribute="town") %}'
    "<p>{{ a.town }}: {{ a.goals | length }} Ziele, {{ a.offers | length }} Angebote</p>"
    "{% endfor %}",
    '{% if alliance %}{% for p in alliance.people | sort(attribute="name") %}{{ p.name }}'
    "{% if p.role %} ({{ p.role }}){% endif %}; {% endfor %}{% endif %}",
    '{% for a in site.alliances %}{% for p in a.projects | selectattr("model_project") %}'
    "<p>{{ p.title }}</p>{% endfor %}{% endfor %}",
    "{% if alliance %}<p>{{ alliance.news | length }} Meldungen, "
    "{{ alliance.fields_of_action | length }} Handlungsfelder</p>{% endif %}",
)
"""Additions for any page, reading what the theme does not show there."""

INCLUDES = (
    '{% set name = "box.html" %}',
    '{% set name = "box-" ~ (alliance.slug if alliance else "site") ~ ".html" %}',
)
"""How an override names the partial it includes: the same for every page, or by alliance."""

MACRO = "partials/extra.html"
"""A file of the site's own macros, imported by overrides."""


def some_of(additions: tuple[str, ...], rng: random.Random) -> str:
    """One to three of ``additions``: a template may read one thing or several."""
    return "".join(rng.sample(additions, rng.randint(1, min(3, len(additions)))))


def extending(template: str, addition: str, rng: random.Random, preamble: str = "") -> str:
    """A site's template that shows the theme's page with ``addition`` below its main part."""
    return (
        f'{{% extends "theme/{template}" %}}\n{preamble}'
        f'{{% block main %}}{{{{ super() }}}}\n<aside data-edit="{rng.randint(1, 9999)}">'
        f"{addition}</aside>\n{{% endblock %}}\n"
    )


def override(root: Path, template: str, text: str, rng: random.Random) -> list[Path]:
    """Creates or changes the site's own ``template``; deletes it a third of the time."""
    path = root / "templates" / template
    if path.exists() and rng.random() < 1 / 3:
        path.unlink()
        return [path]
    return save(path, text, rng)


def override_join_page(root: Path, rng: random.Random) -> list[Path]:
    """The join page shows the alliance's events, news, partners or goals."""
    template = "alliance/join.html"
    return override(root, template, extending(template, some_of(JOIN_ADDITIONS, rng), rng), rng)


def override_home_page(root: Path, rng: random.Random) -> list[Path]:
    """The home page shows when each alliance was founded, or what it has."""
    template = "home.html"
    return override(root, template, extending(template, some_of(HOME_ADDITIONS, rng), rng), rng)


def override_news_item(root: Path, rng: random.Random) -> list[Path]:
    """A news item shows its alliance's partners: by category, or those who cooperate."""
    template = "news_item.html"
    addition = some_of(NEWS_ITEM_ADDITIONS, rng)
    return override(root, template, extending(template, addition, rng), rng)


def override_with_helpers(root: Path, rng: random.Random) -> list[Path]:
    """Any page uses upcoming_of, news_of, has_page, or lists through filters."""
    template = rng.choice(PAGE_TEMPLATES)
    addition = some_of(HELPER_ADDITIONS, rng)
    return override(root, template, extending(template, addition, rng), rng)


def override_with_computed_include(root: Path, rng: random.Random) -> list[Path]:
    """Any page includes a partial whose name it computes, if there is one."""
    template = rng.choice(PAGE_TEMPLATES)
    addition = rng.choice(INCLUDES) + '{% include "partials/" ~ name ignore missing %}'
    return override(root, template, extending(template, addition, rng), rng)


def edit_included_partial(root: Path, rng: random.Random) -> list[Path]:
    """Creates, changes or deletes a partial that overrides include by a computed name."""
    owners = ["site", *(folder.name for folder in alliances(root))]
    name = rng.choice(["box.html", *(f"box-{owner}.html" for owner in owners)])
    path = root / "templates" / "partials" / name
    if path.exists() and rng.random() < 1 / 3:
        path.unlink()
        return [path]
    addition = some_of(HELPER_ADDITIONS, rng)
    text = f'<div class="box" data-edit="{rng.randint(1, 9999)}">{addition}</div>\n'
    return save(path, text, rng)


def macro_file(rng: random.Random) -> str:
    """The site's own macro file: one macro that shows what the theme does not."""
    addition = some_of(HELPER_ADDITIONS, rng)
    return (
        f'{{% macro extra(alliance) %}}<div class="extra" data-edit="{rng.randint(1, 9999)}">'
        f"{addition}</div>{{% endmacro %}}\n"
    )


def override_with_macro(root: Path, rng: random.Random) -> list[Path]:
    """Any page calls a macro from the site's own macro file, written if missing."""
    template = rng.choice(PAGE_TEMPLATES)
    preamble = f'{{% from "{MACRO}" import extra %}}\n'
    text = extending(template, "{{ extra(alliance) }}", rng, preamble)
    macros = root / "templates" / MACRO
    written = [] if macros.exists() else save(macros, macro_file(rng), rng)
    return [*written, *override(root, template, text, rng)]


def edit_macro(root: Path, rng: random.Random) -> list[Path]:
    """Changes what the site's own macro shows; deletes the file when no template imports it."""
    path = root / "templates" / MACRO
    templates = root.glob("templates/**/*.html")
    imported = any(MACRO in template.read_text(encoding="utf-8") for template in templates)
    if path.exists() and not imported and rng.random() < 0.5:
        path.unlink()
        return [path]
    return save(path, macro_file(rng), rng)


LANGUAGE_SETS = ("", "languages: [en]\n", "languages: [en, ar]\n", "languages: [ar, tr]\n")


def choose_languages(root: Path, rng: random.Random) -> list[Path]:
    """Publishes the site in other further languages, or in none: editions come and go."""
    path = root / "site.yaml"
    text = re.sub(r"(?m)^languages:.*\n", "", path.read_text(encoding="utf-8"))
    return save(path, text + rng.choice(LANGUAGE_SETS), rng)


def translate_article(root: Path, rng: random.Random) -> list[Path]:
    """Writes, rewrites or deletes a text for an edition next to its original (a language
    the site may not be published in is a problem, as it should be)."""
    originals = [
        p
        for p in (*root.glob("alliances/*/alliance.md"), *articles(root), *root.glob("pages/*.md"))
        if "." not in p.stem
    ]
    original = one_of(originals, rng)
    if original is None:
        return []
    edition = rng.choice(["en", "ar", "leicht"])
    path = original.with_name(f"{original.stem}.{edition}.md")
    if path.exists() and rng.random() < 0.4:
        path.unlink()
        return [path]
    field = "summary" if original.name == "alliance.md" else "title"
    text = f"---\n{field}: Übersetzt {rng.randint(1, 99)}\n---\nText für {edition}.\n"
    return save(path, text, rng)


def translate_list_entry(root: Path, rng: random.Random) -> list[Path]:
    """Gives the first goal or field of action of an alliance a short translation."""
    path = one_of(
        [*root.glob("alliances/*/goals.yaml"), *root.glob("alliances/*/fields-of-action.yaml")], rng
    )
    if path is None:
        return []
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^  translations:\n(?:    .*\n)*", "", text)
    edition = rng.choice(["en", "ar"])
    added = f"  translations:\n    {edition}:\n      title: Translated {rng.randint(1, 99)}\n"
    return save(path, re.sub(r"(?m)^(- title: .*\n)", r"\1" + added, text, count=1), rng)


def write_easy_read_start(root: Path, rng: random.Random) -> list[Path]:
    """Writes the start page in Leichte Sprache, or takes it away."""
    path = root / "leichte-sprache.md"
    if path.exists() and rng.random() < 0.5:
        path.unlink()
        return [path]
    return save(path, f"---\ntitle: Leicht\n---\nHier steht Satz {rng.randint(1, 9)}.\n", rng)


SOURCES = ("q1", "q2", "q3")
"""Other sites' open data as files beside the content folder, as a portal in one repository
lists them."""
SOURCE_TOWNS = (
    ("Aachen", "Nordrhein-Westfalen"),
    ("Jena", "Thüringen"),
    ("Iserlohn", "Nordrhein-Westfalen"),
)


def list_sources(root: Path, rng: random.Random) -> list[Path]:
    """Makes the site a portal of some of the sources, or of none (a listed source whose file
    is missing is left out with a warning)."""
    path = root / "site.yaml"
    text = path.read_text(encoding="utf-8").split("\nfederation:")[0].rstrip("\n") + "\n"
    chosen = rng.sample(SOURCES, rng.randint(0, len(SOURCES)))
    if chosen:
        listed = "".join(f"    - ../quellen/{name}.json\n" for name in chosen)
        text += f"federation:\n  sources:\n{listed}"
    return save(path, text, rng)


def write_source(root: Path, rng: random.Random) -> list[Path]:
    """Writes, rewrites or breaks another site's open data: its alliances, their fields of
    action, their upcoming events and news change."""
    name = rng.choice(SOURCES)
    path = root.parent / "quellen" / f"{name}.json"
    alliances = [
        {
            "id": slugify(town),
            "name": f"Bündnis {town} {rng.randint(1, 9)}",
            "url": f"https://{name}.example/{slugify(town)}/",
            "town": town,
            "state": state,
            "fields_of_action": [{"title": "Beruf", "national": "vereinbarkeit"}]
            if rng.random() < 0.5
            else [],
            "events": [
                {
                    "title": f"Fest {rng.randint(1, 9)}",
                    "start": f"2027-0{rng.randint(1, 9)}-15",
                    "url": f"https://{name}.example/fest/",
                }
            ],
            "news": [
                {
                    "title": f"Neu {rng.randint(1, 9)}",
                    "date": "2026-11-0" + str(rng.randint(1, 9)),
                    "url": f"https://{name}.example/neu/",
                }
            ],
        }
        for town, state in rng.sample(SOURCE_TOWNS, rng.randint(1, 2))
    ]
    document = {
        "format": "lokale-buendnisse",
        "version": "1.0",
        "publisher": {"title": name, "url": f"https://{name}.example/", "language": "de"},
        "as_of": "2026-11-26",
        "time_zone": "Europe/Berlin",
        "alliances": alliances,
    }
    text = "{kaputt" if rng.random() < 0.15 else json.dumps(document, ensure_ascii=False)
    return save(path, text, rng)


EDITS: list[Edit] = [
    list_sources,
    write_source,
    choose_languages,
    translate_article,
    translate_list_entry,
    write_easy_read_start,
    retitle,
    rewrite_body,
    add_news,
    add_event,
    delete_article,
    toggle_draft,
    add_menu_page,
    rename_partner,
    break_yaml,
    repair_yaml,
    override_template,
    change_settings,
    toggle_editing,
    add_media,
    show_photo,
    remove_photo,
    add_list_entry,
    report_on_event,
    link_event,
    rename_keeping_slug,
    add_partner,
    remove_partner,
    delete_event,
    add_page,
    delete_page,
    add_alliance,
    delete_alliance,
    change_founding_date,
    override_join_page,
    override_home_page,
    override_news_item,
    override_with_helpers,
    override_with_computed_include,
    edit_included_partial,
    override_with_macro,
    edit_macro,
    detail_event,
    detail_project,
    undate_news,
    add_registry_organisation,
    rename_registry_organisation,
    refer_to_registry,
    state_partner_count,
    organise_alliance,
    staff_group,
    change_contact_data,
    show_sign_video,
    replace_video,
    remove_sign_video,
]


def clean_build(content: Path) -> dict[str, bytes] | None:
    """Every file a clean build makes, or None when the content has problems."""
    try:
        outputs, _ = render(Options(content, content.parent / "unused", today=TODAY))
    except ContentError:
        return None
    return {output.path.as_posix(): output.content for output in outputs}


def folder(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("seed", range(int(os.environ.get("ALLIANCEGEN_ORACLE_SEEDS", "10"))))
def test_random_edits_give_the_bytes_of_a_clean_build(example_copy: Path, seed: int) -> None:
    rng = random.Random(seed)
    output = example_copy.parent / "preview"
    engine = Engine(Options(example_copy, output, today=TODAY))
    engine.rebuild()
    engine.update_index()
    last_good = folder(output)
    for step in range(16):
        edit = rng.choice(EDITS)
        touched = edit(example_copy, rng)
        expected = clean_build(example_copy)
        try:
            engine.rebuild(touched)
        except ContentError:
            assert expected is None, f"step {step}: {edit.__name__} failed only incrementally"
            assert folder(output) == last_good, f"step {step}: a failed rebuild changed files"
            continue
        assert expected is not None, f"step {step}: {edit.__name__} should have failed"
        engine.update_index()  # what serve does in the background after a rebuild
        assert folder(output) == expected, f"step {step}: {edit.__name__} differs"
        last_good = expected


@pytest.mark.parametrize("seed", range(3))
def test_adding_replacing_and_removing_a_video_give_the_bytes_of_a_clean_build(
    example_copy: Path, seed: int
) -> None:
    """What the page says of a video (size, running time, type) is read from the file: a
    file replaced alone renders the page again."""
    rng = random.Random(seed)
    output = example_copy.parent / "preview"
    engine = Engine(Options(example_copy, output, today=TODAY))
    engine.rebuild()
    steps = [show_sign_video, replace_video, show_sign_video, replace_video, remove_sign_video]
    for step, edit in enumerate(steps):
        touched = edit(example_copy, rng)
        expected = clean_build(example_copy)
        try:
            engine.rebuild(touched)
        except ContentError:
            assert expected is None, f"step {step}: {edit.__name__} failed only incrementally"
            continue
        engine.update_index()
        assert folder(output) == expected, f"step {step}: {edit.__name__} differs"


def built(content: Path, output: Path, cache: Path | None) -> dict[str, bytes] | None:
    """Every file ``alliancegen build`` writes into an empty output folder, or None when the
    content has problems."""
    shutil.rmtree(output, ignore_errors=True)
    try:
        build(Options(content, output, today=TODAY, cache_dir=cache))
    except ContentError:
        return None
    return folder(output)


@pytest.mark.parametrize("seed", range(8))
def test_a_warm_cache_build_equals_a_build_without_cache(
    example_copy: Path, tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    output, cache = tmp_path / "site", tmp_path / "cache"
    built(example_copy, output, cache)
    assert any(cache.iterdir()), "the first build keeps what the next can reuse"
    for _ in range(rng.randint(1, 2)):
        rng.choice(EDITS)(example_copy, rng)
    assert built(example_copy, output, cache) == built(example_copy, output, None)


def route_count(content: Path) -> int:
    """How many files the route plan of ``content`` makes on ``TODAY``."""
    site = without_drafts(site_of(content))
    config = make_config(site.settings, Options(content, content.parent / "unused", today=TODAY))
    return len(plan_routes(site, config).routes)


def test_a_build_in_a_new_process_with_nothing_changed_renders_no_page(
    example_copy: Path, tmp_path: Path
) -> None:
    options = Options(example_copy, tmp_path / "site", today=TODAY, cache_dir=tmp_path / "cache")
    first = Engine(options)
    built = first.render()
    first.keep()
    again = Engine(options).render()
    assert (built.rendered, again.rendered) == (route_count(example_copy), 0)
    assert again.outputs == built.outputs


def test_a_later_day_renders_again_what_the_day_changes(example_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = Engine(Options(example_copy, tmp_path / "site", today=TODAY, cache_dir=cache))
    first.render()
    first.keep()
    later = Options(example_copy, tmp_path / "site", today=date(2028, 1, 1), cache_dir=cache)
    engine = Engine(later)
    rendered = engine.render()
    outputs = [*rendered.outputs, *engine.search_index(rendered.outputs)]
    clean, _ = render(Options(example_copy, tmp_path / "unused", today=date(2028, 1, 1)))
    assert sorted(outputs, key=str) == sorted(clean, key=str)
    assert 0 < rendered.rendered < len(rendered.outputs) / 2


def test_one_changed_news_item_renders_only_the_pages_that_show_it(example_copy: Path) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    first = engine.rebuild()
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    outcome = engine.rebuild([news])
    # only its own page shows the body, in each language (untranslated: in German in each)
    languages = len(language_prefixes(example_copy))
    assert (first.rendered, outcome.rendered, outcome.written) == (
        route_count(example_copy),
        languages,
        languages,
    )


def test_a_retitled_news_item_renders_exactly_the_pages_that_show_its_title(
    example_copy: Path,
) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    text = news.read_text(encoding="utf-8")
    news.write_text(text.replace("title: ", "title: Neu ", 1), encoding="utf-8")
    outcome = engine.rebuild([news])
    # its page, the alliance's overview and news list, the home page, the site's news list,
    # in each language; and the open data of the site and of the alliance, once
    assert outcome.rendered == outcome.written == 5 * len(language_prefixes(example_copy)) + 2


def test_nothing_changed_renders_and_writes_nothing(example_copy: Path) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    outcome = engine.rebuild()
    assert (outcome.rendered, outcome.written, outcome.removed) == (0, 0, 0)


def calls(
    monkeypatch: pytest.MonkeyPatch, owner: object, name: str, noted: Callable[..., object]
) -> list[object]:
    """What ``noted`` makes of the arguments of every call of ``owner.name`` from here on."""
    seen: list[object] = []
    function = getattr(owner, name)

    def noting(*arguments: Any) -> Any:
        seen.append(noted(*arguments))
        return function(*arguments)

    monkeypatch.setattr(owner, name, noting)
    return seen


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The content folders walked from here on."""
    return calls(monkeypatch, load, "_content_files", lambda root: root)


def test_a_saved_file_is_read_again_without_walking_the_folder(
    example_copy: Path, walks: list[object]
) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    swap = news.with_name(f".{news.name}.swp")
    swap.write_text(news.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    swap.replace(news)
    languages = len(language_prefixes(example_copy))  # its page in each language
    walks.clear()
    assert engine.rebuild([swap, news]).written == languages
    assert walks == []
    assert (
        "Nachtrag."
        in folder(example_copy.parent / "preview")[
            "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/index.html"
        ].decode()
    )


def report(content: Path, change: str) -> list[Path]:
    """Make ``change`` in ``content``; the paths a watcher reports for it."""
    news = content / "alliances/ilmenau/news"
    iserlohn = content / "alliances/iserlohn"
    item = "---\ntitle: Neu\ndate: 2026-11-01\n---\n"
    if change == "deleted folder":
        shutil.rmtree(iserlohn)
        return [iserlohn]
    if change == "moved folder":
        iserlohn.rename(iserlohn.with_name("iserlohn-neu"))
        return [iserlohn, iserlohn.with_name("iserlohn-neu")]
    if change == "deleted file":
        offer = content / "alliances/ilmenau/offers/begruessungspaket.md"
        offer.unlink()
        return [offer]
    path = {
        "new file": news / "neu.md",
        "new first file": news / "0-zuerst.md",
        "new file in a new folder": content / "alliances/ilmenau/pages/neu.md",
    }[change]
    path.parent.mkdir(exist_ok=True)
    path.write_text(item if path.parent.name == "news" else "---\ntitle: Neu\n---\n", "utf-8")
    return [path]


@pytest.mark.parametrize(
    ("change", "walked"),
    [
        ("new file", False),
        ("new first file", False),
        ("deleted file", False),
        ("new file in a new folder", True),
        ("deleted folder", True),
        ("moved folder", True),
    ],
)
def test_a_new_or_deleted_file_is_taken_in_without_walking_a_folder_change_walks_again(
    example_copy: Path, walks: list[object], change: str, walked: bool
) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    reported = report(example_copy, change)
    expected = clean_build(example_copy)
    walks.clear()
    engine.rebuild(reported)
    assert walks == ([example_copy] if walked else [])
    engine.update_index()
    assert folder(example_copy.parent / "preview") == expected


def test_a_new_file_named_as_another_but_for_case_is_found_by_a_walk(
    example_copy: Path, walks: list[object]
) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    engine.rebuild(report(example_copy, "new file"))
    twin = example_copy / "alliances/ilmenau/news/Neu.md"
    twin.write_text("---\ntitle: Neu\n---\n", encoding="utf-8")
    walks.clear()
    with pytest.raises(ContentError) as refused:
        engine.rebuild([twin])
    assert any("Neu.md" in str(problem) for problem in refused.value.problems)
    assert walks == [example_copy]


def test_a_saved_file_is_the_only_one_validated_again(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    validated = calls(monkeypatch, site, "_validate_document", lambda document: document.path)
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    engine.rebuild([news])
    assert validated == [news]
    engine.rebuild([])
    assert validated == [news]


def test_a_rebuild_reads_only_the_copied_files_that_changed(
    example_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    read = calls(monkeypatch, render_module, "_copy", lambda path, source: source)
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    engine.rebuild([news])
    assert read == []
    note = example_copy / "static" / "hinweis.txt"
    note.parent.mkdir(exist_ok=True)
    note.write_text("erste Fassung", encoding="utf-8")
    engine.rebuild([note])
    note.write_text("zweite Fassung", encoding="utf-8")
    engine.rebuild([note])
    assert read == [note, note]
    assert (example_copy.parent / "preview/static/hinweis.txt").read_text() == "zweite Fassung"


@pytest.fixture
def themes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the installed themes that builds use from here on, for a test to change."""
    copied = Path(shutil.copytree(theme.themes_folder(), tmp_path / "themes"))
    monkeypatch.setattr(theme, "themes_folder", lambda: copied)
    monkeypatch.setattr(pipeline, "themes_folder", lambda: copied)
    return copied


def test_a_changed_theme_label_renders_the_pages_that_show_it(
    example_copy: Path, themes: Path
) -> None:
    output = example_copy.parent / "preview"
    engine = Engine(Options(example_copy, output, today=TODAY))
    engine.rebuild()
    settings = themes / "default/theme.yaml"
    text = settings.read_text(encoding="utf-8").replace("Stadt und", "Rathaus und")
    settings.write_text(text, encoding="utf-8")
    engine.rebuild([settings])
    assert "Rathaus und Verwaltung" in folder(output)["ilmenau/partner/index.html"].decode()


def test_a_changed_translation_of_the_theme_renders_the_pages_that_show_it(
    example_copy: Path, themes: Path
) -> None:
    output = example_copy.parent / "preview"
    engine = Engine(Options(example_copy, output, today=TODAY))
    engine.rebuild()
    # the site's main edition (German) gets a catalog of its own, then a changed translation
    catalog = themes / "default/locale/de/LC_MESSAGES/theme.po"
    catalog.parent.mkdir(parents=True)
    for word in ("Übersicht", "Anfang"):
        catalog.write_text(f'msgid "Startseite"\nmsgstr "{word}"\n', encoding="utf-8")
        outcome = engine.rebuild([catalog])
        engine.update_index()
        home = folder(output)["index.html"].decode()
        assert f">{word}</a>" in home
        # not the vCards: they say no word
        assert 0 < outcome.written <= outcome.rendered < route_count(example_copy)
        assert folder(output) == clean_build(example_copy)


def link_everything(root: Path) -> None:
    """Make the example refer across its parts: a partner's contact, an event's field of
    action, a news item's event, a registry organisation that is a partner of one alliance
    and a venue, funder or supporter of others, so that renaming one shows up on the others'
    pages."""
    partners = root / "alliances/ilmenau/partners.yaml"
    text = partners.read_text(encoding="utf-8")
    partners.write_text(
        text.replace(
            "  category: municipality\n", "  category: municipality\n  contact: katrin-hoh\n", 1
        ),
        encoding="utf-8",
    )
    event = root / "alliances/ilmenau/events/aktionstag-2017.md"
    text = event.read_text(encoding="utf-8")
    field = "vereinbarkeit-von-beruf-und-familie"
    event.write_text(
        text.replace("---\n", f"---\nfields_of_action: [{field}]\n", 1), encoding="utf-8"
    )
    news = root / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    text = news.read_text(encoding="utf-8")
    news.write_text(text.replace("---\n", "---\nevent: aktionstag-2017\n", 1), encoding="utf-8")
    registry = "- name: Bürgerstiftung\n  address: {street: Markt 1, locality: Ilmenau}\n"
    (root / REGISTRY).write_text(registry, encoding="utf-8")
    organisations = {
        "alliances/iserlohn/partners.yaml": "- organisation: buergerstiftung\n  category: other\n",
        "alliances/ilmenau/events/aktionstag-2017.md": "organisations: [{organisation: "
        "buergerstiftung, role: venue},\n  {organisation: frauen-und-familienzentrum-ilmenau, "
        "role: sponsor}]\n",
        "alliances/herzogenrath/projects/kommunale-zeitpolitik.md": "organisations: "
        "[{organisation: buergerstiftung, role: funder}]\n",
        "alliances/ilmenau/alliance.md": "partner_count: {number: 40, qualifier: over, "
        "date: 2024}\norganisations: [{organisation: buergerstiftung, role: supporter}]\n",
    }
    for name, addition in organisations.items():
        path = root / name
        text = path.read_text(encoding="utf-8")
        if name.endswith(".md"):
            text = text.replace("---\n", "---\n" + addition, 1)
        else:
            text += addition
        path.write_text(text, encoding="utf-8")


def test_renaming_anything_renders_every_page_that_shows_it(example_copy: Path) -> None:
    link_everything(example_copy)
    engine = Engine(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    engine.rebuild()
    for path in sorted(example_copy.rglob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            if "organisation" in entry and "name" not in entry:
                continue  # named by the registry, and renamed there
            key = "name" if "name" in entry else "title" if "title" in entry else "motto"
            entry.setdefault("slug", slugify(str(entry.get(key) or entry.get("year"))))
            entry[key] = f"{entry.get(key, '')} umbenannt"
            path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False))
            engine.rebuild([path])
            engine.update_index()
            where = f"{path.relative_to(example_copy)}, entry {index}"
            assert folder(example_copy.parent / "preview") == clean_build(example_copy), where
    for path in sorted(example_copy.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^(title|name): ", r"\1: Umbenannt ", text, count=1, flags=re.M))
        engine.rebuild([path])
        engine.update_index()
        where = str(path.relative_to(example_copy))
        assert folder(example_copy.parent / "preview") == clean_build(example_copy), where
