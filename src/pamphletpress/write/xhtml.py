"""Document → the e-book's XHTML: semantic articles, EPUB 3 footnotes, the cover page, the nav.

Plain semantic XHTML from the same blocks as the print page: sections per
intertitle, figures with captions, notes reading systems show as pop-ups; every
content document is written by :func:`xhtml_page` with lxml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

from pamphletpress.compose.hyphenation import Hyphenator
from pamphletpress.read.document import Article, Box, text_of
from pamphletpress.write.html_tree import (
    EPUB_NS,
    XHTML_NS,
    as_figure,
    copies,
    hyphenate_tree,
    with_figure_captions,
    with_table_captions,
)
from pamphletpress.write.math import ebook_math


def ebook_article(article: Article, hyphenator: Hyphenator | None = None) -> etree._Element:
    """The article as a semantic ``<article>`` element (XHTML namespace added on output).

    The kicker is grouped with the headline (``<hgroup>``), each intertitle opens a
    ``<section>``, an image alone in its paragraph is a ``<figure>`` with its caption,
    a table takes the ``Tabel: …`` paragraph beside it as its ``<caption>``.
    """
    meta = article.meta
    node = etree.Element("article", {"class": "article"})
    header = etree.SubElement(node, "header", {"class": "opening"})
    headline = etree.Element("h1", {"class": "headline", "id": "title"})
    headline.text = meta.title
    if meta.kicker:
        group = etree.SubElement(header, "hgroup")
        etree.SubElement(group, "p", {"class": "kicker"}).text = meta.kicker
        group.append(headline)
    else:
        header.append(headline)
    if article.lede:
        lede = etree.SubElement(header, "div", {"class": "lede"})
        for element in copies(article.lede):
            lede.append(element)
    if meta.byline:
        etree.SubElement(header, "p", {"class": "byline"}).text = meta.byline
    heading_number = 0
    previous_level = 1  # the headline; no heading may skip a level after it
    # The open sections, innermost last, with the level of the heading that opened each.
    open_sections: list[tuple[int, etree._Element]] = [(1, node)]
    body = with_figure_captions(with_table_captions(article.body))
    for index, block in enumerate(body):
        if isinstance(block, Box) and all(isinstance(b, Box) for b in body[index:]):
            del open_sections[1:]  # boxes after the last words stand after the article's text
        container = open_sections[-1][1]
        if isinstance(block, Box):
            aside = etree.SubElement(container, "aside", {"class": f"box box-{block.kind}"})
            if block.title:  # a label, not a heading: a box is no part of the outline
                heading_number += 1
                title = etree.SubElement(
                    aside, "p", {"class": "box-title", "id": f"s{heading_number}"}
                )
                title.text = block.title
            for element in copies(block.blocks):
                aside.append(as_figure(element, caption_from_alt=False))
            continue
        element = as_figure(block, caption_from_alt=False)  # a copy already
        level = _heading_level(element)
        if level > previous_level + 1:  # "## A" before any "# B" in a body read as h3 after h1
            level = previous_level + 1
            element.tag = f"h{level}"
        if level:
            previous_level = level
            if level <= 4 and not element.get("id"):  # the table of contents links here
                heading_number += 1
                element.set("id", f"s{heading_number}")
            while open_sections[-1][0] >= level:
                open_sections.pop()
            section = etree.SubElement(open_sections[-1][1], "section")
            open_sections.append((level, section))
            container = section
        container.append(element)
    if article.notes:
        node.append(ebook_notes(article, node))
    if hyphenator is not None:
        hyphenate_tree(node, hyphenator)
    ebook_math(node)  # after the soft hyphens: none inside a formula
    _xml_lang_beside_lang(node)
    _cite_attributions(node)
    _scrolling_tables(node)
    _break_lines_between_blocks(node)
    return node


#: A quotation's attribution after its closing mark: ``“…” – Rust developer``.
ATTRIBUTION = re.compile(r"(?<=[”“»«\"’])(\s*[–—]\s*)(\S.*?)\s*$", re.S)


def _cite_attributions(node: etree._Element) -> None:
    """The source a quoted paragraph names after its last closing mark, in ``<cite>``
    (``> "…" -- Senior engineer``): read as the quote's attribution, not its words."""
    for last in [p for quote in node.iter("blockquote") for p in quote.findall("p")]:
        tail_holder = last[-1] if len(last) else None
        text = (tail_holder.tail if tail_holder is not None else last.text) or ""
        match = ATTRIBUTION.search(text)
        if match is None:
            continue
        cite = etree.Element("cite")  # "– Name": the dash goes with the name
        cite.text = match.group(1).strip() + "\u00a0" + match.group(2)
        if tail_holder is not None:
            tail_holder.tail = text[: match.start(1)] + " "
        else:
            last.text = text[: match.start(1)] + " "
        last.append(cite)


def _scrolling_tables(node: etree._Element) -> None:
    """Each table in a box of its own (``div.table``) that scrolls sideways when the
    table is wider than the screen, rather than the whole page."""
    for table in list(node.iter("table")):
        holder = etree.Element("div", {"class": "table"})
        table.addprevious(holder)
        holder.tail, table.tail = table.tail, None
        holder.append(table)


def _heading_level(element: etree._Element) -> int:
    tag = element.tag if isinstance(element.tag, str) else ""
    return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1] in "23456" else 0


def _xml_lang_beside_lang(node: etree._Element) -> None:
    """XHTML reading systems read ``xml:lang``, HTML ones ``lang``: an inline language
    change (``<span lang="en">``) carries both."""
    for element in node.iter():
        lang = element.get("lang")
        if lang and element.get(XML_LANG) is None:
            element.set(XML_LANG, lang)


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


#: "Notes" in the book's language (the heading of an article's footnotes).
NOTES_HEADING = {"nl": "Noten", "de": "Anmerkungen", "fr": "Notes", "en": "Notes"}


def ebook_notes(article: Article, node: etree._Element) -> etree._Element:
    """EPUB 3 footnotes: each call an ``epub:type="noteref"`` link, each note an
    ``<aside epub:type="footnote">`` with a link back, so reading systems show it as
    a pop-up; the notes stand together at the article's end (the endnotes a reading
    system without pop-ups shows, and the back link returns to the call)."""
    epub_type = f"{{{EPUB_NS}}}type"
    for ref in [s for s in node.iter("sup") if s.get("class") == "noteref"]:
        link = ref.find("a")
        if link is not None:
            link.set(epub_type, "noteref")
            link.set("role", "doc-noteref")
            link.set("id", ref.attrib.pop("id"))
            ref.attrib.pop("data-repeat", None)
    section = etree.Element("section", {"class": "notes", "role": "doc-endnotes"})
    section.set(epub_type, "endnotes")
    heading = NOTES_HEADING.get(article.meta.lang.split("-")[0], NOTES_HEADING["en"])
    etree.SubElement(section, "h2", {"class": "notes-title", "id": "notes"}).text = heading
    for note in article.notes:
        aside = etree.SubElement(
            section, "aside", {"id": note.id, "class": "note", "role": "doc-footnote"}
        )
        aside.set(epub_type, "footnote")
        blocks = copies(note.blocks)
        first = blocks[0] if blocks and blocks[0].tag == "p" else etree.Element("p")
        if first is not (blocks[0] if blocks else None):
            blocks.insert(0, first)
        back = etree.Element("a", {"href": f"#fnref-{note.number}", "role": "doc-backlink"})
        back.text = f"{note.number}."
        back.tail = " " + (first.text or "")
        first.text = None
        first.insert(0, back)
        aside.extend(blocks)
    return section


BLOCKS = {
    "article",
    "header",
    "hgroup",
    "aside",
    "section",
    "nav",
    "div",
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "figure",
    "figcaption",
    "hr",
    "pre",
}


def _break_lines_between_blocks(node: etree._Element) -> None:
    """A newline after every block: readable source, and text that never runs words together."""
    for element in node.iter():
        if element.tag in BLOCKS:
            if len(element) and element[0].tag in BLOCKS and not (element.text or "").strip():
                element.text = "\n"
            if element is not node and not (element.tail or "").strip():
                element.tail = "\n"


# ── E-book pages: every content document, the cover and the nav ──────────


def xhtml_page(
    lang: str,
    title: str,
    content: Iterable[etree._Element],
    stylesheet: str,
    body_type: str | None = None,
) -> bytes:
    """A complete XHTML content document around elements written without namespace.

    lxml escapes and declares namespaces; ``lang`` and ``xml:lang`` on ``<html>``."""
    html = etree.Element(f"{{{XHTML_NS}}}html", nsmap={None: XHTML_NS, "epub": EPUB_NS})
    html.set("lang", lang)
    html.set(XML_LANG, lang)
    html.text = "\n"
    head = etree.SubElement(html, "head")
    head.text = head.tail = "\n"
    etree.SubElement(head, "meta", charset="utf-8").tail = "\n"
    etree.SubElement(head, "title").text = title
    head[-1].tail = "\n"
    link = etree.SubElement(head, "link", rel="stylesheet", type="text/css", href=stylesheet)
    link.tail = "\n"
    body = etree.SubElement(html, "body")
    if body_type:
        body.set(f"{{{EPUB_NS}}}type", body_type)
    body.text = body.tail = "\n"
    for element in content:
        if not (element.tail or "").strip():
            element.tail = "\n"
        body.append(element)
    for element in html.iter():
        if isinstance(element.tag, str) and not element.tag.startswith("{"):
            element.tag = f"{{{XHTML_NS}}}{element.tag}"
    etree.cleanup_namespaces(html)
    return (
        etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
        + b"\n"
    )


def cover_content(alt: str, src: str) -> list[etree._Element]:
    """The cover page's body: the cover picture, whole, once."""
    section = etree.Element("section", {"class": "cover", f"{{{EPUB_NS}}}type": "cover"})
    etree.SubElement(section, "img", {"src": src, "role": "doc-cover", "alt": alt})
    return [section]


@dataclass
class NavEntry:
    """One line of the table of contents, with its sub-entries."""

    title: str
    href: str
    children: list[NavEntry]


def sections(node: etree._Element, href: str, depth: int = 3) -> list[NavEntry]:
    """The article's headings h2 to h``depth`` as nested entries, in reading order; the
    box (an ``aside``) has no sections: its title is a label."""
    root = NavEntry("", href, [])
    open_entries: list[tuple[int, NavEntry]] = [(1, root)]
    for heading in node.iter("h2", "h3", "h4"):
        level = int(heading.tag[1])
        if level > depth or not heading.get("id"):
            continue
        if any(a.tag == "aside" for a in heading.iterancestors()):
            continue
        entry = NavEntry(" ".join(text_of(heading).split()), f"{href}#{heading.get('id')}", [])
        while open_entries[-1][0] >= level:
            open_entries.pop()
        open_entries[-1][1].children.append(entry)
        open_entries.append((level, entry))
    return root.children


def nav_content(
    toc: list[NavEntry],
    labels: dict[str, str],
    cover_href: str,
    page_list: list[tuple[str, str]] = (),
) -> list[etree._Element]:
    """The EPUB 3 nav's body: table of contents, landmarks and, when the print edition's
    pages are known, the page list (``(label, href)`` in page order)."""
    epub_type = f"{{{EPUB_NS}}}type"

    def entries(items: list[NavEntry]) -> etree._Element:
        ol = etree.Element("ol")
        for item in items:
            li = etree.SubElement(ol, "li")
            etree.SubElement(li, "a", href=item.href).text = item.title
            if item.children:
                li.append(entries(item.children))
        return ol

    toc_nav = etree.Element("nav", {epub_type: "toc", "id": "toc", "role": "doc-toc"})
    etree.SubElement(toc_nav, "h1").text = labels["toc"]
    toc_nav.append(entries(toc))
    landmarks = etree.Element("nav", {epub_type: "landmarks", "id": "landmarks", "hidden": ""})
    etree.SubElement(landmarks, "h2").text = labels["landmarks"]
    ol = etree.SubElement(landmarks, "ol")
    for kind, href, label in (
        ("cover", cover_href, labels["cover"]),
        ("bodymatter", toc[0].href, labels["start"]),
    ):
        etree.SubElement(
            etree.SubElement(ol, "li"), "a", {epub_type: kind, "href": href}
        ).text = label
    navs = [toc_nav, landmarks]
    if page_list:
        pages = etree.Element(
            "nav", {epub_type: "page-list", "id": "page-list", "role": "doc-pagelist", "hidden": ""}
        )
        etree.SubElement(pages, "h2").text = labels["pages"]
        ol = etree.SubElement(pages, "ol")
        for label, href in page_list:
            etree.SubElement(etree.SubElement(ol, "li"), "a", href=href).text = label
        navs.append(pages)
    for nav in navs:
        _break_lines_between_blocks(nav)
    return navs
