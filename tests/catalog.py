"""The German message catalog, kept in step with the code.

``python -m tests.catalog`` extracts every message marked in alliancegen (``_``, ``ngettext``,
``N_``) and every message Click says through gettext, and brings
``alliancegen/locale/de/LC_MESSAGES/alliancegen.po`` up to date: new messages are added
untranslated, gone ones are dropped, translations are kept. Then it lists what still needs a
translation; ``tests/test_messages.py`` fails until nothing does.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.messages.pofile import write_po

from alliancegen import i18n

KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
"""The functions whose first arguments are messages, as ``alliancegen.i18n`` names them."""
SOURCES = (Path(i18n.__file__).parent, Path(click.__file__).parent)
HEADER = """\
# German messages of alliancegen: what check, build, serve and new say, and Click's own words.
# After changing messages in the code: python -m tests.catalog"""
GERMAN = i18n.LOCALES / "de" / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def extracted() -> Catalog:
    """Every message the code of alliancegen and of Click marks, untranslated."""
    template = Catalog(domain=i18n.DOMAIN)
    for source in SOURCES:
        found = extract_from_dir(str(source), [("**.py", "python")], keywords=KEYWORDS)
        for _filename, _line, message, _comments, _context in found:
            template.add(message)
    return template


def german() -> Catalog:
    """The German catalog as it is on disk."""
    with GERMAN.open("rb") as file:
        return read_po(file, locale="de")


def update() -> list[str]:
    """Bring the German catalog in step with the code; the messages it lacks a translation of."""
    catalog = german() if GERMAN.exists() else Catalog(locale="de", domain=i18n.DOMAIN)
    created = catalog.creation_date
    catalog.update(extracted(), no_fuzzy_matching=True)
    catalog.creation_date = catalog.revision_date = created
    catalog.header_comment, catalog.project, catalog.fuzzy = HEADER, "alliancegen", False
    catalog.last_translator = catalog.language_team = "the alliancegen developers"
    catalog.msgid_bugs_address = ""
    catalog.obsolete.clear()
    GERMAN.parent.mkdir(parents=True, exist_ok=True)
    with GERMAN.open("wb") as file:
        write_po(file, catalog, width=100, no_location=True, sort_output=True)
    return [str(message.id) for message in catalog if message.id and not translated(message)]


def translated(message: object) -> bool:
    """Whether a catalog entry has every form translated, and is not marked fuzzy."""
    strings = getattr(message, "string", "")
    forms = strings if isinstance(strings, tuple) else (strings,)
    return all(forms) and not getattr(message, "fuzzy", False)


if __name__ == "__main__":
    missing = update()
    for message in missing:
        print(f"untranslated: {message!r}")  # noqa: T201
    print(f"{GERMAN}: {len(missing)} untranslated")  # noqa: T201
    sys.exit(1 if missing else 0)
