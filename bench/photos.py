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
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from alliancegen.config import Options  # noqa: E402
from alliancegen.pipeline import Engine  # noqa: E402

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
    """A site of one alliance whose news items show ``count`` photos, one each."""
    alliance = content / "alliances" / "fotos"
    (content / "site.yaml").parent.mkdir(parents=True, exist_ok=True)
    (content / "site.yaml").write_text("title: Fotos\n", encoding="utf-8")
    alliance.mkdir(parents=True, exist_ok=True)
    (alliance / "alliance.md").write_text(
        "---\nname: Bündnis Fotos\ntown: Fotostadt\nstate: Hessen\n---\nText.\n",
        encoding="utf-8",
    )
    for number in range(count):
        camera_jpeg(draw(size, number), alliance / "media" / f"foto-{number:03}.jpg")
        item = (
            f"---\ntitle: Meldung {number}\ndate: 2026-01-{number % 28 + 1:02}\nimages:\n"
            f"  - file: media/foto-{number:03}.jpg\n    alt: Gezeichnete Landschaft {number}\n"
            "    credit: alliancegen-Projekt, CC0\n---\nText.\n"
        )
        (alliance / "news" / f"meldung-{number:03}.md").parent.mkdir(exist_ok=True)
        (alliance / "news" / f"meldung-{number:03}.md").write_text(item, encoding="utf-8")


def measure(content: Path, cache: Path) -> tuple[float, float, int]:
    """Seconds for a cold build (empty cache) and a warm one (a new engine, the cache kept),
    and how many files they published."""
    options = Options(content, content.parent / "out", cache_dir=cache)
    start = time.perf_counter()
    engine = Engine(options)
    rendered = engine.render()
    engine.keep()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    Engine(options).render()
    warm = time.perf_counter() - start
    return cold, warm, len(rendered.outputs)


def main(arguments: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--megapixels", type=float, default=12.0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--example", type=Path, help="write the example site's photo here")
    args = parser.parse_args(arguments)
    if args.example:
        camera_jpeg(draw((2400, 1600), 17), args.example, quality=88)
        return
    side = (args.megapixels * 1_000_000 / 12) ** 0.5
    size = (round(4 * side), round(3 * side))
    work = Path(args.workdir or tempfile.mkdtemp(prefix="photos-"))
    shutil.rmtree(work / "content", ignore_errors=True)
    shutil.rmtree(work / "cache", ignore_errors=True)
    start = time.perf_counter()
    photo_site(work / "content", args.photos, size)
    made = time.perf_counter() - start
    megabytes = sum(f.stat().st_size for f in work.rglob("*.jpg")) / 2**20
    cold, warm, files = measure(work / "content", work / "cache")
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"| photos | {args.photos} of {size[0]} × {size[1]} ({megabytes:.0f} MiB) |")
    print("|---|---|")
    print(f"| drawing them (s) | {made:.1f} |")
    print(f"| files published | {files} |")
    print(f"| cold build (s) | {cold:.2f} |")
    print(f"| warm build (s) | {warm:.2f} |")
    print(f"| peak memory, build process (MiB) | {peak:.0f} |")
    print(f"| peak memory, largest worker (MiB) | {children:.0f} |")


if __name__ == "__main__":
    main()
