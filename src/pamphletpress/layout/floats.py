"""A block across both columns never leaves a hole: where a box, a wide table or a
wide figure did not fit at a page's foot and went to the next page's top, the
text after it moves up to fill the page it left.

The print page is runs of columns with the full-width blocks between them
(:mod:`pamphletpress.write.print_html`). :func:`float_hole` finds, on the laid-out
pages, a full-width block that opens a page of its article while the page before
ends short, and measures how much of the run after it fills that room (both
columns: twice the hole); :func:`moved_float` moves that much text from the run
after the block to the run before it in the HTML — whole blocks, or the first
lines of a composed paragraph, cut in two as a figure's move cuts it — and the
page is laid out again. As a newspaper places a box: at the top of the page, the
text running on before it to the foot of the page before. A cut never leaves a
heading at the foot, nor cuts a list, a table or a quotation. Where a block
stays on its page but the run above it ends a column short (an intertitle and
its first lines went up to the first column's foot as one), text from after the
block fills that column in the same way. Where the text after a block would all
move before it, the block would stand after the article's end: it goes up before
the text of the page before instead, where that is a few lines; where it is a
page's worth, before its last paragraphs (the rest runs on to the next page).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout.figureplaces import REST, cut_after_line
from pamphletpress.layout.laidout import (
    _classes,
    _collect_leaves,
    _columns,
    _composed_lines,
    _leaves_with_blocks,
)

#: The attribute numbering the blocks across both columns (they may move).
FLOAT = "data-float"
#: Set on a block whose run before it took text from after it.
MOVED = "data-float-moved"
#: Set on a block that text moving up before it sent to a later page: its number,
#: kept through moves back (:mod:`pamphletpress.layout.released` lets it come back).
HELD = "data-float-held"
#: Set on what such a block stood after before it was first sent on: the numbers of
#: the blocks it anchors, where they go back to.
ANCHOR = "data-float-anchor"
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
LISTS = ("ul", "ol")
#: Body lines left empty at a page's foot that make the text move up (one line
#: a column short is balancing; more is a hole).
HOLE = 2
#: Lines a column a run must have between two full-width blocks (or above one at
#: a page's top): fewer is a scrap.
SCRAP = 3
#: Lines an intertitle keeps under it where the text is cut before a block.
UNDER = 3


@dataclass(frozen=True)
class FloatMove:
    """The text before full-width block ``block`` gains the first ``blocks`` blocks of
    the run after it, and lines 0 to ``line`` of the next block when given."""

    block: str
    blocks: int
    line: int | None
    #: A list cut between its items instead: items 0 to ``item`` of the next block
    #: (with ``line``: lines 0 to ``line`` of item ``item``, the rest of it after).
    item: int | None = None
    #: The other way: a scrap of the run before the block (from its ``blocks``-th
    #: block on, cut after line ``line`` of it when given) goes after the block.
    back: bool = False
    #: The block stays where it stands (the run above it only fills a column):
    #: not marked :data:`MOVED`, so the run's lines above it are no scrap.
    level: bool = False
    #: A move back: the height of the scrap (both columns, pt), what the move
    #: before it pushed over the page's foot.
    overflow: float = 0.0
    #: A move back into the page's text: the block keeps its number, so that the
    #: run above it may still be filled level (:func:`_unbalanced`).
    within: bool = False


def number_floats(body: etree._Element) -> None:
    """Number the blocks across both columns between two runs (they may move)."""
    spanning = [
        child
        for article in body.iter("article")
        for child in article
        if child.get("class") not in ("columns", "opening")
    ]
    for number, block in enumerate(spanning, 1):
        block.set(FLOAT, str(number))


def body_leading(rendered) -> float | None:
    """The body's line height, from its first composed line (None: nothing composed)."""
    return next(
        (
            line.margin_height()
            for page in rendered.pages
            for line, _, _ in _composed_lines(page._page_box)
        ),
        None,
    )


#: The most text (lines a column) that a block moved up before it may take to the
#: next page; more stays above it and the block goes before the page's last paragraphs.
BACK = 8


def float_hole(
    rendered, refused: frozenset[str] = frozenset(), less: Mapping[str, float] | None = None
) -> FloatMove | None:
    """The first full-width block that opens a page of its article while the page
    before ends a body line or more short: how much of the run after it moves
    before it to fill that page. None when there is no such block or nothing to
    move; a run above a block in ``refused`` is left a column short (filling it
    left more holes). ``less``: room (pt) by block that a move before took too
    much of (its text went over the foot): the move takes that much less."""
    leading = body_leading(rendered)
    if leading is None:
        return None
    for here, there in zip(rendered.pages, rendered.pages[1:]):
        before, after = _article(here._page_box, -1), _article(there._page_box, 0)
        if before is None or after is None or before.element is not after.element:
            continue  # a new article opens the page
        block = after.children[0] if after.children else None
        if block is None or block.element_tag is None or not block.element.get(FLOAT):
            continue
        holes = _holes(before, _text_bottom(here._page_box))
        following = _next_run(after.children[1:])
        if not holes or max(holes) < HOLE * leading or following is None:
            continue
        # A line short rather than over: text pushed over the foot is a scrap.
        name = block.element.get(FLOAT)
        room = sum(holes) - leading - (less or {}).get(name, 0.0)
        least = 2 * SCRAP * leading if _ends_at_block(after.children, following) else 0.0
        cut = _cut(following, room, least)
        if cut is not None and _ends_article(after, following, cut):
            # All the text left would go before it: the block would stand after
            # the article's end, alone. It goes up before the page's text instead,
            # where that text is a few lines; before its last paragraphs where it
            # is a page's worth (that stays to fill the page, the rest runs on).
            if before.children[-1].height <= BACK * leading:
                back = _back(before.children[-1], name)
            else:
                back = _back_within(before.children[-1], name, block.margin_height(), leading)
            if back is not None:
                return back
        if cut is not None:
            return FloatMove(name, *cut)
    for here, there in zip(rendered.pages, rendered.pages[1:]):
        scrap = _scrap(_article(here._page_box, -1), _article(there._page_box, 0), leading)
        if scrap is not None:
            return scrap
    return _unbalanced(rendered, leading, refused)


def _unbalanced(rendered, leading: float, refused: frozenset[str]) -> FloatMove | None:
    """A run whose last column ends more than :data:`HOLE` lines above the block
    across both columns right under it on the page (the block's space above
    counted), the first column reaching down further: a whole unit (an intertitle
    and its first lines) went up to the first column's foot and left the last
    short. Text after the block moves up, as much as the columns differ, to fill
    it: the run (and the block) stay where they are. The caller keeps the move
    only where the holes shrink."""
    for page in rendered.pages:
        for article in _articles(page._page_box):
            children = article.children
            for run, block in zip(children, children[1:]):
                if "columns" not in _classes(run) or block.element_tag is None:
                    continue
                if not block.element.get(FLOAT) or block.element.get(FLOAT) in refused:
                    continue
                ends = _column_ends(run)
                short = ends[0] - ends[-1] if len(ends) > 1 else 0.0
                if short <= 0 or _printed_top(block) - ends[-1] < (HOLE + 1) * leading - 0.01:
                    continue  # the block's space above and up to two lines: no hole
                following = _following_run(rendered, article.element, block.element)
                if following is None:
                    continue
                cut = _cut(following, short - 0.01)
                if cut is not None:
                    return FloatMove(block.element.get(FLOAT), *cut, level=True)
    return None


def empty_lines(rendered, least: int = HOLE + 1) -> tuple[int, int]:
    """The longest hole and the empty body lines in all (holes only: ``least`` lines
    in a row or more, by default more than :data:`HOLE`) under the columns of every
    run on every page but an article's last, above the block under the run or the
    page's text foot, and under a block that ends such a page: what a move that may
    not help is judged by."""
    leading = body_leading(rendered)
    if leading is None:
        return 0, 0
    holes = [0]
    for _number, _article_box, _index, run, foot in run_feet(rendered):
        for end in _column_ends(run):
            lines = int((foot - end) / leading + 0.01)
            holes += [lines] if lines >= least else []
    for _number, _article_box, _index, gap in block_feet(rendered):
        lines = int(gap / leading + 0.01)
        holes += [lines, lines] if lines >= least else []  # under both columns
    return max(holes), sum(holes)


def block_feet(rendered) -> Iterator[tuple[int, object, int, float]]:
    """The room under a block across the columns that ends a page but its article's
    last (a table whose next row did not fit, set on the next page): as (page
    index, article box, the block's place among its children, room in px)."""
    for number, (here, there) in enumerate(zip(rendered.pages, rendered.pages[1:])):
        last, following = _article(here._page_box, -1), _article(there._page_box, 0)
        if last is None or following is None or last.element is not following.element:
            continue
        if not last.children or "columns" in _classes(last.children[-1]):
            continue
        block = last.children[-1]
        if block.element_tag is None or block.element.get("class") == "footnotes":
            continue
        leaves: list = []
        _collect_leaves(block, leaves)
        end = max((leaf.position_y + leaf.margin_height() for leaf in leaves), default=None)
        if end is not None:
            yield number, last, len(last.children) - 1, _text_bottom(here._page_box) - end


def run_feet(rendered) -> Iterator[tuple[int, object, int, object, float]]:
    """Every run of columns on every page but its article's last, with where its
    columns may reach: the top of the block under it, else the page's text foot.
    As (page index, article box, the run's place among its children, run, foot)."""
    for number, (here, there) in enumerate(zip(rendered.pages, rendered.pages[1:])):
        last, following = _article(here._page_box, -1), _article(there._page_box, 0)
        if last is None or following is None or last.element is not following.element:
            continue  # an article ends on the page
        bottom = _text_bottom(here._page_box)
        for article in _articles(here._page_box):
            children = article.children
            for index, run in enumerate(children):
                if "columns" not in _classes(run):
                    continue
                below = children[index + 1] if index + 1 < len(children) else None
                yield number, article, index, run, bottom if below is None else _printed_top(below)


def _printed_top(block) -> float:
    """Where the first thing printed in ``block`` stands: its border or tint, else
    its first line or picture (a table's first row, under its cell's padding)."""
    top = block.position_y + block.margin_top
    colour = block.style["background_color"]
    if block.border_top_width or (colour is not None and colour.alpha > 0):
        return top
    leaves: list = []
    _collect_leaves(block, leaves)
    return min((leaf.position_y for leaf in leaves if leaf is not block), default=top)


def _column_ends(run) -> list[float]:
    """Where the text of each of the run's columns ends."""
    ends = []
    for column in _columns(run):
        leaves: list = []
        _collect_leaves(column, leaves)
        ends.append(max((leaf.position_y + leaf.margin_height() for leaf in leaves), default=0.0))
    return ends


def _following_run(rendered, article, block):
    """The laid-out box (its first page's) of the run of columns after ``block``
    in ``article`` (blocks across the columns may stand between), None when there
    is none."""
    siblings = list(article)
    after = siblings[siblings.index(block) + 1 :]
    element = next((child for child in after if not child.get(FLOAT)), None)
    if element is None or element.get("class") != "columns":
        return None
    for page in rendered.pages:
        for article in _articles(page._page_box):
            for child in article.children:
                if child.element is element and child.element_tag is not None:
                    return child
    return None


def _scrap(before, after, leading: float) -> FloatMove | None:
    """A run's last few lines (under :data:`SCRAP` a column) alone at a page's top
    above a full-width block, or the text a move before the block pushed over the
    page's foot (columns balanced across a page break fall short of it): they
    go after the block."""
    if before is None or after is None or before.element is not after.element:
        return None
    if len(after.children) < 2 or not before.children:
        return None
    run, block = after.children[:2]
    if "columns" not in _classes(run) or run.element is not before.children[-1].element:
        return None
    if block.element_tag is None or not block.element.get(FLOAT):
        return None
    leaves = list(_leaves_with_blocks(next(_columns(run))))
    if not leaves or (run.height >= SCRAP * leading and not block.element.get(MOVED)):
        return None  # a whole run's page share, not pushed over the foot by a move
    return _back(run, block.element.get(FLOAT))


def _ends_article(article, run, cut: tuple) -> bool:
    """Whether ``cut`` takes the whole of ``run`` and the run ends ``article``."""
    blocks, line, item = cut
    if line is not None or item is not None or blocks < len(list(run.element)):
        return False
    return list(article.element)[-1] is run.element


def _back(run, name: str) -> FloatMove | None:
    """The move that puts what ``run`` holds on its page, from its first line on,
    after the block ``name`` (which follows the run): the block then opens that text."""
    columns = list(_columns(run)) if "columns" in _classes(run) else []
    leaves = list(_leaves_with_blocks(columns[0])) if columns else []
    if not leaves:
        return None
    leaf, first = leaves[0]
    siblings = list(run.element)
    if first is None or first not in siblings:
        return None
    position = siblings.index(first)
    over = sum(end - column.position_y for end, column in zip(_column_ends(run), _columns(run)))
    if "line" in _classes(leaf) and leaf.element in list(first) and list(first).index(leaf.element):
        line = list(first).index(leaf.element) - 1
        return FloatMove(name, position, line, back=True, overflow=over)
    item = _item_of(leaf.element, first)
    if first.tag in LISTS and item:
        return FloatMove(name, position, None, item - 1, back=True, overflow=over)
    return FloatMove(name, position, None, back=True, overflow=over)


def _back_within(run, name: str, height: float, leading: float) -> FloatMove | None:
    """The move that puts the last paragraphs of what ``run`` holds on its page after
    the block ``name`` (which follows the run), from the latest paragraph on with
    enough text after it there: the block's height in both columns, which runs on
    to the next page, and :data:`SCRAP` lines a column under the block; at least
    that much text stays above it, and no intertitle stands right above it."""
    siblings = list(run.element)
    starts: dict[int, float] = {}  # each block starting on the page: text before it
    used = 0.0
    for column in _columns(run):
        top = bottom = column.position_y
        for leaf, block in _leaves_with_blocks(column):
            if block is not None and block in siblings:
                starts.setdefault(siblings.index(block), used + leaf.position_y - top)
            bottom = leaf.position_y + leaf.margin_height()
        used += bottom - top
    need = 2 * height + 2 * SCRAP * leading
    fitting = [
        position
        for position, before in starts.items()
        if used - before >= need
        and before >= 2 * SCRAP * leading
        and position
        and siblings[position - 1].tag not in HEADINGS
    ]
    if not fitting:
        return None
    return FloatMove(name, max(fitting), None, back=True, within=True)


def _item_of(element, block) -> int | None:
    """Which of ``block``'s own children holds ``element`` (a list's item)."""
    for index, child in enumerate(block):
        if any(inner is element for inner in child.iter()):
            return index
    return None


def _holes(article, bottom: float) -> list[float]:
    """The room left at the page's foot under each column of the article's last
    run on the page (under the article's last block, twice, when that is no run)."""
    last = article.children[-1] if article.children else None
    if last is not None and "columns" in _classes(last):
        ends = []
        for column in _columns(last):
            leaves: list = []
            _collect_leaves(column, leaves)
            bottoms = [leaf.position_y + leaf.margin_height() for leaf in leaves]
            ends.append(max(bottoms, default=column.position_y))
        if ends:  # a column the run left empty: all of it
            return [bottom - end for end in ends] + [bottom - last.position_y] * (2 - len(ends))
    leaves = []
    _collect_leaves(article, leaves)
    if not leaves:
        return []
    end = max(leaf.position_y + leaf.margin_height() for leaf in leaves)
    return [bottom - end] * 2


def _ends_at_block(children, run) -> bool:
    """Whether ``run`` ends on its page at a block across both columns (what the
    move leaves of it stands between two such blocks)."""
    index = next(i for i, child in enumerate(children) if child is run)
    after = children[index + 1] if index + 1 < len(children) else None
    return after is not None and after.element_tag is not None and bool(after.element.get(FLOAT))


def _next_run(children):
    """The first run of columns among the blocks after a full-width one on its
    page (other full-width blocks may stand between: they go on with it)."""
    for child in children:
        if "columns" in _classes(child):
            return child
        if child.element_tag is None or not child.element.get(FLOAT):
            return None
    return None


def _article(page_box, index: int):
    """The page's first (``index`` 0) or last (-1) article box, if any."""
    found = _articles(page_box)
    return found[index] if found else None


def _articles(page_box) -> list:
    """The page's article boxes, in order."""
    found = []

    def walk(box) -> None:
        for child in getattr(box, "children", ()):
            if child.element_tag == "article":
                found.append(child)
            elif child.element_tag in ("html", "body"):
                walk(child)

    walk(page_box)
    return found


def _text_bottom(page_box) -> float:
    """Where the page's text may reach: the top of its footnotes, else the page's foot."""
    from weasyprint.formatting_structure import boxes

    for child in page_box.children:
        if isinstance(child, boxes.FootnoteAreaBox) and child.children:
            return child.position_y
    return page_box.content_box_y() + page_box.height


def _cut(run, room: float, least: float = 0.0) -> tuple[int, int | None, int | None] | None:
    """Where to cut the run so that what comes before the cut, set in the run before
    the block, takes no more than ``room`` (two columns' worth): (whole blocks,
    line of the next block or None, None: the item of a list, which it never cuts). None
    when not even one block fits. A paragraph is cut between two lines and goes on
    under the block; a list is never cut by it (issue 24: its first item above a
    diagram, the rest under it, read as two lists). What is left
    after the cut is all of the run or at least ``least`` (both columns): a run
    between two blocks across the columns keeps :data:`SCRAP` lines a column."""
    element = run.element
    siblings = list(element)
    leaves = []
    used = 0.0
    for column in _columns(run):
        top = column.position_y
        bottom = top
        for leaf, block in _leaves_with_blocks(column):
            bottom = leaf.position_y + leaf.margin_height()
            leaves.append((leaf, block, used + bottom - top))
        used += bottom - top
    best = None
    for index, (leaf, block, consumed) in enumerate(leaves):
        if consumed > room + 0.01:
            break
        if block is None or block not in siblings:
            continue
        if 0.01 < used - consumed < least - 0.01:
            continue  # the rest would be a scrap between two blocks
        position = siblings.index(block)
        following = leaves[index + 1] if index + 1 < len(leaves) else None
        if following is None or following[1] is not block:
            if block.tag not in HEADINGS:  # never a heading at the column's foot
                best = (position + 1, None, None)
            continue
        if block.tag in LISTS:
            continue  # a list goes before the block whole, or stays after it
        if block.tag == "p" and _breaks_after(leaf, following[0], block):
            line = list(block).index(leaf.element)
            heading = position and siblings[position - 1].tag in HEADINGS
            if not heading or line >= UNDER - 1:  # no intertitle over two lines alone
                best = (position, line, None)
    return best


def _breaks_after(leaf, following, block) -> bool:
    """Whether a column may end after ``leaf``, a composed line of ``block`` (a
    paragraph or a list's item) with ``following`` next: not after its first line
    nor before its last, after a hyphen only where the block is mended."""
    classes = set(_classes(leaf))
    mended = block.get("data-mend") and "held" not in classes
    return (
        "line" in classes
        and leaf.element in list(block)
        and "first" not in classes
        and ("hyphenated" not in classes or bool(mended))
        and "last" not in _classes(following)
    )


def moved_float(page: str, move: FloatMove) -> str:
    """The print page's HTML with the text moved before the block as ``move`` says."""
    root = lxml_html.document_fromstring(page)
    block = root.xpath(f"//*[@{FLOAT}='{move.block}']")[0]
    if move.back:
        _moved_back(block, move)
        return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")
    following = block.getnext()
    while following.get(FLOAT):
        following = following.getnext()
    before = block.getprevious()
    if not move.level and not block.get(HELD):
        _anchor(block, before, move.block)
    if before is None or before.get("class") != "columns":
        before = etree.Element("div", {"class": "columns"})
        block.addprevious(before)
    if not move.level:
        block.set(MOVED, "1")
    for child in list(following)[: move.blocks]:
        before.append(child)
    if move.line is not None or move.item is not None:
        target = following[0]
        if move.item is not None:
            rest = _cut_list_after(target, move.item, move.line)
        else:
            rest = cut_after_line(target, move.line)
        before.append(target)
        following.insert(0, rest)
    if not len(following):
        following.getparent().remove(following)
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _anchor(block: etree._Element, before: etree._Element | None, name: str) -> None:
    """Mark ``block`` held and what it stands after (the last block of the run
    before it, else the block before it): where it goes back to when released."""
    if before is not None and before.get("class") == "columns":
        before = before[-1] if len(before) else None
    if before is None:
        return
    block.set(HELD, name)
    before.set(ANCHOR, " ".join(filter(None, (before.get(ANCHOR), name))))


def _moved_back(block: etree._Element, move: FloatMove) -> None:
    """The scrap of the run before ``block`` moved after it; the block moves no more."""
    before = block.getprevious()
    following = block.getnext()
    while following is not None and following.get(FLOAT):
        following = following.getnext()
    if following is None or following.get("class") != "columns":
        following = etree.Element("div", {"class": "columns"})
        block.addnext(following)
    moving = list(before)[move.blocks :]
    if move.line is not None:
        moving[0] = cut_after_line(moving[0], move.line)
    elif move.item is not None:
        moving[0] = _cut_list_after(moving[0], move.item)
    for index, child in enumerate(moving):
        following.insert(index, child)
    if not len(before):
        before.getparent().remove(before)
    block.attrib.pop(MOVED, None)
    if not move.within:
        block.attrib.pop(FLOAT)


def _cut_list_after(target: etree._Element, item: int, line: int | None = None) -> etree._Element:
    """Cut a list after its item ``item`` (after that item's line ``line`` when
    given: the rest of the item opens the returned list, without its mark): the
    items after it leave ``target`` for the returned list, a numbered list
    numbering on."""
    kept = {k: v for k, v in target.attrib.items() if k not in ("id", ANCHOR)}
    rest = etree.Element(target.tag, kept)
    rest.set(REST, "1")
    items = list(target)
    if line is not None:
        rest.append(cut_after_line(items[item], line))
    for kept in items[item + 1 :]:
        rest.append(kept)
    if target.tag == "ol":  # the item's rest counts as the item (its number unprinted)
        rest.set("start", str(int(target.get("start", "1")) + item + (line is None)))
    return rest


def scraps(rendered) -> int:
    """Runs of columns standing between two blocks across both columns on a page
    with a column of fewer than :data:`SCRAP` lines (one empty beside a full one
    counts): what a move on trial may not add."""
    leading = body_leading(rendered)
    if leading is None:
        return 0
    found = 0
    for page in rendered.pages:
        for article in _articles(page._page_box):
            children = article.children
            for above, run, below in zip(children, children[1:], children[2:]):
                if "columns" not in _classes(run) or not (_spans(above) and _spans(below)):
                    continue
                lines = [
                    round((end - column.position_y) / leading) if end else 0
                    for end, column in zip(_column_ends(run), _columns(run))
                ]
                found += bool(lines) and max(lines) > 0 and min(lines) < SCRAP
    return found


def _spans(box) -> bool:
    """Whether ``box`` is a block across both columns (a box, a wide table or
    picture), not a run of columns nor the article's opening."""
    classes = _classes(box)
    return box.element_tag is not None and "columns" not in classes and "opening" not in classes
