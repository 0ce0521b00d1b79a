"""Finds what in a stylesheet would not mirror on a right-to-left page.

A theme lays out with logical properties only (``margin-inline-start``, ``inset-inline-end``,
``text-align: start``, ``border-start-end-radius`` …), so that ``dir="rtl"`` on ``<html>``
mirrors every page. ``sided`` reports each declaration that breaks that:

- a physical property or value: ``left``/``right`` in a property's name (``margin-left``,
  ``border-top-left-radius``, ``left:``) or as a word of its value (``float: left``,
  ``text-align: right``, ``background-position: right``, ``linear-gradient(to left, …)``);
- a shorthand whose sides differ: ``padding: 0 1rem 0 2rem``, ``inset: 0 auto 0 0``,
  ``border-radius: 4px 0``;
- justified text (Arabic is never justified);
- something that points sideways without a twin for right-to-left pages: a transform that
  moves, turns or slants (``translateX(…)``, ``rotate(45deg)``), a position off the middle
  (``object-position: 0 50%``), an angled gradient (``linear-gradient(160deg, …)``) or an
  arrow in ``content``. Its twin is a rule for the same selector under ``:dir(rtl)`` (or
  ``[dir="rtl"]``) that sets the same property.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

SIDE_WORD = re.compile(r"(?<![\w-])(left|right)(?![\w-])", re.IGNORECASE)
SIDE_PART = re.compile(r"(?:^|-)(?:left|right)(?:-|$)", re.IGNORECASE)
FOUR_SIDES = {
    "margin",
    "padding",
    "inset",
    "scroll-margin",
    "scroll-padding",
    "border-width",
    "border-style",
    "border-color",
}
POSITIONS = {
    "object-position",
    "background-position",
    "background-position-x",
    "transform-origin",
    "perspective-origin",
}
MIDDLE = {"center", "50%", "top", "bottom"}
"""First words of a position that keep it on the middle line (or leave the side unsaid)."""
TURNS = re.compile(
    r"\b(translate(?:x|3d)?|rotate(?:z)?|skew(?:x|y)?|matrix(?:3d)?)\(([^)]*)\)", re.IGNORECASE
)
ANGLED = re.compile(r"linear-gradient\(\s*(-?[\d.]+)(deg|turn|rad|grad)", re.IGNORECASE)
STRAIGHT = {"0deg", "180deg", "360deg", "0turn", "0.5turn", "1turn", "0rad", "0grad", "200grad"}
ARROWS = re.compile(
    "(?![\u2191\u2193\u2195\u21d1\u21d3\u21d5])"
    "[\u2190-\u21ff\u27f5-\u27ff\u2794-\u27bf\u25b6\u25b8\u25ba\u25c0\u25c2\u25c4]"
)
"""Sideways arrows and triangles: Unicode mirrors ‹ › « » by itself on right-to-left lines,
not these."""
RTL = re.compile(r":dir\(rtl\)|\[dir=[\"']?rtl[\"']?\]", re.IGNORECASE)
QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


@dataclass(frozen=True)
class Rule:
    """A style rule's selectors and its declarations (property, value)."""

    selectors: tuple[str, ...]
    declarations: tuple[tuple[str, str], ...]


def rules(css: str) -> list[Rule]:
    """The style rules of a stylesheet, also those inside ``@media``, ``@container`` …"""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found: list[Rule] = []
    _read_block(css, found)
    return found


def _read_block(css: str, found: list[Rule]) -> None:
    position = 0
    while (opening := _find(css, "{", position)) != -1:
        closing = _matching(css, opening)
        prelude, body = css[position:opening].strip(), css[opening + 1 : closing]
        if prelude.startswith("@") and _find(body, "{", 0) != -1:
            _read_block(body, found)
        else:
            selectors = tuple(" ".join(s.split()) for s in _split(prelude, ","))
            declarations = tuple(
                (name.strip().lower(), value.strip())
                for name, _, value in (d.partition(":") for d in _split(body, ";"))
                if value.strip()
            )
            found.append(Rule(selectors, declarations))
        position = closing + 1


def _find(text: str, char: str, start: int) -> int:
    """Where ``char`` is next outside quotes and parentheses, or -1."""
    depth, quote = 0, ""
    for index in range(start, len(text)):
        here = text[index]
        if quote:
            quote = "" if here == quote and text[index - 1] != "\\" else quote
        elif here in "\"'":
            quote = here
        elif here == "(":
            depth += 1
        elif here == ")":
            depth -= 1
        elif here == char and depth == 0:
            return index
    return -1


def _matching(text: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return index
    raise ValueError(f"unbalanced braces after {text[opening : opening + 40]!r}")


def _split(text: str, separator: str) -> list[str]:
    parts, start = [], 0
    while (index := _find(text, separator, start)) != -1:
        parts.append(text[start:index])
        start = index + 1
    return [part.strip() for part in [*parts, text[start:]] if part.strip()]


def _words(value: str) -> list[str]:
    """A value's space-separated parts, parentheses kept whole."""
    return [word for part in _split(value.replace(" ", ","), ",") for word in part.split()]


def _physical(name: str, value: str) -> str | None:
    """Why a declaration is physical whatever the direction, or None."""
    bare = QUOTED.sub('""', re.sub(r"url\([^)]*\)", "url()", value))
    if SIDE_PART.search(name):
        return "a physical property"
    if SIDE_WORD.search(bare):
        return "a physical value"
    if name in {"text-align", "text-align-last"} and "justify" in bare.lower():
        return "justified text"
    words = _words(bare.replace("!important", ""))
    if name in FOUR_SIDES and len(words) == 4 and words[1] != words[3]:
        return "a shorthand whose sides differ"
    if name == "border-radius" and any(len(set(part.split())) > 1 for part in bare.split("/")):
        return "a shorthand whose corners differ"
    return None


def _pointing(name: str, value: str) -> bool:
    """Whether a declaration points sideways, so that it needs a right-to-left twin."""
    if name == "transform":
        return any(_turns_or_moves(kind.lower(), args) for kind, args in TURNS.findall(value))
    if name in {"rotate", "translate"}:
        return value.split()[0] not in {"0", "0deg", "none"}
    if name in POSITIONS:
        return _words(value)[0].lower() not in MIDDLE
    if name == "content":
        return bool(ARROWS.search(value))
    return any(f"{number}{unit}".lower() not in STRAIGHT for number, unit in ANGLED.findall(value))


def _turns_or_moves(kind: str, args: str) -> bool:
    """Whether a transform function moves sideways, turns or slants (by more than nothing)."""
    if kind in {"translatey", "skewy"}:
        return False
    if kind.startswith(("translate", "rotate", "skew")):
        return re.fullmatch(r"-?0(\.0*)?[a-z%]*", args.split(",")[0].strip()) is None
    return True  # a matrix


def _plain(selector: str) -> str:
    """A selector without its right-to-left condition."""
    return " ".join(RTL.sub("", selector).split()).removeprefix(":root ")


def sided(css: str) -> Iterator[str]:
    """Every declaration of ``css`` that would not mirror, as 'selector { name: value }:
    why'."""
    parsed = rules(css)
    twins = {
        (_plain(selector), name)
        for rule in parsed
        for selector in rule.selectors
        if RTL.search(selector)
        for name, _ in rule.declarations
    }
    for rule in parsed:
        shown = ", ".join(rule.selectors)
        for name, value in rule.declarations:
            why = _physical(name, value)
            if why is None and _pointing(name, value):
                lonely = [s for s in rule.selectors if not RTL.search(s) and (s, name) not in twins]
                why = f"points sideways, without a :dir(rtl) twin for {lonely}" if lonely else None
            if why:
                yield f"{shown} {{ {name}: {value} }}: {why}"
