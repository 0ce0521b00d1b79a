"""The content reference documents every field a content file may write."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliancegen.model import entities
from alliancegen.model import fields
from alliancegen.model import settings
from alliancegen.model.entities import user_fields
from alliancegen.model.fields import Choice
from alliancegen.model.fields import Record

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
