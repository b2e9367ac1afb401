"""A column left short beside a block across both columns: the block moved a block of
text up or down, as a make-up editor shifts a box, to see whether the columns then
fill.

Where an intertitle and its first lines could not stand at a column's foot they
open the next column and leave the one before short; moving text after the
block (:mod:`pamphletpress.layout.floats`) cannot fill such a column, as the
intertitle goes on keeping its lines. What moves the column's break is the
block: set one paragraph later (the text after it moves up before it) or one
earlier (the last block of the text above it goes after it), the block under
the short run or the one above it. :func:`nudged` gives the first such move
not yet tried; the page is laid out again and the move kept only where it left
fewer empty lines (:func:`pamphletpress.layout.floats.empty_lines`).
"""

from __future__ import annotations

from collections.abc import Iterator

from pamphletpress.layout.floats import (
    FLOAT,
    HEADINGS,
    HOLE,
    UNDER,
    FloatMove,
    _article,
    _articles,
    _column_ends,
    _cut,
    _following_run,
    block_feet,
    body_leading,
    run_feet,
)
from pamphletpress.layout.laidout import _classes, _columns, _leaves_with_blocks

#: The moves, by the key they are tried under (the block's number and one of these):
#: the block under the run a block later, a block earlier; the one above it likewise.
LATER, EARLIER, ABOVE_LATER, ABOVE_EARLIER = "+", "-", "^+", "^-"


def nudged(rendered, tried: set[str]) -> tuple[str, FloatMove] | None:
    """The first move of a block across the columns beside a run with a column
    more than :data:`~pamphletpress.layout.floats.HOLE` lines short, or ending on an
    intertitle with fewer than :data:`~pamphletpress.layout.floats.UNDER` lines under
    it, on a page that is not its article's last, whose key is not in ``tried``:
    (key, move). The shortest column first, the stranded intertitles after them: a
    trial costs a layout of the whole page."""
    leading = body_leading(rendered)
    if leading is None:
        return None
    found = []  # (stranded, how short, page's position, the run's place, its article)
    for number, article, index, run, foot in run_feet(rendered):
        gap = max((foot - end for end in _column_ends(run)), default=0.0)
        if int(gap / leading + 0.01) > HOLE:
            found.append((0, -gap, number, index, article))
        elif _stranded_columns(run):  # the lines it lacks come from a paragraph moved
            found.append((1, -UNDER * leading, number, index, article))
    for number, article, index, gap in block_feet(rendered):  # the run above the block
        if (
            int(gap / leading + 0.01) > HOLE
            and index
            and "columns" in _classes(article.children[index - 1])
        ):
            found.append((0, -gap, number, index - 1, article))
    for _stranded, gap, _number, index, article in sorted(found, key=lambda each: each[:4]):
        children = article.children
        below = children[index + 1] if index + 1 < len(children) else None
        above = children[index - 1] if index else None
        for key, move in _moves(rendered, article, children[index], below, above, -gap):
            if key not in tried:
                return key, move
    return None


def improved(before: tuple, after: tuple) -> bool:
    """Whether a nudge helped: ``before`` and ``after`` are (:func:`empty_lines
    <pamphletpress.layout.floats.empty_lines>`, :func:`stranded`) of the pages. A
    shorter longest hole and no intertitle more left at a foot, or fewer left there
    and no longer hole than before (or none)."""
    (holes, strands), (holes_now, strands_now) = before, after
    if holes_now[0] < holes[0] and strands_now <= strands:
        return True
    return strands_now < strands and (holes_now <= holes or holes_now[0] <= HOLE)


def stranded(rendered) -> int:
    """The intertitles that end a column with fewer than :data:`UNDER` lines under
    them on a page that is not their article's last: what a move must not add."""
    count = 0
    for here, there in zip(rendered.pages, rendered.pages[1:]):
        last, following = _article(here._page_box, -1), _article(there._page_box, 0)
        if last is None or following is None or last.element is not following.element:
            continue
        for article in _articles(here._page_box):
            for run in article.children:
                if "columns" in _classes(run):
                    count += _stranded_columns(run)
    return count


def _stranded_columns(run) -> int:
    """The run's columns that end on an intertitle with fewer than :data:`UNDER`
    lines under it."""
    count = 0
    for column in _columns(run):
        blocks = [block for _, block in _leaves_with_blocks(column)]
        heads = [i for i, block in enumerate(blocks) if _is_heading(block)]
        count += bool(heads) and len(blocks) - heads[-1] - 1 < UNDER
    return count


def _is_heading(block) -> bool:
    return block is not None and block.tag in HEADINGS


def _moves(rendered, article, run, below, above, gap: float) -> Iterator[tuple[str, FloatMove]]:
    """The moves that may fill ``run``'s short column, the block under it first."""
    if _floats(below):
        name = below.element.get(FLOAT)
        following = _following_run(rendered, article.element, below.element)
        cut = _cut(following, 2 * gap) if following is not None else None
        if cut is not None:
            yield name + LATER, FloatMove(name, *cut, level=True)
        last = _last_unit(run.element)
        if last:
            yield name + EARLIER, FloatMove(name, last, None, back=True)
    if _floats(above):
        name = above.element.get(FLOAT)
        cut = _cut(run, 2 * gap)
        if cut is not None and cut[0] < len(run.element):
            yield name + ABOVE_LATER, FloatMove(name, *cut, level=True)
        siblings = list(article.element)
        at = siblings.index(above.element)
        before = siblings[at - 1] if at else None
        last = _last_unit(before) if before is not None and before.get("class") == "columns" else 0
        if last:
            yield name + ABOVE_EARLIER, FloatMove(name, last, None, back=True)


def _last_unit(run) -> int:
    """Where a run's last block starts, with the intertitles right above it (they
    never stay behind at a column's foot); 0 when that is the whole run."""
    index = len(run) - 1
    while index > 0 and run[index - 1].tag in HEADINGS:
        index -= 1
    return max(index, 0)


def _floats(box) -> bool:
    """Whether ``box`` is a block across the columns that may move."""
    return box is not None and box.element_tag is not None and bool(box.element.get(FLOAT))
