"""The theme's words in the language of each page: its gettext catalogs, chosen by edition.

A theme is written in German, its source language: the texts of its templates, its labels
(theme.yaml) and what its functions say of dates are the message ids of its catalogs,
``themes/<theme>/locale/<key>/LC_MESSAGES/theme.po``, one per edition key (``en``, ``ar``,
``leicht`` …). A page says them in the catalog of its edition (``edition`` in its context, the
site's main edition when there is none); an edition without a catalog, and a text a catalog
leaves untranslated, shows the German text.

The catalogs are the data of the template functions that say them, so a page that shows a
translated word is rendered again when its translation changes (``Words.__canonical__``).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from alliancegen.editions import Edition
from alliancegen.i18n import compile_catalog
from alliancegen.reads import fingerprint

DOMAIN = "theme"
"""The name of a theme's catalogs: ``theme.po``."""
SOURCE = gettext.NullTranslations()
"""The German of the theme itself."""

UNKNOWN_DATE = "Datum unbekannt"
DATE_AND_TIME = "%(date)s, %(time)s"
TIME = "%(time)s Uhr"
TIME_PATTERN = "H:mm"
CODE_MESSAGES = (UNKNOWN_DATE, DATE_AND_TIME, TIME, TIME_PATTERN)
"""What the theme's functions say of dates and times, in its catalogs besides the templates'
texts (``TIME_PATTERN`` is a CLDR pattern: 'h:mm a' writes '2:05 PM')."""


class Word(str):
    """A text of the theme that Python code gives a page, such as a section's title: said in
    the page's language as the templates' own texts are (templates tell it from content by the
    test ``is word``)."""

    __slots__ = ()


@dataclass(frozen=True)
class Words:
    """A theme's catalogs by edition key, and a digest of their text."""

    catalogs: Mapping[str, gettext.NullTranslations]
    digest: bytes

    def __canonical__(self) -> bytes:
        """What pages that say these words depend on (``alliancegen.reads``)."""
        return b"words:" + self.digest + b";"

    def of(self, key: str) -> gettext.NullTranslations:
        """The translations of the edition ``key``; the German texts when it has none."""
        return self.catalogs.get(key, SOURCE)


def load_words(folder: Path) -> Words:
    """The catalogs in ``folder``, a theme's ``locale/``: none when there is no such folder."""
    sources = sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    texts = {path.parent.parent.name: path.read_bytes() for path in sources}
    catalogs = {key: _compiled(text) for key, text in texts.items()}
    return Words(catalogs, fingerprint(texts, {}))


@lru_cache(maxsize=32)
def _compiled(text: bytes) -> gettext.NullTranslations:
    """A catalog's text compiled, once per text: themes are loaded every build."""
    return gettext.GNUTranslations(compile_catalog(text))


def page_edition(context: Context, main: str) -> Edition:
    """The edition of the page being rendered: its context's, else the main language's."""
    edition = context.get("edition")
    return edition if isinstance(edition, Edition) else Edition(main, main, "")


def word_functions(words: Words, main: str) -> dict[str, Callable[..., Any]]:
    """``_``, ``gettext`` and ``ngettext`` for templates, as Jinja's i18n extension calls
    them with ``newstyle_gettext``: the message translated for the page's edition, then
    filled with its ``%(name)s`` values (escaped in HTML); ``ngettext`` also fills
    ``%(num)s``. ``main`` is the site's main language, for pages without an edition."""

    def translations(context: Context) -> gettext.NullTranslations:
        return words.of(page_edition(context, main).key)

    @pass_context
    def say(context: Context, message: str, **values: Any) -> str:
        return _filled(context, translations(context).gettext(message), values)

    @pass_context
    def say_counted(context: Context, singular: str, plural: str, n: int, **values: Any) -> str:
        text = translations(context).ngettext(singular, plural, n)
        return _filled(context, text, {"num": n, **values})

    return {"_": say, "gettext": say, "ngettext": say_counted}


def _filled(context: Context, text: str, values: Mapping[str, Any]) -> str:
    """``text`` with its placeholders filled: always, as Jinja's newstyle gettext does, so a
    literal '%' is written '%%' in every message."""
    if context.eval_ctx.autoescape:
        return Markup(text) % values
    return text % values
