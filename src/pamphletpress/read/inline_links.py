"""Links the writer typed as text: a bare address, made the link it means, and a link
with a space before its address, told (``PamphletExtension`` registers both).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Protocol

from markdown import Markdown
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

from pamphletpress.i18n import _


class Told(Protocol):
    """What the processors need of the extension: to warn, naming a source line."""

    def warn(self, line: int | None, message: str) -> None: ...

    def line_holding(self, text: str) -> int | None: ...


#: A bare address in running text: ``https://…`` or ``www.…``, up to white space.
BARE_URL_RE = r"(?<![\w/@.\-\x02])(?:https?://|www\.)[^\s<>\"\x02\x03]+"


class BareUrlProcessor(InlineProcessor):
    """``https://example.org/x`` in running text becomes a link to itself.

    Trailing punctuation stays text (``… zie example.org.``); a closing
    parenthesis only belongs to the address when it opened one.
    """

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's name
        url = m.group(0)
        while url and (
            url[-1] in ".,;:!?'\"\u2019\u201d*_"
            or (url[-1] == ")" and url.count("(") < url.count(")"))
        ):
            url = url[:-1]
        if len(url) < 8:
            return None, None, None
        link = ET.Element("a", {"href": url if "://" in url else f"https://{url}"})
        link.text = AtomicString(url)
        return link, m.start(0), m.start(0) + len(url)


#: ``[Rust] (https://…)``: a link's words and its address parted by white space.
SPACED_LINK_RE = (
    r"(?<![!\\])\[([^\[\]\n]+)\]\s+\("
    r"((?:https?://|www\.|mailto:)[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)\)"
)


class SpacedLinkProcessor(InlineProcessor):
    """``[Rust] (https://www.rust-lang.org/)`` is a link typed with a space before its
    address: CommonMark and pandoc print it as typed, brackets and all, and so does this
    reader (the address a link of its own, as any bare address). Only an absolute
    address counts (``[sic] (zie boven)`` is text). The writer meant a link and is told
    the line, to take the space out."""

    def __init__(self, pattern: str, md: Markdown, extension: Told):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's name
        words, url = m.group(1), m.group(2)
        self.extension.warn(
            self.extension.line_holding(f"({url})"),
            _(
                "{link} ({url}) has a space between ] and (, so it is no link and prints "
                "as typed, brackets and all; take the space out to make it a link"
            ).format(link=f"[{_plain_text(words)}]", url=url),
        )
        return None, None, None  # the text stays as the writer typed it


def _plain_text(text: str) -> str:
    """Inline text as the writer reads it: Python-Markdown's stash markers left out."""
    return re.sub(r"\x02[^\x03]*\x03", "", text).strip()
