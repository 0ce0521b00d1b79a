"""Photos: published upright, in sRGB and without what the camera recorded, in a few widths
as WebP and in their own format, with what pages need to show them; bad images are located
problems; processing is cached."""

from __future__ import annotations

import io
import re
import struct
import zlib
from datetime import date
from pathlib import Path

import pytest
from PIL import Image
from PIL import ImageCms

from alliancegen import i18n
from alliancegen import photos
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.pipeline import Engine
from alliancegen.pipeline import build
from tests.conftest import MakeContent
from tests.conftest import described

TODAY = date(2026, 11, 26)
ALLIANCE = "alliances/musterstadt"
SITE = {"site.yaml": "title: Testseite\nbase_url: https://example.org/\n"}


def encoded(image: Image.Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def with_hero(file: str) -> str:
    """An alliance.md whose hero is ``file``, from line 6 column 9."""
    return (
        "---\nname: Bündnis Musterstadt\ntown: Musterstadt\nstate: Hessen\n"
        f"hero:\n  file: {file}\n  alt: Ein Bild\n  credit: Anna A.\n---\n"
    )


def news_with(*files: str) -> str:
    """A news item that shows ``files``, one image field per line from line 5 on."""
    images = "".join(f"  - {{file: {file}, alt: Bild, credit: B.}}\n" for file in files)
    return f"---\ntitle: Bericht\ndate: 2026-02-01\nimages:\n{images}---\nText.\n"


def built(root: Path, output: Path) -> dict[str, bytes]:
    build(Options(root, output, today=TODAY))
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*") if p.is_file()
    }


def problems(root: Path, output: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        build(Options(root, output, today=TODAY))
    return sorted(described(caught.value.problems, root))


# Privacy: nothing the camera recorded, upright, in sRGB


def icc_profile(red: tuple[float, ...], green: tuple[float, ...], blue: tuple[float, ...]) -> bytes:
    """A display profile (ICC 2.1, matrix and gamma 2.2) with these primaries (XYZ, D50)."""

    def number(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(values: tuple[float, ...]) -> bytes:
        return b"XYZ \0\0\0\0" + b"".join(number(v) for v in values)

    gamma = b"curv\0\0\0\0" + struct.pack(">IH", 1, 563) + b"\0\0"
    text = b"Adobe RGB kompatibel\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(text)) + text + bytes(4 + 4 + 2 + 1 + 67)
    white = (0.9642, 1.0, 0.8249)
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(white)),
        (b"rXYZ", xyz(red)),
        (b"gXYZ", xyz(green)),
        (b"bXYZ", xyz(blue)),
        (b"rTRC", gamma),
        (b"gTRC", gamma),
        (b"bTRC", gamma),
    ]
    offset, table, data = 128 + 4 + 12 * len(tags), b"", b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = struct.pack(
        ">I4sI4s4s4s12s4s", size, b"", 0x02100000, b"mntr", b"RGB ", b"XYZ ", b"", b"acsp"
    )
    header += bytes(24) + b"".join(number(v) for v in white)
    header += bytes(128 - len(header))
    return header + struct.pack(">I", len(tags)) + table + data


ADOBE_RGB = icc_profile(
    (0.6097, 0.3111, 0.0195), (0.2053, 0.6257, 0.0609), (0.1492, 0.0632, 0.7446)
)
COLOUR = (180, 90, 60)
"""The picture's colour, in Adobe RGB."""


def phone_photo() -> bytes:
    """A JPEG as a phone writes it: stored 300 × 200 and turned on its side (orientation 6:
    turn right to show), a red corner top left as stored, with a camera and its serial
    number, a GPS position, XMP, IPTC, a comment and an Adobe RGB profile."""
    image = Image.new("RGB", (300, 200), COLOUR)
    image.paste((255, 0, 0), (0, 0, 40, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x010F], exif[0x0110], exif[0xA431] = "Kamera", "Modell 1", "SERIAL-4711"
    exif.get_ifd(0x8825).update({1: "N", 2: (50.0, 46.0, 1.5), 3: "E", 4: (6.0, 5.0, 2.0)})
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/>GEHEIM-XMP</x:xmpmeta>'
    data = encoded(image, "JPEG", exif=exif, xmp=xmp, comment=b"GEHEIM", icc_profile=ADOBE_RGB)
    iptc = b"Photoshop 3.0\0" + b"8BIM\x04\x04\0\0\0\0\0\x0b\x1c\x02\x50\0\x05GEHEIM\0"
    segment = b"\xff\xed" + struct.pack(">H", len(iptc) + 2) + iptc
    return data[:2] + segment + data[2:]


TELLTALES = (
    b"Exif",
    b"GEHEIM",
    b"SERIAL",
    b"Kamera",
    b"ns.adobe.com",
    b"Photoshop",
    b"ICC_PROFILE",
)


def test_published_photos_carry_nothing_the_camera_recorded_and_are_upright_in_srgb(
    make_content: MakeContent, tmp_path: Path
) -> None:
    original = phone_photo()
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": with_hero("media/foto.jpg")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / "foto.jpg").write_bytes(original)
    files = built(root, tmp_path / "site")
    published = {name: data for name, data in files.items() if "/media/" in name}
    assert sorted(re.sub(r"-[0-9a-f]{8}\.", "-*.", name) for name in published) == [
        "musterstadt/media/foto-200w-*.jpg",
        "musterstadt/media/foto-200w-*.webp",
        "musterstadt/media/foto-200x105-*.jpg",  # the social preview, no wider than the photo
        "musterstadt/media/foto.jpg",
    ]
    expected = ImageCms.profileToProfile(
        Image.new("RGB", (1, 1), COLOUR),
        ImageCms.ImageCmsProfile(io.BytesIO(ADOBE_RGB)),
        ImageCms.createProfile("sRGB"),
    ).getpixel((0, 0))
    assert expected != COLOUR
    for name, data in published.items():
        assert not [telltale for telltale in TELLTALES if telltale in data], name
        image = Image.open(io.BytesIO(data))
        assert not image.getexif() and not image.info.get("icc_profile"), name
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & image.info.keys(), name
        if "x105" not in name:
            assert image.size == (200, 300), name  # turned upright
            red, middle = image.convert("RGB").getpixel((190, 10)), image.getpixel((100, 250))
            assert red[0] > 200 and red[1] < 60, name  # the corner stored top left, now right
            assert all(abs(a - b) <= 6 for a, b in zip(middle, expected, strict=True)), name
    assert (root / ALLIANCE / "media" / "foto.jpg").read_bytes() == original


# Widths, formats and what pages show


def test_a_photo_is_published_in_each_width_up_to_its_own_with_picture_and_sizes(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content(
        {
            **SITE,
            f"{ALLIANCE}/alliance.md": with_hero("media/gross.jpg"),
            f"{ALLIANCE}/news/bericht.md": news_with("media/mittel.png", "media/logo.svg"),
            f"{ALLIANCE}/media/gross.jpg": encoded(Image.new("RGB", (2000, 1000), "teal"), "JPEG"),
            f"{ALLIANCE}/media/mittel.png": encoded(Image.new("RGBA", (700, 350), "red"), "PNG"),
            f"{ALLIANCE}/media/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        }
    )
    files = built(root, tmp_path / "site")
    widths = {
        re.sub(r"-[0-9a-f]{8}\.", ".", name): Image.open(io.BytesIO(data)).size
        for name, data in files.items()
        if re.search(r"\.(jpg|png|webp)$", name)
    }
    assert widths == {
        "musterstadt/media/gross-480w.jpg": (480, 240),
        "musterstadt/media/gross-480w.webp": (480, 240),
        "musterstadt/media/gross-960w.jpg": (960, 480),
        "musterstadt/media/gross-960w.webp": (960, 480),
        "musterstadt/media/gross-1600w.jpg": (1600, 800),
        "musterstadt/media/gross-1600w.webp": (1600, 800),
        "musterstadt/media/gross-1200x630.jpg": (1200, 630),
        "musterstadt/media/gross.jpg": (1600, 800),
        "musterstadt/media/mittel-480w.png": (480, 240),
        "musterstadt/media/mittel-480w.webp": (480, 240),
        "musterstadt/media/mittel-700w.png": (700, 350),
        "musterstadt/media/mittel-700w.webp": (700, 350),
        "musterstadt/media/mittel-667x350.jpg": (667, 350),
        "musterstadt/media/mittel.png": (700, 350),
    }
    assert Image.open(io.BytesIO(files["musterstadt/media/mittel.png"])).mode == "RGBA"
    overview = files["musterstadt/index.html"].decode()
    hero = re.search(r"<picture>.*?</picture>", overview, re.DOTALL)
    assert hero
    assert '<source type="image/webp" srcset="/musterstadt/media/gross-480w-' in hero[0]
    assert re.search(r'width="1600" height="800" alt="Ein Bild" fetchpriority="high">', hero[0])
    assert "loading=" not in hero[0]
    assert re.search(
        r'<meta property="og:image" content="https://example.org/musterstadt/media/gross-1200x630-[0-9a-f]{8}\.jpg">',
        overview,
    )
    assert '<meta property="og:image:width" content="1200">' in overview
    assert '<meta name="twitter:card" content="summary_large_image">' in overview
    news = files["musterstadt/aktuelles/bericht/index.html"].decode()
    images = re.findall(r"<img [^>]*>", news)
    assert 'width="700" height="350"' in images[0] and "fetchpriority" in images[0]
    assert images[1] == (
        '<img src="/musterstadt/media/logo.svg" alt="Bild" loading="lazy" decoding="async">'
    )
    assert 'og:image:width" content="667"' in news


def test_the_credits_page_lists_the_example_photo_with_its_credit(tmp_path: Path) -> None:
    files = built(Path(__file__).resolve().parent.parent / "content", tmp_path / "site")
    credits = files["bildnachweise/index.html"].decode()
    assert "Gezeichnete Landschaft" in credits and "alliancegen-Projekt (CC0)" in credits
    hero = files["herzogenrath/media/gezeichnete-landschaft.jpg"]
    assert b"Exif" not in hero and Image.open(io.BytesIO(hero)).size == (1600, 1067)


# Bad images: located problems, all at once


def png_header(width: int, height: int) -> bytes:
    """The start of a PNG of ``width`` × ``height`` grey pixels (no more: Pillow reads the
    size from the header alone)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 20), colour) for colour in ("red", "blue")]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100)


BAD = {
    "abgeschnitten.jpg": encoded(Image.new("RGB", (400, 300), "blue"), "JPEG")[:600],
    "eigentlich-png.jpg": encoded(Image.new("RGB", (40, 30), "blue"), "PNG"),
    "riesig.png": png_header(20_000, 20_000),
    "bewegt.gif": animated_gif(),
    "kein-bild.webp": b"RIFF\0\0\0\0WEBPkaputt",
}


def test_bad_images_are_located_problems_all_at_once(
    make_content: MakeContent, tmp_path: Path
) -> None:
    names = sorted(BAD)
    root = make_content(
        {
            **SITE,
            f"{ALLIANCE}/news/bericht.md": news_with(*(f"media/{name}" for name in names)),
            **{f"{ALLIANCE}/media/{name}": data for name, data in BAD.items()},
            "media/ungenutzt.png": png_header(20_000, 20_000),
        }
    )
    output = tmp_path / "site"
    assert problems(root, output) == [
        f"{ALLIANCE}/news/bericht.md:5:12: the image 'abgeschnitten.jpg' is damaged or "
        "incomplete (it ends too early)",
        f"{ALLIANCE}/news/bericht.md:6:12: the image 'bewegt.gif' is animated: only still "
        "images are published",
        f"{ALLIANCE}/news/bericht.md:7:12: 'eigentlich-png.jpg' is a PNG image, but its name "
        "ends in '.jpg'",
        f"{ALLIANCE}/news/bericht.md:8:12: 'kein-bild.webp' is not an image that browsers "
        "show, or it is damaged",
        f"{ALLIANCE}/news/bericht.md:9:12: the image 'riesig.png' is 20000 × 20000 pixels, "
        "more than can be processed safely (89 megapixels at most)",
        "media/ungenutzt.png:1:1: the image 'ungenutzt.png' is 20000 × 20000 pixels, more than "
        "can be processed safely (89 megapixels at most)",
    ]
    assert not output.exists()  # nothing written, not even in part


def test_images_just_above_the_limit_are_refused_too(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between Pillow's limit and twice it, Pillow only warns: a warning refuses too."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 2_000_000)
    picture = encoded(Image.new("L", (1500, 1500)), "PNG")
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": with_hero("media/bild.png")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / "bild.png").write_bytes(picture)
    found = problems(root, tmp_path / "site")
    assert found == [
        f"{ALLIANCE}/alliance.md:6:9: the image 'bild.png' is 1500 × 1500 pixels, more than "
        "can be processed safely (2 megapixels at most)"
    ]


def test_bad_images_are_explained_in_german(make_content: MakeContent, tmp_path: Path) -> None:
    i18n.use("de")
    root = make_content(
        {
            **SITE,
            f"{ALLIANCE}/news/bericht.md": news_with(
                "media/eigentlich-png.jpg", "media/bewegt.gif"
            ),
            f"{ALLIANCE}/media/eigentlich-png.jpg": BAD["eigentlich-png.jpg"],
            f"{ALLIANCE}/media/bewegt.gif": BAD["bewegt.gif"],
        }
    )
    with pytest.raises(ContentError) as caught:
        build(Options(root, tmp_path / "site", today=TODAY))
    lying, animated = caught.value.problems
    assert lying.message == "'eigentlich-png.jpg' ist ein PNG-Bild, sein Name endet aber auf '.jpg'"
    assert lying.hint == "benennen Sie die Datei in 'eigentlich-png.png' um"
    assert animated.message == (
        "das Bild 'bewegt.gif' ist animiert: veröffentlicht werden nur Standbilder"
    )
    assert str(caught.value).startswith("2 Probleme in 1 Datei")


def sixteen_bit_png(width: int, height: int, grey: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0)  # 16 bits, RGB
    row = b"\0" + struct.pack(">HHH", grey, grey // 2, 0) * width
    pixels = zlib.compress(row * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "data", "colour"),
    [
        ("cmyk.jpg", encoded(Image.new("CMYK", (64, 48), (0, 255, 255, 0)), "JPEG"), (237, 28, 36)),
        ("tief.png", sixteen_bit_png(64, 48, 0xC000), (192, 96, 0)),
        ("grau.png", encoded(Image.new("I;16", (64, 48), 0x8000), "PNG"), (128, 128, 128)),
    ],
)
def test_cmyk_and_16_bit_images_are_converted(
    make_content: MakeContent, tmp_path: Path, name: str, data: bytes, colour: tuple[int, ...]
) -> None:
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": with_hero(f"media/{name}")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / name).write_bytes(data)
    image = Image.open(io.BytesIO(built(root, tmp_path / "site")[f"musterstadt/media/{name}"]))
    assert image.mode == "RGB"
    pixel = image.getpixel((10, 10))
    assert all(abs(a - b) <= 40 for a, b in zip(pixel, colour, strict=True)), pixel


# Cached by content, processed once; serve reads no unchanged photo again


def test_processed_photos_are_kept_and_an_unchanged_photo_is_not_read_again(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = encoded(Image.new("RGB", (900, 600), "olive"), "JPEG")
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": with_hero("media/bild.jpg")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / "bild.jpg").write_bytes(picture)
    options = Options(root, tmp_path / "site", today=TODAY, cache_dir=tmp_path / "cache")
    first = Engine(options)
    outputs = first.render().outputs
    first.keep()
    assert len(list((tmp_path / "cache").glob("photos-*/*.marshal"))) == 1

    def refuse(*arguments: object) -> object:
        raise AssertionError("processed again")

    monkeypatch.setattr(photos, "process", refuse)
    engine = Engine(options)
    (root / "site.yaml").write_text("title: Neu\nbase_url: https://example.org/\n")
    rendered = engine.render()
    assert {o.path: o.content for o in rendered.outputs if "media" in str(o.path)} == {
        o.path: o.content for o in outputs if "media" in str(o.path)
    }
    monkeypatch.setattr(photos.hashlib, "file_digest", refuse)
    (root / "site.yaml").write_text("title: Neuer\nbase_url: https://example.org/\n")
    engine.render([root / "site.yaml"])  # the photo's stamp is unchanged: not read


def test_a_photo_added_while_previewing_is_kept_at_once(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": with_hero("media/bild.jpg")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / "bild.jpg").write_bytes(
        encoded(Image.new("RGB", (60, 40)), "JPEG")
    )
    cache = tmp_path / "cache"
    engine = Engine(Options(root, tmp_path / "site", today=TODAY, cache_dir=cache))
    engine.rebuild()
    added = root / ALLIANCE / "media" / "neu.png"
    added.write_bytes(encoded(Image.new("RGB", (30, 20), "red"), "PNG"))
    engine.rebuild([added])
    assert len(list(cache.glob("photos-*/*.marshal"))) == 2
