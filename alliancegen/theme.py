"""Themes: where templates and static files are looked up, and the Jinja environment.

The search path is the site's own ``templates/`` and ``static/`` in the content folder, then the
theme's. A site's template can extend the theme's original as ``theme/<name>``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from collections.abc import MutableMapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

import jinja2
import jinja2.runtime
import yaml
from jinja2 import meta
from jinja2.sandbox import modifies_known_mutable

from alliancegen.config import Config
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import unreadable
from alliancegen.federated import Federated
from alliancegen.i18n import _
from alliancegen.load import nfc
from alliancegen.reads import GLOBAL
from alliancegen.reads import MISSING
from alliancegen.reads import TEMPLATE
from alliancegen.reads import Read
from alliancegen.reads import fingerprint
from alliancegen.reads import note_all
from alliancegen.words import Word
from alliancegen.words import Words
from alliancegen.words import load_words

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
    words: Words
    """Its texts in other languages (alliancegen.words)."""


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
                    _("there is no theme '{name}'", name=name),
                    _("themes: {names}", names=", ".join(known)),
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
        words=load_words(root / "locale"),
    )


def collect_assets(theme: Theme) -> dict[str, Asset]:
    """Every static file by its name in templates; a site's file replaces the theme's."""
    assets: dict[str, Asset] = {}
    problems = []
    for folder in reversed(theme.static_dirs):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                name = nfc(path.relative_to(folder).as_posix())  # as templates and URLs write it
                try:
                    assets[name] = Asset(path, _output_name(path, name))
                except OSError as error:  # a stylesheet or script is read for its hash
                    problems.append(unreadable(path, error))
    if problems:
        raise ContentError(problems)
    return dict(sorted(assets.items()))


def _output_name(path: Path, name: str) -> PurePosixPath:
    output = PurePosixPath("static", name)
    if output.suffix not in HASHED_SUFFIXES:
        return output
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return output.with_name(f"{output.stem}.{digest}{output.suffix}")


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, keyed by name and source checksum: a new
    environment (another theme, or the same again) compiles only templates it never saw."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


EXTENSIONS = ("jinja2.ext.i18n",)
"""``{% trans %}`` and ``_()`` for the theme's words (alliancegen.words)."""

_WITHOUT_GLOBALS = jinja2.Environment(extensions=EXTENSIONS)
"""Parses templates for the names they look up: ``find_undeclared_variables`` leaves out the
names of its environment's globals."""
_WITHOUT_GLOBALS.globals.clear()


class Templates(jinja2.BaseLoader):
    """The search path, with each template's fingerprint: its file and its text.

    Each name is looked up once a build (``next_build`` forgets the last build's answers), and
    a compiled template is up to date exactly while its name finds the same fingerprint, so
    the environment's cache and the pages' recorded reads can never disagree.
    """

    def __init__(self, search: jinja2.BaseLoader) -> None:
        self._search = search
        self._found: dict[str, tuple[str, str | None, bytes] | None] = {}
        self._reads: dict[tuple[str, bytes], frozenset[Read]] = {}

    def next_build(self) -> None:
        """Look every template up again: files may have changed, come or gone."""
        self._found.clear()

    def fingerprint(self, environment: jinja2.Environment, name: str) -> bytes:
        """What ``name`` finds: the file and its text; MISSING's when there is none."""
        found = self._find(environment, name)
        return fingerprint(MISSING, {}) if found is None else found[2]

    def reads(self, environment: jinja2.Environment, name: str) -> frozenset[Read]:
        """What loading ``name`` reads: the template, and every name it looks up in the
        context (Jinja resolves only names that a template's text mentions)."""
        found = self._find(environment, name)
        if found is None:
            return frozenset({(TEMPLATE, name)})
        key = (name, found[2])
        if key not in self._reads:
            parsed = _WITHOUT_GLOBALS.parse(found[0], name, found[1])
            names = meta.find_undeclared_variables(parsed)  # globals included: it knows none
            self._reads[key] = frozenset({(TEMPLATE, name), *((GLOBAL, n) for n in names)})
        return self._reads[key]

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool]]:
        found = self._find(environment, template)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        source, filename, known = found
        return source, filename, lambda: self.fingerprint(environment, template) == known

    def _find(
        self, environment: jinja2.Environment, name: str
    ) -> tuple[str, str | None, bytes] | None:
        if name not in self._found:
            try:
                source, filename, _ = self._search.get_source(environment, name)
            except jinja2.TemplateNotFound:
                self._found[name] = None
            else:
                digest = fingerprint((filename, source), {})
                self._found[name] = (source, filename, digest)
        return self._found[name]


class _Template(jinja2.Template):
    """Runs an imported template for every import: a module kept from the first import would
    hide the reads of its top-level code from every later page."""

    def _get_default_module(self, ctx: jinja2.runtime.Context | None = None) -> Any:
        self._module = None
        return super()._get_default_module(ctx)


class Environment(jinja2.Environment):
    """A strict Jinja environment that notes every template a page loads, also by a computed
    name and also when the name finds nothing, with the global names the template uses."""

    template_class = _Template

    def __init__(self, theme: Theme, compiled: CompiledTemplates) -> None:
        search = jinja2.FileSystemLoader([str(folder) for folder in theme.template_dirs])
        original = jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(theme.theme_templates)})
        self.templates = Templates(jinja2.ChoiceLoader([original, search]))
        super().__init__(
            loader=self.templates,
            autoescape=jinja2.select_autoescape(["html", "xml"]),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            bytecode_cache=compiled,
            extensions=EXTENSIONS,
        )
        self.newstyle_gettext = True  # the extension added the attribute: placeholders by name
        self.tests["word"] = lambda value: isinstance(value, Word)
        self.tests["federated"] = lambda value: isinstance(value, Federated)  # another site's

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute``; nothing for a name that starts with '_' (private and special
        attributes lead around what pages are known to read, and out of the template) nor for
        a method that changes a list, dict or set (a page must not change what the next one
        reads)."""
        if attribute.startswith("_") or modifies_known_mutable(obj, attribute):
            return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]``, or an attribute as ``getattr`` allows it."""
        try:
            return obj[argument]
        except (AttributeError, TypeError, LookupError):
            if isinstance(argument, str):
                return self.getattr(obj, argument)
        return self.undefined(obj=obj, name=argument)

    def _load_template(
        self, name: str, globals: MutableMapping[str, Any] | None
    ) -> jinja2.Template:
        note_all(self.templates.reads(self, name))
        return super()._load_template(name, globals)
