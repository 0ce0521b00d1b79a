"""Link check: every internal link, image and asset reference of the output leads somewhere.

Checks the finished files in memory: ``href`` and ``src`` in every page (with ``#fragments``
against the target page's ids) and ``url(…)`` in stylesheets. Links to other hosts, ``mailto:``
and ``tel:`` are left alone; they are not the site's to keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from pathlib import PurePosixPath
from urllib.parse import unquote
from urllib.parse import urljoin
from urllib.parse import urlsplit

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.render import Output

_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class _Page(HTMLParser):
    """The link targets and element ids of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in ("href", "src") and value:
                self.targets.append(value)


def broken_links(outputs: Iterable[Output], base_url: str) -> list[Problem]:
    """Every reference in ``outputs`` that points to no file (or no id) of the output."""
    files = {output.path: output for output in outputs}
    pages = {path: _read(output) for path, output in files.items() if path.suffix == ".html"}
    problems = []
    for path, page in sorted(pages.items()):
        for target in page.targets:
            problem = _check(path, target, base_url, files, pages)
            if problem:
                problems.append(Problem(Location(Path(path)), problem))
    for path, output in sorted(files.items()):
        if path.suffix == ".css":
            for target in _CSS_URL.findall(output.content.decode("utf-8", "replace")):
                problem = _check(path, target, base_url, files, pages)
                if problem:
                    problems.append(Problem(Location(Path(path)), problem))
    return problems


def _read(output: Output) -> _Page:
    page = _Page()
    page.feed(output.content.decode("utf-8", "replace"))
    return page


def _check(
    source: PurePosixPath,
    target: str,
    base_url: str,
    files: dict[PurePosixPath, Output],
    pages: dict[PurePosixPath, _Page],
) -> str | None:
    """Why ``target``, found in ``source``, leads nowhere; None when it is fine or not ours."""
    absolute = urljoin(base_url + source.as_posix(), target)
    parts, base = urlsplit(absolute), urlsplit(base_url)
    if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
        return None
    if not parts.path.startswith(base.path):
        return f"link to '{target}' leaves the site's base path {base.path}"
    relative = unquote(parts.path[len(base.path) :])
    path = PurePosixPath(
        relative + "index.html" if relative.endswith("/") or not relative else relative
    )
    if path not in files:
        return f"link to '{target}' points nowhere"
    if parts.fragment and path in pages and unquote(parts.fragment) not in pages[path].ids:
        return f"link to '{target}' names no element with id '{parts.fragment}'"
    return None
