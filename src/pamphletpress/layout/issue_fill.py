"""Room a page's foot would leave empty, given to the article before it: a pull quote.

When the next article's headline and three lines do not fit under an article,
the next one opens the following page and the room is the article's: one of its
own sentences set large across its columns (the newspaper's pull quote), the one
that fills the room best, so that nothing after it moves: the rows its text needs
and a row of white at most (white round a quote reads as a hole). The sentences
are the author's, chosen by :func:`pamphletpress.write.issue_html.pull_quotes`;
which one fits is estimated from its lines, measured in the quote's face (a quote
that still runs over is taken back).
Likewise the room a cut article's first part leaves above its jump line, where
the cut could fall no lower (:func:`insert_jump_quote`).
"""

from __future__ import annotations

import copy
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from pamphletpress.compose.metrics import FontMetrics, load_font
from pamphletpress.layout.issue_jumps import MIN_LINES, composed_lines
from pamphletpress.read.project import shipped_root

#: issue.css's pull quote, in its two sizes: (class, size, leading): 14 pt Charis SIL
#: Italic on an 18.75 pt leading, or set larger (``large``: 18 pt on two body lines)
#: where a room is deeper than a sentence needs at 14 pt.
QUOTE_SIZES = (("", 14.0, 18.75), ("large", 18.0, 25.0))
QUOTE_MEASURE_PT = 370  # its lines: 137 mm inside its padding (388 pt), less some to be safe
QUOTE_CHARS = 50  # characters a 14 pt line is counted to hold where the face is not found
QUOTE_EXTRA_PT = 12  # its rules, the air over them (its padding) and under them, a little
QUOTE_AIR_PT = 4  # issue.css's margin under the quote's rule, inside the rows it takes
QUOTE_WHITE_ROWS = 1  # rows of white a quote may take beyond what its text needs
LINES_AFTER = 8  # body lines the quote stands above, at least (four a column)
MAX_ROWS = 12  # a quote set large, not a poster: more room than this stays (and is reported)
NEAR_UNDER = 6  # body lines under a quote, in each column, that may not hold its sentence
NEAR_OVER = 6  # ... and over it: the reader has just read it there


@dataclass(frozen=True)
class Quote:
    """A pull quote decided: ``rows`` deep, of ``text``, in the last run of article
    ``holder`` (``whole`` on its page or not), for the room under article ``foot`` at
    the foot of page ``page`` (the holder is the foot's article or one above it there)."""

    holder: str
    rows: int
    text: str
    page: int
    foot: str
    whole: bool


def gap_quote(
    root, anchors, above: list[str], foot: str, page: int, rows: int, sentences, row_pt: float
) -> Quote | None:
    """The quote for ``rows`` rows left at page ``page``'s foot under article ``foot``:
    in the foot's article, or where its quotes would all stand next to their sentence,
    strand an intertitle, leave a scrap above them or open its run, in an article above it on the
    page (``above``: the articles before it that may take one; of those, the ones
    laid out whole on the page), the one whose quote's place has the fewest faults
    (the least of them a quote whose text is too short to fill the room); None where
    none fits."""
    found = []
    for index, holder in enumerate([foot, *reversed(above)]):
        start = anchors.get(f"cont-{holder}", anchors.get(holder, (0,)))[0]
        whole = start == page
        if index and not (whole and anchors.get(f"end-{holder}", (0,))[0] == page):
            continue
        columns = last_columns(root, holder)
        if columns is None:
            continue
        chosen = chosen_quote(sentences.get(holder, []), rows, row_pt, columns, whole)
        if chosen and whole and balancing_row(root, holder, chosen[1]):
            chosen = chosen_quote(sentences.get(holder, []), rows - 1, row_pt, columns, whole)
        if chosen:
            faults = (*place_faults(columns, chosen[1], whole)[:4], chosen[0] < min(rows, MAX_ROWS))
            quote = Quote(holder, *chosen, page, foot, whole)
            found.append((faults, index, quote))
            if not any(faults):
                break
    return min(found, key=lambda f: f[:2])[2] if found else None


def rows_needed(text: str, row_pt: float, size: int = 0) -> int:
    """Rows of the page's grid a quote of ``text`` takes, set in ``QUOTE_SIZES[size]``."""
    _name, points, leading = QUOTE_SIZES[size]
    return math.ceil((_quote_lines(text, points) * leading + QUOTE_EXTRA_PT) / row_pt)


@lru_cache(maxsize=4096)  # asked for each sentence at each place, in every round
def _quote_lines(text: str, points: float) -> int:
    """The lines ``text`` takes set at ``points`` across the quote's measure, word by
    word as the browser fills them (counted by characters where the face is missing)."""
    font = _quote_face()
    if font is None:
        return math.ceil(len(text) / (QUOTE_CHARS * 14.0 / points))
    space = font.width(" ", points)
    lines, width = 1, 0.0
    for word in text.split():
        advance = font.width(word, points)
        if width and width + space + advance > QUOTE_MEASURE_PT:
            lines, width = lines + 1, advance
        else:
            width += (space if width else 0.0) + advance
    return lines


@lru_cache(maxsize=1)
def _quote_face() -> FontMetrics | None:
    """The quote's face (issue.css: Charis SIL Italic), as the tool ships it."""
    path = shipped_root() / "fonts" / "CharisSIL-Italic.ttf"
    return load_font(path, ligatures=False) if path.is_file() else None


def quote_size(text: str, rows: int, row_pt: float) -> int:
    """The size (an index of ``QUOTE_SIZES``) the quote of ``text`` is set in for a room
    of ``rows`` rows: the one whose text fills the most of it, the smaller where two
    fill it alike (a short sentence set large in a deep room, not padded with white)."""
    fitting = [(rows_needed(text, row_pt, size), -size) for size in range(len(QUOTE_SIZES))]
    fitting = [f for f in fitting if f[0] <= rows] or [min(fitting)]
    return -max(fitting)[1]


def quote_rows(text: str, rows: int, row_pt: float) -> int:
    """The rows the quote of ``text`` takes of a room of ``rows``: what its text needs
    in its size and at most ``QUOTE_WHITE_ROWS`` of white; the rest is not the quote's
    (white round a quote reads as a hole in the page)."""
    rows = min(rows, MAX_ROWS)
    need = rows_needed(text, row_pt, quote_size(text, rows, row_pt))
    return min(rows, need + QUOTE_WHITE_ROWS)


def quotes_in(html: str) -> dict[str, list[str]]:
    """Each article's pull quotes, as the issue's print page offers them, by id."""
    root = lxml_html.document_fromstring(html)
    return {
        article.get("id"): json.loads(article.get("data-quotes"))
        for article in root.iter("article")
        if article.get("data-quotes")
    }


def chosen_quote(
    quotes: list[str], rows: int, row_pt: float, columns=None, whole: bool = True
) -> tuple[int, str] | None:
    """The rows a quote takes and the quote of an article's that fits them, or None: no
    quote fits, or the room is far more than a quote should take (``MAX_ROWS``). Of
    those that fit (one that quotes someone first, the longest first), the first that
    has a place in ``columns`` (the article's last run) without a fault, else the one
    whose place has the fewest (:func:`place_faults`)."""
    ranked = _fitting(quotes, rows, row_pt)
    if not ranked:
        return None
    if columns is not None:
        ranked.sort(key=lambda q: place_faults(columns, q, whole))
    return quote_rows(ranked[0], rows, row_pt), ranked[0]


def place_faults(columns, text: str, whole: bool = True) -> tuple[bool, ...]:
    """What is wrong with the best place for the quote of ``text`` in ``columns`` (see
    :func:`_placings`), False for each when nothing is."""
    return min(faults for faults, _place, _after in _placings(columns, text, whole))


def _fitting(quotes: list[str], rows: int, row_pt: float) -> list[str]:
    """An article's quotes that fit ``rows`` rows, those that fill them first (at most
    a row of white, :func:`quote_rows`), then those that quote someone, the longest
    first; none where the room is far more than a quote should take."""
    if rows > MAX_ROWS + 4:
        return []
    rows = min(rows, MAX_ROWS)
    fitting = [q for q in quotes if rows_needed(q, row_pt) <= rows]
    quoting = [q for q in fitting if any(mark in q for mark in '„“”"')]
    ranked = list(reversed(quoting)) + [q for q in reversed(fitting) if q not in quoting]
    return sorted(ranked, key=lambda q: quote_rows(q, rows, row_pt) < rows)  # filling first


def insert_quote(root, ident: str, rows: int, text: str, row_pt: float, whole: bool) -> None:
    """The quote, ``rows`` rows deep, in the last run of columns of the part of article
    ``ident`` that ends it, at its best place (:func:`_placings`): as low as it can
    stand where the text under it, balanced in two columns, strands no intertitle,
    the text above it is no scrap, and the sentence it quotes is not next to it (the
    reader would read it twice in a row)."""
    columns = last_columns(root, ident)
    if columns is None:
        return
    quote = quote_element(text, rows, row_pt)
    place = _place(columns, text, whole)[0]
    _opened(columns, place)
    columns.insert(place, quote)


def _opened(columns, place: int) -> None:
    """A quote at ``place`` 0 opens ``columns`` right under the rule of the opening (or
    continuation head) over them: that head marked ``quoted`` (issue.css draws its rule
    no more: one rule for one break, the quote's)."""
    head = columns.getprevious()
    if place == 0 and head is not None and head.tag == "header":
        head.set("class", f"{head.get('class', '')} quoted".strip())


def insert_jump_quote(root, ident: str, rows: int, text: str, row_pt: float) -> bool:
    """The quote, ``rows`` rows deep, in the part of article ``ident`` before its jump
    line (the cut took its rows' lines less), at its best place there
    (:func:`_placings`); False where the article is not cut."""
    columns = root.get_element_by_id(f"body-{ident}", None)
    jump = columns.find("p[@class='jump-out']") if columns is not None else None
    if jump is None:
        return False
    columns.remove(jump)
    quote = quote_element(text, rows, row_pt)
    place = _place(columns, text, True)[0]
    _opened(columns, place)
    columns.insert(place, quote)
    columns.append(jump)
    return True


def quote_element(text: str, rows: int, row_pt: float):
    """The pull quote of ``text``, ``rows`` rows deep with its margins (on the grid: its
    rules keep their white from the lines over and under it), in its size."""
    size = QUOTE_SIZES[quote_size(text, rows, row_pt)][0]
    quote = etree.Element("aside", {"class": f"pull-quote {size}".strip()})
    quote.set("style", f"height: {rows * row_pt - QUOTE_AIR_PT:.2f}pt")
    etree.SubElement(quote, "p").text = text
    return quote


def quoted_lines(columns) -> tuple[int, int]:
    """The body lines above the pull quote in ``columns`` and those under it."""
    counts = [(c.get("class") or "", len(composed_lines(c) or ())) for c in columns]
    at = next((i for i, (kind, _n) in enumerate(counts) if kind == "pull-quote"), len(counts))
    return sum(n for _k, n in counts[:at]), sum(n for _k, n in counts[at + 1 :])


def jump_quote(
    quotes: list[str], rows: int, row_pt: float, columns, drop: int = 0
) -> tuple[int, str] | None:
    """The rows and the quote for the part of a cut article before its jump (its
    ``columns``, the jump line left out, ``drop`` lines fewer at its end where the cut
    moves up), ``rows`` rows deep or one more: one whose place there strands no
    intertitle, leaves no scrap and stands away from its sentence; None where none
    has such a place."""
    shell = lxml_html.Element("div")
    shell.extend(copy.deepcopy(c) for c in columns if (c.get("class") or "") != "jump-out")
    _drop_lines(shell, drop)
    for depth in (rows, rows + 1):
        chosen = chosen_quote(quotes, depth, row_pt, shell, True)
        if chosen and not any(place_faults(shell, chosen[1], True)[:3]):
            return chosen
    return None


def _drop_lines(columns, count: int) -> None:
    """``count`` composed lines less at the end of ``columns`` (whole blocks that hold
    none go with them)."""
    while count > 0 and len(columns):
        last = columns[-1]
        lines = composed_lines(last)
        if lines and len(lines) > count:
            for line in lines[-count:]:
                last.remove(line)
            return
        count -= len(lines or ())
        columns.remove(last)


def balancing_row(root, ident: str, text: str | None = None) -> bool:
    """Whether a quote (of ``text``, where known) would cost a row more than its own
    (the columns are balanced above it and below it apart: an odd count of lines each
    side leaves a row at both feet), when the last run of columns of article
    ``ident`` holds composed paragraphs only, laid out on one page."""
    columns = last_columns(root, ident)
    if columns is None:
        return False
    place, after = _place(columns, text)
    counts = [composed_lines(child) for child in columns]
    if not all(counts):
        return False
    before = sum(len(lines) for lines in counts) - after
    return place > 0 and before % 2 == 1 and after % 2 == 1


def last_columns(root, ident: str):
    """The last run of columns of the part of article ``ident`` that ends it, or None."""
    part = root.get_element_by_id(f"end-{ident}").getparent()
    runs = [c for c in part if "columns" in (c.get("class") or "")]
    return runs[-1] if runs else None


def _place(columns, text: str | None = None, whole: bool = True) -> tuple[int, int]:
    """Where in ``columns`` the quote of ``text`` stands, and the lines after it there
    (without a text: where a quote would stand, the sentence it quotes not known)."""
    _faults, minus_place, after = min(_placings(columns, text, whole))
    return -minus_place, after


def _placings(columns, text: str | None, whole: bool) -> list[tuple[tuple, int, int]]:
    """Each place a quote may take in ``columns`` (before a block, with at least
    ``2 * MIN_LINES`` lines after it), as (faults, minus the place, lines after): the faults
    are, worst first, an intertitle under it stranded at the first column's foot (or one
    right above it, cut off from its text), one or two lines a column above it between
    the blocks across the columns (a scrap, where the run is ``whole`` on its page), the
    sentence it quotes among the lines next to it, the run's top (its rules against the
    headline's or a box's above it: a quote stands inside the text), fewer than
    ``LINES_AFTER`` lines under it, odd counts of lines above and under it (each run
    balanced apart leaves a row at both feet). Sorted, the first is the lowest place
    with the fewest faults."""
    children = [c for c in columns if "pull-quote" not in (c.get("class") or "")]
    depths = [_rows(child) for child in children]
    total = sum(depths)
    source = _source_rows(children, depths, text) if text else set()
    found = []
    for place in range(len(children)):
        before = sum(depths[:place])
        after = total - before
        if after < 2 * MIN_LINES and place:
            break
        faults = (
            not _kept(children[place:], depths[place:]) or _under_heading(children, place),
            whole and 0 < before < 2 * MIN_LINES,
            bool(source & _near(before, after, whole)),
            place == 0,
            after < LINES_AFTER,
            place > 0 and before % 2 == 1 and after % 2 == 1,  # a row lost at both feet
        )
        found.append((faults, -place, after))
    return sorted(found) or [((True,) * 6, 0, total)]


def _under_heading(children: list, place: int) -> bool:
    """Whether the place is right under an intertitle: it would end its column's run,
    cut off from its text by the quote."""
    return place > 0 and children[place - 1].tag in ("h2", "h3", "h4")


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


def _near(before: int, after: int, whole: bool) -> set[int]:
    """The rows of the run a quote after its first ``before`` rows stands next to (rows
    counted down the run's blocks as one column): the ``NEAR_OVER`` above it in each
    column (in the second only, where the run is not ``whole`` on the page), the
    ``NEAR_UNDER`` under it in each (the reader would meet the sentence again a few
    lines on); a row more each side of where the columns are balanced, which is
    known only to a line."""
    high, low = -(-before // 2), -(-after // 2)
    near = set(range(max(before - NEAR_OVER, 0), before))
    if whole:
        near |= set(range(max(high - NEAR_OVER - 1, 0), high + 1))
    near |= set(range(before, before + NEAR_UNDER))
    near |= set(range(before + low - 1, before + low + NEAR_UNDER))
    return near


def _source_rows(children: list, depths: list[int], text: str) -> set[int]:
    """The rows of the run that hold the start of the sentence ``text`` (its first
    letters, as a reader finds it: all a block's rows where its lines are not known)."""
    key = _letters(text)[:20]
    row = 0
    for child, depth in zip(children, depths):
        if key in _letters(child):
            lines = composed_lines(child)
            if not lines:
                return set(range(row, row + depth))
            letters = [_letters(line) for line in lines]
            joined = "".join(letters)
            at = joined.index(key)
            rows, count = set(), 0
            for index, part in enumerate(letters):
                if count < at + len(key) and count + len(part) > at:
                    rows.add(row + index)
                count += len(part)
            return rows
        row += depth
    return set()


def _letters(text_or_element) -> str:
    """Letters and digits only, lower case: a sentence found in its paragraph's lines
    whatever their hyphens and spaces."""
    text = text_or_element if isinstance(text_or_element, str) else text_or_element.text_content()
    return re.sub(r"[\W_]+", "", text).casefold()
