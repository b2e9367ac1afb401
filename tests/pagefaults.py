"""Page faults a typographer marks on a proof, read back from a finished PDF.

An intertitle at a column's foot with fewer than three lines under it (the text
goes on in the next column), a last page holding only a few lines, an article's
end mark not on the last page (something was moved past the article's end), and
a hyphen between spaces standing for a dash (``doen - doe``, ``Technische schuld -``);
and from the page-by-page review (docs/review.md): a picture or caption touching the
text, text set after the end mark, the headline repeated as an intertitle, an address
broken between two letters with no mark or an e-mail address broken inside its name or
domain, a piece of an address alone on a short line, a scrap of one or two lines a
column between two things across the columns.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

#: Lines an intertitle needs under it in its own column (the brief: "three lines").
LINES_UNDER_A_HEADING = 3
#: The body's leading at 9.5 pt (styles/print.css): a line's height on the page.
LEADING = 12.5
END_MARK = "\u25a0"


def _is_intertitle(line) -> bool:
    """Most glyphs in Inter Bold at 9 to 10.5 pt, not a box's title in capitals
    and not a line that ends an article (the end mark is set in Inter Bold)."""
    ink = [c for c in line.chars if not c["text"].isspace()]
    bold = sum(1 for c in ink if c["fontname"].split("+", 1)[-1].startswith("Inter-Bold"))
    text = line.text
    return (
        bold * 2 > len(ink)
        and 8.9 <= line.size <= 10.6
        and END_MARK not in text
        and not text.isupper()
    )


def stranded_intertitles(path: Path, body_size: float = 9.5) -> list[str]:
    """Intertitles that are a column's last, with fewer than three body lines under
    them there, where the text goes on in a next column: "page N: heading (k lines)"."""
    from pamphletpress.check import pdfread

    lines = pdfread.read(path).column_lines(body_size, also=(10.5, 9.0))
    columns: dict[tuple[int, int], list] = {}
    for line in lines:
        if line.column in (0, 1):
            columns.setdefault((line.page, line.column), []).append(line)
    keys = sorted(columns)
    found = []
    for key in keys[:-1]:  # the last column with text ends the article
        column = columns[key]
        heads = [i for i, line in enumerate(column) if _is_intertitle(line)]
        if not heads:
            continue
        first = heads[-1]
        while first and _is_intertitle(column[first - 1]):
            first -= 1  # a heading set on two or three lines
        under = _run_under(column, heads[-1])
        if len(under) < LINES_UNDER_A_HEADING and not any(END_MARK in u.text for u in under):
            heading = " ".join(line.text for line in column[first : heads[-1] + 1])
            found.append(f"page {key[0] + 1}: {heading} ({len(under)} lines)")
    return found


def _run_under(column: list, head: int) -> list:
    """The body lines under a column's intertitle up to the next break in the run (a
    block across the columns, or the next article on a page of several): a gap of
    more than two lines' height after its first line (a picture right under the
    intertitle belongs to its run)."""
    run = []
    for line in column[head + 1 :]:
        if run and line.top - run[-1].top > 2 * LEADING:
            break
        run.append(line)
    return run


def end_mark_pages(path: Path) -> tuple[int, list[int]]:
    """The PDF's page count and the pages that carry an end mark (■)."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    marked = [page.number for page in pdf.pages if any(c["text"] == END_MARK for c in page.chars)]
    return len(pdf.pages), marked


def last_page_depth(path: Path) -> float:
    """How deep the last page's text runs, in body lines: from its first glyph to the
    last one above the folio (the page's lowest line)."""
    from pamphletpress.check import pdfread

    page = pdfread.read(path).pages[-1]
    ink = [c for c in page.chars if not c["text"].isspace()]
    lowest = max(c["bottom"] for c in ink)
    text = [c for c in ink if c["bottom"] <= lowest - 3]  # the folio left out
    if not text:
        return 0.0
    return (max(c["bottom"] for c in text) - min(c["top"] for c in text)) / LEADING


def spaced_hyphens(lines: list[str]) -> list[str]:
    """Lines with a hyphen between spaces after a word (``doen - doe``) or ending
    one (``schuld -``): a dash set as a hyphen; Dutch, German and English set an en
    dash (or an em dash) there."""
    return [line for line in lines if re.search(r"[^\W\d_] -( [^\W\d_]|$)", line)]


#: Body lines under a pull quote, in each column, that may not hold its sentence: the
#: reader meets it again within a few lines of the quote (issue 19's sample, page 10:
#: four lines under it).
LINES_UNDER_A_QUOTE = 6


#: Body lines above a pull quote, in each column, that may not hold its sentence: the
#: review's third round saw the sample issue's quotes on pages 6 and 10 four and two
#: lines under their sentence, which the two lines read before let pass.
LINES_ABOVE_A_QUOTE = 6


#: The sizes (pt) a pull quote is set in (issue.css: 14 pt, or 18 pt in a deep room).
QUOTE_SIZES = (14.0, 18.0)


def _quote_char(char: dict) -> bool:
    """Whether ``char`` is a pull quote's: italic, in one of its sizes."""
    sized = any(abs(char["size"] - size) < 0.3 for size in QUOTE_SIZES)
    return sized and "Italic" in char["fontname"] and bool(char["text"].strip())


def quotes_beside_their_sentence(
    path: Path, body_size: float = 9.5, above_lines: int = 2
) -> list[str]:
    """Pull quotes (14 or 18 pt italic across the columns) whose sentence stands in the body
    lines next to them (``above_lines`` above, the six under each column's top there):
    "page N: quote". The reader would read the sentence twice within a few lines."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    lines = pdf.column_lines(body_size)
    found = []
    for page in pdf.pages:
        quote = [c for c in page.chars if _quote_char(c)]
        if not quote:
            continue
        top, bottom = min(c["top"] for c in quote), max(c["bottom"] for c in quote)
        key = _letters("".join(c["text"] for c in quote))[:20]
        above: dict[int, list[str]] = {}
        under: dict[int, list[str]] = {}
        for line in lines:
            if line.page + 1 != page.number or not line.chars:
                continue
            y = min(c["top"] for c in line.chars)
            if y >= bottom:
                under.setdefault(line.column, []).append(line.text)
            elif y < top:
                above.setdefault(line.column, []).append(line.text)
        near = [texts[-above_lines:] for texts in above.values()]
        near += [texts[:LINES_UNDER_A_QUOTE] for texts in under.values()]
        if any(key in _letters(" ".join(texts)) for texts in near):
            found.append(f"page {page.number}: {''.join(c['text'] for c in quote)[:60]}")
    return found


def rules_over_page_tops(path: Path) -> list[int]:
    """Pages whose text opens under a rule across the text block that is not the
    running head's own (the highest such rule): the rule and the room an article
    takes after another, left above a headline at a page's top."""
    from pamphletpress.check import pdfread

    found = []
    for page in pdfread.read(path).pages[1:]:  # page 1 has no running head
        ink = sorted((c for c in page.chars if c["text"].strip()), key=lambda c: c["top"])
        if not ink:
            continue
        text = next((c["top"] for c in ink if c["top"] > ink[0]["top"] + 5), None)
        drawn = page.rects + page.curves
        if text is None or not drawn:
            continue
        widest = max(r["x1"] - r["x0"] for r in drawn)
        rules = [r for r in drawn if r["x1"] - r["x0"] > 0.7 * widest]
        head = min(r["top"] for r in rules)
        if any(head + 2 < r["top"] < text for r in rules):
            found.append(page.number)
    return found


def page_openings(path: Path, body_size: float = 9.5) -> dict[int, tuple[str, str]]:
    """Each page's running head's section (the head's words in the accent colour, 7.5
    pt, over the text block) and its first body line (the first column's top line):
    {page: (section, line)}, for the pages that have both."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    first: dict[int, str] = {}
    for line in pdf.column_lines(body_size):
        if line.column == 0 and line.chars:
            first.setdefault(line.page + 1, line.text)
    found = {}
    for page in pdf.pages:
        ink = [c for c in page.chars if c["text"].strip()]
        top = min((c["top"] for c in ink), default=0)  # the running head's line
        head = [
            c
            for c in ink
            if c["top"] < top + 2
            and abs(c["size"] - 7.5) < 0.2
            and tuple(c.get("non_stroking_color") or ()) != (0, 0, 0, 1)
        ]
        head = sorted(head, key=lambda c: c["x0"])
        words = "".join(c["text"] for c in head)
        if page.number in first and head:
            found[page.number] = (words, first[page.number])
    return found


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


#: White (pt) a picture and its caption keep from running text above and below: half
#: a body line. Between two lines of text the glyphs' boxes stand 3 pt apart.
FIGURE_WHITE = LEADING / 2


def crowded_figures(path: Path, body_size: float = 9.5) -> list[str]:
    """Pictures that touch the text over them, or whose caption touches the text under
    them: "page N: 2.5 pt above" (glyph boxes to the picture's or caption's edge, in
    the picture's width; a photo cropped to the grid as it shows). A heading's own
    space counts as white; a column's or page's edge needs none."""
    found = []
    for page, above, below in figure_white(path, body_size):
        if above is not None and above < FIGURE_WHITE:
            found.append(f"page {page}: {above:.1f} pt above")
        if below is not None and below < FIGURE_WHITE:
            found.append(f"page {page}: {below:.1f} pt below")
    return found


Whites = list[tuple[int, float | None, float | None]]


def figure_white(path: Path, body_size: float = 9.5) -> Whites:
    """(page, white above, white below) of each picture (not one in a line of text):
    from the glyphs of the text above to the picture's top, and from its caption's
    last glyphs to the text under it (None: a column's or page's edge)."""
    from pamphletpress.check import pdfread

    found = []
    pdf = pdfread.read(path)
    for page in pdf.pages:
        ink = [c for c in page.chars if not c["text"].isspace()]
        for image in pdf.shown_images(page):  # a photo cropped to the grid: what shows
            if image["bottom"] - image["top"] < 2 * LEADING:
                continue  # a picture in a line of text (an icon)
            inside = [c for c in ink if c["x1"] > image["x0"] + 1 and c["x0"] < image["x1"] - 1]
            above = [c["bottom"] for c in inside if c["bottom"] <= image["top"] + 1]
            under = sorted((c for c in inside if c["top"] >= image["bottom"] - 1), key=_top)
            foot = image["bottom"]
            while under and _is_caption(under[0], body_size) and under[0]["top"] - foot < 12:
                row = [c for c in under if abs(c["top"] - under[0]["top"]) < 2]
                foot = max(c["bottom"] for c in row)
                under = [c for c in under if c["top"] > under[0]["top"] + 2]
            found.append(
                (
                    page.number,
                    image["top"] - max(above) if above else None,
                    under[0]["top"] - foot if under else None,
                )
            )
    return found


def _top(char: dict) -> float:
    return char["top"]


def _is_caption(char: dict, body_size: float) -> bool:
    """A caption's glyph: Inter, smaller than the body (styles/print.css)."""
    return char["size"] < body_size - 0.5 and "Inter" in char["fontname"]


def text_after_end_mark(path: Path) -> list[str]:
    """Lines of an article printed after its end mark (■) on the mark's page: under it
    in its column, or in the column to its right, down to the next rule across the
    text block (a box's, the notes', or on an issue's page the next article's: its
    text follows the mark there as it should). A box (a tinted frame across the
    columns), notes and captions (small type) and the running foot may follow; the
    article's text, a code block or a card set in the column, may not. Every mark on
    the page is read (an issue's page ends several articles), from the rule above it
    (text above a block across the columns is read before it)."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.issue import issue_metadata

    pdf = pdfread.read(path)
    foot_row = not issue_metadata(pdf)  # an issue's folio stands at the page's top
    found = []
    for page in pdf.pages:
        marks = [c for c in page.chars if c["text"] == END_MARK]
        if not marks:
            continue
        middle = (page.bbox[0] + page.bbox[2]) / 2
        rules, tints = _rules_and_tints(page, middle)
        lowest = _lowest_row(page) - 1 if foot_row else page.bbox[3]
        for mark in marks:
            left_column = mark["x0"] < middle
            floor = min([r for r in rules if r > mark["bottom"]] + [lowest])
            ceiling = max([r for r in rules if r < mark["top"]] + [mark["bottom"] - 200])
            after = [
                c
                for c in page.chars
                if not c["text"].isspace()
                and c["top"] < floor
                and (
                    c["size"] >= 9 or "Mono" in c["fontname"]
                )  # notes, a floated picture's caption
                and not any(_within(c, t) for t in tints)
                and (
                    (c["top"] > mark["bottom"] and (c["x0"] < middle) == left_column)
                    or (left_column and c["x0"] > middle and c["top"] > ceiling)
                )
            ]
            rows: dict[int, list[dict]] = {}
            for char in after:
                rows.setdefault(round(char["top"]), []).append(char)
            for top in sorted(rows):
                text = "".join(c["text"] for c in sorted(rows[top], key=lambda c: c["x0"]))
                found.append(f"page {page.number}: {text.strip()}")
    return found


def _rules_and_tints(page, middle: float) -> tuple[list[float], list[dict]]:
    """The heights of the rules across the text block (a thin rectangle or line, or the
    edge of a box drawn with a border: WeasyPrint fills a border's outer rectangle in
    its colour) and the tinted boxes across it (a light fill, more than a line deep; a
    code block in a column is the text's)."""
    across = [
        r
        for r in page.rects + page.curves + page.lines
        if r["x0"] < middle - 20 < middle + 20 < r["x1"]
    ]
    tints = [r for r in across if r.get("fill") and r["bottom"] - r["top"] > 12 and _light(r)]
    rules = [
        r["top"] for r in across if r["bottom"] - r["top"] < 2 or (r.get("fill") and not _light(r))
    ]
    return rules, tints


def _light(rect: dict) -> bool:
    """Whether a filled rectangle's colour is a tint or white (not a rule's ink)."""
    colour = rect.get("non_stroking_color")
    if isinstance(colour, (int, float)):
        colour = (colour,)
    if not colour:
        return True
    if len(colour) == 4:  # CMYK
        return sum(colour) < 0.5
    return min(colour) > 0.5  # grey or RGB: near white


def _lowest_row(page) -> float:
    """The top of the page's lowest row of glyphs: the running foot and folio."""
    return max(c["top"] for c in page.chars if not c["text"].isspace())


def _within(char: dict, rect: dict) -> bool:
    return (
        rect["x0"] - 1 <= char["x0"]
        and char["x1"] <= rect["x1"] + 1
        and rect["top"] - 1 <= char["top"]
        and char["bottom"] <= rect["bottom"] + 1
    )


def repeated_headline(path: Path) -> list[str]:
    """The article's first intertitle when it says what the headline says (a
    manuscript that opens with its own title as a heading): printed twice, one
    under the other."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    first = pdf.pages[0]
    headline = " ".join(
        c["text"]
        for c in sorted(first.chars, key=lambda c: (round(c["top"]), c["x0"]))
        if c["size"] >= 3 * 9.5
    )
    lines = pdf.column_lines(9.5, also=(10.5, 9.0))
    heads = [line for line in lines if line.page == 0 and _is_intertitle(line)]
    if not heads:
        return []
    title = [heads[0]]
    for line in heads[1:]:
        if line.column == title[-1].column and 0 < line.top - title[-1].top < 2 * line.size:
            title.append(line)  # the same heading on its next line
    intertitle = " ".join(line.text for line in title)
    return [intertitle] if _letters(intertitle) == _letters(headline) else []


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def column_neighbours(lines: list) -> list[tuple]:
    """Each body line with words and the line under it in the same column, when that
    holds words too: the pairs a line break inside a word or address stands between.
    Not a line and the first under a box or picture across the columns (no line of
    another column beside the gap): the text above it goes on in the next column,
    the text under it comes from the column before. A picture in one column has
    text beside it: the lines above and under it stay a pair."""
    steps = Counter(
        round(after.top - line.top, 1)
        for line, after in zip(lines, lines[1:])
        if (line.page, line.column) == (after.page, after.column) and after.top > line.top
    )
    step = steps.most_common(1)[0][0] if steps else 0.0

    def across(line, after) -> bool:
        if after.top - line.top <= 2 * step:
            return False
        return not any(
            other.page == line.page
            and other.column != line.column
            and line.top + 1.5 * step < other.top < after.top - 1.5 * step
            for other in lines
        )

    return [
        (line, after)
        for line, after in zip(lines, lines[1:])
        if line.words
        and after.words
        and (line.page, line.column) == (after.page, after.column)
        and not across(line, after)
    ]


#: A file name at the end of an address in the manuscript (compose/addresses.py keeps
#: one up to its FILE_NAME_WHOLE characters whole).
FILE_NAME = re.compile(
    r"(?:https?://|www\.)[^\s)\]>\"]*/([^/\s?#)\]>\"]+\.[A-Za-z][A-Za-z0-9]{1,4})(?=[)\]\s?#\">]|$)"
)


def broken_file_names(path: Path, source: str) -> list[str]:
    """File names at the end of the manuscript's addresses printed over two lines
    (``…/main/Haven+`` over ``_HLD_Ref_Impl.jpg``): printed, but in no one line."""
    from pamphletpress.check.pdftext import pdf_lines
    from pamphletpress.compose.addresses import FILE_NAME_WHOLE

    lines = [line.replace(" ", "") for line in pdf_lines(path)]
    joined = "".join(lines)
    names = {n for n in FILE_NAME.findall(source) if len(n) <= FILE_NAME_WHOLE}
    return sorted(n for n in names if n in joined and not any(n in line for line in lines))


def unmarked_breaks(path: Path, source: str, body_size: float = 9.5) -> list[str]:
    """An address, file name or hash broken between two letters or digits with no
    mark (``…/no`` over ``de_modules``, ``d079`` over ``84fe…``): the two halves read
    as two words. Found where a line's last word and the next line's first, joined,
    are one verbatim token of the manuscript."""
    from pamphletpress.check import pdfread
    from pamphletpress.compose.hyphenation import is_verbatim

    lines = pdfread.read(path).column_lines(body_size)
    tokens = set(re.findall(r"[^\s()<>\[\]]+", source))
    found = []
    for line, after in column_neighbours(lines):
        last, first = line.words[-1].lstrip("("), after.words[0]
        if not (last[-1:].isalnum() and first[:1].isalnum()):
            continue
        joined = last + first.rstrip(").,;:")
        if is_verbatim(joined) and any(joined in token for token in tokens):
            found.append(f"page {line.page + 1}: {last} / {first}")
    return found


def broken_mail_addresses(path: Path, source: str, body_size: float = 9.5) -> list[str]:
    """E-mail addresses of the manuscript broken anywhere but before their ``@``
    (``developer`` over ``.overheid@geonovum.nl``, ``algoritmes@minbzk`` over
    ``.nl.``): "page N: first half / second half"."""
    from pamphletpress.check import pdfread

    mails = set(re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", source))
    lines = pdfread.read(path).column_lines(body_size)
    found = []
    for line, after in column_neighbours(lines):
        last, first = line.words[-1].lstrip("(<"), after.words[0]
        joined = (last + first).rstrip(").,;:!?>")
        if joined in mails and not first.startswith("@"):
            found.append(f"page {line.page + 1}: {last} / {first}")
    return found


def address_scraps(path: Path, body_size: float = 9.5) -> list[str]:
    """Lines of running text that hold only a piece of an address, less than half the
    column wide, the address going on on the next line (``.standaarden`` between
    ``…TOOI API: api`` and ``.overheid.nl/v1/…``): a hole in a justified column.
    "page N: piece"."""
    from pamphletpress.check import pdfread
    from pamphletpress.compose.addresses import BREAK_AFTER, BREAK_BEFORE

    lines = [line for line in pdfread.read(path).column_lines(body_size) if line.column in (0, 1)]
    if not lines:
        return []
    measure = max(line.x1 - line.x0 for line in lines)
    found = []
    for line, after in column_neighbours(lines):
        piece, next_piece = line.text.strip(), after.words[0]
        if " " in piece or line.x1 - line.x0 >= measure / 2 or abs(after.x0 - line.x0) > 1:
            continue
        starts = piece.lstrip("(")[:1] in BREAK_BEFORE or piece.endswith(BREAK_AFTER)
        if starts and (next_piece[:1] in BREAK_BEFORE + "%" or piece.endswith(BREAK_AFTER)):
            found.append(f"page {line.page + 1}: {piece}")
    return found


def scraps(path: Path, body_size: float = 9.5) -> list[str]:
    """Runs of two-column text between two things across the columns (a box, a
    picture, a pull quote, a headline's rule) where a column holds one or two lines:
    "page N: 2 + 2 lines". A run that ends its article (the end mark) may be short."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    lines = [line for line in pdf.column_lines(body_size) if line.column in (0, 1)]
    left = [line for line in lines if line.column == 0]
    right = [line for line in lines if line.column == 1]
    if not left or not right:
        return []
    gutter = (max(line.x1 for line in left) + 0.5, min(line.x0 for line in right) - 0.5)
    found = []
    for page in pdf.pages:
        blocks = sorted(
            [
                (c["top"], c["bottom"])
                for c in page.chars
                if not c["text"].isspace() and c["x0"] < gutter[1] and c["x1"] > gutter[0]
            ]
            + [
                (r["top"], r["bottom"])
                for r in page.images + page.rects + page.curves
                if r["x0"] < gutter[0] and r["x1"] > gutter[1]
            ]
        )
        own = [line for line in lines if line.page == page.number - 1]
        for (_, above), (below, _) in zip(blocks, blocks[1:]):
            run = [line for line in own if above < line.top and line.top + 1 < below]
            if not run or any(END_MARK in line.text for line in run):
                continue
            counts = [sum(1 for line in run if line.column == k) for k in (0, 1)]
            if 0 < min(counts) < LINES_UNDER_A_HEADING or 0 < max(counts) < LINES_UNDER_A_HEADING:
                found.append(f"page {page.number}: {counts[0]} + {counts[1]} lines")
    return sorted(set(found))


def lists_cut_by_blocks(path: Path, source: str, body_size: float = 9.5) -> list[str]:
    """A list of the manuscript cut by a block across both columns (a box, a wide
    picture or diagram): the text's last line above the block and its first under it
    both lines of one list (indented past the column's text; the items found in the
    same list of the source), "page N: '• Active…' / '• Deprecated…'". A block is
    wide and a line indented as measured against the whole text block, not the
    page's lines (a page of list items has no text at its columns' edge). Its items
    above and under the block read as two lists; two lists the manuscript puts
    round a box are not one cut."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.typometrics import column_edges, left_edges

    lists = _source_lists(source)
    pdf = pdfread.read(path)
    lines = pdf.column_lines(body_size)
    if not lines:
        return []
    # The text block and each column's edge, from every page: a page of list items
    # only (or of one column's text) has neither where its own lines stand.
    starts = left_edges(lines)
    edges = {c: min(x for (_, k), x in starts.items() if k == c) for c in {k for _, k in starts}}
    wide = 0.6 * (max(column_edges(lines).values()) - min(edges.values()))
    found = set()
    for page in pdf.pages:
        on_page = [line for line in lines if line.page == page.number - 1]
        if not on_page:
            continue
        blocks = [(i["top"], i["bottom"]) for i in page.images if i["x1"] - i["x0"] > wide]
        blocks += [
            (r["top"], r["bottom"])
            for r in page.rects
            if r.get("fill") and r["x1"] - r["x0"] > wide and r["bottom"] - r["top"] > LEADING
        ]
        for top, bottom in blocks:
            above = [ln for ln in on_page if ln.top < top]
            under = [ln for ln in on_page if ln.top > bottom]
            if not above or not under:
                continue
            last = max(above, key=lambda ln: (ln.column, ln.top))
            first = min(under, key=lambda ln: (ln.column, ln.top))
            if not all(ln.x0 > edges[ln.column] + 3 for ln in (last, first)):
                continue
            bullets = [ln for ln in above if ln.column == last.column and ln.text.startswith("•")]
            item = max(bullets, key=lambda ln: ln.top, default=None)  # the last item's head
            if not first.text.startswith("•") or item is None:
                found.add(f"page {page.number}: {last.text[:20]!r} / {first.text[:20]!r}")
            elif _same_list(lists, item.text, first.text):
                found.add(f"page {page.number}: {item.text[:20]!r} / {first.text[:20]!r}")
    return sorted(found)


def _source_lists(source: str) -> list[list[str]]:
    """The manuscript's bulleted lists: each its items' plain words (links, emphasis
    and code marks left out), a list ending at the first line that is neither an
    item, nor indented, nor blank."""
    lists: list[list[str]] = []
    current: list[str] | None = None
    for raw in source.splitlines():
        item = re.match(r"^[-*+]\s+(.*)", raw)
        if item:
            if current is None:
                current = []
                lists.append(current)
            current.append(_plain_words(item.group(1)))
        elif current is not None and raw.strip() and not raw.startswith((" ", "\t")):
            current = None
    return lists


def _plain_words(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def _same_list(lists: list[list[str]], above: str, under: str) -> bool:
    """Whether the printed items ``above`` and ``under`` (their first line, after the
    bullet) begin two items of one list of the manuscript."""
    heads = [" ".join(t.lstrip("• ").split()[:3]) for t in (above, under)]
    for items in lists:
        places = [next((n for n, i in enumerate(items) if i.startswith(h)), None) for h in heads]
        if None not in places:
            return True
    return False


#: Column tops further apart than this (pt) are not level (issue 24: an intertitle
#: opening the right column stood a line lower than the text beside it).
TOPS_APART = 3.0


def uneven_column_tops(path: Path, leading: float = 12.5) -> list[str]:
    """Places where the two columns start under the same thing (the page's top, a
    box or a picture across the columns) at tops more than :data:`TOPS_APART` apart:
    "page N: left TOP, right TOP". A column's run starts at its first line on the
    page or under a gap of three lines or more (the white under an intertitle at a
    column's top is two); two runs whose starts lie within a
    line and a half of each other start under the same thing."""
    import pdfplumber

    found = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            boxes = [r for r in page.rects if r["width"] > 0.6 * page.width and r["height"] > 5]
            chars = [
                c
                for c in page.chars
                if not c["text"].isspace()
                and 7.8 <= c["size"] <= 11.5
                and not any(r["top"] <= c["top"] and c["bottom"] <= r["bottom"] for r in boxes)
            ]  # body, code, intertitles; not tables (7.5 pt), heads, titles, boxes' text
            middle = _gutter(chars, page.width)
            across = {round(c["bottom"], 0) for c in chars if c["x0"] < middle < c["x1"]}
            chars = [c for c in chars if round(c["bottom"], 0) not in across]
            rows: dict[int, dict[float, tuple[float, float]]] = {0: {}, 1: {}}
            for c in chars:
                side = 0 if c["x1"] <= middle else 1 if c["x0"] >= middle else None
                if side is None:
                    continue
                base = round(c["bottom"], 0)
                top, x0 = rows[side].get(base, (c["top"], c["x0"]))
                rows[side][base] = (min(top, c["top"]), min(x0, c["x0"]))
            starts = []
            for side in (0, 1):
                if not rows[side]:
                    starts.append([])
                    continue
                # lines that start at the column's edge (or a list's indent from it):
                # not a table's second cell, nor a line across the middle, cut in two
                edge = min(x0 for _, x0 in rows[side].values())
                bases = sorted(b for b, (_, x0) in rows[side].items() if x0 < edge + 15)
                rows[side] = {b: rows[side][b][0] for b in bases}
                starts.append(
                    [
                        rows[side][b]
                        for k, b in enumerate(bases)
                        if k == 0 or b - bases[k - 1] > 3 * leading + 0.5
                    ]
                )
            for left in starts[0]:
                for right in starts[1]:
                    if TOPS_APART < abs(left - right) < 1.5 * leading:
                        found.append(f"page {number}: left {left:.1f}, right {right:.1f}")
    return found


def _gutter(chars: list[dict], width: float) -> float:
    """The middle of the gutter: the point near the page's middle that the fewest
    characters cover (a box's lines across the columns cover it, the columns not)."""
    points = [width * (0.35 + 0.3 * k / 120) for k in range(121)]
    return min(
        points, key=lambda x: (sum(c["x0"] < x < c["x1"] for c in chars), abs(x - width / 2))
    )


#: White (pt) a rule across the columns keeps from the body's glyph boxes over and under
#: it: those boxes hold the descenders, so a rule nearer than this touches the letters
#: and reads as an underline (the sample issue's quote rules on pages 6 and 10: 0 pt).
RULE_WHITE = 2.0


def rules_on_text(path: Path, body_size: float = 9.5) -> list[str]:
    """Rules across the columns (a pull quote's, a box's border, the one between two
    articles) standing closer than :data:`RULE_WHITE` under the body text over them, or
    a thin rule over the text under it: "page N: 0.0 pt under 'ligt, is het…'" (the
    glyphs in the rule's width). A border is read by its outer rectangle's top, as
    WeasyPrint fills it in the border's colour (see :func:`_rules_and_tints`)."""
    from pamphletpress.check import pdfread

    found = set()
    for page in pdfread.read(path).pages:
        middle = (page.trim[0] + page.trim[2]) / 2
        body = [c for c in page.chars if c["text"].strip() and abs(c["size"] - body_size) < 0.3]
        for rule in page.rects + page.curves + page.lines:
            thin = rule["bottom"] - rule["top"] < 2
            if not rule["x0"] < middle - 20 < middle + 20 < rule["x1"]:
                continue
            if not (thin or (rule.get("fill") and not _light(rule))):
                continue
            inside = [c for c in body if c["x1"] > rule["x0"] and c["x0"] < rule["x1"]]
            top, bottom = rule["top"], rule["bottom"]
            over = [c for c in inside if c["top"] < top < c["bottom"] + RULE_WHITE]
            under = [c for c in inside if thin and c["bottom"] > bottom > c["top"] - RULE_WHITE]
            for side, row, gap in (
                ("under", over, min((top - c["bottom"] for c in over), default=0.0)),
                ("over", under, min((c["top"] - bottom for c in under), default=0.0)),
            ):
                if row:
                    text = "".join(c["text"] for c in sorted(row, key=_left))[:20]
                    found.add(f"page {page.number}: {max(0.0, gap):.1f} pt {side} {text!r}")
    return sorted(found)


def _left(char: dict) -> float:
    return char["x0"]


def pictures_off_centre(path: Path, body_size: float = 9.5) -> list[str]:
    """Pictures across the columns (over the gutter) narrower than the text block that
    do not stand in its middle: "page N: 2 pt left, 111 pt right". Set smaller than
    the block (a picture's own size, or shrunk to keep the last page), a picture
    flush left leaves a hole beside it that a reader takes for a missing one
    (don-nodemodules p1, don-techschuld p2 in the review's third round)."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    lines = pdf.column_lines(body_size)
    found = []
    for page in pdf.pages:
        mine = [line for line in lines if line.page + 1 == page.number]
        if not mine:
            continue
        left, right = min(line.x0 for line in mine), max(line.x1 for line in mine)
        middle = (page.trim[0] + page.trim[2]) / 2
        for image in pdf.shown_images(page):
            if not image["x0"] < middle - 10 < middle + 10 < image["x1"]:
                continue
            before, after = image["x0"] - left, right - image["x1"]
            if abs(before - after) > PICTURE_OFF_CENTRE:
                found.append(f"page {page.number}: {before:.0f} pt left, {after:.0f} pt right")
    return found


#: How far (pt) the white left and right of a picture across the columns may differ: a
#: full-width picture ends about 3 pt inside the lines' ends, which marks hang out of.
PICTURE_OFF_CENTRE = 6.0


#: White (pt) a pull quote may keep between its text and what stands over and under it
#: (the body, or a rule across the columns): two body lines. The sample issue's quotes
#: keep 13 to 23 pt; on page 6 in the review's third round 60 pt over and under, a hole
#: filled with white round the quote.
QUOTE_WHITE = 2 * LEADING


def padded_quotes(path: Path, body_size: float = 9.5) -> list[str]:
    """Pull quotes (14 or 18 pt italic) with more than :data:`QUOTE_WHITE` of white over or
    under their text: "page N: 60 pt over, 60 pt under"."""
    from pamphletpress.check import pdfread

    found = []
    for page in pdfread.read(path).pages:
        quote = [c for c in page.chars if _quote_char(c)]
        if not quote:
            continue
        top, bottom = min(c["top"] for c in quote), max(c["bottom"] for c in quote)
        middle = (page.trim[0] + page.trim[2]) / 2
        rules, _tints = _rules_and_tints(page, middle)
        bands = _rule_bands(page, middle)  # a border's own edges (the opening's rule over it)
        body = [c for c in page.chars if c["text"].strip() and abs(c["size"] - body_size) < 0.3]
        over = [c["bottom"] for c in body if c["bottom"] <= top] + [r for r in rules if r < top]
        over += [low for _high, low in bands if low <= top]
        under = [c["top"] for c in body if c["top"] >= bottom] + [r for r in rules if r > bottom]
        under += [high for high, _low in bands if high >= bottom]
        white_over = top - max(over) if over else 0.0
        white_under = min(under) - bottom if under else 0.0
        if max(white_over, white_under) > QUOTE_WHITE:
            found.append(
                f"page {page.number}: {white_over:.0f} pt over, {white_under:.0f} pt under"
            )
    return found


#: How much more white (pt) an intertitle opening a column may keep under it than one
#: inside a column: the review's fourth look saw a line's white under those that open
#: a column or a run under a box, their space above moved below them (layout/grid.py).
DETACHED_BY = 4.0
#: From an intertitle's glyph tops to its first line's inside a column: a line and the
#: 3 pt print.css sets under it (17.3 to 17.9 pt in every corpus document that has one);
#: what a document whose intertitles all open a column is measured against.
INTERTITLE_GAP = 17.9


def detached_intertitles(path: Path, body_size: float = 9.5) -> list[str]:
    """Intertitles opening a column (or its run under a block across the columns)
    that stand further above their first line than the document's intertitles inside
    a column do (or :data:`INTERTITLE_GAP`, where it has none): "page N: heading
    (+12.5 pt)". An intertitle belongs to the text under
    it: white between them cuts it loose, to float between the page's top and its text."""
    from pamphletpress.check import pdfread

    lines = pdfread.read(path).column_lines(body_size, also=(10.5, 9.0))
    columns: dict[tuple[int, int], list] = {}
    for line in lines:
        if line.column in (0, 1):
            columns.setdefault((line.page, line.column), []).append(line)
    inside, opening = [], []
    for (page, _column), column in sorted(columns.items()):
        for i, line in enumerate(column[:-1]):
            if not _is_intertitle(line) or _is_intertitle(column[i + 1]):
                continue
            first = i
            while first and _is_intertitle(column[first - 1]):
                first -= 1
            gap = column[i + 1].top - line.top
            opens = first == 0 or column[first].top - column[first - 1].top > 3 * LEADING
            heading = " ".join(x.text for x in column[first : i + 1])
            (opening if opens else inside).append((page + 1, heading, gap))
    if inside:
        usual = sorted(gap for _page, _heading, gap in inside)[len(inside) // 2]
    else:  # every intertitle opens a column (kafka-1's 'I.', the sample page's)
        usual = INTERTITLE_GAP
    return [
        f"page {page}: {heading} (+{gap - usual:.1f} pt)"
        for page, heading, gap in opening
        if gap > usual + DETACHED_BY
    ]


#: White (pt) two rules across the columns with nothing between them stand apart at
#: most to be read as one break drawn twice: two body lines. The review's third round
#: saw a headline's rule and a pull quote's 15.3 pt apart (sample issue p7, p10): a
#: typographer draws one rule for one break.
STACKED_WITHIN = 2 * LEADING


def stacked_rules(path: Path) -> list[str]:
    """Two rules across the columns (a headline's or a box's border, a pull quote's,
    the one between two articles) with no glyph between them and less than
    :data:`STACKED_WITHIN` of white apart: "page N: 15.3 pt between the rules at 634.7
    and 650.0 pt". A tinted box's fill is not a rule; its border is (see
    :func:`_rule_bands`)."""
    from pamphletpress.check import pdfread

    found = []
    for page in pdfread.read(path).pages:
        middle = (page.trim[0] + page.trim[2]) / 2
        bands = _rule_bands(page, middle)
        ink = [c for c in page.chars if c["text"].strip()]
        for (_top, upper), (lower, _bottom) in zip(bands, bands[1:]):
            gap = lower - upper
            between = [c for c in ink if c["bottom"] > upper + 0.5 and c["top"] < lower - 0.5]
            if gap < STACKED_WITHIN and not between:
                found.append(
                    f"page {page.number}: {gap:.1f} pt between the rules at {upper:.1f} "
                    f"and {lower:.1f} pt"
                )
    return found


def _rule_bands(page, middle: float) -> list[tuple[float, float]]:
    """The rules across the text block as (top, bottom), top down, overlapping ones
    merged: thin rectangles and lines in ink, and a border of a box, which WeasyPrint
    draws as its outer and inner rectangles (the same on three sides, a border's
    width apart on the fourth)."""
    across = [
        r
        for r in page.rects + page.curves + page.lines
        if r["x0"] < middle - 20 < middle + 20 < r["x1"]
    ]
    bands = [
        (r["top"], r["bottom"]) for r in across if r["bottom"] - r["top"] < 2 and not _light(r)
    ]
    filled = [r for r in across if r["bottom"] - r["top"] >= 2 and r.get("fill")]
    for a in filled:
        for b in filled:
            if abs(a["x0"] - b["x0"]) > 0.5 or abs(a["x1"] - b["x1"]) > 0.5 or a is b:
                continue
            if abs(a["top"] - b["top"]) < 0.1 and 0.1 < b["bottom"] - a["bottom"] < 3:
                bands.append((a["bottom"], b["bottom"]))  # a border at the box's foot
            if abs(a["bottom"] - b["bottom"]) < 0.1 and 0.1 < b["top"] - a["top"] < 3:
                if not _light(a):
                    bands.append((a["top"], b["top"]))  # a border at its top
    merged: list[tuple[float, float]] = []
    for top, bottom in sorted(bands):
        if merged and top <= merged[-1][1] + 0.1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], bottom))
        else:
            merged.append((top, bottom))
    return merged


#: How far apart (pt) the two columns of an article's last run may end: a line (issue 19's
#: "columns level at the end, at most one line apart"; the brief: "columns of the last
#: page balanced"), and half a line more that a block off the grid may add (havelaar-1's
#: address card in code lines ends its column 14.4 pt above the other's foot).
LEVEL_WITHIN = 1.5 * LEADING


def unlevel_last_columns(path: Path, body_size: float = 9.5) -> list[str]:
    """The article's end (the run of its last page's column that holds the end mark,
    from a block across the columns or the page's top) with its columns ending more than
    a line apart: "page N: left ends 686.0, right 636.0 (4.0 lines)". Body lines, code
    and intertitles count; a box or picture across the columns after the end does not
    (its text is in neither column). The review's fourth round saw don-techschuld's last
    page end 4 lines deeper on the left, under 'Hoe doe jij dat?'."""
    from pamphletpress.check import pdfread

    lines = pdfread.read(path).column_lines(body_size, also=(10.5, round(0.85 * body_size, 3)))
    last = max((line.page for line in lines), default=None)
    columns: dict[int, list] = {0: [], 1: []}
    for line in lines:
        if line.page == last and line.column in columns and line.text.strip():
            columns[line.column].append(line)
    marked = [c for c, column in columns.items() if any(END_MARK in x.text for x in column)]
    if last is None or not marked:
        return []
    column = columns[marked[0]]
    end = next(i for i, x in enumerate(column) if END_MARK in x.text)
    start = end
    while start and column[start].top - column[start - 1].top <= 3 * LEADING:
        start -= 1  # up to a block across the columns, or the page's top
    top, bottom = column[start].top, column[end].top
    other = [x for x in columns[1 - marked[0]] if top - 1.5 * LEADING <= x.top]
    other = [x for k, x in enumerate(other) if k == 0 or x.top - other[k - 1].top <= 3 * LEADING]
    if not other:  # the end mark's column alone: level only if it is a line deep
        other_bottom = top
    else:
        other_bottom = other[-1].top
    ends = {marked[0]: bottom, 1 - marked[0]: other_bottom}
    if abs(ends[0] - ends[1]) <= LEVEL_WITHIN:
        return []
    apart = abs(ends[0] - ends[1]) / LEADING
    return [f"page {last + 1}: left ends {ends[0]:.1f}, right {ends[1]:.1f} ({apart:.1f} lines)"]


def pages_missing_from_the_page_list(pdf: Path, epub: Path) -> list[int]:
    """The printed pages that the EPUB's page list (its nav's ``page-list``) leaves out:
    a reader told "page 4" finds no page 4, and the NCX's page count is the list's, not
    the paper's (EPUB Accessibility asks for the print edition's pages). The review's
    fourth round saw osg-nl-leadership's page 4 (opening with a quotation box the print
    raised) and pandoc-testsuite's pages 2 and 3 (opening with items of a numbered list,
    whose numbers the EPUB's text does not hold) left out. Raises LookupError when the
    EPUB has no page list at all."""
    import zipfile

    from lxml import etree

    from pamphletpress.check import pdfread

    pages = len(pdfread.read(pdf).pages)
    xhtml, ops = "{http://www.w3.org/1999/xhtml}", "{http://www.idpf.org/2007/ops}"
    with zipfile.ZipFile(epub) as book:
        name = next(n for n in book.namelist() if n.endswith("nav.xhtml"))
        nav = etree.fromstring(book.read(name))
    lists = [n for n in nav.iter(f"{xhtml}nav") if n.get(f"{ops}type") == "page-list"]
    if not lists:  # built without its PDF: no page list to read, not one with gaps
        raise LookupError(f"{epub.name} has no page list")
    listed = {"".join(a.itertext()).strip() for n in lists for a in n.iter(f"{xhtml}a")}
    return [number for number in range(1, pages + 1) if str(number) not in listed]


#: The white above a box (from the letters of the line over it to its tint) and under
#: it (from the tint to the letters of the line under it) may differ by this much (pt).
BOX_WHITE_TOLERANCE = 1.5


def uneven_box_whites(path: Path, body_size: float = 9.5) -> list[str]:
    """Boxes (a tint, across the columns or in one) with body text right above and
    right under them whose white above differs from the white under them by more
    than :data:`BOX_WHITE_TOLERANCE`: 'p2: 14.3 pt above, 20.3 pt under'. Measured
    from the glyphs' boxes, as the eye measures it from the letters; a box under or
    over something else (a heading, a picture, the page's edge) is not measured."""
    from pamphletpress.check import pdfread

    faults = []
    for page in pdfread.read(path).pages:
        chars = [c for c in page.chars if c["text"].strip()]
        for tint in page.rects:
            if not (tint.get("fill") and _light(tint) and sum(_cmyk(tint)) > 0):
                continue
            if tint["x1"] - tint["x0"] < 150 or tint["bottom"] - tint["top"] < 20:
                continue
            beside = [c for c in chars if c["x0"] < tint["x1"] and c["x1"] > tint["x0"]]
            over = [c for c in beside if c["bottom"] <= tint["top"] + 0.5]
            under = [c for c in beside if c["top"] >= tint["bottom"] - 0.5]
            if not over or not under:
                continue
            last = max(over, key=lambda c: c["bottom"])
            first = min(under, key=lambda c: c["top"])
            if not (_body_glyph(last, body_size) and _body_glyph(first, body_size)):
                continue
            above, below = tint["top"] - last["bottom"], first["top"] - tint["bottom"]
            if above > 3 * body_size or below > 3 * body_size:
                continue
            if abs(above - below) > BOX_WHITE_TOLERANCE:
                faults.append(f"p{page.number}: {above:.1f} pt above, {below:.1f} pt under")
    return faults


def _cmyk(rect: dict) -> tuple:
    colour = rect.get("non_stroking_color") or ()
    return tuple(colour) if isinstance(colour, (tuple, list)) and len(colour) == 4 else ()


def _body_glyph(char: dict, body_size: float) -> bool:
    return abs(char["size"] - body_size) < 0.05 and "Charis" in char["fontname"]


#: The least white (pt) from a caption's last line to an intertitle under it (glyph
#: boxes): the corpus's others stand 13.4 pt and more apart; the review of 9995735 saw
#: 'Hoe doe jij dat?' read as part of don-techschuld p2's caption at 6.6.
CAPTION_CLEARANCE = 9.0


def intertitles_on_captions(path: Path) -> list[str]:
    """Intertitles (Inter Bold, 10 pt and over) standing closer than
    :data:`CAPTION_CLEARANCE` under a caption's line (Inter 7.5 pt) over them: the
    heading set close at a column's top under a picture across the columns reads as
    the caption's last line. 'p2: 6.6 pt under a caption: Hoedoejijdat?'."""
    from pamphletpress.check import pdfread

    faults = []
    for page in pdfread.read(path).pages:
        heads: dict[float, list] = {}
        captions: dict[float, list] = {}
        for char in page.chars:
            if not char["text"].strip() or "Inter" not in char["fontname"]:
                continue
            if "Bold" in char["fontname"] and char["size"] >= 10:
                heads.setdefault(round(char["top"], 1), []).append(char)
            elif abs(char["size"] - 7.5) < 0.1:
                captions.setdefault(round(char["bottom"], 1), []).append(char)
        for top, head in heads.items():
            x0, x1 = min(c["x0"] for c in head), max(c["x1"] for c in head)
            over = [
                bottom
                for bottom, line in captions.items()
                if bottom <= top + 0.5
                and min(c["x0"] for c in line) < x1
                and max(c["x1"] for c in line) > x0
            ]
            if over and top - max(over) < CAPTION_CLEARANCE:
                text = "".join(c["text"] for c in head)
                faults.append(f"p{page.number}: {top - max(over):.1f} pt under a caption: {text}")
    return faults
