"""The benchmark's generated portal stays valid content, so the benchmark cannot rot."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from alliancegen.config import Options
from alliancegen.pipeline import render
from tests.conftest import site_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from generate import generate  # noqa: E402


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
