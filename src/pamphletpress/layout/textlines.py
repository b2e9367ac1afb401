"""Text lines WeasyPrint splits and justifies, remembered for the layouts of one build.

An issue is laid out many times, a page run at a time, and WeasyPrint balances
each article's columns by laying them out again and again: the same composed
line of the same paragraph is split by Pango, and justified with a Pango layout
of its own, many times over. What ``split_first_line`` answers, and the layout a
justified line is drawn with, depend only on the text, the width (the word space
added) and the style's properties they read (the font, the language,
hyphenation and spacing; listed in :data:`READ`), so they are kept by those and
given again, the layout object copied, so that nothing one box does to it
reaches another (the adapter puts :func:`remembered` and :func:`justified` in
WeasyPrint's place for one render, :mod:`.weasy`). A line's strut (its height and
baseline) is kept by its style, likewise (:func:`strutted`).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable

#: Every style property ``split_first_line`` and the Pango layout it makes read
#: (weasyprint/text/line_break.py and text/fonts.py, WeasyPrint 70).
READ = (
    "direction",
    "font_family",
    "font_feature_settings",
    "font_kerning",
    "font_language_override",
    "font_size",
    "font_stretch",
    "font_style",
    "font_variant_alternates",
    "font_variant_caps",
    "font_variant_east_asian",
    "font_variant_ligatures",
    "font_variant_numeric",
    "font_variant_position",
    "font_variation_settings",
    "font_weight",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphens",
    "lang",
    "letter_spacing",
    "overflow_wrap",
    "tab_size",
    "text_decoration_line",
    "white_space",
    "word_break",
    "word_spacing",
)


class Lines:
    """The lines split for a build's layouts, the oldest forgotten beyond ``kept``
    (an issue of 12 pages splits some 2,000 distinct lines)."""

    def __init__(self, kept: int = 50_000) -> None:
        self.kept = kept
        self.found: OrderedDict[tuple, tuple] = OrderedDict()
        #: each style's properties of :data:`READ`, by the style's id (the style kept
        #: with them, so that its id is no other's while they are here)
        self.styles: dict[int, tuple[object, tuple | None]] = {}
        #: each style's strut (line height and baseline), likewise
        self.struts: dict[int, tuple[object, object, object, tuple]] = {}

    def key(self, text: str, style, arguments: tuple) -> tuple | None:
        """What the split depends on; None when a value cannot be compared."""
        known = self.styles.get(id(style))
        if known is None or known[0] is not style:
            if len(self.styles) >= self.kept:
                self.styles.clear()
            values = (style.font_config, *(style[name] for name in READ))
            try:
                hash(values)
            except TypeError:
                values = None
            known = self.styles[id(style)] = (style, values)
        return None if known[1] is None else (text, arguments, known[1])

    def remember(self, key: tuple, answer: tuple) -> None:
        self.found[key] = answer
        if len(self.found) > self.kept:
            self.found.popitem(last=False)


def _copied(layout):
    """A copy of a deactivated layout (its attributes are plain values): what
    ``copy.copy`` makes, without its generic protocol."""
    copied = object.__new__(type(layout))
    copied.__dict__.update(layout.__dict__)
    return copied


def remembered(split_first_line: Callable, lines: Lines) -> Callable:
    """WeasyPrint's ``split_first_line``, answering from ``lines`` what it split before."""

    def split(
        text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
    ):
        key = lines.key(text, style, (max_width, justification_spacing, is_line_start, minimum))
        answer = lines.found.get(key) if key is not None else None
        if answer is None:
            answer = split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
            if key is not None:
                lines.remember(key, answer)
        else:
            lines.found.move_to_end(key)
        layout, *rest = answer
        return (_copied(layout), *rest)

    return split


def justified(create_layout: Callable, lines: Lines) -> Callable:
    """WeasyPrint's ``create_layout`` where a justified line's text box gets the layout
    it is drawn with (``add_word_spacing``, which deactivates it at once): the layout
    made before for the same text, style and word space, deactivated, handed over as
    a copy that is deactivated once more."""

    def create(text, style, context, max_width, justification_spacing):
        key = lines.key(text, style, ("justified", max_width, justification_spacing))
        made = lines.found.get(key) if key is not None else None
        if made is None:
            layout = create_layout(text, style, context, max_width, justification_spacing)
            if key is None:
                return layout
            layout.deactivate()
            made = (layout,)
            lines.remember(key, made)
        else:
            lines.found.move_to_end(key)
        given = _copied(made[0])
        given.layout = given.language = given.style = None  # what deactivate() takes away
        return given

    return create


def strutted(strut: Callable, lines: Lines) -> Callable:
    """WeasyPrint's ``strut`` for the line boxes and text of a layout: the line height
    and baseline a style gives, which WeasyPrint keeps by a key it makes of fourteen
    of the style's properties at every call, kept here by the style itself (and its
    font size and line height, should they be set anew)."""

    def struts(style):
        known = lines.struts.get(id(style))
        size, height = style["font_size"], style["line_height"]
        if known is None or known[0] is not style or known[1] != size or known[2] != height:
            if len(lines.struts) >= lines.kept:
                lines.struts.clear()
            known = lines.struts[id(style)] = (style, size, height, strut(style))
        return known[3]

    return struts
