"""German typography for text as typed: quotation marks, dashes and ellipses.

``"Hallo"`` becomes „Hallo“, ``'so'`` ‚so‘, ``geht's`` geht’s, ``--`` an en dash, ``---`` an
em dash and ``...`` an ellipsis. Whether a quotation mark opens or closes depends on the
character before it, also across inline elements (``"**fett**"``), so the tree is walked in
reading order. Code is left exactly as written.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from markdown.util import AtomicString

VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
"""Elements whose text is shown as written."""
INLINE = frozenset({"a", "abbr", "b", "cite", "em", "i", "mark", "q", "s", "small", "span",
                    "strong", "sub", "sup", "u", "del", "ins"})  # fmt: skip
"""Elements that continue the sentence around them; any other starts afresh."""
OPENS_AFTER = frozenset(" \t\n([{„‚–—-/\u00a0")
"""After these (or at the start) a quotation mark opens."""

_SPECIAL = re.compile(r"---|--|\.\.\.|[\"']")
_REPLACEMENTS = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


class Typesetter:
    """Typesets the text of an element tree in reading order."""

    def __init__(self) -> None:
        self._before = ""
        self._single_open = False

    def typeset_tree(self, element: ElementTree.Element) -> None:
        """Typeset ``element``'s text, its descendants' and their tails, in place."""
        if element.tag in VERBATIM:
            self._before = "x"  # code reads like a word: a quotation mark after it closes
            return
        if element.tag not in INLINE:
            self._before, self._single_open = "", False
        element.text = self._typeset(element.text)
        for child in element:
            self.typeset_tree(child)
            child.tail = self._typeset(child.tail)

    def _typeset(self, text: str | None) -> str | None:
        if not text or isinstance(text, AtomicString) or not _SPECIAL.search(text):
            if text:
                self._before = text[-1]
            return text
        pieces, start = [], 0
        for match in _SPECIAL.finditer(text):
            before = text[match.start() - 1] if match.start() else self._before
            after = text[match.end()] if match.end() < len(text) else ""
            pieces += [text[start : match.start()], self._mark(match.group(), before, after)]
            start = match.end()
        pieces.append(text[start:])
        typeset = "".join(pieces)
        self._before = typeset[-1]
        return typeset

    def _mark(self, found: str, before: str, after: str) -> str:
        if found in _REPLACEMENTS:
            return _REPLACEMENTS[found]
        opens = (not before or before in OPENS_AFTER) and not after.isspace()
        if found == '"':
            return "\u201e" if opens else "\u201c"
        if before.isalnum() and after.isalnum():
            return "\u2019"  # an apostrophe: geht's, Hans'
        if opens:
            self._single_open = True
            return "\u201a"
        if self._single_open:
            self._single_open = False
            return "\u2018"
        return "\u2019"
