"""Table cells read back from a PDF: their lines, and the words broken more than once in them.

A typographer breaks a word in a table cell at most once (issue 22): a cell
line that is only the middle of a word (no space, a hyphen at its end, under a
line ending in a hyphen) shows a word broken twice, as WeasyPrint's table
layout broke a squeezed label column (``Ge- / bruiks- / voor- / waarden``).
"""

from __future__ import annotations

from collections import defaultdict

#: What ends a cell line broken inside a word: the composer's hyphen, a plain one.
HYPHENS = ("\u2010", "-", "\u00ad")
#: Two glyphs further apart than this (pt) stand in two cells (6 pt between columns).
CELL_GAP = 4.0
#: … and further apart than this, two words.
WORD_GAP = 1.0


def cell_lines(pdf, size: float) -> list[dict]:
    """The lines of every cell (and caption) at ``size``, as segments: one per
    cell a row of glyphs crosses. Each with its page, top, x0, x1, text and glyphs."""
    segments = []
    for page in pdf.pages:
        rows = defaultdict(list)
        for char in page.chars:
            if abs(char["size"] - size) < 0.01 and char["text"].strip():
                rows[round(char["top"], 1)].append(char)
        for top, chars in rows.items():
            chars.sort(key=lambda c: c["x0"])
            current = [chars[0]]
            for char in chars[1:]:
                if char["x0"] - current[-1]["x1"] > CELL_GAP:
                    segments.append(_segment(page.number, top, current))
                    current = []
                current.append(char)
            segments.append(_segment(page.number, top, current))
    return segments


def _segment(page: int, top: float, chars: list[dict]) -> dict:
    text, last = "", None
    for char in chars:
        if last is not None and char["x0"] - last["x1"] > WORD_GAP:
            text += " "
        text += char["text"]
        last = char
    return {"page": page, "top": top, "x0": chars[0]["x0"], "x1": chars[-1]["x1"],
            "text": text, "chars": chars}  # fmt: skip


def cell_runs(segments: list[dict], leading: float) -> list[list[dict]]:
    """Segments one under the other at ``leading``, left-aligned: a cell's (or a
    caption's) lines, top to bottom."""
    runs: list[list[dict]] = []
    for segment in sorted(segments, key=lambda s: (s["page"], round(s["x0"]), s["top"])):
        last = runs[-1][-1] if runs else None
        if (
            last is not None
            and last["page"] == segment["page"]
            and abs(last["x0"] - segment["x0"]) < 0.5
            and abs(segment["top"] - last["top"] - leading) < 0.3
        ):
            runs[-1].append(segment)
        else:
            runs.append([segment])
    return runs


def broken_twice(pdf, size: float, leading: float) -> list[str]:
    """The cell lines that are only the middle of a word: its part between two breaks."""
    found = []
    for run in cell_runs(cell_lines(pdf, size), leading):
        for above, line in zip(run, run[1:], strict=False):
            middle = " " not in line["text"] and line["text"].endswith(HYPHENS)
            if middle and above["text"].endswith(HYPHENS):
                found.append(f"page {line['page']}: {above['text']} / {line['text']}")
    return found
