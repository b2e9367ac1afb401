"""Choose the line breaks of a whole paragraph at once (Knuth and Plass, 1981).

Pure: boxes, glue and penalties with widths in, breakpoint indices out. Nothing
here knows about fonts, HTML or hyphenation; :mod:`.paragraph` builds the items.

The cost model is TeX's (badness, fitness classes, line penalty, hyphen,
double-hyphen, final-hyphen and adjacent-fitness demerits, looseness 0), plus
two rules newspapers ask for: a hard limit on consecutive hyphenated lines,
and a per-break penalty so compound boundaries can be preferred. A node's
state is (position, line class, fitness class, run of hyphenated lines); the
run makes the limit exact instead of a heuristic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: A penalty this high forbids a break; this low forces one (TeX's conventions).
INFINITY = 10000
#: Stretch that no finite glue matches: the paragraph's last-line fill.
FILL = 1e6
_INF_BAD = 10000
#: What decides between equally short lines: the earlier costs more.
LATE_SHORT_LINE = 1e6
#: … and before that, how much of its measure a short line leaves empty: a
#: line left short before an address that cannot break well costs less than
#: a scrap of the address alone on a line (``.nl/``), so the address goes to
#: a line of its own (per the measure's share left empty).
SHORT_LINE_ROOM = 1e6
#: … and a short line of words costs more than both can differ by, though less
#: than another short line; a line of an address alone (no word space, broken
#: inside the address) does not: an address that cannot break well starts a
#: line of its own, the words before it in the justified line above, rather
#: than a flush-left line of words and the address's start
#: (``op voorbeeld.org/verslagen/``) or of words alone earlier on. A line that
#: holds a whole address (in its brackets) counts as one of an address alone, so
#: that ``(wiki.c2.com/?WardExplainsDebtMetaphor)`` gets a line of its own rather
#: than ``(wiki.c2.com/`` a scrap of one.
SHORT_LINE_WORDS = 4e6
#: … and one of words less than half full (``Via de TOOI API`` over a justified
#: item) as much as another short line: two fuller lines left short read better.
#: So does a piece of an address alone, less than half full, the address going on
#: (``.ac.uk/resources/`` between ``(oss-watch`` and the path's last part): the
#: words before the address then stand alone, and the address starts its line.
SCRAP_OF_WORDS = 1e8
#: The badness of a line of an address alone that leaves the whole measure empty
#: (by the empty share, squared): two such lines three quarters full cost less
#: than one a quarter full (``.standaarden`` between ``…API: api`` and
#: ``.overheid.nl/v1/…``), and any costs less than a short line of words.
ADDRESS_LINE_BADNESS = 5000.0
#: A line left short by more than this share of its measure, the paragraph going on
#: under it, is a hole in the column's edge that a reader sees from across the room
#: (``deze organisatie te vinden,`` before code that cannot follow it): it costs more
#: than a few lines left a little short, so the breaker moves words down from the
#: lines above (or up from below) until no line of the paragraph's middle gapes.
GAPING_SHARE = 0.25
#: … what such a line costs: more than two other short lines of words (each set
#: flush left, as bad as a line can be: (10000 + line penalty)² and
#: :data:`SHORT_LINE_WORDS`), ``…TOOI`` over ``API: api.standaarden…`` rather than
#: the address's first part alone, 50 pt short.
GAPING_LINE = 4e8
#: A scrap of an address alone (less than half the line, the address going on) costs
#: more than two gaping lines: its pieces read as words (``.uk/resources/``), while a
#: line of words left short before the address at least reads as a line.
ADDRESS_SCRAP = SCRAP_OF_WORDS + 2 * GAPING_LINE


@dataclass(slots=True)
class Box:
    """Material that is never broken (a word or part of one). TeX's boxes are
    rigid; here a box may carry stretch and shrink of its own, which the
    renderer sets as letter-spacing: counted with the glue's in a line's ratio."""

    width: float
    value: object = None
    stretch: float = 0.0
    shrink: float = 0.0


@dataclass(slots=True)
class Glue:
    """Space that may stretch and shrink; a break here drops the glue.

    ``hang`` is how far the line ending here may stand out past its right edge
    (its last glyph, a full stop, protrudes: optical margin alignment) and
    ``post_hang`` how far the next line's first glyph (an opening quote) may
    stand out past its left edge: the breaker counts both as room."""

    width: float
    stretch: float
    shrink: float
    value: object = None
    hang: float = 0.0
    post_hang: float = 0.0


@dataclass(slots=True)
class Penalty:
    """A possible break with a cost; ``width`` is set at the line end only
    when broken here (the hyphen), ``post_width`` is added to the start of the
    next line (a discretionary's post-break text that differs from the unbroken
    one, such as a dropped trema). ``flagged`` marks hyphen breaks; ``hang`` and
    ``post_hang`` are as :class:`Glue`'s (the added hyphen protrudes);
    ``address`` marks a break inside an address (a URL, an e-mail address),
    where a line is set flush left sooner (``Params.address_ragged_ratio``)."""

    width: float
    cost: float
    flagged: bool = False
    post_width: float = 0.0
    value: object = None
    hang: float = 0.0
    post_hang: float = 0.0
    address: bool = False


Item = Box | Glue | Penalty


@dataclass(frozen=True)
class Params:
    """The knobs of the cost model, in TeX's units (badness 100 = stretched fully)."""

    tolerance: float = 200.0
    #: Second pass, when nothing fits within ``tolerance``: anything underfull goes.
    emergency_tolerance: float = _INF_BAD
    emergency_stretch: float = 0.0
    line_penalty: float = 10.0
    double_hyphen_demerits: float = 10000.0
    #: Demerits for a hyphen ending the second-to-last line.
    final_hyphen_demerits: float = 5000.0
    adjacent_demerits: float = 10000.0
    #: At most this many hyphenated lines in a row (None: no limit).
    max_hyphen_run: int | None = 2
    #: Beyond this ratio a justified line is set flush left instead (its spaces
    #: would gape): as bad as a line can be, however short, so that the breaker
    #: leaves one line short rather than several loose (None: no such limit).
    ragged_ratio: float | None = None
    #: … and for a line that ends inside an address, which a reader sees as a
    #: break anyway: it is set flush left as soon as its spaces would gape.
    address_ragged_ratio: float | None = None
    #: Demerits for a hyphenated line as bad as a line can be (set short): TeX
    #: has none; the composer's are more than another short line costs.
    short_hyphen_demerits: float = 0.0


@dataclass(frozen=True)
class LineRule:
    """What a page layout asks of one paragraph after the fact: exactly ``lines``
    lines (the column breaks around it stay where they fell), and the lines
    numbered in ``whole_word`` (0-based), each the last of a column, ending in a
    whole word."""

    lines: int
    whole_word: tuple[int, ...]


class NoBreaks(ValueError):
    """The items cannot be broken into lines at all (no final forced break)."""


class _Node:
    __slots__ = ("position", "line", "fitness", "run", "total", "previous")

    def __init__(self, position, line, fitness, run, total, previous):
        self.position = position
        self.line = line
        self.fitness = fitness
        self.run = run
        self.total = total
        self.previous = previous


class _Group:
    """Active nodes at one breakpoint sharing a line class: the next line's
    natural width, stretch and shrink depend only on these."""

    __slots__ = ("start", "post", "flagged", "line_class", "nodes")

    def __init__(self, start, post, flagged, line_class, nodes):
        self.start = start
        self.post = post
        self.flagged = flagged
        self.line_class = line_class
        self.nodes = nodes


@dataclass
class _Prepared:
    breakpoints: list[int]
    sum_width: list[float]
    sum_stretch: list[float]
    sum_shrink: list[float]
    next_start: list[int]
    pen_width: list[float]
    cost: list[float]
    flagged: list[bool]
    post: list[float]
    #: Word spaces (breakable glue) before each item: a line's count is a difference.
    sum_spaces: list[int]
    address: list[bool]


def break_lines(
    items: Sequence[Item],
    widths: Sequence[float],
    params: Params | None = None,
    rule: LineRule | None = None,
    lead: float = 0.0,
) -> list[int]:
    """The indices of the items where the lines end, the final forced break last.

    ``widths[k]`` is the width of line ``k``; lines past the end of ``widths``
    take its last entry (a first-line indent is ``[column - indent, column]``).
    Always returns a result: when even the emergency pass finds nothing, the
    least bad overfull line is accepted (as TeX does) and the caller can see
    it by measuring. With a ``rule`` the result keeps it, or :class:`NoBreaks`
    is raised when no breaking can. ``lead`` is added to the first line's width
    (as a break's ``post_width``: minus the hang of an opening quote).
    """
    if not widths:
        raise ValueError("no line widths")
    params = params or Params()
    prepared = _prepare(items)
    if rule is not None:
        widths = _numbered(widths, rule)
    first = _run(prepared, widths, params, params.tolerance, 0.0, False, rule, lead)
    if first is not None:
        return first
    last = _run(
        prepared,
        widths,
        params,
        params.emergency_tolerance,
        params.emergency_stretch,
        final=rule is None,
        rule=rule,
        lead=lead,
    )
    if last is None:
        raise NoBreaks("no breaking keeps the rule")
    return last


def keeps(
    items: Sequence[Item],
    widths: Sequence[float],
    params: Params,
    rule: LineRule,
    lead: float = 0.0,
) -> bool:
    """Whether some breaking keeps ``rule`` with every line within the tolerance
    (the first pass only: a mend that only the emergency pass finds is too loose)."""
    widths = _numbered(widths, rule)
    prepared = _prepare(items)
    return _run(prepared, widths, params, params.tolerance, 0.0, False, rule, lead) is not None


def _numbered(widths: Sequence[float], rule: LineRule) -> list[float]:
    """One line class per line the rule counts: a node then knows its line's number."""
    return list(widths) + [widths[-1]] * (rule.lines + 2 - len(widths))


def _prepare(items: Sequence[Item]) -> _Prepared:
    n = len(items)
    if not n or not isinstance(items[-1], Penalty) or items[-1].cost > -INFINITY:
        raise NoBreaks("a paragraph must end with a forced break (Penalty cost -INFINITY)")
    sum_w = [0.0] * (n + 1)
    sum_st = [0.0] * (n + 1)
    sum_sh = [0.0] * (n + 1)
    sum_sp = [0] * (n + 1)
    spaces = 0
    pen_width = [0.0] * n
    cost = [0.0] * n
    flagged = [False] * n
    post = [0.0] * n
    address = [False] * n
    breakpoints: list[int] = []
    w = st = sh = 0.0
    previous_is_box = False
    for i, item in enumerate(items):
        if isinstance(item, Box):
            w += item.width
            st += item.stretch
            sh += item.shrink
            previous_is_box = True
        elif isinstance(item, Glue):
            # Not at the paragraph's (or a hard break's) fill: TeX's \penalty10000
            # before \parfillskip; a break there would leave an empty line.
            if previous_is_box and item.stretch < FILL:
                breakpoints.append(i)
                pen_width[i] = -item.hang
                post[i] = -item.post_hang
                spaces += 1
            w += item.width
            st += item.stretch
            sh += item.shrink
            previous_is_box = False
        else:
            if item.cost < INFINITY:
                breakpoints.append(i)
                pen_width[i] = item.width - item.hang
                cost[i] = item.cost
                flagged[i] = item.flagged
                post[i] = item.post_width - item.post_hang
                address[i] = item.address
            previous_is_box = False
        sum_w[i + 1], sum_st[i + 1], sum_sh[i + 1], sum_sp[i + 1] = w, st, sh, spaces
    # After a break, glue and penalties are discarded up to the next box (or forced break).
    next_start = [n] * (n + 1)
    upcoming = n
    for i in range(n - 1, -1, -1):
        item = items[i]
        next_start[i] = upcoming
        if isinstance(item, Box) or (isinstance(item, Penalty) and item.cost <= -INFINITY):
            upcoming = i
    return _Prepared(
        breakpoints, sum_w, sum_st, sum_sh, next_start, pen_width, cost, flagged, post, sum_sp,
        address,
    )  # fmt: skip


def _run(
    prep: _Prepared,
    widths: Sequence[float],
    params: Params,
    tolerance: float,
    emergency: float,
    final: bool,
    rule: LineRule | None = None,
    lead: float = 0.0,
) -> list[int] | None:
    """One pass over the breakpoints; None when no feasible breaking exists."""
    most_lines = rule.lines if rule is not None else 1 << 30
    whole_word = rule.whole_word if rule is not None else ()
    sum_w, sum_st, sum_sh = prep.sum_width, prep.sum_stretch, prep.sum_shrink
    last_class = len(widths) - 1
    line_penalty = params.line_penalty
    double_hyphen = params.double_hyphen_demerits
    final_hyphen = params.final_hyphen_demerits
    adjacent = params.adjacent_demerits
    max_run = params.max_hyphen_run if params.max_hyphen_run is not None else 1 << 30
    ragged_ratio = params.ragged_ratio
    address_ratio = params.address_ragged_ratio
    if address_ratio is None:
        address_ratio = ragged_ratio
    short_hyphen = params.short_hyphen_demerits
    # Beyond this ratio a line is too loose for this pass; lines only get looser
    # towards newer nodes (when no later line is narrower), so the scan of the
    # active list can stop there.
    max_ratio = (tolerance / 100.0) ** (1 / 3) if tolerance < _INF_BAD else float("inf")
    if any(later < earlier for earlier, later in zip(widths, widths[1:])):
        max_ratio = float("inf")

    start = _Node(-1, 0, 1, 0, 0.0, None)
    active: list[_Group] = [_Group(0, lead, False, 0, [start])]
    last_index = prep.breakpoints[-1]

    for i in prep.breakpoints:
        cost = prep.cost[i]
        forced = cost <= -INFINITY
        is_flagged = prep.flagged[i]
        end_w = sum_w[i] + prep.pen_width[i]
        end_st = sum_st[i] + emergency
        end_sh = sum_sh[i]
        penalty_term = cost * cost if cost > 0 else (-cost * cost if not forced else 0.0)
        candidates: dict[tuple[int, int, int], tuple[float, _Node]] = {}
        survivors: list[_Group] = []
        rescue: _Node | None = None
        stop = len(active)
        for g_index, group in enumerate(active):
            s = group.start
            if s > i:  # nothing between that break and this one
                survivors.append(group)
                continue
            width = widths[group.line_class]
            natural = end_w - sum_w[s] + group.post
            if natural < width:
                stretch = end_st - sum_st[s]
                ratio = (width - natural) / stretch if stretch > 0 else float("inf")
            elif natural > width:
                shrink = end_sh - sum_sh[s]
                ratio = (width - natural) / shrink if shrink > 0 else float("-inf")
            else:
                ratio = 0.0
            if ratio < -1:
                if final:
                    least = min(group.nodes, key=_total)
                    if rescue is None or least.total < rescue.total:
                        rescue = least
                continue
            if not forced:
                survivors.append(group)
            if ratio > max_ratio and not forced:
                stop = g_index + 1
                break
            badness = min(100.0 * abs(ratio) ** 3, _INF_BAD) if ratio else 0.0
            limit = address_ratio if prep.address[i] else ragged_ratio
            short = limit is not None and ratio > limit
            if short:
                badness = _INF_BAD
                alone = prep.sum_spaces[i] == prep.sum_spaces[s]
                if alone and (prep.address[i] or any(prep.address[s:i])):
                    # A line of an address alone (or of a piece of one): ragged by its
                    # nature, as bad as the share of the measure it leaves empty; a
                    # scrap of one, the address going on, as a short line of words.
                    if not (prep.address[i] and natural < width / 2):
                        badness = ADDRESS_LINE_BADNESS * ((width - natural) / width) ** 2
            if badness > tolerance:
                continue
            if ratio < -0.5:
                fitness = 0
            elif ratio <= 0.5:
                fitness = 1
            elif ratio <= 1:
                fitness = 2
            else:
                fitness = 3
            base = (line_penalty + badness) ** 2 + penalty_term
            if is_flagged and badness >= _INF_BAD and ratio > 0:
                # A line hopelessly short (an address it cannot break fills the
                # next) is set flush left: never one that ends in a hyphen.
                base += short_hyphen
            if is_flagged and group.flagged:
                base += double_hyphen
            if forced and group.flagged:
                base += final_hyphen
            if group.line_class + 1 > most_lines or (is_flagged and group.line_class in whole_word):
                continue
            line_class = group.line_class + 1 if group.line_class < last_class else last_class
            for node in group.nodes:
                run = node.run + 1 if is_flagged else 0
                if run > max_run:
                    continue
                demerits = base + node.total
                if short:  # of lines left short alike, the fullest, then the latest
                    demerits += LATE_SHORT_LINE / (node.line + 1)
                    demerits += SHORT_LINE_ROOM * (width - natural) / width
                    if prep.sum_spaces[i] > prep.sum_spaces[s] or not (
                        prep.address[i] or any(prep.address[s:i])
                    ):
                        demerits += SHORT_LINE_WORDS  # not a line of an address alone
                        if natural < width / 2:
                            demerits += SCRAP_OF_WORDS
                    elif prep.address[i] and natural < width / 2:
                        demerits += ADDRESS_SCRAP  # a scrap of an address, it going on
                    gape = (width - natural) / (GAPING_SHARE * width)
                    if gape > 1:
                        # the emptier, the worse (by the square: a line half empty costs
                        # more than three a fifth short), twice over for a hyphen at its
                        # end: ``• BDFL-`` alone is worse than the words and address apart
                        demerits += GAPING_LINE * gape * gape * (2 if is_flagged else 1)
                if fitness - node.fitness > 1 or node.fitness - fitness > 1:
                    demerits += adjacent
                key = (line_class, fitness, run)
                best = candidates.get(key)
                if best is None or demerits < best[0]:
                    candidates[key] = (demerits, node)
        survivors.extend(active[stop:])
        if not candidates and not survivors and rescue is not None:
            # Final pass and nothing left: accept the least bad overfull line.
            line_class = min(rescue.line + 1, last_class)
            candidates[(line_class, 1, 0)] = (rescue.total + _INF_BAD, rescue)
        if candidates:
            survivors.extend(_new_groups(i, candidates, prep, adjacent))
        active = survivors
        if not active:
            return None

    # The forced break at the end deactivated every older node.
    ends = [node for group in active for node in group.nodes if node.position == last_index]
    if rule is not None:
        ends = [node for node in ends if node.line == rule.lines]
    if not ends:
        return None
    best = min(ends, key=_total)
    result: list[int] = []
    node: _Node | None = best
    while node is not None and node.position >= 0:
        result.append(node.position)
        node = node.previous
    result.reverse()
    return result


def _total(node: _Node) -> float:
    return node.total


def _new_groups(
    i: int,
    candidates: dict[tuple[int, int, int], tuple[float, _Node]],
    prep: _Prepared,
    adjacent: float,
) -> list[_Group]:
    """Nodes for breakpoint ``i``, without those that can never win.

    A candidate is dropped when another at the same line class has a run of
    hyphens no longer and is better by more than the adjacent-fitness demerits,
    the most their futures can differ by (TeX's pruning, extended to runs)."""
    if len(candidates) == 1:
        (((line_class, fitness, run), (demerits, node)),) = candidates.items()
        nodes = [_Node(i, node.line + 1, fitness, run, demerits, node)]
        return [_Group(prep.next_start[i], prep.post[i], prep.flagged[i], line_class, nodes)]
    by_class: dict[int, list[tuple[float, int, int, _Node]]] = {}
    for (line_class, fitness, run), (demerits, node) in candidates.items():
        by_class.setdefault(line_class, []).append((demerits, run, fitness, node))
    groups = []
    for line_class, entries in by_class.items():
        entries.sort(key=lambda entry: entry[0])
        kept: list[tuple[float, int, int, _Node]] = []
        for entry in entries:
            demerits, run = entry[0], entry[1]
            if any(k[1] <= run and k[0] + adjacent <= demerits for k in kept):
                continue
            kept.append(entry)
        nodes = [
            _Node(i, node.line + 1, fitness, run, demerits, node)
            for demerits, run, fitness, node in kept
        ]
        groups.append(_Group(prep.next_start[i], prep.post[i], prep.flagged[i], line_class, nodes))
    return groups
