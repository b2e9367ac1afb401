"""check on an issue: an article running on to the next page without a jump line."""

from __future__ import annotations

from pamphletpress.check.issue import IssueFigures, TextLine, _splits


def _line(page: int, top: float, size: float, text: str = "woord") -> TextLine:
    return TextLine(page, 0, top, top + size, 50, 250, size, text)


def _page(number: int, *heads: float, opens_with_body: bool = True) -> list[TextLine]:
    """A page: its running head, then body lines, headlines (21 pt) at ``heads``."""
    lines = [_line(number, 40, 7.5, "De Rode Pen")]
    lines.append(_line(number, 60, 9.5 if opens_with_body else 21))
    lines += [_line(number, top, 21, "Kop") for top in heads]
    lines += [_line(number, 60 + 12.5 * n, 9.5) for n in range(1, 60)]
    return lines


def _split_pages(pages: dict[int, list[TextLine]], jumps=()) -> list[int]:
    figures = IssueFigures(pages=len(pages), jumps=list(jumps))
    heads = {n: [ln for ln in lines if ln.size >= 14.5] for n, lines in pages.items()}
    _splits(figures, pages, heads)
    return figures.splits


def test_an_article_running_on_without_a_jump_line_is_found():
    pages = {1: _page(1, opens_with_body=False), 2: _page(2, 400), 3: _page(3)}
    assert _split_pages(pages) == [3], "page 2 holds two articles; the second runs on"


def test_a_jump_line_or_a_page_given_to_one_article_announces_it():
    pages = {1: _page(1, opens_with_body=False), 2: _page(2, 400), 3: _page(3)}
    assert _split_pages(pages, [(2, 3, True)]) == []
    pages = {1: _page(1, opens_with_body=False), 2: _page(2), 3: _page(3)}
    assert _split_pages(pages) == [], "a long article filling page 2 runs on"
