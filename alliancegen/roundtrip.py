"""What the browser editor saves, laid over the file as it was: comments and order kept.

The editor sends a file anew, as YAML it writes itself, without the comments that people wrote
into it. Laid over the old file with a round-trip parser (ruamel.yaml), every value that is
unchanged keeps its comments, its place and its quoting; changed values take the new one, new
keys come last, gone keys go. Whatever the result, it must mean exactly what the editor sent:
when it does not, or when the old file cannot be read so, the editor's text is kept as it is.
"""

from __future__ import annotations

import io
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.error import YAMLError

FRONT_MATTER = "---\n"


def kept(old: str, new: str, markdown: bool) -> str:
    """``new`` with the comments, order and quoting of ``old`` where its values are unchanged;
    for Markdown, of the front matter (the text is the editor's)."""
    if not markdown:
        return _laid_over(old, new) or new
    old_parts, new_parts = _split(old), _split(new)
    if old_parts is None or new_parts is None:
        return new
    merged = _laid_over(old_parts[0], new_parts[0])
    return new if merged is None else f"{FRONT_MATTER}{merged}{FRONT_MATTER}{new_parts[1]}"


def _split(text: str) -> tuple[str, str] | None:
    """Front matter and text of a Markdown file, or None if it has no front matter."""
    if not text.startswith(FRONT_MATTER):
        return None
    front, separator, body = text[len(FRONT_MATTER) :].partition("\n" + FRONT_MATTER)
    return (front + "\n", body) if separator else None


def _laid_over(old: str, new: str) -> str | None:
    """The YAML ``new`` laid over ``old``; None when that cannot be done faithfully."""
    parser = _parser()
    try:
        document, sent = parser.load(old), parser.load(new)
    except YAMLError:
        return None
    if document is None or sent is None:
        return None
    merged = _merge(document, sent)
    written = io.StringIO()
    parser.dump(merged, written)
    text = written.getvalue()
    return text if _meaning(text) == _meaning(new) else None


def _parser() -> YAML:
    parser = YAML(typ="rt")
    parser.preserve_quotes = True
    parser.width = 4096  # never fold a line the person wrote
    parser.indent(mapping=2, sequence=2, offset=0)
    return parser


def _merge(old: Any, new: Any) -> Any:
    """``new``, reusing the nodes of ``old`` (and with them their comments) where they hold
    the same keys, entries or values."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [key for key in old if key not in new]:
            del old[key]
        for key, value in new.items():
            old[key] = _merge(old[key], value) if key in old else value
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        del old[len(new) :]
        for index, value in enumerate(new):
            if index < len(old):
                old[index] = _merge(old[index], value)
            else:
                old.append(value)
        return old
    if isinstance(old, str) and isinstance(new, str):
        return old if old == new else new  # the old text keeps its quotes
    return old if type(old) is type(new) and old == new else new


class _Plain(yaml.SafeLoader):
    """YAML as plain values, every scalar as the text written: what a file means."""


_Plain.yaml_implicit_resolvers = {}


def _meaning(text: str) -> object:
    try:
        return yaml.load(text, Loader=_Plain)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError:
        return None
