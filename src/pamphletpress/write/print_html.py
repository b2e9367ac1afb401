"""Document → the print page for WeasyPrint: the newspaper structure and its hyphenation.

The opening across the columns, runs of columns with boxes between them, footnotes
where they are called, links printed with their address, long code lines wrapped;
the composer sets the running text it can (``print_composing.py``); pictures are
sized by their kind (``print_pictures.py``).
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pamphletpress.compose.hyphenation import Hyphenator
from pamphletpress.compose.signs import tighten_signs
from pamphletpress.i18n import _
from pamphletpress.layout.figureplaces import number_figures
from pamphletpress.layout.floats import number_floats
from pamphletpress.read.document import Article, Box, Document
from pamphletpress.write.html_tree import (
    as_figure,
    copies,
    hyphenate_tree,
    hyphenator_for,
    with_figure_captions,
    with_table_captions,
)
from pamphletpress.write.math import displays_apart, print_math
from pamphletpress.write.placeholders import mark_placeholders
from pamphletpress.write.print_composing import (
    Composer,
    box_insets,
    compose_block,
    compose_box,
    compose_notes,
    where_in_column,
)
from pamphletpress.write.print_pictures import (
    COLUMN_PT,
    credited_photo,
    never_enlarged,
    printed_width_pt,
    warn_if_unreadable,
)
from pamphletpress.write.printed_addresses import PrintedAddresses

if TYPE_CHECKING:
    from pamphletpress.layout.columnends import Mendables

#: What a long build is doing, for the terminal's progress line (cli.py shows it).
progress = logging.getLogger("pamphletpress.progress")


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
    for number, article in enumerate(document.articles, 1):
        progress.info(
            _("composing “{title}” (article {number} of {articles_count})").format(
                title=article.meta.title, number=number, articles_count=len(document.articles)
            )
        )
        key = (article.meta.lang, tuple(article.meta.hyphenation))
        if key not in hyphenators:
            hyphenators[key] = hyphenator_for(article, cache)
        hyphenator = hyphenators[key]
        composer = composer_for(article, hyphenator) if composer_for else None
        headings = getattr(composer, "headings", None)
        setters = (getattr(composer, "tables", None), getattr(composer, "captions", None))
        column_pt = getattr(composer, "column_width", COLUMN_PT)
        composer = _counted(composer, tally)
        if options.covered is not None:
            article = _printable(article, options.covered, unprintable)
        node = print_article(
            article,
            hyphenator,
            composer,
            live_links=options.variant == "screen",
            code_columns=options.code_columns,
            mendables=mendables,
            headings=headings,
            setters=setters,
            column_pt=column_pt,
        )
        if options.image_url is not None:
            for img in node.iter("img"):
                img.set("src", options.image_url(img.get("src", "")))
        body.append(node)
    number_figures(body)  # a figure that leaves a hole is moved after layout
    mark_placeholders(body)
    number_floats(body)  # so is the text after a box that leaves one
    if tally[1]:  # in the PDF's Creator, for `check` to report
        generator = head.find("meta[@name='generator']")
        generator.set("content", f"pamphletpress (composer: {tally[0]} of {tally[1]} paragraphs)")
    return "<!DOCTYPE html>\n" + etree.tostring(root, encoding="unicode", method="html")


def _counted(composer: Composer | None, tally: list[int]) -> Composer | None:
    if composer is None:
        return None

    def compose(element: etree._Element, *args, **kwargs) -> bool | None:
        done = composer(element, *args, **kwargs)
        if done is not None:  # None: a passage in another language, not the composer's
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
    headings: Headings | None = None,
    setters: tuple[Setter | None, Setter | None] = (None, None),
    column_pt: float = COLUMN_PT,
) -> etree._Element:
    """One article: opening across the page, then runs of columns and boxes.

    ``live_links`` keeps links clickable (the screen PDF); in print they are text,
    their address printed after them. Code lines longer than ``code_columns``
    characters are wrapped, the rest of the line marked. Composed paragraphs a
    column may end in are remembered in ``mendables``; ``headings`` balances the
    headings (else only their long words get soft hyphens); ``setters`` size a
    table's columns and compose its cells, and compose a figure's caption;
    ``column_pt`` is the column's measure, for the warning about a small photo."""
    meta = article.meta
    node = etree.Element("article", {"class": "article", "lang": meta.lang})
    footer = "  ·  ".join(part for part in (meta.publication, meta.issue) if part)
    opening = etree.SubElement(node, "header", {"class": "opening", "data-footer": footer})
    if meta.kicker:
        etree.SubElement(opening, "p", {"class": "kicker"}).text = meta.kicker
    headline = etree.SubElement(opening, "h1", {"class": "headline"})
    headline.text = meta.title
    if headings is not None:
        headings(headline, "headline")
    if article.lede:
        lede = etree.SubElement(opening, "div", {"class": "lede"})
        for element in copies(article.lede):
            hyphenate_tree(element, hyphenator)
            lede.append(element)
    if meta.byline:
        etree.SubElement(opening, "p", {"class": "byline"}).text = meta.byline

    notes = {f"#{note.id}": note for note in article.notes}
    addresses = PrintedAddresses(live_links)
    for element in opening.iter("div"):
        place_footnotes(element, notes)
        addresses.print_links(element)
        print_math(element, article.source)

    def finish(paragraph: etree._Element) -> None:
        """What a composed paragraph gets after composing (again, when mended)."""
        hyphenate_tree(paragraph, hyphenator)
        compose_notes(paragraph, composer)
        tighten_signs(paragraph)

    # Spanning boxes stay outside the multi-column runs: WeasyPrint 70 can
    # silently drop content from a multi-column box with spanning children.
    columns: etree._Element | None = None
    # A block across both columns right after an intertitle waits until the
    # intertitle has its text: a heading never ends a run above a box.
    waiting: list[etree._Element] = []

    def across(spanning: etree._Element) -> None:
        nonlocal columns
        if columns is not None and len(columns) and columns[-1].tag in _HEADINGS:
            waiting.append(spanning)
            return
        node.append(spanning)
        columns = None

    for block in displays_apart(with_figure_captions(with_table_captions(article.body))):  # copies
        if isinstance(block, Box):
            across(
                print_box(
                    block,
                    hyphenator,
                    notes,
                    addresses,
                    composer,
                    headings,
                    article.source,
                    setters[0],
                )
            )
            continue
        element = as_figure(block)
        for img in element.iter("img"):
            figure = element.tag == "figure"
            kind = never_enlarged(
                img, credited_photo(element), article if figure else None, column_pt
            )
            if not figure:
                continue
            if kind == "small print":
                warn_if_unreadable(img, article)
            classes = ["figure"] + (["drawing"] if kind in ("drawing", "small print") else [])
            if kind == "small print" or "wide" in (img.get("class") or "").split():
                classes.append("wide")  # small print across both columns, to stay readable
            element.set("class", " ".join(classes))
        for pre in element.iter("pre"):
            wrap_code(pre, code_columns)
        for heading in element.iter("h2", "h3", "h4", "h5", "h6"):
            if headings is None or not headings(heading, HEADING_KINDS[heading.tag]):
                _emergency_hyphens(heading, hyphenator)
        for title in element.iter("p"):
            if title.get("class") == "box-title" and headings is not None:
                headings(title, "column-box-title")
        place_footnotes(element, notes)
        addresses.print_links(element)
        print_math(element, article.source)
        set_table_and_captions(element, *setters)
        if "wide" in (element.get("class") or "").split():
            hyphenate_tree(element, hyphenator)
            across(element)  # across both columns, between two column runs
            continue
        if columns is None:
            columns = etree.SubElement(node, "div", {"class": "columns"})
        columns.append(element)  # in place first: the composer looks at what precedes
        # (a passage in another language the composer declines: WeasyPrint sets it,
        # hyphenated in its own language)
        compose_block(element, composer, mendables, finish)
        hyphenate_tree(element, hyphenator)
        if waiting and element.tag not in _HEADINGS:
            node.extend(waiting)
            waiting.clear()
            columns = None
    node.extend(waiting)
    compose_notes(node, composer)
    tighten_signs(node)  # after composing, as the composer measured them (TightSigns)
    return node


#: ``headings(element, kind)``: a heading balanced over its lines (False: not measured).
Headings = Callable[[etree._Element, str], bool]
#: ``tables(table, wide, setting=None, within=())``, ``captions(caption, wide, width)``:
#: set in a column or across both (a table also in a box, or inside lists and quotes;
#: a caption at its picture's width where that is narrower).
Setter = Callable[..., bool]


def set_table_and_captions(
    element: etree._Element, tables: Setter | None, captions: Setter | None
) -> None:
    """A table sized to its words in the column, else across both columns
    (``wide``), its cells composed; a figure's caption composed at its width.
    Without the composer's numbers, a table goes across both columns when its
    longest words side by side would pass the column (an estimate)."""
    classes = (element.get("class") or "").split()
    if element.tag == "table":
        if tables is not None and tables(element, False):
            return
        if (tables is not None and tables(element, True)) or _too_wide(element):
            element.set("class", " ".join([*(element.get("class") or "").split(), "wide"]))
    elif element.tag == "figure":
        widths = [printed_width_pt(img) for img in element.iter("img")]
        width = max(widths) if widths and None not in widths else None
        for caption in element.findall("figcaption"):
            if captions is not None:
                captions(caption, "wide" in classes, width)
            if width is not None:  # no wider than its picture, under it (print.css centres)
                style = (caption.get("style") or "").strip().rstrip(";")
                caption.set("style", f"{style}; max-width: {width:.1f}pt".lstrip("; "))
    elif tables is not None:
        for table in list(element.iter("table")):
            where = where_in_column(table, element)
            if where is not None:
                tables(table, False, *where)


#: The kind of heading each tag is in the columns (print.css's sizes).
HEADING_KINDS = {"h2": "intertitle", "h3": "subhead", "h4": "minor-head", "h5": "minor-head",
                 "h6": "minor-head"}  # fmt: skip

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")

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


def print_box(
    box: Box,
    hyphenator: Hyphenator,
    notes: dict | None = None,
    addresses: PrintedAddresses | None = None,
    composer: Composer | None = None,
    headings: Headings | None = None,
    source: Path | None = None,
    tables: Setter | None = None,
) -> etree._Element:
    """The box across the page, its running text set by ``composer`` where it can,
    its title balanced by ``headings``, its tables sized and composed by ``tables``
    (``source``: the manuscript, named in warnings)."""
    aside = etree.Element("aside", {"class": f"box box-{box.kind}"})
    if box.title:
        title = etree.SubElement(aside, "h2", {"class": "box-title"})
        title.text = box.title
        if headings is not None:
            headings(title, "box-title")
    for element in displays_apart(copies(box.blocks)):
        place_footnotes(element, notes or {})
        if addresses is not None:
            addresses.print_links(element)
        aside.append(element)
        print_math(element, source)
        if tables is not None and element.tag == "table":
            tables(element, False, "box")
        elif tables is not None:  # in a list or a quotation in the box
            for table in list(element.iter("table")):
                inside = box_insets(table, aside)
                if inside is not None:
                    tables(table, False, "box", inside)
    compose_box(aside, composer, "box")
    for element in aside:
        if element.get("class") != "box-title":
            hyphenate_tree(element, hyphenator)
    return aside


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
            for index, block in enumerate(copies(note.blocks)):
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
