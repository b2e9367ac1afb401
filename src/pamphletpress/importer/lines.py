"""The input's lines: their blocks, natural widths, the column's measure, the page furniture."""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pamphletpress.read.document import nfc

#: Characters a typesetter ends a broken line with.
LINE_END_HYPHENS = "-\u2010\u00ad"
#: Markers of list items, as they come out of a PDF or a plain-text export.
BULLETS = ("- ", "• ", "* ", "· ", "▪ ", "◦ ", "● ")
#: The line ends a sentence (closing quotes and brackets may follow).
SENTENCE_END_RE = re.compile(r"[.!?:…][”’\"'»)\]]*(?: ?[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\[\d+\])?$")


@dataclass
class Line:
    """One non-blank line of the input, with its number and what preceded it."""

    no: int
    text: str
    blank_before: bool
    page: int | None = None
    after_furniture: bool = False  # a page number or running head stood just before

    @property
    def bullet(self) -> bool:
        return self.text.startswith(BULLETS)

    @property
    def ends_sentence(self) -> bool:
        return bool(SENTENCE_END_RE.search(self.text))

    @property
    def ends_hyphen(self) -> bool:
        return len(self.text) > 1 and self.text[-1] in LINE_END_HYPHENS and self.text[-2] != " "


def split_lines(text: str, pages: list[int] | None = None) -> list[Line]:
    """The non-blank lines, stripped; form feeds (page ends) count as blank lines."""
    text = nfc(text.lstrip("\ufeff")).replace("\r\n", "\n").replace("\r", "\n")
    lines: list[Line] = []
    blank = False
    for index, raw in enumerate(text.split("\n")):
        if "\f" in raw:
            blank = True
            raw = raw.replace("\f", " ")
        stripped = re.sub(r"[ \t]+", " ", raw).strip()
        if not stripped:
            blank = True
            continue
        page = pages[index] if pages and index < len(pages) else None
        lines.append(Line(index + 1, stripped, blank and bool(lines), page))
        blank = False
    return lines


def blocks_of(lines: list[Line]) -> list[list[Line]]:
    """Runs of lines between blank lines."""
    blocks: list[list[Line]] = []
    for line in lines:
        if line.blank_before or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    return blocks


# Approximate advance widths (Times, in em) to compare line lengths: a justified
# line's natural width varies far less than its number of characters.
_WIDTHS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500,
         333, 389, 278, 500, 500, 722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722,
         333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722,
         611),
        strict=True,
    )
)  # fmt: skip
_PUNCT_WIDTHS = {" ": 250, ".": 250, ",": 250, ":": 278, ";": 278, "’": 333, "‘": 333,
                 "'": 180, "“": 444, "”": 444, '"': 408, "-": 333, "–": 500, "—": 1000,
                 "(": 333, ")": 333, "!": 333, "?": 444}  # fmt: skip


@lru_cache(maxsize=4096)
def natural_width(text: str) -> float:
    """The width of ``text`` set in a Times-like face, in em."""
    total = 0
    for char in text:
        base = unicodedata.normalize("NFD", char)[0]
        if base in _WIDTHS:
            total += _WIDTHS[base]
        elif char.isdigit():
            total += 500
        else:
            total += _PUNCT_WIDTHS.get(char, 450)
    return total / 1000


def column_measure(lines: list[Line]) -> float:
    """The body column's width: the median natural width of lines that run on."""
    widths = []
    following = {id(a): b for a, b in zip(lines, lines[1:])}
    for line in lines:
        nxt = following.get(id(line))
        if nxt is None or nxt.blank_before or nxt.bullet or line.bullet or line.ends_sentence:
            continue
        widths.append(natural_width(line.text))
    if not widths:
        widths = [natural_width(line.text) for line in lines] or [1.0]
    return statistics.median(widths)


def all_caps(text: str) -> bool:
    """Whether ``text`` is set in capitals (at least two letters, none lower case)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


# --------------------------------------------------------------------------- page furniture

PAGE_NUMBER_RE = re.compile(
    r"(?:[-–—]\s*)?(?:(?:pagina|blz\.?|page|p\.)\s*)?\d{1,3}(?:\s*[-–—])?(?:\s*(?:/|van|of)\s*\d{1,3})?",
    re.I,
)


def remove_page_furniture(lines: list[Line]) -> tuple[list[Line], list[str], dict[str, int]]:
    """Page numbers and running heads out of the text: lines that stand alone between
    blank lines (or page ends) and are a number, or repeat on several pages.

    A removed line leaves a blank in its place, so a paragraph broken by the page
    end is rejoined (or not) as at a column end.
    """

    def alone(index: int) -> bool:
        line = lines[index]
        before = index == 0 or line.blank_before
        after = index + 1 == len(lines) or lines[index + 1].blank_before
        return before and after

    def shape(text: str) -> str:
        return re.sub(r"\d+", "#", text.casefold())

    shapes: dict[str, int] = {}
    for index, line in enumerate(lines):
        if alone(index) and len(line.text) <= 80:
            shapes[shape(line.text)] = shapes.get(shape(line.text), 0) + 1
    numbers: list[str] = []
    heads: dict[str, int] = {}
    kept: list[Line] = []
    gap = False
    for index, line in enumerate(lines):
        if alone(index) and PAGE_NUMBER_RE.fullmatch(line.text):
            numbers.append(line.text)
        elif alone(index) and len(line.text) <= 80 and shapes.get(shape(line.text), 0) >= 2:
            heads[line.text] = heads.get(line.text, 0) + 1
        else:
            if gap:
                line.blank_before = line.after_furniture = bool(kept)
            kept.append(line)
            gap = False
            continue
        gap = True
    return kept, numbers, heads
