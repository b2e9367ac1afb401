"""``=`` and ``+`` inside a word or an address drawn close to their neighbours.

Charis SIL draws both signs an em wide with a fifth of an em of side bearing on
each side, made for a formula set with spaces (``a + b``). Between two letters
that reads as spaced: ``?id = 2025A02077``, ``itemName = rust-lang``, ``C+ +``,
``Haven +``. Each sign of a run of them that stands against a letter or a digit
goes in a ``span.sign``, and print.css takes ``--sign-tightening`` off both its
sides, so that it keeps a letter's white (less in Inter, whose signs are
narrower; none in code, set in a monospaced face): ``C++``, ``Haven+ werkt``,
``+31``. A sign with a space either side (``a + b``) keeps its white.

Marked after composing, with the rule the composer measured them by
(:class:`TightSigns`, the face's ``--sign-tightening-…``): its lines come out as
wide as it set them. A paragraph kept for mending is kept as it was, unmarked,
and marked again once mended (:func:`pamphletpress.write.print_html.print_article`).
"""

from __future__ import annotations

import re
from itertools import accumulate

from lxml import etree

#: A run of signs with a letter or a digit on at least one side.
SIGNS = re.compile(r"(?<=[^\W_])[+=]+|[+=]+(?=[^\W_])")
#: Where no sign is closed up: code is monospaced, a formula drawn, a sign already marked.
LEFT_ALONE = {"code", "kbd", "samp", "pre", "math", "svg", "script", "style"}
CLASS = "sign"


def tighten_signs(root: etree._Element) -> None:
    """Every ``=`` and ``+`` in ``root``'s text that stands inside a word or an
    address in a ``span.sign`` (see the module's docstring)."""
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if not _left_alone(element):
            _mark(element, "text")
        if element is not root and not _left_alone(element.getparent()):
            _mark(element, "tail")  # the tail is the parent's text


def _left_alone(element: etree._Element | None) -> bool:
    while element is not None:
        if isinstance(element.tag, str) and (
            element.tag in LEFT_ALONE or CLASS in (element.get("class") or "").split()
        ):
            return True
        element = element.getparent()
    return False


def _mark(element: etree._Element, attribute: str) -> None:
    """The signs of ``element``'s text or tail, each in its span, in place."""
    value = getattr(element, attribute)
    if not value or not SIGNS.search(value):
        return
    pieces: list[str | etree._Element] = []
    start = 0
    for match in SIGNS.finditer(value):
        pieces.append(value[start : match.start()])
        for sign in match.group(0):
            span = etree.Element("span", {"class": CLASS})
            span.text = sign
            pieces.append(span)
        start = match.end()
    pieces.append(value[start:])
    _put(element, attribute, pieces)


def _put(element: etree._Element, attribute: str, pieces: list) -> None:
    """``pieces`` (text and spans, in order) as ``element``'s text or tail."""
    head, spans = pieces[0], pieces[1:]
    setattr(element, attribute, head or None)
    last: etree._Element | None = None
    for piece in spans:
        if isinstance(piece, str):
            if last is not None:
                last.tail = (last.tail or "") + piece or None
            continue
        if last is not None:
            last.addnext(piece)
        elif attribute == "text":
            element.insert(0, piece)
        else:
            element.addnext(piece)
        last = piece


class TightSigns:
    """A face (a :class:`~pamphletpress.compose.metrics.FontMetrics`) whose signs
    inside words are ``tightening`` em narrower each side, as print.css's
    ``.sign`` draws them: the composer's widths are those of the page."""

    def __init__(self, font, tightening: float) -> None:
        self.font = font
        self.tightening = tightening
        self.path = font.path
        self._prefixes: dict[str, tuple[float, ...]] = {}

    def __repr__(self) -> str:
        return f"TightSigns({self.font!r}, {self.tightening:g})"

    def width(self, text: str, size: float = 1.0) -> float:
        return self.prefix_advances(text)[-1] * size if text else 0.0

    def prefix_advances(self, text: str) -> tuple[float, ...]:
        cached = self._prefixes.get(text)
        if cached is None:
            cached = self._prefixes[text] = (0.0, *accumulate(self.advances(text)))
        return cached

    def advances(self, text: str) -> list[float]:
        advances = list(self.font.advances(text))
        for match in SIGNS.finditer(text):
            for index in range(match.start(), match.end()):
                advances[index] -= 2 * self.tightening
        return advances

    def covers(self, text: str) -> bool:
        return self.font.covers(text)


#: The styles of a face set whose signs print.css closes up (not code, the end mark,
#: a note's call in another face).
TEXT_STYLES = ("regular", "italic", "bold", "bold-italic")


def with_tight_signs(fonts, tightening: float):
    """``fonts`` (a :class:`~pamphletpress.compose.setup.FontSet`) with its text
    faces measured as :class:`TightSigns`; as it is without tightening."""
    if not tightening:
        return fonts
    return type(fonts)(
        {
            style: TightSigns(font, tightening) if style in TEXT_STYLES else font
            for style, font in fonts.fonts.items()
        }
    )
