"""An issue's article ends: no intertitle stranded at a column's foot, the columns level.

Issue 19 asks of every article in an issue that its two columns end at most a
line apart, and of every intertitle that is its column's last that it keeps at
least three lines under it. WeasyPrint balances an article's last columns as
its break rules let it: an intertitle can fall at the first column's foot with
a line or two under it, or a paragraph's kept lines leave one column several
lines above the other, the room between them and the next article empty. A
make-up editor mends both as at a column's foot
(:mod:`pamphletpress.layout.footfill`), with paragraphs set a line looser or
tighter each: for a stranded intertitle, paragraphs after it (the balanced
columns grow a line deeper for every two lines more, the intertitle keeping
one more) or above it (it moves up); for columns not level, paragraphs ending
in the shorter one (that column alone grows). Where no paragraph can give the
lines (short ones, whose spacing would gape), the stranded intertitle is set
across the two columns (:func:`across`), as a make-up editor sets a cross-head:
the text above it balanced in the two columns over it, the text after it under
it, each column at least three lines either side; it costs about a row, and
stands only where its page keeps its articles. After each round of the issue
layout (:mod:`.issue_pages`), :func:`mended_end` finds such an end, sets its
paragraphs again, and keeps the result only when the fault (:func:`fault_of`)
came out smaller, on the same page, and the page count the same.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.i18n import _
from pamphletpress.layout.columnends import MEND, MEND_LINES, Mendables
from pamphletpress.layout.floats import _articles, body_leading
from pamphletpress.layout.footfill import ShortFoot, _fill, column_size, refilled
from pamphletpress.layout.laidout import (
    HEADINGS,
    _classes,
    _columns,
    _composed_lines,
    _leaves_with_blocks,
)
from pamphletpress.layout.lastcolumns import apart

log = logging.getLogger("pamphletpress")

#: Lines two columns of an article's end may differ (issue 19: "at most one line apart").
LEVEL = 1
#: Body lines an intertitle that ends a column keeps under it there.
UNDER_INTERTITLE = 3
#: Times article ends are set again at most, in one issue: each costs a layout round or two.
TRIES = 8
#: Body lines each column keeps above and under an intertitle set across them (no scrap).
ACROSS_LINES = 3
#: The class that sets an intertitle across its article's columns (styles/issue.css).
ACROSS = "across"


@dataclass(frozen=True)
class Uneven:
    """An article's last two columns on page ``page``: ``fault`` (lines an intertitle
    at the first column's foot lacks, lines the columns are apart), and the ways to
    mend it, the first that can be done taken: how many paragraphs, set a line
    tighter (-1) or looser (1), of which (best first)."""

    page: int
    key: str  # the article (or continuation) id and the run's place in it
    fault: tuple[int, int]
    size: float
    plans: tuple[tuple[int, int, tuple[str, ...]], ...]
    heading: str | None = None  # the stranded intertitle's id, where it may go across
    #: the ways to set it across, in turn: whether it takes a row less, and one
    #: paragraph of each group set a line longer (1) or shorter (-1)
    variants: tuple[tuple[bool, tuple[tuple[int, tuple[str, ...]], ...]], ...] = ()


@dataclass
class Levelling:
    """The issue layout's levelling so far: the ends that could not be mended, the
    tries made, and the one on trial (its key, its page and fault, the page count, the HTML
    from before it was set again and the pages the articles ended on; mended in part,
    an end is tried again)."""

    tried: set[str] = field(default_factory=set)
    across: dict[str, int] = field(default_factory=dict)  # intertitles tried across: times
    tries: int = 0
    trial: tuple[str, tuple[int, int, int], int, str, dict[str, int]] | None = None
    across_trial: str | None = None  # the intertitle on trial across its columns
    #: intertitles whose row across their columns the page did not have (or which
    #: mended nothing): only a way that takes a row less is tried for them again
    across_short: set[str] = field(default_factory=set)


def uneven_end(rendered, tried: set[str], across: dict[str, int] | None = None):
    """The first article end on the pages (not one ``tried``) with an intertitle
    stranded at its first column's foot or its columns more than ``LEVEL`` lines
    apart, and paragraphs that could mend it, or the intertitle's id where it could
    go across the columns (not tried as often as it may be, ``across``): an
    :class:`Uneven`."""
    leading = body_leading(rendered)
    if leading is None:
        return None
    for number, key, pair in _ends(rendered):
        if key in tried:
            continue
        fault = _fault(pair, leading)
        lacking, apart = fault
        first, second = pair
        if lacking:
            # the balanced columns a line deeper for every two lines more
            # after the intertitle; or the intertitle up, its column's
            # paragraphs above it tighter; where the first column is
            # already the deeper (a paragraph's kept lines), by as many
            # lines more as it is deeper, less the one it may be
            deeper = round((_end(first) - _end(second)) / leading)
            count = max(2 * lacking, deeper + 2 * lacking - 1)
            plans = (
                (count, 1, _ending_in(second, whole=False)),
                (count, -1, _ending_in(first, True, _last_heading(first))),
            )
        elif apart > LEVEL:
            shorter = _shorter(pair)
            plans = ((apart - LEVEL, 1, _ending_in(shorter, whole=shorter is first)),)
        else:
            continue
        heading, variants = _across_candidate(pair) if lacking else (None, ())
        if heading is not None and (across or {}).get(heading, 0) >= len(variants):
            heading = None
        if heading is not None or any(numbers for _count, _change, numbers in plans):
            return Uneven(number, key, fault, column_size(first), plans, heading, variants)
    return None


def stranded_under(rendered) -> dict[str, tuple[int, int]]:
    """The intertitles left at a first column's foot with fewer than
    ``UNDER_INTERTITLE`` lines under them (the paragraphs could not be set to mend
    them), by article: its id → (page, lines under it), to tell the editor."""
    leading = body_leading(rendered)
    found: dict[str, tuple[int, int]] = {}
    for number, key, pair in _ends(rendered) if leading else ():
        lacking = _fault(pair, leading)[0]
        if lacking:
            ident = key.rsplit("/", 1)[0].removeprefix("cont-")
            found.setdefault(ident, (number, UNDER_INTERTITLE - lacking))
    return found


def _ends(rendered):
    """Each article's (or continuation's) runs of columns that end on their page, with
    text in their last two columns: (page number, "id/place", the two columns)."""
    for number, page in enumerate(rendered.pages, 1):
        following = (
            _articles(rendered.pages[number]._page_box) if number < len(rendered.pages) else []
        )
        for article in _articles(page._page_box):
            for position, run in enumerate(article.children):
                if "columns" not in _classes(run) or _goes_on(run, following):
                    continue
                pair = _pair(run)
                if pair is not None:
                    yield number, f"{article.element.get('id')}/{position}", pair


def fault_of(rendered, key: str) -> tuple[int, int, int] | None:
    """The page and fault of end ``key`` (of :func:`uneven_end`) now; None: it is gone."""
    leading = body_leading(rendered)
    ident, position = key.rsplit("/", 1)
    found = None
    for number, page in enumerate(rendered.pages, 1):
        for article in _articles(page._page_box):
            if article.element.get("id") != ident or len(article.children) <= int(position):
                continue
            run = article.children[int(position)]
            pair = _pair(run) if "columns" in _classes(run) else None
            if pair is not None and leading:
                found = (number, *_fault(pair, leading))
    return found


def levelled(html: str, mendables: Mendables, uneven: Uneven) -> str | None:
    """The print page's HTML with paragraphs set again by the first of the end's plans
    that can be done (with fewer paragraphs than it asks when not all can be); None
    when none can."""
    for wanted, change, numbers in uneven.plans:
        for count in range(min(wanted, len(numbers)), 0, -1):
            tighter, looser = (count, 0) if change < 0 else (0, count)
            foot = ShortFoot(uneven.page, uneven.size, tighter, looser, numbers, numbers)
            new = refilled(html, mendables, foot)
            if new is not None:
                log.debug("issue layout: %s: %d of %s set %+d", uneven.key, count, numbers, change)
                return new
    return None


def judged(rendered, levelling: Levelling, ends: dict[str, int]) -> str | None:
    """The HTML from before the end on trial was set again, where that left its fault
    as big, changed the page count or moved an article's end to another page (the
    next one run over: judged before anything else is decided on it); None: it
    stands, or nothing is on trial."""
    if levelling.trial is None:
        return None
    key, fault, pages, before, was = levelling.trial
    heading, levelling.trial, levelling.across_trial = levelling.across_trial, None, None
    now = fault_of(rendered, key)  # on the same page, and smaller
    if (
        now is None
        or now[0] != fault[0]
        or now[1:] >= fault[1:]
        or len(rendered.pages) != pages
        or ends != was
        or (heading is not None and _hyphen_over(rendered, heading))
    ):
        log.debug(
            "issue layout: %s set again to no avail (%s, %d pages, ends %s, hyphen %s), taken back",
            key,
            now,
            len(rendered.pages),
            "same" if ends == was else "moved",
            heading is not None and _hyphen_over(rendered, heading),
        )
        if heading is None:  # (an intertitle across is tried again, set otherwise)
            levelling.tried.add(key)
        elif not (
            now is not None
            and now[0] == fault[0]
            and now[1:] < fault[1:]
            and len(rendered.pages) == pages
            and ends == was
        ):  # not the hyphen alone: the page had no room for it, or it mended nothing
            levelling.across_short.add(heading)
        return before
    return None


def mended_end(
    rendered, html: str, mendables: Mendables, levelling: Levelling, ends: dict[str, int]
) -> str | None:
    """The issue's HTML with one article end mended (this module: an intertitle
    stranded at a column's foot, columns not level), put on trial (:func:`judged`
    after the next layout: ``ends`` are the pages the articles end on); None: nothing
    more to mend."""
    uneven = uneven_end(rendered, levelling.tried, levelling.across)
    while uneven is not None and levelling.tries < TRIES:
        new = levelled(html, mendables, uneven)
        if new is None and uneven.heading is not None:
            new = _across_tried(html, mendables, uneven, levelling)
        if new is not None:
            log.debug("issue layout: %s %s: set again", uneven.key, uneven.fault)
            levelling.tries += 1
            fault = (uneven.page, *uneven.fault)
            levelling.trial = (uneven.key, fault, len(rendered.pages), html, ends)
            return new
        levelling.tried.add(uneven.key)
        uneven = uneven_end(rendered, levelling.tried, levelling.across)
    return None


def set_across(html: str, anchors) -> dict[str, list[str]]:
    """The intertitles set across their columns, told for the report, by article id (a
    continuation's as its article's)."""
    root = lxml_html.document_fromstring(html)
    found: dict[str, list[str]] = {}
    for heading in root.xpath(f"//*[contains(concat(' ', @class, ' '), ' {ACROSS} ')]"):
        article = next((a for a in heading.iterancestors("article") if a.get("id")), None)
        if article is None or heading.get("id") not in anchors:
            continue
        ident = article.get("id").removeprefix("cont-")
        ident = ident if ident.startswith("art-") else f"art-{ident}"  # the lead's: cont-1
        text = " ".join(heading.text_content().split())
        found.setdefault(ident, []).append(
            _(
                "page {page}: the intertitle '{text}' set across the columns: at the "
                "first column's foot it had under 3 lines below it, and no paragraph "
                "could be set a line looser or tighter to mend that"
            ).format(page=anchors[heading.get("id")][0], text=text)
        )
    return found


def _across_tried(html: str, mendables: Mendables, uneven: Uneven, levelling: Levelling):
    """The HTML with the end's stranded intertitle set across its columns by the first
    of its ways not tried yet that can be made (its paragraphs set again), put on
    trial; None where none can."""
    heading = uneven.heading
    while levelling.across.get(heading, 0) < len(uneven.variants):
        times = levelling.across.get(heading, 0)
        levelling.across[heading] = times + 1
        row_less, groups = uneven.variants[times]
        if heading in levelling.across_short and not row_less:
            continue
        new = across(html, heading)
        for change, numbers in groups:  # a paragraph of each set again
            tighter, looser = (1, 0) if change < 0 else (0, 1)
            foot = ShortFoot(uneven.page, uneven.size, tighter, looser, numbers, numbers)
            new = refilled(new, mendables, foot) if new is not None else None
        if new is not None:
            log.debug("issue layout: %s: intertitle %s across (%d)", uneven.key, heading, times)
            levelling.across_trial = heading
            return new
    return None


def across(html: str, heading: str) -> str | None:
    """The print page's HTML with intertitle ``heading`` (its id) set across its
    article's columns (``column-span: all``, styles/issue.css); None where it is not
    a child of the columns (only those can span them)."""
    root = lxml_html.document_fromstring(html)
    found = root.get_element_by_id(heading, None)
    if found is None or "columns" not in (found.getparent().get("class") or "").split():
        return None
    found.set("class", " ".join([*(found.get("class") or "").split(), ACROSS]))
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _across_candidate(pair) -> tuple[str | None, tuple]:
    """The id of the first column's last intertitle where it could be set across the
    two columns with at least ``ACROSS_LINES`` lines a column above and under it (the
    run's text balanced over it and under it), and the ways to set it so, to try in
    turn: as it is; a row less (a paragraph of a part of odd lines a line tighter);
    the columns over it broken a line elsewhere (a paragraph above it a line tighter
    or looser, and one under it a line tighter where those lines are odd); (None, ())
    where it could not."""
    first, second = pair
    heading = _last_heading(first)
    block = _heading_block(first, heading)
    if block is None or not block.get("id") or ACROSS in (block.get("class") or "").split():
        return None, ()
    above = under = 0
    for line, _parent, _paragraph in _composed_lines(first):
        if line.position_y < heading.position_y:
            above += 1
        else:
            under += 1
    under += sum(1 for _line in _composed_lines(second))
    if above < 2 * ACROSS_LINES or under < 2 * ACROSS_LINES:
        return None, ()
    before = _ending_in(first, True, heading)  # the emptiest last line first
    fullest = tuple(reversed(before))
    after = tuple(reversed(_ending_in(second, whole=False)))
    row_less = ((-1, after),) if under % 2 and after else ()
    variants: list[tuple[bool, tuple[tuple[int, tuple[str, ...]], ...]]] = [(False, ())]
    if row_less:
        variants.append((True, row_less))
    elif above % 2 and before:
        variants.append((True, ((-1, before),)))
    if before and not above % 2:  # its columns broken a line lower or higher
        variants += [(bool(row_less), ((-1, before), *row_less))]
        variants += [(bool(row_less), ((1, fullest), *row_less))]
    return block.get("id"), tuple(variants)


def _hyphen_over(rendered, heading: str) -> bool:
    """Whether a column over the intertitle set across (id ``heading``) ends on a
    hyphenated line: the last layout (:func:`~.pages.lay_out_pages`) would mend that
    hyphen or, where it cannot, end the column a line earlier, leaving two lines
    empty over the intertitle and the article a row deeper than its page was judged
    to hold."""
    for page in rendered.pages:
        for article in _articles(page._page_box):
            for run in article.children:
                children = list(getattr(run, "children", ()))
                at = next((i for i, c in enumerate(children) if _id(c) == heading), None)
                for column in children[: at or 0]:
                    leaves = [leaf for leaf, _block in _leaves_with_blocks(column)]
                    if getattr(column, "is_column", False) and leaves:
                        if "hyphenated" in _classes(leaves[-1]):
                            return True
    return False


def _id(box) -> str | None:
    return box.element.get("id") if box.element_tag is not None else None


def _heading_block(column, heading):
    """The element of the run's child that holds ``heading`` (a leaf box), or None."""
    for leaf, block in _leaves_with_blocks(column):
        if leaf is heading and block is not None and block.tag in HEADINGS:
            return block
    return None


def _goes_on(run, following: list) -> bool:
    """Whether the run goes on at the next page's top (its columns fill this page)."""
    if not following:
        return False
    first = next((c for c in following[0].children if "columns" in _classes(c)), None)
    return first is not None and first.element is run.element


def _pair(run):
    """The run's last two columns, side by side with text in both, or None."""
    columns = list(_columns(run))
    if len(columns) < 2 or abs(columns[-1].position_y - columns[-2].position_y) > 1:
        return None
    if not all(list(_leaves_with_blocks(column)) for column in columns[-2:]):
        return None
    return columns[-2], columns[-1]


def _end(column) -> float:
    return max(leaf.position_y + leaf.margin_height() for leaf, _b in _leaves_with_blocks(column))


def _shorter(pair):
    return pair[0] if _end(pair[0]) < _end(pair[1]) else pair[1]


def _fault(pair, leading: float) -> tuple[int, int]:
    """(lines the first column's last intertitle lacks under it, lines the two apart)."""
    first = pair[0]
    lacking = 0
    heading = _last_heading(first)
    if heading is not None:
        under = sum(
            1
            for line, _parent, _paragraph in _composed_lines(first)
            if line.position_y > heading.position_y
        )
        lacking = max(UNDER_INTERTITLE - under, 0)
    return lacking, round(apart((_end(pair[0]), _end(pair[1])), leading))


def _last_heading(column):
    """The column's last intertitle box, or None."""
    found = None
    for leaf, block in _leaves_with_blocks(column):
        if block is not None and block.tag in HEADINGS:
            found = leaf
    return found


def _ending_in(column, whole: bool, before=None) -> tuple[str, ...]:
    """The composed paragraphs whose last line is in the column (``whole``: and their
    first; ``before``: above that box), not halves of one cut by a jump, the fullest
    last line first (to set looser; emptiest first to set tighter is their reverse)."""
    found: dict[str, float] = {}
    starts: set[str] = set()
    for line, _parent, paragraph in _composed_lines(column):
        if paragraph is None or paragraph.element.get(MEND_LINES) is not None:
            continue
        if before is not None and line.position_y >= before.position_y:
            break
        number = paragraph.element.get(MEND)
        classes = _classes(line)
        if "first" in classes:
            starts.add(number)
        if "last" in classes and (number in starts or not whole):
            found[number] = _fill(line, column.width)
    order = sorted(found, key=lambda n: -found[n])
    return tuple(reversed(order)) if before is not None else tuple(order)
