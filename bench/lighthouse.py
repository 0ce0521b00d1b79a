"""Lighthouse scores of the example site: home page and an alliance, on a phone and a desktop.

    python bench/lighthouse.py [--content content] [PATH ...]

Builds the content (by default the shipped example) into a temporary folder, serves it on
127.0.0.1 with a plain static server, runs Lighthouse (npm package, see package.json) in
Debian's Chromium with the default mobile settings and with --preset=desktop on each path
(default: the home page and ilmenau/), and prints the four category scores as a table,
followed by the audits that cost points. A report, not a test: nothing here fails a build.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial
from http.server import SimpleHTTPRequestHandler
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

from alliancegen.config import Options
from alliancegen.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking"
    " --disable-component-update --disable-sync --no-first-run"
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log between the table's lines."""


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` (which may be filled later) on 127.0.0.1 at a free port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def lighthouse(url: str, form_factor: str, chromium: str) -> dict[str, Any]:
    """One Lighthouse run; its JSON report."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        "--no-enable-error-reporting",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": chromium, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    result = subprocess.run(
        command, capture_output=True, text=True, env=environment, timeout=300, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url} ({form_factor}):\n{result.stderr}")
    report: dict[str, Any] = json.loads(result.stdout)
    if report.get("runtimeError"):
        raise SystemExit(f"lighthouse could not check {url}: {report['runtimeError']}")
    return report


def scores(report: dict[str, Any]) -> list[str]:
    """The category scores, 0–100 ('–' when Lighthouse could not score one)."""
    found = []
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        found.append("–" if score is None else str(round(score * 100)))
    return found


def lost_points(report: dict[str, Any]) -> list[str]:
    """The weighted audits that did not pass, per category: what to fix for a higher score."""
    lines = []
    for category in CATEGORIES:
        for reference in report["categories"][category]["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                value = audit.get("displayValue", "")
                lines.append(f"{category}: {audit['id']} ({audit['score']:.2f}) {value}".rstrip())
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["", "ilmenau/"], metavar="PATH")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    arguments = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `bash tests/setup.sh` (npm ci)")

    with tempfile.TemporaryDirectory(prefix="alliancegen-lighthouse-") as folder:
        site = Path(folder) / "site"
        with serving(site) as base:
            # Built for the address it is served at, as a published site is: canonical links,
            # Open Graph URLs and feeds point at the very pages Lighthouse looks at.
            build(Options(arguments.content, site, base_url=base, today=date.today()))
            columns = ("page", "device", "performance", "accessibility", "best practices", "SEO")
            print("| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|")  # noqa: T201
            lost: list[str] = []
            for path in arguments.paths:
                for form_factor in FORM_FACTORS:
                    report = lighthouse(base + path, form_factor, chromium)
                    row = ["/" + path, form_factor, *scores(report)]
                    print("| " + " | ".join(row) + " |")  # noqa: T201
                    lost += [f"/{path} {form_factor}: {line}" for line in lost_points(report)]
            print("\naudits that cost points:" if lost else "\nno audit cost a point")  # noqa: T201
            for line in lost:
                print(f"  {line}")  # noqa: T201


if __name__ == "__main__":
    main()
