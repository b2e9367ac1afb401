"""A page's foot too short for what would come up before a block: the paragraphs
above set a line tighter make the room.

Where a block across the columns opens a page and the page before ends short,
text after the block moves up before it (:mod:`pamphletpress.layout.floats`).
When that text opens with an intertitle, it moves with its first lines or not at
all; a foot a line or two short of that stays empty (the heading and three lines
need six, the foot has five). A make-up editor then sets a paragraph or two of
the run above a line shorter (TeX's ``\\looseness=-1``): the run's columns end
that much higher, and the intertitle and its lines fit. :func:`tightening` finds
such a foot and says which move needs how many lines; the caller sets the
paragraphs again (:func:`pamphletpress.layout.footfill.refilled`), moves the text
and keeps the pages only where they leave fewer empty lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pamphletpress.layout.columnends import MEND, MEND_FIRST
from pamphletpress.layout.floats import (
    FLOAT,
    HEADINGS,
    HOLE,
    SCRAP,
    FloatMove,
    _article,
    _cut,
    _ends_article,
    _ends_at_block,
    _holes,
    _next_run,
    _text_bottom,
    body_leading,
)
from pamphletpress.layout.footfill import ShortFoot, _fill, column_size
from pamphletpress.layout.laidout import _classes, _columns, _composed_lines

#: Lines the run above may be set tighter at most (a paragraph each): more is no
#: longer the make-up editor's touch but a page set close.
MOST = 2


@dataclass(frozen=True)
class Tightening:
    """The move that fills the page before block ``move.block`` once the paragraphs
    ``foot`` names (``foot.tighter`` of them) are set a line tighter."""

    move: FloatMove
    foot: ShortFoot

    @property
    def key(self) -> str:
        """What the trial is known by (not a block's number: a level move's)."""
        return key(self.move.block)


def key(name: str) -> str:
    """The trial key of a tightening for block ``name``."""
    return name + "~"


def tightening(rendered, tried: set[str]) -> Tightening | None:
    """The first block across the columns (its :func:`key` not in ``tried``) that opens a
    page of its article while the page before ends :data:`HOLE` lines or more
    short and none of the text after it fits that room, where up to :data:`MOST`
    lines more would let its first unit (an intertitle with its lines) move up.
    None when there is no such block, or too few whole paragraphs to set tighter."""
    leading = body_leading(rendered)
    if leading is None:
        return None
    for number, (here, there) in enumerate(zip(rendered.pages, rendered.pages[1:]), 1):
        before, after = _article(here._page_box, -1), _article(there._page_box, 0)
        if before is None or after is None or before.element is not after.element:
            continue
        block = after.children[0] if after.children else None
        if block is None or block.element_tag is None or not block.element.get(FLOAT):
            continue
        name = block.element.get(FLOAT)
        run = before.children[-1] if before.children else None
        if key(name) in tried or run is None or "columns" not in _classes(run):
            continue
        holes = _holes(before, _text_bottom(here._page_box))
        following = _next_run(after.children[1:])
        if not holes or max(holes) < HOLE * leading or following is None:
            continue
        room = sum(holes) - leading  # (a line short rather than over, as floats moves)
        least = 2 * SCRAP * leading if _ends_at_block(after.children, following) else 0.0
        if _cut(following, room, least) is not None:
            continue  # text fits as it is: floats moves it
        columns = list(_columns(run))
        paragraphs = _tightenable(before)
        dropped = _dropped(following, leading)  # an intertitle's space above, back mid-column
        for lines in range(1, min(MOST, len(paragraphs)) + 1):
            cut = _cut(following, room + lines * leading - dropped, least)
            if cut is not None and not _ends_article(after, following, cut):
                order = tuple(paragraphs)
                size = column_size(columns[0])
                foot = ShortFoot(number, size, lines, 0, order, ())
                return Tightening(FloatMove(name, *cut), foot)
    return None


def _tightenable(article) -> list[str]:
    """The whole paragraphs of the article's runs on the page, to set tighter: the
    last run's first (each a line of its room), then those of the runs above it,
    nearest first (a line fewer there lifts the run under it where the run's
    columns grow even); in each run the shortest last line first. A paragraph
    going on from one column to the next is whole too: its run is balanced."""
    runs = [child for child in reversed(article.children) if "columns" in _classes(child)]
    return [number for run in runs for number in _whole_in_run(run)]


def _whole_in_run(run) -> list[str]:
    """The composed paragraphs standing whole in ``run`` on its page (in one column
    or going on in the next), the shortest last line first."""
    counts: dict[str, int] = {}
    elements: dict[str, object] = {}
    last: dict[str, object] = {}
    for line, _parent, paragraph in _composed_lines(run):
        if paragraph is None:
            continue
        number = paragraph.element.get(MEND)
        counts[number] = counts.get(number, 0) + 1
        elements[number], last[number] = paragraph.element, line
    width = next(_columns(run)).width
    whole = [
        (_fill(last[number], width), number)
        for number, element in elements.items()
        if element.get(MEND_FIRST) is None
        and 2 <= counts[number] == sum("line" in _classes_of(child) for child in element)
    ]
    return [number for _, number in sorted(whole)]


def _classes_of(element) -> list[str]:
    return (element.get("class") or "").split()


def _dropped(run, leading: float) -> float:
    """The space above an intertitle opening ``run``'s first column that the
    column's top dropped (print.css: ``h2:first-child``): moved up under text it
    takes it again, its height rounded up to whole lines of the grid (px)."""
    column = next(_columns(run), None)
    first = column.children[0] if column is not None and column.children else None
    if first is None or first.element_tag not in HEADINGS:
        return 0.0
    height = first.margin_height()
    return math.ceil(height / leading - 0.01) * leading - height
