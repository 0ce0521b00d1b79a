"""Fingerprints: a hash of everything a page depends on, so unchanged pages are not rendered again.

A route's fingerprint covers its template and every template that one includes, its context,
the parts of its alliance its template reads (``Route.parts``), and the site's skeleton: what
every page shows, such as the settings, the menus, the alliances' names and the set of pages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import jinja2
from jinja2 import meta
from pydantic import BaseModel

from alliancegen.config import Config
from alliancegen.model import Site
from alliancegen.model.entities import Alliance
from alliancegen.model.entities import Article
from alliancegen.model.site import ALLIANCE_PARTS
from alliancegen.routes import Plan
from alliancegen.routes import Route
from alliancegen.theme import Asset

SKELETON = "\0skeleton"
"""Where FingerprintMemory keeps the skeleton's hash: no URL holds a NUL character."""


class FingerprintMemory:
    """What one build's fingerprints found out that the next build can reuse.

    The loader and the model hand out the same objects for files that did not change, so a
    rebuild hashes only what changed: model hashes are kept while their objects live on, and
    a route whose inputs equal last build's (a cheap comparison when they are the same
    objects) keeps its fingerprint. What the build before last knew is let go.
    """

    def __init__(self) -> None:
        self._previous: dict[int, tuple[BaseModel, bytes]] = {}
        self._current: dict[int, tuple[BaseModel, bytes]] = {}
        self._previous_routes: dict[str, tuple[tuple[Any, ...], str]] = {}
        self._current_routes: dict[str, tuple[tuple[Any, ...], str]] = {}

    def next_build(self) -> None:
        """Start a build: keep what the last build found, forget what it did not need."""
        self._previous, self._current = self._current, {}
        self._previous_routes, self._current_routes = self._current_routes, {}

    def model_hash(self, model: BaseModel) -> bytes:
        """A short hash of everything ``model`` shows, its Markdown text included."""
        key = id(model)
        known = self._current.get(key) or self._previous.get(key)
        if known is None or known[0] is not model:
            body = model.body if isinstance(model, Article) else ""
            known = (model, _digest(f"{model!r}|{body}".encode()).encode())  # repr: every field
        self._current[key] = known
        return known[1]

    def route(self, url: str, inputs: tuple[Any, ...], compute: Callable[[], str]) -> str:
        """The fingerprint of the route at ``url`` (or of the ``SKELETON``): last build's if
        ``inputs`` are equal."""
        known = self._previous_routes.get(url)
        if known is None or known[0] != inputs:
            known = (inputs, compute())
        self._current_routes[url] = known
        return known[1]


class Fingerprints:
    """Computes route fingerprints for one build."""

    def __init__(
        self,
        site: Site,
        plan: Plan,
        config: Config,
        assets: dict[str, Asset],
        env: jinja2.Environment,
        memory: FingerprintMemory | None = None,
        labels: dict[str, Any] | None = None,
    ) -> None:
        self._memory = memory or FingerprintMemory()
        self._memory.next_build()
        self._templates: dict[str, str] = {}
        self._tuples: dict[int, tuple[tuple[Any, ...], bytes]] = {}
        self._environment = env
        skeleton = _skeleton(site, plan, config, assets, labels or {})
        self._skeleton = self._memory.route(
            SKELETON, (skeleton,), lambda: _digest(self._canonical(skeleton))
        )

    def of(self, route: Route) -> str:
        """The fingerprint of ``route``."""
        inputs = (self._template(route.template), route.context, route.parts, self._skeleton)
        return self._memory.route(route.url, inputs, lambda: self._compute(route))

    def _compute(self, route: Route) -> str:
        alliance = route.context.get("alliance")
        parts = route.parts if route.parts is not None else ("profile", *ALLIANCE_PARTS)
        own = self._parts(alliance, parts) if isinstance(alliance, Alliance) else []
        context = {key: value for key, value in route.context.items() if key != "alliance"}
        pieces = [
            route.url.encode(),
            self._template(route.template).encode(),
            self._skeleton.encode(),
        ]
        pieces += [self._canonical(context), *own]
        return _digest(b"\0".join(pieces))

    def _parts(self, alliance: Alliance, parts: tuple[str, ...]) -> list[bytes]:
        """The named parts of an alliance; "profile" is the alliance's own fields and text."""
        return [
            self._model(alliance) if part == "profile" else self._canonical(getattr(alliance, part))
            for part in parts
        ]

    def _template(self, name: str) -> str:
        """A hash of the template and every template it extends, includes or imports."""
        if name not in self._templates:
            self._templates[name] = ""  # guards against templates that include each other
            loader = self._environment.loader
            source, filename, _ = loader.get_source(self._environment, name)  # type: ignore[union-attr]
            referenced = _referenced(self._environment, source, name, filename)
            nested = [self._template(other) for other in referenced]
            self._templates[name] = _digest("\0".join([source, *nested]).encode())
        return self._templates[name]

    def _canonical(self, value: Any) -> bytes:
        """A byte string that changes whenever ``value`` changes as far as pages can tell."""
        if isinstance(value, Alliance):
            return b"alliance:" + value.slug.encode()  # what lists show of it is in the skeleton
        if isinstance(value, BaseModel):
            return self._model(value)
        if isinstance(value, dict):
            return (
                b"{"
                + b",".join(
                    k.encode() + b":" + self._canonical(v) for k, v in sorted(value.items())
                )
                + b"}"
            )
        if isinstance(value, tuple) and value:
            return self._tuple(value)
        if isinstance(value, list | tuple | frozenset | set):
            items = sorted(value) if isinstance(value, frozenset | set) else value
            return b"[" + b",".join(self._canonical(item) for item in items) + b"]"
        if isinstance(value, Route):
            return b"route:" + value.url.encode()
        return repr(value).encode()

    def _tuple(self, value: tuple[Any, ...]) -> bytes:
        """Tuples are the model's collections, shown by many pages: hash each once a build."""
        known = self._tuples.get(id(value))
        if known is None or known[0] is not value:
            known = (value, b"(" + b",".join(self._canonical(item) for item in value) + b")")
            self._tuples[id(value)] = known
        return known[1]

    def _model(self, model: BaseModel) -> bytes:
        return self._memory.model_hash(model)


_REFERENCES: dict[str, tuple[str, ...]] = {}
"""Template source -> the templates it names; parsing is the slow part of a fingerprint."""


def _referenced(
    environment: jinja2.Environment, source: str, name: str, filename: str | None
) -> tuple[str, ...]:
    if source not in _REFERENCES:
        parsed = environment.parse(source, name, filename)
        names = meta.find_referenced_templates(parsed)
        _REFERENCES[source] = tuple(sorted(filter(None, names)))
    return _REFERENCES[source]


def _skeleton(
    site: Site, plan: Plan, config: Config, assets: dict[str, Asset], labels: dict[str, Any]
) -> list[Any]:
    """What every page may show: settings, menus, the alliances as lists show them, the pages,
    the theme's labels."""
    return [
        labels,
        config.base_url,
        str(config.today),
        config.settings,
        site.national_fields,
        site.action_days,
        [(page.slug, page.title, page.summary, page.menu) for page in site.pages],
        [_alliance_in_lists(alliance) for alliance in site.alliances],
        sorted(route.url for route in plan.routes),
        sorted((name, str(asset.output)) for name, asset in assets.items()),
    ]


def _alliance_in_lists(alliance: Alliance) -> tuple[Any, ...]:
    menu = [(page.slug, page.title, page.menu) for page in alliance.pages]
    return (
        alliance.slug,
        alliance.name,
        alliance.short_name,
        alliance.town,
        alliance.state,
        alliance.summary,
        alliance.folder,
        menu,
    )


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()
