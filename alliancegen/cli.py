"""The ``alliancegen`` command line; the only place that prints problems."""

from __future__ import annotations

import sys
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


@click.group()
@click.version_option(__version__, prog_name="alliancegen")
def main() -> None:
    """Build websites for local alliances for families from YAML and Markdown."""


@main.command()
@CONTENT_OPTION
def check(content_dir: Path) -> None:
    """Validate the content and list every problem; write nothing."""
    from alliancegen import pipeline

    if not content_dir.is_dir():
        raise click.UsageError(f"there is no content folder '{content_dir}'")
    try:
        site = pipeline.check(content_dir)
    except ContentError as error:
        _report(error)
        sys.exit(1)
    click.echo(f"{content_dir}: no problems ({len(site.alliances)} alliances)")


def _report(error: ContentError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    click.echo(summarize(error.problems), err=True)
