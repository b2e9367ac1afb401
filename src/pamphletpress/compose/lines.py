"""The composed lines: where they start and end, their spacing, and the paragraph rewritten.

Each line becomes one block (a ``.line`` span) whose word and letter spacing
bring it to the measure.
"""

from __future__ import annotations

import math
import re
from copy import deepcopy
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from pamphletpress.compose.addresses import EDGES as ADDRESS_EDGES
from pamphletpress.compose.addresses import looks_like_address
from pamphletpress.compose.breaker import FILL, Box, Glue, Item, Penalty
from pamphletpress.compose.items import FORCED, HYPHENS, OBJECT, TIGHT, Break, Text
from pamphletpress.compose.setup import Setup


def line_css(stylesheet: str | Path) -> str:
    """The rules for composed lines (``.line…``) from the print stylesheet.

    The line spans need them (``display: block``, ``white-space: nowrap``,
    justification, and ``break-after``/``break-before: avoid`` in place of the
    paragraph's orphans and widows, which no longer apply once every line is a
    block of its own). They are stated once, in the design; this reads them
    back for anyone rendering composed paragraphs outside it (the tests)."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(
        Path(stylesheet).read_text(encoding="utf-8"), skip_whitespace=True, skip_comments=True
    )
    return "\n".join(
        rule.serialize()
        for rule in rules
        if rule.type == "qualified-rule"
        and tinycss2.serialize(rule.prelude).strip().startswith(".line")
    )


@dataclass
class Line:
    """A line as set: the characters ``[start, end)`` of the paragraph's text and
    what justifying it needs."""

    start: int
    end: int
    first: str | None  # replacement for the first character (dropped trema)
    suffix: str  # added at the end (a hyphen)
    natural: float
    shrink: float  # the most the line can shrink
    spaces: int
    #: How far its first and last glyphs stand out of the column (pt, optical margins).
    left_hang: float = 0.0
    right_hang: float = 0.0

    @property
    def length(self) -> int:
        """Characters as set, spaces and an added hyphen included."""
        return self.end - self.start + len(self.suffix)


def lines_between(items: list[Item], breaks: list[int], hang: float = 0.0) -> list[Line]:
    """The lines between the breaks, with what is needed to justify them; ``hang``
    is how far the first line's first glyph stands out (an opening quote)."""
    lines = []
    begin = 0
    first: str | None = None
    post = 0.0
    for b in breaks:
        s = begin
        while s < b and not isinstance(items[s], Box):
            s += 1
        natural, shrink, spaces = post, 0.0, 0
        for item in items[s:b]:
            if isinstance(item, Box):
                natural += item.width
                shrink += item.shrink
            elif isinstance(item, Glue) and item.stretch < FILL:  # not the last line's fill
                natural += item.width
                shrink += item.shrink
                spaces += item.width > 0  # not a ragged line's end stretch
        end_item = items[b]
        suffix = ""
        if isinstance(end_item, Penalty):
            natural += end_item.width
            brk = end_item.value
            assert isinstance(brk, Break)
            end, suffix = brk.position, brk.suffix
        else:
            end = end_item.value
        first_box = items[s].value if s < b else (end, end)
        line_start = first_box[0] if isinstance(first_box, tuple) else end
        right = end_item.hang if isinstance(end_item, Glue | Penalty) else 0.0
        lines.append(Line(line_start, end, first, suffix, natural, shrink, spaces, hang, right))
        if isinstance(end_item, Penalty):
            first, post = end_item.value.first, end_item.post_width
        else:
            first, post = None, 0.0
        hang = end_item.post_hang if isinstance(end_item, Glue | Penalty) else 0.0
        begin = b + 1
    return lines


def hyphenated(text: Text, line: Line) -> bool:
    """A line ending in an added hyphen or in the word's own (Koude-oorlog,
    Groot-Brittannië): either would end a column in a hyphen."""
    return bool(line.suffix) or text.chars[line.end - 1 : line.end] in tuple(HYPHENS)


def rewrite(
    p: etree._Element,
    text: Text,
    lines: list[Line],
    setup: Setup,
    first_width: float,
    indent: bool,
    width: float,
    held: set[int] | frozenset[int] = frozenset(),
) -> None:
    """Put one ``.line`` span per line in place of the paragraph's content, each
    spaced to fill its measure; the ``held`` lines (by number) stay off a column's end."""
    for child in list(p):
        p.remove(child)
    p.text = None
    seen: set[int] = set()  # elements already copied once (their ids stay on the first copy)
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        classes = ["line"] + (["first"] if number == 0 else []) + (["last"] if last else [])
        if not last and hyphenated(text, line):
            # An added hyphen or the word's own (Koude-oorlog): never the last
            # line of a column (print.css, columnends.py).
            classes.append("hyphenated")
            if number in held:
                classes.append("held")
        span = etree.SubElement(p, "span", {"class": " ".join(classes)})
        style = []
        if number == 0 and indent:
            style.append(f"text-indent: {setup.indent:g}pt")
        if line.left_hang:  # an opening quote stands out of the column's left edge
            style.append(f"margin-left: {-line.left_hang:.3f}pt")
        room = (first_width if number == 0 else width) + line.left_hang + line.right_hang
        if text.chars[line.end : line.end + 1] == FORCED and line.natural <= room - setup.safety:
            # A hard break (``<br>``): the line before it ends short, flush left
            # at its natural spacing, as a paragraph's last line does.
            classes.append("ragged")
            span.set("class", " ".join(classes))
        elif setup.ragged:
            if not last:
                classes.append("ragged")  # flush left at its natural spacing
                span.set("class", " ".join(classes))
        elif not last and (
            too_loose(line, room, setup)
            or (
                in_address(text, line.end)
                and too_loose(line, room, setup, setup.spacing.widest_gap)
            )
        ):
            # An unbreakable stretch (a URL, code, a formula) left this line short:
            # set it flush left with its natural spaces rather than with gaps. A
            # line broken inside an address, which a reader sees as a break anyway,
            # does so as soon as its letters, spaced to their limit, leave gaps
            # wider than the widest a line should open (issue 22: no gaping for it).
            classes.append("ragged")
            span.set("class", " ".join(classes))
        elif not last or line.natural > room - setup.safety:
            # C++ and Haven+ take no letter-spacing: counted out of the letters.
            tight = sum(
                len(m.group(0)) for m in _TIGHT_WORD.finditer(text.chars, line.start, line.end)
            )
            style += _spacing(replace(line, end=line.end - tight), room, setup, line.right_hang)
        if style:
            span.set("style", "; ".join(style))
        _fill(span, text, line, seen)
        if any("letter-spacing" in declaration for declaration in style):
            _tighten(span)


#: WeasyPrint 70 writes each glyph's extra spacing into the PDF truncated to a
#: thousandth of the font size (``int(kerning)`` in draw/text.py), so the glyphs
#: of a letter-spaced line drift from its layout by about this many units per
#: character: short of the edge when spaced out, past it when tightened
#: (measured on the article: 0.67 and 0.57 units, sd 0.19). The line's right
#: margin takes the drift back, and justification still fills the line box.
DRIFT_SPACED, DRIFT_TIGHTENED = 0.67, 0.57


def _spacing(line: Line, width: float, setup: Setup, hang: float = 0.0) -> list[str]:
    """``word-spacing`` and ``letter-spacing`` that bring the line to ``width``,
    shared out as the breaker counted them, and the right margin that makes up
    for WeasyPrint's drift and lets the last glyph ``hang`` out of the column
    (a negative margin widens the line's box). A hair (``safety``) is left for
    WeasyPrint's justification to add, so a line never comes out too long."""
    room = width - setup.safety
    word, letter = share(line, room, setup, letters=True)
    if abs(letter) < 0.005:  # less than WeasyPrint can write: words only
        word, letter = share(line, room, setup, letters=False)
    declarations = []
    drift = 0.0
    if letter:
        units = DRIFT_SPACED if letter > 0 else -DRIFT_TIGHTENED
        drift = -units * line.length * setup.size / 1000
        word, letter = share(line, room - drift, setup, letters=True)
    if letter or hang:
        declarations.append(f"margin-right: {drift - hang:.3f}pt")
    if word:
        declarations.append(f"word-spacing: {_round_down(word)}pt")
    if letter:
        declarations.append(f"letter-spacing: {_round_down(letter)}pt")
    return declarations


#: A justified word space wider than this (em) is worse than a ragged line.
RAGGED_EM = 0.58


def too_loose(line: Line, width: float, setup: Setup, limit: float = RAGGED_EM) -> bool:
    """Whether justifying ``line`` to ``width`` would open its spaces past
    ``limit`` (or space its letters past their limit, in a line with none)."""
    if line.natural >= width - setup.safety:
        return False
    word, letter = share(line, width - setup.safety, setup, letters=True)
    if not line.spaces:
        return letter * line.length < width - setup.safety - line.natural - 0.5
    space = setup.fonts.fonts["regular"].width(" ", setup.size)
    # The gap the eye sees: the space, its extra, and the letter spacing on each side.
    return (space + word + 2 * letter) / setup.size > limit


def in_address(text: Text, end: int) -> bool:
    """Whether a line ending at ``end`` breaks inside an address (a URL, an e-mail
    address: compose.addresses), not at a space."""
    chars = text.chars
    if not 0 < end < len(chars) or chars[end].isspace() or chars[end - 1].isspace():
        return False
    start = max(chars.rfind(c, 0, end) for c in " \n\t\u00a0") + 1
    stop = min(
        (i for i in (chars.find(c, end) for c in " \n\t\u00a0") if i >= 0), default=len(chars)
    )
    return looks_like_address(chars[start:stop].replace(OBJECT, "").strip(ADDRESS_EDGES))


def ragged_ratio(setup: Setup, limit: float = RAGGED_EM) -> float:
    """The stretch ratio (the breaker's) beyond which :func:`too_loose` sets a line
    flush left: where the space, its share of the stretch and the letter spacing
    on either side make ``limit`` (em)."""
    spacing = setup.spacing
    space = setup.fonts.fonts["regular"].width(" ")  # em
    per_space = space * spacing.stretch
    ratio = (limit - space) / (per_space + 2 * spacing.letter_stretch)
    if spacing.letter_stretch and ratio * spacing.letter_stretch > spacing.letter_limit:
        ratio = (limit - space - 2 * spacing.letter_limit) / per_space
    return ratio


def share(line: Line, room: float, setup: Setup, letters: bool) -> tuple[float, float]:
    """Word and letter spacing (pt) that set ``line`` at ``room``."""
    spacing, size = setup.spacing, setup.size
    space = setup.fonts.fonts["regular"].width(" ", size)
    slack = room - line.natural
    if slack >= 0:
        per_space, per_char = space * spacing.stretch, spacing.letter_stretch * size
    else:
        per_space, per_char = space * spacing.shrink, spacing.letter_shrink * size
    if not letters:
        per_char = 0.0
    # Letter-spacing follows every character, the last one too (WeasyPrint's box).
    total = line.spaces * per_space + line.length * per_char
    if total <= 0:
        return 0.0, 0.0
    letter = slack / total * per_char
    limit = spacing.letter_limit * size
    widest = spacing.widest_gap * size
    letters_apart = line.length - 2 * line.spaces  # each gap has a letter's spacing twice
    if per_char and line.spaces and letters_apart > 0 and space + slack / line.spaces > widest:
        # Past the widest gap the letters take what the spaces would open more.
        letter = max(letter, (slack - line.spaces * (widest - space)) / letters_apart)
    if abs(letter) > limit:  # a line without spaces (a URL's part) stays short instead
        letter = math.copysign(limit, letter)
    word = (slack - letter * line.length) / line.spaces if line.spaces else 0.0
    return word, letter


def _round_down(value: float) -> str:
    return f"{math.floor(value * 1000) / 1000:.3f}"


def _fill(span: etree._Element, text: Text, line: Line, seen: set[int]) -> None:
    """Rebuild the inline elements of ``[line.start, line.end)`` inside ``span``."""
    chars = text.chars
    stack: list[tuple[etree._Element, etree._Element]] = []  # (original, copy)
    pieces: list[tuple[str, int]] = []
    i = line.start
    while i < line.end:
        run = text.run_of[i]
        j = i
        while j < line.end and text.run_of[j] == run:
            j += 1
        pieces.append((chars[i:j], run))
        i = j
    if not pieces:
        return
    if line.first:
        piece, run = pieces[0]
        pieces[0] = (line.first + piece[1:], run)
    if line.suffix:
        piece, run = pieces[-1]
        pieces[-1] = (piece + line.suffix, run)
    for piece, run in pieces:
        path = text.paths[run]
        if run in text.objects:  # the element itself, whole, where its character was
            path, whole = path[:-1], path[-1]
        else:
            whole = None
        depth = 0
        while depth < len(stack) and depth < len(path) and stack[depth][0] is path[depth]:
            depth += 1
        del stack[depth:]
        for original in path[depth:]:
            parent = stack[-1][1] if stack else span
            clone = etree.SubElement(parent, original.tag, dict(original.attrib))
            if id(original) in seen:
                clone.attrib.pop("id", None)
            seen.add(id(original))
            stack.append((original, clone))
        target = stack[-1][1] if stack else span
        if whole is None:
            _append_text(target, piece)
        else:
            clone = deepcopy(whole)
            clone.tail = None
            target.append(clone)


#: A word that ends in plus signs, whole: its letters keep their spacing.
_TIGHT_WORD = re.compile(rf"\S*{TIGHT.pattern}")


def _tighten(span: etree._Element) -> None:
    """Each C++ or Haven+ in the line in a ``.tight`` span (print.css: no
    letter-spacing), so justification spaces it as one sign."""
    for element in [span, *span.iterdescendants()]:
        if isinstance(element.tag, str) and element.get("class") != "tight":
            _tighten_text(element, "text")
            if element is not span:
                _tighten_text(element, "tail")


def _tighten_text(element: etree._Element, attribute: str) -> None:
    value = getattr(element, attribute) or ""
    match = _TIGHT_WORD.search(value)
    while match is not None:
        tight = etree.Element("span", {"class": "tight"})
        tight.text = match.group(0)
        tight.tail = value[match.end() :] or None
        setattr(element, attribute, value[: match.start()] or None)
        if attribute == "text":
            element.insert(0, tight)
        else:
            element.addnext(tight)
        element, attribute, value = tight, "tail", tight.tail or ""
        match = _TIGHT_WORD.search(value)


def _append_text(element: etree._Element, piece: str) -> None:
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + piece
    else:
        element.text = (element.text or "") + piece
