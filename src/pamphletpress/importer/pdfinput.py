"""A PDF's text for the import: read column by column, paragraph breaks marked as blanks.

Ligatures the PDF did not map are measured back, and the running foot gives the
publication and issue.
"""

from __future__ import annotations

import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

from pamphletpress.check.pdfread.reading import (  # the reading order import shares with check
    Glyph,
    PdfLine,
    body_style,
    drop_running_lines,
    glyph,
    glyph_text,
    reading_order,
    rows_of,
)
from pamphletpress.i18n import _
from pamphletpress.importer.lines import BULLETS


@dataclass
class Extracted:
    text: str
    pages: list[int]
    meta: dict
    lang: str | None = None
    ligatures: int = 0
    doubts: list[tuple[int, str]] = field(default_factory=list)


LIGATURES = ("ff", "fi", "fl", "ffi", "ffl", "ft", "st")


def extract_pdf(path: Path) -> Extracted:
    """The text of a PDF in reading order, with blank lines where the layout shows a
    new paragraph (indent, space, change of type); running heads and feet left out."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    progress = logging.getLogger("pamphletpress.progress")
    pages = []
    for number, page in enumerate(pdf.pages, 1):
        progress.info(
            _("reading {name}: page {number} of {pages_count}").format(
                name=path.name, number=number, pages_count=len(pdf.pages)
            )
        )
        pages.append([glyph(c) for c in page.chars])
    heights = [page.height for page in pdf.pages]
    lang, title = pdf.lang, pdf.title
    repaired, unknown = repair_ligatures(pages)
    body = body_style(pages)
    rows = [rows_of(glyphs) for glyphs in pages]
    footer = drop_running_lines(rows, heights, body)
    ordered: list[PdfLine] = []
    for number, page_rows in enumerate(rows, start=1):
        ordered.extend(reading_order(page_rows, number, body))
    for line in ordered:
        line.text = line_text(line.glyphs)
    text_lines, page_of = paragraph_lines(ordered)
    doubts = [
        (i + 1, _("unreadable glyph in “{t}”").format(t=t))
        for i, t in enumerate(text_lines)
        if "\ufffd" in t
    ]
    meta = running_meta(footer)
    if title:
        meta["title"] = title  # used only when the page shows no headline
    return Extracted("\n".join(text_lines), page_of, meta, lang, repaired, doubts)


#: A gap this many ems wide inside a line parts a table's cells, never words.
CELL_GAP = 1.5
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def line_text(glyphs: list[Glyph]) -> str:
    """A line's text as check reads it, but with a raised note call as a superscript
    figure (¹: a call, not a number of the text) and a table's cells, set apart by a
    wide gap, two spaces apart."""
    ink = [g for g in glyphs if not g.blank]
    if not ink:
        return glyph_text(glyphs)
    largest = max(g.size for g in ink)
    baseline = statistics.median(g.bottom for g in ink if g.size == largest)
    shown = [
        replace(g, text=g.text.translate(_SUPERSCRIPT))
        if g.text.isdigit() and g.size < 0.8 * largest and g.bottom < baseline - 1
        else g
        for g in sorted(glyphs, key=lambda g: g.x0)
    ]
    cells: list[list[Glyph]] = [[]]
    last = None
    for g in shown:
        if not g.blank and last is not None and g.x0 - last.x1 > CELL_GAP * largest:
            cells.append([])
        cells[-1].append(g)
        last = g if not g.blank else last
    return "  ".join(glyph_text(cell).strip() for cell in cells if cell)


def repair_ligatures(pages: list[list[Glyph]]) -> tuple[int, int]:
    """Glyphs without text are ligatures the PDF forgot to map (ff, ffi): measure them
    against the widths of f, i, l and t in the same font and size."""
    widths: dict[tuple[str, float, str], list[float]] = {}
    for glyphs in pages:
        for g in glyphs:
            if g.text in ("f", "i", "l", "t", "s"):
                widths.setdefault((g.font, round(g.size, 2), g.text), []).append(g.x1 - g.x0)
    repaired = unknown = 0
    for glyphs in pages:
        for g in glyphs:
            if g.text:
                continue
            width = g.x1 - g.x0
            best, error = None, 0.06 * g.size
            for candidate in LIGATURES:
                parts = [widths.get((g.font, round(g.size, 2), c)) for c in candidate]
                if any(p is None for p in parts):
                    continue
                guess = sum(statistics.median(p) for p in parts)
                if abs(guess - width) < error:
                    best, error = candidate, abs(guess - width)
            if best:
                g.text = best
                repaired += 1
            elif width > 0.2 * g.size:
                g.text = "\ufffd"
                unknown += 1
    return repaired, unknown


def running_meta(footer: list[str]) -> dict:
    """Publication and issue from a running foot ``Naam · maart 2022   3``."""
    for text in footer:
        text = re.sub(r"\s+\d+\s*$", "", text).strip()
        if " · " in text:
            publication, issue = text.split(" · ", 1)
            return {"publication": publication.strip(), "issue": issue.strip()}
    return {}


def paragraph_lines(lines: list[PdfLine]) -> tuple[list[str], list[int]]:
    """The text, one printed line a line, with a blank line where the layout shows a
    break: other type, extra space above, or a first-line indent."""
    pitch = _pitches(lines)
    lefts = _column_lefts(lines)
    out: list[str] = []
    page_of: list[int] = []
    in_list: float | None = None
    previous: PdfLine | None = None
    for line in lines:
        bullet = line.text.startswith(BULLETS) or line.text[:1] in "•▪◦●"
        text = re.sub(r"^[•▪◦●]\s*", "- ", line.text)
        left = lefts.get((line.page, line.column, line.style), line.x0)
        indented = line.x0 - left > 0.4 * line.size
        brk = False
        if previous is not None:
            same_flow = previous.page == line.page and previous.column == line.column
            gap = line.bottom - previous.bottom
            if line.style != previous.style:
                brk = True
            elif same_flow and gap > 1.3 * pitch.get(line.style, 1.25 * line.size):
                brk = True
            elif bullet or _turned(line, in_list):
                brk = False
            elif indented or in_list is not None:
                brk = True  # a first-line indent, or the text after a list
        if bullet:
            in_list = _text_start(line)
        elif not _turned(line, in_list):
            in_list = None
        if brk and out:
            out.append("")
            page_of.append(line.page)
        out.append(text)
        page_of.append(line.page)
        previous = line
    return out, page_of


def _turned(line: PdfLine, text_start: float | None) -> bool:
    """A list item's second line, set flush with the text after the bullet."""
    return text_start is not None and abs(line.x0 - text_start) < 1.5


def _text_start(line: PdfLine) -> float:
    """Where the text after a bullet starts: the left edge of its turned lines."""
    ink = [g for g in line.glyphs if not g.blank]
    return ink[1].x0 if len(ink) > 1 else line.x0


def _pitches(lines: list[PdfLine]) -> dict[tuple, float]:
    gaps: dict[tuple, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and a.style == b.style:
            gap = b.bottom - a.bottom
            if 0 < gap < 3 * a.size:
                gaps.setdefault(a.style, []).append(gap)
    return {style: statistics.median(values) for style, values in gaps.items()}


def _column_lefts(lines: list[PdfLine]) -> dict[tuple, float]:
    """The usual left edge of each column and type on each page (the unindented lines)."""
    edges: dict[tuple, Counter] = {}
    for line in lines:
        edges.setdefault((line.page, line.column, line.style), Counter())[round(line.x0)] += 1
    shared: dict[tuple, Counter] = {}
    for (_page, column, style), counts in edges.items():
        shared.setdefault((column, style), Counter()).update(counts)
    lefts: dict[tuple, float] = {}
    for key, counts in edges.items():
        if sum(counts.values()) < 3:  # too few lines here: the edge the other pages show
            counts = shared[key[1:]]
        common = counts.most_common(1)[0][0]
        lefts[key] = min(x for x in counts if abs(x - common) < 1.5)
    return lefts
