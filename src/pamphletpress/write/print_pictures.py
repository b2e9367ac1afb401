"""Pictures by kind for print: how large each prints, and the warnings when it prints small.

A photo is never enlarged past what a print shop still takes (200 ppi), line art
or a logo past its natural size at 300 ppi, a screenshot or a diagram with text
("small print") goes across both columns at up to 200 ppi. The kind is read from
the picture's pixels (few colours or one light ground: a drawing) or its credit
("Foto: …"). The build warns, naming file and line, when a photo then prints
narrower than the column it stands in, or small print's text too small to read.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pamphletpress.i18n import _

if TYPE_CHECKING:
    from pamphletpress.read.document import Article

#: The column's measure where no composer knows it (the stylesheet's 70 mm).
COLUMN_PT = 198.4


def _picture(src: str) -> tuple[int, str] | None:
    """A local image's width in pixels and its kind: a "photo", or a "drawing"
    (line art, a logo, a diagram, a screenshot: few colours, or one light flat
    colour over much of it), "small print" when a drawing is also big and wide (a
    screenshot, a diagram with text: unreadable shrunk to a column)."""
    from urllib.parse import unquote, urlsplit

    from PIL import Image, UnidentifiedImageError

    parts = urlsplit(src)
    if parts.scheme != "file":
        return None
    try:
        with Image.open(unquote(parts.path)) as image:
            width, height = image.size
            sample = image.convert("RGBA")
            sample.thumbnail((256, 256), Image.Resampling.NEAREST)
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    colours = sample.getcolors(maxcolors=4096)
    pixels = sample.width * sample.height
    flat = colours is not None and (len(colours) <= DRAWING_COLOURS or _paper(max(colours), pixels))
    if not flat:
        return width, "photo"
    if width >= SMALL_PRINT_PIXELS and width >= 1.2 * height:
        return width, "small print"
    return width, "drawing"


def _paper(commonest: tuple[int, tuple], pixels: int) -> bool:
    """Whether a picture's commonest colour is a light or transparent ground over
    ``FLAT`` of it: the paper of a diagram or a screenshot (a photo's shadows are dark)."""
    count, (red, green, blue, alpha) = commonest
    light = alpha < 128 or 0.3 * red + 0.59 * green + 0.11 * blue >= 200
    return light and count >= FLAT * pixels


#: A figure is never enlarged past this resolution: a small photo prints smaller
#: than the column rather than under the 200 ppi print shops take (they want 300;
#: ``check`` fails a picture under 200, :data:`pamphletpress.check.images.TOLERATED_PPI`),
#: with a warning when that leaves it narrower than the column; line art or a logo
#: prints at its natural size at 300 ppi at most, small print as large as 200 ppi
#: allows (its text legible, the press still content).
FIGURE_PPI = {"photo": 200, "drawing": 300, "small print": 200}
#: A photo fills the column at this resolution (what print shops want): the
#: size a warning about a small photo asks for.
PHOTO_WANTED_PPI = 300
#: A picture of at most this many colours (or one light colour on this share of it) is a drawing.
DRAWING_COLOURS, FLAT = 64, 0.3
#: A wide drawing of this many pixels across is a screenshot or a diagram: its
#: text (12 px or so) would print at under 3 pt in a column, at 5–6 across both.
SMALL_PRINT_PIXELS = 800


#: Text in a screenshot is about this many pixels high; printed under
#: ``LEGIBLE_PT`` it cannot be read. Across both columns a picture is about
#: ``WIDE_PT`` wide (an estimate, as :data:`COLUMN_PT` is the column's).
SCREEN_TEXT_PX, LEGIBLE_PT, WIDE_PT = 12, 5.0, 411


def warn_if_unreadable(img: etree._Element, article: Article) -> None:
    """Warn (file and line) when a screenshot's or diagram's text prints too small
    to read even across both columns."""
    import logging
    from urllib.parse import unquote

    from pamphletpress.errors import located

    found = _picture(img.get("src", ""))
    if found is None:
        return
    pixels = found[0]
    width = min(WIDE_PT, pixels / FIGURE_PPI["small print"] * 72)
    text = SCREEN_TEXT_PX * width / pixels
    if text < LEGIBLE_PT:
        name = unquote(img.get("src", "").rsplit("/", 1)[-1])
        logging.getLogger("pamphletpress").warning(
            _(
                "{where}: picture {name} looks like a screenshot or diagram {pixels} pixels "
                "wide: across both columns its text prints at about {size:.1f} pt, too small "
                "to read; crop it to the part that matters, or enlarge its text"
            ).format(
                where=located(article.source, img.get("data-line")),
                name=name,
                pixels=pixels,
                size=text,
            )
        )


#: A credit that says the picture is a photo, whatever its pixels look like.
PHOTO_CREDIT = re.compile(r"^\s*(foto|photo|bild)\b", re.I)


def credited_photo(figure: etree._Element) -> bool:
    """Whether the figure's credit calls it a photo ("Foto: …", "Photo: …")."""
    return any(
        PHOTO_CREDIT.match("".join(credit.itertext()))
        for credit in figure.iter("small")
        if credit.get("class") == "credit"
    )


def never_enlarged(
    img: etree._Element,
    photo: bool = False,
    article: Article | None = None,
    column_pt: float = COLUMN_PT,
) -> str | None:
    """A picture the author gave no size prints no larger than its kind's
    ``FIGURE_PPI`` allows; its kind, when the picture could be read (a photo
    when its credit says so). A photo of a figure in ``article`` that this
    leaves narrower than the column (``column_pt``) is warned about: an editor
    expects a photo across the column."""
    found = _picture(img.get("src", ""))
    if found is None:
        return _drawing_never_enlarged(img)
    pixels, kind = found
    if photo:
        kind = "photo"
    if not (img.get("width") or img.get("height") or img.get("style")):
        # else the author's size: the build checks its resolution as placed
        # rounded down, and a hair under, or a photo printed at its limit reads
        # 199.7 ppi (or 199.99, the PDF's rounding) and fails
        width_mm = math.floor(pixels / FIGURE_PPI[kind] * 254 * 0.9999) / 10
        img.set("style", f"width: {width_mm:.1f}mm")  # print.css: max-width 100 %
        wide = "wide" in (img.get("class") or "").split()
        measure = WIDE_PT if wide else column_pt  # a {.wide} photo: across both
        if kind == "photo" and article is not None and width_mm / 25.4 * 72 < measure - 1:
            _warn_small_photo(img, article, pixels, width_mm, measure, wide)
    return kind


def _warn_small_photo(
    img: etree._Element,
    article: Article,
    pixels: int,
    width_mm: float,
    measure_pt: float,
    wide: bool = False,
) -> None:
    """Warn (file and line) that a photo prints narrower than the column (both
    columns, ``wide``), and how many pixels would fill it."""
    import logging
    from urllib.parse import unquote

    from pamphletpress.errors import located

    message = (
        _(
            "{where}: photo {name} is {pixels} pixels wide: printed at {ppi} ppi, the least "
            "a print shop takes, it is {width:.0f} mm wide, narrower than both columns "
            "({column:.0f} mm); for a photo across them use one of {wanted} pixels"
        )
        if wide
        else _(
            "{where}: photo {name} is {pixels} pixels wide: printed at {ppi} ppi, the least "
            "a print shop takes, it is {width:.0f} mm wide, narrower than the column "
            "({column:.0f} mm); for a photo across the column use one of {wanted} pixels"
        )
    )
    logging.getLogger("pamphletpress").warning(
        message.format(
            where=located(article.source, img.get("data-line")),
            name=unquote(img.get("src", "").rsplit("/", 1)[-1]),
            pixels=pixels,
            ppi=FIGURE_PPI["photo"],
            width=width_mm,
            column=measure_pt / 72 * 25.4,
            wanted=math.ceil(measure_pt / 72 * PHOTO_WANTED_PPI),
        )
    )


#: A length in a picture's style (``width: 125.7mm``, ``max-width: 300px``) and its
#: unit's points.
STYLE_WIDTH = re.compile(r"(?:^|;)\s*(?:max-)?width:\s*([\d.]+)(mm|cm|pt|px|in)\b")
UNIT_PT = {"mm": 72 / 25.4, "cm": 72 / 2.54, "pt": 1.0, "px": 0.75, "in": 72.0}


def printed_width_pt(img: etree._Element) -> float | None:
    """The most a picture prints wide (pt), as its style says (its kind's resolution
    or the author's size), or None: then it fills its measure. A caption under a
    picture narrower than its measure is set at the picture's width."""
    widths = [
        float(number) * UNIT_PT[unit]
        for number, unit in STYLE_WIDTH.findall(img.get("style") or "")
    ]
    return min(widths) if widths else None


def _drawing_never_enlarged(img: etree._Element) -> str | None:
    """An SVG drawing that says how wide it is prints no wider (a logo, a diagram):
    "drawing"; None for any other picture."""
    from urllib.parse import unquote, urlsplit

    from pamphletpress.read.svg import natural_width_pt

    parts = urlsplit(img.get("src", ""))
    if parts.scheme != "file" or not parts.path.lower().endswith(".svg"):
        return None
    width = natural_width_pt(Path(unquote(parts.path)))
    if width is None:
        return None
    if not (img.get("width") or img.get("height") or img.get("style")):
        img.set("style", f"width: {width:.1f}pt")
    return "drawing"
