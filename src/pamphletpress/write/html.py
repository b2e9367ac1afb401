"""Document → HTML, in two flavours: the print page for WeasyPrint and XHTML for the EPUB.

Both start from the same blocks; the print flavour adds the newspaper
structure (opening across the columns, column runs, boxes between them) and
the hyphenation, the e-book flavour is plain semantic XHTML.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pamphletpress.compose.hyphenation import Hyphenator
from pamphletpress.layout.figureplaces import number_figures
from pamphletpress.read.document import Article, Box, Document, text_of

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
if TYPE_CHECKING:
    from pamphletpress.layout.columnends import Mendables

etree.register_namespace("epub", EPUB_NS)  # epub:type, not an invented ns0:type

#: Elements whose text is never hyphenated (headings, code, the end mark).
NO_HYPHENATION = {"h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "a"}
NO_HYPHENATION_CLASSES = {"endmark", "kicker", "byline", "headline", "box-title"}

#: A function that sets a paragraph's lines itself (the paragraph composer):
#: ``composer(element, inset=None, indent=None, setting=None)``, the inset naming
#: the design's ``list`` or ``quote`` indent (or a tuple of such names), the
#: setting the text's face and measure when it is not the column's body: ``box``,
#: ``column-box`` or ``note``; False when it cannot, and the paragraph keeps
#: WeasyPrint's breaking.
Composer = Callable[..., bool]


@dataclass
class PrintOptions:
    """What the print page depends on besides the document."""

    stylesheets: list[str]  # URLs, in cascade order
    variant: str = "pdf/x-4"
    #: Rewrites an image's URL for print (the CMYK copy); None keeps it.
    image_url: Callable[[str], str] | None = None
    #: The fonts' characters: any other is left out, with a warning (no .notdef boxes).
    covered: frozenset[int] | None = None
    #: Characters a code block's line holds; longer lines are wrapped with a mark.
    code_columns: int | None = None


def hyphenator_for(article: Article, cache: Path | None = None) -> Hyphenator:
    return Hyphenator(article.meta.lang, article.meta.hyphenation, cache=cache)


def print_html(
    document: Document,
    options: PrintOptions,
    composer_for: Callable[[Article, Hyphenator], Composer | None] | None = None,
    cache: Path | None = None,
    mendables: Mendables | None = None,
) -> str:
    """The whole print page as an HTML string, ready for WeasyPrint; the composed
    paragraphs a column may end in go into ``mendables``."""
    meta = document.meta
    root = etree.Element("html", lang=meta.lang)
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = meta.title
    for name, content in pdf_meta(document):
        etree.SubElement(head, "meta", name=name, content=content)
    for href in options.stylesheets:
        etree.SubElement(head, "link", rel="stylesheet", href=href)
    body = etree.SubElement(root, "body", {"class": f"variant-{options.variant.replace('/', '')}"})
    hyphenators: dict[tuple, Hyphenator] = {}  # articles of one language share one
    unprintable: set[str] = set()
    tally = [0, 0]  # paragraphs the composer set, paragraphs it was given
    for article in document.articles:
        key = (article.meta.lang, tuple(article.meta.hyphenation))
        if key not in hyphenators:
            hyphenators[key] = hyphenator_for(article, cache)
        hyphenator = hyphenators[key]
        composer = _counted(composer_for(article, hyphenator), tally) if composer_for else None
        if options.covered is not None:
            article = _printable(article, options.covered, unprintable)
        node = print_article(
            article,
            hyphenator,
            composer,
            live_links=options.variant == "screen",
            code_columns=options.code_columns,
            mendables=mendables,
        )
        if options.image_url is not None:
            for img in node.iter("img"):
                img.set("src", options.image_url(img.get("src", "")))
        body.append(node)
    number_figures(body)  # a figure that leaves a hole is moved after layout
    if tally[1]:  # in the PDF's Creator, for `check` to report
        generator = head.find("meta[@name='generator']")
        generator.set("content", f"pamphletpress (composer: {tally[0]} of {tally[1]} paragraphs)")
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _counted(composer: Composer | None, tally: list[int]) -> Composer | None:
    if composer is None:
        return None

    def compose(element: etree._Element, *args, **kwargs) -> bool:
        done = composer(element, *args, **kwargs)
        tally[0] += bool(done)
        tally[1] += 1
        return done

    return compose


def _printable(article: Article, covered: frozenset[int], seen: set[str]) -> Article:
    """The article without the characters no font has (a copy: the EPUB keeps them)."""
    from dataclasses import replace

    from pamphletpress.errors import located
    from pamphletpress.write.glyphs import drop_unprintable

    def where(char: str) -> str:
        return located(article.source, article.line_of(char))

    def printable(element: etree._Element) -> etree._Element:
        element = copy.deepcopy(element)
        drop_unprintable(element, covered, where, seen)
        return element

    body = [
        replace(b, blocks=[printable(e) for e in b.blocks]) if isinstance(b, Box) else printable(b)
        for b in article.body
    ]
    notes = [replace(n, blocks=[printable(e) for e in n.blocks]) for n in article.notes]
    return replace(article, lede=[printable(e) for e in article.lede], body=body, notes=notes)


def pdf_meta(document: Document) -> list[tuple[str, str]]:
    """The ``<meta>`` elements WeasyPrint turns into PDF metadata."""
    meta = document.meta
    out = []
    if meta.authors:
        out += [("author", author) for author in meta.authors]
    description = meta.description or " ".join(
        "".join(e.itertext()).strip() for e in document.articles[0].lede
    )
    if description:
        out.append(("description", description))
    if meta.subjects:
        out.append(("keywords", ", ".join(meta.subjects)))
    out.append(("generator", "pamphletpress"))
    stamp = document.timestamp.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    out.append(("dcterms.created", stamp))
    out.append(("dcterms.modified", stamp))
    return out


def print_article(
    article: Article,
    hyphenator: Hyphenator,
    composer: Composer | None,
    live_links: bool = False,
    code_columns: int | None = None,
    mendables: Mendables | None = None,
) -> etree._Element:
    """One article: opening across the page, then runs of columns and boxes.

    ``live_links`` keeps links clickable (the screen PDF); in print they are text,
    their address printed after them. Code lines longer than ``code_columns``
    characters are wrapped, the rest of the line marked. Composed paragraphs a
    column may end in are remembered in ``mendables``."""
    meta = article.meta
    node = etree.Element("article", {"class": "article", "lang": meta.lang})
    footer = "  ·  ".join(part for part in (meta.publication, meta.issue) if part)
    opening = etree.SubElement(node, "header", {"class": "opening", "data-footer": footer})
    if meta.kicker:
        etree.SubElement(opening, "p", {"class": "kicker"}).text = meta.kicker
    etree.SubElement(opening, "h1", {"class": "headline"}).text = meta.title
    if article.lede:
        lede = etree.SubElement(opening, "div", {"class": "lede"})
        for element in _copies(article.lede):
            hyphenate_tree(element, hyphenator)
            lede.append(element)
    if meta.byline:
        etree.SubElement(opening, "p", {"class": "byline"}).text = meta.byline

    notes = {f"#{note.id}": note for note in article.notes}
    addresses = PrintedAddresses(live_links)
    for element in opening.iter("div"):
        place_footnotes(element, notes)
        addresses.print_links(element)

    def finish(paragraph: etree._Element) -> None:
        """What a composed paragraph gets after composing (again, when mended)."""
        hyphenate_tree(paragraph, hyphenator)
        compose_notes(paragraph, composer)

    # Spanning boxes stay outside the multi-column runs: WeasyPrint 70 can
    # silently drop content from a multi-column box with spanning children.
    columns: etree._Element | None = None
    for block in _with_figure_captions(_with_table_captions(article.body)):  # copies
        if isinstance(block, Box):
            node.append(print_box(block, hyphenator, notes, addresses, composer))
            columns = None
            continue
        element = _as_figure(block)
        for img in element.iter("img"):
            _never_enlarged(img)
            if element.tag == "figure" and "wide" in (img.get("class") or "").split():
                element.set("class", "figure wide")
        for pre in element.iter("pre"):
            wrap_code(pre, code_columns)
        if element.tag == "table" and _too_wide(element):
            element.set("class", ((element.get("class") or "") + " wide").strip())
        for heading in element.iter("h2", "h3", "h4", "h5", "h6"):
            _emergency_hyphens(heading, hyphenator)
        place_footnotes(element, notes)
        addresses.print_links(element)
        if "wide" in (element.get("class") or "").split():
            node.append(element)  # across both columns, between two column runs
            hyphenate_tree(element, hyphenator)
            columns = None
            continue
        if columns is None:
            columns = etree.SubElement(node, "div", {"class": "columns"})
        columns.append(element)  # in place first: the composer looks at what precedes
        compose_block(element, composer, mendables, finish)
        hyphenate_tree(element, hyphenator)
    compose_notes(node, composer)
    return node


#: A code line's continuation, at the start of the wrapped part.
CONTINUATION = "\u2192"


def wrap_code(pre: etree._Element, columns: int | None) -> None:
    """Wrap a code block's long lines at the column, at a space where one falls in
    the second half of the line, and mark each continuation with →."""
    holder = pre[0] if len(pre) == 1 and pre[0].tag == "code" and not pre.text else pre
    if columns is None or columns < 12 or len(holder) or not holder.text:
        return
    lines = holder.text.split("\n")
    if all(len(line) <= columns for line in lines):
        return
    holder.text = ""
    last: etree._Element | None = None

    def add(text: str) -> None:
        if last is None:
            holder.text += text
        else:
            last.tail = (last.tail or "") + text

    for index, line in enumerate(lines):
        if index:
            add("\n")
        room = columns
        while len(line) > room:
            cut = line.rfind(" ", room // 2, room)
            cut = cut + 1 if cut > 0 else room
            add(line[:cut].rstrip(" ") if cut < len(line) else line[:cut])
            add("\n")
            last = etree.SubElement(holder, "span", {"class": "continued"})
            last.text = CONTINUATION
            last.tail = " "
            line, room = line[cut:], columns - 2
        add(line)


def _too_wide(table: etree._Element) -> bool:
    """Whether a table's longest words side by side pass the column (an estimate:
    0.55 em of 7.5 pt a character, 4 pt of padding a cell, 198 pt a column)."""
    rows = [r for r in table.iter("tr")]
    if not rows:
        return False
    widths: dict[int, int] = {}
    for row in rows:
        for index, cell in enumerate(c for c in row if c.tag in ("td", "th")):
            words = "".join(cell.itertext()).split() or [""]
            widths[index] = max(widths.get(index, 0), max(len(w) for w in words))
    return sum(w * 0.55 * 7.5 + 4 for w in widths.values()) > 198


def _emergency_hyphens(heading: etree._Element, hyphenator: Hyphenator) -> None:
    """Soft hyphens in a heading's long words only: set with ``hyphens: manual`` it
    breaks there only when a word would run over the column."""
    if not (hyphenator.available or hyphenator.exceptions):
        return

    def long_words(text: str | None) -> str | None:
        if not text:
            return text
        return re.sub(r"\w{13,}", lambda m: hyphenator.hyphenate_text(m.group(0)), text)

    for element in heading.iter():
        if element.tag in ("code", "a"):
            continue
        element.text = long_words(element.text)
        if element is not heading:
            element.tail = long_words(element.tail)


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
        for item in element.findall("li"):
            paragraphs = item.findall("p")
            boxes = item.findall("aside")  # set below, as a box in the column
            if paragraphs and len(paragraphs) + len(boxes) == len(item):
                for paragraph in paragraphs:
                    compose(paragraph, "list", False)
            elif not len(item) or all(child.tag in INLINE for child in item):
                compose(item, "list", False)
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


def _insets_in_column(element: etree._Element, top: etree._Element) -> tuple[str, ...] | None:
    """The column's insets ``element`` stands in, outermost first: a list's or
    a quotation's (the stylesheet's ``--list-indent``, ``--quote-indent``);
    None inside another box, whose padding no setting knows."""
    insets = []
    for ancestor in element.iterancestors():
        if ancestor.tag in ("ul", "ol"):
            insets.append("list")
        elif ancestor.tag == "blockquote":
            insets.append("quote")
        elif ancestor.tag == "aside":
            return None
        if ancestor is top:
            break
    return tuple(reversed(insets))


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
    figures in a box are not running text and stay WeasyPrint's."""
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
            all(block.tag in ("p", "ul", "ol") and _blank(block.tail) for block in blocks)
            and item.index(blocks[0]) + len(blocks) == len(item)  # no text between blocks
        ):
            done = _compose_lead(item, blocks[0], composer, inset, setting)
            for block in blocks:
                if block.tag == "p":
                    done = composer(block, inset, False, setting=setting) and done
                else:
                    _compose_box_list(block, composer, setting, inset)
        else:
            continue  # a table, code or a figure in the item: WeasyPrint sets it whole
        if done:
            classes = (item.get("class") or "").split()
            item.set("class", " ".join([*classes, "composed"]))


def _compose_lead(
    item: etree._Element,
    first_block: etree._Element,
    composer: Composer,
    inset: tuple[str, ...],
    setting: str,
) -> bool:
    """The text of a list item before its first block (``- Punt`` over a nested
    list), set as a paragraph of its own whose lines take its place."""
    lead = list(item)[: item.index(first_block)]
    if _blank(item.text) and not lead:
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


def print_box(
    box: Box,
    hyphenator: Hyphenator,
    notes: dict | None = None,
    addresses: PrintedAddresses | None = None,
    composer: Composer | None = None,
) -> etree._Element:
    """The box across the page, its running text set by ``composer`` where it can."""
    aside = etree.Element("aside", {"class": f"box box-{box.kind}"})
    if box.title:
        etree.SubElement(aside, "h2", {"class": "box-title"}).text = box.title
    for element in _copies(box.blocks):
        place_footnotes(element, notes or {})
        if addresses is not None:
            addresses.print_links(element)
        aside.append(element)
    compose_box(aside, composer, "box")
    for element in aside:
        if element.get("class") != "box-title":
            hyphenate_tree(element, hyphenator)
    return aside


#: Inline elements (what may stand in a line of text).
INLINE = {
    "a", "abbr", "b", "br", "cite", "code", "del", "em", "i", "img", "ins", "kbd", "mark",
    "q", "s", "samp", "small", "span", "strong", "sub", "sup", "u", "var", "wbr",
}  # fmt: skip
#: Where a URL may break: after these, never with a hyphen added.
URL_BREAK_AFTER = "/.-_?"


def _pixel_width(src: str) -> int | None:
    """The width in pixels of a local image (its header read, not the picture)."""
    from urllib.parse import unquote, urlsplit

    from PIL import Image, UnidentifiedImageError

    parts = urlsplit(src)
    if parts.scheme != "file":
        return None
    try:
        with Image.open(unquote(parts.path)) as image:
            return image.width
    except (OSError, UnidentifiedImageError):
        return None


#: A figure is never enlarged past this resolution: a small picture prints
#: smaller than the column rather than blurred (print shops want 300, take 200).
FIGURE_PPI = 150


def _never_enlarged(img: etree._Element) -> None:
    """A picture the author gave no size prints no larger than ``FIGURE_PPI`` allows."""
    if img.get("width") or img.get("height") or img.get("style"):
        return  # the author's size: the build checks its resolution as placed
    pixels = _pixel_width(img.get("src", ""))
    if pixels:
        img.set("style", f"max-width: {pixels / FIGURE_PPI * 25.4:.1f}mm")


class PrintedAddresses:
    """Links on paper: the text in body black, the address once per article after it,
    short (no scheme, no ``www.``) and breakable after ``/ . - _ ?`` only."""

    def __init__(self, live: bool):
        self.live = live
        self.printed: set[str] = set()

    def print_links(self, element: etree._Element) -> None:
        for link in list(element.iter("a")):
            href = link.get("href") or ""
            shown = short_address(href) if href and not href.startswith("#") else ""
            text = " ".join("".join(link.itertext()).split())
            if text in (href, shown) and shown and not len(link):  # a bare address
                link.text = shown  # printed short
            if _looks_like_address(link.text or text):
                _breakable(link)  # an address: never hyphenated, broken after / . - _ ?
            elif not self.live:
                link.tag = "span"  # running text, hyphenated like the rest
            if not self.live:
                link.attrib.pop("href", None)  # no link annotations in a print PDF
            if not shown or shown in self.printed or shown.casefold() in text.casefold():
                continue
            self.printed.add(shown)
            address = etree.Element("a", {"href": href} if self.live else {})
            address.text = shown
            _breakable(address)
            parent = link.getparent()
            address.tail = ")" + (link.tail or "")
            link.tail = " ("
            parent.insert(parent.index(link) + 1, address)


def short_address(href: str) -> str:
    """``https://www.example.org/pad/`` → ``example.org/pad``; ``mailto:x@y`` → ``x@y``."""
    text = href.strip()
    text = re.sub(r"^(?:https?://|mailto:)", "", text, flags=re.I)
    text = re.sub(r"^www\.", "", text, flags=re.I)
    return text.rstrip("/")


def _looks_like_address(text: str) -> bool:
    return bool(re.match(r"^(?:https?://|www\.|\S+@\S+\.\w+$|[\w.-]+\.[a-z]{2,}(?:/|$))", text))


def _breakable(element: etree._Element) -> None:
    """``<wbr>`` after every ``/ . - _ ?`` of the element's own text (not before the
    last character): a URL breaks there and nowhere else, with no hyphen added."""
    text = element.text or ""
    if len(element) or not text:
        return
    scheme = re.match(r"^[a-z]+://", text, re.I)
    start = scheme.end() if scheme else 0
    pieces = re.split(f"(?<=[{re.escape(URL_BREAK_AFTER)}])(?=.)", text[start:])
    pieces[0] = text[:start] + pieces[0]
    element.text = pieces[0]
    for piece in pieces[1:]:
        wbr = etree.SubElement(element, "wbr")
        wbr.tail = piece


def place_footnotes(element: etree._Element, notes: dict) -> None:
    """Each note where it is first called, as a ``float: footnote`` span: WeasyPrint
    numbers it and sets it at the foot of the page that calls it. A second call of
    the same note prints its number only."""
    for ref in [s for s in element.iter("sup") if s.get("class") == "noteref"]:
        link = ref.find("a")
        note = notes.get(link.get("href") if link is not None else "")
        if note is None:
            continue
        if ref.get("data-repeat"):
            call = etree.Element("sup", {"class": "note-again"})
            call.text = str(note.number)
        else:
            call = etree.Element("span", {"class": "footnote", "data-call": str(note.number)})
            for index, block in enumerate(_copies(note.blocks)):
                if index:
                    etree.SubElement(call, "br")
                _inline_into(call, block)
        call.tail = ref.tail
        ref.getparent().replace(ref, call)


def _inline_into(target: etree._Element, block: etree._Element) -> None:
    """A note's block as inline content: a paragraph's own content, else its text."""
    if block.tag != "p":
        text = " ".join("".join(block.itertext()).split())
        if len(target):
            target[-1].tail = (target[-1].tail or "") + text
        else:
            target.text = (target.text or "") + text
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + (block.text or "")
    else:
        target.text = (target.text or "") + (block.text or "")
    for child in block:
        target.append(child)


def _copies(elements: Iterable[etree._Element]) -> list[etree._Element]:
    return [copy.deepcopy(e) for e in elements]


def hyphenate_tree(element: etree._Element, hyphenator: Hyphenator) -> None:
    """Soft hyphens at every allowed break of the element's running text.

    Headings, code, links, the kicker, byline and end mark keep their words whole.
    """
    if hyphenator.available or hyphenator.exceptions:
        _hyphenate(element, hyphenator, _allows_hyphens(element))


def _allows_hyphens(node: etree._Element) -> bool:
    """Not in headings, code, links, the end mark…, nor in lines the composer set."""
    classes = set((node.get("class") or "").split())
    return (
        node.tag not in NO_HYPHENATION
        and not classes & NO_HYPHENATION_CLASSES
        and "line" not in classes
    )


def _hyphenate(node: etree._Element, hyphenator: Hyphenator, allowed: bool) -> None:
    if allowed and node.text:
        node.text = hyphenator.hyphenate_text(node.text)
    for child in node:
        if not isinstance(child.tag, str):
            continue
        _hyphenate(child, hyphenator, allowed and _allows_hyphens(child))
        if allowed and child.tail:
            child.tail = hyphenator.hyphenate_text(child.tail)


# ── E-book flavour ───────────────────────────────────────────────────────


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
        for element in _copies(article.lede):
            lede.append(element)
    if meta.byline:
        etree.SubElement(header, "p", {"class": "byline"}).text = meta.byline
    heading_number = 0
    previous_level = 1  # the headline; no heading may skip a level after it
    # The open sections, innermost last, with the level of the heading that opened each.
    open_sections: list[tuple[int, etree._Element]] = [(1, node)]
    body = _with_figure_captions(_with_table_captions(article.body))
    for index, block in enumerate(body):
        if isinstance(block, Box) and all(isinstance(b, Box) for b in body[index:]):
            del open_sections[1:]  # boxes after the last words stand after the article's text
        container = open_sections[-1][1]
        if isinstance(block, Box):
            aside = etree.SubElement(container, "aside", {"class": f"box box-{block.kind}"})
            if block.title:
                heading_number += 1
                etree.SubElement(aside, "h2", {"id": f"s{heading_number}"}).text = block.title
                previous_level = 2
            for element in _copies(block.blocks):
                aside.append(_as_figure(element))
            continue
        element = _as_figure(block)  # a copy already
        level = _heading_level(element)
        if level > previous_level + 1:  # "## A" before any "# B" in a body read as h3 after h1
            level = previous_level + 1
            element.tag = f"h{level}"
        if level:
            previous_level = level
            if level in (2, 3) and not element.get("id"):
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
    _xml_lang_beside_lang(node)
    _break_lines_between_blocks(node)
    return node


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

#: A caption paragraph beside a table: "Tabel 2: Uitgaven per jaar" (pandoc's ``Table:``).
TABLE_CAPTION = re.compile(r"^\s*(?:tabel|table|tabelle|tableau)\b[^:.]{0,12}[:.]\s*\S", re.I)


def _with_table_captions(body: list) -> list:
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


def _with_figure_captions(blocks: list) -> list:
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
            and _blank(after.text)
            and _blank(after[0].tail)
        ):
            image[-1].tail = " "
            image.append(after[0])
            del blocks[index + 1]
        index += 1
    return blocks


def _image_only(element: etree._Element) -> bool:
    """A paragraph of one image, linked or not, and nothing else."""
    if element.tag != "p" or len(element) != 1 or not _blank(element.text):
        return False
    child = element[0]
    if not _blank(child.tail):
        return False
    if child.tag == "img":
        return True
    return child.tag == "a" and len(child) == 1 and child[0].tag == "img" and _blank(child.text)


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


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _as_figure(element: etree._Element) -> etree._Element:
    """A paragraph holding only an image (linked or not), as a ``<figure>`` with a
    ``<figcaption>``.

    The caption is an emphasised text right after the image in the same paragraph
    (``![alt](foto.jpg) *Caption, photo by …*``), else the image's title
    (``![alt](foto.jpg "Caption. Foto: Name")``), else its alt text; in a title or
    alt text a trailing "Foto: …", "Beeld: …" or "© …" is the credit. The image
    keeps its alt text: the caption is for the eye, alt for the ear. A paragraph
    with an image among its text is not indented (the image would overrun)."""
    if element.tag != "p" or not len(element) or not _blank(element.text):
        return _unindented_if_image(element)
    first, rest = element[0], list(element)[1:]
    linked = (
        first.tag == "a"
        and len(first) == 1
        and first[0].tag == "img"
        and _blank(first.text)
        and _blank(first[0].tail)
    )
    if first.tag != "img" and not linked:
        return _unindented_if_image(element)
    caption_element = None
    if rest:
        if not (len(rest) == 1 and rest[0].tag in ("em", "i") and _blank(first.tail)):
            return _unindented_if_image(element)
        if not _blank(rest[0].tail):
            return _unindented_if_image(element)
        caption_element = rest[0]
    elif not _blank(first.tail):
        return _unindented_if_image(element)
    img = first[0] if linked else first
    figure = etree.Element("figure", {"class": "figure"})
    first.tail = None
    figure.append(first)
    title = img.attrib.pop("title", None)
    credit_given = " ".join((img.attrib.pop("data-credit", None) or "").split())  # {credit=…}
    if caption_element is not None:
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = (caption_element.text or "").lstrip()
        figcaption.extend(list(caption_element))
        _credit(figcaption, credit_given)
        figure.tail = element.tail
        return figure
    caption = " ".join((title or img.get("alt") or "").split())
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
            figcaption.text = caption[: match.start()].rstrip()
            credit = etree.SubElement(figcaption, "small", {"class": "credit"})
            credit.text = match.group(1).rstrip(")")
            figcaption.text += " "
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
            figcaption[-1].tail = (figcaption[-1].tail or "").rstrip() + " "
        else:
            figcaption.text = (figcaption.text or "").rstrip() + " "
        etree.SubElement(figcaption, "small", {"class": "credit"}).text = credit


def _unindented_if_image(element: etree._Element) -> etree._Element:
    if element.tag == "p" and element.find(".//img") is not None:
        element.set("class", " ".join(filter(None, [element.get("class"), "with-image"])))
    return element


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
        blocks = _copies(note.blocks)
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
