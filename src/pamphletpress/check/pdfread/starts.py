"""The first words of each page, read fast: what the EPUB's page list needs.

The rest of :mod:`pamphletpress.check.pdfread` parses whole pages (pdfplumber); a page
list needs only where each page begins, so this reads each page's first drawn
characters and stops (pdfminer, which pdfplumber is built on).
"""

from __future__ import annotations

from pathlib import Path


def page_starts(pdf: Path, lines: int = 16) -> list[str]:
    """The first ``lines`` lines of every page, joined as running text.

    WeasyPrint draws a page's boxes in document order, so the first characters
    drawn are the first the page prints (the footer comes after): reading stops
    there, 20 times faster than reading whole pages (0.03 s for the article's four)."""
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from pamphletpress.compose.hyphenation import join_lines

    starts = []
    with open(pdf, "rb") as file:
        resources = PDFResourceManager(caching=True)
        for page in PDFPage.get_pages(file):
            device = _first_characters(resources, limit=lines * 90)
            try:
                PDFPageInterpreter(resources, device).process_page(page)
            except _Enough:
                pass
            starts.append(join_lines(_lines(device.characters)[:lines]))
    return starts


class _Enough(Exception):
    """Raised by the device once it has the characters it needs."""


def _first_characters(resources, limit: int):
    from pdfminer.converter import PDFLayoutAnalyzer

    class FirstCharacters(PDFLayoutAnalyzer):
        def __init__(self) -> None:
            super().__init__(resources)
            self.characters: list = []

        def render_char(self, *args, **kwargs):
            advance = super().render_char(*args, **kwargs)
            self.characters.append(self.cur_item._objs[-1])
            if len(self.characters) >= limit:
                raise _Enough
            return advance

    return FirstCharacters()


def _lines(characters: list) -> list[str]:
    """Characters as drawn, in lines: a new line where the baseline moves, a space
    where a gap opens (the composer's word spaces are gaps, not space characters)."""
    lines: list[str] = []
    text, last = "", None
    for char in characters:
        if last is not None and abs(char.y0 - last.y0) > 2:
            lines.append(text)
            text = ""
        elif last is not None and char.x0 - last.x1 > char.size * 0.15:
            text += " "
        text += char.get_text()
        last = char
    if text:
        lines.append(text)
    return [" ".join(line.split()) for line in lines]
