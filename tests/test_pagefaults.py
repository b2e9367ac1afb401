"""The page readers of tests/pagefaults.py on lines made up for them."""

from __future__ import annotations

from types import SimpleNamespace

from tests.pagefaults import column_neighbours


def _line(column: int, top: float, text: str = "woord") -> SimpleNamespace:
    return SimpleNamespace(page=0, column=column, top=top, words=text.split(), text=text)


def _column(column: int, tops) -> list:
    return [_line(column, top) for top in tops]


def test_no_pair_across_a_box_over_both_columns():
    """Lines above and under a box across both columns (the other column empty beside
    the gap, but for the line it ends a step lower) are no pair: the text above goes
    on at the next column's top; lines beside a picture in one column still are."""
    left = _column(0, [100, 112.5, 125, 137.5, 250, 262.5])
    right = _column(1, [100, 112.5, 125, 250, 262.5])
    pairs = column_neighbours(left + right)
    assert (right[2], right[3]) not in pairs
    assert (left[3], left[4]) not in pairs
    assert len(pairs) == 7
    beside = _column(1, [100 + 12.5 * n for n in range(14)])
    pairs = column_neighbours(left + beside)
    assert (left[3], left[4]) in pairs
