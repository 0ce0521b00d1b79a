"""How the theme's Arabic-script font was made: Noto Sans Arabic, cut to the Arabic blocks.

    apt-get download fonts-noto-core          # Debian 12: fonts-noto-core 20201225-1
    dpkg-deb -x fonts-noto-core_*.deb /tmp/noto
    python3 -m venv /tmp/fontvenv && /tmp/fontvenv/bin/pip install fonttools brotli
    /tmp/fontvenv/bin/python bench/arabic_font.py /tmp/noto/usr/share/fonts/truetype/noto

writes ``themes/default/static/fonts/noto-sans-arabic-{regular,bold}.woff2`` (Noto Sans
Arabic 2.005, SIL Open Font License 1.1: ``OFL.txt`` beside them) and prints their sizes.
Run once by hand, the result is committed; fontTools and brotli are no dependencies of
alliancegen. The glyphs kept are those of ``BLOCKS`` (Arabic, Arabic Supplement, Arabic
Extended-A, Presentation Forms A and B: Arabic, Persian, Urdu, Pashto, Kurdish letters,
digits and punctuation), the joiners and direction marks, and what shaping needs (every
OpenType feature, the dotted circle for a lone mark); hinting is dropped. The stylesheet's
``unicode-range`` names the same blocks, so that a browser fetches the font only for a page
that has Arabic-script text.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools import subset  # type: ignore[import-not-found]

THEME_FONTS = Path(__file__).resolve().parent.parent / "themes/default/static/fonts"
BLOCKS = ["U+0600-06FF", "U+0750-077F", "U+08A0-08FF", "U+FB50-FDFF", "U+FE70-FEFF"]
"""As in site.css's @font-face unicode-range."""
SHAPING = ["U+0020", "U+00A0", "U+200C-200F", "U+25CC"]
"""Space, no-break space, zero-width non-joiner and joiner, the direction marks, and the
dotted circle a shaper shows a mark without its letter on."""
WEIGHTS = {"Regular": "regular", "Bold": "bold"}


def cut(source: Path, target: Path) -> None:
    """Subset ``source`` to the Arabic blocks as WOFF2 at ``target``."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(",".join(BLOCKS + SHAPING)))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("noto", type=Path, help="the folder with NotoSansArabic-*.ttf")
    arguments = parser.parse_args()
    THEME_FONTS.mkdir(parents=True, exist_ok=True)
    for weight, name in WEIGHTS.items():
        target = THEME_FONTS / f"noto-sans-arabic-{name}.woff2"
        cut(arguments.noto / f"NotoSansArabic-{weight}.ttf", target)
        print(f"{target.name}: {target.stat().st_size} bytes")  # noqa: T201


if __name__ == "__main__":
    main()
