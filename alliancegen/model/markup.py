"""What Markdown may make of links and attributes, decided as a browser reads them, and how
much work converting it may take.

One decision serves twice: ``check`` finds, in the Markdown as written, every link whose
scheme is not allowed and every attribute list that sets an attribute not allowed (with its
line and column); the converter (alliancegen.markdown) drops the same things from what it
makes, as a second line of defence. The scan of the text errs on the side of reporting: it
decodes more than Markdown would (backslashes, backticks), never less.

Python-Markdown splits a block (lines without an empty line between them) at each heading,
rule or link definition and reads the rest of the block again: quadratic in the lines of a
block. ``check`` bounds that work and names the blocks that exceed it.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from markdown.extensions.attr_list import get_attrs_and_remainder
from markdown.extensions.attr_list import sanitize_name

from alliancegen.i18n import N_
from alliancegen.i18n import _

ALLOWED_SCHEMES = ("http", "https", "mailto", "tel")
"""Schemes a link may use; a link without a scheme (page/, /page, #part) stays on the site.
Anything else may run code (javascript:, vbscript:, data:) or is not the web (file:, and ftp:,
which browsers no longer open)."""

LINK_HINT = N_(
    "links may lead to web addresses (https://…), e-mail (mailto:), phones (tel:) "
    "or pages of this site (/…, #…)"
)

ALLOWED_ATTRIBUTES = ("id", "class", "lang", "dir", "title")
"""What an attribute list ({: … }) may set: an anchor, a style of the theme, the language and
direction of a passage in another language, a tooltip. Not style (it can cover the page),
event handlers (scripts), href or src (they would bypass the link check)."""

ATTRIBUTE_HINT = N_(
    "attribute lists may set only {allowed} (#name, .class); write \\{{ for a brace that is text"
)

ATTRIBUTE_LIST = r"\{:?[ ]*((?:\\.|[^{}\n \\])(?:\\.|[^{}\n\\])*)\}"
"""An attribute list as the converter accepts it: on one line, no braces inside (which keeps
finding them linear)."""

_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TAB_AND_NEWLINES = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def link_scheme(url: str) -> str | None:
    """The scheme a browser reads in an href or src written as ``url``, in lowercase; None
    when it has none (a link relative to the page or the site).

    Character references are decoded, tabs and line breaks removed wherever they are, and
    control characters and spaces at the start skipped, as the WHATWG URL parser does.
    """
    decoded = html.unescape(url).translate(_TAB_AND_NEWLINES).lstrip(_C0_AND_SPACE)
    match = _SCHEME.match(decoded)
    return match[1].lower() if match else None


def forbidden_scheme(url: str) -> str | None:
    """The scheme of ``url`` if links may not use it."""
    scheme = link_scheme(url)
    return scheme if scheme is not None and scheme not in ALLOWED_SCHEMES else None


def refused_attributes(attribute_list: str) -> list[str]:
    """The attributes that the inside of an attribute list would set but may not."""
    attributes, _ = get_attrs_and_remainder(attribute_list)
    names = ("class" if key == "." else sanitize_name(key) for key, _ in attributes)
    return [name for name in names if name not in ALLOWED_ATTRIBUTES]


class Finding(NamedTuple):
    """Something in Markdown that the converter would drop: where (from 0) and why."""

    line: int
    column: int
    message: str
    hint: str


_ESCAPED = r"\\[\\`*_{}\[\]()>#+\-.!\"']"
"""A character that a backslash makes text (Python-Markdown's list, and the quotation marks)."""

_TARGET = r"[^()<>\"'\[\]]*"
_LINK = re.compile(
    _ESCAPED  # not markup
    + rf"|\]\([\s<>`]*(?P<inline>{_TARGET})"  # [text](target, ![alt](target
    + rf"|\]:[\s<>`]*(?P<definition>{_TARGET})"  # [name]: target, also in a quote (>)
    + rf"|<(?=[A-Za-z][A-Za-z0-9+.\-]*://)(?P<auto>{_TARGET})"  # <scheme://…>
)  # each alternative starts with a character, which lets the scan skip the others
_PLAIN_TARGET = ("https://", "http://", "mailto:", "tel:", "/", "#")
_NOT_IN_TARGET = re.compile(r"\\|(?<!\s)\s*`+\s*")
"""What Markdown may remove from a link target: escapes, code marks and the spaces inside."""

_ATTRIBUTE_LIST = re.compile(
    rf"{_ESCAPED}|{ATTRIBUTE_LIST}(?P<ends_text>(?:[^\S\n]|#)*(?:$|[|\[!*_`<]))?",
    re.MULTILINE,
)
_ESCAPE = re.compile(r"\\.")


_Found = tuple[int, str, str]
"""Position in the text, message, hint."""


_MARKERS = re.compile("[\x02\x03]")
"""Characters that Markdown removes before it reads a text (it uses them as markers)."""


def markdown_findings(text: str) -> list[Finding]:
    """Every link and attribute list in Markdown ``text`` that the converter would drop, and
    the blocks that would take it too long to convert."""
    markers = [marker.start() for marker in _MARKERS.finditer(text)]
    read = _MARKERS.sub("", text) if markers else text
    found = sorted([*_links(read), *_attribute_lists(read), *_slow_blocks(read)])
    findings, line, line_start, counted, shift = [], 0, 0, 0, 0
    for position_read, message, hint in found:
        while shift < len(markers) and markers[shift] <= position_read + shift:
            shift += 1
        position = position_read + shift
        line += text.count("\n", counted, position)
        line_start = text.rfind("\n", counted, position) + 1 or line_start
        counted = position
        findings.append(Finding(line, position - line_start, message, hint))
    return findings


def _links(text: str) -> list[_Found]:
    found = []
    for match in _LINK.finditer(text):
        group = match.lastgroup
        if group is None or match[group].startswith(_PLAIN_TARGET):
            continue  # an escape, or a target whose scheme is plain to see
        scheme = forbidden_scheme(_NOT_IN_TARGET.sub("", match[group]))
        if scheme:
            message = _("this link uses '{scheme}:'", scheme=scheme)
            found.append((match.start(group), message, _(LINK_HINT)))
    return found


def _attribute_lists(text: str) -> list[_Found]:
    found = []
    for match in _ATTRIBUTE_LIST.finditer(text):
        if match[1] is None or (_after_space(text, match.start()) and match["ends_text"] is None):
            continue  # escaped, or amid text: the converter reads it after an element, or
            # where a block's text ends (a line, a table cell, before an inline element)
        refused = refused_attributes(_ESCAPE.sub("_", match[1]))
        if refused:
            message = _("this attribute list sets '{name}'", name=refused[0])
            hint = _(ATTRIBUTE_HINT, allowed=", ".join(ALLOWED_ATTRIBUTES))
            found.append((match.start(), message, hint))
    return found


WORK_LIMIT = 10_000_000_000
"""How much work converting a text may take, counted in characters copied: about a second.

Python-Markdown copies the rest of a block (lines without an empty line between them) for
every mark it reads in it (emphasis, a link, a code span, an escape, a line break), reads
the rest of the block again, in Python, for every heading, rule or link definition it splits
off, and moves the list of the blocks and elements that follow for every one it takes.
Ordinary text stays far below the limit: a paragraph of 100 KB with 100 links is 0.1 %."""

SPLIT_COST = 500
"""What splitting a block costs, per character of the block, against copying one."""

LIST_COST = 4
"""What taking a block or an element from a list costs, per one after it (the library takes
each from the front of a Python list: the blocks of a text, the elements whose text it reads),
against copying one character."""

_EMPTY_LINE = re.compile(r"\n[ \t]*(?=\n)")
_BLOCK = re.compile(r"(?:^[ \t]*[^ \t\n].*(?:\n|\Z))+", re.MULTILINE)
_SPLITTING_LINE = re.compile(r"^[ \t>]*(?:#|\[[^\]\n]*\]:|[-*_=][-*_= \t]*$)", re.MULTILINE)
_INLINE_MARKS = ("*", "_", "[", "`", "\\", "<", "&", "  \n")


def _slow_blocks(text: str) -> list[_Found]:
    """The blocks that make most of the work of converting ``text``, if there is too much."""
    elements = len(_EMPTY_LINE.findall(text)) + text.count("\n") + 1 + _marks(text) // 2
    listing = LIST_COST * elements**2
    splitting = len(_SPLITTING_LINE.findall(text))
    if listing + len(text) * (SPLIT_COST * splitting + _marks(text)) <= WORK_LIMIT:
        return []  # even as a single block
    costs = [(listing, 0, _many_elements_message(elements))]
    for block in _BLOCK.finditer(text):
        splits = len(_SPLITTING_LINE.findall(block[0]))
        marks = _marks(block[0])
        if _is_table(block[0]):  # read cell by cell
            copying = sum(_marks(row) * len(row) for row in block[0].split("\n"))
        else:
            copying = marks * len(block[0])
        cost = len(block[0]) * SPLIT_COST * splits + copying
        costs.append((cost, block.start(), _slow_message(block[0], splits, marks)))
    if sum(cost for cost, _, _ in costs) <= WORK_LIMIT:
        return []
    return [(start, *message) for cost, start, message in costs if cost > WORK_LIMIT // 100]


def _many_elements_message(elements: int) -> tuple[str, str]:
    return (
        _(
            "this text makes about {elements} paragraphs, lines, table rows, links and other "
            "elements",
            elements=elements,
        ),
        _("split it into several pages; converting so many in one text would take too long"),
    )


def _marks(text: str) -> int:
    return sum(text.count(mark) for mark in _INLINE_MARKS)


def _is_table(block: str) -> bool:
    """Whether Python-Markdown reads ``block`` as a table of several columns, for blocks
    whose first line has no code marks or escapes (others count as paragraphs: more work)."""
    head, _, rest = block.partition("\n")
    head, separator = head.strip(" "), rest.partition("\n")[0].strip(" ")
    if "`" in head or "\\" in head or not set(separator) <= set("|:- "):
        return False
    border = head.startswith("|") or head.endswith("|")
    columns = _cells(head, border)
    return columns > 1 and _cells(separator, border) == columns


def _cells(row: str, border: bool) -> int:
    if border:
        row = row.removeprefix("|").removesuffix("|")
    return row.count("|") + 1


def _slow_message(block: str, splits: int, marks: int) -> tuple[str, str]:
    size = len(block) // 1000
    if SPLIT_COST * splits > marks:
        return (
            _(
                "this text has {splits} headings, rules or link definitions in {size} KB without "
                "an empty line between them",
                splits=splits,
                size=size,
            ),
            _(
                "put an empty line before and after each heading, rule (---) and link definition "
                "([name]: …); converting so many in one block would take too long"
            ),
        )
    return (
        _(
            "this paragraph of {size} KB has {marks} marks (*, _, [, `, \\, <, &, line breaks)",
            size=size,
            marks=marks,
        ),
        _(
            "break it into paragraphs with empty lines; converting it in one piece would take "
            "too long"
        ),
    )


def _after_space(text: str, position: int) -> bool:
    return position > 0 and text[position - 1] in " \t"
