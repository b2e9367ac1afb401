"""Reading order: a page's glyphs as rows across the page, then as lines of the
full width or of a column, full-width bands in place and the left column first.

Shared by ``import`` (printed papers of any layout) and by ``check`` and the
tests (every word of the manuscript on the page) through
:meth:`pamphletpress.check.pdfread.PdfFile.reading_lines`. The lines of the columns
with their word spaces, for the typography figures, are in
:mod:`pamphletpress.check.pdfread.lines`.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass

from pamphletpress.check.pdfread.lines import HANGING_LEFT, HANGING_RIGHT


@dataclass
class Glyph:
    text: str
    x0: float
    x1: float
    bottom: float
    font: str
    size: float

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class PdfLine:
    """A line of one column (or of the full width) of a page."""

    page: int
    glyphs: list[Glyph]
    column: str  # "L", "R" or "F"
    text: str = ""
    x0: float = 0.0
    bottom: float = 0.0
    style: tuple = ()

    def __post_init__(self) -> None:
        ink = [g for g in self.glyphs if not g.blank] or self.glyphs
        self.x0 = min(g.x0 for g in ink)
        self.bottom = statistics.median(g.bottom for g in ink)
        self.text = glyph_text(self.glyphs)
        fonts = Counter((font_family(g.font), _bold(g.font), round(g.size * 2) / 2) for g in ink)
        self.style = fonts.most_common(1)[0][0]

    @property
    def size(self) -> float:
        return self.style[2]


def glyph(char: dict) -> Glyph:
    text = char.get("text") or ""
    if re.fullmatch(r"\(cid:\d+\)", text):
        text = ""
    return Glyph(text, char["x0"], char["x1"], char["bottom"], char.get("fontname", ""),
                 float(char.get("size", 0)))  # fmt: skip


def font_family(name: str) -> str:
    return name.split("+", 1)[-1].split("-", 1)[0].split(",", 1)[0]


def _bold(name: str) -> bool:
    return bool(re.search(r"Bold|Black|Heavy|Semibold|Demi", name, re.I))


def body_style(pages: list[list[Glyph]]) -> tuple:
    """The commonest (family, size) of the glyphs: the body text's."""
    sizes = Counter(
        (font_family(g.font), round(g.size * 2) / 2)
        for glyphs in pages
        for g in glyphs
        if not g.blank
    )
    return sizes.most_common(1)[0][0] if sizes else ("", 10.0)


def rows_of(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs on one baseline (across the columns), top to bottom."""
    rows: list[list[Glyph]] = []
    anchor = None
    for g in sorted(glyphs, key=lambda g: g.bottom):
        tolerance = max(1.5, 0.2 * g.size)
        if anchor is None or g.bottom - anchor > tolerance:
            rows.append([])
            anchor = g.bottom
        rows[-1].append(g)
    # A row of sub- or superscripts (H₂O, a^bc^) joins the line it belongs to first;
    # then a raised small glyph left on a row of its own (a note's call) goes to
    # the nearest row just below whose glyph it touches, maybe the other column's.
    rows = _small_rows_joined([row for row in rows if any(not g.blank for g in row)])
    largest = [max(g.size for g in row) for row in rows]
    for index, row in enumerate(rows):
        below = [(r, size) for r, size in zip(rows[index + 1 : index + 4], largest[index + 1 :])]
        if not below:
            continue
        biggest = max(size for _r, size in below)
        # only a glyph set small against a row below can be raised in it (_raised_in)
        for g in [g for g in row if not g.blank and g.size < 0.8 * biggest]:
            if g not in row:
                continue  # gone with its word already
            home = next((r for r, size in below if g.size < 0.8 * size and _raised_in(g, r)), None)
            if home is not None:
                for part in _word_of(g, row):  # a raised word goes whole (a^hello there^)
                    row.remove(part)
                    home.append(part)
    rows = [row for row in rows if any(not g.blank for g in row)]
    return [sorted(row, key=lambda g: g.x0) for row in rows]


def _word_of(first: Glyph, row: list[Glyph]) -> list[Glyph]:
    """``first`` and the glyphs of its size that follow it in ``row`` without a gap
    wider than a space: the raised word or words it begins."""
    same = sorted(
        (g for g in row if abs(g.size - first.size) < 0.05 and g.x0 >= first.x0),
        key=lambda g: g.x0,
    )
    run = [first]
    for g in same:
        if g is first:
            continue
        if g.x0 - run[-1].x1 > 0.5 * first.size:
            break
        run.append(g)
    return run


def _small_rows_joined(rows: list[list[Glyph]]) -> list[list[Glyph]]:
    """A row of only smaller glyphs that sits within half a line of a row of larger
    ones, and beside its glyphs (a subscript, a superscript: H₂O, a²), joins that row."""
    out: list[list[Glyph]] = []
    for index, row in enumerate(rows):
        size = max(g.size for g in row)
        neighbours = [r for r in (out[-1:] + rows[index + 1 : index + 2]) if r]
        host = next(
            (
                r
                for r in sorted(neighbours, key=lambda r: abs(_bottom(r) - _bottom(row)))
                if size < 0.9 * max(g.size for g in r)
                and abs(_bottom(r) - _bottom(row)) < 0.5 * max(g.size for g in r)
                and _beside(row, r)
            ),
            None,
        )
        if host is None:
            out.append(row)
        else:
            host.extend(row)
    return out


def _bottom(row: list[Glyph]) -> float:
    return statistics.median(g.bottom for g in row if not g.blank)


def _beside(row: list[Glyph], host: list[Glyph]) -> bool:
    """Every run of ``row``'s glyphs (words no more than a space apart) begins or
    ends within a glyph's width of one of ``host``'s: a subscript of words
    (H~many of them~O) stands between two of its host's letters, not beside them."""
    ink = [g for g in host if not g.blank]

    def near(g: Glyph) -> bool:
        return any(h.x0 - g.size <= g.x0 <= h.x1 + g.size for h in ink)

    runs: list[list[Glyph]] = []
    for g in sorted((g for g in row if not g.blank), key=lambda g: g.x0):
        if runs and g.x0 - runs[-1][-1].x1 <= 0.5 * g.size:
            runs[-1].append(g)
        else:
            runs.append([g])
    return all(near(run[0]) or near(run[-1]) for run in runs)


def _raised_in(small: Glyph, row: list[Glyph]) -> bool:
    """Whether ``small`` is set small and raised against a glyph of ``row`` it touches."""
    for g in row:
        if g.blank or small.size >= 0.8 * g.size:
            continue
        if 0 < g.bottom - small.bottom < 0.5 * g.size and (
            abs(g.x1 - small.x0) < 1.5 or abs(small.x1 - g.x0) < 1.5
        ):
            return True
    return False


def glyph_text(glyphs: list[Glyph]) -> str:
    """Glyphs to text: their spaces, or a space where a gap shows one."""
    out = ""
    last = None
    ink = [g for g in glyphs if not g.blank]
    largest = max((g.size for g in ink), default=0.0)
    baseline = statistics.median([g.bottom for g in ink if g.size == largest] or [0.0])
    for g in sorted(glyphs, key=lambda g: g.x0):
        if g.blank:
            if out and not out.endswith(" "):
                out += " "
            continue
        # A note's call, raised against its word, reads as a word of its own.
        call = g.text.isdigit() and g.size < 0.8 * largest and g.bottom < baseline - 1
        called = last is not None and last.text.isdigit() and last.size == g.size
        if call and not called and out and not out.endswith(" "):
            out += " "
        elif last is not None and g.x0 - last.x1 > 0.2 * g.size and not out.endswith(" "):
            out += " "
        out += g.text
        last = g
    return re.sub(r"[ \u00a0]+(?=■)", " ", out).strip()


def drop_running_lines(
    rows: list[list[list[Glyph]]], heights: list[float], body: tuple
) -> list[str]:
    """Remove running heads and feet (repeated on every page, or a lone page number)."""

    def key(row: list[Glyph]) -> str:
        return re.sub(r"\d+", "#", glyph_text(row)).strip()

    def edge(row: list[Glyph], height: float) -> bool:
        bottom = statistics.median(g.bottom for g in row)
        return bottom > 0.85 * height or bottom < 0.12 * height

    seen = Counter(
        key(row) for page_rows, h in zip(rows, heights) for row in page_rows if edge(row, h)
    )
    dropped: list[str] = []
    for page_rows, height in zip(rows, heights):
        for row in list(page_rows):
            if not edge(row, height):
                continue
            text = key(row)
            lone_number = re.fullmatch(r"[#\s–—-]*", text) is not None
            repeated = len(rows) > 1 and seen[text] > 1
            small_foot = len(rows) == 1 and _lone_foot(row, page_rows, body)
            if lone_number or repeated or small_foot:
                page_rows.remove(row)
                dropped.append(glyph_text(row))
    return dropped


def _lone_foot(row: list[Glyph], page_rows: list[list[Glyph]], body: tuple) -> bool:
    """The last row, in smaller type, well below the text: a foot on a one-page PDF."""
    if row is not page_rows[-1] or len(page_rows) < 2:
        return False
    gap = statistics.median(g.bottom for g in row) - max(g.bottom for g in page_rows[-2])
    smaller = statistics.median(g.size for g in row if not g.blank) < body[1] - 0.4
    return smaller and gap > 2.5 * body[1]


def find_gutter(rows: list[list[Glyph]]) -> tuple[float, float] | None:
    """The white strip between two columns: where few rows have ink."""
    ink = [g for row in rows for g in row if not g.blank]
    if len(rows) < 4 or not ink:
        return None
    left, right = min(g.x0 for g in ink), max(g.x1 for g in ink)
    span = int(right - left) + 1
    cover = [0] * span
    for row in rows:
        marks = [0] * span
        for g in row:
            if g.blank or g.text in HANGING_LEFT or g.text in HANGING_RIGHT:
                continue  # (a mark may hang out of its column into the gutter)
            for x in range(max(0, int(g.x0 - left)), min(span, int(g.x1 - left) + 1)):
                marks[x] = 1
        cover = [a + b for a, b in zip(cover, marks)]
    # The least-inked strip of the middle (full-width rows cross it), not just a
    # thinly inked one: an indented quotation in a column is not the gutter.
    middle = cover[int(span * 0.3) : int(span * 0.7) + 1]
    limit = min(middle) + 0.1 * statistics.median(cover)
    best: tuple[int, int] | None = None
    start = None
    for x in range(int(span * 0.3), int(span * 0.7) + 1):
        low = x < span and cover[x] <= limit
        if low and start is None:
            start = x
        if (not low or x == int(span * 0.7)) and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    if best is None or best[1] - best[0] < 5:
        return None
    return left + best[0], left + best[1]


def reading_order(rows: list[list[Glyph]], page: int, body: tuple) -> list[PdfLine]:
    """Bands of full-width lines in place; within a band, the left column first."""
    gutter = find_gutter(rows)
    out: list[PdfLine] = []
    band: dict[str, list[PdfLine]] = {"L": [], "R": []}
    pitch = 1.25 * body[1]
    last_bottom = None

    def flush() -> None:
        out.extend(band["L"])
        out.extend(band["R"])
        band["L"], band["R"] = [], []

    for row in rows:
        bottom = statistics.median(g.bottom for g in row)
        if last_bottom is not None and bottom - last_bottom > 2.2 * pitch:
            flush()  # white space across the page: the columns above have ended
        last_bottom = bottom
        if gutter is None or _crosses(row, gutter):
            flush()
            out.append(PdfLine(page, row, "F"))
            continue
        middle = (gutter[0] + gutter[1]) / 2
        for side, part in (
            ("L", [g for g in row if g.x1 <= middle]),
            ("R", [g for g in row if g.x0 >= middle]),
        ):
            if any(not g.blank for g in part):
                band[side].append(PdfLine(page, part, side))
    flush()
    return out


def _crosses(row: list[Glyph], gutter: tuple[float, float]) -> bool:
    """Whether the row runs across the gutter: a mark hanging out of a column
    into it (a hyphen at the left column's end, a quote at the right one's
    start: optical margins) does not make it."""
    g0, g1 = gutter
    ink = [g for g in row if not g.blank and not _hangs_into(g, gutter)]
    if any(g.x1 > g0 + 0.5 and g.x0 < g1 - 0.5 for g in ink):
        return True
    left = [g.x1 for g in ink if g.x1 <= g0 + 0.5]
    right = [g.x0 for g in ink if g.x0 >= g1 - 0.5]
    return bool(left and right) and min(right) - max(left) < 0.5 * (g1 - g0)


def _hangs_into(glyph: Glyph, gutter: tuple[float, float]) -> bool:
    if glyph.text in HANGING_RIGHT and glyph.x0 <= gutter[0] + 0.5:
        return True
    return glyph.text in HANGING_LEFT and glyph.x1 >= gutter[1] - 0.5


#: pt above the trim's foot: pamphletpress's running footer (publication, issue, folio)
FOOTER = 48.0


def reading_order_of(pdf) -> list[PdfLine]:
    """Every line of a :class:`~pamphletpress.check.pdfread.PdfFile` in reading order,
    the running footer left out.

    The footer is recognised by where it is (the bottom margin), not by text
    that repeats from page to page as ``import`` does for printed papers: in a
    manuscript, a sentence may well repeat at the head of two pages.
    """
    pages = []
    for page in pdf.pages:
        # pdfplumber's "bottom" counts down from the top of its page box, which
        # lies as far below the media box's top as the media box's origin below 0
        footer = page.bbox[3] + page.media[1] - page.trim[1] - FOOTER
        pages.append([glyph(c) for c in page.chars if c["bottom"] <= footer])
    body = body_style(pages)
    rows = [rows_of(glyphs) for glyphs in pages]
    ordered: list[PdfLine] = []
    for number, page_rows in enumerate(rows, start=1):
        ordered.extend(reading_order(page_rows, number, body))
    return ordered
