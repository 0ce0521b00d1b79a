"""Render the plan: every route through its template, every static file as it is."""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

import jinja2

from alliancegen import structured
from alliancegen.cache import MarkdownCache
from alliancegen.cache import Usage
from alliancegen.calendar import render_calendar
from alliancegen.config import Config
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.filters import template_functions
from alliancegen.fingerprint import FingerprintMemory
from alliancegen.fingerprint import Fingerprints
from alliancegen.model import Site
from alliancegen.model.entities import Alliance
from alliancegen.routes import SECTIONS
from alliancegen.routes import SITE_SECTIONS
from alliancegen.routes import Listed
from alliancegen.routes import Plan
from alliancegen.routes import Route
from alliancegen.routes import Scheduled
from alliancegen.routes import section_url
from alliancegen.routes import sort_news
from alliancegen.routes import upcoming
from alliancegen.theme import Theme
from alliancegen.theme import collect_assets
from alliancegen.theme import make_environment
from alliancegen.workers import in_shares


@dataclass(frozen=True)
class Output:
    """One file of the finished site."""

    path: PurePosixPath
    content: bytes


@dataclass(frozen=True)
class Rendered:
    """The finished site in memory, and its pages with their fingerprints for the next build."""

    outputs: tuple[Output, ...]
    pages: Mapping[str, tuple[str, Output]]
    """Route URL -> (fingerprint, output)."""
    rendered: int
    """How many pages were rendered; the others were reused."""


def render_site(
    site: Site,
    plan: Plan,
    theme: Theme,
    config: Config,
    previous: Mapping[str, tuple[str, Output]] | None = None,
    environment: jinja2.Environment | None = None,
    memory: FingerprintMemory | None = None,
    markdown: MarkdownCache | None = None,
) -> Rendered:
    """Render every route whose fingerprint changed since ``previous``; copy static files.

    An ``environment`` made for ``theme`` before keeps its compiled templates, ``memory`` what
    fingerprints found out before, and ``markdown`` converted Markdown. Pages are rendered on
    all cores. Raises ContentError on template errors.
    """
    previous = previous or {}
    markdown = markdown or MarkdownCache()
    assets = collect_assets(theme)
    environment = environment or make_environment(theme)
    environment.globals.update(_globals(site, plan, theme, config, assets, markdown))
    fingerprints = Fingerprints(site, plan, config, assets, environment, memory, theme.labels)
    problems: list[Problem] = []
    fingerprinted: list[tuple[Route, str]] = []
    for route in plan.routes:
        try:
            fingerprinted.append((route, fingerprints.of(route)))
        except Exception as error:  # noqa: BLE001 (a template may fail in any way: report it)
            _note(problems, _template_problem(error, route))
    stale = [
        route
        for route, fingerprint in fingerprinted
        if route.url not in previous or previous[route.url][0] != fingerprint
    ]
    _compile({route.template for route in stale}, environment)
    rendered = _render_all(environment, stale, markdown)
    fresh = dict(zip((route.url for route in stale), rendered, strict=True))
    pages: dict[str, tuple[str, Output]] = {}
    for route, fingerprint in fingerprinted:
        result = fresh.get(route.url)
        if result is None:
            pages[route.url] = previous[route.url]
        elif isinstance(result, Problem):
            _note(problems, result)
        else:
            pages[route.url] = (fingerprint, result)
    if problems:
        raise ContentError(problems)
    outputs = [output for _, output in pages.values()]
    outputs += [Output(a.output, a.source.read_bytes()) for a in assets.values()]
    outputs += _media(site, config)
    return Rendered(tuple(outputs), pages, len(stale))


def _note(problems: list[Problem], problem: Problem) -> None:
    """A broken template fails every page that uses it: report it once."""
    if problem not in problems:
        problems.append(problem)


def _render_all(
    environment: jinja2.Environment, routes: list[Route], markdown: MarkdownCache
) -> list[Output | Problem]:
    """Each route's page, or the problem that kept it from being rendered; on all cores."""

    def render_share(share: Sequence[Route]) -> tuple[list[Output | Problem], Usage]:
        return [_render_or_report(environment, route) for route in share], markdown.take_usage()

    results: list[Output | Problem] = []
    for share, usage in in_shares(render_share, routes):
        results += share
        markdown.add_usage(usage)
    return results


def _compile(names: set[str], environment: jinja2.Environment) -> None:
    """Compile templates here, before workers are forked: they inherit them, and later
    rebuilds in this process find them compiled."""
    for name in sorted(names):
        with contextlib.suppress(Exception):  # rendering reports it, at the failing page
            environment.get_template(name)


def _render_or_report(environment: jinja2.Environment, route: Route) -> Output | Problem:
    try:
        return _render_route(environment, route)
    except Exception as error:  # noqa: BLE001 (a template may fail in any way: report it)
        return _template_problem(error, route)


def media_output(site: Site, path: PurePosixPath) -> PurePosixPath:
    """Where a media file of the content goes: alliances/<folder>/media/x -> <slug>/media/x."""
    if path.parts[0] != "alliances":
        return path
    slug = next(a.slug for a in site.alliances if a.folder == path.parts[1])
    return PurePosixPath(slug, *path.parts[2:])


def _media(site: Site, config: Config) -> list[Output]:
    published = {alliance.folder for alliance in site.alliances}
    return [
        Output(media_output(site, path), (config.content_dir / path).read_bytes())
        for path in sorted(site.media)
        if path.parts[0] != "alliances" or path.parts[1] in published
    ]


def _globals(
    site: Site,
    plan: Plan,
    theme: Theme,
    config: Config,
    assets: dict[str, Any],
    markdown: MarkdownCache,
) -> dict[str, Any]:
    def media_url(alliance: Alliance | None, file: str) -> str:
        return config.base_path + (section_url(alliance.slug) if alliance else "") + file

    def upcoming_of(alliance: Alliance) -> list[Scheduled]:
        return upcoming([(alliance, event) for event in alliance.events], config.today)

    def news_of(alliance: Alliance) -> list[Listed]:
        return sort_news((alliance, item) for item in alliance.news)

    return {
        **template_functions(config, assets, markdown),
        "media_url": media_url,
        "upcoming_of": upcoming_of,
        "news_of": news_of,
        "site": site,
        "settings": config.settings,
        "labels": theme.labels,
        "today": config.today,
        "sections": SECTIONS,
        "site_sections": SITE_SECTIONS,
        "section_url": section_url,
        "has_page": {route.url for route in plan.routes}.__contains__,
        "schema": structured,
        "config": config,
        "ical": lambda events, name: render_calendar(events, name or config.settings.title, config),
    }


def _render_route(environment: jinja2.Environment, route: Route) -> Output:
    template = environment.get_template(route.template)
    text = template.render({"alliance": None, "title": "", **route.context}, route=route)
    return Output(route.output, text.encode("utf-8"))


def _template_problem(error: Exception, route: Route) -> Problem:
    """Point at the template line that failed; name the page that was being rendered.

    A syntax error is the template's own, whichever page needs it, so it names no page.
    """
    if isinstance(error, UnicodeDecodeError):
        return Problem(Location(Path(route.template)), "a template is not UTF-8 text")
    if isinstance(error, RecursionError):
        where = route.origin or Location(Path(route.template))
        return Problem(
            where,
            f"nested too deeply to render /{route.url}: a template that extends itself, "
            "or Markdown lists or quotes hundreds of levels deep",
            "extend the theme's original as 'theme/<name>'",
        )
    text = error.message if isinstance(error, jinja2.TemplateError) else None
    message = f"{text or f'{type(error).__name__}: {error}'} (while writing /{route.url})"
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return Problem(Location(Path(error.filename), error.lineno), error.message or message)
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):
        if frame.filename.endswith((".html", ".xml", ".txt", ".ics")):
            return Problem(Location(Path(frame.filename), frame.lineno or 1), message)
    return Problem(Location(Path(route.template)), message)
