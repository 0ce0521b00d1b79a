"""Themes: where templates and static files are looked up, and the Jinja environment.

The search path is the site's own ``templates/`` and ``static/`` in the content folder, then the
theme's. A site's template can extend the theme's original as ``theme/<name>``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

import jinja2
import yaml

from alliancegen.config import Config
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem

HASHED_SUFFIXES = (".css", ".js")
"""Static files whose names get a content hash, so browsers never use a stale copy."""


@dataclass(frozen=True)
class Asset:
    """A static file and where it is written."""

    source: Path
    output: PurePosixPath


@dataclass(frozen=True)
class Theme:
    """A theme's folders, the site's overrides first, and its settings (theme.yaml)."""

    name: str
    template_dirs: tuple[Path, ...]
    theme_templates: Path
    static_dirs: tuple[Path, ...]
    labels: dict[str, Any]


def themes_folder() -> Path:
    """The installed themes, or the repository's themes/ when running from a checkout."""
    installed = Path(str(resources.files("alliancegen"))) / "themes"
    return installed if installed.is_dir() else Path(__file__).resolve().parent.parent / "themes"


def load_theme(config: Config) -> Theme:
    """Find the theme named in the settings; a site's own folders come first."""
    name = config.settings.theme
    root = themes_folder() / name
    if not (root / "theme.yaml").is_file():
        known = sorted(path.name for path in themes_folder().iterdir() if path.is_dir())
        raise ContentError(
            [
                Problem(
                    Location(config.content_dir / "site.yaml"),
                    f"there is no theme '{name}'",
                    "themes: " + ", ".join(known),
                )
            ]
        )
    settings = yaml.safe_load((root / "theme.yaml").read_text(encoding="utf-8")) or {}
    site = config.content_dir
    return Theme(
        name=name,
        template_dirs=(site / "templates", root / "templates"),
        theme_templates=root / "templates",
        static_dirs=(site / "static", root / "static"),
        labels=settings.get("labels", {}),
    )


def collect_assets(theme: Theme) -> dict[str, Asset]:
    """Every static file by its name in templates; a site's file replaces the theme's."""
    assets: dict[str, Asset] = {}
    for folder in reversed(theme.static_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                name = path.relative_to(folder).as_posix()
                assets[name] = Asset(path, _output_name(path, name))
    return dict(sorted(assets.items()))


def _output_name(path: Path, name: str) -> PurePosixPath:
    output = PurePosixPath("static", name)
    if output.suffix not in HASHED_SUFFIXES:
        return output
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return output.with_name(f"{output.stem}.{digest}{output.suffix}")


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory for this process, keyed by name and source checksum."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


def make_environment(theme: Theme) -> jinja2.Environment:
    """A strict Jinja environment over the theme's search path."""
    search = jinja2.FileSystemLoader([str(folder) for folder in theme.template_dirs])
    original = jinja2.FileSystemLoader(str(theme.theme_templates))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([jinja2.PrefixLoader({"theme": original}), search]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_COMPILED,
    )
