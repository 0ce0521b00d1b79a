"""Converted Markdown is kept between builds, used only while valid, and never grows stale."""

from __future__ import annotations

import os
import stat
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from alliancegen import markdown as converter
from alliancegen import workers
from alliancegen.cache import DAMAGED
from alliancegen.cache import MarkdownCache
from alliancegen.cache import default_cache_dir
from alliancegen.cache import store
from alliancegen.cache import stored
from alliancegen.cli import main
from alliancegen.config import Options
from alliancegen.pipeline import build
from alliancegen.pipeline import render
from tests.conftest import MakeContent

TODAY = date(2026, 11, 26)
NEWS = """\
    ---
    title: Sommerfest
    date: 2024-06-01
    ---
    Ein **Fest** für alle Familien.
    """


@pytest.fixture
def conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown texts converted from here on."""
    texts: list[str] = []
    convert = converter.render_markdown

    def counting(text: str, *options: object) -> object:
        texts.append(text)
        return convert(text, *options)  # type: ignore[arg-type]

    monkeypatch.setattr(converter, "render_markdown", counting)
    return texts


def options(content: Path, cache: Path | None) -> Options:
    return Options(
        content,
        content.parent / "out",
        "https://example.org/",
        today=date(2026, 11, 26),
        cache_dir=cache,
    )


def pages(content: Path, cache: Path | None) -> dict[str, bytes]:
    outputs, _ = render(options(content, cache))
    return {str(output.path): output.content for output in outputs}


def test_a_second_build_converts_no_markdown_and_writes_the_same_site(
    example_copy: Path, tmp_path: Path, conversions: list[str]
) -> None:
    first = pages(example_copy, tmp_path / "cache")
    assert conversions, "the first build converts the example's Markdown"
    conversions.clear()
    assert pages(example_copy, tmp_path / "cache") == first
    assert conversions == []


def test_an_edited_text_is_converted_again_and_nothing_else(
    make_content: MakeContent, tmp_path: Path, conversions: list[str]
) -> None:
    news = "alliances/musterstadt/news/sommerfest.md"
    content = make_content({news: NEWS})
    pages(content, tmp_path / "cache")
    (content / news).write_text(NEWS.replace("    ", "") + "Mit Musik.\n", encoding="utf-8")
    conversions.clear()
    built = pages(content, tmp_path / "cache")
    assert conversions == ["Ein **Fest** für alle Familien.\nMit Musik."]
    assert (
        "<p>Ein <strong>Fest</strong> für alle Familien.\nMit Musik.</p>"
        in built["musterstadt/aktuelles/sommerfest/index.html"].decode()
    )


def test_the_cache_keeps_only_what_the_last_build_used(
    make_content: MakeContent, tmp_path: Path
) -> None:
    news = "alliances/musterstadt/news/sommerfest.md"
    content = make_content({news: NEWS})
    pages(content, tmp_path / "cache")
    with_news = (next((tmp_path / "cache").glob("markdown-*"))).stat().st_size
    (content / news).unlink()
    pages(content, tmp_path / "cache")
    files = list((tmp_path / "cache").glob("markdown-*"))
    assert len(files) == 1
    assert files[0].stat().st_size < with_news


def test_options_that_shape_the_html_are_part_of_the_key(tmp_path: Path) -> None:
    cache = MarkdownCache(tmp_path)
    text = "## Titel\n\n[Start](/)"

    def on_a_page(base_path: str, level: int) -> str:
        cache.take_page()
        return cache.convert(text, base_path, False, level)

    variants = {on_a_page("/", 1), on_a_page("/buendnis/", 1), on_a_page("/", 2)}
    assert len(variants) == 3
    assert on_a_page("/buendnis/", 1) in variants


def test_a_damaged_cache_file_is_ignored_and_replaced(
    example_copy: Path, tmp_path: Path, conversions: list[str]
) -> None:
    clean = pages(example_copy, None)
    cache_file = MarkdownCache(tmp_path / "cache").file
    assert cache_file is not None
    cache_file.parent.mkdir(parents=True)
    cache_file.write_bytes(b"\x00not marshal at all")
    assert pages(example_copy, tmp_path / "cache") == clean
    conversions.clear()
    assert pages(example_copy, tmp_path / "cache") == clean
    assert conversions == []


def test_an_unwritable_cache_folder_is_a_warning_not_a_failure(
    example_copy: Path, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("", encoding="utf-8")
    result = build(options(example_copy, not_a_folder / "cache"))
    assert result.report.pages > 0
    assert any("cannot keep converted Markdown" in warning.message for warning in result.warnings)


def test_the_default_cache_is_per_site_under_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    one, other = default_cache_dir(tmp_path / "a"), default_cache_dir(tmp_path / "b")
    assert one.parent == other.parent == tmp_path / "xdg" / "alliancegen"
    assert one != other
    assert default_cache_dir(tmp_path / "a" / ".." / "a") == one


def test_shares_run_in_worker_processes_and_come_back_in_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(workers, "SHARE_SIZE", 3)
    assert workers.cores() >= 2, "this test needs a machine with two cores"
    results = workers.in_shares(lambda share: (os.getpid(), list(share)), range(10))
    assert [items for _, items in results] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    assert os.getpid() not in {pid for pid, _ in results}


def test_a_site_rendered_on_all_cores_equals_one_rendered_here(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, conversions: list[str]
) -> None:
    monkeypatch.setattr(workers, "cores", lambda: 1)
    alone = pages(example_copy, None)
    monkeypatch.setattr(workers, "cores", lambda: 2)
    monkeypatch.setattr(workers, "SHARE_SIZE", 4)
    assert pages(example_copy, tmp_path / "cache") == alone
    conversions.clear()
    pages(example_copy, tmp_path / "cache")
    assert conversions == [], "what the workers converted was kept"


def test_build_keeps_its_cache_in_the_users_cache_folder_unless_told_not_to(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ALLIANCEGEN_CACHE_DIR", raising=False)
    arguments = ["build", "--content", str(example_copy), "--output", str(tmp_path / "out")]
    assert CliRunner().invoke(main, [*arguments, "--no-cache"]).exit_code == 0
    assert not (tmp_path / "xdg").exists()
    assert CliRunner().invoke(main, arguments).exit_code == 0
    assert list(default_cache_dir(example_copy).glob("markdown-*.marshal"))
    chosen = tmp_path / "chosen"
    assert CliRunner().invoke(main, [*arguments, "--cache-dir", str(chosen)]).exit_code == 0
    assert list(chosen.glob("markdown-*.marshal"))


# What the cache holds is trusted only as far as it is the user's own, as a build left it


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.marshal"))


@pytest.mark.parametrize("where", [0, 3, 8, 20, 30, -1], ids=lambda where: f"byte {where}")
def test_a_flipped_byte_anywhere_in_the_cache_is_noticed(
    example_copy: Path, tmp_path: Path, where: int
) -> None:
    clean = pages(example_copy, None)
    pages(example_copy, tmp_path / "cache")
    for file in cache_files(tmp_path / "cache"):
        data = bytearray(file.read_bytes())
        data[where] ^= 0x40
        file.write_bytes(bytes(data))
    assert pages(example_copy, tmp_path / "cache") == clean


def test_an_entry_that_claims_more_than_the_file_holds_is_never_read(tmp_path: Path) -> None:
    for claim in (b"\xff" * 8, (2**31).to_bytes(8, "little"), b"[\xff\xff\xff\x7f"):
        file = tmp_path / "markdown-bomb.marshal"
        file.write_bytes(claim + bytes(16) + b"x")
        tracemalloc.start()
        with pytest.raises(DAMAGED):
            list(stored(file))
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 1_000_000


@pytest.mark.parametrize("who", ["writable by others", "another user's"])
def test_a_cache_that_others_could_change_is_not_used(
    example_copy: Path, tmp_path: Path, who: str
) -> None:
    clean = pages(example_copy, None)
    cache = tmp_path / "cache"
    pages(example_copy, cache)
    [markdown_file] = cache.glob("markdown-*.marshal")
    crafted = [(key, b"<script>alert(1)</script>") for key, _ in stored(markdown_file)]
    store(markdown_file, crafted)
    for finished_pages in cache.glob("pages-*.marshal"):
        finished_pages.unlink()  # so that the build converts Markdown again, or takes the cache
    if who == "writable by others":
        markdown_file.chmod(0o666)
    elif os.geteuid() == 0:
        os.chown(markdown_file, 65534, 65534)
    else:
        pytest.skip("only root can give a file to another user")
    assert pages(example_copy, cache) == clean


def test_the_cache_is_private_to_the_user(example_copy: Path, tmp_path: Path) -> None:
    pages(example_copy, tmp_path / "cache")
    assert stat.S_IMODE((tmp_path / "cache").stat().st_mode) & 0o077 == 0
    files = cache_files(tmp_path / "cache")
    assert files and all(stat.S_IMODE(file.stat().st_mode) & 0o077 == 0 for file in files)
