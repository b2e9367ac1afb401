"""A picture the build could not use, left out: an empty mark where it stood.

A missing, refused or broken picture prints nothing (a frame holding its alt
text would print as a fault on the page): its mark, an element of class
:data:`MISSING` with the alt text in ``data-alt``, tells the writers and
``check`` where it was (a named destination in the PDF, the class in the EPUB).
"""

from __future__ import annotations

from lxml import etree

#: The mark of a picture left out: its class (the writers and ``check`` know it).
MISSING = "missing-image"


def leave_out(img: etree._Element, alt: str) -> None:
    """Put an empty mark in the picture's place, its alt text in ``data-alt``: a
    ``span`` in a line of text, or a ``div`` in place of the paragraph (and the link)
    that held nothing else, so no empty line is left."""
    mark = etree.Element("span", {"class": MISSING, "data-alt": alt})
    mark.tail = img.tail
    parent = img.getparent()
    parent.replace(img, mark)
    if parent.tag == "a":
        parent.attrib.pop("href", None)
        if not "".join(parent.itertext()).strip() and len(parent) == 1:
            mark.tail = (mark.tail or "") + (parent.tail or "")
            parent.getparent().replace(parent, mark)
    paragraph = mark.getparent()
    if mark.getprevious() is None and not (paragraph.text or "").strip():
        paragraph.text = None  # the line starts with what followed the picture
        mark.tail = (mark.tail or "").lstrip() or None
    alone = paragraph.tag == "p" and all(m.get("class") == MISSING for m in paragraph)
    if alone and not "".join(paragraph.itertext()).strip() and paragraph.getparent() is not None:
        marks = list(paragraph)
        for one in marks:
            one.tag, one.tail = "div", None
        marks[-1].tail = paragraph.tail
        holder = paragraph.getparent()
        at = holder.index(paragraph)
        holder.remove(paragraph)
        for offset, one in enumerate(marks):
            holder.insert(at + offset, one)
