"""The (X)HTML tree both flavours build from the blocks: namespaces, figures, captions, hyphens.

The print page (``print_html.py``) and the e-book's XHTML (``xhtml.py``) start
from the same blocks: an image alone in its paragraph becomes a ``<figure>`` with
its caption, a table takes the ``Tabel: …`` paragraph beside it, and running
text gets its soft hyphens here.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from pamphletpress.compose.hyphenation import Hyphenator, passage_hyphenator
from pamphletpress.read.document import Article, Box, text_of

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"

etree.register_namespace("epub", EPUB_NS)  # epub:type, not an invented ns0:type


#: Elements whose text is never hyphenated (headings, code, the end mark).
NO_HYPHENATION = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "a"}
NO_HYPHENATION_CLASSES = {"endmark", "kicker", "byline", "headline", "box-title"}


def hyphenator_for(article: Article, cache: Path | None = None) -> Hyphenator:
    """The article's hyphenator: its language's patterns and its own exceptions."""
    return Hyphenator(article.meta.lang, article.meta.hyphenation, cache=cache)


def copies(elements: Iterable[etree._Element]) -> list[etree._Element]:
    """Deep copies: each flavour changes its own, the document's blocks stay as read."""
    return [copy.deepcopy(e) for e in elements]


def hyphenate_tree(element: etree._Element, hyphenator: Hyphenator) -> None:
    """Soft hyphens at every allowed break of the element's running text.

    Headings, code, links, the kicker, byline and end mark keep their words whole;
    a passage marked ``lang`` (the element itself, or any inside it) is hyphenated
    in its own language.
    """
    own = passage_hyphenator(hyphenator, element.get("lang"))
    _hyphenate(element, own, _allows_hyphens(element))


def _allows_hyphens(node: etree._Element) -> bool:
    """Not in headings, code, links, the end mark…, nor in lines the composer set."""
    classes = set((node.get("class") or "").split())
    return (
        node.tag not in NO_HYPHENATION
        and not classes & NO_HYPHENATION_CLASSES
        and "line" not in classes
    )


def _hyphenate(node: etree._Element, hyphenator: Hyphenator, allowed: bool) -> None:
    # No patterns for this language: its words stay whole (a passage inside may have some).
    able = allowed and (hyphenator.available or bool(hyphenator.exceptions))
    if able and node.text:
        node.text = hyphenator.hyphenate_text(node.text)
    for child in node:
        if not isinstance(child.tag, str):
            continue
        inner = passage_hyphenator(hyphenator, child.get("lang"))
        _hyphenate(child, inner, allowed and _allows_hyphens(child))
        if able and child.tail:
            child.tail = hyphenator.hyphenate_text(child.tail)


#: A caption paragraph beside a table: "Tabel 2: Uitgaven per jaar" (pandoc's ``Table:``).
TABLE_CAPTION = re.compile(r"^\s*(?:tabel|table|tabelle|tableau)\b[^:.]{0,12}[:.]\s*\S", re.I)


def with_table_captions(body: list) -> list:
    """The body with each table's caption paragraph moved into the table as ``<caption>``.

    The paragraph right before a table, else right after it, counts when it starts
    with "Tabel …:" (or Table, Tabelle, Tableau); its text is kept as written."""
    blocks = [b if isinstance(b, Box) else copy.deepcopy(b) for b in body]
    index = 0
    while index < len(blocks):
        table = blocks[index]
        if isinstance(table, Box) or table.tag != "table" or table.find("caption") is not None:
            index += 1
            continue
        for neighbour in (index - 1, index + 1):
            paragraph = blocks[neighbour] if 0 <= neighbour < len(blocks) else None
            if (
                paragraph is None
                or isinstance(paragraph, Box)
                or paragraph.tag != "p"
                or not TABLE_CAPTION.match(text_of(paragraph))
            ):
                continue
            caption = etree.Element("caption")
            caption.text = paragraph.text
            caption.extend(list(paragraph))
            table.insert(0, caption)
            del blocks[neighbour]
            if neighbour < index:
                index -= 1
            break
        _scope_headers(table)
        index += 1
    return blocks


def with_figure_captions(blocks: list) -> list:
    """An image alone in its paragraph takes the next paragraph as its caption when
    that paragraph is all emphasis (``*Overzicht van het project*``), as if both were
    one paragraph ``![…](…) *caption*``."""
    index = 0
    while index < len(blocks) - 1:
        image, after = blocks[index], blocks[index + 1]
        if (
            not isinstance(image, Box)
            and not isinstance(after, Box)
            and _image_only(image)
            and after.tag == "p"
            and len(after) == 1
            and after[0].tag in ("em", "i")
            and is_blank(after.text)
            and is_blank(after[0].tail)
        ):
            image[-1].tail = " "
            image.append(after[0])
            del blocks[index + 1]
        index += 1
    return blocks


def _image_only(element: etree._Element) -> bool:
    """A paragraph of one image, linked or not, and nothing else."""
    if element.tag != "p" or len(element) != 1 or not is_blank(element.text):
        return False
    child = element[0]
    if not is_blank(child.tail):
        return False
    if child.tag == "img":
        return True
    return child.tag == "a" and len(child) == 1 and child[0].tag == "img" and is_blank(child.text)


def _scope_headers(table: etree._Element) -> None:
    """Header cells say what they head: a column (in ``<thead>``) or a row."""
    for cell in table.iter("th"):
        if cell.get("scope") is None:
            in_head = any(a.tag == "thead" for a in cell.iterancestors())
            cell.set("scope", "col" if in_head else "row")


#: What starts a picture's credit inside its caption ("… Foto: Jan Jansen").
CREDIT = re.compile(
    r"(?:^|(?<=[.;,!?)])\s+|\s+[-–—|/]\s+|\s+(?=\())\(?"
    r"((?:foto|foto's|beeld|illustratie|afbeelding|photo|image|picture|credit|bild|"
    r"illustration|grafik)\s*:\s*.+|©.+)$",
    re.I,
)


def is_blank(text: str | None) -> bool:
    """Whether a text or tail is missing or only white space."""
    return not (text or "").strip()


def as_figure(element: etree._Element, caption_from_alt: bool = True) -> etree._Element:
    """A paragraph holding only an image (linked or not), as a ``<figure>`` with a
    ``<figcaption>``.

    The caption is an emphasised text right after the image in the same paragraph
    (``![alt](foto.jpg) *Caption, photo by …*``), else the image's title
    (``![alt](foto.jpg "Caption. Foto: Name")``), else its alt text; in a title or
    alt text a trailing "Foto: …", "Beeld: …" or "© …" is the credit. The image
    keeps its alt text: the caption is for the eye, alt for the ear (the e-book, whose
    readers hear the alt text, sets no caption copied from it: ``caption_from_alt``). A paragraph
    with an image among its text is not indented (the image would overrun)."""
    if element.tag != "p" or not len(element) or not is_blank(element.text):
        return _unindented_if_image(element)
    first, rest = element[0], list(element)[1:]
    linked = (
        first.tag == "a"
        and len(first) == 1
        and first[0].tag == "img"
        and is_blank(first.text)
        and is_blank(first[0].tail)
    )
    if first.tag != "img" and not linked:
        return _unindented_if_image(element)
    caption_element = None
    if rest:
        if not (len(rest) == 1 and rest[0].tag in ("em", "i") and is_blank(first.tail)):
            return _unindented_if_image(element)
        if not is_blank(rest[0].tail):
            return _unindented_if_image(element)
        caption_element = rest[0]
    elif not is_blank(first.tail):
        return _unindented_if_image(element)
    img = first[0] if linked else first
    figure = etree.Element("figure", {"class": "figure"})
    first.tail = None
    figure.append(first)
    title = img.attrib.pop("title", None)
    if img.attrib.pop("data-diagram", None) is not None:  # its alt text made, not written
        caption_from_alt = False
    credit_given = " ".join((img.attrib.pop("data-credit", None) or "").split())  # {credit=…}
    if caption_element is not None:
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = (caption_element.text or "").lstrip()
        figcaption.extend(list(caption_element))
        _credit(figcaption, credit_given)
        figure.tail = element.tail
        return figure
    caption = " ".join((title or (img.get("alt") if caption_from_alt else "") or "").split())
    only_credit = CREDIT.search(caption) if title else None
    if only_credit and only_credit.start(1) == 0 and img.get("alt"):
        # ![Caption](foto.jpg "Foto: Name"): the alt text captions, the title credits.
        caption = " ".join(img.get("alt").split()) + " – " + caption
    if caption and credit_given:
        figcaption = etree.SubElement(figure, "figcaption", {"class": "from-image"})
        figcaption.text = caption
        _credit(figcaption, credit_given)
    elif caption:
        figcaption = etree.SubElement(figure, "figcaption", {"class": "from-image"})
        match = CREDIT.search(caption)
        if match and match.start(1) > 0:
            figcaption.text = before_credit(caption[: match.start()])
            credit = etree.SubElement(figcaption, "small", {"class": "credit"})
            credit.text = match.group(1).rstrip(")")
        elif match:
            credit = etree.SubElement(figcaption, "small", {"class": "credit"})
            credit.text = match.group(1)
        else:
            figcaption.text = caption
        if caption == " ".join((img.get("alt") or "").split()):
            figcaption.set("aria-hidden", "true")  # the alt text says it already: once is enough
    figure.tail = element.tail
    return figure


def _credit(figcaption: etree._Element, credit: str) -> None:
    """The credit the author gave with ``{credit="…"}``, after the caption."""
    if credit:
        if len(figcaption):
            figcaption[-1].tail = before_credit(figcaption[-1].tail or "", figcaption[-1])
        else:
            figcaption.text = before_credit(figcaption.text or "")
        etree.SubElement(figcaption, "small", {"class": "credit"}).text = credit


#: A caption ending in one of these needs no separator before its credit.
CAPTION_ENDS = ".!?:;…–—"
CLOSING = "\"”’»)]'"


def before_credit(text: str, last: etree._Element | None = None) -> str:
    """The caption's text (or the tail of its ``last`` element) as it stands before
    the credit: ``… regen – Foto: …`` when the caption ends without a stop, so that
    caption and credit never run together ("… regen Foto: …")."""
    text = text.rstrip()
    ending = text if text or last is None else "".join(last.itertext()).rstrip()
    if not ending:
        return text
    if ending.rstrip(CLOSING)[-1:] in CAPTION_ENDS:
        return text + " "
    return text + " – "


def _unindented_if_image(element: etree._Element) -> etree._Element:
    if element.tag == "p" and element.find(".//img") is not None:
        element.set("class", " ".join(filter(None, [element.get("class"), "with-image"])))
    return element
