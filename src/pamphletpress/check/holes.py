"""Holes: a column of a page left empty for more than two lines, read from the PDF.

A newspaper's columns run to the foot of every page but an article's last: a
box, a table or a picture that went on to the next page must not leave the
text before it short. Whatever is printed counts as filled (text of any size,
pictures, a box's tint, rules, drawings such as a formula set as an SVG), so a
block across both columns fills both; the running footer is left out. The text
block is what the pages fill: from the highest to the lowest thing printed on
any page, the footer aside.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pamphletpress.i18n import _

#: Empty lines a column may show in a row before it is a hole.
MOST_EMPTY = 2
#: pt of a column's width a printed thing must cover to fill it.
OVERLAP = 2.0


@dataclass(frozen=True)
class Hole:
    page: int  # 1-based
    column: int  # 1-based, left to right
    lines: int  # the empty height in body lines
    at_foot: bool  # at the column's foot (else between two things in it)

    @property
    def text(self) -> str:
        side = (
            _("left") if self.column == 1 else _("right") if self.column == 2 else str(self.column)
        )
        if self.at_foot:
            return _("{lines} empty lines at the foot of the {side} column").format(
                lines=self.lines, side=side
            )
        return _("{lines} empty lines in the {side} column").format(lines=self.lines, side=side)


def holes(pdf, body_lines, body_size: float) -> list[Hole]:
    """Every column of every page but an article's last that is empty for more
    than :data:`MOST_EMPTY` body lines, at its foot or between two things."""
    leading = _leading(body_lines)
    columns = _column_spans(body_lines)
    pages = pdf.pages
    if leading is None or not columns or len(pages) < 2:
        return []
    footer = _footer_top(pages)
    filled = {page.number: _printed(page, footer) for page in pages}
    things = [box for boxes in filled.values() for box in boxes]
    if not things:
        return []
    top = min(box[1] for box in things)
    foot = max(box[3] for box in things)
    openings = {page.number for page in pages if _opens_article(page, body_size)}
    found = []
    for page in pages:
        if page.number == len(pages) or page.number + 1 in openings:
            continue  # an article's last page
        for index, (left, right) in enumerate(columns, 1):
            spans = sorted(
                (y0, y1) for x0, y0, x1, y1 in filled[page.number] if _covers(x0, x1, left, right)
            )
            reached = top
            for y0, y1 in spans + [(foot, foot)]:
                empty = int((y0 - reached) / leading)  # whole lines: a line's own gap aside
                if empty > MOST_EMPTY:
                    found.append(Hole(page.number, index, empty, y0 >= foot))
                reached = max(reached, y1)
    return found


def _leading(body_lines) -> float | None:
    steps = Counter(
        round(b.top - a.top, 1)
        for a, b in zip(body_lines, body_lines[1:])
        if (a.page, a.column) == (b.page, b.column) and b.top > a.top
    )
    return steps.most_common(1)[0][0] if steps else None


def _column_spans(body_lines) -> list[tuple[float, float]]:
    """Each column's left and right edge: where its justified lines end and its
    flush lines' letters begin (:func:`.typometrics.column_edges`), the outermost
    over the pages: a page whose column holds only short lines (list items, code)
    has no edge where they end, nor where most of a document's lines end."""
    from pamphletpress.check.typometrics import column_edges, left_edges

    rights, lefts = column_edges(body_lines), left_edges(body_lines)
    spans = []
    for column in sorted({line.column for line in body_lines}):
        lines = [line for line in body_lines if line.column == column]
        if len(lines) * 20 < len(body_lines):
            continue  # a stray line (a wide line read apart), not a column
        keys = {(line.page, column) for line in lines}
        spans.append((min(lefts[key] for key in keys), max(rights[key] for key in keys)))
    return spans


def _covers(x0: float, x1: float, left: float, right: float) -> bool:
    return min(x1, right) - max(x0, left) >= OVERLAP


def _footer_top(pages) -> float:
    """The top of the running footer: the lowest row of text, where it stands on
    most pages (the folio); past the page when there is none."""
    lowest = Counter(
        round(max(c["top"] for c in page.chars)) for page in pages if page.chars
    ).most_common(1)
    if lowest and lowest[0][1] * 2 >= len(pages):
        return lowest[0][0] - 1
    return float("inf")


def _printed(page, footer: float) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, top, x1, bottom) of what is printed on the page's text block."""
    area = (page.bbox[2] - page.bbox[0]) * (page.bbox[3] - page.bbox[1])
    boxes = [
        (c["x0"], c["top"], c["x1"], c["bottom"])
        for c in page.chars
        if not c["text"].isspace() and c["top"] < footer
    ]
    boxes += [(i["x0"], i["top"], i["x1"], i["bottom"]) for i in page.images]
    boxes += [  # tints, rules (a table's are stroked lines); a formula or an SVG is curves
        (r["x0"], r["top"], r["x1"], r["bottom"])
        for r in page.rects + page.curves + page.lines
        if (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]) < area / 2
        and r["top"] < footer
        and _on_the_sheet(page, r)
    ]
    return boxes


def _on_the_sheet(page, drawn: dict) -> bool:
    """Whether a drawing reaches into the trimmed page: crop marks stand outside it
    (in the slug, from the trim's edge outwards) and print nothing a reader sees."""
    left, bottom, right, top = page.trim
    sheet_top = page.bbox[1] + page.media[3] - top  # the trim box in the reader's
    sheet_bottom = page.bbox[1] + page.media[3] - bottom  # top-down coordinates
    return (
        drawn["x1"] > left
        and drawn["x0"] < right
        and drawn["bottom"] > sheet_top
        and drawn["top"] < sheet_bottom
    )


def _opens_article(page, body_size: float) -> bool:
    """Whether an article's headline (three times the body size or more) stands on the page."""
    return any(c["size"] >= 3 * body_size for c in page.chars if not c["text"].isspace())
