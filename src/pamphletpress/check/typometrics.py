"""Typographic figures of a finished PDF, read back from the page.

The composer's goals (issue 6) are measured here, on the PDF and nothing
else, so that the composer and WeasyPrint's own breaking are judged alike:
share of lines ending in a hyphen, ladders of hyphenated lines, the widest
word space, loose lines, lines that overrun their column, trema fragments
(``-⏎ën``), characters per line, and how straight the columns' edges look.

The visible edge of a justified line is where its letters end (and begin):
a full stop, comma, hyphen, dash or quote at the end carries too little ink
for the eye to follow, which is why optical margin alignment hangs it out of
the column. ``edge_deviation_pt`` is the mean distance, over every justified
line, between its letters' end and the column's edge (and between the
letters' start and the column's left edge, for lines that begin flush): 0 for
a column whose letters all stand on one line.

The body lines come from :mod:`pamphletpress.check.pdfread` (the PDF is read once,
its lines grouped once, for every check that needs them).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path

from pamphletpress.check.pdfread.lines import HANGING_LETTERS, Line, letter_hangs

HYPHENS = "-\u2010\u00ad"
TREMA_VOWELS = "äëïöüÄËÏÖÜ"
LOOSE_EM = 0.5  # a justified line with a word space wider than this is loose
FLUSH = 0.5  # pt: a line ending this close to the column edge is justified
OVERRUN = 0.5  # pt past the column edge is an overrun (WeasyPrint draws within ±0.25)
#: A column's edge figure needs this many lines flush at its edge.
EDGE_LINES = 3


@dataclass
class Typometrics:
    """The figures, and the lines they were measured on (left out of :meth:`as_dict`)."""

    body_size: float
    body_lines: int = 0
    justified_lines: int = 0
    hyphenated_lines: int = 0
    hyphenated_share: float = 0.0
    longest_hyphen_run: int = 0
    widest_space_em: float = 0.0
    loose_lines: int = 0
    loose_share: float = 0.0
    overruns: int = 0
    trema_starts: int = 0
    median_chars: float = 0.0
    #: Mean distance (pt) of the letters' ends from the column's right edge, and of
    #: their starts from its left edge, over the justified lines; and the worst
    #: column's mean (both edges together).
    right_edge_deviation_pt: float = 0.0
    left_edge_deviation_pt: float = 0.0
    edge_deviation_pt: float = 0.0
    worst_column_deviation_pt: float = 0.0
    lines: list[Line] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        figures = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "lines"}
        for key in ("hyphenated_share", "loose_share"):
            figures[key] = round(figures[key], 4)
        figures["widest_space_em"] = round(figures["widest_space_em"], 3)
        for key in figures:
            if key.endswith("_pt"):
                figures[key] = round(figures[key], 3)
        return figures


def measure_pdf(path: str | Path, body_size: float) -> Typometrics:
    """Measure the body text of the PDF at ``path`` set at ``body_size`` pt."""
    from pamphletpress.check import pdfread

    return measure(pdfread.read(path), body_size)


def measure(pdf, body_size: float) -> Typometrics:
    """Measure the body lines of a :class:`~pamphletpress.check.pdfread.PdfFile`."""
    lines = pdf.body_lines(body_size)
    result = _figures(lines, column_edges(lines), body_size)
    _edge_figures(result, column_edges(lines), left_edges(lines))
    return result


def column_edges(lines: list[Line]) -> dict[tuple[int, int], float]:
    """Each column's right edge: the rightmost end that at least two of its lines
    share (justified lines end flush, give or take a few hundredths of a point;
    in a column of short list items they are the few that reach the edge). Lines
    ending in a mark that may hang out of the column count where that mark
    begins, and only where too few other lines are there to tell; those ending
    in a letter that may hang (``pdf.protrude_letters``) likewise."""
    by_column: dict[tuple[int, int], list[Line]] = {}
    for line in lines:
        by_column.setdefault((line.page, line.column), []).append(line)
    edges = {}
    for key, column in by_column.items():
        ends = [line.x1 for line in column if not line.hangs and not _hung_letter(line)]
        shared = _shared(ends)
        if not shared:  # too few lines end in a letter to tell: where the marks begin
            ends = [line.edge_x1 for line in column]
            shared = _shared(ends)
        edge = max(shared) if shared else max(ends)
        edges[key] = statistics.median(x for x in ends if abs(x - edge) <= 1.0)
    for key, column in by_column.items():
        edges[key] = _edge_beyond(key, column, edges)
    return edges


def _edge_beyond(key: tuple[int, int], column: list[Line], edges: dict) -> float:
    """A column of short lines (list items, ``asterisk 1``, ``asterisk 2``) can
    share an end that is no edge: lines of the same column reach past it by more
    than any mark hangs. When two do, and a column in the same place on another
    page has its edge beyond all of this one's letters, that is the edge (so its
    short lines are neither justified nor overruns); otherwise it stays."""
    edge = edges[key]
    reach = max(line.letters_x1 for line in column)
    past = sum(line.letters_x1 > edge + line.size / 2 for line in column)
    if past < 2:
        return edge
    beyond = [
        other
        for (page, place), other in edges.items()
        if place == key[1] and page != key[0] and other >= reach - OVERRUN
    ]
    return min(beyond) if beyond else edge


def _hung_letter(line: Line) -> bool:
    """Whether the line ends in a letter that may hang (``pdf.protrude_letters``)."""
    return line.words[-1][-1:] in HANGING_LETTERS if line.words else False


def _shared(ends: list[float]) -> list[float]:
    """The ends that at least one other end lies within a point of."""
    return [x for x in ends if sum(abs(x - other) <= 1.0 for other in ends) >= 2]


def left_edges(lines: list[Line]) -> dict[tuple[int, int], float]:
    """Each column's left edge: the leftmost start of letters that at least two of
    its lines share (a column of list items has its paragraphs' edge left of theirs)."""
    starts: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        starts.setdefault((line.page, line.column), []).append(line.letters_x0)
    edges = {}
    for key, xs in starts.items():
        shared = [x for x in xs if sum(abs(x - other) <= 0.5 for other in xs) >= 2]
        edges[key] = statistics.median(x for x in xs if abs(x - min(shared or xs)) <= 0.5)
    return edges


def _edge_figures(result: Typometrics, right: dict, left: dict) -> None:
    """How far the justified lines' letters stand from the columns' edges (pt)."""
    by_column: dict[tuple[int, int], list[float]] = {}
    rights, lefts = [], []
    flush = Counter(
        (line.page, line.column)
        for line in result.lines
        if abs(line.x1 - right[(line.page, line.column)]) <= FLUSH
    )
    for line in result.lines:
        key = (line.page, line.column)
        if not _justified(line, right[key]) or flush[key] < EDGE_LINES:
            continue  # a column of short lines (list items, code): no edge to follow
        off_right = abs(line.letters_x1 - right[key])
        if off_right > result.body_size:
            continue  # no line of this column's measure (a wide row read into it)
        rights.append(off_right)
        by_column.setdefault(key, []).append(off_right)
        if line.x0 <= left[key] + FLUSH:  # not an indented first line
            off_left = abs(line.letters_x0 - left[key])
            lefts.append(off_left)
            by_column[key].append(off_left)
    if rights:
        result.right_edge_deviation_pt = statistics.fmean(rights)
        result.edge_deviation_pt = statistics.fmean(rights + lefts)
        result.worst_column_deviation_pt = max(statistics.fmean(v) for v in by_column.values())
    if lefts:
        result.left_edge_deviation_pt = statistics.fmean(lefts)


def _justified(line: Line, edge: float) -> bool:
    """A line set to the measure: reaching the edge, or hanging a mark past it. A
    column's last line may be flush without being justified; a line that ends
    short of the edge is a paragraph's last line."""
    return line.x1 >= edge - FLUSH and len(line.words) > 1


def _last_glyph(line: Line) -> dict:
    """The line's last glyph of ink (by where it ends)."""
    ink = [c for c in line.chars if not c["text"].isspace()]
    return max(ink, key=lambda c: c["x1"]) if ink else {"text": "", "x0": 0.0, "x1": 0.0}


def _mark_start(line: Line) -> float:
    """Where the line's last glyph begins (a hanging mark starts inside the column)."""
    ink = [c for c in line.chars if not c["text"].isspace()]
    return max(c["x0"] for c in ink) if ink else line.x0


def _figures(lines: list[Line], edges: dict[tuple[int, int], float], size: float) -> Typometrics:
    result = Typometrics(body_size=size, lines=lines, body_lines=len(lines))
    if not lines:
        return result
    run = 0
    previous: Line | None = None
    chars_per_line = []
    for index, line in enumerate(lines):
        edge = edges[(line.page, line.column)]
        following = lines[index + 1] if index + 1 < len(lines) else None
        # A mark hanging out of the column (optical margins) is no overrun, nor
        # a letter hung a little way out (the setting pdf.protrude_letters).
        if (line.letters_x1 > edge + OVERRUN or _mark_start(line) > edge + OVERRUN) and not (
            letter_hangs(_last_glyph(line), edge + OVERRUN)
        ):
            result.overruns += 1
        if _justified(line, edge):
            result.justified_lines += 1
            chars_per_line.append(len(line.text))
            if line.spaces:
                widest = max(line.spaces) / size
                result.widest_space_em = max(result.widest_space_em, widest)
                if widest > LOOSE_EM:
                    result.loose_lines += 1
        ends_in_hyphen = (
            line.text[-1:] in HYPHENS and following is not None and following.text[:1].isalnum()
        )
        if previous is None or (previous.page, previous.column) != (line.page, line.column):
            run = 0
        if ends_in_hyphen:
            result.hyphenated_lines += 1
            run += 1
            result.longest_hyphen_run = max(result.longest_hyphen_run, run)
            if following is not None and following.text[:1] in TREMA_VOWELS:
                result.trema_starts += 1
        else:
            run = 0
        previous = line
    result.hyphenated_share = result.hyphenated_lines / len(lines)
    if result.justified_lines:
        result.loose_share = result.loose_lines / result.justified_lines
    if chars_per_line:
        result.median_chars = statistics.median(chars_per_line)
    return result
