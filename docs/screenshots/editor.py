"""Take the guide's screenshot of the browser editor: `alliancegen serve` on a copy of the
example content, /admin/ in Debian's headless Chromium, a new event of Ilmenau being written.

Usage, from the repository root with the test tools installed:
    .venv/bin/python docs/screenshots/editor.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PORT = 8766


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(shutil.copytree(ROOT / "content", Path(folder) / "content"))
        command = [sys.executable, "-m", "alliancegen", "--lang", "de", "serve"]
        server = subprocess.Popen(
            [*command, "--content", str(content), "--port", str(PORT), "--no-open"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"http://127.0.0.1:{PORT}/")
            _shoot(f"http://127.0.0.1:{PORT}/admin/", HERE / "editor-desktop.png")
        finally:
            server.terminate()
            server.wait()


def _wait_for(address: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(address, timeout=1)  # noqa: S310 (this computer)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"alliancegen serve did not answer at {address}")


def _shoot(address: str, target: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"))
        page = browser.new_page(locale="de-DE", viewport={"width": 1280, "height": 900})
        page.goto(address)
        page.get_by_role("button", name="Login").click()
        page.goto(address + "#/collections/ilmenau-events/new")
        page.get_by_label("Name der Veranstaltung", exact=True).fill("Familienfest im Park")
        page.get_by_label("Beginn", exact=True).fill("2027-05-15 14:00")
        page.get_by_label("Art der Veranstaltung (optional)", exact=True).click()
        page.get_by_text("Familientag", exact=True).click()
        page.wait_for_timeout(500)
        page.screenshot(path=str(target))
        browser.close()


if __name__ == "__main__":
    main()
