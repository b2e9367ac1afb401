"""Headings balanced over their lines, hyphenated only where one word is wider than the measure.

A headline or an intertitle broken greedily leaves a long first line and a
short last one, and a soft hyphen lets WeasyPrint split ``wereld-⏎geschiedenis``
where the whole word would have fitted on the next line. A heading is set as
CSS's ``text-wrap: balance`` sets it (which WeasyPrint 70 lacks): the narrowest
measure that keeps the greedy line count, found by bisection over the words'
widths measured with the heading's own face (HarfBuzz, as for the body), is
given to the heading as its ``max-width``; WeasyPrint then breaks at that
measure with its own metrics, so a hair's difference in measuring cannot make a
line run over. Only a word wider than the whole measure gets soft hyphens
(``hyphens: manual`` in print.css), and then the heading is left unbalanced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pamphletpress.compose.hyphenation import Hyphenator, is_verbatim
from pamphletpress.compose.metrics import FontMetrics


@dataclass(frozen=True)
class HeadingStyle:
    """How one kind of heading is set: face, size (pt), tracking (em), capitals, measure (pt)."""

    font: FontMetrics
    size: float
    width: float
    tracking: float = 0.0
    capitals: bool = False

    def measure(self, text: str) -> float:
        """The width WeasyPrint gives ``text``: shaped, plus letter-spacing after each character."""
        shown = text.upper() if self.capitals else text
        return self.font.width(shown, self.size) + self.tracking * self.size * len(shown)


#: The bisection's precision (pt), and the margin added to the balanced
#: measure: far less than any word and space, more than a measuring error.
PRECISION = 0.1
MARGIN = 0.5


def set_heading(heading: etree._Element, style: HeadingStyle, hyphenator: Hyphenator) -> bool:
    """Balance ``heading`` (a ``max-width`` in its style) or, where a word is wider
    than the measure, give that word its soft hyphens. False when it holds
    something not measured as text (an image, a footnote), left as it is."""
    if heading.find(".//img") is not None or heading.find(".//span[@data-call]") is not None:
        return False
    text = " ".join("".join(heading.itertext()).replace("\u00ad", "").split())
    words = text.split(" ")
    if not text:
        return False
    widths = [style.measure(word) for word in words]
    if max(widths) > style.width:
        _emergency_hyphens(heading, style, hyphenator)
        return True
    # A word's own hyphen is a break too (``na’-⏎moment``), as for WeasyPrint.
    pieces = [
        (piece, index > 0)
        for word in words
        for index, piece in enumerate(re.split(r"(?<=.-)(?=[^\W\d_])", word))
    ]
    widths = [style.measure(piece) for piece, _joined in pieces]
    joined = [glued for _piece, glued in pieces]
    space = style.measure(" ")
    target = min(style.width, balanced_measure(widths, joined, space, style.width) + MARGIN)
    if target < style.width - PRECISION:
        styles = [s for s in (heading.get("style") or "").split(";") if s.strip()]
        heading.set("style", "; ".join([*styles, f"max-width: {target:.2f}pt"]))
    return True


def balanced_measure(
    widths: list[float], joined: list[bool], space: float, measure: float
) -> float:
    """The narrowest measure at which greedy breaking of pieces this wide (each
    ``joined`` to the one before it without a space, or not) takes no more lines
    than at ``measure``."""
    lines = len(_greedy(widths, joined, space, measure))
    if lines < 2:
        return measure
    low, high = max(widths), measure
    while high - low > PRECISION:
        middle = (low + high) / 2
        if len(_greedy(widths, joined, space, middle)) <= lines:
            high = middle
        else:
            low = middle
    return high


def _greedy(widths: list[float], joined: list[bool], space: float, measure: float) -> list[int]:
    """Where a greedy breaker ends each line (piece indices, the last one ``len``)."""
    ends: list[int] = []
    line = 0.0
    for index, width in enumerate(widths):
        gap = 0.0 if joined[index] or not index else space
        if index and line + gap + width > measure:
            ends.append(index)
            line = width
        else:
            line += gap + width
    ends.append(len(widths))
    return ends


def _emergency_hyphens(heading: etree._Element, style: HeadingStyle, hyphenator: Hyphenator):
    """Soft hyphens in the words wider than the measure, and in no other."""

    def hyphenated(text: str | None) -> str | None:
        if not text:
            return text
        parts = text.split(" ")
        for index, word in enumerate(parts):
            if word and style.measure(word) > style.width and not is_verbatim(word):
                parts[index] = hyphenator.hyphenate_text(word)
        return " ".join(parts)

    for element in heading.iter():
        if not isinstance(element.tag, str) or element.tag in ("code", "a"):
            continue
        element.text = hyphenated(element.text)
        if element is not heading:
            element.tail = hyphenated(element.tail)
