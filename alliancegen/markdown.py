"""Markdown to HTML: tables, heading anchors, attribute lists, German quotation marks.

Raw HTML in Markdown is shown as text unless the site allows it; links that start with '/'
are moved below the site's base path so that a site deployed under a sub-path keeps working.
Links with a scheme that is not allowed and attributes that attribute lists may not set are
dropped (alliancegen.model.markup decides, and ``check`` reports them). Ids are marked per
conversion and named when the page is finished, so that no page has an id twice.

Some of the library's processors are replaced by ones that give the same HTML in linear
time (tables, links, attribute lists); what stays quadratic in the library, ``check``
bounds (alliancegen.model.markup).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ElementTree
from functools import lru_cache
from heapq import heappop
from heapq import heappush

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.extensions.tables import TableExtension
from markdown.extensions.tables import TableProcessor
from markdown.inlinepatterns import IMAGE_LINK_RE
from markdown.inlinepatterns import IMAGE_REFERENCE_RE
from markdown.inlinepatterns import LINK_RE
from markdown.inlinepatterns import REFERENCE_RE
from markdown.inlinepatterns import ImageInlineProcessor
from markdown.inlinepatterns import ImageReferenceInlineProcessor
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.inlinepatterns import ReferenceInlineProcessor
from markdown.inlinepatterns import ShortImageReferenceInlineProcessor
from markdown.inlinepatterns import ShortReferenceInlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from alliancegen.model.fields import slugify
from alliancegen.model.markup import ATTRIBUTE_LIST
from alliancegen.model.markup import forbidden_scheme
from alliancegen.model.markup import link_scheme
from alliancegen.model.markup import refused_attributes
from alliancegen.typography import VERBATIM
from alliancegen.typography import Typesetter


class _Links(Treeprocessor):
    """Links stay below the site's base path, never run code, and other sites get no opener.

    Root-relative links and image sources get the base path; an href or src whose scheme is
    not allowed is dropped (the model reports it; this is the second line of defence). It runs
    last, on the values as they will be written.
    """

    def __init__(self, md: markdown.Markdown, base_path: str) -> None:
        super().__init__(md)
        self.base_path = base_path

    def run(self, root: ElementTree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None:
                    self._rewrite(element, attribute, value)

    def _rewrite(self, element: ElementTree.Element, attribute: str, value: str) -> None:
        written = value.replace(AMP_SUBSTITUTE, "&")  # how '&' stands in the tree
        if forbidden_scheme(written):
            del element.attrib[attribute]
        elif value.startswith("/") and not value.startswith("//"):
            element.set(attribute, self.base_path + value[1:])
        elif element.tag == "a" and (
            link_scheme(written) in ("http", "https") or written.startswith("//")
        ):
            element.set("rel", "noopener")


class _Attributes(AttrListTreeprocessor):
    """Attribute lists set only the attributes allowed (the model reports the others).

    They are read on one line without braces inside, which keeps reading them linear (the
    library's patterns backtrack over long lines). Its type stubs call them Final; the library
    reads them from the instance, so a subclass may replace them.
    """

    BASE_RE = ATTRIBUTE_LIST  # type: ignore[misc]
    HEADER_RE = re.compile(rf"(?<! )[ ]+{ATTRIBUTE_LIST}[ ]*$")  # type: ignore[misc]
    BLOCK_RE = re.compile(rf"\n[ ]*{ATTRIBUTE_LIST}[ ]*$")  # type: ignore[misc]
    INLINE_RE = re.compile(rf"^{ATTRIBUTE_LIST}")  # type: ignore[misc]

    def assign_attrs(
        self, elem: ElementTree.Element, attrs_string: str, *, strict: bool = False
    ) -> str:
        before = dict(elem.attrib)
        remainder = super().assign_attrs(elem, attrs_string, strict=strict)
        for name in refused_attributes(attrs_string):
            if name in before:
                elem.set(name, before[name])
            else:
                elem.attrib.pop(name, None)
        return remainder


class _Tables(TableProcessor):
    """Tables, told from other blocks by their first lines.

    The library splits and strips every line of a block to test whether it is a table, and
    tests a block again each time a heading or rule splits off its start: quadratic in the
    lines of a block. A table is told by its first two lines, and a table of one column by the
    lines that follow as long as they have a border; this reads no further.
    """

    def test(self, parent: ElementTree.Element, block: str) -> bool:
        second_line_end = block.find("\n", block.find("\n") + 1)
        if second_line_end == -1:
            return super().test(parent, block)
        if not super().test(parent, block[:second_line_end]):
            return False
        if len(self.separator) > 1:
            return True
        rows = _LINE.finditer(block, second_line_end + 1)
        return all(self._bordered(row[0].strip(" ")) for row in rows)

    def _bordered(self, row: str) -> bool:
        return row.startswith("|") or self.RE_END_BORDER.search(row) is not None


_LINE = re.compile(r"^.*$", re.MULTILINE)


class _Reading:
    """What the link patterns need to know of a text: where each bracket closes, where the
    next quotation mark stands; each part of the text is read once.

    Positions are kept as distances from the end of the text: when the library puts a
    placeholder in place of a link it found, the text after the link stays as it was, and so
    does what was found there.
    """

    def __init__(self) -> None:
        self.text = ""
        self.kept = 0
        self.closing: dict[tuple[str, int], int] = {}
        self.distances: list[int] = []  # of the entries in ``closing``, negated: a heap
        self.quote = (0, -1)  # searched from, found at (-1: none found)

    def follow(self, text: str) -> None:
        """Read ``text`` from now on; keep what holds for the end it shares with the last."""
        if text is self.text:
            return
        if self.kept and text.endswith(self.text[-self.kept :]):
            while self.distances and -self.distances[0] > self.kept:
                distance = -heappop(self.distances)
                for opening in "[(":
                    self.closing.pop((opening, distance), None)
            searched_from, found_at = self.quote
            if searched_from > self.kept:  # what was found after the start of the end kept holds
                self.quote = (self.kept, found_at) if found_at <= self.kept else (0, -1)
        else:
            self.closing, self.distances, self.quote = {}, [], (0, -1)
        self.text, self.kept = text, 0

    def keep(self, end: int) -> None:
        """The text will change before ``end`` only."""
        self.kept = len(self.text) - end

    def close(self, opening: str, start: int) -> int:
        """Where the bracket just before ``start`` closes; -1 if it does not."""
        distance = len(self.text) - start
        if (opening, distance) not in self.closing:
            self._read(opening, start)
        found = self.closing[opening, distance]
        return -1 if found == -1 else len(self.text) - found

    def quoted(self, start: int, end: int) -> bool:
        """Whether a quotation mark stands between ``start`` and ``end``."""
        distance = len(self.text) - start
        searched_from, found_at = self.quote
        if not (searched_from >= distance and (found_at == -1 or found_at <= distance)):
            quote = _QUOTE.search(self.text, start)
            found_at = -1 if quote is None else len(self.text) - quote.start()
            self.quote = (distance, found_at)
        return found_at != -1 and len(self.text) - found_at < end

    def _read(self, opening: str, start: int) -> None:
        open_ = [start]
        for bracket in _BRACKETS[opening].finditer(self.text, start):
            if bracket[0] == opening:
                open_.append(bracket.end())
                continue
            self._note(opening, open_.pop(), len(self.text) - bracket.start())
            if not open_:
                return
        for position in open_:
            self._note(opening, position, -1)

    def _note(self, opening: str, start: int, found: int) -> None:
        distance = len(self.text) - start
        self.closing[opening, distance] = found
        heappush(self.distances, -distance)


_BRACKETS = {"[": re.compile(r"[\[\]]"), "(": re.compile(r"[()]")}
_QUOTE = re.compile("[\"']")


class _LinearLinks(LinkInlineProcessor):
    """Links and images as the library reads them, with each part of a text read once.

    The library reads to the end of a paragraph for every '[' (and every '(' after ']') that
    does not close: quadratic in a line of '[' or of '[a]( [b](c)'. Here the closing brackets
    are found once (``_Reading``); a link target with a quotation mark in it (a title) is left
    to the library.
    """

    def __init__(self, pattern: str, md: markdown.Markdown) -> None:
        super().__init__(pattern, md)
        self.reading = _Reading()

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:  # noqa: N802
        self.reading.follow(data)
        end = self.reading.close("[", index)
        return ("", len(data), False) if end == -1 else (data[index:end], end + 1, True)

    def getLink(self, data: str, index: int) -> tuple[str, str | None, int, bool]:  # noqa: N802
        start = self.RE_LINK.match(data, pos=index)
        if start is None or start[1]:  # not a link, or one in <…>: the library reads no further
            return super().getLink(data, index)
        self.reading.follow(data)
        end = self.reading.close("(", index + 1)
        if self.reading.quoted(start.end(), len(data) if end == -1 else end):
            link = super().getLink(data, index)
        elif end == -1:
            return "", None, len(data), False
        else:
            link = self.unescape(data[start.end() : end]).strip(), None, end + 1, True
        if link[3]:
            self.reading.keep(link[2])
        return link


_LINKS = {
    name: (type(f"_Linear{library.__name__}", (_LinearLinks, library), {}), pattern, priority)
    for name, library, pattern, priority in (
        ("reference", ReferenceInlineProcessor, REFERENCE_RE, 170),
        ("link", LinkInlineProcessor, LINK_RE, 160),
        ("image_link", ImageInlineProcessor, IMAGE_LINK_RE, 150),
        ("image_reference", ImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 140),
        ("short_reference", ShortReferenceInlineProcessor, REFERENCE_RE, 130),
        ("short_image_ref", ShortImageReferenceInlineProcessor, IMAGE_REFERENCE_RE, 125),
    )
}
"""The library's link patterns (name: class, pattern, priority) with linear reading."""


EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@(?:[\w-]+\.)+[A-Za-z]{2,}(?![\w-])")
"""An e-mail address in running text: 'name@example.org', not 'name@host' or '@name'."""


def character_references(text: str, ampersand: str = "&") -> str:
    """``text`` with every character written as a numeric character reference ('@' as
    '&#64;'): browsers show and follow it as written, simple address harvesters do not read it.
    """
    return "".join(f"{ampersand}#{ord(character)};" for character in text)


class _Emails(Treeprocessor):
    """E-mail addresses are hidden from harvesters as in fields (``email_link``).

    An address in text becomes a mailto link, in code it stays text; both are written as
    character references, and so is the target of every mailto link, read as a browser reads
    it. It runs after the links are final.
    """

    def run(self, root: ElementTree.Element) -> None:
        self._protect(root, linking=True)

    def _protect(self, element: ElementTree.Element, linking: bool) -> None:
        href = element.get("href")
        if href is not None and link_scheme(href.replace(AMP_SUBSTITUTE, "&")) == "mailto":
            target = html.unescape(href.replace(AMP_SUBSTITUTE, "&"))
            element.set("href", character_references(target, AMP_SUBSTITUTE))
        linking = linking and element.tag != "a" and element.tag not in VERBATIM
        element.text, children = _addresses_in(element.text, linking)
        for child in list(element):
            self._protect(child, linking)
            child.tail, links = _addresses_in(child.tail, linking)
            children += [child, *links]
        element[:] = children


def _addresses_in(text: str | None, linking: bool) -> tuple[str | None, list[ElementTree.Element]]:
    """``text`` up to its first e-mail address, and a mailto link for each address, with the
    text after it as its tail; without ``linking``, the text with its addresses hidden."""
    if not text or "@" not in text:
        return text, []
    if not linking:
        return EMAIL.sub(lambda found: character_references(found[0], AMP_SUBSTITUTE), text), []
    pieces = EMAIL.split(text)  # the pattern has no groups: text, address, text, …
    found = EMAIL.findall(text)
    links = []
    for address, after in zip(found, pieces[1:], strict=True):
        link = ElementTree.Element(
            "a", href=character_references(f"mailto:{address}", AMP_SUBSTITUTE)
        )
        link.text, link.tail = character_references(address, AMP_SUBSTITUTE), after
        links.append(link)
    return pieces[0], links


class _Typography(Treeprocessor):
    """German quotation marks, dashes and ellipses (alliancegen.typography)."""

    def run(self, root: ElementTree.Element) -> None:
        Typesetter().typeset_tree(root)


class _SiteExtension(Extension):
    def __init__(self, base_path: str, raw_html: bool) -> None:
        super().__init__()
        self.base_path = base_path
        self.raw_html = raw_html

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (the library's name)
        tables = _Tables(md.parser, TableExtension().getConfigs())
        md.parser.blockprocessors.register(tables, "table", 75)  # in place of the library's
        for name, (linear, pattern, priority) in _LINKS.items():
            md.inlinePatterns.register(linear(pattern, md), name, priority)
        md.treeprocessors.register(_Typography(md), "typography", 15)  # before toc: 5
        md.ESCAPED_CHARS += ['"', "'"]  # \" stays a straight quotation mark
        md.treeprocessors.register(_Attributes(md), "attr_list", 8)  # in place of the library's
        md.treeprocessors.register(_Links(md, self.base_path), "links", -1)  # after 'unescape': 0
        md.treeprocessors.register(_Emails(md), "emails", -2)  # after the links are final
        if not self.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")


ID_MARK = "\ue000"
"""Starts the mark of an id that Markdown made: the number of the conversion on its page, then
``ID_MARK_END``. Settled when the page is finished (``settle_ids``)."""
ID_MARK_END = "\ue001"

_ID = re.compile(r"""(<[^<>]*?\sid=["']?)([^"'\s<>]+)""")
_FRAGMENT_LINK = re.compile(r"""(<a\s[^<>]*?href=["']?#)([^"'\s<>]+)""")
_MARKED_ID = re.compile(f"{ID_MARK}([0-9]+){ID_MARK_END}([^\"'\\s<>&]*)")


def mark_ids(html: str, conversion: int) -> str:
    """``html``, the ``conversion``-th of its page, with its ids and the links to them marked."""
    ids = {match[2] for match in _ID.finditer(html)}
    if not ids:
        return html
    mark = f"{ID_MARK}{conversion}{ID_MARK_END}"
    html = _ID.sub(lambda match: f"{match[1]}{mark}{match[2]}", html)
    return _FRAGMENT_LINK.sub(
        lambda match: f"{match[1]}{mark}{match[2]}" if match[2] in ids else match[0], html
    )


def settle_ids(page: str) -> str:
    """``page`` with the ids that its Markdown made unique: a heading keeps its name unless
    the theme or Markdown shown before it on the page uses it; then it gets '-2', '-3'…"""
    if ID_MARK not in page:
        return page
    taken = {match[2] for match in _ID.finditer(page) if not match[2].startswith(ID_MARK)}
    settled: dict[tuple[str, str], str] = {}
    numbers: dict[str, int] = {}

    def settle(match: re.Match[str]) -> str:
        name = match[2]
        if (match[1], name) not in settled:
            unique = name
            while unique in taken:
                numbers[name] = numbers.get(name, 1) + 1
                unique = f"{name}-{numbers[name]}"
            taken.add(unique)
            settled[match[1], name] = unique
        return settled[match[1], name]

    return _MARKED_ID.sub(settle, page)


@lru_cache(maxsize=16)
def _converter(base_path: str, raw_html: bool, level: int) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "sane_lists",
            "toc",
            _SiteExtension(base_path, raw_html),
        ],
        extension_configs={
            "toc": {"slugify": lambda text, separator: slugify(text), "baselevel": level},
        },
        output_format="html",
    )


def render_markdown(
    text: str, base_path: str = "/", raw_html: bool = False, level: int = 1
) -> Markup:
    """Turn Markdown into safe HTML (alliancegen.cache keeps what was converted).

    Content writes '##' for its first level of headings, the page title being the '#'. Shown
    below a heading of ``level`` (h1 … h6), those headings become h(``level`` + 1).
    """
    converter = _converter(base_path, raw_html, level)
    try:
        html = converter.reset().convert(text)
    except BaseException:
        _converter.cache_clear()  # a conversion stopped midway leaves the parser's state stale
        raise
    return Markup(html)  # noqa: S704 (the converter escaped raw HTML unless allowed)
