"""The stages in order: load, model, config, routes, render, write."""

from __future__ import annotations

import gc
from dataclasses import dataclass
from pathlib import Path

from alliancegen.cache import MarkdownCache
from alliancegen.config import Config
from alliancegen.config import Options
from alliancegen.config import make_config
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.links import broken_links
from alliancegen.load import load_content
from alliancegen.model import Site
from alliancegen.model import build_site
from alliancegen.render import Output
from alliancegen.render import render_site
from alliancegen.routes import plan_routes
from alliancegen.routes import without_drafts
from alliancegen.theme import load_theme
from alliancegen.write import WriteReport
from alliancegen.write import write_site


@dataclass(frozen=True)
class Result:
    """A finished build: what was written, and what is missing but not fatal."""

    report: WriteReport
    warnings: tuple[Problem, ...]


def check(content_dir: Path) -> Site:
    """Load and validate the content; raise ContentError listing every problem."""
    return build_site(load_content(content_dir))


def render(options: Options) -> tuple[list[Output], tuple[Problem, ...]]:
    """Everything but writing: the finished files in memory, and the warnings (missing legal
    pages, broken links)."""
    outputs, config, warnings = _render(options)
    return outputs, (*warnings, *broken_links(outputs, config.base_url))


def check_links(options: Options) -> tuple[Problem, ...]:
    """Render the site in memory; every internal link, image or asset that points nowhere."""
    outputs, config, _ = _render(options)
    return tuple(broken_links(outputs, config.base_url))


def _render(options: Options) -> tuple[list[Output], Config, tuple[Problem, ...]]:
    site = check(options.content_dir)
    gc.freeze()  # the model lives to the end: spare it the collector's scans and the workers copies
    config = make_config(site.settings, options)
    visible = site if config.drafts else without_drafts(site)
    plan = plan_routes(visible, config)
    markdown = MarkdownCache(options.cache_dir)
    outputs = render_site(visible, plan, load_theme(config), config, markdown=markdown).outputs
    return list(outputs), config, (*plan.warnings, *_kept(markdown))


def _kept(markdown: MarkdownCache) -> list[Problem]:
    """Save the converted Markdown for the next build; a warning when that fails."""
    trouble = markdown.save()
    return [Problem(Location(markdown.file.parent), trouble)] if trouble and markdown.file else []


def build(options: Options) -> Result:
    """Build the site into the output folder; on any problem the old output stays."""
    outputs, warnings = render(options)
    return Result(write_site(outputs, options.output_dir, options.content_dir), warnings)
