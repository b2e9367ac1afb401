"""Set one HTML paragraph's lines, each a block that WeasyPrint cannot break again.

Its words are measured, the breaks chosen, and the paragraph ``<p>`` rewritten
in place as

    <p><span class="line first" style="text-indent: 9.5pt; word-spacing: 0.412pt">…</span>
       <span class="line" style="margin-right: -0.271pt; word-spacing: 0.31pt;
             letter-spacing: 0.054pt">…hyphen-</span>
       <span class="line last">…</span></p>

with the print stylesheet's ``.line`` rules
(:func:`~pamphletpress.compose.lines.line_css`). A line takes its slack from
the word spaces and, a little, from the letter spacing (``Spacing``): the
narrow Dutch column with its long compounds needs both to keep spaces even
with few hyphens. The spacing is set so that the line is a hair
(``Setup.safety``) narrower than the column; WeasyPrint's own justification
adds the rest, so a measuring error of a few hundredths of a point never makes
a line overrun.

Anything the composer cannot measure with certainty (an element it does not
know, an image, a forced line break, a character the font lacks, a word
longer than the column) leaves the paragraph untouched and returns False.

The paragraph is read into items in :mod:`pamphletpress.compose.items` and its
lines are written back in :mod:`pamphletpress.compose.lines`, with what
:mod:`pamphletpress.compose.setup` holds; here the breaks are chosen, and the
hyphenated lines that no column end could mend are known before layout.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from pamphletpress.compose.breaker import (
    INFINITY,
    Glue,
    Item,
    LineRule,
    NoBreaks,
    Params,
    Penalty,
    break_lines,
    keeps,
)
from pamphletpress.compose.items import (
    Text,
    Unmeasurable,
    hang_left,
    paragraph_items,
    read_text,
)
from pamphletpress.compose.lines import (
    Line,
    hyphenated,
    lines_between,
    ragged_ratio,
    rewrite,
    share,
)
from pamphletpress.compose.setup import HyphenPenalties, Setup


def is_indented(p: etree._Element) -> bool:
    """print.css's rule: indented unless first in its column run or after a
    heading, a list or a displayed formula. A figure does not part the text: the
    paragraph after one keeps its indent, so a figure moved down the text after
    layout (``layout/figureplaces.py``) leaves every paragraph as it was set."""
    previous = p.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    while previous is not None and "figure" in (previous.get("class") or "").split():
        previous = previous.getprevious()
    if previous is None:
        return False
    classes = (previous.get("class") or "").split()
    return previous.tag not in UNINDENTED_AFTER and "math-display" not in classes


#: What a paragraph after it starts flush with (print.css says the same).
UNINDENTED_AFTER = frozenset({"h2", "h3", "h4", "h5", "h6", "ul", "ol"})


def compose_paragraph(
    p: etree._Element,
    setup: Setup,
    indent: bool | None = None,
    inset: str | tuple[str, ...] | None = None,
    rule: LineRule | None = None,
) -> bool:
    """Set the lines of ``p`` (in place). False, with ``p`` untouched, when the
    paragraph holds something the composer cannot measure (the reason goes to
    ``setup.report``). ``indent`` overrides ``setup.indented`` for this paragraph;
    ``inset`` names how much narrower than the column it is (``list``, ``quote``),
    several names adding up (a list item in a box in a quotation). A ``rule``
    (from the page layout: so many lines, one of them ending in a whole word)
    is kept or the paragraph is left as it is, False, nothing reported."""
    insets = (inset,) if isinstance(inset, str) else tuple(inset or ())
    try:
        if p.get("class") or p.get("style"):
            raise Unmeasurable("a paragraph with its own class or style")
        for name in insets:
            if name not in setup.insets:
                raise Unmeasurable(f"the stylesheet states no --{name}-indent")
        text = read_text(p, setup.fonts, setup.call_scale)
    except Unmeasurable as reason:
        setup.report.note(p, str(reason))
        return False
    if not text.chars:
        return False
    if indent is None:
        indent = (setup.indented or is_indented)(p)
    width = setup.width - sum(setup.insets[name] for name in insets)
    first_width = width - (setup.indent if indent else 0.0)
    # Ragged lines are set at their natural width: the hair a justified line
    # leaves to WeasyPrint is left here at the breaker.
    hair = setup.safety if setup.ragged else 0.0
    widths = [first_width - hair, width - hair]
    if not setup.ragged:
        ratios = {
            "ragged_ratio": ragged_ratio(setup),
            "address_ragged_ratio": ragged_ratio(setup, setup.spacing.widest_gap),
        }
        setup = replace(setup, params=replace(setup.params, **ratios))
    # An opening quote at an unindented start stands out of the column too.
    hang = 0.0 if indent else hang_left(text, 0, setup)
    if rule is None:
        items = paragraph_items(text, setup)
        breaks = break_lines(items, widths, setup.params, lead=-hang)
    else:
        try:
            items, breaks = _mended(text, setup, widths, rule, hang)
        except NoBreaks:
            return False
    lines = lines_between(items, breaks, hang)
    for number, line in enumerate(lines):
        room = (first_width if number == 0 else width) + line.left_hang + line.right_hang
        if line.natural - line.shrink > room + 0.01:
            setup.report.note(p, "a word is wider than the column")
            return False
    held = (
        _unmendable(text, items, breaks, lines, widths, setup.params, hang)
        if rule is None and setup.mends
        else set()
    )
    rewrite(p, text, lines, setup, first_width, indent, width, held)
    setup.report.composed += 1
    setup.report.lines += len(lines)
    return True


#: Lines on either side of a column's last line that a quick mend may re-break.
MEND_WINDOW = 2


def _unmendable(
    text: Text,
    items: list[Item],
    breaks: list[int],
    lines: list[Line],
    widths: list[float],
    params: Params,
    hang: float = 0.0,
) -> set[int]:
    """The hyphenated lines that could not end a column and be mended after
    layout (:mod:`pamphletpress.layout.columnends`): no breaking with as many lines
    ends them in a whole word. Known before layout, they keep print.css's rule
    (the column breaks a line earlier), so a mend never costs a second layout.

    Tried first in a window of lines round the line (cheap), then in the whole
    paragraph. The first line and the last two never end a column (no orphans,
    no widows); a line ending in a hyphen that is no break (“voor- en”) cannot
    be re-broken away by the breaker: held."""
    held: set[int] = set()
    for number in range(1, len(lines) - 2):
        if not hyphenated(text, lines[number]):
            continue
        end = items[breaks[number]]
        if not (isinstance(end, Penalty) and end.flagged) or not _mendable_in(
            items, breaks, widths, params, number, hang
        ):
            held.add(number)
    return held


def _mendable_in(
    items: list[Item],
    breaks: list[int],
    widths: list[float],
    params: Params,
    number: int,
    hang: float = 0.0,
) -> bool:
    first = max(0, number - MEND_WINDOW)
    last = min(len(breaks) - 1, number + MEND_WINDOW)
    start = breaks[first - 1] + 1 if first else 0
    previous = items[breaks[first - 1]] if first else None
    # What the window's first line starts with: the post-break text and hang of
    # the break before it (as the breaker counts them), or the paragraph's start.
    lead = -hang
    if isinstance(previous, Penalty):
        lead = previous.post_width - previous.post_hang
    elif isinstance(previous, Glue):
        lead = -previous.post_hang
    window = list(items[start : breaks[last]])
    end = items[breaks[last]]
    if isinstance(end, Penalty):
        window.append(Penalty(end.width, -INFINITY, end.flagged, value=end.value, hang=end.hang))
    elif isinstance(end, Glue):
        window.append(Penalty(0.0, -INFINITY, hang=end.hang))
    else:
        window.append(Penalty(0.0, -INFINITY))
    sizes = [widths[0] if first == 0 else widths[-1], widths[-1]]
    if keeps(window, sizes, params, LineRule(last - first + 1, (number - first,)), lead):
        return True
    return keeps(items, widths, params, LineRule(len(breaks), (number,)), -hang)


#: A mend may buy a hyphen more cheaply than a loose line: when its breaking
#: leaves a word space wider than :data:`LOOSE_EM`, it is also tried with the
#: hyphens at this share of their usual cost, and the tighter one is taken.
MEND_HYPHEN_COST = 0.5
#: A word space wider than this (em, the gap the eye sees) is loose, as
#: ``pamphletpress check`` counts it.
LOOSE_EM = 0.5


def _mended(
    text: Text, setup: Setup, widths: list[float], rule: LineRule, hang: float = 0.0
) -> tuple[list[Item], list[int]]:
    """The breaking under ``rule``: with the usual hyphen costs, or with cheaper
    ones when that is what keeps it from being loose."""
    cheaper = HyphenPenalties(
        *(
            getattr(setup.penalties, name) * MEND_HYPHEN_COST
            for name in ("syllable", "compound", "explicit")
        )
    )
    best: tuple[float, list[Item], list[int]] | None = None
    for penalties in (setup.penalties, cheaper):
        items = paragraph_items(text, replace(setup, penalties=penalties))
        try:
            breaks = break_lines(items, widths, setup.params, rule, lead=-hang)
        except NoBreaks:
            continue
        gap = _widest_gap(lines_between(items, breaks, hang), widths, setup)
        if best is None or gap < best[0] - 0.005:
            best = (gap, items, breaks)
        if best[0] <= LOOSE_EM:
            break
    if best is None:
        raise NoBreaks("no breaking keeps the rule")
    return best[1], best[2]


def _widest_gap(lines: list[Line], widths: list[float], setup: Setup) -> float:
    """The widest word space (em) the justified lines open: the space, its extra
    and the letter spacing on either side."""
    space = setup.fonts.fonts["regular"].width(" ", setup.size)
    widest = 0.0
    for number, line in enumerate(lines[:-1]):
        if line.spaces:
            room = widths[min(number, len(widths) - 1)] - setup.safety
            room += line.left_hang + line.right_hang
            word, letter = share(line, room, setup, letters=True)
            widest = max(widest, (space + word + 2 * letter) / setup.size)
    return widest


__all__ = ["compose_paragraph", "is_indented"]
