"""Build configuration: the command line's options merged with the site's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.i18n import _
from alliancegen.model.settings import Settings
from alliancegen.reads import Tracked


@dataclass(frozen=True)
class Options:
    """What the person running ``alliancegen build`` asked for."""

    content_dir: Path
    output_dir: Path
    base_url: str | None = None
    drafts: bool = False
    today: date | None = None
    cache_dir: Path | None = None
    """Where converted Markdown is kept between builds; None keeps it in memory only."""
    offline: bool = False
    """Build a portal from the copies of its sources kept in the cache, fetching none."""


@dataclass(frozen=True)
class Config(Tracked):
    """Everything the later stages need to know besides the content."""

    content_dir: Path
    output_dir: Path
    settings: Settings
    base_url: str
    """The site's address, ending in '/': https://example.org/buendnis/"""
    drafts: bool
    today: date
    """The day the build counts as 'now': upcoming and past events split here."""

    @property
    def base_path(self) -> str:
        """The path part of the base URL, '/' or '/buendnis/'."""
        return urlsplit(self.base_url).path

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of event times."""
        return ZoneInfo(self.settings.time_zone)


def make_config(settings: Settings, options: Options) -> Config:
    """Merge options and settings; the command line wins."""
    base_url = options.base_url or settings.base_url
    if base_url is None:
        raise ContentError(
            [
                Problem(
                    Location(options.content_dir / "site.yaml"),
                    _("the site has no address: feeds, calendars and the sitemap need one"),
                    _("add 'base_url: https://…/' to site.yaml, or pass --base-url"),
                )
            ]
        )
    zone = ZoneInfo(settings.time_zone)
    today = options.today or datetime.now(zone).date()
    return Config(
        content_dir=options.content_dir,
        output_dir=options.output_dir,
        settings=settings,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        drafts=options.drafts,
        today=today,
    )
