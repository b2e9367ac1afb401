"""A column never ends short before an intertitle, nor on one with too few of its
lines: the paragraphs above are set a line tighter (the intertitle and its first
lines then fit at the foot) or looser (they fill the foot themselves).

An intertitle keeps with its first three lines (print.css: ``break-after:
avoid``; two in an issue, whose layout places its pages), so where a column has
room for fewer than those at its foot, WeasyPrint moves them on and the foot
stays empty: four to six lines under a two-line intertitle. A newspaper's
make-up editor fills such a foot by setting a paragraph or two a line shorter or
longer (TeX's ``\\looseness``); the paragraph composer can, keeping every line
within its tolerance. :func:`short_foot` finds such a column on the laid-out
pages (one that ends two lines or more above the page's text foot, the text going
on past an intertitle in the next column or on the next page) and says how many
lines each way would fill it; :func:`refilled` sets those paragraphs again in the
print page's HTML, fewest paragraphs first, and the page is laid out again. The
paragraphs may stand in that column, in the columns before it on its page, or on
the pages before it the same text flows on from: each moves the text after it.

A run's columns may also end short where no text can come up to fill them: above
a block across the columns, or at a page's foot where the next page opens with
such a block (what would move up before it is an intertitle that keeps its lines,
or would leave a scrap), or above a block that ends its page with room under it
(a table whose next row did not fit). Paragraphs of that run, then of the runs
above it on the page, are set a line looser, as many as bring every column within
two lines of its foot (:func:`_short_above_block`).
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout.columnends import MEND, MEND_FIRST, Mendables
from pamphletpress.layout.floats import (
    HOLE,
    _article,
    _column_ends,
    _text_bottom,
    block_feet,
    body_leading,
    run_feet,
)
from pamphletpress.layout.grid import MOVED_BELOW
from pamphletpress.layout.laidout import (
    HEADINGS,
    _classes,
    _columns,
    _composed_lines,
    _leaves_with_blocks,
)

#: Lines a column under an intertitle keeps with it (print.css: ``break-after:
#: avoid`` on its first paragraph's first two lines); an issue's pages keep two.
KEPT_LINES = 3
ISSUE_KEPT_LINES = 2
#: The part of a line that a column's end may stand off the grid of its lines (a
#: line box's height, the space under a list): a column 1.95 lines short is 2.
SLACK = 0.1
#: The widest word space a paragraph set again may open beyond its font's
#: space (word and twice the letter spacing the composer adds), in em of the
#: body size, unless the paragraph already had a wider one: about the widest
#: tenth of the body's lines. Wider, or a line left ragged, and it is not used.
WIDEST_EXTRA_EM = 0.2

#: The composer's spacing of a justified line, in its style.
SPACING = re.compile(r"word-spacing: (-?[\d.]+)pt; letter-spacing: (-?[\d.]+)pt")


@dataclass(frozen=True)
class ShortFoot:
    """A column ending ``room`` (pt) above the text foot; ``tighter`` paragraphs a
    line shorter would let the intertitle after it in, ``looser`` a line longer
    would fill it; the column's whole paragraphs by number, the best to try first."""

    page: int  # 1-based, for notes
    size: float  # the body's font size (pt)
    tighter: int
    looser: int
    shortest_last: tuple[str, ...]  # to set tighter: the shortest last line first
    fullest_last: tuple[str, ...]  # to set looser: the fullest last line first


def short_foot(rendered, tried: set[tuple]) -> ShortFoot | None:
    """The first column (not one already ``tried``: page, run and column index, and
    where the column ended, so that a column the layout changed since is tried again) that ends
    :data:`~pamphletpress.layout.floats.HOLE` lines or more short of its page's
    text foot while its run goes on past an intertitle, and what would fill it."""
    leading = body_leading(rendered)
    if leading is None:
        return None
    issue = _is_issue(rendered)
    for number, (here, there) in enumerate(zip(rendered.pages, rendered.pages[1:]), 1):
        article, following = _article(here._page_box, -1), _article(there._page_box, 0)
        if article is None or following is None or article.element is not following.element:
            continue  # the article's last page
        bottom = _text_bottom(here._page_box)
        for position, run in enumerate(article.children):
            if "columns" not in _classes(run):
                continue
            columns = list(_columns(run))
            if run is article.children[-1]:
                after, beyond = _first_column(following, run)
            else:  # a block across the columns follows on this page
                after, beyond = None, True
            nexts = [(column, False) for column in columns[1:]] + [(after, beyond)]
            for index, (column, (after, _)) in enumerate(zip(columns, nexts)):
                key = (number, position, index, round(_end(column)))
                if key in tried or after is None:
                    continue
                last = index == len(columns) - 1
                # A run that ends on the page (a block across the columns follows)
                # has balanced columns: the first ends where the run does. Set
                # tighter, the page's last run may grow to its foot; looser, a run
                # fills its own.
                own = run.position_y + run.height if beyond and not last else bottom
                grown = bottom if run is article.children[-1] else own
                flowing = [column]
                if run is article.children[-1] and not issue:
                    flowing = columns[index::-1] + _flowing_in(rendered.pages, number, run)
                kept = ISSUE_KEPT_LINES if issue else KEPT_LINES
                found = _short(flowing, after, (grown, own), leading, kept)
                if found is not None and beyond and last:
                    found = (0, *found[1:])  # the intertitle cannot move up past the block
                if found is None:
                    found = _stranded(flowing, kept)
                if found is not None:
                    tried.add(key)
                    return ShortFoot(number, column_size(column), *found)
    return None if issue else _short_above_block(rendered, leading, tried)


def _short_above_block(rendered, leading: float, tried: set) -> ShortFoot | None:
    """The first run (not ``tried``) whose columns end more than
    :data:`~pamphletpress.layout.floats.HOLE` lines above the block across the
    columns under it, or above the page's foot where the next page opens with such
    a block (the run does not go on there), or above a block that ends its page
    with room under it: no text comes up past the block to fill them (it would be
    a scrap), so paragraphs of the run set a line looser each fill them, as many
    as bring every column within two lines of its foot."""
    pages = rendered.pages
    for number, article, index, run, foot in run_feet(rendered):
        last = index == len(article.children) - 1
        if last and _goes_on(pages[number + 1], run):
            continue  # the text flows on: the foot is WeasyPrint's (or _short's)
        ends = _column_ends(run)
        # each column the lines it lacks (a run's lines added are shared between its columns)
        looser = sum(max(0, _lines(foot - end, leading) - HOLE) for end in ends)
        found = _looser(_runs_up(article, index), looser, (number, index, ends), tried)
        if found is not None:
            return ShortFoot(number + 1, column_size(next(_columns(run))), *found)
    for number, article, index, gap in block_feet(rendered):
        runs = _runs_up(article, index - 1)
        down = _lines(gap, leading) - HOLE  # the block moved down that much: the run as tall
        if not runs or down <= 0:
            continue
        ends = _column_ends(runs[0])
        even = max(0, _lines(ends[0] - ends[-1], leading))  # (0: columns even, 1: the last short)
        found = _looser(runs, 2 * down - 1 + even, (number, index - 1, ends), tried)
        if found is not None:
            return ShortFoot(number + 1, column_size(next(_columns(runs[0]))), *found)
    return None


def _lines(height: float, leading: float) -> int:
    """Whole body lines in ``height`` (px)."""
    return int(height / leading + 0.01)


def _runs_up(article, index: int) -> list:
    """The run of columns at ``index`` among the article box's children and those
    above it on the page, nearest first (a line more in any moves it down); none
    where that child is no run."""
    children = article.children[: index + 1] if index >= 0 else []
    if not children or "columns" not in _classes(children[-1]):
        return []
    return [child for child in reversed(children) if "columns" in _classes(child)]


def _goes_on(page, run) -> bool:
    """Whether ``run`` goes on at the top of ``page`` (the next page)."""
    following = _article(page._page_box, 0)
    children = following.children if following is not None else []
    return bool(children) and children[0].element is run.element


def _looser(runs: list, looser: int, where: tuple, tried: set):
    """(0, ``looser``, …) for the first of ``runs``: its whole paragraphs to set a line
    looser, its own first (the fullest last line first), then the runs' above it;
    None where there is nothing to fill, too few paragraphs, or it was tried so."""
    key = ("looser", where[0], where[1], tuple(round(end) for end in where[2]))
    if looser <= 0 or key in tried:
        return None
    tried.add(key)
    fills = [
        number
        for run in runs
        for number, _ in sorted(
            (each for column in _columns(run) for each in _whole_paragraphs(column)),
            key=lambda item: -item[1],
        )
    ]
    if len(fills) < looser:
        return None
    return 0, looser, tuple(fills[::-1]), tuple(fills)


def _end(column) -> float:
    """Where the column's text ends (px)."""
    return max(
        (leaf.position_y + leaf.margin_height() for leaf, _ in _leaves_with_blocks(column)),
        default=0.0,
    )


def _is_issue(rendered) -> bool:
    """Whether the pages are an issue's (print.css keeps fewer lines there)."""
    html = rendered.pages[0]._page_box.children[0] if rendered.pages else None
    body = html.element.find("body") if html is not None and html.element is not None else None
    return body is not None and "issue" in (body.get("class") or "").split()


def _flowing_in(pages, number: int, run) -> list:
    """The columns of ``run`` on the pages before page ``number`` (1-based) it flows
    on from, nearest first: a paragraph there set a line shorter or longer moves
    the text of every column after it, up to the next page."""
    found = []
    for page in reversed(pages[: number - 1]):
        article = _article(page._page_box, -1)
        if article is None or article.children[-1].element is not run.element:
            break
        columns = list(_columns(article.children[-1]))
        found += columns[::-1]
        if article.children[-1] is not article.children[0]:
            break  # the run begins on that page
    return found


def column_size(column) -> float:
    """The font size of the column's text (its first composed line's), in pt."""
    line = next((line for line, _, _ in _composed_lines(column)), None)
    return line.style["font_size"] * 0.75 if line is not None else 0.0


def _first_column(article, run):
    """The first column of the run going on on the next page, and whether blocks
    across the columns stand above it there (text cannot then move up past them:
    only a looser setting fills the foot)."""
    for child in article.children:
        if "columns" in _classes(child):
            if child.element is run.element or child is not article.children[0]:
                return next(_columns(child), None), child is not article.children[0]
            return None, False
        if child.element_tag is None or child.element.get("class") == "footnotes":
            return None, False
    return None, False


def _short(columns, after, feet: tuple[float, float], leading: float, kept: int):
    """(tighter, looser, shortest last first, fullest last first) for a column (the
    first of ``columns``, whose paragraphs may be set again, nearest first) that ends short before
    an intertitle, or None; ``feet``: where the column may reach set tighter, and
    set looser."""
    column = columns[0]
    leaves = list(_leaves_with_blocks(column))
    following = list(_leaves_with_blocks(after))
    if not leaves or not following:
        return None
    end = max(leaf.position_y + leaf.margin_height() for leaf, _ in leaves)
    room, own = feet[0] - end, feet[1] - end
    heading = following[0][1]
    if max(room, own) < (HOLE - SLACK) * leading or heading is None:
        return None  # (set tighter, the column may reach the page's foot: ``room``)
    if heading.tag not in HEADINGS:
        return None
    height = _heading_height(after, heading, leading)
    if height is None:
        return None
    needed = height + _first_break(following, heading, kept) * leading
    tighter = math.ceil((needed - room) / leading - 0.01)
    looser = math.floor(own / leading + SLACK) - 1
    fills = [sorted(_whole_paragraphs(each), key=lambda item: item[1]) for each in columns]
    if not any(fills):
        return None
    return (
        tighter,
        looser,
        tuple(number for each in fills for number, _ in each),
        tuple(number for each in fills for number, _ in reversed(each)),
    )


def _first_break(following, heading, kept: int) -> int:
    """The lines of the intertitle's text that go with it to a column's foot: its
    first paragraph's up to the first line a column may end after, from the
    ``kept``-th on (not before a last line, nor after a hyphen that is not mended
    where it falls: print.css)."""
    rest = [(leaf, block) for leaf, block in following if block is not heading]
    if not rest or rest[0][1] is None:
        return kept
    paragraph = rest[0][1]
    own = [leaf for leaf, block in rest if block is paragraph and "line" in _classes(leaf)]
    mended = paragraph.get(MEND) is not None
    for index in range(kept - 1, len(own) - 1):
        classes = set(_classes(own[index]))
        held = "hyphenated" in classes and ("held" in classes or not mended)
        if "last" not in _classes(own[index + 1]) and not held:
            return index + 1
    return max(len(own), kept)


def _stranded(columns, kept: int):
    """(tighter, 0, shortest last first, fullest last first) for a column (the first
    of ``columns``) that ends on an intertitle with fewer than ``kept`` lines of its
    text under it, the text going on in the next column (print.css keeps fewer under
    a minor heading, h4 to h6): as many paragraphs above it set a line tighter bring
    the lines it lacks in. None where the column ends otherwise."""
    blocks = [block for _, block in _leaves_with_blocks(columns[0])]
    heads = [i for i, block in enumerate(blocks) if block is not None and block.tag in HEADINGS]
    if not heads or not 0 < len(blocks) - heads[-1] - 1 < kept:
        return None
    fills = [sorted(_whole_paragraphs(each), key=lambda item: item[1]) for each in columns]
    if not any(fills):
        return None
    return (
        kept - (len(blocks) - heads[-1] - 1),
        0,
        tuple(number for each in fills for number, _ in each),
        tuple(number for each in fills for number, _ in reversed(each)),
    )


def _heading_height(column, heading, leading: float) -> float | None:
    """The height the intertitle takes at a column's foot: as at the column's top,
    where its space above is dropped, with that space, in whole lines."""
    box = next((child for child in column.children if child.element is heading), None)
    if box is None:  # not a block of the run itself
        return None
    above = box.style["margin_top"]
    above = above.value if getattr(above, "unit", None) == "px" else 0.0
    kept = box.margin_top + getattr(box, MOVED_BELOW, 0.0)  # grid.py may move it below
    height = box.margin_height() + (above if kept < above else 0.0)
    return math.ceil(height / leading - 0.01) * leading


def _whole_paragraphs(column) -> list[tuple[str, float]]:
    """The composed paragraphs standing whole in the column (not cut by a figure,
    a column end or a page's), each with how full its last line is (0 to 1)."""
    counts: dict[str, int] = {}
    boxes: dict[str, object] = {}
    last: dict[str, object] = {}
    for line, _parent, paragraph in _composed_lines(column):
        if paragraph is None:
            continue
        number = paragraph.element.get(MEND)
        counts[number] = counts.get(number, 0) + 1
        boxes[number] = paragraph
        last[number] = line
    whole = []
    for number, paragraph in boxes.items():
        element = paragraph.element
        lines = sum("line" in (child.get("class") or "").split() for child in element)
        if element.get(MEND_FIRST) is not None or counts[number] != lines or lines < 2:
            continue
        whole.append((number, _fill(last[number], column.width)))
    return whole


def _fill(line, width: float) -> float:
    """How much of the measure the line's text takes."""
    right = line.position_x
    for box in line.descendants():
        if hasattr(box, "text") and box.text and box.text.strip():
            right = max(right, box.position_x + box.width)
    return (right - line.position_x) / width if width else 1.0


def refilled(html: str, mendables: Mendables, foot: ShortFoot) -> str | None:
    """The print page's HTML with paragraphs of the short column set again: the
    fewer of a line tighter each (the intertitle moves up) or a line looser each
    (the column fills), whichever takes fewer paragraphs and can be done; None
    when neither can."""
    root = lxml_html.document_fromstring(html)
    plans = [(foot.tighter, -1, foot.shortest_last), (foot.looser, 1, foot.fullest_last)]
    plans = sorted((plan for plan in plans if plan[0] > 0), key=lambda plan: plan[0])
    for count, change, order in plans:
        sets = _set_again(root, mendables, order, count, change, foot.size)
        if sets is not None:
            for element, paragraph in sets:
                for line in list(element):
                    element.remove(line)
                element.extend(copy.deepcopy(line) for line in paragraph)
            return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")
    return None


def _spacing(paragraph: etree._Element) -> tuple[int, float]:
    """The paragraph's lines left ragged (the last aside) and the widest extra word
    space (pt) the composer gave one of them."""
    ragged, widest = 0, 0.0
    for line in paragraph:
        classes = (line.get("class") or "").split()
        if "ragged" in classes and "last" not in classes:
            ragged += 1
        found = SPACING.search(line.get("style") or "")
        if found:
            widest = max(widest, float(found[1]) + 2 * float(found[2]))
    return ragged, widest


def _set_again(root, mendables: Mendables, order, count: int, change: int, size: float):
    """``count`` paragraphs (tried in ``order``) set ``change`` lines longer: each
    element on the page with its new lines; None when fewer can be."""
    from pamphletpress.compose.breaker import LineRule

    sets = []
    for number in order:
        mendable = mendables.paragraphs.get(number)
        found = root.xpath(f"//*[@{MEND}='{number}']")
        if mendable is None or len(found) != 1:
            continue
        lines = sum("line" in (c.get("class") or "").split() for c in found[0])
        paragraph = copy.deepcopy(mendable.original)
        rule = LineRule(lines + change, ())
        # (a short paragraph asked for a line more than its words give: refused)
        if not mendable.composer(paragraph, mendable.inset, mendable.indent, rule=rule):
            continue
        if sum("line" in (c.get("class") or "").split() for c in paragraph) != lines + change:
            continue
        old, new = _spacing(found[0]), _spacing(paragraph)
        if new[0] > old[0] or new[1] > max(old[1], WIDEST_EXTRA_EM * size):
            continue
        mendable.after(paragraph)
        sets.append((found[0], paragraph))
        if len(sets) == count:
            return sets
    return None
