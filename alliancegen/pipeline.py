"""The stages in order: load the content, build the model."""

from __future__ import annotations

from pathlib import Path

from alliancegen.load import load_content
from alliancegen.model import Site
from alliancegen.model import build_site


def check(content_dir: Path) -> Site:
    """Load and validate the content; raise ContentError listing every problem."""
    return build_site(load_content(content_dir))
