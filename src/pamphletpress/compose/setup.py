"""What a paragraph's composition depends on besides the paragraph.

Its faces, how its lines are justified, what a break costs, the breaker's
parameters, and the report of what the composer did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pamphletpress.compose.breaker import GAPING_LINE, Params
from pamphletpress.compose.compounds import CompoundGuesser
from pamphletpress.compose.hyphenation import Hyphenator
from pamphletpress.compose.metrics import FontMetrics, ScaledFont, load_font

#: Code's size relative to the body (print.css: ``code { font-size: 0.85em }``).
CODE_SCALE = 0.85
#: Note calls, sup and sub, as a fraction of the body size (print.css's --call-size).
SUPERSCRIPT_SCALE = 0.7


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
    #: A line whose word gaps (space, extra and the letter spacing either side)
    #: would open wider than this (em) spaces its letters more instead, up to
    #: ``letter_limit``, as InDesign's justification fills past its maximum word
    #: spacing: a loose line's few gaps are what a reader sees, not its letters.
    widest_gap: float = 0.48


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
    # More than a line of words left gaping costs: a word broken for a line left
    # short is a break for nothing (bzk's '• Autoriteit Persoonsgegevens, Rap-' and
    # 'portage AI- en algoritmerisico's Ne-' before an address, rather than
    # '…Nederland' and '(RAN), zomer 2024, hoofdstuk 4' short and whole).
    short_hyphen_demerits=2.0 * (10000.0 + 10.0) ** 2 + GAPING_LINE,
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


@dataclass(frozen=True)
class Protrusion:
    """Optical margin alignment: the share of its own width by which each mark
    stands out of a justified line at its start (``left``) and end (``right``),
    print.css's ``--protrusion-FACE`` table, and the most any mark may (``limit``,
    pt: half the column gap, so no mark reaches the next column's)."""

    left: Mapping[str, float]
    right: Mapping[str, float]
    limit: float

    @classmethod
    def from_table(cls, rows, face: str, limit: float) -> Protrusion | None:
        """From the design's (face, side, marks, share) rows: None if the face has none."""
        sides: dict[str, dict[str, float]] = {"left": {}, "right": {}}
        for name, side, marks, share in rows:
            if name == face:
                sides[side].update(dict.fromkeys(marks, share))
        if not sides["left"] and not sides["right"]:
            return None
        return cls(sides["left"], sides["right"], limit)


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
    #: lines no re-break could mend are marked ``held``
    #: (:func:`pamphletpress.compose.paragraph._unmendable`).
    mends: bool = True
    report: ComposeReport = field(default_factory=ComposeReport)
    #: Ragged right (``RAGGED_STRETCH_EM``) instead of justified; ``penalties``
    #: and ``params`` should then be ``RAGGED_PENALTIES`` and ``RAGGED_PARAMS``.
    ragged: bool = False
    #: Marks that hang out of the line's edges (None: none do); in ragged text
    #: only at the left, the edge that is straight.
    protrusion: Protrusion | None = None
