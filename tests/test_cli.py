"""The command line: exit codes, problems on stderr like a compiler, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliancegen import __version__
from alliancegen.cli import main
from tests.conftest import EXAMPLE_CONTENT
from tests.conftest import MakeContent


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``root`` with its size and modification time."""
    return {
        str(path): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(root.parent.rglob("*"))
    }


def test_check_passes_on_the_example_content() -> None:
    result = CliRunner().invoke(main, ["check", "--content", str(EXAMPLE_CONTENT)])
    assert result.exit_code == 0, result.output
    assert result.output == f"{EXAMPLE_CONTENT}: no problems (3 alliances)\n"


def test_check_lists_problems_with_hints_and_exits_1(make_content: MakeContent) -> None:
    root = make_content({"alliances/musterstadt/people.yaml": "- nme: Katrin Hoh\n"})
    result = CliRunner().invoke(main, ["check", "--content", str(root)])
    assert result.exit_code == 1
    assert result.stdout == ""
    people = root / "alliances/musterstadt/people.yaml"
    assert result.stderr == (
        f"{people}:1:3: missing required field 'name'\n"
        "    hint: add 'name: …' (Full name with title, e.g. 'Dr. Daniel Schultheiß')\n"
        f"{people}:1:3: unknown field 'nme'\n"
        "    hint: did you mean 'name'?\n"
        "2 problems in 1 file\n"
    )


def test_check_writes_nothing(make_content: MakeContent) -> None:
    root = make_content({"pages/a.md": "---\ntitle: A\n---\n"})
    before = snapshot(root)
    CliRunner().invoke(main, ["check", "--content", str(root)])
    assert snapshot(root) == before


def test_check_defaults_to_the_content_folder_here(
    make_content: MakeContent, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(make_content({}).parent)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("content: no problems")


def test_missing_content_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--content", str(tmp_path / "nix")])
    assert result.exit_code == 2
    assert "there is no content folder" in result.stderr


def test_version_and_module_entry_point() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "alliancegen", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == f"alliancegen, version {__version__}\n"
