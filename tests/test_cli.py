"""The command line: exit codes, problems on stderr like a compiler, nothing written."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
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


def test_build_writes_the_site_and_prints_one_summary_line(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content({"site.yaml": "title: T\nbase_url: https://example.org/\n"})
    output = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--content", str(root), "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(
        rf"wrote \d+ pages \(\d+ files, \d+ new or changed\) to {output} in \d+\.\d\d s\n",
        result.stdout,
    )
    assert (output / "index.html").is_file()
    assert result.stderr.startswith("warning: ")


def test_build_without_an_address_says_where_to_give_one(make_content: MakeContent) -> None:
    result = CliRunner().invoke(main, ["build", "--content", str(make_content({}))])
    assert result.exit_code == 1
    assert "the site has no address" in result.stderr
    assert "hint: add 'base_url: https://…/' to site.yaml, or pass --base-url" in result.stderr


def test_base_url_option_overrides_the_settings(make_content: MakeContent, tmp_path: Path) -> None:
    output = tmp_path / "out"
    arguments = ["--content", str(make_content({})), "--output", str(output)]
    result = CliRunner().invoke(main, ["build", *arguments, "--base-url", "https://a.example/b"])
    assert result.exit_code == 0, result.output
    assert "https://a.example/b/sitemap.xml" in (output / "robots.txt").read_text()


def test_failed_build_says_nothing_was_written(make_content: MakeContent, tmp_path: Path) -> None:
    root = make_content({"pages/p.md": "---\ntitle: [\n---\n"})
    output = tmp_path / "out"
    arguments = [
        "build",
        "--content",
        str(root),
        "--output",
        str(output),
        "--base-url",
        "https://x.de",
    ]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        f"1 problem in 1 file\nnothing was written; {output} is as it was\n"
    )
    assert not output.exists()


@pytest.mark.parametrize(
    ("flags", "drafts"), [([], False), (["--drafts"], True), (["--no-drafts"], False)]
)
def test_drafts_are_left_out_unless_asked_for(
    make_content: MakeContent, tmp_path: Path, flags: list[str], drafts: bool
) -> None:
    root = make_content({"pages/entwurf.md": "---\ntitle: Entwurf\ndraft: true\n---\n"})
    output = tmp_path / "out"
    arguments = ["--content", str(root), "--output", str(output), "--base-url", "https://x.de"]
    result = CliRunner().invoke(main, ["build", *arguments, *flags])
    assert result.exit_code == 0, result.output
    assert (output / "entwurf/index.html").exists() is drafts


def test_base_url_option_must_be_a_web_address(make_content: MakeContent) -> None:
    arguments = ["build", "--content", str(make_content({})), "--base-url", "example.org"]
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2
    assert "'example.org' is not a web address" in result.stderr


def hears_ctrl_c() -> None:
    """Let the build hear Ctrl-C as from a terminal, also when the tests run as a background
    job (which starts with SIGINT ignored, and so would the build)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_a_build_cleanly_and_keeps_the_old_site(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from generate import generate

    generate(tmp_path / "content", pages=1500)  # a build of several seconds
    output = tmp_path / "site"
    command = [sys.executable, "-m", "alliancegen", "build", "--no-cache"]
    process = subprocess.Popen(
        [*command, "--content", str(tmp_path / "content"), "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=hears_ctrl_c,
    )
    time.sleep(1.5)  # well past start-up, well before the end
    process.send_signal(signal.SIGINT)
    _, errors = process.communicate(timeout=30)
    assert (process.returncode, errors) == (130, f"\nStopped; {output} is as it was\n")
    assert not output.exists()
