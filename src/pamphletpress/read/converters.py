"""The Markdown converters: an article's, its extensions chosen for the text it reads,
and the front matter's (title, kicker, byline), one per language."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension

from pamphletpress.read.document import line_in
from pamphletpress.read.markdown_ext import PamphletExtension, PamphletSmarty
from pamphletpress.read.pandoc_ext import PandocSyntaxExtension

#: What pymdownx's tilde and caret act on: their marks, and an escaped space
#: (``\\ ``), which they both make an escape. A ``^`` right after ``[`` is a note's.
PYMDOWNX_MARKS = re.compile(r"~|(?<!\[)\^|\\ ")


def markdown_for(
    lang: str,
    title: str | None,
    first_line: int,
    warn: Callable[[int | None, str], None],
    text: str | None = None,
) -> tuple[Markdown, PamphletExtension]:
    """A Markdown converter for one article, and the extension that reports on it.

    Given the ``text`` it will read, pymdownx's ``~``/``^`` extensions are left out
    when the text holds none of their marks (they bring in urllib and its network
    modules: a fifth of an `epub`)."""
    # Extensions as objects, not names: a name has Markdown read every installed
    # package's entry points to find it (importlib.metadata, a tenth of an `epub`).
    from markdown.extensions.abbr import AbbrExtension
    from markdown.extensions.admonition import AdmonitionExtension
    from markdown.extensions.attr_list import AttrListExtension
    from markdown.extensions.def_list import DefListExtension
    from markdown.extensions.fenced_code import FencedCodeExtension
    from markdown.extensions.footnotes import FootnoteExtension
    from markdown.extensions.sane_lists import SaneListExtension
    from markdown.extensions.tables import TableExtension
    from markdown.extensions.toc import TocExtension, slugify_unicode

    from pamphletpress.read.html_blocks import MarkdownInHtmlBlocks

    extension = PamphletExtension(title, first_line, warn)
    pandoc = PandocSyntaxExtension(
        first_line, warn, lambda text: line_in(extension.source_lines, first_line, text)
    )
    converter = Markdown(
        extensions=[
            AbbrExtension(),
            AdmonitionExtension(),
            AttrListExtension(),
            DefListExtension(),
            FencedCodeExtension(),
            FootnoteExtension(USE_DEFINITION_ORDER=False),  # numbered as the text calls them
            MarkdownInHtmlBlocks(),  # pandoc's rule: Markdown inside every HTML block
            SaneListExtension(),
            TableExtension(),
            TocExtension(slugify=slugify_unicode, toc_depth="2-6"),
            PamphletSmarty(lang),
            *(_pymdownx() if text is None or PYMDOWNX_MARKS.search(text) else []),
            pandoc,
            extension,
        ],
        output_format="xhtml",
    )
    return converter, extension


def _pymdownx() -> list[Extension]:
    from pymdownx.caret import InsertSupExtension
    from pymdownx.tilde import DeleteSubExtension

    return [
        DeleteSubExtension(),  # ~~strikeout~~ and H~2~O (pandoc, GitHub)
        InsertSupExtension(),  # a^bc^ (pandoc)
    ]


@functools.lru_cache(maxsize=8)
def _smartener(lang: str) -> Markdown:
    """One converter per language for the front matter's texts (made once, reset each time)."""
    return Markdown(extensions=[PamphletSmarty(lang)], output_format="xhtml")


def smarten(text: str, lang: str) -> str:
    """A front-matter text (title, kicker, byline) with the language's typographic
    marks, its inline Markdown (``*echte*``) read and left as plain text."""
    converter = _smartener(lang)
    converter.reset()
    # A title like "1. Wereld" or "- vandaag" is a line of text, not a list.
    source = re.sub(r"^(\s*)(\d+)([.)])", r"\1\2\\\3", text.replace("\n", " "))
    source = re.sub(r"^(\s*)([-*+#>])", r"\1\\\2", source)
    html = converter.convert(source)
    try:
        element = ET.fromstring(f"<div>{html}</div>")
    except ET.ParseError:
        return text
    return " ".join("".join(element.itertext()).split())
