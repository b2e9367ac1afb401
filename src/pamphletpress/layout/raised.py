"""A block across the columns that opens a page, raised to the foot of the page
before it, the last paragraphs there going on under it.

Where such a block went on to the next page and the page before ends short, text
after the block moves up to fill it (:mod:`pamphletpress.layout.floats`); where
that text opens with an intertitle that keeps its first lines, and they need more
room than the foot has (six lines where it has five), nothing comes up and the
foot stays empty. The make-up editor moves the box instead: up before the page's
last paragraphs, which run on under it to the page's foot and beyond, so that the
intertitle stands further on, where the text flows. :func:`raising` finds such a
block and the move; the caller lays the pages out again and keeps them only where
they leave fewer empty lines, and no more stranded intertitles, scraps or pages.
"""

from __future__ import annotations

from pamphletpress.layout.floats import (
    FLOAT,
    HOLE,
    SCRAP,
    FloatMove,
    _article,
    _back_within,
    _cut,
    _ends_at_block,
    _holes,
    _next_run,
    _text_bottom,
    body_leading,
)
from pamphletpress.layout.laidout import _classes


def key(name: str) -> str:
    """The trial key of block ``name`` raised (not a block's number: a level move's)."""
    return name + "^"


def raising(rendered, tried: set[str]) -> FloatMove | None:
    """The first block across the columns (its :func:`key` not in ``tried``) that
    opens a page of its article while the page before ends more than :data:`HOLE`
    lines short and none of the text after it fits there: the move that sets it
    before that page's last paragraphs, enough of them to fill the room it takes
    and :data:`SCRAP` lines a column under it. None when there is no such block
    or the page's text is too short to leave that much above and under it."""
    leading = body_leading(rendered)
    if leading is None:
        return None
    for here, there in zip(rendered.pages, rendered.pages[1:]):
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
        if not holes or max(holes) <= HOLE * leading or following is None:
            continue
        least = 2 * SCRAP * leading if _ends_at_block(after.children, following) else 0.0
        if _cut(following, sum(holes) - leading, least) is not None:
            continue  # text fits as it is: floats moves it
        move = _back_within(run, name, block.margin_height(), leading)
        if move is not None:
            return move
    return None
