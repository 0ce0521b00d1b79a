"""Rebuild a site again and again into one folder, doing only the work that changed.

Files are parsed again only when they changed, pages rendered again only when their
fingerprint changed, and files written only when their bytes changed. The result is the same,
byte for byte, as a clean build of the same content (tests/test_incremental.py checks this).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from alliancegen.cache import MarkdownCache
from alliancegen.config import Config
from alliancegen.config import Options
from alliancegen.config import make_config
from alliancegen.errors import Problem
from alliancegen.fingerprint import FingerprintMemory
from alliancegen.load import DocumentCache
from alliancegen.load import load_content
from alliancegen.model import build_site
from alliancegen.model.site import ValidationCache
from alliancegen.render import Output
from alliancegen.render import render_site
from alliancegen.routes import RouteMemory
from alliancegen.routes import plan_routes
from alliancegen.routes import without_drafts
from alliancegen.theme import Theme
from alliancegen.theme import load_theme
from alliancegen.theme import make_environment
from alliancegen.theme import themes_folder
from alliancegen.write import Held
from alliancegen.write import update_folder


@dataclass(frozen=True)
class Outcome:
    """What one rebuild did."""

    rendered: int
    written: int
    removed: int
    warnings: tuple[Problem, ...]


class Rebuilder:
    """Keeps what the last build made, to redo only what the next change needs."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self._documents = DocumentCache()
        self._entities = ValidationCache()
        self._fingerprints = FingerprintMemory()
        self._pages: dict[str, tuple[str, Output]] = {}
        self._held: Held = {}
        self._environment: tuple[Theme, jinja2.Environment] | None = None
        self._routes = RouteMemory()
        self._markdown = MarkdownCache(options.cache_dir)
        self._markdown_saved = False

    def rebuild(self, changed: Iterable[Path] | None = None) -> Outcome:
        """Build again after ``changed`` files changed (None: whatever changed; the folder is
        walked and every file's stamp compared); raise ContentError and keep the folder as it
        was when the content has problems."""
        if changed is None:
            self._documents.forget_folder()
        changed = list(changed or ())
        if any(self._is_template(path) for path in changed):
            self._environment = None  # even if this build fails: the next one must see it
            gc.unfreeze()  # the old environment's cycles are garbage now: let them be found
        self._documents.forget(changed)
        content = load_content(self.options.content_dir, self._documents)
        site = build_site(content, self._entities)
        config = make_config(site.settings, self.options)
        published = site if config.drafts else without_drafts(site)
        plan = plan_routes(published, config, self._routes)
        theme, environment = self._theme(config)
        rendered = render_site(
            published,
            plan,
            theme,
            config,
            self._pages,
            environment,
            self._fingerprints,
            self._markdown,
        )
        self.options.output_dir.mkdir(parents=True, exist_ok=True)
        update = update_folder(rendered.outputs, self.options.output_dir, self._held)
        self._pages, self._held = dict(rendered.pages), update.held
        if not self._markdown_saved:  # the first build converts nearly all: keep that
            self._markdown.save()
            self._markdown_saved = True
        _settle()
        return Outcome(rendered.rendered, update.written, update.removed, plan.warnings)

    def _theme(self, config: Config) -> tuple[Theme, jinja2.Environment]:
        """The theme and its environment with its compiled templates, kept while they last."""
        theme = load_theme(config)
        if self._environment is None or self._environment[0] != theme:
            self._environment = (theme, make_environment(theme))
        return self._environment

    def _is_template(self, path: Path) -> bool:
        """Jinja notices an edited template by itself, but not a new file overriding one."""
        folders = (self.options.content_dir / "templates", themes_folder())
        return any(_inside(path, folder) for folder in folders)


def _settle() -> None:
    """Collect this build's garbage, then exempt what is kept from later collections.

    A portal's model is millions of objects that live from build to build; without this,
    every few rebuilds a full collection would scan all of them (a third of a second on ten
    thousand pages).
    """
    gc.collect()
    gc.freeze()


def _inside(path: Path, folder: Path) -> bool:
    return path.absolute().is_relative_to(folder.absolute())
