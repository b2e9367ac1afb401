"""WeasyPrint's most called small functions, the same answers in fewer calls.

An issue's page runs are laid out some 35 times, and WeasyPrint balances each
article's columns by laying them out again and again: a few small functions of
its layout are called hundreds of thousands of times, and the calls themselves
cost more than their work. The adapter puts these in their place for one render
(:mod:`.weasy`); each was written against WeasyPrint 70's and gives what it gives.

A box's used lengths: WeasyPrint resolves a box's margins, paddings, width and height against its
containing block each time the box is laid out (``resolve_percentages``), and a
column balanced again and again lays out every box in it many times: in an issue
it is called some 80,000 times, each calling ``resolve_one_percentage`` and
``percentage`` for fifteen properties. :func:`resolved` gives the same values
with the common cases (``auto``, a length, a percentage) done in place and
anything else (``calc()`` and the like) left to WeasyPrint's own
``percentage`` (``layout/percent.py``). What a box is given is kept for the render by
its style and containing block (the style's values it read compared again, so a
style set anew is resolved anew): a box laid out again gets it in one step.

Whether a box is in normal flow (``Box.is_in_normal_flow``, some 400,000 calls):
:func:`in_flow` reads its float and position once, not in five calls, and asks
WeasyPrint's own where a flex item was given an ``is_floated`` of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from math import inf

#: The lengths resolved against the containing block's width, whatever the box.
WIDTH_REFERRED = (
    "margin_left",
    "margin_right",
    "padding_left",
    "padding_right",
)
#: Against its width too, but against its height on a page box.
HEIGHT_OF_PAGE = ("margin_top", "margin_bottom", "padding_top", "padding_bottom")
SIDES = ("border_top_width", "border_right_width", "border_bottom_width", "border_left_width")


#: What :func:`resolved` sets on a box, and the style's values it reads to set it.
GIVEN = (
    *WIDTH_REFERRED[:2],
    *HEIGHT_OF_PAGE[:2],
    *WIDTH_REFERRED[2:],
    *HEIGHT_OF_PAGE[2:],
    "width",
    "min_width",
    "max_width",
    "height",
    "min_height",
    "max_height",
    *SIDES,
)
READ_FROM_STYLE = (*GIVEN, "border_collapse", "box_sizing")
#: The used lengths kept for one render, at most (an issue's run keeps some 3,000).
KEPT = 20_000


def resolved(percent) -> Callable:
    """``resolve_percentages`` of WeasyPrint's module ``percent``, made faster; a box
    whose style and containing block were resolved before in this render is given
    the same lengths at once."""
    from weasyprint.formatting_structure import boxes

    percentage = percent.percentage
    check_math = percent.check_math
    adjust_box_sizing = percent.adjust_box_sizing
    page_box, box_class = boxes.PageBox, boxes.Box
    #: (style id, containing block's width and height, a page box) → (the style,
    #: its values read, the lengths given); the style kept so its id is no other's
    kept: dict[tuple, tuple] = {}

    def used(value, style, refer_to):
        """``percentage(value, style, refer_to)``, the usual values without a call."""
        if value is None or value == "auto":
            return value
        unit = getattr(value, "unit", None)
        if unit is None:
            return percentage(value, style, refer_to)
        if unit == "%":
            return refer_to * value.value / 100
        return value.value

    def resolve_percentages(box, containing_block):
        if isinstance(containing_block, box_class):
            cb_width = containing_block.width
            cb_height = containing_block.height
        else:
            cb_width, cb_height = containing_block
        style = box.style
        is_page = isinstance(box, page_box)
        key = (id(style), cb_width, cb_height, is_page)
        known = kept.get(key)
        read = tuple([style[name] for name in READ_FROM_STYLE])
        if known is not None and known[0] is style and known[1] == read:
            box.__dict__.update(known[2])
            return
        resolve(box, style, cb_width, cb_height, is_page)
        if read[-2] != "collapse":  # else a cell's borders come from its table
            if len(kept) >= KEPT:
                kept.clear()
            kept[key] = (style, read, {name: box.__dict__[name] for name in GIVEN})

    def resolve(box, style, cb_width, cb_height, is_page: bool) -> None:
        maybe_height = cb_height if is_page else cb_width
        for name in WIDTH_REFERRED[:2]:
            setattr(box, name, used(style[name], style, cb_width))
        for name in HEIGHT_OF_PAGE[:2]:
            setattr(box, name, used(style[name], style, maybe_height))
        for name in WIDTH_REFERRED[2:]:
            setattr(box, name, used(style[name], style, cb_width))
        for name in HEIGHT_OF_PAGE[2:]:
            setattr(box, name, used(style[name], style, maybe_height))
        box.width = used(style["width"], style, cb_width)
        value = used(style["min_width"], style, cb_width)
        box.min_width = 0 if value == "auto" else value
        box.max_width = used(style["max_width"], style, cb_width)

        if cb_height == "auto":
            height = style["height"]
            if height == "auto" or check_math(height) or height.unit == "%":
                box.height = "auto"
            else:
                assert height.unit.lower() == "px"
                box.height = height.value
            value = used(style["min_height"], style, 0)
            box.min_height = 0 if value == "auto" else value
            box.max_height = used(style["max_height"], style, inf)
        else:
            box.height = used(style["height"], style, cb_height)
            value = used(style["min_height"], style, cb_height)
            box.min_height = 0 if value == "auto" else value
            box.max_height = used(style["max_height"], style, cb_height)

        collapse = style["border_collapse"] == "collapse"
        for name in SIDES:
            if not (collapse and hasattr(box, name)):
                setattr(box, name, style[name])

        adjust_box_sizing(box, "width")
        adjust_box_sizing(box, "height")

    return resolve_percentages


def in_flow(boxes) -> Callable:
    """``Box.is_in_normal_flow`` of WeasyPrint's module ``boxes``, made faster."""
    original = boxes.Box.is_in_normal_flow
    floats = ("left", "right", "inline-start", "inline-end", "footnote")

    def is_in_normal_flow(self):
        if "is_floated" in self.__dict__:  # a flex item (formatting_structure/build.py)
            return original(self)
        style = self.style
        if style["float"] in floats:
            return False
        position = style["position"]
        return not (position in ("absolute", "fixed") or position[0] in ("running()", "note()"))

    return is_in_normal_flow
