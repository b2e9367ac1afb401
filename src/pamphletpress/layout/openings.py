"""Intertitles opening a column set close over their text, where that costs nothing.

print.css sets an intertitle that opens a column or a page ``close``
(``--intertitle-opening``): its space above dropped, it stands over its text as an
intertitle inside a column does (issue 24: moved under it, that space cut it loose).
The rounds of :func:`~pamphletpress.layout.pages.lay_out_pages` (foot fills, nudges,
blocks raised) count the lines such an intertitle takes, and one line less can open
a hole the old height filled. So the page is laid out with the intertitles close,
and where one opened a column there, laid out again with their space moved below
them (``body.opening-below``); the second is kept where the first adds a fault
(:func:`adds_fault`). An issue's pages keep the old height (``body.issue``): its
plan counts lines with it.
"""

from __future__ import annotations

from typing import NamedTuple

from pamphletpress.layout.columnends import Mendables
from pamphletpress.layout.floats import body_leading, empty_lines, scraps
from pamphletpress.layout.grid import OPENED_CLOSE
from pamphletpress.layout.lastcolumns import unlevel
from pamphletpress.layout.nudges import stranded
from pamphletpress.layout.pages import lay_out_pages

#: The class on ``<body>`` that sets an intertitle opening a column as before:
#: its space above moved under it (print.css).
BELOW = "opening-below"


class Faults(NamedTuple):
    """What a layout is judged by against the other setting: the holes (the longest,
    the empty lines in all: :func:`~.floats.empty_lines`), the intertitles stranded
    at a column's foot, the scraps between blocks, the pages, and the lines the
    articles' last columns end apart beyond the line and a half they may
    (:func:`~.lastcolumns.unlevel`)."""

    holes: tuple[int, int]
    stranded: int
    scraps: int
    pages: int
    apart: float


def faults(rendered) -> Faults:
    """The :class:`Faults` of laid-out pages."""
    leading = body_leading(rendered)
    return Faults(
        empty_lines(rendered), stranded(rendered), scraps(rendered), len(rendered.pages),
        unlevel(rendered, leading) if leading else 0.0,
    )  # fmt: skip


def adds_fault(close: Faults, below: Faults) -> bool:
    """Whether the layout with the intertitles close has any fault more than the one
    with their space below: a hole longer or more empty lines, more stranded
    intertitles, scraps or pages, or the articles' last columns further apart."""
    return (
        close.holes[0] > below.holes[0]
        or close.holes[1] > below.holes[1]
        or close.stranded > below.stranded
        or close.scraps > below.scraps
        or close.pages > below.pages
        or close.apart > below.apart
    )


def lay_out(html: str, mendables: Mendables, base_url: str, fetcher, notes: list[str], **kw):
    """:func:`~pamphletpress.layout.pages.lay_out_pages` with the intertitles opening
    a column close over their text, or, where that adds a fault, with their space
    moved below them (a second layout, only where an intertitle opened a column)."""
    if kw.get("floats", True) is False:  # an issue's pages: planned with the old height
        return lay_out_pages(html, mendables, base_url, fetcher, notes, **kw)
    close_notes: list[str] = []
    first = Mendables(dict(mendables.paragraphs))  # the layout holds (pops) paragraphs
    close = lay_out_pages(html, first, base_url, fetcher, close_notes, **kw)
    if not _opened_close(close[0]):
        mendables.paragraphs = first.paragraphs
        notes += close_notes
        return close
    below_notes: list[str] = []
    below = lay_out_pages(below_html(html), mendables, base_url, fetcher, below_notes, **kw)
    if adds_fault(faults(close[0]), faults(below[0])):
        notes += below_notes
        return below
    mendables.paragraphs = first.paragraphs
    notes += close_notes
    return close


def below_html(html: str) -> str:
    """The print HTML with :data:`BELOW` on its ``<body>``."""
    start = html.index("<body")
    end = html.index(">", start)
    tag = html[start:end]
    if 'class="' in tag:
        tag = tag.replace('class="', f'class="{BELOW} ', 1)
    else:
        tag += f' class="{BELOW}"'
    return html[:start] + tag + html[end:]


def _opened_close(rendered) -> bool:
    """Whether an intertitle opened a column or a page set close on these pages."""
    return any(
        getattr(box, OPENED_CLOSE, False)
        for page in rendered.pages
        for box in page._page_box.descendants()
    )
