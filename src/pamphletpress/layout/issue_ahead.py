"""The headlines one layout foretells stranded, all sent to a page's top in one round.

Moving a stranded headline to the next page's top (:mod:`.issue_pages`) moves
every article after it in its page run by as much, and a layout of the issue's
pages then shows the next stranded one. Those layouts are foreseen here from the
one at hand: down the flow of the inside pages (each page's text block one
after the other) an article keeps its depth when it moves, so each article's
new place is its old one plus what the moves before it added; one whose opening
and three lines would not fit under it there moves too. Where the foretelling is
not sure (the room within a few rows of what the opening needs, more so the more
page breaks lie between it and a place laid out) it stops: the rounds take it
from there, as they would have without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

SURE_ROWS = 2  # rows of doubt about a moved article's place
ROWS_A_BREAK = 1  # and a row more for every page break it moved over


@dataclass(frozen=True)
class Placing:
    """One inside article as laid out, down the flow of the inside pages (px)."""

    ident: str
    top: float
    body: float  # where its columns start
    end: float
    whole_opening: bool  # its headline and its body on one page (else: stranded there)
    new_page: bool = False  # it opens a page whatever stands before it


def stranded_ahead(
    placings: list[Placing], page_height: float, need: float, row: float, lift: float = 0.0
) -> list[str]:
    """The articles (in ``placings``' order, the order printed) whose opening and
    ``need`` more would not fit on their page, once those before them have moved; an
    article sent to a page's top stands ``lift`` below it (its rule's room)."""
    openings = sorted(p.body - p.top for p in placings if p.whole_opening)
    usual = openings[len(openings) // 2] if openings else 8 * row
    found: list[str] = []
    shift = 0.0  # how far the articles from here moved down the flow
    doubt = 0.0  # how unsure their places are
    end = None
    for placing in placings:
        opening = placing.body - placing.top if placing.whole_opening else usual
        top = placing.top + shift
        if placing.new_page and end is not None:
            top = _page(end - 1e-3, page_height) * page_height + page_height + lift
            shift, doubt = top - placing.top, 0.0
            if abs(shift) < 0.5:  # where it was laid out
                top, shift = placing.top, 0.0
        page = _page(top, page_height)
        room = page_height - max(top - page * page_height, 0.0) - opening
        if not placing.whole_opening and shift == 0:
            room = -1.0  # stranded where it was laid out
        elif not placing.whole_opening:
            doubt += row  # its opening as deep as the others'
        if placing.new_page:
            pass  # at a page's top already
        elif room < need - 1 - doubt:  # to the next page's top, its body as deep below it
            top, doubt = (page + 1) * page_height + lift, SURE_ROWS * row
            shift = top + opening - placing.body
            found.append(placing.ident)
        elif room < need - 1 + doubt:
            break  # it may fit, or not: laid out to see
        end = placing.end + shift
        if shift:
            breaks = _page(end, page_height) - _page(top, page_height)
            doubt = (doubt or SURE_ROWS * row) + breaks * ROWS_A_BREAK * row
    return found


def _page(down: float, page_height: float) -> int:
    """The page (from 0) a place down the flow is on: one at a page's very top on it."""
    return math.floor(down / page_height + 1e-6)


def placings(rendered, anchors: dict[str, tuple[int, float]], order: list[str], new_page):
    """The inside articles of ``order`` as ``rendered`` placed them, the height of a
    page's text block and how far below its top an article sent there stands (0 when
    none was); None when one of them is not in the layout."""
    first = anchors.get(order[0], (len(rendered.pages),))[0] if order else 1
    box = rendered.pages[first - 1]._page_box
    top, height = box.content_box_y(), box.height

    def down(name: str) -> float:
        page, y = anchors[name]
        return (page - 1) * height + y - top

    out, lifts = [], [0.0]
    for ident in order:
        if any(name not in anchors for name in (ident, f"body-{ident}", f"end-{ident}")):
            return None, height, 0.0
        if ident in new_page and ident != order[0]:
            lifts.append(anchors[ident][1] - top)
        same = anchors[f"body-{ident}"][0] == anchors[ident][0]
        out.append(
            Placing(
                ident,
                down(ident),
                down(f"body-{ident}"),
                down(f"end-{ident}"),
                same,
                ident in new_page,
            )
        )
    return out, height, max(lifts)
