"""Photos as pages show them: upright, in sRGB, without what the camera recorded, in a few
widths, as WebP and in their own format.

Every raster image of the content's media is published this way, never as it is: a phone
photo carries its GPS position, the camera's serial number and a thumbnail (which may show
what was cropped away), and it is many times larger than a page needs. The camera's
orientation is applied first, colour profiles are converted to sRGB (the web's default, so
the published files carry none), and every other piece of metadata stays behind: the files
are encoded anew from pixels alone. The file at the image's own name is its largest width.

Processing is slow and the same bytes always give the same files, so each image is processed
once: by a digest of its bytes, the settings and the code, kept in memory for the engine's
life and with a cache folder on disk. An unchanged file (by its stamp) is not even read again.
New images are processed on all cores.

Pages learn an image's size and files from a tracked ``Photo`` (see reads.py): a page that
shows a photo is rendered again exactly when that photo's published files change.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import math
import shutil
import warnings
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from pathlib import PurePosixPath
from typing import Any

from PIL import Image
from PIL import ImageCms
from PIL import ImageOps
from PIL import UnidentifiedImageError

from alliancegen.cache import DAMAGED
from alliancegen.cache import code_version
from alliancegen.cache import store
from alliancegen.cache import stored
from alliancegen.errors import ContentError
from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.filters import path_url
from alliancegen.i18n import _
from alliancegen.load import Stamp
from alliancegen.load import nfc
from alliancegen.load import stamp
from alliancegen.media import RASTER
from alliancegen.model.entities import Alliance
from alliancegen.reads import Tracked
from alliancegen.render import Copied
from alliancegen.render import Output
from alliancegen.routes import section_url
from alliancegen.workers import in_shares

EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "AVIF": "image/avif",
}
WIDTHS = (480, 960, 1600)
"""The widths published, those narrower than the image, and its own width when it is at most
the largest: a phone, a tablet or half a screen, a full screen."""
SOCIAL = (1200, 630)
"""The size of a social preview (Open Graph, 1.91:1), cropped to cover."""
ENCODING: dict[str, dict[str, Any]] = {
    "JPEG": {"quality": 82, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "GIF": {},
    "WEBP": {"quality": 80, "method": 4},
    "AVIF": {"quality": 60},
}
"""WebP rather than AVIF for every image: all current browsers show both, but encoding AVIF
takes about three times as long (bench/README.md) for a few percent fewer bytes."""
VERSION = 1
"""Raise when processing changes in a way the settings above do not show."""
_SETTINGS = repr((VERSION, WIDTHS, SOCIAL, sorted(ENCODING.items()))).encode()

Processed = tuple[int, int, tuple[tuple[int, str, bytes], ...], tuple[int, int, bytes]]
"""An image processed: its upright width and height, its variants (width, format, bytes),
the largest of its own format last, and its social preview (width, height, JPEG bytes)."""
Placed = tuple[PurePosixPath, Path, bytes]
"""A published image: where its file goes, the file in the content, the key of its bytes."""


@dataclass(frozen=True)
class Photo(Tracked):
    """What a page needs to show a processed image; its paths are the site's, without the
    base path."""

    slug: str
    """Where the image is published under its own name, e.g. 'ilmenau/media/fest.jpg'."""
    width: int
    height: int
    """The size of its largest variant, for width= and height=."""
    src: str
    """The largest variant in the image's own format."""
    sources: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]
    """Per format (MIME type), the variants as (path, width); WebP first, the image's own
    format last."""
    social: tuple[str, int, int]
    """The social preview: path, width, height."""


@dataclass(frozen=True)
class Gallery(Tracked):
    """Every published photo of a build: a root of the index, so each is a tracked object."""

    photos: tuple[Photo, ...]


@dataclass(frozen=True)
class Published:
    """The photos of a build: what pages read, the files, and what was placed where."""

    gallery: Gallery
    outputs: tuple[Output, ...]
    placed: tuple[Placed, ...]
    claims: tuple[Copied, ...]
    """Each output path with the content file it comes from, for ``check_outputs``."""


class Refused(Exception):
    """An image that is not published: why, and what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message, hint)  # both, so that a worker process can send it
        self.message, self.hint = message, hint


class Photos:
    """Processes the content's images, each distinct one once."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.folder = cache_dir / f"photos-{code_version()}" if cache_dir else None
        self._keys: dict[Path, tuple[Stamp, bytes]] = {}
        """The key of each file's bytes by its stamp: a file not changed is not read."""
        self._done: dict[bytes, Processed] = {}
        self._unsaved: set[bytes] = set()

    def publish(
        self, files: Sequence[Copied], locate: Callable[[Path], list[Location]]
    ) -> Published:
        """Every image of ``files`` (output path, content file) processed; raise ContentError
        naming every image that cannot be published, where ``locate`` finds the fields that
        name it (the file itself when none does)."""
        placed, problems = [], []
        for output, source in files:
            try:
                placed.append((output, source, self._key(source)))
            except OSError as error:
                problems.append(Problem(Location(source), _unreadable(error), ""))
        problems += self._process([(source, key) for _output, source, key in placed], locate)
        if problems:
            raise ContentError(problems)
        self._done = {key: self._done[key] for _output, _source, key in placed}
        self._keys = {source: self._keys[source] for _output, source, _key in placed}
        self._unsaved &= self._done.keys()
        return _published(placed, self._done)

    def again(self, placed: Iterable[Placed]) -> list[Output] | None:
        """The files of images placed by an earlier build, from the cache; None when one of
        them is not there."""
        outputs = []
        for output, _source, key in placed:
            processed = self._done.get(key) or self._stored(key)
            if processed is None:
                return None
            self._done[key] = processed
            outputs += _files(output, key, processed)
        return outputs

    def keep(self) -> None:
        """Save what was processed since the last call, and drop images no longer used and
        other versions' folders from the cache folder. Raises OSError."""
        if self.folder is None:
            return
        for key in sorted(self._unsaved):
            store(self.folder / f"{key.hex()}.marshal", [self._done[key]])
        self._unsaved.clear()
        used = {f"{key.hex()}.marshal" for key in self._done}
        for file in self.folder.glob("*.marshal"):
            if file.name not in used:
                file.unlink(missing_ok=True)
        for other in self.folder.parent.glob("photos-*"):
            if other != self.folder:
                shutil.rmtree(other, ignore_errors=True)

    def _key(self, source: Path) -> bytes:
        """The key of the file's bytes and the processing; the file is read only when its
        stamp changed."""
        current = stamp(source.stat())
        known = self._keys.get(source)
        if known is None or known[0] != current:
            with source.open("rb") as file:
                digest = hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=16))
            digest.update(_SETTINGS + code_version().encode())
            known = self._keys[source] = (current, digest.digest())
        return known[1]

    def _process(
        self, wanted: list[tuple[Path, bytes]], locate: Callable[[Path], list[Location]]
    ) -> list[Problem]:
        """Process the images not processed yet, on all cores; the problems of those refused."""
        todo: dict[tuple[bytes, str], list[Path]] = {}
        """The images to process, by key and name (which messages mention): one file each."""
        for source, key in wanted:
            processed = None if key in self._done else self._stored(key)
            if processed is not None:
                self._done[key] = processed
            elif key not in self._done:
                todo.setdefault((key, source.name), []).append(source)
        problems = []
        first = [(key, sources[0]) for (key, _name), sources in todo.items()]
        results = in_shares(_process_share, first, size=1)
        for (key, source), result in (pair for share in results for pair in share):
            if isinstance(result, Refused):
                for same in todo[key, source.name]:
                    where = locate(same) or [Location(same)]
                    problems += [Problem(place, result.message, result.hint) for place in where]
            else:
                self._done[key] = result
                self._unsaved.add(key)
        return problems

    def _stored(self, key: bytes) -> Processed | None:
        if self.folder is None:
            return None
        with contextlib.suppress(*DAMAGED, StopIteration):
            kept: Processed = next(stored(self.folder / f"{key.hex()}.marshal"))
            return kept
        return None


def _process_share(
    share: Sequence[tuple[bytes, Path]],
) -> list[tuple[tuple[bytes, Path], Processed | Refused]]:
    """Each image of ``share`` processed, or why not (in a worker process)."""
    results: list[tuple[tuple[bytes, Path], Processed | Refused]] = []
    for key, source in share:
        try:
            results.append(((key, source), process(source.read_bytes(), source.name)))
        except Refused as refused:
            results.append(((key, source), refused))
        except OSError as error:
            results.append(((key, source), Refused(_unreadable(error), "")))
    return results


def _unreadable(error: OSError) -> str:
    return _("cannot read the image: {reason}", reason=error.strerror or error)


def process(data: bytes, name: str) -> Processed:
    """The published variants of the image ``data`` from a file called ``name``; raise
    Refused when it cannot be published."""
    image, full = _opened(data, name)
    image = _pixels(image, name)
    widths = [width for width in WIDTHS if width < full[0]]
    widths += [full[0]] if full[0] <= WIDTHS[-1] else []
    own = image.format or "PNG"
    formats = dict.fromkeys(["WEBP", own])
    variants = []
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        variants += [(width, kind, _encoded(resized, kind)) for kind in formats]
    variants.sort(key=lambda variant: (variant[1] == own, variant[0]))
    largest = variants[-1][0]
    return full[0], full[1], tuple(variants), _social(image, largest)


def _opened(data: bytes, name: str) -> tuple[Image.Image, tuple[int, int]]:
    """The image, checked: its format is the one its name says, it is not too large for
    memory (Pillow's limit against decompression bombs) nor animated, and it decodes; and
    its full size upright (a JPEG is decoded only as large as needed)."""
    extension = name.rpartition(".")[2].lower()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(set(RASTER.values())))
            if image.format != RASTER[extension]:
                raise _lying(name, image.format or "", extension)
            if getattr(image, "n_frames", 1) > 1:
                raise Refused(
                    _("the image '{name}' is animated: only still images are published", name=name),
                    _(
                        "save one frame as PNG or JPEG; for moving pictures publish a video "
                        "(MP4 or WebM), which visitors can pause"
                    ),
                )
            full = _upright_size(image)
            _draft(image, full)
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _bomb(name, data) from None
    except UnidentifiedImageError:
        raise Refused(
            _("'{name}' is not an image that browsers show, or it is damaged", name=name),
            _("open it in an image program and save it again as JPEG or PNG"),
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise Refused(
            _("the image '{name}' is damaged or incomplete (it ends too early)", name=name),
            _("copy or export the picture again and replace the file"),
        ) from None
    return image, full


def _lying(name: str, actual: str, extension: str) -> Refused:
    suggestion = f"{name.rpartition('.')[0]}.{EXTENSIONS.get(actual, 'png')}"
    return Refused(
        _(
            "'{name}' is a {format} image, but its name ends in '.{extension}'",
            name=name,
            format=actual,
            extension=extension,
        ),
        _("rename it to '{suggestion}'", suggestion=suggestion),
    )


def _bomb(name: str, data: bytes) -> Refused:
    """Pillow refuses to decode images above its limit (Image.MAX_IMAGE_PIXELS): a small
    file may unpack into gigabytes (a decompression bomb)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            width, height = Image.open(io.BytesIO(data)).size
        finally:
            Image.MAX_IMAGE_PIXELS = limit
    return Refused(
        _(
            "the image '{name}' is {width} × {height} pixels, more than can be processed "
            "safely ({megapixels} megapixels at most)",
            name=name,
            width=width,
            height=height,
            megapixels=(limit or 0) // 1_000_000,
        ),
        _("scale it down in an image program, e.g. to 4000 pixels wide, and replace the file"),
    )


_ROTATED = frozenset({5, 6, 7, 8})
"""EXIF orientations that turn the picture by a quarter: width and height swap."""


def _upright_size(image: Image.Image) -> tuple[int, int]:
    width, height = image.size
    return (height, width) if image.getexif().get(0x0112) in _ROTATED else (width, height)


def _draft(image: Image.Image, full: tuple[int, int]) -> None:
    """Let a JPEG decode at a half, quarter or eighth of its size when the largest variant
    and the social preview still have enough pixels: a 12-megapixel photo decodes in a
    quarter of the time and memory."""
    scale = max(WIDTHS[-1] / full[0], SOCIAL[0] / full[0], SOCIAL[1] / full[1])
    if scale < 1:
        width, height = math.ceil(image.width * scale), math.ceil(image.height * scale)
        image.draft(image.mode, (width, height))


def _pixels(image: Image.Image, name: str) -> Image.Image:
    """The picture upright, in sRGB, 8 bits per channel, RGB or RGBA, without metadata."""
    own = image.format
    try:
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError):
        raise Refused(
            _("the image '{name}' has damaged camera data (EXIF)", name=name),
            _("copy or export the picture again and replace the file"),
        ) from None
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):  # 16-bit grey: to 8 bits
        image = image.convert("I").point(lambda value: value * (1 / 257)).convert("L")
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    mode = "RGBA" if alpha else "RGB"
    profile = image.info.get("icc_profile")
    converted = _to_srgb(image, profile, mode) if profile else None
    image = converted or image.convert(mode)
    image.info = {}
    image.format = own
    return image


_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(image: Image.Image, profile: bytes, mode: str) -> Image.Image | None:
    """The image converted from its colour profile to sRGB; None when the profile does not
    fit the image or is damaged (then its values are taken as sRGB)."""
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert(mode)
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return None


def _encoded(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **ENCODING[kind])
    return buffer.getvalue()


def _social(image: Image.Image, largest: int) -> tuple[int, int, bytes]:
    """The social preview: the picture cropped to cover 1.91:1, at most 1200 × 630, on white
    where it is transparent."""
    scale = min(1.0, image.width / SOCIAL[0], image.height / SOCIAL[1], largest / SOCIAL[0])
    size = (max(1, round(SOCIAL[0] * scale)), max(1, round(SOCIAL[1] * scale)))
    cropped = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    if cropped.mode == "RGBA":
        cropped = Image.alpha_composite(Image.new("RGBA", size, "white"), cropped)
    return size[0], size[1], _encoded(cropped.convert("RGB"), "JPEG")


def _variant_path(original: PurePosixPath, key: bytes, label: str, kind: str) -> PurePosixPath:
    """'media/fest.jpg' -> 'media/fest-480w-1a2b3c4d.webp': the key in the name, so that a
    browser never shows an earlier picture from its cache."""
    return original.with_name(f"{original.stem}-{label}-{key.hex()[:8]}.{EXTENSIONS[kind]}")


def _files(output: PurePosixPath, key: bytes, processed: Processed) -> list[Output]:
    """The files of one published image: its variants, its social preview, and its largest
    variant in its own format under its own name."""
    _width, _height, variants, (social_width, social_height, social) = processed
    files = [
        Output(_variant_path(output, key, f"{width}w", kind), data)
        for width, kind, data in variants
    ]
    files.append(
        Output(_variant_path(output, key, f"{social_width}x{social_height}", "JPEG"), social)
    )
    files.append(Output(output, variants[-1][2]))
    return files


def _published(placed: list[Placed], done: dict[bytes, Processed]) -> Published:
    photos, outputs, claims = [], [], []
    for output, source, key in placed:
        files = _files(output, key, done[key])
        outputs += files
        claims += [(file.path, source) for file in files]
        photos.append(_photo(output, done[key], files))
    return Published(Gallery(tuple(photos)), tuple(outputs), tuple(placed), tuple(claims))


def _photo(output: PurePosixPath, processed: Processed, files: list[Output]) -> Photo:
    """What pages read of an image: ``files`` are its variants in order, then its social
    preview."""
    width, height, variants, (social_width, social_height, _data) = processed
    paths = [str(file.path) for file in files]
    by_type: dict[str, list[tuple[str, int]]] = {}
    for path, (variant, kind, _bytes) in zip(paths, variants, strict=False):
        by_type.setdefault(TYPES[kind], []).append((path, variant))
    largest = variants[-1][0]
    return Photo(
        slug=str(output),
        width=largest,
        height=max(1, round(height * largest / width)),
        src=paths[len(variants) - 1],
        sources=tuple((kind, tuple(found)) for kind, found in by_type.items()),
        social=(paths[len(variants)], social_width, social_height),
    )


def photo_globals(gallery: Gallery, base_path: str) -> dict[str, Any]:
    """The template helpers for processed images: ``photo(alliance, file)`` is the Photo of a
    media file as an image field names it (None for a file not processed, such as SVG), and
    ``srcset(variants)`` the srcset= of one of its sources."""
    photos = {photo.slug: photo for photo in gallery.photos}

    def photo(alliance: Alliance | None, file: str) -> Photo | None:
        return photos.get(nfc((section_url(alliance.slug) if alliance else "") + file))

    def srcset(variants: Iterable[tuple[str, int]]) -> str:
        return ", ".join(f"{base_path}{path_url(path)} {width}w" for path, width in variants)

    return {"photo": photo, "srcset": srcset}
