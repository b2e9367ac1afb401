"""Room a page's foot would leave empty, given to the article before it: a pull quote.

When the next article's headline and three lines do not fit under an article,
the next one opens the following page and the room is the article's: one of its
own sentences set large across its columns (the newspaper's pull quote), as deep
as the room, so that nothing after it moves. The sentences are the
author's, chosen by :func:`pamphletpress.write.issue_html.pull_quotes`; which one
fits is estimated from its length (a quote that still runs over is taken back).
"""

from __future__ import annotations

import json
import math
import re

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.layout.issue_jumps import MIN_LINES, composed_lines

#: issue.css's pull quote: 14 pt type on an 18.75 pt leading across both columns
#: (137 mm inside its padding: about 55 characters a line; 50 counted to be safe), its
#: rules and a little air.
QUOTE_LEADING_PT = 18.75
QUOTE_CHARS = 50
QUOTE_EXTRA_PT = 8
LINES_AFTER = 8  # body lines the quote stands above, at least (four a column)
MAX_ROWS = 12  # a quote set large, not a poster: more room than this stays (and is reported)


def rows_needed(text: str, row_pt: float) -> int:
    """Rows of the page's grid a quote of ``text`` takes."""
    lines = math.ceil(len(text) / QUOTE_CHARS)
    return math.ceil((lines * QUOTE_LEADING_PT + QUOTE_EXTRA_PT) / row_pt)


def quotes_in(html: str) -> dict[str, list[str]]:
    """Each article's pull quotes, as the issue's print page offers them, by id."""
    root = lxml_html.document_fromstring(html)
    return {
        article.get("id"): json.loads(article.get("data-quotes"))
        for article in root.iter("article")
        if article.get("data-quotes")
    }


def chosen_quote(quotes: list[str], rows: int, row_pt: float) -> tuple[int, str] | None:
    """The rows a quote takes and the longest of an article's quotes that fits them (one
    that quotes someone first), or None: no quote fits, or the room is far more than a
    quote should take (``MAX_ROWS``)."""
    if rows > MAX_ROWS + 4:
        return None
    rows = min(rows, MAX_ROWS)
    fitting = [q for q in quotes if rows_needed(q, row_pt) <= rows]
    quoting = [q for q in fitting if any(mark in q for mark in '„“”"')]
    chosen = (quoting or fitting or [None])[-1]
    return (rows, chosen) if chosen else None


def insert_quote(root, ident: str, rows: int, text: str, row_pt: float) -> None:
    """The quote, ``rows`` rows deep, in the last run of columns of the part of article
    ``ident`` that ends it, above at least its last ``LINES_AFTER`` lines: as low as
    it can stand where the text under it, balanced in two columns, leaves no
    intertitle with fewer than ``MIN_LINES`` lines under it in its column, and not
    next to the paragraph it quotes (the reader would read the sentence twice)."""
    columns = _last_columns(root, ident)
    if columns is None:
        return
    quote = etree.Element("aside", {"class": "pull-quote"})
    quote.set("style", f"height: {rows * row_pt:.2f}pt")
    etree.SubElement(quote, "p").text = text
    columns.insert(_place(columns, text)[0], quote)


def balancing_row(root, ident: str) -> bool:
    """Whether a quote would cost a row more than its own (the columns are balanced
    above it and below it apart: an odd count of lines each side leaves a row at both
    feet), when the last run of columns of article ``ident`` holds composed paragraphs
    only, laid out on one page."""
    columns = _last_columns(root, ident)
    if columns is None:
        return False
    place, after = _place(columns)
    counts = [composed_lines(child) for child in columns]
    if not all(counts):
        return False
    before = sum(len(lines) for lines in counts) - after
    return place > 0 and before % 2 == 1 and after % 2 == 1


def _last_columns(root, ident: str):
    part = root.get_element_by_id(f"end-{ident}").getparent()
    runs = [c for c in part if "columns" in (c.get("class") or "")]
    return runs[-1] if runs else None


def _place(columns, text: str | None = None) -> tuple[int, int]:
    """Where in ``columns`` the quote of ``text`` stands, and the lines after it there
    (without a text: where a quote would stand, the sentence it quotes not known)."""
    children = list(columns)
    depths = [_rows(child) for child in children]
    key = _letters(text)[:40] if text else ""
    source = next((i for i, c in enumerate(children) if key and key in _letters(c)), None)
    places = [i for i in range(len(children)) if sum(depths[i:]) >= LINES_AFTER]
    good = [i for i in places if _kept(children[i:], depths[i:])]
    apart = [i for i in good if source not in _beside(i, depths)]
    place = max(apart or good or places or [0])
    return place, sum(depths[place:])


def _rows(element) -> int:
    """Rows of the grid a block of the columns takes (an estimate for a figure)."""
    if element.tag in ("h2", "h3", "h4"):
        return 2  # its line and its space above (print.css: 12.5 pt in all, twice)
    lines = composed_lines(element)
    if lines:
        return len(lines)
    if element.tag in ("ul", "ol"):
        return sum(len(composed_lines(item) or item) for item in element) + 1
    return 2


def _kept(blocks: list, depths: list[int]) -> bool:
    """Whether ``blocks``, balanced in two columns, keep every intertitle of the first
    column with ``MIN_LINES`` lines under it there (or it opens the second)."""
    height = -(-sum(depths) // 2)
    row = 0
    for block, depth in zip(blocks, depths):
        if block.tag in ("h2", "h3", "h4") and row < height < row + depth + MIN_LINES:
            return False
        row += depth
    return True


def _beside(place: int, depths: list[int]) -> set[int]:
    """The blocks a quote before block ``place`` stands next to: the one above it, the
    one under it at the first column's top, the one at the second column's top."""
    height = -(-sum(depths[place:]) // 2)
    row, second = 0, place
    for index in range(place, len(depths)):
        if row + depths[index] > height:
            second = index
            break
        row += depths[index]
    return {place - 1, place, second}


def _letters(text_or_element) -> str:
    """Letters and digits only, lower case: a sentence found in its paragraph's lines
    whatever their hyphens and spaces."""
    text = text_or_element if isinstance(text_or_element, str) else text_or_element.text_content()
    return re.sub(r"[\W_]+", "", text).casefold()
