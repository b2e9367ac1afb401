"""An article's last columns end level: a line apart at most, not two or four.

WeasyPrint balances the run of columns that ends an article (from the last block
across the columns on its last page, or that page's top) as its break rules let
it: an intertitle keeping its first lines, a paragraph its two lines either side
of a break, can leave one column two lines or more deeper than the other, which
reads as text missing from the shorter (issue 19: "at most one line apart").
A make-up editor evens them as at a column's foot
(:mod:`pamphletpress.layout.footfill`): one paragraph of that run set a line
looser or tighter changes the run's line count, and the balancing then falls
level. :func:`levelled` tries that, a paragraph at a time, the likeliest first
(looser where it ends in the shorter column, tighter in the deeper), and as a
last resort moves the block above the run by a paragraph
(:mod:`pamphletpress.layout.floats`). Each trial costs a layout of the whole
document and is kept only where the columns came closer and no other fault
appeared (:func:`faults`): no hole, column foot left empty, stranded intertitle,
scrap, lone line, intertitle opening a column, hyphen at a column's end or page
more.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from pamphletpress.layout.columnends import MEND, MEND_FIRST, MEND_LINES, Mendables
from pamphletpress.layout.floats import (
    FLOAT,
    HEADINGS,
    FloatMove,
    _article,
    _articles,
    _column_ends,
    body_leading,
    empty_lines,
    moved_float,
    scraps,
)
from pamphletpress.layout.footfill import (
    ShortFoot,
    _fill,
    _flowing_in,
    _whole_paragraphs,
    column_size,
    refilled,
)
from pamphletpress.layout.grid import MOVED_BELOW
from pamphletpress.layout.laidout import (
    _classes,
    _collect_leaves,
    _columns,
    _composed_lines,
    hyphenated_column_ends,
)
from pamphletpress.layout.nudges import _last_unit, stranded

#: Lines an article's last columns may end :func:`apart`: one (issue 19), and half a
#: line more that a block off the grid of the lines may add (a code block's lines).
LEVEL = 1.5
#: Trials at most, each a layout of the whole document.
TRIALS = 8


def apart(ends: Sequence[float], leading: float) -> float:
    """Lines the last columns end apart: the deepest column's end less the
    shallowest's (``ends`` in px), in body lines (``leading``)."""
    return (max(ends) - min(ends)) / leading if len(ends) > 1 else 0.0


@dataclass(frozen=True)
class LastRun:
    """An article's last run of columns on the page it ends on (0-based), where
    each of its two columns ends (px; an empty column at the run's top), and the
    block across the columns above it (None: it opens the page)."""

    page: int
    article: object
    run: object
    ends: tuple[float, ...]
    above: object | None


def last_runs(rendered) -> Iterator[LastRun]:
    """The last run of columns of every article, on the page the article ends on
    (a box or picture across the columns after it stands in neither column)."""
    pages = rendered.pages
    for number, page in enumerate(pages):
        following = _article(pages[number + 1]._page_box, 0) if number + 1 < len(pages) else None
        for article in _articles(page._page_box):
            if following is not None and following.element is article.element:
                continue  # it goes on on the next page
            children = article.children
            index = next(
                (i for i in range(len(children) - 1, -1, -1) if "columns" in _classes(children[i])),
                None,
            )
            if index is None:
                continue
            run = children[index]
            ends = [end or run.position_y for end in _column_ends(run)]
            ends += [run.position_y] * (2 - len(ends))  # a column the run left empty
            above = children[index - 1] if index else None
            floating = above is not None and above.element_tag is not None
            floating = floating and bool(above.element.get(FLOAT))
            yield LastRun(number, article, run, tuple(ends), above if floating else None)


def unlevel(rendered, leading: float) -> float:
    """The lines the articles' last columns end :func:`apart` beyond :data:`LEVEL`, in
    all (0: every article ends level): what a trial must make smaller."""
    return sum(
        lines for each in last_runs(rendered) if (lines := apart(each.ends, leading)) > LEVEL
    )


def faults(rendered) -> tuple[int, ...]:
    """What a trial may not add, each: the longest hole and the holes' lines
    (:func:`~pamphletpress.layout.floats.empty_lines`), the lines left empty at the
    feet of columns before an article's last page, the intertitles stranded at a
    column's foot, the scraps between two blocks, the lone lines, the intertitles
    opening a column, the paragraphs ending a column on a hyphen, the pages."""
    hyphenated = {end.paragraph for end in hyphenated_column_ends(rendered)}
    return (
        *empty_lines(rendered),
        empty_lines(rendered, 1)[1],
        stranded(rendered),
        scraps(rendered),
        lone_lines(rendered),
        opening_intertitles(rendered),
        len(hyphenated),
        len(rendered.pages),
    )


def no_worse(now: Sequence[int], before: Sequence[int]) -> bool:
    """Whether pages measured ``now`` (:func:`faults`) have no fault more than ``before``."""
    return all(new <= old for new, old in zip(now, before))


def lone_lines(rendered) -> int:
    """The columns that open on a paragraph's last line or end on its first: a
    line alone, cut from the rest of its paragraph (a widow, an orphan)."""
    count = 0
    for page in rendered.pages:
        for column in _columns(page._page_box):
            leaves: list = []
            _collect_leaves(column, leaves)
            lines = [leaf for leaf in leaves if "line" in _classes(leaf)]
            if not lines:
                continue
            first, last = set(_classes(lines[0])), set(_classes(lines[-1]))
            count += lines[0] is leaves[0] and "last" in first and "first" not in first
            count += lines[-1] is leaves[-1] and "first" in last and "last" not in last
    return count


def opening_intertitles(rendered) -> int:
    """The intertitles that open a column or stand right under a block across the
    columns, their space above moved under them (:mod:`pamphletpress.layout.grid`):
    white that cuts them loose from their text."""
    return sum(
        getattr(box, MOVED_BELOW, 0.0) > 0
        for page in rendered.pages
        for column in _columns(page._page_box)
        for box in column.descendants()
    )


def levelled(
    html: str, rendered, mendables: Mendables, render: Callable[[str, object], object]
) -> tuple[str, object, int]:
    """The print page's HTML and its pages with the articles' last columns levelled
    as far as :data:`TRIALS` trials could without a fault more, and the trials kept
    (``render``: a layout of the whole HTML, given the layout it is a change of, whose
    pages before the change it keeps: :mod:`~pamphletpress.layout.resumed`)."""
    leading = body_leading(rendered)
    if leading is None:
        return html, rendered, 0
    now, judged = unlevel(rendered, leading), faults(rendered)
    tried: set[tuple] = set()
    kept = trials = 0
    while now and trials < TRIALS:
        trial = _next_trial(html, rendered, mendables, leading, tried)
        if trial is None:
            break
        trials += 1
        key, new = trial
        laid = render(new, rendered)
        closer, found = unlevel(laid, leading), faults(laid)
        if closer < now and no_worse(found, judged):
            html, rendered, now, judged = new, laid, closer, found
            tried.add((key[0], -key[1]))  # (set back as it was: no trial)
            kept += 1
    return html, rendered, kept


def _next_trial(html: str, rendered, mendables: Mendables, leading: float, tried: set):
    """The next trial for the first article end not level (not one ``tried``), as
    its key (a paragraph's number and change, or the block's move) and the HTML: a
    paragraph of its last run, or of the run where it flows on from the pages before,
    set a line looser or tighter, else the block above the run moved a paragraph;
    None when there is none left."""
    for each in last_runs(rendered):
        if apart(each.ends, leading) <= LEVEL:
            continue
        size = column_size(next(_columns(each.run)))
        flowing = _flowing_in(rendered.pages, each.page + 1, each.run)
        for number, change in paragraph_trials(each.run, each.ends) + _flowing_trials(flowing):
            if (number, change) in tried:
                continue
            tried.add((number, change))
            tighter, looser = (1, 0) if change < 0 else (0, 1)
            order = (number,)
            foot = ShortFoot(each.page + 1, size, tighter, looser, order, order)
            new = refilled(html, mendables, foot)  # None: it cannot be set so
            if new is not None:
                return (number, change), new
        for key, move in _block_moves(each):
            if key not in tried:
                tried.add(key)
                return key, moved_float(html, move)
    return None


def paragraph_trials(run, ends: Sequence[float]) -> list[tuple[str, int]]:
    """The composed paragraphs ending in the run (begun there or on the page
    before) to set a line looser (1) or tighter (-1), likeliest first: looser those
    ending in the shorter column (the fullest last line first: it has a word to give
    the new line), tighter those in the deeper (the emptiest last line first); then
    the others, either way."""
    deeper = max(range(len(ends)), key=lambda index: ends[index])
    shorter = min(range(len(ends)), key=lambda index: ends[index])
    whole: dict[str, tuple[int, float]] = {}  # number: the column its last line is in, fill
    for index, column in enumerate(_columns(run)):
        for line, _parent, paragraph in _composed_lines(column):
            element = paragraph.element if paragraph is not None else None
            if element is None or not element.get(MEND) or "last" not in _classes(line):
                continue
            lines = sum("line" in (child.get("class") or "").split() for child in element)
            cut = element.get(MEND_FIRST) is not None or element.get(MEND_LINES) is not None
            if not cut and lines >= 2:  # (not half of one a figure cut in two)
                whole[element.get(MEND)] = (index, _fill(line, column.width))
    fullest = sorted(whole, key=lambda number: -whole[number][1])
    first = [(n, 1) for n in fullest if whole[n][0] == shorter]
    first += [(n, -1) for n in reversed(fullest) if whole[n][0] == deeper]
    rest = [(n, 1) for n in fullest] + [(n, -1) for n in reversed(fullest)]
    return first + [trial for trial in rest if trial not in first]


def _flowing_trials(columns: list) -> list[tuple[str, int]]:
    """The whole paragraphs of the run on the pages before that it flows on from
    (``columns``, nearest first), each set a line looser (a line more comes over to
    the last page) or tighter: the fullest last line first, then the emptiest."""
    found = [each for column in columns for each in _whole_paragraphs(column)]
    fullest = [number for number, _fill in sorted(found, key=lambda each: -each[1])]
    return [(number, 1) for number in fullest] + [(number, -1) for number in fullest[::-1]]


def _block_moves(each: LastRun) -> Iterator[tuple[tuple, FloatMove]]:
    """The block above the run moved a paragraph: set later (the run's first
    paragraph, with the intertitles over it, goes up before it), or earlier (the
    last paragraph of the run before it goes after it)."""
    if each.above is None:
        return
    name = each.above.element.get(FLOAT)
    siblings = list(each.run.element)
    first = 0
    while first < len(siblings) - 1 and siblings[first].tag in HEADINGS:
        first += 1
    if first + 1 < len(siblings):  # not the whole run: the block would end the article
        yield (f"block {name}", 1), FloatMove(name, first + 1, None, level=True)
    blocks = list(each.article.element)
    at = blocks.index(each.above.element)
    before = blocks[at - 1] if at else None
    last = _last_unit(before) if before is not None and before.get("class") == "columns" else 0
    if last:
        yield (f"block {name}", -1), FloatMove(name, last, None, back=True)
