"""How long from saving one news item to a finished rebuild, on the example and a big portal.

    python bench/preview.py [--pages 10000] [--runs 5]

Prints, for the shipped example and for a generated portal: the first build, the median of
the in-process rebuilds after editing one news item (Engine.rebuild), and the median time
from saving the file to the end of the rebuild through a running `alliancegen serve`
(watcher, settle time and rebuild). Work happens on tmpfs when /dev/shm exists.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from generate import generate

from alliancegen.config import Options
from alliancegen.pipeline import Engine

ROOT = Path(__file__).resolve().parent.parent


def workspace() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="alliancegen-bench-", dir=shm if shm.is_dir() else None))


def news_items(content: Path) -> list[Path]:
    return sorted(content.glob("alliances/*/news/*.md"))


def edit(path: Path, number: int) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\nNachtrag {number}.\n", encoding="utf-8")


def in_process(content: Path, runs: int) -> tuple[float, float, int]:
    """First build and median rebuild after one edit, in seconds; pages rendered per edit."""
    rebuilder = Engine(Options(content, content.parent / "out"))
    started = time.perf_counter()
    rebuilder.rebuild()
    first = time.perf_counter() - started
    times, rendered = [], 0
    for number in range(runs):
        item = news_items(content)[number % len(news_items(content))]
        edit(item, number)
        started = time.perf_counter()
        rendered = rebuilder.rebuild([item]).rendered
        times.append(time.perf_counter() - started)
    return first, statistics.median(times), rendered


def through_serve(content: Path, runs: int) -> float:
    """Median seconds from saving a news item until `serve` has rebuilt."""
    port = 8700 + runs
    command = [sys.executable, "-m", "alliancegen", "serve", "--content", str(content)]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--no-open"], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("Serving"):
            break
    wait = f"http://127.0.0.1:{port}/__alliancegen__/wait?epoch="
    try:
        epoch = json.load(urllib.request.urlopen(wait + "-1"))["epoch"]
        times = []
        for number in range(runs):
            started = time.perf_counter()
            items = news_items(content)
            edit(items[number % len(items)], 100 + number)
            epoch = json.load(urllib.request.urlopen(wait + str(epoch), timeout=120))["epoch"]
            times.append(time.perf_counter() - started)
            time.sleep(0.3)
    finally:
        process.terminate()
        process.wait()
    return statistics.median(times)


def measure(name: str, content: Path, runs: int) -> None:
    first, rebuild, rendered = in_process(content, runs)
    served = through_serve(content, runs)
    pages = sum(1 for _ in (content.parent / "out").rglob("*.html"))
    print(  # noqa: T201
        f"| {name} | {pages} | {first:.2f} s | {rebuild * 1000:.0f} ms ({rendered} pages) "
        f"| {served * 1000:.0f} ms |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    place = workspace()
    try:
        print(f"work folder: {place}")  # noqa: T201
        columns = ("site", "pages", "first build", "rebuild after one edit", "save to rebuilt")
        print("| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|")  # noqa: T201
        shutil.copytree(ROOT / "content", place / "example" / "content")
        measure("example", place / "example" / "content", arguments.runs)
        generate(place / "portal" / "content", arguments.pages)
        measure("generated portal", place / "portal" / "content", arguments.runs)
    finally:
        shutil.rmtree(place, ignore_errors=True)


if __name__ == "__main__":
    main()
