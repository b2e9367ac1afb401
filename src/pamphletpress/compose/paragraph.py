"""Set one HTML paragraph's lines: measure its words, choose the breaks, and
write each line as a block that WeasyPrint cannot break again.

The paragraph ``<p>`` is rewritten in place as

    <p><span class="line first" style="text-indent: 9.5pt; word-spacing: 0.412pt">…</span>
       <span class="line" style="margin-right: -0.271pt; word-spacing: 0.31pt;
             letter-spacing: 0.054pt">…hyphen-</span>
       <span class="line last">…</span></p>

with the print stylesheet's ``.line`` rules (:func:`line_css`). A line takes
its slack from the word spaces and, a little, from the letter spacing
(``Spacing``): the narrow Dutch column with its long compounds needs both to
keep spaces even with few hyphens. The spacing is set so that the line is a
hair (``Setup.safety``) narrower than the column; WeasyPrint's own
justification adds the rest, so a measuring
error of a few hundredths of a point never makes a line overrun.

Anything the composer cannot measure with certainty (an element it does not
know, an image, a forced line break, a character the font lacks, a word
longer than the column) leaves the paragraph untouched and returns False.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from copy import deepcopy
from dataclasses import dataclass, field, replace
from itertools import accumulate
from pathlib import Path

from lxml import etree

from pamphletpress.compose.breaker import (
    FILL,
    INFINITY,
    Box,
    Glue,
    Item,
    LineRule,
    NoBreaks,
    Params,
    Penalty,
    break_lines,
    keeps,
)
from pamphletpress.compose.compounds import CompoundGuesser
from pamphletpress.compose.hyphenation import WORD_RE, Hyphenator
from pamphletpress.compose.metrics import FontMetrics, ScaledFont, load_font


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


#: Inline elements whose effect on the text is known: style names for fonts.
ITALIC = frozenset({"em", "i"})
BOLD = frozenset({"strong", "b"})
PLAIN = frozenset({"a", "abbr", "span"})
#: Elements whose words are not hyphenated (as in :mod:`pamphletpress.write.html`).
UNHYPHENATED = frozenset({"a", "code"})
ENDMARK = "endmark"
#: Code's size relative to the body (print.css: ``code { font-size: 0.85em }``).
CODE_SCALE = 0.85
#: Where a ``<wbr>`` stood: a break with no hyphen (URLs, see html.PrintedAddresses).
_WBR = "\x00wbr"
#: One character standing for an inline object the line carries whole: a
#: footnote (``float: footnote``: only its call stays in the line) or a
#: superscript; set at ``Setup.call_scale`` of the body size (print.css's --call-size).
OBJECT = "\ufffc"
SUPERSCRIPT_SCALE = 0.7


class _ObjectMetrics:
    """The width of an inline object, as a one-character "font"."""

    def __init__(self, width_em: float) -> None:
        self.width_em = width_em

    def width(self, text: str, size: float = 1.0) -> float:
        return self.width_em * len(text) * size

    def advances(self, text: str) -> list[float]:
        return [self.width_em] * len(text)

    def covers(self, text: str) -> bool:
        return True


_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_HYPHENS = "-\u2010"
#: The hyphen added at a break: U+2010, as WeasyPrint's own hyphenation writes it,
#: so a reader of the PDF (and ``import``) can tell a break from a real hyphen.
HYPHEN = "\u2010"


@dataclass(frozen=True)
class FontSet:
    """The faces a paragraph can use, by style: ``regular``, ``italic``, ``bold``,
    ``bold-italic``, ``endmark`` (the ■, not in the body face) and optionally
    ``code``. A style that is missing makes paragraphs using it fall back."""

    fonts: Mapping[str, FontMetrics]

    @classmethod
    def from_files(cls, files: Mapping[str, str | Path], ligatures: bool = False) -> FontSet:
        """``ligatures`` must match the stylesheet's ``font-variant-ligatures``
        (pamphletpress's print.css turns common ligatures off)."""
        return cls({style: load_font(path, ligatures) for style, path in files.items()})

    @classmethod
    def charis(cls, fonts_dir: str | Path, ligatures: bool = False) -> FontSet:
        """The print stylesheet's faces: Charis SIL for text, Inter Bold for the end
        mark, Noto Sans Mono at ``CODE_SCALE`` for code (where the project has it)."""
        folder = Path(fonts_dir)
        fonts = cls.from_files(
            {
                "regular": folder / "CharisSIL-Regular.ttf",
                "italic": folder / "CharisSIL-Italic.ttf",
                "bold": folder / "CharisSIL-Bold.ttf",
                "bold-italic": folder / "CharisSIL-BoldItalic.ttf",
                "endmark": folder / "Inter-Bold.otf",
            },
            ligatures,
        ).fonts
        return cls.with_code(fonts, folder, ligatures)

    @classmethod
    def inter(cls, fonts_dir: str | Path, ligatures: bool = False) -> FontSet:
        """The box's faces (print.css's ``.box``): Inter, its Bold for strong text and
        the end mark, Noto Sans Mono for code; a note's call keeps the note's face,
        Charis SIL (``call``). Inter has no bold italic: such text falls back."""
        folder = Path(fonts_dir)
        fonts = cls.from_files(
            {
                "regular": folder / "Inter-Regular.otf",
                "italic": folder / "Inter-Italic.otf",
                "bold": folder / "Inter-Bold.otf",
                "endmark": folder / "Inter-Bold.otf",
                "call": folder / "CharisSIL-Regular.ttf",
            },
            ligatures,
        ).fonts
        return cls.with_code(fonts, folder, ligatures)

    @classmethod
    def with_code(cls, fonts: dict, folder: Path, ligatures: bool) -> FontSet:
        """``fonts`` and Noto Sans Mono at ``CODE_SCALE`` for code, where the project has it."""
        code = folder / "NotoSansMono-Regular.ttf"
        if code.is_file():
            fonts = {**fonts, "code": ScaledFont(load_font(code, ligatures), CODE_SCALE)}
        return cls(fonts)

    def get(self, style: str) -> FontMetrics | None:
        return self.fonts.get(style)


@dataclass(frozen=True)
class Spacing:
    """How lines are justified.

    Word spaces stretch and shrink by fractions of the regular face's space,
    every space alike (WeasyPrint's justification and ``word-spacing`` add the
    same amount to every space). Letters may be spaced a little too, in em
    per character (``letter-spacing``): a line takes its slack in proportion
    from both, so a tight measure with long Dutch compounds is not left with
    either gaping word spaces or a hyphen on every other line."""

    stretch: float = 0.5
    shrink: float = 0.3
    letter_stretch: float = 0.02
    letter_shrink: float = 0.01
    #: Letters are never spaced more than this (em) either way; a line that
    #: needs more (only in the emergency pass) takes the rest in its word spaces.
    letter_limit: float = 0.04


@dataclass(frozen=True)
class HyphenPenalties:
    """What a break costs (TeX's units: its \\hyphenpenalty is 50)."""

    syllable: float = 150.0
    compound: float = 50.0
    explicit: float = 50.0  # after a hyphen that is in the word (VS-imperialisme)


#: The breaker's cost model, tuned on the article at its measure (70 mm, Charis
#: 9.5 pt); tests/test_compose.py checks the goals it was tuned for.
DEFAULT_PARAMS = Params(
    tolerance=300.0,
    emergency_tolerance=10000.0,
    emergency_stretch=0.0,
    line_penalty=10.0,
    double_hyphen_demerits=10000.0,
    final_hyphen_demerits=8000.0,
    adjacent_demerits=3000.0,
    max_hyphen_run=2,
)


#: Ragged-right setting (the box): TeX's ``\rightskip`` of 0 plus this many
#: ems at every line end, word spaces at their natural width. The breaker then
#: evens the rag instead of the spaces. Plain TeX's 2 em is for a book's
#: measure; the box's 80 characters may end a line a word short rather than
#: hyphenate.
RAGGED_STRETCH_EM = 3.0
#: Hyphens cost more in ragged text, where a short line is no fault, and never
#: come two in a row.
RAGGED_PENALTIES = HyphenPenalties(syllable=300.0, compound=150.0, explicit=100.0)
RAGGED_PARAMS = Params(
    tolerance=1000.0,
    emergency_tolerance=10000.0,
    line_penalty=10.0,
    double_hyphen_demerits=10000.0,
    final_hyphen_demerits=8000.0,
    adjacent_demerits=0.0,
    max_hyphen_run=1,
)


@dataclass
class ComposeReport:
    """What the composer did during a build, for the build notes."""

    composed: int = 0
    lines: int = 0
    fallbacks: list[str] = field(default_factory=list)
    #: Where the text stands when not in the column's body ("in a box"), for the notes.
    where: str = ""

    def note(self, p: etree._Element, reason: str) -> None:
        words = " ".join("".join(p.itertext()).replace("\u00ad", "").split()[:6])
        where = f" ({self.where})" if self.where else ""
        self.fallbacks.append(f"{reason}: “{words} …”{where}")


@dataclass
class Setup:
    """Everything a paragraph's composition depends on besides the paragraph."""

    fonts: FontSet
    size: float  # body size, pt
    width: float  # column width, pt
    indent: float  # first-line indent, pt
    hyphenator: Hyphenator
    spacing: Spacing = field(default_factory=Spacing)
    penalties: HyphenPenalties = field(default_factory=HyphenPenalties)
    params: Params = DEFAULT_PARAMS
    compounds: CompoundGuesser | None = None
    #: Each line is set this much (pt) narrower than the column; WeasyPrint fills it.
    safety: float = 0.25
    #: Whether a paragraph's first line is indented (default: print.css's rule).
    indented: Callable[[etree._Element], bool] | None = None
    #: Named insets (pt) narrowing the measure: ``list`` items, ``quote`` paragraphs.
    insets: Mapping[str, float] = field(default_factory=dict)
    #: Note calls, sup and sub, as a fraction of the body size.
    call_scale: float = SUPERSCRIPT_SCALE
    #: Whether a column may end in these lines, to be mended after layout: the
    #: lines no re-break could mend are marked ``held`` (:func:`_unmendable`).
    mends: bool = True
    report: ComposeReport = field(default_factory=ComposeReport)
    #: Ragged right (``RAGGED_STRETCH_EM``) instead of justified; ``penalties``
    #: and ``params`` should then be ``RAGGED_PENALTIES`` and ``RAGGED_PARAMS``.
    ragged: bool = False


def is_indented(p: etree._Element) -> bool:
    """print.css's rule: indented unless first in its column run or after a
    heading, a figure or a list."""
    previous = p.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None:
        return False
    classes = (previous.get("class") or "").split()
    return previous.tag not in UNINDENTED_AFTER and "figure" not in classes


#: What a paragraph after it starts flush with (print.css says the same).
UNINDENTED_AFTER = frozenset({"h2", "h3", "h4", "h5", "h6", "ul", "ol"})


class _Unmeasurable(Exception):
    """The paragraph holds something the composer cannot measure."""


@dataclass
class _Text:
    """The paragraph's text as CSS will set it: whitespace collapsed, soft hyphens
    gone, and for each character the run (inline element path) it belongs to."""

    chars: str
    run_of: list[int]  # run index per character
    paths: list[tuple[etree._Element, ...]]
    fonts: list[FontMetrics]
    hyphenate: list[bool]
    endmark: list[bool]
    #: Advance (pt) from the paragraph's start to each character, set by :func:`_items`.
    offsets: list[float] = field(default_factory=list)
    #: Character positions where a ``<wbr>`` allows a break.
    wbr: set[int] = field(default_factory=set)
    #: Runs that are inline objects, carried into the line whole.
    objects: set[int] = field(default_factory=set)


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
            raise _Unmeasurable("a paragraph with its own class or style")
        for name in insets:
            if name not in setup.insets:
                raise _Unmeasurable(f"the stylesheet states no --{name}-indent")
        text = _read(p, setup.fonts, setup.call_scale)
    except _Unmeasurable as reason:
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
    if rule is None:
        items = _items(text, setup)
        breaks = break_lines(items, widths, setup.params)
    else:
        try:
            items, breaks = _mended(text, setup, widths, rule)
        except NoBreaks:
            return False
    lines = _lines(items, breaks)
    for number, line in enumerate(lines):
        room = first_width if number == 0 else width
        if line.natural - line.shrink > room + 0.01:
            setup.report.note(p, "a word is wider than the column")
            return False
    held = (
        _unmendable(text, items, breaks, lines, widths, setup.params)
        if rule is None and setup.mends
        else set()
    )
    _rewrite(p, text, lines, setup, first_width, indent, width, held)
    setup.report.composed += 1
    setup.report.lines += len(lines)
    return True


#: Lines on either side of a column's last line that a quick mend may re-break.
MEND_WINDOW = 2


def _unmendable(
    text: _Text,
    items: list[Item],
    breaks: list[int],
    lines: list[_Line],
    widths: list[float],
    params: Params,
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
        if not _hyphenated(text, lines[number]):
            continue
        end = items[breaks[number]]
        if not (isinstance(end, Penalty) and end.flagged) or not _mendable_in(
            items, breaks, widths, params, number
        ):
            held.add(number)
    return held


def _hyphenated(text: _Text, line: _Line) -> bool:
    """A line ending in an added hyphen or in the word's own (Koude-oorlog,
    Groot-Brittannië): either would end a column in a hyphen."""
    return bool(line.suffix) or text.chars[line.end - 1 : line.end] in tuple(_HYPHENS)


def _mendable_in(
    items: list[Item], breaks: list[int], widths: list[float], params: Params, number: int
) -> bool:
    first = max(0, number - MEND_WINDOW)
    last = min(len(breaks) - 1, number + MEND_WINDOW)
    start = breaks[first - 1] + 1 if first else 0
    previous = items[breaks[first - 1]] if first else None
    if not (isinstance(previous, Penalty) and previous.post_width):
        window = list(items[start : breaks[last]])
        end = items[breaks[last]]
        if isinstance(end, Penalty):
            window.append(Penalty(end.width, -INFINITY, end.flagged, value=end.value))
        else:
            window.append(Penalty(0.0, -INFINITY))
        sizes = [widths[0] if first == 0 else widths[-1], widths[-1]]
        if keeps(window, sizes, params, LineRule(last - first + 1, (number - first,))):
            return True
    return keeps(items, widths, params, LineRule(len(breaks), (number,)))


#: A mend may buy a hyphen more cheaply than a loose line: when its breaking
#: leaves a word space wider than :data:`LOOSE_EM`, it is also tried with the
#: hyphens at this share of their usual cost, and the tighter one is taken.
MEND_HYPHEN_COST = 0.5
#: A word space wider than this (em, the gap the eye sees) is loose, as
#: ``pamphletpress check`` counts it.
LOOSE_EM = 0.5


def _mended(
    text: _Text, setup: Setup, widths: list[float], rule: LineRule
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
        items = _items(text, replace(setup, penalties=penalties))
        try:
            breaks = break_lines(items, widths, setup.params, rule)
        except NoBreaks:
            continue
        gap = _widest_gap(_lines(items, breaks), widths, setup)
        if best is None or gap < best[0] - 0.005:
            best = (gap, items, breaks)
        if best[0] <= LOOSE_EM:
            break
    if best is None:
        raise NoBreaks("no breaking keeps the rule")
    return best[1], best[2]


def _widest_gap(lines: list[_Line], widths: list[float], setup: Setup) -> float:
    """The widest word space (em) the justified lines open: the space, its extra
    and the letter spacing on either side."""
    space = setup.fonts.fonts["regular"].width(" ", setup.size)
    widest = 0.0
    for number, line in enumerate(lines[:-1]):
        if line.spaces:
            room = widths[min(number, len(widths) - 1)] - setup.safety
            word, letter = _share(line, room, setup, letters=True)
            widest = max(widest, (space + word + 2 * letter) / setup.size)
    return widest


# ── Reading the paragraph ────────────────────────────────────────────────


def _read(p: etree._Element, fonts: FontSet, call_scale: float = SUPERSCRIPT_SCALE) -> _Text:
    runs: list[tuple[str, tuple[etree._Element, ...]]] = []
    _flatten(p, (), runs)
    chars: list[str] = []
    run_of: list[int] = []
    paths, faces, hyphenate, endmark = [], [], [], []
    pending: int | None = None  # run of a white space not yet written
    wbr: set[int] = set()
    objects: set[int] = set()
    for text, path in runs:
        if text == _WBR:
            wbr.add(len(chars))
            continue
        if text == OBJECT:
            index = len(paths)
            objects.add(index)
            paths.append(path)
            faces.append(_ObjectMetrics(_object_width(path[-1], fonts, call_scale)))
            hyphenate.append(False)
            endmark.append(False)
            if pending is not None and chars:
                chars.append(" ")
                run_of.append(pending)
            pending = None
            chars.append(OBJECT)
            run_of.append(index)
            continue
        style, can_hyphenate, is_endmark = _style(path)
        font = fonts.get(style)
        if font is None:
            raise _Unmeasurable(f"no measured font for {style} text")
        index = len(paths)
        paths.append(path)
        faces.append(font)
        hyphenate.append(can_hyphenate)
        endmark.append(is_endmark)
        text = text.replace("\u00ad", "")
        # Collapse white space across element boundaries, as CSS does: a run of
        # spaces becomes one, set in the element where the run began.
        for k, piece in enumerate(_COLLAPSIBLE.split(text)):
            if k > 0 and pending is None:
                pending = index
            if not piece:
                continue
            if pending is not None and chars:
                chars.append(" ")
                run_of.append(pending)
            pending = None
            if not font.covers(piece):
                missing = next(c for c in piece if not font.covers(c))
                raise _Unmeasurable(f"the font lacks {missing!r} (U+{ord(missing):04X})")
            chars.extend(piece)
            run_of.extend([index] * len(piece))
    return _Text("".join(chars), run_of, paths, faces, hyphenate, endmark, wbr=wbr, objects=objects)


def _object_width(element: etree._Element, fonts: FontSet, scale: float) -> float:
    """A footnote's call (its number) or a superscript, in em of the body size."""
    note = _is_note(element)
    # A note's call is set in the note's face (its ::footnote-call), a sup in the text's.
    face = (fonts.get("call") if note else None) or fonts.get("regular")
    assert face is not None
    label = element.get("data-call") if note else None
    text = label if label is not None else "".join(element.itertext())
    if not face.covers(text):
        raise _Unmeasurable(f"the font lacks a character of {text!r}")
    return face.width(text) * scale


def _flatten(
    node: etree._Element,
    path: tuple[etree._Element, ...],
    runs: list[tuple[str, tuple[etree._Element, ...]]],
) -> None:
    if node.text:
        runs.append((node.text, path))
    for child in node:
        if not isinstance(child.tag, str):
            raise _Unmeasurable("a comment or processing instruction")
        if child.tag == "wbr" or _is_object(child):
            runs.append((_WBR if child.tag == "wbr" else OBJECT, (*path, child)))
            if child.tail:
                runs.append((child.tail, path))
            continue
        _check_inline(child)
        _flatten(child, (*path, child), runs)
        if child.tail:
            runs.append((child.tail, path))


def _is_object(element: etree._Element) -> bool:
    """A footnote with its call number, a repeated call, or a plain sup/sub of text."""
    classes = element.get("class")
    if _is_note(element):
        return element.get("data-call") is not None
    if element.tag in ("sup", "sub") and classes in (None, "note-again"):
        return not len(element) and element.get("style") is None
    return False


def _is_note(element: etree._Element) -> bool:
    """A footnote (``float: footnote``), its lines composed or not."""
    classes = (element.get("class") or "").split()
    return element.tag == "span" and classes in (["footnote"], ["footnote", "composed"])


def _check_inline(element: etree._Element) -> None:
    tag = element.tag
    classes = (element.get("class") or "").split()
    if element.get("style") is not None:
        raise _Unmeasurable(f"<{tag} style> (inline styles are not measured)")
    if tag == "span" and classes == [ENDMARK]:
        return
    if classes:
        raise _Unmeasurable(f"<{tag} class='{' '.join(classes)}'>")
    if tag in ITALIC or tag in BOLD or tag in PLAIN or tag == "code":
        return
    raise _Unmeasurable(f"<{tag}>")


def _style(path: tuple[etree._Element, ...]) -> tuple[str, bool, bool]:
    """Font style name, whether the words may be hyphenated, whether it is the end mark."""
    tags = {e.tag for e in path}
    # Text in another language is not hyphenated with this language's patterns.
    foreign = any(e.get("lang") is not None for e in path)
    if any(e.get("class") == ENDMARK for e in path):
        return "endmark", False, True
    if "code" in tags:
        return "code", False, False
    italic = bool(tags & ITALIC)
    bold = bool(tags & BOLD)
    style = {(0, 0): "regular", (1, 0): "italic", (0, 1): "bold", (1, 1): "bold-italic"}
    return style[(italic, bold)], not (tags & UNHYPHENATED) and not foreign, False


# ── Items ────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class _Break:
    """A break inside a word: at ``position`` (a character index), adding
    ``suffix`` at the line end and starting the next line with ``first``
    instead of the character there (a dropped trema)."""

    position: int
    suffix: str
    first: str | None


def _items(text: _Text, setup: Setup) -> list[Item]:
    chars = text.chars
    size = setup.size
    text.offsets = _offsets(text, size)
    regular = setup.fonts.get("regular")
    assert regular is not None
    spacing = setup.spacing
    space = regular.width(" ", size)
    # A space is a character too: letter-spacing widens it as well.
    stretch = space * spacing.stretch + spacing.letter_stretch * size
    shrink = space * spacing.shrink + spacing.letter_shrink * size
    rag = RAGGED_STRETCH_EM * size
    items: list[Item] = []
    n = len(chars)
    start = 0
    while start < n:
        end = start
        while end < n and chars[end] not in " \u00a0":
            end += 1
        if end > start:
            _word_items(text, start, end, setup, items)
        if end < n:
            tie = chars[end] == "\u00a0" or (end + 1 < n and text.endmark[text.run_of[end + 1]])
            if tie:
                items.append(Penalty(0.0, INFINITY))
            space_width = text.offsets[end + 1] - text.offsets[end]
            if not setup.ragged:
                items.append(Glue(space_width, stretch, shrink, end))
            elif tie:
                items.append(Glue(space_width, 0.0, 0.0, end))
            else:  # Knuth and Plass's ragged right: the stretch is there only at a break
                items.append(Glue(0.0, rag, 0.0, end))
                items.append(Penalty(0.0, 0.0, value=_Break(end, "", None)))
                items.append(Glue(space_width, -rag, 0.0, end))
        start = end + 1
    items.append(Glue(0.0, FILL, 0.0))
    items.append(Penalty(0.0, -INFINITY, value=_Break(n, "", None)))
    return items


def _word_items(text: _Text, start: int, end: int, setup: Setup, items: list[Item]) -> None:
    breaks = _word_breaks(text, start, end, setup)
    per_char_stretch = setup.spacing.letter_stretch * setup.size
    per_char_shrink = setup.spacing.letter_shrink * setup.size
    if setup.ragged:  # letters at their natural spacing
        per_char_stretch = per_char_shrink = 0.0
    rag = RAGGED_STRETCH_EM * setup.size

    def box(width: float, left: int, right: int) -> Box:
        count = right - left
        return Box(width, (left, right), count * per_char_stretch, count * per_char_shrink)

    if not breaks:
        items.append(box(text.offsets[end] - text.offsets[start], start, end))
        return
    whole = text.offsets[end] - text.offsets[start]
    done = 0.0
    left = start
    for brk, cost, flagged in breaks:
        prefix = text.offsets[brk.position] - text.offsets[start]
        before, after = _break_widths(text, brk, end, setup.size)
        items.append(box(prefix - done, left, brk.position))
        if setup.ragged:  # the line's end stretch, there only if broken here
            items += [Penalty(0.0, INFINITY), Glue(0.0, rag, 0.0)]
        items.append(Penalty(before, cost, flagged, after, brk))
        if setup.ragged:
            items.append(Glue(0.0, -rag, 0.0))
        done, left = prefix, brk.position
    items.append(box(whole - done, left, end))


def _break_widths(text: _Text, brk: _Break, end: int, size: float) -> tuple[float, float]:
    """What breaking at ``brk`` adds to the line's end and to the next line's start.

    From pairs of characters, not by shaping each fragment: the word's own
    shaping holds the kerning across the break, which goes; the hyphen comes
    with its own kerning; a dropped trema changes the first letter. Exact for
    pair kerning, which is what text faces have."""
    chars, fonts, run_of = text.chars, text.fonts, text.run_of
    i = brk.position
    font_before, font_after = fonts[run_of[i - 1]], fonts[run_of[i]]
    before = 0.0
    if brk.suffix:
        before = font_before.width(chars[i - 1] + brk.suffix, size) - font_before.width(
            chars[i - 1], size
        )
    if font_before is font_after:
        pair = chars[i - 1 : i + 1]
        # The kerning between the two halves, kept in the prefix, goes at a break.
        before -= font_before.width(pair, size) - font_before.width(pair[0], size)
        before += font_before.width(pair[1], size)
    after = 0.0
    if brk.first:
        following = chars[i + 1] if i + 1 < end and run_of[i + 1] == run_of[i] else ""
        after = font_after.width(brk.first + following, size) - font_after.width(
            chars[i] + following, size
        )
    return before, after


def _word_breaks(
    text: _Text, start: int, end: int, setup: Setup
) -> list[tuple[_Break, float, bool]]:
    """The breaks inside one space-delimited word, with their costs."""
    chars = text.chars
    run_of = text.run_of
    token = chars[start:end]
    penalties = setup.penalties
    found: list[tuple[_Break, float, bool]] = [
        (_Break(position, "", None), penalties.explicit, False)
        for position in sorted(text.wbr)
        if start < position < end
    ]
    # After a slash between words (RDS/DynamoDB, en/of), as Unicode line breaking
    # allows: nothing added. Not in code, not before a digit (1/2).
    found += [
        (_Break(start + m.end(), "", None), penalties.explicit, False)
        for m in re.finditer(r"(?<=\w)/(?=[^\W\d])", token)
        if text.fonts[run_of[start + m.start()]] is not setup.fonts.get("code")
    ]
    shortest = setup.hyphenator.left + setup.hyphenator.right
    if end - start < shortest and "-" not in token and "\u2010" not in token:
        return found  # most words: too short to break
    for match in WORD_RE.finditer(token):
        word_start = start + match.start()
        word_end = start + match.end()
        if not all(text.hyphenate[run_of[i]] for i in range(word_start, word_end)):
            continue
        offset = word_start
        for part in re.split(f"([{_HYPHENS}])", match.group(0)):
            if part and part in _HYPHENS:
                # A hyphen in the word: a break after it, nothing added.
                if offset + 1 < word_end and offset > word_start:
                    found.append((_Break(offset + 1, "", None), penalties.explicit, True))
            elif not part.isupper():
                for brk in setup.hyphenator.breaks(part):
                    position = offset + brk.position
                    first = brk.after[0] if brk.after[0] != chars[position] else None
                    compound = setup.compounds is not None and setup.compounds.is_boundary(
                        part, brk.position
                    )
                    cost = penalties.compound if compound else penalties.syllable
                    found.append((_Break(position, HYPHEN, first), cost, True))
            offset += len(part)
    unique = {brk.position: (brk, cost, flagged) for brk, cost, flagged in found}
    return [unique[position] for position in sorted(unique)]


def _offsets(text: _Text, size: float) -> list[float]:
    """Shape the paragraph once, each stretch of one font as a whole (as Pango
    shapes a line), and sum the advances: any word's width is a difference."""
    chars, fonts, run_of = text.chars, text.fonts, text.run_of
    advances: list[float] = []
    left = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or fonts[run_of[i]] is not fonts[run_of[left]]:
            advances += fonts[run_of[left]].advances(chars[left:i])
            left = i
    return [0.0, *accumulate(a * size for a in advances)]


# ── Lines ────────────────────────────────────────────────────────────────


@dataclass
class _Line:
    start: int
    end: int
    first: str | None  # replacement for the first character (dropped trema)
    suffix: str  # added at the end (a hyphen)
    natural: float
    shrink: float  # the most the line can shrink
    spaces: int

    @property
    def length(self) -> int:
        """Characters as set, spaces and an added hyphen included."""
        return self.end - self.start + len(self.suffix)


def _lines(items: list[Item], breaks: list[int]) -> list[_Line]:
    """The lines between the breaks, with what is needed to justify them."""
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
            assert isinstance(brk, _Break)
            end, suffix = brk.position, brk.suffix
        else:
            end = end_item.value
        first_box = items[s].value if s < b else (end, end)
        line_start = first_box[0] if isinstance(first_box, tuple) else end
        lines.append(_Line(line_start, end, first, suffix, natural, shrink, spaces))
        if isinstance(end_item, Penalty):
            first, post = end_item.value.first, end_item.post_width
        else:
            first, post = None, 0.0
        begin = b + 1
    return lines


def _rewrite(
    p: etree._Element,
    text: _Text,
    lines: list[_Line],
    setup: Setup,
    first_width: float,
    indent: bool,
    width: float,
    held: set[int] | frozenset[int] = frozenset(),
) -> None:
    for child in list(p):
        p.remove(child)
    p.text = None
    seen: set[int] = set()  # elements already copied once (their ids stay on the first copy)
    for number, line in enumerate(lines):
        last = number == len(lines) - 1
        classes = ["line"] + (["first"] if number == 0 else []) + (["last"] if last else [])
        if not last and _hyphenated(text, line):
            # An added hyphen or the word's own (Koude-oorlog): never the last
            # line of a column (print.css, columnends.py).
            classes.append("hyphenated")
            if number in held:
                classes.append("held")
        span = etree.SubElement(p, "span", {"class": " ".join(classes)})
        style = []
        if number == 0 and indent:
            style.append(f"text-indent: {setup.indent:g}pt")
        room = first_width if number == 0 else width
        if setup.ragged:
            if not last:
                classes.append("ragged")  # flush left at its natural spacing
                span.set("class", " ".join(classes))
        elif not last and _too_loose(line, room, setup):
            # An unbreakable stretch (a URL, code, a formula) left this line short:
            # set it flush left with its natural spaces rather than with gaps.
            classes.append("ragged")
            span.set("class", " ".join(classes))
        elif not last or line.natural > room - setup.safety:
            style += _spacing(line, room, setup)
        if style:
            span.set("style", "; ".join(style))
        _fill(span, text, line, seen)


#: WeasyPrint 70 writes each glyph's extra spacing into the PDF truncated to a
#: thousandth of the font size (``int(kerning)`` in draw/text.py), so the glyphs
#: of a letter-spaced line drift from its layout by about this many units per
#: character: short of the edge when spaced out, past it when tightened
#: (measured on the article: 0.67 and 0.57 units, sd 0.19). The line's right
#: margin takes the drift back, and justification still fills the line box.
DRIFT_SPACED, DRIFT_TIGHTENED = 0.67, 0.57


def _spacing(line: _Line, width: float, setup: Setup) -> list[str]:
    """``word-spacing`` and ``letter-spacing`` that bring the line to ``width``,
    shared out as the breaker counted them, and the right margin that makes up
    for WeasyPrint's drift. A hair (``safety``) is left for WeasyPrint's
    justification to add, so a line never comes out too long."""
    room = width - setup.safety
    word, letter = _share(line, room, setup, letters=True)
    if abs(letter) < 0.005:  # less than WeasyPrint can write: words only
        word, letter = _share(line, room, setup, letters=False)
    declarations = []
    if letter:
        units = DRIFT_SPACED if letter > 0 else -DRIFT_TIGHTENED
        drift = -units * line.length * setup.size / 1000
        word, letter = _share(line, room - drift, setup, letters=True)
        declarations.append(f"margin-right: {drift:.3f}pt")
    if word:
        declarations.append(f"word-spacing: {_round_down(word)}pt")
    if letter:
        declarations.append(f"letter-spacing: {_round_down(letter)}pt")
    return declarations


#: A justified word space wider than this (em) is worse than a ragged line.
RAGGED_EM = 0.58


def _too_loose(line: _Line, width: float, setup: Setup) -> bool:
    """Whether justifying ``line`` to ``width`` would open its spaces past
    ``RAGGED_EM`` (or space its letters past their limit, in a line with none)."""
    if line.natural >= width - setup.safety:
        return False
    word, letter = _share(line, width - setup.safety, setup, letters=True)
    if not line.spaces:
        return letter * line.length < width - setup.safety - line.natural - 0.5
    space = setup.fonts.fonts["regular"].width(" ", setup.size)
    # The gap the eye sees: the space, its extra, and the letter spacing on each side.
    return (space + word + 2 * letter) / setup.size > RAGGED_EM


def _share(line: _Line, room: float, setup: Setup, letters: bool) -> tuple[float, float]:
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
    if abs(letter) > limit:  # a line without spaces (a URL's part) stays short instead
        letter = math.copysign(limit, letter)
    word = (slack - letter * line.length) / line.spaces if line.spaces else 0.0
    return word, letter


def _round_down(value: float) -> str:
    return f"{math.floor(value * 1000) / 1000:.3f}"


def _fill(span: etree._Element, text: _Text, line: _Line, seen: set[int]) -> None:
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


def _append_text(element: etree._Element, piece: str) -> None:
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + piece
    else:
        element.text = (element.text or "") + piece


__all__ = [
    "line_css",
    "ComposeReport",
    "FontSet",
    "HyphenPenalties",
    "Setup",
    "Spacing",
    "compose_paragraph",
    "is_indented",
]
