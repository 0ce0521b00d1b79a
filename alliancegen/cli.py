"""The ``alliancegen`` command line; the only place that prints problems.

Help texts are English message ids, translated when shown (``TranslatedCommand``): the
language is chosen (``--lang``) after the commands are made.
"""

from __future__ import annotations

import contextlib
import gettext
import re
import sys
import time
from collections.abc import Callable
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import click

from alliancegen import __version__
from alliancegen import i18n
from alliancegen.errors import ContentError
from alliancegen.errors import summarize
from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.i18n import ngettext


@contextlib.contextmanager
def _translated(item: click.Command | click.Parameter, *names: str) -> Iterator[None]:
    """Show ``item`` with the texts in ``names`` translated, and keep the English ids."""
    kept = {name: getattr(item, name) for name in names}
    for name, text in kept.items():
        if text:
            setattr(item, name, _(text))
    try:
        yield
    finally:
        for name, text in kept.items():
            setattr(item, name, text)


class TranslatedOption(click.Option):
    """An option whose help is translated when shown."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        with _translated(self, "help"):
            return super().get_help_record(ctx)


class TranslatedCommand(click.Command):
    """A command whose help is translated when shown."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self, "help"):
            super().format_help_text(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:  # Click makes it once, in the language of that moment
            option.help = _("Show this message and exit.")
        return option

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self, "help", "short_help"):
            return super().get_short_help_str(limit)


class TranslatedGroup(TranslatedCommand, click.Group):
    """A group of translated commands."""

    command_class = TranslatedCommand


option = partial(click.option, cls=TranslatedOption)


def _speak_through_click() -> None:
    """Click says its own words ("Usage:", "Show this message and exit.") through the gettext
    functions its modules import; let them answer from alliancegen's catalog."""

    def translate(message: str) -> str:
        return i18n.catalog(i18n.language()).gettext(message)

    def translate_count(singular: str, plural: str, n: int) -> str:
        return i18n.catalog(i18n.language()).ngettext(singular, plural, n)

    for name, module in list(sys.modules.items()):
        if name == "click" or name.startswith("click."):
            if getattr(module, "_", None) is gettext.gettext:
                module._ = translate  # type: ignore[attr-defined]
            if getattr(module, "ngettext", None) is gettext.ngettext:
                module.ngettext = translate_count  # type: ignore[attr-defined]


_speak_through_click()


def _choose_language(context: click.Context, parameter: click.Parameter, value: str | None) -> None:
    i18n.use(value)


CONTENT_OPTION = option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help=N_("Folder with site.yaml and the alliances."),
)

CACHE_OPTIONS = (
    option(
        "--cache/--no-cache",
        default=True,
        show_default=True,
        help=N_("Keep converted Markdown for the next build, and use what the last one kept."),
    ),
    option(
        "--cache-dir",
        default=None,
        type=click.Path(file_okay=False, path_type=Path),
        envvar="ALLIANCEGEN_CACHE_DIR",
        help=N_(
            "Where the cache is kept "
            "[default: ~/.cache/alliancegen/<site>, or below $XDG_CACHE_HOME]."
        ),
    ),
)


def _cache_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(CACHE_OPTIONS):
        command = option(command)
    return command


def _cache_dir(content_dir: Path, cache: bool, cache_dir: Path | None) -> Path | None:
    from alliancegen.cache import default_cache_dir

    return (cache_dir or default_cache_dir(content_dir)) if cache else None


@click.group(
    cls=TranslatedGroup,
    help=N_("Build websites for local alliances for families from YAML and Markdown."),
)
@click.version_option(
    __version__,
    prog_name="alliancegen",
    cls=TranslatedOption,
    help=N_("Show the version and exit."),
)
@option(
    "--lang",
    type=click.Choice(i18n.LANGUAGES),
    envvar=i18n.CHOICE,
    is_eager=True,
    expose_value=False,
    callback=_choose_language,
    help=N_("Language of messages [default: the locale's, German for de_*, else English]."),
)
def main() -> None:
    pass


@main.command(help=N_("Validate the content and list every problem; write nothing."))
@CONTENT_OPTION
@option(
    "--links/--no-links",
    default=False,
    show_default=True,
    help=N_("Also render the site in memory and check every internal link."),
)
def check(content_dir: Path, links: bool) -> None:
    from alliancegen import pipeline
    from alliancegen.config import Options

    if not content_dir.is_dir():
        raise click.UsageError(_("there is no content folder '{folder}'", folder=content_dir))
    try:
        site = pipeline.check(content_dir)
        broken = pipeline.check_links(Options(content_dir, Path("unused"))) if links else ()
    except ContentError as error:
        _report(error)
        sys.exit(1)
    if broken:
        _report(ContentError(broken))
        sys.exit(1)
    count = len(site.alliances)
    checked = (
        ngettext(
            "{folder}: no problems, no broken links ({n} alliance)",
            "{folder}: no problems, no broken links ({n} alliances)",
            count,
            folder=content_dir,
        )
        if links
        else ngettext(
            "{folder}: no problems ({n} alliance)",
            "{folder}: no problems ({n} alliances)",
            count,
            folder=content_dir,
        )
    )
    click.echo(checked)


DRAFTS_OPTION = option(
    "--drafts/--no-drafts", default=False, show_default=True, help=N_("Include drafts.")
)


@main.command(help=N_("Build the website into the output folder."))
@CONTENT_OPTION
@option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help=N_("Folder to write the site to; replaced as a whole when the build succeeds."),
)
@option(
    "--base-url",
    callback=lambda context, parameter, value: _web_address(value),
    help=N_("Address the site is published at; overrides site.yaml."),
)
@DRAFTS_OPTION
@_cache_options
@option(
    "--offline",
    is_flag=True,
    help=N_(
        "Build a portal from the copies of other sites' data kept in the cache, fetching none."
    ),
)
def build(
    content_dir: Path,
    output_dir: Path,
    base_url: str | None,
    drafts: bool,
    cache: bool,
    cache_dir: Path | None,
    offline: bool,
) -> None:
    from alliancegen import pipeline
    from alliancegen.config import Options

    if not content_dir.is_dir():
        raise click.UsageError(_("there is no content folder '{folder}'", folder=content_dir))
    started = time.perf_counter()
    try:
        kept = _cache_dir(content_dir, cache, cache_dir)
        options = Options(content_dir, output_dir, base_url, drafts, None, kept, offline)
        result = pipeline.build(options, waiting=lambda: _waiting_for_another(output_dir))
    except ContentError as error:
        _report(error)
        click.echo(_("nothing was written; {folder} is as it was", folder=output_dir), err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo("\n" + _("Stopped; {folder} is as it was", folder=output_dir), err=True)
        sys.exit(130)
    for warning in result.warnings:
        click.echo(_("warning: {warning}", warning=warning), err=True)
    seconds = time.perf_counter() - started
    report = result.report
    files = ngettext(
        "{n} file, {changed} new or changed",
        "{n} files, {changed} new or changed",
        report.files,
        changed=report.changed,
    )
    click.echo(
        ngettext(
            "wrote {n} page ({files}) to {folder} in {seconds} s",
            "wrote {n} pages ({files}) to {folder} in {seconds} s",
            report.pages,
            files=files,
            folder=output_dir,
            seconds=i18n.decimal(seconds),
        )
    )


@main.command(help=N_("Preview the site; rebuild and reload the browser when files change."))
@CONTENT_OPTION
@option("--host", default="127.0.0.1", show_default=True, help=N_("Address to listen on."))
@option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help=N_("Port to listen on."),
)
@option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    default=(),
    metavar="NAME",
    callback=lambda context, parameter, values: tuple(_host_name(value) for value in values),
    help=N_(
        "Also answer under this host name, e.g. the computer's name when --host 0.0.0.0; "
        "localhost and IP addresses always work (repeatable)."
    ),
)
@option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help=N_("Open the site in a browser."),
)
@DRAFTS_OPTION
@option(
    "--poll/--no-poll",
    default=False,
    show_default=True,
    help=N_("Poll for changes (for Docker, WSL and network drives)."),
)
@_cache_options
def serve(
    content_dir: Path,
    host: str,
    port: int,
    allowed_hosts: tuple[str, ...],
    open_browser: bool,
    drafts: bool,
    poll: bool,
    cache: bool,
    cache_dir: Path | None,
) -> None:
    from alliancegen.serve import ServeOptions
    from alliancegen.serve import serve as run_server

    if not content_dir.is_dir():
        raise click.UsageError(_("there is no content folder '{folder}'", folder=content_dir))
    kept = _cache_dir(content_dir, cache, cache_dir)
    run_server(
        ServeOptions(content_dir, host, port, open_browser, drafts, poll, kept, allowed_hosts)
    )


NEW_KINDS = ("site", "alliance", "event", "news", "project", "page", "offer", "person", "partner")


@main.command(
    help=N_(
        "Start a site ('new site FOLDER') or add an entry to the content, with its fields "
        "explained in German; asks for what is missing when run in a terminal."
    )
)
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@CONTENT_OPTION
@option("--alliance", help=N_("Folder name of the alliance the new entry belongs to."))
@option("--title", help=N_("Title of an event, news item, project, page or offer."))
@option("--name", help=N_("Name of an alliance, person or partner."))
@option("--start", help=N_("Start of an event, e.g. 2026-05-15 or '2026-05-15 14:00'."))
@option("--date", help=N_("Date of a news item [default: today]."))
@option("--town", help=N_("Town of an alliance."))
@option("--state", help=N_("Federal state of an alliance, e.g. Thüringen."))
@option("--category", help=N_("Kind of partner, e.g. municipality or Kommune."))
def new(
    kind: str, folder: Path | None, content_dir: Path, alliance: str | None, **given: str | None
) -> None:
    from alliancegen import scaffold

    try:
        written = scaffold.run(kind, folder, content_dir, alliance, given, _ask)
    except scaffold.ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    for path in written:
        click.echo(_("created: {path}", path=path))


@main.command(
    help=N_(
        "Write JSON Schemas of the content files into FOLDER [default: schemas] and set up VS "
        "Code (and editors with the YAML language server) to complete fields and underline "
        "mistakes as you type."
    )
)
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@CONTENT_OPTION
def schema(folder: Path | None, content_dir: Path) -> None:
    from alliancegen import schema as schemas

    if not content_dir.is_dir():
        raise click.UsageError(_("there is no content folder '{folder}'", folder=content_dir))
    project = content_dir.resolve().parent
    target = folder or project / "schemas"
    if not target.resolve().is_relative_to(project):
        raise click.UsageError(
            _("put the schemas inside the project folder {project}", project=project)
        )
    try:
        written = schemas.set_up_editors(project, content_dir, target)
    except schemas.SettingsUnreadable as error:
        raise click.ClickException(
            _(
                "the schemas are written, but {path} is not plain JSON (comments?), so it was "
                "left alone; remove the comments, or add the setting 'yaml.schemas' by hand",
                path=error,
            )
        ) from None
    for path in written:
        click.echo(_("written: {path}", path=path))


def _ask(prompt: str, name: str, choices: list[str] | None, default: str | None) -> str:
    """Ask in a terminal; from a script, take the default or say which option is missing."""
    from alliancegen.scaffold import ScaffoldError

    if sys.stdin.isatty():
        kind = click.Choice(choices, case_sensitive=False) if choices else None
        return str(click.prompt(prompt, default=default, type=kind))
    if default is None:
        raise ScaffoldError(_("missing --{option}: {question}", option=name, question=prompt))
    return default


def _waiting_for_another(output_dir: Path) -> None:
    message = _(
        "another build is writing to {folder}; waiting until it is done", folder=output_dir.parent
    )
    click.echo(message, err=True)


def _web_address(value: str | None) -> str | None:
    from alliancegen.model.fields import check_base_url

    try:
        return None if value is None else check_base_url(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


def _host_name(value: str) -> str:
    """A host name alone: without port, scheme or wildcard."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*", value):
        raise click.BadParameter(
            _("'{value}' is not a host name; give the name alone, like mypc.local", value=value)
        )
    return value


def _report(error: ContentError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(summarize(error.problems), err=True)
