"""Typographic figures of a finished PDF, read back from the page.

The composer's goals (issue 6) are measured here, on the PDF and nothing
else, so that the composer and WeasyPrint's own breaking are judged alike:
share of lines ending in a hyphen, ladders of hyphenated lines, the widest
word space, loose lines, lines that overrun their column, trema fragments
(``-⏎ën``) and characters per line.

Body lines are the lines set mostly in the body face at the body size; they
are grouped by baseline and by column, the columns being the page's text
regions between vertical gutters that no body character crosses.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

HYPHENS = "-\u2010\u00ad"
TREMA_VOWELS = "äëïöüÄËÏÖÜ"
LOOSE_EM = 0.5  # a justified line with a word space wider than this is loose
FLUSH = 0.5  # pt: a line ending this close to the column edge is justified
OVERRUN = 0.5  # pt past the column edge is an overrun (WeasyPrint draws within ±0.25)
WORD_GAP_EM = 0.1  # a gap wider than this between two glyphs is a word space
GUTTER = 6.0  # pt: the narrowest gap between columns


@dataclass
class Line:
    page: int
    column: int
    x0: float
    x1: float
    words: list[str]
    spaces: list[float]  # word spaces, pt

    @property
    def text(self) -> str:
        return " ".join(self.words)


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
        figures = asdict(self)
        figures.pop("lines")
        for key in ("hyphenated_share", "loose_share"):
            figures[key] = round(figures[key], 4)
        figures["widest_space_em"] = round(figures["widest_space_em"], 3)
        return figures


def measure_pdf(path: str | Path, body_size: float) -> Typometrics:
    """Measure the body text of the PDF at ``path`` set at ``body_size`` pt."""
    import pdfplumber

    lines: list[Line] = []
    edges: dict[tuple[int, int], float] = {}
    with pdfplumber.open(str(path)) as pdf:
        family = _body_family(pdf.pages, body_size)
        for number, page in enumerate(pdf.pages):
            page_lines = _page_lines(page.chars, number, body_size, family)
            lines.extend(page_lines)
            edges.update(_column_edges(page_lines))
    return _figures(lines, edges, body_size)


def _family(fontname: str) -> str:
    """``ABCDEF+Charis-SIL-Italic`` → ``Charis``: the subset tag and style dropped."""
    return fontname.split("+", 1)[-1].split("-")[0].split(",")[0]


def _body_family(pages, body_size: float) -> str | None:
    counts: Counter[str] = Counter()
    for page in pages:
        for char in page.chars:
            if abs(char["size"] - body_size) < 0.05 and not char["text"].isspace():
                counts[_family(char["fontname"])] += 1
    return counts.most_common(1)[0][0] if counts else None


def _page_lines(chars: list[dict], page: int, body_size: float, family: str | None) -> list[Line]:
    sized = [c for c in chars if abs(c["size"] - body_size) < 0.05]
    if not sized or family is None:
        return []
    columns = _columns(sized)
    rows: dict[tuple[int, float], list[dict]] = {}
    for char in sized:
        key = (_column_of(char, columns), round(char["matrix"][5], 1))
        rows.setdefault(key, []).append(char)
    rows = _merge_baselines(rows)
    _add_other_sizes(rows, chars, columns, body_size)
    lines = []
    for (column, _baseline), row in sorted(rows.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        ink = [c for c in row if not c["text"].isspace()]
        if not ink:
            continue
        body = sum(1 for c in ink if _family(c["fontname"]) == family)
        if body * 2 <= len(ink):
            continue  # a heading or a label at the body size in another face
        lines.append(_line(row, page, column, body_size))
    return lines


def _add_other_sizes(
    rows: dict[tuple[int, float], list[dict]],
    chars: list[dict],
    columns: list[tuple[float, float]],
    body_size: float,
) -> None:
    """Inline code, superscripts and footnote calls belong to the body line they sit
    in: without them their place would count as a word space."""
    by_column: dict[int, list[float]] = {}
    for column, baseline in rows:
        by_column.setdefault(column, []).append(baseline)
    reach = 0.45 * body_size
    for char in chars:
        if abs(char["size"] - body_size) < 0.05 or char["size"] > body_size:
            continue
        column = _column_of(char, columns)
        baseline = round(char["matrix"][5], 1)
        near = [b for b in by_column.get(column, ()) if abs(b - baseline) <= reach]
        if near:
            rows[(column, min(near, key=lambda b: abs(b - baseline)))].append(char)


def _merge_baselines(
    rows: dict[tuple[int, float], list[dict]],
) -> dict[tuple[int, float], list[dict]]:
    """Rows whose baselines differ by rounding only are one line."""
    merged: dict[tuple[int, float], list[dict]] = {}
    for key in sorted(rows):
        previous = next(reversed(merged), None) if merged else None
        if previous is not None and previous[0] == key[0] and key[1] - previous[1] < 0.6:
            merged[previous].extend(rows[key])
        else:
            merged[key] = list(rows[key])
    return merged


def _columns(chars: list[dict]) -> list[tuple[float, float]]:
    """Text regions of the page: x ranges separated by gaps no glyph crosses."""
    spans = sorted((c["x0"], c["x1"]) for c in chars if not c["text"].isspace())
    regions: list[list[float]] = []
    for x0, x1 in spans:
        if regions and x0 <= regions[-1][1] + GUTTER:
            regions[-1][1] = max(regions[-1][1], x1)
        else:
            regions.append([x0, x1])
    return [(a, b) for a, b in regions]


def _column_of(char: dict, columns: list[tuple[float, float]]) -> int:
    middle = (char["x0"] + char["x1"]) / 2
    for index, (x0, x1) in enumerate(columns):
        if x0 - GUTTER / 2 <= middle <= x1 + GUTTER / 2:
            return index
    return len(columns)


def _line(row: list[dict], page: int, column: int, body_size: float) -> Line:
    row = sorted(row, key=lambda c: c["x0"])
    words: list[str] = []
    spaces: list[float] = []
    current = ""
    last_x1: float | None = None
    gap_start: float | None = None
    for char in row:
        if char["text"].isspace():
            if current:
                gap_start = last_x1
            continue
        if current and (
            gap_start is not None or char["x0"] - (last_x1 or 0) > WORD_GAP_EM * body_size
        ):
            words.append(current)
            spaces.append(char["x0"] - (last_x1 or 0))
            current = ""
        gap_start = None
        current += char["text"]
        last_x1 = char["x1"]
    if current:
        words.append(current)
    if len(words) > 1 and LIST_MARKER.fullmatch(words[0]):
        spaces = spaces[1:]  # a list's bullet or number and the gap to its text
    ink = [c for c in row if not c["text"].isspace()]
    return Line(page, column, ink[0]["x0"], ink[-1]["x1"], words, spaces)


LIST_MARKER = re.compile(r"[•◦▪‣–-]|\d{1,3}[.)]|[a-z][.)]")


def _column_edges(lines: list[Line]) -> dict[tuple[int, int], float]:
    """Each column's right edge: where most of its longest lines end (justified
    lines end flush, give or take a few hundredths of a point; a column of short
    list items has a few that reach the edge)."""
    by_column: dict[tuple[int, int], list[float]] = {}
    for line in lines:
        by_column.setdefault((line.page, line.column), []).append(line.x1)
    edges = {}
    for key, ends in by_column.items():
        longest = [x for x in ends if x >= max(ends) - 3.0]
        mode = Counter(round(x) for x in longest).most_common(1)[0][0]
        edges[key] = statistics.median(x for x in longest if abs(x - mode) <= 1.0)
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
