"""The wheel carries the default theme, the files of a new site and the compiled message
catalogs, so an installed alliancegen works, and speaks German, from anywhere."""

from __future__ import annotations

import gettext
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from alliancegen import i18n

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
        check=True,
    )
    [built] = folder.glob("alliancegen-*.whl")
    return zipfile.ZipFile(built)


def test_wheel_contains_every_theme_and_starter_file(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    theme_files = [p for p in (ROOT / "themes").rglob("*") if p.is_file()]
    assert theme_files
    for path in theme_files:
        assert f"alliancegen/{path.relative_to(ROOT).as_posix()}" in names
    starter_files = [p for p in (ROOT / "alliancegen/starter").iterdir() if p.is_file()]
    assert starter_files
    for path in starter_files:
        assert path.relative_to(ROOT).as_posix() in names


def test_wheel_carries_every_catalog_compiled(wheel: zipfile.ZipFile) -> None:
    sources = sorted(i18n.LOCALES.glob("*/LC_MESSAGES/*.po"))
    assert sources
    for source in sources:
        compiled = source.relative_to(ROOT).with_suffix(".mo").as_posix()
        from_wheel = gettext.GNUTranslations(io.BytesIO(wheel.read(compiled)))
        from_source = gettext.GNUTranslations(i18n.compile_catalog(source))
        assert from_wheel._catalog == from_source._catalog  # type: ignore[attr-defined]
        assert from_wheel.gettext("Usage:") != "Usage:"
