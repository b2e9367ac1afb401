"""Links the writer typed as text: a bare address, and a link with a space before its
address. Python-Markdown's own link pattern sees neither; these inline processors
make them the links they mean (``PamphletExtension`` registers them).
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
    address: CommonMark and pandoc print it as typed, brackets and all. Only an absolute
    address counts (``[sic] (zie boven)`` stays text). It becomes the link the writer
    meant, and the writer is told the line, to take the space out so that every other
    Markdown tool reads it as a link too."""

    def __init__(self, pattern: str, md: Markdown, extension: Told):
        super().__init__(pattern, md)
        self.extension = extension

    def handleMatch(self, m: re.Match, data: str):  # noqa: N802 - Python-Markdown's name
        words, url = m.group(1), m.group(2)
        link = ET.Element("a", {"href": url if ":" in url else f"https://{url}"})
        link.text = words
        shown = f"[{_plain_text(words)}]"
        self.extension.warn(
            self.extension.line_holding(f"({url})"),
            _(
                "{link} ({url}) has a space between ] and (: read as a link; take the "
                "space out, or other Markdown tools print its brackets"
            ).format(link=shown, url=url),
        )
        return link, m.start(0), m.end(0)


def _plain_text(text: str) -> str:
    """Inline text as the writer reads it: Python-Markdown's stash markers left out."""
    return re.sub(r"\x02[^\x03]*\x03", "", text).strip()
