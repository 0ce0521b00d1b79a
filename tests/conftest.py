"""Shared fixtures: the shipped example content, and small content folders made per test."""

from __future__ import annotations

import io
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from alliancegen import i18n
from alliancegen.errors import ContentError
from alliancegen.errors import Problem
from alliancegen.load import load_content
from alliancegen.model import Site
from alliancegen.model import build_site

EXAMPLE_CONTENT = Path(__file__).resolve().parent.parent / "content"

MINIMAL_SITE = {
    "site.yaml": "title: Testseite\n",
    "alliances/musterstadt/alliance.md": """\
        ---
        name: Bündnis für Familie Musterstadt
        town: Musterstadt
        state: Hessen
        ---
        """,
}

MakeContent = Callable[[dict[str, str | bytes]], Path]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read messages in English, whatever the locale of the machine; tests of German
    choose it themselves."""
    monkeypatch.setenv(i18n.CHOICE, "en")
    monkeypatch.setattr(i18n, "_spoken", None)


@pytest.fixture(autouse=True)
def private_cache_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Builds started by tests keep their cache in the test run's folder, not the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "cache-home"))


@pytest.fixture
def make_content(tmp_path: Path) -> MakeContent:
    """Write a small content folder: a minimal valid site plus the given files.

    Text is dedented, so tests can indent it; ``bytes`` are written as they are.
    """

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "content"
        for name, text in {**MINIMAL_SITE, **files}.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return make


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A copy of the shipped example content that a test may break."""
    return Path(shutil.copytree(EXAMPLE_CONTENT, tmp_path / "content"))


def site_of(root: Path) -> Site:
    """Load and validate a content folder that must be free of problems."""
    return build_site(load_content(root))


def language_prefixes(root: Path) -> list[str]:
    """Where the site of ``root`` publishes each language: '' for the main one, 'en/' …
    (Leichte Sprache, which holds only what is written in it, is left out)."""
    from alliancegen.routes import editions_of  # noqa: PLC0415 – the routes need the model

    return [e.prefix for e in editions_of(site_of(root)) if not e.is_easy_read]


def problems_of(root: Path) -> tuple[Problem, ...]:
    """Load and validate a content folder that must have problems; return them."""
    with pytest.raises(ContentError) as caught:
        build_site(load_content(root))
    return caught.value.problems


def described(problems: tuple[Problem, ...], root: Path) -> list[str]:
    """The problems as 'relative/path:line:column: message' lines, without hints."""
    return [
        f"{p.location.path.relative_to(root).as_posix()}:{p.location.line}:"
        f"{p.location.column}: {p.message}"
        for p in problems
    ]


def picture(kind: str = "JPEG", colour: str = "white", size: tuple[int, int] = (8, 8)) -> bytes:
    """A small image file of format ``kind`` (raster media are published processed, so they
    must be images)."""
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()
