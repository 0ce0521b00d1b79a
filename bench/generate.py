"""Generate a synthetic portal in alliancegen's content format, for benchmarks.

    python bench/generate.py OUTPUT --pages 10000

About 100 pages per alliance: partners, people, fields of action, goals, projects, events
and news items with German Markdown bodies of 300–700 words (tables, lists, links). The same
arguments always give the same files.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

VOCABULARY = (
    "Familie Bündnis Kinder Eltern Betreuung Vereinbarkeit Beruf Stadt Partner Projekt "
    "Angebot Beratung Zeit Arbeit Unternehmen Verwaltung Verein Kita Schule Pflege "
    "Gesundheit Netzwerk Aktionstag Treffen Zukunft Generationen Quartier Ehrenamt Jugend "
    "Senioren Integration Wohnen Freizeit Sommerferien Elterncafé Familienzentrum "
    "Arbeitgeber Kammer gemeinsam vor Ort engagiert stärken fördern verbessern unterstützen "
    "informieren planen "
)
WORDS = VOCABULARY.split()
STATES = ("Bayern", "Hessen", "Niedersachsen", "Nordrhein-Westfalen", "Sachsen", "Thüringen")
CATEGORIES = ("municipality", "employers", "chambers", "charities", "churches", "clubs")
PAGES_PER_ALLIANCE = 100
NEWS_PER_ALLIANCE = 75


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random) -> str:
    """German-looking Markdown of 300–700 words with a table, a list and a link."""
    paragraphs = [
        " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(4))
        for _ in range(rng.randint(4, 8))
    ]
    table = "| Angebot | Ort | Zeit |\n|---|---|---|\n" + "\n".join(
        f"| {rng.choice(WORDS)} | {rng.choice(WORDS)} | {rng.randint(8, 18)}:00 |" for _ in range(4)
    )
    listing = "\n".join(f"- {sentence(rng, 6)}" for _ in range(5))
    link = "Mehr unter [der Website](https://familie.example.net/) des Bündnisses."
    return "\n\n".join([*paragraphs[:2], "## Überblick", table, listing, *paragraphs[2:], link])


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def alliance(root: Path, number: int, rng: random.Random) -> None:
    folder = root / "alliances" / f"buendnis-{number:04d}"
    town = f"Musterstadt {number}"
    write(
        folder / "alliance.md",
        f"---\nname: Bündnis für Familie {town}\ntown: {town}\n"
        f"state: {STATES[number % len(STATES)]}\nfounded: 20{number % 20:02d}-05-15\n"
        f"summary: {sentence(rng, 12)}\ncoordinators: [person-1]\n---\n{body(rng)}\n",
    )
    write(
        folder / "people.yaml",
        "".join(
            f"- name: Person {i}\n  role: Koordination\n  phone: 01234 5678{i}\n"
            f"  email: person{i}@example.org\n"
            for i in range(1, 4)
        ),
    )
    write(
        folder / "partners.yaml",
        "".join(
            f"- name: Partner {i} {rng.choice(WORDS)}\n  category: {rng.choice(CATEGORIES)}\n"
            for i in range(1, 21)
        ),
    )
    write(folder / "fields-of-action.yaml", "".join(f"- title: Feld {i}\n" for i in range(1, 4)))
    goals = (f"- title: Ziel {i}\n  field_of_action: feld-{i}\n" for i in range(1, 4))
    write(folder / "goals.yaml", "".join(goals))
    for i in range(1, 6):
        text = f"---\ntitle: Projekt {i}\nstatus: running\n---\n{body(rng)}\n"
        write(folder / "projects" / f"projekt-{i}.md", text)
    for i in range(1, 11):
        write(
            folder / "events" / f"termin-{i}.md",
            f"---\ntitle: Termin {i}\nkind: meeting\nstart: 2026-{i:02d}-15 18:00\n"
            f"place: {{name: Rathaus, locality: {town}}}\n---\n{sentence(rng, 20)}\n",
        )
    for i in range(1, NEWS_PER_ALLIANCE + 1):
        write(
            folder / "news" / f"meldung-{i:03d}.md",
            f"---\ntitle: Meldung {i} – {sentence(rng, 5)}\n"
            f"date: 20{10 + i % 16}-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
            f"summary: {sentence(rng, 14)}\n---\n{body(rng)}\n",
        )


def generate(root: Path, pages: int, seed: int = 1) -> int:
    """Write a portal of about ``pages`` pages into ``root``; return the number of alliances."""
    rng = random.Random(seed)
    count = max(1, round(pages / PAGES_PER_ALLIANCE))
    write(root / "site.yaml", "title: Benchmark-Portal\nbase_url: https://example.org/\n")
    write(root / "fields-of-action.yaml", "- title: Kinderbetreuung\n- title: Gesundheit\n")
    for number in range(1, count + 1):
        alliance(root, number, rng)
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    count = generate(arguments.output, arguments.pages, arguments.seed)
    print(f"{arguments.output}: {count} alliances")  # noqa: T201


if __name__ == "__main__":
    main()
