"""An article's last columns end level (issue 19): the measure and the judgement of a
trial, without a layout (the corpus and the sample page read the result from PDFs:
tests/test_corpus.py, tests/test_first_hour.py)."""

from __future__ import annotations

import pytest

from pamphletpress.layout.lastcolumns import LEVEL, apart, no_worse

LEADING = 12.5


@pytest.mark.parametrize(
    ("ends", "lines"),
    [
        ((686.2, 636.2), 4.0),  # don-techschuld p2 as the review saw it
        ((636.2, 686.2), 4.0),  # the right column the deeper
        ((248.7, 236.2), 1.0),
        ((300.0,), 0.0),  # one column: nothing to be apart from
    ],
)
def test_apart_is_the_lines_between_the_deepest_and_the_shallowest_end(ends, lines):
    assert apart(ends, LEADING) == pytest.approx(lines)


def test_a_line_apart_is_level_two_are_not():
    assert apart((236.2, 248.7), LEADING) <= LEVEL < apart((223.7, 248.7), LEADING)


def test_a_trial_adding_any_fault_is_refused():
    before = (0, 0, 3, 0, 0, 1, 0, 0, 6)
    assert no_worse(before, before)
    assert no_worse((0, 0, 2, 0, 0, 0, 0, 0, 6), before)
    for index in range(len(before)):  # a hole, an empty foot, … a page more
        worse = tuple(value + (position == index) for position, value in enumerate(before))
        assert not no_worse(worse, before), index
