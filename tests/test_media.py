"""Media files and output paths: which files are published, under which name and address, and
what is refused as a located problem instead of being served, overwritten or crashing a build.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from pathlib import PurePath
from urllib.parse import unquote
from urllib.parse import urljoin
from urllib.parse import urlsplit

import pytest

from alliancegen import i18n
from alliancegen import pipeline
from alliancegen.config import Options
from alliancegen.errors import ContentError
from alliancegen.errors import Problem
from alliancegen.load import load_content
from alliancegen.media import PUBLISHED
from alliancegen.media import RASTER
from alliancegen.media import is_photo
from alliancegen.write import MARKER
from tests.conftest import MakeContent
from tests.conftest import described
from tests.conftest import picture
from tests.videos import WEBVTT
from tests.videos import mp4
from tests.videos import webm

TODAY = date(2026, 11, 26)
BASE_URL = "https://example.org/buendnis/"
ALLIANCE = "alliances/musterstadt"
SITE = {"site.yaml": f"title: Testseite\nbase_url: {BASE_URL}\n"}


def reads_everything() -> bool:
    """Whether this process reads files of mode 000, as root does (unless it runs without
    the capability CAP_DAC_OVERRIDE); there, unreadable files are simulated."""
    with tempfile.TemporaryDirectory() as folder:
        locked = Path(folder, "locked")
        locked.touch(mode=0)
        try:
            locked.read_bytes()
        except PermissionError:
            return False
        return True


def quoted(text: str) -> str:
    """``text`` as a YAML string in double quotes (JSON is YAML), whatever it holds."""
    return json.dumps(text, ensure_ascii=False)


def hero(file: str) -> str:
    """An alliance.md that shows ``file`` as its hero image."""
    return (
        "---\nname: Bündnis Musterstadt\ntown: Musterstadt\nstate: Hessen\n"
        f"hero: {{file: {quoted(file)}, alt: Ein Bild, credit: Anna A.}}\n---\n"
    )


def attachments(*files: str) -> str:
    """A news item with ``files`` as attachments."""
    listed = ", ".join(f"{{title: Datei {n}, file: {quoted(f)}}}" for n, f in enumerate(files))
    return f"---\ntitle: Bericht\ndate: 2026-02-01\nattachments: [{listed}]\n---\n"


def check_problems(root: Path) -> list[str]:
    """What ``alliancegen check`` reports, as 'path:line:column: message' lines, sorted."""
    with pytest.raises(ContentError) as caught:
        pipeline.check(root)
    return sorted(described(caught.value.problems, root))


def build_problems(root: Path, output: Path) -> tuple[Problem, ...]:
    """What a build reports; the build must fail."""
    with pytest.raises(ContentError) as caught:
        pipeline.build(Options(root, output, today=TODAY))
    return caught.value.problems


def build(root: Path, output: Path) -> dict[str, bytes]:
    """Build ``root`` into ``output``; every file written, by its path."""
    pipeline.build(Options(root, output, today=TODAY))
    return files_of(output)


def files_of(output: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, with its bytes."""
    return {
        path.relative_to(output).as_posix(): path.read_bytes()
        for path in output.rglob("*")
        if path.is_file() and path.name != MARKER
    }


# Only kinds of files that a browser shows without running anything are published


@pytest.mark.parametrize(
    "name",
    [
        "seite.html",
        "seite.HTM",
        "seite.xhtml",
        "seite.shtml",
        "archiv.mhtml",
        "daten.xml",
        "skript.js",
        "modul.mjs",
        "stil.css",
        "bild.svgz",
        "liesmich",
        "notizen.txt",
        "bild.php.jpg",
        "seite.shtml.pdf",
        "skript.cgi.png",
    ],
)
def test_media_that_a_browser_could_run_are_refused_by_check_and_build(
    make_content: MakeContent, tmp_path: Path, name: str
) -> None:
    root = make_content({**SITE, f"{ALLIANCE}/media/{name}": b"<script>alert(1)</script>"})
    [problem] = check_problems(root)
    assert problem.startswith(f"{ALLIANCE}/media/{name}:1:1: ")
    assert "is not published" in problem or "some web servers run such a file" in problem
    output = tmp_path / "build"
    assert build_problems(root, output) and not output.exists()


def test_a_refused_media_file_says_what_may_be_published_and_where_pages_belong(
    make_content: MakeContent,
) -> None:
    root = make_content({**SITE, "media/seite.html": b"<p>Hallo</p>"})
    [problem] = load_content(root).problems
    assert problem.message.startswith("a .html file in media/ is not published")
    assert "write the page as Markdown in pages/" in problem.hint
    assert "jpg" in problem.hint and "pdf" in problem.hint


def test_a_refused_media_file_is_explained_in_german(make_content: MakeContent) -> None:
    i18n.use("de")
    root = make_content({**SITE, "media/seite.html": b"<p>Hallo</p>", "media/bild": b"x"})
    first, second = load_content(root).problems
    assert first.message == (
        "eine Datei ohne Endung in media/ wird nicht veröffentlicht: nur Bilder, PDF, "
        "Office-Dokumente, Audio und Video"
    )
    assert second.message.startswith("eine .html-Datei in media/ wird nicht veröffentlicht")
    assert "schreiben Sie die Seite als Markdown in pages/" in second.hint


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bericht.pdf", b"\x00bytes"),
        ("plan.docx", b"\x00bytes"),
        ("film.mp4", mp4()),
        ("film.webm", webm()),
        ("film.vtt", WEBVTT),
        ("ton.mp3", b"\x00bytes"),
    ],
)
def test_documents_audio_and_video_are_published_as_they_are(
    make_content: MakeContent, tmp_path: Path, name: str, data: bytes
) -> None:
    """Raster images are published processed (tests/test_photos.py); videos and captions
    are checked to be what their names say (tests/test_video.py)."""
    root = make_content(
        {**SITE, "news/bericht.md": attachments(f"media/{name}"), f"media/{name}": data}
    )
    assert build(root, tmp_path / "build")[f"media/{name}"] == data


def test_a_refused_file_that_content_refers_to_is_one_problem_not_two(
    make_content: MakeContent,
) -> None:
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": hero("media/bild.html")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / "bild.html").write_bytes(b"<script>alert(1)</script>")
    assert check_problems(root) == [
        f"{ALLIANCE}/media/bild.html:1:1: a .html file in media/ is not published: only images, "
        "PDF, office documents, audio and video are"
    ]


def test_the_allow_list_holds_no_kind_a_browser_runs() -> None:
    assert PUBLISHED.isdisjoint({"html", "htm", "xhtml", "xml", "js", "mjs", "css", "svgz"})


# SVG is published only when it holds drawing and nothing else

CLEAN_SVG = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
     viewBox="0 0 10 10" inkscape:version="1.2">
  <metadata><rdf:RDF><cc:Work rdf:about="">
    <cc:license rdf:resource="http://creativecommons.org/licenses/by/4.0/"/>
  </cc:Work></rdf:RDF></metadata>
  <defs><linearGradient id="g"><stop offset="0" style="stop-color:#fff"/></linearGradient></defs>
  <style>.a { fill: url(#g); }</style>
  <rect class="a" width="10" height="10" fill="url(#g)" style="stroke:url('#g')"/>
  <use xlink:href="#g"/>
  <image href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>
  <a href="#g"><text>Logo</text></a>
</svg>
"""
"""An SVG as Inkscape writes it: metadata with outside addresses that browsers never load,
a gradient used by url(#…), an embedded PNG."""


def svg(body: str, attributes: str = "") -> bytes:
    """An SVG file whose second line is ``body``."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f"{attributes}>\n{body}\n</svg>\n"
    ).encode()


def test_a_clean_svg_is_published_unchanged(make_content: MakeContent, tmp_path: Path) -> None:
    root = make_content({**SITE, f"{ALLIANCE}/alliance.md": hero("media/logo.svg")})
    (root / ALLIANCE / "media").mkdir()
    (root / ALLIANCE / "media" / "logo.svg").write_bytes(CLEAN_SVG)
    assert build(root, tmp_path / "build")["musterstadt/media/logo.svg"] == CLEAN_SVG


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (svg("<rect/>", ' onload="alert(1)"'), 1, "an event handler (onload=…)"),
        (svg('<rect ONCLICK="alert(1)"/>'), 2, "an event handler (ONCLICK=…)"),
        (svg("<script>alert(1)</script>"), 2, "a <script> element"),
        (svg('<script xlink:href="https://evil.example/x.js"/>'), 2, "a <script> element"),
        (svg("<foreignObject><p>Text</p></foreignObject>"), 2, "a <foreignObject> element"),
        (svg('<h:iframe xmlns:h="http://www.w3.org/1999/xhtml"/>'), 2, "HTML (<iframe>)"),
        (svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'), 2, "'javascript:alert"),
        (svg('<a href=" JavaScript\t:alert(1)"/>'), 2, "only '#…' links are kept"),
        (svg('<a href="data:text/html,&lt;script>"/>'), 2, "'data:text/html,<script>'"),
        (svg('<image href="data:image/svg+xml,x"/>'), 2, "'data:image/svg+xml,x'"),
        (svg('<image href="https://evil.example/x.png"/>'), 2, "'https://evil.example/x.png'"),
        (svg('<image xlink:href="//evil.example/x.png"/>'), 2, "'//evil.example/x.png'"),
        (svg('<use href="other.svg#a"/>'), 2, "'other.svg#a'"),
        (svg('<g xml:base="https://evil.example/"/>'), 2, "(base=…)"),
        (svg('<set attributeName="href" to="javascript:alert(1)"/>'), 2, "by animation"),
        (svg('<animate attributeName="xlink:href" values="#a;https://x.example/"/>'), 2, "anima"),
        (svg('<rect fill="url(https://evil.example/#a)"/>'), 2, "fill=… loads"),
        (svg('<rect style="cursor:url(//evil.example/c.cur),auto"/>'), 2, "style=… loads"),
        (svg("<style>@import 'https://evil.example/a.css';</style>"), 2, "loads what @import"),
        (svg("<style>a{background:image-set('//x.example/a.png' 1x)}</style>"), 2, "image-set"),
        (svg("<style>a{fill:u&#114;l(https://x.example/a)}</style>"), 2, "'https://x.example/a'"),
        (svg(r"<style>.a{background:u\72l(https://evil.example/)}</style>"), 2, "loads 'https:"),
        (svg(r"<style>.a{background:\75 rl(evil)}</style>"), 2, "loads 'evil'"),
        (
            b'<?xml-stylesheet href="https://evil.example/a.xsl" type="text/xsl"?>\n' + svg(""),
            1,
            "loads a stylesheet",
        ),
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n' + svg("&b;"),
            1,
            "declares entities",
        ),
        (b'<!DOCTYPE svg [<!ATTLIST svg onload CDATA "alert(1)">]>\n' + svg(""), 1, "declares"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><script/></html>', 1, "not an SVG drawing"),
        (svg("<rect>"), 3, "not a well-formed SVG file"),
        (b"\xff\xfe not XML", 1, "not a well-formed SVG file"),
    ],
)
def test_an_svg_that_runs_or_loads_anything_is_refused_where_it_does(
    make_content: MakeContent, content: bytes, line: int, message: str
) -> None:
    root = make_content({**SITE, "media/bild.svg": content})
    problems = check_problems(root)
    assert problems[0].startswith(f"media/bild.svg:{line}:")
    assert any(message in problem for problem in problems), problems


def test_an_svg_changed_between_two_checks_of_one_engine_is_checked_again(
    make_content: MakeContent,
) -> None:
    root = make_content({**SITE, "media/bild.svg": svg("<rect/>")})
    engine = pipeline.Engine(Options(root, root.parent / "build"))
    engine.check()
    (root / "media/bild.svg").write_bytes(svg("<script>alert(1)</script>"))
    with pytest.raises(ContentError) as caught:
        engine.check()
    assert [problem.location.line for problem in caught.value.problems] == [2]


def test_an_entity_bomb_in_an_svg_is_refused_without_expanding_it(
    make_content: MakeContent,
) -> None:
    entities = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 40))
    bomb = f'<!DOCTYPE svg [<!ENTITY e0 "lol">{entities}]>\n'.encode() + svg("&e39;")
    root = make_content({**SITE, "media/bombe.svg": bomb})
    assert check_problems(root) == [
        "media/bombe.svg:1:15: the SVG declares entities or attributes of its own "
        "(<!DOCTYPE svg [ ]>)"
    ]


# Every output path is claimed once: pages, feeds, theme files and media together


def alliance_named(slug: str) -> str:
    """An alliance.md for an alliance whose address is /<slug>/."""
    return f"---\nname: Bündnis {slug}\ntown: Musterstadt\nstate: Hessen\nslug: {slug}\n---\n"


MEDIA = "alliances/anders/media/a.png"


@pytest.mark.parametrize(
    ("slug", "other", "first", "blamed"),
    [
        ("media", "media/media/a.png", MEDIA, "media/media/a.png"),
        ("static", "static/media/a.png", "static/media/a.png", MEDIA),
    ],
    ids=["site-media", "site-static-file"],
)
def test_a_media_file_whose_address_another_file_has_is_refused_naming_both(
    make_content: MakeContent, slug: str, other: str, first: str, blamed: str
) -> None:
    """Theme files are claimed before media, media in order; the later claim is blamed."""
    root = make_content(
        {
            **SITE,
            "alliances/anders/alliance.md": alliance_named(slug),
            MEDIA: b"the alliance's",
            other: b"the site's",
        }
    )
    [problem] = check_problems(root)
    assert problem.startswith(f"{blamed}:1:1: two files want the address /{slug}/media/a.png: ")
    assert problem.endswith(f"the copy of {root}/{first} and the copy of {root}/{blamed}")


def test_a_static_file_at_the_address_of_a_page_is_refused(make_content: MakeContent) -> None:
    root = make_content(
        {
            **SITE,
            "alliances/statisch/alliance.md": alliance_named("static"),
            "static/index.html": b"<p>overwrites the alliance's page</p>",
        }
    )
    [problem] = check_problems(root)
    assert problem.startswith(
        "alliances/statisch/alliance.md:2:1: two files want the address /static/: "
        "the page /static/ (",
    )
    assert problem.endswith(f"and the copy of {root}/static/index.html")


def test_a_file_where_a_page_needs_a_folder_is_refused(make_content: MakeContent) -> None:
    root = make_content(
        {
            **SITE,
            "alliances/statisch/alliance.md": alliance_named("static"),
            "alliances/statisch/pages/impressum.md": "---\ntitle: Impressum\n---\n",
            "static/impressum": b"a file where the page's folder must be",
        }
    )
    [problem] = check_problems(root)
    assert problem.startswith(
        "alliances/statisch/pages/impressum.md:2:1: /static/impressum is a file, and a folder "
        "for the page /static/impressum/"
    )


@pytest.mark.parametrize(
    ("site_name", "alliance_name", "how"),
    [
        ("Foto.jpg", "foto.jpg", "Foto.jpg differs from /media/media/foto.jpg only in upper and"),
        ("FOTO.JPG", "foto.jpg", "only in upper and lower case"),
        ("Grüße.jpg", "GRÜSSE.jpg", "only in upper and lower case"),
    ],
)
def test_addresses_that_differ_only_in_case_are_one_file_on_many_hosts(
    make_content: MakeContent, site_name: str, alliance_name: str, how: str
) -> None:
    root = make_content(
        {
            **SITE,
            "alliances/medien/alliance.md": alliance_named("media"),
            f"alliances/medien/media/{alliance_name}": b"alliance",
            f"media/media/{site_name}": b"site",
        }
    )
    [problem] = check_problems(root)
    assert how in problem


def test_media_of_two_alliances_with_the_same_names_do_not_collide(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content(
        {
            **SITE,
            "alliances/a/alliance.md": alliance_named("a"),
            "alliances/a/media/Foto.jpg": picture(colour="red"),
            "alliances/b/alliance.md": alliance_named("b"),
            "alliances/b/media/Foto.jpg": picture(colour="blue"),
            "media/Foto.jpg": picture(colour="green"),
        }
    )
    files = build(root, tmp_path / "build")
    published = {files["a/media/Foto.jpg"], files["b/media/Foto.jpg"], files["media/Foto.jpg"]}
    assert len(published) == 3


# One file name, two spellings: composed (NFC, as typed) and decomposed (NFD, as macOS writes)

NFC = unicodedata.normalize("NFC", "Schüler Grüße.jpg")
NFD = unicodedata.normalize("NFD", NFC)


@pytest.mark.parametrize(
    ("typed", "on_disk"),
    [(NFC, NFD), (NFD, NFC), (NFC, NFC), (NFD, NFD)],
    ids=["nfc-finds-nfd", "nfd-finds-nfc", "nfc", "nfd"],
)
def test_a_reference_finds_its_file_however_either_spells_accented_letters(
    make_content: MakeContent, tmp_path: Path, typed: str, on_disk: str
) -> None:
    root = make_content(
        {
            **SITE,
            f"{ALLIANCE}/alliance.md": hero(f"media/{typed}"),
            f"{ALLIANCE}/media/{on_disk}": picture(),
        }
    )
    files = build(root, tmp_path / "build")
    assert files[f"musterstadt/media/{NFC}"].startswith(b"\xff\xd8")
    assert f"musterstadt/media/{NFD}" not in files or NFC == NFD
    page = files["musterstadt/index.html"].decode()
    assert 'src="/buendnis/musterstadt/media/Sch%C3%BCler%20Gr%C3%BC%C3%9Fe-8w-' in page


def test_a_static_file_of_the_site_is_published_under_its_composed_name(
    make_content: MakeContent, tmp_path: Path
) -> None:
    root = make_content({**SITE, f"static/{NFD}": b"picture"})
    files = build(root, tmp_path / "build")
    assert files[f"static/{NFC}"] == b"picture"


def test_two_files_that_differ_only_in_composition_are_refused(make_content: MakeContent) -> None:
    root = make_content({**SITE, f"media/{NFC}": b"composed", f"media/{NFD}": b"decomposed"})
    [problem] = check_problems(root)
    assert problem.endswith(
        f"differs from {NFC} only in how its accented letters are encoded (NFC and NFD)"
    ) or problem.endswith(
        f"differs from {NFD} only in how its accented letters are encoded (NFC and NFD)"
    )


# Names with characters that mean something in URLs


def media_bytes(name: str) -> bytes:
    """A file called ``name``: an image when its name says so, else its name."""
    kind = RASTER.get(name.rpartition(".")[2])
    return picture(kind) if kind else name.encode()


AWKWARD_NAMES = [
    "a#b.jpg",
    "was?.pdf",
    "100%.png",
    "100%25.png",
    "mit Leerzeichen.jpg",
    "zitat'.jpg",
    "und&so.jpg",
    "plus+gleich=.jpg",
    "Grüße.pdf",
    "日本.png",
]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]


def missing_targets(output: Path, page: str) -> list[str]:
    """The links of ``page`` into the site that name no file of ``output``, resolved as a
    browser and a web server do: joined with the page's address, the query and fragment
    dropped, percent-encoding decoded."""
    parser = _Links()
    parser.feed((output / page).read_text(encoding="utf-8"))
    missing = []
    for link in parser.links:
        target = urlsplit(urljoin(BASE_URL + page, link))
        if target.netloc != urlsplit(BASE_URL).netloc:
            continue
        path = unquote(target.path).removeprefix(urlsplit(BASE_URL).path)
        path += "index.html" if path.endswith("/") or not path else ""
        if not (output / path).is_file():
            missing.append(link)
    return missing


def test_media_with_awkward_names_are_linked_to_themselves(
    make_content: MakeContent, tmp_path: Path
) -> None:
    content = {f"media/{name}": media_bytes(name) for name in AWKWARD_NAMES}
    quoted = [f"media/{name}" for name in AWKWARD_NAMES]
    alliance = {
        f"{ALLIANCE}/alliance.md": hero("media/a#b.jpg"),
        f"{ALLIANCE}/media/a#b.jpg": picture(),
    }
    root = make_content({**SITE, **content, **alliance, "news/bericht.md": attachments(*quoted)})
    output = tmp_path / "build"
    files = build(root, output)
    for name in AWKWARD_NAMES:
        assert files[f"media/{name}"] == media_bytes(name) or is_photo(PurePath(name))
    for page in ("aktuelles/bericht/index.html", "musterstadt/index.html"):
        assert missing_targets(output, page) == []
    news = (output / "aktuelles/bericht/index.html").read_text(encoding="utf-8")
    assert 'href="/buendnis/media/a%23b.jpg"' in news
    assert 'href="/buendnis/media/was%3F.pdf"' in news
    assert 'href="/buendnis/media/100%25.png"' in news
    assert pipeline.check_links(Options(root, output, today=TODAY)) == ()


# Files that cannot be read, and files that vanish during a build


@pytest.fixture
def refuse_to_read(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """File names that cannot be opened or listed, as if their mode were 000 (also as root)."""
    names: set[str] = set()
    real_open, real_scandir, real_read_bytes = Path.open, os.scandir, Path.read_bytes

    def denied(path: object) -> None:
        if Path(str(path)).name in names:
            raise PermissionError(13, "Permission denied", str(path))

    def open_(path: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        denied(path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    def scandir(path: str):  # type: ignore[no-untyped-def]
        denied(path)
        return real_scandir(path)

    def read_bytes(path: Path) -> bytes:
        denied(path)
        return real_read_bytes(path)

    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.setattr(os, "scandir", scandir)
    return names


HINT_FILE = "let the user who runs alliancegen read it: chmod a+r"


@pytest.mark.parametrize(
    ("unreadable", "where", "what"),
    [
        ("bericht.pdf", "media/bericht.pdf", "file"),
        ("logo.svg", "media/logo.svg", "file"),
        ("media", "media", "folder"),
        ("neu.md", "news/neu.md", "file"),
        ("news", "news", "folder"),
        ("eigen.css", "static/eigen.css", "file"),
    ],
)
def test_what_cannot_be_read_is_a_located_problem_in_check_and_build(
    make_content: MakeContent,
    tmp_path: Path,
    refuse_to_read: set[str],
    unreadable: str,
    where: str,
    what: str,
) -> None:
    root = make_content(
        {
            **SITE,
            "media/bericht.pdf": b"%PDF",
            "media/logo.svg": svg(""),
            "news/neu.md": "---\ntitle: Neu\ndate: 2026-01-01\n---\n",
            "static/eigen.css": "body { color: black; }\n",
        }
    )
    refuse_to_read.add(unreadable)
    message = f"{where}:1:1: cannot read the {what}: permission denied"
    if unreadable != "eigen.css":  # the site's static files are read when the theme is
        assert check_problems(root) == [message]
    [problem] = build_problems(root, tmp_path / "build")
    assert described((problem,), root) == [message]
    assert problem.hint.startswith(HINT_FILE)


WITHOUT_OVERRIDE = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]
"""Runs a command as this user, but bound by file permissions even when that user is root."""


@pytest.mark.skipif(
    reads_everything() and not shutil.which("setpriv"),
    reason="this user reads files of mode 000, and setpriv cannot make it stop",
)
@pytest.mark.parametrize(
    ("path", "mode", "problem"),
    [
        ("media/bericht.pdf", 0o000, "media/bericht.pdf:1:1: cannot read the file"),
        ("media", 0o000, "media:1:1: cannot read the folder"),
        ("media", 0o444, "media/bericht.pdf:1:1: cannot read the file"),  # listed, not entered
    ],
)
def test_files_and_folders_without_permissions_are_located_problems(
    make_content: MakeContent, path: str, mode: int, problem: str
) -> None:
    root = make_content({**SITE, "media/bericht.pdf": b"%PDF"})
    (root / path).chmod(mode)
    try:
        if reads_everything():
            command = [*WITHOUT_OVERRIDE, sys.executable, "-m", "alliancegen", "check"]
            checked = subprocess.run(
                [*command, "--content", str(root)], capture_output=True, text=True, check=False
            )
            assert f"{root}/{problem}: permission denied" in checked.stdout + checked.stderr
        else:
            assert check_problems(root) == [f"{problem}: permission denied"]
    finally:
        (root / path).chmod(0o755)


def test_a_media_file_that_becomes_unreadable_during_the_build_is_named(
    make_content: MakeContent,
    tmp_path: Path,
    refuse_to_read: set[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_content({**SITE, "media/bericht.pdf": b"%PDF"})
    check_outputs = pipeline.check_outputs

    def then_unreadable(*args: object) -> None:
        check_outputs(*args)  # type: ignore[arg-type]
        refuse_to_read.add("bericht.pdf")

    monkeypatch.setattr(pipeline, "check_outputs", then_unreadable)
    [problem] = build_problems(root, tmp_path / "build")
    assert described((problem,), root) == [
        "media/bericht.pdf:1:1: cannot read the file: permission denied"
    ]


def test_a_media_file_removed_during_the_build_is_named_and_the_old_site_stays(
    make_content: MakeContent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_content({**SITE, "media/bericht.pdf": b"%PDF", "media/foto.pdf": b"%PDF 2"})
    output = tmp_path / "build"
    before = build(root, output)
    check_outputs = pipeline.check_outputs

    def then_removed(*args: object) -> None:
        check_outputs(*args)  # type: ignore[arg-type]
        (root / "media/foto.pdf").unlink()

    monkeypatch.setattr(pipeline, "check_outputs", then_removed)
    [problem] = build_problems(root, output)
    assert described((problem,), root) == [
        "media/foto.pdf:1:1: the file was removed while the site was built"
    ]
    assert problem.hint == "build again once the content folder is complete"
    assert files_of(output) == before
