"""Small typesetting faults read back from a finished PDF, as a proofreader marks them.

Headings broken with an added hyphen where no single word forces it, addresses
and identifiers broken with an added hyphen, note calls opening a line, an en
dash between two words without spaces. WeasyPrint and the composer both write
an added hyphen as U+2010, a word's own hyphen as U+002D: only the first counts.
"""

from __future__ import annotations

import re
from pathlib import Path

ADDED_HYPHEN = "\u2010"


def _lines(path: Path):
    from pamphletpress.check import pdfread

    return pdfread.read(path).reading_order()


def _is_heading_glyph(char: dict) -> bool:
    """Inter Bold or ExtraBold at 9 pt and over: headline, intertitles, box titles."""
    name = char["fontname"].split("+", 1)[-1]
    return name.startswith("Inter") and "Bold" in name and char["size"] >= 8.9


def heading_shapes(path: Path) -> list[list[tuple[str, float]]]:
    """Each heading as its lines (text, width in pt), read from the glyphs: a row
    of heading glyphs split where a gap wider than a word space (a gutter) falls,
    and rows of one size starting at one x, a line apart, joined."""
    from pamphletpress.check import pdfread
    from pamphletpress.check.pdfread.reading import glyph, glyph_text

    groups: list[list[tuple[str, float]]] = []
    for page in pdfread.read(path).pages:
        rows: dict[tuple[float, float], list[dict]] = {}
        for char in page.chars:
            if _is_heading_glyph(char):
                rows.setdefault((round(char["bottom"]), round(char["size"], 2)), []).append(char)
        open_groups: dict[tuple[float, float], list[tuple[str, float]]] = {}
        for (bottom, size), row in sorted(rows.items()):
            row.sort(key=lambda c: c["x0"])
            segments = [[row[0]]]
            for char in row[1:]:
                if char["x0"] - segments[-1][-1]["x1"] > max(10.0, 0.6 * size):
                    segments.append([])
                segments[-1].append(char)
            for segment in segments:
                x0 = round(segment[0]["x0"])
                text = glyph_text([glyph(c) for c in segment])
                ink = [c for c in segment if c["text"].strip()] or segment
                width = ink[-1]["x1"] - ink[0]["x0"]
                key = (x0, size)
                previous = open_groups.get(key)
                if previous is not None and 0 < bottom - previous[0] < 1.6 * size:
                    previous[1].append((text, width))
                    open_groups[key] = (bottom, previous[1])
                else:
                    group = [(text, width)]
                    groups.append(group)
                    open_groups[key] = (bottom, group)
    return groups


def hyphenated_headings(path: Path, long_words: list[str] = ()) -> list[str]:
    """Heading lines ending in an added hyphen, but in a word of ``long_words``
    (words wider than the measure, which must break somewhere)."""
    return [
        text
        for group in heading_shapes(path)
        for text, _width in group[:-1]
        if text.endswith(ADDED_HYPHEN)
        and not any(text.split()[-1].rstrip(ADDED_HYPHEN) in word for word in long_words)
    ]


def _body_lines(path: Path, body_size: float):
    """The column's lines with the small glyphs in them (calls, superscripts)."""
    from pamphletpress.check import pdfread

    return pdfread.read(path).body_lines(body_size)


def hyphenated_addresses(path: Path, body_size: float = 9.5) -> list[str]:
    """An address, a file name or an identifier broken with an added hyphen: the
    line's last word and the next line's first, joined, read letter for letter."""
    from pamphletpress.compose.hyphenation import is_verbatim

    lines = [line.words for line in _body_lines(path, body_size)]
    lines += [line.text.split() for line in _lines(path)]  # tables, boxes, notes too
    found = []
    for line, after in zip(lines, lines[1:]):
        if not line or not after or not line[-1].endswith(ADDED_HYPHEN):
            continue
        if after[0][:1].isupper():
            continue  # a new word (or the other column's line), not the address's rest
        # A note's call after the word is no part of it (``binnenland²``).
        word = re.sub(r"(?<=[^\W\d_])\d{1,2}(?=\W*$)", "", line[-1][:-1] + after[0])
        if is_verbatim(word):
            found.append(word)
    return found


def parted_calls(path: Path, body_size: float = 9.5) -> list[str]:
    """Body lines holding a note's call (a small raised number) that opens the line
    or stands apart from the word before it (``buitenland ⁴``, ``⁵. Het …``)."""
    found = []
    for line in _body_lines(path, body_size):
        chars = sorted(line.chars, key=lambda c: c["x0"])
        base = sorted(c["bottom"] for c in chars if c["size"] >= 0.9 * body_size)
        if not base:
            continue
        baseline = base[len(base) // 2]
        for index, char in enumerate(chars):
            small = char["size"] < 0.8 * body_size and char["text"].isdigit()
            if not small or char["bottom"] > baseline - 1:
                continue
            before = chars[index - 1] if index else None
            if before is not None and before["text"].isdigit() and before["size"] == char["size"]:
                continue  # the second digit of a call
            if (
                before is None
                or not before["text"].strip()
                or char["x0"] - before["x1"] > 0.15 * body_size
            ):
                found.append(line.text)
    return found


#: An en dash Dutch and German would space: between two words (``vak–ik``), after a
#: number or a sentence's end (``37–aan``, ``wezen?–Frits``), or spaced on one side
#: only (``principaal –een``, ``wezen– Frits``). Between two numbers it is a range.
UNSPACED_DASH = re.compile(
    r"\S*(?:[^\W_]|[?!.,;:\u2026)\u2019\u201d\u00bb])\u2013[\u2018\u201c\u201e(]?[^\W\d_]\S*"
    r"|\S*[^\W\d_][?!.,;:\u2026)\u2019\u201d\u00bb]?\u2013\d\S*"
    r"|\S+\s\u2013[\u2018\u201c\u201e(]?[^\W\d_]\S*"
    r"|\S*[^\W_]\u2013\s\S*"
)


def unspaced_dashes(text: str) -> list[str]:
    """En dashes without the spaces Dutch and German set around them (see
    :data:`UNSPACED_DASH`)."""
    return UNSPACED_DASH.findall(text)
