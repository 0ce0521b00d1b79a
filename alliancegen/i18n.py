"""The language alliancegen speaks to its users: English in the code, German from a catalog.

Messages are written in English and marked with ``_`` (or ``ngettext`` when they count
something, or ``N_`` when they are kept to be said later); Babel extracts them into the
gettext catalog ``locale/de/LC_MESSAGES/alliancegen.po``. Placeholders are named in braces
and filled after translation, so a translation may put them in its own order.

The language is the one asked for with ``--lang`` or ``ALLIANCEGEN_LANG``, else the one of
the user's locale (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``, the first that is set,
as gettext reads them): German for ``de…``, English otherwise. The content of a site is not
touched by this: its language is a setting of the site.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

DOMAIN = "alliancegen"
LOCALES = Path(__file__).parent / "locale"
LANGUAGES = ("en", "de")
"""The languages alliancegen speaks; the first is the one its code is written in."""
CHOICE = "ALLIANCEGEN_LANG"
"""The environment variable that chooses the language, over the locale."""
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_spoken: str | None = None
"""The language chosen with ``use``; until then, the environment's."""


def language_of(environment: Mapping[str, str]) -> str:
    """The language an environment asks for: ``ALLIANCEGEN_LANG``, else the locale's."""
    chosen = environment.get(CHOICE, "")
    if chosen:
        return supported(chosen) or LANGUAGES[0]
    for variable in LOCALE_VARIABLES:
        for wish in environment.get(variable, "").split(":"):
            if wish:
                return supported(wish) or LANGUAGES[0]
    return LANGUAGES[0]


def supported(wish: str) -> str | None:
    """The language of ours that a locale name such as ``de_DE.UTF-8`` or ``de-AT`` names."""
    code = wish.replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else None


def use(language: str | None) -> None:
    """Speak ``language`` from now on; None goes back to the environment's."""
    global _spoken
    _spoken = language


def language() -> str:
    """The language messages are given in now."""
    return _spoken or language_of(os.environ)


def _(message: str, **values: object) -> str:
    """``message`` in the current language, its ``{placeholders}`` filled with ``values``."""
    return catalog(language()).gettext(message).format(**values)


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or the plural, as the current language counts ``n``; ``{n}`` is filled
    too."""
    return catalog(language()).ngettext(singular, plural, n).format(n=n, **values)


def N_(message: str) -> str:  # noqa: N802 – the name gettext's tools look for
    """Mark ``message`` for the catalog, to be translated with ``_`` when it is said."""
    return message


def decimal(number: float, digits: int = 2) -> str:
    """``number`` with ``digits`` decimals, written as the current language writes it."""
    from babel.numbers import format_decimal

    return format_decimal(number, "0." + "0" * digits, locale=language())


def in_language(language: str, message: str, **values: object) -> str:
    """``message`` in a given language, whatever the user's: for what alliancegen writes
    into content files, which are German."""
    return catalog(language).gettext(message).format(**values)


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The translations into ``language``: the compiled catalog an installed alliancegen
    carries, or, in a source checkout, the catalog's source compiled in memory."""
    if language == LANGUAGES[0]:
        return gettext.NullTranslations()
    folder = LOCALES / language / "LC_MESSAGES"
    compiled = folder / f"{DOMAIN}.mo"
    if compiled.is_file():
        with compiled.open("rb") as file:
            return gettext.GNUTranslations(file)
    return gettext.GNUTranslations(compile_catalog(folder / f"{DOMAIN}.po"))


def compile_catalog(source: Path | bytes) -> io.BytesIO:
    """A ``.po`` catalog (its file, or its text) compiled into the ``.mo`` form gettext reads
    (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    text = source.read_bytes() if isinstance(source, Path) else source
    messages = read_po(io.BytesIO(text))
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return compiled
