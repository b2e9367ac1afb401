"""The walks over laid-out pages, for what the build decides after layout.

The images as placed, each page's first lines, the composed lines at column
ends and in place of others, and the hole a figure left at a column's foot.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass
class Placement:
    """An image as laid out: its pixels and the size it is printed at."""

    page: int  # 1-based
    src: str  # the URL WeasyPrint loaded
    line: int | None  # the manuscript line (``data-line`` on the <img>), if known
    pixels: tuple[int, int]
    size_pt: tuple[float, float]

    @property
    def ppi(self) -> float:
        """Effective resolution: pixels per inch at the printed size (the lesser axis)."""
        width, height = self.size_pt
        if width <= 0 or height <= 0:
            return float("inf")
        return min(self.pixels[0] / (width / 72), self.pixels[1] / (height / 72))


def placed_images(rendered) -> list[Placement]:
    """Every raster image on the laid-out pages, with its printed size."""
    from weasyprint.formatting_structure.boxes import ReplacedBox
    from weasyprint.images import RasterImage

    placements = []
    for number, page in enumerate(rendered.pages, 1):
        for box in page._page_box.descendants():
            if not isinstance(box, ReplacedBox) or not isinstance(box.replacement, RasterImage):
                continue
            element = box.element
            line = element.get("data-line") if element is not None else None
            placements.append(
                Placement(
                    page=number,
                    src=element.get("src", "") if element is not None else "",
                    line=int(line) if line and line.isdigit() else None,
                    pixels=(box.replacement.width, box.replacement.height),
                    size_pt=(box.width * 0.75, box.height * 0.75),
                )
            )
    return placements


def page_starts(rendered, lines: int = 16) -> list[str]:
    """The first ``lines`` lines of every laid-out page, joined as running text (the
    running footer, a margin box, left out): the EPUB's page list, known before the
    PDF is written."""
    from weasyprint.formatting_structure import boxes

    from pamphletpress.compose.hyphenation import join_lines

    def collect(box, out: list[str]) -> None:
        if len(out) >= lines:
            return
        if isinstance(box, boxes.LineBox):
            text = "".join(b.text for b in box.descendants() if isinstance(b, boxes.TextBox))
            if text.strip():
                out.append(text)
            return
        for child in getattr(box, "children", ()):
            if not isinstance(child, boxes.MarginBox):
                collect(child, out)

    starts = []
    for page in rendered.pages:
        found: list[str] = []
        collect(page._page_box, found)
        starts.append(join_lines(found))
    return starts


# ── Composed lines on the laid-out pages ──────────────────────────────────


def _classes(box) -> list[str]:
    element = box.element
    if element is None or box.element_tag is None or not isinstance(element.tag, str):
        return []
    return (element.get("class") or "").split()


def _composed_lines(box, paragraph=None, parent=None):
    """Each composed line's block: (line box, its parent box, its paragraph box),
    in layout order; the paragraph is the nearest box marked ``data-mend``."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.BlockBox) and "line" in _classes(box):
        yield box, parent, paragraph
        return
    element = box.element
    if (
        isinstance(box, boxes.BlockBox)
        and element is not None
        and box.element_tag is not None
        and element.get("data-mend")
    ):
        paragraph = box
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.MarginBox):
            yield from _composed_lines(child, paragraph, box)


def _line_number(line, paragraph) -> int:
    """The line's number in its paragraph (the whole, when a figure cut it in two)."""
    first = int(paragraph.element.get("data-mend-first", 0))
    return first + list(paragraph.element).index(line.element)


def _line_count(paragraph) -> int:
    whole = paragraph.element.get("data-mend-lines")
    if whole:
        return int(whole)
    return sum("line" in (c.get("class") or "").split() for c in paragraph.element)


def _columns(box):
    if getattr(box, "is_column", False):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _columns(child)


def hyphenated_column_ends(rendered) -> list:
    """The columns whose last line is a mendable paragraph's hyphenated line, and the
    paragraph's other column ends with them: broken again, it must not move a hyphen
    to one of those (a paragraph over three columns, the last page's balanced ones)."""
    from pamphletpress.layout.columnends import ColumnEnd

    ends, hyphenated = [], set()
    for number, page in enumerate(rendered.pages, 1):
        for column in _columns(page._page_box):
            leaves: list = []
            _collect_leaves(column, leaves)
            last = leaves[-1] if leaves else column
            for line, _parent, paragraph in _composed_lines(column):
                if line is last and paragraph is not None:
                    end = ColumnEnd(
                        paragraph.element.get("data-mend"),
                        _line_number(line, paragraph),
                        _line_count(paragraph),
                        number,
                    )
                    ends.append(end)
                    if "hyphenated" in _classes(last):
                        hyphenated.add(end.paragraph)
    return [end for end in ends if end.paragraph in hyphenated]


def replace_lines(rendered, mended, numbers: Iterable[str]) -> list[str]:
    """Put the lines of the paragraphs laid out alone in ``mended`` in place of
    the same paragraphs' lines on ``rendered``'s pages, each line where its
    predecessor stood; the paragraphs whose lines do not match are left as they
    were and returned."""
    from weasyprint.document import Page

    new: dict[tuple[str, int], object] = {}
    for page in mended.pages:
        for line, _parent, paragraph in _composed_lines(page._page_box):
            if paragraph is not None:
                key = (paragraph.element.get("data-mend"), _line_number(line, paragraph))
                new[key] = line
    places: dict[str, list] = {number: [] for number in numbers}
    for index, page in enumerate(rendered.pages):
        for line, parent, paragraph in _composed_lines(page._page_box):
            number = paragraph.element.get("data-mend") if paragraph is not None else None
            if number in places:
                places[number].append((index, line, parent, _line_number(line, paragraph)))
    failed = []
    changed: set[int] = set()
    for number, found in places.items():
        pairs = [(spot, new.get((number, spot[3]))) for spot in found]
        if not found or any(
            line is None or abs(line.margin_height() - spot[1].margin_height()) > 0.01
            for spot, line in pairs
        ):
            failed.append(number)
            continue
        for (index, old, parent, _n), line in pairs:
            line.translate(old.position_x - line.position_x, old.position_y - line.position_y)
            parent.children[parent.children.index(old)] = line
            changed.add(index)
    for index in changed:
        rendered.pages[index] = Page(rendered.pages[index]._page_box)
    return failed


def _leaves_with_blocks(column):
    """The column's leaves in order, each with the run's child it belongs to."""
    for child in column.children:
        element = child.element if child.element_tag is not None else None
        leaves: list = []
        _collect_leaves(child, leaves)
        for leaf in leaves:
            yield leaf, element


def _collect_leaves(box, out: list) -> None:
    """The blocks in ``box`` holding no block (a line, a heading, an image), in order."""
    from weasyprint.formatting_structure import boxes

    children = [c for c in getattr(box, "children", ()) if isinstance(c, boxes.Box)]
    blocks = [c for c in children if not isinstance(c, boxes.LineBox)]
    if isinstance(box, boxes.ReplacedBox) or not blocks:
        out.append(box)
        return
    for child in blocks:
        _collect_leaves(child, out)


#: Intertitles: a figure moved down the text never stands right after one.
HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def figure_hole(rendered):
    """The first figure that went to the top of a column because it did not fit
    at the foot of the one before, leaving a hole of a body line or more: where
    in the text after it the figure should stand instead, the hole then filled.
    None when there is no such figure or no place for it."""
    from pamphletpress.layout.figureplaces import FigureMove

    columns = [column for page in rendered.pages for column in _columns(page._page_box)]
    leading = next(
        (line.margin_height() for column in columns for line, _, _ in _composed_lines(column)),
        None,
    )
    if leading is None:
        return None
    for before, column in zip(columns, columns[1:]):
        if before.element is not column.element or not column.children:
            continue  # another run of columns: the figure opens it
        first = column.children[0]
        figure = first.element if first.element_tag is not None else None
        if figure is None or figure.tag != "figure" or not figure.get("data-figure"):
            continue
        leaves = list(_leaves_with_blocks(before))
        if not leaves:
            continue
        last = leaves[-1][0]
        hole = before.position_y + before.height - (last.position_y + last.margin_height())
        if hole < leading:
            continue
        move = _place_in(column, first, hole, figure)
        if move is not None:
            return FigureMove(figure.get("data-figure"), *move)
    return None


def _place_in(column, figure_box, hole: float, figure) -> tuple[int, int | None] | None:
    """After which of the column's leaves (past the figure) the figure should
    stand so that what comes before it fills ``hole``: (siblings past the
    figure, line within that sibling or None for all of it)."""
    top = figure_box.position_y + figure_box.margin_height()
    siblings = list(column.element)
    here = siblings.index(figure)
    leaves = [(leaf, block) for leaf, block in _leaves_with_blocks(column) if block is not figure]
    best = None
    for index, (leaf, block) in enumerate(leaves):
        if leaf.position_y + leaf.margin_height() - top > hole + 0.01:
            break
        if block is not None and block.tag in HEADINGS:
            continue  # never between an intertitle and its text: it moves up with its text
        if block is None or block not in siblings:
            continue
        offset = siblings.index(block) - here
        following = leaves[index + 1] if index + 1 < len(leaves) else None
        if following is None or following[1] is not block:
            best = (offset, None)  # after the whole block
            continue
        classes = set(_classes(leaf))
        after = _classes(following[0])
        # Where the column will end: not after a first line nor before a last
        # one, after a hyphen only where the paragraph is mended.
        mended = block.get("data-mend") and "held" not in classes
        if (
            "line" in classes
            and block.tag == "p"
            and leaf.element in list(block)
            and "first" not in classes
            and ("hyphenated" not in classes or mended)
            and "last" not in after
        ):
            best = (offset, list(block).index(leaf.element))
    return best
