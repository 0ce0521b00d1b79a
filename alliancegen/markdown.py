"""Markdown to HTML: tables, heading anchors, attribute lists, German quotation marks.

Raw HTML in Markdown is shown as text unless the site allows it; links that start with '/'
are moved below the site's base path so that a site deployed under a sub-path keeps working.
"""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from alliancegen.model.fields import slugify
from alliancegen.typography import Typesetter

UNSAFE_SCHEMES = ("javascript:", "data:", "vbscript:")


class _Links(Treeprocessor):
    """Links stay below the site's base path, never run code, and other sites get no opener.

    Root-relative links and image sources get the base path; links to javascript:, data: or
    vbscript: lose their target (the model reports them; this is the second line of defence).
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
        squeezed = "".join(value.split()).lower()
        if squeezed.startswith(UNSAFE_SCHEMES):
            del element.attrib[attribute]
        elif value.startswith("/") and not value.startswith("//"):
            element.set(attribute, self.base_path + value[1:])
        elif element.tag == "a" and squeezed.startswith(("http:", "https:", "//")):
            element.set("rel", "noopener")


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
        md.treeprocessors.register(_Links(md, self.base_path), "links", 1)
        if not self.raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")


@lru_cache(maxsize=16)
def _converter(base_path: str, raw_html: bool, level: int) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=[
            "tables",
            "attr_list",
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
