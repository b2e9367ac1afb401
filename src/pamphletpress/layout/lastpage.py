"""A last page of a few lines taken back: a picture across the columns above the
text that runs on to it set a little smaller, as a make-up editor saves a page.

Where the article's text runs over onto a page of its own by a few lines, the
printer charges a page and the reader turns it for nothing. The paragraphs can
seldom be set a line tighter (the composer keeps its word spaces), but a picture
across both columns gives two lines of text for each line of its height it
gives up (an intertitle kept with its lines on the way may take one).
:func:`shrinking` finds such a last page on the laid-out pages (it holds
only the run of columns flowing on from the pages before, :data:`FEW` lines or
fewer) and the tallest picture across the columns standing above that run where
it begins, and says how much smaller it would take the lines back (as many
lines of its height as the page holds, :data:`SMALLER` of it at most);
:func:`shrunk` sets it so in the print page's HTML. The caller keeps it only
where the page went.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout.floats import _article, body_leading
from pamphletpress.layout.laidout import _classes, _collect_leaves, _columns

#: Lines a last page may hold at most to be taken back: more is a page's text.
FEW = 5
#: The most a picture is set smaller, of its height (and so of its width).
SMALLER = 0.15
#: A width in the print page's style (a picture's ``width: 125.7mm``, or in pt; its
#: caption's ``max-width``).
WIDTH = re.compile(r"(?<![\w-])(max-)?width:\s*[\d.]+(?:mm|pt)\s*;?")
#: CSS px in a millimetre.
PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Shrink:
    """The picture across the columns (its ``src``, and the manuscript's line it was
    written on) set ``width`` mm wide, to take back the ``lines`` lines of the last page;
    its caption as wide, or as its longest line where that is wider."""

    src: str
    line: str | None
    width: float
    lines: int
    #: Its caption's longest line (mm): the caption goes no narrower (its lines are set).
    caption: float = 0.0


def shrinking(rendered) -> Shrink | None:
    """How to take a last page of a few lines back by a picture set smaller, or None
    (no such page, no picture above the run that flows on to it, or more than
    :data:`SMALLER` of its height needed)."""
    pages = rendered.pages
    leading = body_leading(rendered)
    lines = _last_page_lines(rendered, leading) if leading is not None else 0
    if not lines:
        return None
    run = _article(pages[-1]._page_box, 0).children[0]
    for page in reversed(pages[:-1]):
        article = _article(page._page_box, -1)
        if article is None or article.children[-1].element is not run.element:
            return None
        if len(article.children) > 1:  # the run begins on this page, under blocks
            pictures = [child for child in article.children[:-1] if _is_picture(child)]
            if not pictures:
                return None
            picture = max(pictures, key=lambda child: _image(child).height)
            image = _image(picture)
            # a line of its height for each line to take back: each gives both
            # columns a line, and an intertitle kept with its lines on the way may
            # take some (a pixel more, that the grid does not round it back up)
            need = lines * leading + 1
            if need > SMALLER * image.height:
                return None
            width = image.width * (1 - need / image.height) / PX_PER_MM
            element = image.element
            caption = _longest_line(picture) / PX_PER_MM
            return Shrink(
                element.get("src"), element.get("data-line"), round(width, 1), lines,
                math.ceil(caption * 10) / 10,
            )  # fmt: skip
    return None


def _last_page_lines(rendered, leading: float) -> int:
    """The lines on the last page, when it holds only the run of columns that flows
    on from the page before and :data:`FEW` lines or fewer of it; else 0."""
    pages = rendered.pages
    if len(pages) < 2:
        return 0
    last, before = _article(pages[-1]._page_box, 0), _article(pages[-2]._page_box, -1)
    if last is None or before is None or last.element is not before.element:
        return 0  # the last page opens an article of its own
    if len(last.children) != 1 or "columns" not in _classes(last.children[0]):
        return 0  # a block across the columns stands there
    if before.children[-1].element is not last.children[0].element:
        return 0
    lines = 0
    for column in _columns(last.children[0]):
        leaves: list = []
        _collect_leaves(column, leaves)
        lines += sum(math.ceil(leaf.margin_height() / leading - 0.1) for leaf in leaves)
    return lines if lines <= FEW else 0


def _is_picture(box) -> bool:
    """Whether ``box`` is a picture across the columns that may be set smaller."""
    return box.element_tag == "figure" and _image(box) is not None


def _image(box):
    """The figure's laid-out picture (its replaced box), if any."""
    leaves: list = []
    _collect_leaves(box, leaves)
    return next((leaf for leaf in leaves if leaf.element_tag == "img"), None)


def _longest_line(figure) -> float:
    """The widest of the figure's caption lines (px), from their glyphs' boxes."""
    from weasyprint.formatting_structure import boxes

    widest = 0.0
    for caption in figure.descendants():
        if caption.element_tag != "figcaption":
            continue
        for line in caption.descendants():
            if isinstance(line, boxes.LineBox) and line.children:
                right = max(c.position_x + c.margin_width() for c in line.children)
                widest = max(widest, right - line.position_x)
    return widest


def shrunk(page: str, shrink: Shrink) -> str:
    """The print page's HTML with the picture set ``shrink.width`` mm wide at most, and
    its caption no wider than the picture or its longest line (centred under it)."""
    root = lxml_html.document_fromstring(page)
    image = next(
        image
        for image in root.iter("img")
        if (image.get("src"), image.get("data-line")) == (shrink.src, shrink.line)
    )
    _set_width(image, "width", shrink.width)
    figure = next(image.iterancestors("figure"), None)
    for caption in figure.iter("figcaption") if figure is not None else ():
        _set_width(caption, "max-width", max(shrink.width, shrink.caption))
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _set_width(element, name: str, width_mm: float) -> None:
    """``element``'s ``name`` (``width``, ``max-width``) in its style set to
    ``width_mm``, any width it had dropped."""
    style = WIDTH.sub("", element.get("style") or "").strip().strip(";").strip()
    element.set("style", f"{style}; {name}: {width_mm}mm".lstrip("; "))
