"""The output folder as people deploy it: builds that overlap, a link to the web root, a
mounted folder, and folders a build must never write into or delete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from alliancegen import i18n
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.pipeline import build
from alliancegen.theme import themes_folder
from alliancegen.write import MARKER
from alliancegen.write import exclusive
from tests.conftest import MakeContent

NEWS = "alliances/musterstadt/news/{name}.md"


def site(make_content: MakeContent, *news: str) -> Path:
    """A small site with one news item for each name in ``news``."""
    items = {
        NEWS.format(name=name): f"---\ntitle: {name.title()}\ndate: 2026-05-15\n---\nText.\n"
        for name in news
    }
    return make_content(items)


BASE_URL = "https://familie.example/"


def build_into(content: Path, output: Path) -> None:
    build(Options(content, output, base_url=BASE_URL))


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` (through a link to it), by its path inside."""
    root = folder.resolve()
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def clean_build(content: Path, tmp_path: Path) -> dict[str, bytes]:
    reference = tmp_path / "reference"
    build_into(content, reference)
    return files(reference)


# Builds that overlap


def test_a_build_waits_while_another_writes_the_same_folder(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, output = site(make_content, "fest"), tmp_path / "out" / "site"
    with exclusive(output):
        running = _build_in_another_process(content, output)
        _wait_for(lambda: b"waiting" in _peek(running))
        assert not output.exists()
    assert b"wrote " in running.communicate(timeout=120)[0]
    assert running.returncode == 0
    assert files(output) == clean_build(content, tmp_path)


def test_the_lock_ends_with_the_process_that_held_it(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, output = site(make_content), tmp_path / "out" / "site"
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(output)], stdout=subprocess.PIPE
    )
    assert holder.stdout is not None and holder.stdout.readline() == b"held\n"
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    build_into(content, output)
    assert (output / "index.html").is_file()


def test_builds_started_together_leave_one_complete_site(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, output = site(make_content, "fest", "markt"), tmp_path / "site"
    running = [_build_in_another_process(content, output) for _ in range(3)]
    for process in running:
        process.communicate(timeout=300)
    assert [process.returncode for process in running] == [0, 0, 0]
    assert files(output) == clean_build(content, tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content", "reference", "site"]


_HOLD_LOCK = textwrap.dedent(
    """\
    import sys, time
    from pathlib import Path
    from alliancegen.write import exclusive
    with exclusive(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(600)
    """
)


def _build_in_another_process(content: Path, output: Path) -> subprocess.Popen[bytes]:
    command = ["build", "--content", str(content), "--output", str(output)]
    command += ["--base-url", BASE_URL, "--no-cache"]
    return subprocess.Popen(
        [sys.executable, "-m", "alliancegen", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )


def _peek(process: subprocess.Popen[bytes]) -> bytes:
    """The first line the process wrote (it waits silently until it has to say it waits)."""
    assert process.stdout is not None
    return process.stdout.readline()


def _wait_for(condition: object) -> None:
    assert callable(condition)
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.05)


# A link to the web root


@pytest.mark.parametrize("link", ["absolute", "relative", "chain", "to a new folder"])
def test_an_output_that_is_a_link_updates_the_folder_it_leads_to(
    make_content: MakeContent, tmp_path: Path, link: str
) -> None:
    web_root = tmp_path / "var" / "www" / "html"
    if link != "to a new folder":
        web_root.mkdir(parents=True)
    public = tmp_path / "project" / "public"
    public.parent.mkdir()
    target = Path("../var/www/html") if link == "relative" else web_root
    if link == "chain":
        (tmp_path / "project" / "www").symlink_to(web_root)
        target = tmp_path / "project" / "www"
    public.symlink_to(target)
    content = site(make_content, "fest", "markt")
    build_into(content, public)
    (content / NEWS.format(name="markt")).unlink()
    build_into(content, public)
    assert public.is_symlink() and public.readlink() == target
    assert files(web_root) == clean_build(content, tmp_path)
    assert sorted(path.name for path in web_root.parent.iterdir()) == ["html"]
    assert sorted(path.name for path in public.parent.iterdir()) == sorted(
        ["public", *(["www"] if link == "chain" else [])]
    )


def test_a_link_into_the_content_folder_is_refused(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = site(make_content)
    public = tmp_path / "public"
    public.symlink_to(content / "media")
    with pytest.raises(ContentError) as caught:
        build_into(content, public)
    assert "inside the content folder" in caught.value.problems[0].message
    assert not (content / "media").exists()


# A folder that cannot be swapped


@pytest.fixture
def mounted(tmp_path: Path) -> Iterator[Path]:
    """A folder that is a mount point of its own (a tmpfs; needs root, as in CI)."""
    folder = tmp_path / "mounted"
    folder.mkdir()
    mounting = subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(folder)], capture_output=True)
    if mounting.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounting.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


@pytest.fixture
def unswappable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder is one that cannot be swapped (as when its parent is not writable)."""
    monkeypatch.setattr("alliancegen.write._swappable", lambda folder: False)


def test_a_mount_point_is_updated_in_place(
    make_content: MakeContent, tmp_path: Path, mounted: Path
) -> None:
    _check_update_in_place(make_content, tmp_path, mounted)


def test_a_folder_whose_parent_is_not_writable_is_updated_in_place(
    make_content: MakeContent, tmp_path: Path, unswappable: None
) -> None:
    _check_update_in_place(make_content, tmp_path, tmp_path / "site")


def _check_update_in_place(make_content: MakeContent, tmp_path: Path, output: Path) -> None:
    content = site(make_content, "fest", "markt")
    build_into(content, output)
    before = {name: (output / name).stat() for name in files(output)}
    old = files(output)
    (content / NEWS.format(name="markt")).unlink()
    build_into(content, output)
    new = files(output)
    assert new == clean_build(content, tmp_path)
    assert sorted(path.name for path in output.parent.iterdir()) == sorted(
        ["content", "reference", output.name]
    )
    kept = [name for name in new if old.get(name) == new[name]]
    assert kept and len(kept) < len(new)
    for name in kept:
        after = (output / name).stat()
        assert (after.st_ino, after.st_mtime_ns) == (before[name].st_ino, before[name].st_mtime_ns)


def test_a_failed_write_in_place_changes_nothing(
    make_content: MakeContent, tmp_path: Path, unswappable: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, output = site(make_content, "fest"), tmp_path / "site"
    build_into(content, output)
    before = files(output)
    (content / NEWS.format(name="fest")).write_text(
        "---\ntitle: Neu\ndate: 2026-05-15\n---\nAnders.\n", encoding="utf-8"
    )
    (content / NEWS.format(name="markt")).write_text(
        "---\ntitle: Markt\ndate: 2026-05-16\n---\nText.\n", encoding="utf-8"
    )
    writes = iter(range(3))
    real_write = Path.write_bytes

    def disk_full_after_three(path: Path, data: bytes) -> int:
        if next(writes, None) is None:
            raise OSError(28, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(Path, "write_bytes", disk_full_after_three)
    with pytest.raises(ContentError) as caught:
        build_into(content, output)
    assert "No space left" in caught.value.problems[0].message
    assert files(output) == before


# Folders a build never writes into, nor deletes


@pytest.mark.parametrize(
    "inside", ["content", "content/templates", "content/alliances/musterstadt/media", "themes"]
)
def test_an_output_inside_the_content_or_the_themes_is_refused(
    make_content: MakeContent, tmp_path: Path, inside: str
) -> None:
    content = site(make_content)
    base = themes_folder() if inside == "themes" else content.parent
    output = base / inside / "ausgabe"
    before = sorted(base.rglob("*"))
    with pytest.raises(ContentError) as caught:
        build_into(content, output)
    [problem] = caught.value.problems
    assert "inside the " in problem.message and problem.location.path == output
    assert sorted(base.rglob("*")) == before  # not even a folder on the way to it


def test_a_refused_output_folder_is_explained_in_german(
    make_content: MakeContent, tmp_path: Path
) -> None:
    i18n.use("de")
    content, output = site(make_content), tmp_path / "fremd"
    output.mkdir()
    (output / "notizen.txt").write_text("meine Notizen", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        build_into(content, output)
    [problem] = caught.value.problems
    assert problem.message == (
        "der Ausgabeordner enthält Dateien, die alliancegen nicht geschrieben hat"
    )
    assert problem.hint == "wählen Sie mit --output einen leeren oder neuen Ordner"


@pytest.mark.parametrize("kind", ["staging", "old"])
@pytest.mark.parametrize("what", ["folder", "link"])
def test_a_folder_named_like_the_builds_own_is_not_deleted(
    make_content: MakeContent, tmp_path: Path, kind: str, what: str
) -> None:
    content, output = site(make_content), tmp_path / "site"
    build_into(content, output)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("my own notes", encoding="utf-8")
    in_the_way = tmp_path / f".site.{kind}"
    if what == "folder":
        mine.rename(in_the_way)
    else:
        in_the_way.symlink_to(mine)
    with pytest.raises(ContentError) as caught:
        build_into(content, output)
    [problem] = caught.value.problems
    assert problem.location.path == in_the_way and "in the way" in problem.message
    assert (in_the_way / "notes.txt").read_text(encoding="utf-8") == "my own notes"


def test_the_leftover_of_a_stopped_build_is_cleared(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content, output = site(make_content), tmp_path / "site"
    build_into(content, output)
    leftover = tmp_path / ".site.staging"
    (leftover / "half").mkdir(parents=True)
    (leftover / MARKER).write_text("", encoding="utf-8")
    build_into(content, output)
    assert not leftover.exists()
    assert files(output) == clean_build(content, tmp_path)
