"""Photos: how long processing takes, cold and warm, and how much memory it needs.

    python bench/photos.py                      # 200 photos of 12 megapixels
    python bench/photos.py --photos 20 --workdir /dev/shm/photos
    python bench/photos.py --example content/alliances/herzogenrath/media/buendnis-grafik.jpg

The photos are drawn, not taken: the same arguments always give the same files, and each
carries what a phone's photo carries (an EXIF orientation, a camera name, a GPS position, a
comment) so that stripping it shows. ``--example`` writes the example site's photo.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alliancegen.config import Options  # noqa: E402
from alliancegen.pipeline import Engine  # noqa: E402
from alliancegen.pipeline import Rendered  # noqa: E402

TWELVE_MEGAPIXELS = (4000, 3000)


def draw(size: tuple[int, int], seed: int) -> Image.Image:
    """A landscape of hills, a sun and coloured circles under a sky, with a little grain."""
    rng = random.Random(seed)
    width, height = size
    sky = Image.linear_gradient("L").resize(size)
    picture = Image.merge(
        "RGB",
        (
            sky.point(lambda v: 120 + v // 3),
            sky.point(lambda v: 170 + v // 4),
            sky.point(lambda v: 250 - v // 4),
        ),
    )
    pen = ImageDraw.Draw(picture)
    sun = (rng.uniform(0.1, 0.9) * width, rng.uniform(0.1, 0.3) * height, 0.06 * width)
    pen.ellipse((sun[0] - sun[2], sun[1] - sun[2], sun[0] + sun[2], sun[1] + sun[2]), "#ffd23f")
    for layer in range(4):
        top = height * (0.45 + 0.12 * layer)
        points = [(0, height)]
        for step in range(13):
            points.append((width * step / 12, top + rng.uniform(-0.08, 0.08) * height))
        points.append((width, height))
        green = 150 - 25 * layer
        pen.polygon(points, (40 + 10 * layer, green, 60 + 5 * layer))
    for _circle in range(40):
        x, y, r = rng.random() * width, rng.uniform(0.5, 1) * height, rng.uniform(0.01, 0.04)
        colour = tuple(rng.randint(40, 255) for _ in range(3))
        pen.ellipse((x - r * width, y - r * width, x + r * width, y + r * width), colour)
    grain = Image.effect_noise((width // 2, height // 2), 48).resize(size).convert("RGB")
    return Image.blend(picture.filter(ImageFilter.GaussianBlur(2)), grain, 0.06)


def camera_jpeg(picture: Image.Image, path: Path, quality: int = 90) -> None:
    """``picture`` as a phone saves it: turned on its side with EXIF orientation 6 (turn
    right to show), with a camera name, a GPS position (0° N, 0° E: made up) and a comment."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation
    exif[0x010F], exif[0x0110] = "alliancegen", "bench/photos.py"  # Make, Model
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (0.0, 0.0, 0.0), 3: "E", 4: (0.0, 0.0, 0.0)})
    path.parent.mkdir(parents=True, exist_ok=True)
    picture.transpose(Image.Transpose.ROTATE_90).save(
        path, "JPEG", quality=quality, exif=exif, comment=b"drawn by bench/photos.py"
    )


def photo_site(content: Path, count: int, size: tuple[int, int] = TWELVE_MEGAPIXELS) -> None:
    """A site of one alliance whose news items show ``count`` photos, one each; the photos
    are drawn on all cores."""
    alliance = content / "alliances" / "fotos"
    (alliance / "news").mkdir(parents=True, exist_ok=True)
    (alliance / "media").mkdir(exist_ok=True)
    (content / "site.yaml").write_text(
        "title: Fotos\nbase_url: https://example.org/\n", encoding="utf-8"
    )
    (alliance / "alliance.md").write_text(
        "---\nname: Bündnis Fotos\ntown: Fotostadt\nstate: Hessen\n---\nText.\n",
        encoding="utf-8",
    )
    for number in range(count):
        item = (
            f"---\ntitle: Meldung {number}\ndate: 2026-01-{number % 28 + 1:02}\nimages:\n"
            f"  - file: media/foto-{number:03}.jpg\n    alt: Gezeichnete Landschaft {number}\n"
            "    credit: alliancegen-Projekt, CC0\n---\nText.\n"
        )
        (alliance / "news" / f"meldung-{number:03}.md").write_text(item, encoding="utf-8")
    jobs = [(size, number, alliance / "media" / f"foto-{number:03}.jpg") for number in range(count)]
    with multiprocessing.get_context("fork").Pool() as pool:
        pool.starmap(_draw_photo, jobs)


def _draw_photo(size: tuple[int, int], seed: int, path: Path) -> None:
    camera_jpeg(draw(size, seed), path)


def measure(content: Path, cache: Path) -> None:
    """Print the times of a cold build (empty cache), of builds in a new process with the
    cache (nothing changed; one text changed), and of a rebuild in the same engine after one
    text changed (as ``serve`` does), with the peak memory of this process and its workers."""
    options = Options(content, content.parent / "out", cache_dir=cache)
    text = next(content.rglob("news/*.md"))
    engine = Engine(options)
    cold, rendered = timed(engine.render)
    engine.keep()
    unchanged, _ = timed(Engine(options).render)
    text.write_text(text.read_text(encoding="utf-8") + "Mehr.\n", encoding="utf-8")
    edited, _ = timed(Engine(options).render)
    text.write_text(text.read_text(encoding="utf-8") + "Noch mehr.\n", encoding="utf-8")
    saved, _ = timed(lambda: engine.render([text]))
    rows = {
        "files published": len(rendered.outputs),
        "cold build, empty cache (s)": f"{cold:.1f}",
        "new process, nothing changed (s)": f"{unchanged:.2f}",
        "new process, one text changed (s)": f"{edited:.2f}",
        "same engine, one text saved (serve) (s)": f"{saved:.2f}",
        "peak memory, build process (MiB)": _peak(resource.RUSAGE_SELF),
        "peak memory, largest worker (MiB)": _peak(resource.RUSAGE_CHILDREN),
    }
    print("\n".join(f"| {label} | {value} |" for label, value in rows.items()))  # noqa: T201


def timed(call: Callable[[], Rendered]) -> tuple[float, Rendered]:
    start = time.perf_counter()
    result = call()
    return time.perf_counter() - start, result


def _peak(who: int) -> int:
    return round(resource.getrusage(who).ru_maxrss / 1024)


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--example", type=Path, help="write the example site's photo here")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(arguments)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="photos-"))
    if args.example:
        camera_jpeg(draw((2400, 1600), 17), args.example, quality=88)
    elif args.measure:  # in a process of its own, so that drawing does not count
        measure(work / "content", work / "cache")
    else:
        side = (args.megapixels * 1_000_000 / 12) ** 0.5
        size = (round(4 * side), round(3 * side))
        shutil.rmtree(work / "content", ignore_errors=True)
        shutil.rmtree(work / "cache", ignore_errors=True)
        photo_site(work / "content", args.photos, size)
        megabytes = sum(f.stat().st_size for f in work.rglob("*.jpg")) / 2**20
        print(f"| {args.photos} photos of {size[0]} × {size[1]} | {megabytes:.0f} MiB |")  # noqa: T201
        print("|---|---|", flush=True)  # noqa: T201
        measuring = [sys.executable, __file__, "--measure", "--workdir", str(work)]
        subprocess.run(measuring, check=True)


if __name__ == "__main__":
    main()
