"""The print page's running text handed to the paragraph composer: blocks, boxes, footnotes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml import etree

from pamphletpress.write.html_tree import is_blank

if TYPE_CHECKING:
    from pamphletpress.layout.columnends import Mendables


#: A function that sets a paragraph's lines itself (the paragraph composer):
#: ``composer(element, inset=None, indent=None, setting=None)``, the inset naming
#: the design's ``list`` or ``quote`` indent (or a tuple of such names), the
#: setting the text's face and measure when it is not the column's body: ``box``,
#: ``column-box`` or ``note``; False when it cannot, and the paragraph keeps
#: WeasyPrint's breaking; None when the text is not its to set (a passage in
#: another language than the article's, which WeasyPrint sets in that language).
Composer = Callable[..., bool | None]


#: Inline elements (what may stand in a line of text).
INLINE = {
    "a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "img", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
}  # fmt: skip


def compose_block(
    element: etree._Element,
    composer: Composer | None,
    mendables: Mendables | None = None,
    after: Callable[[etree._Element], None] | None = None,
) -> None:
    """Let the composer set every run of body text it can: paragraphs, list items,
    quoted paragraphs and definition lists' terms and definitions (narrower by
    the list's, quote's or definition's inset). Each is
    remembered in ``mendables`` as it was, for mending a column end after layout
    (``after`` is what is done to it once composed)."""
    if composer is None:
        return
    from pamphletpress.compose.paragraph import is_indented

    def compose(run: etree._Element, inset: str | None = None, indent: bool | None = None):
        if indent is None:
            indent = is_indented(run)
        original = copy.deepcopy(run) if mendables is not None else None
        if composer(run, inset, indent) and mendables is not None:
            mendables.register(run, original, inset, indent, composer, after or _nothing)

    if element.tag == "p" and not element.get("class"):
        compose(element)
    elif element.tag in ("ul", "ol"):
        _compose_list(element, compose, composer, (_list_inset(element),))
    elif element.tag == "blockquote":
        for paragraph in element.findall("p"):
            compose(paragraph, "quote", False)
    elif element.tag == "dl":
        for entry in element:
            if entry.tag not in ("dt", "dd"):
                continue
            inset = "definition" if entry.tag == "dd" else None
            paragraphs = entry.findall("p")
            if paragraphs and len(paragraphs) == len(entry):
                for paragraph in paragraphs:
                    compose(paragraph, inset, False)
            elif not len(entry) or all(child.tag in INLINE for child in entry):
                compose(entry, inset, False)
    for aside in element.iter("aside"):  # a box in a list or quotation: in the column
        insets = _insets_in_column(aside, element)
        if "box" in (aside.get("class") or "").split() and insets is not None:
            compose_box(aside, composer, "column-box", insets)


def _compose_list(
    listing: etree._Element, compose: Callable, composer: Composer, insets: tuple[str, ...]
) -> None:
    """A list's items in the column, each level of nesting narrower by ``--list-indent``:
    an item's paragraphs, or its text as one run; the text before a nested
    list as a paragraph of its own (as in a box), the nested list inside it."""
    inset = insets[0] if len(insets) == 1 else insets
    for item in listing.findall("li"):
        paragraphs = item.findall("p")
        boxes = item.findall("aside")  # set below, as a box in the column
        blocks = [child for child in item if child.tag not in INLINE]
        if paragraphs and len(paragraphs) + len(boxes) == len(item):
            for paragraph in paragraphs:
                compose(paragraph, inset, False)
        elif not len(item) or all(child.tag in INLINE for child in item):
            compose(item, inset, False)
        elif (
            all(block.tag in ("p", "ul", "ol") and is_blank(block.tail) for block in blocks)
            and item.index(blocks[0]) + len(blocks) == len(item)  # no text between blocks
        ):
            _compose_lead(item, blocks[0], composer, inset, None)
            for block in blocks:
                if block.tag == "p":
                    compose(block, inset, False)
                else:
                    _compose_list(block, compose, composer, (*insets, _list_inset(block)))


def _list_inset(listing: etree._Element) -> str:
    """The inset a list's items stand in: ``wide-list`` for one whose markers are
    long (read/fancy_lists.py's class; print.css indents it further), else ``list``."""
    return "wide-list" if "long-markers" in (listing.get("class") or "").split() else "list"


def _insets_in_column(element: etree._Element, top: etree._Element) -> tuple[str, ...] | None:
    """The column's insets ``element`` stands in, outermost first: a list's or
    a quotation's (the stylesheet's ``--list-indent``, ``--quote-indent``);
    None inside another box, whose padding no setting knows."""
    insets = []
    for ancestor in element.iterancestors():
        if ancestor.tag in ("ul", "ol"):
            insets.append(_list_inset(ancestor))
        elif ancestor.tag == "blockquote":
            insets.append("quote")
        elif ancestor.tag == "aside":
            return None
        if ancestor is top:
            break
    return tuple(reversed(insets))


def where_in_column(table: etree._Element, top: etree._Element):
    """Where a table inside a block of the column stands: ``(setting, within)``,
    a box in the column (``column-box``) or None, and the lists', quotes' and
    definitions' insets around it (print.css's indents, the composer's names; in a
    box, a list's is the bullets' hang); None where no setting knows its measure
    (in a table or a figure, in a definition inside a box)."""
    within: list[str] = []
    for ancestor in table.iterancestors():
        if ancestor.tag in ("table", "figure"):
            return None
        if ancestor.tag == "aside":
            if "box" not in (ancestor.get("class") or "").split():
                return None
            inside = box_insets(table, ancestor)
            return None if inside is None else ("column-box", (*within, *inside))
        if ancestor.tag in ("ul", "ol"):
            within.append(_list_inset(ancestor))
        elif ancestor.tag == "blockquote":
            within.append("quote")
        elif ancestor.tag == "dd":
            within.append("definition")
        if ancestor is top:
            break
    return None, tuple(within)


def box_insets(element: etree._Element, aside: etree._Element) -> tuple[str, ...] | None:
    """The insets ``element`` stands in inside a box (``aside``): a list's hang
    (print.css's ``--box-hang``, a level each), a quotation's ``box-quote``; None
    in a table, a figure, a definition or another box, which no setting measures."""
    inside: list[str] = []
    for ancestor in element.iterancestors():
        if ancestor is aside:
            return tuple(inside)
        if ancestor.tag in ("ul", "ol"):
            inside.append("hang")
        elif ancestor.tag == "blockquote":
            inside.append("box-quote")
        elif ancestor.tag in ("table", "figure", "dd", "aside"):
            return None
    return None


def compose_box(
    aside: etree._Element,
    composer: Composer | None,
    setting: str,
    insets: tuple[str, ...] = (),
) -> None:
    """Let the composer set a box's paragraphs and list items (``setting``: the box
    across the page or one in a column, inside the column's ``insets``).

    A list item's lines start where its bullet's hang ends (``hang``); an item
    whose every paragraph was set is marked ``composed``, for the stylesheet to
    hang the bullet beside its first line block. Titles, code, tables and
    figures in a box are not running text: the tables are set by the table
    setter (``print_box``), the rest stays WeasyPrint's."""
    if composer is None:
        return
    for child in aside:
        if not isinstance(child.tag, str) or "box-title" in (child.get("class") or "").split():
            continue
        if child.tag == "p":
            composer(child, insets, False, setting=setting)
        elif child.tag in ("ul", "ol"):
            _compose_box_list(child, composer, setting, insets)
        elif child.tag == "blockquote":
            for paragraph in child.findall("p"):
                composer(paragraph, (*insets, "box-quote"), False, setting=setting)


def _compose_box_list(
    listing: etree._Element, composer: Composer, setting: str, insets: tuple[str, ...]
) -> None:
    inset = (*insets, "hang")
    for item in listing.findall("li"):
        blocks = [child for child in item if child.tag not in INLINE]
        if not blocks:
            done = composer(item, inset, False, setting=setting)
        elif (
            all(block.tag in ("p", "ul", "ol") and is_blank(block.tail) for block in blocks)
            and item.index(blocks[0]) + len(blocks) == len(item)  # no text between blocks
        ):
            done = _compose_lead(item, blocks[0], composer, inset, setting)
            for block in blocks:
                if block.tag == "p":
                    done = composer(block, inset, False, setting=setting) and done
                else:
                    _compose_box_list(block, composer, setting, inset)
        elif blocks[0].tag == "p" and is_blank(item.text) and item.index(blocks[0]) == 0:
            # A table, code or a figure after its paragraph (the table setter sizes
            # the table): the paragraphs set, the bullet hung beside the first.
            done = True
            for block in blocks:
                if block.tag == "p":
                    done = composer(block, inset, False, setting=setting) and done
        else:
            continue  # text before a table, code or a figure: WeasyPrint sets it whole
        if done:
            classes = (item.get("class") or "").split()
            item.set("class", " ".join([*classes, "composed"]))


def _compose_lead(
    item: etree._Element,
    first_block: etree._Element,
    composer: Composer,
    inset: str | tuple[str, ...],
    setting: str | None,
) -> bool:
    """The text of a list item before its first block (``- Punt`` over a nested
    list), set as a paragraph of its own whose lines take its place."""
    lead = list(item)[: item.index(first_block)]
    if is_blank(item.text) and not lead:
        return True
    paragraph = etree.Element("p")
    paragraph.text = item.text
    paragraph.extend(copy.deepcopy(child) for child in lead)
    if not composer(paragraph, inset, False, setting=setting):
        return False
    item.text = None
    for child in lead:
        item.remove(child)
    for index, line in enumerate(list(paragraph)):
        item.insert(index, line)
    return True


def compose_notes(node: etree._Element, composer: Composer | None) -> None:
    """Let the composer set the footnotes' lines, at the note's size across the
    text block (the foot of the page). The note's number, which WeasyPrint
    would put in a line of its own before the line blocks, opens its first
    line instead (bold, as print.css's ``::footnote-marker``); a note that
    cannot be set keeps WeasyPrint's breaking and marker."""
    if composer is None:
        return
    for note in [s for s in node.iter("span") if s.get("class") == "footnote"]:
        number = note.get("data-call")
        if number is None:
            continue
        paragraphs = _note_paragraphs(note)
        mark = etree.Element("strong")
        mark.text = f"{number}."
        mark.tail = "\u00a0" + (paragraphs[0].text or "").lstrip()
        paragraphs[0].text = None
        paragraphs[0].insert(0, mark)
        if not all([composer(p, None, False, setting="note") for p in paragraphs]):
            continue  # (each still counted: every paragraph goes to the composer)
        tail = note.tail
        for child in list(note):
            note.remove(child)
        note.text = None
        for paragraph in paragraphs:
            note.extend(list(paragraph))
        note.tail = tail
        note.set("class", "footnote composed")


def _note_paragraphs(note: etree._Element) -> list[etree._Element]:
    """A copy of the note's content as paragraphs, split where a ``<br>`` joins its
    blocks (:func:`place_footnotes`)."""
    paragraphs = [etree.Element("p")]
    paragraphs[0].text = note.text
    for child in note:
        child = copy.deepcopy(child)
        if child.tag == "br":
            paragraphs.append(etree.Element("p"))
            paragraphs[-1].text = child.tail
            continue
        paragraphs[-1].append(child)
    return paragraphs


def _nothing(_element: etree._Element) -> None:
    pass
