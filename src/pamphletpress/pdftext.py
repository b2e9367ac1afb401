"""Read the text of a finished PDF back, in reading order, columns one after the other.

Used to prove that every word of the manuscript reached the page (``check``,
the tests) and by ``import`` for PDFs. A page is read as bands: full-width
rows (the opening, a box) in place, and between them the left column before
the right one. The running footer is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

HYPHENS = "-\u2010\u00ad"
_ADD_TREMA = str.maketrans("aeiouAEIOU", "äëïöüÄËÏÖÜ")


@dataclass
class Row:
    top: float
    left: str
    right: str
    full: str | None  # set when the row crosses the middle of the page


def page_lines(page, footer_height: float = 48.0) -> list[str]:
    """The lines of one pdfplumber page in reading order, footer removed."""
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5)
    if not words:
        return []
    # pdfplumber keeps the PDF's own x (the trim box starts at 0 here); with a
    # media box that starts below 0 (the bleed) its "bottom" is bbox[3] minus
    # the height above the media box's lower edge (measured on WeasyPrint PDFs).
    attrs = page.page_obj.attrs
    media = [float(v) for v in attrs.get("MediaBox", page.bbox)]
    trim = [float(v) for v in attrs.get("TrimBox", media)]
    footer_bottom = page.bbox[3] + media[1] - trim[1] - footer_height
    middle = (trim[0] + trim[2]) / 2
    rows: dict[float, list[dict]] = {}
    for word in sorted(words, key=lambda w: (round(w["bottom"], 0), w["x0"])):
        if word["bottom"] > footer_bottom:
            continue
        key = next((k for k in rows if abs(k - word["bottom"]) < 4.0), word["bottom"])
        rows.setdefault(key, []).append(word)
    ordered: list[str] = []
    band_left: list[str] = []
    band_right: list[str] = []

    def flush() -> None:
        ordered.extend(band_left)
        ordered.extend(band_right)
        band_left.clear()
        band_right.clear()

    # A tinted box across the page (its background rectangle crosses the middle)
    # is read as full-width rows, even where a short line sits left of the middle.
    spans = [
        (r["top"], r["bottom"])
        for r in page.rects
        if r["x0"] < middle < r["x1"] and r["x1"] - r["x0"] > (trim[2] - trim[0]) / 2
    ]
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda w: w["x0"])
        in_box = any(top <= row[0]["top"] and row[0]["bottom"] <= bottom for top, bottom in spans)
        if in_box or any(w["x0"] < middle < w["x1"] for w in row) or _gap_free(row, middle):
            flush()
            ordered.append(" ".join(w["text"] for w in row))
            continue
        left = [w["text"] for w in row if w["x1"] <= middle]
        right = [w["text"] for w in row if w["x0"] >= middle]
        if left:
            band_left.append(" ".join(left))
        if right:
            band_right.append(" ".join(right))
    flush()
    return ordered


def _gap_free(row: list[dict], middle: float) -> bool:
    """A full-width line whose word space happens to fall on the middle."""
    for before, after in zip(row, row[1:]):
        if before["x1"] <= middle <= after["x0"]:
            return after["x0"] - before["x1"] < 6.0
    return False


def pdf_lines(path) -> list[str]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        lines: list[str] = []
        for page in pdf.pages:
            lines.extend(page_lines(page))
    return lines


def join_lines(lines: Iterable[str], vocabulary: set[str] | None = None) -> str:
    """Lines to running text, undoing line-end hyphenation.

    A line ending in a hyphen before a lowercase letter is joined without the
    hyphen, unless the hyphenated form is a known word (``vocabulary``) or the
    hyphen follows a capital (``EU-``), where it is real.
    """
    text = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if text and text[-1] in HYPHENS and line[:1].isupper():
            text = text[:-1] + "-" + line  # a real hyphen before a capital: pro-NAVO
        elif text and text[-1] in HYPHENS and line[:1].islower():
            head = re.search(r"(\S+)$", text).group(1)
            tail = re.match(r"(\S+)", line).group(1)
            real = head[:-1].split("-")[-1].isupper() and len(head) > 2
            if vocabulary is not None and _strip(head + tail) in vocabulary:
                real = True
            if vocabulary is not None and _strip(head[:-1] + tail) in vocabulary:
                real = False
            if vocabulary is not None and not real:
                # Dutch drops the trema at a break (Oekra-⏎ine): put it back.
                restored = tail[:1].translate(_ADD_TREMA) + line[1:]
                if _strip(head[:-1] + tail[:1].translate(_ADD_TREMA) + tail[1:]) in vocabulary:
                    line = restored
            text = text + line if real else text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return text


def _strip(word: str) -> str:
    return word.strip(".,;:!?()[]“”‘’\"'«»…")


def words_of(text: str) -> list[str]:
    """Words for comparison: punctuation and symbols dropped, typographic quotes kept out."""
    return [w for w in (re.sub(r"^[^\w■]+|[^\w■]+$", "", t) for t in text.split()) if w]
