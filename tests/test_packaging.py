"""The wheel carries the default theme and the files of a new site, so an installed
alliancegen works from anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_every_theme_and_starter_file(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    [wheel] = tmp_path.glob("alliancegen-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    theme_files = [p for p in (ROOT / "themes").rglob("*") if p.is_file()]
    assert theme_files
    for path in theme_files:
        assert f"alliancegen/{path.relative_to(ROOT).as_posix()}" in names
    starter_files = [p for p in (ROOT / "alliancegen/starter").iterdir() if p.is_file()]
    assert starter_files
    for path in starter_files:
        assert path.relative_to(ROOT).as_posix() in names
