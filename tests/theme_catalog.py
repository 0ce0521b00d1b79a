"""The default theme's catalogs, kept in step with its templates.

``python -m tests.theme_catalog`` extracts every text the theme shows: what its templates mark
(``_``, ``ngettext``, ``{% trans %}``), its labels (theme.yaml), the titles of the sections
(``alliancegen.routes``) and what its functions say of dates (``alliancegen.words``). It writes
them into ``themes/default/locale/theme.pot`` and brings every catalog
``themes/default/locale/<key>/LC_MESSAGES/theme.po`` up to date: new texts are added
untranslated, gone ones are dropped, translations are kept. Then it lists what each still
needs; ``tests/test_theme_words.py`` fails while English or Arabic needs anything.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.messages.pofile import write_po

from alliancegen import routes
from alliancegen import words
from alliancegen.theme import themes_folder
from tests.catalog import translated

THEME = themes_folder() / "default"
LOCALE = THEME / "locale"
TEMPLATE = LOCALE / f"{words.DOMAIN}.pot"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2)}
EXTRACTOR = "jinja2.ext:babel_extract"
OPTIONS = {"extensions": "", "trim_blocks": "true", "lstrip_blocks": "true"}
HEADER = """\
# The default theme's texts in {language}; the theme is written in German.
# After changing the theme's texts: python -m tests.theme_catalog"""
COMPLETE = ("en", "ar")
"""Catalogs that must translate every text of the theme."""


def labels(value: Any) -> Iterator[str]:
    """Every text among the theme's labels (theme.yaml), at any depth."""
    if isinstance(value, dict):
        for item in value.values():
            yield from labels(item)
    elif isinstance(value, str):
        yield value


def extracted() -> Catalog:
    """Every text the theme shows, untranslated."""
    template = Catalog(domain=words.DOMAIN, locale="de", project="alliancegen default theme")
    found = extract_from_dir(
        str(THEME / "templates"),
        [("**.html", EXTRACTOR), ("**.xml", EXTRACTOR)],
        {"**": OPTIONS},
        keywords=KEYWORDS,
    )
    for _filename, _line, message, _comments, _context in found:
        template.add(message)
    settings = yaml.safe_load((THEME / "theme.yaml").read_text(encoding="utf-8"))
    for text in labels(settings.get("labels", {})):
        template.add(text)
    for sections in (routes.SECTIONS, routes.SITE_SECTIONS):
        for _segment, title in sections.values():
            template.add(title)
    for title in routes.TITLES:
        template.add(title)
    for text in words.CODE_MESSAGES:
        template.add(text)
    return template


def catalogs() -> dict[str, Path]:
    """The theme's catalogs by edition key."""
    return {
        path.parent.parent.name: path
        for path in sorted(LOCALE.glob(f"*/LC_MESSAGES/{words.DOMAIN}.po"))
    }


def read(path: Path) -> Catalog:
    """A catalog (or the template) as it is on disk."""
    with path.open("rb") as file:
        return read_po(file)


def write(path: Path, catalog: Catalog) -> None:
    """Write ``catalog`` as the tools of this repository write catalogs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        write_po(file, catalog, width=100, no_location=True, sort_output=True)


def update() -> dict[str, list[str]]:
    """Write the template and bring every catalog in step with it; the texts each lacks."""
    template = extracted()
    if TEMPLATE.exists():  # the template changes with the texts only, not with the day
        template.creation_date = read(TEMPLATE).creation_date
    write(TEMPLATE, template)
    missing = {}
    for key, path in catalogs().items():
        catalog = read(path)
        created = catalog.creation_date
        catalog.update(template, no_fuzzy_matching=True)
        catalog.creation_date = catalog.revision_date = created
        catalog.header_comment = HEADER.format(language=key)
        catalog.project, catalog.fuzzy = "alliancegen default theme", False
        catalog.last_translator = catalog.language_team = "the alliancegen developers"
        catalog.msgid_bugs_address = ""
        catalog.obsolete.clear()
        write(path, catalog)
        missing[key] = [str(m.id) for m in catalog if m.id and not translated(m)]
    return missing


if __name__ == "__main__":
    gaps = update()
    for key, texts in gaps.items():
        for text in texts if key in COMPLETE else ():
            print(f"{key}: untranslated: {text!r}")  # noqa: T201
        print(f"{catalogs()[key]}: {len(texts)} untranslated")  # noqa: T201
    sys.exit(1 if any(gaps[key] for key in COMPLETE if key in gaps) else 0)
