"""The ``alliancegen`` command line; the only place that prints problems."""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from alliancegen import __version__
from alliancegen.errors import ContentError
from alliancegen.errors import summarize

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder with site.yaml and the alliances.",
)

CACHE_OPTIONS = (
    click.option(
        "--cache/--no-cache",
        default=True,
        show_default=True,
        help="Keep converted Markdown for the next build, and use what the last one kept.",
    ),
    click.option(
        "--cache-dir",
        default=None,
        type=click.Path(file_okay=False, path_type=Path),
        envvar="ALLIANCEGEN_CACHE_DIR",
        help="Where the cache is kept "
        "[default: ~/.cache/alliancegen/<site>, or below $XDG_CACHE_HOME].",
    ),
)


def _cache_options(command: Callable[..., None]) -> Callable[..., None]:
    for option in reversed(CACHE_OPTIONS):
        command = option(command)
    return command


def _cache_dir(content_dir: Path, cache: bool, cache_dir: Path | None) -> Path | None:
    from alliancegen.cache import default_cache_dir

    return (cache_dir or default_cache_dir(content_dir)) if cache else None


@click.group()
@click.version_option(__version__, prog_name="alliancegen")
def main() -> None:
    """Build websites for local alliances for families from YAML and Markdown."""


@main.command()
@CONTENT_OPTION
@click.option(
    "--links/--no-links",
    default=False,
    show_default=True,
    help="Also render the site in memory and check every internal link.",
)
def check(content_dir: Path, links: bool) -> None:
    """Validate the content and list every problem; write nothing."""
    from alliancegen import pipeline
    from alliancegen.config import Options

    if not content_dir.is_dir():
        raise click.UsageError(f"there is no content folder '{content_dir}'")
    try:
        site = pipeline.check(content_dir)
        broken = pipeline.check_links(Options(content_dir, Path("unused"))) if links else ()
    except ContentError as error:
        _report(error)
        sys.exit(1)
    if broken:
        _report(ContentError(broken))
        sys.exit(1)
    checked = "no problems, no broken links" if links else "no problems"
    click.echo(f"{content_dir}: {checked} ({len(site.alliances)} alliances)")


@main.command()
@CONTENT_OPTION
@click.option(
    "--output",
    "output_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder to write the site to; replaced as a whole when the build succeeds.",
)
@click.option(
    "--base-url",
    callback=lambda context, parameter, value: _web_address(value),
    help="Address the site is published at; overrides site.yaml.",
)
@click.option("--drafts/--no-drafts", default=False, show_default=True, help="Include drafts.")
@_cache_options
def build(
    content_dir: Path,
    output_dir: Path,
    base_url: str | None,
    drafts: bool,
    cache: bool,
    cache_dir: Path | None,
) -> None:
    """Build the website into the output folder."""
    from alliancegen import pipeline
    from alliancegen.config import Options

    if not content_dir.is_dir():
        raise click.UsageError(f"there is no content folder '{content_dir}'")
    started = time.perf_counter()
    try:
        kept = _cache_dir(content_dir, cache, cache_dir)
        options = Options(content_dir, output_dir, base_url, drafts, None, kept)
        result = pipeline.build(options, waiting=lambda: _waiting_for_another(output_dir))
    except ContentError as error:
        _report(error)
        click.echo(f"nothing was written; {output_dir} is as it was", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        click.echo(f"\nStopped; {output_dir} is as it was", err=True)
        sys.exit(130)
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    seconds = time.perf_counter() - started
    click.echo(
        f"wrote {result.report.pages} pages ({result.report.files} files, "
        f"{result.report.changed} new or changed) to {output_dir} in {seconds:.2f} s"
    )


@main.command()
@CONTENT_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--allow-host",
    "allowed_hosts",
    multiple=True,
    default=(),
    metavar="NAME",
    callback=lambda context, parameter, values: tuple(_host_name(value) for value in values),
    help="Also answer under this host name, e.g. the computer's name when --host 0.0.0.0; "
    "localhost and IP addresses always work (repeatable).",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="Open the site in a browser.",
)
@click.option("--drafts/--no-drafts", default=False, show_default=True, help="Include drafts.")
@click.option(
    "--poll/--no-poll",
    default=False,
    show_default=True,
    help="Poll for changes (for Docker, WSL and network drives).",
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
    """Preview the site; rebuild and reload the browser when files change."""
    from alliancegen.serve import ServeOptions
    from alliancegen.serve import serve as run_server

    if not content_dir.is_dir():
        raise click.UsageError(f"there is no content folder '{content_dir}'")
    kept = _cache_dir(content_dir, cache, cache_dir)
    run_server(
        ServeOptions(content_dir, host, port, open_browser, drafts, poll, kept, allowed_hosts)
    )


NEW_KINDS = ("site", "alliance", "event", "news", "project", "page", "offer", "person", "partner")


@main.command()
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@CONTENT_OPTION
@click.option("--alliance", help="Folder name of the alliance the new entry belongs to.")
@click.option("--title", help="Title of an event, news item, project, page or offer.")
@click.option("--name", help="Name of an alliance, person or partner.")
@click.option("--start", help="Start of an event, e.g. 2026-05-15 or '2026-05-15 14:00'.")
@click.option("--date", help="Date of a news item [default: today].")
@click.option("--town", help="Town of an alliance.")
@click.option("--state", help="Federal state of an alliance, e.g. Thüringen.")
@click.option("--category", help="Kind of partner, e.g. municipality or Kommune.")
def new(
    kind: str, folder: Path | None, content_dir: Path, alliance: str | None, **given: str | None
) -> None:
    """Start a site ('new site FOLDER') or add an entry to the content, with its fields
    explained in German; asks for what is missing when run in a terminal."""
    from alliancegen import scaffold

    try:
        written = scaffold.run(kind, folder, content_dir, alliance, given, _ask)
    except scaffold.ScaffoldError as error:
        raise click.ClickException(str(error)) from None
    for path in written:
        click.echo(f"angelegt: {path}")


def _ask(prompt: str, name: str, choices: list[str] | None, default: str | None) -> str:
    """Ask in a terminal; from a script, take the default or say which option is missing."""
    from alliancegen.scaffold import ScaffoldError

    if sys.stdin.isatty():
        kind = click.Choice(choices, case_sensitive=False) if choices else None
        return str(click.prompt(prompt, default=default, type=kind))
    if default is None:
        raise ScaffoldError(f"Es fehlt --{name}: {prompt}")
    return default


def _waiting_for_another(output_dir: Path) -> None:
    message = f"another build is writing to {output_dir.parent}; waiting until it is done"
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
            f"'{value}' is not a host name; give the name alone, like mypc.local"
        )
    return value


def _report(error: ContentError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(summarize(error.problems), err=True)
