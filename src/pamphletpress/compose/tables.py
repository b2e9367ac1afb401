"""Tables set as a typographer sets them: columns sized from their words, cells composed.

WeasyPrint's automatic table layout shares the width out by each column's
longest line, so a label column beside a column of running text is squeezed
to its syllables ("Ge- / bruiks- / voor- / waarden") while the text column has
room to spare. Here every column is at least as wide as its longest word
(when the table has room for all of them side by side), at most as wide as
its longest cell on one line, and the rest is shared out as CSS's automatic
layout shares it: in proportion to what each column would still take. The
widths are written as ``<col>`` widths for ``table-layout: fixed``.

A column whose every body cell is a number is set right-aligned in tabular
figures (``td.number``), padded at the right by what it lacks of the column's
widest tail (the decimal sign, its decimals, a ``%`` after them), so that the
numbers stand on their decimal sign (the comma in Dutch, the full stop in
English). Every other cell's text is set by the
paragraph composer, ragged right, hyphenated in the language, never more than
two hyphens in a row. Merged cells are placed as HTML's table model places
them; a cell across columns is set at their width together.
"""

from __future__ import annotations

import copy
import math
import re
from dataclasses import dataclass, replace

from lxml import etree

from pamphletpress.compose.items import FORCED, Unmeasurable, read_text, shaped_offsets
from pamphletpress.compose.metrics import FontMetrics
from pamphletpress.compose.paragraph import compose_paragraph
from pamphletpress.compose.setup import Setup

#: What a word's parts, summed by the breaker, may take beyond its shaped width (pt).
FIT = 0.05
#: A cell that holds a number: a sign, a currency, digits with thousands
#: separators and a decimal part, a percent sign; or a dash for "none".
NUMBER = re.compile(
    r"[+\-\u2212\u2013]?\s?[€$£]?\s?\d{1,3}(?:[.,\u202f\u00a0 ]?\d{3})*(?:[.,]\d+)?\s?%?"
)
EMPTY_NUMBER = frozenset({"", "-", "\u2013", "\u2014"})


@dataclass(frozen=True)
class TableStyle:
    """What a table's setting depends on: the cells' setups (``body`` for data
    cells, ``header`` in the header's bold, both ragged right, at the table's
    size), a cell's left and right ``padding`` and the narrowest measure a
    column of running text may have (``text_measure``), all in pt; ``tabular``
    measures numbers in tabular figures; ``decimal`` is the language's decimal sign."""

    body: Setup
    header: Setup
    padding: float
    text_measure: float
    tabular: FontMetrics
    decimal: str = ","
    #: The rows on the body's grid (``Design.table_grid``), or None.
    grid: tuple[float, float, float, float, float] | None = None


@dataclass
class _Column:
    least: float = 0.0  # its longest word, padded
    most: float = 0.0  # its longest cell on one line, padded
    numbers: bool = True  # every data cell a number (or empty) …
    counted: bool = False  # … and at least one is


@dataclass(frozen=True)
class _Placed:
    """A cell where it stands: its first column and how many columns it spans."""

    cell: etree._Element
    column: int
    span: int


def _placed(rows: list[list[etree._Element]]) -> list[list[_Placed]]:
    """Each row's cells in their columns, as HTML's table model places them: a
    cell spanning rows (``rowspan``) takes its column in the rows under it too,
    so the next cells of those rows stand right of it."""
    taken: dict[tuple[int, int], bool] = {}
    placed = []
    for r, row in enumerate(rows):
        column, cells = 0, []
        for cell in row:
            while taken.get((r, column)):
                column += 1
            span, down = _span(cell, "colspan"), _span(cell, "rowspan")
            for dr in range(down):
                for dc in range(span):
                    taken[(r + dr, column + dc)] = True
            cells.append(_Placed(cell, column, span))
            column += span
        placed.append(cells)
    return placed


def _span(cell: etree._Element, name: str) -> int:
    """A cell's ``colspan`` or ``rowspan``: 1 unless a whole number from 1 to 50."""
    value = (cell.get(name) or "").strip()
    return min(int(value), 50) if value.isdigit() and int(value) > 0 else 1


def set_table(table: etree._Element, style: TableStyle, measure: float, force: bool) -> bool:
    """Size the table's columns to ``measure`` (pt) and compose its cells.

    False, the table untouched, when its longest words do not fit side by side
    or a column of running text would be narrower than ``style.text_measure``
    (unless ``force``: there is nowhere wider to go). A cell spanning columns
    is measured after the others and widens the columns it spans only by what
    they lack for it (as CSS's automatic layout does), and is set at their width
    together; one spanning rows holds its column in the rows under it."""
    rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
    if not rows or not any(rows):
        return False
    placed = _placed(rows)
    count = max(p.column + p.span for row in placed for p in row)
    # The first column's text flush with the text block's left edge, the last's
    # with its right (print.css): padding only between columns.
    sides = [style.padding * ((index > 0) + (index < count - 1)) for index in range(count)]
    columns = [_Column() for _ in range(count)]
    singles = [p for row in placed for p in row if p.span == 1]
    spanning = [p for row in placed for p in row if p.span > 1]
    for p in singles:
        _measure_cell(p.cell, columns[p.column], setup_of(p.cell, style), sides[p.column])
    pads: dict[int, list[float]] = {}
    for index, column in enumerate(columns):
        column.numbers = column.numbers and column.counted
        if column.numbers:
            cells = [p.cell for p in singles if p.column == index]
            pads[index] = _number_pads(cells, style)
            for cell, pad in zip(cells, pads[index], strict=True):
                if cell.tag == "td":
                    text = " ".join("".join(cell.itertext()).split())
                    width = style.tabular.width(text, style.body.size) + pad + sides[index]
                    # A number never breaks; its heading may, at a word.
                    column.least = max(column.least, width)
                    column.most = max(column.most, width)
    for p in spanning:
        _widen_for(p, columns, style, _span_sides(p, count, style.padding))
    widths = _widths(columns, measure)
    if widths is None:
        if not force:
            return False
        widths = _squeezed(columns, measure)
    elif not force and any(
        widths[i] < style.text_measure and c.most > widths[i] + 0.5
        for i, c in enumerate(columns)
        if not c.numbers
    ):
        return False  # a column of running text too narrow to read: across both columns
    _write_widths(table, widths)
    for index, column_pads in pads.items():
        cells = [p.cell for p in singles if p.column == index]
        for cell, pad in zip(cells, column_pads, strict=True):
            right = style.padding if index < count - 1 else 0.0
            _as_number(cell, right, pad)
    caption = table.find("caption")
    if caption is not None:
        _compose_cell(caption, style.header, measure)
    for row in placed:
        for p in row:
            _pad_inner_edges(p, row, count, style.padding)
            if (p.span == 1 and columns[p.column].numbers) or _aligned(p.cell):
                continue
            width = sum(widths[p.column : p.column + p.span])
            _compose_cell(
                p.cell, setup_of(p.cell, style), width - _span_sides(p, count, style.padding)
            )
    if style.grid is not None:
        _on_grid(table, placed, style.grid)
    return True


def _on_grid(
    table: etree._Element,
    placed: list[list[_Placed]],
    grid: tuple[float, float, float, float, float],
) -> None:
    """Every row's first baseline on a body line, as a newspaper sets a table on
    its grid: each row padded below to a whole number of body lines, the first
    row's text lowered by the baseline shift (its repeat over a table's part in
    the next column too), the caption's gap to the rows likewise. Left as it
    falls where a cell's lines are not known (not composed) or spans rows."""
    step, leading, pad, rule, shift = grid
    counts = []
    for row in placed:
        lines = [_line_count(p.cell) for p in row]
        if not row or None in lines or any(_span(p.cell, "rowspan") > 1 for p in row):
            return
        counts.append(max(lines))
    for number, (row, lines) in enumerate(zip(placed, counts, strict=True)):
        pitch = 2 * pad + rule + leading * lines
        extra = math.ceil(pitch / step - 0.001) * step - pitch
        for p in row:
            padding = [f"padding-bottom: {pad + extra:.2f}pt"]
            if number == 0:
                padding.append(f"padding-top: {pad + shift:.2f}pt")
            own = p.cell.get("style")
            p.cell.set("style", "; ".join([own, *padding] if own else padding))
    caption = table.find("caption")
    if caption is not None and (lines := _line_count(caption)) is not None:
        gap = math.ceil((leading * lines + 2 * pad) / step - 0.001) * step - leading * lines
        caption.set("style", f"margin-bottom: {gap:.2f}pt")


def _line_count(cell: etree._Element) -> int | None:
    """How many lines a cell's text takes: its composed lines, one for a number
    (never broken) or an empty cell; None when WeasyPrint breaks it."""
    lines = len(cell.findall(".//span[@class]")) and sum(
        "line" in (span.get("class") or "").split() for span in cell.iter("span")
    )
    if lines:
        return lines
    if "number" in (cell.get("class") or "").split() or not "".join(cell.itertext()).strip():
        return 1
    return None


def _span_sides(p: _Placed, count: int, padding: float) -> float:
    """A cell's padding at its left and right: none at the table's edges."""
    return padding * ((p.column > 0) + (p.column + p.span < count))


def _widen_for(p: _Placed, columns: list[_Column], style: TableStyle, sides: float) -> None:
    """The columns a cell spans widened by what they lack, together, for its
    longest word and its longest line: shared in proportion to what each holds
    (evenly where they hold nothing)."""
    own = _Column()
    _measure_cell(p.cell, own, setup_of(p.cell, style), sides)
    spanned = columns[p.column : p.column + p.span]
    inner = style.padding * (p.span - 1) * 2  # the padding between the spanned columns
    for name in ("least", "most"):
        lack = getattr(own, name) - sum(getattr(c, name) for c in spanned) - inner
        if lack <= 0:
            continue
        held = sum(getattr(c, name) for c in spanned)
        for c in spanned:
            share = getattr(c, name) / held if held else 1 / len(spanned)
            setattr(c, name, getattr(c, name) + lack * share)
    for c in spanned:
        c.most = max(c.most, c.least)


def _pad_inner_edges(p: _Placed, row: list[_Placed], count: int, padding: float) -> None:
    """print.css takes the padding off a row's first and last cell (the table's
    edges); a row whose first cell stands right of a cell spanning rows keeps it."""
    extra = []
    if p is row[0] and p.column > 0:
        extra.append(f"padding-left: {padding:.2f}pt")
    own = p.cell.get("style") or ""
    if p is row[-1] and p.column + p.span < count and "padding-right" not in own:
        extra.append(f"padding-right: {padding:.2f}pt")
    if extra:
        own = own.strip().rstrip(";")
        p.cell.set("style", "; ".join([own, *extra] if own else extra))


def setup_of(cell: etree._Element, style: TableStyle) -> Setup:
    """A header cell's setup (bold) or a data cell's."""
    return style.header if cell.tag == "th" else style.body


def _measure_cell(cell: etree._Element, column: _Column, setup: Setup, sides: float) -> None:
    """Widen ``column`` to the cell's longest word and its whole text on one line,
    with its padding (``sides``); what the composer cannot measure, in the
    regular face (an estimate)."""
    try:
        text = read_text(_as_paragraph(cell), setup.fonts, setup.call_scale)
        chars, offsets = text.chars, shaped_offsets(text, setup.size)
    except Unmeasurable:
        chars = " ".join("".join(cell.itertext()).split())
        regular = setup.fonts.fonts["regular"]
        offsets = [regular.width(chars[:i], setup.size) for i in range(len(chars) + 1)]
    plain = " ".join(chars.replace(FORCED, " ").split())
    if cell.tag == "td" and plain not in EMPTY_NUMBER:
        column.counted = True
        column.numbers = column.numbers and bool(NUMBER.fullmatch(plain))
    start = line_start = 0
    # The composer sets a line a hair short, and sums a word's parts: a hair more.
    pad = sides + setup.safety + FIT
    for end in [*(m.start() for m in re.finditer(f"[ {FORCED}]", chars)), len(chars)]:
        column.least = max(column.least, offsets[end] - offsets[start] + pad)
        if end == len(chars) or chars[end] == FORCED:
            column.most = max(column.most, offsets[end] - offsets[line_start] + pad)
            line_start = end + 1
        start = end + 1


def _widths(columns: list[_Column], measure: float) -> list[float] | None:
    """CSS's automatic layout on exact widths: each column its longest word, then
    the room left in proportion to what each would still take; past its longest
    line, the rest goes to the columns of text. None: the longest words do not fit."""
    least = sum(c.least for c in columns)
    most = sum(c.most for c in columns)
    if least > measure + 0.01:
        return None
    if most <= measure:
        growing = [i for i, c in enumerate(columns) if not c.numbers] or range(len(columns))
        total = sum(columns[i].most for i in growing) or 1.0
        widths = [c.most for c in columns]
        for i in growing:
            widths[i] += (measure - most) * columns[i].most / total
        return widths
    share = (measure - least) / (most - least)
    return [c.least + (c.most - c.least) * share for c in columns]


def _squeezed(columns: list[_Column], measure: float) -> list[float]:
    """The longest words do not fit across the measure: numbers keep their width,
    the other columns share what is left in proportion to their longest words."""
    fixed = sum(c.least for c in columns if c.numbers)
    rest = sum(c.least for c in columns if not c.numbers) or 1.0
    room = max(measure - fixed, 0.0)
    return [c.least if c.numbers else room * c.least / rest for c in columns]


def _write_widths(table: etree._Element, widths: list[float]) -> None:
    """The widths as a ``<colgroup>`` after the caption, the table marked ``sized``
    (print.css: ``table-layout: fixed``)."""
    for old in table.findall("colgroup"):
        table.remove(old)
    group = etree.Element("colgroup")
    for width in widths:
        etree.SubElement(group, "col", style=f"width: {width:.2f}pt")
    caption = table.find("caption")
    table.insert(0 if caption is None else table.index(caption) + 1, group)
    classes = (table.get("class") or "").split()
    table.set("class", " ".join([*classes, "sized"]))


def _number_pads(cells: list[etree._Element], style: TableStyle) -> list[float]:
    """A column of numbers: what each cell lacks at its right (pt) to stand on the
    decimal sign: the widest tail (the decimal sign, its decimals and what
    follows, ``,5 %``) less its own, in tabular figures."""

    def tail(cell: etree._Element) -> float:
        text = " ".join("".join(cell.itertext()).split())
        match = re.search(f"(?:\\{style.decimal}\\d+)?\\D*$", text)
        return style.tabular.width(match.group(0) if match else "", style.body.size)

    data = [c for c in cells if c.tag == "td" and "".join(c.itertext()).strip()]
    widest = max((tail(c) for c in data), default=0.0)
    return [widest - tail(c) if c in data else 0.0 for c in cells]


def _aligned(cell: etree._Element) -> bool:
    """Whether the manuscript aligns the cell's column right or centred (``---:``,
    ``:---:``): its text stays WeasyPrint's, as aligned (composed lines are flush left)."""
    found = re.search(r"text-align:\s*(\w+)", cell.get("style") or "")
    return found is not None and found.group(1) in ("right", "center", "end")


def _as_number(cell: etree._Element, right: float, pad: float) -> None:
    """The cell right-aligned in tabular figures (print.css's ``.number``), its
    right padding (``right``, pt) widened by ``pad``: the decimals it lacks."""
    cell.set("class", " ".join([*(cell.get("class") or "").split(), "number"]))
    if pad > 0:
        style = (cell.get("style") or "").strip().rstrip(";")
        extra = f"padding-right: {right + pad:.2f}pt"
        cell.set("style", f"{style}; {extra}" if style else extra)


def _as_paragraph(cell: etree._Element) -> etree._Element:
    """The cell's content as a bare ``<p>`` (the composer sets no element with a
    class or style, and a cell has its alignment in one)."""
    p = etree.Element("p")
    p.text = cell.text
    p.extend(copy.deepcopy(child) for child in cell)
    return p


def _compose_cell(cell: etree._Element, setup: Setup, width: float) -> bool:
    """The cell's text set by the composer at ``width``, its lines put in its
    place; False, the cell as it was, when the composer cannot set it."""
    p = _as_paragraph(cell)
    if not "".join(p.itertext()).strip():
        return False
    if not compose_paragraph(p, replace(setup, width=width), indent=False):
        return False
    for child in list(cell):
        cell.remove(child)
    cell.text = None
    cell.extend(list(p))
    return True


def compose_caption(caption: etree._Element, setup: Setup, width: float) -> bool:
    """A figure's caption, its credit included, set by the composer at ``width``
    (its lines in its place); False when it cannot be. A credit that fits in
    ``CREDIT_SHARE`` of the measure is kept on one line (“Foto: Jan de” over
    “Fotograaf” reads as two credits)."""
    for credit in caption.iter("small"):
        text = credit.text or ""
        font = setup.fonts.get("italic") or setup.fonts.fonts["regular"]
        if not len(credit) and font.width(text, setup.size) <= CREDIT_SHARE * width:
            credit.text = text.replace(" ", "\u00a0")
    return _compose_cell(caption, setup, width)


#: A credit no longer than this share of the caption's measure is never broken.
CREDIT_SHARE = 0.5


__all__ = ["TableStyle", "compose_caption", "set_table"]
