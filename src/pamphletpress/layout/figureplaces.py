"""A figure never leaves a hole: where one did not fit at the foot of a column
and went to the next column's top, the text after it moves up into the hole.

The layout (:func:`pamphletpress.layout.laidout.figure_hole`) says where in the text
after the figure it should stand; :func:`moved` puts it there in the print
page's HTML — between two blocks, or between two lines of a composed
paragraph, which is cut in two — and the page is laid out again. As a
newspaper does: the text runs on under the photo at the top of the column.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout.columnends import MEND, MEND_FIRST, MEND_LINES

#: The attribute numbering the figures in the columns.
FIGURE = "data-figure"
#: Set on the rest of a block cut in two (a paragraph, a list, an item), so that
#: the halves join again where they come together (:mod:`pamphletpress.layout.released`).
REST = "data-rest"


@dataclass(frozen=True)
class FigureMove:
    """Figure ``figure`` goes after its ``siblings``-th following block, or
    after line ``line`` of that block (a composed paragraph) when given."""

    figure: str
    siblings: int
    line: int | None


def number_figures(root: etree._Element) -> None:
    """Number the figures that stand in a run of columns (they may move)."""
    figures = root.xpath("//div[@class='columns']/figure")
    for number, figure in enumerate(figures, 1):
        figure.set(FIGURE, str(number))


def moved(page: str, move: FigureMove) -> str:
    """The print page's HTML with the figure moved as ``move`` says."""
    root = lxml_html.document_fromstring(page)
    figure = root.xpath(f"//figure[@{FIGURE}='{move.figure}']")[0]
    target = figure
    for _ in range(move.siblings):
        target = target.getnext()
    figure.attrib.pop(FIGURE)  # it moves once
    parent = figure.getparent()
    parent.remove(figure)
    if move.line is None:
        target.addnext(figure)
    else:
        rest = cut_after_line(target, move.line)
        target.addnext(figure)
        figure.addnext(rest)
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def cut_after_line(target: etree._Element, line: int) -> etree._Element:
    """Cut a composed paragraph (or a list's item) after its line ``line``: the lines
    after it leave ``target`` for the returned paragraph (item), still mended as
    one where it was."""
    rest = etree.Element(target.tag, {"class": "continued", REST: "1"})
    lines = list(target)
    for kept in lines[line + 1 :]:
        rest.append(kept)
    first = int(target.get(MEND_FIRST, 0))
    if target.get(MEND):  # still mended as one paragraph: numbered across the cut
        rest.set(MEND, target.get(MEND))
        rest.set(MEND_FIRST, str(first + line + 1))
        for half in (target, rest):
            half.set(MEND_LINES, target.get(MEND_LINES) or str(len(lines)))
    return rest
