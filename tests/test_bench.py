"""The benchmark's generated portal stays valid content, so the benchmark cannot rot."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from alliancegen.config import Options
from alliancegen.pipeline import render
from tests.conftest import site_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from federation import main as federation_main  # noqa: E402
from generate import generate  # noqa: E402
from photos import main as photos_main  # noqa: E402
from run import main  # noqa: E402


def test_generated_portal_builds_with_about_the_pages_asked_for(tmp_path: Path) -> None:
    content = tmp_path / "content"
    assert generate(content, pages=200) == 2
    site = site_of(content)
    assert [len(alliance.news) for alliance in site.alliances] == [75, 75]
    outputs, _ = render(Options(content, tmp_path / "out", today=date(2026, 11, 26)))
    pages = sum(1 for output in outputs if output.path.suffix == ".html")
    assert 180 <= pages <= 260


def test_generation_is_repeatable(tmp_path: Path) -> None:
    generate(tmp_path / "a", pages=100)
    generate(tmp_path / "b", pages=100)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert all(
        (tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files
    )


def table_rows(printed: str) -> dict[str, list[str]]:
    """The printed Markdown table rows, by their first cell."""
    rows = (
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in printed.splitlines()
        if line.startswith("|")
    )
    return {row[0]: row[1:] for row in rows}


def test_runner_compares_the_three_generators_on_a_tiny_portal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--sizes", "200", "--runs", "1", "--workdir", str(tmp_path)])
    rows = table_rows(capsys.readouterr().out)
    assert rows["run"][:3] == ["alliancegen", "Hugo", "Pelican"]
    ours, hugo, pelican = (int(count) for count in rows["HTML pages written"][:3])
    assert ours >= 180 and hugo >= 150 and pelican >= 150
    assert rows["news item pages (of 150)"][:3] == ["150", "150", "150"]
    for label in ("cold build (s)", "warm build (s)", "peak memory cold (MiB)"):
        assert all(float(figure) > 0 for figure in rows[label][:5]), label
    assert all(float(figure) > 0 for figure in rows["no-change rebuild, CLI (s)"][:3])
    for change in ("one edited news item", "one added news item", "one edited template override"):
        assert float(rows[f"{change}, in process (ms)"][0]) > 0
        assert int(rows[f"{change}: pages rendered again"][0]) >= 1
        assert rows[f"{change}: shown in the output"][0] == "yes"
    assert float(rows["search index of all pages, in process (s)"][0]) > 0
    assert int(rows["search index: pages in it"][0]) >= 150
    assert int(rows["search index: files"][0]) > int(rows["search index: pages in it"][0]) / 2
    assert rows["--version ≤ 100 ms"][1] in ("yes", "no")
    assert not any(tmp_path.iterdir())


def test_photo_benchmark_processes_a_few_small_photos(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    photos_main(["--photos", "3", "--megapixels", "0.3", "--workdir", str(tmp_path)])
    assert len(list((tmp_path / "cache").glob("photos-*/*.marshal"))) == 3
    rows = table_rows(capfd.readouterr().out)
    assert int(rows["files published"][0]) > 3 * 6  # 4 widths, a preview, the copy; pages
    assert float(rows["cold build, empty cache (s)"][0]) > 0


def test_federation_benchmark_gathers_a_few_sources_beside_those_that_misbehave(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    federation_main(["--sources", "5", "--timeout", "1", "--workdir", str(tmp_path)])
    printed = capsys.readouterr().out
    rows = table_rows(printed)
    requests = {label: rows[label][3:7] for label in rows if ":" in label or "changed" in label}
    assert requests == {
        "no sources: the portal alone": ["0", "0", "0", "0"],
        "cold: empty cache": ["12", "10", "0", "2"],  # 5 sources, 7 that misbehave: 500, 302
        "warm: cache, every source asked": ["12", "4", "6", "2"],  # 304: what was kept
        "offline: from the cache": ["0", "0", "0", "0"],
        "5 sources changed": ["12", "9", "1", "2"],
    }
    assert float(rows["cold: empty cache"][0]) > 0 and float(rows["cold: empty cache"][1]) > 0
    assert int(rows["cold: empty cache"][2]) > int(rows["no sources: the portal alone"][2])
    for source in ("langsam", "kaputt", "fehler", "feindlich-links", "riesig", "umgeleitet"):
        assert rows[source][1:] == ["yes"] * 4, source
    assert rows["feindlich"][1:] == ["no"] * 4
    assert "files of the output with the hostile markup unescaped: 0" in printed
    assert not any(tmp_path.iterdir())
