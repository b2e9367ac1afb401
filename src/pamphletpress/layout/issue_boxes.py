"""Where things stand on an issue's laid-out pages: anchors, page feet, line boxes.

The issue layout's rounds (:mod:`.issue_pages`) decide from these readings of
WeasyPrint's page boxes; they read, never change, a page.
"""

from __future__ import annotations

from pamphletpress.layout.laidout import _columns as laid_out_columns


def anchors_of(rendered) -> dict[str, tuple[int, float]]:
    """Every anchor: the page it is on (1-based) and its height on the page (px)."""
    found: dict[str, tuple[int, float]] = {}
    for number, page in enumerate(rendered.pages, 1):
        for name, position in page.anchors.items():
            found.setdefault(name, (number, position[1]))
    return found


def page_bottom(page) -> float:
    box = page._page_box
    return box.content_box_y() + box.height


def page_room(page) -> float:
    """The room under the page's lowest line of text, to its text block's foot."""
    feet = [line.position_y + line.height for line in line_boxes(page._page_box)]
    return page_bottom(page) - max(feet, default=page_bottom(page))


def box_height(rendered, ident: str) -> tuple[float, float, float, float, float] | None:
    """The height (px) of the box ``ident`` with its margins, and its margins and its
    padding above and under it, where it is on one page."""
    for page in rendered.pages:
        for box in _boxes_of(page._page_box, (ident,)):
            return (
                box.margin_height(),
                box.margin_top,
                box.margin_bottom,
                box.padding_top,
                box.padding_bottom,
            )
    return None


def empty_lines(page, ident: str, row_px: float) -> int:
    """Lines the columns of the box ``ident`` on ``page`` leave empty above the page's
    text block foot, both columns together (a column without text: all its rows)."""
    bottom = page_bottom(page)
    empty = 0
    for box in _boxes_of(page._page_box, (ident,)):
        columns = list(laid_out_columns(box))
        for column in columns:
            feet = [line.position_y + line.height for line in line_boxes(column)]
            empty += int((bottom - max(feet, default=column.position_y)) // row_px)
    return empty


def text_foot(page, ids: tuple[str, ...]) -> float | None:
    """The foot of the last line of the article (or its continuation) ``ids`` on ``page``:
    balanced columns can end lower than their text."""
    feet = [
        line.position_y + line.height
        for box in _boxes_of(page._page_box, ids)
        for line in line_boxes(box)
    ]
    return max(feet, default=None)


def _boxes_of(box, ids: tuple[str, ...]):
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) and element.get("id") in ids:
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _boxes_of(child, ids)


def line_boxes(box):
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.LineBox):
        yield box
        return
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.MarginBox):
            yield from line_boxes(child)
