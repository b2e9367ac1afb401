"""Jumps: an article cut at a page's foot, ``Lees verder op pagina N`` there, the rest after.

The cut falls mid-paragraph, never after a hyphenated line, a paragraph's last
line or an intertitle (newsroom practice), at least two lines of the paragraph
on each side; or between two items of a list. The lead is cut into page 1's
columns (:func:`fill_front`); an inside article that runs over its page's foot
is cut there (:func:`split_article`) and its rest opens the next page as a
continuation with ``Vervolg van pagina M`` and its headline, short. Every page
number in a jump line is a ``target-counter`` of the other end's anchor: right
by construction.
"""

from __future__ import annotations

from lxml import etree

from pamphletpress.layout.columnends import MEND, MEND_FIRST, MEND_LINES

MIN_LINES = 3  # body lines below a headline or an intertitle, in each column


def fill_front(root, rows: int) -> None:
    """The lead's first lines into page 1's columns, above the jump line, cut where a
    jump may fall."""
    front = root.get_element_by_id("front-body")
    continuation = root.get_element_by_id("cont-1")
    jump = front.find("p[@class='jump-out']")
    blocks = [b for b in continuation if b.get("class") not in ("jump-head", "article-end")]
    taken, _whole = _taken(blocks, 2 * rows + 1)
    if not taken:  # the lead opens with a picture, a box or a list: no cut, no jump
        _whole_lead(front, continuation, blocks)
        return
    _move(taken, jump)
    for block in blocks:
        if "columns" in (block.get("class") or "") and not len(block):
            block.getparent().remove(block)


def split_article(article, rows: int, fewer: int = 0) -> bool:
    """Cut ``article`` after ``rows`` lines a column (its jump line in the last row), or
    ``fewer`` lines before that (its first part ran over):
    the first part ends with ``Lees verder op pagina N``, the rest follows as a
    continuation that opens the next page. False when no cut may fall there (the
    article fits, or a picture, list or table stands where it would fall), or when
    the cut would leave fewer than ``MIN_LINES`` body lines in a column above the
    jump line (its headline stranded at the page's foot)."""
    body = article.getparent()
    ident = article.get("id")
    blocks = [b for b in article if b.tag != "header" and b.get("class") != "article-end"]
    deferred: list = []  # a picture or table where the cut would fall: after the jump
    taken, whole = _taken(blocks, 2 * rows - 1 - fewer, deferred)
    if deferred and (not taken or taken[-1][1] is None):  # no text would follow the jump
        deferred = []
        taken, whole = _taken(blocks, 2 * rows - 1 - fewer)
    if not taken or whole or _body_lines(taken) < 2 * MIN_LINES + 1:
        return False  # a headline over a line or two a column and a jump: stranded
    first_columns = next(b for b in blocks if "columns" in (b.get("class") or ""))
    front = copy_shell(first_columns)
    front.text = None
    first_columns.attrib.pop("id", None)
    article.insert(list(article).index(first_columns), front)
    line = etree.SubElement(front, "p", {"class": "jump-out", "id": f"jump-{ident}"})
    line.text = body.get("data-jump-out", "Continued on page") + " "
    etree.SubElement(line, "a", {"class": "page-ref", "href": f"#cont-{ident}"})
    _move(taken, line)
    after = taken[-1][0]  # the cut paragraph's (or list's) rest, where the deferred follow
    outer = after.getparent()  # and its run of columns, where a box across them follows
    for blocker in deferred:
        if blocker.getparent() is article:
            outer.addnext(blocker)
            outer = blocker
        else:
            after.addnext(blocker)
            after = blocker
    rest = etree.Element("article", {"class": "article continuation new-page"})
    rest.set("id", f"cont-{ident}")
    rest.set("data-of", ident)
    head = etree.SubElement(rest, "header", {"class": "jump-head"})
    section = article.get("data-section")
    if section:
        rest.set("data-section", section)
        head.set("data-section", section)
    said = etree.SubElement(head, "p", {"class": "jump-in"})
    said.text = body.get("data-jump-in", "Continued from page") + " "
    etree.SubElement(said, "a", {"class": "page-ref", "href": f"#jump-{ident}"})
    title = etree.SubElement(head, "h2", {"class": "jump-title"})
    title.text = article.get("data-short-title", "")
    for block in list(article):
        if block is front or block.tag == "header":
            continue
        if "columns" in (block.get("class") or "") and not len(block):
            article.remove(block)
            continue
        rest.append(block)
    article.addnext(rest)
    return True


def _taken(blocks: list, budget: int, deferred: list | None = None) -> tuple[list, bool]:
    """What of ``blocks`` goes before the jump: (element, lines of it or None for all);
    and whether that was all of them (the article fits: no jump). With ``deferred``, a
    picture, table or box the text would stop at is passed over, into that list (to
    follow the jump), and the text after it taken instead."""
    taken: list = []
    for block in blocks:
        if "columns" not in (block.get("class") or ""):
            if deferred is not None and taken:
                deferred.append(block)  # a box across the columns: it follows the jump
                continue
            break
        budget = _take(list(block), budget, taken, deferred)
        if budget <= 0 or len(taken) and taken[-1][1] is not None:
            break
    columns_only = all("columns" in (block.get("class") or "") for block in blocks)
    whole = (
        columns_only
        and len(taken) == sum(len(block) for block in blocks)
        and all(lines is None for _element, lines in taken)
    )
    _settle(taken)
    return taken, whole


def _body_lines(taken: list) -> int:
    """Body lines (paragraphs' and list items') of what goes before the jump."""
    count = 0
    for element, lines in taken:
        if lines is not None:
            count += lines if element.tag == "p" else sum(len(i) for i in element[:lines])
        elif element.tag in ("ul", "ol"):
            count += sum(len(item) for item in element)
        else:
            count += len(composed_lines(element) or ())
    return count


def _move(taken: list, before) -> None:
    """The taken blocks (a paragraph's first lines, or a list's first items, of the last)
    in place before ``before``."""
    for element, lines in taken:
        if lines is None:
            before.addprevious(element)
            continue
        spans = list(element)
        first = copy_shell(element)
        for span in spans[:lines]:
            first.append(span)
        before.addprevious(first)
        element.set("class", (element.get("class") or "") + " continued")
        if element.tag == "ol":  # the items after the jump keep their numbers
            element.set("start", str(int(element.get("start", 1)) + lines))
        if element.get(MEND):
            element.set(MEND_FIRST, str(int(element.get(MEND_FIRST, 0)) + lines))
            for half in (first, element):
                half.set(MEND_LINES, element.get(MEND_LINES) or str(len(spans)))


def _whole_lead(front, continuation, blocks: list) -> None:
    """The lead in one piece on page 1 (and on after it): its blocks in its own article,
    the jump line and the continuation gone."""
    lead = front.getparent()
    for block in blocks:
        lead.append(block)
    for end in continuation.iter("div"):
        if end.get("class") == "article-end":
            lead.append(end)
    lead.remove(front)
    continuation.getparent().remove(continuation)
    section = lead.getparent()
    section.set("class", section.get("class", "") + " whole-lead")  # the next follows on
    for ref in lead.getroottree().iter("a"):
        if ref.get("href") in ("#jump-1", "#cont-1"):
            ref.getparent().remove(ref)


def copy_shell(element) -> etree._Element:
    """An empty element with ``element``'s tag and attributes."""
    shell = etree.Element(element.tag, dict(element.attrib))
    shell.text = element.text
    return shell


def composed_lines(element) -> list | None:
    """A composed paragraph's line blocks, or None for anything else."""
    spans = list(element)
    if element.tag != "p" or not spans or element.text and element.text.strip():
        return None
    if all("line" in (s.get("class") or "").split() for s in spans):
        return spans
    return None


def _take(children: list, budget: int, taken: list, deferred: list | None = None) -> int:
    """Whole blocks of one run of columns while they fit, the last in part; the budget left
    (a picture or table passed over into ``deferred``, when given)."""
    for element in children:
        if element.tag in ("h2", "h3", "h4"):
            if budget < 2 + MIN_LINES:
                return 0
            taken.append((element, None))
            budget -= 2
            continue
        items = _list_items(element)
        if items is not None:  # a list of composed items: whole, or cut between two items
            depth = sum(len(item) for item in items) + 1  # its space around, a line
            if depth <= budget:
                taken.append((element, None))
                budget -= depth
                continue
            fits, room = 0, budget - 1
            while fits < len(items) - 1 and len(items[fits]) <= room:
                room -= len(items[fits])
                fits += 1
            if fits:
                taken.append((element, fits))
            return 0
        lines = composed_lines(element)
        if lines is None and deferred is not None and taken:
            deferred.append(element)  # a figure or table: it follows the jump
            continue
        if lines is None:
            return 0  # a figure or table: the jump falls before it
        if len(lines) <= budget:
            taken.append((element, None))
            budget -= len(lines)
            continue
        cut = _cut(lines, budget)
        if cut:
            taken.append((element, cut))
        return 0
    return budget


def _list_items(element) -> list[list] | None:
    """A list's items' line blocks, when every item is a composed one; else None."""
    if element.tag not in ("ul", "ol") or not len(element):
        return None
    items = []
    for item in element:
        spans = list(item)
        if item.tag != "li" or not spans:
            return None
        if not all("line" in (span.get("class") or "").split() for span in spans):
            return None
        items.append(spans)
    return items


def _cut(lines: list, budget: int) -> int:
    """Lines of a paragraph before the jump: at least two on each side, the last a
    whole word (not hyphenated)."""
    for count in range(min(budget, len(lines) - 2), 1, -1):
        if "hyphenated" not in (lines[count - 1].get("class") or "").split():
            return count
    return 0


def _settle(taken: list) -> None:
    """The jump falls mid-paragraph: a last paragraph taken whole gives its last lines
    back; an intertitle is never the last thing before the jump."""
    while taken and taken[-1][0].tag in ("h2", "h3", "h4"):
        taken.pop()
    if not taken or taken[-1][1] is not None:
        return
    element = taken[-1][0]
    lines = composed_lines(element)
    cut = _cut(lines, len(lines) - 1) if lines else 0
    if cut:
        taken[-1] = (element, cut)
