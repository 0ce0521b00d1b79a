"""The functions templates call: links, German dates, e-mail and phone links, Markdown, JSON-LD,
file sizes and running times.

All are registered in one table (``template_functions``), so the theme's API is in one place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from collections.abc import Iterable
from datetime import date
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency
from babel.numbers import format_decimal
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


@lru_cache(maxsize=4096)
def format_moment(moment: Moment | None, locale: str = "de") -> str:
    """A moment in words, as precisely as it is known: '17. November 2008', 'Mai 2017'.

    ``locale`` is a language tag as the settings hold it: 'de' or 'de-DE'.
    """
    if moment is None or moment.year is None:
        return "Datum unbekannt"
    day = date(moment.year, moment.month or 1, moment.day or 1)
    if moment.month is None:
        return str(moment.year)
    pattern = "MMMM y" if moment.day is None else "d. MMMM y"
    text = format_date(day, pattern, locale=Locale.parse(locale, sep="-"))
    if moment.hour is not None:
        text += f", {moment.hour}:{moment.minute:02d} Uhr"
    return text


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
    """A mailto link that people can use but simple address harvesters do not read."""
    encoded = character_references(address)
    return Markup(f'<a href="&#109;&#97;&#105;&#108;&#116;&#111;&#58;{encoded}">{encoded}</a>')


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


def template_functions(
    config: Config, assets: dict[str, Asset], markdown: MarkdownCache
) -> dict[str, Callable[..., Any]]:
    """Every function the templates can call, by name."""
    base_path = config.base_path
    raw_html = config.settings.allow_raw_html

    def url(path: str = "") -> str:
        return base_path + path_url(path)

    def asset(name: str) -> str:
        return url(str(assets[name].output))

    return {
        "url": url,
        "abs_url": lambda path="": config.base_url + path_url(path),
        "asset": asset,
        "markdown": lambda text, level=1: markdown.convert(text, base_path, raw_html, level),
        "date": lambda moment: format_moment(moment, config.settings.language),
        "iso_date": lambda moment: iso_moment(moment, config),
        "euros": lambda amount: euros(amount, config.settings.language),
        "file_size": lambda size: file_size(size, config.settings.language),
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
