"""``alliancegen new``: a starting repository, and new content files with German comments.

The comments say in German what each field is for, whatever the user's language: the
model's description of the field, translated in the catalog, and its example. Which fields
``site.yaml`` lists follows the settings model, so that a new setting shows up here too.
Messages to the user (why nothing was written, what is asked for) are in the user's language.
Files are never overwritten, and list files (people.yaml, partners.yaml) get entries appended
as text, so that what the coordinator wrote there, comments included, stays as it was.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from typing import Union
from typing import get_args
from typing import get_origin

import yaml

from alliancegen import __version__
from alliancegen.i18n import _
from alliancegen.i18n import in_language
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Event
from alliancegen.model.entities import NewsItem
from alliancegen.model.entities import Offer
from alliancegen.model.entities import Page
from alliancegen.model.entities import Partner
from alliancegen.model.entities import Person
from alliancegen.model.entities import Project
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Record
from alliancegen.model.fields import slugify
from alliancegen.model.moment import parse_moment
from alliancegen.model.settings import Settings
from alliancegen.schema import set_up_editors


class ScaffoldError(Exception):
    """Why nothing was written, saying what to do instead."""


PREVIEW = "http://localhost:8000/"
"""The base_url a new site.yaml has: the preview on the coordinator's computer."""


def note(model: type[Record], name: str) -> tuple[str, str]:
    """The German note of a field and its example written as YAML (or ''), both from the
    model: the field's description in German and its first example; a choice's note ends
    with its values."""
    field = model.model_fields[name]
    text = in_language("de", description(model, name))
    choice = _choice(model, name)
    if choice is not None:
        text += ": " + choice.listing()
    return text, _example(field.examples[0]) if field.examples else ""


def description(model: type[Record], name: str) -> str:
    """What a field is for, in English; every field has it."""
    text = model.model_fields[name].description
    if not text:
        raise LookupError(f"{model.__name__}.{name} has no description")
    return text


def _field_type(model: type[Record], name: str) -> Any:
    """The type of a field, without its ``| None``."""
    kind: Any = model.model_fields[name].annotation
    if get_origin(kind) in (Union, types.UnionType):
        kind = next((arg for arg in get_args(kind) if arg is not type(None)), None)
    return kind


def nested_record(model: type[Record], name: str) -> type[Record] | None:
    """The record type of a field (``Operator | None`` gives Operator), or None."""
    kind = _field_type(model, name)
    return kind if isinstance(kind, type) and issubclass(kind, Record) else None


def _commented(model: type[Record], depth: int) -> list[str]:
    """Every field of ``model`` as a commented-out line, with its note above it."""
    indent = "  " * depth
    lines: list[str] = []
    for name in model.model_fields:
        text, example = note(model, name)
        inner = nested_record(model, name)
        lines.append(f"# {indent}# {text}" if depth else f"# {text}")
        lines.append(f"# {indent}{name}:" + (f" {example}" if example and not inner else ""))
        if inner is not None:
            lines += _commented(inner, depth + 1)
    return lines


def site_yaml(title: str) -> str:
    """site.yaml with every setting and its German note; only the title is switched on."""
    lines = [
        "# Einstellungen der ganzen Website. Zeilen mit # davor sind ausgeschaltet: das #",
        "# (und die Leerstelle danach) entfernen, um eine Einstellung zu nutzen.",
    ]
    for name in Settings.model_fields:
        text, example = note(Settings, name)
        lines.append("")
        if name == "title":
            lines += [f"# {text}", f"title: {_scalar(title)}"]
        elif name == "base_url":
            lines += [
                f"# {text}",
                "# Zunächst die Vorschau auf diesem Rechner:",
                f"base_url: {PREVIEW}",
            ]
        elif (inner := nested_record(Settings, name)) is not None:
            lines += [f"# {text}", f"# {name}:", *_commented(inner, 1)]
        else:
            lines += [f"# {text}", f"# {name}:" + (f" {example}" if example else "")]
    return "\n".join(lines) + "\n"


def _scalar(value: object) -> str:
    """A value as YAML on one line, text quoted where YAML needs it (': ', '#', 'ja' …)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _example(value: object) -> str:
    """An example as a coordinator writes it: text as it is, other values as YAML."""
    return value if isinstance(value, str) else _scalar(value)


def _day(value: str) -> str:
    """A date as the user gave it, once the model reads it as one."""
    try:
        parse_moment(value)
    except ValueError:
        raise ScaffoldError(
            _("'{value}' is not a date: write e.g. 2026-05-15 or 2026-05-15 14:00", value=value)
        ) from None
    return value


@dataclass(frozen=True)
class Kind:
    """A kind of content ``alliancegen new`` writes: its model, what it asks for, where it
    goes and which further fields it offers, commented out."""

    model: type[Record]
    essentials: tuple[str, ...]
    folder: str
    offered: tuple[str, ...]
    needs_alliance: bool = True

    @property
    def names_it(self) -> str:
        """The essential its slug is made from: the first."""
        return self.essentials[0]


KINDS: dict[str, Kind] = {
    "alliance": Kind(
        Alliance,
        ("town", "name", "state"),
        "",
        (
            "short_name",
            "founded",
            "summary",
            "patron",
            "coordinators",
            "email",
            "phone",
            "website",
            "join",
        ),
        needs_alliance=False,
    ),
    "event": Kind(
        Event,
        ("title", "start"),
        "events",
        ("end", "kind", "place", "motto", "audience", "free", "registration", "draft"),
    ),
    "news": Kind(
        NewsItem,
        ("title", "date"),
        "news",
        ("kind", "summary", "author", "draft"),
        needs_alliance=False,
    ),
    "project": Kind(
        Project,
        ("title",),
        "projects",
        ("status", "summary", "start", "contact", "partners", "draft"),
    ),
    "page": Kind(Page, ("title",), "pages", ("summary", "menu", "draft"), needs_alliance=False),
    "offer": Kind(
        Offer,
        ("title",),
        "offers",
        ("provider", "eligibility", "amount", "how_to_apply", "draft"),
    ),
    "person": Kind(
        Person,
        ("name",),
        "people.yaml",
        ("role", "organisation", "phone", "email", "office_hours"),
    ),
    "partner": Kind(
        Partner,
        ("name", "category"),
        "partners.yaml",
        ("short_name", "membership", "website", "joined"),
    ),
}
"""What ``alliancegen new KIND`` writes."""

DATES = frozenset({"start", "date"})
"""Essentials that are dates: checked when given, and written without quotes."""


def _fields(kind: Kind, values: dict[str, str], indent: str) -> list[str]:
    """The essentials with their values, then the offered fields commented out."""
    lines: list[str] = []
    for name in kind.essentials:
        value = values[name] if name in DATES else _scalar(values[name])
        lines += [f"{indent}# {note(kind.model, name)[0]}", f"{indent}{name}: {value}"]
    for name in kind.offered:
        text, example = note(kind.model, name)
        lines += [f"{indent}# {text}", f"{indent}# {name}:" + (f" {example}" if example else "")]
    return lines


def front_matter_file(kind: Kind, values: dict[str, str]) -> str:
    """A Markdown file: the fields between the --- lines, then a line where the text goes."""
    return "\n".join(
        [
            "---",
            "# Angaben zwischen den beiden ---Linien; Zeilen mit # davor sind ausgeschaltet.",
            *_fields(kind, values, ""),
            "---",
            "",
        ]
    )


def new_entry(content: Path, kind_name: str, values: dict[str, str], alliance: str | None) -> Path:
    """Write a new file of ``kind_name``, or append an entry to its list file; return where."""
    kind = KINDS[kind_name]
    if not (content / "site.yaml").is_file():
        raise ScaffoldError(
            _(
                "there is no site.yaml in '{folder}': name the content folder with --content, "
                "or start a site with 'alliancegen new site FOLDER'",
                folder=content,
            )
        )
    slug = _slug(values[kind.names_it])
    if kind_name == "alliance":
        return _write_new(content / "alliances" / slug / "alliance.md", kind, values)
    base = content if alliance is None else content / "alliances" / alliance
    if alliance is not None and (
        alliance != slugify(alliance) or not base.joinpath("alliance.md").is_file()
    ):
        raise ScaffoldError(
            _(
                "there is no alliance '{alliance}' (no alliance.md in {folder})",
                alliance=alliance,
                folder=base,
            )
        )
    if kind.folder.endswith(".yaml"):
        return _append(base / kind.folder, kind, values, slug)
    return _write_new(base / kind.folder / f"{slug}.md", kind, values)


def _slug(name: str) -> str:
    """The slug of a new entry's name, which must give one."""
    slug = slugify(name)
    if not slug:
        raise ScaffoldError(_("'{name}' gives no name for web addresses: use letters", name=name))
    return slug


def _write_new(path: Path, kind: Kind, values: dict[str, str]) -> Path:
    if path.exists():
        raise ScaffoldError(_("{path} exists already; nothing was overwritten", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter_file(kind, values), encoding="utf-8")
    return path


def _append(path: Path, kind: Kind, values: dict[str, str], slug: str) -> Path:
    """Add an entry at the end of a list file as text, keeping everything written there."""
    header = f"# {path.name}: eine Liste, jeder Eintrag beginnt mit „- “.\n"
    old = path.read_text(encoding="utf-8") if path.exists() else header
    entries = _list_in(old, path)
    if slug in {_slug_of(entry, kind) for entry in entries if isinstance(entry, dict)}:
        raise ScaffoldError(
            _("'{slug}' is in {path} already; nothing was changed", slug=slug, path=path)
        )
    lines = _fields(kind, values, "  ")
    entry = "\n".join([f"- {lines[1].strip()}", *lines[2:]]) + "\n"
    new = old + ("" if old.endswith("\n") else "\n") + entry
    if _list_in(new, path) != [*entries, *_list_in(entry, path)]:
        raise ScaffoldError(_("no entry can be added at the end of {path}", path=path))
    path.write_text(new, encoding="utf-8")
    return path


def _list_in(text: str, path: Path) -> list[Any]:
    """The list a list file holds; a file of comments alone holds an empty one."""
    try:
        entries = yaml.safe_load(text)
    except yaml.YAMLError:
        entries = "broken"
    if not isinstance(entries, list | None):
        raise ScaffoldError(
            _(
                "{path} is no list an entry can be added to; please add the entry by hand "
                "('alliancegen check' shows what is wrong there)",
                path=path,
            )
        )
    return entries or []


def _slug_of(entry: dict[str, Any], kind: Kind) -> str:
    """The slug a list entry has: its own, or the one derived from its name."""
    return str(entry.get("slug") or slugify(str(entry.get(kind.names_it, ""))))


STARTER = {
    "README.md": "README.md",
    ".gitignore": "gitignore",
    "requirements.txt": "requirements.txt",
    ".github/workflows/pages.yml": "github-pages.yml",
    ".gitlab-ci.yml": "gitlab-ci.yml",
}
"""The files of a new site's repository, and their templates in alliancegen/starter/."""


def new_site(folder: Path, values: dict[str, str]) -> list[Path]:
    """Make a starting repository in ``folder`` (absent or empty): settings, one alliance,
    README, .gitignore and publishing workflows; return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(
            _(
                "'{folder}' is not empty; name a new or empty folder, so that nothing is "
                "overwritten",
                folder=folder,
            )
        )
    title, slug = values["name"], _slug(values["town"])
    content = folder / "content"
    content.mkdir(parents=True)
    (content / "site.yaml").write_text(site_yaml(title), encoding="utf-8")
    written = [content / "site.yaml", new_entry(content, "alliance", values, None)]
    starter = resources.files("alliancegen") / "starter"
    replacements = {"@TITLE@": title, "@ALLIANCE@": slug, "@VERSION@": __version__}
    for target, source in STARTER.items():
        text = (starter / source).read_text(encoding="utf-8")
        for marker, value in replacements.items():
            text = text.replace(marker, value)
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written + set_up_editors(folder, content, folder / "schemas")


Ask = Callable[[str, str, list[str] | None, str | None], str]
"""Asks the user for a value: prompt, field name, choices, default. From a script it takes
the default, and raises ScaffoldError where there is none."""


def complete(kind: Kind, given: dict[str, str | None], ask: Ask, option: str) -> dict[str, str]:
    """The essentials of ``kind``: as given, else asked for; choices are checked against the
    model's (English or German word, in any spelling)."""
    values: dict[str, str] = {}
    for name in kind.essentials:
        choice = _choice(kind.model, name)
        words = [member.german for member in choice] if choice else None
        question = _(description(kind.model, name))
        value = given.get(name) or ask(question, name, words, _default(name, values))
        if choice is not None:
            value = _chosen(choice, value, option, name)
        values[name] = _day(value) if name in DATES else value
    return values


def _default(name: str, values: dict[str, str]) -> str | None:
    """What an essential is when not given: today for a date, a name from the town."""
    if name == "date":
        return date.today().isoformat()
    if name == "name" and "town" in values:
        return f"Lokales Bündnis für Familie {values['town']}"
    return None


def _choice(model: type[Record], name: str) -> type[Choice] | None:
    kind = _field_type(model, name)
    return kind if isinstance(kind, type) and issubclass(kind, Choice) else None


def _chosen(choice: type[Choice], value: str, option: str, name: str) -> str:
    try:
        return choice(value).value
    except ValueError:
        words = ", ".join(member.german for member in choice)
        raise ScaffoldError(
            _(
                "{command} --{option}: '{value}' is not possible; write one of: {words}",
                command=option,
                option=name,
                value=value,
                words=words,
            )
        ) from None


def run(
    kind_name: str,
    folder: Path | None,
    content: Path,
    alliance: str | None,
    given: dict[str, str | None],
    ask: Ask,
) -> list[Path]:
    """What ``alliancegen new`` does: a site in ``folder``, or one entry in ``content``."""
    if kind_name == "site":
        if folder is None:
            raise ScaffoldError(_("in which folder? alliancegen new site FOLDER"))
        return new_site(folder, complete(KINDS["alliance"], given, ask, "new site"))
    if folder is not None:
        raise ScaffoldError(
            _("only 'new site' takes a folder; for {kind}: --content", kind=kind_name)
        )
    if KINDS[kind_name].needs_alliance and alliance is None:
        raise ScaffoldError(_("for which alliance? Name its folder with --alliance"))
    values = complete(KINDS[kind_name], given, ask, f"new {kind_name}")
    return [new_entry(content, kind_name, values, alliance)]
