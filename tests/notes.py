"""Footnotes read back from a PDF: on each page, the note calls in the text and
the notes at its foot (the call size and the note size of print.css)."""

from __future__ import annotations

import re
from pathlib import Path

CALL_SIZE = 6.65
NOTE_SIZE = 7.5


def calls_and_notes(path: Path) -> list[tuple[set[str], set[str]]]:
    """Per page: the numbers called in its text, the numbers of its notes (from the
    glyphs the shared read-back holds: the file is parsed once for every test)."""
    from pdfplumber.utils.text import chars_to_textmap

    from pamphletpress.check import pdfread

    pages: list[tuple[set[str], set[str]]] = []
    for page in pdfread.read(path).pages:
        digits = sorted(
            (
                c
                for c in page.chars
                if c["text"].isdigit()
                and abs(c["size"] - CALL_SIZE) < 0.05
                and not _lowered(c, page.chars)
            ),
            key=lambda c: (round(c["top"]), c["x0"]),
        )
        calls: list[str] = []
        for previous, char in zip([None, *digits], digits):
            joined = previous is not None and abs(previous["top"] - char["top"]) < 1
            if joined and char["x0"] - previous["x1"] < 1:
                calls[-1] += char["text"]
            else:
                calls.append(char["text"])
        notes = {
            match.group(1)
            for line in chars_to_textmap(page.chars).extract_text_lines(return_chars=True)
            if (match := re.match(r"(\d+)\.\s", line["text"]))
            and abs(line["chars"][0]["size"] - NOTE_SIZE) < 0.05
        }
        pages.append((set(calls), notes))
    return pages


def _lowered(char: dict, chars: list[dict]) -> bool:
    """A subscript (H₂O), set at the call size too: below the text before it, where a
    note's call is raised above it."""
    before = [
        c
        for c in chars
        if c["size"] > CALL_SIZE + 0.5
        and c["x1"] <= char["x0"] + 0.5
        and abs(c["bottom"] - char["bottom"]) < 0.5 * c["size"]  # its own line only
    ]
    if not before:
        return False
    nearest = max(before, key=lambda c: c["x1"])
    return char["bottom"] > nearest["bottom"] + 0.5


def misplaced_notes(path: Path) -> list[str]:
    """Pages that call a note printed on another page."""
    pages = calls_and_notes(path)
    every = set().union(*(notes for _calls, notes in pages)) if pages else set()
    return [
        f"page {number}: calls {sorted(calls & every)}, notes {sorted(notes)}"
        for number, (calls, notes) in enumerate(pages, 1)
        if not (calls & every) <= notes
    ]
