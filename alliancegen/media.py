"""Which media files the site publishes: only kinds a browser shows without running anything.

A file in media/ is served from the site's own address, so whatever a browser runs in it runs
as the site. The file's extension decides what web servers call it (Content-Type), and that
decides what the browser does: HTML, XHTML, XML and scripts run; images, PDF, office documents,
audio and video are shown by viewers that run nothing of the site's. SVG is XML that may hold
scripts, so an SVG file is read and published only when it holds drawing and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from pathlib import PurePath
from typing import BinaryIO
from xml.parsers import expat

from alliancegen.errors import Location
from alliancegen.errors import Problem
from alliancegen.errors import unreadable
from alliancegen.i18n import N_
from alliancegen.i18n import _
from alliancegen.video import is_video
from alliancegen.video import video_problems

RASTER = {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP", "avif": "AVIF"}
"""Raster images by extension, with the format (Pillow's name) their bytes must have; they
are published processed (photos.py)."""

PUBLISHED = frozenset(
    {
        *RASTER,
        "pdf",
        *("odt", "ods", "odp", "docx", "xlsx", "pptx"),  # office documents without macros
        *("mp3", "mp4", "webm", "vtt"),  # audio, video and their captions
        "svg",  # after a check: see svg_problems
    }
)
"""Extensions of media files that are published, in lower case."""

SERVER_SIDE = frozenset(
    {
        *("php", "php3", "php4", "php5", "php7", "php8", "phtml", "phar"),
        *("cgi", "fcgi", "pl", "py", "rb", "asp", "aspx", "jsp", "shtml", "shtm", "stm"),
    }
)
"""Extensions that a web server may hand to a program wherever they stand in a name: Apache
maps each extension of 'bild.php.jpg' (the type from the last, a handler from any)."""

SVG = "http://www.w3.org/2000/svg"
_LIVE_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "HTML",
    "http://www.w3.org/1998/Math/MathML": "MathML",
    "http://www.w3.org/1999/XSL/Transform": "XSLT",
    "http://www.w3.org/2001/xml-events": "XML Events",
}
"""Namespaces whose elements browsers act on besides SVG's; those of other namespaces
(an editor's metadata: Inkscape, Adobe, RDF) are inert."""
_LIVE_ELEMENTS = frozenset({"script", "foreignObject", "handler", "listener"})
_ANIMATIONS = frozenset({"set", "animate", "animateMotion", "animateTransform", "discard"})
_LINKS = frozenset({"href", "src", "base"})
"""Attributes (in any namespace: xlink:href, xml:base) that make the browser load something."""
_EMBEDDED_IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp|avif)[;,]")
_SCRIPT_URL = re.compile(r"(javascript|vbscript):")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}\s?|.)", re.DOTALL)
_CSS_LOAD = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)|@import|image-set\(", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]+")

SVG_HINT = N_(
    "publish drawings only: export the SVG again as 'plain SVG' (Inkscape) or with SVGO, "
    "or save it as PNG"
)


def media_problem(name: str) -> tuple[str, str] | None:
    """Why a media file named ``name`` is not published (message and hint), or None."""
    extensions = [part.lower() for part in name.split(".")[1:]]
    if not extensions or extensions[-1] not in PUBLISHED:
        message = (
            _(
                "a .{extension} file in media/ is not published: only images, PDF, office "
                "documents, audio and video are",
                extension=extensions[-1],
            )
            if extensions
            else _(
                "a file without extension in media/ is not published: only images, PDF, office "
                "documents, audio and video are"
            )
        )
        hint = _(
            "web pages and scripts cannot be media: write the page as Markdown in pages/; "
            "media may be {extensions}",
            extensions=", ".join(sorted(PUBLISHED)),
        )
        return message, hint
    runnable = SERVER_SIDE.intersection(extensions[:-1])
    if runnable:
        extension = min(runnable)
        return (
            _(
                "the name holds '.{extension}': some web servers run such a file as a program, "
                "whatever it ends with",
                extension=extension,
            ),
            _(
                "rename it without '.{extension}', e.g. with '-' instead of '.'",
                extension=extension,
            ),
        )
    return None


def is_photo(path: PurePath) -> bool:
    """Whether the media file at ``path`` is a raster image, published processed."""
    return path.suffix.lower().lstrip(".") in RASTER


def media_problems(path: Path) -> list[Problem]:
    """Why the media file at ``path`` is not published (its kind, what an SVG holds, a video
    or captions file that is not what its name says, or that it cannot be read); nothing
    when it is."""
    refused = media_problem(path.name)
    if refused:
        return [Problem(Location(path), *refused)]
    extension = path.suffix.lower()
    if is_video(path):
        return video_problems(path)
    try:
        with path.open("rb") as file:
            if extension == ".vtt":
                return captions_problems(path, file)
            return svg_problems(path, file) if extension == ".svg" else []
    except OSError as error:
        return [unreadable(path, error)]


def captions_problems(path: Path, file: BinaryIO) -> list[Problem]:
    """Whether the captions ``file`` is WebVTT: text that starts with 'WEBVTT'."""
    start = file.read(10).removeprefix(b"\xef\xbb\xbf")
    if start[:6] == b"WEBVTT" and start[6:7] in (b"", b" ", b"\t", b"\n", b"\r"):
        return []
    return [
        Problem(
            Location(path),
            _("'{name}' is not a WebVTT file: its first line must be 'WEBVTT'", name=path.name),
            _(
                "save the captions as WebVTT (.vtt); a SubRip file (.srt) becomes one with "
                "the line 'WEBVTT' on top and '.' instead of ',' in the times"
            ),
        )
    ]


def svg_problems(path: Path, file: BinaryIO) -> list[Problem]:
    """Everything in the SVG ``file`` that a browser would run or load from elsewhere."""
    checker = _SvgChecker(path)
    try:
        checker.parser.ParseFile(file)
    except expat.ExpatError as error:
        where = Location(path, error.lineno, error.offset + 1)
        message = expat.ErrorString(error.code)
        message = _("this is not a well-formed SVG file: {reason}", reason=message)
        return [Problem(where, message, _(SVG_HINT))]
    except _Refused:
        pass
    return checker.problems


class _Refused(Exception):
    """Stops reading: what follows cannot be checked safely (a DTD of the file's own)."""


class _SvgChecker:
    """Reads an SVG file element by element and notes what is not drawing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.ProcessingInstructionHandler = self._instruction
        self._depth = 0
        self._style: list[str] | None = None
        """The text of the style element being read: expat hands it over in pieces."""

    def _refuse(self, message: str) -> None:
        parser = self.parser
        where = Location(self.path, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        self.problems.append(Problem(where, message, _(SVG_HINT)))

    def _doctype(self, name: str, system: str | None, public: str | None, inner: int) -> None:
        if inner:  # <!ENTITY> and <!ATTLIST> can only stand here: stop before expanding them
            self._refuse(
                _("the SVG declares entities or attributes of its own (<!DOCTYPE svg [ ]>)")
            )
            raise _Refused

    def _instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._refuse(_("the SVG loads a stylesheet (<?xml-stylesheet?>)"))

    def _start(self, tag: str, attributes: dict[str, str]) -> None:
        namespace, _space, name = tag.rpartition(" ")
        if self._depth == 0 and (namespace, name) != (SVG, "svg"):
            self._refuse(_("the file is not an SVG drawing: it starts with <{name}>", name=name))
        self._depth += 1
        self._style = [] if name == "style" else None
        if namespace in _LIVE_NAMESPACES:
            language = _LIVE_NAMESPACES[namespace]
            self._refuse(_("the SVG holds {language} (<{name}>)", language=language, name=name))
        elif namespace in ("", SVG) and name in _LIVE_ELEMENTS:
            self._refuse(
                _("the SVG holds a <{name}> element, which runs code or embeds a page", name=name)
            )
        for problem in _attribute_problems(name, attributes):
            self._refuse(problem)

    def _end(self, tag: str) -> None:
        self._depth -= 1
        for problem in _css_problems("".join(self._style or ())):
            self._refuse(problem)
        self._style = None

    def _text(self, text: str) -> None:
        if self._style is not None:
            self._style.append(text)


def _attribute_problems(element: str, attributes: dict[str, str]) -> Iterator[str]:
    for qualified, value in attributes.items():
        name = qualified.rpartition(" ")[2]
        squeezed = _CONTROL.sub("", value).lower()
        if name.lower().startswith("on"):
            yield _("the SVG has an event handler ({name}=…), which runs code", name=name)
        elif element in _ANIMATIONS and name == "attributeName" and _is_link(value):
            yield _(
                "the SVG changes a link by animation (<{element} attributeName='{value}'>)",
                element=element,
                value=value,
            )
        elif name in _LINKS and not _local_link(element, squeezed):
            yield _(
                "the SVG loads or links '{value}' ({name}=…): only '#…' links are kept",
                value=value[:60],
                name=name,
            )
        elif _SCRIPT_URL.search(squeezed) and name not in _LINKS:
            yield _("the SVG names a script address in {name}=…", name=name)
        else:
            yield from _css_problems(value, name)


def _is_link(attribute: str) -> bool:
    """Whether an animation's attributeName names a link: href, xlink:href, src."""
    return attribute.rpartition(":")[2] in _LINKS


def _local_link(element: str, link: str) -> bool:
    """A link to a part of the same file, or an image embedded in it."""
    return link.startswith("#") or (element == "image" and bool(_EMBEDDED_IMAGE.match(link)))


def _css_problems(css: str, attribute: str | None = None) -> Iterator[str]:
    """What in CSS text (a style element, or the ``attribute`` style or a presentation
    attribute such as fill=url(#a)) loads something from elsewhere, with escapes decoded as a
    browser does."""
    decoded = _CSS_ESCAPE.sub(_unescape, css)
    for match in _CSS_LOAD.finditer(decoded):
        target = match[1]
        if target is None:
            what = match[0].rstrip("(")
            yield (
                _("the SVG's style loads what {what} names", what=what)
                if attribute is None
                else _("the SVG's {name}=… loads what {what} names", name=attribute, what=what)
            )
        elif not target.startswith("#") and not _EMBEDDED_IMAGE.match(target.lower()):
            shown = target[:60]
            yield (
                _("the SVG's style loads '{target}' (url(…)): only url(#…) is kept", target=shown)
                if attribute is None
                else _(
                    "the SVG's {name}=… loads '{target}' (url(…)): only url(#…) is kept",
                    name=attribute,
                    target=shown,
                )
            )


def _unescape(match: re.Match[str]) -> str:
    escaped = match[1].strip()
    if re.fullmatch(r"[0-9a-fA-F]{1,6}", escaped):
        code = int(escaped, 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return escaped or match[1]
