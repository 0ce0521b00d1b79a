"""Incremental rebuilds: after any sequence of edits, the same bytes as a clean build."""

from __future__ import annotations

import random
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from alliancegen import incremental
from alliancegen import load
from alliancegen import theme
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.incremental import Rebuilder
from alliancegen.model.fields import slugify
from alliancegen.pipeline import render

TODAY = date(2026, 11, 26)
Edit = Callable[[Path, random.Random], list[Path]]
"""Changes a content folder the way an editor would; returns the paths it touched."""


def articles(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("alliances/*/*/*.md") if "media" not in p.parts)


def alliances(root: Path) -> list[Path]:
    return sorted(root.glob("alliances/*"))


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
    path = rng.choice(articles(root))
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


LIST_ENTRIES = {
    "people.yaml": "- name: Person {n}\n  role: Ehrenamt\n",
    "partners.yaml": "- name: Partner {n}\n  category: clubs\n",
    "goals.yaml": "- title: Ziel {n}\n",
    "fields-of-action.yaml": "- title: Feld {n}\n",
}


def add_list_entry(root: Path, rng: random.Random) -> list[Path]:
    name, entry = rng.choice(sorted(LIST_ENTRIES.items()))
    path = rng.choice(alliances(root)) / name
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    return save(path, text + entry.format(n=rng.randint(1, 9999)), rng)


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
    path = rng.choice(sorted(root.glob("alliances/*/*.yaml")))
    try:
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except yaml.YAMLError:
        return []  # broken by an earlier edit
    if not entries:
        return []
    entry = rng.choice(entries)
    key = "name" if "name" in entry else "title"
    entry.setdefault("slug", slugify(entry[key]))
    entry[key] = f"{entry[key]} {rng.randint(1, 99)}"
    return save(path, yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), rng)


def delete_article(root: Path, rng: random.Random) -> list[Path]:
    path = rng.choice(articles(root))
    path.unlink()
    return [path]


def toggle_draft(root: Path, rng: random.Random) -> list[Path]:
    path = rng.choice(articles(root))
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
    path = rng.choice(list(root.glob("alliances/*/partners.yaml")))
    text = path.read_text(encoding="utf-8")
    return save(path, text.replace("- name: ", "- name: Neue ", 1), rng)


def break_yaml(root: Path, rng: random.Random) -> list[Path]:
    path = rng.choice(list(root.glob("alliances/*/people.yaml")))
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


def add_media(root: Path, rng: random.Random) -> list[Path]:
    path = rng.choice(alliances(root)) / "media" / f"bild-{rng.randint(1, 99)}.png"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(bytes([rng.randint(0, 255) for _ in range(16)]))
    return [path]


EDITS: list[Edit] = [
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
    add_media,
    add_list_entry,
    report_on_event,
    link_event,
    rename_keeping_slug,
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


@pytest.mark.parametrize("seed", range(8))
def test_random_edits_give_the_bytes_of_a_clean_build(example_copy: Path, seed: int) -> None:
    rng = random.Random(seed)
    output = example_copy.parent / "preview"
    rebuilder = Rebuilder(Options(example_copy, output, today=TODAY))
    rebuilder.rebuild()
    last_good = folder(output)
    for step in range(16):
        edit = rng.choice(EDITS)
        touched = edit(example_copy, rng)
        expected = clean_build(example_copy)
        try:
            rebuilder.rebuild(touched)
        except ContentError:
            assert expected is None, f"step {step}: {edit.__name__} failed only incrementally"
            assert folder(output) == last_good, f"step {step}: a failed rebuild changed files"
            continue
        assert expected is not None, f"step {step}: {edit.__name__} should have failed"
        assert folder(output) == expected, f"step {step}: {edit.__name__} differs"
        last_good = expected


def test_one_changed_news_item_renders_only_the_pages_that_show_it(example_copy: Path) -> None:
    rebuilder = Rebuilder(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    first = rebuilder.rebuild()
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    news.write_text(news.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    outcome = rebuilder.rebuild([news])
    # its page, the alliance's overview and news list, the home page, the site's news list
    # (the item has no date, so no feed lists it); only its own page shows the body
    assert (first.rendered, outcome.rendered, outcome.written) == (44, 5, 1)


def test_nothing_changed_renders_and_writes_nothing(example_copy: Path) -> None:
    rebuilder = Rebuilder(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    rebuilder.rebuild()
    outcome = rebuilder.rebuild()
    assert (outcome.rendered, outcome.written, outcome.removed) == (0, 0, 0)


@pytest.fixture
def walks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The content folders walked from here on."""
    walked: list[Path] = []
    walk = load._content_files

    def counting(root: Path) -> tuple[list[object], list[object]]:
        walked.append(root)
        return walk(root)  # type: ignore[return-value]

    monkeypatch.setattr(load, "_content_files", counting)
    return walked


def test_a_saved_file_is_read_again_without_walking_the_folder(
    example_copy: Path, walks: list[Path]
) -> None:
    rebuilder = Rebuilder(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    rebuilder.rebuild()
    news = example_copy / "alliances/ilmenau/news/ilmenau-mehr-zeit-fuer-die-familie.md"
    swap = news.with_name(f".{news.name}.swp")
    swap.write_text(news.read_text(encoding="utf-8") + "\nNachtrag.\n", encoding="utf-8")
    swap.replace(news)
    walks.clear()
    assert rebuilder.rebuild([swap, news]).written == 1
    assert walks == []
    assert (
        "Nachtrag."
        in folder(example_copy.parent / "preview")[
            "ilmenau/aktuelles/ilmenau-mehr-zeit-fuer-die-familie/index.html"
        ].decode()
    )


@pytest.mark.parametrize("change", ["new file", "deleted file", "deleted folder", "moved folder"])
def test_a_new_or_vanished_file_or_folder_makes_the_rebuild_walk_again(
    example_copy: Path, walks: list[Path], change: str
) -> None:
    rebuilder = Rebuilder(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    rebuilder.rebuild()
    news = example_copy / "alliances/ilmenau/news"
    iserlohn = example_copy / "alliances/iserlohn"
    if change == "new file":
        (news / "neu.md").write_text("---\ntitle: Neu\ndate: 2026-11-01\n---\n", encoding="utf-8")
        reported = [news / "neu.md"]
    elif change == "deleted file":
        offer = example_copy / "alliances/ilmenau/offers/begruessungspaket.md"
        offer.unlink()
        reported = [offer]
    elif change == "deleted folder":
        shutil.rmtree(iserlohn)
        reported = [iserlohn]
    else:
        iserlohn.rename(iserlohn.with_name("iserlohn-neu"))
        reported = [iserlohn, iserlohn.with_name("iserlohn-neu")]
    expected = clean_build(example_copy)
    walks.clear()
    rebuilder.rebuild(reported)
    assert walks == [example_copy]
    assert folder(example_copy.parent / "preview") == expected


def test_a_changed_theme_label_renders_the_pages_that_show_it(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    themes = Path(shutil.copytree(theme.themes_folder(), tmp_path / "themes"))
    monkeypatch.setattr(theme, "themes_folder", lambda: themes)
    monkeypatch.setattr(incremental, "themes_folder", lambda: themes)
    output = example_copy.parent / "preview"
    rebuilder = Rebuilder(Options(example_copy, output, today=TODAY))
    rebuilder.rebuild()
    settings = themes / "default/theme.yaml"
    text = settings.read_text(encoding="utf-8").replace("Stadt und", "Rathaus und")
    settings.write_text(text, encoding="utf-8")
    rebuilder.rebuild([settings])
    assert "Rathaus und Verwaltung" in folder(output)["ilmenau/partner/index.html"].decode()


def link_everything(root: Path) -> None:
    """Make the example refer across its parts: a partner's contact, an event's field of
    action, a news item's event, so that renaming one shows up on the others' pages."""
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


def test_renaming_anything_renders_every_page_that_shows_it(example_copy: Path) -> None:
    link_everything(example_copy)
    rebuilder = Rebuilder(Options(example_copy, example_copy.parent / "preview", today=TODAY))
    rebuilder.rebuild()
    for path in sorted(example_copy.rglob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            key = "name" if "name" in entry else "title" if "title" in entry else "motto"
            entry.setdefault("slug", slugify(str(entry.get(key) or entry.get("year"))))
            entry[key] = f"{entry.get(key, '')} umbenannt"
            path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False))
            rebuilder.rebuild([path])
            where = f"{path.relative_to(example_copy)}, entry {index}"
            assert folder(example_copy.parent / "preview") == clean_build(example_copy), where
    for path in sorted(example_copy.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^(title|name): ", r"\1: Umbenannt ", text, count=1, flags=re.M))
        rebuilder.rebuild([path])
        where = str(path.relative_to(example_copy))
        assert folder(example_copy.parent / "preview") == clean_build(example_copy), where
