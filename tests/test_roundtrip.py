"""What the browser editor saves keeps the comments, order and quoting of what it did not
change, and always means exactly what the editor sent."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from alliancegen.roundtrip import kept
from tests.conftest import EXAMPLE_CONTENT

PARTNERS = """\
# Partners, as the alliance page names them.
- name: Stadtverwaltung
  category: municipality
# Cooperation partners from here on.
- name: 'Jugendamt'
  category: municipality  # since 2019
"""


def _sent(data: object) -> str:
    """YAML as an editor writes it anew: no comments, its own quoting."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_comments_by_unchanged_entries_stay_when_another_changes() -> None:
    data = yaml.safe_load(PARTNERS)
    data[0]["website"] = "https://www.example.org/"
    result = kept(PARTNERS, _sent(data), markdown=False)
    assert result.startswith(
        "# Partners, as the alliance page names them.\n- name: Stadtverwaltung\n"
    )
    assert result.endswith("- name: 'Jugendamt'\n  category: municipality  # since 2019\n")
    # The comment stays between the entries; ruamel.yaml holds it by the key before it, so a
    # key added at the end of that entry comes after it.
    assert result.index("municipality\n# Cooperation partners") < result.index(
        "- name: 'Jugendamt'"
    )
    assert yaml.safe_load(result) == data


def test_a_removed_entry_takes_its_own_comment_along_and_no_other() -> None:
    data = yaml.safe_load(PARTNERS)[:1]
    result = kept(PARTNERS, _sent(data), markdown=False)
    assert result.startswith("# Partners, as the alliance page names them.\n")
    assert "since 2019" not in result and yaml.safe_load(result) == data


def test_front_matter_keeps_its_comments_and_the_text_is_the_editors() -> None:
    old = "---\n# Seit 2004.\nname: Bündnis  # so heißt es\ntown: Musterstadt\n---\nAlt\n"
    new = "---\nname: Bündnis\ntown: Neustadt\n---\nNeu\n"
    assert kept(old, new, markdown=True) == (
        "---\n# Seit 2004.\nname: Bündnis  # so heißt es\ntown: Neustadt\n---\nNeu\n"
    )


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("title: [unclosed\n", "title: A\n"),
        ("", "- name: A\n"),
        ("no front matter\n", "---\ntitle: A\n---\n"),
    ],
)
def test_what_cannot_be_laid_over_is_saved_as_the_editor_sent_it(old: str, new: str) -> None:
    assert kept(old, new, markdown=new.startswith("---")) == new


def _example_files() -> list[Path]:
    return sorted(
        path
        for path in EXAMPLE_CONTENT.rglob("*")
        if path.suffix in (".yaml", ".md") and "media" not in path.parts
    )


def _edited(data: object, rng: random.Random) -> object:
    """``data`` with one random change: a value changed, a key gone or added, an entry gone."""
    if isinstance(data, dict) and data:
        key = rng.choice(list(data))
        choice = rng.randrange(3)
        if choice == 0:
            return {**data, key: _edited(data[key], rng)}
        if choice == 1:
            return {k: v for k, v in data.items() if k != key}
        return {**data, "summary": "Neu: ein Satz"}
    if isinstance(data, list) and data:
        index = rng.randrange(len(data))
        if rng.random() < 0.5:
            return data[:index] + data[index + 1 :]
        return [*data[:index], _edited(data[index], rng), *data[index + 1 :]]
    return f"{data} (geändert)"


@pytest.mark.parametrize("path", _example_files(), ids=lambda path: path.name)
def test_whatever_the_edit_the_file_means_what_the_editor_sent(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    markdown = path.suffix == ".md"
    front, _, body = text.removeprefix("---\n").partition("\n---\n") if markdown else (text, "", "")
    rng = random.Random(path.name)
    for _ in range(5):
        data = _edited(yaml.load(front, Loader=yaml.BaseLoader), rng)
        sent = ("---\n" + _sent(data) + "---\n" + body) if markdown else _sent(data)
        result = kept(text, sent, markdown)
        meant = result.removeprefix("---\n").partition("\n---\n")[0] if markdown else result
        assert yaml.load(meant, Loader=yaml.BaseLoader) == data


def test_edits_of_the_example_files_are_laid_over_not_replaced() -> None:
    """The property above is not met by giving up: most edits keep the old file's form."""
    laid_over = tried = 0
    for path in _example_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".md":
            continue
        for seed in range(3):
            data = _edited(yaml.load(text, Loader=yaml.BaseLoader), random.Random(seed))
            tried += 1
            laid_over += kept(text, _sent(data), markdown=False) != _sent(data)
    assert laid_over > tried * 3 // 4
