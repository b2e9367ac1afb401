"""The Knuth–Plass breaker, with every character one unit wide so that the
expected lines can be written as plain text (as tex-linebreak's tests do).

A word space is one unit that stretches by 1 and shrinks by 1/2; ``|`` in a
word marks a hyphenation point (a one-unit hyphen when used).
"""

from __future__ import annotations

import itertools
import random

import pytest

from pamphletpress.compose.breaker import (
    FILL,
    INFINITY,
    Box,
    Glue,
    NoBreaks,
    Params,
    Penalty,
    break_lines,
)

FROG_KING = (
    "In olden times when wishing still helped one, there lived a king whose daughters "
    "were all beautiful; and the youngest was so beautiful that the sun itself, which "
    "has seen so much, was astonished whenever it shone in her face. Close by the "
    "king's castle lay a great dark forest, and under an old lime-tree in the forest "
    "was a well, and when the day was very warm, the king's child went out into the "
    "forest and sat down by the side of the cool fountain; and when she was bored she "
    "took a golden ball, and threw it up on high and caught it; and this ball was her "
    "favorite plaything."
)


def items_for(text: str, hyphen_cost: float = 50) -> list:
    items: list = []
    words = text.split()
    for k, word in enumerate(words):
        parts = word.split("|")
        for j, part in enumerate(parts):
            items.append(Box(len(part), part))
            if j < len(parts) - 1:
                items.append(Penalty(1, hyphen_cost, True, value="-"))
        if k < len(words) - 1:
            items.append(Glue(1, 1, 0.5, " "))
    return items + [Glue(0, FILL, 0), Penalty(0, -INFINITY)]


def lines_of(items: list, breaks: list[int]) -> list[str]:
    lines, start = [], 0
    for end in breaks:
        text = ""
        for item in items[start:end]:
            if isinstance(item, Box):
                text += item.value
            elif isinstance(item, Glue) and item.value:
                text += " "
        if isinstance(items[end], Penalty) and items[end].value:
            text += "-"
        lines.append(text.strip())
        start = end + 1
    return lines


def lay(text: str, width: int | list[int], **params) -> list[str]:
    items = items_for(text)
    widths = width if isinstance(width, list) else [width]
    return lines_of(items, break_lines(items, widths, Params(**params)))


def first_fit(text: str, width: int) -> list[str]:
    """What a greedy breaker (WeasyPrint's) does: as many words as fit, never shrinking."""
    lines, current = [], ""
    for word in text.replace("|", "").split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= width:
            current = candidate
        else:
            lines.append(current)
            current = word
    return lines + [current]


def test_optimal_differs_from_greedy():
    text = "golden all is forest is of in astonished astonished"
    assert first_fit(text, 19) == ["golden all is", "forest is of in", "astonished", "astonished"]
    assert lay(text, 19) == ["golden all is forest", "is of in astonished", "astonished"]


def test_frog_king_all_lines_feasible_and_better_than_greedy():
    width = 40
    lines = lay(FROG_KING, width, tolerance=10000)
    assert lines == [
        "In olden times when wishing still helped",
        "one, there lived a king whose daughters",
        "were all beautiful; and the youngest was",
        "so beautiful that the sun itself, which",
        "has seen so much, was astonished whenever",
        "it shone in her face. Close by the king's",
        "castle lay a great dark forest, and under",
        "an old lime-tree in the forest was a well,",
        "and when the day was very warm, the king's",
        "child went out into the forest and sat",
        "down by the side of the cool fountain; and",
        "when she was bored she took a golden ball,",
        "and threw it up on high and caught it;",
        "and this ball was her favorite plaything.",
    ]
    for line in lines[:-1]:
        spaces = line.count(" ")
        ratio = (
            (width - len(line)) / spaces
            if len(line) < width
            else (width - len(line)) / (spaces / 2)
        )
        assert -1 <= ratio <= 1.5, line
    greedy = first_fit(FROG_KING, width)
    worst_greedy = max((width - len(text)) / text.count(" ") for text in greedy[:-1])
    worst_optimal = max((width - len(text)) / text.count(" ") for text in lines[:-1])
    assert worst_optimal < worst_greedy


def test_first_line_width_differs():
    text = "aaa bbb ccc ddd eee fff ggg hhh"
    assert lay(text, [7, 11]) == ["aaa bbb", "ccc ddd eee", "fff ggg hhh"]


def test_hyphen_used_when_it_saves_a_loose_line():
    assert lay("aaaa bbbb|cccc dddd", 10) == ["aaaa bbbb-", "cccc dddd"]


def test_at_most_two_hyphenated_lines_in_a_row():
    text = (
        "xxx|yyy xxx|yyy xxxxxxx|yyy xx|yyy xxxx|yyyyy xxxx|yyy xxx|yyy xx|yyyy xxxx|yyy "
        "xxx|yyyyyyy"
    )
    free = lay(text, 16, tolerance=10000, max_hyphen_run=None, double_hyphen_demerits=0)
    assert _longest_hyphen_run(free) == 3
    limited = lay(text, 16, tolerance=10000, max_hyphen_run=2, double_hyphen_demerits=0)
    assert _longest_hyphen_run(limited) <= 2
    assert _letters(limited) == _letters(free)


def test_final_hyphen_demerits_keep_the_hyphen_off_the_second_to_last_line():
    text = "aaa bbb ccc|ddd eee fff"
    assert lay(text, 13, final_hyphen_demerits=0) == ["aaa bbb ccc-", "ddd eee fff"]
    assert lay(text, 13, final_hyphen_demerits=100000) == ["aaa bbb cccddd", "eee fff"]


def test_double_hyphen_demerits_separate_hyphens():
    text = "xxxx xxx xxx|xxx xxx xxxxx|xx xxx xxxxxx|xx"
    free = dict(double_hyphen_demerits=0, max_hyphen_run=None)
    assert lay(text, 14, **free) == ["xxxx xxx xxx-", "xxx xxx xxxxx-", "xx xxx xxxxxx-", "xx"]
    dear = dict(double_hyphen_demerits=30000, max_hyphen_run=None)
    assert lay(text, 14, **dear) == ["xxxx xxx xxx-", "xxx xxx xxxxxxx", "xxx xxxxxxxx"]


def test_impossible_paragraph_still_breaks():
    # A word longer than the line: the emergency pass accepts the least bad
    # overfull line rather than failing (the composer then declines the paragraph).
    assert lay("aa bbbbbbbbbbbbbbbbbbbb cc", 8) == ["aa bbbbbbbbbbbbbbbbbbbb", "cc"]


def test_forced_break_inside_a_paragraph():
    items = items_for("aaa bbb")
    items[1:1] = [Penalty(0, -INFINITY)]  # after aaa
    assert lines_of(items, break_lines(items, [20])) == ["aaa", "bbb"]


def test_post_break_width_is_counted():
    # A discretionary whose text after the break is wider than unbroken.
    def items(post: float) -> list:
        return [
            Box(4, "aaaa"),
            Glue(1, 1, 0.5, " "),
            Box(3, "zee"),
            Penalty(1, 0, True, post_width=post, value="-"),
            Box(2, "en"),
            Glue(1, 1, 0.5, " "),
            Box(3, "bbb"),
            Glue(1, 1, 0.5, " "),
            Box(2, "cc"),
            Glue(0, FILL, 0),
            Penalty(0, -INFINITY),
        ]

    assert lines_of(items(0), break_lines(items(0), [9])) == ["aaaa zee-", "en bbb cc"]
    assert "en bbb cc" not in lines_of(items(4), break_lines(items(4), [9]))


def test_never_a_break_at_the_paragraph_fill():
    """A layout asking a short paragraph for a line more than its words can give
    gets no empty last line (a break at the fill glue, TeX's \\parfillskip)."""
    from pamphletpress.compose.breaker import LineRule

    items = items_for("een twee drie")
    fill = len(items) - 2
    for lines in (1, 2, 3):
        breaks = break_lines(items, [40], Params(), LineRule(lines, ()))
        assert fill not in breaks and len(breaks) == lines
        assert all(text for text in lines_of(items, breaks))
    with pytest.raises(NoBreaks):  # four lines of three words: refused, not one left empty
        break_lines(items, [40], Params(), LineRule(4, ()))


def test_needs_a_final_forced_break():
    with pytest.raises(NoBreaks):
        break_lines([Box(1)], [10])


def test_agrees_with_exhaustive_search():
    rnd = random.Random(20240306)
    for _ in range(200):
        words = []
        for _ in range(rnd.randint(4, 8)):
            word = "x" * rnd.randint(1, 9)
            if len(word) >= 5 and rnd.random() < 0.6:
                cut = rnd.randint(2, len(word) - 2)
                word = word[:cut] + "|" + word[cut:]
            words.append(word)
        items = items_for(" ".join(words))
        base = rnd.randint(8, 16)
        widths = rnd.choice([[base - 2, base], [base + 3, base], [base]])
        params = Params(
            tolerance=rnd.choice([100, 400, 10000]),
            max_hyphen_run=rnd.choice([1, 2, None]),
            adjacent_demerits=rnd.choice([0, 3000, 10000]),
        )
        expected = _exhaustive(items, widths, params)
        if expected is None:
            continue  # nothing fits the first pass: the emergency pass is tested above
        got = break_lines(items, widths, params)
        assert _demerits(items, widths, got, params) == pytest.approx(expected[0])


# ── The oracle: every subset of breakpoints, TeX's demerits ──────────────


def _letters(lines: list[str]) -> str:
    return "".join(lines).replace("-", "").replace(" ", "")


def _longest_hyphen_run(lines: list[str]) -> int:
    longest = run = 0
    for line in lines[:-1]:
        run = run + 1 if line.endswith("-") else 0
        longest = max(longest, run)
    return longest


def _breakpoints(items: list) -> list[int]:
    return [
        i
        for i, item in enumerate(items)
        if (isinstance(item, Glue) and isinstance(items[i - 1], Box))
        or (isinstance(item, Penalty) and item.cost < INFINITY)
    ]


def _exhaustive(items: list, widths: list[int], params: Params):
    points = _breakpoints(items)
    inner, last = points[:-1], points[-1]
    best = None
    for count in range(len(inner) + 1):
        for chosen in itertools.combinations(inner, count):
            breaks = [*chosen, last]
            cost = _demerits(items, widths, breaks, params)
            if cost is not None and (best is None or cost < best[0]):
                best = (cost, breaks)
    return best


def _demerits(items: list, widths: list[int], breaks: list[int], params: Params):
    total, previous_fitness, previous_flagged, run, start = 0.0, 1, False, 0, 0
    for line, end in enumerate(breaks):
        first = start
        while first < end and not isinstance(items[first], Box):
            first += 1
        if first == end:
            return None
        chunk = items[first:end]
        natural = sum(i.width for i in chunk if not isinstance(i, Penalty))
        stretch = sum(i.stretch for i in chunk if not isinstance(i, Penalty))
        shrink = sum(i.shrink for i in chunk if not isinstance(i, Penalty))
        item = items[end]
        if isinstance(item, Penalty):
            natural += item.width
        if start and isinstance(items[start - 1], Penalty):
            natural += items[start - 1].post_width
        width = widths[min(line, len(widths) - 1)]
        if natural < width:
            ratio = (width - natural) / stretch if stretch else float("inf")
        elif natural > width:
            ratio = (width - natural) / shrink if shrink else float("-inf")
        else:
            ratio = 0.0
        if ratio < -1:
            return None
        badness = min(100 * abs(ratio) ** 3, 10000) if ratio else 0.0
        if badness > params.tolerance:
            return None
        fitness = 0 if ratio < -0.5 else 1 if ratio <= 0.5 else 2 if ratio <= 1 else 3
        demerits = (params.line_penalty + badness) ** 2
        flagged = isinstance(item, Penalty) and item.flagged
        cost = item.cost if isinstance(item, Penalty) else 0
        if cost > 0:
            demerits += cost**2
        elif cost > -INFINITY:
            demerits -= cost**2
        if flagged and previous_flagged:
            demerits += params.double_hyphen_demerits
        if cost <= -INFINITY and previous_flagged:
            demerits += params.final_hyphen_demerits
        if abs(fitness - previous_fitness) > 1:
            demerits += params.adjacent_demerits
        run = run + 1 if flagged else 0
        if params.max_hyphen_run is not None and run > params.max_hyphen_run:
            return None
        total += demerits
        previous_fitness, previous_flagged, start = fitness, flagged, end + 1
    return total


def test_a_gaping_line_costs_more_than_several_lines_a_little_short():
    """Issue 24: words before a word that cannot follow them on their line (an address,
    code) are spread over the lines above, each a little short, rather than one of
    them left alone on a line four fifths empty (``nine``, as before): the emptiness
    costs by its square."""
    params = {
        "ragged_ratio": 1.5,
        "tolerance": 300,
        "emergency_tolerance": 10000,
        "short_hyphen_demerits": 2 * 10010.0**2,
    }
    text = "one two three four five six seven eight nine ABCDEFGHIJKLMNOPQR end of it"
    lines = lay(text, 20, **params)
    assert lines[-2:] == ["ABCDEFGHIJKLMNOPQR", "end of it"]
    assert "nine" not in lines
    assert all(len(line) >= 0.6 * 20 for line in lines[:-1]), lines
