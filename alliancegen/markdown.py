"""Markdown to HTML: tables, heading anchors, attribute lists, German quotation marks.

Raw HTML in Markdown is shown as text unless the site allows it; links that start with '/'
are moved below the site's base path so that a site deployed under a sub-path keeps working.
Links with a scheme that is not allowed and attributes that attribute lists may not set are
dropped (alliancegen.model.markup decides, and ``check`` reports them).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup

from alliancegen.model.fields import slugify
from alliancegen.model.markup import ATTRIBUTE_LIST
from alliancegen.model.markup import forbidden_scheme
from alliancegen.model.markup import link_scheme
from alliancegen.model.markup import refused_attributes
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
        md.treeprocessors.register(_Typography(md), "typography", 15)  # before toc: 5
        md.ESCAPED_CHARS += ['"', "'"]  # \" stays a straight quotation mark
        md.treeprocessors.register(_Attributes(md), "attr_list", 8)  # in place of the library's
        md.treeprocessors.register(_Links(md, self.base_path), "links", -1)  # after 'unescape': 0
        if not self.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")


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
