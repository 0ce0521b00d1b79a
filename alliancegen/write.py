"""Write the site into a staging folder and swap it in, so a failed build loses nothing."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.render import Output

MARKER = ".alliancegen"
"""A file in every output folder: alliancegen replaces only folders that carry it."""


@dataclass(frozen=True)
class WriteReport:
    """What the write did."""

    files: int
    pages: int


def write_site(outputs: Iterable[Output], output_dir: Path) -> WriteReport:
    """Write ``outputs`` next to ``output_dir`` first, then put them in its place."""
    _refuse_foreign(output_dir)
    staging = output_dir.with_name(f".{output_dir.name}.staging")
    old = output_dir.with_name(f".{output_dir.name}.old")
    for leftover in (staging, old):
        shutil.rmtree(leftover, ignore_errors=True)
    files = pages = 0
    for output in outputs:
        target = staging / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.content)
        files += 1
        pages += output.path.suffix == ".html"
    (staging / MARKER).write_text("Written by alliancegen; replaced by every build.\n")
    if output_dir.exists():
        output_dir.replace(old)
    staging.replace(output_dir)
    shutil.rmtree(old, ignore_errors=True)
    return WriteReport(files, pages)


def _refuse_foreign(output_dir: Path) -> None:
    """Never replace a folder that alliancegen did not write, nor a file."""
    if output_dir.exists() and not output_dir.is_dir():
        message = "the output folder is a file"
    elif output_dir.is_dir() and any(output_dir.iterdir()) and not (output_dir / MARKER).exists():
        message = "the output folder holds files that alliancegen did not write"
    else:
        return
    raise ContentError(
        [Problem(Location(output_dir), message, "choose an empty or new folder with --output")]
    )
