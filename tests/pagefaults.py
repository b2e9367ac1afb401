"""Page faults a typographer marks on a proof, read back from a finished PDF.

An intertitle at a column's foot with fewer than three lines under it (the text
goes on in the next column), a last page holding only a few lines, an article's
end mark not on the last page (something was moved past the article's end), and
a hyphen between spaces standing for a dash (``doen - doe``, ``Technische schuld -``).
"""

from __future__ import annotations

import re
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
        under = column[heads[-1] + 1 :]
        if len(under) < LINES_UNDER_A_HEADING and not any(END_MARK in u.text for u in under):
            heading = " ".join(line.text for line in column[first : heads[-1] + 1])
            found.append(f"page {key[0] + 1}: {heading} ({len(under)} lines)")
    return found


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


def quotes_beside_their_sentence(path: Path, body_size: float = 9.5) -> list[str]:
    """Pull quotes (14 pt italic across the columns) whose sentence stands in the body
    lines right next to them (the two above, the three under each column's top there):
    "page N: quote". The reader would read the sentence twice in a row."""
    from pamphletpress.check import pdfread

    pdf = pdfread.read(path)
    lines = pdf.column_lines(body_size)
    found = []
    for page in pdf.pages:
        quote = [
            c
            for c in page.chars
            if abs(c["size"] - 14) < 0.3 and "Italic" in c["fontname"] and c["text"].strip()
        ]
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
        near = [texts[-2:] for texts in above.values()] + [t[:3] for t in under.values()]
        if any(key in _letters(" ".join(texts)) for texts in near):
            found.append(f"page {page.number}: {''.join(c['text'] for c in quote)[:60]}")
    return found


def _letters(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()
