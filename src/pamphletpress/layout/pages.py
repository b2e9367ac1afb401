"""The print page laid out: no figure or box leaving a hole, no column ending in a hyphen.

The writer hands over the print HTML; WeasyPrint lays it out (through
:mod:`pamphletpress.layout.weasy`), and what the laid-out pages show is mended
here, in rounds: a figure that left a hole is moved down the text
(:mod:`~pamphletpress.layout.figureplaces`), so is a block across both columns
(:mod:`~pamphletpress.layout.floats`), or raised to the foot of the page before
it where the text after it cannot come up (:mod:`~pamphletpress.layout.raised`),
and let back where it was written when the pages changed so that it may fit
(:mod:`~pamphletpress.layout.released`); a
column that ends on a hyphen has its paragraph broken again
(:mod:`~pamphletpress.layout.columnends`).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from pamphletpress.errors import plural
from pamphletpress.i18n import _
from pamphletpress.layout import weasy
from pamphletpress.layout.columnends import Mendables, held, mended_html
from pamphletpress.layout.figureplaces import moved
from pamphletpress.layout.floats import HOLE, empty_lines, moved_float, scraps
from pamphletpress.layout.footfill import refilled, short_foot
from pamphletpress.layout.lastcolumns import levelled
from pamphletpress.layout.lastpage import shrinking, shrunk
from pamphletpress.layout.nudges import improved, nudged, stranded
from pamphletpress.layout.raised import key as raised_key
from pamphletpress.layout.raised import raising
from pamphletpress.layout.released import released

#: What a long build is doing, for the terminal's progress line (cli.py shows it).
progress = logging.getLogger("pamphletpress.progress")

#: Figures moved at most, each costing a layout of the whole page.
FIGURE_MOVES = 2
#: Moves of text before a full-width block at most, likewise (a move may fall a
#: little short of the hole, a page filled may push the next block on, and a
#: run above a block may be left a column short).
FLOAT_MOVES = 6
#: Moves of text before a full-width block made again, taking less, at most: the
#: first took so much that text went over the page's foot.
RETRIES = 2
#: Blocks across the columns moved a block up or down the text at most, to fill a
#: column left short beside them or under them at a page's foot, or to take an
#: intertitle off a column's foot (each a layout; kept where it helps).
NUDGES = 6
#: Rounds of mending; a paragraph a round cannot mend is held and the page laid
#: out again (rare: the composer holds what it knows cannot be mended), and in
#: the last round every paragraph is held.
MEND_ROUNDS = 3
#: Columns filled at most by setting paragraphs a line tighter or looser, each
#: costing a layout of the whole page (kept where fewer lines are left empty or
#: fewer intertitles stranded; else undone, and set looser instead of tighter).
REFILLS = 3


def lay_out_pages(
    html: str,
    mendables: Mendables,
    base_url: str,
    fetcher,
    notes: list[str],
    laid_out=None,
    fonts=None,
    floats: bool = True,
    sheets: dict | None = None,
    remembered: weasy.Remembered | None = None,
):
    """The laid-out pages (``floats=False``: blocks across the columns stay where
    they stand, as the issue layout has placed them page by page), no figure
    leaving a hole, no column ending in a hyphen; the HTML they were laid out
    from and the paragraphs mended on them (:func:`mended_into` puts these
    together for ``pamphletpress html``).

    A figure that did not fit at a column's foot and left a hole there is moved
    down the text until the text before it fills the hole, and the page laid
    out again (:mod:`pamphletpress.layout.figureplaces`). Likewise a block across
    both columns that went to the next page: the text after it moves up before
    it to fill the page it left (:mod:`pamphletpress.layout.floats`); where that
    text cannot come up (an intertitle keeping more lines than the foot has), the
    block is raised before that page's last paragraphs instead, on trial
    (:mod:`pamphletpress.layout.raised`). Where such a
    block is still held on the later page after a nudge or a picture set smaller
    changed the pages, and a hole is left, it is let back where it was written
    (:mod:`pamphletpress.layout.released`) and the text moved anew; those pages
    are kept only where they leave fewer holes, and no more stranded intertitles,
    scraps or pages (:func:`better`).

    A column that ends on a hyphenated line of a composed paragraph is mended:
    the paragraph is broken again so that line ends in a whole word, keeping
    its line count, and the new lines replace the old on the page (one small
    layout of those paragraphs alone). A paragraph that cannot be mended is
    held (its hyphenated lines never end a column) and the page laid out again.
    ``fonts``, ``sheets`` and the lines and styles ``remembered`` (:func:`weasy.warm`)
    are those of every layout here; each layout after the first is made from the page
    its HTML first differs from the layout before on (:mod:`.resumed`)."""
    fonts = fonts or weasy.fonts()
    remembered = remembered or weasy.Remembered()
    lines, styles = remembered.of(html)
    head = html[: html.index(">", html.index("<body")) + 1]
    figures_moved = floats_moved = rounds = refills = 0
    tried: set[tuple] = set()  # columns a foot fill was tried on (footfill.short_foot)
    refused: set[str] = set()  # blocks whose run above was filled to no avail
    trial = None  # before a run above a block was filled: (block, html, pages, empty lines)
    forward = None  # before text last moved up before a block: (block, html, pages)
    less: dict[str, float] = {}  # room by block that its moves took too much of
    retries = 0
    nudges_tried: set[str] = set()  # blocks moved a block up or down the text, tried
    raised: set[str] = set()  # blocks raised to the foot of the page before (trial keys)
    trial_stranded = 0  # intertitles at a column's foot before the nudge on trial
    trial_scraps = 0  # runs of under three lines a column between two boxes, likewise
    #: before paragraphs were set again to fill a column's foot: (html, pages, empty
    #: lines, stranded intertitles, the other way to fill it, the HTML set)
    refill = None
    shrink = None  # before a picture was set smaller to take the last page back
    shrunk_once = False  # tried (once: a layout of the whole page)
    taken_back = 0  # the last page's lines a picture set smaller took back
    changed = False  # a nudge or a picture set smaller kept: held blocks may fit now
    #: before the blocks held on later pages were let back (once): (html, pages,
    #: outcome, moves, refills, lines taken back), until judged
    release = None
    release_tried = False
    spent = 0  # text moves before blocks made before they were let back
    held_numbers: list[str] = []
    mended: dict = {}
    evened = None  # trials kept that levelled the article's last columns (tried once)
    layouts = 0
    # the layout before, whose pages the next may take over (the first: a build's before)
    rendered = None if laid_out is not None else remembered.layout(html)
    resumable = rendered is not None
    while True:
        if laid_out is None:
            layouts += 1
            if layouts == 1:
                progress.info(_("laying out the pages"))
            else:
                progress.info(
                    _("laying out again (round {layouts}: figures, boxes, column ends)").format(
                        layouts=layouts
                    )
                )
        # ``laid_out``: the caller's layout of this very HTML (the issue layout's last);
        # else laid out from the page this HTML first differs from the layout before on
        since = rendered if resumable else None
        rendered = laid_out or weasy.render(
            html, base_url, fetcher, fonts, sheets, lines, styles, since=since
        )
        laid_out, resumable = None, True
        if trial is not None:  # kept only where it left fewer empty lines and no new scrap
            block, before_html, before, empty = trial
            trial = None
            now = empty_lines(rendered)
            if block in nudges_tried:  # fewer empty lines or intertitles left at a foot
                worse = not improved((empty, trial_stranded), (now, stranded(rendered)))
            elif block in raised:  # fewer empty lines, no more intertitles stranded, no more pages
                worse = not now < empty or stranded(rendered) > trial_stranded
                worse = worse or len(rendered.pages) > len(before.pages)
            else:
                worse = now > empty
            worse = worse or scraps(rendered) > trial_scraps  # no scrap for fewer holes
            if worse:
                html, rendered = before_html, before
                refused.add(block)
                floats_moved -= 1
            else:
                changed = changed or block in nudges_tried or block in raised
        if refill is not None:  # kept where it left fewer empty lines or stranded intertitles
            before_html, before, empty, strands, other, tried_html = refill
            refill = None
            now, strands_now = _judged(rendered), stranded(rendered)
            kept = now < empty and strands_now <= strands
            if not (kept or strands_now < strands and now[0] <= empty[0]):
                html, rendered = before_html, before
                refills -= 1
                new = refilled(html, mendables, other) if other is not None else None
                if new is not None and new != tried_html:  # the other way: looser
                    refill = (html, rendered, empty, strands, None, new)
                    html = new
                    refills += 1
                    continue
        if shrink is not None:  # kept only where the last page went
            if len(rendered.pages) >= len(shrink[2].pages):
                html, rendered = shrink[1], shrink[2]
            else:
                taken_back, changed = shrink[0].lines, True
            shrink = None
        move = weasy.figure_hole(rendered) if figures_moved < FIGURE_MOVES else None
        if move is not None:
            html = moved(html, move)
            figures_moved += 1
            continue
        if floats and floats_moved - spent < FLOAT_MOVES:
            shift = weasy.float_hole(rendered, frozenset(refused))
        else:
            shift = None
        if shift is not None:
            again = retried(shift, forward, less) if retries < RETRIES else None
            if again is not None:  # the move before, taking less: not over the foot
                html = moved_float(forward[1], again)
                retries += 1
                continue
            forward = None if shift.back or shift.level else (shift.block, html, rendered)
            if shift.level:
                trial = (shift.block, html, rendered, empty_lines(rendered))
                trial_scraps = scraps(rendered)
            html = moved_float(html, shift)
            floats_moved += 1
            continue
        new = None
        while new is None and refills < REFILLS:
            foot = short_foot(rendered, tried)
            if foot is None:
                break
            new = refilled(html, mendables, foot)  # None: that column cannot be filled
        if new is not None:
            if floats:  # (an issue's pages: as its plan sets them)
                other = replace(foot, tighter=0) if foot.tighter > 0 < foot.looser else None
                refill = (html, rendered, _judged(rendered), stranded(rendered), other, new)
            html = new
            refills += 1
            continue
        nudge = nudged(rendered, nudges_tried) if floats and len(nudges_tried) < NUDGES else None
        if nudge is not None:
            nudges_tried.add(nudge[0])
            trial = (nudge[0], html, rendered, empty_lines(rendered))
            trial_stranded = stranded(rendered)
            trial_scraps = scraps(rendered)
            html = moved_float(html, nudge[1])
            floats_moved += 1
            continue
        smaller = shrinking(rendered) if floats and shrink is None and not shrunk_once else None
        if smaller is not None:
            shrink, shrunk_once = (smaller, html, rendered), True
            html = shrunk(html, smaller)
            continue
        if not release_tried and changed and empty_lines(rendered)[0] > HOLE:
            release_tried = True
            freed = released(html)  # the blocks held on later pages let back, on trial
            if freed is not None:
                release = (html, rendered, outcome(rendered), floats_moved, refills, taken_back)
                html, spent, forward, less, retries = freed, floats_moved, None, {}, 0
                continue
        if release is not None:  # kept where better
            if not better(outcome(rendered), release[2]):
                html, rendered = release[:2]
                floats_moved, refills, taken_back = release[3:]
            release = None
        rise = raising(rendered, raised) if floats else None
        if rise is not None:  # on trial: last, the block before the page's last paragraphs
            raised.add(raised_key(rise.block))
            trial = (raised_key(rise.block), html, rendered, empty_lines(rendered))
            trial_stranded, trial_scraps = stranded(rendered), scraps(rendered)
            html = moved_float(html, rise)
            floats_moved += 1
            continue
        if floats and evened is None:  # the other mends done: the last columns level
            html, rendered, evened = levelled(
                html,
                rendered,
                mendables,
                lambda page, since: weasy.render(
                    page, base_url, fetcher, fonts, sheets, lines, styles, since=since
                ),
            )
        ends = weasy.hyphenated_column_ends(rendered)
        mended = {}
        if not ends:
            remembered.keep(html, rendered)
            break
        rounds += 1
        if rounds > MEND_ROUNDS:  # cannot happen: every paragraph is held by now
            break
        if rounds == MEND_ROUNDS:
            failed = list(mendables.paragraphs)
        else:
            alone_html, mended, failed = mended_html(ends, mendables, head)
            if mended:
                alone = weasy.render(alone_html, base_url, fetcher, fonts, sheets, lines, styles)
                remembered.keep(html, rendered)  # as laid out, for the next build
                failed += weasy.replace_lines(rendered, alone, mended)
                resumable = False  # its pages no longer those its HTML lays out
            if not failed:
                break
        html = held(html, failed)
        held_numbers += failed
        for number in failed:
            mendables.paragraphs.pop(number, None)
    if figures_moved:
        notes.append(
            _(
                "{figures_moved} that did not fit at a column's foot moved to the next "
                "column, the text after it filling the space"
            ).format(figures_moved=plural(figures_moved, "{count} picture", "{count} pictures"))
        )
    if floats_moved:
        notes.append(
            _(
                "text moved up before a block across the columns, to fill the page "
                "before it: {floats_moved}"
            ).format(floats_moved=plural(floats_moved, "{count} time", "{count} times"))
        )
    if refills:
        notes.append(
            _(
                "paragraphs set a line tighter or looser to fill a column's foot before "
                "an intertitle: {refills}"
            ).format(refills=plural(refills, "{count} time", "{count} times"))
        )
    if evened:
        notes.append(
            _("the article's last columns evened: {count}").format(
                count=plural(evened, "{count} time", "{count} times")
            )
        )
    if taken_back:
        notes.append(
            _("a picture set a little smaller to take the last page's {lines} back").format(
                lines=plural(taken_back, "{count} line", "{count} lines")
            )
        )
    if mended:
        notes.append(
            _("{count} broken again so that no column ends in a hyphen").format(
                count=plural(len(mended), "{count} paragraph", "{count} paragraphs")
            )
        )
    if held_numbers:
        notes.append(
            _(
                "{count} kept a hyphen from a column's end by ending the column a line earlier"
            ).format(count=plural(len(held_numbers), "{count} paragraph", "{count} paragraphs"))
        )
    return rendered, html, mended


def _judged(rendered) -> tuple[tuple[int, int], tuple[int, int]]:
    """What a foot filled is judged by: the holes (more than two lines), then the
    columns left short by two lines or more, which a foot fill also fills."""
    return empty_lines(rendered), empty_lines(rendered, least=HOLE)


def outcome(rendered) -> tuple:
    """What pages with held blocks let back are judged by: the holes, the
    intertitles left at a column's foot, the scraps between blocks, the pages."""
    return empty_lines(rendered), stranded(rendered), scraps(rendered), len(rendered.pages)


def better(now: tuple, before: tuple) -> bool:
    """Whether pages measured ``now`` (:func:`outcome`) have fewer holes than
    ``before`` and no more stranded intertitles, scraps or pages."""
    return now[0] < before[0] and all(new <= old for new, old in zip(now[1:], before[1:]))


def retried(shift, forward, less: dict[str, float]):
    """Where ``shift`` moves back the text that the move before it (``forward``:
    block, HTML and pages before) pushed over the page's foot, that move again
    taking as much less room (None: the move back stands): the page it left
    then ends a line or two short, not the whole of what went back."""
    if not shift.back or not shift.overflow or forward is None or forward[0] != shift.block:
        return None  # (no overflow: nothing went over the foot, the block moves up)
    less[shift.block] = less.get(shift.block, 0.0) + shift.overflow
    again = weasy.float_hole(forward[2], less=less)
    if again is None or again.block != shift.block or again.back or again.level:
        return None
    return again


class weasyprint_warnings:
    """Collect WeasyPrint's warnings as build notes instead of letting them scroll by."""

    def __init__(self, notes: list[str]) -> None:
        self.notes = notes
        self.handler = _ListHandler(notes)

    def __enter__(self) -> None:
        logger = logging.getLogger("weasyprint")
        self.propagate = logger.propagate
        logger.propagate = False
        logger.addHandler(self.handler)

    def __exit__(self, *exc) -> None:
        logger = logging.getLogger("weasyprint")
        logger.removeHandler(self.handler)
        logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, notes: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.notes = notes

    def emit(self, record: logging.LogRecord) -> None:
        self.notes.append(_("page layout: ") + record.getMessage())
