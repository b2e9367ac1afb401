"""Laying out again from the page a change starts on, the pages before it kept.

The build lays a document out many times over, each time with one change: a
paragraph of the last columns set a line looser, a block moved by a paragraph
(:mod:`pamphletpress.layout.lastcolumns`). The pages before the one the change
starts on come out as they did. WeasyPrint itself keeps, for every page, where its
content resumes and the counters' state (``context.page_maker``), and re-makes only
the pages whose content changed when page counters ask for a second pass; this
module hands a new layout of a changed document that state, and the laid-out pages
before the change, so WeasyPrint starts at the changed page.

A layout is kept as a :class:`Resumable`: its HTML tree, WeasyPrint's page makers
and its pages as WeasyPrint made them (before their running heads), and where a
page carried footnotes or a broken float over to the next (a page that starts with
those is not a place to start from). :func:`start_page` finds where a new HTML
differs from the old one first and the page that element starts on; one page
earlier where that element opens the page (the page before may have kept lines or
a heading with it).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

#: Elements whose text and attributes lay nothing out (a build's figures in ``<meta>``).
METADATA = frozenset({"meta", "title"})
#: Where a layout keeps its :class:`Resumable` (an attribute of WeasyPrint's Document).
KEPT = "_pamphletpress_resumable"


@dataclass
class Resumable:
    """What a layout leaves for the next layout to start from one of its pages."""

    tree: object  # the HTML's etree root, as WeasyPrint parsed it
    page_makers: list = field(default_factory=list)  # WeasyPrint's context.page_maker
    raw_pages: list = field(default_factory=list)  # the page boxes before margin boxes
    carried: list[bool] = field(default_factory=list)  # page i starts with notes or floats carried


@dataclass
class Apart:
    """A layout's pages as WeasyPrint made them, copied apart from what later changes
    the layout's own (lines mended in place), to be taken over by a layout of a later
    build (``watch``): the ``pages`` :func:`start_page` reads, and the layout's
    :class:`Resumable`."""

    pages: list


@dataclass
class _Page:
    _page_box: object


def kept_apart(document) -> Apart | None:
    """``document``'s pages and page makers, copied (None: it keeps none)."""
    kept = getattr(document, KEPT, None)
    if kept is None or not kept.raw_pages:
        return None
    raw = [_moved(page, {}) for page in kept.raw_pages]
    apart = Apart([_Page(page) for page in raw])
    setattr(apart, KEPT, Resumable(kept.tree, kept.page_makers, raw, kept.carried))
    return apart


def recording(original: Callable, kept: Resumable, since=None) -> Callable:
    """WeasyPrint's ``make_all_pages`` for one render: it keeps what the next render
    needs in ``kept`` and, given the earlier layout ``since`` (WeasyPrint's Document),
    begins at the page :func:`start_page` finds, the pages before it taken over."""
    from weasyprint.layout.page import set_page_type_computed_styles

    def make_all_pages(context, root_box, html, pages) -> Iterator:
        kept.tree = html.etree_element
        earlier = getattr(since, KEPT, None)
        start, first = (
            start_page(earlier, since.pages, kept.tree) if not pages and earlier else (0, 0)
        )
        carried = [False]
        if start:
            makers = earlier.page_makers
            context.page_maker = [_fresh(item, False) for item in makers[:start]]
            context.page_maker.append(_fresh(makers[start], True))
            # the pages taken over stand for this tree's elements, as the new ones do
            # (a paragraph going on from one page to the next is one element)
            same = dict(zip(list(earlier.tree.iter())[:first], kept.tree.iter(), strict=False))
            pages = [_moved(page, same) for page in earlier.raw_pages[:start]]
            carried = list(earlier.carried[: start + 1])
        raw = []
        for page in pages:  # the page's styles (its running heads'), in this layout's styles
            set_page_type_computed_styles(page.page_type, html, context.style_for)
        for index, page in enumerate(original(context, root_box, html, pages)):
            raw.append(_copied(page))
            if index + 1 >= len(carried):
                carried.append(bool(context.reported_footnotes or context.broken_out_of_flow))
            yield page
        kept.raw_pages = raw
        kept.carried = carried[: len(raw) + 1]
        kept.page_makers = context.page_maker

    return make_all_pages


def _copied(page):
    """A page box as WeasyPrint made it, apart from the one its layout goes on to
    give running heads (which sets the page's and its root's children anew)."""
    root, *areas = page.children
    root_copy = copy.copy(root)
    root_copy.children = list(root.children)
    page_copy = copy.copy(page)
    page_copy.children = [root_copy, *areas]
    return page_copy


def _moved(box, elements: dict):
    """A copy of a laid-out box and all in it, standing for ``elements``' new
    elements in place of the old."""
    copied = box.copy()
    element = getattr(box, "element", None)
    if element is not None:
        copied.element = elements.get(element, element)
    children = getattr(box, "children", None)
    if children:
        moved = [_moved(child, elements) for child in children]
        copied.children = moved if isinstance(children, list) else tuple(moved)
    return copied


def _fresh(item: tuple, changed: bool) -> tuple:
    """A page maker of an earlier layout, its page to be made again or not."""
    resume_at, next_page, right_page, page_state, _ = item
    state = {
        "content_changed": changed,
        "pages_wanted": False,
        "anchors": [],
        "content_lookups": [],
    }
    return resume_at, next_page, right_page, page_state, state


def start_page(since: Resumable | None, pages: list, tree) -> tuple[int, int]:
    """Where a layout of ``tree`` may start from the earlier layout ``since`` (its
    ``pages``, WeasyPrint's Page objects), and the place in document order of the
    first element that differs: the page that element starts on (0: from the start).

    A page whose content a change may pull back is laid out again too: the page
    before, where the page opens with the changed element, or with a block it is
    in that starts there (a column run that went to the next page whole, its
    columns too long to balance at the foot, may fit there once changed); and so on
    back, while each page opens so."""
    if since is None or not since.raw_pages or len(since.page_makers) < len(since.raw_pages):
        return 0, 0
    order = list(since.tree.iter())
    first = _first_difference(order, list(tree.iter()))
    if first is None:
        first = len(order)  # the same HTML: the last page is laid out again
    index = {element: number for number, element in enumerate(order)}
    enclosing = _enclosing(order, index, min(first, len(order) - 1))
    seen = [_seen(page, index, enclosing) for page in pages]
    page = next((n for n, each in enumerate(seen) if each.last >= first), len(pages) - 1)
    while page > 0 and _opens(seen, page, first, enclosing):
        page -= 1
    while page > 0 and since.carried[page]:
        page -= 1
    return max(page, 0), first


@dataclass
class _Seen:
    """What a page holds, by places in document order: its first text or picture
    (-1: none), the furthest element it has a box of, and which of the blocks
    around the change it has a box of."""

    lead: int
    last: int
    blocks: set[int]


def _seen(page, index: dict, enclosing: dict[int, int]) -> _Seen:
    from weasyprint.formatting_structure import boxes

    leaves = (boxes.TextBox, boxes.ReplacedBox)
    lead, last, blocks = -1, -1, set()
    for box in _content(page._page_box):
        position = index.get(getattr(box, "element", None))
        if position is None:
            continue
        last = max(last, position)
        if position in enclosing:
            blocks.add(position)
        if lead < 0 and isinstance(box, leaves):
            lead = position
    return _Seen(lead, last, blocks)


def _enclosing(order: list, index: dict, place: int) -> dict[int, int]:
    """The element at ``place`` and the elements around it, each by its place in
    document order (``index``), with the place of its last descendant."""
    parents = {child: parent for parent in order for child in parent}
    spans = {}
    element = order[place] if order else None
    while element is not None:
        start = index[element]
        spans[start] = start + sum(1 for _ in element.iter()) - 1
        element = parents.get(element)
    return spans


def _opens(seen: list[_Seen], page: int, first: int, enclosing: dict[int, int]) -> bool:
    """Whether ``page`` opens with the changed element (or what follows it), or with a
    block around it that starts on that page."""
    lead = seen[page].lead
    if lead < 0 or lead >= first:
        return True
    return any(
        start <= lead <= end and all(start not in each.blocks for each in seen[:page])
        for start, end in enclosing.items()
        if start in seen[page].blocks
    )


def _content(page_box) -> Iterator:
    """The page's boxes in document order, its running heads left out."""
    from weasyprint.formatting_structure import boxes

    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from child.descendants()


def _first_difference(old: list, new: list) -> int | None:
    """The position, in document order, of the first element that differs in its
    name, attributes, text or the text after it (the head's metadata, which lays
    nothing out, aside)."""
    for number, (a, b) in enumerate(zip(old, new, strict=False)):
        if a.tag == b.tag and a.tag in METADATA:
            continue
        if a.tag != b.tag or a.text != b.text or a.tail != b.tail or a.attrib != b.attrib:
            return number
    return None if len(old) == len(new) else min(len(old), len(new))
