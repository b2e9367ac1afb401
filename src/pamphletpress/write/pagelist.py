"""The print edition's pages in the EPUB: where each printed page begins.

``build`` makes the PDF first and reads back the words each page starts with
(:mod:`pamphletpress.check.pdfread.starts`, never WeasyPrint); the EPUB writer
then finds those words in its own text, in reading order, and puts an
``epub:type="pagebreak"`` marker right before them. The nav's page list links
to the markers, so a reader can follow "page 3" in a class or a citation of the
paper.

A page's first words are not always in the e-book where the page begins: a box
the print raised above the page's last paragraphs, the numbers of an ordered list
(the e-book's list counts its items), a jump's "Vervolg van pagina 4" and an
issue's nameplate are printed but not written. Then the page's later words mark
it: the marker goes before the first run of them the e-book holds (less the
numbers printed before list items). An issue's
pages hold articles in another order than its chapters, so a page not found
after the page before it is looked for in the whole book.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from lxml import etree

EPUB_NS = "http://www.idpf.org/2007/ops"
TOKEN = r"[^\W_]+"
#: How many of a page's first words identify where it starts.
WORDS = 6
#: How many lines of each page the print edition reads: the first, and those after it
#: that mark the page where the first ones are not in the e-book (a raised box's).
LINES = 16


@dataclass
class PrintEdition:
    """The printed PDF as the EPUB sees it: its name and each page's first words."""

    name: str
    starts: list[str]  # the first LINES lines of each page, joined, in page order

    @property
    def pages(self) -> int:
        return len(self.starts)


def tokens(text: str) -> list[str]:
    import re

    return [t.casefold() for t in re.findall(TOKEN, unicodedata.normalize("NFKC", text))]


def _page_tokens(line: str) -> list[str]:
    """The words of a page's first lines, less a last word that is the first half of a
    hyphenated one; its first :data:`WORDS` identify the page."""
    words = tokens(line)
    if len(words) > 1 and line.rstrip()[-1:] in "-\u2010\u00ad":
        words = words[:-1]
    return words


#: Where the print edition's text is not: the notes (at the page's foot in print) and
#: the captions the e-book makes from an image's title or alt text.
SKIP_CLASSES = {"notes", "from-image"}
SKIP_TAGS: set[str] = set()


def _stream(node: etree._Element) -> list[tuple[str, etree._Element, str, int]]:
    """Every word of the article's running text: (word, element, "text"/"tail", offset)."""
    import re

    out: list[tuple[str, etree._Element, str, int]] = []

    def skipped(element: etree._Element) -> bool:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        return tag in SKIP_TAGS or bool(SKIP_CLASSES & set((element.get("class") or "").split()))

    def walk(element: etree._Element) -> None:
        if not isinstance(element.tag, str) or skipped(element):
            return
        for match in re.finditer(TOKEN, element.text or ""):
            out.append((_fold(match.group()), element, "text", match.start()))
        for child in element:
            walk(child)
            for match in re.finditer(TOKEN, child.tail or ""):
                out.append((_fold(match.group()), child, "tail", match.start()))

    walk(node)
    return out


def _fold(word: str) -> str:
    return "".join(tokens(word))


def mark_page_breaks(
    articles: list[tuple[str, etree._Element]], edition: PrintEdition
) -> list[tuple[str, str]]:
    """Put a page-break marker before the first word of every printed page.

    ``articles`` are (file name, article element) in reading order. Returns the page
    list, ``(page number, href)`` in page order; a page whose first words cannot be
    found (a page of pictures only) is left out."""
    streams = [(name, _stream(node)) for name, node in articles]
    flat = [(name, *entry) for name, stream in streams for entry in stream]
    words = [entry[1] for entry in flat]
    where = _positions(words)
    cursor = 0
    taken: set[int] = set()
    found: list[tuple[int, int]] = []  # (page number, index into flat)
    for number, line in enumerate(edition.starts, 1):
        at = _locate(words, where, line, cursor, taken)
        if at is None:
            continue
        found.append((number, at))
        taken.add(at)
        cursor = at + 1
    page_list = []
    for number, at in reversed(found):
        name, _, element, where, offset = flat[at]
        marker = etree.Element(
            "span",
            {
                f"{{{EPUB_NS}}}type": "pagebreak",
                "role": "doc-pagebreak",
                "id": f"page-{number}",
                "aria-label": str(number),
            },
        )
        if where == "text":
            marker.tail = (element.text or "")[offset:]
            element.text = (element.text or "")[:offset] or None
            element.insert(0, marker)
        else:
            marker.tail = (element.tail or "")[offset:]
            element.tail = (element.tail or "")[:offset] or None
            element.addnext(marker)
        page_list.append((str(number), f"{name}#page-{number}"))
    return list(reversed(page_list))


def _positions(words: list[str]) -> dict[str, list[int]]:
    """Where each word stands in the book's stream: the runs are looked up from it."""
    where: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        where.setdefault(word, []).append(index)
    return where


def _locate(
    words: list[str], where: dict[str, list[int]], line: str, cursor: int, taken: set[int]
) -> int | None:
    """Where a page begins in the book: its first words after the page before it;
    else those less printed list numbers; else the first run of :data:`WORDS` of its
    later words there (with or without those numbers); else either of the
    two anywhere in the book (an issue's page, a raised box) but at a page already
    marked."""
    later = _page_tokens(line)
    first = later[:WORDS]
    at = _find(words, first, cursor)
    bare = _numberless(later)
    if at is None and bare != later:  # items whose printed numbers the e-book's list counts
        at = _run(words, where, bare[:WORDS], cursor, taken)
    if at is None:
        at = _later(words, where, later, cursor, taken)
    if at is None and bare != later:
        at = _later(words, where, bare, cursor, taken)
    if at is None and cursor:
        at = _run(words, where, first, 0, taken) or _later(words, where, later, 0, taken)
    return None if at in taken else at


def _numberless(words: list[str]) -> list[str]:
    """A page's words less its numbers: a page that opens in a numbered list prints
    the items' numbers (``2. Two 3. Three``), which the e-book's list counts and
    does not write, so no run of the page's words with them stands in the book."""
    return [word for word in words if not word.isdigit()]


def _later(
    words: list[str], where: dict[str, list[int]], wanted: list[str], start: int, taken: set[int]
) -> int | None:
    """The first run of :data:`WORDS` of the page's words after its first ones that the
    book holds at or after ``start``: where the page's text the e-book has begins."""
    for offset in range(1, len(wanted) - WORDS + 1):
        at = _run(words, where, wanted[offset : offset + WORDS], start, taken)
        if at is not None:
            return at
    return None


def _run(
    words: list[str], where: dict[str, list[int]], run: list[str], start: int, taken: set[int]
) -> int | None:
    """The first place at or after ``start``, not ``taken``, where the whole ``run``
    stands (at least four words: fewer are found anywhere)."""
    if len(run) < 4:
        return None
    for index in where.get(run[0], ()):
        if index >= start and index not in taken and words[index : index + len(run)] == run:
            return index
    return None


def _find(words: list[str], wanted: list[str], start: int) -> int | None:
    """The first place at or after ``start`` where ``wanted`` begins (fewer words
    tried when all of them are not found: a word the print edition set otherwise)."""
    if not wanted:  # a page without words (a picture)
        return None
    for size in range(len(wanted), min(2, len(wanted)) - 1, -1):
        head = wanted[:size]
        for index in range(start, len(words) - size + 1):
            if words[index : index + size] == head:
                return index
    return None


NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"


def ncx_with_page_list(ncx: bytes, page_list: list[tuple[str, str]], label: str) -> bytes:
    """The NCX (the EPUB 2 table of contents, for older reading systems) with its true
    depth (ebooklib says 0 whatever its entries' nesting) and the same page list as
    the nav, when there is one: a ``pageList`` of ``pageTarget`` entries, and its counts."""
    root = etree.fromstring(ncx)
    ns = f"{{{NCX_NS}}}"
    points = list(root.iter(f"{ns}navPoint"))
    depth = max((len(list(p.iterancestors(f"{ns}navPoint"))) + 1 for p in points), default=0)
    numbers = [int(number) for number, _ in page_list if number.isdigit()]
    for meta in root.iter(f"{ns}meta"):
        if meta.get("name") == "dtb:depth":
            meta.set("content", str(depth))
        elif meta.get("name") == "dtb:totalPageCount":
            meta.set("content", str(len(page_list)))
        elif meta.get("name") == "dtb:maxPageNumber":
            meta.set("content", str(max(numbers, default=0)))
    if not page_list:
        return etree.tostring(root, xml_declaration=True, encoding="utf-8")
    pages = etree.SubElement(root, f"{ns}pageList")
    etree.SubElement(etree.SubElement(pages, f"{ns}navLabel"), f"{ns}text").text = label
    for number, href in page_list:
        target = etree.SubElement(
            pages,
            f"{ns}pageTarget",
            {"id": f"pagetarget-{number}", "type": "normal", "value": number},
        )
        etree.SubElement(etree.SubElement(target, f"{ns}navLabel"), f"{ns}text").text = number
        etree.SubElement(target, f"{ns}content", src=href)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")
