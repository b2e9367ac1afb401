"""The text of a finished PDF as running words: lines joined, line-end hyphens undone.

Used to prove that every word of the manuscript reached the page (``check``,
the tests). The lines themselves, in reading order, come from
:mod:`pamphletpress.pdfread` (full-width rows in place, the left column before
the right one, the running footer left out).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

HYPHENS = "-\u2010\u00ad"
_ADD_TREMA = str.maketrans("aeiouAEIOU", "äëïöüÄËÏÖÜ")


def pdf_lines(path) -> list[str]:
    """The PDF's text lines in reading order (read once, by :mod:`pamphletpress.pdfread`)."""
    from pamphletpress import pdfread

    return pdfread.read(path).reading_lines()


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
