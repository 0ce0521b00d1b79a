"""The content reference documents every field a content file may write."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from alliancegen.cli import main
from alliancegen.model import entities
from alliancegen.model import fields
from alliancegen.model import settings
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Record
from tests.conftest import MakeContent

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "content.md"
RECORDS = sorted(
    {
        value
        for module in (entities, fields, settings)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Record) and value is not Record
    },
    key=lambda record: record.__name__,
)


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.__name__)
def test_every_field_is_in_a_table_of_the_reference(record: type[Record]) -> None:
    table_cells = set(re.findall(r"^\|\s*`([a-z_]+)`", REFERENCE.read_text(encoding="utf-8"), re.M))
    missing = [name for name in user_fields(record) if name not in table_cells]
    assert missing == [], f"docs/content.md has no table row for {record.__name__}: {missing}"


CHOICES = sorted(
    {
        value
        for module in (entities, settings)
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Choice) and value is not Choice
    },
    key=lambda choice: choice.__name__,
)


@pytest.mark.parametrize("choice", CHOICES, ids=lambda choice: choice.__name__)
def test_every_choice_is_printed_with_the_german_word_content_may_write(
    choice: type[Choice],
) -> None:
    text = REFERENCE.read_text(encoding="utf-8")
    printed = [
        f"`{member.value}` ({member.german})" if member.german != member.value else f"`{member}`"
        for member in choice
    ]
    missing = [
        words
        for words, member in zip(printed, choice, strict=True)
        if words not in text and f"| `{member.value}` | {member.german} |" not in text
    ]
    assert missing == [], f"docs/content.md does not print these values of {choice.__name__}"


GUIDE = REFERENCE.parent / "anleitung.md"
FENCED = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)
FILE_MARK = re.compile(r"^# Datei: (\S+)$", re.M)
"""The line that marks an example of the guide as a whole content file, and names it."""
MEDIA = re.compile(r"^\s*(?:- )?file: (media/\S+)$", re.M)


def test_the_readme_links_the_guide() -> None:
    readme = REFERENCE.parent.parent / "README.md"
    assert "](docs/anleitung.md)" in readme.read_text(encoding="utf-8")


def guide_files() -> dict[str, str]:
    """The guide's examples that are whole content files, by their path in the content folder;
    the mark is the first line of a YAML file and the first of the front matter."""
    files = {}
    for language, text in FENCED.findall(GUIDE.read_text(encoding="utf-8")):
        mark = FILE_MARK.search(text)
        if mark is not None:
            assert language in ("yaml", "markdown"), f"{mark[1]} is not a YAML or Markdown block"
            assert text.index(mark[0]) in (0, len("---\n")), f"{mark[1]}: mark not at the top"
            files[mark[1]] = text
    return files


def test_every_content_file_in_the_guide_passes_check(make_content: MakeContent) -> None:
    files = guide_files()
    kinds = {"alliance.md", "people.yaml", "partners.yaml", "action-days.yaml"}
    folders = {"events", "news", "projects", "pages", "offers"}
    shown = {Path(name).name for name in files} | {Path(name).parent.name for name in files}
    assert kinds | folders <= shown
    media: dict[str, str | bytes] = {  # relative to the alliance's folder, or the content's
        str(Path(*Path(name).parts[:2] if name.startswith("alliances/") else ()) / image): b""
        for name, text in files.items()
        for image in MEDIA.findall(text)
    }
    content = make_content({**files, **media})
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output


def guide_commands() -> list[str]:
    """Every ``alliancegen`` command the guide shows: lines of its code blocks, and code in its
    prose."""
    text = GUIDE.read_text(encoding="utf-8")
    lines = [
        line
        for _language, block in FENCED.findall(text)
        for line in block.splitlines()
        if line.startswith("alliancegen ")
    ]
    prose = re.findall(r"`(alliancegen [^`]*)`", FENCED.sub("", text))
    return list(dict.fromkeys(lines + prose))


@pytest.mark.parametrize("line", guide_commands())
def test_every_command_in_the_guide_names_a_real_command_and_real_options(line: str) -> None:
    arguments = shlex.split(line, comments=True)[1:]
    group = click.Context(main, info_name="alliancegen")
    try:
        rest = click.Command.parse_args(main, group, arguments)  # the group's options; the
        # group's own parse_args would keep the command's name apart
    except click.exceptions.Exit as done:  # --version
        assert done.exit_code == 0
        return
    name, command, given = main.resolve_command(group, rest)
    assert command is not None and name is not None
    command.make_context(name, given, parent=group)
