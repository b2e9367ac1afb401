"""Rooms the issue layout gives away: pull quotes, a house box at a page's foot.

The fillers of :mod:`.issue_pages`'s rounds: the room under an article at a page's
foot goes to a pull quote (:func:`gaps_filled`, :mod:`.issue_fill`), or, where no
article there can give one away from its sentence (a page of short pieces), to a
house box of the back (:func:`housed`), planned content, down to the page's foot;
the room a cut article's first part leaves above its jump line (the cut could fall
no lower: a paragraph's last lines and an intertitle stood there) goes to a pull
quote of its own (:func:`jump_rooms_given`); the room the content leaves on the
last page, to the house boxes there, set larger (:func:`back_filled`). The last
three are tried on a layout and judged on the next.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

from lxml import html as lxml_html

from pamphletpress.i18n import _
from pamphletpress.layout.issue_boxes import (
    box_height,
    empty_lines,
    page_bottom,
    page_room,
    text_foot,
)
from pamphletpress.layout.issue_columns import stranded_under
from pamphletpress.layout.issue_fill import (
    MAX_ROWS,
    Quote,
    gap_quote,
    insert_jump_quote,
    jump_quote,
    last_columns,
    place_faults,
    quoted_lines,
)
from pamphletpress.layout.issue_jumps import split_article
from pamphletpress.layout.issue_report import LAST_GOAL

log = logging.getLogger("pamphletpress")

PX_PER_PT = 4 / 3


@dataclass
class Rooms:
    """The fillers decided so far. A quote above a cut article's jump, by its id: its
    rows, text and the lines before the jump at most; and how the pages stood before
    it, until judged (the page count, where its rest ended, the lines its first part
    left empty, whether its rest left an intertitle at a column's foot). House boxes
    moved up from the back, by the box's id: the article they follow and their
    padding above and under them there (pt), and the rows of the room each fills (for
    the report), and those on trial (the page count)."""

    jump_quotes: dict[str, tuple[int, str, int]] = field(default_factory=dict)
    jump_trials: dict[str, tuple[int, int, int, bool]] = field(default_factory=dict)
    jump_tried: set[str] = field(default_factory=set)
    housed: dict[str, tuple[str, tuple[float, float]]] = field(default_factory=dict)
    house_rows: dict[str, int] = field(default_factory=dict)
    house_trials: dict[str, int] = field(default_factory=dict)
    house_tried: set[str] = field(default_factory=set)
    back_padding: dict[str, tuple[float, float]] = field(
        default_factory=dict
    )  # pt, on the last page
    back_trial: int = 0  # the page count before they were set larger, until judged
    back_tried: bool = False
    back_rows: int = 0  # the rows of the last page they took (for the report)


def gaps_filled(
    rendered, anchors, row_px: float, state, lead_jumps: bool, row_pt: float, html: str
) -> bool:
    """The room at a page's foot before an article (or the back matter) that opens the
    next page given to the article above it as a pull quote, or to one above that on
    the page where its own quotes would stand badly (:func:`.issue_fill.gap_quote`),
    a row less where the quote would unbalance the columns of an article part on one
    page; where no article there has a place for one away from its sentence, or a
    sentence long enough to fill the room, to a house box (:func:`housed`). ``state``
    is the issue layout's."""
    root = lxml_html.document_fromstring(html)
    sequence = (["art-1"] if lead_jumps else []) + state.order
    following = sequence[1:] + (["back"] if state.back_new_page else [])
    feet = {quote.foot for quote in state.quotes.values()}
    feet |= {after for after, _padding in state.rooms.housed.values()}
    changed = False
    for index, (before, ident) in enumerate(zip(sequence, following)):
        if before in feet or before in state.unquoted or ident not in anchors:
            continue
        end_page, end_y = anchors.get(f"end-{before}", (0, 0.0))
        if anchors[ident][0] != end_page + 1 or end_page < 2:
            continue
        end_y = text_foot(rendered.pages[end_page - 1], (before, f"cont-{before}")) or end_y
        rows = int((page_bottom(rendered.pages[end_page - 1]) - end_y) // row_px)
        log.debug("issue layout: %d rows free under %s on page %d", rows, before, end_page)
        free = [
            i
            for i in sequence[:index]
            if i not in state.quotes and i not in state.unquoted and i not in feet
        ]
        quote = gap_quote(root, anchors, free, before, end_page, rows, state.sentences, row_pt)
        poor = poorly_placed(root, quote) or quote.rows < min(rows, MAX_ROWS)  # white round it
        if poor and housed(rendered, row_px, state.rooms, before, rows):
            changed = True
        elif quote is not None and quote.holder not in state.quotes:
            state.quotes[quote.holder] = quote
            log.debug("issue layout: a quote in %s for the room under %s", quote.holder, before)
            changed = True
    return changed


def poorly_placed(root, quote: Quote | None) -> bool:
    """Whether there is no quote, or the best place for it has a fault (it strands an
    intertitle, leaves a scrap or stands next to its sentence: an article too short)."""
    if quote is None:
        return True
    columns = last_columns(root, quote.holder)
    return columns is None or any(place_faults(columns, quote.text, quote.whole)[:3])


def housed(rendered, row_px: float, rooms: Rooms, before: str, rows: int) -> bool:
    """The deepest house box that fits ``rows`` rows moved up from the back to follow
    article ``before`` (planned content filling its page's foot), its frame as deep
    as the room, on trial; False where none fits."""
    fitting = []
    for number in range(1, len(rendered.pages) * 4):
        ident = f"house-{number}"
        measured = box_height(rendered, ident)
        if measured is None:
            break
        height = measured[0]
        if ident not in rooms.housed and ident not in rooms.house_tried and height < rows * row_px:
            fitting.append((*measured, ident))
    if not fitting:
        return False
    height, above, under, top, bottom, ident = max(fitting)
    # down to the page's foot (its margin under it given to the room too), the room
    # it has more than its text shared by its padding above and under it
    extra = max(rows * row_px - 1 - height + under, 0.0) / 2
    padding = ((top + extra) / PX_PER_PT, (bottom + extra) / PX_PER_PT)
    rooms.housed[ident] = (before, padding)
    rooms.house_rows[ident] = rows
    rooms.house_trials[ident] = len(rendered.pages)
    rooms.house_tried.add(ident)
    log.debug("issue layout: house box %s for the room under %s", ident, before)
    return True


def houses_kept(anchors, rooms: Rooms, pages: int) -> bool:
    """A house box on trial taken back to the back where it did not land on the page
    of the article it follows, or changed the page count; and those of the last page
    set larger (:func:`back_kept`)."""
    taken = False
    for ident, before in list(rooms.house_trials.items()):
        del rooms.house_trials[ident]
        after = rooms.housed[ident][0]
        end = anchors.get(f"end-{after}", (0,))[0]
        if anchors.get(ident, (0,))[0] != end or pages != before:
            log.debug("issue layout: house box %s taken back", ident)
            del rooms.housed[ident]
            taken = True
    return back_kept(anchors, rooms, pages) or taken


def _jump_state(rendered, anchors, row_px: float, ident: str) -> tuple[int, int, int, bool]:
    """How cut article ``ident`` stands: the page count, the page its rest ends on,
    the body lines its first part's two columns leave empty above the page's foot
    (:func:`.issue_boxes.empty_lines`), and whether its rest leaves an intertitle at
    a column's foot (:func:`.issue_columns.stranded_under`)."""
    page = anchors[f"jump-{ident}"][0]
    empty = empty_lines(rendered.pages[page - 1], f"body-{ident}", row_px)
    rest = anchors.get(f"cont-{ident}", (0,))[0]
    end = anchors.get(f"end-{ident}", (0,))[0]
    stranded = stranded_under(rendered).get(ident, (0,))[0] == rest
    return len(rendered.pages), end, empty, stranded


def jump_rooms_given(rendered, anchors, row_px: float, state, row_pt: float, html: str) -> bool:
    """A cut article whose first part leaves four body lines or more empty above its
    page's foot (the cut could fall no lower: a paragraph's last lines and an
    intertitle stood there) takes a pull quote of its own sentences there, as deep as
    that room or three rows: the page filled. Where the quote takes a line or two more
    than the room, the cut moves up as much, its rest that much longer (where the page
    it ends on has room for them: :func:`_room_for_more`). All such quotes in one
    round, each judged once laid out (:func:`_jump_quotes_judged`)."""
    root = None
    for ident in state.order:
        if (
            ident not in state.cut_rows
            or ident in state.rooms.jump_quotes
            or ident in state.rooms.jump_tried
        ):
            continue
        jump, body = anchors.get(f"jump-{ident}"), anchors.get(f"body-{ident}")
        if jump is None or body is None or jump[0] != body[0] or f"cont-{ident}" not in anchors:
            continue
        now = _jump_state(rendered, anchors, row_px, ident)
        rows = max(now[2] // 2, 3)
        drop = max(2 * rows - now[2], 0)  # lines the cut moves up: to its rest
        if now[2] < 4 or drop > 2 or _room_for_more(rendered, anchors, ident) < row_px:
            continue
        root = root if root is not None else lxml_html.document_fromstring(html)
        columns = root.get_element_by_id(f"body-{ident}", None)
        if columns is None:
            continue
        sentences = state.sentences.get(ident, [])
        chosen = jump_quote(sentences, rows, row_pt, columns, drop)
        if chosen is not None and chosen[0] == rows:  # the lines before the jump: fewer
            state.rooms.jump_tried.add(ident)
            state.rooms.jump_quotes[ident] = (*chosen, quoted_lines(columns)[0] - drop)
            state.rooms.jump_trials[ident] = now
            log.debug("issue layout: a quote of %d rows above the jump of %s", chosen[0], ident)
    return bool(state.rooms.jump_trials)


def _room_for_more(rendered, anchors, ident: str) -> float:
    """The room (px) at the foot of the page where the rest of cut article ``ident``
    ends, or, where an article cut there runs on from that page, where that one's
    rest ends, and so on: what lines more in its rest would take."""
    seen: set[int] = set()
    page = anchors.get(f"end-{ident}", (0,))[0]
    while 0 < page <= len(rendered.pages) and page not in seen:
        seen.add(page)
        cut = next((i for i in _cut_articles(anchors) if anchors[f"jump-{i}"][0] == page), None)
        if cut is None:
            return page_room(rendered.pages[page - 1])
        page = anchors.get(f"end-{cut}", (0,))[0]
    return 0.0


def _cut_articles(anchors) -> list[str]:
    """The inside articles cut by a jump, as the anchors show them."""
    return [key[5:] for key in anchors if key.startswith("jump-") and key != "jump-1"]


def jump_quotes_judged(rendered, anchors, row_px: float, rooms: Rooms) -> bool:
    """The quotes above a jump on trial taken back where their article's first part ran
    over, its rest now ends on another page, the page count changed, or they mended
    neither the room under the jump line nor the rest's intertitle (or made either
    worse); True when one was."""
    taken = False
    for ident, before in list(rooms.jump_trials.items()):
        del rooms.jump_trials[ident]
        jump, body = anchors.get(f"jump-{ident}"), anchors.get(f"body-{ident}")
        now = _jump_state(rendered, anchors, row_px, ident) if jump and body else None
        same = now is not None and now[:2] == before[:2] and jump[0] == body[0]
        better = same and (now[3], now[2]) < (before[3], before[2])
        if not (better and now[2] <= max(before[2], 2) and now[3] <= before[3]):
            log.debug("issue layout: the quote above the jump of %s taken back", ident)
            del rooms.jump_quotes[ident]
            taken = True
    return taken


def cut_with_quote(root, article, rows: int, fewer: int, quote, row_pt: float) -> None:
    """Article ``article`` cut with the quote ``quote`` (rows, text, the lines before the
    jump at most) above its jump, and a line higher still where the lines above the
    quote and those under it (with the jump line), each balanced in two columns,
    would each leave a row at a column's foot."""
    ident = article.get("id")
    depth, text, lines = quote
    fewer = max(fewer, 2 * rows - 1 - lines)
    kept = copy.deepcopy(article)
    if not split_article(article, rows, fewer):
        return
    insert_jump_quote(root, ident, depth, text, row_pt)
    above, under = quoted_lines(root.get_element_by_id(f"body-{ident}"))
    if above % 2 == 0 or (under + 1) % 2 == 0:
        return
    rest = root.get_element_by_id(f"cont-{ident}")
    rest.getparent().remove(rest)
    article.addprevious(kept)
    article.getparent().remove(article)
    if split_article(kept, rows, fewer + 1):
        insert_jump_quote(root, ident, depth, text, row_pt)


def place_houses(root, rooms: Rooms) -> None:
    """The house boxes moved up, each after the part that ends the article it follows;
    those of the last page set larger (:func:`back_filled`)."""
    for ident, (after, (top, bottom)) in rooms.housed.items():
        box = root.get_element_by_id(ident)
        box.set("class", box.get("class", "") + " filler")
        box.set("style", f"padding-top: {top:.2f}pt; padding-bottom: {bottom:.2f}pt")
        root.get_element_by_id(f"end-{after}").getparent().addnext(box)
    for ident, (top, bottom) in rooms.back_padding.items():
        box = root.get_element_by_id(ident)
        box.set("class", box.get("class", "") + " filler")
        box.set("style", f"padding-top: {top:.2f}pt; padding-bottom: {bottom:.2f}pt")


def back_filled(rendered, anchors, row_px: float, rooms: Rooms, other: int | None) -> bool:
    """The room the content leaves on the last page, where that is more than issue
    19's ``LAST_GOAL`` of its text block, given to the house boxes that stand there
    (planned content set larger, issue 19), shared out among them, each taller by its
    share, its text in the middle, down to the page's foot but a row; on trial
    (:func:`back_kept`). False where none stands there, or where the page count is
    not the one the issue needs: ``other`` (blank pages, or ``pages:``) is given and
    not the page count, or it is no multiple of 4."""
    pages = len(rendered.pages)
    last = rendered.pages[-1]
    room = page_room(last)
    if pages % 4 or (other and other != pages):
        return False
    if room <= LAST_GOAL * (page_bottom(last) - last._page_box.content_box_y()):
        return False
    there = []
    for number in range(1, pages * 4):
        ident = f"house-{number}"
        measured = box_height(rendered, ident)
        if measured is None:
            break
        if ident not in rooms.housed and anchors.get(ident, (0,))[0] == pages:
            there.append((ident, measured))
    # the room is under the last line: the last box's padding and margin under its
    # text are in it already
    spare = room - row_px - (there[-1][1][2] + there[-1][1][4] + 2 if there else 0.0)
    if not there or rooms.back_tried or spare < row_px:
        return False
    rooms.back_tried = True
    extra = spare / len(there) / 2
    for ident, (_height, _above, _under, top, bottom) in there:
        rooms.back_padding[ident] = ((top + extra) / PX_PER_PT, (bottom + extra) / PX_PER_PT)
    rooms.back_trial = pages
    rooms.back_rows = int(spare // row_px)
    log.debug("issue layout: the last page's house boxes set larger by %.0f px", spare)
    return True


def back_kept(anchors, rooms: Rooms, pages: int) -> bool:
    """The last page's house boxes set larger taken back (for good) where the page
    count changed or one of them left the last page."""
    if not rooms.back_trial:
        return False
    before, rooms.back_trial = rooms.back_trial, 0
    if pages == before and all(anchors.get(i, (0,))[0] == pages for i in rooms.back_padding):
        return False
    log.debug("issue layout: the last page's house boxes taken back to their size")
    rooms.back_padding = {}
    return True


def fillers_told(
    html: str, anchors, rooms: Rooms, quotes: dict, titles: dict[str, str], sequence: list[str]
) -> list[str]:
    """Where each filler went and why, for the report (issue 19: "Placement is decided,
    and told"): every house box moved up from the back (to which page, under which
    article, the room it fills and what opens the next page) and every pull quote
    given a room. ``sequence``: the articles in their printed order."""
    root = lxml_html.document_fromstring(html)

    def opening(after: str) -> str:
        """What follows article ``after``: it opens the next page."""
        index = sequence.index(after) + 1 if after in sequence else len(sequence)
        if index < len(sequence):
            return f"'{titles.get(sequence[index], sequence[index])}'"
        return _("the back matter")

    told = []
    for ident, (after, _padding) in rooms.housed.items():
        name = _box_name(root, ident)
        told.append(
            _(
                "house box '{box}' moved from the back to page {page}, under '{article}': "
                "it fills the {rows} rows at the page's foot, where {next} could not start "
                "(its headline and three lines did not fit) and no article on the page has "
                "a place for a pull quote away from its sentence"
            ).format(
                box=name,
                page=anchors.get(ident, (0,))[0],
                article=titles.get(after, after),
                rows=rooms.house_rows.get(ident, 0),
                next=opening(after),
            )
        )
    for holder, quote in quotes.items():
        told.append(
            _(
                "pull quote of {rows} rows in '{article}' on page {page}: it fills the room "
                "at the page's foot under '{foot}', where {next} could not start (its "
                "headline and three lines did not fit)"
            ).format(
                rows=quote.rows,
                article=titles.get(holder, holder),
                page=anchors.get(f"end-{quote.foot}", (quote.page,))[0],
                foot=titles.get(quote.foot, quote.foot),
                next=opening(quote.foot),
            )
        )
    for holder, (rows, _text, _lines) in rooms.jump_quotes.items():
        told.append(
            _(
                "pull quote of {rows} rows in '{article}' on page {page}: it fills the room "
                "above its jump line (its cut could fall no lower)"
            ).format(
                rows=rows,
                article=titles.get(holder, holder),
                page=anchors.get(f"jump-{holder}", (0,))[0],
            )
        )
    return told + back_told(root, anchors, rooms)


def _box_name(root, ident: str) -> str:
    """A house box's title (its h2) as the report names it, or its id without one."""
    found = root.get_element_by_id(ident, None)
    heading = found.find(".//h2") if found is not None else None
    return " ".join((heading.text_content() if heading is not None else ident).split())


def back_told(root, anchors, rooms: Rooms) -> list[str]:
    """Every house box of the last page set larger to take the room the content left
    there, for the report (``root``: the issue's parsed HTML)."""
    told = []
    for ident in rooms.back_padding:
        name = _box_name(root, ident)
        told.append(
            _(
                "house box '{box}' set larger on page {page}, the last: with the other "
                "boxes there it takes the {rows} rows the content left empty"
            ).format(box=name, page=anchors.get(ident, (0,))[0], rows=rooms.back_rows)
        )
    return told
