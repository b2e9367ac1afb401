"""Lines of a PDF read by :mod:`pamphletpress.check.pdfread`: the only place glyphs become lines.

Two views of the same glyphs, each computed once per file and kept on the
:class:`~pamphletpress.check.pdfread.PdfFile`:

- :func:`column_lines` (:func:`body_lines`): the lines in the page's columns
  with their word spaces, for the typography figures, the ink under the body
  text and the layout tests. Lines are grouped by baseline and by column, the
  columns being the page's text regions between vertical gutters that no body
  glyph crosses.
- every line of text in reading order (:mod:`pamphletpress.check.pdfread.reading`),
  to prove that every word reached the page and to import a PDF: full-width
  rows (the opening, a box) in place, and between them the left column before
  the right.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

WORD_GAP_EM = 0.1  # a gap wider than this between two glyphs is a word space
GUTTER = 6.0  # pt: the narrowest gap between columns
#: Marks a composer may hang out of a justified column (optical margin
#: alignment: print.css's --protrusion tables): at a line's end and at its start.
HANGING_RIGHT = frozenset("-\u2010\u00ad.,:;\u2013\u2014\u2019\u201d\u203a\u00bb'\"")
HANGING_LEFT = frozenset("\u2018\u201c\u201e\u201a\u2039\u00ab'\"\u2013\u2014")
#: Letters a composer may hang a little out of the column too (the setting
#: pdf.protrude_letters: print.css's --protrusion-letters tables), by at most
#: ``LETTER_HANG`` of their width; the edge figure still counts them as letters.
HANGING_LETTERS = frozenset("TVWYvwy")
LETTER_HANG = 0.3


def letter_hangs(char: dict, edge: float, right: bool = True) -> bool:
    """Whether ``char`` is a letter standing past ``edge`` (at the right, or at
    the left) by no more than a protruding letter may."""
    past = char["x1"] - edge if right else edge - char["x0"]
    return char["text"] in HANGING_LETTERS and past <= LETTER_HANG * (char["x1"] - char["x0"])


@dataclass
class Line:
    page: int
    column: int
    x0: float
    x1: float
    words: list[str]
    spaces: list[float]  # word spaces, pt
    chars: list[dict] = field(default_factory=list, repr=False)  # its glyphs, spaces too

    @property
    def text(self) -> str:
        return " ".join(self.words)

    @property
    def hangs(self) -> bool:
        """Whether the line ends in a mark that may stand out of the column."""
        return self.words[-1][-1:] in HANGING_RIGHT if self.words else False

    @property
    def edge_x1(self) -> float:
        """Where the line's measure ends, as far as its glyphs tell: its end, or,
        when it ends in a mark that may hang out of the column, where that mark
        begins (never past the column's edge)."""
        if not self.hangs:
            return self.x1
        return max(c["x0"] for c in self.chars if not c["text"].isspace())

    @property
    def letters_x0(self) -> float:
        """Where the line's letters begin: its leading marks (an opening quote, which
        may hang out of the column) left out; the line's start if it is all marks."""
        return self._letters(HANGING_LEFT, reverse=False)

    @property
    def letters_x1(self) -> float:
        """Where the line's letters end: its trailing marks (a full stop, a hyphen,
        a closing quote) left out; the line's end if it is all marks."""
        return self._letters(HANGING_RIGHT, reverse=True)

    def _letters(self, marks: frozenset[str], reverse: bool) -> float:
        ink = sorted((c for c in self.chars if not c["text"].isspace()), key=lambda c: c["x0"])
        for char in reversed(ink) if reverse else ink:
            if char["text"] not in marks:
                return char["x1"] if reverse else char["x0"]
        return self.x1 if reverse else self.x0

    @property
    def top(self) -> float:
        """pdfplumber's top (growing down the page) of the line's first glyph."""
        return min(self.chars, key=lambda c: c["x0"])["top"]

    @property
    def size(self) -> float:
        return max(c["size"] for c in self.chars)

    @property
    def font(self) -> str:
        """The font of the line's largest glyph, subset tag dropped."""
        return max(self.chars, key=lambda c: c["size"])["fontname"].split("+", 1)[-1]


def body_lines(pdf, body_size: float) -> list[Line]:
    """The body lines of every page, page by page, column by column, top to bottom."""
    return column_lines(pdf, body_size)


def column_lines(
    pdf, body_size: float, also: tuple[float, ...] = (), other_faces: bool = False
) -> list[Line]:
    """The lines in the page's columns, page by page, column by column, top to bottom.

    The columns are the regions between gutters no body glyph crosses. Lines
    are set at ``body_size`` in the body face; ``also`` adds lines at other
    sizes (intertitles), ``other_faces`` keeps lines in another face.
    """
    family = _body_family(pdf.pages, body_size)
    lines: list[Line] = []
    for page in pdf.pages:
        lines.extend(_page_lines(page.chars, page.number - 1, body_size, family, also, other_faces))
    return lines


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


def _page_lines(
    chars: list[dict],
    page: int,
    body_size: float,
    family: str | None,
    also: tuple[float, ...] = (),
    other_faces: bool = False,
) -> list[Line]:
    sized = [c for c in chars if abs(c["size"] - body_size) < 0.05]
    if not sized or family is None:
        return []
    columns = _columns(sized)
    included = sized + [c for c in chars if any(abs(c["size"] - s) < 0.05 for s in also)]
    rows: dict[tuple[int, float], list[dict]] = {}
    for char in included:
        key = (_column_of(char, columns), round(char["matrix"][5], 1))
        rows.setdefault(key, []).append(char)
    rows = _merge_baselines(rows)
    _add_smaller(rows, chars, columns, body_size, also)
    lines = []
    for (column, _baseline), row in sorted(rows.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        ink = [c for c in row if not c["text"].isspace()]
        if not ink:
            continue
        body = sum(1 for c in ink if _family(c["fontname"]) == family)
        if body * 2 <= len(ink) and not other_faces:
            continue  # a heading or a label at the body size in another face
        lines.append(_line(row, page, column, body_size))
    return lines


def _add_smaller(
    rows: dict[tuple[int, float], list[dict]],
    chars: list[dict],
    columns: list[tuple[float, float]],
    body_size: float,
    also: tuple[float, ...],
) -> None:
    """Inline code, superscripts and footnote calls belong to the body line they sit
    in: without them their place would count as a word space."""
    by_column: dict[int, list[float]] = {}
    for column, baseline in rows:
        by_column.setdefault(column, []).append(baseline)
    reach = 0.45 * body_size
    for char in chars:
        size = char["size"]
        if size > body_size - 0.05 or any(abs(size - s) < 0.05 for s in also):
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
    return Line(page, column, ink[0]["x0"], ink[-1]["x1"], words, spaces, row)


#: A list item's marker, set apart from its text by the list's indent.
LIST_MARKER = re.compile(r"[•◦▪‣–-]|\d{1,3}[.)]|[a-z][.)]")
