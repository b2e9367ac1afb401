"""A block across the columns sent on to a later page let back where it was written,
once the page before it has changed (a picture set smaller to take the last page
back, a block nudged a paragraph up or down) and it may fit there now.

Text that moves up before a block that went on to the next page
(:mod:`pamphletpress.layout.floats`) keeps it there: the next layout finds no
hole to fill, so it never tries the page as it would stand with the block back.
:func:`pamphletpress.layout.floats.moved_float` marks such a block
(:data:`~pamphletpress.layout.floats.HELD`) and what it stood after
(:data:`~pamphletpress.layout.floats.ANCHOR`); :func:`released` puts it back
there in the print page's HTML, the runs of columns it stood between joined
again and the blocks a move cut in two made whole. The caller lays the page out
again, moves text before the block anew where it still goes on, and keeps
whichever pages are better.
"""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout.figureplaces import REST
from pamphletpress.layout.floats import ANCHOR, FLOAT, HELD, MOVED

COLUMNS = "columns"


def released(page: str) -> str | None:
    """The print page's HTML with every held block back after what it stood after
    when it was first sent on, where that is still between the blocks across the
    columns on either side of it (they never change places); None when none is."""
    root = lxml_html.document_fromstring(page)
    freed = False
    for block in root.xpath(f"//*[@{HELD}]"):
        name = block.get(HELD)
        anchor = next(
            (found for found in root.xpath(f"//*[@{ANCHOR}]") if name in found.get(ANCHOR).split()),
            None,
        )
        if anchor is None or not _between_neighbours(anchor, block):
            continue  # (text moved past another block since: the blocks keep their order)
        _unmark(block, anchor, name)
        article = block.getparent()
        _take_out(block)
        _join_rests(article)
        _put_after(anchor, block)
        freed = True
    if not freed:
        return None
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _unmark(block: etree._Element, anchor: etree._Element, name: str) -> None:
    """The block free to move again as it was first: numbered, neither held nor
    moved, and no more anchored."""
    block.set(FLOAT, name)
    for attribute in (HELD, MOVED):
        block.attrib.pop(attribute, None)
    rest = [each for each in anchor.get(ANCHOR).split() if each != name]
    if rest:
        anchor.set(ANCHOR, " ".join(rest))
    else:
        anchor.attrib.pop(ANCHOR)


def _between_neighbours(anchor: etree._Element, block: etree._Element) -> bool:
    """Whether ``anchor`` stands between the blocks across the columns on either
    side of ``block``: put back there, it keeps its place among them."""
    article = block.getparent()
    holder = anchor if anchor.getparent() is article else anchor.getparent()
    if holder is None or holder.getparent() is not article or holder is block:
        return False
    children = list(article)
    low, high = sorted((children.index(holder), children.index(block)))
    return all(_is_run(child) for child in children[low + 1 : high])


def _take_out(block: etree._Element) -> None:
    """``block`` out of its article, the runs of columns on either side one again."""
    before, after = block.getprevious(), block.getnext()
    block.getparent().remove(block)
    if _is_run(before) and _is_run(after):
        for child in list(after):
            before.append(child)
        after.getparent().remove(after)


def _put_after(anchor: etree._Element, block: etree._Element) -> None:
    """``block`` right after ``anchor``: a run of columns holding it is cut there."""
    run = anchor.getparent()
    if not _is_run(run):
        anchor.addnext(block)
        return
    following = list(run)[list(run).index(anchor) + 1 :]
    run.addnext(block)
    if following:
        rest = etree.Element("div", {"class": COLUMNS})
        for child in following:
            rest.append(child)
        block.addnext(rest)


def _join_rests(parent: etree._Element) -> None:
    """Every block cut in two whose halves stand together again in a run made one
    (the rest's lines or items appended to the first half), nested lists' items too."""
    for run in [child for child in parent if _is_run(child)]:
        _join_siblings(run)


def _join_siblings(parent: etree._Element) -> None:
    """Each rest among ``parent``'s children appended to the child before it, its
    first half (the anchors either carried kept)."""
    index = 1
    while index < len(parent):
        first, rest = parent[index - 1], parent[index]
        if not (rest.get(REST) and rest.tag == first.tag):
            index += 1
            continue
        tokens = " ".join(filter(None, (first.get(ANCHOR), rest.get(ANCHOR))))
        for child in list(rest):
            first.append(child)
        if tokens:
            first.set(ANCHOR, tokens)
        parent.remove(rest)
        if first.tag in ("ul", "ol"):
            _join_siblings(first)


def _is_run(element: etree._Element | None) -> bool:
    return element is not None and element.get("class") == COLUMNS
