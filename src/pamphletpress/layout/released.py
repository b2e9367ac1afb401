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


def held_blocks(page: str) -> list[str]:
    """The numbers of the blocks held on a later page in the print page's HTML."""
    root = lxml_html.document_fromstring(page)
    return [block.get(HELD) for block in root.xpath(f"//*[@{HELD}]")]


def released(page: str) -> str:
    """The print page's HTML with every held block back after what it stood after
    when it was first sent on."""
    root = lxml_html.document_fromstring(page)
    for block in root.xpath(f"//*[@{HELD}]"):
        name = block.get(HELD)
        anchor = next(
            (found for found in root.xpath(f"//*[@{ANCHOR}]") if name in found.get(ANCHOR).split()),
            None,
        )
        _unmark(block, anchor, name)
        if anchor is None or anchor is block:
            continue
        article = block.getparent()
        _take_out(block)
        _join_rests(article)
        _put_after(anchor, block)
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _unmark(block: etree._Element, anchor: etree._Element | None, name: str) -> None:
    """The block free to move again as it was first: numbered, neither held nor moved."""
    block.set(FLOAT, name)
    for attribute in (HELD, MOVED):
        block.attrib.pop(attribute, None)
    if anchor is not None:
        rest = [each for each in anchor.get(ANCHOR).split() if each != name]
        if rest:
            anchor.set(ANCHOR, " ".join(rest))
        else:
            anchor.attrib.pop(ANCHOR)


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
