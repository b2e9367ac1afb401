"""The baseline grid: CSS Rhythmic Sizing's ``block-step-size`` in WeasyPrint's layout.

Blocks take a whole number of body lines; a figure may have its picture
cropped to a whole number of lines instead.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable

#: The custom properties that stand for CSS Rhythmic Sizing's ``block-step-size``
#: and ``block-step-align`` (https://drafts.csswg.org/css-rhythm/), as WeasyPrint
#: names them in a computed style.
STEP_SIZE = "__block_step_size"
STEP_ALIGN = "__block_step_align"
#: Ours: how much height a figure's picture may give up (cropped top and bottom)
#: for the figure to take one line less.
STEP_CROP = "__block_step_crop"
#: Ours: what an intertitle (``--block-step-align: end``) opening a column or a page
#: does with its space above: ``close`` drops it, and its space below as far as that
#: alone takes it past a whole line, so it stands over its text as close as inside a
#: column; ``below`` moves it under the intertitle (cutting it loose from its text).
STEP_OPENING = "__block_step_opening"
#: Ours: how far a centred block stands lower in its room than halfway, so that the
#: white from the letters above it to its top is the white from its foot to the
#: letters below (the body's letters sit low in their line: a tall ascent).
STEP_DROP = "__block_step_drop"
#: Ours, on a laid-out box: the space above an intertitle opening a column or a page
#: that stands below it instead (layout/footfill.py counts its height with it).
MOVED_BELOW = "pamphletpress_moved_below"
#: Ours, on a laid-out box: the intertitle opened a column or a page, set ``close``
#: (layout/openings.py asks whether a layout had one).
OPENED_CLOSE = "pamphletpress_opened_close"


def stepped_layout(original: Callable) -> Callable:
    """``block_level_layout`` for this render: a block whose own style sets
    ``--block-step-size`` takes a whole number of steps (body lines), so the
    text after it stays on the grid and lines up with the other column.

    Measured from where the previous block's margin ended to where this block's
    ends, the extra space becomes margin: split above and below
    (``--block-step-align: center``, the default), all above (``end``: an
    intertitle stays with its text) or all below (``start``: the block's top
    margin counted from the line the block before ended on, so a table's rows
    are on the grid); ``foot`` puts it
    above too, so the block's foot is on the grid (a figure's caption ends on
    a body line), but as a centred block it keeps its extra space below at the
    top of a column (the picture flush with the column's top) or where the
    space above would push it off the page. A block split over columns or pages is
    left as is: what follows it starts at the top of a column. Only the block's
    own setting counts (custom properties inherit: a figure's caption does not
    step on its own). One pass: the space is added after the block is laid out.

    An intertitle opening a column or a page does as its ``--block-step-opening``
    says (:data:`STEP_OPENING`): ``close`` over its text, or its space above ``below``
    it; the column tops stay level either way.

    A figure with ``--block-step-crop`` gives up a little of its picture's
    height instead, when that much (never more than :data:`CROP_SHARE` of the
    picture) brings it down to a whole line: what a newspaper does with photos.
    The adapter puts it in place of ``original`` for one render only.
    """
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    parameters = inspect.signature(original)
    #: The last block stepped: (its border box's foot, the block). A column run
    #: balanced a half line taller than its lines ends in white that a box under it
    #: counts as its own white above (:data:`STEP_DROP`); its last line's foot is
    #: looked for only then, not for every block stepped.
    last_foot: list[tuple[float, object]] = []

    def block_level_layout(context, box, *args, **kwargs):
        step, align, crop, drop, opening = _step_of(box, boxes)
        if step is None:
            return original(context, box, *args, **kwargs)
        call = parameters.bind(context, box, *args, **kwargs)
        call.apply_defaults()
        given = call.arguments
        # where the block before this one ended, its bottom margin included
        start = box.position_y + block.collapse_margin(given["adjoining_margins"] or [])
        if align == "start" and given["adjoining_margins"] and not given["page_is_empty"]:
            result = _from_line(original, call, box, start)
        else:
            result = original(context, box, *args, **kwargs)
        new_box, resume_at, next_page, margins, collapsing_through, max_lines = result
        if new_box is None or resume_at is not None or collapsing_through:
            return result
        bottom = new_box.border_box_y() + new_box.border_height()
        trailing = block.collapse_margin([*margins, new_box.margin_bottom])
        outer = bottom + trailing - start
        extra = math.ceil(outer / step - STEP_SLACK) * step - outer
        if extra > STEP_SLACK * step and _crop_to_grid(new_box, step - extra, crop, boxes):
            extra = 0.0
        above = {"start": 0.0, "end": extra, "foot": extra}.get(align, extra / 2)
        if align == "center" and drop:
            # The white around the block, from the block before's last line (the
            # grid's rest below it included) to the next line: split so that the
            # white above is ``2 × drop`` more than the white below.
            foot = box.position_y
            if last_foot and abs(last_foot[-1][0] - foot) < 0.01:
                foot = _content_foot(last_foot[-1][1], boxes, foot)
            white = new_box.border_box_y() - foot + trailing + extra
            above = (white + 2 * drop) / 2 - (new_box.border_box_y() - foot)
        column = given["containing_block"]
        at_top = given["page_is_empty"] or (
            getattr(column, "is_column", False) and abs(start - column.content_box_y()) < 0.01
        )
        if align != "end" and (
            at_top or context.overflows_page(given["bottom_space"], bottom + above)
        ):
            above = 0.0
        if align == "end" and at_top and given["skip_stack"] is None and opening == "close":
            # An intertitle opening a column or a page stands level with the text
            # beside it (a newspaper's rule; CSS fragmentation truncates margins at
            # an unforced break too): its space above is dropped, and its space below
            # where that alone takes it past a whole line, so its text follows it on
            # the grid's next line, as close as inside a column.
            lifted = new_box.margin_top
            new_box.translate(dy=-lifted)
            new_box.position_y += lifted
            new_box.margin_top = 0.0
            bottom = new_box.border_box_y() + new_box.border_height()
            own = bottom - start
            lines = math.ceil(own / step - STEP_SLACK)
            trailing = min(trailing, max(lines * step - own, 0.0))
            extra = lines * step - own - trailing
            above = 0.0
            setattr(new_box, OPENED_CLOSE, True)
        elif align == "end" and at_top and given["skip_stack"] is None:
            # ``below``: its space above goes below it, so the lines under it keep
            # the grid (and the intertitle stands a line's white over its text).
            lifted = new_box.margin_top
            setattr(new_box, MOVED_BELOW, lifted + above)
            above = 0.0
            new_box.translate(dy=-lifted)
            new_box.position_y += lifted
            new_box.margin_top = 0.0
            trailing += lifted
        if above > 0:
            new_box.translate(dy=above)
            new_box.position_y -= above
            new_box.margin_top += above
        new_box.margin_bottom = trailing + extra - above
        last_foot[:] = [(bottom + above, new_box)]
        return new_box, resume_at, next_page, [], collapsing_through, max_lines

    return block_level_layout


def _content_foot(block, boxes, bottom: float) -> float:
    """Where the block's last line or picture ends (its border box's foot at most)."""
    feet = [
        child.position_y + child.margin_height()
        for child in block.descendants()
        if isinstance(child, (boxes.LineBox, boxes.ReplacedBox))
    ]
    return min(bottom, max(feet, default=bottom))


def _from_line(original: Callable, call: inspect.BoundArguments, box, start: float):
    """Lay out a block aligned ``start`` with its own top margin from ``start``,
    the line the block before it ended on, not collapsed with that block's
    bottom margin: that margin holds the step space of the block before (a
    column run's, over a table across both columns), and collapsed, the
    block's top stood that space above the line (WeasyPrint breaks the block
    over pages where it then stands). The box keeps its place; the margin grows."""
    origin = box.position_y
    box.position_y = start
    margins = call.arguments["adjoining_margins"]
    call.arguments["adjoining_margins"] = []
    try:
        result = original(*call.args, **call.kwargs)
    finally:
        box.position_y = origin
        call.arguments["adjoining_margins"] = margins
    new_box = result[0]
    if new_box is not None:
        new_box.position_y = origin
        new_box.margin_top += start - origin
    return result


#: A block within this fraction of a step of a whole number of steps takes no more.
STEP_SLACK = 1e-4


def _own_style(box, boxes):
    """The style the block's own element set: a table's is on the table, not its wrapper."""
    if isinstance(box, boxes.TableBox):
        return None  # the wrapper steps, with the table's setting
    if box.is_table_wrapper:
        return box.get_wrapped_table().style
    return box.style


def _step_of(box, boxes) -> tuple[float | None, str, float, float, str]:
    """The block's step in CSS px, its alignment, how much its picture may be
    cropped, how far it drops in its room (:data:`STEP_DROP`) and what it does
    opening a column (:data:`STEP_OPENING`), when its own rule sets
    ``--block-step-size`` (an absolute length; ``none`` or ``1em`` set no step)."""
    style = _own_style(box, boxes)
    cascaded = getattr(style, "cascaded", ())
    if STEP_SIZE not in cascaded:
        return None, "center", 0.0, 0.0, "below"
    step = _length(style, STEP_SIZE)
    align = _token(style, STEP_ALIGN) if STEP_ALIGN in cascaded else None
    align = align.lower_value if align is not None and align.type == "ident" else "center"
    crop = _length(style, STEP_CROP) if STEP_CROP in cascaded else 0.0
    drop = _length(style, STEP_DROP) if STEP_DROP in cascaded else 0.0
    opening = _token(style, STEP_OPENING) if STEP_OPENING in cascaded else None
    opening = opening.lower_value if opening is not None and opening.type == "ident" else "below"
    return (step if step > 0 else None), align, crop, drop, opening


def _length(style, name: str) -> float:
    """A custom property's absolute length in CSS px (0 for anything else)."""
    from weasyprint.css.units import LENGTHS_TO_PIXELS

    token = _token(style, name)
    if token is None or token.type != "dimension":
        return 0.0
    return token.value * LENGTHS_TO_PIXELS.get(token.unit.lower(), 0)


#: A picture is never cropped by more than this share of its height to fit the grid.
CROP_SHARE = 0.05


def _crop_to_grid(figure, over: float, crop: float, boxes) -> bool:
    """Take ``over`` px off the height of the figure's picture (cropped evenly
    top and bottom, ``object-fit: cover``) and lift what is under it, when
    ``crop`` allows that much; whether it did."""
    if over > crop:
        return False
    picture = next((b for b in figure.descendants() if isinstance(b, boxes.ReplacedBox)), None)
    if picture is None or not picture.width or over > CROP_SHARE * picture.height:
        return False
    _, _, ratio = picture.replacement.get_intrinsic_size(
        picture.style["image_resolution"], picture.style["font_size"]
    )
    if not ratio or abs(picture.width / picture.height - ratio) > 0.01 * ratio:
        return False  # letterboxed (max-height) or stretched: cover would crop its width
    cut = picture.position_y + picture.margin_height()
    picture.height -= over
    picture.style = picture.style.copy()
    picture.style["object_fit"] = "cover"
    _lift(figure, picture, cut, over)
    return True


def _lift(box, picture, cut: float, over: float) -> None:
    """Shorten the boxes that hold the picture by ``over``, move up what lies below it."""
    box.height -= over
    for child in box.all_children():
        if child is picture:
            continue
        if any(b is picture for b in child.descendants()):
            _lift(child, picture, cut, over)
        elif child.position_y >= cut - 0.01:
            child.translate(dy=-over)


def _token(style, name: str):
    """A custom property's value when it is one token, else None."""
    tokens = [t for t in style[name] or () if t.type != "whitespace"]
    return tokens[0] if len(tokens) == 1 else None
