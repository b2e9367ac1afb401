"""The text of a finished PDF as running words: lines joined, line-end hyphens undone.

Used to prove that every word of the manuscript reached the page (``check``,
the tests). The lines themselves, in reading order, come from
:mod:`pamphletpress.check.pdfread` (full-width rows in place, the left column before
the right one, the running footer left out).
"""

from __future__ import annotations

import re
from collections import Counter


def pdf_lines(path) -> list[str]:
    """The PDF's text lines in reading order (read once, by :mod:`pamphletpress.check.pdfread`)."""
    from pamphletpress.check import pdfread

    return pdfread.read(path).reading_lines()


def words_of(text: str) -> list[str]:
    """Words for comparison: punctuation and symbols dropped, typographic quotes kept out."""
    return [w for w in (re.sub(r"^[^\w■]+|[^\w■]+$", "", t) for t in text.split()) if w]


def squeezed(text: str) -> str:
    """Only the letters and digits, lower case: a word broken over lines anywhere
    (a URL after its slash, code) is still found in it."""
    return "".join(re.findall(r"[^\W_]+", text)).casefold()


def halves_joined(lines: list[str]) -> Counter:
    """Words a table cell's line ends with the first part of (``geconclu‐``), joined
    with each word of the next three lines: in reading order the rest of such a
    word follows the neighbouring cell's text. A word broken up to four times in a
    narrow cell (Ge‐ bruiks‐ voor‐ waarden) is joined too."""
    tokens = [re.findall(r"[^\W_]+", line.casefold()) for line in lines]
    heads = [re.findall(r"([^\W_]+)[-\u2010\u00ad](?=\s|$)", line.casefold()) for line in lines]
    joined: Counter = Counter()

    def join(prefix: str, index: int, depth: int) -> None:
        for after in range(index + 1, min(index + 4, len(lines))):
            joined.update(prefix + word for word in set(tokens[after]))
            if depth:
                for head in heads[after]:
                    join(prefix + head, after, depth - 1)

    for index, line_heads in enumerate(heads):
        for head in line_heads:
            join(head, index, 3)
    return joined
