"""Typographic figures of a finished PDF, read back from the page.

The composer's goals (issue 6) are measured here, on the PDF and nothing
else, so that the composer and WeasyPrint's own breaking are judged alike:
share of lines ending in a hyphen, ladders of hyphenated lines, the widest
word space, loose lines, lines that overrun their column, trema fragments
(``-⏎ën``) and characters per line.

The body lines come from :mod:`pamphletpress.check.pdfread` (the PDF is read once,
its lines grouped once, for every check that needs them).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, fields
from pathlib import Path

from pamphletpress.check.pdfread.lines import Line

HYPHENS = "-\u2010\u00ad"
TREMA_VOWELS = "äëïöüÄËÏÖÜ"
LOOSE_EM = 0.5  # a justified line with a word space wider than this is loose
FLUSH = 0.5  # pt: a line ending this close to the column edge is justified
OVERRUN = 0.5  # pt past the column edge is an overrun (WeasyPrint draws within ±0.25)


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
    lines: list[Line] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        figures = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "lines"}
        for key in ("hyphenated_share", "loose_share"):
            figures[key] = round(figures[key], 4)
        figures["widest_space_em"] = round(figures["widest_space_em"], 3)
        return figures


def measure_pdf(path: str | Path, body_size: float) -> Typometrics:
    """Measure the body text of the PDF at ``path`` set at ``body_size`` pt."""
    from pamphletpress.check import pdfread

    return measure(pdfread.read(path), body_size)


def measure(pdf, body_size: float) -> Typometrics:
    """Measure the body lines of a :class:`~pamphletpress.check.pdfread.PdfFile`."""
    lines = pdf.body_lines(body_size)
    edges: dict[tuple[int, int], float] = {}
    for number in sorted({line.page for line in lines}):
        edges.update(_column_edges([line for line in lines if line.page == number]))
    return _figures(lines, edges, body_size)


def _column_edges(lines: list[Line]) -> dict[tuple[int, int], float]:
    """Each column's right edge: the rightmost end that at least two of its lines
    share (justified lines end flush, give or take a few hundredths of a point;
    in a column of short list items they are the few that reach the edge)."""
    by_column: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        by_column.setdefault((line.page, line.column), []).append(line.x1)
    edges = {}
    for key, ends in by_column.items():
        shared = [x for x in ends if sum(abs(x - other) <= 1.0 for other in ends) >= 2]
        edge = max(shared) if shared else max(ends)
        edges[key] = statistics.median(x for x in ends if abs(x - edge) <= 1.0)
    return edges


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
        if line.x1 > edge + OVERRUN:
            result.overruns += 1
        # A column's last line may be flush without being justified; a line
        # that ends short of the edge is a paragraph's last line.
        justified = line.x1 >= edge - FLUSH and len(line.words) > 1
        if justified:
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
