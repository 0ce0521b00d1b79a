"""The wheel carries the default theme, the files of a new site, the editor (Decap CMS) and the
compiled message catalogs, so an installed alliancegen works, and speaks German, from anywhere."""

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


@pytest.mark.parametrize(
    ("folder", "in_wheel"),
    [
        ("themes", "alliancegen/themes"),
        ("alliancegen/starter", "alliancegen/starter"),
        ("alliancegen/admin", "alliancegen/admin"),
    ],
    ids=["themes", "starter files", "the editor"],
)
def test_wheel_contains_every_file_of(wheel: zipfile.ZipFile, folder: str, in_wheel: str) -> None:
    files = [path for path in (ROOT / folder).rglob("*") if path.is_file()]
    expected = {f"{in_wheel}/{path.relative_to(ROOT / folder).as_posix()}" for path in files}
    assert expected
    assert expected - set(wheel.namelist()) == set()


def test_wheel_carries_every_catalog_compiled(wheel: zipfile.ZipFile) -> None:
    sources = sorted(i18n.LOCALES.glob("*/LC_MESSAGES/*.po"))
    assert sources
    for source in sources:
        compiled = source.relative_to(ROOT).with_suffix(".mo").as_posix()
        from_wheel = gettext.GNUTranslations(io.BytesIO(wheel.read(compiled)))
        from_source = gettext.GNUTranslations(i18n.compile_catalog(source))
        assert from_wheel._catalog == from_source._catalog  # type: ignore[attr-defined]
        assert from_wheel.gettext("Usage:") != "Usage:"
