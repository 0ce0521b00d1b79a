"""Editions of a site: its main language, each translation, and Leichte Sprache.

An edition is one version of the site for one kind of reader. The main language (German)
lives at the root; each further language under its code (``en/``, ``ar/``); Leichte Sprache,
a plain variant of German rather than a language (HTML knows it as ``lang="de"``), under
``leichte-sprache/``. A translation is complete: every page exists in it, and what has no
translation shows in the main language, marked as such. Leichte Sprache holds only what the
site wrote in it, and its own start page.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

EASY_READ = "leicht"
"""The key of the Leichte-Sprache edition, and the infix of its files: ``initiative.leicht.md``."""
EASY_READ_PATH = "leichte-sprache/"


@dataclass(frozen=True)
class Edition:
    """One version of the site: its key, the language its pages declare, where it lives."""

    key: str
    """'de', 'en', 'ar' …, or ``EASY_READ``: the infix of the files written for it."""
    language: str
    """The BCP 47 tag of its pages' ``lang``: 'de' for Leichte Sprache too."""
    prefix: str
    """Where its pages live below the site's base path: '', 'en/', 'leichte-sprache/'."""

    @property
    def is_easy_read(self) -> bool:
        """Whether this is the Leichte-Sprache edition."""
        return self.key == EASY_READ

    @property
    def direction(self) -> str:
        """'rtl' for languages written from right to left (Arabic, Persian …), else 'ltr'."""
        return direction(self.language)

    @property
    def territory_locale(self) -> str:
        """The language with its most likely country, as Open Graph names locales: 'de_DE'."""
        return territory_locale(self.language)

    @property
    def name(self) -> str:
        """The edition's name in itself: 'Deutsch', 'English', 'العربية', 'Leichte Sprache'."""
        return "Leichte Sprache" if self.is_easy_read else own_name(self.language)


def site_editions(main: str, translations: tuple[str, ...], easy_read: bool) -> tuple[Edition, ...]:
    """The editions of a site: the main language first, then the translations in the order
    the settings list them, then Leichte Sprache when the site wrote any."""
    found = [Edition(main, main, "")]
    found += [Edition(code, code, f"{code.lower()}/") for code in translations]
    if easy_read:
        found.append(Edition(EASY_READ, main, EASY_READ_PATH))
    return tuple(found)


@cache
def direction(language: str) -> str:
    """The direction a language is written in, as Babel's locale data knows it."""
    from babel import Locale  # imported late: Babel loads slowly

    order = Locale.parse(language, sep="-").character_order
    return "rtl" if order == "right-to-left" else "ltr"


@cache
def own_name(language: str) -> str:
    """A language's name written in that language, capitalised as a menu entry."""
    from babel import Locale

    name = Locale.parse(language, sep="-").get_display_name(language.replace("-", "_")) or language
    return name[:1].upper() + name[1:]


@cache
def territory_locale(language: str) -> str:
    """'de' -> 'de_DE', 'ar' -> 'ar_EG', 'de-AT' -> 'de_AT': a country where none is given."""
    from babel import Locale
    from babel.core import get_global

    locale = Locale.parse(language, sep="-")
    if locale.territory is None:
        likely = get_global("likely_subtags").get(locale.language, locale.language)
        locale = Locale.parse(likely)
    return f"{locale.language}_{locale.territory}" if locale.territory else locale.language
