"""``alliancegen new``: a starting repository, and new content files with German comments.

The comments say in German what each field is for; which fields ``site.yaml`` lists follows
the settings model, so that a new setting shows up here (and a test asks for its comment).
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
    """Why nothing was written, in German, saying what to do instead."""


NOTES: dict[str, tuple[str, str]] = {
    # site.yaml: every field of the settings model and the records inside it
    "Settings.title": ("Name der Website", "Lokales Bündnis für Familie"),
    "Settings.description": ("Ein Satz über die Website, für Suchmaschinen und Vorschauen", ""),
    "Settings.language": ("Sprache der Inhalte", "de"),
    "Settings.time_zone": ("Zeitzone der Uhrzeiten von Veranstaltungen", "Europe/Berlin"),
    "Settings.base_url": (
        "Adresse, unter der die Website erscheint; Feeds, Kalender und Sitemap brauchen sie. "
        "Die Vorschau auf diesem Rechner; beim Veröffentlichen über GitHub oder GitLab setzt "
        "die Veröffentlichung die richtige Adresse selbst (--base-url)",
        "http://localhost:8000/",
    ),
    "Settings.theme": ("Name des Designs", "default"),
    "Settings.ministry": ("Aktueller Name des Bundesfamilienministeriums", ""),
    "Settings.allow_raw_html": (
        "true erlaubt HTML im Markdown-Text; sonst wird es als Text gezeigt",
        "false",
    ),
    "Settings.operator": ("Wer die Website herausgibt – das Impressum braucht diese Angaben", ""),
    "Settings.privacy": ("Angaben für die Datenschutzerklärung", ""),
    "Settings.accessibility": ("Angaben für die Erklärung zur Barrierefreiheit", ""),
    "Operator.name": ("Vollständiger Name", "Stadtverwaltung Musterstadt"),
    "Operator.legal_form": ("Rechtsform", "eingetragener Verein"),
    "Operator.representative": ("Wer sie vertritt, z. B. die Bürgermeisterin", ""),
    "Operator.address": ("Postanschrift (kein Postfach)", ""),
    "Operator.email": ("E-Mail-Adresse für schnellen Kontakt", "info@example.org"),
    "Operator.phone": ("Telefonnummer", ""),
    "Operator.registration": ("Register und Nummer", "VR 1234"),
    "Operator.vat_id": ("Umsatzsteuer-Identifikationsnummer", ""),
    "Operator.supervisory_authority": ("Aufsichtsbehörde", ""),
    "Operator.responsible_for_content": (
        "Verantwortlich für den Inhalt (§ 18 MStV), mit Anschrift",
        "",
    ),
    "Place.name": ("Name des Ortes oder Hauses", ""),
    "Place.street": ("Straße und Hausnummer", "Marktplatz 1"),
    "Place.postal_code": ("Postleitzahl, fünfstellig", "12345"),
    "Place.locality": ("Ort", "Musterstadt"),
    "DataProtectionOfficer.name": ("Name oder Stelle", ""),
    "DataProtectionOfficer.email": ("E-Mail-Adresse", "datenschutz@example.org"),
    "DataProtectionOfficer.phone": ("Telefonnummer", ""),
    "DataProtectionOfficer.address": ("Postanschrift", ""),
    "Privacy.data_protection_officer": (
        "Datenschutzbeauftragte Stelle; für Behörden Pflicht",
        "",
    ),
    "Privacy.hosting_provider": ("Wer die Website technisch bereitstellt (Hoster)", ""),
    "Privacy.supervisory_authority": ("Datenschutz-Aufsichtsbehörde für Beschwerden", ""),
    "Accessibility.status": (
        "Wie weit die Website barrierefrei ist",
        "partial",
    ),
    "Accessibility.known_issues": ("Was nicht barrierefrei ist, und warum", "[]"),
    "Accessibility.feedback_email": ("Wohin Besucher Barrieren melden", "info@example.org"),
    "Accessibility.enforcement_body": ("Schlichtungs- oder Durchsetzungsstelle", ""),
    "Accessibility.enforcement_url": ("Ihre Website", ""),
    "Accessibility.reviewed": ("Wann die Erklärung zuletzt geprüft wurde", ""),
    # content files: the fields that ``alliancegen new`` offers
    "Entity.slug": ("Name in Adressen und Verweisen; ohne Angabe aus dem Namen gebildet", ""),
    "Article.draft": ("true lässt es weg, außer beim Bauen mit --drafts", "true"),
    "Alliance.name": ("Vollständiger Name des Bündnisses", ""),
    "Alliance.short_name": ("Kurzname für Menüs", ""),
    "Alliance.town": ("Stadt, Gemeinde oder Kreis", ""),
    "Alliance.state": ("Bundesland", ""),
    "Alliance.founded": ("Gründungsdatum: Tag, Monat oder Jahr", "2008-11-17"),
    "Alliance.summary": ("Ein, zwei Sätze für Übersichten", ""),
    "Alliance.patron": ("Schirmherrschaft: Kürzel der Person in people.yaml", ""),
    "Alliance.coordinators": ("Koordination: Kürzel von Personen in people.yaml", "[]"),
    "Alliance.email": ("E-Mail-Adresse des Bündnisses", ""),
    "Alliance.phone": ("Telefonnummer des Bündnisses", ""),
    "Alliance.website": ("Eigene Website des Bündnisses", ""),
    "Alliance.join": ("Wie man mitmachen oder unterstützen kann", ""),
    "Event.title": ("Name der Veranstaltung", ""),
    "Event.start": ("Beginn: Tag, oder Tag und Uhrzeit", ""),
    "Event.end": ("Ende", "2026-05-15 18:00"),
    "Event.kind": (
        "Art der Veranstaltung",
        "family_day",
    ),
    "Event.place": ("Ort; darunter name, street, postal_code, locality", ""),
    "Event.motto": ("Motto der Veranstaltung", ""),
    "Event.audience": ("Für wen, z. B. „Familien mit Kindern“", ""),
    "Event.free": ("true, wenn die Teilnahme nichts kostet", "true"),
    "Event.registration": ("Adresse der Anmeldung", "https://www.example.org/anmeldung"),
    "NewsItem.title": ("Überschrift", ""),
    "NewsItem.date": ("Datum der Veröffentlichung", ""),
    "NewsItem.kind": ("Art der Meldung", "press"),
    "NewsItem.summary": ("Ein, zwei Sätze für Übersichten und Feeds", ""),
    "NewsItem.author": ("Wer es geschrieben hat", ""),
    "Project.title": ("Name des Projekts", ""),
    "Project.status": ("Stand des Projekts", "running"),
    "Project.summary": ("Ein, zwei Sätze für Übersichten", ""),
    "Project.start": ("Beginn: Tag, Monat oder Jahr", "2026"),
    "Project.contact": ("Ansprechperson: Kürzel der Person in people.yaml", ""),
    "Project.partners": ("Beteiligte Partner: Kürzel aus partners.yaml", "[]"),
    "Page.title": ("Titel der Seite", ""),
    "Page.summary": ("Ein, zwei Sätze für Übersichten", ""),
    "Page.menu": ("Platz im Menü; ohne Angabe steht die Seite nicht im Menü", "1"),
    "Offer.title": ("Name des Angebots", ""),
    "Offer.provider": ("Wer es anbietet: Kürzel des Partners in partners.yaml", ""),
    "Offer.eligibility": ("Wer es bekommen kann", ""),
    "Offer.amount": ("Betrag oder Kosten, wie geschrieben", ""),
    "Offer.how_to_apply": ("Wie man es bekommt", ""),
    "Person.name": ("Vollständiger Name mit Titel", ""),
    "Person.role": ("Funktion, z. B. „Gleichstellungsbeauftragte“", ""),
    "Person.organisation": ("Wo die Person arbeitet", ""),
    "Person.phone": ("Telefonnummer, wie sie gezeigt werden soll", ""),
    "Person.email": ("E-Mail-Adresse", ""),
    "Person.office_hours": ("Wann die Person erreichbar ist", ""),
    "Partner.name": ("Name der Organisation", ""),
    "Partner.category": (
        "Art der Organisation",
        "",
    ),
    "Partner.short_name": ("Abkürzung", ""),
    "Partner.membership": (
        "Bündnispartner oder Kooperationspartner",
        "member",
    ),
    "Partner.website": ("Website des Partners", "https://www.example.org/"),
    "Partner.joined": ("Wann der Partner beigetreten ist", "2026"),
}
"""For ``Model.field``: what the field is for, in German, and an example value (or ''). The
values of a choice are added from the model (``note``)."""


def note(model: type[Record], name: str) -> tuple[str, str]:
    """The German note and example of a field, found on the class that declares it; a
    choice's note ends with its values, as the model has them."""
    for cls in model.__mro__:
        if f"{cls.__name__}.{name}" in NOTES:
            text, example = NOTES[f"{cls.__name__}.{name}"]
            choice = _choice(model, name)
            if choice is not None:
                text += ": " + ", ".join(f"{m.value} ({m.german})" for m in choice)
            return text, example
    raise KeyError(f"{model.__name__}.{name} has no German note in alliancegen.scaffold.NOTES")


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
            lines += [f"# {text}", f"base_url: {example}"]
        elif (inner := nested_record(Settings, name)) is not None:
            lines += [f"# {text}", f"# {name}:", *_commented(inner, 1)]
        else:
            lines += [f"# {text}", f"# {name}:" + (f" {example}" if example else "")]
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """A text as a YAML value on one line, quoted where YAML needs it (': ', '#', 'ja' …)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def _day(value: str) -> str:
    """A date as the user gave it, once the model reads it as one."""
    try:
        parse_moment(value)
    except ValueError:
        raise ScaffoldError(
            f"„{value}“ ist kein Datum: schreiben Sie z. B. 2026-05-15 oder 2026-05-15 14:00"
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
            f"In „{content}“ liegt keine site.yaml: mit --content den Inhaltsordner angeben "
            "oder mit „alliancegen new site ORDNER“ eine Website anlegen"
        )
    slug = _slug(values[kind.names_it])
    if kind_name == "alliance":
        return _write_new(content / "alliances" / slug / "alliance.md", kind, values)
    base = content if alliance is None else content / "alliances" / alliance
    if alliance is not None and (
        alliance != slugify(alliance) or not base.joinpath("alliance.md").is_file()
    ):
        raise ScaffoldError(f"Es gibt kein Bündnis „{alliance}“ (Ordner {base} ohne alliance.md)")
    if kind.folder.endswith(".yaml"):
        return _append(base / kind.folder, kind, values, slug)
    return _write_new(base / kind.folder / f"{slug}.md", kind, values)


def _slug(name: str) -> str:
    """The slug of a new entry's name, which must give one."""
    slug = slugify(name)
    if not slug:
        raise ScaffoldError(f"„{name}“ ergibt keinen Namen für Adressen: bitte Buchstaben nutzen")
    return slug


def _write_new(path: Path, kind: Kind, values: dict[str, str]) -> Path:
    if path.exists():
        raise ScaffoldError(f"{path} gibt es schon; nichts wurde überschrieben")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front_matter_file(kind, values), encoding="utf-8")
    return path


def _append(path: Path, kind: Kind, values: dict[str, str], slug: str) -> Path:
    """Add an entry at the end of a list file as text, keeping everything written there."""
    header = f"# {path.name}: eine Liste, jeder Eintrag beginnt mit „- “.\n"
    old = path.read_text(encoding="utf-8") if path.exists() else header
    entries = _list_in(old, path)
    if slug in {_slug_of(entry, kind) for entry in entries if isinstance(entry, dict)}:
        raise ScaffoldError(f"In {path} gibt es „{slug}“ schon; nichts wurde geändert")
    lines = _fields(kind, values, "  ")
    entry = "\n".join([f"- {lines[1].strip()}", *lines[2:]]) + "\n"
    new = old + ("" if old.endswith("\n") else "\n") + entry
    if _list_in(new, path) != [*entries, *_list_in(entry, path)]:
        raise ScaffoldError(f"An das Ende von {path} lässt sich kein Eintrag anhängen")
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
            f"{path} ist keine Liste, an die sich ein Eintrag anhängen lässt; bitte den "
            "Eintrag von Hand ergänzen („alliancegen check“ zeigt, was dort nicht stimmt)"
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
            f"„{folder}“ ist nicht leer; bitte einen neuen oder leeren Ordner angeben, "
            "damit nichts überschrieben wird"
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
        value = given.get(name) or ask(
            note(kind.model, name)[0], name, words, _default(name, values)
        )
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
        raise ScaffoldError(f"{option} --{name}: „{value}“ geht nicht; möglich: {words}") from None


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
            raise ScaffoldError("In welchem Ordner? alliancegen new site ORDNER")
        return new_site(folder, complete(KINDS["alliance"], given, ask, "new site"))
    if folder is not None:
        raise ScaffoldError(f"Nur „new site“ nimmt einen Ordner; für {kind_name}: --content")
    if KINDS[kind_name].needs_alliance and alliance is None:
        raise ScaffoldError("Zu welchem Bündnis? Bitte --alliance ORDNERNAME angeben")
    values = complete(KINDS[kind_name], given, ask, f"new {kind_name}")
    return [new_entry(content, kind_name, values, alliance)]
