"""The issue layout: page 1 filled, no stranded headline, pins, jumps, pages filled, 4n pages.

The issue's print page (:mod:`pamphletpress.write.issue_html`) is laid out in
bounded rounds, each deciding one thing from the pages laid out before it; a
round lays out again only the page runs its decision changed
(:mod:`.issue_render`), and the page numbers of jumps and contents are made
right once the decisions are made:

1. how many lines of the lead fit under the nameplate, its opening and the
   contents box (measured from page 1's anchors), and there the lead is cut,
   mid-paragraph, never after a hyphenated line, a paragraph's last line or
   an intertitle, with ``Lees verder op pagina N`` under the cut
   (:mod:`.issue_jumps`); the inside order is planned (:mod:`.issue_plan`);
2. an article whose headline would stand with fewer than three lines below it
   starts at the next page's top instead (with those the move foretells stranded
   after it, :mod:`.issue_ahead`);
3. a pinned article is moved in the order (or to a new page) until it starts
   on its page, or a warning says why not;
4. every inside article that runs over its page's foot is cut there and
   continued at the next page's top (a jump, both ways numbered); one that
   may not jump, or whose cut would fall far above the foot, starts whole at
   a page's top;
5. the page count is brought to the target (a multiple of 4): the colophon and
   the house boxes take a page of their own, then blank pages, reported;
6. the room a cut could not take above a jump goes to the cut article as a pull
   quote; then the room a headline could not take at a page's foot goes to the
   article above it as a pull quote (:mod:`.issue_fill`), or, where no article
   there has a place for one away from its sentence, to a house box of the back;
   a last page over 15 % empty: its house boxes set larger (:mod:`.issue_rooms`);
7. an article end with an intertitle stranded at its first column's foot, or
   with its two columns more than a line apart, has paragraphs set a line
   tighter or looser (:mod:`.issue_columns`).

Then the column ends are mended as in a single article
(:func:`~pamphletpress.layout.pages.lay_out_pages`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.errors import PamphletError
from pamphletpress.i18n import _, ngettext
from pamphletpress.layout import weasy
from pamphletpress.layout.columnends import Mendables
from pamphletpress.layout.issue_ahead import placings, stranded_ahead
from pamphletpress.layout.issue_boxes import (
    anchors_of,
    page_bottom,
)
from pamphletpress.layout.issue_columns import (
    TRIES,
    Levelling,
    judged,
    mended_end,
    set_across,
    stranded_under,
)
from pamphletpress.layout.issue_fill import (
    Quote,
    chosen_quote,
    insert_quote,
    last_columns,
    quotes_in,
)
from pamphletpress.layout.issue_jumps import MIN_LINES, fill_front, split_article
from pamphletpress.layout.issue_plan import Flow, Item, best_order
from pamphletpress.layout.issue_render import Runs, seldom_collected
from pamphletpress.layout.issue_report import IssueLayout, Placed, overflow
from pamphletpress.layout.issue_rooms import (
    Rooms,
    back_filled,
    cut_with_quote,
    fillers_told,
    gaps_filled,
    houses_kept,
    jump_quotes_judged,
    jump_rooms_given,
    place_houses,
)
from pamphletpress.layout.pages import lay_out_pages

log = logging.getLogger("pamphletpress")

ROUNDS = 16 + 2 * TRIES  # layouts at most before the mending (levelling's tries and checks)
EXACT_ROUNDS = 4  # layouts at most, once out of rounds, to make every page number right
PX_PER_PT = 4 / 3
POOR_CUT_ROWS = 3  # a cut leaving more empty rows above the page's foot is not made
JUMP_ROWS = 5  # a jump's cost in rows: its line, the continuation's head, a row lost overleaf


@dataclass
class _State:
    rows: int | None = None
    new_page: set[str] = field(default_factory=set)
    order: list[str] = field(default_factory=list)
    back_new_page: bool = False
    blanks: int = 0
    planned: bool = False
    roomed: list[str] = field(default_factory=list)  # at a page's top to fill the pages
    room_pages: int = 0  # the page count before the last of those
    cut_rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # jumps: rows, lines less
    cut_fix: dict[str, int] = field(default_factory=dict)  # lines less, after a run-over
    cut_at: dict[str, tuple[int, int]] = field(default_factory=dict)  # body's page, row: fix's
    kept_whole: set[str] = field(default_factory=set)  # may not jump: at a page's top
    stranded: set[str] = field(default_factory=set)  # at a page's top: no room for its head
    released: set[str] = field(default_factory=set)  # back under the article before it
    fell: set[str] = field(default_factory=set)  # at a page's top where the text put it
    quotes: dict[str, Quote] = field(default_factory=dict)  # by the article that holds it
    unquoted: set[str] = field(default_factory=set)  # a quote that ran over: holder and foot
    sentences: dict[str, list[str]] = field(default_factory=dict)  # each article's quotes
    rooms: Rooms = field(default_factory=Rooms)  # quotes above jumps, house boxes moved


@dataclass
class IssuePlan:
    """What the layout must honour: pins and no-jump articles by id, the target."""

    titles: dict[str, str]
    pins: dict[str, tuple[int, str]]  # article id → (page, where it was asked: file:line)
    issue_path: str = "issue.yml"
    has_back: bool = True  # a colophon or house boxes to print
    lead_jumps: bool = True
    target: int | None = None
    line_height_pt: float = 12.5
    no_jump: frozenset[str] = frozenset()  # ``jump: false``: never cut, moved to a page top


def lay_out_issue(
    html: str, mendables: Mendables, base_url: str, fetcher, notes: list[str], plan: IssuePlan
):
    """The issue's pages, the HTML they were laid out from, the paragraphs mended, and
    what was decided (:class:`IssueLayout`)."""
    with seldom_collected():
        return _lay_out_issue(html, mendables, base_url, fetcher, notes, plan)


def _lay_out_issue(
    html: str, mendables: Mendables, base_url: str, fetcher, notes: list[str], plan: IssuePlan
):
    fonts = weasy.fonts()
    runs = Runs(base_url, fetcher, fonts)
    state = _State(order=[i for i in plan.titles if i != "art-1"], sentences=quotes_in(html))
    row_px = plan.line_height_pt * PX_PER_PT
    report = IssueLayout()
    tried: set[tuple] = set()
    levelling = Levelling()
    for report.rounds in range(1, ROUNDS + 1):
        page = _assembled(html, state, plan)
        rendered = runs.render(page)
        anchors = anchors_of(rendered)
        if state.rows is None:
            state.rows = _front_rows(rendered, row_px) if plan.lead_jumps else -1
            log.debug("issue layout: %s lines a column under the lead on page 1", state.rows)
            continue
        overflowed = anchors.get("front-end", (0,))[0] != 1 and "jump-1" in anchors
        if plan.lead_jumps and overflowed and state.rows > 4:
            state.rows -= 1  # the columns did not balance as counted: a line less
            log.debug("issue layout: page 1 overflowed, %s lines a column", state.rows)
            continue
        if not state.planned:
            state.planned = True
            order = _packed(rendered, anchors, row_px, state, plan)
            if order != state.order:
                state.order, state.new_page = order, set()
                continue
        ends = {key: at[0] for key, at in anchors.items() if key.startswith("end-")}
        back = judged(rendered, levelling, ends)  # before anything reacts to what it moved
        if back is not None:
            html = back
            continue
        if _quotes_kept(anchors, state, plan, page):
            continue
        if jump_quotes_judged(rendered, anchors, row_px, state.rooms):
            continue
        if houses_kept(anchors, state.rooms, len(rendered.pages)):
            continue
        stranded = _stranded(rendered, anchors, row_px, state)
        if stranded:  # the first, and those its move foretells stranded (:mod:`.issue_ahead`)
            moved = {stranded[0], *_foreseen(rendered, anchors, row_px, state)}
            state.new_page.update(moved)
            state.stranded.update(moved)
            continue
        if _pins_moved(anchors, state, plan, tried):
            continue
        if _jumps_placed(rendered, anchors, row_px, state, plan):
            continue
        if _room_regained(rendered, anchors, row_px, state):
            continue
        if _padded(rendered, anchors, state, plan):
            continue
        if _tops_marked(rendered, anchors, state):
            continue
        if jump_rooms_given(rendered, anchors, row_px, state, plan.line_height_pt, page):
            continue
        if gaps_filled(
            rendered, anchors, row_px, state, plan.lead_jumps, plan.line_height_pt, page
        ):
            continue
        if back_filled(rendered, anchors, row_px, state.rooms, state.blanks or plan.target):
            continue
        level = mended_end(rendered, html, mendables, levelling, ends)
        if level is not None:
            html = level
            continue
        if not runs.right:  # decided: now every jump's and the contents' number right
            runs.exact = True
            continue
        break
    else:  # out of rounds: the decisions stand, the numbers and the 4n pages made right
        if levelling.trial is not None:  # an article end set again, never judged: as before
            html = levelling.trial[3]
        page, rendered = _finished(html, state, plan, runs)
    anchors = anchors_of(rendered)
    pages = len(rendered.pages)
    target = plan.target or -(-pages // 4) * 4
    if pages > target:
        raise PamphletError(overflow(rendered, target, plan.titles, plan.issue_path))
    rendered, final, mended = lay_out_pages(  # the plan has filled the pages: no block moves
        page, mendables, base_url, fetcher, notes, rendered, fonts, floats=False
    )
    anchors = anchors_of(rendered)
    report.pages, report.target = len(rendered.pages), target
    report.runs_laid_out = runs.laid_out
    report.front_lines = max(state.rows or 0, 0) + 1  # and the jump line's row
    report.jump_to = anchors.get("cont-1", (None,))[0] if plan.lead_jumps else None
    report.blank_pages, report.back_on_own_page = state.blanks, state.back_new_page
    report.measure_last(rendered, row_px)
    across = set_across(page, anchors)
    report.placed = _placed(anchors, state, plan, stranded_under(rendered), across)
    sequence = (["art-1"] if plan.lead_jumps else []) + state.order + ["back"]
    report.fillers = fillers_told(page, anchors, state.rooms, state.quotes, plan.titles, sequence)
    if len(rendered.pages) % 4:
        raise PamphletError(
            _(
                "the issue came out at {pages_count} pages, not a multiple of 4; report "
                "this (it is a pamphletpress bug)"
            ).format(pages_count=len(rendered.pages))
        )
    return rendered, final, mended, report


def _finished(html: str, state: _State, plan: IssuePlan, runs: Runs) -> tuple[str, object]:
    """The rounds ran out: their decisions as they stand, laid out with every jump's
    and the contents' number taken from the layout before until they are all right,
    and what is short of 4n pages made blank pages (the page and its layout)."""
    runs.exact = True
    for _round in range(EXACT_ROUNDS):
        page = _assembled(html, state, plan)
        rendered = runs.render(page)
        pages = len(rendered.pages)
        target = plan.target or -(-pages // 4) * 4
        if pages < target:
            state.blanks += target - pages
        elif runs.right:
            break
    return page, rendered


# ── The rounds' decisions ────────────────────────────────────────────────


def _front_rows(rendered, row_px: float) -> int:
    """Lines a column of page 1 has below everything else on it."""
    first = rendered.pages[0]
    end = first.anchors.get("front-end")
    if end is None:
        return 4
    room = page_bottom(first) - end[1] - 1  # the foot without the body, all in page 1
    return max(int(room // row_px), 0)


def _packed(rendered, anchors, row_px: float, state: _State, plan: IssuePlan) -> list[str]:
    """The inside articles' order that leaves the least room (:mod:`.issue_plan`), from
    their depths as this layout measured them."""
    first = rendered.pages[0]._page_box
    top, bottom = first.content_box_y(), page_bottom(rendered.pages[0])
    height = bottom - top
    inside = [i for i in plan.titles if i != "art-1" and i in anchors and f"end-{i}" in anchors]
    openings = {
        i: anchors[f"body-{i}"][1] - anchors[i][1]
        for i in inside
        if anchors.get(f"body-{i}", (0,))[0] == anchors[i][0]
    }
    usual = sorted(openings.values())[len(openings) // 2] if openings else 8 * row_px
    items = []
    for ident in inside:
        (page, y), (end_page, end_y) = anchors[ident], anchors[f"end-{ident}"]
        opening = openings.get(ident, usual)  # a stranded opening: as deep as the others'
        if ident in openings:
            depth = (end_y - y) if end_page == page else (bottom - y) + (end_y - top)
        else:  # the room its headline left at its page's foot is not its own
            depth = opening + (end_y - top)
        depth += max(end_page - page - 1, 0) * height
        pin = plan.pins.get(ident, (None,))[0]
        rank = list(plan.titles).index(ident) - 1
        items.append(Item(ident, depth, rank, pin, opening, ident not in plan.no_jump))
    if "end-art-1" in anchors and plan.lead_jumps:
        start_page, start_y = anchors["end-art-1"]
        start_y -= top
    else:
        start_page, start_y = 2, 0.0
    flow = Flow(height, start_page, start_y, MIN_LINES * row_px, row_px, jump=JUMP_ROWS * row_px)
    by_rank = sorted(items, key=lambda i: i.rank)
    order = [i.ident for i in best_order(by_rank, flow)]
    rest = [i for i in state.order if i not in order]
    return order + rest


def _tops_marked(rendered, anchors, state: _State) -> bool:
    """Articles the text before them put at a page's top marked as opening the page
    (``new-page``: no rule and no room above the headline there, as at a page the
    layout opened; and a page run of its own, laid out apart)."""
    fell = [
        ident
        for ident in state.order
        if ident not in state.new_page
        and ident in anchors
        and anchors[ident][0] > 1
        and anchors[ident][1] <= rendered.pages[anchors[ident][0] - 1]._page_box.content_box_y() + 1
    ]
    state.new_page.update(fell)
    state.fell.update(fell)
    return bool(fell)


def _stranded(rendered, anchors, row_px: float, state: _State) -> list[str]:
    """Articles whose headline stands with fewer than ``MIN_LINES`` under it on its
    page, in the order they are printed."""
    found = []
    for ident in state.order:
        if ident in state.new_page or ident not in anchors or f"body-{ident}" not in anchors:
            continue
        page, _y = anchors[ident]
        body_page, body_y = anchors[f"body-{ident}"]
        room = page_bottom(rendered.pages[body_page - 1]) - body_y
        if body_page != page or room < MIN_LINES * row_px - 1:
            found.append(ident)
    return found


def _foreseen(rendered, anchors, row_px: float, state: _State) -> list[str]:
    """The headlines stranded as this layout foretells them once the first stranded
    one has moved, and those after it (:mod:`.issue_ahead`)."""
    laid, height, lift = placings(rendered, anchors, state.order, state.new_page)
    ahead = stranded_ahead(laid, height, MIN_LINES * row_px, row_px, lift) if laid else []
    log.debug("issue layout: stranded headlines foreseen: %s", ", ".join(ahead) or "none")
    return ahead


def _room_regained(rendered, anchors, row_px: float, state: _State) -> bool:
    """An article sent to a page's top for want of room, back at the foot of the page
    before, now the jumps and moves after it have left room there (once each)."""
    for before, ident in zip(state.order, state.order[1:]):
        if ident not in state.stranded or ident in state.released or ident not in anchors:
            continue
        end_page, end_y = anchors.get(f"end-{before}", (0, 0.0))
        page, y = anchors[ident]
        if end_page != page - 1 or f"body-{ident}" not in anchors:
            continue
        opening = anchors[f"body-{ident}"][1] - y
        room = page_bottom(rendered.pages[end_page - 1]) - end_y - 2 * row_px  # the rule's
        if room >= opening + (MIN_LINES + 1) * row_px:
            state.new_page.discard(ident)
            state.released.add(ident)
            return True
    return False


def _quotes_kept(anchors, state: _State, plan: IssuePlan, html: str) -> bool:
    """A pull quote that made its article, or the one at the page's foot under it, run
    over its page: a row less, then none (before anything else is decided on a page
    it moved)."""
    for holder, quote in list(state.quotes.items()):
        ends = {anchors.get(f"end-{i}", (quote.page,))[0] for i in (holder, quote.foot)}
        if ends != {quote.page}:
            columns = last_columns(lxml_html.document_fromstring(html), holder)
            less = chosen_quote(
                state.sentences.get(holder, []),
                quote.rows - 1,
                plan.line_height_pt,
                columns,
                quote.whole,
            )
            log.debug("issue layout: the quote in %s ran over (%s rows)", holder, quote.rows)
            if less and holder not in state.unquoted:
                state.quotes[holder] = replace(quote, rows=less[0], text=less[1])
            else:
                del state.quotes[holder]
            state.unquoted.update((holder, quote.foot))
            return True
    return False


def _jumps_placed(rendered, anchors, row_px: float, state: _State, plan: IssuePlan) -> bool:
    """Every inside article that runs over its page's foot cut there, its jump line in
    its columns' last row, its rest at the next page's top; an article that may not
    jump, or whose cut would fall far above the foot (a picture, list or table stands
    there), or that has too few lines on its page for a cut, starts whole at a
    page's top instead. A cut whose first part ran over takes a line less
    (of its two columns' lines), up to six."""
    changed = False
    for ident in state.order:
        if f"body-{ident}" not in anchors or ident in state.quotes:
            continue
        body_page, body_y = anchors[f"body-{ident}"]
        end_page = anchors.get(f"end-{ident}", (body_page,))[0]
        bottom = page_bottom(rendered.pages[body_page - 1])
        jump = anchors.get(f"jump-{ident}")
        place = (body_page, int(body_y // row_px))
        if state.cut_at.get(ident, place) != place:  # moved: its run-over was another cut's
            state.cut_fix.pop(ident, None)
        state.cut_at[ident] = place
        if jump is not None and jump[0] != body_page and state.cut_fix.get(ident, 0) < 6:
            # a line less before the jump (the cut moves up to where one may fall)
            state.cut_fix[ident] = state.cut_fix.get(ident, 0) + 1
        rows = int((bottom - body_y + 1) // row_px)
        cut = (rows, state.cut_fix.get(ident, 0))
        crossing = end_page > body_page and ident not in state.kept_whole
        poor = ident in state.cut_rows and cut == state.cut_rows[ident] and crossing
        poor = poor and (jump is None or bottom - jump[1] > (1 + POOR_CUT_ROWS) * row_px)
        if poor and jump is not None and anchors[ident][0] == body_page:
            # whole at the next page's top empties this page from its headline down:
            # not where that is more than twice the room the cut leaves
            poor = bottom - anchors[ident][1] <= 2 * (bottom - jump[1])
        if ident in plan.no_jump or poor:
            state.cut_rows.pop(ident, None)
            if crossing and ident not in state.new_page:
                state.new_page.add(ident)  # whole from a page's top: it moves all after it
                state.kept_whole.add(ident)
                return True
            state.kept_whole.add(ident)
            changed = changed or poor
        elif ident in state.cut_rows:
            if cut != state.cut_rows[ident]:
                state.cut_rows[ident] = cut
                changed = True
        elif crossing and rows > MIN_LINES:
            state.cut_rows[ident] = cut
            changed = True
        elif crossing and ident not in state.new_page:
            # too few lines under its headline for a cut (kept lines took the room
            # counted on): whole from the next page's top, not turning it unannounced
            state.new_page.add(ident)
            state.stranded.add(ident)
            return True
    return changed


def _pins_moved(anchors, state: _State, plan: IssuePlan, tried: set[tuple]) -> bool:
    """One step toward every pin: a new page, or a place earlier or later in the order."""
    for ident, (wanted, _where) in plan.pins.items():
        if ident not in anchors:
            continue
        page = anchors[ident][0]
        if page == wanted:
            continue
        position = state.order.index(ident)
        if page < wanted:
            if page == wanted - 1 and ident not in state.new_page:
                state.new_page.add(ident)
            elif position + 1 < len(state.order):
                state.order.insert(position + 1, state.order.pop(position))
            else:
                continue
        elif position > 0:
            state.order.insert(position - 1, state.order.pop(position))
        else:
            continue
        key = (tuple(state.order), frozenset(state.new_page))
        if key in tried:
            continue
        tried.add(key)
        return True
    return False


def _padded(rendered, anchors, state: _State, plan: IssuePlan) -> bool:
    """Fill the page count up to the target: the back matter (colophon, house boxes) a
    page of its own, then an article moved to a page's top where that costs at most
    half a page, then blank pages (reported)."""
    pages = len(rendered.pages)
    target = plan.target or -(-pages // 4) * 4
    if pages >= target:
        return False
    if plan.has_back and not state.back_new_page:
        state.back_new_page = True
        return True
    if state.roomed and pages <= state.room_pages:  # that room gave no page: take it back
        ident = state.roomed.pop()
        state.new_page.discard(ident)
        state.kept_whole.discard(ident)  # back where it was cut: its jump decided again
        state.cut_rows.pop(ident, None)
        state.blanks += target - pages
        return True
    height = page_bottom(rendered.pages[0]) - rendered.pages[0]._page_box.content_box_y()
    for ident in reversed(state.order):
        if ident in state.new_page or ident in plan.pins or ident not in anchors:
            continue
        page, y = anchors[ident]
        left = page_bottom(rendered.pages[page - 1]) - y
        if left <= height / 2 and len(state.roomed) < target - pages + 2:
            state.new_page.add(ident)
            state.roomed.append(ident)
            state.room_pages = pages
            return True
    state.blanks += target - pages
    return True


def _placed(anchors, state: _State, plan: IssuePlan, stranded: dict, across: dict) -> list[Placed]:
    """Where each article went and why, an intertitle left at a column's foot
    (``stranded``, of :func:`.issue_columns.stranded_under`) for the editor to mend,
    and those set across their columns instead (``across``, of
    :func:`.issue_columns.set_across`)."""
    out = []
    for ident, title in plan.titles.items():
        first = anchors.get(ident, (0,))[0]
        last = anchors.get(f"end-{ident}", (first,))[0]
        placed = Placed(title, first, last)
        if ident == "art-1" and plan.lead_jumps and "cont-1" in anchors:
            placed.why.append(
                _("lead: jumps from page 1 to page {anchors}").format(anchors=anchors["cont-1"][0])
            )
        if f"jump-{ident}" in anchors and f"cont-{ident}" in anchors:
            placed.why.append(
                _("jumps from page {anchors} to page {anchors2}").format(
                    anchors=anchors[f"jump-{ident}"][0], anchors2=anchors[f"cont-{ident}"][0]
                )
            )
        elif ident in state.kept_whole:
            placed.why.append(_("at a page's top: it may not jump, or no jump may fall in it"))
        if ident in plan.pins:
            wanted, where = plan.pins[ident]
            if first == wanted:
                placed.why.append(_("pinned to page {wanted}").format(wanted=wanted))
            else:
                placed.why.append(
                    _("pinned to page {wanted} but starts on {first}").format(
                        wanted=wanted, first=first
                    )
                )
                log.warning(
                    _(
                        "{where}: could not put this article on page {wanted} (it starts on page "
                        "{first}): the articles before it fill the pages up to there; pin it to "
                        "page {first} or move it in 'articles:'"
                    ).format(where=where, wanted=wanted, first=first),
                )
        if ident in state.roomed:
            placed.why.append(_("at a page's top: the pages up to 4n given to the articles"))
        elif ident in state.new_page and not (
            ident in plan.pins or ident in state.kept_whole or ident in state.fell
        ):
            placed.why.append(_("at a page's top: its headline would have had under 3 lines below"))
        if last > first and f"cont-{ident}" not in anchors:
            placed.why.append(_("turns the page"))
        placed.why += across.get(ident, [])
        if ident in stranded:
            page, under = stranded[ident]
            placed.why.append(
                ngettext(
                    "page {page}: an intertitle at a column's foot with {under} line under "
                    "it; a line more or less in the text above it would mend it",
                    "page {page}: an intertitle at a column's foot with {under} lines under "
                    "it; a line more or less in the text above it would mend it",
                    under,
                ).format(page=page, under=under)
            )
        out.append(placed)
    return out


# ── The HTML of one round ────────────────────────────────────────────────


def _assembled(html: str, state: _State, plan: IssuePlan) -> str:
    """The issue's page with this round's decisions applied."""
    root = lxml_html.document_fromstring(html)
    body = root.find("body")
    by_id = {a.get("id"): a for a in body.iter("article")}
    for ident in plan.titles:
        node = by_id[ident]
        columns = next((c for c in node if "columns" in (c.get("class") or "")), None)
        if ident != "art-1" and columns is not None:
            columns.set("id", f"body-{ident}")
        end = etree.SubElement(node, "div", {"class": "article-end", "id": f"end-{ident}"})
        if ident == "art-1" and plan.lead_jumps:
            body.find("article[@id='cont-1']").append(end)
    back = body.find("section[@id='back']")
    for ident in state.order:  # the editor's order, as the pins changed it
        back.addprevious(by_id[ident])
    for ident in state.new_page:
        by_id[ident].set("class", by_id[ident].get("class") + " new-page")
    if state.back_new_page:
        back.set("class", back.get("class") + " new-page")
    for _blank in range(state.blanks):
        etree.SubElement(body, "div", {"class": "blank-page"})
    if state.rows is not None and plan.lead_jumps:
        fill_front(root, state.rows)
    for ident, (rows, fewer) in state.cut_rows.items():
        quote = state.rooms.jump_quotes.get(ident)
        if quote is None:
            split_article(by_id[ident], rows, fewer)
        else:
            cut_with_quote(root, by_id[ident], rows, fewer, quote, plan.line_height_pt)
    place_houses(root, state.rooms)
    for ident, quote in state.quotes.items():
        insert_quote(root, ident, quote.rows, quote.text, plan.line_height_pt, quote.whole)
    if state.rows is None:  # the first round measures page 1 alone
        for child in list(body)[list(body).index(body.find("section")) + 1 :]:
            body.remove(child)
        for ref in body.iter("a"):
            if ref.get("class") == "page-ref":
                ref.set("href", "#front-end")
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")
