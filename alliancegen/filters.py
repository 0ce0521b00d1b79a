"""The functions templates call: the theme's words, dates, amounts, file sizes and running
times in the page's language, links, e-mail and phone links, Markdown, JSON-LD.

All are registered in one table (``template_functions``), so the theme's API is in one place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from datetime import time
from functools import lru_cache
from gettext import NullTranslations
from typing import Any
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date
from babel.dates import format_skeleton
from babel.dates import format_time
from babel.numbers import format_currency
from babel.numbers import format_decimal
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from markupsafe import escape

from alliancegen.cache import MarkdownCache
from alliancegen.config import Config
from alliancegen.load import nfc
from alliancegen.markdown import character_references
from alliancegen.model.fields import Place
from alliancegen.model.fields import name_key
from alliancegen.model.moment import Moment
from alliancegen.theme import Asset
from alliancegen.words import DATE_AND_TIME
from alliancegen.words import SOURCE
from alliancegen.words import TIME
from alliancegen.words import TIME_PATTERN
from alliancegen.words import UNKNOWN_DATE
from alliancegen.words import Words
from alliancegen.words import page_edition
from alliancegen.words import word_functions


@lru_cache(maxsize=4096)
def format_moment(
    moment: Moment | None, locale: str = "de", words: NullTranslations = SOURCE
) -> str:
    """A moment in words, as precisely as it is known: '17. November 2008', 'Mai 2017'.

    ``locale`` is a language tag as the settings hold it: 'de' or 'de-DE'; ``words`` the
    theme's catalog for the page (``alliancegen.words``), which says the words around.
    """
    if moment is None or moment.year is None:
        return words.gettext(UNKNOWN_DATE)
    if moment.month is None:
        return str(moment.year)
    where = Locale.parse(locale, sep="-")
    day = date(moment.year, moment.month, moment.day or 1)
    if moment.day is None:
        return format_skeleton("yMMMM", day, locale=where)
    text = format_date(day, "long", locale=where)
    if moment.hour is None:
        return text
    return words.gettext(DATE_AND_TIME) % {"date": text, "time": clock(moment, locale, words)}


def clock(moment: Moment, locale: str = "de", words: NullTranslations = SOURCE) -> str:
    """The time of day of a moment that has one: '14:00 Uhr', '2:00 PM'."""
    at = time(moment.hour or 0, moment.minute or 0)
    written = format_time(at, words.gettext(TIME_PATTERN), locale=Locale.parse(locale, sep="-"))
    return words.gettext(TIME) % {"time": written}


def euros(amount: float, locale: str = "de") -> str:
    """An amount in euros as the locale writes it: '2,50\xa0€'."""
    return format_currency(amount, "EUR", locale=Locale.parse(locale, sep="-"))


def file_size(size: int, locale: str = "de") -> str:
    """A file's size in bytes as a download link says it, in decimal units: '850 kB',
    '12,4 MB', '1,2 GB'."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6)):
        if size >= factor:
            number = format_decimal(size / factor, "0.0", locale=Locale.parse(locale, sep="-"))
            return f"{number}\xa0{unit}"
    return f"{max(1, round(size / 1000))}\xa0kB"


def running_time(seconds: float) -> str:
    """A running time in minutes and seconds, '2:35', or from an hour on with the hours,
    '1:02:05'."""
    minutes, second = divmod(round(seconds), 60)
    hours, minute = divmod(minutes, 60)
    return f"{hours}:{minute:02d}:{second:02d}" if hours else f"{minute}:{second:02d}"


def iso_duration(seconds: float) -> str:
    """A running time for machines (``<time datetime>``): 'PT2M35S'."""
    return f"PT{round(seconds) // 60}M{round(seconds) % 60}S"


def iso_moment(moment: Moment, config: Config) -> str:
    """A moment for machines (``<time datetime>``, JSON-LD): '2017-05', '2017-05-15T14:00+02:00'."""
    aware = moment.datetime(config.zone)
    if aware is not None:
        return aware.isoformat(timespec="minutes")
    return str(moment) if moment.year is not None else ""


def iso_day(moment: Moment, config: Config) -> str:
    """The start of a moment as an RFC 3339 time, for feeds: '2017-05-01T00:00:00+02:00'."""
    parts = (moment.year or 1970, moment.month or 1, moment.day or 1, moment.hour or 0)
    start = datetime(*parts, moment.minute or 0, tzinfo=config.zone)
    return start.isoformat()


def email_link(address: str) -> Markup:
    """A mailto link that people can use but simple address harvesters do not read, kept left
    to right on right-to-left pages."""
    encoded = character_references(address)
    mailto = "&#109;&#97;&#105;&#108;&#116;&#111;&#58;"
    return Markup(f'<a href="{mailto}{encoded}" dir="ltr">{encoded}</a>')


def place_lines(place: Place) -> list[str]:
    """A place as it is written on an envelope: ['Alte Försterei', 'Markt 1', '98693 Ilmenau']."""
    town = " ".join(part for part in (place.postal_code, place.locality) if part)
    return [part for part in (place.name, place.street, town) if part]


def phone_uri(phone: str) -> str:
    """A tel: URI from a German number as written: '03677 600347' -> 'tel:+493677600347'."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+49" + digits[1:]
    return "tel:" + digits


def json_ld(data: dict[str, Any]) -> Markup:
    """A JSON-LD script element; '<', '>' and '&' are escaped so text cannot end the script.

    An '@' inside text is escaped too, so that e-mail addresses stay hidden from harvesters as
    with ``email_link``; keywords such as "@type" start a string and stay as they are.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(character, escaped)
    text = re.sub(r'(?<!")@', r"\\u0040", text)
    return Markup(f'<script type="application/ld+json">\n{text}\n</script>')


def path_url(path: str) -> str:
    """A path of the site as a URL writes it: letters composed (NFC, as files are published)
    and each segment percent-encoded, so that '#', '?', '%', spaces and umlauts name the
    file instead of ending or escaping the path."""
    return path if _UNRESERVED.fullmatch(path) else quote(nfc(path), safe="/")


_UNRESERVED = re.compile(r"[A-Za-z0-9_.~/-]*")
"""Paths of these characters alone (slugs always are) stay as they are, encoded or not."""


def by_name(items: Iterable[Any], attribute: str) -> list[Any]:
    """``items`` in the order of their ``attribute`` as a German index sorts it (name_key)."""
    return sorted(items, key=lambda item: name_key(str(getattr(item, attribute))))


def in_language(
    function: Callable[[Any, str, NullTranslations], str], words: Words, main: str
) -> Callable[[Context, Any], str]:
    """``function`` of a value, for templates: in the language of the page's edition and with
    its catalog (the main language's when the page has no edition)."""

    @pass_context
    def said(context: Context, value: Any) -> str:
        edition = page_edition(context, main)
        return function(value, edition.language, words.of(edition.key))

    return said


def template_functions(
    config: Config, assets: dict[str, Asset], markdown: MarkdownCache, words: Words
) -> dict[str, Callable[..., Any]]:
    """Every function the templates can call, by name; the words of the theme (``_``,
    ``gettext``, ``ngettext``, dates and amounts) in the language of each page's edition."""
    base_path = config.base_path
    main = config.settings.language
    wording = (words, main)
    raw_html = config.settings.allow_raw_html

    def url(path: str = "") -> str:
        return base_path + path_url(path)

    def asset(name: str) -> str:
        return url(str(assets[name].output))

    return {
        **word_functions(words, main),
        "asset": asset,
        "markdown": lambda text, level=1: markdown.convert(text, base_path, raw_html, level),
        # lambdas, not the cached function: a page's record knows functions by their code
        "date": in_language(lambda moment, tag, said: format_moment(moment, tag, said), *wording),
        "clock": in_language(clock, *wording),
        "iso_date": lambda moment: iso_moment(moment, config),
        "euros": in_language(lambda amount, tag, _said: euros(amount, tag), *wording),
        "file_size": in_language(lambda size, tag, _said: file_size(size, tag), *wording),
        "running_time": running_time,
        "iso_duration": iso_duration,
        "iso_day": lambda moment: iso_day(moment, config),
        "email_link": email_link,
        "phone_uri": phone_uri,
        "place_lines": place_lines,
        "by_name": by_name,
        "json_ld": json_ld,
        "escape": escape,
    }
